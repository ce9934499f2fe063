/*
 * snapoffice: the sealed kiosk snapshots, one per office (snapoffice.c),
 * and the cache of the code + check derivations they need (sealcache.c).
 */
#ifndef SNAPOFFICE_H
#define SNAPOFFICE_H

#include <stdint.h>

#include <sodium.h>
#include <sqlite3.h>

#include "err.h"
#include "seal.h"

struct pub;

/* Write DIR/OFFICE.db (p->o.kiosk_dir) for every office whose content
 * changed, from the publisher's snapshot at p->snap_path (just written)
 * and the office table of DB.  Returns 0 or -1 with E set. */
int offices_write(struct pub *p, sqlite3 *db, struct err *e);

/* The derivations of the dossiers of SNAP, kept in p->snap_path.seals:
 * opening it computes those that are missing (in p->o.jobs threads).
 * NULL with E set on failure.  Free with seal_cache_free (NULL-safe). */
struct seal_cache;
struct seal_cache *seal_cache_open(struct pub *p, sqlite3 *snap, struct err *e);
void seal_cache_free(struct seal_cache *sc);
/* The derived key of CODE into K.  Returns 0, or -1 with E set when the
 * cache does not hold it (a dossier that was not in SNAP). */
int seal_cache_get(struct seal_cache *sc, const struct pub *p, const char *code,
                   unsigned char k[SEAL_KEY_BYTES], struct err *e);
/* The salt and parameters, for a file's content hash and its meta. */
void seal_cache_hash_params(const struct seal_cache *sc, crypto_generichash_state *h);
void seal_cache_salt_hex(const struct seal_cache *sc, char hex[2 * SEAL_SALT_BYTES + 1]);
int seal_cache_put_meta(const struct seal_cache *sc, sqlite3 *db, struct err *e);
/* Write the cache back when it gained or lost entries.  Returns 0 or -1. */
int seal_cache_save(struct seal_cache *sc, const struct pub *p, struct err *e);

/* Delivery by patches (snapdelta.c): an office file's generation, counted
 * within a series (meta.generation, meta.series of the file). */
#define DELTA_SERIES_BYTES 8
struct office_gen {
	uint64_t gen; /* 0: none (no file, or one from before generations) */
	char series[2 * DELTA_SERIES_BYTES + 1];
};
/* Whether S is a series as delta_next makes them (hex). */
int delta_series_ok(const char *s);
/* The generation after OLD: the next of its series, else the first of a
 * new one. */
void delta_next(const struct office_gen *old, struct office_gen *next);
/* Put office CODE's new file TMP (generation NEXT) in the place of PATH
 * (generation OLD, or none): the patch between the two, the rename, then
 * CODE.gen, then the pruning of old patches.  Returns 0 or -1 with E set
 * (TMP is then the caller's to remove, unless it was renamed). */
int delta_publish(struct pub *p, const char *code, const char *path, const char *tmp,
                  const struct office_gen *old, const struct office_gen *next, struct err *e);
/* For an office file left as it was: make sure CODE.gen says what it is.
 * Returns 0 or -1 with E set. */
int delta_keep(struct pub *p, const char *code, const char *path, const struct office_gen *cur,
               struct err *e);

#endif
