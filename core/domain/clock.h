/*
 * clock: civil time and the working-time clock.
 *
 * Instants are minutes since 1970-01-01 00:00 in Vietnam's local civil time
 * (UTC+7 all year, no daylight saving), so no time-zone arithmetic is ever
 * needed and 'YYYY-MM-DD HH:MM' maps one-to-one onto a number.  Days are
 * day numbers since 1970-01-01.
 *
 * Working time is office hours (the sessions of struct clock_cal, by default
 * 07:30-11:30 and 13:00-17:00) on working days: Monday to Friday, minus the
 * calendar's holidays, compensatory days and swapped days off, plus the
 * Saturdays declared working days.  The calendar is data (the government
 * sets each year's days off by decision), loaded from the database into a
 * struct clock_cal.
 */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef int64_t tmin_t; /* an instant: minutes since 1970-01-01 00:00 local */
typedef int32_t day_t;  /* a date: days since 1970-01-01 */

#define CLOCK_MIN_PER_DAY 1440
#define CLOCK_SESSIONS_MAX 4

/* Length of the text forms, without the NUL. */
#define CLOCK_DATE_LEN 10    /* YYYY-MM-DD */
#define CLOCK_INSTANT_LEN 16 /* YYYY-MM-DD HH:MM */

/* ---- civil dates and instants ------------------------------------------ */

/* Day number of a civil date; month 1-12, mday 1-31 (not validated). */
day_t clock_day(int year, int month, int mday);

/* Civil date of day number D. */
void clock_civil(day_t d, int *year, int *month, int *mday);

/* Day of week of D: 1 = Monday ... 7 = Sunday (ISO 8601). */
int clock_weekday(day_t d);

/* Parse 'YYYY-MM-DD' (exactly 10 characters, a real calendar date, years
 * 1970-2199).  Returns 0 and sets *out, or -1 with E set. */
int clock_parse_date(const char *s, day_t *out, struct err *e);

/* Parse 'YYYY-MM-DD HH:MM', also accepting 'YYYY-MM-DDTHH:MM' and a trailing
 * ':SS' (seconds are dropped).  Returns 0 and sets *out, or -1 with E set. */
int clock_parse_instant(const char *s, tmin_t *out, struct err *e);

/* Write 'YYYY-MM-DD' / 'YYYY-MM-DD HH:MM' into BUF (at least
 * CLOCK_DATE_LEN+1 / CLOCK_INSTANT_LEN+1 bytes).  Returns BUF. */
char *clock_format_date(day_t d, char *buf);
char *clock_format_instant(tmin_t t, char *buf);

/* Current local instant (UTC+7) from the system clock. */
tmin_t clock_now(void);

/* ---- the working calendar ---------------------------------------------- */

enum clock_day_kind {
	CLOCK_DAY_DEFAULT = 0,  /* no exception: Mon-Fri work, Sat-Sun off */
	CLOCK_DAY_HOLIDAY,      /* public holiday: off */
	CLOCK_DAY_COMPENSATORY, /* compensatory day off: off */
	CLOCK_DAY_SWAP_OFF,     /* working day given off for a Saturday worked: off */
	CLOCK_DAY_WORKING,      /* weekend day declared a working day: on */
};

/* Map the calendar table's kind text ('holiday', 'compensatory', 'swap_off',
 * 'working') to the enum; returns -1 for anything else. */
int clock_day_kind_parse(const char *s);

struct clock_session {
	int opens;  /* minutes after midnight */
	int closes; /* minutes after midnight, > opens */
};

/* A working calendar.  Exceptions are kept in a flat array indexed by day
 * over [first_day, first_day + ndays), so lookups are O(1). */
struct clock_cal {
	struct clock_session sessions[CLOCK_SESSIONS_MAX]; /* sorted, disjoint */
	int nsessions;
	int day_minutes;      /* working minutes of a working day (sum of sessions) */
	day_t first_day;      /* first day covered by kinds[] */
	int32_t ndays;        /* days covered */
	unsigned char *kinds; /* enum clock_day_kind per day, with bit 0x80 when the
	                         day is provisional; days outside = DEFAULT */
};

/* "No day", where a day_t answer may be absent. */
#define CLOCK_NO_DAY ((day_t)-1)

/* A new calendar with the default office hours (07:30-11:30, 13:00-17:00)
 * and no exceptions.  Returns NULL on out of memory.  Free with
 * clock_cal_free(). */
struct clock_cal *clock_cal_new(void);

/* NULL-safe. */
void clock_cal_free(struct clock_cal *cal);

/* Replace the office sessions with N sessions (opens < closes, sorted,
 * disjoint, within a day, 1 <= N <= CLOCK_SESSIONS_MAX).  Returns 0, or -1
 * with E set and the calendar unchanged. */
int clock_cal_set_sessions(struct clock_cal *cal, const struct clock_session *s, int n,
                           struct err *e);

/* Record the exception KIND for day D.  Grows the table as needed; days from
 * 1970 to 2199 are accepted.  Returns 0, or -1 with E set. */
int clock_cal_set_day(struct clock_cal *cal, day_t d, enum clock_day_kind kind, struct err *e);

/* Mark day D provisional: its kind is derived from the law while the
 * year's decision is not issued, so a due time that crosses it may still
 * move.  Independent of the day's kind (either may be set first).
 * Returns 0, or -1 with E set (day out of range, out of memory). */
int clock_cal_set_provisional(struct clock_cal *cal, day_t d, struct err *e);

/* Whether day D is marked provisional. */
bool clock_is_provisional(const struct clock_cal *cal, day_t d);

/* The first provisional day among the dates of instants A to B (both
 * days included), or CLOCK_NO_DAY: whether working time counted from A to
 * B crosses a day the government has not fixed yet. */
day_t clock_first_provisional(const struct clock_cal *cal, tmin_t a, tmin_t b);

/* Whether day D is a working day under CAL. */
bool clock_is_working_day(const struct clock_cal *cal, day_t d);

/* ---- working-time arithmetic ------------------------------------------- */

/* Whether instant T is inside office hours (opens <= t < closes on a
 * working day). */
bool clock_is_open(const struct clock_cal *cal, tmin_t t);

/* The first instant >= T that is inside office hours: T itself when open;
 * otherwise the next session's opening (after lunch, next morning, after a
 * weekend or holiday).  A dossier received outside office hours starts its
 * clock here. */
tmin_t clock_next_open(const struct clock_cal *cal, tmin_t t);

/* The instant at which MINUTES of working time have passed since T.  Time
 * before the clock starts (T outside office hours) is skipped first.
 * For MINUTES > 0 the result is the end of a working stretch, never the next
 * opening: 4 working hours from 07:30 end at 11:30, not 13:00.  MINUTES = 0
 * returns T unchanged.  MINUTES must be >= 0. */
tmin_t clock_add(const struct clock_cal *cal, tmin_t t, int64_t minutes);

/* Working minutes in [A, B); 0 when B <= A. */
int64_t clock_between(const struct clock_cal *cal, tmin_t a, tmin_t b);

#endif
