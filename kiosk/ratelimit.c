#include "ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	unsigned char key[RL_KEY_LEN];
	unsigned char len; /* 0 = free */
	double tokens;
	int64_t at; /* when tokens was last brought up to date */
};

struct ratelimit {
	pthread_mutex_t mu;
	double burst, per_us;
	struct slot slots[RL_SLOTS];
};

struct ratelimit *
rl_new(double burst, double per_minute)
{
	struct ratelimit *rl = calloc(1, sizeof *rl);

	if (!rl)
		return NULL;
	pthread_mutex_init(&rl->mu, NULL);
	rl->burst = burst < 1 ? 1 : burst;
	rl->per_us = per_minute / 60e6;
	return rl;
}

void
rl_free(struct ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

/* FNV-1a: the table is small and keys are addresses, not attacker-chosen
 * strings of any length. */
static uint32_t
hash(const unsigned char *k, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

static double
refill(const struct ratelimit *rl, const struct slot *s, int64_t now)
{
	double t = s->tokens + (double)(now - s->at) * rl->per_us;
	return t > rl->burst ? rl->burst : t;
}

static struct slot *
find(struct ratelimit *rl, const unsigned char *key, size_t len, int64_t now)
{
	uint32_t h = hash(key, len);
	struct slot *victim = NULL;
	double best = -1;

	for (int i = 0; i < RL_PROBE; i++) {
		struct slot *s = &rl->slots[(h + (uint32_t)i) % RL_SLOTS];
		if (s->len == len && memcmp(s->key, key, len) == 0)
			return s;
		double t = s->len ? refill(rl, s, now) : rl->burst + 1;
		if (t > best) {
			best = t;
			victim = s;
		}
	}
	memcpy(victim->key, key, len);
	victim->len = (unsigned char)len;
	victim->tokens = rl->burst;
	victim->at = now;
	return victim;
}

unsigned
rl_take(struct ratelimit *rl, const void *key, size_t len, int64_t now_us)
{
	struct slot *s;
	unsigned wait = 0;

	if (len > RL_KEY_LEN)
		len = RL_KEY_LEN;
	pthread_mutex_lock(&rl->mu);
	s = find(rl, key, len, now_us);
	s->tokens = refill(rl, s, now_us);
	s->at = now_us;
	if (s->tokens >= 1) {
		s->tokens -= 1;
	} else if (rl->per_us <= 0) {
		wait = 3600;
	} else {
		double secs = (1 - s->tokens) / rl->per_us / 1e6;
		/* The epsilon keeps 6.0000000001 s (binary fractions) at 6. */
		wait = secs < 1 ? 1 : (unsigned)ceil(secs - 1e-6);
	}
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
