/*
 * snap: the kiosk snapshot in service, and the switch to a new one.
 *
 * The publisher replaces the snapshot file by rename.  kioskd notices (the
 * caller polls snap_poll every second and on inotify events), opens the new
 * file read-only, validates it (quick_check, meta, the expected tables and
 * columns, the calendar) and swaps it in.  Each loaded file is a
 * generation: a reference count, its calendar, and a pool of read-only
 * SQLite connections opened at load (one per worker thread, so a request
 * never waits), each with its view_cache of prepared dossier statements.
 * A request holds a lease (a reference and a connection)
 * from start to end, so in-flight requests finish on the generation they
 * began with; the last lease of an old generation closes it.
 *
 * Each generation serves a private copy of the file (a memory file made
 * at load, checked unchanged while it was read), so that a file
 * overwritten or truncated in place, by whatever tool, never breaks a
 * request: the new bytes are a new candidate like any other, refused
 * until they validate, and the copy in service keeps answering.
 */
#ifndef KIOSK_SNAP_H
#define KIOSK_SNAP_H

#include <stdint.h>

#include <sqlite3.h>

#include "clock.h"
#include "err.h"

#define SNAP_POOL_MAX 64
#define SNAP_TEXT_MAX 40 /* generated_at and similar meta values */

struct snap;     /* the holder: the generation in service and reload state */
struct snap_gen; /* one loaded file */

struct view_cache;
struct refs;
struct view_dossier;

struct snap_lease {
	struct snap_gen *gen;
	sqlite3 *db;
	struct view_cache *vc;       /* db's prepared dossier statements */
	const struct clock_cal *cal; /* the generation's calendar, borrowed */
	unsigned long generation;    /* as in snap_info: 1, 2, ... */
	const char *generated_at;    /* the generation's meta value, borrowed */
	int slot;                    /* which pooled connection */
	/* Sealed snapshots (meta.sealed = '1'): dossiers are read with
	 * snap_sealed_dossier and snap_sealed_token, not from the plain
	 * dossiers table (empty there). */
	int sealed;
	const struct refs *ref;    /* the generation's reference tables */
	const unsigned char *salt; /* SEAL_SALT_BYTES, the province's */
	unsigned long long seal_ops;
	size_t seal_mem;
};

/* What /healthz and /metrics report. */
struct snap_info {
	int serving;              /* a generation is in service */
	unsigned long generation; /* 1, 2, ... per successful load */
	char generated_at[SNAP_TEXT_MAX + 1];
	long long dossiers;
	int sealed;          /* the file's dossiers are sealed */
	int64_t loaded_at;   /* time(NULL) of the switch */
	int64_t checked_at;  /* time(NULL) of the last look at the
	                        file (snap_poll), 0 before any */
	int64_t verified_at; /* when the data was last known current:
	                        the mtime of FILE.checked (touched by
	                        kiosk-fetch on every answer of the
	                        distribution point, and by the
	                        publisher on every run), else the
	                        file's own mtime; 0 before any */
	unsigned long reloads, failures;
	char last_error[ERR_MSG_MAX]; /* "" when the last attempt succeeded,
	                                 else what fails now (degraded) */
};

/* A holder for the snapshot at PATH with NCONN connections per
 * generation (1..SNAP_POOL_MAX).  Loads nothing yet.  NULL on out of
 * memory.  Free with snap_free (NULL-safe) once no lease is out. */
struct snap *snap_new(const char *path, int nconn);
void snap_free(struct snap *s);

/* Look at the file: when it changed since the last look (inode, size,
 * mtime), load and validate it and switch to it.  Returns 1 on a switch,
 * 0 when nothing changed or the file is gone (the old generation stays),
 * -1 when the new file is bad (the old one stays; the reason is kept for
 * snap_get_info and set in E). */
int snap_poll(struct snap *s, struct err *e);

/* Lease the generation in service.  Returns 0, or -1 when none is (no
 * valid snapshot yet).  Every successful get is paired with a put. */
int snap_get(struct snap *s, struct snap_lease *l);
void snap_put(struct snap_lease *l);

/* A coherent copy of the state for reports. */
void snap_get_info(struct snap *s, struct snap_info *out);

/* Validate an open snapshot DB: quick_check, meta keys, the tables and
 * columns kioskd reads.  Returns 0 or -1 with E set.  Exposed for tests. */
int snap_validate(sqlite3 *db, struct err *e);

/* In a sealed snapshot: the dossier whose token is TOKEN, its timeline
 * computed at NOW (as view_dossier_load: 1 and *OUT, 0 none, -1 with E). */
int snap_sealed_dossier(const struct snap_lease *l, const char *token, tmin_t now,
                        struct view_dossier **out, struct err *e);

/* In a sealed snapshot: the token of dossier CODE when CHECK is its check
 * code, into TOKEN (TOKEN_LEN + 1 bytes).  Returns 1, 0 when the pair is
 * unknown (an unknown code and a wrong check code cost the same: one
 * derivation, one index probe, one box opened), -1 with E set. */
int snap_sealed_token(const struct snap_lease *l, const char *code, const char *check, char *token,
                      struct err *e);

/* Validate the snapshot file at PATH as a load would (without keeping
 * it).  Returns 0 or -1 with E set. */
int snap_check_file(const char *path, struct err *e);

#endif
