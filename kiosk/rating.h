/*
 * rating: the kiosk's own store of citizens' satisfaction ratings.
 *
 * A SQLite file of its own (never the snapshot, which is replaced whole
 * every minute) in WAL mode with synchronous = FULL: rating_add returns
 * only after the row's commit reached the disk, and kioskd answers the
 * citizen ("thank you") only after that, so an acknowledged rating
 * survives kill -9 and power loss.  Rows are only ever added; each has a
 * sequence number (never reused) that kiosk-fetch's upload follows, and a
 * 32-hex-digit id (the time in milliseconds, then 80 random bits) that
 * makes the back office's import idempotent and orders two ratings of one
 * dossier made in the same second.
 *
 * No personal data: a row is the dossier's code, the question, the choice,
 * an optional reason code, the instant, the source and the device.
 * Thread-safe: one connection behind a mutex (a rating is rare; the
 * commit's fsync is what it costs).
 */
#ifndef KIOSK_RATING_H
#define KIOSK_RATING_H

#include <stdint.h>
#include <stdio.h>

#include "code.h"
#include "err.h"

#define RATING_ID_LEN 32
#define RATING_CODE_MAX 32 /* question, choice and reason codes */
#define RATING_DEVICE_MAX 64
#define RATING_AT_LEN 19 /* 'YYYY-MM-DD HH:MM:SS' */

struct rating {
	char id[RATING_ID_LEN + 1];       /* set by rating_add */
	char rated_at[RATING_AT_LEN + 1]; /* set by rating_add */
	char dossier[CODE_DOSSIER_LEN + 1];
	char question[RATING_CODE_MAX + 1];
	char choice[RATING_CODE_MAX + 1];
	char reason[RATING_CODE_MAX + 1]; /* "" for none */
	const char *source;               /* "kiosk" or "counter" */
	const char *device;               /* borrowed */
};

struct rating_store;

/* Open (creating when absent) the store at PATH.  A file that is not a
 * rating store is refused.  Call before other threads use SQLite (it
 * tunes SQLite's process-wide system call table).  Returns NULL with E
 * set.  Close with rating_close (NULL-safe). */
struct rating_store *rating_open(const char *path, struct err *e);
void rating_close(struct rating_store *s);

/* Add R (its id and rated_at are made here, from the clock) unless
 * dossier and question already have PER_DAY ratings in the last 24 hours.
 * Returns 1 when the row is committed to disk, 0 when refused by that cap,
 * -1 with E set. */
int rating_add(struct rating_store *s, struct rating *r, int per_day, struct err *e);

/* The latest rating of DOSSIER's QUESTION in this store: 1 with its choice
 * in CHOICE (RATING_CODE_MAX + 1 bytes) and instant in AT
 * (RATING_AT_LEN + 1), 0 when none, -1 with E set. */
int rating_latest(struct rating_store *s, const char *dossier, const char *question, char *choice,
                  char *at, struct err *e);

/* Forget what was sent: delete the rows numbered up to LAST that were rated
 * more than KEEP_DAYS days ago, when STORE_ID (kiosk-fetch's record of its
 * last confirmed upload) names this store; a stolen kiosk then holds only
 * the codes of the dossiers rated lately.  Deleted content is overwritten
 * (secure_delete, WAL truncated).  Returns the rows deleted, or -1 with E. */
long rating_prune(struct rating_store *s, const char *store_id, int64_t last, unsigned keep_days,
                  struct err *e);

/* Export: the rows of the store at PATH (opened read-only) with sequence
 * number above AFTER, at most MAX of them, as CSV in the columns of
 * `trackdb import DB ratings` to OUT.  *FIRST and *LAST get the first and
 * last sequence numbers written (0 and 0 when none) and STORE_ID (17
 * bytes) the store's random name.  Returns the number of rows, or -1 with
 * E set. */
long rating_export(const char *path, int64_t after, long max, FILE *out, int64_t *first,
                   int64_t *last, char *store_id, struct err *e);

/* The local instant of now ('YYYY-MM-DD HH:MM:SS', UTC+7) into BUF
 * (RATING_AT_LEN + 1 bytes), and of SECONDS before now into BUF when
 * AGO > 0. */
void rating_instant(char *buf, long ago);

#endif
