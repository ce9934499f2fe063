/*
 * due: "if I hand in at this moment, when is the result due?"  The same
 * working-time clock as the receipt: the clock starts at the next opening,
 * and each step's planned deadline is the received time plus the allowances
 * of the steps up to it.
 */
#include <math.h>
#include <string.h>

#include "store.h"
#include "trackdb.h"

static void
print_start(FILE *out, const struct clock_cal *cal, tmin_t received)
{
	char buf[CLOCK_INSTANT_LEN + 1];
	tmin_t start = clock_next_open(cal, received);

	fprintf(out, "received      %s\n", clock_format_instant(received, buf));
	fprintf(out, "clock starts  %s%s\n", clock_format_instant(start, buf),
	        start != received ? "  (received outside office hours)" : "");
}

static int
due_hours(const struct due_opts *o, const struct clock_cal *cal, FILE *out, struct err *e)
{
	char buf[CLOCK_INSTANT_LEN + 1];
	double m = o->hours * 60;

	if (fabs(m - round(m)) > 1e-6)
		return err_set(e, "--hours %g is not a whole number of minutes", o->hours);
	print_start(out, cal, o->received);
	fprintf(out, "allowance     %g working hours\n", o->hours);
	fprintf(out, "due           %s\n",
	        clock_format_instant(clock_add(cal, o->received, (int64_t)round(m)), buf));
	return 0;
}

/* The process in force on the received day: the given agency's, or the
 * first agency (by code) that exists that day and offers the procedure. */
static const char process_sql[] =
    "SELECT p.id, p.doc_code, p.version, p.agency_code, a.name, p.effective_from, pr.name "
    "FROM processes p JOIN agencies a ON a.code = p.agency_code "
    "JOIN procedures pr ON pr.code = p.procedure_code "
    "WHERE p.procedure_code = ?1 AND (?2 IS NULL OR p.agency_code = ?2) "
    "AND p.effective_from <= ?3 AND (p.effective_to IS NULL OR p.effective_to >= ?3) "
    "AND (?2 IS NOT NULL OR ((a.valid_from IS NULL OR a.valid_from <= ?3) "
    "AND (a.valid_to IS NULL OR a.valid_to >= ?3))) "
    "ORDER BY p.agency_code, p.version DESC LIMIT 1";

static int
print_steps(sqlite3 *db, sqlite3_int64 id, const struct clock_cal *cal, tmin_t received, FILE *out,
            struct err *e)
{
	char buf[CLOCK_INSTANT_LEN + 1];
	sqlite3_stmt *st;
	int64_t total = 0;
	int rc, r = -1;

	st = store_prepare(db,
	                   "SELECT step_no, name, unit, allowance_hours FROM steps "
	                   "WHERE process_id = ?1 ORDER BY step_no",
	                   e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		double h = sqlite3_column_double(st, 3);
		total += (int64_t)round(h * 60);
		fprintf(out, "step %-2d       %s  %s (%s, %g h)\n", sqlite3_column_int(st, 0),
		        clock_format_instant(clock_add(cal, received, total), buf),
		        store_text(st, 1), store_text(st, 2), h);
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "steps: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (total == 0) {
		err_set(e, "the process has no steps");
		goto out;
	}
	fprintf(out, "due           %s\n",
	        clock_format_instant(clock_add(cal, received, total), buf));
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int
due_procedure(const struct due_opts *o, sqlite3 *db, const struct clock_cal *cal, FILE *out,
              struct err *e)
{
	char day[CLOCK_DATE_LEN + 1];
	sqlite3_stmt *st;
	int rc, r = -1;

	clock_format_date((day_t)(o->received / CLOCK_MIN_PER_DAY), day);
	st = store_prepare(db, process_sql, e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, o->procedure, -1, SQLITE_STATIC);
	if (o->agency)
		sqlite3_bind_text(st, 2, o->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		if (rc != SQLITE_DONE)
			err_set(e, "%s", sqlite3_errmsg(db));
		else
			err_set(e, "procedure %s: no process%s%s in force on %s", o->procedure,
			        o->agency ? " of agency " : "", o->agency ? o->agency : "", day);
		goto out;
	}
	print_start(out, cal, o->received);
	fprintf(out, "procedure     %s %s\n", o->procedure, store_text(st, 6));
	fprintf(out, "agency        %s %s%s\n", store_text(st, 3), store_text(st, 4),
	        o->agency ? "" : "  (the first agency offering it that day; choose with --agency)");
	fprintf(out, "process       %s version %d, in force since %s\n", store_text(st, 1),
	        sqlite3_column_int(st, 2), store_text(st, 5));
	r = print_steps(db, sqlite3_column_int64(st, 0), cal, o->received, out, e);
out:
	sqlite3_finalize(st);
	return r;
}

int
due_run(const struct due_opts *o, FILE *out, struct err *e)
{
	struct clock_cal *cal = NULL;
	sqlite3 *db = store_open_readonly(o->path, e);
	int r = -1;

	if (!db)
		return -1;
	cal = store_load_calendar(db, e);
	if (!cal)
		goto out;
	r = o->procedure ? due_procedure(o, db, cal, out, e) : due_hours(o, cal, out, e);
out:
	if (r < 0)
		err_prefix(e, "%s", o->path);
	clock_cal_free(cal);
	sqlite3_close(db);
	return r;
}
