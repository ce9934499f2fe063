/*
 * One procedure (/procedures/<code>, /api/procedures/<code>): its
 * statutory limit and fee, the documents to hand in, the ISO process in
 * force at this office with its steps, the due date if handed in now, and
 * (on a kiosk serving no single office) the agencies that offer it.
 */
#include <stdlib.h>
#include <string.h>

#include "estimate.h"
#include "frame.h"
#include "kiosk.h"
#include "out.h"
#include "store.h"

const char *proc_agency(const struct ctx *x);

/* 'Thứ Tư, 12/03/2025, 10:00', 'Wednesday, 12 Mar 2025, 10:00' (the way a
 * receipt writes it). */
static void
write_when(FILE *f, tmin_t t, enum lang lang)
{
	day_t d = (day_t)(t / CLOCK_MIN_PER_DAY);
	char b[CLOCK_DATE_LEN + 1];
	int mins = (int)(t % CLOCK_MIN_PER_DAY);

	fputs(msg(lang, (enum msg_id)(M_MONDAY + clock_weekday(d) - 1)), f);
	fputs(", ", f);
	out_date(f, lang, clock_format_date(d, b));
	out_printf(f, ", %02d:%02d", mins / 60, mins % 60);
}

static void
steps_html(FILE *f, sqlite3_stmt *st, enum lang lang)
{
	fputs("<table class=\"steps\">\n<thead><tr><th>", f);
	fputs(msg(lang, M_K_STEP_NO), f);
	fputs("</th><th>", f);
	fputs(msg(lang, M_K_STEPS), f);
	fputs("</th><th>", f);
	fputs(msg(lang, M_K_UNIT), f);
	fputs("</th><th>", f);
	fputs(msg(lang, M_K_TIME), f);
	fputs("</th></tr></thead>\n<tbody>\n", f);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = store_text(st, 2);
		out_printf(f, "<tr><td>%d</td><td>", sqlite3_column_int(st, 0));
		out_text(f, lang == LANG_EN && *name ? name : store_text(st, 1));
		fputs("</td><td>", f);
		out_text(f, store_text(st, 3));
		fputs("</td><td>", f);
		out_quantity(f, lang, sqlite3_column_double(st, 4), -1, M_HOUR, M_HOURS);
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

static void
steps_json(FILE *f, sqlite3_stmt *st)
{
	int n = 0;

	fputs(",\"steps\":[", f);
	while (sqlite3_step(st) == SQLITE_ROW) {
		out_printf(f, "%s{\"no\":%d,\"name\":", n++ ? "," : "", sqlite3_column_int(st, 0));
		out_json(f, store_text(st, 1));
		fputs(",\"name_en\":", f);
		out_json(f, store_text(st, 2));
		fputs(",\"unit\":", f);
		out_json(f, store_text(st, 3));
		out_printf(f, ",\"hours\":%g}", sqlite3_column_double(st, 4));
	}
	fputs("]", f);
}

static int
write_steps(FILE *f, sqlite3 *db, const struct estimate *est, int api, enum lang lang,
            struct err *e)
{
	sqlite3_stmt *st;

	if (!est->has_process)
		return api ? (fputs(",\"steps\":[]", f), 0) : 0;
	st = store_prepare(db,
	                   "SELECT step_no, name, name_en, unit, allowance_hours FROM steps "
	                   "WHERE process_id = ?1 ORDER BY step_no",
	                   e);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, est->process_id);
	if (api) {
		steps_json(f, st);
	} else {
		fputs("<h2>", f);
		fputs(msg(lang, M_K_PROCESS), f);
		fputs(" ", f);
		out_text(f, est->doc_code);
		out_printf(f, " (v%d)</h2>\n", est->version);
		steps_html(f, st, lang);
	}
	sqlite3_finalize(st);
	return 0;
}

/* One document to hand in: its name, the numbers of originals and copies
 * (when any), its note, in LANG. */
static void
doc_html(FILE *f, sqlite3_stmt *st, enum lang lang)
{
	int originals = sqlite3_column_int(st, 3), copies = sqlite3_column_int(st, 4);
	const char *name = store_text(st, 2), *note = store_text(st, 6);

	fputs("<li><span class=\"doc-name\">", f);
	out_text(f, lang == LANG_EN && *name ? name : store_text(st, 1));
	fputs("</span>", f);
	if (originals || copies)
		fputs(" <span class=\"doc-count\">(", f);
	if (originals) {
		fputs(msg(lang, M_DOC_ORIGINALS), f);
		out_printf(f, ": %d", originals);
	}
	if (originals && copies)
		fputs(" · ", f);
	if (copies) {
		fputs(msg(lang, M_DOC_COPIES), f);
		out_printf(f, ": %d", copies);
	}
	if (originals || copies)
		fputs(")</span>", f);
	if (!(lang == LANG_EN && *note))
		note = store_text(st, 5);
	if (*note) {
		fputs("<span class=\"doc-note\">", f);
		out_text(f, note);
		fputs("</span>", f);
	}
	fputs("</li>\n", f);
}

static void
doc_json(FILE *f, sqlite3_stmt *st, int first)
{
	out_printf(f, "%s{\"seq\":%d,\"name\":", first ? "" : ",", sqlite3_column_int(st, 0));
	out_json(f, store_text(st, 1));
	fputs(",\"name_en\":", f);
	out_json(f, store_text(st, 2));
	out_printf(f, ",\"originals\":%d,\"copies\":%d,\"note\":", sqlite3_column_int(st, 3),
	           sqlite3_column_int(st, 4));
	out_json(f, store_text(st, 5));
	fputs(",\"note_en\":", f);
	out_json(f, store_text(st, 6));
	fputs("}", f);
}

/* The documents a citizen hands in for the procedure ("thành phần hồ
 * sơ"), or a line saying they are not published. */
static int
write_documents(FILE *f, struct ctx *x, int api, struct err *e)
{
	sqlite3_stmt *st = store_prepare(x->lease.db,
	                                 "SELECT seq, name, name_en, originals, copies, "
	                                 "note, note_en FROM procedure_documents "
	                                 "WHERE procedure_code = ?1 ORDER BY seq",
	                                 e);
	int n = 0, rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, x->req->param, -1, SQLITE_STATIC);
	if (api) {
		fputs(",\"documents\":[", f);
	} else {
		fputs("<h2>", f);
		fputs(msg(x->lang, M_DOCUMENTS), f);
		fputs("</h2>\n", f);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (api) {
			doc_json(f, st, n == 0);
		} else {
			if (n == 0)
				fputs("<ol class=\"documents\">\n", f);
			doc_html(f, st, x->lang);
		}
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "procedure documents: %s", sqlite3_errmsg(x->lease.db));
	if (api) {
		fputs("]", f);
	} else if (n) {
		fputs("</ol>\n", f);
	} else {
		fputs("<p class=\"empty\">", f);
		fputs(msg(x->lang, M_NO_DOCUMENTS), f);
		fputs("</p>\n", f);
	}
	return 0;
}

/* The other agencies offering it, as links choosing whose process to show
 * (only on a kiosk that serves no single office). */
static int
write_agencies(FILE *f, struct ctx *x, int api, struct err *e)
{
	char today[CLOCK_DATE_LEN + 1];
	sqlite3_stmt *st;
	int n = 0;

	if (x->k->conf.office)
		return api ? (fputs(",\"agencies\":[]", f), 0) : 0;
	clock_format_date((day_t)(clock_now() / CLOCK_MIN_PER_DAY), today);
	st = store_prepare(x->lease.db,
	                   "SELECT DISTINCT r.agency_code, a.name, a.name_en "
	                   "FROM processes r LEFT JOIN agencies a ON a.code = r.agency_code "
	                   "WHERE r.procedure_code = ?1 AND r.effective_from <= ?2 AND "
	                   "(r.effective_to IS NULL OR r.effective_to >= ?2) "
	                   "ORDER BY r.agency_code LIMIT 200",
	                   e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, x->req->param, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
	fputs(api ? ",\"agencies\":[" : "<h2>", f);
	if (!api) {
		fputs(msg(x->lang, M_K_AGENCY_LIST), f);
		fputs("</h2>\n<ul class=\"agency-list\">\n", f);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = store_text(st, 2);
		if (!*name || x->lang == LANG_VI)
			name = store_text(st, 1);
		if (api) {
			fputs(n++ ? ",{\"code\":" : "{\"code\":", f);
			out_json(f, store_text(st, 0));
			fputs(",\"name\":", f);
			out_json(f, store_text(st, 1));
			fputs("}", f);
			continue;
		}
		fputs("<li><a href=\"/procedures/", f);
		out_url(f, x->req->param);
		fputs("?agency=", f);
		out_url(f, store_text(st, 0));
		fputs(x->lang == LANG_EN ? "&amp;lang=en\">" : "\">", f);
		out_text(f, name);
		fputs("</a></li>\n", f);
	}
	fputs(api ? "]" : "</ul>\n", f);
	sqlite3_finalize(st);
	return 0;
}

static const char sql_proc[] =
    "SELECT p.code, p.name, p.name_en, p.limit_days, p.fee_vnd, p.fee_note, f.name, f.name_en "
    "FROM procedures p LEFT JOIN fields f ON f.code = p.field_code WHERE p.code = ?1";

static void
facts_json(FILE *f, sqlite3_stmt *st, const struct estimate *est)
{
	fputs("{", f);
	proc_json_members(f, st);
	fputs(",\"fee_note\":", f);
	out_json(f, store_text(st, 5));
	fputs(",\"estimate\":", f);
	estimate_json(f, est);
}

static void
facts_html(FILE *f, sqlite3_stmt *st, const struct estimate *est, enum lang lang)
{
	const char *name = store_text(st, 2), *field = store_text(st, 7);

	fputs("<h1 class=\"proc-title\">", f);
	out_text(f, lang == LANG_EN && *name ? name : store_text(st, 1));
	fputs("</h1>\n<dl class=\"facts\">\n<dt>", f);
	fputs(msg(lang, M_K_FIELD), f);
	fputs("</dt><dd>", f);
	out_text(f, lang == LANG_EN && *field ? field : store_text(st, 6));
	fputs("</dd>\n<dt>", f);
	fputs(msg(lang, M_K_LIMIT), f);
	fputs("</dt><dd>", f);
	out_quantity(f, lang, sqlite3_column_double(st, 3), -1, M_DAY, M_DAYS);
	fputs("</dd>\n<dt>", f);
	fputs(msg(lang, M_K_FEE), f);
	fputs("</dt><dd>", f);
	if (sqlite3_column_type(st, 4) == SQLITE_NULL || sqlite3_column_int64(st, 4) == 0) {
		fputs(msg(lang, M_K_FREE), f);
	} else {
		out_grouped(f, lang, (long long)sqlite3_column_int64(st, 4));
		fputs(" ", f);
		fputs(msg(lang, M_K_VND), f);
	}
	if (*store_text(st, 5)) {
		/* The note is the office's Vietnamese text, on English screens too. */
		fputs(lang == LANG_EN ? " (<span lang=\"vi\">" : " (", f);
		out_text(f, store_text(st, 5));
		fputs(lang == LANG_EN ? "</span>)" : ")", f);
	}
	fputs("</dd>\n</dl>\n<p class=\"estimate\">", f);
	fputs(msg(lang, M_K_DUE_IF_NOW), f);
	fputs(" <strong class=\"due\">", f);
	write_when(f, est->due, lang);
	fputs("</strong> <span class=\"basis\">(", f);
	fputs(msg(lang, est->has_process ? M_K_DUE_BASIS_PROCESS : M_K_DUE_BASIS_LIMIT), f);
	fputs(")</span></p>\n", f);
	if (est->provisional != CLOCK_NO_DAY) {
		char b[CLOCK_DATE_LEN + 1];

		fputs("<p class=\"provisional\">", f);
		fputs(msg(lang, M_PROVISIONAL_CROSSES), f);
		fputs(" ", f);
		out_date(f, lang, clock_format_date(est->provisional, b));
		fputs(", ", f);
		fputs(msg(lang, M_PROVISIONAL_MAY_MOVE), f);
		fputs(".</p>\n", f);
	}
}

/* Write the page or object for the procedure row ST.  Returns 0 or -1. */
static int
write_proc(FILE *f, struct ctx *x, sqlite3_stmt *st, const struct estimate *est, int api,
           struct err *e)
{
	char self[sizeof "/procedures/" + REQ_PARAM_MAX];
	struct frame fr = {.lang = x->lang,
	                   .title = msg(x->lang, M_K_PROCEDURES),
	                   .self = self,
	                   .body_class = "page-procedure"};

	snprintf(self, sizeof self, "/procedures/%s", x->req->param);
	if (api) {
		facts_json(f, st, est);
	} else {
		frame_begin(f, &fr);
		facts_html(f, st, est, x->lang);
	}
	if (write_documents(f, x, api, e) < 0 ||
	    write_steps(f, x->lease.db, est, api, x->lang, e) < 0 ||
	    write_agencies(f, x, api, e) < 0)
		return -1;
	if (api) {
		fputs("}\n", f);
		return 0;
	}
	fputs("<p class=\"actions\"><a class=\"btn\" href=\"/procedures", f);
	fputs(x->lang == LANG_EN ? "?lang=en" : "", f);
	fputs("\">", f);
	fputs(msg(x->lang, M_K_BACK), f);
	fputs("</a></p>\n", f);
	return frame_end(f, &fr);
}

void
h_proc(struct ctx *x, struct reply *r)
{
	int api = route_is_api(x->route), rc, found;
	struct estimate est;
	struct err e = {""};
	sqlite3_stmt *st;
	char *data;
	size_t len;
	FILE *f;

	found = estimate_compute(x->lease.db, x->lease.cal, x->req->param, proc_agency(x),
	                         clock_now(), &est, &e);
	if (found <= 0) {
		if (found < 0)
			reply_fail(r, e.msg);
		else
			reply_error(x, r, 404);
		return;
	}
	if (!(st = store_prepare(x->lease.db, sql_proc, &e))) {
		reply_fail(r, e.msg);
		return;
	}
	sqlite3_bind_text(st, 1, x->req->param, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		reply_fail(r, "procedure vanished from the snapshot");
		return;
	}
	if (!(f = buf_open(&data, &len))) {
		sqlite3_finalize(st);
		reply_fail(r, "out of memory");
		return;
	}
	rc = write_proc(f, x, st, &est, api, &e);
	sqlite3_finalize(st);
	if (buf_finish(f, &data, &len, r, 200, api ? CT_JSON : CT_HTML) == 0 && rc < 0)
		reply_fail(r, e.msg);
}
