/*
 * import: the generic CSV driver.  A row is parsed into fields (core/csv),
 * each field is checked against its column's type, then the kind's handler
 * checks references and inserts it (import_rows.c).  Everything runs in one
 * transaction so that the first bad row leaves the database as it was.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calmoves.h"
#include "code.h"
#include "csv.h"
#include "embedded.h"
#include "import.h"
#include "store.h"

const struct kind_def *const import_kinds[IMPORT_KIND_COUNT] = {
    [IMPORT_OFFICE_HOURS] = &import_office_hours,
    [IMPORT_CALENDAR] = &import_calendar,
    [IMPORT_FIELDS] = &import_fields,
    [IMPORT_AGENCIES] = &import_agencies,
    [IMPORT_PROCEDURES] = &import_procedures,
    [IMPORT_PROCESSES] = &import_processes,
    [IMPORT_STEPS] = &import_steps,
    [IMPORT_DOSSIERS] = &import_dossiers,
    [IMPORT_EVENTS] = &import_events,
    [IMPORT_STEP_MAP] = &import_step_map,
    [IMPORT_RATING_QUESTIONS] = &import_rating_questions,
    [IMPORT_RATING_CHOICES] = &import_rating_choices,
    [IMPORT_RATING_REASONS] = &import_rating_reasons,
    [IMPORT_RATINGS] = &import_ratings,
    [IMPORT_PROCEDURE_DOCUMENTS] = &import_procedure_documents,
};

int
import_kind_parse(const char *s)
{
	for (int k = 0; k < IMPORT_KIND_COUNT; k++)
		if (strcmp(import_kinds[k]->name, s) == 0)
			return k;
	return -1;
}

const char *
import_kind_name(enum import_kind kind)
{
	return import_kinds[kind]->name;
}

int
import_bind(sqlite3_stmt *st, int i, const struct val *v, enum col_type t)
{
	if (!v->text)
		return sqlite3_bind_null(st, i);
	switch (t) {
	case COL_INT:
	case COL_FLAG:
		return sqlite3_bind_int64(st, i, v->i);
	case COL_REAL:
		return sqlite3_bind_double(st, i, v->r);
	default:
		return sqlite3_bind_text(st, i, v->text, -1, SQLITE_STATIC);
	}
}

int
import_exec(struct imp *im, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s", sqlite3_errmsg(im->db));
	return 0;
}

int
import_query(struct imp *im, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s", sqlite3_errmsg(im->db));
	return 0;
}

/* Whether S is well-formed UTF-8 (names come from many hands). */
static int
utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n = *s < 0x80             ? 0
		        : (*s & 0xE0) == 0xC0 ? 1
		        : (*s & 0xF0) == 0xE0 ? 2
		        : (*s & 0xF8) == 0xF0 ? 3
		                              : -1;
		if (n < 0 || (n == 1 && *s < 0xC2))
			return 0;
		s++;
		while (n-- > 0)
			if ((*s++ & 0xC0) != 0x80)
				return 0;
	}
	return 1;
}

static int
parse_number(const char *s, enum col_type t, struct val *v)
{
	char *end;

	errno = 0;
	if (t == COL_INT) {
		long long x = strtoll(s, &end, 10);
		v->i = x;
		/* Counts, versions and fees in đồng: 10^15 is far beyond any. */
		return errno || *end || end == s || x < -1000000000000000LL ||
		               x > 1000000000000000LL
		           ? -1
		           : 0;
	}
	v->r = strtod(s, &end);
	return errno || *end || end == s || !isfinite(v->r) ? -1 : 0;
}

static int
parse_hhmm(const char *s)
{
	if (strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + s[1] - '0', m = (s[3] - '0') * 10 + s[4] - '0';
	return h > 24 || m > 59 || (h == 24 && m) ? -1 : 0;
}

static int
in_list(const char *s, const char *const *values)
{
	for (; *values; values++)
		if (strcmp(*values, s) == 0)
			return 1;
	return 0;
}

/* Check field S against column C and fill V.  Errors name the column. */
static int
check_field(const struct col *c, const char *s, struct val *v, struct err *e)
{
	struct dossier_code dc;
	tmin_t t;
	day_t d;

	memset(v, 0, sizeof *v);
	if (!*s) {
		if (!c->optional)
			return err_set(e, "%s is empty", c->name);
		return 0;
	}
	v->text = s;
	if (!utf8_valid((const unsigned char *)s))
		return err_set(e, "%s is not valid UTF-8", c->name);
	switch (c->type) {
	case COL_TEXT:
		return 0;
	case COL_DATE:
		if (clock_parse_date(s, &d, e) < 0) /* the message quotes S */
			return err_prefix(e, "%s", c->name);
		v->i = d;
		return 0;
	case COL_INSTANT:
		if (clock_parse_instant(s, &t, e) < 0)
			return err_prefix(e, "%s", c->name);
		v->i = t;
		v->text = clock_format_instant(t, v->canon);
		return 0;
	case COL_INT:
	case COL_REAL:
		if (parse_number(s, c->type, v) < 0)
			return err_set(e, "%s '%s' is not a %s", c->name, s,
			               c->type == COL_INT ? "whole number" : "number");
		return 0;
	case COL_FLAG:
		if (strcmp(s, "0") != 0 && strcmp(s, "1") != 0)
			return err_set(e, "%s '%s' is not 0 or 1", c->name, s);
		v->i = s[0] - '0';
		return 0;
	case COL_HHMM:
		if (parse_hhmm(s) < 0)
			return err_set(e, "%s '%s' is not a time HH:MM", c->name, s);
		return 0;
	case COL_AGENCY:
		if (!code_agency_valid(s, strlen(s)))
			return err_set(e, "%s '%s' is not an agency code like 000.00.01.H34",
			               c->name, s);
		return 0;
	case COL_PROCEDURE:
		if (!code_procedure_valid(s))
			return err_set(e, "%s '%s' is not a procedure code like 1.001612", c->name,
			               s);
		return 0;
	case COL_DOSSIER:
		if (code_parse(s, strlen(s), &dc, e) < 0)
			return err_prefix(e, "%s '%s'", c->name, s);
		return 0;
	case COL_ENUM:
		if (!in_list(s, c->values))
			return err_set(e, "%s '%s' is not one of the allowed values", c->name, s);
		return 0;
	}
	return 0;
}

/* The header names the kind's columns in order; agencies and events also
 * take a header of exactly their first *_NMIN columns (the files made before
 * the later, optional columns were added).  The number of columns
 * of the file goes to IM->NFILE. */
static int
check_header(struct imp *im, const struct kind_def *k, const struct csv *c, struct err *e)
{
	char want[1024];
	size_t n = 0;
	int min = k == &import_agencies ? IMPORT_AGENCIES_NMIN
	          : k == &import_events ? IMPORT_EVENTS_NMIN
	                                : k->ncols;
	int ok = c->nfields == k->ncols || c->nfields == min ||
	         /* agencies made before pickup_place, with the contact */
	         (k == &import_agencies && c->nfields == IMPORT_AGENCIES_NCONTACT);

	for (int i = 0; i < k->ncols; i++) {
		if (ok && i < c->nfields && strcmp(c->field[i], k->cols[i].name) != 0)
			ok = 0;
		int w = snprintf(want + n, sizeof want - n, "%s%s", i ? "," : "", k->cols[i].name);
		if (w > 0 && (size_t)w < sizeof want - n)
			n += (size_t)w;
	}
	if (!ok && min < k->ncols)
		return err_set(e, "the header must be exactly: %s (or its first %d columns)", want,
		               min);
	if (!ok)
		return err_set(e, "the header must be exactly: %s", want);
	im->nfile = c->nfields;
	return 0;
}

static void
imp_free(struct imp *im)
{
	for (int i = 0; i < IMPORT_STMTS_MAX; i++)
		sqlite3_finalize(im->st[i]);
	free(im->touched);
	free(im->refs);
	free(im->seen);
}

/* Turn core/csv's "line N: reason" into "NAME:N: reason". */
static void
csv_error(const struct imp *im, const struct csv *c, struct err *e)
{
	char reason[ERR_MSG_MAX];
	const char *r = e->msg;

	if (strncmp(r, "line ", 5) == 0 && strstr(r, ": "))
		r = strstr(r, ": ") + 2;
	snprintf(reason, sizeof reason, "%s", r);
	err_set(e, "%s:%ld: %s", im->name, c->line, reason);
}

/* Check one record's fields and hand it to the kind's handler. */
static int
import_row(struct imp *im, const struct kind_def *k, const struct csv *c, struct err *e)
{
	struct val v[CSV_FIELDS_MAX];

	if (c->nfields != im->nfile)
		return err_set(e, "expected %d fields, found %d", im->nfile, c->nfields);
	for (int i = 0; i < im->nfile; i++)
		if (check_field(&k->cols[i], c->field[i], &v[i], e) < 0)
			return -1;
	for (int i = im->nfile; i < k->ncols; i++)
		memset(&v[i], 0, sizeof v[i]); /* a column the file does not have: NULL */
	return k->row(im, v, e);
}

/* Read every row of F.  Errors come back as "NAME:LINE: reason". */
static long
import_rows(struct imp *im, const struct kind_def *k, FILE *f, struct err *e)
{
	struct progress p;
	struct csv *c = malloc(sizeof *c); /* 64 KiB record buffer: not on the stack */
	int r;

	if (!c)
		return err_set(e, "%s: out of memory", im->name);
	csv_init(c, f);
	progress_start(&p, im->name, 0);
	r = csv_read(c, e);
	if (r < 0) {
		csv_error(im, c, e);
		goto fail;
	}
	if (r == 0) {
		err_set(e, "%s:1: empty file, expected a header row", im->name);
		goto fail;
	}
	if (check_header(im, k, c, e) < 0) {
		err_prefix(e, "%s:%ld", im->name, c->line);
		goto fail;
	}
	while ((r = csv_read(c, e)) > 0) {
		im->line = c->line;
		if (import_row(im, k, c, e) < 0) {
			err_prefix(e, "%s:%ld", im->name, im->line);
			goto fail;
		}
		progress_update(&p, ++im->rows);
	}
	if (r < 0) {
		csv_error(im, c, e);
		goto fail;
	}
	progress_end(&p);
	free(c);
	return im->rows;
fail:
	progress_end(&p);
	free(c);
	return -1;
}

static long
stream(sqlite3 *db, enum import_kind kind, FILE *f, const char *name, int update, struct err *e)
{
	const struct kind_def *k = import_kinds[kind];
	struct imp im = {.db = db, .name = name, .update = update};
	long n = -1;

	e->msg[0] = '\0';
	for (int i = 0; k->sql[i]; i++) {
		im.st[i] = store_prepare(db, k->sql[i], e);
		if (!im.st[i]) {
			err_prefix(e, "%s", name);
			goto out;
		}
	}
	n = import_rows(&im, k, f, e);
	if (n >= 0 && k->finish && k->finish(&im, e) < 0)
		n = -1;
	if (n >= 0)
		n -= im.skipped;
out:
	imp_free(&im);
	return n;
}

long
import_stream(sqlite3 *db, enum import_kind kind, FILE *f, const char *name, struct err *e)
{
	return stream(db, kind, f, name, 0, e);
}

long
import_file(sqlite3 *db, enum import_kind kind, const char *path, struct err *e)
{
	return import_file_update(db, kind, path, 0, e);
}

long
import_file_update(sqlite3 *db, enum import_kind kind, const char *path, int update, struct err *e)
{
	FILE *f = fopen(path, "rb");
	struct calmoves *mv = NULL;
	long n = -1;

	if (!f)
		return err_set(e, "%s: %s", path, strerror(errno));
	/* Agencies may name a parent or successor further down the file, so
	 * SQLite's own foreign-key checks wait for COMMIT; ours name the line. */
	if (db_exec(db, "BEGIN", e) < 0 || db_exec(db, "PRAGMA defer_foreign_keys = ON", e) < 0)
		goto out;
	/* A calendar change moves pending dossiers' due times: list them. */
	if (kind == IMPORT_CALENDAR && !(mv = calmoves_begin(db, clock_now(), e)))
		goto out;
	n = stream(db, kind, f, path, update, e);
	if (n >= 0 && mv && calmoves_end(mv, db, e) < 0)
		n = -1;
	if (n >= 0 && db_exec(db, "COMMIT", e) < 0) {
		err_prefix(e, "%s", path);
		n = -1;
	}
	if (n < 0)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	else if (mv && calmoves_print(mv, stdout) < 0)
		n = err_set(e, "stdout: write error");
out:
	calmoves_free(mv);
	if (fclose(f) != 0 && n >= 0)
		n = err_set(e, "%s: %s", path, strerror(errno));
	return n;
}

/* The seed kinds in dependency order (data/CSV.md). */
static const enum import_kind seed_order[] = {
    IMPORT_OFFICE_HOURS, IMPORT_CALENDAR,  IMPORT_FIELDS, IMPORT_AGENCIES,
    IMPORT_PROCEDURES,   IMPORT_PROCESSES, IMPORT_STEPS,  IMPORT_PROCEDURE_DOCUMENTS,
};

int
import_seed(sqlite3 *db, struct err *e)
{
	char name[64];

	if (db_exec(db, "PRAGMA defer_foreign_keys = ON", e) < 0)
		return -1;
	for (size_t i = 0; i < sizeof seed_order / sizeof seed_order[0]; i++) {
		const struct embedded_file *ef;
		FILE *f;
		long n;

		snprintf(name, sizeof name, "data/seed/%s.csv", import_kinds[seed_order[i]]->name);
		ef = embedded_get(name);
		if (!ef || ef->len == 0)
			return err_set(e, "%s: not compiled in (rebuild after adding it)", name);
		f = fmemopen((void *)ef->data, ef->len, "r");
		if (!f)
			return err_set(e, "%s: %s", name, strerror(errno));
		n = import_stream(db, seed_order[i], f, name, e);
		if (fclose(f) != 0 && n >= 0)
			return err_set(e, "%s: %s", name, strerror(errno));
		if (n < 0)
			return -1;
	}
	return 0;
}

int
import_bind_all(struct imp *im, sqlite3_stmt *st, const struct col *cols, const struct val *v,
                int n, struct err *e)
{
	for (int i = 0; i < n; i++)
		if (import_bind(st, i + 1, &v[i], cols[i].type) != SQLITE_OK)
			return err_set(e, "%s", sqlite3_errmsg(im->db));
	return 0;
}

int
import_exists(struct imp *im, sqlite3_stmt *st, const char *key, struct err *e)
{
	int r;

	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	r = import_query(im, st, e);
	if (r == 1)
		sqlite3_reset(st);
	return r;
}

int
import_minutes(double x, int64_t *out)
{
	double m = x * 60;

	if (fabs(m - round(m)) > 1e-6)
		return -1;
	*out = (int64_t)round(m);
	return 0;
}
