/*
 * Unit tests for core/domain/satisfaction.c: the satisfaction counts per
 * entity and period, on hand-made ratings whose counts are worked out
 * below.
 *
 * Entities as in test_stats.c: agencies 0 and 1 are communes merged into
 * 2 (a commune too), 3 is a department; procedure 0 in field 0, 1 in
 * field 1.  first = 1/3/2025, now = Tue 20/5/2025 10:00, so the periods
 * are March, April, May; Q1, Q2; 2025; and the reporting periods (15th to
 * 14th) named after the month they end in: March (15/2-14/3), April,
 * May, June (15/5-14/6).
 *
 * Question 0 ('overall'): choices 0 very satisfied, 1 satisfied (both
 * satisfied), 2 not satisfied.  Question 1 ('staff'): 3 good, 4 bad.
 *
 *   R1 ag3 p0 q0 c0 sat  5/3  10:00
 *   R2 ag3 p0 q0 c2 -    20/3 09:00   (reporting period April)
 *   R3 ag0 p1 q0 c1 sat  2/4  08:00
 *   R4 ag1 p1 q0 c2 -    30/4 16:59   (reporting period May)
 *   R8 ag1 p0 q0 c1 -    10/4 10:00   (agency 1's template does not count
 *                                      'satisfied' as satisfied)
 *   R7 ag2 p0 q1 c3 sat  14/5 12:00   (reporting period May: the 14th)
 *   R5 ag3 p1 q0 c1 sat  20/5 09:59   (a minute before now: counted)
 *   R6 ag3 p0 q0 c0 sat  20/5 10:00   (at now: not yet)
 *
 * Province, question 0: March R1 R2 -> 2, 1 satisfied, 500 per mille;
 * April R3 R4 R8 -> 3, 1 -> 333 (1000/3 rounds down); May R5 -> 1, 1 ->
 * 1000; Q1 2, 1; Q2 4, 2 -> 500; 2025 6, 3 -> 500.  Question 1: May 1, 1.
 * Reporting periods, question 0: March R1 (1, 1); April R2 R3 R8 (3, 1);
 * May R4 (1, 0 -> 0); June R5 (1, 1).
 * Agency 3: March 2 (1), May 1 (1).  Roll-up of agency 2 (0, 1 and 2):
 * April 3 (1); May question 1: 1.  Agency 0 alone: April 1 (1) -> 1000.
 * Level commune: April 3 (1).  Procedure 1: Q2 R3 R4 R5 -> 3, 2 -> 667
 * (2000/3 rounds up).  Field 0: March R1 R2, April R8, May R7 (question 1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "satisfaction.h"
#include "test_instant.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static const struct stats_agency agencies[] = {
    {STATS_LEVEL_COMMUNE, 2},
    {STATS_LEVEL_COMMUNE, 2},
    {STATS_LEVEL_COMMUNE, -1},
    {STATS_LEVEL_DEPARTMENT, -1},
};
static const int procedure_field[] = {0, 1};
static const int process_nsteps[] = {2, 2};

struct tr {
	const char *name;
	int agency, procedure, question, choice, satisfied;
	const char *at;
	int counted;
};

static const struct tr ratings[] = {
    {"R1", 3, 0, 0, 0, 1, "2025-03-05 10:00", 1}, {"R2", 3, 0, 0, 2, 0, "2025-03-20 09:00", 1},
    {"R3", 0, 1, 0, 1, 1, "2025-04-02 08:00", 1}, {"R4", 1, 1, 0, 2, 0, "2025-04-30 16:59", 1},
    {"R8", 1, 0, 0, 1, 0, "2025-04-10 10:00", 1}, {"R7", 2, 0, 1, 3, 1, "2025-05-14 12:00", 1},
    {"R5", 3, 1, 0, 1, 1, "2025-05-20 09:59", 1}, {"R6", 3, 0, 0, 0, 1, "2025-05-20 10:00", 0},
};

struct fixture {
	struct stats *st;
	struct satis *sa;
};

static int
setup(void **state)
{
	static struct fixture fx;
	struct stats_config cfg = {
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
	struct err e = {""};

	memset(&fx, 0, sizeof fx);
	if (!(fx.st = stats_new(&cfg, &e)) || !(fx.sa = satis_new(fx.st, 2, 5, &e)))
		return -1;
	for (size_t i = 0; i < NROWS(ratings); i++) {
		const struct tr *r = &ratings[i];
		struct satis_rating sr = {r->agency, r->procedure, r->question,
		                          r->choice, r->satisfied, T(r->at)};
		if (satis_add(fx.sa, &sr, &e) != r->counted)
			fail_msg("%s: not counted as expected (%s)", r->name, e.msg);
	}
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	satis_free(fx->sa);
	stats_free(fx->st);
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

/* One expected cell: entity, period, question, total, satisfied, share. */
struct want {
	enum stats_entity_kind kind;
	int ref;
	enum stats_period_kind pk;
	int num;
	int question;
	int64_t total, satisfied;
	int permille;
};

static void
test_counts(void **state)
{
	struct fixture *fx = *state;
	static const struct want w[] = {
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, 0, 2, 1, 500},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 4, 0, 3, 1, 333},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 5, 0, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 5, 1, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_MONTH, 3, 1, 0, 0, -1},
	    {STATS_E_PROVINCE, 0, STATS_QUARTER, 1, 0, 2, 1, 500},
	    {STATS_E_PROVINCE, 0, STATS_QUARTER, 2, 0, 4, 2, 500},
	    {STATS_E_PROVINCE, 0, STATS_YEAR, 0, 0, 6, 3, 500},
	    {STATS_E_PROVINCE, 0, STATS_YEAR, 0, 1, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 3, 0, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 4, 0, 3, 1, 333},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 5, 0, 1, 0, 0},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 5, 1, 1, 1, 1000},
	    {STATS_E_PROVINCE, 0, STATS_CUT_MONTH, 6, 0, 1, 1, 1000},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 3, 0, 2, 1, 500},
	    {STATS_E_AGENCY, 3, STATS_MONTH, 5, 0, 1, 1, 1000},
	    {STATS_E_AGENCY, 0, STATS_MONTH, 4, 0, 1, 1, 1000},
	    {STATS_E_AGENCY, 2, STATS_MONTH, 4, 0, 0, 0, -1},
	    {STATS_E_ROLLUP, 2, STATS_MONTH, 4, 0, 3, 1, 333},
	    {STATS_E_ROLLUP, 2, STATS_MONTH, 5, 1, 1, 1, 1000},
	    {STATS_E_LEVEL, STATS_LEVEL_COMMUNE, STATS_MONTH, 4, 0, 3, 1, 333},
	    {STATS_E_LEVEL, STATS_LEVEL_DEPARTMENT, STATS_YEAR, 0, 0, 3, 2, 667},
	    {STATS_E_PROCEDURE, 1, STATS_QUARTER, 2, 0, 3, 2, 667},
	    {STATS_E_FIELD, 0, STATS_MONTH, 3, 0, 2, 1, 500},
	    {STATS_E_FIELD, 0, STATS_MONTH, 4, 0, 1, 0, 0},
	    {STATS_E_FIELD, 0, STATS_MONTH, 5, 1, 1, 1, 1000},
	};

	for (size_t i = 0; i < NROWS(w); i++) {
		int ent = stats_entity(fx->st, w[i].kind, w[i].ref);
		int p = per(fx->st, w[i].pk, 2025, w[i].pk == STATS_YEAR ? 0 : w[i].num);
		assert_true(ent >= 0);
		if (satis_total(fx->sa, ent, p, w[i].question) != w[i].total ||
		    satis_satisfied(fx->sa, ent, p, w[i].question) != w[i].satisfied ||
		    satis_permille(fx->sa, ent, p, w[i].question) != w[i].permille)
			fail_msg("row %zu: %lld %lld %d", i,
			         (long long)satis_total(fx->sa, ent, p, w[i].question),
			         (long long)satis_satisfied(fx->sa, ent, p, w[i].question),
			         satis_permille(fx->sa, ent, p, w[i].question));
	}
	assert_int_equal(satis_counted(fx->sa), 7);
}

/* Counts per choice: province April R3 R8 (choice 1), R4 (choice 2). */
static void
test_choices(void **state)
{
	struct fixture *fx = *state;
	int apr = per(fx->st, STATS_MONTH, 2025, 4), year = per(fx->st, STATS_YEAR, 2025, 0);

	assert_int_equal(satis_count(fx->sa, 0, apr, 0), 0);
	assert_int_equal(satis_count(fx->sa, 0, apr, 1), 2);
	assert_int_equal(satis_count(fx->sa, 0, apr, 2), 1);
	/* 2025: R1 (0); R3 R8 R5 (1); R2 R4 (2); R7 (3); R6 not yet. */
	assert_int_equal(satis_count(fx->sa, 0, year, 0), 1);
	assert_int_equal(satis_count(fx->sa, 0, year, 1), 3);
	assert_int_equal(satis_count(fx->sa, 0, year, 2), 2);
	assert_int_equal(satis_count(fx->sa, 0, year, 3), 1);
	assert_int_equal(satis_count(fx->sa, 0, year, 4), 0);
	/* Out of range reads 0. */
	assert_int_equal(satis_count(fx->sa, 0, year, 5), 0);
	assert_int_equal(satis_total(fx->sa, -1, year, 0), 0);
	assert_int_equal(satis_total(fx->sa, 0, stats_nperiods(fx->st), 0), 0);
}

/* The periods of each kind add up to the same as the year. */
static void
test_kinds_add_up(void **state)
{
	struct fixture *fx = *state;

	for (int ent = 0; ent < stats_nentities(fx->st); ent++)
		for (int q = 0; q < 2; q++) {
			int64_t sum[STATS_PERIOD_KINDS] = {0};
			for (int p = 0; p < stats_nperiods(fx->st); p++)
				sum[stats_period(fx->st, p)->kind] +=
				    satis_total(fx->sa, ent, p, q);
			for (int k = 1; k < STATS_PERIOD_KINDS; k++)
				assert_int_equal(sum[k], sum[0]);
		}
}

static void
test_bad_input(void **state)
{
	struct fixture *fx = *state;
	struct err e = {""};
	struct satis_rating r = {0, 0, 0, 0, 1, T("2025-03-05 10:00")};

	r.question = 2;
	assert_int_equal(satis_add(fx->sa, &r, &e), -1);
	r.question = 0;
	r.choice = 5;
	assert_int_equal(satis_add(fx->sa, &r, &e), -1);
	r.choice = 0;
	r.agency = 4;
	assert_int_equal(satis_add(fx->sa, &r, &e), -1);
	r.agency = 0;
	r.procedure = -1;
	assert_int_equal(satis_add(fx->sa, &r, &e), -1);
	/* February is before the first month but in the year 2025: counted
	 * there; 10/12/2024 is before every period (the reporting year 2025
	 * begins on 15/12/2024). */
	r.procedure = 0;
	r.rated = T("2025-02-10 10:00");
	assert_int_equal(satis_add(fx->sa, &r, &e), 1);
	r.rated = T("2024-12-10 10:00");
	assert_int_equal(satis_add(fx->sa, &r, &e), 0);
	assert_null(satis_new(fx->st, -1, 0, &e));
}

static void
test_permille(void **state)
{
	(void)state;
	assert_int_equal(stats_permille(1, 16), 63); /* 62.5 rounds half up */
	assert_int_equal(stats_permille(2, 3), 667);
	assert_int_equal(stats_permille(1, 3), 333);
	assert_int_equal(stats_permille(0, 5), 0);
	assert_int_equal(stats_permille(5, 5), 1000);
	assert_int_equal(stats_permille(0, 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_permille),
	    cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_choices, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kinds_add_up, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bad_input, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
