/*
 * timeline: a dossier's progress against its published ISO process, and its
 * classification in the official categories (early, on time, late; within
 * time, overdue).
 *
 * Input is plain data (the process's step allowances, the received instant,
 * the event log, "now"), so the same code serves the publisher, the kiosk,
 * the statistics and the data tool, and is unit-tested without a database.
 *
 * Rules, in working time on the calendar of struct clock_cal:
 *   - the clock starts at clock_next_open(received);
 *   - it stops from 'supplement_request' to 'supplement_received' and from
 *     'pause' to 'resume' (a stop still open at "now" lasts until now);
 *   - the effective due instant is the start plus the total allowance,
 *     skipping stops; step k's planned deadline is the start plus the
 *     allowances of steps 1..k, skipping stops (for a step already handed
 *     over, only the stops that began before its hand-over);
 *   - the appointment is the start plus the total allowance with no stop:
 *     what the receipt printed;
 *   - resolved dossiers are early (resolved on a working day before the due
 *     day), on time (on the due day, at or before the due instant) or late;
 *     pending ones are within time (now <= due) or overdue;
 *   - an apology's new appointment is reported beside the verdict, and the
 *     verdict stays against the original due (Decision 766/QĐ-TTg counts a
 *     dossier with an apology as late, which is what makes an apology count).
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "err.h"

#define TIMELINE_STEPS_MAX 32
#define TIMELINE_STOPS_MAX 16

enum ev_kind {
	EV_STEP_START = 0,
	EV_STEP_DONE,
	EV_SUPPLEMENT_REQUEST,
	EV_SUPPLEMENT_RECEIVED,
	EV_PAUSE,
	EV_RESUME,
	EV_APOLOGY,
	EV_RESULT_READY,
	EV_RETURNED,
	EV_REJECTED,
	EV_WITHDRAWN,
	EV_KIND_COUNT
};

/* The schema's text for KIND ('step_start', ...); NULL when out of range. */
const char *ev_kind_name(enum ev_kind kind);
/* The enum for a schema text; -1 when unknown. */
int ev_kind_parse(const char *s);

struct ev {
	tmin_t at;
	enum ev_kind kind;
	int step_no;    /* 1-based, for step events; 0 otherwise */
	tmin_t new_due; /* for EV_APOLOGY; 0 otherwise */
};

/* The official categories. */
enum verdict {
	VERDICT_NONE = 0, /* not judged: withdrawn */
	VERDICT_EARLY,    /* resolved, "trước hạn" */
	VERDICT_ON_TIME,  /* resolved, "đúng hạn" */
	VERDICT_LATE,     /* resolved, "quá hạn" */
	VERDICT_WITHIN,   /* pending, "trong hạn" */
	VERDICT_OVERDUE,  /* pending, "quá hạn" */
};

const char *verdict_name(enum verdict v); /* 'early', 'on_time', ... static */

struct timeline_input {
	tmin_t received;
	int nsteps;                            /* 1..TIMELINE_STEPS_MAX */
	int allowance_min[TIMELINE_STEPS_MAX]; /* per step, working minutes, > 0 */
	const struct ev *events;               /* in time order (ties: log order) */
	int nevents;
	tmin_t now; /* for pending dossiers */
};

enum step_state {
	STEP_NOT_STARTED = 0,
	STEP_ACTIVE,
	STEP_DONE,
};

struct timeline_step {
	enum step_state state;
	tmin_t planned_end;   /* cumulative deadline, clock stops included */
	tmin_t started;       /* 0 when not started */
	tmin_t finished;      /* 0 when not finished */
	int64_t used_min;     /* working minutes spent in the step, stops excluded
	                         (up to now for the active step) */
	int64_t over_min;     /* used_min - allowance when positive, else 0 */
	enum verdict verdict; /* EARLY/ON_TIME/LATE when done (finished vs
	                         planned_end); WITHIN/OVERDUE when active; NONE
	                         when not started */
};

struct timeline_stop {
	tmin_t from, to; /* to = 0 while open */
	bool supplement; /* supplement request (else a pause) */
};

struct timeline {
	tmin_t clock_start;  /* clock_next_open(received) */
	tmin_t due;          /* effective due: total allowance, stops skipped */
	tmin_t appointment;  /* start + total allowance, no stop: the receipt's */
	tmin_t new_due;      /* last apology's new appointment, 0 when none */
	int apologies;       /* number of apology slips */
	int supplements;     /* number of supplement requests */
	int64_t stopped_min; /* working minutes the clock stood still */
	tmin_t resolved;     /* result ready / rejected instant, 0 when pending */
	tmin_t returned;     /* result handed over, 0 when not */
	bool rejected, withdrawn;
	int current_step; /* 1-based step in progress, 0 when none */
	int nsteps;
	struct timeline_step steps[TIMELINE_STEPS_MAX];
	int nstops;
	struct timeline_stop stops[TIMELINE_STOPS_MAX];
	int64_t elapsed_min;   /* working minutes from clock start to resolved (or
	                          now), stops excluded: the processing time */
	int64_t total_min;     /* the process's total allowance */
	int64_t remaining_min; /* total_min - elapsed_min, at least 0: the working
	                          time left once the clock runs again */
	day_t provisional;     /* the first provisional calendar day between the
	                          clock start and the due (or the appointment,
	                          when later): the due may still move; else
	                          CLOCK_NO_DAY */
	int open_stop;         /* 1-based index in stops[] of the stop still open
	                          at "now" (a pending dossier), 0 when none */
	enum verdict verdict;
};

/* Compute the timeline of IN on CAL into *OUT.  Returns 0, or -1 with E set
 * when the input is inconsistent (events out of time order, a step number
 * out of range, a stop ended that was not started, too many stops).
 *
 * In detail, also rejected: an event before 'received'; a stop started
 * while the clock already stands still (one stop at a time); 'returned'
 * before a result or rejection; any event but 'returned' after
 * 'result_ready', 'rejected' or 'withdrawn'; an apology with new_due 0.
 * Accepted and interpreted: a 'step_done' without a 'step_start' counts the
 * step from the previous step's hand-over (or the clock start); a
 * 'step_start' of a finished step reopens it, keeping its first start; a
 * result or rejection finishes the step in hand; a stop still open when
 * the dossier closes ends there.  "Early" means resolved on a calendar day
 * before the due day. */
int timeline_compute(const struct clock_cal *cal, const struct timeline_input *in,
                     struct timeline *out, struct err *e);

/* What timeline_add() returns when the time never comes: a stop still open
 * (to = 0) swallows the rest of the working time. */
#define TIMELINE_NEVER INT64_MAX

/* Add MINUTES of working time to T, skipping working time inside the
 * N stops (half-open [from, to); to = 0 means open at the end of time).
 * Like clock_add(), a stretch that ends where a stop begins ends there.
 * Returns TIMELINE_NEVER when an open stop is reached first.
 * Exposed for the due-date estimate and tests. */
tmin_t timeline_add(const struct clock_cal *cal, tmin_t t, int64_t minutes,
                    const struct timeline_stop *stops, int n);

#endif
