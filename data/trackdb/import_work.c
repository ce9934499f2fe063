/*
 * import_work: processes, their steps, dossiers and events: the rows whose
 * checks reach across tables (a step into its process and procedure, a
 * dossier into the process in force on its day, an event into its dossier).
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "import.h"
#include "store.h"
#include "timeline.h"

/* ---- processes ---------------------------------------------------------- */

static const struct col processes_cols[] = {
    {"agency_code", COL_AGENCY, 0, NULL},  {"doc_code", COL_TEXT, 0, NULL},
    {"version", COL_INT, 0, NULL},         {"procedure_code", COL_PROCEDURE, 0, NULL},
    {"effective_from", COL_DATE, 0, NULL}, {"effective_to", COL_DATE, 1, NULL},
};
static const char processes_insert[] =
    "INSERT INTO processes (agency_code, doc_code, version, procedure_code, effective_from, "
    "effective_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char *const processes_sql[] = {
    processes_insert,
    "SELECT 1 FROM agencies WHERE code = ?1",
    "SELECT 1 FROM procedures WHERE code = ?1",
    "SELECT 1 FROM processes WHERE agency_code = ?1 AND doc_code = ?2 AND version = ?3",
    NULL,
};

static int
processes_row(struct imp *im, const struct val *v, struct err *e)
{
	int r = import_exists(im, im->st[1], v[0].text, e);

	if (r <= 0)
		return r < 0 ? -1 : err_set(e, "agency_code %s: no such agency", v[0].text);
	r = import_exists(im, im->st[2], v[3].text, e);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, "procedure_code %s: no such procedure", v[3].text);
	if (v[2].i < 1)
		return err_set(e, "version %s must be 1 or more", v[2].text);
	if (v[5].text && v[5].i < v[4].i)
		return err_set(e, "effective_to %s is before effective_from %s", v[5].text,
		               v[4].text);
	sqlite3_bind_text(im->st[3], 1, v[0].text, -1, SQLITE_STATIC);
	sqlite3_bind_text(im->st[3], 2, v[1].text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(im->st[3], 3, v[2].i);
	r = import_query(im, im->st[3], e);
	if (r) {
		sqlite3_reset(im->st[3]);
		return r < 0 ? -1
		             : err_set(e, "process %s %s version %s is already defined", v[0].text,
		                       v[1].text, v[2].text);
	}
	if (import_bind_all(im, im->st[0], processes_cols, v, NCOLS(processes_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

/* ---- steps -------------------------------------------------------------- */

static const struct col steps_cols[] = {
    {"agency_code", COL_AGENCY, 0, NULL}, {"doc_code", COL_TEXT, 0, NULL},
    {"version", COL_INT, 0, NULL},        {"step_no", COL_INT, 0, NULL},
    {"name", COL_TEXT, 0, NULL},          {"name_en", COL_TEXT, 1, NULL},
    {"unit", COL_TEXT, 0, NULL},          {"allowance_hours", COL_REAL, 0, NULL},
};
static const char *const steps_sql[] = {
    "INSERT INTO steps (process_id, step_no, name, name_en, unit, allowance_hours) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT id FROM processes WHERE agency_code = ?1 AND doc_code = ?2 AND version = ?3",
    "SELECT 1 FROM steps WHERE process_id = ?1 AND step_no = ?2",
    "SELECT p.agency_code, p.doc_code, p.version, round(pr.limit_days * 480), "
    "(SELECT count(*) FROM steps s WHERE s.process_id = p.id), "
    "(SELECT min(step_no) FROM steps s WHERE s.process_id = p.id), "
    "(SELECT max(step_no) FROM steps s WHERE s.process_id = p.id), "
    "(SELECT sum(round(allowance_hours * 60)) FROM steps s WHERE s.process_id = p.id) "
    "FROM processes p JOIN procedures pr ON pr.code = p.procedure_code WHERE p.id = ?1",
    NULL,
};

/* Remember that the file touched process ID at the current line. */
static int
touch(struct imp *im, int64_t id, struct err *e)
{
	for (size_t i = im->ntouched; i-- > 0;)
		if (im->touched[i].process_id == id) {
			im->touched[i].line = im->line;
			return 0;
		}
	if (im->ntouched == im->touched_cap) {
		size_t cap = im->touched_cap ? im->touched_cap * 2 : 64;
		struct touched *t = realloc(im->touched, cap * sizeof *t);
		if (!t)
			return err_set(e, "out of memory");
		im->touched = t;
		im->touched_cap = cap;
	}
	im->touched[im->ntouched++] = (struct touched){id, im->line};
	return 0;
}

static int
steps_row(struct imp *im, const struct val *v, struct err *e)
{
	sqlite3_stmt *find = im->st[1], *dup = im->st[2], *ins = im->st[0];
	int64_t id, min;
	int r;

	sqlite3_bind_text(find, 1, v[0].text, -1, SQLITE_STATIC);
	sqlite3_bind_text(find, 2, v[1].text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(find, 3, v[2].i);
	r = import_query(im, find, e);
	if (r <= 0)
		return r < 0 ? -1
		             : err_set(e, "no process %s %s version %s", v[0].text, v[1].text,
		                       v[2].text);
	id = sqlite3_column_int64(find, 0);
	sqlite3_reset(find);
	if (v[3].i < 1 || v[3].i > TIMELINE_STEPS_MAX)
		return err_set(e, "step_no %s must be 1 to %d", v[3].text, TIMELINE_STEPS_MAX);
	if (v[7].r <= 0 || import_minutes(v[7].r, &min) < 0)
		return err_set(e, "allowance_hours %s is not a positive whole number of minutes",
		               v[7].text);
	sqlite3_bind_int64(dup, 1, id);
	sqlite3_bind_int64(dup, 2, v[3].i);
	r = import_query(im, dup, e);
	if (r) {
		sqlite3_reset(dup);
		return r < 0 ? -1
		             : err_set(e, "step %s of this process is already defined", v[3].text);
	}
	sqlite3_bind_int64(ins, 1, id);
	for (int i = 3; i < NCOLS(steps_cols); i++)
		import_bind(ins, i - 1, &v[i], steps_cols[i].type);
	if (import_exec(im, ins, e) < 0)
		return -1;
	return touch(im, id, e);
}

/* Every process the file touched: steps 1..n without gaps, adding up to
 * the procedure's limit (data/CSV.md).  The line named is the last one that
 * touched the process, where its steps were complete. */
static int
steps_finish(struct imp *im, struct err *e)
{
	sqlite3_stmt *st = im->st[3];

	for (size_t i = 0; i < im->ntouched; i++) {
		const struct touched *t = &im->touched[i];
		sqlite3_bind_int64(st, 1, t->process_id);
		int r = import_query(im, st, e);
		if (r <= 0)
			return r < 0 ? err_prefix(e, "%s", im->name)
			             : err_set(e, "%s:%ld: process vanished", im->name, t->line);
		int64_t limit = sqlite3_column_int64(st, 3), n = sqlite3_column_int64(st, 4);
		int64_t lo = sqlite3_column_int64(st, 5), hi = sqlite3_column_int64(st, 6);
		int64_t sum = sqlite3_column_int64(st, 7);
		if (lo != 1 || hi != n)
			err_set(
			    e,
			    "%s:%ld: process %s %s version %lld: steps are not numbered 1..%lld "
			    "without gaps (%lld steps, highest %lld)",
			    im->name, t->line, store_text(st, 0), store_text(st, 1),
			    (long long)sqlite3_column_int64(st, 2), (long long)n, (long long)n,
			    (long long)hi);
		else if (sum != limit)
			err_set(
			    e,
			    "%s:%ld: process %s %s version %lld: step allowances add up to %g h, "
			    "the procedure's limit is %g h",
			    im->name, t->line, store_text(st, 0), store_text(st, 1),
			    (long long)sqlite3_column_int64(st, 2), sum / 60.0, limit / 60.0);
		sqlite3_reset(st);
		if (lo != 1 || hi != n || sum != limit)
			return -1;
	}
	return 0;
}

/* ---- dossiers ----------------------------------------------------------- */

static const char *const channels[] = {"counter", "online", "post", NULL};
static const char *const statuses[] = {"processing", "supplement", "paused",    "ready",
                                       "returned",   "rejected",   "withdrawn", NULL};
enum {
	D_CODE,
	D_PROCEDURE,
	D_AGENCY,
	D_CHANNEL,
	D_RECEIVED,
	D_DUE,
	D_NEW_DUE,
	D_STATUS,
	D_RESOLVED,
	D_RETURNED,
	D_DOCUMENTS,
	D_NAME,
	D_ID,
	D_PHONE,
	D_ADDRESS,
	D_UPDATED
};
static const struct col dossiers_cols[] = {
    {"code", COL_DOSSIER, 0, NULL},           {"procedure_code", COL_PROCEDURE, 0, NULL},
    {"agency_code", COL_AGENCY, 0, NULL},     {"channel", COL_ENUM, 0, channels},
    {"received_at", COL_INSTANT, 0, NULL},    {"due_at", COL_INSTANT, 0, NULL},
    {"new_due_at", COL_INSTANT, 1, NULL},     {"status", COL_ENUM, 0, statuses},
    {"resolved_at", COL_INSTANT, 1, NULL},    {"returned_at", COL_INSTANT, 1, NULL},
    {"documents", COL_TEXT, 1, NULL},         {"applicant_name", COL_TEXT, 0, NULL},
    {"applicant_id", COL_TEXT, 1, NULL},      {"applicant_phone", COL_TEXT, 1, NULL},
    {"applicant_address", COL_TEXT, 1, NULL}, {"updated_at", COL_INSTANT, 0, NULL},
};
static const char *const dossiers_sql[] = {
    "INSERT INTO dossiers (code, procedure_code, agency_code, channel, received_at, due_at, "
    "new_due_at, status, resolved_at, returned_at, documents, applicant_name, applicant_id, "
    "applicant_phone, applicant_address, updated_at, process_id) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    "SELECT 1 FROM dossiers WHERE code = ?1",
    "SELECT 1 FROM procedures WHERE code = ?1",
    "SELECT 1 FROM agencies WHERE code = ?1",
    "SELECT id FROM processes WHERE agency_code = ?1 AND procedure_code = ?2 "
    "AND effective_from <= ?3 AND (effective_to IS NULL OR effective_to >= ?3) "
    "ORDER BY version DESC, id DESC LIMIT 1",
    /* --update: the row of a known dossier, written only when it differs. */
    "UPDATE dossiers SET procedure_code = ?2, agency_code = ?3, channel = ?4, received_at = ?5, "
    "due_at = ?6, new_due_at = ?7, status = ?8, resolved_at = ?9, returned_at = ?10, "
    "documents = ?11, applicant_name = ?12, applicant_id = ?13, applicant_phone = ?14, "
    "applicant_address = ?15, updated_at = ?16, process_id = ?17 WHERE code = ?1 AND "
    "(procedure_code, agency_code, channel, received_at, due_at, new_due_at, status, "
    "resolved_at, returned_at, documents, applicant_name, applicant_id, applicant_phone, "
    "applicant_address, updated_at, process_id) IS NOT (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    NULL,
};

/* The code carries the agency and the day of receipt: they must agree with
 * the columns, or the receipt and the record tell different stories. */
static int
dossier_code_agrees(const struct val *v, struct err *e)
{
	struct dossier_code dc;
	int y, m, d;

	code_parse(v[D_CODE].text, strlen(v[D_CODE].text), &dc, e);
	if (strcmp(dc.agency, v[D_AGENCY].text) != 0)
		return err_set(e, "code %s belongs to agency %s, not agency_code %s",
		               v[D_CODE].text, dc.agency, v[D_AGENCY].text);
	clock_civil((day_t)(v[D_RECEIVED].i / CLOCK_MIN_PER_DAY), &y, &m, &d);
	if (dc.year != y || dc.month != m || dc.mday != d)
		return err_set(e, "code %s does not carry the day received_at %s", v[D_CODE].text,
		               v[D_RECEIVED].text);
	return 0;
}

/* Instants that must not precede receipt, and the status they imply. */
static int
dossier_times_agree(const struct val *v, struct err *e)
{
	const char *status = v[D_STATUS].text;
	int resolved = strcmp(status, "ready") == 0 || strcmp(status, "returned") == 0 ||
	               strcmp(status, "rejected") == 0;
	static const int later[] = {D_DUE, D_NEW_DUE, D_RESOLVED, D_RETURNED, D_UPDATED};

	for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
		if (v[later[i]].text && v[later[i]].i < v[D_RECEIVED].i)
			return err_set(e, "%s %s is before received_at %s",
			               dossiers_cols[later[i]].name, v[later[i]].text,
			               v[D_RECEIVED].text);
	if (v[D_RETURNED].text && (!v[D_RESOLVED].text || v[D_RETURNED].i < v[D_RESOLVED].i))
		return err_set(e, "returned_at %s needs an earlier resolved_at",
		               v[D_RETURNED].text);
	if (resolved != !!v[D_RESOLVED].text)
		return err_set(e, "status '%s' %s a resolved_at", status,
		               resolved ? "needs" : "cannot have");
	if ((strcmp(status, "returned") == 0) != !!v[D_RETURNED].text)
		return err_set(e, "status '%s' and returned_at %s disagree", status,
		               v[D_RETURNED].text ? v[D_RETURNED].text : "(empty)");
	return 0;
}

static int
dossiers_row(struct imp *im, const struct val *v, struct err *e)
{
	sqlite3_stmt *find = im->st[4];
	char day[CLOCK_DATE_LEN + 1];
	int r;

	if (dossier_code_agrees(v, e) < 0 || dossier_times_agree(v, e) < 0)
		return -1;
	int known = import_exists(im, im->st[1], v[D_CODE].text, e);
	if (known < 0 || (known && !im->update))
		return known < 0 ? -1
		                 : err_set(e,
		                           "dossier %s is already in the database (--update "
		                           "updates it)",
		                           v[D_CODE].text);
	r = import_exists(im, im->st[2], v[D_PROCEDURE].text, e);
	if (r <= 0)
		return r < 0 ? -1
		             : err_set(e, "procedure_code %s: no such procedure",
		                       v[D_PROCEDURE].text);
	r = import_exists(im, im->st[3], v[D_AGENCY].text, e);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, "agency_code %s: no such agency", v[D_AGENCY].text);
	clock_format_date((day_t)(v[D_RECEIVED].i / CLOCK_MIN_PER_DAY), day);
	sqlite3_bind_text(find, 1, v[D_AGENCY].text, -1, SQLITE_STATIC);
	sqlite3_bind_text(find, 2, v[D_PROCEDURE].text, -1, SQLITE_STATIC);
	sqlite3_bind_text(find, 3, day, -1, SQLITE_STATIC);
	r = import_query(im, find, e);
	if (r <= 0)
		return r < 0
		           ? -1
		           : err_set(e, "agency %s has no process for procedure %s in force on %s",
		                     v[D_AGENCY].text, v[D_PROCEDURE].text, day);
	int64_t process_id = sqlite3_column_int64(find, 0);
	sqlite3_reset(find);
	sqlite3_stmt *w = im->st[known ? 5 : 0]; /* known: --update */
	if (import_bind_all(im, w, dossiers_cols, v, NCOLS(dossiers_cols), e) < 0)
		return -1;
	sqlite3_bind_int64(w, 17, process_id);
	return import_exec(im, w, e);
}

/* ---- events ------------------------------------------------------------- */

static const char *const event_kinds[] = {"step_start",
                                          "step_done",
                                          "supplement_request",
                                          "supplement_received",
                                          "pause",
                                          "resume",
                                          "apology",
                                          "result_ready",
                                          "returned",
                                          "rejected",
                                          "withdrawn",
                                          NULL};
static const struct col events_cols[] = {
    {"dossier_code", COL_DOSSIER, 0, NULL},
    {"at", COL_INSTANT, 0, NULL},
    {"kind", COL_ENUM, 0, event_kinds},
    {"step_no", COL_INT, 1, NULL},
    {"new_due_at", COL_INSTANT, 1, NULL},
    {"actor", COL_TEXT, 1, NULL},
    {"note", COL_TEXT, 1, NULL},
    /* Public: what the citizen is asked for, and by when (optional columns). */
    {"request", COL_TEXT, 1, NULL},
    {"request_due", COL_INSTANT, 1, NULL},
};
static const char *const events_sql[] = {
    "INSERT INTO events (dossier_code, at, kind, step_no, new_due_at, actor, note, request, "
    "request_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    "SELECT d.received_at, (SELECT count(*) FROM steps s WHERE s.process_id = d.process_id) "
    "FROM dossiers d WHERE d.code = ?1",
    /* --update: the same event already in the log. */
    "SELECT 1 FROM events WHERE dossier_code = ?1 AND at = ?2 AND kind = ?3 AND step_no IS ?4 "
    "AND new_due_at IS ?5",
    /* --update: a known event's public request as the file now gives it. */
    "UPDATE events SET request = ?6, request_due = ?7 WHERE dossier_code = ?1 AND at = ?2 "
    "AND kind = ?3 AND step_no IS ?4 AND new_due_at IS ?5 AND (request, request_due) IS NOT "
    "(?6, ?7)",
    NULL,
};

static int
events_row(struct imp *im, const struct val *v, struct err *e)
{
	sqlite3_stmt *find = im->st[1];
	int is_step = strncmp(v[2].text, "step_", 5) == 0;
	int is_apology = strcmp(v[2].text, "apology") == 0;
	int64_t nsteps;
	tmin_t received;
	int r;

	sqlite3_bind_text(find, 1, v[0].text, -1, SQLITE_STATIC);
	r = import_query(im, find, e);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, "dossier_code %s: no such dossier", v[0].text);
	r = clock_parse_instant(store_text(find, 0), &received, e);
	nsteps = sqlite3_column_int64(find, 1);
	sqlite3_reset(find);
	if (r < 0)
		return err_prefix(e, "dossier %s's received_at", v[0].text);
	if (v[1].i < received)
		return err_set(e, "at %s is before the dossier was received", v[1].text);
	if (is_step != !!v[3].text)
		return err_set(e, "kind %s %s a step_no", v[2].text,
		               is_step ? "needs" : "cannot have");
	if (is_step && (v[3].i < 1 || v[3].i > nsteps))
		return err_set(e, "step_no %s: the dossier's process has %lld steps", v[3].text,
		               (long long)nsteps);
	if (is_apology != !!v[4].text)
		return err_set(e, "kind %s %s a new_due_at", v[2].text,
		               is_apology ? "needs" : "cannot have");
	if (is_apology && v[4].i <= v[1].i)
		return err_set(e, "new_due_at %s is not after the apology at %s", v[4].text,
		               v[1].text);
	if ((v[7].text || v[8].text) && strcmp(v[2].text, "supplement_request") != 0 &&
	    strcmp(v[2].text, "pause") != 0)
		return err_set(e,
		               "kind %s cannot have a request (supplement_request and pause only)",
		               v[2].text);
	if (v[8].text && v[8].i <= v[1].i)
		return err_set(e, "request_due %s is not after the request at %s", v[8].text,
		               v[1].text);
	if (im->update) {
		if (import_bind_all(im, im->st[2], events_cols, v, 5, e) < 0 ||
		    (r = import_query(im, im->st[2], e)) < 0)
			return -1;
		if (r == 1) {
			sqlite3_reset(im->st[2]);
			if (im->nfile <= IMPORT_EVENTS_NMIN)
				return 0; /* already in the log */
			if (import_bind_all(im, im->st[3], events_cols, v, 5, e) < 0 ||
			    import_bind(im->st[3], 6, &v[7], COL_TEXT) != SQLITE_OK ||
			    import_bind(im->st[3], 7, &v[8], COL_INSTANT) != SQLITE_OK)
				return err_set(e, "%s", sqlite3_errmsg(im->db));
			return import_exec(im, im->st[3], e);
		}
	}
	if (import_bind_all(im, im->st[0], events_cols, v, NCOLS(events_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

#define KIND(id, nm, fin)                                                                          \
	const struct kind_def import_##id = {nm,       id##_cols, NCOLS(id##_cols),                \
	                                     id##_sql, id##_row,  fin}

KIND(processes, "processes", NULL);
KIND(steps, "steps", steps_finish);
KIND(dossiers, "dossiers", NULL);
KIND(events, "events", NULL);
