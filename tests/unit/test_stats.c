/*
 * Unit tests for core/domain/stats.c: the report table's classification and
 * arithmetic, processing-time percentiles and step bottlenecks, on
 * hand-made dossiers whose right answers are worked out below.
 *
 * Calendar: the default civil-service day (07:30-11:30, 13:00-17:00,
 * Monday-Friday, no holidays), so every day from Mon 3/3/2025 on is plain.
 * Process 0 and 1: two steps of 8 working hours, 960 minutes in all.
 *
 * Agencies: 0 and 1 are communes merged into 2 (successor_code = 2);
 * 3 is a department.  Procedures: 0 in field 0, 1 in field 1.
 * first = 1/3/2025, now = Tue 20/5/2025 10:00.
 *
 * The dossiers (received, what happened, worked out by hand):
 *  A  ag3 p0 online  Mon 3/3 08:00; steps 1 08:00-15:00, 2 from 15:00;
 *     result Tue 4/3 10:00.  Due: Mon 450 + Tue 480 = 930, +30 -> Wed 5/3
 *     08:00.  Resolved the day before the due day: EARLY.  Elapsed 450 +
 *     150 = 600 min.  Step 1 used 330, step 2 used 120 + 150 = 270.
 *  B  ag3 p0 counter Mon 3/3 08:00; result Wed 5/3 08:00, exactly at the
 *     due instant: ON TIME.  Elapsed 960.
 *  C  ag3 p0 counter Mon 3/3 08:00; step 1 08:00 - Tue 4/3 16:00 (used 450 +
 *     420 = 870, over 390), step 2 from 16:00; result Wed 5/3 08:01: LATE by
 *     a minute; step 2 used 60 + 31 = 91.  Culprit: step 1.  Elapsed 961.
 *  D  ag3 p0 post    Mon 3/3 08:00; supplement requested Mon 13:00,
 *     received Wed 5/3 13:00 (the clock stands still in between).  Work
 *     before the stop 210; the other 750 from Wed 13:00: Wed 240, Thu 480,
 *     Fri 30 -> due Fri 7/3 08:00.  Result Thu 6/3 16:00: EARLY (without
 *     the stop the due was Wed 08:00 and it would be late).  Elapsed 210 +
 *     240 + 420 = 870.
 *  E  ag3 p0 counter Mon 3/3 08:00; apology Tue 4/3 16:00 with a new
 *     appointment Fri 7/3 17:00; result Thu 6/3 10:00: LATE against the
 *     original due (the new appointment is reported, not judged), with an
 *     apology.  Elapsed 450 + 480 + 480 + 150 = 1560.
 *  F  ag0 p1 counter Fri 28/3 16:00; due: Fri 60, Mon 31/3 480, Tue 1/4
 *     240 + 180 -> Tue 1/4 16:00.  Result Tue 6/5 09:00: LATE.  Its life
 *     cuts three months: March new and pending within (due after 31/3),
 *     April carried over and pending overdue, May carried over and late.
 *  G  ag1 p1 online  Mon 10/3 08:00; supplement requested 09:00, never
 *     received: pending within at every period end (its clock stands still
 *     with time left), waiting for the supplement at each end.
 *  H  ag2 p1 online  Wed 2/4 08:00; withdrawn Thu 3/4 09:00.
 *  I  ag0 p1 counter Thu 20/2 08:00 (before the first period: carried into
 *     March); rejected Tue 4/3 10:00.
 *  J  ag3 p0 counter Wed 21/5 08:00: after now, ignored.
 *  K  ag3 p0 counter Wed 26/3 08:00; due Fri 28/3 08:00 (450 + 480 + 30);
 *     step 1 08:00-10:00 (120), step 2 from 10:00; result Wed 2/4 10:00:
 *     LATE; step 2 used 330 + 4 * 480 + 150 = 2400, over 1920: culprit.
 *     Pending overdue at the end of March.  Elapsed 450 + 4 * 480 + 150 =
 *     2520.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats.h"
#include "test_instant.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

struct tev {
	const char *at;
	enum ev_kind kind;
	int step;
	const char *new_due;
};

struct td {
	const char *name;
	int agency, procedure;
	enum stats_channel ch;
	const char *received;
	struct tev ev[8];
};

#define ON STATS_CH_ONLINE
#define CO STATS_CH_COUNTER
#define PO STATS_CH_POST

static const struct td dossiers[] = {
    {"A",
     3,
     0,
     ON,
     "2025-03-03 08:00",
     {{"2025-03-03 08:00", EV_STEP_START, 1, NULL},
      {"2025-03-03 15:00", EV_STEP_DONE, 1, NULL},
      {"2025-03-03 15:00", EV_STEP_START, 2, NULL},
      {"2025-03-04 10:00", EV_RESULT_READY, 0, NULL}}},
    {"B", 3, 0, CO, "2025-03-03 08:00", {{"2025-03-05 08:00", EV_RESULT_READY, 0, NULL}}},
    {"C",
     3,
     0,
     CO,
     "2025-03-03 08:00",
     {{"2025-03-03 08:00", EV_STEP_START, 1, NULL},
      {"2025-03-04 16:00", EV_STEP_DONE, 1, NULL},
      {"2025-03-04 16:00", EV_STEP_START, 2, NULL},
      {"2025-03-05 08:01", EV_RESULT_READY, 0, NULL}}},
    {"D",
     3,
     0,
     PO,
     "2025-03-03 08:00",
     {{"2025-03-03 13:00", EV_SUPPLEMENT_REQUEST, 0, NULL},
      {"2025-03-05 13:00", EV_SUPPLEMENT_RECEIVED, 0, NULL},
      {"2025-03-06 16:00", EV_RESULT_READY, 0, NULL}}},
    {"E",
     3,
     0,
     CO,
     "2025-03-03 08:00",
     {{"2025-03-04 16:00", EV_APOLOGY, 0, "2025-03-07 17:00"},
      {"2025-03-06 10:00", EV_RESULT_READY, 0, NULL}}},
    {"F", 0, 1, CO, "2025-03-28 16:00", {{"2025-05-06 09:00", EV_RESULT_READY, 0, NULL}}},
    {"G", 1, 1, ON, "2025-03-10 08:00", {{"2025-03-10 09:00", EV_SUPPLEMENT_REQUEST, 0, NULL}}},
    {"H", 2, 1, ON, "2025-04-02 08:00", {{"2025-04-03 09:00", EV_WITHDRAWN, 0, NULL}}},
    {"I", 0, 1, CO, "2025-02-20 08:00", {{"2025-03-04 10:00", EV_REJECTED, 0, NULL}}},
    {"J", 3, 0, CO, "2025-05-21 08:00", {{"2025-05-21 09:00", EV_RESULT_READY, 0, NULL}}},
    {"K",
     3,
     0,
     CO,
     "2025-03-26 08:00",
     {{"2025-03-26 08:00", EV_STEP_START, 1, NULL},
      {"2025-03-26 10:00", EV_STEP_DONE, 1, NULL},
      {"2025-03-26 10:00", EV_STEP_START, 2, NULL},
      {"2025-04-02 10:00", EV_RESULT_READY, 0, NULL}}},
};

static const struct stats_agency agencies[] = {
    {STATS_LEVEL_COMMUNE, 2},
    {STATS_LEVEL_COMMUNE, 2},
    {STATS_LEVEL_COMMUNE, -1},
    {STATS_LEVEL_DEPARTMENT, -1},
};
static const int procedure_field[] = {0, 1};
static const int process_nsteps[] = {2, 2};

struct fixture {
	struct clock_cal *cal;
	struct stats *s;
	struct timeline tl[NROWS(dossiers)];
};

static struct stats_config
config(void)
{
	return (struct stats_config){
	    .nagencies = 4,
	    .agencies = agencies,
	    .nprocedures = 2,
	    .procedure_field = procedure_field,
	    .nfields = 2,
	    .nprocesses = 2,
	    .process_nsteps = process_nsteps,
	    .first = T("2025-03-01 00:00"),
	    .now = T("2025-05-20 10:00"),
	};
}

/* Compute the timeline of dossier D and feed it to S. */
static void
feed(struct fixture *fx, size_t i)
{
	const struct td *d = &dossiers[i];
	struct timeline_input in = {.received = T(d->received),
	                            .nsteps = 2,
	                            .allowance_min = {480, 480},
	                            .now = T("2025-05-20 10:00")};
	struct ev ev[8];
	struct err e = {""};
	struct stats_dossier sd;
	int n = 0;
	tmin_t ended = 0;

	for (; n < 8 && d->ev[n].at; n++) {
		ev[n] = (struct ev){.at = T(d->ev[n].at),
		                    .kind = d->ev[n].kind,
		                    .step_no = d->ev[n].step,
		                    .new_due = d->ev[n].new_due ? T(d->ev[n].new_due) : 0};
		if (ev[n].kind == EV_RESULT_READY || ev[n].kind == EV_REJECTED ||
		    ev[n].kind == EV_WITHDRAWN)
			ended = ev[n].at;
	}
	in.events = ev;
	in.nevents = n;
	if (timeline_compute(fx->cal, &in, &fx->tl[i], &e) < 0)
		fail_msg("dossier %s: %s", d->name, e.msg);
	sd = (struct stats_dossier){.agency = d->agency,
	                            .procedure = d->procedure,
	                            .process = d->procedure,
	                            .channel = d->ch,
	                            .received = in.received,
	                            .ended = ended,
	                            .tl = &fx->tl[i]};
	if (stats_add(fx->s, &sd, &e) < 0)
		fail_msg("dossier %s: %s", d->name, e.msg);
}

static int
setup(void **state)
{
	static struct fixture fx;
	struct stats_config cfg = config();
	struct err e = {""};

	memset(&fx, 0, sizeof fx);
	fx.cal = clock_cal_new();
	fx.s = stats_new(&cfg, &e);
	if (!fx.cal || !fx.s)
		return -1;
	for (size_t i = 0; i < NROWS(dossiers); i++)
		feed(&fx, i);
	if (stats_finish(fx.s, &e) < 0)
		return -1;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	stats_free(fx->s);
	clock_cal_free(fx->cal);
	return 0;
}

/* One expected row: the columns in enum stats_col order. */
struct want {
	enum stats_entity_kind kind;
	int ref;
	enum stats_period_kind pk;
	int year, num;
	int64_t col[STATS_NCOLS];
};

static int
period_index(const struct stats *s, enum stats_period_kind k, int year, int num)
{
	for (int i = 0; i < stats_nperiods(s); i++) {
		const struct stats_period *p = stats_period(s, i);
		if (p->kind == k && p->year == year && p->num == num)
			return i;
	}
	return -1;
}

/*                              car on co po ea ot la pw po rj wd sE sR ap re ro rl
 * (re ro rl: the rejections by when they came; I, due Mon 24/2 08:00 -
 * Thu 20/2 210 + 240, Fri 480, Mon 30 - refused Tue 4/3: late) */
static const struct want wants[] = {
    /* Province, March: I carried; A G online, B C E F K counter, D post;
     * early A D, on time B, late C E; within F G, overdue K; rejected I. */
    {STATS_E_PROVINCE,
     0,
     STATS_MONTH,
     2025,
     3,
     {1, 2, 5, 1, 2, 1, 2, 2, 1, 1, 0, 1, 2, 1, 0, 0, 1}},
    /* April: F G K carried, H new; K late; F overdue (due 1/4 16:00), G
     * within; H withdrawn. */
    {STATS_E_PROVINCE, 0, STATS_MONTH, 2025, 4, {3, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0}},
    /* May, judged now: F G carried; F late; G within and waiting. */
    {STATS_E_PROVINCE, 0, STATS_MONTH, 2025, 5, {2, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0}},
    /* Q1 starts on 1/1, so I (received 20/2) is new in it, not carried:
     * otherwise as March.  Q2 = April + May together: carried F G K, new
     * H; late K F; withdrawn H; G within. */
    {STATS_E_PROVINCE,
     0,
     STATS_QUARTER,
     2025,
     1,
     {0, 2, 6, 1, 2, 1, 2, 2, 1, 1, 0, 1, 2, 1, 0, 0, 1}},
    {STATS_E_PROVINCE, 0, STATS_QUARTER, 2025, 2, {3, 1, 0, 0, 0, 0, 2, 1, 0, 0, 1, 1, 0, 0}},
    /* The year 2025: everything new (I too), A D early, B on time, C E K F
     * late, G within, I rejected, H withdrawn. */
    {STATS_E_PROVINCE, 0, STATS_YEAR, 2025, 0, {0, 3, 6, 1, 2, 1, 4, 1, 0, 1, 1, 1, 2, 1, 0, 0, 1}},
    /* Roll-up of the new commune 2 through the merger: its own H and its
     * predecessors' F G (and I in March). */
    {STATS_E_ROLLUP, 2, STATS_MONTH, 2025, 3, {1, 1, 1, 0, 0, 0, 0, 2, 0, 1, 0, 1, 1, 0, 0, 0, 1}},
    {STATS_E_ROLLUP, 2, STATS_MONTH, 2025, 4, {2, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0}},
    {STATS_E_ROLLUP, 2, STATS_MONTH, 2025, 5, {2, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0}},
    /* The agency itself holds only its own dossier H. */
    {STATS_E_AGENCY, 2, STATS_MONTH, 2025, 4, {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}},
    /* Agency 0: I carried and rejected, F new within (March). */
    {STATS_E_AGENCY, 0, STATS_MONTH, 2025, 3, {1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1}},
    /* Level commune in April: F G carried, H new. */
    {STATS_E_LEVEL,
     STATS_LEVEL_COMMUNE,
     STATS_MONTH,
     2025,
     4,
     {2, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0}},
    /* Field 0 = procedure 0 = agency 3 in March. */
    {STATS_E_FIELD, 0, STATS_MONTH, 2025, 3, {0, 1, 4, 1, 2, 1, 2, 0, 1, 0, 0, 0, 1, 1}},
    {STATS_E_PROCEDURE,
     1,
     STATS_MONTH,
     2025,
     3,
     {1, 1, 1, 0, 0, 0, 0, 2, 0, 1, 0, 1, 1, 0, 0, 0, 1}},
    /* The reporting month 03/2025 (Decree 09/2019 art. 12): 15/2 00:00 to
     * 15/3 00:00.  New: I (20/2) and A-E, G; nothing carried.  Ended in
     * it: A D early, B on time, C E late, I rejected (late); G pending
     * within and waiting; D G asked for supplements; E's apology. */
    {STATS_E_PROVINCE,
     0,
     STATS_CUT_MONTH,
     2025,
     3,
     {0, 2, 4, 1, 2, 1, 2, 1, 0, 1, 0, 1, 2, 1, 0, 0, 1}},
    /* 04/2025: 15/3 to 15/4.  G carried; K F H new; K late, H withdrawn;
     * at 15/4 F overdue (due 1/4 16:00), G within and waiting. */
    {STATS_E_PROVINCE,
     0,
     STATS_CUT_MONTH,
     2025,
     4,
     {1, 1, 2, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0}},
};

static void
test_report_rows(void **state)
{
	struct fixture *fx = *state;

	for (size_t i = 0; i < NROWS(wants); i++) {
		const struct want *w = &wants[i];
		int ent = stats_entity(fx->s, w->kind, w->ref);
		int per = period_index(fx->s, w->pk, w->year, w->num);
		assert_true(ent >= 0);
		assert_true(per >= 0);
		for (int c = 0; c < STATS_NCOLS; c++) {
			int64_t got = stats_get(fx->s, ent, per, (enum stats_col)c);
			if (got != w->col[c])
				fail_msg("row %zu, column %s: got %lld, want %lld", i,
				         stats_col_name(c), (long long)got, (long long)w->col[c]);
		}
	}
}

static void
test_verdicts(void **state)
{
	struct fixture *fx = *state;

	/* The timeline verdicts the report relies on, checked one by one. */
	assert_int_equal(fx->tl[0].verdict, VERDICT_EARLY);
	assert_int_equal(fx->tl[0].due, T("2025-03-05 08:00"));
	assert_int_equal(fx->tl[1].verdict, VERDICT_ON_TIME);
	assert_int_equal(fx->tl[2].verdict, VERDICT_LATE);
	assert_int_equal(fx->tl[3].due, T("2025-03-07 08:00"));
	assert_int_equal(fx->tl[3].verdict, VERDICT_EARLY);
	assert_int_equal(fx->tl[4].verdict, VERDICT_LATE);
	assert_int_equal(fx->tl[4].new_due, T("2025-03-07 17:00"));
	assert_int_equal(fx->tl[5].due, T("2025-04-01 16:00"));
	assert_int_equal(fx->tl[10].due, T("2025-03-28 08:00"));
}

/* Every row reconciles, and every period's pending is carried into the
 * next period of its kind. */
static void
test_identities(void **state)
{
	struct fixture *fx = *state;
	const struct stats *s = fx->s;
	int rows = 0;

	for (int ent = 0; ent < stats_nentities(s); ent++)
		for (int per = 0; per < stats_nperiods(s); per++) {
			const struct stats_period *p = stats_period(s, per),
			                          *q = stats_period(s, per + 1);
			int64_t in = stats_received(s, ent, per);
			int64_t out = stats_resolved(s, ent, per) + stats_pending(s, ent, per) +
			              stats_get(s, ent, per, STATS_REJECTED) +
			              stats_get(s, ent, per, STATS_WITHDRAWN);
			assert_int_equal(in, out);
			if (q && q->kind == p->kind)
				assert_int_equal(stats_get(s, ent, per + 1, STATS_CARRIED),
				                 stats_pending(s, ent, per));
			rows += in > 0;
		}
	assert_true(rows > 20);
}

static void
test_rollup_exists_only_for_successors(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(stats_entity(fx->s, STATS_E_ROLLUP, 0), -1);
	assert_int_equal(stats_entity(fx->s, STATS_E_ROLLUP, 3), -1);
	assert_true(stats_entity(fx->s, STATS_E_ROLLUP, 2) >= 0);
}

static void
test_ontime_rate(void **state)
{
	struct fixture *fx = *state;
	int march = period_index(fx->s, STATS_MONTH, 2025, 3);
	int april = period_index(fx->s, STATS_MONTH, 2025, 4);

	/* March: (2 early + 1 on time) / 5 resolved = 600 per mille. */
	assert_int_equal(stats_ontime_permille(fx->s, 0, march), 600);
	/* April: 0 / 1. */
	assert_int_equal(stats_ontime_permille(fx->s, 0, april), 0);
	/* The roll-up resolved nothing in March. */
	assert_int_equal(
	    stats_ontime_permille(fx->s, stats_entity(fx->s, STATS_E_ROLLUP, 2), march), -1);
}

static void
test_processing_times(void **state)
{
	struct fixture *fx = *state;
	const struct stats_ptime *p0 = NULL, *a3 = NULL;
	int64_t n;
	const int64_t *v;

	for (int i = 0; i < stats_nptimes(fx->s); i++) {
		const struct stats_ptime *r = stats_ptime(fx->s, i);
		if (r->kind == STATS_PT_PROCEDURE && r->procedure == 0)
			p0 = r;
		if (r->kind == STATS_PT_AGENCY && r->agency == 3)
			a3 = r;
	}
	assert_non_null(p0);
	assert_non_null(a3);
	/* A B C D E K: 600 870 960 961 1560 2520.  Nearest rank of 6: p50 is
	 * the 3rd, p80 the 5th (4.8 up), p90 the 6th (5.4 up). */
	assert_int_equal(p0->n, 6);
	assert_int_equal(p0->p50, 960);
	assert_int_equal(p0->p80, 1560);
	assert_int_equal(p0->p90, 2520);
	assert_int_equal(p0->max, 2520);
	assert_int_equal(p0->within_limit, 3); /* A B D */
	assert_int_equal(a3->n, 6);
	/* Procedure 1: only F was resolved with a result (I rejected, H
	 * withdrawn, G pending). */
	v = stats_samples_of_procedure(fx->s, 1, &n);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], fx->tl[5].elapsed_min);
	v = stats_samples_of_procedure(fx->s, 0, &n);
	assert_int_equal(n, 6);
	assert_int_equal(v[0], 600);
	assert_int_equal(v[3], 961);
	assert_int_equal(v[2], 960);
	assert_int_equal(fx->tl[3].elapsed_min, 870);
}

/* The sums over every year: each dossier received in a year of the
 * periods once among the new (I too: before the first month, but in its
 * year; J after now is not), each end once in its column. */
static void
test_totals(void **state)
{
	struct fixture *fx = *state;
	int a3 = stats_entity(fx->s, STATS_E_AGENCY, 3);

	assert_int_equal(stats_total(fx->s, 0, STATS_NEW_ONLINE), 3);   /* A G H */
	assert_int_equal(stats_total(fx->s, 0, STATS_NEW_COUNTER), 6);  /* B C E F I K */
	assert_int_equal(stats_total(fx->s, 0, STATS_NEW_POST), 1);     /* D */
	assert_int_equal(stats_total(fx->s, 0, STATS_EARLY), 2);        /* A D */
	assert_int_equal(stats_total(fx->s, 0, STATS_ON_TIME), 1);      /* B */
	assert_int_equal(stats_total(fx->s, 0, STATS_LATE), 4);         /* C E F K */
	assert_int_equal(stats_total(fx->s, 0, STATS_REJECTED), 1);     /* I */
	assert_int_equal(stats_total(fx->s, 0, STATS_WITHDRAWN), 1);    /* H */
	assert_int_equal(stats_total(fx->s, a3, STATS_NEW_COUNTER), 4); /* B C E K */
	assert_int_equal(stats_total(fx->s, a3, STATS_LATE), 3);        /* C E K */
	assert_int_equal(stats_total(fx->s, -1, STATS_LATE), 0);
}

/* stats_ptime_of finds the rows stats_ptime lists, and nothing else. */
static void
test_ptime_of(void **state)
{
	struct fixture *fx = *state;
	const struct stats_ptime *r;

	for (int i = 0; i < stats_nptimes(fx->s); i++) {
		r = stats_ptime(fx->s, i);
		assert_ptr_equal(stats_ptime_of(fx->s, r->kind, r->agency, r->procedure), r);
	}
	r = stats_ptime_of(fx->s, STATS_PT_PROCEDURE, -1, 0);
	assert_non_null(r);
	assert_int_equal(r->n, 6);
	assert_int_equal(r->p50, 960);
	assert_int_equal(r->within_limit, 3);
	r = stats_ptime_of(fx->s, STATS_PT_AGENCY, 3, -1);
	assert_non_null(r);
	assert_int_equal(r->n, 6);
	r = stats_ptime_of(fx->s, STATS_PT_PAIR, 0, 1); /* F */
	assert_non_null(r);
	assert_int_equal(r->n, 1);
	assert_int_equal(r->p50, fx->tl[5].elapsed_min);
	assert_null(stats_ptime_of(fx->s, STATS_PT_AGENCY, 1, -1)); /* G is pending */
	assert_null(stats_ptime_of(fx->s, STATS_PT_PROCEDURE, 0, 0));
	assert_null(stats_ptime_of(fx->s, STATS_PT_PROCEDURE, -1, 7));
}

static void
test_bottlenecks(void **state)
{
	struct fixture *fx = *state;
	const struct stats_step *s1 = stats_step(fx->s, 0, 1), *s2 = stats_step(fx->s, 0, 2);

	assert_non_null(s1);
	assert_non_null(s2);
	assert_null(stats_step(fx->s, 0, 3));
	/* Step 1 ran in A C K, over in C by 390; step 2 ran in A C K (closed by
	 * the result), over in K by 1920.  C is late because of step 1, K
	 * because of step 2. */
	assert_int_equal(s1->ran, 3);
	assert_int_equal(s1->over, 1);
	assert_int_equal(s1->over_min, 390);
	assert_int_equal(s1->culprit, 1);
	assert_int_equal(s2->ran, 3);
	assert_int_equal(s2->over, 1);
	assert_int_equal(s2->over_min, 1920);
	assert_int_equal(s2->culprit, 1);
}

static void
test_percentile_definition(void **state)
{
	static const int64_t ten[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	static const int64_t five[] = {15, 20, 35, 40, 50};
	static const int64_t one[] = {42};

	(void)state;
	assert_int_equal(stats_percentile(ten, 10, 50), 5);
	assert_int_equal(stats_percentile(ten, 10, 80), 8);
	assert_int_equal(stats_percentile(ten, 10, 90), 9);
	assert_int_equal(stats_percentile(ten, 10, 91), 10);
	assert_int_equal(stats_percentile(ten, 10, 100), 10);
	assert_int_equal(stats_percentile(five, 5, 30), 20); /* rank ceil(1.5) = 2 */
	assert_int_equal(stats_percentile(five, 5, 40), 20);
	assert_int_equal(stats_percentile(five, 5, 50), 35);
	assert_int_equal(stats_percentile(five, 5, 1), 15);
	assert_int_equal(stats_percentile(one, 1, 50), 42);
	assert_int_equal(stats_percentile(one, 1, 90), 42);
}

static void
test_add_months(void **state)
{
	struct err e = {""};
	day_t d, want;

	(void)state;
	static const char *const rows[][3] = {
	    {"2025-08-31", "3", "2025-11-30"},  {"2024-02-29", "12", "2025-02-28"},
	    {"2025-01-31", "-2", "2024-11-30"}, {"2025-03-15", "-15", "2023-12-15"},
	    {"2025-11-20", "-6", "2025-05-20"}, {"2025-12-31", "1", "2026-01-31"},
	    {"2025-05-20", "-6", "2024-11-20"},
	};
	for (size_t i = 0; i < NROWS(rows); i++) {
		assert_int_equal(clock_parse_date(rows[i][0], &d, &e), 0);
		assert_int_equal(clock_parse_date(rows[i][2], &want, &e), 0);
		assert_int_equal(stats_add_months(d, (int)strtol(rows[i][1], NULL, 10)), want);
	}
}

static void
test_bad_config(void **state)
{
	static const struct stats_agency loop[] = {
	    {STATS_LEVEL_COMMUNE, 1},
	    {STATS_LEVEL_COMMUNE, 0},
	};
	struct stats_config cfg = config();
	struct err e = {""};

	(void)state;
	cfg.agencies = loop;
	cfg.nagencies = 2;
	assert_null(stats_new(&cfg, &e));
	assert_non_null(strstr(e.msg, "loops"));
	cfg = config();
	cfg.first = cfg.now + 1;
	assert_null(stats_new(&cfg, &e));
}

static void
test_add_rejects_bad_index(void **state)
{
	struct fixture *fx = *state;
	struct stats_dossier d = {.agency = 9, .tl = &fx->tl[0]};
	struct err e = {""};

	assert_int_equal(stats_add(fx->s, &d, &e), -1);
}

static void
test_periods(void **state)
{
	struct fixture *fx = *state;
	/* March, April, May; Q1, Q2; 2025; then the reporting periods (15th
	 * to 14th): months 03 (from 15/2), 04, 05, 06 (now, 20/5, is past the
	 * 15th); quarters I (from 15/12/2024) and II; the year 2025 (from
	 * 15/12/2024): 6 + 7. */
	assert_int_equal(stats_nperiods(fx->s), 13);
	assert_int_equal(stats_period(fx->s, 6)->kind, STATS_CUT_MONTH);
	assert_int_equal(stats_period(fx->s, 6)->num, 3);
	assert_int_equal(stats_period(fx->s, 6)->start, T("2025-02-15 00:00"));
	assert_int_equal(stats_period(fx->s, 6)->end, T("2025-03-15 00:00"));
	assert_int_equal(stats_period(fx->s, 9)->num, 6);
	assert_int_equal(stats_period(fx->s, 9)->start, T("2025-05-15 00:00"));
	assert_int_equal(stats_period(fx->s, 9)->until, T("2025-05-20 10:00"));
	assert_int_equal(stats_period(fx->s, 10)->kind, STATS_CUT_QUARTER);
	assert_int_equal(stats_period(fx->s, 10)->start, T("2024-12-15 00:00"));
	assert_int_equal(stats_period(fx->s, 11)->end, T("2025-06-15 00:00"));
	assert_int_equal(stats_period(fx->s, 12)->kind, STATS_CUT_YEAR);
	assert_int_equal(stats_period(fx->s, 12)->start, T("2024-12-15 00:00"));
	assert_int_equal(stats_period(fx->s, 12)->end, T("2025-12-15 00:00"));
	/* The 14th at 23:59 is still its month's; the 15th begins the next. */
	assert_int_equal(stats_period_of(fx->s, STATS_CUT_MONTH, T("2025-03-14 23:59")), 6);
	assert_int_equal(stats_period_of(fx->s, STATS_CUT_MONTH, T("2025-03-15 00:00")), 7);
	assert_int_equal(stats_period(fx->s, 2)->until, T("2025-05-20 10:00"));
	assert_int_equal(stats_period(fx->s, 0)->until, T("2025-04-01 00:00"));
	assert_int_equal(stats_period_of(fx->s, STATS_QUARTER, T("2025-04-01 00:00")), 4);
	assert_int_equal(stats_period_of(fx->s, STATS_MONTH, T("2025-02-28 23:59")), -1);
	assert_int_equal(stats_window_start(fx->s), T("2024-11-20 10:00"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_percentile_definition),
	    cmocka_unit_test(test_add_months),
	    cmocka_unit_test(test_bad_config),
	    cmocka_unit_test_setup_teardown(test_verdicts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_report_rows, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_identities, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rollup_exists_only_for_successors, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_ontime_rate, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_processing_times, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_totals, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ptime_of, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bottlenecks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_rejects_bad_index, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_periods, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
