/*
 * Unit tests for core/domain/clock.c: civil dates, text forms, the calendar and the
 * working-time arithmetic.  Tables are golden cases (jq style): each row's
 * expected value is worked out by hand in its comment.
 *
 * The calendar is built from the government's decisions:
 *   2024: New Year Mon 1/1; Tết Thu 8/2 - Wed 14/2; Mon 29/4 swapped off
 *         for Sat 4/5 worked; 30/4, 1/5; 2/9, 3/9.
 *   2025: New Year Wed 1/1; Tết days off Mon 27/1 - Fri 31/1; Hùng Kings
 *         Mon 7/4; 30/4, 1/5, Fri 2/5 swapped off for Sat 26/4 worked;
 *         Mon 1/9, Tue 2/9.
 *   2026: Hùng Kings Sun 26/4 with compensatory Mon 27/4.
 */
/* The golden tables are laid out by hand, one case per row. */
/* clang-format off */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"
#include "test_instant.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static day_t
D(const char *s)
{
	struct err e = {""};
	day_t d = 0;

	if (clock_parse_date(s, &d, &e) < 0)
		fail_msg("bad date in test: %s", e.msg);
	return d;
}

static void
set(struct clock_cal *cal, const char *day, enum clock_day_kind kind)
{
	struct err e = {""};

	assert_int_equal(clock_cal_set_day(cal, D(day), kind, &e), 0);
}

static int
setup_cal(void **state)
{
	static const struct {
		const char *day;
		enum clock_day_kind kind;
	} days[] = {
		{"2024-01-01", CLOCK_DAY_HOLIDAY},
		{"2024-02-08", CLOCK_DAY_HOLIDAY}, {"2024-02-09", CLOCK_DAY_HOLIDAY},
		{"2024-02-12", CLOCK_DAY_HOLIDAY}, {"2024-02-13", CLOCK_DAY_HOLIDAY},
		{"2024-02-14", CLOCK_DAY_HOLIDAY},
		{"2024-04-29", CLOCK_DAY_SWAP_OFF}, {"2024-05-04", CLOCK_DAY_WORKING},
		{"2024-04-30", CLOCK_DAY_HOLIDAY}, {"2024-05-01", CLOCK_DAY_HOLIDAY},
		{"2024-09-02", CLOCK_DAY_HOLIDAY}, {"2024-09-03", CLOCK_DAY_HOLIDAY},
		{"2025-01-01", CLOCK_DAY_HOLIDAY},
		{"2025-01-27", CLOCK_DAY_HOLIDAY}, {"2025-01-28", CLOCK_DAY_HOLIDAY},
		{"2025-01-29", CLOCK_DAY_HOLIDAY}, {"2025-01-30", CLOCK_DAY_HOLIDAY},
		{"2025-01-31", CLOCK_DAY_HOLIDAY},
		{"2025-04-07", CLOCK_DAY_HOLIDAY},
		{"2025-04-30", CLOCK_DAY_HOLIDAY}, {"2025-05-01", CLOCK_DAY_HOLIDAY},
		{"2025-05-02", CLOCK_DAY_SWAP_OFF}, {"2025-04-26", CLOCK_DAY_WORKING},
		{"2025-09-01", CLOCK_DAY_HOLIDAY}, {"2025-09-02", CLOCK_DAY_HOLIDAY},
		{"2026-04-26", CLOCK_DAY_HOLIDAY}, {"2026-04-27", CLOCK_DAY_COMPENSATORY},
	};
	struct clock_cal *cal = clock_cal_new();

	assert_non_null(cal);
	for (size_t i = 0; i < NROWS(days); i++)
		set(cal, days[i].day, days[i].kind);
	*state = cal;
	return 0;
}

static int
teardown_cal(void **state)
{
	clock_cal_free(*state);
	return 0;
}

/* Compare instants as text, prefixed with the row, so a failure names both. */
static void
check_instant(size_t row, tmin_t want, tmin_t got)
{
	char w[64], g[64], bw[CLOCK_INSTANT_LEN + 1], bg[CLOCK_INSTANT_LEN + 1];

	snprintf(w, sizeof w, "row %zu: %s", row, clock_format_instant(want, bw));
	snprintf(g, sizeof g, "row %zu: %s", row, clock_format_instant(got, bg));
	assert_string_equal(w, g);
}

/* Compare numbers, naming the row and its input when they differ. */
static void
check_int(size_t row, const char *in, int64_t want, int64_t got)
{
	if (want != got)
		fail_msg("row %zu (%s): want %lld, got %lld", row, in, (long long)want,
		         (long long)got);
}

/* ---- civil dates -------------------------------------------------------- */

/* Walk every day 1970-01-01 .. 2199-12-31 with a naive calendar (carry the
 * day into the month, the month into the year) and check both directions
 * and that the weekday advances by one each day. */
static void
test_civil_walk(void **state)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 1970, m = 1, md = 1, wd = 4; /* 1970-01-01 was a Thursday */
	day_t d = 0;

	(void)state;
	while (y < 2200) {
		int cy, cm, cd;
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		int len = m == 2 && leap ? 29 : dm[m - 1];

		assert_int_equal(clock_day(y, m, md), d);
		clock_civil(d, &cy, &cm, &cd);
		assert_int_equal(cy, y);
		assert_int_equal(cm, m);
		assert_int_equal(cd, md);
		assert_int_equal(clock_weekday(d), wd);
		d++;
		wd = wd % 7 + 1;
		if (++md > len) {
			md = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	/* 230 years: 230 * 365 + 56 leap days (1972..2196, minus 2100). */
	assert_int_equal(d, 230 * 365 + 56);
}

static void
test_civil_anchors(void **state)
{
	static const struct {
		int y, m, d;
		day_t day;
		int weekday;
	} rows[] = {
		{1970, 1, 1, 0, 4},      /* the epoch, a Thursday */
		{1969, 12, 31, -1, 3},   /* before the epoch: floor division */
		{2000, 1, 1, 10957, 6},  /* 30 years: 30*365 + 7 leap days; a Saturday */
		{2000, 3, 1, 11017, 3},  /* 10957 + 31 + 29 (2000 is leap) */
		{2025, 1, 24, 20112, 5}, /* 2025-01-01 = 55*365+14 = 20089, +23; Friday */
		{2100, 3, 1, 47541, 1},  /* 2100-01-01 = 130*365+32 = 47482, +31+28 */
	};

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		int y, m, d;
		assert_int_equal(clock_day(rows[i].y, rows[i].m, rows[i].d), rows[i].day);
		assert_int_equal(clock_weekday(rows[i].day), rows[i].weekday);
		clock_civil(rows[i].day, &y, &m, &d);
		assert_int_equal(y * 10000 + m * 100 + d,
		                 rows[i].y * 10000 + rows[i].m * 100 + rows[i].d);
	}
}

/* ---- text forms --------------------------------------------------------- */

static void
test_parse_date(void **state)
{
	static const struct {
		const char *in;
		int ok;
		day_t want;
	} rows[] = {
		{"1970-01-01", 1, 0},
		{"2024-02-29", 1, 19782}, /* 2024-01-01 = 54*365+13 = 19723, +31+28 */
		{"2199-12-31", 1, 84005}, /* 2200-01-01 = 230*365+56 = 84006, -1 */
		{"2025-02-29", 0, 0},     /* 2025 is not a leap year */
		{"2100-02-29", 0, 0},     /* centuries are not leap years */
		{"2025-04-31", 0, 0},     /* April has 30 days */
		{"2025-13-01", 0, 0},
		{"2025-00-10", 0, 0},
		{"2025-01-00", 0, 0},
		{"1969-12-31", 0, 0},     /* before the accepted range */
		{"2200-01-01", 0, 0},
		{"2025-1-01", 0, 0},      /* wrong length */
		{"2025-01-011", 0, 0},
		{"2025/01/01", 0, 0},     /* wrong separators */
		{"2025-01-0a", 0, 0},
		{"", 0, 0},
		{"2025-01-01 07:30", 0, 0}, /* an instant is not a date */
	};

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		struct err e = {""};
		day_t d = -12345;
		int r = clock_parse_date(rows[i].in, &d, &e);

		if (rows[i].ok) {
			check_int(i, rows[i].in, 0, r);
			check_int(i, rows[i].in, rows[i].want, d);
		} else {
			check_int(i, rows[i].in, -1, r);
			check_int(i, rows[i].in, -12345, d); /* untouched on failure */
			assert_true(e.msg[0] != '\0');
		}
	}
}

static void
test_parse_instant(void **state)
{
	static const struct {
		const char *in;
		const char *want; /* NULL: rejected */
	} rows[] = {
		{"2025-03-12 07:30", "2025-03-12 07:30"},
		{"2025-03-12T07:30", "2025-03-12 07:30"},    /* ISO 'T' */
		{"2025-03-12 07:30:59", "2025-03-12 07:30"}, /* seconds dropped */
		{"2025-03-12T23:59:00", "2025-03-12 23:59"},
		{"2024-02-29 00:00", "2024-02-29 00:00"},
		{"2025-03-12 24:00", NULL},   /* hours 00-23 */
		{"2025-03-12 12:60", NULL},   /* minutes 00-59 */
		{"2025-03-12 07:30:60", NULL},
		{"2025-02-29 08:00", NULL},   /* not a real date */
		{"2025-03-12 7:30", NULL},    /* wrong lengths */
		{"2025-03-12 07:3", NULL},
		{"2025-03-12 07:30:5", NULL},
		{"2025-03-12 07:30 ", NULL},
		{"2025-03-12", NULL},
		{"2025-03-12_07:30", NULL},   /* wrong separator */
		{"2025-03-12 07-30", NULL},
		{"2025-03-12 07:30-00", NULL},
		{"2025-03-12 0x:30", NULL},
	};

	(void)state;
	for (size_t i = 0; i < NROWS(rows); i++) {
		struct err e = {""};
		char buf[CLOCK_INSTANT_LEN + 1];
		tmin_t t = -1;
		int r = clock_parse_instant(rows[i].in, &t, &e);

		if (rows[i].want) {
			check_int(i, rows[i].in, 0, r);
			assert_string_equal(clock_format_instant(t, buf), rows[i].want);
		} else {
			check_int(i, rows[i].in, -1, r);
			check_int(i, rows[i].in, -1, t);
			assert_true(e.msg[0] != '\0');
		}
	}
}

/* Format then parse gives the same number, over instants spread across the
 * whole accepted range (a prime stride hits every minute of the day). */
static void
test_format_roundtrip(void **state)
{
	tmin_t last = (tmin_t)clock_day(2199, 12, 31) * CLOCK_MIN_PER_DAY + 1439;
	char buf[CLOCK_INSTANT_LEN + 1], dbuf[CLOCK_DATE_LEN + 1];

	(void)state;
	for (tmin_t t = 0; t <= last; t += 7919) {
		tmin_t back = -1;
		day_t d = -1;

		assert_int_equal(strlen(clock_format_instant(t, buf)), CLOCK_INSTANT_LEN);
		assert_int_equal(clock_parse_instant(buf, &back, NULL), 0);
		assert_int_equal(back, t);
		assert_int_equal(clock_parse_date(clock_format_date((day_t)(t / 1440), dbuf), &d, NULL), 0);
		assert_int_equal(d, t / 1440);
	}
	assert_string_equal(clock_format_instant(last, buf), "2199-12-31 23:59");
	assert_string_equal(clock_format_date(0, dbuf), "1970-01-01");
}

static void
test_now(void **state)
{
	/* clock_now() is read between two readings of time(): it must lie
	 * between their conversions to UTC+7 minutes. */
	int64_t before = ((int64_t)time(NULL) + 7 * 3600) / 60;
	tmin_t now = clock_now();
	int64_t after = ((int64_t)time(NULL) + 7 * 3600) / 60;

	(void)state;
	assert_true(now >= before && now <= after);
}

/* ---- the calendar ------------------------------------------------------- */

static void
test_day_kind_parse(void **state)
{
	(void)state;
	assert_int_equal(clock_day_kind_parse("holiday"), CLOCK_DAY_HOLIDAY);
	assert_int_equal(clock_day_kind_parse("compensatory"), CLOCK_DAY_COMPENSATORY);
	assert_int_equal(clock_day_kind_parse("swap_off"), CLOCK_DAY_SWAP_OFF);
	assert_int_equal(clock_day_kind_parse("working"), CLOCK_DAY_WORKING);
	assert_int_equal(clock_day_kind_parse("Holiday"), -1);
	assert_int_equal(clock_day_kind_parse(""), -1);
	assert_int_equal(clock_day_kind_parse("default"), -1);
	assert_int_equal(clock_day_kind_parse(NULL), -1);
}

static void
test_working_days(void **state)
{
	static const struct {
		const char *day;
		bool working;
	} rows[] = {
		{"2025-01-01", false}, /* New Year, Wednesday */
		{"2025-01-02", true},  /* ordinary Thursday */
		{"2025-01-24", true},  /* Friday before Tết */
		{"2025-01-25", false}, /* Saturday */
		{"2025-01-27", false}, /* Tết, Monday */
		{"2025-01-31", false}, /* Tết, Friday */
		{"2025-02-03", true},  /* first day back */
		{"2025-04-07", false}, /* Hùng Kings */
		{"2025-04-26", true},  /* make-up Saturday */
		{"2025-04-27", false}, /* Sunday after it */
		{"2025-05-02", false}, /* Friday given off for 26/4 */
		{"2026-04-26", false}, /* Hùng Kings on a Sunday */
		{"2026-04-27", false}, /* its compensatory Monday */
		{"2026-04-28", true},
		{"2024-04-29", false}, /* swapped off for 4/5 */
		{"2024-05-04", true},  /* make-up Saturday */
		{"2024-05-05", false}, /* Sunday */
		{"2030-06-12", true},  /* far outside the table: weekday rule */
		{"2030-06-15", false},
		{"1970-01-01", true},
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		check_int(i, rows[i].day, rows[i].working, clock_is_working_day(cal, D(rows[i].day)));
	}
}

static void
test_set_day(void **state)
{
	struct clock_cal *cal = clock_cal_new();
	struct err e = {""};

	(void)state;
	assert_non_null(cal);
	/* Out of range, either side. */
	assert_int_equal(clock_cal_set_day(cal, -1, CLOCK_DAY_HOLIDAY, &e), -1);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(clock_cal_set_day(cal, clock_day(2200, 1, 1), CLOCK_DAY_HOLIDAY, &e), -1);
	assert_int_equal(clock_cal_set_day(cal, 100, (enum clock_day_kind)9, &e), -1);
	/* Grow downwards and upwards from a first entry; earlier entries
	 * survive each move. */
	set(cal, "2025-05-02", CLOCK_DAY_SWAP_OFF);
	set(cal, "1970-01-01", CLOCK_DAY_HOLIDAY);
	set(cal, "2199-12-31", CLOCK_DAY_HOLIDAY); /* a Tuesday */
	set(cal, "2025-04-26", CLOCK_DAY_WORKING);
	assert_false(clock_is_working_day(cal, D("2025-05-02")));
	assert_false(clock_is_working_day(cal, D("1970-01-01")));
	assert_false(clock_is_working_day(cal, D("2199-12-31")));
	assert_true(clock_is_working_day(cal, D("2025-04-26")));
	assert_true(clock_is_working_day(cal, D("2025-05-01"))); /* not set here */
	/* DEFAULT clears an exception. */
	set(cal, "2025-05-02", CLOCK_DAY_DEFAULT);
	assert_true(clock_is_working_day(cal, D("2025-05-02")));
	clock_cal_free(cal);
	clock_cal_free(NULL);
}

static void
test_set_sessions(void **state)
{
	struct clock_cal *cal = clock_cal_new();
	struct err e = {""};
	const struct clock_session overlap[] = {{450, 700}, {690, 1020}};
	const struct clock_session unsorted[] = {{780, 1020}, {450, 690}};
	const struct clock_session empty[] = {{600, 600}};
	const struct clock_session late[] = {{1000, 1441}};
	const struct clock_session five[] = {{0, 10}, {20, 30}, {40, 50}, {60, 70}, {80, 90}};
	/* A single 08:00-12:00 session and a 13:30-16:30 one. */
	const struct clock_session two[] = {{480, 720}, {810, 990}};

	(void)state;
	assert_non_null(cal);
	assert_int_equal(cal->day_minutes, 480);
	assert_int_equal(clock_cal_set_sessions(cal, overlap, 2, &e), -1);
	assert_int_equal(clock_cal_set_sessions(cal, unsorted, 2, &e), -1);
	assert_int_equal(clock_cal_set_sessions(cal, empty, 1, &e), -1);
	assert_int_equal(clock_cal_set_sessions(cal, late, 1, &e), -1);
	assert_int_equal(clock_cal_set_sessions(cal, five, 5, &e), -1);
	assert_int_equal(clock_cal_set_sessions(cal, two, 0, &e), -1);
	assert_true(e.msg[0] != '\0');
	/* Failures left the default in place. */
	assert_int_equal(cal->nsessions, 2);
	assert_int_equal(cal->day_minutes, 480);
	assert_false(clock_is_open(cal, T("2025-03-12 07:29")));
	assert_true(clock_is_open(cal, T("2025-03-12 07:30")));

	assert_int_equal(clock_cal_set_sessions(cal, two, 2, &e), 0);
	assert_int_equal(cal->day_minutes, 420); /* 240 + 180 */
	assert_false(clock_is_open(cal, T("2025-03-12 07:30")));
	/* Wed 12/3 11:00 + 420: 60 to 12:00, 180 to 16:30, Thu 13/3 08:00 +180
	 * -> 11:00. */
	check_instant(0, T("2025-03-13 11:00"), clock_add(cal, T("2025-03-12 11:00"), 420));
	/* 4 hours from 08:00 end at 12:00, the close. */
	check_instant(1, T("2025-03-12 12:00"), clock_add(cal, T("2025-03-12 08:00"), 240));
	clock_cal_free(cal);
}

/* ---- working-time arithmetic ------------------------------------------- */

static void
test_is_open(void **state)
{
	static const struct {
		const char *at;
		bool open;
	} rows[] = {
		{"2025-03-12 07:29", false}, /* Wednesday, before opening */
		{"2025-03-12 07:30", true},  /* opening minute */
		{"2025-03-12 11:29", true},
		{"2025-03-12 11:30", false}, /* closing instant is not open */
		{"2025-03-12 12:00", false}, /* lunch */
		{"2025-03-12 12:59", false},
		{"2025-03-12 13:00", true},
		{"2025-03-12 16:59", true},
		{"2025-03-12 17:00", false},
		{"2025-03-12 00:00", false},
		{"2025-03-15 09:00", false}, /* Saturday */
		{"2025-01-28 09:00", false}, /* Tết */
		{"2025-04-26 09:00", true},  /* make-up Saturday */
		{"2025-05-02 09:00", false}, /* swapped-off Friday */
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		check_int(i, rows[i].at, rows[i].open, clock_is_open(cal, T(rows[i].at)));
	}
}

static void
test_next_open(void **state)
{
	static const struct {
		const char *at, *want;
	} rows[] = {
		{"2025-03-12 09:00", "2025-03-12 09:00"}, /* open: itself */
		{"2025-03-12 07:30", "2025-03-12 07:30"},
		{"2025-03-12 06:45", "2025-03-12 07:30"}, /* before opening */
		{"2025-03-12 11:30", "2025-03-12 13:00"}, /* morning close */
		{"2025-03-12 12:00", "2025-03-12 13:00"}, /* lunch */
		{"2025-03-12 17:00", "2025-03-13 07:30"}, /* evening close */
		{"2025-03-12 19:00", "2025-03-13 07:30"}, /* evening */
		{"2025-03-12 23:59", "2025-03-13 07:30"},
		{"2025-03-14 17:00", "2025-03-17 07:30"}, /* Friday close -> Monday */
		{"2025-03-14 20:15", "2025-03-17 07:30"}, /* Friday evening */
		{"2025-03-15 10:00", "2025-03-17 07:30"}, /* Saturday */
		{"2025-03-16 08:00", "2025-03-17 07:30"}, /* Sunday */
		/* Friday 24/1 17:00: weekend 25-26, Tết 27-31, weekend 1-2/2. */
		{"2025-01-24 17:00", "2025-02-03 07:30"},
		{"2025-01-01 08:00", "2025-01-02 07:30"}, /* New Year */
		/* 2026: Sat 25, Sun 26 (Hùng Kings), Mon 27 compensatory. */
		{"2026-04-25 09:00", "2026-04-28 07:30"},
		{"2025-04-25 18:00", "2025-04-26 07:30"}, /* make-up Saturday */
		/* Tue 29/4 17:00: 30/4, 1/5 holidays, 2/5 swapped, 3-4/5 weekend. */
		{"2025-04-29 17:00", "2025-05-05 07:30"},
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(rows); i++)
		check_instant(i, T(rows[i].want), clock_next_open(cal, T(rows[i].at)));
}

static void
test_add(void **state)
{
	static const struct {
		const char *at;
		int64_t min;
		const char *want;
	} rows[] = {
		/* 0: half a day from opening ends at the morning close, not 13:00. */
		{"2025-03-12 07:30", 240, "2025-03-12 11:30"},
		/* 1: 09:00-11:30 is 150, the other 90 from 13:00 -> 14:30. */
		{"2025-03-12 09:00", 240, "2025-03-12 14:30"},
		/* 2: an afternoon ends at 17:00 the same day. */
		{"2025-03-12 13:00", 240, "2025-03-12 17:00"},
		/* 3: a whole day from opening ends at 17:00. */
		{"2025-03-12 07:30", 480, "2025-03-12 17:00"},
		/* 4: received at the morning close: the clock starts at 13:00. */
		{"2025-03-12 11:30", 1, "2025-03-12 13:01"},
		/* 5: evening: starts Thu 07:30, +60 -> 08:30. */
		{"2025-03-12 19:00", 60, "2025-03-13 08:30"},
		/* 6: before opening: 07:30 +60. */
		{"2025-03-12 06:00", 60, "2025-03-12 08:30"},
		/* 7: at lunch: the clock starts at 13:00. */
		{"2025-03-12 12:00", 60, "2025-03-12 14:00"},
		/* 8: Friday evening: Monday 07:30 + a day -> Monday 17:00. */
		{"2025-03-14 17:30", 480, "2025-03-17 17:00"},
		/* 9: Saturday: Monday 07:30 + 30. */
		{"2025-03-15 10:00", 30, "2025-03-17 08:00"},
		/* 10: the day before Tết: 16:00-17:00 is 60; weekend, Tết 27-31/1,
		 * weekend; the other 420 from Mon 3/2 07:30: 240 to 11:30, 180
		 * from 13:00 -> 16:00. */
		{"2025-01-24 16:00", 480, "2025-02-03 16:00"},
		/* 11: across Tết 2024: Wed 7/2 15:00-17:00 is 120; 8-14/2 off;
		 * Thu 15/2 480 (600 used); Fri 16/2 240 to 11:30 and 120 -> 15:00. */
		{"2024-02-07 15:00", 960, "2024-02-16 15:00"},
		/* 12: compensatory day: Fri 24/4/2026 13:00-17:00 is 240; weekend,
		 * Mon 27/4 off; Tue 28/4 07:30 + 240 -> 11:30. */
		{"2026-04-24 13:00", 480, "2026-04-28 11:30"},
		/* 13: make-up Saturday: Fri 25/4 240, Sat 26/4 a full 480 that
		 * ends at its close. */
		{"2025-04-25 13:00", 720, "2025-04-26 17:00"},
		/* 14: Tue 29/4 08:00: 210 + 240 = 450; 30/4-4/5 off; Mon 5/5 480
		 * (930); Tue 6/5 07:30 + 30 -> 08:00. */
		{"2025-04-29 08:00", 960, "2025-05-06 08:00"},
		/* 15: three weeks of working days from Mon 3/3 07:30 (15 days)
		 * end on Fri 21/3 17:00. */
		{"2025-03-03 07:30", 15 * 480, "2025-03-21 17:00"},
		/* 16: New Year: Tue 31/12/2024 16:00 has 60; 1/1 off; Thu 2/1
		 * 07:30 + 60. */
		{"2024-12-31 16:00", 120, "2025-01-02 08:30"},
		/* 17: Hùng Kings 2025: Fri 4/4 16:30 has 30; Mon 7/4 off; Tue 8/4
		 * 07:30 + 30. */
		{"2025-04-04 16:30", 60, "2025-04-08 08:00"},
		/* 18: National Day 2025: Fri 29/8 11:00 has 30 + 240 = 270;
		 * 1-2/9 off; Wed 3/9 07:30 + 210 -> 11:00. */
		{"2025-08-29 11:00", 480, "2025-09-03 11:00"},
		/* 19: 2024 swap: Fri 26/4 15:00 has 120; 29/4 swapped, 30/4, 1/5
		 * off; Thu 2/5 480 ends at 17:00. */
		{"2024-04-26 15:00", 600, "2024-05-02 17:00"},
		/* 20: make-up Saturday 4/5/2024: Fri 3/5 16:00 has 60; Sat 07:30
		 * + 60. */
		{"2024-05-03 16:00", 120, "2024-05-04 08:30"},
		/* 21: zero minutes return T unchanged, even outside hours. */
		{"2025-03-12 17:00", 0, "2025-03-12 17:00"},
		/* 22: one minute from 16:59 is the close. */
		{"2025-03-12 16:59", 1, "2025-03-12 17:00"},
		/* 23: two minutes from 16:59: 1 today, 1 tomorrow -> 07:31. */
		{"2025-03-12 16:59", 2, "2025-03-13 07:31"},
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(rows); i++)
		check_instant(i, T(rows[i].want), clock_add(cal, T(rows[i].at), rows[i].min));
}

static void
test_between(void **state)
{
	static const struct {
		const char *a, *b;
		int64_t want;
	} rows[] = {
		{"2025-03-12 07:30", "2025-03-12 11:30", 240},
		{"2025-03-12 07:30", "2025-03-12 17:00", 480},
		{"2025-03-12 00:00", "2025-03-13 00:00", 480},
		{"2025-03-12 11:00", "2025-03-12 13:30", 60},  /* 30 + lunch + 30 */
		{"2025-03-12 12:00", "2025-03-12 12:59", 0},   /* all lunch */
		{"2025-03-12 09:00", "2025-03-12 09:00", 0},   /* empty */
		{"2025-03-12 10:00", "2025-03-12 09:00", 0},   /* reversed */
		{"2025-03-14 16:00", "2025-03-17 08:00", 90},  /* Fri 60 + Mon 30 */
		{"2025-03-15 00:00", "2025-03-17 00:00", 0},   /* weekend */
		{"2025-01-24 16:00", "2025-02-03 16:00", 480}, /* 60 + Tết + 420 */
		/* Fri 25/4 480 and the make-up Saturday 480. */
		{"2025-04-25 00:00", "2025-04-28 00:00", 960},
		/* 2025 under this calendar: 365 days from a Wednesday are 52
		 * weeks and a Wednesday, 261 weekdays; 12 are off (1/1, 27-31/1,
		 * 7/4, 30/4, 1/5, 2/5, 1/9, 2/9); 26/4 adds one: 250 days. */
		{"2025-01-01 00:00", "2026-01-01 00:00", 250 * 480},
		/* 2024: 366 days from a Monday are 52 weeks and Mon-Tue, 262
		 * weekdays; 11 off (1/1, 8,9,12,13,14/2, 29/4, 30/4, 1/5, 2/9,
		 * 3/9); 4/5 adds one: 252 days. */
		{"2024-01-01 00:00", "2025-01-01 00:00", 252 * 480},
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(rows); i++) {
		check_int(i, rows[i].a, rows[i].want, clock_between(cal, T(rows[i].a), T(rows[i].b)));
	}
}

/* between(a, c) = between(a, b) + between(b, c) for a <= b <= c, and the
 * same span read in either order of addition. */
static void
test_between_split(void **state)
{
	static const char *pts[] = {
		"2024-02-07 15:00", "2024-12-31 16:00", "2025-01-24 16:00", "2025-01-28 09:00",
		"2025-02-03 12:10", "2025-03-12 11:30", "2025-03-12 11:31", "2025-04-26 10:00",
		"2025-05-02 09:00", "2026-04-27 08:00",
	};
	struct clock_cal *cal = *state;

	for (size_t i = 0; i < NROWS(pts); i++)
		for (size_t j = i; j < NROWS(pts); j++)
			for (size_t k = j; k < NROWS(pts); k++) {
				tmin_t a = T(pts[i]), b = T(pts[j]), c = T(pts[k]);
				assert_int_equal(clock_between(cal, a, c),
				                 clock_between(cal, a, b) + clock_between(cal, b, c));
				assert_int_equal(clock_between(cal, c, a), 0); /* reversed */
			}
}

/* A small deterministic generator (64-bit LCG, Knuth's MMIX constants), so
 * the property test sees the same instants on every run. */
static uint64_t
rnd(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

/* For many instants T and counts M: between(T, add(T, M)) = M; add is
 * monotonic in M; the minute before a stretch's end is working time; and
 * adding in two parts lands where adding at once does. */
static void
test_add_properties(void **state)
{
	struct clock_cal *cal = *state;
	tmin_t lo = T("2023-10-01 00:00"), span = T("2026-12-31 00:00") - lo;
	uint64_t seed = 20250124;

	for (int i = 0; i < 20000; i++) {
		tmin_t t = lo + (tmin_t)(rnd(&seed) % (uint64_t)span);
		int64_t m = (int64_t)(rnd(&seed) % 20000);
		int64_t m1 = m ? (int64_t)(rnd(&seed) % (uint64_t)m) : 0;
		tmin_t r = clock_add(cal, t, m);
		tmin_t r1 = clock_add(cal, t, m + 1);

		assert_int_equal(clock_between(cal, t, r), m);
		assert_true(r1 > r);
		assert_int_equal(clock_between(cal, t, r1), m + 1);
		assert_true(clock_is_open(cal, r1 - 1));
		if (m > 0)
			assert_true(clock_is_open(cal, r - 1));
		if (m1 > 0)
			assert_int_equal(clock_add(cal, clock_add(cal, t, m1), m - m1), r);
	}
}

/* Provisional days: a mark beside the kind, and the first one a stretch of
 * dates crosses. */
static void
test_provisional(void **state)
{
	struct clock_cal *cal = clock_cal_new();
	struct err e = {""};
	day_t d19 = D("2026-08-31") + 1; /* Tue 1/9/2026 */

	(void)state;
	assert_non_null(cal);
	/* Nothing marked: no table, nothing crossed. */
	assert_false(clock_is_provisional(cal, d19));
	assert_int_equal(clock_first_provisional(cal, T("2026-08-20 08:00"), T("2026-09-10 08:00")),
	                 CLOCK_NO_DAY);
	/* 1/9/2026 a holiday derived from the law, not yet decided. */
	assert_int_equal(clock_cal_set_day(cal, d19, CLOCK_DAY_HOLIDAY, &e), 0);
	assert_int_equal(clock_cal_set_provisional(cal, d19, &e), 0);
	assert_true(clock_is_provisional(cal, d19));
	/* The mark does not change the kind: still a day off. */
	assert_false(clock_is_working_day(cal, d19));
	/* Setting the kind again keeps the mark; marking before the kind works
	 * too (Thu 3/9, marked, then made a holiday). */
	assert_int_equal(clock_cal_set_day(cal, d19, CLOCK_DAY_HOLIDAY, &e), 0);
	assert_true(clock_is_provisional(cal, d19));
	assert_int_equal(clock_cal_set_provisional(cal, d19 + 2, &e), 0);
	assert_true(clock_is_working_day(cal, d19 + 2)); /* a Thursday, no kind yet */
	assert_int_equal(clock_cal_set_day(cal, d19 + 2, CLOCK_DAY_HOLIDAY, &e), 0);
	assert_false(clock_is_working_day(cal, d19 + 2));
	assert_true(clock_is_provisional(cal, d19 + 2));
	/* Wed 2/9 itself, fixed by the law, is not provisional. */
	assert_false(clock_is_provisional(cal, d19 + 1));
	/* Crossed: Mon 31/8 08:00 to Fri 4/9 10:00 includes 1/9 (the first). */
	assert_int_equal(clock_first_provisional(cal, T("2026-08-31 08:00"), T("2026-09-04 10:00")),
	                 d19);
	/* From 2/9 on, 3/9 is the first crossed. */
	assert_int_equal(clock_first_provisional(cal, T("2026-09-02 08:00"), T("2026-09-04 10:00")),
	                 d19 + 2);
	/* Ending on 1/9 (a due at its very start) still counts the day. */
	assert_int_equal(clock_first_provisional(cal, T("2026-08-25 08:00"), T("2026-09-01 00:00")),
	                 d19);
	/* Ending the day before, or starting after 3/9: none. */
	assert_int_equal(clock_first_provisional(cal, T("2026-08-25 08:00"), T("2026-08-31 17:00")),
	                 CLOCK_NO_DAY);
	assert_int_equal(clock_first_provisional(cal, T("2026-09-04 08:00"), T("2027-03-01 17:00")),
	                 CLOCK_NO_DAY);
	/* Far outside the table on both sides: clamped, still found. */
	assert_int_equal(clock_first_provisional(cal, T("1990-01-01 08:00"), T("2150-01-01 08:00")),
	                 d19);
	/* Out of range is refused. */
	assert_int_equal(clock_cal_set_provisional(cal, D("2199-12-31") + 1, &e), -1);
	clock_cal_free(cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_walk),
		cmocka_unit_test(test_civil_anchors),
		cmocka_unit_test(test_parse_date),
		cmocka_unit_test(test_parse_instant),
		cmocka_unit_test(test_format_roundtrip),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_day_kind_parse),
		cmocka_unit_test_setup_teardown(test_working_days, setup_cal, teardown_cal),
		cmocka_unit_test(test_set_day),
		cmocka_unit_test(test_provisional),
		cmocka_unit_test(test_set_sessions),
		cmocka_unit_test_setup_teardown(test_is_open, setup_cal, teardown_cal),
		cmocka_unit_test_setup_teardown(test_next_open, setup_cal, teardown_cal),
		cmocka_unit_test_setup_teardown(test_add, setup_cal, teardown_cal),
		cmocka_unit_test_setup_teardown(test_between, setup_cal, teardown_cal),
		cmocka_unit_test_setup_teardown(test_between_split, setup_cal, teardown_cal),
		cmocka_unit_test_setup_teardown(test_add_properties, setup_cal, teardown_cal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
