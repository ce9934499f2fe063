/*
 * pagecache: rendered dossier answers kept for reuse, bounded in memory.
 *
 * A token lookup used to cost three SQLite queries, a timeline and a page
 * render; most QR scans ask again for the same few dossiers (a citizen
 * reloads, a family shares the link).  A page is kept under its key (the
 * answer's variant and the token) for the snapshot generation it was drawn
 * from, and until the instant at which its output could change on its own
 * (view_dossier_expiry: a pending dossier's verdict flips at its due
 * instant).  A new generation empties the cache.
 *
 * Memory: the pages held, headers included, never exceed the budget given
 * to pc_new; it is split evenly over the shards and each shard evicts its
 * least recently used pages to stay within its share.  A page larger than
 * a share is not kept.  A page being sent when it is evicted lives on until
 * its last reference is dropped (at most one per connection).
 *
 * Thread-safe: one mutex per shard; pages are reference-counted so that a
 * response can send the cached bytes without a copy.
 */
#ifndef KIOSK_PAGECACHE_H
#define KIOSK_PAGECACHE_H

#include <stddef.h>

#include "clock.h"

#define PC_SHARDS 16
#define PC_KEY_MAX 31 /* a variant letter or two and a token */

struct pcache;

/* A cached answer: read-only bytes shared by every request that gets it. */
struct pc_page;

/* A cache holding at most MAX_BYTES.  NULL on out of memory or when
 * MAX_BYTES is too small to hold anything (the caller then runs without
 * one).  Free with pc_free (NULL-safe) once no page is referenced. */
struct pcache *pc_new(size_t max_bytes);
void pc_free(struct pcache *c);

/* The page under KEY (KEYLEN <= PC_KEY_MAX) drawn from generation GEN,
 * still valid at NOW, with a reference taken (drop it with pc_unref); NULL
 * when there is none.  A GEN newer than the shard's empties the shard. */
struct pc_page *pc_get(struct pcache *c, unsigned long gen, const char *key, size_t keylen,
                       tmin_t now);

/* A page with a copy of BODY (LEN bytes), valid before EXPIRES (an instant,
 * VIEW_NEVER for as long as GEN serves), kept under KEY when it fits and
 * GEN is not older than the shard's.  Returns it with a reference taken
 * for the caller, or NULL on out of memory. */
struct pc_page *pc_put(struct pcache *c, unsigned long gen, const char *key, size_t keylen,
                       tmin_t expires, const char *body, size_t len);

/* Drop a reference (NULL-safe); the last one frees the page. */
void pc_unref(struct pc_page *p);

/* The page's bytes and their length (borrowed while a reference is held). */
const char *pc_body(const struct pc_page *p);
size_t pc_len(const struct pc_page *p);

/* Empty the cache (a new snapshot is in service).  NULL-safe. */
void pc_flush(struct pcache *c);

struct pc_stats {
	unsigned long hits, misses, stores, evictions, expired;
	size_t bytes, pages, max_bytes;
};
/* Counters for /metrics (NULL-safe: zeros). */
void pc_get_stats(struct pcache *c, struct pc_stats *out);

#endif
