/*
 * ratelimit: a token bucket per client address, in a fixed-size table, so
 * that dossier codes cannot be enumerated by guessing check codes (a 6-digit
 * check code is only 20 bits: it is the rate limit that makes it enough).
 *
 * The table never grows: a client that finds no free slot takes over the
 * probed slot whose bucket is fullest (that client lost nothing: a full
 * bucket is the state a forgotten one starts in).  Thread-safe.
 */
#ifndef KIOSK_RATELIMIT_H
#define KIOSK_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define RL_SLOTS 4096 /* clients remembered; 4096 * 40 bytes */
#define RL_PROBE 8    /* slots looked at per client */
#define RL_KEY_LEN 16 /* an IPv6 /64 prefix or an IPv4 address fits */

struct ratelimit;

/* A table allowing BURST requests at once, refilled at PER_MINUTE tokens a
 * minute.  Returns NULL on out of memory.  Free with rl_free (NULL-safe). */
struct ratelimit *rl_new(double burst, double per_minute);
void rl_free(struct ratelimit *rl);

/* Take one token for the client KEY (LEN <= RL_KEY_LEN bytes) at NOW_US
 * (monotonic microseconds).  Returns 0 when allowed, or the number of
 * seconds (>= 1) after which a token will be there. */
unsigned rl_take(struct ratelimit *rl, const void *key, size_t len, int64_t now_us);

#endif
