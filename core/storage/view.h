/*
 * view: the one renderer of a dossier's public page, used by the publisher
 * (static site) and by kioskd (kiosk frame, JSON API).  It reads only the
 * public kiosk snapshot schema (data/snapshot.sql), so nothing private can
 * reach a page by construction.
 *
 * Both programs depend on these signatures: extend them, do not change them.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdint.h>
#include <stdio.h>

#include <sqlite3.h>

#include "clock.h"
#include "err.h"
#include "msg.h" /* enum lang */
#include "timeline.h"

struct view_step {
	char *name, *name_en, *unit; /* owned by the view */
	int allowance_min;
};

struct view_dossier {
	char *code, *token, *initials;
	char *procedure_code, *procedure_name, *procedure_name_en;
	char *agency_code, *agency_name, *agency_name_en;
	char *channel; /* 'counter' | 'online' | 'post' */
	char *status;  /* schema status text */
	char *doc_code;
	int version; /* ISO process */
	int nsteps;
	struct view_step steps[TIMELINE_STEPS_MAX];
	struct timeline tl; /* computed against "now" given to the loader */
	/* For the pages: the row's instants, 0 when NULL. */
	tmin_t received, due_at, new_due_at, resolved_at, returned_at;
	char *field_code;  /* the procedure's field, "" when unknown */
	double limit_days; /* statutory limit of the procedure */
	/* Waiting for the citizen: what was asked ("" when the office gave no
	 * public text) and by when (0: no deadline); "" and 0 otherwise. */
	char *request;
	tmin_t request_due;
	/* The agency's one-stop office, for citizens; "" when not known. */
	char *agency_phone, *agency_address, *agency_hours;
	int day_minutes; /* of the calendar: durations are shown in its days */
	tmin_t now;      /* the instant the timeline was computed at */
};

/* Load the dossier whose token is KEY (BY_TOKEN nonzero) or whose code is
 * KEY from the snapshot SNAP, and compute its timeline on CAL at NOW.
 * Returns 1 and sets *OUT (free with view_dossier_free), 0 when there is no
 * such dossier, -1 with E set on a database or consistency error. */
int view_dossier_load(sqlite3 *snap, const struct clock_cal *cal, const char *key, int by_token,
                      tmin_t now, struct view_dossier **out, struct err *e);

/* NULL-safe.  A view is one allocation (the struct, then its strings):
 * its string pointers must not be freed or reassigned one by one. */
void view_dossier_free(struct view_dossier *d);

/* ---- repeated lookups on one connection (kioskd) ------------------------
 * view_dossier_load prepares its statements on every call.  A view_cache
 * keeps them prepared (SQLITE_PREPARE_PERSISTENT) for the life of one
 * connection, with scratch space reused from call to call.  A cache is not
 * thread-safe: it belongs to its connection and is used by whoever holds
 * that connection. */
struct view_cache;

/* A cache for SNAP, which must outlive it.  Returns it, or NULL with E set
 * (out of memory, or SNAP lacks the snapshot tables).  Free with
 * view_cache_free (NULL-safe) before closing SNAP. */
struct view_cache *view_cache_new(sqlite3 *snap, struct err *e);
void view_cache_free(struct view_cache *c);

/* view_dossier_load on C's connection: the same results, errors and
 * ownership of *OUT.  view_dossier_load is this with a temporary cache. */
int view_dossier_load_cached(struct view_cache *c, const struct clock_cal *cal, const char *key,
                             int by_token, tmin_t now, struct view_dossier **out, struct err *e);

/* For caching rendered pages.  D's timeline was computed at NOW; return the
 * first instant (after NOW) at which a view loaded from the same data may
 * render differently: view_dossier_json when JSON is nonzero, else
 * view_dossier_html in either language.  VIEW_NEVER when it cannot change
 * (a closed dossier).  A pending dossier's HTML changes when a verdict
 * flips (the minute after its due instant or an active step's deadline),
 * or every minute while a stop is open ("until now" moves the due); its
 * JSON every minute (elapsed and used minutes count up to now). */
#define VIEW_NEVER INT64_MAX
tmin_t view_dossier_expiry(const struct view_dossier *d, tmin_t now, int json);

/* The dossier as an HTML fragment (<article class="dossier">...</article>)
 * in LANG, without page header/footer: each program wraps it in its frame.
 * Returns 0, or -1 on a write error. */
int view_dossier_html(FILE *f, const struct view_dossier *d, enum lang lang);

/* The dossier as a JSON object (public fields and the timeline). */
int view_dossier_json(FILE *f, const struct view_dossier *d);

/* ---- many dossiers at once (the publisher) ------------------------------
 * view_dossier_load queries the snapshot per dossier, which suits a kiosk
 * request.  A publisher rendering a million pages takes the reference
 * tables from the model loaded once (core/storage/refs.h) and feeds rows
 * and events it streams itself. */
struct refs;

/* One dossier row of the snapshot.  Strings are borrowed; the optional
 * instants are NULL or "" when absent. */
struct view_row {
	const char *code, *token, *initials, *procedure_code, *agency_code, *channel, *status;
	const char *received_at, *due_at, *new_due_at, *resolved_at, *returned_at;
	long long process_id;
	const char *request, *request_due; /* NULL or "" when absent */
};

/* The dossier columns of a snapshot query, in this order, as columns
 * 0-14 (VIEW_ROW_NCOLS) of a statement: code, token, initials,
 * procedure_code, agency_code, channel, status, received_at, due_at,
 * new_due_at, resolved_at, returned_at, process_id, request, request_due. */
#define VIEW_ROW_COLUMNS                                                                           \
	"code, token, initials, procedure_code, agency_code, channel, status, "                    \
	"received_at, due_at, new_due_at, resolved_at, returned_at, process_id, "                  \
	"request, request_due"
#define VIEW_ROW_NCOLS 15

/* Fill *ROW from columns 0-14 of the current row of ST (VIEW_ROW_COLUMNS'
 * order).  Strings are borrowed until ST steps again. */
void view_row_from_stmt(sqlite3_stmt *st, struct view_row *row);

/* Build the view of ROW with its NEV events EV (time order, ties in log
 * order) against the reference model REF, timeline computed on CAL at NOW.  Returns 0 and sets
 * *OUT (free with view_dossier_free), or -1 with E set when the row is
 * inconsistent (unknown procedure, agency or process, a process of another
 * procedure, bad instants, timeline_compute's complaints). */
int view_dossier_make(const struct refs *ref, const struct clock_cal *cal,
                      const struct view_row *row, const struct ev *ev, int nev, tmin_t now,
                      struct view_dossier **out, struct err *e);

/* Parse one snapshot events row (at, kind, step_no, new_due_at) into *OUT.
 * Returns 0, or -1 with E set. */
int view_ev_parse(const char *at, const char *kind, int step_no, const char *new_due,
                  struct ev *out, struct err *e);

/* The initials of a person's NAME ("Nguyễn Văn An" -> "N.V.A."): the first
 * letter of each word, ASCII letters and đ upper-cased, diacritics kept.
 * Writes at most SIZE bytes with the NUL into BUF.  Returns the length, or
 * -1 when it does not fit (BUF then holds "").  Public pages show no more
 * of an applicant than this. */
int view_initials(const char *name, char *buf, size_t size);

/* The status in words and the verdict in words, in LANG (static). */
const char *view_verdict_text(enum verdict v, enum lang lang);

/* Write instant T as a <time> element in LANG's usual form ("12/03/2025
 * 08:15" in Vietnamese), or an en dash when T is 0. */
int view_time_html(FILE *f, tmin_t t, enum lang lang);

#endif
