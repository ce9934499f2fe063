/*
 * The statistics' pass over the dossiers: each dossier of the snapshot
 * judged at now (its timeline) and counted into core/stats and the
 * service index, in code order.  In the publisher the page pass reads the
 * dossiers and feeds them here (stats_feed_*), with the timeline its page
 * was made from: one read and one timeline per dossier for both;
 * stats_site_write reads the snapshot itself (ss_stream).
 *
 * What a dossier brings (struct si_dossier) is kept between runs in the
 * statistics' input file (stats_input.h).  A full or verifying run, a
 * first one, or one whose file is missing, foreign or damaged, wants
 * every dossier from the page pass and writes the file anew.  Any other
 * run wants only the dossiers whose fingerprint (the dossier state's src)
 * differs from their record's or that have none (the pages it renders,
 * and those a deferred run rendered), and takes everyone else's from the
 * file: at a million dossiers the scan and the parsing of 11 million
 * events were most of an incremental run.  Every timeline is at now
 * either way, so the figures are a full run's.
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

int
stats_event_parse(sqlite3_stmt *ev, struct ev *out)
{
	return stats_event_parse_text(store_text(ev, 1), store_text(ev, 2),
	                              sqlite3_column_int(ev, 3), store_text(ev, 4), out);
}

int
stats_event_parse_text(const char *at, const char *kind_text, int step_no, const char *nd,
                       struct ev *out)
{
	struct err e = {""};
	int kind = ev_kind_parse(kind_text);

	memset(out, 0, sizeof *out);
	if (kind < 0 || clock_parse_instant(at, &out->at, &e) < 0)
		return -1;
	out->kind = (enum ev_kind)kind;
	out->step_no = step_no;
	if (*nd && clock_parse_instant(nd, &out->new_due, &e) < 0)
		return -1;
	return 0;
}

static int
add_event(sqlite3_stmt *ev, struct evbuf *b, struct err *e)
{
	struct ev x;

	if (stats_event_parse(ev, &x) < 0)
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

/* The dossier of CODE, PROCEDURE, PROCESS, AGENCY, CHANNEL and RECEIVED
 * (its row's text, "" for NULL, which does not parse) with its NEV events
 * EV (none when BAD_EVENT: one could not be read), into *D (borrowing
 * them). */
static void
from_fields(const struct ss *s, const char *code, const char *procedure, int64_t process,
            const char *agency, const char *channel, const char *received, const struct ev *ev,
            int nev, int bad_event, struct si_dossier *d)
{
	char canon[CLOCK_INSTANT_LEN + 1];
	struct err ignored = {""};

	memset(d, 0, sizeof *d);
	d->code = code;
	d->code_hash = pub_hash_str(d->code);
	d->agency = ss_agency_index(s, agency);
	d->procedure = ss_procedure_index(s, procedure);
	d->process = process_index(s, process);
	d->channel = stats_channel_parse(channel);
	if (clock_parse_instant(received, &d->received, &ignored) < 0)
		d->flags |= SI_BAD_RECEIVED | SI_ODD_RECEIVED, d->received = 0;
	else if (strcmp(clock_format_instant(d->received, canon), received) != 0)
		d->flags |= SI_ODD_RECEIVED;
	if (bad_event)
		d->flags |= SI_BAD_EVENT;
	else
		d->ev = ev, d->nev = nev;
}

/* The dossier of row DS (code, procedure_code, process_id, agency_code,
 * channel, received_at) with the events of B, into *D (borrowing both). */
static void
from_row(const struct ss *s, sqlite3_stmt *ds, const struct evbuf *b, struct si_dossier *d)
{
	from_fields(s, store_text(ds, 0), store_text(ds, 1), sqlite3_column_int64(ds, 2),
	            store_text(ds, 3), store_text(ds, 4), store_text(ds, 5), b->v, b->n, b->bad, d);
}

/* The same from the page pass's ROW. */
static void
from_view_row(const struct ss *s, const struct view_row *row, const struct ev *ev, int nev,
              int bad_event, struct si_dossier *d)
{
	from_fields(s, row->code, row->procedure_code, row->process_id, row->agency_code,
	            row->channel, row->received_at, ev, nev, bad_event, d);
}

/* Judge dossier D and count it, with its timeline at now TL when the
 * caller has it (the page pass computed it from the same rows), else
 * computed here; one that cannot be judged (unknown reference,
 * inconsistent event log) is counted as skipped. */
static void
one_dossier(struct ss *s, const struct si_dossier *d, const struct timeline *have)
{
	struct timeline_input in;
	struct timeline tl;
	const struct timeline *t;
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
	if (have)
		t = have;
	else if (timeline_compute(s->cal, &in, &tl, &ignored) == 0)
		t = &tl;
	else
		goto skip;
	bound_dossier(s, &in, t);
	sd.received = in.received;
	sd.ended = t->resolved ? t->resolved : t->withdrawn ? withdrawn : 0;
	sd.tl = t;
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
		cfg.first = ss_first_of(s, store_text(st, 0));
	}
	s->first = cfg.first;
	if ((s->st = stats_new(&cfg, e)) && (s->x = idx766_new(s->st, e)))
		r = 0;
out:
	sqlite3_finalize(st);
	free(ag);
	free(pf);
	free(pn);
	return r;
}

tmin_t
ss_first_of(const struct ss *s, const char *min)
{
	struct err ignored = {""};
	tmin_t t;

	return *min && clock_parse_instant(min, &t, &ignored) == 0 && t < s->now ? t : s->now;
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

/* Every dossier from one ordered scan of the snapshot (stats_site_write:
 * no run, no input file). */
static int
stream_all(struct ss *s, struct err *e)
{
	sqlite3_stmt *ds = NULL, *ev = NULL;
	struct evbuf b = {0};
	int drc, erc, r = -1;

	if (make_stats(s, 0, 0, e) < 0)
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
		if (collect_events(ev, &erc, store_text(ds, 0), &b, e) < 0)
			goto out;
		from_row(s, ds, &b, &d);
		one_dossier(s, &d, NULL);
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

/* The statistics fed by the page pass (stats_feed_*, pub.h).  Either
 * every dossier must come (ALL: a full, verifying or first run, or no
 * usable input file), or only those of run->dossiers whose record in the
 * previous run's file F is missing or of other rows (NEED); the kept
 * records are merged in, in code order, as the fed dossiers come. */
struct stats_feed {
	struct ss *s;
	int all;
	struct si_file *f;
	unsigned char *keep; /* by record number of F */
	unsigned char *need; /* by index in run->dossiers */
	size_t nneed, fed;   /* needed, and needed ones fed */
	struct si_cursor c;
	size_t rec; /* the record number at C */
	struct si_writer *w;
	struct ev *buf;
	int cap;
	const struct drec *cur; /* stats_feed_record's, NULL when none */
};

static void
note_received(int *odd, tmin_t *first, tmin_t t, int flags)
{
	if (flags & SI_ODD_RECEIVED)
		*odd = 1;
	else if (t < *first)
		*first = t;
}

/* The reception of dossier DR (by the state's rowid), into *ODD and
 * *FIRST as its record would bring it.  Returns 0, 1 when the rowid does
 * not hold it, or -1 with E. */
static int
fresh_received(struct ss *s, sqlite3_stmt *st, const struct drec *dr, int *odd, tmin_t *first,
               struct err *e)
{
	char canon[CLOCK_INSTANT_LEN + 1];
	struct err ignored = {""};
	const char *rec;
	tmin_t t;
	int rc, flags = 0;

	if (dr->rowid <= 0)
		return 1;
	sqlite3_bind_int64(st, 1, dr->rowid);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW || pub_hash_str(store_text(st, 0)) != dr->code) {
		sqlite3_reset(st);
		return rc == SQLITE_ROW || rc == SQLITE_DONE
		           ? 1
		           : err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
	}
	rec = store_text(st, 1); /* as from_fields reads it */
	if (clock_parse_instant(rec, &t, &ignored) < 0 ||
	    strcmp(clock_format_instant(t, canon), rec) != 0)
		flags = SI_ODD_RECEIVED;
	note_received(odd, first, t, flags);
	sqlite3_reset(st);
	return 0;
}

/* Which records of F stay and which dossiers of ND must be fed: a
 * record whose dossier is gone leaves, one whose fingerprint differs is
 * fed again, a dossier with no record is fed.  The earliest reception
 * over them all (the periods start with its month) comes from the kept
 * records and, for the dossiers to be fed, from their rows.  Returns 0,
 * 1 when the snapshot cannot be read by the state's rowids, or -1 with E. */
static int
plan(struct stats_feed *fd, const struct drec_set *nd, int *odd, tmin_t *first, struct err *e)
{
	struct ss *s = fd->s;
	sqlite3_stmt *st = NULL;
	struct si_cursor c;
	size_t rec = 0;
	int r = -1;

	*first = INT64_MAX;
	if (!(fd->need = malloc(nd->n + 1)) || !(fd->keep = calloc(si_count(fd->f) + 1, 1)))
		return err_set(e, "out of memory");
	memset(fd->need, 1, nd->n + 1);
	for (si_first(fd->f, &c); si_more(&c); si_skip(&c), rec++) {
		uint64_t ch, src;
		const char *code;
		const struct drec *dr;
		tmin_t t;
		int flags;
		si_peek(&c, &ch, &src, &code, &t, &flags);
		if (!(dr = drec_find(nd, ch)) || dr->src != src)
			continue; /* no longer in the snapshot, or changed */
		fd->need[dr - nd->v] = 0;
		fd->keep[rec] = 1;
		note_received(odd, first, t, flags);
	}
	if (!(st = store_prepare(s->db, "SELECT code, received_at FROM dossiers WHERE rowid = ?1",
	                         e)))
		goto out;
	for (size_t i = 0; i < nd->n; i++) {
		if (!fd->need[i])
			continue;
		fd->nneed++;
		if ((r = fresh_received(s, st, &nd->v[i], odd, first, e)) != 0)
			goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

void
stats_feed_free(struct stats_feed *fd)
{
	if (!fd)
		return;
	si_writer_abort(fd->w);
	si_close(fd->f);
	free(fd->keep);
	free(fd->need);
	free(fd->buf);
	free(fd);
}

/* The incremental feed: 0 ready, 1 not possible this run (every
 * dossier must come), -1 with E. */
static int
open_kept(struct stats_feed *fd, struct err *e)
{
	struct ss *s = fd->s;
	const struct stats_run *run = s->run;
	const char *why;
	tmin_t first;
	int odd = 0, r;

	if (!run->input_path || !run->dossiers || run->rebuild)
		return 1;
	for (size_t i = 1; i < run->dossiers->n; i++)
		if (run->dossiers->v[i - 1].code >= run->dossiers->v[i].code)
			return 1; /* not sorted: drec_find would miss */
	if (!(fd->f = si_open(run->input_path, run->gfp, ref_fp(s), s->nag, s->npr, s->nps, &why)))
		return 1;
	if ((r = plan(fd, run->dossiers, &odd, &first, e)) != 0) {
		si_close(fd->f);
		free(fd->keep), free(fd->need);
		fd->f = NULL, fd->keep = fd->need = NULL, fd->nneed = 0;
		return r;
	}
	if (make_stats(s, !odd, first, e) < 0 || !(fd->w = si_writer_open(run->input_path, e)))
		return -1;
	si_first(fd->f, &fd->c);
	return 0;
}

int
ss_feed_open(struct ss *s, struct stats_feed **out, struct err *e)
{
	struct stats_feed *fd = calloc(1, sizeof *fd);
	const struct stats_run *run = s->run;
	int r;

	*out = NULL;
	if (!fd)
		return err_set(e, "out of memory");
	fd->s = s;
	if ((r = open_kept(fd, e)) == 1) {
		fd->all = 1;
		if (make_stats(s, 0, 0, e) < 0 || (run->input_path && run->dossiers &&
		                                   !(fd->w = si_writer_open(run->input_path, e))))
			r = -1;
		else
			r = 0;
	}
	if (r < 0) {
		stats_feed_free(fd);
		return err_prefix(e, "statistics");
	}
	*out = fd;
	return 0;
}

int
stats_feed_all(const struct stats_feed *fd)
{
	return fd->all;
}

int
stats_feed_needs(const struct stats_feed *fd, uint64_t code_hash)
{
	const struct drec_set *nd = fd->s->run->dossiers;
	const struct drec *dr;

	if (fd->all)
		return 1;
	return (dr = drec_find(nd, code_hash)) != NULL && fd->need[dr - nd->v];
}

/* The kept records of the file before CODE (all of them when NULL)
 * counted and copied; one of CODE itself is passed over (the dossier
 * fed stands for it). */
static int
kept_upto(struct stats_feed *fd, const char *code, struct err *e)
{
	while (si_more(&fd->c)) {
		struct si_dossier d;
		uint64_t ch, src;
		const char *rc;
		tmin_t t;
		int flags, cmp;

		si_peek(&fd->c, &ch, &src, &rc, &t, &flags);
		cmp = code ? strcmp(rc, code) : -1;
		if (cmp > 0)
			break;
		if (cmp == 0 || !fd->keep[fd->rec]) {
			si_skip(&fd->c);
			fd->rec++;
			continue;
		}
		if (si_writer_copy(fd->w, &fd->c, e) < 0)
			return -1;
		if (si_next(&fd->c, &d, &fd->buf, &fd->cap) < 0)
			return err_set(e, "out of memory");
		fd->rec++;
		one_dossier(fd->s, &d, NULL);
	}
	return 0;
}

void
stats_feed_record(struct stats_feed *fd, const struct drec *cur)
{
	fd->cur = cur;
}

int
stats_feed_put(struct stats_feed *fd, const struct view_row *row, const struct ev *ev, int nev,
               int bad_event, const struct timeline *tl, struct err *e)
{
	struct ss *s = fd->s;
	const struct drec_set *nd = s->run->dossiers;
	const struct drec *dr = NULL;
	struct si_dossier d;

	from_view_row(s, row, ev, nev, bad_event, &d);
	if (fd->f && kept_upto(fd, d.code, e) < 0)
		return err_prefix(e, "statistics");
	if (fd->cur && fd->cur->code == d.code_hash)
		dr = fd->cur;
	else if (nd)
		dr = drec_find(nd, d.code_hash);
	if (dr)
		d.src = dr->src;
	if (dr && !fd->all && fd->need[dr - nd->v])
		fd->fed++;
	/* A dossier the state does not know (it cannot happen: the snapshot
	 * holds what the state lists): no file this run. */
	if (!dr && fd->w)
		si_writer_abort(fd->w), fd->w = NULL;
	one_dossier(s, &d, tl);
	if (fd->w && si_writer_put(fd->w, &d, e) < 0)
		return err_prefix(e, "statistics");
	return 0;
}

int
ss_feed_close(struct stats_feed *fd, struct err *e)
{
	struct ss *s = fd->s;
	int r = -1;

	if (fd->f && kept_upto(fd, NULL, e) < 0)
		goto out;
	/* Every dossier the records lack must have come through the pass. */
	if (fd->fed != fd->nneed) {
		err_set(e, "%zu dossiers expected, %zu came", fd->nneed, fd->fed);
		goto out;
	}
	if (stats_finish(s->st, e) < 0)
		goto out;
	r = 0;
	if (fd->w) {
		r = si_writer_commit(fd->w, s->run->gfp, ref_fp(s), e);
		fd->w = NULL;
	}
out:
	if (r < 0)
		err_prefix(e, "statistics");
	return r;
}
