/*
 * The wallboard (/board, /api/board): a hall screen listing the dossiers
 * whose results wait for pickup (status 'ready'), by code only (no names,
 * no initials: the screen faces the whole hall), and today's counts.  It
 * refreshes itself with <meta http-equiv=refresh>, so it needs no script.
 *
 * The figures come from board.h, computed once per snapshot generation and
 * day and shared by every screen: a request only renders them.
 */
#include <string.h>

#include "board.h"
#include "frame.h"
#include "kiosk.h"
#include "out.h"

static void
counts_html(FILE *f, const struct board_data *d, enum lang lang)
{
	const struct {
		enum msg_id t;
		long long v;
	} rows[] = {{M_K_RECEIVED_TODAY, d->received}, {M_K_RESOLVED_TODAY, d->resolved},
	            {M_K_RETURNED_TODAY, d->returned}, {M_K_WAITING, d->waiting}};

	fputs("<section class=\"board-counts\">\n<h2>", f);
	fputs(msg(lang, M_K_TODAY), f);
	fputs("</h2>\n<dl>\n", f);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fputs("<div><dt>", f);
		fputs(msg(lang, rows[i].t), f);
		out_printf(f, "</dt><dd>%lld</dd></div>\n", rows[i].v);
	}
	fputs("</dl>\n</section>\n", f);
}

/* The ready list, newest first, and a line saying so when it is cut. */
static void
ready_html(FILE *f, const struct board_data *d, enum lang lang)
{
	fputs("<section class=\"board-ready\">\n<h2>", f);
	fputs(msg(lang, M_K_READY_LIST), f);
	fputs("</h2>\n<ol class=\"ready-codes\">\n", f);
	for (int i = 0; i < d->nready; i++) {
		fputs("<li>", f);
		out_text(f, d->ready[i]);
		fputs("</li>\n", f);
	}
	fputs("</ol>\n", f);
	if (d->nready == 0) {
		fputs("<p class=\"empty\">", f);
		fputs(msg(lang, M_K_NONE_READY), f);
		fputs("</p>\n", f);
	} else if (d->waiting > d->nready) {
		fputs("<p class=\"board-capped\">", f);
		fputs(msg(lang, M_K_BOARD_CAP_A), f);
		out_printf(f, "%d", d->nready);
		fputs(msg(lang, M_K_BOARD_CAP_B), f);
		out_printf(f, "%lld", d->waiting);
		fputs(msg(lang, M_K_BOARD_CAP_C), f);
		fputs("</p>\n", f);
	}
	fputs("<p class=\"board-hint\">", f);
	fputs(msg(lang, M_K_BOARD_HINT), f);
	fputs("</p>\n</section>\n", f);
}

static void
board_json(FILE *f, const struct board_data *d)
{
	out_printf(f, "{\"date\":\"%s\",\"received\":%lld,\"resolved\":%lld,"
	           "\"returned\":%lld,\"waiting\":%lld,\"ready_shown\":%d,\"ready_max\":%d,"
	           "\"ready\":[",
	           d->date, d->received, d->resolved, d->returned, d->waiting, d->nready,
	           BOARD_SHOW);
	for (int i = 0; i < d->nready; i++) {
		fputs(i ? "," : "", f);
		out_json(f, d->ready[i]);
	}
	fputs("]}\n", f);
}

void
h_board(struct ctx *x, struct reply *r)
{
	day_t today = (day_t)(clock_now() / CLOCK_MIN_PER_DAY);
	int api = route_is_api(x->route);
	struct frame fr = {.lang = x->lang, .title = msg(x->lang, M_K_BOARD_TITLE),
	                   .self = "/board", .body_class = "page-board",
	                   .refresh = x->k->conf.board_refresh, .extra_css = "/board.css",
	                   .as_of = x->lease.generated_at};
	const struct board_data *d;
	struct err e = {""};
	char *data;
	size_t len;
	FILE *f;

	if (!(d = board_get(x->k->board, &x->lease, today, &e))) {
		reply_fail(r, e.msg);
		return;
	}
	if (!(f = buf_open(&data, &len))) {
		board_put(d);
		reply_fail(r, "out of memory");
		return;
	}
	if (api) {
		board_json(f, d);
	} else {
		frame_begin(f, &fr);
		fputs("<h1 class=\"board-title\">", f);
		fputs(msg(x->lang, M_K_BOARD_TITLE), f);
		fputs("</h1>\n<div class=\"board\">\n", f);
		ready_html(f, d, x->lang);
		counts_html(f, d, x->lang);
		fputs("</div>\n", f);
		frame_end(f, &fr);
	}
	board_put(d);
	buf_finish(f, &data, &len, r, 200, api ? CT_JSON : CT_HTML);
}
