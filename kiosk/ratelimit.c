#include "ratelimit.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct slot {
	struct rl_key key; /* kind 0 = free */
	double tokens;
	int64_t at; /* refill: when tokens was last brought up to date;
	               local: when the current window began */
};

struct ratelimit {
	pthread_mutex_t mu;
	double burst, per_us;
	int64_t window_us; /* the local kiosk's: BURST attempts per window */
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
	/* As long as the bucket takes to refill, so that the rate over time
	 * is the same, but never over the bound. */
	rl->window_us = RL_LOCAL_WINDOW_US;
	if (rl->per_us > 0 && rl->burst / rl->per_us < (double)RL_LOCAL_WINDOW_US)
		rl->window_us = (int64_t)(rl->burst / rl->per_us);
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

int
rl_keys(const void *addr, size_t len, struct rl_key out[2])
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const unsigned char *a = addr;

	memset(out, 0, 2 * sizeof *out);
	if (len == 16 && memcmp(a, mapped, 12) == 0) {
		a += 12;
		len = 4;
	}
	if (len == 4) {
		out[0].kind = a[0] == 127 ? RL_LOCAL : RL_V4;
		out[0].len = out[0].kind == RL_LOCAL ? 0 : 4;
		memcpy(out[0].net, a, out[0].len);
		return 1;
	}
	if (len != 16)
		return 0;
	if (memcmp(a, loop6, 16) == 0) {
		out[0].kind = RL_LOCAL;
		return 1;
	}
	out[0].kind = RL_V6_64;
	out[0].len = 8;
	memcpy(out[0].net, a, 8);
	out[1].kind = RL_V6_48;
	out[1].len = 6;
	memcpy(out[1].net, a, 6);
	return 2;
}

/* FNV-1a: the table is small and keys are networks, not attacker-chosen
 * strings of any length. */
static uint32_t
hash(const struct rl_key *k)
{
	uint32_t h = (2166136261u ^ (uint32_t)k->kind) * 16777619u;
	for (size_t i = 0; i < k->len; i++)
		h = (h ^ k->net[i]) * 16777619u;
	return h;
}

static int
same(const struct rl_key *a, const struct rl_key *b)
{
	return a->kind == b->kind && a->len == b->len && memcmp(a->net, b->net, a->len) == 0;
}

static double
burst_of(const struct ratelimit *rl, enum rl_kind kind)
{
	return kind == RL_V6_48 ? rl->burst * RL_SITE_FACTOR : rl->burst;
}

/* Slot S's tokens at NOW (not stored). */
static double
tokens_at(const struct ratelimit *rl, const struct slot *s, int64_t now)
{
	double t, b = burst_of(rl, s->key.kind);

	if (s->key.kind == RL_LOCAL)
		return now - s->at >= rl->window_us ? b : s->tokens;
	t = s->tokens +
	    (double)(now - s->at) * rl->per_us * (s->key.kind == RL_V6_48 ? RL_SITE_FACTOR : 1);
	return t > b ? b : t;
}

/* Bring S up to date at NOW. */
static void
refresh(const struct ratelimit *rl, struct slot *s, int64_t now)
{
	if (s->key.kind == RL_LOCAL) {
		if (now - s->at >= rl->window_us) {
			s->tokens = rl->burst;
			s->at = now; /* a new window begins with this attempt */
		}
		return;
	}
	s->tokens = tokens_at(rl, s, now);
	s->at = now;
}

/* The slot of K, taking one over when K has none (never AVOID, the other
 * bucket of the same request).  The newcomer keeps the share of tokens
 * the slot had. */
static struct slot *
find(struct ratelimit *rl, const struct rl_key *k, int64_t now, const struct slot *avoid)
{
	uint32_t h = hash(k);
	struct slot *victim = NULL;
	double best = -1, share;

	for (int i = 0; i < RL_PROBE; i++) {
		struct slot *s = &rl->slots[(h + (uint32_t)i) % RL_SLOTS];
		if (s->key.kind && same(&s->key, k))
			return s;
		if (s == avoid)
			continue;
		double t = s->key.kind ? tokens_at(rl, s, now) / burst_of(rl, s->key.kind) : 2;
		if (t > best) {
			best = t;
			victim = s;
		}
	}
	share = best > 1 ? 1 : best;
	victim->key = *k;
	victim->tokens = share * burst_of(rl, k->kind);
	victim->at = now;
	if (k->kind == RL_LOCAL && share < 1)
		victim->at = now - rl->window_us + 1000000; /* a second to wait, no more */
	return victim;
}

/* Seconds until S (up to date at NOW) has a token. */
static unsigned
wait_for(const struct ratelimit *rl, const struct slot *s, int64_t now)
{
	double secs;

	if (s->tokens >= 1)
		return 0;
	if (s->key.kind == RL_LOCAL)
		secs = (double)(s->at + rl->window_us - now) / 1e6;
	else if (rl->per_us <= 0)
		return 3600;
	else
		secs = (1 - s->tokens) /
		       (rl->per_us * (s->key.kind == RL_V6_48 ? RL_SITE_FACTOR : 1)) / 1e6;
	/* The epsilon keeps 6.0000000001 s (binary fractions) at 6. */
	return secs < 1 ? 1 : (unsigned)ceil(secs - 1e-6);
}

unsigned
rl_take(struct ratelimit *rl, const void *addr, size_t len, int64_t now_us)
{
	struct rl_key keys[2];
	struct slot *s[2] = {NULL, NULL};
	int n = rl_keys(addr, len, keys);
	unsigned wait = 0, w;

	if (n == 0) {
		n = 1; /* no address we know: one bucket for all such */
		keys[0].kind = RL_V4;
	}
	pthread_mutex_lock(&rl->mu);
	for (int i = 0; i < n; i++) {
		s[i] = find(rl, &keys[i], now_us, i ? s[0] : NULL);
		refresh(rl, s[i], now_us);
		if ((w = wait_for(rl, s[i], now_us)) > wait)
			wait = w;
	}
	/* From every bucket or from none: a refusal costs nothing. */
	for (int i = 0; i < n && !wait; i++)
		s[i]->tokens -= 1;
	pthread_mutex_unlock(&rl->mu);
	return wait;
}
