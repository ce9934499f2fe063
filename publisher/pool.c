/* A fixed set of worker threads fed through a bounded queue: the main
 * thread reads the snapshot (SQLite is used from one thread only) and the
 * workers render and write pages and QR images. */
#include <stdlib.h>

#include "pub.h"

#define QUEUE_LEN 512 /* bounds memory: a queued dossier view is a few KB */

struct job {
	void (*run)(struct pub *, void *);
	void *arg;
};

struct pool {
	struct pub *p;
	pthread_t *threads;
	int nthreads;
	struct job q[QUEUE_LEN];
	size_t head, len;
	int closing;
	pthread_mutex_t mu;
	pthread_cond_t not_empty, not_full;
};

static void *
worker(void *arg)
{
	struct pool *pl = arg;
	struct job j;

	for (;;) {
		pthread_mutex_lock(&pl->mu);
		while (pl->len == 0 && !pl->closing)
			pthread_cond_wait(&pl->not_empty, &pl->mu);
		if (pl->len == 0) {
			pthread_mutex_unlock(&pl->mu);
			return NULL;
		}
		j = pl->q[pl->head];
		pl->head = (pl->head + 1) % QUEUE_LEN;
		pl->len--;
		pthread_cond_signal(&pl->not_full);
		pthread_mutex_unlock(&pl->mu);
		j.run(pl->p, j.arg);
	}
}

struct pool *
pool_new(struct pub *p, int n, struct err *e)
{
	struct pool *pl = calloc(1, sizeof *pl);

	if (!pl) {
		err_set(e, "out of memory");
		return NULL;
	}
	pl->p = p;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->not_empty, NULL);
	pthread_cond_init(&pl->not_full, NULL);
	if (n <= 1)
		return pl;
	if (!(pl->threads = calloc((size_t)n, sizeof *pl->threads))) {
		pool_finish(pl);
		err_set(e, "out of memory");
		return NULL;
	}
	for (; pl->nthreads < n; pl->nthreads++) {
		if (pthread_create(&pl->threads[pl->nthreads], NULL, worker, pl) != 0) {
			pool_finish(pl);
			err_set(e, "cannot start worker threads");
			return NULL;
		}
	}
	return pl;
}

void
pool_submit(struct pool *pl, void (*run)(struct pub *, void *), void *arg)
{
	if (pl->nthreads == 0) {
		run(pl->p, arg);
		return;
	}
	pthread_mutex_lock(&pl->mu);
	while (pl->len == QUEUE_LEN)
		pthread_cond_wait(&pl->not_full, &pl->mu);
	pl->q[(pl->head + pl->len) % QUEUE_LEN] = (struct job){run, arg};
	pl->len++;
	pthread_cond_signal(&pl->not_empty);
	pthread_mutex_unlock(&pl->mu);
}

void
pool_finish(struct pool *pl)
{
	if (!pl)
		return;
	pthread_mutex_lock(&pl->mu);
	pl->closing = 1;
	pthread_cond_broadcast(&pl->not_empty);
	pthread_mutex_unlock(&pl->mu);
	for (int i = 0; i < pl->nthreads; i++)
		pthread_join(pl->threads[i], NULL);
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->not_empty);
	pthread_cond_destroy(&pl->not_full);
	free(pl->threads);
	free(pl);
}
