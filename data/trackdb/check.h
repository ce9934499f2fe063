/*
 * check internals: reference data loaded once (check.c) for the streaming
 * pass over the dossiers and their events (check_dossiers.c).
 */
#ifndef TRACKDB_CHECK_H
#define TRACKDB_CHECK_H

#include "code.h"
#include "timeline.h"
#include "trackdb.h"

struct c_agency {
	char code[CODE_AGENCY_LEN + 1];
	day_t from, to; /* INT32_MIN / INT32_MAX when open */
};

struct c_process {
	int64_t id;
	char agency[CODE_AGENCY_LEN + 1];
	char procedure[16];
	day_t from, to;
	int nsteps;
	int allow[TIMELINE_STEPS_MAX]; /* minutes */
	int64_t total;
	int usable; /* steps complete and consistent: dossiers can be judged */
};

struct chk {
	sqlite3 *db;
	FILE *out;
	struct check_stats *st;
	struct clock_cal *cal;
	tmin_t now;
	struct c_agency *agencies; /* sorted by code */
	int nagencies;
	struct c_process *processes; /* sorted by id */
	int nprocesses;
};

/* One finding: "error: ..." or "warning: ...", counted in c->st. */
void chk_report(struct chk *c, int error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

const struct c_agency *chk_agency(const struct chk *c, const char *code);
const struct c_process *chk_process(const struct chk *c, int64_t id);

/* Stream every dossier with its events.  0, or -1 with E set. */
int check_dossiers(struct chk *c, struct err *e);

#endif
