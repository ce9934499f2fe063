#include "estimate.h"

#include <math.h>
#include <string.h>

#include "out.h"
#include "store.h"

static const char sql_process[] =
    "SELECT r.id, r.doc_code, r.version, r.agency_code, "
    "(SELECT sum(s.allowance_hours) FROM steps s WHERE s.process_id = r.id) "
    "FROM processes r WHERE r.procedure_code = ?1 AND (?2 IS NULL OR r.agency_code = ?2) "
    "AND r.effective_from <= ?3 AND (r.effective_to IS NULL OR r.effective_to >= ?3) "
    "ORDER BY r.agency_code, r.version DESC LIMIT 1";

/* The procedure's statutory limit.  Returns 1, 0 when unknown, -1. */
static int
load_limit(sqlite3 *db, const char *procedure, double *days, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT limit_days FROM procedures WHERE code = ?1", e);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, procedure, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*days = sqlite3_column_double(st, 0);
	else if (rc != SQLITE_DONE)
		err_set(e, "procedure %s: %s", procedure, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int
load_process(sqlite3 *db, const char *agency, const char *day, struct estimate *out, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql_process, e);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, out->procedure, -1, SQLITE_STATIC);
	if (agency)
		sqlite3_bind_text(st, 2, agency, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 2);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_double(st, 4) > 0) {
		out->has_process = 1;
		out->process_id = sqlite3_column_int64(st, 0);
		snprintf(out->doc_code, sizeof out->doc_code, "%s", store_text(st, 1));
		out->version = sqlite3_column_int(st, 2);
		snprintf(out->agency, sizeof out->agency, "%s", store_text(st, 3));
		out->minutes = llround(sqlite3_column_double(st, 4) * 60);
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err_set(e, "process of %s: %s", out->procedure, sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

int
estimate_compute(sqlite3 *db, const struct clock_cal *cal, const char *procedure,
                 const char *agency, tmin_t at, struct estimate *out, struct err *e)
{
	char day[CLOCK_DATE_LEN + 1];
	int r;

	memset(out, 0, sizeof *out);
	if (snprintf(out->procedure, sizeof out->procedure, "%s", procedure) >=
	    (int)sizeof out->procedure)
		return 0;
	if ((r = load_limit(db, procedure, &out->limit_days, e)) <= 0)
		return r;
	/* The process in force on the day the dossier would be received. */
	clock_format_date((day_t)(at / CLOCK_MIN_PER_DAY), day);
	if (load_process(db, agency, day, out, e) < 0)
		return -1;
	if (!out->has_process) {
		out->minutes = llround(out->limit_days * cal->day_minutes);
		if (agency)
			snprintf(out->agency, sizeof out->agency, "%s", agency);
	}
	out->at = at;
	out->start = clock_next_open(cal, at);
	/* No stops are known in advance: the plain working-time sum. */
	out->due = clock_add(cal, at, out->minutes);
	out->provisional = clock_first_provisional(cal, out->start, out->due);
	return 1;
}

int
estimate_json(FILE *f, const struct estimate *est)
{
	char t[CLOCK_INSTANT_LEN + 1];

	fputs("{\"procedure\":", f);
	out_json(f, est->procedure);
	fputs(",\"agency\":", f);
	out_json(f, est->agency);
	fputs(",\"basis\":", f);
	out_json(f, est->has_process ? "process" : "statutory_limit");
	if (est->has_process) {
		fputs(",\"process\":{\"doc_code\":", f);
		out_json(f, est->doc_code);
		out_printf(f, ",\"version\":%d}", est->version);
	}
	out_printf(f, ",\"limit_days\":%g,\"allowance_minutes\":%lld,\"at\":", est->limit_days,
	           (long long)est->minutes);
	out_json(f, clock_format_instant(est->at, t));
	fputs(",\"clock_start\":", f);
	out_json(f, clock_format_instant(est->start, t));
	fputs(",\"due\":", f);
	out_json(f, clock_format_instant(est->due, t));
	/* A due counted across a day no decision has fixed yet may move. */
	fputs(",\"provisional_day\":", f);
	if (est->provisional == CLOCK_NO_DAY)
		fputs("null", f);
	else
		out_json(f, clock_format_date(est->provisional, t));
	fputs("}", f);
	return ferror(f) ? -1 : 0;
}
