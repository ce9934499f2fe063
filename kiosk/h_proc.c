/*
 * The procedures browser (/procedures, /procedures/<code>, their /api/
 * twins) and the due-date estimate (/api/estimate): "if you hand in now,
 * the result is due on ...", in working time on the snapshot's calendar.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "frame.h"
#include "kiosk.h"
#include "out.h"
#include "store.h"

/* Procedures with a process in force today at AGENCY (all agencies when
 * NULL).  effective_to is the last day in force (data/schema.sql). */
static const char sql_list[] =
    "SELECT p.code, p.name, p.name_en, p.limit_days, p.fee_vnd, p.fee_note, f.name, f.name_en "
    "FROM procedures p LEFT JOIN fields f ON f.code = p.field_code "
    "WHERE EXISTS (SELECT 1 FROM processes r WHERE r.procedure_code = p.code "
    "AND (?1 IS NULL OR r.agency_code = ?1) AND r.effective_from <= ?2 "
    "AND (r.effective_to IS NULL OR r.effective_to >= ?2)) "
    "ORDER BY f.name, p.name, p.code";

/* The agency whose process a page or estimate uses: the request's
 * 'agency' when valid, else the kiosk's office, else any (NULL). */
const char *
proc_agency(const struct ctx *x)
{
	const char *a = req_arg(x->req, "agency");

	if (a && code_agency_valid(a, strlen(a)))
		return a;
	return x->k->conf.office;
}

static void
bind_scope(sqlite3_stmt *st, const char *agency, const char *today)
{
	if (agency)
		sqlite3_bind_text(st, 1, agency, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, 1);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_TRANSIENT);
}

/* Name in LANG: the English column when asked for and present. */
static const char *
pick(sqlite3_stmt *st, int vi, int en, enum lang lang)
{
	const char *s = store_text(st, en);
	return lang == LANG_EN && *s ? s : store_text(st, vi);
}

void
proc_json_members(FILE *f, sqlite3_stmt *st)
{
	fputs("\"code\":", f);
	out_json(f, store_text(st, 0));
	fputs(",\"name\":", f);
	out_json(f, store_text(st, 1));
	fputs(",\"name_en\":", f);
	out_json(f, store_text(st, 2));
	fputs(",\"field\":", f);
	out_json(f, store_text(st, 6));
	out_printf(f, ",\"limit_days\":%g,\"fee_vnd\":", sqlite3_column_double(st, 3));
	if (sqlite3_column_type(st, 4) == SQLITE_NULL)
		fputs("null", f);
	else
		out_printf(f, "%lld", (long long)sqlite3_column_int64(st, 4));
}

static void
list_row_json(FILE *f, sqlite3_stmt *st, int first)
{
	fputs(first ? "\n{" : ",\n{", f);
	proc_json_members(f, st);
	fputs("}", f);
}

static void
list_row_html(FILE *f, sqlite3_stmt *st, enum lang lang)
{
	fputs("<li><a class=\"proc-link\" href=\"/procedures/", f);
	out_url(f, store_text(st, 0));
	fputs(lang == LANG_EN ? "?lang=en\">" : "\">", f);
	fputs("<span class=\"proc-name\">", f);
	out_text(f, pick(st, 1, 2, lang));
	fputs("</span><span class=\"proc-meta\">", f);
	out_text(f, pick(st, 6, 7, lang));
	fputs(" · ", f);
	out_quantity(f, lang, sqlite3_column_double(st, 3), -1, M_DAY, M_DAYS);
	fputs("</span></a></li>\n", f);
}

/* The list, drawn from the snapshot in the route's form. */
static void
draw_procs(struct ctx *x, struct reply *r, day_t day)
{
	int api = route_is_api(x->route), n = 0, rc;
	char today[CLOCK_DATE_LEN + 1], *data;
	struct frame fr = {.lang = x->lang,
	                   .title = msg(x->lang, M_K_PROCEDURES),
	                   .self = "/procedures",
	                   .body_class = "page-procedures"};
	struct err e = {""};
	sqlite3_stmt *st;
	size_t len;
	FILE *f;

	clock_format_date(day, today);
	if (!(st = store_prepare(x->lease.db, sql_list, &e))) {
		reply_fail(r, e.msg);
		return;
	}
	bind_scope(st, x->k->conf.office, today);
	if (!(f = buf_open(&data, &len))) {
		sqlite3_finalize(st);
		reply_fail(r, "out of memory");
		return;
	}
	if (api) {
		fputs("{\"office\":", f);
		out_json(f, x->k->conf.office ? x->k->conf.office : "");
		fputs(",\"procedures\":[", f);
	} else {
		frame_begin(f, &fr);
		fputs("<h1>", f);
		fputs(msg(x->lang, x->k->conf.office ? M_K_OFFERED_HERE : M_K_PROCEDURES), f);
		fputs("</h1>\n<ul class=\"proc-list\">\n", f);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (api)
			list_row_json(f, st, n == 0);
		else
			list_row_html(f, st, x->lang);
		n++;
	}
	if (rc != SQLITE_DONE)
		snprintf(e.msg, sizeof e.msg, "procedures: %s", sqlite3_errmsg(x->lease.db));
	sqlite3_finalize(st);
	if (api) {
		fputs("\n]}\n", f);
	} else {
		fputs("</ul>\n", f);
		if (n == 0) {
			fputs("<p class=\"empty\">", f);
			fputs(msg(x->lang, M_K_NO_PROCEDURES), f);
			fputs("</p>\n", f);
		}
		frame_end(f, &fr);
	}
	if (buf_finish(f, &data, &len, r, 200, api ? CT_JSON : CT_HTML) == 0 && rc != SQLITE_DONE)
		reply_fail(r, e.msg);
}

/* The list depends only on the snapshot and the day (the processes in
 * force today): it is drawn once per generation, day and form and kept in
 * the page cache until midnight, so that a client asking for it in a loop
 * costs others nothing (it used to be a join over every procedure and
 * process per request). */
void
h_procs(struct ctx *x, struct reply *r)
{
	int api = route_is_api(x->route);
	tmin_t now = clock_now();
	day_t day = (day_t)(now / CLOCK_MIN_PER_DAY);
	const char key[2] = {'P', api ? 'j' : x->lang == LANG_EN ? 'e' : 'v'};
	struct pc_page *p;

	if ((p = pc_get(x->k->pages, x->lease.generation, key, sizeof key, now))) {
		reply_cached(r, p, api ? CT_JSON : CT_HTML);
		return;
	}
	draw_procs(x, r, day);
	reply_keep(x, r, key, sizeof key, (tmin_t)(day + 1) * CLOCK_MIN_PER_DAY);
}

void
h_estimate(struct ctx *x, struct reply *r)
{
	const char *code = req_arg(x->req, "procedure"), *at = req_arg(x->req, "at");
	struct estimate est;
	struct err e = {""};
	char *data;
	size_t len;
	tmin_t when = clock_now();
	int found;
	FILE *f;

	if (!code || !code_procedure_valid(code) ||
	    (at && clock_parse_instant(at, &when, &e) < 0)) {
		reply_error(x, r, 400);
		return;
	}
	found = estimate_compute(x->lease.db, x->lease.cal, code, proc_agency(x), when, &est, &e);
	if (found < 0) {
		reply_fail(r, e.msg);
		return;
	}
	if (found == 0) {
		reply_error(x, r, 404);
		return;
	}
	if (!(f = buf_open(&data, &len))) {
		reply_fail(r, "out of memory");
		return;
	}
	estimate_json(f, &est);
	fputs("\n", f);
	buf_finish(f, &data, &len, r, 200, CT_JSON);
}
