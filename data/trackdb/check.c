/*
 * check: every inconsistency of a procedure database, each named by its
 * row (agency, process, dossier code).
 *
 * Severity rule: an error is something that makes a page, a deadline or a
 * statistic wrong (dangling reference, steps not adding up to the limit, a
 * due time the clock does not give, an event log that contradicts the
 * status); check exits 1 when there is any.  A warning is something a
 * person should look at but that breaks no computation (two agencies with
 * one name, as the 2018 Kon Tum plan lists "Xã Diên Bình" twice; a
 * successor that starts late; overlapping process versions; a dossier at an
 * agency outside its lifetime; events after "now"); warnings alone exit 0.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store.h"

void
chk_report(struct chk *c, int error, const char *fmt, ...)
{
	va_list ap;

	fputs(error ? "error: " : "warning: ", c->out);
	va_start(ap, fmt);
	vfprintf(c->out, fmt, ap);
	va_end(ap);
	fputc('\n', c->out);
	if (error)
		c->st->errors++;
	else
		c->st->warnings++;
}

static day_t
day_or(const char *s, day_t none)
{
	struct err e;
	day_t d;
	return *s && clock_parse_date(s, &d, &e) == 0 ? d : none;
}

/* Run a query whose every row is one finding: column 0 names the row,
 * the others fill FMT's remaining %s. */
static int
findings(struct chk *c, int error, const char *sql, const char *fmt, struct err *e)
{
	sqlite3_stmt *st = store_prepare(c->db, sql, e);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		chk_report(c, error, fmt, store_text(st, 0), store_text(st, 1), store_text(st, 2),
		           store_text(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s", sqlite3_errmsg(c->db));
	return 0;
}

static const struct {
	int error;
	const char *sql, *fmt;
} reference_checks[] = {
    {1,
     "SELECT a.code, a.parent_code, '', '' FROM agencies a LEFT JOIN agencies p "
     "ON p.code = a.parent_code WHERE a.parent_code IS NOT NULL AND p.code IS NULL "
     "ORDER BY a.code",
     "agency %s: parent_code %s: no such agency%s%s"},
    {1,
     "SELECT a.code, a.successor_code, '', '' FROM agencies a LEFT JOIN agencies s "
     "ON s.code = a.successor_code WHERE a.successor_code IS NOT NULL AND s.code IS NULL "
     "ORDER BY a.code",
     "agency %s: successor_code %s: no such agency%s%s"},
    /* After the 2025 reorganisation every body that ended handed its work
     * to another; without a successor its old dossiers roll up nowhere. */
    {1,
     "SELECT code, valid_to, '', '' FROM agencies WHERE valid_to IS NOT NULL "
     "AND successor_code IS NULL ORDER BY code",
     "agency %s: ended on %s but names no successor%s%s"},
    {0,
     "SELECT a.code, a.successor_code, s.valid_from, a.valid_to FROM agencies a "
     "JOIN agencies s ON s.code = a.successor_code WHERE a.valid_to IS NOT NULL "
     "AND s.valid_from > date(a.valid_to, '+1 day') ORDER BY a.code",
     "agency %s: successor %s starts on %s, not the day after %s"},
    {0,
     "SELECT group_concat(code, ', '), name, '', '' FROM "
     "(SELECT code, name FROM agencies ORDER BY code) GROUP BY name "
     "HAVING count(*) > 1 ORDER BY name",
     "agencies %s share the name '%s'%s%s"},
    {1,
     "SELECT p.code, p.field_code, '', '' FROM procedures p LEFT JOIN fields f "
     "ON f.code = p.field_code WHERE f.code IS NULL ORDER BY p.code",
     "procedure %s: field_code %s: no such field%s%s"},
    {1,
     "SELECT p.id, p.doc_code, p.version, p.agency_code FROM processes p "
     "LEFT JOIN agencies a ON a.code = p.agency_code WHERE a.code IS NULL ORDER BY p.id",
     "process %s (%s version %s): agency_code %s: no such agency"},
    {1,
     "SELECT p.id, p.doc_code, p.version, p.procedure_code FROM processes p "
     "LEFT JOIN procedures pr ON pr.code = p.procedure_code WHERE pr.code IS NULL "
     "ORDER BY p.id",
     "process %s (%s version %s): procedure_code %s: no such procedure"},
    {1,
     "SELECT s.process_id, s.step_no, '', '' FROM steps s LEFT JOIN processes p "
     "ON p.id = s.process_id WHERE p.id IS NULL ORDER BY s.process_id, s.step_no",
     "steps of process %s (step %s): no such process%s%s"},
    {0,
     "SELECT a.id, b.id, a.agency_code, a.procedure_code FROM processes a "
     "JOIN processes b ON b.agency_code = a.agency_code "
     "AND b.procedure_code = a.procedure_code AND b.id > a.id "
     "WHERE a.effective_from <= coalesce(b.effective_to, '9999-12-31') "
     "AND b.effective_from <= coalesce(a.effective_to, '9999-12-31') ORDER BY a.id, b.id",
     "processes %s and %s of agency %s for procedure %s are in force on the same days"},
};

static int
cmp_agency(const void *k, const void *a)
{
	return strcmp(k, ((const struct c_agency *)a)->code);
}

const struct c_agency *
chk_agency(const struct chk *c, const char *code)
{
	return bsearch(code, c->agencies, (size_t)c->nagencies, sizeof *c->agencies, cmp_agency);
}

static int
cmp_process(const void *k, const void *p)
{
	int64_t id = *(const int64_t *)k, pid = ((const struct c_process *)p)->id;
	return (id > pid) - (id < pid);
}

const struct c_process *
chk_process(const struct chk *c, int64_t id)
{
	return bsearch(&id, c->processes, (size_t)c->nprocesses, sizeof *c->processes, cmp_process);
}

static int
load_agencies(struct chk *c, struct err *e)
{
	sqlite3_stmt *st = store_prepare(c->db,
	                                 "SELECT code, valid_from, valid_to FROM agencies "
	                                 "ORDER BY code",
	                                 e);
	int rc, cap = 0, r = -1;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (c->nagencies == cap) {
			cap = cap ? 2 * cap : 256;
			struct c_agency *a = realloc(c->agencies, (size_t)cap * sizeof *a);
			if (!a) {
				err_set(e, "out of memory");
				goto out;
			}
			c->agencies = a;
		}
		struct c_agency *a = &c->agencies[c->nagencies++];
		snprintf(a->code, sizeof a->code, "%s", store_text(st, 0));
		a->from = day_or(store_text(st, 1), INT32_MIN);
		a->to = day_or(store_text(st, 2), INT32_MAX);
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(c->db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int
load_processes(struct chk *c, struct err *e)
{
	sqlite3_stmt *st = store_prepare(
	    c->db,
	    "SELECT p.id, p.agency_code, p.procedure_code, p.effective_from, p.effective_to, "
	    "(SELECT count(*) FROM processes) FROM processes p ORDER BY p.id",
	    e);
	int rc, r = -1;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!c->processes) {
			c->processes =
			    calloc((size_t)sqlite3_column_int64(st, 5), sizeof *c->processes);
			if (!c->processes) {
				err_set(e, "out of memory");
				goto out;
			}
		}
		struct c_process *p = &c->processes[c->nprocesses++];
		p->id = sqlite3_column_int64(st, 0);
		snprintf(p->agency, sizeof p->agency, "%s", store_text(st, 1));
		snprintf(p->procedure, sizeof p->procedure, "%s", store_text(st, 2));
		p->from = day_or(store_text(st, 3), INT32_MIN);
		p->to = day_or(store_text(st, 4), INT32_MAX);
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(c->db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

/* Steps 1..n without gaps, each a whole number of minutes, adding up to the
 * procedure's limit: otherwise no deadline of the process can be trusted. */
static void
judge_process(struct chk *c, struct c_process *p, int bad, double limit_days, int have_limit)
{
	int64_t limit = (int64_t)llround(limit_days * 480);

	if (p->nsteps == 0)
		chk_report(c, 1, "process %lld: has no steps", (long long)p->id);
	else if (bad)
		return;
	else if (have_limit && p->total != limit)
		chk_report(c, 1,
		           "process %lld: step allowances add up to %g h, the procedure's "
		           "limit is %g days (%g h)",
		           (long long)p->id, p->total / 60.0, limit_days, limit / 60.0);
	else
		p->usable = 1;
}

static int
load_steps(struct chk *c, struct err *e)
{
	sqlite3_stmt *st = store_prepare(
	    c->db,
	    "SELECT p.id, s.step_no, s.allowance_hours, pr.limit_days "
	    "FROM processes p LEFT JOIN steps s ON s.process_id = p.id "
	    "LEFT JOIN procedures pr ON pr.code = p.procedure_code ORDER BY p.id, s.step_no",
	    e);
	struct c_process *p = NULL;
	int rc, bad = 0, have_limit = 0;
	double limit = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const struct c_process *q = chk_process(c, sqlite3_column_int64(st, 0));
		if (q != p) {
			if (p)
				judge_process(c, p, bad, limit, have_limit);
			p = (struct c_process *)q;
			bad = 0;
			have_limit = sqlite3_column_type(st, 3) != SQLITE_NULL;
			limit = sqlite3_column_double(st, 3);
		}
		if (!p || sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		int no = sqlite3_column_int(st, 1);
		double h = sqlite3_column_double(st, 2);
		if (!bad && no != p->nsteps + 1) {
			chk_report(c, 1,
			           "process %lld: step %d follows step %d (gap in the numbering)",
			           (long long)p->id, no, p->nsteps);
			bad = 1;
		}
		if (!bad && (p->nsteps == TIMELINE_STEPS_MAX || h <= 0 ||
		             fabs(h * 60 - round(h * 60)) > 1e-6)) {
			chk_report(c, 1,
			           "process %lld: step %d: allowance %g h is not a positive whole "
			           "number of minutes, or more than %d steps",
			           (long long)p->id, no, h, TIMELINE_STEPS_MAX);
			bad = 1;
		}
		if (!bad) {
			p->allow[p->nsteps++] = (int)lround(h * 60);
			p->total += lround(h * 60);
		}
	}
	if (p)
		judge_process(c, p, bad, limit, have_limit);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "%s", sqlite3_errmsg(c->db));
}

int
check_run(const char *path, tmin_t now, FILE *out, struct check_stats *st, struct err *e)
{
	struct chk c = {.out = out, .st = st, .now = now};
	int r = -1;

	c.db = store_open_readonly(path, e);
	if (!c.db)
		return -1;
	/* A long read-only pass revisits table pages (codes are not in row
	 * order): a bigger cache than the default 2 MB saves rereading them. */
	if (db_exec(c.db, "PRAGMA cache_size = -131072", e) < 0)
		goto out;
	c.cal = store_load_calendar(c.db, e);
	if (!c.cal)
		goto out;
	for (size_t i = 0; i < sizeof reference_checks / sizeof reference_checks[0]; i++)
		if (findings(&c, reference_checks[i].error, reference_checks[i].sql,
		             reference_checks[i].fmt, e) < 0)
			goto out;
	if (load_agencies(&c, e) < 0 || load_processes(&c, e) < 0 || load_steps(&c, e) < 0 ||
	    check_dossiers(&c, e) < 0)
		goto out;
	if (ferror(out)) {
		err_set(e, "writing the report failed");
		goto out;
	}
	r = 0;
out:
	if (r < 0)
		err_prefix(e, "%s", path);
	clock_cal_free(c.cal);
	free(c.agencies);
	free(c.processes);
	sqlite3_close(c.db);
	return r;
}
