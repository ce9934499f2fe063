/*
 * ratelimit: token buckets per client network, in fixed-size tables, so
 * that dossier codes cannot be enumerated by guessing check codes (a
 * check code is only 27 bits: it is the rate limit that makes it
 * enough).
 *
 * Which buckets a lookup takes from (rl_keys):
 *   - an IPv4 address: its own bucket;
 *   - an IPv6 address: the bucket of its /64 (one subscriber gets a whole
 *     /64, so a bucket per address would be no limit) and that of its /48
 *     (a site: RL_SITE_FACTOR times the burst and the rate), so that
 *     walking through the /64s of a /48 gains nothing;
 *   - this machine (127.0.0.0/8, ::1), the kiosk's own browser, used in
 *     turn by everyone in the hall: a lockout of at most a minute instead
 *     of a slow refill, so that one person typing wrong codes cannot keep
 *     the next one out for longer.  BURST attempts in a window (the time
 *     the bucket takes to refill, BURST / PER_MINUTE minutes, at most a
 *     minute), then refused until that window ends, then BURST again.
 *
 * The tables never grow: a client that finds no free slot takes over the
 * probed slot whose bucket is fullest and keeps that bucket's tokens, so
 * that being forgotten never hands out tokens (a full bucket is the state
 * a forgotten client starts in).  Thread-safe.
 */
#ifndef KIOSK_RATELIMIT_H
#define KIOSK_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RL_SLOTS 4096                 /* buckets remembered; 4096 * 40 bytes */
#define RL_PROBE 8                    /* slots looked at per bucket */
#define RL_KEY_LEN 16                 /* an IPv6 address (or an IPv4 one, 4 bytes) */
#define RL_SITE_FACTOR 4              /* a /48's burst and rate, in /64s */
#define RL_LOCAL_WINDOW_US 60000000LL /* the local kiosk's lockout bound */

enum rl_kind {
	RL_V4 = 1, /* an IPv4 address */
	RL_V6_64,  /* the /64 of an IPv6 address */
	RL_V6_48,  /* its /48 */
	RL_LOCAL,  /* this machine: the kiosk itself */
};

/* The name of one bucket: its kind and the network's leading bytes. */
struct rl_key {
	enum rl_kind kind;
	unsigned char len; /* bytes of net used: 4, 8 or 6, 0 for RL_LOCAL */
	unsigned char net[8];
};

struct ratelimit;

/* A table allowing BURST requests at once, refilled at PER_MINUTE tokens a
 * minute.  Returns NULL on out of memory.  Free with rl_free (NULL-safe). */
struct ratelimit *rl_new(double burst, double per_minute);
void rl_free(struct ratelimit *rl);

/* The buckets of the client address ADDR (4 bytes IPv4 or 16 bytes IPv6,
 * network order; an IPv4-mapped IPv6 address counts as IPv4) into OUT.
 * Returns how many (1 or 2), 0 for an address of another length. */
int rl_keys(const void *addr, size_t len, struct rl_key out[2]);

/* Take one token for the client at ADDR (as for rl_keys; any other length
 * shares one bucket) at NOW_US (monotonic microseconds), from each of its
 * buckets or from none.  Returns 0 when allowed, or the number of seconds
 * (>= 1) after which every one of its buckets will have a token. */
unsigned rl_take(struct ratelimit *rl, const void *addr, size_t len, int64_t now_us);

#endif
