/*
 * The statistics' pass over the dossiers (ss_stream): each dossier of the
 * snapshot judged at now (its timeline) and counted into core/stats and
 * the service index, in code order.
 *
 * What a dossier brings (struct si_dossier) is written, as the pass reads
 * it from the snapshot in one ordered scan, to the statistics' input file
 * (stats_input.h), for later runs to take the unchanged dossiers from.
 *
 * The file may be saved at any point of the run: each record is used only
 * while its dossier's fingerprint is the same, whatever dstate.c and
 * state.c say, so no order of saving can pair it with the wrong rows.
 */
#include <stdlib.h>
#include <string.h>

#include "index766.h"
#include "stats_input.h"
#include "stats_site.h"
#include "store.h"

struct evbuf {
	struct ev *v;
	int n, cap;
	int bad; /* an event that cannot be read */
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

/* Parse the event row of EV (dossier_code, at, kind, step_no, new_due_at)
 * into *OUT; -1 when it is malformed. */
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

static int
add_event(sqlite3_stmt *ev, struct evbuf *b, struct err *e)
{
	struct ev x;

	if (parse_event(ev, &x) < 0)
		b->bad = 1;
	else if (evbuf_push(b, &x, e) < 0)
		return -1;
	return 0;
}

/* Collect the events of dossier CODE from the ordered event cursor EV,
 * whose last step result is *RC. */
static int
collect_events(sqlite3_stmt *ev, int *rc, const char *code, struct evbuf *b, struct err *e)
{
	b->n = 0;
	b->bad = 0;
	while (*rc == SQLITE_ROW) {
		int c = strcmp(store_text(ev, 0), code);
		if (c > 0)
			break;
		/* c < 0: events of a dossier the snapshot does not hold. */
		if (c == 0 && add_event(ev, b, e) < 0)
			return -1;
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

static int
process_index(const struct ss *s, int64_t id)
{
	for (int lo = 0, hi = s->nps - 1; lo <= hi;) {
		int mid = (lo + hi) / 2;
		if (s->ps[mid].id == id)
			return mid;
		if (s->ps[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The dossier of row DS (code, procedure_code, process_id, agency_code,
 * channel, received_at) with the events of B, into *D (borrowing both). */
static void
from_row(const struct ss *s, sqlite3_stmt *ds, const struct evbuf *b, struct si_dossier *d)
{
	const char *rec = store_text(ds, 5);
	char canon[CLOCK_INSTANT_LEN + 1];
	struct err ignored = {""};

	memset(d, 0, sizeof *d);
	d->code = store_text(ds, 0);
	d->code_hash = pub_hash_str(d->code);
	d->agency = ss_agency_index(s, store_text(ds, 3));
	d->procedure = ss_procedure_index(s, store_text(ds, 1));
	d->process = process_index(s, sqlite3_column_int64(ds, 2));
	d->channel = stats_channel_parse(store_text(ds, 4));
	if (clock_parse_instant(rec, &d->received, &ignored) < 0)
		d->flags |= SI_BAD_RECEIVED | SI_ODD_RECEIVED, d->received = 0;
	else if (sqlite3_column_type(ds, 5) == SQLITE_NULL ||
	         strcmp(clock_format_instant(d->received, canon), rec) != 0)
		d->flags |= SI_ODD_RECEIVED;
	if (b->bad)
		d->flags |= SI_BAD_EVENT;
	else
		d->ev = b->v, d->nev = b->n;
}

/* Judge dossier D and count it; one that cannot be judged (unknown
 * reference, inconsistent event log) is counted as skipped. */
static void
one_dossier(struct ss *s, const struct si_dossier *d)
{
	struct timeline_input in;
	struct timeline tl;
	struct stats_dossier sd;
	struct err ignored = {""};
	tmin_t withdrawn = 0;
	int pi = d->process;

	if (d->agency < 0 || d->procedure < 0 || pi < 0 || d->channel < 0 ||
	    d->flags & (SI_BAD_EVENT | SI_BAD_RECEIVED) || s->ps[pi].nsteps < 1)
		goto skip;
	memset(&in, 0, sizeof in);
	memset(&sd, 0, sizeof sd);
	sd.agency = d->agency;
	sd.procedure = d->procedure;
	sd.process = pi;
	sd.channel = (enum stats_channel)d->channel;
	in.received = d->received;
	in.nsteps = s->ps[pi].nsteps;
	for (int k = 0; k < in.nsteps; k++)
		in.allowance_min[k] = s->ps[pi].steps[k].allowance_min;
	in.events = d->ev;
	in.nevents = d->nev;
	in.now = s->now;
	for (int i = 0; i < d->nev && !withdrawn; i++)
		if (d->ev[i].kind == EV_WITHDRAWN)
			withdrawn = d->ev[i].at;
	if (timeline_compute(s->cal, &in, &tl, &ignored) < 0)
		goto skip;
	bound_dossier(s, &in, &tl);
	sd.received = in.received;
	sd.ended = tl.resolved ? tl.resolved : tl.withdrawn ? withdrawn : 0;
	sd.tl = &tl;
	if (stats_add(s->st, &sd, &ignored) < 0 ||
	    idx766_add(s->x, &sd, d->ev, d->nev, &ignored) < 0)
		goto skip;
	s->dossiers++;
	return;
skip:
	if (!s->skipped)
		snprintf(s->first_skipped, sizeof s->first_skipped, "%s", d->code);
	s->skipped++;
}

/* The accumulators, periods starting with the month of FIRST (HAVE_FIRST;
 * else of the snapshot's first reception, as SQL finds it). */
static int
make_stats(struct ss *s, int have_first, tmin_t first, struct err *e)
{
	struct stats_config cfg;
	struct stats_agency *ag = calloc((size_t)s->nag + 1, sizeof *ag);
	int *pf = calloc((size_t)s->npr + 1, sizeof *pf),
	    *pn = calloc((size_t)s->nps + 1, sizeof *pn);
	sqlite3_stmt *st = NULL;
	int r = -1;

	if (!ag || !pf || !pn) {
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
	if (have_first) {
		if (first < s->now)
			cfg.first = first;
	} else if (!(st = store_prepare(s->db, "SELECT min(received_at) FROM dossiers", e))) {
		goto out;
	} else if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		struct err ignored = {""};
		tmin_t t;
		if (clock_parse_instant(store_text(st, 0), &t, &ignored) == 0 && t < s->now)
			cfg.first = t;
	}
	if ((s->st = stats_new(&cfg, e)) && (s->x = idx766_new(s->st, e)))
		r = 0;
out:
	sqlite3_finalize(st);
	free(ag);
	free(pf);
	free(pn);
	return r;
}

/* What the indexes of the records mean: the reference tables' keys in
 * index order (FNV-1a; the publisher's gfp covers their contents). */
static uint64_t
ref_fp(const struct ss *s)
{
	uint64_t h = 14695981039346656037u;

#define FOLD(p, n)                                                                                 \
	do {                                                                                       \
		const unsigned char *q_ = (const unsigned char *)(p);                              \
		for (size_t i_ = 0; i_ < (n); i_++)                                                \
			h = (h ^ q_[i_]) * 1099511628211u;                                         \
	} while (0)
	for (int i = 0; i < s->nag; i++)
		FOLD(s->ag[i].code, strlen(s->ag[i].code) + 1);
	FOLD("|", 1);
	for (int i = 0; i < s->npr; i++)
		FOLD(s->pr[i].code, strlen(s->pr[i].code) + 1);
	FOLD("|", 1);
	for (int i = 0; i < s->nps; i++)
		FOLD(&s->ps[i].id, sizeof s->ps[i].id);
#undef FOLD
	return h;
}

/* Count D and write it to W (when there is one). */
static int
take(struct ss *s, struct si_writer *w, const struct si_dossier *d, struct err *e)
{
	one_dossier(s, d);
	return w ? si_writer_put(w, d, e) : 0;
}

/* Every dossier from one ordered scan of the snapshot; the file written
 * anew when the run has one and every dossier is in s->run->dossiers. */
static int
stream_all(struct ss *s, struct err *e)
{
	const struct drec_set *nd = s->run ? s->run->dossiers : NULL;
	struct si_writer *w = NULL;
	sqlite3_stmt *ds = NULL, *ev = NULL;
	struct evbuf b = {0};
	int drc, erc, r = -1;

	if (make_stats(s, 0, 0, e) < 0)
		return -1;
	if (s->run && s->run->input_path && nd && !(w = si_writer_open(s->run->input_path, e)))
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
		struct si_dossier d;
		const struct drec *dr;
		if (collect_events(ev, &erc, store_text(ds, 0), &b, e) < 0)
			goto out;
		from_row(s, ds, &b, &d);
		/* A dossier the state does not know (it cannot happen: the
		 * snapshot holds what the state lists): no file this run. */
		if (w && !(dr = drec_find(nd, d.code_hash)))
			si_writer_abort(w), w = NULL;
		else if (w)
			d.src = dr->src;
		if (take(s, w, &d, e) < 0)
			goto out;
	}
	if (drc != SQLITE_DONE) {
		err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	if ((r = stats_finish(s->st, e)) == 0 && w) {
		r = si_writer_commit(w, s->run->gfp, ref_fp(s), e);
		w = NULL;
	}
out:
	si_writer_abort(w);
	sqlite3_finalize(ds);
	sqlite3_finalize(ev);
	free(b.v);
	return r;
}

int
ss_stream(struct ss *s, struct err *e)
{
	int r = stream_all(s, e);

	if (r < 0)
		err_prefix(e, "statistics");
	return r;
}
