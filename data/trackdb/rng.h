/*
 * rng: a small deterministic pseudo-random generator (xoshiro256**, seeded
 * through splitmix64) so that `trackdb demo` gives the same database for the
 * same seed on every libc, which rand() does not promise.
 */
#ifndef TRACKDB_RNG_H
#define TRACKDB_RNG_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* Seed R from SEED; any value, 0 included, gives a usable state. */
void rng_seed(struct rng *r, uint64_t seed);

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Uniform in [0, N); N > 0.  Unbiased (rejection sampling). */
uint64_t rng_below(struct rng *r, uint64_t n);

/* Uniform in [LO, HI]; LO <= HI. */
int64_t rng_range(struct rng *r, int64_t lo, int64_t hi);

/* Uniform in [0, 1), 53 bits. */
double rng_unit(struct rng *r);

/* 1 with probability P, else 0. */
int rng_chance(struct rng *r, double p);

/* Index I in [0, N) drawn with weight W[I] (non-negative, summing > 0). */
int rng_weighted(struct rng *r, const double *w, int n);

#endif
