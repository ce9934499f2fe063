/*
 * fuzz_clock: the text forms and the working-time arithmetic.
 *
 * The whole input, NUL-terminated, goes to clock_parse_date and
 * clock_parse_instant; what parses must format to the canonical text and
 * parse back to the same value.  The first 8 + 8 bytes give an instant in
 * 1970-2199 and a number of working minutes (0..1,000,000): adding them and
 * measuring back must give the same number, on the 2025 calendar (holidays,
 * a swapped day, a working Saturday) and, when byte 16 asks for it, with
 * office hours taken from the bytes after it (there the minutes are cut to
 * about ten years of working days).
 */
#include "fuzz.h"

#define ADD_MAX 1000000

static struct clock_cal *cal_2025;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cal_2025 = fuzz_cal_2025();
	/* The table's far ends too, so that it spans 1970-2199 and every
	 * lookup in range reads it. */
	CHECK(clock_cal_set_day(cal_2025, clock_day(1970, 1, 1), CLOCK_DAY_HOLIDAY, NULL) == 0);
	CHECK(clock_cal_set_day(cal_2025, clock_day(2199, 12, 31), CLOCK_DAY_HOLIDAY, NULL) == 0);
	CHECK(clock_cal_set_day(cal_2025, clock_day(2199, 12, 28), CLOCK_DAY_WORKING, NULL) == 0);
	return 0;
}

static void
check_date(const char *s)
{
	char buf[CLOCK_DATE_LEN + 1];
	struct err e = {""};
	day_t d, again;
	int y, m, md;

	if (clock_parse_date(s, &d, &e) < 0) {
		CHECK(e.msg[0] != '\0');
		return;
	}
	/* The text form is canonical: it formats back to itself. */
	clock_format_date(d, buf);
	CHECK(strcmp(buf, s) == 0);
	CHECK(clock_parse_date(buf, &again, NULL) == 0 && again == d);
	clock_civil(d, &y, &m, &md);
	CHECK(y >= 1970 && y <= 2199 && clock_day(y, m, md) == d);
}

static void
check_instant(const char *s)
{
	char buf[CLOCK_INSTANT_LEN + 1], want[CLOCK_INSTANT_LEN + 1];
	struct err e = {""};
	tmin_t t, again;

	if (clock_parse_instant(s, &t, &e) < 0) {
		CHECK(e.msg[0] != '\0');
		return;
	}
	clock_format_instant(t, buf);
	CHECK(clock_parse_instant(buf, &again, NULL) == 0 && again == t);
	/* Canonical apart from 'T' for ' ' and the seconds, which are dropped. */
	CHECK(strlen(s) == CLOCK_INSTANT_LEN || strlen(s) == CLOCK_INSTANT_LEN + 3);
	memcpy(want, s, CLOCK_INSTANT_LEN);
	want[10] = ' ';
	want[CLOCK_INSTANT_LEN] = '\0';
	CHECK(strcmp(buf, want) == 0);
}

/* Up to DAYS_MAX exceptions from the bytes at P (3 bytes each: a day
 * anywhere in 1969-2200, a kind, one past the last), which grow the
 * calendar's table in both directions; each day must then read back as
 * what was set last, and days outside 1970-2199 and unknown kinds must be
 * refused. */
#define DAYS_MAX 8
static void
add_days(struct clock_cal *cal, const uint8_t *p, size_t left)
{
	const day_t lo = clock_day(1970, 1, 1), hi = clock_day(2199, 12, 31);
	day_t set[DAYS_MAX];
	int kinds[DAYS_MAX], n = 0;

	while (left >= 3 && n < DAYS_MAX) {
		uint32_t v = (uint32_t)fuzz_take(&p, &left, 2);
		int kind = (int)fuzz_take(&p, &left, 1) % (CLOCK_DAY_WORKING + 2);
		/* Days spread over the range and a year past each end. */
		day_t d = lo - 366 + (day_t)((uint64_t)v * (uint64_t)(hi - lo + 733) / 65536);
		bool ok = d >= lo && d <= hi && kind <= CLOCK_DAY_WORKING;
		struct err e = {""};

		CHECK((clock_cal_set_day(cal, d, (enum clock_day_kind)kind, &e) == 0) == ok);
		if (!ok) {
			CHECK(e.msg[0] != '\0');
			continue;
		}
		set[n] = d;
		kinds[n++] = kind;
	}
	for (int i = 0; i < n; i++) {
		int kind = kinds[i];
		bool want;

		for (int k = i + 1; k < n; k++)
			if (set[k] == set[i])
				kind = kinds[k];
		if (kind == CLOCK_DAY_DEFAULT)
			want = clock_weekday(set[i]) <= 5;
		else
			want = kind == CLOCK_DAY_WORKING;
		CHECK(clock_is_working_day(cal, set[i]) == want);
	}
}

/* Office hours from the bytes at P: up to CLOCK_SESSIONS_MAX sessions,
 * each as a start gap and a length in 5-minute units.  NULL when they do
 * not make a valid day (which clock_cal_set_sessions must then refuse).
 * The calendar starts EMPTY (no exception table yet) or as 2025's, and
 * gets the exceptions of add_days() from the bytes that follow. */
static struct clock_cal *
cal_from_bytes(const uint8_t *p, size_t left, bool empty)
{
	struct clock_session s[CLOCK_SESSIONS_MAX];
	struct clock_cal *cal = empty ? clock_cal_new() : fuzz_cal_2025();
	int n = 1 + (int)fuzz_take(&p, &left, 1) % CLOCK_SESSIONS_MAX, at = 0;
	struct err e = {""};

	CHECK(cal);
	for (int i = 0; i < n; i++) {
		s[i].opens = at + 5 * (int)fuzz_take(&p, &left, 1);
		s[i].closes = s[i].opens + 5 * (int)fuzz_take(&p, &left, 1);
		at = s[i].closes;
	}
	bool valid = s[n - 1].closes <= CLOCK_MIN_PER_DAY;
	for (int i = 0; i < n; i++)
		valid = valid && s[i].closes > s[i].opens;
	if (clock_cal_set_sessions(cal, s, n, &e) < 0) {
		CHECK(!valid && e.msg[0] != '\0');
		clock_cal_free(cal);
		return NULL;
	}
	CHECK(valid);
	add_days(cal, p, left);
	return cal;
}

static void
check_add(const struct clock_cal *cal, tmin_t t, int64_t m)
{
	tmin_t r = clock_add(cal, t, m);

	CHECK(r >= t);
	CHECK(clock_between(cal, t, r) == m);
	if (m == 0) {
		CHECK(r == t);
		return;
	}
	/* A stretch ends where work ends: the minute before R is worked, so
	 * R is never the next opening after a pause. */
	CHECK(clock_is_open(cal, r - 1));
	CHECK(clock_between(cal, t, r - 1) == m - 1);
	CHECK(clock_is_open(cal, clock_next_open(cal, t)));
	CHECK(clock_is_open(cal, t) == (clock_next_open(cal, t) == t));
	CHECK(clock_next_open(cal, t) >= t && clock_next_open(cal, t) < r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const tmin_t lo = (tmin_t)clock_day(1970, 1, 1) * CLOCK_MIN_PER_DAY;
	const tmin_t hi = (tmin_t)(clock_day(2199, 12, 31) + 1) * CLOCK_MIN_PER_DAY; /* excl. */
	char *s = fuzz_cstr(data, size);
	const uint8_t *p = data;
	size_t left = size;

	if (!s)
		return 0;
	check_date(s);
	check_instant(s);
	free(s);

	if (size >= 16) {
		tmin_t t = lo + (tmin_t)(fuzz_take(&p, &left, 8) % (uint64_t)(hi - lo));
		int64_t m = (int64_t)(fuzz_take(&p, &left, 8) % (ADD_MAX + 1));
		int y, mo, md;
		day_t d = (day_t)(t / CLOCK_MIN_PER_DAY);

		check_add(cal_2025, t, m);
		clock_civil(d, &y, &mo, &md);
		CHECK(clock_day(y, mo, md) == d);
		CHECK(clock_weekday(d + 1) == clock_weekday(d) % 7 + 1);
		if (left > 0 && (*p & 1)) {
			struct clock_cal *cal = cal_from_bytes(p + 1, left - 1, *p & 2);

			if (cal) {
				/* Five-minute office hours would make a million
				 * minutes centuries of days to walk: keep to about
				 * ten years of them, which is all the range needs. */
				check_add(cal, t, m % ((int64_t)cal->day_minutes * 2600 + 1));
				clock_cal_free(cal);
			}
		}
	}
	return 0;
}
