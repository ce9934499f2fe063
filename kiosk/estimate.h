/*
 * estimate: when is the result due if a citizen hands a dossier in at a
 * given instant?  The allowance is the sum of the steps of the ISO process
 * in force that day at the agency (its steps sum to the statutory
 * limit); without a process, the statutory limit in working days.  The due
 * instant is that much working time after the clock starts (the next
 * opening when handed in outside office hours), on the snapshot's
 * calendar.
 */
#ifndef KIOSK_ESTIMATE_H
#define KIOSK_ESTIMATE_H

#include <stdio.h>

#include <sqlite3.h>

#include "clock.h"
#include "code.h"
#include "err.h"

#define ESTIMATE_TEXT_MAX 48

struct estimate {
	char procedure[ESTIMATE_TEXT_MAX + 1];
	int has_process; /* else the statutory limit */
	long long process_id;
	char doc_code[ESTIMATE_TEXT_MAX + 1];
	int version;
	char agency[CODE_AGENCY_LEN + 1]; /* the process's agency, or "" */
	double limit_days;
	int64_t minutes; /* working minutes allowed */
	tmin_t at, start, due;
	day_t provisional; /* first provisional calendar day
	                      from start to due, or CLOCK_NO_DAY */
};

/* Estimate for PROCEDURE at AGENCY (NULL: the first agency with a process
 * in force) handed in at AT, on CAL, from the snapshot DB.  Returns 1 and
 * fills *OUT, 0 when there is no such procedure, -1 with E set. */
int estimate_compute(sqlite3 *db, const struct clock_cal *cal, const char *procedure,
                     const char *agency, tmin_t at, struct estimate *out, struct err *e);

/* EST as a JSON object.  Returns 0 or -1 on a write error. */
int estimate_json(FILE *f, const struct estimate *est);

#endif
