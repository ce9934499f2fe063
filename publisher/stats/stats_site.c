/*
 * stats_site: the publisher's statistics pages (publisher/pub.h).
 * Everything is recomputed from the snapshot on each
 * run, in one streaming pass over dossiers and events ordered by dossier
 * code into per-(entity, period) counters: 10-13 s for 1,000,000 dossiers
 * and 11.2 million events on two shared cores, 25 MB peak RSS
 * (bench/b0400-stats.sh), fast enough that incremental bookkeeping would
 * buy little but risk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index766.h"
#include "satisfaction_page.h"
#include "stats_site.h"
#include "store.h"

struct evbuf {
	struct ev *v;
	int n, cap;
	tmin_t withdrawn; /* instant of a withdrawal, 0 when none */
	int bad;          /* an event that cannot be read */
};

static int
evbuf_push(struct evbuf *b, const struct ev *ev, struct err *e)
{
	if (b->n == b->cap) {
		int cap = b->cap ? b->cap * 2 : 64;
		struct ev *v = realloc(b->v, sizeof *v * (size_t)cap);
		if (!v)
			return err_set(e, "out of memory");
		b->v = v;
		b->cap = cap;
	}
	b->v[b->n++] = *ev;
	return 0;
}

/* Parse the event row of EV into *OUT; -1 when it is malformed. */
static int
parse_event(sqlite3_stmt *ev, struct ev *out)
{
	struct err e = {""};
	const char *nd = store_text(ev, 4);
	int kind = ev_kind_parse(store_text(ev, 2));

	memset(out, 0, sizeof *out);
	if (kind < 0 || clock_parse_instant(store_text(ev, 1), &out->at, &e) < 0)
		return -1;
	out->kind = (enum ev_kind)kind;
	out->step_no = sqlite3_column_int(ev, 3);
	if (*nd && clock_parse_instant(nd, &out->new_due, &e) < 0)
		return -1;
	return 0;
}

/* Collect the events of dossier CODE from the ordered event cursor EV,
 * whose last step result is *RC. */
static int
collect_events(sqlite3_stmt *ev, int *rc, const char *code, struct evbuf *b, struct err *e)
{
	b->n = 0;
	b->withdrawn = 0;
	b->bad = 0;
	while (*rc == SQLITE_ROW) {
		int c = strcmp(store_text(ev, 0), code);
		struct ev x;
		if (c > 0)
			break;
		if (c == 0) {
			if (parse_event(ev, &x) < 0)
				b->bad = 1;
			else if (evbuf_push(b, &x, e) < 0)
				return -1;
			else if (x.kind == EV_WITHDRAWN && !b->withdrawn)
				b->withdrawn = x.at;
		}
		/* c < 0: events of a dossier the snapshot does not hold. */
		*rc = sqlite3_step(ev);
	}
	if (*rc != SQLITE_ROW && *rc != SQLITE_DONE)
		return err_set(e, "events: %s", sqlite3_errstr(*rc));
	return 0;
}

/* Instant T as a bound of the interval [since, next) over which the
 * figures read the same (struct ss). */
static void
bound(struct ss *s, tmin_t t)
{
	if (t <= s->now) {
		if (t > s->since_data)
			s->since_data = t;
		if (t > s->since)
			s->since = t;
	} else if (t < s->next) {
		s->next = t;
	}
}

/* The same for the minute a result leaves the 6-month window: only the
 * figures over the window change then. */
static void
bound_window(struct ss *s, tmin_t t)
{
	if (t <= s->now) {
		if (t > s->since)
			s->since = t;
	} else if (t < s->next) {
		s->next = t;
	}
}

/* The instants at which dossier TL (computed at now, from IN) changes
 * the figures: its reception and events (stats count what happened before
 * now: T and the minute after, whichever way a comparison goes), the due
 * time of a pending dossier whose clock runs (within time becomes
 * overdue; while a stop is open the due moves with now and the verdict
 * cannot flip), and, today, the minute a result or a finished step
 * leaves the 6-month window (which slides with now's time of day). */
static void
bound_dossier(struct ss *s, const struct timeline_input *in, const struct timeline *tl)
{
	tmin_t win = stats_window_start(s->st);

	bound(s, in->received);
	bound(s, in->received + 1);
	for (int i = 0; i < in->nevents; i++) {
		bound(s, in->events[i].at);
		bound(s, in->events[i].at + 1);
	}
	if (!tl->resolved && !tl->withdrawn &&
	    !(tl->nstops > 0 && tl->stops[tl->nstops - 1].to == 0)) {
		tmin_t due[2] = {tl->due, tl->new_due};
		for (int k = 0; k < 2; k++)
			if (due[k]) {
				bound(s, due[k]);
				bound(s, due[k] + 1);
			}
	}
	if (tl->resolved && tl->resolved >= win - CLOCK_MIN_PER_DAY)
		bound_window(s, s->now + (tl->resolved - win) + 1);
	if (tl->withdrawn && tl->resolved == 0)
		for (int i = 0; i < in->nevents; i++)
			if (in->events[i].kind == EV_WITHDRAWN)
				bound_window(s, s->now + (in->events[i].at - win) + 1);
	for (int i = 0; i < tl->nsteps; i++)
		if (tl->steps[i].state == STEP_DONE &&
		    tl->steps[i].finished >= win - CLOCK_MIN_PER_DAY)
			bound_window(s, s->now + (tl->steps[i].finished - win) + 1);
}

void
ss_bound(struct ss *s, tmin_t t)
{
	bound(s, t);
}

tmin_t
ss_as_of(const struct ss *s, tmin_t t)
{
	return t - (s->now - s->since);
}

/* Judge one dossier row of DS and count it; a row that cannot be judged
 * (unknown reference, inconsistent event log) is counted as skipped. */
static int
one_dossier(struct ss *s, sqlite3_stmt *ds, const struct evbuf *b, struct err *e)
{
	struct timeline_input in;
	struct timeline tl;
	struct stats_dossier d;
	struct err ignored = {""};
	int ch = stats_channel_parse(store_text(ds, 4)), pi;

	memset(&d, 0, sizeof d);
	d.agency = ss_agency_index(s, store_text(ds, 3));
	d.procedure = ss_procedure_index(s, store_text(ds, 1));
	pi = d.process = -1;
	for (int lo = 0, hi = s->nps - 1; lo <= hi;) {
		int mid = (lo + hi) / 2;
		int64_t id = sqlite3_column_int64(ds, 2);
		if (s->ps[mid].id == id) {
			pi = mid;
			break;
		}
		if (s->ps[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	memset(&in, 0, sizeof in);
	if (d.agency < 0 || d.procedure < 0 || pi < 0 || ch < 0 || b->bad || s->ps[pi].nsteps < 1 ||
	    clock_parse_instant(store_text(ds, 5), &in.received, &ignored) < 0)
		goto skip;
	d.process = pi;
	d.channel = (enum stats_channel)ch;
	in.nsteps = s->ps[pi].nsteps;
	for (int k = 0; k < in.nsteps; k++)
		in.allowance_min[k] = s->ps[pi].steps[k].allowance_min;
	in.events = b->v;
	in.nevents = b->n;
	in.now = s->now;
	if (timeline_compute(s->cal, &in, &tl, &ignored) < 0)
		goto skip;
	bound_dossier(s, &in, &tl);
	d.received = in.received;
	d.ended = tl.resolved ? tl.resolved : tl.withdrawn ? b->withdrawn : 0;
	d.tl = &tl;
	if (stats_add(s->st, &d, &ignored) < 0 || idx766_add(s->x, &d, b->v, b->n, &ignored) < 0)
		goto skip;
	s->dossiers++;
	return 0;
skip:
	if (!s->skipped)
		snprintf(s->first_skipped, sizeof s->first_skipped, "%s", store_text(ds, 0));
	s->skipped++;
	(void)e;
	return 0;
}

static int
make_stats(struct ss *s, struct err *e)
{
	struct stats_config cfg;
	struct stats_agency *ag = calloc((size_t)s->nag + 1, sizeof *ag);
	int *pf = calloc((size_t)s->npr + 1, sizeof *pf),
	    *pn = calloc((size_t)s->nps + 1, sizeof *pn);
	sqlite3_stmt *st = store_prepare(s->db, "SELECT min(received_at) FROM dossiers", e);
	int r = -1;

	if (!ag || !pf || !pn || !st) {
		if (st)
			err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < s->nag; i++)
		ag[i] = (struct stats_agency){s->ag[i].level, s->ag[i].successor};
	for (int i = 0; i < s->npr; i++)
		pf[i] = s->pr[i].field;
	for (int i = 0; i < s->nps; i++)
		pn[i] = s->ps[i].nsteps;
	cfg = (struct stats_config){.nagencies = s->nag,
	                            .agencies = ag,
	                            .nprocedures = s->npr,
	                            .procedure_field = pf,
	                            .nfields = s->nfi,
	                            .nprocesses = s->nps,
	                            .process_nsteps = pn,
	                            .first = s->now,
	                            .now = s->now};
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		struct err ignored = {""};
		tmin_t t;
		if (clock_parse_instant(store_text(st, 0), &t, &ignored) == 0 && t < s->now)
			cfg.first = t;
	}
	s->st = stats_new(&cfg, e);
	r = s->st ? 0 : -1;
out:
	sqlite3_finalize(st);
	free(ag);
	free(pf);
	free(pn);
	return r;
}

int
ss_stream(struct ss *s, struct err *e)
{
	sqlite3_stmt *ds = NULL, *ev = NULL;
	struct evbuf b = {0};
	int drc, erc, r = -1;

	if (make_stats(s, e) < 0 || !(s->x = idx766_new(s->st, e)))
		return -1;
	ds = store_prepare(s->db,
	                   "SELECT code, procedure_code, process_id, agency_code, channel,"
	                   " received_at FROM dossiers ORDER BY code",
	                   e);
	ev = store_prepare(s->db,
	                   "SELECT dossier_code, at, kind, step_no, new_due_at"
	                   " FROM events ORDER BY dossier_code, seq",
	                   e);
	if (!ds || !ev)
		goto out;
	erc = sqlite3_step(ev);
	while ((drc = sqlite3_step(ds)) == SQLITE_ROW) {
		if (collect_events(ev, &erc, store_text(ds, 0), &b, e) < 0 ||
		    one_dossier(s, ds, &b, e) < 0)
			goto out;
	}
	if (drc != SQLITE_DONE) {
		err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	r = stats_finish(s->st, e);
out:
	sqlite3_finalize(ds);
	sqlite3_finalize(ev);
	free(b.v);
	if (r < 0)
		err_prefix(e, "statistics");
	return r;
}

/* What stats_site_count hands the publisher: the run's figures, counted,
 * their pages not yet written. */
struct stats_counted {
	struct ss s;
};

/* Count everything as of NOW into S (zeroed first): reference data,
 * dossiers, ratings.  Returns 0, or -1 with E set; release() either way. */
static int
count(struct ss *s, sqlite3 *snap, const struct clock_cal *cal, const char *site_dir, tmin_t now,
      struct err *e)
{
	memset(s, 0, sizeof *s);
	s->db = snap;
	s->cal = cal;
	s->site = site_dir;
	emit_init(&s->em, site_dir);
	s->now = now;
	s->today = (day_t)(now / CLOCK_MIN_PER_DAY);
	/* Dates (periods, the roadmap's deadlines) turn at midnight. */
	s->since = s->since_data = (tmin_t)s->today * CLOCK_MIN_PER_DAY;
	s->next = s->since + CLOCK_MIN_PER_DAY;
	if (ss_load(s, e) < 0 || ss_stream(s, e) < 0 || ss_ratings_load(s, e) < 0)
		return -1;
	clock_format_instant(s->since_data, s->as_of);
	return 0;
}

/* Write every page and data file of S, counted. */
static int
write_pages(struct ss *s, struct err *e)
{
	return ss_report_write(s, e) < 0 || ss_satisfaction_write(s, e) < 0 ||
	               ss_index766_write(s, e) < 0 || ss_times_write(s, e) < 0 ||
	               ss_roadmap_write(s, e) < 0 || ss_dict_write(s, e) < 0 || ss_flush(s, e) < 0
	           ? -1
	           : 0;
}

static void
release(struct ss *s)
{
	ss_held_free(s);
	ss_ratings_free(s);
	idx766_free(s->x);
	ss_free(s);
}

int
stats_site_write(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir, tmin_t now,
                 struct err *e)
{
	struct ss s;
	int r = count(&s, snap, cal, site_dir, now, e) < 0 || write_pages(&s, e) < 0 ? -1 : 0;

	release(&s);
	return r;
}

/* The stamp file: one line, "ss-stamp 1 ID NOW NEXT" (ID in hex, instants
 * in minutes): the pages of snapshot ID computed at NOW read the same
 * until NEXT. */
#define STAMP_TAG "ss-stamp 1"

static int
stamp_fresh(const struct stats_run *run)
{
	FILE *f = fopen(run->stamp_path, "r");
	unsigned long long id;
	long long from, next;
	int ok;

	if (!f)
		return 0;
	ok = fscanf(f, STAMP_TAG " %llx %lld %lld", &id, &from, &next) == 3;
	fclose(f);
	return ok && id == run->snapshot_id && from <= run->now && run->now < next;
}

static int
stamp_write(const struct stats_run *run, tmin_t next, struct err *e)
{
	struct afile a;

	if (afile_open(&a, run->stamp_path, 0644, 1, e) < 0)
		return -1;
	if (fprintf(a.f, STAMP_TAG " %llx %lld %lld\n", (unsigned long long)run->snapshot_id,
	            (long long)run->now, (long long)next) < 0) {
		afile_abort(&a);
		return err_set(e, "%s: write error", run->stamp_path);
	}
	return afile_commit(&a, 0, e);
}

int
stats_site_count(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir,
                 const struct stats_run *run, int *skipped, struct stats_counted **out,
                 struct err *e)
{
	struct stats_counted *c;

	*skipped = 0;
	*out = NULL;
	if (run->snapshot_kept && !run->full && !run->fresh && stamp_fresh(run)) {
		*skipped = 1;
		return 0;
	}
	/* No stamp while the pages are being rewritten (the site's pages
	 * with these figures, then the statistics'): a run killed now must
	 * not leave them marked as current. */
	if (unlink(run->stamp_path) < 0 && errno != ENOENT)
		return err_set(e, "%s: %s", run->stamp_path, strerror(errno));
	if (!(c = malloc(sizeof *c)))
		return err_set(e, "out of memory");
	if (count(&c->s, snap, cal, site_dir, run->now, e) < 0) {
		stats_counted_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

const struct stats *
stats_counted_stats(const struct stats_counted *c)
{
	return c->s.st;
}

int
stats_counted_agency(const struct stats_counted *c, const char *code)
{
	return code ? ss_agency_index(&c->s, code) : -1;
}

int
stats_counted_procedure(const struct stats_counted *c, const char *code)
{
	return code ? ss_procedure_index(&c->s, code) : -1;
}

int
stats_site_pages(struct stats_counted *c, const struct stats_run *run, struct err *e)
{
	if (write_pages(&c->s, e) < 0)
		return -1;
	return stamp_write(run, c->s.next, e);
}

void
stats_counted_free(struct stats_counted *c)
{
	if (!c)
		return;
	release(&c->s);
	free(c);
}
