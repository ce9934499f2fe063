/*
 * snappatch: the difference between two generations of a kiosk snapshot,
 * so that a kiosk downloads what changed instead of its whole file.
 *
 * A snapshot's digest is a hash of its rows as SQLite holds them: every
 * table (but SQLite's own) by name, its CREATE statement, then its rows in
 * primary key order, each value with its storage class.  Two files with
 * the same rows have the same digest whatever their page layout, so a
 * kiosk that patched its copy can tell it holds exactly the publisher's
 * generation.
 *
 * A patch turns one generation into the next: per table whose rows
 * changed, the keys of the rows gone and the rows added or changed, whole.
 * It carries only rows of the new file and keys of the old one (sealed
 * boxes stay sealed), the two generation numbers and the two digests, and
 * ends with a hash of all of it, so that a truncated or damaged download
 * is refused before anything is applied.  All numbers are big-endian.
 *
 *   "KSNAPP1\n"  base_gen u64  gen u64  base digest [32]  target digest [32]
 *   per table:   'T' name  ncols  npk   then 'D' key... and 'U' row...
 *   'Z'  hash [32] of everything before it
 *
 * (a name or a length: a LEB128 count then bytes; a value: a tag byte, 0
 * NULL, 1 integer [8], 2 real [8, IEEE 754], 3 text or 4 blob: count, bytes.)
 */
#ifndef SNAPPATCH_H
#define SNAPPATCH_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "err.h"

#define SNAPPATCH_DIGEST 32

struct snappatch_head {
	uint64_t base_gen, gen;                 /* from, to */
	unsigned char base[SNAPPATCH_DIGEST];   /* digest of the generation it applies to */
	unsigned char target[SNAPPATCH_DIGEST]; /* digest of the one it makes */
};

/* The digest of DB's rows into OUT.  Returns 0, or -1 with E set. */
int snappatch_digest(sqlite3 *db, unsigned char out[SNAPPATCH_DIGEST], struct err *e);

/* The patch that turns OLD into NEW, into *BUF (malloc'd, the caller frees
 * it; *LEN bytes), with H's generations as given and its digests filled in
 * (those of OLD and NEW, computed on the way).  The two must have the same
 * tables (the same CREATE statements): otherwise -1 with E set, and a
 * kiosk takes the whole new file.  Returns 0, or -1 with E set. */
int snappatch_diff(sqlite3 *old, sqlite3 *new, struct snappatch_head *h, unsigned char **buf,
                   size_t *len, struct err *e);

/* Check that the LEN bytes at BUF are a whole, undamaged patch and read its
 * head into H.  Returns 0, or -1 with E set. */
int snappatch_head(const unsigned char *buf, size_t len, struct snappatch_head *h, struct err *e);

/* Apply the patch at BUF to DB (opened read-write; inside the caller's
 * transaction, if any).  The patch is checked first (snappatch_head); a
 * table DB lacks, or one of another shape, is an error.  It does not
 * compare digests: the caller does, before and after.  Returns 0, or -1
 * with E set (DB may then hold part of the patch: roll back or drop it). */
int snappatch_apply(sqlite3 *db, const unsigned char *buf, size_t len, struct err *e);

#endif
