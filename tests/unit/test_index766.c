/*
 * Unit tests for core/domain/index766.c: the service-index indicators on
 * the dossiers of test_stats.c (copied here with their worked answers;
 * see that file for each dossier's verdict), plus two ratings.
 *
 * Resolved with a result, by month: March A (early), B (on time), C
 * (late), D (early), E (late) = 5; April K (late) = 1; May F (late) = 1.
 * I was rejected (not resolved), H withdrawn, G pending, J after now.
 *   ONTIME    March (A B D) / 5 = 600; April 0 / 1 = 0; May 0 / 1 = 0.
 *   PROGRESS  step events: A, C, K (B, D, E, F have none):
 *             March 2 / 5 = 400; April 1 / 1 = 1000; May 0 / 1 = 0.
 *   APOLOGY   E's slip of Tue 4/3 16:00: March 1, Q1 1, 2025 1, April 0;
 *             in the reporting month March (15/2-14/3) 1.
 *   ONLINE    new in March: A B C D E F G K = 8, on line A G: 250;
 *             April: H, on line: 1000; May: nothing new: no share (-1).
 *   OVERDUE   pending at the end of March F (within), G (within), K
 *             (overdue, due 28/3): 1 / 3 = 333; end of April F (overdue),
 *             G: 1 / 2 = 500.
 *   SATISFIED two ratings of question 0 in March (one satisfied): 500;
 *             none in April: -1.
 * Agency 3 (A B C D E J K) in March: ONTIME 600, PROGRESS 400, APOLOGY 1;
 * agency 0 (F I): no step events, no apology.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "index766.h"
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
	struct idx766 *x;
	struct satis *sa;
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
	if (stats_add(fx->s, &sd, &e) < 0 || idx766_add(fx->x, &sd, ev, n, &e) < 0)
		fail_msg("dossier %s: %s", d->name, e.msg);
}

static int
setup(void **state)
{
	static struct fixture fx;
	struct stats_config cfg = config();
	struct err e = {""};
	struct satis_rating r1 = {3, 0, 0, 0, 1, T("2025-03-05 10:00")};
	struct satis_rating r2 = {0, 1, 0, 1, 0, T("2025-03-06 10:00")};

	memset(&fx, 0, sizeof fx);
	fx.cal = clock_cal_new();
	fx.s = stats_new(&cfg, &e);
	if (!fx.cal || !fx.s || !(fx.x = idx766_new(fx.s, &e)) ||
	    !(fx.sa = satis_new(fx.s, 1, 2, &e)))
		return -1;
	for (size_t i = 0; i < NROWS(dossiers); i++)
		feed(&fx, i);
	if (stats_finish(fx.s, &e) < 0 || satis_add(fx.sa, &r1, &e) != 1 ||
	    satis_add(fx.sa, &r2, &e) != 1)
		return -1;
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	satis_free(fx->sa);
	idx766_free(fx->x);
	stats_free(fx->s);
	clock_cal_free(fx->cal);
	return 0;
}

static int
per(const struct stats *s, enum stats_period_kind k, int year, int num)
{
	for (int i = 0; i < stats_nperiods(s); i++) {
		const struct stats_period *p = stats_period(s, i);
		if (p->kind == k && p->year == year && p->num == num)
			return i;
	}
	fail_msg("no period %d %d/%d", (int)k, num, year);
	return -1;
}

struct want {
	enum stats_entity_kind kind;
	int ref;
	enum stats_period_kind pk;
	int num;
	enum idx766_ind ind;
	int64_t num_, den;
	int permille;
};

static void
test_indicators(void **state)
{
	struct fixture *fx = *state;
	static const struct want w[] = {
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_ONTIME, 3, 5, 600},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_ONTIME, 0, 1, 0},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 5, IDX766_ONTIME, 0, 1, 0},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_PROGRESS, 2, 5, 400},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_PROGRESS, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 5, IDX766_PROGRESS, 0, 1, 0},
	    {STATS_E_PROVINCE, 0, STATS_QUARTER, 2, IDX766_PROGRESS, 1, 2, 500},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_APOLOGY, 1, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_APOLOGY, 0, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_QUARTER, 1, IDX766_APOLOGY, 1, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_YEAR, 0, IDX766_APOLOGY, 1, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 3, IDX766_APOLOGY, 1, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_ONLINE, 2, 8, 250},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_ONLINE, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 5, IDX766_ONLINE, 0, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_OVERDUE, 1, 3, 333},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_OVERDUE, 1, 2, 500},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, IDX766_SATISFIED, 1, 2, 500},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, IDX766_SATISFIED, 0, 0, -1},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 3, IDX766_ONTIME, 3, 5, 600},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 3, IDX766_PROGRESS, 2, 5, 400},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 3, IDX766_APOLOGY, 1, 0, -1},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 3, IDX766_SATISFIED, 1, 1, 1000},
	    {STATS_E_AGENCY, 0, STATS_MONTH, 5, IDX766_PROGRESS, 0, 1, 0},
	    {STATS_E_AGENCY, 0, STATS_YEAR, 0, IDX766_APOLOGY, 0, 0, -1},
	    {STATS_E_AGENCY, 0, STATS_MONTH, 3, IDX766_SATISFIED, 0, 1, 0},
	};

	for (size_t i = 0; i < NROWS(w); i++) {
		int ent = stats_entity(fx->s, w[i].kind, w[i].ref);
		int p = per(fx->s, w[i].pk, 2025, w[i].pk == STATS_YEAR ? 0 : w[i].num);
		struct idx766_value v;
		assert_true(ent >= 0);
		assert_int_equal(idx766_value(fx->x, fx->sa, 0, ent, p, w[i].ind, &v), 0);
		if (v.num != w[i].num_ || v.den != w[i].den || v.permille != w[i].permille)
			fail_msg("row %zu (%s): %lld / %lld = %d", i, idx766_name(w[i].ind),
			         (long long)v.num, (long long)v.den, v.permille);
	}
}

/* The on-time share is the report table's, not a second count. */
static void
test_ontime_is_stats(void **state)
{
	struct fixture *fx = *state;

	for (int ent = 0; ent < stats_nentities(fx->s); ent++)
		for (int p = 0; p < stats_nperiods(fx->s); p++) {
			struct idx766_value v;
			assert_int_equal(idx766_value(fx->x, NULL, 0, ent, p, IDX766_ONTIME, &v),
			                 0);
			assert_int_equal(v.permille, stats_ontime_permille(fx->s, ent, p));
			assert_int_equal(idx766_value(fx->x, NULL, 0, ent, p, IDX766_SATISFIED, &v),
			                 0);
			assert_int_equal(v.den, 0);
			/* Progress is a subset of the resolved. */
			assert_true(idx766_progress(fx->x, ent, p) <=
			            stats_resolved(fx->s, ent, p));
		}
}

static void
test_names_and_range(void **state)
{
	struct fixture *fx = *state;
	struct idx766_value v;

	assert_string_equal(idx766_name(IDX766_ONTIME), "ontime");
	assert_string_equal(idx766_name(IDX766_SATISFIED), "satisfied");
	assert_null(idx766_name(IDX766_COUNT));
	assert_int_equal(idx766_value(fx->x, NULL, 0, 0, 0, IDX766_COUNT, &v), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_indicators, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ontime_is_stats, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_names_and_range, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
