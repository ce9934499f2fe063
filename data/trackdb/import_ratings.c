/*
 * import_ratings: citizens' satisfaction.  The templates (questions, their
 * choices, the reasons offered after a low one) are the operator's: a row
 * replaces the one of the same key, so the file is edited and loaded
 * again.  The ratings are the kiosks' uploads (kiosk-fetch): each has the
 * random id its kiosk gave it, and a row already in the database is
 * skipped, so that a file sent twice, or two files that overlap, add each
 * rating once.
 */
#include <string.h>

#include "code.h"
#include "import.h"

/* 'default', 'province' or an agency that exists.  1, 0 (E set), -1. */
static int
template_ok(struct imp *im, sqlite3_stmt *agency, const char *t, struct err *e)
{
	int r;

	if (strcmp(t, "default") == 0 || strcmp(t, "province") == 0)
		return 1;
	if (!code_agency_valid(t, strlen(t)))
		return err_set(e,
		               "template '%s' is neither 'default', 'province' nor an agency code",
		               t),
		       0;
	if ((r = import_exists(im, agency, t, e)) == 0)
		err_set(e, "template %s: no such agency", t);
	return r;
}

/* A code of a question, choice or reason: short, [a-z0-9_]. */
static int
short_code(const char *what, const char *s, struct err *e)
{
	size_t n = strlen(s);

	if (n == 0 || n > 32 || strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return err_set(e, "%s '%s' is not a short code of a-z, 0-9 and _", what, s);
	return 0;
}

/* ---- rating_questions ---------------------------------------------------- */

static const struct col question_cols[] = {
    {"template", COL_TEXT, 0, NULL}, {"question", COL_TEXT, 0, NULL}, {"seq", COL_INT, 0, NULL},
    {"text", COL_TEXT, 0, NULL},     {"text_en", COL_TEXT, 1, NULL},
};
static const char *const question_sql[] = {
    "INSERT OR REPLACE INTO rating_questions (template, question, seq, text, text_en) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
    "SELECT 1 FROM agencies WHERE code = ?1",
    NULL,
};

static int
question_row(struct imp *im, const struct val *v, struct err *e)
{
	int r = template_ok(im, im->st[1], v[0].text, e);

	if (r <= 0 || short_code("question", v[1].text, e) < 0)
		return -1;
	if (import_bind_all(im, im->st[0], question_cols, v, NCOLS(question_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

const struct kind_def import_rating_questions = {
    "rating_questions", question_cols, NCOLS(question_cols), question_sql, question_row, NULL};

/* ---- rating_choices and rating_reasons ----------------------------------- */

static const struct col choice_cols[] = {
    {"template", COL_TEXT, 0, NULL},  {"question", COL_TEXT, 0, NULL},
    {"choice", COL_TEXT, 0, NULL},    {"seq", COL_INT, 0, NULL},
    {"text", COL_TEXT, 0, NULL},      {"text_en", COL_TEXT, 1, NULL},
    {"satisfied", COL_FLAG, 0, NULL},
};
static const char *const choice_sql[] = {
    "INSERT OR REPLACE INTO rating_choices (template, question, choice, seq, text, text_en, "
    "satisfied) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    "SELECT 1 FROM rating_questions WHERE template = ?1 AND question = ?2",
    NULL,
};

/* The (template, question) of V[0], V[1] exists.  0 or -1 with E. */
static int
question_exists(struct imp *im, sqlite3_stmt *st, const struct val *v, struct err *e)
{
	int r;

	sqlite3_bind_text(st, 1, v[0].text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v[1].text, -1, SQLITE_STATIC);
	if ((r = import_query(im, st, e)) == 1)
		sqlite3_reset(st);
	if (r == 0)
		err_set(e, "template %s has no question '%s' (load rating_questions first)",
		        v[0].text, v[1].text);
	return r == 1 ? 0 : -1;
}

static int
choice_row(struct imp *im, const struct val *v, struct err *e)
{
	if (question_exists(im, im->st[1], v, e) < 0 || short_code("choice", v[2].text, e) < 0)
		return -1;
	if (import_bind_all(im, im->st[0], choice_cols, v, NCOLS(choice_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

const struct kind_def import_rating_choices = {"rating_choices", choice_cols, NCOLS(choice_cols),
                                               choice_sql,       choice_row,  NULL};

static const struct col reason_cols[] = {
    {"template", COL_TEXT, 0, NULL}, {"question", COL_TEXT, 0, NULL},
    {"reason", COL_TEXT, 0, NULL},   {"seq", COL_INT, 0, NULL},
    {"text", COL_TEXT, 0, NULL},     {"text_en", COL_TEXT, 1, NULL},
};
static const char *const reason_sql[] = {
    "INSERT OR REPLACE INTO rating_reasons (template, question, reason, seq, text, text_en) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    "SELECT 1 FROM rating_questions WHERE template = ?1 AND question = ?2",
    NULL,
};

static int
reason_row(struct imp *im, const struct val *v, struct err *e)
{
	if (question_exists(im, im->st[1], v, e) < 0 || short_code("reason", v[2].text, e) < 0)
		return -1;
	if (import_bind_all(im, im->st[0], reason_cols, v, NCOLS(reason_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

const struct kind_def import_rating_reasons = {"rating_reasons", reason_cols, NCOLS(reason_cols),
                                               reason_sql,       reason_row,  NULL};

/* ---- ratings ------------------------------------------------------------- */

static const char *const sources[] = {"kiosk", "counter", NULL};
static const struct col rating_cols[] = {
    {"id", COL_TEXT, 0, NULL},        {"dossier_code", COL_DOSSIER, 0, NULL},
    {"question", COL_TEXT, 0, NULL},  {"choice", COL_TEXT, 0, NULL},
    {"reason", COL_TEXT, 1, NULL},    {"rated_at", COL_TEXT, 0, NULL},
    {"source", COL_ENUM, 0, sources}, {"device", COL_TEXT, 1, NULL},
};
enum { R_INSERT, R_DOSSIER, R_CHOICE, R_REASON, R_KNOWN };
static const char *const rating_sql[] = {
    [R_INSERT] = "INSERT INTO ratings (id, dossier_code, question, choice, reason, rated_at, "
                 "source, device) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    [R_DOSSIER] = "SELECT 1 FROM dossiers WHERE code = ?1",
    [R_CHOICE] = "SELECT 1 FROM rating_choices WHERE question = ?1 AND choice = ?2 LIMIT 1",
    [R_REASON] = "SELECT 1 FROM rating_reasons WHERE question = ?1 AND reason = ?2 LIMIT 1",
    /* The row already stored under this id, column for column. */
    [R_KNOWN] = "SELECT dossier_code = ?2 AND question = ?3 AND choice = ?4 AND "
                "reason IS ?5 AND rated_at = ?6 AND source = ?7 AND device IS ?8 "
                "FROM ratings WHERE id = ?1",
    NULL,
};

/* 'YYYY-MM-DD HH:MM:SS' with a real date and time. */
static int
rated_at_ok(const char *s)
{
	static const char form[] = "dddd-dd-dd dd:dd:dd";
	char day[11];
	day_t d;
	struct err e;

	if (strlen(s) != sizeof form - 1)
		return 0;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == 'd' ? s[i] < '0' || s[i] > '9' : s[i] != form[i])
			return 0;
	memcpy(day, s, 10);
	day[10] = '\0';
	return clock_parse_date(day, &d, &e) == 0 && memcmp(s + 11, "24", 2) < 0 && s[14] <= '5' &&
	       s[17] <= '5';
}

/* Whether the two-parameter lookup ST finds (A, B).  1, 0, -1 with E. */
static int
exists2(struct imp *im, sqlite3_stmt *st, const char *a, const char *b, struct err *e)
{
	int r;

	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	if ((r = import_query(im, st, e)) == 1)
		sqlite3_reset(st);
	return r;
}

/* The row's id already names a rating: 1 when it is this one (skip it),
 * -1 with E when it is another, 0 when the id is new. */
static int
known(struct imp *im, const struct val *v, struct err *e)
{
	sqlite3_stmt *st = im->st[R_KNOWN];
	int r, same;

	if (import_bind_all(im, st, rating_cols, v, NCOLS(rating_cols), e) < 0)
		return -1;
	if ((r = import_query(im, st, e)) <= 0)
		return r;
	same = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return same ? 1 : err_set(e, "id %s is already a different rating", v[0].text);
}

static int
rating_row(struct imp *im, const struct val *v, struct err *e)
{
	size_t n = strlen(v[0].text);
	int r;

	if (n != 32 || strspn(v[0].text, "0123456789abcdef") != n)
		return err_set(e, "id '%s' is not 32 lower-case hex digits", v[0].text);
	if (!rated_at_ok(v[5].text))
		return err_set(e, "rated_at '%s' is not an instant YYYY-MM-DD HH:MM:SS", v[5].text);
	if (v[7].text && strlen(v[7].text) > 64)
		return err_set(e, "device is longer than 64 bytes");
	if ((r = import_exists(im, im->st[R_DOSSIER], v[1].text, e)) <= 0)
		return r < 0 ? -1 : err_set(e, "dossier %s: no such dossier", v[1].text);
	if ((r = exists2(im, im->st[R_CHOICE], v[2].text, v[3].text, e)) <= 0)
		return r < 0 ? -1
		             : err_set(e, "question '%s' has no choice '%s' in any template",
		                       v[2].text, v[3].text);
	if (v[4].text && (r = exists2(im, im->st[R_REASON], v[2].text, v[4].text, e)) <= 0)
		return r < 0 ? -1
		             : err_set(e, "question '%s' has no reason '%s' in any template",
		                       v[2].text, v[4].text);
	if ((r = known(im, v, e)) != 0) {
		im->skipped += r > 0;
		return r < 0 ? -1 : 0;
	}
	if (import_bind_all(im, im->st[R_INSERT], rating_cols, v, NCOLS(rating_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[R_INSERT], e);
}

const struct kind_def import_ratings = {"ratings",  rating_cols, NCOLS(rating_cols),
                                        rating_sql, rating_row,  NULL};
