#include "clock.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Vietnam keeps UTC+7 all year (no daylight saving since 1975). */
#define UTC_OFFSET_MIN (7 * 60)

/* Days from 0000-03-01 (proleptic Gregorian) to 1970-01-01. */
#define EPOCH_SHIFT 719468

/* The range of years the calendar and the parsers accept. */
#define YEAR_MIN 1970
#define YEAR_MAX 2199

/* Room added beside the requested day when the exception table grows, so
 * that loading a year of holidays costs a few allocations, not hundreds. */
#define CAL_GROW_SLACK 400
/* Bit of a kinds[] byte that marks a provisional day (kinds use 0-4). */
#define DAY_PROVISIONAL 0x80u

/* ---- civil dates ------------------------------------------------------- */

/* Floor division and its remainder: C's '/' truncates toward zero, and
 * instants before 1970 must still fall on the right day. */
static int64_t
fdiv(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t
fmod_pos(int64_t a, int64_t b)
{
	return a - fdiv(a, b) * b;
}

/* Days from 0000-03-01 to the first of March of year Y.  Counting years
 * from March puts the leap day at the end of a year, so the leap days
 * before year Y are those of the calendar years 1..Y. */
static int64_t
march_year_start(int64_t y)
{
	return 365 * y + fdiv(y, 4) - fdiv(y, 100) + fdiv(y, 400);
}

/* Days from the first of March to the first of month M (0 = March ...
 * 11 = February).  Months from March alternate 31/30 in a five-month
 * pattern (31 30 31 30 31 | 31 30 31 30 31 | 31 ...), 153 days each, which
 * the line (153 M + 2) / 5 follows exactly. */
static int
march_month_start(int m)
{
	return (153 * m + 2) / 5;
}

day_t
clock_day(int year, int month, int mday)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int m = month <= 2 ? month + 9 : month - 3;

	return (day_t)(march_year_start(y) + march_month_start(m) + mday - 1 - EPOCH_SHIFT);
}

void
clock_civil(day_t d, int *year, int *month, int *mday)
{
	int64_t n = (int64_t)d + EPOCH_SHIFT;
	/* 146097 days make 400 years; the estimate can miss by one year. */
	int64_t y = fdiv(n * 400, 146097);
	int64_t doy;
	int m;

	while (march_year_start(y) > n)
		y--;
	while (march_year_start(y + 1) <= n)
		y++;
	doy = n - march_year_start(y);
	assert(doy >= 0 && doy <= 365);
	/* Inverse of march_month_start(): the largest M whose start <= doy. */
	m = (int)((5 * doy + 2) / 153);
	assert(m >= 0 && m <= 11 && march_month_start(m) <= doy);
	*mday = (int)(doy - march_month_start(m)) + 1;
	*month = m < 10 ? m + 3 : m - 9;
	*year = (int)(y + (*month <= 2));
}

int
clock_weekday(day_t d)
{
	/* 1970-01-01 was a Thursday (4). */
	return (int)fmod_pos((int64_t)d + 3, 7) + 1;
}

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int year, int month)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	assert(month >= 1 && month <= 12);
	return month == 2 && is_leap(year) ? 29 : dm[month - 1];
}

static day_t
day_of(tmin_t t)
{
	return (day_t)fdiv(t, CLOCK_MIN_PER_DAY);
}

static int
minute_of_day(tmin_t t)
{
	return (int)fmod_pos(t, CLOCK_MIN_PER_DAY);
}

/* ---- text forms -------------------------------------------------------- */

/* N decimal digits at S, or -1 when one is not a digit. */
static int
read_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* The date in the first 10 characters of S (the caller checked the length). */
static int
parse_date_part(const char *s, day_t *out, struct err *e)
{
	int y = read_digits(s, 4), m = read_digits(s + 5, 2), d = read_digits(s + 8, 2);

	if (y < 0 || m < 0 || d < 0 || s[4] != '-' || s[7] != '-')
		return err_set(e, "'%.40s': not a date of the form YYYY-MM-DD", s);
	if (y < YEAR_MIN || y > YEAR_MAX)
		return err_set(e, "'%.40s': year outside %d-%d", s, YEAR_MIN, YEAR_MAX);
	if (m < 1 || m > 12)
		return err_set(e, "'%.40s': no month %d", s, m);
	if (d < 1 || d > month_days(y, m))
		return err_set(e, "'%.40s': %04d-%02d has no day %d", s, y, m, d);
	*out = clock_day(y, m, d);
	return 0;
}

int
clock_parse_date(const char *s, day_t *out, struct err *e)
{
	assert(s && out);
	if (strlen(s) != CLOCK_DATE_LEN)
		return err_set(e, "'%.40s': a date has exactly %d characters (YYYY-MM-DD)", s,
		               CLOCK_DATE_LEN);
	return parse_date_part(s, out, e);
}

int
clock_parse_instant(const char *s, tmin_t *out, struct err *e)
{
	size_t len;
	day_t d = 0;
	int h, m;

	assert(s && out);
	len = strlen(s);
	/* 'YYYY-MM-DD HH:MM' or the same with ':SS' (SQLite's datetime()). */
	if (len != CLOCK_INSTANT_LEN && len != CLOCK_INSTANT_LEN + 3)
		return err_set(e, "'%.40s': an instant is YYYY-MM-DD HH:MM", s);
	if (parse_date_part(s, &d, e) < 0)
		return -1;
	if (s[10] != ' ' && s[10] != 'T')
		return err_set(e, "'%.40s': date and time are separated by ' ' or 'T'", s);
	h = read_digits(s + 11, 2);
	m = read_digits(s + 14, 2);
	if (h < 0 || m < 0 || s[13] != ':')
		return err_set(e, "'%.40s': not a time of the form HH:MM", s);
	if (h > 23 || m > 59)
		return err_set(e, "'%.40s': no time %02d:%02d (00:00-23:59)", s, h, m);
	if (len > CLOCK_INSTANT_LEN) {
		int sec = read_digits(s + 17, 2);
		if (s[16] != ':' || sec < 0 || sec > 59)
			return err_set(e, "'%.40s': bad seconds (':SS', 00-59)", s);
	}
	*out = (tmin_t)d * CLOCK_MIN_PER_DAY + (tmin_t)h * 60 + m;
	return 0;
}

/* Write V as N decimal digits at P (V fits: the callers checked). */
static void
put_digits(char *p, int v, int n)
{
	assert(v >= 0);
	for (int i = n - 1; i >= 0; i--, v /= 10)
		p[i] = (char)('0' + v % 10);
	assert(v == 0);
}

char *
clock_format_date(day_t d, char *buf)
{
	int y, m, md;

	clock_civil(d, &y, &m, &md);
	/* Four digits for the year is what the text form promises. */
	assert(y >= 0 && y <= 9999);
	put_digits(buf, y, 4);
	buf[4] = '-';
	put_digits(buf + 5, m, 2);
	buf[7] = '-';
	put_digits(buf + 8, md, 2);
	buf[CLOCK_DATE_LEN] = '\0';
	return buf;
}

char *
clock_format_instant(tmin_t t, char *buf)
{
	int mi = minute_of_day(t);

	clock_format_date(day_of(t), buf);
	buf[10] = ' ';
	put_digits(buf + 11, mi / 60, 2);
	buf[13] = ':';
	put_digits(buf + 14, mi % 60, 2);
	buf[CLOCK_INSTANT_LEN] = '\0';
	return buf;
}

tmin_t
clock_now(void)
{
	int64_t s = (int64_t)time(NULL);

	return fdiv(s + (int64_t)UTC_OFFSET_MIN * 60, 60);
}

/* ---- the working calendar ---------------------------------------------- */

int
clock_day_kind_parse(const char *s)
{
	static const struct {
		const char *name;
		enum clock_day_kind kind;
	} names[] = {
	    {"holiday", CLOCK_DAY_HOLIDAY},
	    {"compensatory", CLOCK_DAY_COMPENSATORY},
	    {"swap_off", CLOCK_DAY_SWAP_OFF},
	    {"working", CLOCK_DAY_WORKING},
	};

	if (!s)
		return -1;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i].name) == 0)
			return (int)names[i].kind;
	return -1;
}

struct clock_cal *
clock_cal_new(void)
{
	static const struct clock_session deflt[] = {
	    {7 * 60 + 30, 11 * 60 + 30}, /* 07:30-11:30 */
	    {13 * 60, 17 * 60},          /* 13:00-17:00 */
	};
	struct clock_cal *cal = calloc(1, sizeof *cal);

	if (!cal)
		return NULL;
	memcpy(cal->sessions, deflt, sizeof deflt);
	cal->nsessions = 2;
	cal->day_minutes = 8 * 60;
	return cal;
}

void
clock_cal_free(struct clock_cal *cal)
{
	if (!cal)
		return;
	free(cal->kinds);
	free(cal);
}

int
clock_cal_set_sessions(struct clock_cal *cal, const struct clock_session *s, int n, struct err *e)
{
	int total = 0;

	assert(cal);
	if (n < 1 || n > CLOCK_SESSIONS_MAX)
		return err_set(e, "office hours: %d sessions (1 to %d allowed)", n,
		               CLOCK_SESSIONS_MAX);
	for (int i = 0; i < n; i++) {
		if (s[i].opens < 0 || s[i].closes > CLOCK_MIN_PER_DAY || s[i].opens >= s[i].closes)
			return err_set(e,
			               "office hours: session %d (%d-%d min) is not within a day "
			               "or does not close after it opens",
			               i + 1, s[i].opens, s[i].closes);
		if (i > 0 && s[i].opens < s[i - 1].closes)
			return err_set(e, "office hours: session %d opens before session %d closes",
			               i + 1, i);
		total += s[i].closes - s[i].opens;
	}
	memcpy(cal->sessions, s, (size_t)n * sizeof *s);
	cal->nsessions = n;
	cal->day_minutes = total;
	return 0;
}

/* Widen the exception table to cover day D, keeping what it holds. */
static int
cal_cover(struct clock_cal *cal, day_t d, struct err *e)
{
	day_t lo_limit = clock_day(YEAR_MIN, 1, 1), hi_limit = clock_day(YEAR_MAX, 12, 31) + 1;
	day_t first, end;
	unsigned char *k;

	if (cal->kinds && d >= cal->first_day && d < cal->first_day + cal->ndays)
		return 0;
	first = cal->kinds ? cal->first_day : d;
	end = cal->kinds ? cal->first_day + cal->ndays : d + 1;
	if (d < first)
		first = d - CAL_GROW_SLACK < lo_limit ? lo_limit : d - CAL_GROW_SLACK;
	if (d >= end)
		end = d + 1 + CAL_GROW_SLACK > hi_limit ? hi_limit : d + 1 + CAL_GROW_SLACK;
	assert(first <= d && d < end);
	/* calloc leaves every new day at CLOCK_DAY_DEFAULT (0). */
	k = calloc((size_t)(end - first), 1);
	if (!k)
		return err_set(e, "calendar: out of memory");
	if (cal->kinds)
		memcpy(k + (cal->first_day - first), cal->kinds, (size_t)cal->ndays);
	free(cal->kinds);
	cal->kinds = k;
	cal->first_day = first;
	cal->ndays = end - first;
	return 0;
}

int
clock_cal_set_day(struct clock_cal *cal, day_t d, enum clock_day_kind kind, struct err *e)
{
	assert(cal);
	if (d < clock_day(YEAR_MIN, 1, 1) || d > clock_day(YEAR_MAX, 12, 31))
		return err_set(e, "calendar: day %ld outside %d-%d", (long)d, YEAR_MIN, YEAR_MAX);
	if ((int)kind < CLOCK_DAY_DEFAULT || (int)kind > CLOCK_DAY_WORKING)
		return err_set(e, "calendar: unknown day kind %d", (int)kind);
	if (cal_cover(cal, d, e) < 0)
		return -1;
	/* The provisional mark is kept: a day may be marked before or after
	 * its kind is set. */
	cal->kinds[d - cal->first_day] =
	    (unsigned char)((cal->kinds[d - cal->first_day] & DAY_PROVISIONAL) | (unsigned)kind);
	return 0;
}

int
clock_cal_set_provisional(struct clock_cal *cal, day_t d, struct err *e)
{
	assert(cal);
	if (d < clock_day(YEAR_MIN, 1, 1) || d > clock_day(YEAR_MAX, 12, 31))
		return err_set(e, "calendar: day %ld outside %d-%d", (long)d, YEAR_MIN, YEAR_MAX);
	if (cal_cover(cal, d, e) < 0)
		return -1;
	cal->kinds[d - cal->first_day] |= DAY_PROVISIONAL;
	return 0;
}

bool
clock_is_provisional(const struct clock_cal *cal, day_t d)
{
	if (!cal->kinds || d < cal->first_day || d >= cal->first_day + cal->ndays)
		return false;
	return (cal->kinds[d - cal->first_day] & DAY_PROVISIONAL) != 0;
}

day_t
clock_first_provisional(const struct clock_cal *cal, tmin_t a, tmin_t b)
{
	day_t lo = day_of(a), hi = day_of(b);

	assert(cal);
	if (!cal->kinds)
		return CLOCK_NO_DAY;
	/* Only days inside the table can carry the mark. */
	if (lo < cal->first_day)
		lo = cal->first_day;
	if (hi >= cal->first_day + cal->ndays)
		hi = cal->first_day + cal->ndays - 1;
	for (day_t d = lo; d <= hi; d++)
		if (cal->kinds[d - cal->first_day] & DAY_PROVISIONAL)
			return d;
	return CLOCK_NO_DAY;
}

static enum clock_day_kind
day_kind(const struct clock_cal *cal, day_t d)
{
	if (!cal->kinds || d < cal->first_day || d >= cal->first_day + cal->ndays)
		return CLOCK_DAY_DEFAULT;
	return (enum clock_day_kind)(cal->kinds[d - cal->first_day] & ~DAY_PROVISIONAL);
}

bool
clock_is_working_day(const struct clock_cal *cal, day_t d)
{
	switch (day_kind(cal, d)) {
	case CLOCK_DAY_HOLIDAY:
	case CLOCK_DAY_COMPENSATORY:
	case CLOCK_DAY_SWAP_OFF:
		return false;
	case CLOCK_DAY_WORKING:
		return true;
	case CLOCK_DAY_DEFAULT:
		break;
	}
	return clock_weekday(d) <= 5;
}

/* ---- working-time arithmetic ------------------------------------------- */

/* The next working day after D.  Days outside the exception table follow
 * the weekday rule, so the search ends within the table plus a week. */
static day_t
next_working_day(const struct clock_cal *cal, day_t d)
{
	do
		d++;
	while (!clock_is_working_day(cal, d));
	return d;
}

bool
clock_is_open(const struct clock_cal *cal, tmin_t t)
{
	int m = minute_of_day(t);

	assert(cal && cal->nsessions >= 1);
	if (!clock_is_working_day(cal, day_of(t)))
		return false;
	for (int i = 0; i < cal->nsessions; i++)
		if (m >= cal->sessions[i].opens && m < cal->sessions[i].closes)
			return true;
	return false;
}

tmin_t
clock_next_open(const struct clock_cal *cal, tmin_t t)
{
	day_t d = day_of(t);
	int m = minute_of_day(t);

	assert(cal && cal->nsessions >= 1);
	if (clock_is_working_day(cal, d)) {
		for (int i = 0; i < cal->nsessions; i++) {
			if (m < cal->sessions[i].closes)
				return m >= cal->sessions[i].opens
				           ? t
				           : (tmin_t)d * CLOCK_MIN_PER_DAY + cal->sessions[i].opens;
		}
	}
	/* Closed for the rest of the day: the first session of the next
	 * working day. */
	d = next_working_day(cal, d);
	return (tmin_t)d * CLOCK_MIN_PER_DAY + cal->sessions[0].opens;
}

/* Consume up to *LEFT working minutes of day D from minute M on.  Returns
 * the instant where *LEFT reached 0 (the end of a stretch: a session's
 * close when it is used up exactly), or -1 with *LEFT reduced by the
 * working time the rest of the day held.  D must be a working day. */
static tmin_t
consume_day(const struct clock_cal *cal, day_t d, int m, int64_t *left)
{
	for (int i = 0; i < cal->nsessions; i++) {
		const struct clock_session *s = &cal->sessions[i];
		int from = m > s->opens ? m : s->opens;

		if (from >= s->closes)
			continue;
		if (*left <= s->closes - from)
			return (tmin_t)d * CLOCK_MIN_PER_DAY + from + *left;
		*left -= s->closes - from;
	}
	return -1;
}

tmin_t
clock_add(const struct clock_cal *cal, tmin_t t, int64_t minutes)
{
	int64_t left = minutes;
	tmin_t r;
	day_t d;

	assert(cal && cal->day_minutes > 0);
	assert(minutes >= 0);
	if (minutes == 0)
		return t;
	t = clock_next_open(cal, t);
	d = day_of(t);
	r = consume_day(cal, d, minute_of_day(t), &left);
	/* Whole working days are skipped by their length, so a due date ten
	 * working days out costs a dozen steps, not 4800. */
	while (r < 0) {
		assert(left > 0);
		d = next_working_day(cal, d);
		if (left > cal->day_minutes)
			left -= cal->day_minutes;
		else
			r = consume_day(cal, d, 0, &left);
	}
	return r;
}

/* Working minutes of working day D inside minutes [LO, HI) of that day. */
static int64_t
day_overlap(const struct clock_cal *cal, int lo, int hi)
{
	int64_t sum = 0;

	for (int i = 0; i < cal->nsessions; i++) {
		int a = lo > cal->sessions[i].opens ? lo : cal->sessions[i].opens;
		int b = hi < cal->sessions[i].closes ? hi : cal->sessions[i].closes;
		if (b > a)
			sum += b - a;
	}
	return sum;
}

int64_t
clock_between(const struct clock_cal *cal, tmin_t a, tmin_t b)
{
	day_t da, db;
	int64_t sum = 0;

	assert(cal);
	if (b <= a)
		return 0;
	da = day_of(a);
	db = day_of(b);
	if (da == db)
		return clock_is_working_day(cal, da)
		           ? day_overlap(cal, minute_of_day(a), minute_of_day(b))
		           : 0;
	if (clock_is_working_day(cal, da))
		sum += day_overlap(cal, minute_of_day(a), CLOCK_MIN_PER_DAY);
	for (day_t d = da + 1; d < db; d++)
		if (clock_is_working_day(cal, d))
			sum += cal->day_minutes;
	if (clock_is_working_day(cal, db))
		sum += day_overlap(cal, 0, minute_of_day(b));
	return sum;
}
