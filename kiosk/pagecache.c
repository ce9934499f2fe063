#include "pagecache.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pc_page {
	atomic_long refs;            /* one for the cache while listed, one per holder */
	struct pc_page *hnext;       /* hash chain */
	struct pc_page *prev, *next; /* LRU list, most recent first */
	tmin_t expires;
	size_t len, cost;
	unsigned char keylen;
	char key[PC_KEY_MAX];
	char body[];
};

struct shard {
	pthread_mutex_t mu;
	unsigned long gen;       /* the generation the pages belong to */
	struct pc_page **bucket; /* nbuckets chains */
	struct pc_page *head, *tail;
	size_t bytes, pages;
	unsigned long hits, misses, stores, evictions, expired;
};

struct pcache {
	size_t share;    /* bytes per shard */
	size_t nbuckets; /* per shard, a power of two */
	struct shard shard[PC_SHARDS];
};

/* FNV-1a: tokens are keyed hashes already, and only pages of dossiers that
 * exist are stored, so a client cannot choose colliding keys. */
static uint64_t
hash(const char *key, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	return h;
}

struct pcache *
pc_new(size_t max_bytes)
{
	struct pcache *c;
	size_t nb = 64;

	/* A share must hold at least one ordinary page (a few KB). */
	if (max_bytes / PC_SHARDS < 16384 || !(c = calloc(1, sizeof *c)))
		return NULL;
	c->share = max_bytes / PC_SHARDS;
	/* About one chain per 4 KB of budget: short chains for pages of the
	 * usual 2-8 KB without a resize. */
	while (nb < c->share / 4096 && nb < (1u << 20))
		nb *= 2;
	c->nbuckets = nb;
	for (int i = 0; i < PC_SHARDS; i++)
		pthread_mutex_init(&c->shard[i].mu, NULL);
	for (int i = 0; i < PC_SHARDS; i++) {
		/* The buckets are chain heads: a pointer each is meant. */
		// NOLINTNEXTLINE(bugprone-sizeof-expression)
		if (!(c->shard[i].bucket = calloc(nb, sizeof *c->shard[i].bucket))) {
			pc_free(c);
			return NULL;
		}
	}
	return c;
}

void
pc_unref(struct pc_page *p)
{
	if (p && atomic_fetch_sub(&p->refs, 1) == 1)
		free(p);
}

const char *
pc_body(const struct pc_page *p)
{
	return p->body;
}

size_t
pc_len(const struct pc_page *p)
{
	return p->len;
}

/* Unlink P from S (lock held) and drop the cache's reference. */
static void
unlink_page(struct pcache *c, struct shard *s, struct pc_page *p, uint64_t h)
{
	struct pc_page **pp = &s->bucket[h & (c->nbuckets - 1)];

	while (*pp != p)
		pp = &(*pp)->hnext;
	*pp = p->hnext;
	if (p->prev)
		p->prev->next = p->next;
	else
		s->head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		s->tail = p->prev;
	s->bytes -= p->cost;
	s->pages--;
	pc_unref(p);
}

static void
clear_shard(struct pcache *c, struct shard *s)
{
	while (s->tail) {
		assert(!s->tail->next); /* the LRU list ends at the tail */
		unlink_page(c, s, s->tail, hash(s->tail->key, s->tail->keylen));
	}
}

void
pc_free(struct pcache *c)
{
	if (!c)
		return;
	for (int i = 0; i < PC_SHARDS; i++) {
		if (c->shard[i].bucket)
			clear_shard(c, &c->shard[i]);
		free(c->shard[i].bucket);
		pthread_mutex_destroy(&c->shard[i].mu);
	}
	free(c);
}

/* The shard of hash H, locked, moved on to generation GEN when that is
 * newer.  Returns whether the shard now serves GEN. */
static int
lock_shard(struct pcache *c, uint64_t h, unsigned long gen, struct shard **out)
{
	struct shard *s = &c->shard[(h >> 32) % PC_SHARDS];

	pthread_mutex_lock(&s->mu);
	if (gen > s->gen) {
		clear_shard(c, s);
		s->gen = gen;
	}
	*out = s;
	return gen == s->gen;
}

static struct pc_page *
find(struct pcache *c, struct shard *s, uint64_t h, const char *key, size_t keylen)
{
	struct pc_page *p = s->bucket[h & (c->nbuckets - 1)];

	while (p && (p->keylen != keylen || memcmp(p->key, key, keylen) != 0))
		p = p->hnext;
	return p;
}

static void
to_front(struct shard *s, struct pc_page *p)
{
	if (s->head == p)
		return;
	p->prev->next = p->next;
	if (p->next)
		p->next->prev = p->prev;
	else
		s->tail = p->prev;
	p->prev = NULL;
	p->next = s->head;
	s->head->prev = p;
	s->head = p;
}

struct pc_page *
pc_get(struct pcache *c, unsigned long gen, const char *key, size_t keylen, tmin_t now)
{
	uint64_t h = hash(key, keylen);
	struct pc_page *p = NULL;
	struct shard *s;

	if (!c || keylen > PC_KEY_MAX)
		return NULL;
	if (lock_shard(c, h, gen, &s) && (p = find(c, s, h, key, keylen))) {
		if (now >= p->expires) {
			/* Its output may differ now: draw it again. */
			unlink_page(c, s, p, h);
			s->expired++;
			p = NULL;
		} else {
			atomic_fetch_add(&p->refs, 1);
			to_front(s, p);
		}
	}
	if (p)
		s->hits++;
	else
		s->misses++;
	pthread_mutex_unlock(&s->mu);
	return p;
}

/* List P at the front of S (lock held), replacing a page of the same key
 * and evicting from the back to stay within the share. */
static void
insert(struct pcache *c, struct shard *s, struct pc_page *p, uint64_t h)
{
	struct pc_page *old = find(c, s, h, p->key, p->keylen);

	if (old)
		unlink_page(c, s, old, h);
	while (s->tail && s->bytes + p->cost > c->share) {
		unlink_page(c, s, s->tail, hash(s->tail->key, s->tail->keylen));
		s->evictions++;
	}
	atomic_fetch_add(&p->refs, 1);
	p->hnext = s->bucket[h & (c->nbuckets - 1)];
	s->bucket[h & (c->nbuckets - 1)] = p;
	p->prev = NULL;
	p->next = s->head;
	if (s->head)
		s->head->prev = p;
	else
		s->tail = p;
	s->head = p;
	s->bytes += p->cost;
	s->pages++;
	s->stores++;
}

struct pc_page *
pc_put(struct pcache *c, unsigned long gen, const char *key, size_t keylen, tmin_t expires,
       const char *body, size_t len)
{
	uint64_t h = hash(key, keylen);
	struct pc_page *p;
	struct shard *s;

	if (keylen > PC_KEY_MAX || len > SIZE_MAX - sizeof *p || !(p = malloc(sizeof *p + len)))
		return NULL;
	atomic_init(&p->refs, 1);
	p->hnext = p->prev = p->next = NULL;
	p->expires = expires;
	p->len = len;
	p->cost = sizeof *p + len;
	p->keylen = (unsigned char)keylen;
	memcpy(p->key, key, keylen);
	memcpy(p->body, body, len);
	if (!c || p->cost > c->share)
		return p; /* served once, not kept */
	if (lock_shard(c, h, gen, &s))
		insert(c, s, p, h);
	pthread_mutex_unlock(&s->mu);
	return p;
}

void
pc_flush(struct pcache *c)
{
	if (!c)
		return;
	for (int i = 0; i < PC_SHARDS; i++) {
		pthread_mutex_lock(&c->shard[i].mu);
		clear_shard(c, &c->shard[i]);
		pthread_mutex_unlock(&c->shard[i].mu);
	}
}

void
pc_get_stats(struct pcache *c, struct pc_stats *out)
{
	memset(out, 0, sizeof *out);
	if (!c)
		return;
	out->max_bytes = c->share * PC_SHARDS;
	for (int i = 0; i < PC_SHARDS; i++) {
		struct shard *s = &c->shard[i];
		pthread_mutex_lock(&s->mu);
		out->hits += s->hits;
		out->misses += s->misses;
		out->stores += s->stores;
		out->evictions += s->evictions;
		out->expired += s->expired;
		out->bytes += s->bytes;
		out->pages += s->pages;
		pthread_mutex_unlock(&s->mu);
	}
}
