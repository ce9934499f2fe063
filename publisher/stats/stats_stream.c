/*
 * The statistics' pass over the dossiers (ss_stream): each dossier of the
 * snapshot judged at now (its timeline) and counted into core/stats and
 * the service index, in code order.
 *
 * What a dossier brings (struct si_dossier) is kept between runs in the
 * statistics' input file (stats_input.h).  A full or verifying run, a
 * first one, or one whose file is missing, foreign or damaged, reads
 * every dossier and its events from the snapshot in one ordered scan and
 * writes the file anew.  Any other run reads from the snapshot, by rowid
 * and key, only the dossiers whose fingerprint (the dossier state's src)
 * differs from their record's or that have none, and takes everyone
 * else's from the file: at a million dossiers the scan and the parsing of
 * 11 million events were most of an incremental run.  Every timeline is
 * computed again at now either way, so the figures are a full run's.
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

/* A dossier read from the snapshot in an incremental run. */
struct fresh {
	struct si_dossier d;
	char *code;
	struct ev *ev;
};

static int
cmp_fresh(const void *a, const void *b)
{
	return strcmp(((const struct fresh *)a)->code, ((const struct fresh *)b)->code);
}

/* What an incremental run reads: the records of F it keeps (KEEP, by
 * record number), the dossiers it reads from the snapshot (FR, NFR of
 * them, in code order), and the first reception over all of them. */
struct plan {
	unsigned char *keep;
	struct fresh *fr;
	size_t nfr, cap;
	int odd;      /* a reception SQL's min() may see otherwise: ask it */
	tmin_t first; /* the earliest reception, INT64_MAX when none */
};

static void
plan_free(struct plan *pl)
{
	for (size_t i = 0; i < pl->nfr; i++)
		free(pl->fr[i].code), free(pl->fr[i].ev);
	free(pl->fr);
	free(pl->keep);
}

static void
note_received(struct plan *pl, tmin_t t, int flags)
{
	if (flags & SI_ODD_RECEIVED)
		pl->odd = 1;
	else if (t < pl->first)
		pl->first = t;
}

/* Read dossier DR from the snapshot (its row by rowid, its events by
 * key) into the plan.  Returns 0, 1 when the state's rowid does not hold
 * it (the caller scans instead), or -1 with E. */
static int
read_fresh(struct ss *s, sqlite3_stmt *ds, sqlite3_stmt *ev, const struct drec *dr, struct plan *pl,
           struct err *e)
{
	struct evbuf b = {0};
	struct fresh *f;
	int rc, r = -1;

	if (dr->rowid <= 0)
		return 1;
	sqlite3_bind_int64(ds, 1, dr->rowid);
	if ((rc = sqlite3_step(ds)) != SQLITE_ROW || pub_hash_str(store_text(ds, 0)) != dr->code) {
		sqlite3_reset(ds);
		return rc == SQLITE_ROW || rc == SQLITE_DONE
		           ? 1
		           : err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_bind_text(ev, 1, store_text(ds, 0), -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(ev)) == SQLITE_ROW)
		if (add_event(ev, &b, e) < 0)
			goto out;
	if (rc != SQLITE_DONE) {
		err_set(e, "events: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	if (pl->nfr == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 256;
		struct fresh *v = realloc(pl->fr, cap * sizeof *v);
		if (!v) {
			err_set(e, "out of memory");
			goto out;
		}
		pl->fr = v;
		pl->cap = cap;
	}
	f = &pl->fr[pl->nfr];
	from_row(s, ds, &b, &f->d);
	if (!(f->code = strdup(f->d.code))) {
		err_set(e, "out of memory");
		goto out;
	}
	f->d.code = f->code;
	f->d.src = dr->src;
	f->ev = b.v;
	b.v = NULL;
	if (f->d.ev)
		f->d.ev = f->ev;
	note_received(pl, f->d.received, f->d.flags);
	pl->nfr++;
	r = 0;
out:
	free(b.v);
	sqlite3_reset(ds);
	sqlite3_reset(ev);
	return r;
}

/* Which records of F stay and which dossiers of ND must be read: a
 * record whose dossier is gone leaves, one whose fingerprint differs is
 * read again, a dossier with no record is read.  Returns 0, 1 when the
 * snapshot cannot be read by the state's rowids, or -1 with E. */
static int
make_plan(struct ss *s, const struct si_file *f, const struct drec_set *nd, struct plan *pl,
          struct err *e)
{
	unsigned char *seen = calloc(nd->n + 1, 1);
	sqlite3_stmt *ds = NULL, *ev = NULL;
	struct si_cursor c;
	size_t rec = 0;
	int r = -1;

	pl->first = INT64_MAX;
	if (!seen || !(pl->keep = calloc(si_count(f) + 1, 1))) {
		err_set(e, "out of memory");
		goto out;
	}
	for (si_first(f, &c); si_more(&c); si_skip(&c), rec++) {
		uint64_t ch, src;
		const char *code;
		const struct drec *dr;
		tmin_t t;
		int flags;
		si_peek(&c, &ch, &src, &code, &t, &flags);
		if (!(dr = drec_find(nd, ch)))
			continue; /* no longer in the snapshot */
		seen[dr - nd->v] = 1;
		if (dr->src == src)
			pl->keep[rec] = 1, note_received(pl, t, flags);
		else
			seen[dr - nd->v] = 2;
	}
	ds = store_prepare(s->db,
	                   "SELECT code, procedure_code, process_id, agency_code, channel,"
	                   " received_at FROM dossiers WHERE rowid = ?1",
	                   e);
	ev = store_prepare(s->db,
	                   "SELECT dossier_code, at, kind, step_no, new_due_at"
	                   " FROM events WHERE dossier_code = ?1 ORDER BY seq",
	                   e);
	if (!ds || !ev)
		goto out;
	for (size_t i = 0; i < nd->n; i++)
		if (seen[i] != 1 && (r = read_fresh(s, ds, ev, &nd->v[i], pl, e)) != 0)
			goto out;
	if (pl->nfr)
		qsort(pl->fr, pl->nfr, sizeof *pl->fr, cmp_fresh);
	r = 0;
out:
	sqlite3_finalize(ds);
	sqlite3_finalize(ev);
	free(seen);
	return r;
}

/* The kept records of F and the dossiers read (PL) merged in code order:
 * each counted and written to W. */
static int
merge(struct ss *s, const struct si_file *f, const struct plan *pl, struct si_writer *w,
      struct err *e)
{
	struct si_cursor c;
	struct ev *buf = NULL;
	size_t rec = 0, j = 0;
	int cap = 0, r = -1;

	si_first(f, &c);
	while (si_more(&c) || j < pl->nfr) {
		struct si_dossier d;
		if (j < pl->nfr) {
			uint64_t ch, src;
			const char *code = NULL;
			tmin_t t;
			int flags;
			if (si_more(&c))
				si_peek(&c, &ch, &src, &code, &t, &flags);
			if (!code || strcmp(pl->fr[j].code, code) <= 0) {
				if (take(s, w, &pl->fr[j++].d, e) < 0)
					goto out;
				continue;
			}
		}
		if (!pl->keep[rec++]) {
			si_skip(&c);
			continue;
		}
		if (si_writer_copy(w, &c, e) < 0)
			goto out;
		if (si_next(&c, &d, &buf, &cap) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
		one_dossier(s, &d);
	}
	r = 0;
out:
	free(buf);
	return r;
}

/* The incremental pass: 0 done, 1 not possible this run (the caller
 * scans), -1 with E. */
static int
stream_kept(struct ss *s, struct err *e)
{
	const struct stats_run *run = s->run;
	struct si_file *f;
	struct si_writer *w = NULL;
	struct plan pl = {0};
	const char *why;
	int r;

	if (!run || !run->input_path || !run->dossiers || run->rebuild)
		return 1;
	for (size_t i = 1; i < run->dossiers->n; i++)
		if (run->dossiers->v[i - 1].code >= run->dossiers->v[i].code)
			return 1; /* not sorted: drec_find would miss */
	if (!(f = si_open(run->input_path, run->gfp, ref_fp(s), s->nag, s->npr, s->nps, &why)))
		return 1;
	if ((r = make_plan(s, f, run->dossiers, &pl, e)) != 0)
		goto out;
	r = -1;
	if (make_stats(s, !pl.odd, pl.first, e) < 0 || !(w = si_writer_open(run->input_path, e)) ||
	    merge(s, f, &pl, w, e) < 0 || stats_finish(s->st, e) < 0)
		goto out;
	r = si_writer_commit(w, run->gfp, ref_fp(s), e);
	w = NULL;
out:
	si_writer_abort(w);
	plan_free(&pl);
	si_close(f);
	return r;
}

int
ss_stream(struct ss *s, struct err *e)
{
	int r = stream_kept(s, e);

	if (r == 1)
		r = stream_all(s, e);
	if (r < 0)
		err_prefix(e, "statistics");
	return r;
}
