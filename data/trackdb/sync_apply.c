/*
 * sync_apply: a parsed batch into the database, inside the caller's
 * transaction.  Dossier records first (a batch may carry a dossier and its
 * progress), then progress records in file order.
 *
 * Every write is made only when it changes something, so that a batch
 * sent again leaves the file byte for byte as it was (and adds no journal
 * entry): the dossier upsert updates only when a column differs; a
 * progress record or a supplement request is stored once under its key;
 * an event is added only when the log does not already say it.  The event
 * log is built up from successive records, as one-stop systems send only
 * the current action each time (dossier rows first, then progress, then
 * what the dossiers' status implies): a progress record mapped to another step
 * than the one open at its instant closes that one and opens its own;
 * TrangThai 6 (financial obligation) pauses the clock until a record in
 * another state; the dossier's status adds the supplement requests, the
 * result, the handover, a rejection or a withdrawal when missing.
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "store.h"
#include "sync.h"

enum {
	S_PROC,
	S_AGENCY,
	S_PROCESS,
	S_FIND,
	S_UPSERT,
	S_SUPP,
	S_PROG,
	S_MAP,
	S_MAP_STEP,
	S_EVENTS,
	S_EV_ADD,
	S_NSTEPS,
	S_TOUCH,
	S_EV_REQ,
	S_COUNT
};

static const char *const sql[S_COUNT] = {
    [S_PROC] = "SELECT 1 FROM procedures WHERE code = ?1",
    [S_AGENCY] = "SELECT 1 FROM agencies WHERE code = ?1",
    [S_PROCESS] = "SELECT id FROM processes WHERE agency_code = ?1 AND procedure_code = ?2 "
                  "AND effective_from <= ?3 AND (effective_to IS NULL OR effective_to >= ?3) "
                  "ORDER BY version DESC, id DESC LIMIT 1",
    [S_FIND] =
        "SELECT received_at, process_id, procedure_code, status FROM dossiers WHERE code = ?1",
    /* Columns 2-19 are compared: an equal row is not written at all. */
    [S_UPSERT] =
        "INSERT INTO dossiers (code, procedure_code, process_id, agency_code, channel, "
        "received_at, "
        "due_at, status, resolved_at, returned_at, documents, applicant_name, applicant_id, "
        "applicant_phone, applicant_address, applicant_email, applicant_fax, applicant_ident, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
        "?16, ?17, ?18, ?19) ON CONFLICT (code) DO UPDATE SET procedure_code = "
        "excluded.procedure_code, "
        "process_id = excluded.process_id, agency_code = excluded.agency_code, "
        "channel = excluded.channel, received_at = excluded.received_at, due_at = excluded.due_at, "
        "status = excluded.status, resolved_at = excluded.resolved_at, "
        "returned_at = excluded.returned_at, documents = excluded.documents, "
        "applicant_name = excluded.applicant_name, applicant_id = excluded.applicant_id, "
        "applicant_phone = excluded.applicant_phone, applicant_address = "
        "excluded.applicant_address, "
        "applicant_email = excluded.applicant_email, applicant_fax = excluded.applicant_fax, "
        "applicant_ident = excluded.applicant_ident, "
        "updated_at = max(updated_at, excluded.updated_at) "
        "WHERE (procedure_code, process_id, agency_code, channel, received_at, due_at, status, "
        "resolved_at, returned_at, documents, applicant_name, applicant_id, applicant_phone, "
        "applicant_address, applicant_email, applicant_fax, applicant_ident) IS NOT "
        "(excluded.procedure_code, excluded.process_id, excluded.agency_code, excluded.channel, "
        "excluded.received_at, excluded.due_at, excluded.status, excluded.resolved_at, "
        "excluded.returned_at, excluded.documents, excluded.applicant_name, excluded.applicant_id, "
        "excluded.applicant_phone, excluded.applicant_address, excluded.applicant_email, "
        "excluded.applicant_fax, excluded.applicant_ident)",
    [S_SUPP] = "INSERT INTO sync_supplements (dossier_code, requested_at, received_at, due_before, "
               "content) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (dossier_code, requested_at) DO "
               "UPDATE SET received_at = excluded.received_at, due_before = excluded.due_before, "
               "content = excluded.content WHERE (received_at, due_before, content) IS NOT "
               "(excluded.received_at, excluded.due_before, excluded.content)",
    [S_PROG] =
        "INSERT OR IGNORE INTO sync_progress (dossier_code, at, unit, action, state, official, "
        "title, started_at, planned_end, step_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10)",
    [S_MAP] = "SELECT step_no FROM sync_step_map WHERE procedure_code IN (?1, '*') AND "
              "vnfold(trim(match)) = vnfold(trim(?2)) ORDER BY procedure_code = '*' LIMIT 1",
    [S_MAP_STEP] = "SELECT step_no FROM steps WHERE process_id = ?1 AND (vnfold(trim(unit)) = "
                   "vnfold(trim(?2)) OR vnfold(trim(name)) = vnfold(trim(?2))) ORDER BY step_no "
                   "LIMIT 1",
    [S_EVENTS] = "SELECT at, kind, step_no FROM events WHERE dossier_code = ?1 ORDER BY at, id",
    [S_EV_ADD] =
        "INSERT INTO events (dossier_code, at, kind, step_no, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_NSTEPS] = "SELECT count(*) FROM steps WHERE process_id = ?1",
    [S_TOUCH] = "UPDATE dossiers SET updated_at = ?2 WHERE code = ?1 AND updated_at < ?2",
    /* NoiDungBoSung is what the citizen is asked for: the request's public
     * text, kept as the one-stop system last sent it (no write when equal). */
    [S_EV_REQ] = "UPDATE events SET request = ?3 WHERE dossier_code = ?1 AND at = ?2 AND "
                 "kind = 'supplement_request' AND request IS NOT ?3",
};

/* The lower-case form of code point C for the letters Vietnamese is
 * written with (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư, and the Latin Extended
 * Additional block of Ạ..Ỹ), so that "BỘ PHẬN MỘT CỬA" matches "Bộ phận
 * một cửa".  Other code points are returned as they are. */
static unsigned
fold_cp(unsigned c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
		return c + 0x20;
	if (((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177) ||
	     (c >= 0x1EA0 && c <= 0x1EF9)) &&
	    !(c & 1))
		return c + 1;
	if (c >= 0x139 && c <= 0x148 && (c & 1))
		return c + 1;
	if (c == 0x1A0 || c == 0x1AF)
		return c + 1;
	return c;
}

/* SQL vnfold(TEXT): TEXT with fold_cp applied (well-formed UTF-8 is
 * assumed: import and sync check it; a stray byte is copied as it is). */
static void
sql_vnfold(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	int n = sqlite3_value_bytes(argv[0]), o = 0;
	unsigned char *out;

	(void)argc;
	if (!s) {
		sqlite3_result_null(cx);
		return;
	}
	/* Folding never lengthens a character's encoding here. */
	if (!(out = sqlite3_malloc(n + 1))) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	for (int i = 0; i < n;) {
		unsigned c = s[i];
		int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 0;
		if (!len || i + len > n) {
			out[o++] = s[i++];
			continue;
		}
		c = len == 1   ? c
		    : len == 2 ? (c & 0x1F) << 6 | (s[i + 1] & 0x3F)
		               : (c & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 | (s[i + 2] & 0x3F);
		c = fold_cp(c);
		if (len == 1) {
			out[o++] = (unsigned char)c;
		} else if (len == 2) {
			out[o++] = (unsigned char)(0xC0 | c >> 6);
			out[o++] = (unsigned char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (unsigned char)(0xE0 | c >> 12);
			out[o++] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (unsigned char)(0x80 | (c & 0x3F));
		}
		i += len;
	}
	sqlite3_result_text(cx, (const char *)out, o, sqlite3_free);
}

/* One event of a dossier's log, as read back. */
struct ev {
	tmin_t at;
	char kind[24];
	int step;
};

struct app {
	sqlite3 *db;
	sqlite3_stmt *st[S_COUNT];
	struct sync_stats *stats;
	struct ev *ev; /* the current dossier's log */
	size_t nev, cap;
};

static int
fail_db(struct app *a, struct err *e)
{
	return err_set(e, "%s", sqlite3_errmsg(a->db));
}

/* Step ST (bound by the caller) to its end; reset.  -1 with E on error. */
static int
run(struct app *a, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail_db(a, e);
}

/* Whether key K is found by the one-parameter statement ST. */
static int
exists(struct app *a, sqlite3_stmt *st, const char *k, struct err *e)
{
	int rc;

	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_db(a, e);
	return rc == SQLITE_ROW;
}

static void
bind_instant(sqlite3_stmt *st, int i, tmin_t t)
{
	char buf[CLOCK_INSTANT_LEN + 1];

	if (t)
		sqlite3_bind_text(st, i, clock_format_instant(t, buf), -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* ---- the event log ----------------------------------------------------- */

static int
load_log(struct app *a, const char *code, struct err *e)
{
	sqlite3_stmt *st = a->st[S_EVENTS];
	int rc;

	a->nev = 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ev *v;
		if (a->nev == a->cap) {
			if (!(v = realloc(a->ev,
			                  (a->cap = a->cap ? a->cap * 2 : 32) * sizeof *v))) {
				sqlite3_reset(st);
				return err_set(e, "out of memory");
			}
			a->ev = v;
		}
		v = &a->ev[a->nev];
		if (clock_parse_instant(store_text(st, 0), &v->at, NULL) < 0)
			continue; /* a malformed instant orders nothing here; check reports it */
		snprintf(v->kind, sizeof v->kind, "%s", store_text(st, 1));
		v->step = sqlite3_column_int(st, 2);
		a->nev++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail_db(a, e);
}

/* Add event KIND at T (step STEP when > 0) to CODE's log, in memory too. */
static int
add(struct app *a, const char *code, tmin_t t, const char *kind, int step, const char *note,
    struct err *e)
{
	sqlite3_stmt *st = a->st[S_EV_ADD];
	size_t i;
	struct ev *v;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	bind_instant(st, 2, t);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_STATIC);
	if (step > 0)
		sqlite3_bind_int(st, 4, step);
	else
		sqlite3_bind_null(st, 4);
	bind_str(st, 5, note);
	if (run(a, st, e) < 0)
		return -1;
	a->stats->events++;
	if (a->nev == a->cap) {
		if (!(v = realloc(a->ev, (a->cap = a->cap ? a->cap * 2 : 32) * sizeof *v)))
			return err_set(e, "out of memory");
		a->ev = v;
	}
	/* Keep the copy in time order (the same instant: after the others). */
	for (i = a->nev; i > 0 && a->ev[i - 1].at > t; i--)
		a->ev[i] = a->ev[i - 1];
	v = &a->ev[i];
	v->at = t;
	snprintf(v->kind, sizeof v->kind, "%s", kind);
	v->step = step;
	a->nev++;
	return 0;
}

/* Whether the log has KIND at T (any instant when T is 0). */
static int
has(const struct app *a, const char *kind, tmin_t t)
{
	for (size_t i = 0; i < a->nev; i++)
		if (!strcmp(a->ev[i].kind, kind) && (!t || a->ev[i].at == t))
			return 1;
	return 0;
}

/* The step open at instant T (0: none), and whether the clock is paused. */
static int
open_step(const struct app *a, tmin_t t, int *paused)
{
	int step = 0;

	*paused = 0;
	for (size_t i = 0; i < a->nev && a->ev[i].at <= t; i++) {
		const char *k = a->ev[i].kind;
		if (!strcmp(k, "step_start"))
			step = a->ev[i].step;
		else if (!strcmp(k, "step_done") && a->ev[i].step == step)
			step = 0;
		else if (!strcmp(k, "pause"))
			*paused = 1;
		else if (!strcmp(k, "resume"))
			*paused = 0;
	}
	return step;
}

/* The latest instant the log or RECEIVED knows. */
static tmin_t
latest(const struct app *a, tmin_t received)
{
	return a->nev && a->ev[a->nev - 1].at > received ? a->ev[a->nev - 1].at : received;
}

/* ---- dossier records --------------------------------------------------- */

/* Our status, resolved and returned instants for the portal's status. */
static const char *
our_status(const struct sync_dossier *d, tmin_t *resolved, tmin_t *returned)
{
	*resolved = *returned = 0;
	switch (d->status) {
	case SYNC_SUPPLEMENT:
		return "supplement";
	case SYNC_FINANCIAL:
		return "paused";
	case SYNC_WITHDRAWAL:
		return "withdrawn";
	case SYNC_DONE:
		*resolved = d->finished;
		return "ready";
	case SYNC_RETURNED:
		*resolved = d->finished, *returned = d->returned;
		return "returned";
	case SYNC_NOT_RECEIVED:
	case SYNC_STOPPED:
		*resolved = d->finished ? d->finished : d->received;
		return "rejected";
	default:
		return "processing"; /* 2 received, 4 processing */
	}
}

static int
cmp_supp(const void *x, const void *y)
{
	tmin_t a = ((const struct sync_supp *)x)->requested,
	       b = ((const struct sync_supp *)y)->requested;
	return (a > b) - (a < b);
}

/* The events the dossier record's status and supplements imply. */
static int
dossier_events(struct app *a, const struct sync_dossier *d, tmin_t resolved, struct err *e)
{
	const char *c = d->code;
	int paused, step;

	if (load_log(a, c, e) < 0)
		return -1;
	for (size_t i = 0; i < d->nsupp; i++) {
		const struct sync_supp *s = &d->supp[i];
		sqlite3_stmt *rq = a->st[S_EV_REQ];
		if (!has(a, "supplement_request", s->requested) &&
		    add(a, c, s->requested, "supplement_request", 0, NULL, e) < 0)
			return -1;
		sqlite3_bind_text(rq, 1, c, -1, SQLITE_STATIC);
		bind_instant(rq, 2, s->requested);
		bind_str(rq, 3, s->content);
		if (run(a, rq, e) < 0)
			return -1;
		if (s->received && !has(a, "supplement_received", s->received) &&
		    add(a, c, s->received, "supplement_received", 0, NULL, e) < 0)
			return -1;
	}
	step = open_step(a, latest(a, d->received), &paused);
	if (d->status == SYNC_FINANCIAL && !paused)
		return add(a, c, latest(a, d->received), "pause", 0, NULL, e);
	if (d->status != SYNC_FINANCIAL && paused &&
	    add(a, c, latest(a, d->received), "resume", 0, NULL, e) < 0)
		return -1;
	if (d->status == SYNC_SUPPLEMENT && !d->nsupp && !has(a, "supplement_request", 0))
		return add(a, c, latest(a, d->received), "supplement_request", 0, NULL, e);
	if ((d->status == SYNC_DONE || d->status == SYNC_RETURNED) && !has(a, "result_ready", 0)) {
		if (step && add(a, c, resolved, "step_done", step, NULL, e) < 0)
			return -1;
		if (add(a, c, resolved, "result_ready", 0, NULL, e) < 0)
			return -1;
	}
	if (d->status == SYNC_RETURNED && !has(a, "returned", 0))
		return add(a, c, d->returned, "returned", 0, NULL, e);
	if ((d->status == SYNC_NOT_RECEIVED || d->status == SYNC_STOPPED) && !has(a, "rejected", 0))
		return add(a, c, resolved, "rejected", 0, NULL, e);
	if (d->status == SYNC_WITHDRAWAL && !has(a, "withdrawn", 0))
		return add(a, c, latest(a, d->received), "withdrawn", 0, NULL, e);
	return 0;
}

/* The agency, procedure and process of D, checked against the database. */
static int
dossier_refs(struct app *a, const struct sync_dossier *d, char *agency, long long *process,
             struct err *e)
{
	sqlite3_stmt *st = a->st[S_PROCESS];
	char day[CLOCK_DATE_LEN + 1];
	struct dossier_code dc;
	int r;

	code_parse(d->code, strlen(d->code), &dc, NULL); /* checked by the parser */
	snprintf(agency, CODE_AGENCY_LEN + 1, "%s", d->agency ? d->agency : dc.agency);
	if ((r = exists(a, a->st[S_AGENCY], agency, e)) <= 0)
		return r < 0 ? -1 : err_set(e, "agency %s: no such agency", agency);
	if ((r = exists(a, a->st[S_PROC], d->procedure, e)) <= 0)
		return r < 0 ? -1 : err_set(e, "MaTTHC %s: no such procedure", d->procedure);
	clock_format_date((day_t)(d->received / CLOCK_MIN_PER_DAY), day);
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	*process = r == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (r != SQLITE_ROW)
		return r != SQLITE_DONE
		           ? fail_db(a, e)
		           : err_set(e,
		                     "agency %s has no process for procedure %s in force "
		                     "on %s",
		                     agency, d->procedure, day);
	return 0;
}

/* The latest instant the record states (its "last change"). */
static tmin_t
record_updated(const struct sync_dossier *d)
{
	tmin_t u = d->received;

	if (d->finished > u)
		u = d->finished;
	if (d->returned > u)
		u = d->returned;
	for (size_t i = 0; i < d->nsupp; i++) {
		if (d->supp[i].requested > u)
			u = d->supp[i].requested;
		if (d->supp[i].received > u)
			u = d->supp[i].received;
	}
	return u;
}

static int
one_dossier(struct app *a, struct sync_dossier *d, struct err *e)
{
	static const char *const channels[] = {"counter", "counter", "online", "post"};
	sqlite3_stmt *st = a->st[S_UPSERT];
	char agency[CODE_AGENCY_LEN + 1];
	long long process = 0;
	tmin_t resolved, returned, due;
	const char *status;
	int known;

	if (d->status == SYNC_NEW) {
		a->stats->waiting++;
		return 0;
	}
	if (dossier_refs(a, d, agency, &process, e) < 0 ||
	    (known = exists(a, a->st[S_FIND], d->code, e)) < 0)
		return -1;
	status = our_status(d, &resolved, &returned);
	if (d->nsupp)
		qsort(d->supp, d->nsupp, sizeof *d->supp, cmp_supp);
	/* The clock stops while the applicant supplements, so the due time
	 * is the appointment before the first supplement, not the new one. */
	due = d->nsupp && d->supp[0].due_before ? d->supp[0].due_before
	      : d->due                          ? d->due
	                                        : d->received;
	if (due < d->received)
		return err_set(e, "NgayHenTraTruoc is before NgayTiepNhan");
	sqlite3_bind_text(st, 1, d->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, d->procedure, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, process);
	sqlite3_bind_text(st, 4, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, channels[d->channel], -1, SQLITE_STATIC);
	bind_instant(st, 6, d->received);
	bind_instant(st, 7, due);
	sqlite3_bind_text(st, 8, status, -1, SQLITE_STATIC);
	bind_instant(st, 9, resolved);
	bind_instant(st, 10, returned);
	bind_str(st, 11, d->documents);
	sqlite3_bind_text(st, 12, d->name ? d->name : "", -1, SQLITE_STATIC);
	bind_str(st, 13, d->id_no);
	bind_str(st, 14, d->phone);
	bind_str(st, 15, d->address);
	bind_str(st, 16, d->email);
	bind_str(st, 17, d->fax);
	bind_str(st, 18, d->ident);
	bind_instant(st, 19, record_updated(d));
	if (run(a, st, e) < 0)
		return -1;
	if (!known)
		a->stats->created++;
	else if (sqlite3_changes(a->db))
		a->stats->updated++;
	else
		a->stats->same++;
	for (size_t i = 0; i < d->nsupp; i++) {
		const struct sync_supp *s = &d->supp[i];
		sqlite3_stmt *sp = a->st[S_SUPP];
		if (s->requested < d->received)
			return err_set(e, "NgayBoSung is before NgayTiepNhan");
		sqlite3_bind_text(sp, 1, d->code, -1, SQLITE_STATIC);
		bind_instant(sp, 2, s->requested);
		bind_instant(sp, 3, s->received);
		bind_instant(sp, 4, s->due_before);
		bind_str(sp, 5, s->content);
		if (run(a, sp, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- progress records -------------------------------------------------- */

/* The step TEXT maps to for PROCEDURE (process PROCESS of NSTEPS), 0: none. */
static int
map_one(struct app *a, const char *procedure, long long process, int nsteps, const char *text)
{
	sqlite3_stmt *m = a->st[S_MAP], *s = a->st[S_MAP_STEP];
	int step = 0;

	if (!text)
		return 0;
	sqlite3_bind_text(m, 1, procedure, -1, SQLITE_STATIC);
	sqlite3_bind_text(m, 2, text, -1, SQLITE_STATIC);
	if (sqlite3_step(m) == SQLITE_ROW)
		step = sqlite3_column_int(m, 0);
	sqlite3_reset(m);
	if (!step) {
		sqlite3_bind_int64(s, 1, process);
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			step = sqlite3_column_int(s, 0);
		sqlite3_reset(s);
	}
	/* A '*' row for a longer process than this one: not this process's. */
	return step >= 1 && step <= nsteps ? step : 0;
}

static void
note_unmapped(struct sync_stats *st, const char *unit)
{
	st->unmapped++;
	for (int i = 0; i < st->nunits; i++)
		if (!strcmp(st->units[i], unit ? unit : "")) {
			st->unit_count[i]++;
			return;
		}
	if (st->nunits < SYNC_UNITS_SHOWN) {
		snprintf(st->units[st->nunits], sizeof st->units[0], "%s", unit ? unit : "");
		st->unit_count[st->nunits++] = 1;
	}
}

/* The events progress record P implies, P being new. */
static int
progress_events(struct app *a, const struct sync_prog *p, int step, struct err *e)
{
	int paused, open;

	if (load_log(a, p->code, e) < 0)
		return -1;
	/* Only an action after everything the log says extends it: an older
	 * one (sent late, or a log made elsewhere) is stored and changes no
	 * event, and nothing follows a result, a rejection or a withdrawal. */
	if (a->nev && p->at < a->ev[a->nev - 1].at)
		return 0;
	if (has(a, "result_ready", 0) || has(a, "rejected", 0) || has(a, "withdrawn", 0))
		return 0;
	open = open_step(a, p->at, &paused);
	if (step && step != open) {
		if (open && add(a, p->code, p->at, "step_done", open, NULL, e) < 0)
			return -1;
		if (add(a, p->code, p->at, "step_start", step, NULL, e) < 0)
			return -1;
	}
	if (p->state == SYNC_FINANCIAL && !paused)
		return add(a, p->code, p->at, "pause", 0, NULL, e);
	if (p->state && p->state != SYNC_FINANCIAL && paused)
		return add(a, p->code, p->at, "resume", 0, NULL, e);
	return 0;
}

static int
one_progress(struct app *a, const struct sync_prog *p, struct err *e)
{
	sqlite3_stmt *f = a->st[S_FIND], *st = a->st[S_PROG], *n = a->st[S_NSTEPS];
	char procedure[32];
	long long process;
	tmin_t received;
	long before;
	int rc, step, nsteps = 0;

	sqlite3_bind_text(f, 1, p->code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(f)) != SQLITE_ROW) {
		sqlite3_reset(f);
		return rc == SQLITE_DONE ? err_set(e,
		                                   "MaHoSo %s: no such dossier (its DongBoHoSoMC "
		                                   "record must come first)",
		                                   p->code)
		                         : fail_db(a, e);
	}
	rc = clock_parse_instant(store_text(f, 0), &received, NULL);
	process = sqlite3_column_int64(f, 1);
	snprintf(procedure, sizeof procedure, "%s", store_text(f, 2));
	sqlite3_reset(f);
	if (rc < 0)
		return err_set(e, "MaHoSo %s: the database's received_at is malformed", p->code);
	if (p->at < received)
		return err_set(e, "ThoiDiemXuLy is before the dossier was received");
	sqlite3_bind_int64(n, 1, process);
	if (sqlite3_step(n) == SQLITE_ROW)
		nsteps = sqlite3_column_int(n, 0);
	sqlite3_reset(n);
	step = map_one(a, procedure, process, nsteps, p->unit);
	if (!step)
		step = map_one(a, procedure, process, nsteps, p->action);
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
	bind_instant(st, 2, p->at);
	sqlite3_bind_text(st, 3, p->unit ? p->unit : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, p->action ? p->action : "", -1, SQLITE_STATIC);
	if (p->state)
		sqlite3_bind_int(st, 5, p->state);
	else
		sqlite3_bind_null(st, 5);
	bind_str(st, 6, p->official);
	bind_str(st, 7, p->title);
	bind_instant(st, 8, p->started);
	bind_instant(st, 9, p->planned_end);
	if (step)
		sqlite3_bind_int(st, 10, step);
	else
		sqlite3_bind_null(st, 10);
	if (run(a, st, e) < 0)
		return -1;
	if (!sqlite3_changes(a->db)) { /* stored before: nothing new */
		a->stats->prog_same++;
		return 0;
	}
	a->stats->prog_new++;
	if (!step)
		note_unmapped(a->stats, p->unit);
	before = a->stats->events;
	if (progress_events(a, p, step, e) < 0)
		return -1;
	if (a->stats->events == before)
		return 0; /* the row and its events are as they were */
	st = a->st[S_TOUCH];
	sqlite3_bind_text(st, 1, p->code, -1, SQLITE_STATIC);
	bind_instant(st, 2, p->at);
	return run(a, st, e);
}

int
sync_apply(sqlite3 *db, const struct sync_batch *b, struct sync_stats *st, struct err *e)
{
	struct app a = {.db = db, .stats = st};
	int r = -1;

	if (sqlite3_create_function(db, "vnfold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
	                            sql_vnfold, NULL, NULL) != SQLITE_OK)
		return fail_db(&a, e);
	for (int i = 0; i < S_COUNT; i++)
		if (!(a.st[i] = store_prepare(db, sql[i], e)))
			goto out;
	for (size_t i = 0; i < b->nd; i++)
		if (one_dossier(&a, &b->d[i], e) < 0) {
			err_prefix(e, "%s", b->d[i].label);
			goto out;
		}
	for (size_t i = 0; i < b->npr; i++)
		if (one_progress(&a, &b->pr[i], e) < 0) {
			err_prefix(e, "%s", b->pr[i].label);
			goto out;
		}
	/* The status's events last: a progress record of the same batch knows
	 * when a pause ended, and a result closes the step progress opened. */
	for (size_t i = 0; i < b->nd; i++) {
		const struct sync_dossier *d = &b->d[i];
		tmin_t resolved, returned;
		if (d->status == SYNC_NEW)
			continue;
		our_status(d, &resolved, &returned);
		if (dossier_events(&a, d, resolved, e) < 0) {
			err_prefix(e, "%s", d->label);
			goto out;
		}
	}
	st->dossiers += (long)b->nd;
	st->progress += (long)b->npr;
	r = 0;
out:
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(a.st[i]);
	free(a.ev);
	return r;
}
