/*
 * warning: the early-warning rules officials read every morning, on a
 * dossier's timeline (timeline.h) and the working calendar (clock.h), so
 * that a warning and the dossier's page can never disagree.
 *
 * A pending dossier (no result, not rejected, not withdrawn) is
 *   - overdue now: its verdict is overdue (now is past its due instant);
 *   - due soon: its clock runs, it is not overdue, and its due instant
 *     falls no later than the close of the next working day after today
 *     (so on a Friday the next working day may be Tuesday, after a
 *     weekend and a holiday); "due today" when that instant is on today's
 *     date;
 *   - waiting for the citizen: a supplement request is open and has waited
 *     longer than the rules' number of working days.
 * A dossier whose clock stands still (supplement or pause) is not due
 * soon: its due moves for as long as it waits.  Finished dossiers never
 * warn.  Pure: no I/O, no allocation.
 */
#ifndef WARNING_H
#define WARNING_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "timeline.h"

enum warning_kind {
	WARNING_OVERDUE = 1 << 0,
	WARNING_DUE_SOON = 1 << 1,
	WARNING_WAITING = 1 << 2,
};

struct warning_rules {
	int wait_days; /* a supplement wait longer than this many working days warns (>= 0) */
};

/* The default wait: five working days, a working week. */
#define WARNING_WAIT_DAYS_DEFAULT 5

struct warning {
	unsigned kinds;     /* enum warning_kind bits; 0: nothing to warn of */
	bool due_today;     /* due soon, and the due instant is on today's date */
	tmin_t due;         /* the due instant judged (the timeline's) */
	int step;           /* 1-based step in hand, 0 when none */
	int64_t held_min;   /* working minutes the step in hand has taken, stops excluded */
	int64_t late_min;   /* overdue: working minutes since the due instant */
	int64_t left_min;   /* due soon: working minutes left until the due instant */
	int64_t waited_min; /* an open supplement request: working minutes waited */
};

/* The close of the first working day after the date of NOW: the last
 * instant a "due soon" dossier may be due.  0 when CAL has no working day
 * in the next year (a calendar that cannot be right). */
tmin_t warning_horizon(const struct clock_cal *cal, tmin_t now);

/* Judge the timeline TL, computed at NOW on CAL, under RULES; fill *OUT
 * (always, zeroed for a finished dossier) and return out->kinds. */
unsigned warning_judge(const struct clock_cal *cal, const struct timeline *tl, tmin_t now,
                       const struct warning_rules *rules, struct warning *out);

/* The figures the head of an agency reads first. */
struct warning_tally {
	long overdue, due_today, due_soon, waiting;
};

/* Add W to T. */
void warning_tally_add(struct warning_tally *t, const struct warning *w);

#endif
