#include "conns.h"

#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBUCKETS 1024 /* chains of client networks; a power of two */

/* A client network holding at least one connection. */
struct conn_net {
	struct conn_net *next;
	unsigned count;
	unsigned char len;
	unsigned char key[CONNS_KEY_LEN];
};

struct conns {
	pthread_mutex_t mu;
	unsigned per_net;
	int64_t timeout_us;
	struct conn *head; /* every open connection */
	unsigned long open, nets;
	struct conn_net *bucket[NBUCKETS];
};

size_t
conns_key(const struct sockaddr *sa, unsigned char *key)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (sa && sa->sa_family == AF_INET) {
		key[0] = 4;
		memcpy(key + 1, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		return 5;
	}
	if (sa && sa->sa_family == AF_INET6) {
		const unsigned char *a =
		    ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
		if (memcmp(a, mapped, 12) == 0) {
			key[0] = 4;
			memcpy(key + 1, a + 12, 4);
			return 5;
		}
		key[0] = 6;
		memcpy(key + 1, a, 8);
		return 9;
	}
	return 0;
}

struct conns *
conns_new(unsigned per_net, int64_t timeout_us)
{
	struct conns *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	pthread_mutex_init(&t->mu, NULL);
	t->per_net = per_net;
	t->timeout_us = timeout_us;
	return t;
}

void
conns_free(struct conns *t)
{
	if (!t)
		return;
	while (t->head)
		conns_close(t, t->head);
	pthread_mutex_destroy(&t->mu);
	free(t);
}

/* FNV-1a over a network key (addresses, not attacker-chosen lengths). */
static struct conn_net **
slot(struct conns *t, const unsigned char *key, size_t len)
{
	uint32_t h = 2166136261u;
	struct conn_net **pp;

	for (size_t i = 0; i < len; i++)
		h = (h ^ key[i]) * 16777619u;
	pp = &t->bucket[h & (NBUCKETS - 1)];
	while (*pp && ((*pp)->len != len || memcmp((*pp)->key, key, len) != 0))
		pp = &(*pp)->next;
	return pp;
}

int
conns_admit(struct conns *t, const struct sockaddr *sa)
{
	unsigned char key[CONNS_KEY_LEN];
	size_t len = conns_key(sa, key);
	struct conn_net *n;
	int ok;

	if (!t->per_net || !len)
		return 1;
	pthread_mutex_lock(&t->mu);
	n = *slot(t, key, len);
	ok = !n || n->count < t->per_net;
	pthread_mutex_unlock(&t->mu);
	return ok;
}

struct conn *
conns_open(struct conns *t, const struct sockaddr *sa, int fd, int64_t now_us)
{
	unsigned char key[CONNS_KEY_LEN];
	size_t len = conns_key(sa, key);
	struct conn *c = calloc(1, sizeof *c);
	struct conn_net **pp, *n;

	if (!c)
		return NULL;
	c->fd = fd;
	atomic_init(&c->deadline_us, now_us + t->timeout_us);
	pthread_mutex_lock(&t->mu);
	pp = slot(t, key, len);
	if (!(n = *pp) && (n = calloc(1, sizeof *n))) {
		n->len = (unsigned char)len;
		memcpy(n->key, key, len);
		*pp = n;
		t->nets++;
	}
	if (n)
		n->count++;
	c->net = n;
	c->next = t->head;
	if (t->head)
		t->head->prev = c;
	t->head = c;
	t->open++;
	pthread_mutex_unlock(&t->mu);
	return c;
}

void
conns_close(struct conns *t, struct conn *c)
{
	struct conn_net **pp;

	if (!c)
		return;
	pthread_mutex_lock(&t->mu);
	if (c->prev)
		c->prev->next = c->next;
	else
		t->head = c->next;
	if (c->next)
		c->next->prev = c->prev;
	t->open--;
	if (c->net && --c->net->count == 0) {
		pp = slot(t, c->net->key, c->net->len);
		*pp = c->net->next;
		free(c->net);
		t->nets--;
	}
	pthread_mutex_unlock(&t->mu);
	free(c);
}

void
conns_request(struct conn *c)
{
	if (c)
		atomic_store(&c->deadline_us, 0);
}

void
conns_answered(struct conns *t, struct conn *c, int64_t now_us)
{
	if (c)
		atomic_store(&c->deadline_us, now_us + t->timeout_us);
}

unsigned
conns_reap(struct conns *t, int64_t now_us)
{
	unsigned n = 0;

	/* Under the mutex: a connection being closed waits in conns_close,
	 * so its descriptor is still its own when shut down here. */
	pthread_mutex_lock(&t->mu);
	for (struct conn *c = t->head; c; c = c->next) {
		long long d = atomic_load(&c->deadline_us);
		if (d && d <= now_us && c->fd >= 0) {
			shutdown(c->fd, SHUT_RDWR);
			atomic_store(&c->deadline_us, 0); /* once */
			n++;
		}
	}
	pthread_mutex_unlock(&t->mu);
	return n;
}

void
conns_count(struct conns *t, unsigned long *open, unsigned long *nets)
{
	pthread_mutex_lock(&t->mu);
	*open = t->open;
	*nets = t->nets;
	pthread_mutex_unlock(&t->mu);
}
