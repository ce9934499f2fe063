/*
 * Unit tests for core/domain/timeline.c: a dossier's event log judged against its
 * ISO process in working time.  Scenarios are golden rows (jq style); each
 * expected instant is worked out by hand in the row's comment.
 *
 * Calendar: 2025 as decided (New Year Wed 1/1; Tết days off Mon 27/1 -
 * Fri 31/1; Hùng Kings Mon 7/4; 30/4, 1/5, Fri 2/5 swapped off for Sat 26/4
 * worked; 1/9, 2/9), default office hours 07:30-11:30, 13:00-17:00.
 *
 * Most rows use a three-step process received Wed 12/3/2025 09:00:
 *   step 1 reception 4 h (240), step 2 processing 16 h (960), step 3
 *   signature 4 h (240): 1440 minutes, three working days.
 *   step 1 ends 09:00-11:30 (150) + 13:00-14:30 (90)       -> Wed 12/3 14:30
 *   step 2: 14:30-17:00 (150), Thu 13/3 (480), Fri 14/3 07:30-11:30 (240)
 *           and 13:00-14:30 (90) = 960                     -> Fri 14/3 14:30
 *   step 3: 14:30-17:00 (150), Mon 17/3 07:30-09:00 (90)   -> Mon 17/3 09:00
 * so the due instant without stops is Mon 17/3/2025 09:00.
 */
/* The golden tables are laid out by hand, one case per row. */
/* clang-format off */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "timeline.h"
#include "test_instant.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static int
setup_cal(void **state)
{
	static const struct {
		int y, m, d;
		enum clock_day_kind kind;
	} days[] = {
		{2025, 1, 1, CLOCK_DAY_HOLIDAY},   {2025, 1, 27, CLOCK_DAY_HOLIDAY},
		{2025, 1, 28, CLOCK_DAY_HOLIDAY},  {2025, 1, 29, CLOCK_DAY_HOLIDAY},
		{2025, 1, 30, CLOCK_DAY_HOLIDAY},  {2025, 1, 31, CLOCK_DAY_HOLIDAY},
		{2025, 4, 7, CLOCK_DAY_HOLIDAY},   {2025, 4, 30, CLOCK_DAY_HOLIDAY},
		{2025, 5, 1, CLOCK_DAY_HOLIDAY},   {2025, 5, 2, CLOCK_DAY_SWAP_OFF},
		{2025, 4, 26, CLOCK_DAY_WORKING},  {2025, 9, 1, CLOCK_DAY_HOLIDAY},
		{2025, 9, 2, CLOCK_DAY_HOLIDAY},
	};
	struct clock_cal *cal = clock_cal_new();
	struct err e = {""};

	assert_non_null(cal);
	for (size_t i = 0; i < NROWS(days); i++)
		assert_int_equal(clock_cal_set_day(cal, clock_day(days[i].y, days[i].m, days[i].d),
		                                   days[i].kind, &e),
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

/* An event as the tests write it; a list ends with at = NULL. */
struct tev {
	const char *at;
	enum ev_kind kind;
	int step;
	const char *new_due;
};

#define EVS(...) ((const struct tev[]){__VA_ARGS__, {NULL, 0, 0, NULL}})
#define NO_EVENTS ((const struct tev[]){{NULL, 0, 0, NULL}})
#define EV(at, kind) {at, kind, 0, NULL}
#define STEP(at, kind, n) {at, kind, n, NULL}
#define APOLOGY(at, new_due) {at, EV_APOLOGY, 0, new_due}

static const int P3[] = {240, 960, 240, 0}; /* the three-step process */

/* Run timeline_compute() on a process (ALLOW, 0-terminated), a received
 * instant, events and "now" given as text. */
static int
compute(const struct clock_cal *cal, const char *received, const int *allow,
        const struct tev *tev, const char *now, struct timeline *tl, struct err *e)
{
	struct timeline_input in;
	struct ev evs[64];
	int n = 0;

	memset(&in, 0, sizeof in);
	in.received = T(received);
	in.now = T(now);
	while (allow[in.nsteps]) {
		in.allowance_min[in.nsteps] = allow[in.nsteps];
		in.nsteps++;
	}
	for (; tev[n].at; n++) {
		assert_true(n < 64);
		evs[n].at = T(tev[n].at);
		evs[n].kind = tev[n].kind;
		evs[n].step_no = tev[n].step;
		evs[n].new_due = tev[n].new_due ? T(tev[n].new_due) : 0;
	}
	in.events = evs;
	in.nevents = n;
	return timeline_compute(cal, &in, tl, e);
}

/* Compare instants as text, prefixed with a label, so a failure names
 * the row and both instants. */
static void
check_instant(const char *label, const char *want, tmin_t got)
{
	char w[96], g[96], b[CLOCK_INSTANT_LEN + 1];

	snprintf(w, sizeof w, "%s: %s", label, want ? want : "(none)");
	snprintf(g, sizeof g, "%s: %s", label, got ? clock_format_instant(got, b) : "(none)");
	assert_string_equal(w, g);
}

static void
check_verdict(const char *label, enum verdict want, enum verdict got)
{
	char w[96], g[96];

	snprintf(w, sizeof w, "%s: %s", label, verdict_name(want));
	snprintf(g, sizeof g, "%s: %s", label, verdict_name(got));
	assert_string_equal(w, g);
}

static void
check_int(const char *label, int64_t want, int64_t got)
{
	if (want != got)
		fail_msg("%s: want %lld, got %lld", label, (long long)want, (long long)got);
}

/* ---- names --------------------------------------------------------------- */

static void
test_names(void **state)
{
	/* The texts of events.kind's CHECK in data/schema.sql, in enum order. */
	static const char *kinds[EV_KIND_COUNT] = {
		"step_start", "step_done", "supplement_request", "supplement_received",
		"pause",      "resume",    "apology",            "result_ready",
		"returned",   "rejected",  "withdrawn",
	};
	static const char *verdicts[] = {"none", "early", "on_time", "late", "within", "overdue"};

	(void)state;
	for (int k = 0; k < EV_KIND_COUNT; k++) {
		assert_string_equal(ev_kind_name((enum ev_kind)k), kinds[k]);
		assert_int_equal(ev_kind_parse(kinds[k]), k);
	}
	assert_null(ev_kind_name(EV_KIND_COUNT));
	assert_int_equal(ev_kind_parse("step"), -1);
	assert_int_equal(ev_kind_parse("STEP_START"), -1);
	assert_int_equal(ev_kind_parse(""), -1);
	assert_int_equal(ev_kind_parse(NULL), -1);
	for (int v = VERDICT_NONE; v <= VERDICT_OVERDUE; v++)
		assert_string_equal(verdict_name((enum verdict)v), verdicts[v]);
}

/* ---- whole-dossier scenarios --------------------------------------------- */

struct scen {
	const char *name;
	const char *received;
	const int *allow;
	const struct tev *ev;
	const char *now;
	/* expected */
	const char *start, *due;
	enum verdict verdict;
	int current;
	int64_t elapsed, stopped;
};

static void
run_scenarios(const struct clock_cal *cal, const struct scen *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct scen *r = &rows[i];
		struct timeline tl;
		struct err e = {""};
		char label[96];

		if (compute(cal, r->received, r->allow, r->ev, r->now, &tl, &e) < 0)
			fail_msg("%s: %s", r->name, e.msg);
		snprintf(label, sizeof label, "%s: clock start", r->name);
		check_instant(label, r->start, tl.clock_start);
		snprintf(label, sizeof label, "%s: due", r->name);
		check_instant(label, r->due, tl.due);
		check_verdict(r->name, r->verdict, tl.verdict);
		snprintf(label, sizeof label, "%s: current step", r->name);
		check_int(label, r->current, tl.current_step);
		snprintf(label, sizeof label, "%s: elapsed", r->name);
		check_int(label, r->elapsed, tl.elapsed_min);
		snprintf(label, sizeof label, "%s: stopped", r->name);
		check_int(label, r->stopped, tl.stopped_min);
	}
}

/* When the clock starts, and the due instant, for receptions outside office
 * hours: no events, pending, judged at "now". */
static void
test_reception(void **state)
{
	static const int H4[] = {240, 0}, D1[] = {480, 0};
	const struct scen rows[] = {
		/* Evening: starts Thu 07:30; 4 h end 11:30.  Now Thu 10:00: 150
		 * used, within. */
		{"evening", "2025-03-12 19:00", H4, NO_EVENTS, "2025-03-13 10:00",
		 "2025-03-13 07:30", "2025-03-13 11:30", VERDICT_WITHIN, 1, 150, 0},
		/* Before opening: 06:45 starts 07:30. */
		{"early morning", "2025-03-12 06:45", H4, NO_EVENTS, "2025-03-12 07:00",
		 "2025-03-12 07:30", "2025-03-12 11:30", VERDICT_WITHIN, 1, 0, 0},
		/* Lunch: 12:00 starts 13:00; 4 h end 17:00.  Now 17:01 overdue,
		 * 240 used. */
		{"lunch", "2025-03-12 12:00", H4, NO_EVENTS, "2025-03-12 17:01",
		 "2025-03-12 13:00", "2025-03-12 17:00", VERDICT_OVERDUE, 1, 240, 0},
		/* Friday evening: Monday 07:30; a day ends Monday 17:00. */
		{"friday evening", "2025-03-14 18:30", D1, NO_EVENTS, "2025-03-15 10:00",
		 "2025-03-17 07:30", "2025-03-17 17:00", VERDICT_WITHIN, 1, 0, 0},
		/* Weekend: Sunday 10:00 starts Monday 07:30; now Mon 17:00 is the
		 * due instant itself: still within. */
		{"weekend", "2025-03-16 10:00", D1, NO_EVENTS, "2025-03-17 17:00",
		 "2025-03-17 07:30", "2025-03-17 17:00", VERDICT_WITHIN, 1, 480, 0},
		/* The day before Tết: Fri 24/1 16:00 has 60; 25/1-2/2 off; Mon 3/2
		 * 07:30 + 420 = 240 to 11:30 and 180 from 13:00 -> 16:00.  Now a
		 * minute later: overdue, 481 used. */
		{"before tet", "2025-01-24 16:00", D1, NO_EVENTS, "2025-02-03 16:01",
		 "2025-01-24 16:00", "2025-02-03 16:00", VERDICT_OVERDUE, 1, 481, 0},
		/* Make-up Saturday: Fri 25/4 13:00 has 240, Sat 26/4 07:30 + 240
		 * -> 11:30. */
		{"make-up saturday", "2025-04-25 13:00", D1, NO_EVENTS, "2025-04-26 11:00",
		 "2025-04-25 13:00", "2025-04-26 11:30", VERDICT_WITHIN, 1, 450, 0},
		/* Swapped-off Friday: Tue 29/4 08:00 + 960: 450 that day; 30/4 -
		 * 4/5 off; Mon 5/5 480; Tue 6/5 07:30 + 30.  Now Fri 2/5 (off):
		 * 450 used. */
		{"swap off", "2025-04-29 08:00", (const int[]){960, 0}, NO_EVENTS,
		 "2025-05-02 10:00", "2025-04-29 08:00", "2025-05-06 08:00", VERDICT_WITHIN, 1,
		 450, 0},
	};

	run_scenarios(*state, rows, NROWS(rows));
}

/* Resolutions around the due instant (Mon 17/3 09:00 for the process). */
static void
test_resolution(void **state)
{
	const struct scen rows[] = {
		/* Exactly at the due instant: on time.  Elapsed = the allowance. */
		{"at due", "2025-03-12 09:00", P3, EVS(EV("2025-03-17 09:00", EV_RESULT_READY)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_ON_TIME, 0,
		 1440, 0},
		/* One minute after: late. */
		{"due + 1", "2025-03-12 09:00", P3, EVS(EV("2025-03-17 09:01", EV_RESULT_READY)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_LATE, 0, 1441,
		 0},
		/* Earlier on the due day: on time, not early. 1440 - 75. */
		{"due day", "2025-03-12 09:00", P3, EVS(EV("2025-03-17 07:45", EV_RESULT_READY)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_ON_TIME, 0,
		 1365, 0},
		/* The working day before: early.  Fri 14/3 16:00 is 1440 - 60 -
		 * 90 (Fri 16:00-17:00 and Mon 07:30-09:00). */
		{"day before", "2025-03-12 09:00", P3, EVS(EV("2025-03-14 16:00", EV_RESULT_READY)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_EARLY, 0,
		 1290, 0},
		/* Rejected is judged like a result: Mon 17/3 10:00 is late
		 * (1440 + 60). */
		{"rejected late", "2025-03-12 09:00", P3, EVS(EV("2025-03-17 10:00", EV_REJECTED)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_LATE, 0, 1500,
		 0},
		/* Withdrawn: not judged; elapsed up to the withdrawal: Wed 12/3
		 * 09:00-17:00 (390) and Thu 07:30-10:00 (150). */
		{"withdrawn", "2025-03-12 09:00", P3, EVS(EV("2025-03-13 10:00", EV_WITHDRAWN)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_NONE, 0, 540,
		 0},
		/* Pending, now at the due instant: within; a minute later:
		 * overdue, with one more working minute elapsed. */
		{"pending at due", "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-17 09:00",
		 "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_WITHIN, 1, 1440, 0},
		{"pending due + 1", "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-17 09:01",
		 "2025-03-12 09:00", "2025-03-17 09:00", VERDICT_OVERDUE, 1, 1441, 0},
		/* 240 + 480 from Wed 09:00: 390 Wed, Thu 07:30 + 330 -> 14:30.
		 * Pending on Saturday: overdue; elapsed 390 + 480 + 480 (to Fri
		 * 17:00, the weekend adds nothing). */
		{"pending weekend", "2025-03-12 09:00", (const int[]){240, 480, 0}, NO_EVENTS,
		 "2025-03-15 12:00", "2025-03-12 09:00", "2025-03-13 14:30", VERDICT_OVERDUE, 1,
		 1350, 0},
	};

	run_scenarios(*state, rows, NROWS(rows));
}

/* Clock stops: the due moves by exactly the working time stopped. */
static void
test_stops(void **state)
{
	const struct scen rows[] = {
		/* Supplement requested Wed 10:00, received Fri 14/3 10:00: stopped
		 * 330 (Wed 10:00-17:00) + 480 (Thu) + 150 (Fri 07:30-10:00) = 960.
		 * Due Mon 17/3 09:00 + 960: Mon 390, Tue 480, Wed 19/3 07:30 + 90
		 * -> 09:00.  Now Fri 11:00: used 60 + 60. */
		{"supplement", "2025-03-12 09:00", P3,
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST),
		     EV("2025-03-14 10:00", EV_SUPPLEMENT_RECEIVED)),
		 "2025-03-14 11:00", "2025-03-12 09:00", "2025-03-19 09:00", VERDICT_WITHIN, 1, 120,
		 960},
		/* The same stop still open at now (Thu 13/3 15:00): it lasts until
		 * now: 330 + 240 + 120 = 690; due 17/3 09:00 + 690: Mon 390,
		 * Tue 18/3 240 to 11:30 and 60 -> 14:00. */
		{"open supplement", "2025-03-12 09:00", P3,
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST)), "2025-03-13 15:00",
		 "2025-03-12 09:00", "2025-03-18 14:00", VERDICT_WITHIN, 1, 60, 690},
		/* Pause Wed 13:00, resume Thu 13:00: 240 + 240 = 480 for a one-day
		 * step; due Thu 13/3 09:00 + 480 -> Fri 14/3 09:00.  Result Fri
		 * 08:00: on time (due day); elapsed 900 - 480. */
		{"pause", "2025-03-12 09:00", (const int[]){480, 0},
		 EVS(EV("2025-03-12 13:00", EV_PAUSE), EV("2025-03-13 13:00", EV_RESUME),
		     EV("2025-03-14 08:00", EV_RESULT_READY)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-14 09:00", VERDICT_ON_TIME, 0,
		 420, 480},
		/* Rejected while waiting for the citizen: the stop ends at the
		 * rejection (Thu 10:00): 330 + 150 = 480; due 17/3 09:00 + 480 ->
		 * 18/3 09:00; rejected on an earlier day: early. */
		{"rejected in stop", "2025-03-12 09:00", P3,
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST),
		     EV("2025-03-13 10:00", EV_REJECTED)),
		 "2025-03-20 10:00", "2025-03-12 09:00", "2025-03-18 09:00", VERDICT_EARLY, 0, 60,
		 480},
		/* Overdue before the stop: one-hour step, received Wed 09:00, due
		 * 10:00; supplement asked 11:00 and still open: the due stays
		 * 10:00 and the dossier is overdue. */
		{"late then stop", "2025-03-12 09:00", (const int[]){60, 0},
		 EVS(EV("2025-03-12 11:00", EV_SUPPLEMENT_REQUEST)), "2025-03-13 10:00",
		 "2025-03-12 09:00", "2025-03-12 10:00", VERDICT_OVERDUE, 1, 120, 30 + 240 + 150},
	};
	run_scenarios(*state, rows, NROWS(rows));
}

/* An open stop keeps moving the due: between two readings of "now" the due
 * moves by exactly the working time that passed. */
static void
test_open_stop_moves_due(void **state)
{
	const struct tev *ev = EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST));
	struct timeline a, b;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-13 15:00", &a, &e), 0);
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-14 15:00", &b, &e), 0);
	/* Thu 15:00 -> Fri 15:00 is 480; 18/3 14:00 + 480 -> 19/3 14:00. */
	check_instant("due at Thu", "2025-03-18 14:00", a.due);
	check_instant("due at Fri", "2025-03-19 14:00", b.due);
	check_int("due moved", 480, clock_between(*state, a.due, b.due));
	check_int("stopped moved", 480, b.stopped_min - a.stopped_min);
	/* The open stop is reported open. */
	check_int("nstops", 1, b.nstops);
	check_instant("stop from", "2025-03-12 10:00", b.stops[0].from);
	check_int("stop open", 0, b.stops[0].to);
	assert_true(b.stops[0].supplement);
	check_int("supplements", 1, b.supplements);
}

/* Per-step expectations. */
struct step_want {
	enum step_state state;
	const char *planned, *started, *finished; /* NULL: 0 */
	int64_t used, over;
	enum verdict verdict;
};

static void
check_steps(const char *name, const struct timeline *tl, const struct step_want *w, int n)
{
	char label[96];

	check_int(name, n, tl->nsteps);
	for (int k = 0; k < n; k++) {
		const struct timeline_step *s = &tl->steps[k];

		snprintf(label, sizeof label, "%s: step %d state", name, k + 1);
		check_int(label, w[k].state, s->state);
		snprintf(label, sizeof label, "%s: step %d planned", name, k + 1);
		check_instant(label, w[k].planned, s->planned_end);
		snprintf(label, sizeof label, "%s: step %d started", name, k + 1);
		check_instant(label, w[k].started, s->started);
		snprintf(label, sizeof label, "%s: step %d finished", name, k + 1);
		check_instant(label, w[k].finished, s->finished);
		snprintf(label, sizeof label, "%s: step %d used", name, k + 1);
		check_int(label, w[k].used, s->used_min);
		snprintf(label, sizeof label, "%s: step %d over", name, k + 1);
		check_int(label, w[k].over, s->over_min);
		snprintf(label, sizeof label, "%s: step %d", name, k + 1);
		check_verdict(label, w[k].verdict, s->verdict);
	}
}

/* Which step made the dossier late: step 2 overran by 390 minutes. */
static void
test_steps_late(void **state)
{
	/* Step 1 09:00-11:00: 120.  Step 2 Wed 13:00 - Mon 17/3 10:00: 240 +
	 * 480 + 480 + 150 = 1350, 390 over its 960, done after its deadline
	 * (Fri 14:30): late.  Step 3 10:00-11:00: 60, within its own 240 but
	 * after its cumulative deadline (Mon 09:00): late.  The dossier: late;
	 * elapsed 390 + 480 + 480 + 210 = 1560. */
	const struct tev *ev = EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1),
		STEP("2025-03-12 13:00", EV_STEP_START, 2), STEP("2025-03-17 10:00", EV_STEP_DONE, 2),
		STEP("2025-03-17 10:00", EV_STEP_START, 3), STEP("2025-03-17 11:00", EV_STEP_DONE, 3),
		EV("2025-03-17 11:00", EV_RESULT_READY));
	const struct step_want w[] = {
		{STEP_DONE, "2025-03-12 14:30", "2025-03-12 09:00", "2025-03-12 11:00", 120, 0,
		 VERDICT_ON_TIME},
		{STEP_DONE, "2025-03-14 14:30", "2025-03-12 13:00", "2025-03-17 10:00", 1350, 390,
		 VERDICT_LATE},
		{STEP_DONE, "2025-03-17 09:00", "2025-03-17 10:00", "2025-03-17 11:00", 60, 0,
		 VERDICT_LATE},
	};
	struct timeline tl;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-20 10:00", &tl, &e), 0);
	check_steps("late", &tl, w, 3);
	check_verdict("late: overall", VERDICT_LATE, tl.verdict);
	check_instant("late: resolved", "2025-03-17 11:00", tl.resolved);
	check_int("late: current", 0, tl.current_step);
	check_int("late: elapsed", 1560, tl.elapsed_min);
	assert_false(tl.rejected);
	assert_false(tl.withdrawn);
}

static void
test_steps_early(void **state)
{
	/* Step 2 done Thu 16:00 before its deadline day (Fri): early; used
	 * 11:00-11:30 (30) + 240 + Thu 07:30-16:00 (420) = 690.  Step 3 done
	 * Fri 08:00, deadline Mon: early, used 60 + 30.  Result Fri 08:00,
	 * handed over Mon 17/3 08:00: early, returned reported. */
	const struct tev *ev = EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1),
		STEP("2025-03-12 11:00", EV_STEP_START, 2), STEP("2025-03-13 16:00", EV_STEP_DONE, 2),
		STEP("2025-03-13 16:00", EV_STEP_START, 3), STEP("2025-03-14 08:00", EV_STEP_DONE, 3),
		EV("2025-03-14 08:00", EV_RESULT_READY), EV("2025-03-17 08:00", EV_RETURNED));
	const struct step_want w[] = {
		{STEP_DONE, "2025-03-12 14:30", "2025-03-12 09:00", "2025-03-12 11:00", 120, 0,
		 VERDICT_ON_TIME},
		{STEP_DONE, "2025-03-14 14:30", "2025-03-12 11:00", "2025-03-13 16:00", 690, 0,
		 VERDICT_EARLY},
		{STEP_DONE, "2025-03-17 09:00", "2025-03-13 16:00", "2025-03-14 08:00", 90, 0,
		 VERDICT_EARLY},
	};
	struct timeline tl;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-20 10:00", &tl, &e), 0);
	check_steps("early", &tl, w, 3);
	check_verdict("early: overall", VERDICT_EARLY, tl.verdict);
	check_instant("early: returned", "2025-03-17 08:00", tl.returned);
}

/* Pending: a step overdue inside a dossier still within time; the current
 * step while one is handed over and not yet picked up. */
static void
test_steps_pending(void **state)
{
	/* Step 2 started 11:15; now Fri 15:00 is past its deadline Fri 14:30:
	 * overdue, used 15 + 240 + 480 + 360 = 1095, 135 over.  The dossier's
	 * due is Mon 09:00: within. */
	const struct tev *ev = EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1),
		STEP("2025-03-12 11:15", EV_STEP_START, 2));
	const struct step_want w[] = {
		{STEP_DONE, "2025-03-12 14:30", "2025-03-12 09:00", "2025-03-12 11:00", 120, 0,
		 VERDICT_ON_TIME},
		{STEP_ACTIVE, "2025-03-14 14:30", "2025-03-12 11:15", NULL, 1095, 135,
		 VERDICT_OVERDUE},
		{STEP_NOT_STARTED, "2025-03-17 09:00", NULL, NULL, 0, 0, VERDICT_NONE},
	};
	struct timeline tl;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-14 15:00", &tl, &e), 0);
	check_steps("pending", &tl, w, 3);
	check_verdict("pending: overall", VERDICT_WITHIN, tl.verdict);
	check_int("pending: current", 2, tl.current_step);
	check_int("pending: resolved", 0, tl.resolved);

	/* Only step 1 handed over: the dossier waits at step 2. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1)),
		"2025-03-12 14:00", &tl, &e), 0);
	check_int("handed over: current", 2, tl.current_step);
	check_int("handed over: step 2", STEP_NOT_STARTED, tl.steps[1].state);

	/* A step done with no logged start counts from the clock start:
	 * 09:00-11:00 = 120. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3,
	                         EVS(STEP("2025-03-12 11:00", EV_STEP_DONE, 1)), "2025-03-12 14:00",
	                         &tl, &e), 0);
	check_instant("no start: started", "2025-03-12 09:00", tl.steps[0].started);
	check_int("no start: used", 120, tl.steps[0].used_min);

	/* Sent back: step 1 restarted keeps its first start and is active
	 * again; used 09:00-11:00 = 120. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 10:00", EV_STEP_DONE, 1),
		STEP("2025-03-12 10:30", EV_STEP_START, 1)), "2025-03-12 11:00", &tl, &e), 0);
	check_int("restart: state", STEP_ACTIVE, tl.steps[0].state);
	check_instant("restart: started", "2025-03-12 09:00", tl.steps[0].started);
	check_int("restart: finished", 0, tl.steps[0].finished);
	check_int("restart: used", 120, tl.steps[0].used_min);
	check_int("restart: current", 1, tl.current_step);

	/* A result while step 1 is in hand finishes it at the result: 60
	 * used, on time; the dossier early (Wed before Mon). */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), EV("2025-03-12 10:00", EV_RESULT_READY)),
		"2025-03-20 11:00", &tl, &e), 0);
	check_int("result closes: state", STEP_DONE, tl.steps[0].state);
	check_instant("result closes: finished", "2025-03-12 10:00", tl.steps[0].finished);
	check_int("result closes: used", 60, tl.steps[0].used_min);
	check_verdict("result closes: step", VERDICT_ON_TIME, tl.steps[0].verdict);
	check_verdict("result closes: overall", VERDICT_EARLY, tl.verdict);
	check_int("result closes: current", 0, tl.current_step);
}

/* A stop that begins after a step was handed over cannot have held that
 * step up: its deadline and verdict stay as if the stop never came; the
 * steps still in hand and the dossier's due move by the whole stop. */
static void
test_stop_after_step(void **state)
{
	/* Step 1 09:00-11:00 (120).  Supplement Wed 13:00 - Fri 14/3 13:00:
	 * stopped Wed 13:00-17:00 (240) + Thu (480) + Fri 07:30-11:30 (240)
	 * = 960.  Step 1's deadline ignores it: Wed 14:30 (header), so done at
	 * 11:00 the same day it is on time.  (Counting the stop it would be
	 * 150 before 13:00 and 90 from Fri 13:00 -> Fri 14:30, and the verdict
	 * "early".)  Step 2, in hand since 11:00: 1200 cumulative; 150 used
	 * before the stop (09:00-11:30), 1050 from Fri 13:00: Fri 240, Mon
	 * 480, Tue 18/3 240 to 11:30 and 90 -> 14:30.  Due: 240 more: Tue
	 * 150, Wed 19/3 07:30 + 90 -> 09:00.  Now Fri 15:00: step 2 used
	 * 11:00-11:30 (30) + Fri 13:00-15:00 (120) = 150; the dossier 150 +
	 * 120 = 270, so 1440 - 270 = 1170 left.  The appointment the receipt
	 * printed (no stop) stays Mon 17/3 09:00. */
	const struct tev *ev = EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1),
		STEP("2025-03-12 11:00", EV_STEP_START, 2),
		EV("2025-03-12 13:00", EV_SUPPLEMENT_REQUEST),
		EV("2025-03-14 13:00", EV_SUPPLEMENT_RECEIVED));
	const struct step_want w[] = {
		{STEP_DONE, "2025-03-12 14:30", "2025-03-12 09:00", "2025-03-12 11:00", 120, 0,
		 VERDICT_ON_TIME},
		{STEP_ACTIVE, "2025-03-18 14:30", "2025-03-12 11:00", NULL, 150, 0, VERDICT_WITHIN},
		{STEP_NOT_STARTED, "2025-03-19 09:00", NULL, NULL, 0, 0, VERDICT_NONE},
	};
	struct timeline tl;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, ev, "2025-03-14 15:00", &tl, &e), 0);
	check_steps("stop after step", &tl, w, 3);
	check_instant("stop after step: due", "2025-03-19 09:00", tl.due);
	check_instant("stop after step: appointment", "2025-03-17 09:00", tl.appointment);
	check_int("stop after step: stopped", 960, tl.stopped_min);
	check_int("stop after step: elapsed", 270, tl.elapsed_min);
	check_int("stop after step: left", 1170, tl.remaining_min);
	check_int("stop after step: total", 1440, tl.total_min);
	check_int("stop after step: no open stop", 0, tl.open_stop);

	/* A pause that begins the very minute of the hand-over (11:00) does
	 * not move step 1 either: 11:00 - Thu 11:00 is 480 stopped, step 1
	 * still due Wed 14:30. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1), STEP("2025-03-12 11:00", EV_STEP_DONE, 1),
		EV("2025-03-12 11:00", EV_PAUSE), EV("2025-03-13 11:00", EV_RESUME)),
		"2025-03-13 12:00", &tl, &e), 0);
	check_instant("pause at hand-over: step 1", "2025-03-12 14:30", tl.steps[0].planned_end);
	check_int("pause at hand-over: stopped", 480, tl.stopped_min);
	/* Step 2: 1200 from 09:00 around the 480: due Fri 14:30 + 480 -> Mon
	 * 17/3 14:30. */
	check_instant("pause at hand-over: step 2", "2025-03-17 14:30", tl.steps[1].planned_end);

	/* A stop inside the step does move it: supplement 10:00 - Fri 10:00
	 * (960), step 1 done Fri 11:00.  Deadline: 60 before the stop, 180
	 * from Fri 10:00: 90 to 11:30, 90 from 13:00 -> Fri 14:30; done at
	 * 11:00 the same day: on time, used 60 + 60 = 120. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1),
		EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST),
		EV("2025-03-14 10:00", EV_SUPPLEMENT_RECEIVED),
		STEP("2025-03-14 11:00", EV_STEP_DONE, 1)), "2025-03-14 12:00", &tl, &e), 0);
	check_instant("stop in step: step 1", "2025-03-14 14:30", tl.steps[0].planned_end);
	check_int("stop in step: used", 120, tl.steps[0].used_min);
	check_verdict("stop in step: verdict", VERDICT_ON_TIME, tl.steps[0].verdict);
}

/* While the citizen is asked for documents the due moves with "now"; what
 * stays put is the receipt's appointment and the working time left. */
static void
test_open_supplement_wait(void **state)
{
	/* Received Wed 09:00, step 1 in hand; supplement asked 10:00 and still
	 * open at Thu 13/3 15:00.  Used before the stop: 60; left 1440 - 60 =
	 * 1380 (23 h).  The due "until now" is Tue 18/3 14:00 (test_stops);
	 * the receipt's appointment stays Mon 17/3 09:00; the open stop is
	 * stops[0], reported as 1. */
	struct timeline tl;
	struct err e = {""};

	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1),
		EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST)), "2025-03-13 15:00", &tl, &e), 0);
	check_int("open wait: open stop", 1, tl.open_stop);
	check_int("open wait: left", 1380, tl.remaining_min);
	check_int("open wait: elapsed", 60, tl.elapsed_min);
	check_instant("open wait: appointment", "2025-03-17 09:00", tl.appointment);
	check_instant("open wait: due until now", "2025-03-18 14:00", tl.due);
	/* A day later the due has moved, the time left has not. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		STEP("2025-03-12 09:00", EV_STEP_START, 1),
		EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST)), "2025-03-14 15:00", &tl, &e), 0);
	check_int("open wait, a day on: left", 1380, tl.remaining_min);
	check_instant("open wait, a day on: due", "2025-03-19 14:00", tl.due);
	/* Closed by a withdrawal: no stop is open any more. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST), EV("2025-03-13 10:00", EV_WITHDRAWN)),
		"2025-03-20 10:00", &tl, &e), 0);
	check_int("withdrawn in wait: open stop", 0, tl.open_stop);
	/* Overdue before the wait: one-hour process, due 10:00, asked at
	 * 11:00: 120 used (09:00-11:00), more than the 60 allowed: nothing
	 * left. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", (const int[]){60, 0},
		EVS(EV("2025-03-12 11:00", EV_SUPPLEMENT_REQUEST)), "2025-03-13 10:00", &tl, &e), 0);
	check_int("late then wait: left", 0, tl.remaining_min);
	check_int("late then wait: open", 1, tl.open_stop);
}

/* A due counted across a provisional calendar day says which day. */
static void
test_provisional_day(void **state)
{
	struct clock_cal *cal = *state;
	struct timeline tl;
	struct err e = {""};
	day_t d19 = 0, d17 = 0;

	assert_int_equal(clock_parse_date("2025-03-19", &d19, &e), 0);
	assert_int_equal(clock_parse_date("2025-03-17", &d17, &e), 0);
	/* Nothing provisional: none. */
	assert_int_equal(compute(cal, "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-13 10:00", &tl, &e),
	                 0);
	check_int("none marked", CLOCK_NO_DAY, tl.provisional);
	/* Wed 19/3 marked: the plain due Mon 17/3 09:00 does not reach it. */
	assert_int_equal(clock_cal_set_provisional(cal, d19, &e), 0);
	assert_int_equal(compute(cal, "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-13 10:00", &tl, &e),
	                 0);
	check_int("before the day", CLOCK_NO_DAY, tl.provisional);
	/* The supplement wait of test_stops (960 stopped) moves the due to
	 * Wed 19/3 09:00: now it crosses 19/3. */
	assert_int_equal(compute(cal, "2025-03-12 09:00", P3,
	                         EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST),
	                             EV("2025-03-14 10:00", EV_SUPPLEMENT_RECEIVED)),
	                         "2025-03-14 11:00", &tl, &e), 0);
	check_instant("moved due", "2025-03-19 09:00", tl.due);
	check_int("moved across", d19, tl.provisional);
	/* Mon 17/3 marked too: the first crossed is reported. */
	assert_int_equal(clock_cal_set_provisional(cal, d17, &e), 0);
	assert_int_equal(compute(cal, "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-13 10:00", &tl, &e),
	                 0);
	check_int("due day itself", d17, tl.provisional);
	/* Received after both days: none. */
	assert_int_equal(compute(cal, "2025-03-20 09:00", P3, NO_EVENTS, "2025-03-20 10:00", &tl, &e),
	                 0);
	check_int("after", CLOCK_NO_DAY, tl.provisional);
}

/* An apology slip with a new appointment is counted and reported, and the
 * verdict stays against the original due (Decision 766/QĐ-TTg). */
static void
test_apology(void **state)
{
	struct timeline tl;
	struct err e = {""};

	/* Result Mon 17/3 11:00, after the due 09:00 but before the new
	 * appointment Tue 18/3 17:00: still late. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		APOLOGY("2025-03-14 16:00", "2025-03-18 17:00"),
		EV("2025-03-17 11:00", EV_RESULT_READY)), "2025-03-20 10:00", &tl, &e), 0);
	check_int("one apology", 1, tl.apologies);
	check_instant("new due", "2025-03-18 17:00", tl.new_due);
	check_instant("due kept", "2025-03-17 09:00", tl.due);
	check_verdict("apology", VERDICT_LATE, tl.verdict);

	/* Two slips: both counted, the last appointment reported; pending
	 * past the original due: overdue. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		APOLOGY("2025-03-14 16:00", "2025-03-18 17:00"),
		APOLOGY("2025-03-18 16:00", "2025-03-20 12:00")), "2025-03-19 10:00", &tl,
		&e), 0);
	check_int("two apologies", 2, tl.apologies);
	check_instant("last new due", "2025-03-20 12:00", tl.new_due);
	check_verdict("pending apology", VERDICT_OVERDUE, tl.verdict);

	/* No apology: nothing reported. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, NO_EVENTS, "2025-03-13 10:00",
	                         &tl, &e), 0);
	check_int("no apology", 0, tl.apologies);
	check_int("no new due", 0, tl.new_due);
}

static void
test_rejected_withdrawn_flags(void **state)
{
	struct timeline tl;
	struct err e = {""};

	/* Rejected Thu 10:00 and the notice handed over Fri 09:00: early. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		EV("2025-03-13 10:00", EV_REJECTED), EV("2025-03-14 09:00", EV_RETURNED)),
		"2025-03-20 10:00", &tl, &e), 0);
	assert_true(tl.rejected);
	assert_false(tl.withdrawn);
	check_instant("rejected at", "2025-03-13 10:00", tl.resolved);
	check_instant("rejection returned", "2025-03-14 09:00", tl.returned);
	check_verdict("rejected", VERDICT_EARLY, tl.verdict);

	/* Withdrawn while waiting for a supplement: the stop ends there
	 * (Thu 10:00: 330 + 150 stopped), nothing is judged. */
	assert_int_equal(compute(*state, "2025-03-12 09:00", P3, EVS(
		EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST), EV("2025-03-13 10:00", EV_WITHDRAWN)),
		"2025-03-20 10:00", &tl, &e), 0);
	assert_true(tl.withdrawn);
	check_int("withdrawn: resolved", 0, tl.resolved);
	check_instant("withdrawn: stop closed", "2025-03-13 10:00", tl.stops[0].to);
	check_int("withdrawn: stopped", 480, tl.stopped_min);
	check_verdict("withdrawn", VERDICT_NONE, tl.verdict);
	check_int("withdrawn: current", 0, tl.current_step);
}

/* Inconsistent logs are refused with a message that says what is wrong. */
static void
test_invalid(void **state)
{
	const struct {
		const char *name;
		const struct tev *ev;
		const char *want; /* in the message */
	} rows[] = {
		{"out of order",
		 EVS(STEP("2025-03-12 10:00", EV_STEP_START, 1), STEP("2025-03-12 09:30", EV_STEP_DONE, 1)),
		 "out of time order"},
		{"before received", EVS(STEP("2025-03-12 08:59", EV_STEP_START, 1)),
		 "before the dossier was received"},
		{"step too high", EVS(STEP("2025-03-12 10:00", EV_STEP_START, 4)), "out of range"},
		{"step zero", EVS(STEP("2025-03-12 10:00", EV_STEP_DONE, 0)), "out of range"},
		{"received without request", EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_RECEIVED)),
		 "no supplement_request is open"},
		{"resume without pause", EVS(EV("2025-03-12 10:00", EV_RESUME)), "no pause is open"},
		{"pause ended as supplement",
		 EVS(EV("2025-03-12 10:00", EV_PAUSE), EV("2025-03-12 11:00", EV_SUPPLEMENT_RECEIVED)),
		 "no supplement_request is open"},
		{"supplement ended by resume",
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST), EV("2025-03-12 11:00", EV_RESUME)),
		 "no pause is open"},
		{"pause in a stop",
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST), EV("2025-03-12 11:00", EV_PAUSE)),
		 "already stopped"},
		{"second request",
		 EVS(EV("2025-03-12 10:00", EV_SUPPLEMENT_REQUEST),
		     EV("2025-03-12 11:00", EV_SUPPLEMENT_REQUEST)),
		 "already stopped"},
		{"returned without result", EVS(EV("2025-03-12 10:00", EV_RETURNED)), "returned before"},
		{"step after result",
		 EVS(EV("2025-03-12 10:00", EV_RESULT_READY), STEP("2025-03-12 11:00", EV_STEP_START, 1)),
		 "closed"},
		{"result after withdrawal",
		 EVS(EV("2025-03-12 10:00", EV_WITHDRAWN), EV("2025-03-12 11:00", EV_RESULT_READY)),
		 "closed"},
		{"apology without date", EVS(EV("2025-03-12 10:00", EV_APOLOGY)), "new appointment"},
		{"unknown kind", EVS(EV("2025-03-12 10:00", (enum ev_kind)42)), "unknown event kind"},
	};

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct timeline tl;
		struct err e = {""};
		int r = compute(*state, "2025-03-12 09:00", P3, rows[i].ev, "2025-03-20 10:00", &tl,
		                &e);

		if (r != -1)
			fail_msg("%s: accepted", rows[i].name);
		if (!strstr(e.msg, rows[i].want))
			fail_msg("%s: message '%s' lacks '%s'", rows[i].name, e.msg, rows[i].want);
	}
}

/* The process itself: 1..TIMELINE_STEPS_MAX steps, positive allowances. */
static void
test_invalid_process(void **state)
{
	struct timeline_input in;
	struct timeline tl;
	struct err e = {""};

	memset(&in, 0, sizeof in);
	in.received = T("2025-03-12 09:00");
	in.now = in.received;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), -1); /* no steps */
	assert_non_null(strstr(e.msg, "steps"));
	in.nsteps = TIMELINE_STEPS_MAX + 1;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), -1);
	in.nsteps = 2;
	in.allowance_min[0] = 240;
	in.allowance_min[1] = 0;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), -1);
	assert_non_null(strstr(e.msg, "step 2"));
	in.allowance_min[1] = 30;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), 0);
	/* 240 from 09:00 ends 14:30; 30 more -> 15:00. */
	check_instant("two steps", "2025-03-12 15:00", tl.due);
}

/* TIMELINE_STOPS_MAX stops are accepted, one more is refused. */
static void
test_stop_limit(void **state)
{
	struct timeline_input in;
	struct ev evs[2 * (TIMELINE_STOPS_MAX + 1)];
	struct timeline tl;
	struct err e = {""};
	tmin_t t0 = T("2025-03-13 08:00");

	memset(&in, 0, sizeof in);
	in.received = T("2025-03-12 09:00");
	in.now = T("2025-03-20 10:00");
	in.nsteps = 1;
	in.allowance_min[0] = 480;
	/* Pauses of 5 minutes every 10 minutes from Thu 08:00, all working
	 * time: 16 stop 80 minutes. */
	for (int i = 0; i <= TIMELINE_STOPS_MAX; i++) {
		evs[2 * i] = (struct ev){t0 + 10 * i, EV_PAUSE, 0, 0};
		evs[2 * i + 1] = (struct ev){t0 + 10 * i + 5, EV_RESUME, 0, 0};
	}
	in.events = evs;
	in.nevents = 2 * TIMELINE_STOPS_MAX;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), 0);
	check_int("stops", TIMELINE_STOPS_MAX, tl.nstops);
	check_int("stopped", 5 * TIMELINE_STOPS_MAX, tl.stopped_min);
	/* Due: 390 on Wed, Thu 07:30-08:00 (30), then 60 more in the 5-minute
	 * gaps 08:05-08:10 ... 09:55-10:00 (12 gaps) -> 10:00.  Only the 12
	 * stops before it move the due; the other 4 come after. */
	check_instant("due", "2025-03-13 10:00", tl.due);
	check_int("supplements", 0, tl.supplements);
	in.nevents += 2;
	assert_int_equal(timeline_compute(*state, &in, &tl, &e), -1);
	assert_non_null(strstr(e.msg, "more than 16 clock stops"));
}

/* ---- timeline_add ----------------------------------------------------------- */

static void
test_add_stops(void **state)
{
	static const struct {
		const char *name, *at;
		int64_t min;
		const char *stops[2][2]; /* {from, to}; to NULL = open; from NULL = none */
		const char *want;        /* NULL: TIMELINE_NEVER */
	} rows[] = {
		{"no stop", "2025-03-12 07:30", 240, {{NULL}}, "2025-03-12 11:30"},
		/* The stretch ends where the stop begins. */
		{"stop at end", "2025-03-12 07:30", 240,
		 {{"2025-03-12 11:30", "2025-03-13 11:30"}}, "2025-03-12 11:30"},
		/* 120 before 09:30; 120 from 14:00 -> 16:00. */
		{"stop inside", "2025-03-12 07:30", 240,
		 {{"2025-03-12 09:30", "2025-03-12 14:00"}}, "2025-03-12 16:00"},
		{"open stop reached", "2025-03-12 07:30", 240, {{"2025-03-12 09:30", NULL}}, NULL},
		{"open stop after", "2025-03-12 07:30", 240, {{"2025-03-12 12:00", NULL}},
		 "2025-03-12 11:30"},
		/* Starting inside a stop: from Thu 08:00, +60. */
		{"start in stop", "2025-03-12 10:00", 60,
		 {{"2025-03-12 09:00", "2025-03-13 08:00"}}, "2025-03-13 09:00"},
		/* Overlapping stops cover 09:00-15:00: 90 before, 120 to 17:00,
		 * 30 on Thu -> 08:00; either order. */
		{"overlap", "2025-03-12 07:30", 240,
		 {{"2025-03-12 09:00", "2025-03-12 14:00"}, {"2025-03-12 13:00", "2025-03-12 15:00"}},
		 "2025-03-13 08:00"},
		{"overlap reversed", "2025-03-12 07:30", 240,
		 {{"2025-03-12 13:00", "2025-03-12 15:00"}, {"2025-03-12 09:00", "2025-03-12 14:00"}},
		 "2025-03-13 08:00"},
		/* Touching stops 09:00-11:00: 90, 30 to 11:30, 120 -> 15:00. */
		{"touching", "2025-03-12 07:30", 240,
		 {{"2025-03-12 09:00", "2025-03-12 10:00"}, {"2025-03-12 10:00", "2025-03-12 11:00"}},
		 "2025-03-12 15:00"},
		{"stop before", "2025-03-12 07:30", 240,
		 {{"2025-03-11 09:00", "2025-03-11 10:00"}}, "2025-03-12 11:30"},
		{"zero", "2025-03-12 17:30", 0, {{"2025-03-12 09:00", NULL}}, "2025-03-12 17:30"},
		/* Across Tết: 30 before the stop, 30 from Mon 3/2 08:00. */
		{"over tet", "2025-01-24 16:00", 60, {{"2025-01-24 16:30", "2025-02-03 08:00"}},
		 "2025-02-03 08:30"},
	};

	for (size_t i = 0; i < NROWS(rows); i++) {
		struct timeline_stop st[2];
		int n = 0;
		tmin_t r;

		for (; n < 2 && rows[i].stops[n][0]; n++) {
			st[n].from = T(rows[i].stops[n][0]);
			st[n].to = rows[i].stops[n][1] ? T(rows[i].stops[n][1]) : 0;
			st[n].supplement = true;
		}
		r = timeline_add(*state, T(rows[i].at), rows[i].min, st, n);
		if (!rows[i].want)
			check_int(rows[i].name, TIMELINE_NEVER, r);
		else
			check_instant(rows[i].name, rows[i].want, r);
	}
}

/* Deterministic 64-bit LCG (Knuth's MMIX constants). */
static uint64_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* For random T, M and one closed stop [A, B): the working time from T to
 * the result, outside the stop, is exactly M; more minutes end later; the
 * last minute counted is working time outside the stop. */
static void
test_add_stops_properties(void **state)
{
	const struct clock_cal *cal = *state;
	tmin_t lo = T("2025-01-01 00:00");
	uint64_t seed = 766;

	for (int i = 0; i < 5000; i++) {
		tmin_t t = lo + (tmin_t)(rnd(&seed) % (365 * 1440));
		struct timeline_stop st = {t - 2000 + (tmin_t)(rnd(&seed) % 20000), 0, true};
		int64_t m = (int64_t)(rnd(&seed) % 6000);
		tmin_t r, r1, ilo, ihi;

		st.to = st.from + 1 + (tmin_t)(rnd(&seed) % 10000);
		r = timeline_add(cal, t, m, &st, 1);
		r1 = timeline_add(cal, t, m + 1, &st, 1);
		ilo = st.from > t ? st.from : t;
		ihi = st.to < r ? st.to : r;
		assert_int_equal(clock_between(cal, t, r) - clock_between(cal, ilo, ihi), m);
		assert_true(r1 > r);
		assert_true(clock_is_open(cal, r1 - 1));
		assert_false(r1 - 1 >= st.from && r1 - 1 < st.to);
	}
}

int
main(void)
{
#define CAL_TEST(f) cmocka_unit_test_setup_teardown(f, setup_cal, teardown_cal)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		CAL_TEST(test_reception),
		CAL_TEST(test_resolution),
		CAL_TEST(test_stops),
		CAL_TEST(test_open_stop_moves_due),
		CAL_TEST(test_steps_late),
		CAL_TEST(test_steps_early),
		CAL_TEST(test_steps_pending),
		CAL_TEST(test_stop_after_step),
		CAL_TEST(test_open_supplement_wait),
		CAL_TEST(test_provisional_day),
		CAL_TEST(test_apology),
		CAL_TEST(test_rejected_withdrawn_flags),
		CAL_TEST(test_invalid),
		CAL_TEST(test_invalid_process),
		CAL_TEST(test_stop_limit),
		CAL_TEST(test_add_stops),
		CAL_TEST(test_add_stops_properties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
