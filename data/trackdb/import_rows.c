/*
 * import_rows: per kind, the columns of data/CSV.md and the checks that need
 * other rows (references, duplicates, sums), with the insert itself.  Every
 * reference is checked here, not only by SQLite's foreign keys, so that the
 * message names the line.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import.h"
#include "store.h"

/* ---- office_hours ------------------------------------------------------- */

static const struct col office_hours_cols[] = {
    {"session", COL_INT, 0, NULL},
    {"opens", COL_HHMM, 0, NULL},
    {"closes", COL_HHMM, 0, NULL},
};
static const char *const office_hours_sql[] = {
    "INSERT INTO office_hours (session, opens, closes) VALUES (?1, ?2, ?3)",
    "DELETE FROM office_hours",
    NULL,
};

/* The file is the whole set of sessions: it replaces the schema's default
 * day rather than adding to it. */
static int
office_hours_row(struct imp *im, const struct val *v, struct err *e)
{
	if (im->rows == 0 && import_exec(im, im->st[1], e) < 0)
		return -1;
	if (v[0].i < 1 || v[0].i > CLOCK_SESSIONS_MAX)
		return err_set(e, "session must be 1 to %d", CLOCK_SESSIONS_MAX);
	if (strcmp(v[2].text, v[1].text) <= 0)
		return err_set(e, "closes %s is not after opens %s", v[2].text, v[1].text);
	if (import_bind_all(im, im->st[0], office_hours_cols, v, 3, e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

static int
office_hours_finish(struct imp *im, struct err *e)
{
	struct clock_cal *cal = store_load_calendar(im->db, e);

	if (!cal)
		return err_prefix(e, "%s", im->name);
	clock_cal_free(cal);
	return 0;
}

/* ---- calendar ----------------------------------------------------------- */

static const char *const day_kinds[] = {"holiday", "compensatory", "swap_off", "working", NULL};
static const struct col calendar_cols[] = {
    {"day", COL_DATE, 0, NULL},         {"kind", COL_ENUM, 0, day_kinds},
    {"name", COL_TEXT, 0, NULL},        {"name_en", COL_TEXT, 1, NULL},
    {"provisional", COL_FLAG, 1, NULL}, {"source", COL_TEXT, 1, NULL},
};
static const char *const calendar_sql[] = {
    "INSERT INTO calendar (day, kind, name, name_en, provisional, source) "
    "VALUES (?1, ?2, ?3, ?4, coalesce(?5, 0), ?6)",
    "SELECT 1 FROM calendar WHERE day = ?1",
    NULL,
};

static int
calendar_row(struct imp *im, const struct val *v, struct err *e)
{
	int wd = clock_weekday((day_t)v[0].i), r;

	/* Only a weekend day can be declared a working day, and days off
	 * given in exchange or compensation fall on what would be a working
	 * day; anything else is a typo in the year's decision. */
	if (strcmp(v[1].text, "working") == 0 && wd < 6)
		return err_set(e, "%s is a weekday; only a Saturday or Sunday can be 'working'",
		               v[0].text);
	if ((strcmp(v[1].text, "swap_off") == 0 || strcmp(v[1].text, "compensatory") == 0) &&
	    wd >= 6)
		return err_set(e, "%s is a weekend day; '%s' must be a weekday", v[0].text,
		               v[1].text);
	r = import_exists(im, im->st[1], v[0].text, e);
	if (r)
		return r < 0 ? -1 : err_set(e, "day %s is already in the calendar", v[0].text);
	if (import_bind_all(im, im->st[0], calendar_cols, v, NCOLS(calendar_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

/* ---- fields ------------------------------------------------------------- */

static const struct col fields_cols[] = {
    {"code", COL_TEXT, 0, NULL},
    {"name", COL_TEXT, 0, NULL},
    {"name_en", COL_TEXT, 1, NULL},
};
static const char *const fields_sql[] = {
    "INSERT INTO fields (code, name, name_en) VALUES (?1, ?2, ?3)",
    "SELECT 1 FROM fields WHERE code = ?1",
    NULL,
};

static int
fields_row(struct imp *im, const struct val *v, struct err *e)
{
	int r = import_exists(im, im->st[1], v[0].text, e);

	if (r)
		return r < 0 ? -1 : err_set(e, "field %s is already defined", v[0].text);
	if (import_bind_all(im, im->st[0], fields_cols, v, NCOLS(fields_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

/* ---- agencies ----------------------------------------------------------- */

static const char *const agency_levels[] = {"province", "department", "district",
                                            "commune",  "branch",     NULL};
static const char *const iso_modes[] = {"first", "conversion", NULL};
static const struct col agencies_cols[] = {
    {"code", COL_AGENCY, 0, NULL},
    {"name", COL_TEXT, 0, NULL},
    {"name_en", COL_TEXT, 1, NULL},
    {"level", COL_ENUM, 0, agency_levels},
    {"parent_code", COL_AGENCY, 1, NULL},
    {"valid_from", COL_DATE, 1, NULL},
    {"valid_to", COL_DATE, 1, NULL},
    {"successor_code", COL_AGENCY, 1, NULL},
    {"iso_standard", COL_TEXT, 1, NULL},
    {"iso_mode", COL_ENUM, 1, iso_modes},
    {"iso_plan", COL_TEXT, 1, NULL},
    {"iso_target", COL_DATE, 1, NULL},
    {"iso_announced", COL_DATE, 1, NULL},
    {"eiso_target", COL_DATE, 1, NULL},
    {"eiso_date", COL_DATE, 1, NULL},
    {"last_audit", COL_DATE, 1, NULL},
    {"last_review", COL_DATE, 1, NULL},
    /* The one-stop office's contact (optional columns: older files end above). */
    {"phone", COL_TEXT, 1, NULL},
    {"address", COL_TEXT, 1, NULL},
    {"hours", COL_TEXT, 1, NULL},
    {"pickup_place", COL_TEXT, 1, NULL}, /* where results are collected (wallboard) */
};
static const char *const agencies_sql[] = {
    "INSERT INTO agencies (code, name, name_en, level, parent_code, valid_from, valid_to, "
    "successor_code, iso_standard, iso_mode, iso_plan, iso_target, iso_announced, "
    "eiso_target, eiso_date, last_audit, last_review, phone, address, hours, pickup_place) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
    "?18, ?19, ?20, ?21)",
    "SELECT 1 FROM agencies WHERE code = ?1",
    NULL,
};

static int
add_ref(struct imp *im, const char *code, const char *column, struct err *e)
{
	if (im->nrefs == im->refs_cap) {
		size_t cap = im->refs_cap ? im->refs_cap * 2 : 64;
		struct pending_ref *p = realloc(im->refs, cap * sizeof *p);
		if (!p)
			return err_set(e, "out of memory");
		im->refs = p;
		im->refs_cap = cap;
	}
	struct pending_ref *r = &im->refs[im->nrefs++];
	snprintf(r->code, sizeof r->code, "%s", code);
	r->column = column;
	r->line = im->line;
	return 0;
}

static int
agencies_row(struct imp *im, const struct val *v, struct err *e)
{
	int r = import_exists(im, im->st[1], v[0].text, e);

	if (r)
		return r < 0 ? -1 : err_set(e, "agency %s is already defined", v[0].text);
	if (v[5].text && v[6].text && v[6].i < v[5].i)
		return err_set(e, "valid_to %s is before valid_from %s", v[6].text, v[5].text);
	if ((v[4].text && strcmp(v[4].text, v[0].text) == 0) ||
	    (v[7].text && strcmp(v[7].text, v[0].text) == 0))
		return err_set(e, "agency %s names itself as parent or successor", v[0].text);
	if ((v[4].text && add_ref(im, v[4].text, "parent_code", e) < 0) ||
	    (v[7].text && add_ref(im, v[7].text, "successor_code", e) < 0))
		return -1;
	if (import_bind_all(im, im->st[0], agencies_cols, v, NCOLS(agencies_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

/* Parents and successors may come later in the file: check them now. */
static int
agencies_finish(struct imp *im, struct err *e)
{
	for (size_t i = 0; i < im->nrefs; i++) {
		int r = import_exists(im, im->st[1], im->refs[i].code, e);
		if (r < 0)
			return err_prefix(e, "%s", im->name);
		if (r == 0)
			return err_set(e, "%s:%ld: %s %s: no such agency", im->name,
			               im->refs[i].line, im->refs[i].column, im->refs[i].code);
	}
	return 0;
}

/* ---- procedures --------------------------------------------------------- */

static const char *const procedure_levels[] = {"province", "district", "commune", NULL};
static const struct col procedures_cols[] = {
    {"code", COL_PROCEDURE, 0, NULL},
    {"name", COL_TEXT, 0, NULL},
    {"name_en", COL_TEXT, 1, NULL},
    {"field_code", COL_TEXT, 0, NULL},
    {"level", COL_ENUM, 0, procedure_levels},
    {"limit_days", COL_REAL, 0, NULL},
    {"fee_vnd", COL_INT, 1, NULL},
    {"fee_note", COL_TEXT, 1, NULL},
    {"legal_basis", COL_TEXT, 1, NULL},
    {"legal_changed", COL_DATE, 1, NULL},
};
static const char *const procedures_sql[] = {
    "INSERT INTO procedures (code, name, name_en, field_code, level, limit_days, fee_vnd, "
    "fee_note, legal_basis, legal_changed) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    "SELECT 1 FROM procedures WHERE code = ?1",
    "SELECT 1 FROM fields WHERE code = ?1",
    NULL,
};

static int
procedures_row(struct imp *im, const struct val *v, struct err *e)
{
	int64_t min;
	int r = import_exists(im, im->st[1], v[0].text, e);

	if (r)
		return r < 0 ? -1 : err_set(e, "procedure %s is already defined", v[0].text);
	r = import_exists(im, im->st[2], v[3].text, e);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, "field_code %s: no such field", v[3].text);
	if (v[5].r <= 0 || import_minutes(v[5].r * 8, &min) < 0)
		return err_set(e, "limit_days %s is not a positive whole number of minutes",
		               v[5].text);
	if (v[6].text && v[6].i < 0)
		return err_set(e, "fee_vnd %s is negative", v[6].text);
	if (import_bind_all(im, im->st[0], procedures_cols, v, NCOLS(procedures_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

#define KIND(id, nm, fin)                                                                          \
	const struct kind_def import_##id = {nm,       id##_cols, NCOLS(id##_cols),                \
	                                     id##_sql, id##_row,  fin}

KIND(office_hours, "office_hours", office_hours_finish);
KIND(calendar, "calendar", NULL);
KIND(fields, "fields", NULL);
KIND(agencies, "agencies", agencies_finish);
KIND(procedures, "procedures", NULL);
