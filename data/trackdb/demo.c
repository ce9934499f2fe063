/*
 * demo: a new database with the embedded seed and N synthetic dossiers
 * received over the 24 months before "now".  Deterministic for a given
 * seed and now: one PRNG stream (rng.c), days generated in order, each
 * day's dossiers sorted by time before their codes are numbered.
 *
 * Speed for a million dossiers: one transaction, statements prepared once,
 * no journal and no fsync while the new file is filled (a failed run
 * deletes the file anyway), and the secondary indexes built after the
 * bulk insert rather than maintained row by row (measured: about 12% less
 * CPU).  A 128 MB page cache: rows are appended at a few hundred hot
 * spots, so more buys little, while at 64 MB the index sort spills to temp
 * files (1M dossiers: 53 s CPU at 128 MB, 67 s at 64 MB, peak RSS 280 MB).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "store.h"

/* Indexes rebuilt after the bulk insert; their SQL is read back from the
 * schema so that it stays the schema's. */
static const struct {
	const char *name, *drop;
} bulk_indexes[] = {
    {"dossiers_agency_received", "DROP INDEX dossiers_agency_received"},
    {"dossiers_procedure_received", "DROP INDEX dossiers_procedure_received"},
    {"dossiers_updated", "DROP INDEX dossiers_updated"},
    {"dossiers_status", "DROP INDEX dossiers_status"},
    {"events_dossier", "DROP INDEX events_dossier"},
};
#define NBULK (sizeof bulk_indexes / sizeof bulk_indexes[0])

struct pending {
	tmin_t received;
	int process;
	enum channel ch;
	long order; /* draw order, to sort ties the same way every time */
};

struct gen {
	const struct demo_opts *o;
	struct world w;
	struct rng r;
	sqlite3 *db;
	sqlite3_stmt *ins_dossier, *ins_event;
	struct pending *day;
	size_t cap;
	int *seq;       /* per agency: last sequence number issued */
	day_t *seq_day; /* per agency: the day it was issued */
	char *index_sql[NBULK];
	struct journal_saved triggers; /* the journal's, out during the bulk load */
	struct demo_stats *st;
	struct progress prog;
	struct life life;
	struct timeline tl;
	struct demo_rater rater;
};

static int
drop_indexes(struct gen *g, struct err *e)
{
	sqlite3_stmt *st = store_prepare(g->db,
	                                 "SELECT sql FROM sqlite_master "
	                                 "WHERE type = 'index' AND name = ?1",
	                                 e);
	int r = -1;

	if (!st)
		return -1;
	for (size_t i = 0; i < NBULK; i++) {
		sqlite3_bind_text(st, 1, bulk_indexes[i].name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    !(g->index_sql[i] = strdup(store_text(st, 0)))) {
			err_set(e, "out of memory");
			goto out;
		}
		/* A schema change waits for the reading statement to finish. */
		sqlite3_reset(st);
		if (g->index_sql[i] && db_exec(g->db, bulk_indexes[i].drop, e) < 0)
			goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int
create_indexes(struct gen *g, struct err *e)
{
	for (size_t i = 0; i < NBULK; i++)
		if (g->index_sql[i] && db_exec(g->db, g->index_sql[i], e) < 0)
			return -1;
	return 0;
}

/* How busy day D is: Mondays most, Fridays less, a trickle of on-line
 * dossiers on days off, and slowly growing as more is done on line. */
static double
day_weight(const struct gen *g, day_t d, day_t d0, day_t d1)
{
	static const double weekday[] = {0, 1.15, 1.0, 1.0, 1.0, 0.9, 1.0, 1.0};
	double w;

	if (world_count(&g->w, d) == 0)
		return 0;
	w = clock_is_working_day(g->w.cal, d) ? weekday[clock_weekday(d)] : 0.06;
	return w * (1 + 0.3 * (double)(d - d0) / (double)(d1 - d0 + 1));
}

/* When a dossier comes in: office hours for the counter and the post, and
 * for most on-line ones; the rest of the on-line ones at any hour (their
 * clock starts at the next opening). */
static tmin_t
pick_time(const struct clock_cal *cal, day_t d, enum channel ch, int working, struct rng *r)
{
	tmin_t day0 = (tmin_t)d * CLOCK_MIN_PER_DAY;
	double w[CLOCK_SESSIONS_MAX];

	if (working && (ch != CH_ONLINE || rng_chance(r, 0.7))) {
		for (int i = 0; i < cal->nsessions; i++) /* mornings are busier */
			w[i] = (cal->sessions[i].closes - cal->sessions[i].opens) *
			       (i == 0 ? 1.3 : 1.0);
		int s = rng_weighted(r, w, cal->nsessions);
		return day0 + rng_range(r, cal->sessions[s].opens, cal->sessions[s].closes - 1);
	}
	if (rng_chance(r, 0.85))
		return day0 + rng_range(r, (int64_t)6 * 60,
		                        (int64_t)23 * 60 - 1); /* mostly waking hours */
	return day0 + rng_range(r, 0, CLOCK_MIN_PER_DAY - 1);
}

static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	if (x->received != y->received)
		return x->received < y->received ? -1 : 1;
	return (x->order > y->order) - (x->order < y->order);
}

/* Today only what came in before now: counter and post in the office
 * hours already past, on line at any earlier minute. */
static void
redraw_before_now(struct gen *g, struct pending *p, tmin_t day0)
{
	int64_t open = clock_between(g->w.cal, day0, g->o->now);

	if (p->ch != CH_ONLINE && open > 0) {
		/* The start of working minute k of the day. */
		p->received =
		    clock_add(g->w.cal, day0, 1 + (int64_t)rng_below(&g->r, (uint64_t)open)) - 1;
		return;
	}
	p->ch = CH_ONLINE;
	p->received = day0 + (tmin_t)rng_below(&g->r, (uint64_t)(g->o->now - day0));
}

/* Draw N dossiers received on day D (before now) into g->day, sorted. */
static int
draw_day(struct gen *g, day_t d, long n, struct err *e)
{
	int working = clock_is_working_day(g->w.cal, d);
	tmin_t day0 = (tmin_t)d * CLOCK_MIN_PER_DAY;

	if ((size_t)n > g->cap) {
		struct pending *p = realloc(g->day, (size_t)n * sizeof *p);
		if (!p)
			return err_set(e, "out of memory");
		g->day = p;
		g->cap = (size_t)n;
	}
	for (long i = 0; i < n; i++) {
		struct pending *p = &g->day[i];
		double u = rng_unit(&g->r);
		p->process = world_pick(&g->w, d, &g->r);
		p->ch = !working || u < 0.35 ? CH_ONLINE : u < 0.93 ? CH_COUNTER : CH_POST;
		p->received = pick_time(g->w.cal, d, p->ch, working, &g->r);
		if (p->received >= g->o->now)
			redraw_before_now(g, p, day0);
		p->order = i;
	}
	qsort(g->day, (size_t)n, sizeof *g->day, cmp_pending);
	return 0;
}

static const char *const channel_names[] = {"counter", "online", "post"};

static void
bind_instant(sqlite3_stmt *st, int i, tmin_t t, char *buf)
{
	if (t)
		sqlite3_bind_text(st, i, clock_format_instant(t, buf), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int
step_reset(sqlite3 *db, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "%s", sqlite3_errmsg(db));
}

/* What a supplement request asks of the citizen, public (events.request),
 * with a deadline of ten working days; the text is picked by the request's
 * instant, not drawn, so the demo's random sequence is the one it was. */
static void
bind_request(struct gen *g, const struct life_ev *x, sqlite3_stmt *st, char *due)
{
	static const char *const asked[] = {
	    "Bản sao có chứng thực Giấy khai sinh của người được đăng ký",
	    "Tờ khai có đủ chữ ký của người yêu cầu (tờ khai đã nộp còn thiếu chữ ký)",
	    "02 ảnh 4x6 cm chụp trong thời gian không quá 6 tháng",
	    "Giấy xác nhận tình trạng hôn nhân (bản chính, còn thời hạn sử dụng)",
	    "Bản chính Giấy chứng nhận quyền sử dụng đất để đối chiếu",
	};

	if (x->ev.kind != EV_SUPPLEMENT_REQUEST) {
		sqlite3_bind_null(st, 8);
		sqlite3_bind_null(st, 9);
		return;
	}
	sqlite3_bind_text(st, 8, asked[(uint64_t)x->ev.at % (sizeof asked / sizeof *asked)], -1,
	                  SQLITE_STATIC);
	bind_instant(st, 9, clock_add(g->w.cal, x->ev.at, 10 * (int64_t)g->w.cal->day_minutes),
	             due);
}

static int
insert_events(struct gen *g, const char *code, struct err *e)
{
	sqlite3_stmt *st = g->ins_event;
	char at[CLOCK_INSTANT_LEN + 1], nd[CLOCK_INSTANT_LEN + 1], actor[96];
	char due[CLOCK_INSTANT_LEN + 1];

	for (int i = 0; i < g->life.nev; i++) {
		const struct life_ev *x = &g->life.ev[i];
		sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
		bind_instant(st, 2, x->ev.at, at);
		sqlite3_bind_text(st, 3, ev_kind_name(x->ev.kind), -1, SQLITE_STATIC);
		if (x->ev.step_no)
			sqlite3_bind_int(st, 4, x->ev.step_no);
		else
			sqlite3_bind_null(st, 4);
		bind_instant(st, 5, x->ev.new_due, nd);
		sqlite3_bind_text(st, 6, life_note_text(x->note), -1, SQLITE_STATIC);
		/* The official who signed what the citizen is told: private, so
		 * the publisher's tests have something to keep out of pages. */
		if (x->note != NOTE_NONE) {
			official_name(&g->r, actor, sizeof actor);
			sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_null(st, 7);
		}
		bind_request(g, x, st, due);
		if (step_reset(g->db, st, e) < 0)
			return -1;
	}
	g->st->events += g->life.nev;
	return 0;
}

static int
insert_dossier(struct gen *g, const struct pending *p, const char *code, struct err *e)
{
	const struct w_process *pr = &g->w.processes[p->process];
	const struct life *l = &g->life;
	sqlite3_stmt *st = g->ins_dossier;
	char t[6][CLOCK_INSTANT_LEN + 1];
	struct person who;

	person_generate(&g->w.agencies[pr->agency], &g->r, &who);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, g->w.procedures[pr->procedure].code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, g->w.agencies[pr->agency].code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, channel_names[p->ch], -1, SQLITE_STATIC);
	bind_instant(st, 5, l->received, t[0]);
	bind_instant(st, 6, l->due, t[1]);
	bind_instant(st, 7, l->new_due, t[2]);
	sqlite3_bind_text(st, 8, l->status, -1, SQLITE_STATIC);
	bind_instant(st, 9, l->resolved, t[3]);
	bind_instant(st, 10, l->returned, t[4]);
	sqlite3_bind_text(st, 11, documents_for(g->w.procedures[pr->procedure].name), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(st, 12, who.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 13, who.id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, who.phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 15, who.address, -1, SQLITE_STATIC);
	bind_instant(st, 16, l->updated, t[5]);
	sqlite3_bind_int64(st, 17, pr->id);
	return step_reset(g->db, st, e);
}

/* Judge the generated life the way the publisher will, for the summary;
 * a failure here is a generator bug. */
static int
tally(struct gen *g, const struct w_process *pr, const char *code, struct err *e)
{
	struct ev evs[LIFE_EV_MAX];
	struct timeline_input in = {.received = g->life.received,
	                            .nsteps = pr->nsteps,
	                            .events = evs,
	                            .nevents = g->life.nev,
	                            .now = g->o->now};

	memcpy(in.allowance_min, pr->allow, sizeof in.allowance_min);
	for (int i = 0; i < g->life.nev; i++)
		evs[i] = g->life.ev[i].ev;
	if (timeline_compute(g->w.cal, &in, &g->tl, e) < 0)
		return err_prefix(e, "generated dossier %s", code);
	g->st->verdicts[g->tl.verdict]++;
	return 0;
}

/* Generate, number and insert the dossiers of day D. */
static int
generate_day(struct gen *g, day_t d, long n, struct err *e)
{
	struct dossier_code dc;
	char code[CODE_DOSSIER_LEN + 1];

	if (draw_day(g, d, n, e) < 0)
		return -1;
	clock_civil(d, &dc.year, &dc.month, &dc.mday);
	for (long i = 0; i < n; i++) {
		const struct pending *p = &g->day[i];
		const struct w_process *pr = &g->w.processes[p->process];
		if (g->seq_day[pr->agency] != d) {
			g->seq_day[pr->agency] = d;
			g->seq[pr->agency] = 0;
		}
		memcpy(dc.agency, g->w.agencies[pr->agency].code, sizeof dc.agency);
		dc.seq = ++g->seq[pr->agency];
		if (code_format(&dc, code) < 0)
			return err_set(e, "agency %s: more than 9999 dossiers on one day",
			               dc.agency);
		life_generate(g->w.cal, pr, p->received, p->ch, g->o->now, &g->r, &g->life);
		if (insert_dossier(g, p, code, e) < 0 || insert_events(g, code, e) < 0 ||
		    tally(g, pr, code, e) < 0 ||
		    demo_rate(&g->rater, code, g->w.agencies[pr->agency].code, &g->life, g->o->now,
		              e) < 0)
			return -1;
		progress_update(&g->prog, ++g->st->dossiers);
	}
	return 0;
}

/* Spread the dossiers over the days from 24 months before now to now in
 * proportion to day_weight, with cumulative rounding so they add up. */
static int
generate_all(struct gen *g, struct err *e)
{
	day_t d1 = (day_t)(g->o->now / CLOCK_MIN_PER_DAY), d0;
	tmin_t into_today = g->o->now % CLOCK_MIN_PER_DAY;
	double *w, total = 0, cum = 0;
	long done = 0;
	int y, m, md, r = -1;

	clock_civil(d1, &y, &m, &md);
	d0 = clock_day(y - 2, m, m == 2 && md == 29 ? 28 : md);
	if (world_spans(&g->w, d0, d1, e) < 0)
		return -1;
	w = malloc((size_t)(d1 - d0 + 1) * sizeof *w);
	if (!w)
		return err_set(e, "out of memory");
	for (day_t d = d0; d <= d1; d++) {
		w[d - d0] = day_weight(g, d, d0, d1);
		if (d == d1) /* only the part of today before now */
			w[d - d0] *= (double)into_today / CLOCK_MIN_PER_DAY;
		total += w[d - d0];
	}
	if (total <= 0 && g->o->dossiers > 0) {
		err_set(e, "no agency has a process in force between the two dates");
		goto out;
	}
	for (day_t d = d0; d <= d1 && g->o->dossiers > 0; d++) {
		cum += w[d - d0];
		long upto = (long)((double)g->o->dossiers * cum / total + 0.5);
		if (upto > g->o->dossiers)
			upto = g->o->dossiers;
		if (upto > done && generate_day(g, d, upto - done, e) < 0)
			goto out;
		done = upto > done ? upto : done;
	}
	r = 0;
out:
	free(w);
	return r;
}

static const char insert_dossier_sql[] =
    "INSERT INTO dossiers (code, procedure_code, agency_code, channel, received_at, due_at, "
    "new_due_at, status, resolved_at, returned_at, documents, applicant_name, applicant_id, "
    "applicant_phone, applicant_address, updated_at, process_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
static const char insert_event_sql[] =
    "INSERT INTO events (dossier_code, at, kind, step_no, new_due_at, actor, note, request, "
    "request_due) VALUES (?1, ?2, ?3, ?4, ?5, ?7, ?6, ?8, ?9)";
/* The demo's offices: where to come and whom to call.  Made up like the
 * dossiers (a real office's contact comes with its agencies.csv): the
 * phone numbers are marked as the demo's. */
static const char demo_contacts_sql[] =
    "UPDATE agencies SET "
    "phone = coalesce(phone, printf('%s %d %03d %03d (demo)', "
    "CASE WHEN code LIKE '%.H34' THEN '0260' ELSE '0255' END, 3, 800 + rowid % 200, "
    "(rowid * 37) % 1000)), "
    "address = coalesce(address, 'Bộ phận Một cửa, ' || name), "
    "hours = coalesce(hours, 'Thứ 2 - Thứ 6: ' || (SELECT group_concat(opens || '-' || closes, "
    "', ') FROM (SELECT opens, closes FROM office_hours ORDER BY session)))";

/* Where each agency's results are collected, as an office would word it
 * (the seed does not say; the wallboard shows it): a commune's one-stop
 * counter, a district's numbered counters, the province's centre. */
static const char demo_pickup_sql[] =
    "UPDATE agencies SET pickup_place = CASE level "
    "WHEN 'commune' THEN 'Quầy trả kết quả, Bộ phận Một cửa ' || name "
    "WHEN 'district' THEN 'Quầy số ' || (1 + rowid % 4) || ', Bộ phận Một cửa ' || name "
    "ELSE 'Quầy số ' || (1 + rowid % 24) || ', Trung tâm Phục vụ hành chính công tỉnh' END";

static int
fill(struct gen *g, struct err *e)
{
	if (db_exec(g->db, "PRAGMA journal_mode = OFF", e) < 0 ||
	    db_exec(g->db, "PRAGMA synchronous = OFF", e) < 0 ||
	    db_exec(g->db, "PRAGMA cache_size = -131072", e) < 0 ||
	    db_exec(g->db, "BEGIN", e) < 0 || import_seed(g->db, e) < 0 ||
	    db_exec(g->db, demo_contacts_sql, e) < 0 || db_exec(g->db, demo_pickup_sql, e) < 0 ||
	    db_exec(g->db, "COMMIT", e) < 0 || world_load(&g->w, g->db, &g->r, e) < 0)
		return -1;
	/* The seed went in with foreign keys checked; the generated rows
	 * refer only to what world_load read, and `trackdb check` proves it,
	 * so the bulk load skips a lookup per row. */
	if (db_exec(g->db, "PRAGMA foreign_keys = OFF", e) < 0 || db_exec(g->db, "BEGIN", e) < 0)
		return -1;
	g->seq = calloc((size_t)g->w.nagencies + 1, sizeof *g->seq);
	g->seq_day = calloc((size_t)g->w.nagencies + 1, sizeof *g->seq_day);
	if (!g->seq || !g->seq_day)
		return err_set(e, "out of memory");
	g->ins_dossier = store_prepare(g->db, insert_dossier_sql, e);
	g->ins_event = g->ins_dossier ? store_prepare(g->db, insert_event_sql, e) : NULL;
	if (!g->ins_event || demo_rater_begin(&g->rater, g->db, g->o->seed, e) < 0 ||
	    drop_indexes(g, e) < 0)
		return -1;
	/* A new database: no publisher has read its journal, so millions of
	 * entries would only be pruned unread. */
	if (journal_suspend(g->db, &g->triggers, e) < 0)
		return -1;
	progress_start(&g->prog, "demo: dossiers", g->o->dossiers);
	if (generate_all(g, e) < 0 || create_indexes(g, e) < 0 ||
	    journal_resume(g->db, &g->triggers, e) < 0 || db_exec(g->db, "COMMIT", e) < 0)
		return -1;
	/* Back to a journal for the back office's later writes. */
	if (db_exec(g->db, "PRAGMA journal_mode = DELETE", e) < 0 ||
	    db_exec(g->db, "PRAGMA synchronous = FULL", e) < 0)
		return -1;
	return 0;
}

int
demo_run(const struct demo_opts *o, struct demo_stats *st, struct err *e)
{
	struct gen *g = calloc(1, sizeof *g);
	int r = -1;

	if (!g)
		return err_set(e, "out of memory");
	g->o = o;
	g->st = st;
	/* One thread, no allocation statistics: both cost a mutex per call.
	 * Only possible before SQLite's first use in the process, so a refusal
	 * just means we run a little slower. */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	rng_seed(&g->r, o->seed);
	g->db = db_create(o->path, e);
	if (!g->db)
		goto out;
	r = fill(g, e);
out:
	progress_end(&g->prog);
	sqlite3_finalize(g->ins_dossier);
	sqlite3_finalize(g->ins_event);
	demo_rater_end(&g->rater);
	if (g->db && db_close(g->db, r < 0 ? NULL : e) < 0)
		r = -1;
	if (r < 0 && g->db) {
		err_prefix(e, "%s", o->path);
		unlink(o->path); /* we created it: leave nothing half-made behind */
	}
	world_free(&g->w);
	journal_saved_free(&g->triggers);
	for (size_t i = 0; i < NBULK; i++)
		free(g->index_sql[i]);
	free(g->day);
	free(g->seq);
	free(g->seq_day);
	free(g);
	return r;
}
