/*
 * check_dossiers: one pass over the dossiers (by code) merged with one pass
 * over the events (by dossier code, time, id), so a million dossiers cost
 * two index scans and no per-dossier query.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store.h"

#define EVENTS_MAX 512 /* per dossier; more is reported, not judged */

enum {
	D_CODE,
	D_PROCEDURE,
	D_PROCESS,
	D_AGENCY,
	D_RECEIVED,
	D_DUE,
	D_NEW_DUE,
	D_STATUS,
	D_RESOLVED,
	D_RETURNED,
	D_UPDATED,
	D_NCOLS
};

struct drow {
	char text[D_NCOLS][48]; /* "" for NULL */
	int64_t process_id;
};

struct elog {
	int n, overflow;
	struct ev ev[EVENTS_MAX];
	int64_t id[EVENTS_MAX];
	char bad[128]; /* first event that could not be read */
};

/* Parse instant S (may be ""), reporting a malformed one.  0 when empty. */
static int
instant(struct chk *c, const char *code, const char *col, const char *s, tmin_t *out)
{
	struct err e;

	*out = 0;
	if (!*s)
		return 0;
	if (clock_parse_instant(s, out, &e) < 0) {
		chk_report(c, 1, "dossier %s: %s '%s': %s", code, col, s, e.msg);
		return -1;
	}
	return 0;
}

/* The code carries the agency and the receipt day. */
static void
check_code(struct chk *c, const struct drow *d, tmin_t received)
{
	struct dossier_code dc;
	struct err e;
	int y, m, md;
	const char *code = d->text[D_CODE];

	if (code_parse(code, strlen(code), &dc, &e) < 0) {
		chk_report(c, 1, "dossier %s: malformed code: %s", code, e.msg);
		return;
	}
	if (strcmp(dc.agency, d->text[D_AGENCY]) != 0)
		chk_report(c, 1, "dossier %s: code names agency %s, agency_code is %s", code,
		           dc.agency, d->text[D_AGENCY]);
	clock_civil((day_t)(received / CLOCK_MIN_PER_DAY), &y, &m, &md);
	if (dc.year != y || dc.month != m || dc.mday != md)
		chk_report(c, 1, "dossier %s: code's day is not received_at %s", code,
		           d->text[D_RECEIVED]);
}

/* The process must be the agency's for this procedure, in force that day. */
static const struct c_process *
check_process(struct chk *c, const struct drow *d, day_t day)
{
	const char *code = d->text[D_CODE];
	const struct c_process *p = chk_process(c, d->process_id);
	const struct c_agency *a = chk_agency(c, d->text[D_AGENCY]);

	if (!a)
		chk_report(c, 1, "dossier %s: agency_code %s: no such agency", code,
		           d->text[D_AGENCY]);
	else if (day < a->from || day > a->to)
		chk_report(c, 0, "dossier %s: received when agency %s did not exist", code,
		           a->code);
	if (!p) {
		chk_report(c, 1, "dossier %s: process_id %lld: no such process", code,
		           (long long)d->process_id);
		return NULL;
	}
	if (strcmp(p->agency, d->text[D_AGENCY]) != 0 ||
	    strcmp(p->procedure, d->text[D_PROCEDURE]) != 0)
		chk_report(c, 1,
		           "dossier %s: process %lld is agency %s's for procedure %s, not "
		           "%s's for %s",
		           code, (long long)p->id, p->agency, p->procedure, d->text[D_AGENCY],
		           d->text[D_PROCEDURE]);
	else if (day < p->from || day > p->to)
		chk_report(c, 1, "dossier %s: process %lld was not in force on the day received",
		           code, (long long)p->id);
	return p->usable ? p : NULL;
}

/* Steps run in order: step k starts after step k-1 is done, the result
 * comes after the last step. */
static void
check_sequence(struct chk *c, const char *code, const struct elog *l, int nsteps)
{
	int cur = 0, active = 0;

	for (int i = 0; i < l->n; i++) {
		const struct ev *x = &l->ev[i];
		const char *why = NULL;
		if (x->kind == EV_STEP_START && (x->step_no != cur + 1 || active))
			why = "starts out of order";
		else if (x->kind == EV_STEP_DONE && (x->step_no != cur || !active))
			why = "is done without having started";
		else if (x->kind == EV_RESULT_READY && (cur != nsteps || active))
			why = "result_ready before the last step was done";
		if (why) {
			chk_report(c, 1, "dossier %s: event %lld (%s, step %d) %s", code,
			           (long long)l->id[i], ev_kind_name(x->kind), x->step_no, why);
			return;
		}
		if (x->kind == EV_STEP_START || x->kind == EV_STEP_DONE) {
			cur = x->step_no;
			active = x->kind == EV_STEP_START;
		}
	}
}

/* The status the event log implies, as timeline_compute reads it. */
static const char *
implied_status(const struct timeline *t)
{
	if (t->withdrawn)
		return "withdrawn";
	if (t->rejected)
		return "rejected";
	if (t->returned)
		return "returned";
	if (t->resolved)
		return "ready";
	if (t->nstops && t->stops[t->nstops - 1].to == 0)
		return t->stops[t->nstops - 1].supplement ? "supplement" : "paused";
	return "processing";
}

static void
same_instant(struct chk *c, const char *code, const char *col, tmin_t have, tmin_t want)
{
	char a[CLOCK_INSTANT_LEN + 1], b[CLOCK_INSTANT_LEN + 1];

	if (have == want)
		return;
	chk_report(c, 1, "dossier %s: %s is %s, the events say %s", code, col,
	           have ? clock_format_instant(have, a) : "empty",
	           want ? clock_format_instant(want, b) : "empty");
}

/* The row against what its events imply. */
static void
check_timeline(struct chk *c, const struct drow *d, const struct c_process *p, tmin_t received,
               const struct elog *l)
{
	struct timeline_input in = {.received = received,
	                            .nsteps = p->nsteps,
	                            .events = l->ev,
	                            .nevents = l->n,
	                            .now = c->now};
	struct timeline t;
	const char *code = d->text[D_CODE];
	tmin_t resolved, returned, new_due;
	struct err e;

	memcpy(in.allowance_min, p->allow, sizeof in.allowance_min);
	if (timeline_compute(c->cal, &in, &t, &e) < 0) {
		chk_report(c, 1, "dossier %s: event log: %s", code, e.msg);
		return;
	}
	if (strcmp(d->text[D_STATUS], implied_status(&t)) != 0)
		chk_report(c, 1, "dossier %s: status '%s', the events say '%s'", code,
		           d->text[D_STATUS], implied_status(&t));
	if (instant(c, code, "resolved_at", d->text[D_RESOLVED], &resolved) == 0)
		same_instant(c, code, "resolved_at", resolved, t.resolved);
	if (instant(c, code, "returned_at", d->text[D_RETURNED], &returned) == 0)
		same_instant(c, code, "returned_at", returned, t.returned);
	if (instant(c, code, "new_due_at", d->text[D_NEW_DUE], &new_due) == 0)
		same_instant(c, code, "new_due_at", new_due, t.new_due);
	check_sequence(c, code, l, p->nsteps);
}

static void
check_one(struct chk *c, const struct drow *d, const struct elog *l)
{
	const char *code = d->text[D_CODE];
	const struct c_process *p;
	char want[CLOCK_INSTANT_LEN + 1];
	tmin_t received, due, updated, last = l->n ? l->ev[l->n - 1].at : 0;

	c->st->dossiers++;
	c->st->events += l->n;
	if (instant(c, code, "received_at", d->text[D_RECEIVED], &received) < 0 || !received)
		return;
	check_code(c, d, received);
	p = check_process(c, d, (day_t)(received / CLOCK_MIN_PER_DAY));
	if (p && instant(c, code, "due_at", d->text[D_DUE], &due) == 0 &&
	    due != clock_add(c->cal, received, p->total))
		chk_report(c, 1, "dossier %s: due_at %s, the working-time clock gives %s", code,
		           d->text[D_DUE],
		           clock_format_instant(clock_add(c->cal, received, p->total), want));
	/* The publisher re-renders what changed since updated_at. */
	if (instant(c, code, "updated_at", d->text[D_UPDATED], &updated) == 0 &&
	    updated < (last > received ? last : received))
		chk_report(c, 1, "dossier %s: updated_at %s is before its last change %s", code,
		           d->text[D_UPDATED],
		           clock_format_instant(last > received ? last : received, want));
	if (l->bad[0]) {
		chk_report(c, 1, "dossier %s: %s", code, l->bad);
		return;
	}
	if (l->overflow) {
		chk_report(c, 0, "dossier %s: more than %d events, not judged", code, EVENTS_MAX);
		return;
	}
	if (last > c->now)
		chk_report(c, 0, "dossier %s: events after now (%s)", code,
		           clock_format_instant(last, want));
	if (p)
		check_timeline(c, d, p, received, l);
}

static void
read_event(struct elog *l, sqlite3_stmt *st)
{
	struct ev *x = &l->ev[l->n];
	int64_t id = sqlite3_column_int64(st, 1);
	const char *at = store_text(st, 2), *kind = store_text(st, 3), *nd = store_text(st, 5);
	struct err e;
	int k;

	if (l->bad[0])
		return;
	if (l->n == EVENTS_MAX) {
		l->overflow = 1;
		return;
	}
	memset(x, 0, sizeof *x);
	l->id[l->n] = id;
	/* Rows come by time, then id: an id smaller than the one before means
	 * an event was logged before something that happened earlier. */
	if (l->n > 0 && id < l->id[l->n - 1])
		snprintf(l->bad, sizeof l->bad,
		         "events out of order: event %lld happened before "
		         "event %lld but was logged after it",
		         (long long)l->id[l->n - 1], (long long)id);
	else if (clock_parse_instant(at, &x->at, &e) < 0)
		snprintf(l->bad, sizeof l->bad, "event %lld: at '%.20s': %.60s", (long long)id, at,
		         e.msg);
	else if ((k = ev_kind_parse(kind)) < 0)
		snprintf(l->bad, sizeof l->bad, "event %lld: unknown kind '%.30s'", (long long)id,
		         kind);
	else if (*nd && clock_parse_instant(nd, &x->new_due, &e) < 0)
		snprintf(l->bad, sizeof l->bad, "event %lld: new_due_at '%.20s': %.60s",
		         (long long)id, nd, e.msg);
	else {
		x->kind = (enum ev_kind)k;
		x->step_no = sqlite3_column_int(st, 4);
		l->n++;
	}
}

/* Report and skip events whose dossier sorts before UPTO (NULL: all left):
 * their dossier does not exist.  Returns the events statement's last rc. */
static int
skip_orphans(struct chk *c, sqlite3_stmt *es, int rc, const char *upto)
{
	char last[64] = "";

	while (rc == SQLITE_ROW && (!upto || strcmp(store_text(es, 0), upto) < 0)) {
		if (strcmp(store_text(es, 0), last) != 0) {
			snprintf(last, sizeof last, "%s", store_text(es, 0));
			chk_report(c, 1, "event %lld: dossier_code %s: no such dossier",
			           (long long)sqlite3_column_int64(es, 1), last);
		}
		rc = sqlite3_step(es);
	}
	return rc;
}

static void
read_dossier(struct drow *d, sqlite3_stmt *ds)
{
	for (int i = 0; i < D_NCOLS; i++)
		snprintf(d->text[i], sizeof d->text[i], "%s", store_text(ds, i));
	d->process_id = sqlite3_column_int64(ds, D_PROCESS);
}

int
check_dossiers(struct chk *c, struct err *e)
{
	sqlite3_stmt *ds = NULL, *es = NULL;
	struct elog *l = malloc(sizeof *l);
	struct drow d;
	struct progress p;
	int drc = SQLITE_DONE, erc = SQLITE_DONE, r = -1;

	if (!l)
		return err_set(e, "out of memory");
	ds = store_prepare(c->db,
	                   "SELECT code, procedure_code, process_id, agency_code, "
	                   "received_at, due_at, new_due_at, status, resolved_at, "
	                   "returned_at, updated_at FROM dossiers ORDER BY code",
	                   e);
	es = ds ? store_prepare(c->db,
	                        "SELECT dossier_code, id, at, kind, step_no, new_due_at "
	                        "FROM events ORDER BY dossier_code, at, id",
	                        e)
	        : NULL;
	if (!es)
		goto out;
	progress_start(&p, "check: dossiers", 0);
	erc = sqlite3_step(es);
	while ((drc = sqlite3_step(ds)) == SQLITE_ROW) {
		read_dossier(&d, ds);
		erc = skip_orphans(c, es, erc, d.text[D_CODE]);
		l->n = l->overflow = 0;
		l->bad[0] = '\0';
		for (; erc == SQLITE_ROW && strcmp(store_text(es, 0), d.text[D_CODE]) == 0;
		     erc = sqlite3_step(es))
			read_event(l, es);
		check_one(c, &d, l);
		progress_update(&p, c->st->dossiers);
	}
	erc = skip_orphans(c, es, erc, NULL);
	progress_end(&p);
	if (drc != SQLITE_DONE || erc != SQLITE_DONE) {
		err_set(e, "reading dossiers and events: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(ds);
	sqlite3_finalize(es);
	free(l);
	return r;
}
