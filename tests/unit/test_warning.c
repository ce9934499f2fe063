/*
 * Unit tests for core/domain/warning.c: the early-warning rules on
 * hand-made dossiers.  Each expected instant and count of minutes is
 * worked out in the comment above it.
 *
 * Calendar: 2025 as decided (as in test_timeline.c: Hùng Kings Mon 7/4,
 * 30/4, 1/5, Fri 2/5 swapped off for Sat 26/4 worked, ...), default
 * office hours 07:30-11:30 and 13:00-17:00 (480 minutes a working day).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "test_instant.h"
#include "timeline.h"
#include "warning.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static int
setup_cal(void **state)
{
	static const struct {
		int m, d;
		enum clock_day_kind kind;
	} days[] = {
	    {1, 1, CLOCK_DAY_HOLIDAY}, {4, 7, CLOCK_DAY_HOLIDAY},  {4, 30, CLOCK_DAY_HOLIDAY},
	    {5, 1, CLOCK_DAY_HOLIDAY}, {5, 2, CLOCK_DAY_SWAP_OFF}, {4, 26, CLOCK_DAY_WORKING},
	};
	struct clock_cal *cal = clock_cal_new();
	struct err e = {""};

	assert_non_null(cal);
	for (size_t i = 0; i < NROWS(days); i++)
		assert_int_equal(
		    clock_cal_set_day(cal, clock_day(2025, days[i].m, days[i].d), days[i].kind, &e),
		    0);
	*state = cal;
	return 0;
}

static int
teardown_cal(void **state)
{
	clock_cal_free(*state);
	return 0;
}

/* A hand-made dossier: received, the steps' allowances, its events. */
struct dossier {
	const char *received;
	int nsteps;
	int allowance[4];
	struct {
		const char *at;
		enum ev_kind kind;
		int step;
	} ev[8];
	int nev;
};

static unsigned
judge(const struct clock_cal *cal, const struct dossier *d, const char *now, int wait_days,
      struct warning *w)
{
	struct ev ev[8];
	struct timeline_input in = {0};
	struct timeline tl;
	struct warning_rules rules = {wait_days};
	struct err e = {""};

	in.received = T(d->received);
	in.nsteps = d->nsteps;
	for (int i = 0; i < d->nsteps; i++)
		in.allowance_min[i] = d->allowance[i];
	for (int i = 0; i < d->nev; i++)
		ev[i] = (struct ev){T(d->ev[i].at), d->ev[i].kind, d->ev[i].step, 0};
	in.events = ev;
	in.nevents = d->nev;
	in.now = T(now);
	if (timeline_compute(cal, &in, &tl, &e) < 0)
		fail_msg("timeline: %s", e.msg);
	return warning_judge(cal, &tl, in.now, &rules, w);
}

/* Three steps of 4 h, 16 h and 4 h received Wed 12/3 09:00: due Mon 17/3
 * 09:00 (worked out in test_timeline.c).  Step 1 handed over Wed 14:00,
 * step 2 Fri 14/3 16:00; step 3 in hand since. */
static const struct dossier three_steps = {"2025-03-12 09:00",
                                           3,
                                           {240, 960, 240},
                                           {{"2025-03-12 09:00", EV_STEP_START, 1},
                                            {"2025-03-12 14:00", EV_STEP_DONE, 1},
                                            {"2025-03-12 14:00", EV_STEP_START, 2},
                                            {"2025-03-14 16:00", EV_STEP_DONE, 2},
                                            {"2025-03-14 16:00", EV_STEP_START, 3}},
                                           5};

static void
overdue_now(void **state)
{
	struct warning w;

	/* Mon 17/3 10:00: one working hour past the due instant (09:00-10:00).
	 * Step 3 has held it Fri 16:00-17:00 (60) and Mon 07:30-10:00 (150). */
	assert_int_equal(judge(*state, &three_steps, "2025-03-17 10:00", 5, &w), WARNING_OVERDUE);
	assert_int_equal(w.due, T("2025-03-17 09:00"));
	assert_int_equal(w.late_min, 60);
	assert_int_equal(w.step, 3);
	assert_int_equal(w.held_min, 210);
	assert_false(w.due_today);
	/* Overdue across the weekend: Fri 21/3 at noon counts Mon 09:00-11:30
	 * (150), 13:00-17:00 (240), Tue-Thu (1440), Fri 07:30-11:30 (240). */
	assert_int_equal(judge(*state, &three_steps, "2025-03-21 12:00", 5, &w), WARNING_OVERDUE);
	assert_int_equal(w.late_min, 150 + 240 + 1440 + 240);
}

static void
due_at_the_due_instant(void **state)
{
	struct warning w;

	/* At 09:00 sharp it is still within time: due today, 0 minutes left. */
	assert_int_equal(judge(*state, &three_steps, "2025-03-17 09:00", 5, &w), WARNING_DUE_SOON);
	assert_true(w.due_today);
	assert_int_equal(w.left_min, 0);
	/* Fri 14/3 16:30: the next working day is Mon 17/3, due 09:00 then:
	 * Fri 16:30-17:00 (30) and Mon 07:30-09:00 (90) left; not today. */
	assert_int_equal(judge(*state, &three_steps, "2025-03-14 16:30", 5, &w), WARNING_DUE_SOON);
	assert_false(w.due_today);
	assert_int_equal(w.left_min, 120);
	/* Thu 13/3 at noon: the next working day (Fri) closes before the due. */
	assert_int_equal(judge(*state, &three_steps, "2025-03-13 12:00", 5, &w), 0);
}

/* One step received Fri 4/4/2025 08:00; allowances counted on:
 * Fri 08:00-11:30 (210) and 13:00-17:00 (240) = 450; Sat, Sun, and Mon 7/4
 * (Hùng Kings) off; Tue 8/4 07:30-10:00 (150) = 600 -> Tue 10:00;
 * Tue to 11:30 (90) and 13:00-17:00 (240) = 930 -> Tue 17:00;
 * Wed 07:30-08:00 (30) = 960 -> Wed 9/4 08:00. */
static struct dossier
one_step(int allowance)
{
	struct dossier d = {
	    "2025-04-04 08:00", 1, {allowance}, {{"2025-04-04 08:00", EV_STEP_START, 1}}, 1};
	return d;
}

static void
due_next_working_day_over_weekend_and_holiday(void **state)
{
	struct warning w;
	struct dossier d;

	/* From Fri 4/4 the next working day is Tue 8/4 (weekend, then the
	 * holiday): the horizon is its close. */
	assert_int_equal(warning_horizon(*state, T("2025-04-04 15:00")), T("2025-04-08 17:00"));
	/* Due Tue 10:00: due soon, not today; left Fri 15:00-17:00 (120) and
	 * Tue 07:30-10:00 (150). */
	d = one_step(600);
	assert_int_equal(judge(*state, &d, "2025-04-04 15:00", 5, &w), WARNING_DUE_SOON);
	assert_int_equal(w.due, T("2025-04-08 10:00"));
	assert_false(w.due_today);
	assert_int_equal(w.left_min, 270);
	assert_int_equal(w.step, 1);
	assert_int_equal(w.held_min, 210 + 120); /* Fri 08:00-11:30, 13:00-15:00 */
	/* Due Tue 17:00, the horizon itself: still due soon. */
	d = one_step(930);
	assert_int_equal(judge(*state, &d, "2025-04-04 15:00", 5, &w), WARNING_DUE_SOON);
	assert_int_equal(w.due, T("2025-04-08 17:00"));
	/* Due Wed 08:00: after the horizon, no warning. */
	d = one_step(960);
	assert_int_equal(judge(*state, &d, "2025-04-04 15:00", 5, &w), 0);
	assert_int_equal(w.due, T("2025-04-09 08:00"));
	/* On Sunday 6/4 the next working day is still Tue 8/4. */
	d = one_step(930);
	assert_int_equal(judge(*state, &d, "2025-04-06 11:00", 5, &w), WARNING_DUE_SOON);
	assert_false(w.due_today);
	/* Due Fri 4/4 16:00 seen on Fri 09:00: due today. */
	d = one_step(390); /* 08:00-11:30 (210) + 13:00-16:00 (180) */
	assert_int_equal(judge(*state, &d, "2025-04-04 09:00", 5, &w), WARNING_DUE_SOON);
	assert_true(w.due_today);
	assert_int_equal(w.due, T("2025-04-04 16:00"));
}

/* Received Mon 10/3 08:00 (three working days, 1440 minutes); a supplement
 * asked Tue 11/3 08:00, after 480 minutes (Mon 08:00-11:30, 13:00-17:00,
 * Tue 07:30-08:00), and not brought yet. */
static const struct dossier waiting = {
    "2025-03-10 08:00",
    1,
    {1440},
    {{"2025-03-10 08:00", EV_STEP_START, 1}, {"2025-03-11 08:00", EV_SUPPLEMENT_REQUEST, 0}},
    2};

static void
long_supplement_wait(void **state)
{
	struct warning w;

	/* Mon 17/3 08:00: waited Tue 08:00-11:30 (210), 13:00-17:00 (240),
	 * Wed-Fri (1440), Mon 07:30-08:00 (30) = 1920 minutes, four working
	 * days.  Longer than three: it warns; not longer than four: it does
	 * not.  The clock stands still, so it is neither overdue nor due soon
	 * (960 minutes remain once the citizen brings the papers). */
	assert_int_equal(judge(*state, &waiting, "2025-03-17 08:00", 3, &w), WARNING_WAITING);
	assert_int_equal(w.waited_min, 1920);
	assert_int_equal(judge(*state, &waiting, "2025-03-17 08:00", 4, &w), 0);
	assert_int_equal(w.waited_min, 1920);
	/* One minute later it is longer than four days. */
	assert_int_equal(judge(*state, &waiting, "2025-03-17 08:01", 4, &w), WARNING_WAITING);
	assert_int_equal(w.waited_min, 1921);
}

static void
paused_is_not_due_soon(void **state)
{
	/* The three-step dossier paused Fri 14/3 16:30 and seen then: its
	 * clock stands still, its due moves; nothing is due, nobody waits on
	 * the citizen. */
	struct dossier d = three_steps;
	struct warning w;

	d.ev[d.nev].at = "2025-03-14 16:30";
	d.ev[d.nev].kind = EV_PAUSE;
	d.ev[d.nev++].step = 0;
	assert_int_equal(judge(*state, &d, "2025-03-14 16:30", 5, &w), 0);
	assert_int_equal(w.waited_min, 0);
}

static void
finished_never_warns(void **state)
{
	struct dossier d = three_steps;
	struct warning w;
	struct warning_tally t = {0};

	/* Resolved late (Tue 18/3, after the Mon 09:00 due): a verdict for the
	 * statistics, no warning for the morning list. */
	d.ev[d.nev].at = "2025-03-18 10:00";
	d.ev[d.nev].kind = EV_RESULT_READY;
	d.ev[d.nev++].step = 0;
	assert_int_equal(judge(*state, &d, "2025-03-19 10:00", 5, &w), 0);
	assert_int_equal(w.step, 0);
	warning_tally_add(&t, &w);
	/* Withdrawn while in hand, and rejected. */
	d = three_steps;
	d.ev[d.nev].at = "2025-03-17 08:00";
	d.ev[d.nev++].kind = EV_WITHDRAWN;
	assert_int_equal(judge(*state, &d, "2025-03-19 10:00", 5, &w), 0);
	d.ev[d.nev - 1].kind = EV_REJECTED;
	assert_int_equal(judge(*state, &d, "2025-03-19 10:00", 5, &w), 0);
	warning_tally_add(&t, &w);
	assert_int_equal(t.overdue + t.due_soon + t.due_today + t.waiting, 0);
}

static void
tally(void **state)
{
	struct warning_tally t = {0};
	struct warning w;
	struct dossier d = one_step(390);

	judge(*state, &three_steps, "2025-03-17 10:00", 5, &w); /* overdue */
	warning_tally_add(&t, &w);
	judge(*state, &d, "2025-04-04 09:00", 5, &w); /* due today */
	warning_tally_add(&t, &w);
	d = one_step(600);
	judge(*state, &d, "2025-04-04 15:00", 5, &w); /* due Tuesday */
	warning_tally_add(&t, &w);
	judge(*state, &waiting, "2025-03-17 08:00", 3, &w); /* waits */
	warning_tally_add(&t, &w);
	assert_int_equal(t.overdue, 1);
	assert_int_equal(t.due_soon, 2);
	assert_int_equal(t.due_today, 1);
	assert_int_equal(t.waiting, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(overdue_now),
	    cmocka_unit_test(due_at_the_due_instant),
	    cmocka_unit_test(due_next_working_day_over_weekend_and_holiday),
	    cmocka_unit_test(long_supplement_wait),
	    cmocka_unit_test(paused_is_not_due_soon),
	    cmocka_unit_test(finished_never_warns),
	    cmocka_unit_test(tally),
	};
	return cmocka_run_group_tests(tests, setup_cal, teardown_cal);
}
