/*
 * Unit tests for core/domain/roadmap.c: the ISO plan's rules, golden cases with
 * the right answer worked out in each row's comment.  "Today" is
 * 2025-09-15 unless a row says otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "roadmap.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))
#define NO ROADMAP_NO_DATE

static day_t
D(const char *s)
{
	struct err e = {""};
	day_t d = 0;

	if (!s)
		return NO;
	if (clock_parse_date(s, &d, &e) < 0)
		fail_msg("bad date in test: %s", e.msg);
	return d;
}

static void
test_dated(void **state)
{
	static const struct {
		const char *deadline, *done, *today;
		enum roadmap_state want;
	} rows[] = {
	    {"2019-12-31", "2019-12-31", "2025-09-15", ROADMAP_MET},      /* on the day */
	    {"2019-12-31", "2020-01-01", "2025-09-15", ROADMAP_MET_LATE}, /* a day late */
	    {"2019-12-31", NULL, "2025-09-15", ROADMAP_OVERDUE},          /* never */
	    {"2025-12-31", NULL, "2025-09-15", ROADMAP_PENDING},          /* ahead */
	    {"2025-12-31", NULL, "2025-12-31", ROADMAP_PENDING},          /* the last day */
	    {"2025-12-31", NULL, "2026-01-01", ROADMAP_OVERDUE},          /* the day after */
	    {"2025-12-31", "2025-10-01", "2025-09-15", ROADMAP_PENDING},  /* planned, not done */
	    {NULL, "2020-05-05", "2025-09-15", ROADMAP_NA},               /* no target */
	};

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++)
		if (roadmap_dated(D(rows[i].deadline), D(rows[i].done), D(rows[i].today)) !=
		    rows[i].want)
			fail_msg("row %zu", i);
}

static void
test_yearly(void **state)
{
	static const struct {
		const char *last;
		enum roadmap_state want;
		const char *next;
	} rows[] = {
	    {"2024-09-15", ROADMAP_MET, "2025-09-15"},     /* exactly 12 months */
	    {"2024-09-14", ROADMAP_OVERDUE, "2025-09-14"}, /* a day older */
	    {"2025-03-01", ROADMAP_MET, "2026-03-01"},
	    {NULL, ROADMAP_OVERDUE, NULL},                 /* missing = overdue */
	    {"2025-10-01", ROADMAP_OVERDUE, "2026-10-01"}, /* a future date is no audit */
	};
	day_t next;

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		if (roadmap_yearly(D(rows[i].last), D("2025-09-15"), &next) != rows[i].want)
			fail_msg("row %zu", i);
		assert_int_equal(next, D(rows[i].next));
	}
}

static void
test_reissue(void **state)
{
	static const struct {
		const char *changed, *from, *today;
		enum roadmap_state want;
		const char *deadline;
	} rows[] = {
	    /* Law changed 31/5: re-issue due by 31/8 (3 months). */
	    {"2025-05-31", "2025-08-31", "2025-09-15", ROADMAP_MET, "2025-08-31"},
	    {"2025-05-31", "2025-09-01", "2025-09-15", ROADMAP_MET_LATE, "2025-08-31"},
	    {"2025-05-31", "2024-01-01", "2025-09-15", ROADMAP_OVERDUE, "2025-08-31"},
	    {"2025-07-01", "2024-01-01", "2025-09-15", ROADMAP_PENDING, "2025-10-01"},
	    {"2025-07-01", "2025-07-01", "2025-09-15", ROADMAP_MET, "2025-10-01"},
	    /* 30/11 + 3 months clamps to 28/2. */
	    {"2024-11-30", "2023-01-01", "2025-02-28", ROADMAP_PENDING, "2025-02-28"},
	    {"2024-11-30", "2023-01-01", "2025-03-01", ROADMAP_OVERDUE, "2025-02-28"},
	    {NULL, "2023-01-01", "2025-09-15", ROADMAP_NA, NULL},
	};
	day_t dl;

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		if (roadmap_reissue(D(rows[i].changed), D(rows[i].from), D(rows[i].today), &dl) !=
		    rows[i].want)
			fail_msg("row %zu", i);
		assert_int_equal(dl, D(rows[i].deadline));
	}
}

static struct roadmap_agency
agency(int level)
{
	return (struct roadmap_agency){
	    .level = level,
	    .valid_from = NO,
	    .valid_to = NO,
	    .iso_target = NO,
	    .iso_announced = NO,
	    .eiso_target = NO,
	    .eiso_date = NO,
	    .last_audit = NO,
	    .last_review = NO,
	};
}

static void
test_eiso_by_level(void **state)
{
	struct roadmap_agency a;
	struct roadmap_result r;

	(void)state;
	/* On 15/1/2026 a department without electronic ISO has missed 2025,
	 * a district still has until 2027, a commune until 2030. */
	a = agency(STATS_LEVEL_DEPARTMENT);
	roadmap_judge(&a, D("2026-01-15"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_OVERDUE);
	assert_int_equal(r.deadline[ROADMAP_EISO], D("2025-12-31"));
	a = agency(STATS_LEVEL_BRANCH);
	roadmap_judge(&a, D("2026-01-15"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_OVERDUE);
	a = agency(STATS_LEVEL_DISTRICT);
	roadmap_judge(&a, D("2026-01-15"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_PENDING);
	assert_int_equal(r.deadline[ROADMAP_EISO], D("2027-12-31"));
	a = agency(STATS_LEVEL_COMMUNE);
	a.eiso_date = D("2025-06-01");
	roadmap_judge(&a, D("2026-01-15"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_MET);
	assert_int_equal(r.deadline[ROADMAP_EISO], D("2030-12-31"));
	/* The agency's own target wins over the level's. */
	a = agency(STATS_LEVEL_COMMUNE);
	a.eiso_target = D("2025-06-30");
	roadmap_judge(&a, D("2026-01-15"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_OVERDUE);
}

static void
test_historical(void **state)
{
	struct roadmap_agency a = agency(STATS_LEVEL_COMMUNE);
	struct roadmap_result r;

	(void)state;
	/* A commune merged away on 30/6/2025: its 2019 adoption target is
	 * counted (it existed then), its 2030 electronic-ISO target and its
	 * yearly duties are not (the successor carries them). */
	a.valid_to = D("2025-06-30");
	a.iso_target = D("2019-12-31");
	a.iso_announced = D("2020-03-01");
	a.last_audit = D("2020-01-01");
	a.reissue_checked = 2;
	a.reissue_overdue = 1;
	roadmap_judge(&a, D("2025-09-15"), &r);
	assert_true(r.historical);
	assert_int_equal(r.state[ROADMAP_ADOPTION], ROADMAP_MET_LATE);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_NA);
	assert_int_equal(r.state[ROADMAP_AUDIT], ROADMAP_NA);
	assert_int_equal(r.state[ROADMAP_REVIEW], ROADMAP_NA);
	/* Re-issues arrive judged by roadmap_reissue_agency: those counted
	 * fell due in its lifetime and are kept (test_reissue_merged). */
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_OVERDUE);
	/* The same agency judged before the merger is not historical. */
	roadmap_judge(&a, D("2025-06-30"), &r);
	assert_false(r.historical);
	assert_int_equal(r.state[ROADMAP_AUDIT], ROADMAP_OVERDUE);
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_OVERDUE);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_PENDING);
}

static void
test_reissue_worst_wins(void **state)
{
	struct roadmap_agency a = agency(STATS_LEVEL_DEPARTMENT);
	struct roadmap_result r;

	(void)state;
	roadmap_judge(&a, D("2025-09-15"), &r);
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_NA);
	a.reissue_checked = 3;
	a.reissue_late = 1;
	roadmap_judge(&a, D("2025-09-15"), &r);
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_MET_LATE);
	a.reissue_pending = 1;
	roadmap_judge(&a, D("2025-09-15"), &r);
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_PENDING);
	a.reissue_overdue = 1;
	roadmap_judge(&a, D("2025-09-15"), &r);
	assert_int_equal(r.state[ROADMAP_REISSUE], ROADMAP_OVERDUE);
}

static void
test_shares(void **state)
{
	struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES];
	struct roadmap_agency a;
	struct roadmap_result r;

	(void)state;
	memset(tab, 0, sizeof tab);
	/* Three communes with a 2019 target: on time, late, never. */
	a = agency(STATS_LEVEL_COMMUNE);
	a.iso_target = D("2019-12-31");
	a.iso_announced = D("2019-11-01");
	roadmap_judge(&a, D("2025-09-15"), &r);
	roadmap_count(tab, a.level, &r);
	a.iso_announced = D("2020-02-01");
	roadmap_judge(&a, D("2025-09-15"), &r);
	roadmap_count(tab, a.level, &r);
	a.iso_announced = NO;
	roadmap_judge(&a, D("2025-09-15"), &r);
	roadmap_count(tab, a.level, &r);
	/* One department with no adoption target: not counted for adoption. */
	a = agency(STATS_LEVEL_DEPARTMENT);
	roadmap_judge(&a, D("2025-09-15"), &r);
	roadmap_count(tab, a.level, &r);

	assert_int_equal(tab[STATS_LEVEL_COMMUNE][ROADMAP_ADOPTION].counted, 3);
	assert_int_equal(tab[STATS_LEVEL_COMMUNE][ROADMAP_ADOPTION].n[ROADMAP_MET], 1);
	assert_int_equal(tab[STATS_LEVEL_COMMUNE][ROADMAP_ADOPTION].n[ROADMAP_MET_LATE], 1);
	assert_int_equal(tab[STATS_LEVEL_COMMUNE][ROADMAP_ADOPTION].n[ROADMAP_OVERDUE], 1);
	/* 2 of 3 achieved: 666.7 per mille, rounded to 667. */
	assert_int_equal(roadmap_done_permille(&tab[STATS_LEVEL_COMMUNE][ROADMAP_ADOPTION]), 667);
	assert_int_equal(tab[STATS_LEVEL_DEPARTMENT][ROADMAP_ADOPTION].counted, 0);
	assert_int_equal(roadmap_done_permille(&tab[STATS_LEVEL_DEPARTMENT][ROADMAP_ADOPTION]), -1);
	/* Audits: all four counted (missing = overdue), in the total row too. */
	assert_int_equal(tab[STATS_LEVEL_COUNT][ROADMAP_AUDIT].counted, 4);
	assert_int_equal(tab[STATS_LEVEL_COUNT][ROADMAP_AUDIT].n[ROADMAP_OVERDUE], 4);
	assert_int_equal(roadmap_done_permille(&tab[STATS_LEVEL_COUNT][ROADMAP_AUDIT]), 0);
}

/* A body created after the law changed owes the re-issue from its first
 * day: the 3 months run from the later date. */
static void
test_reissue_new_agency(void **state)
{
	struct roadmap_agency a = agency(STATS_LEVEL_COMMUNE);
	day_t dl;

	(void)state;
	/* A commune created 1/7/2025; the Land Law changed 1/8/2024.  The
	 * months run from 1/7/2025: deadline 1/10/2025.  Its first process, in
	 * force 1/7/2025, is on time (the old rule, from 1/8/2024 with the
	 * deadline 1/11/2024, called it late). */
	a.valid_from = D("2025-07-01");
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2024-08-01"), D("2025-07-01"), D("2025-09-15"), &dl),
	    ROADMAP_MET);
	assert_int_equal(dl, D("2025-10-01"));
	assert_int_equal(roadmap_reissue(D("2024-08-01"), D("2025-07-01"), D("2025-09-15"), &dl),
	                 ROADMAP_MET_LATE); /* the same without the agency */
	/* A process in force only from 2/10/2025: a day late. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2024-08-01"), D("2025-10-02"), D("2025-12-01"), &dl),
	    ROADMAP_MET_LATE);
	/* None yet on 15/9/2025: the deadline 1/10 is ahead. */
	assert_int_equal(roadmap_reissue_agency(&a, D("2024-08-01"), NO, D("2025-09-15"), &dl),
	                 ROADMAP_PENDING);
	/* A law that changes after the agency began counts from the law:
	 * 1/8/2025 + 3 months = 1/11/2025; a version from 1/7 predates it. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2025-08-01"), D("2025-07-01"), D("2025-11-02"), &dl),
	    ROADMAP_OVERDUE);
	assert_int_equal(dl, D("2025-11-01"));
}

/* A deadline that fell while an agency existed is judged after it was
 * merged away, as things stood on its last day. */
static void
test_reissue_merged(void **state)
{
	struct roadmap_agency a = agency(STATS_LEVEL_DISTRICT);
	day_t dl;

	(void)state;
	/* A district ended 30/6/2025.  Law 1/8/2024: deadline 1/11/2024, in
	 * its lifetime.  v2 in force 20/1/2025: late (the Ia H'Drai case). */
	a.valid_to = D("2025-06-30");
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2024-08-01"), D("2025-01-20"), D("2025-09-15"), &dl),
	    ROADMAP_MET_LATE);
	assert_int_equal(dl, D("2024-11-01"));
	/* Never re-issued (its last version from 2023): overdue, for good. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2024-08-01"), D("2023-01-01"), D("2025-09-15"), &dl),
	    ROADMAP_OVERDUE);
	/* Re-issued 1/10/2024: on time. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2024-08-01"), D("2024-10-01"), D("2025-09-15"), &dl),
	    ROADMAP_MET);
	/* Law 1/5/2025: deadline 1/8/2025 after its end: the successor's. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2025-05-01"), D("2023-01-01"), D("2025-09-15"), &dl),
	    ROADMAP_NA);
	assert_int_equal(dl, D("2025-08-01"));
	/* Law 30/3/2025: deadline 30/6/2025, its last day.  Not re-issued by
	 * then: overdue (there is no later day to do it); re-issued that day:
	 * on time. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2025-03-30"), D("2023-01-01"), D("2025-09-15"), &dl),
	    ROADMAP_OVERDUE);
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2025-03-30"), D("2025-06-30"), D("2025-09-15"), &dl),
	    ROADMAP_MET);
	/* Before its end (today 1/6/2025) it is judged like any agency: the
	 * 30/6 deadline is ahead. */
	assert_int_equal(
	    roadmap_reissue_agency(&a, D("2025-03-30"), D("2023-01-01"), D("2025-06-01"), &dl),
	    ROADMAP_PENDING);
}

/* The plans' targets are "by a date": the share met by the deadline sits
 * beside the share done at all. */
static void
test_shares_by_deadline(void **state)
{
	struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES];
	struct roadmap_agency a;
	struct roadmap_result r;
	const struct roadmap_share *sh;

	(void)state;
	memset(tab, 0, sizeof tab);
	/* 15 departments, electronic ISO due 31/12/2025, judged 1/12/2026:
	 * 2 live by then, 7 live in 2026, 6 not yet. */
	for (int i = 0; i < 15; i++) {
		a = agency(STATS_LEVEL_DEPARTMENT);
		a.eiso_date = i < 2 ? D("2025-10-01") : i < 9 ? D("2026-03-01") : NO;
		roadmap_judge(&a, D("2026-12-01"), &r);
		roadmap_count(tab, a.level, &r);
	}
	sh = &tab[STATS_LEVEL_DEPARTMENT][ROADMAP_EISO];
	assert_int_equal(sh->counted, 15);
	assert_int_equal(sh->n[ROADMAP_MET], 2);
	assert_int_equal(sh->n[ROADMAP_MET_LATE], 7);
	assert_int_equal(sh->n[ROADMAP_OVERDUE], 6);
	/* Done at all: 9/15 = 600.0 per mille; by the deadline 2/15 =
	 * 133.33, rounded 133 (13.3 %). */
	assert_int_equal(roadmap_done_permille(sh), 600);
	assert_int_equal(roadmap_met_permille(sh), 133);
	/* 1 on time and 32 late of 33: done 1000 (100 %), by the deadline
	 * 1/33 = 30.30, rounded 30 (3.0 %). */
	memset(tab, 0, sizeof tab);
	for (int i = 0; i < 33; i++) {
		a = agency(STATS_LEVEL_COMMUNE);
		a.reissue_checked = 1;
		a.reissue_late = i > 0;
		roadmap_judge(&a, D("2026-12-01"), &r);
		roadmap_count(tab, a.level, &r);
	}
	sh = &tab[STATS_LEVEL_COUNT][ROADMAP_REISSUE];
	assert_int_equal(sh->counted, 33);
	assert_int_equal(roadmap_done_permille(sh), 1000);
	assert_int_equal(roadmap_met_permille(sh), 30);
	/* Nothing counted: no share. */
	assert_int_equal(roadmap_met_permille(&tab[STATS_LEVEL_BRANCH][ROADMAP_EISO]), -1);
}

/* A body outside the ISO scope owes nothing: not overdue, in no share. */
static void
test_out_of_scope(void **state)
{
	struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES];
	struct roadmap_agency a = agency(STATS_LEVEL_PROVINCE);
	struct roadmap_result r;

	(void)state;
	memset(tab, 0, sizeof tab);
	/* In scope, a province-level body with nothing done would be overdue
	 * for electronic ISO (31/12/2025), audit and review on 1/12/2026. */
	roadmap_judge(&a, D("2026-12-01"), &r);
	assert_int_equal(r.state[ROADMAP_EISO], ROADMAP_OVERDUE);
	assert_int_equal(r.state[ROADMAP_AUDIT], ROADMAP_OVERDUE);
	/* Outside the scope: every rule NA, no deadline, nothing counted. */
	a.out_of_scope = 1;
	a.valid_from = D("2025-07-01");
	a.reissue_checked = 1; /* even if a caller counted a process */
	a.reissue_overdue = 1;
	roadmap_judge(&a, D("2026-12-01"), &r);
	for (int k = 0; k < ROADMAP_RULES; k++) {
		assert_int_equal(r.state[k], ROADMAP_NA);
		assert_int_equal(r.deadline[k], NO);
	}
	roadmap_count(tab, a.level, &r);
	for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++)
		for (int k = 0; k < ROADMAP_RULES; k++)
			assert_int_equal(tab[lv][k].counted, 0);
}

static void
test_names(void **state)
{
	(void)state;
	assert_string_equal(roadmap_rule_name(ROADMAP_EISO), "eiso");
	assert_string_equal(roadmap_state_name(ROADMAP_MET_LATE), "met_late");
	assert_null(roadmap_rule_name(ROADMAP_RULES));
	assert_null(roadmap_state_name(-1));
	assert_int_equal(stats_level_parse("commune"), STATS_LEVEL_COMMUNE);
	assert_int_equal(stats_level_parse("ward"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dated),          cmocka_unit_test(test_yearly),
	    cmocka_unit_test(test_reissue),        cmocka_unit_test(test_eiso_by_level),
	    cmocka_unit_test(test_historical),     cmocka_unit_test(test_reissue_worst_wins),
	    cmocka_unit_test(test_shares),         cmocka_unit_test(test_reissue_new_agency),
	    cmocka_unit_test(test_reissue_merged), cmocka_unit_test(test_shares_by_deadline),
	    cmocka_unit_test(test_out_of_scope),   cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
