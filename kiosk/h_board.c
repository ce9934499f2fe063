/*
 * The wallboard (/board, /api/board): a hall screen listing the dossiers
 * whose results wait for pickup (status 'ready'), by code only (no names,
 * no initials: the screen faces the whole hall), and today's counts.  It
 * refreshes itself with <meta http-equiv=refresh>, so it needs no script.
 */
#include <string.h>

#include "frame.h"
#include "kiosk.h"
#include "out.h"
#include "store.h"

#define BOARD_MAX 60 /* codes that fit a hall screen in large type */

struct counts {
	long long received, resolved, returned, waiting;
};

/* One pass over the dossiers for today's counts ([TODAY, TOMORROW)). */
static int
count_today(sqlite3 *db, const char *office, const char *today, const char *tomorrow,
            struct counts *c, struct err *e)
{
	sqlite3_stmt *st = store_prepare(
		db,
		"SELECT total(received_at >= ?1 AND received_at < ?2), "
		"total(resolved_at >= ?1 AND resolved_at < ?2), "
		"total(returned_at >= ?1 AND returned_at < ?2), total(status = 'ready') "
		"FROM dossiers WHERE ?3 IS NULL OR agency_code = ?3",
		e);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tomorrow, -1, SQLITE_STATIC);
	if (office)
		sqlite3_bind_text(st, 3, office, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "board counts: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	c->received = (long long)sqlite3_column_double(st, 0);
	c->resolved = (long long)sqlite3_column_double(st, 1);
	c->returned = (long long)sqlite3_column_double(st, 2);
	c->waiting = (long long)sqlite3_column_double(st, 3);
	sqlite3_finalize(st);
	return 0;
}

static void
counts_html(FILE *f, const struct counts *c, enum lang lang)
{
	const struct {
		enum ktext t;
		long long v;
	} rows[] = {{KT_RECEIVED_TODAY, c->received}, {KT_RESOLVED_TODAY, c->resolved},
	            {KT_RETURNED_TODAY, c->returned}, {KT_WAITING, c->waiting}};

	fputs("<section class=\"board-counts\">\n<h2>", f);
	fputs(ktext(lang, KT_TODAY), f);
	fputs("</h2>\n<dl>\n", f);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fputs("<div><dt>", f);
		fputs(ktext(lang, rows[i].t), f);
		out_printf(f, "</dt><dd>%lld</dd></div>\n", rows[i].v);
	}
	fputs("</dl>\n</section>\n", f);
}

/* The ready list, newest first.  Returns 0 or -1 with E set. */
static int
ready_list(FILE *f, sqlite3 *db, const char *office, int api, enum lang lang, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT code FROM dossiers WHERE status = 'ready' AND "
	                                 "(?1 IS NULL OR agency_code = ?1) "
	                                 "ORDER BY resolved_at DESC, code LIMIT ?2",
	                                 e);
	int n = 0, rc;

	if (!st)
		return -1;
	if (office)
		sqlite3_bind_text(st, 1, office, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, BOARD_MAX);
	if (!api) {
		fputs("<section class=\"board-ready\">\n<h2>", f);
		fputs(ktext(lang, KT_READY_LIST), f);
		fputs("</h2>\n<ol class=\"ready-codes\">\n", f);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (api) {
			fputs(n ? "," : "", f);
			out_json(f, store_text(st, 0));
		} else {
			fputs("<li>", f);
			out_text(f, store_text(st, 0));
			fputs("</li>\n", f);
		}
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "board list: %s", sqlite3_errmsg(db));
	if (!api) {
		fputs("</ol>\n", f);
		if (n == 0) {
			fputs("<p class=\"empty\">", f);
			fputs(ktext(lang, KT_NONE_READY), f);
			fputs("</p>\n", f);
		}
		fputs("<p class=\"board-hint\">", f);
		fputs(ktext(lang, KT_BOARD_HINT), f);
		fputs("</p>\n</section>\n", f);
	}
	return 0;
}

void
h_board(struct ctx *x, struct reply *r)
{
	char today[CLOCK_DATE_LEN + 1], tomorrow[CLOCK_DATE_LEN + 1], *data;
	day_t d = (day_t)(clock_now() / CLOCK_MIN_PER_DAY);
	int api = route_is_api(x->route), rc = 0;
	const char *office = x->k->conf.office;
	struct frame fr = {.lang = x->lang, .title = ktext(x->lang, KT_BOARD_TITLE),
	                   .self = "/board", .body_class = "page-board",
	                   .refresh = x->k->conf.board_refresh, .extra_css = "/board.css"};
	struct snap_info info;
	struct counts c;
	struct err e = {""};
	size_t len;
	FILE *f;

	clock_format_date(d, today);
	clock_format_date(d + 1, tomorrow);
	if (count_today(x->lease.db, office, today, tomorrow, &c, &e) < 0) {
		reply_fail(r, e.msg);
		return;
	}
	if (!(f = buf_open(&data, &len))) {
		reply_fail(r, "out of memory");
		return;
	}
	snap_get_info(x->k->snap, &info);
	fr.as_of = info.generated_at;
	if (api) {
		out_printf(f, "{\"date\":\"%s\",\"received\":%lld,\"resolved\":%lld,"
		           "\"returned\":%lld,\"waiting\":%lld,\"ready\":[",
		           today, c.received, c.resolved, c.returned, c.waiting);
	} else {
		frame_begin(f, &fr);
		fputs("<h1 class=\"board-title\">", f);
		fputs(ktext(x->lang, KT_BOARD_TITLE), f);
		fputs("</h1>\n<div class=\"board\">\n", f);
	}
	rc = ready_list(f, x->lease.db, office, api, x->lang, &e);
	if (api) {
		fputs("]}\n", f);
	} else {
		counts_html(f, &c, x->lang);
		fputs("</div>\n", f);
		frame_end(f, &fr);
	}
	if (buf_finish(f, &data, &len, r, 200, api ? CT_JSON : CT_HTML) == 0 && rc < 0)
		reply_fail(r, e.msg);
}
