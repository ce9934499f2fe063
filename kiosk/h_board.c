/*
 * The wallboard (/board, /api/board): a hall screen listing the dossiers
 * whose results wait for pickup (status 'ready'), by code only (no names,
 * no initials: the screen faces the whole hall), where to collect them
 * (the agencies' pickup_place), and today's counts.
 *
 * Nobody touches the screen, so it offers no buttons (no language button)
 * and pages and refreshes by itself: web/board.js splits the list into
 * pages that fit the screen, turns them on a timer ("Trang 2/6") and
 * fetches this page again every --board-refresh seconds to replace the
 * board in place (no <meta http-equiv=refresh>, which reloads the whole
 * page under a reader's eyes).  Without script the list is one long page
 * with a reload link.
 *
 * The figures come from board.h, computed once per snapshot generation and
 * day and shared by every screen: a request only renders them.
 */
#include <string.h>

#include "board.h"
#include "frame.h"
#include "kiosk.h"
#include "out.h"

/* Seconds each page of codes stays on the screen: time to find one's code
 * among some forty. */
#define BOARD_TURN_SECONDS 10

static void
counts_html(FILE *f, const struct board_data *d, enum lang lang)
{
	const struct {
		enum msg_id t;
		long long v;
	} rows[] = {{M_K_RECEIVED_TODAY, d->received},
	            {M_K_RESOLVED_TODAY, d->resolved},
	            {M_K_RETURNED_TODAY, d->returned},
	            {M_K_WAITING, d->waiting}};

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

/* Whether every ready code is collected at the same place (or none says):
 * then the place is said once, above the list, not on every code. */
static int
one_place(const struct board_data *d)
{
	for (int i = 1; i < d->nready; i++)
		if (d->place_of[i] != d->place_of[0])
			return 0;
	return 1;
}

static void
place_html(FILE *f, const struct board_data *d, enum lang lang)
{
	if (d->nready == 0 || !one_place(d) || d->place_of[0] < 0)
		return;
	fputs("<p class=\"board-place\">", f);
	fputs(msg(lang, M_K_PICKUP_AT), f);
	fputs(": <strong>", f);
	out_text(f, d->places[d->place_of[0]]);
	fputs("</strong></p>\n", f);
}

/* The ready list, newest first, and a line saying so when it is cut. */
static void
ready_html(FILE *f, const struct board_data *d, enum lang lang)
{
	int each = !one_place(d);

	fputs("<section class=\"board-ready\">\n<h2>", f);
	fputs(msg(lang, M_K_READY_LIST), f);
	fputs("</h2>\n<ol class=\"ready-codes\">\n", f);
	for (int i = 0; i < d->nready; i++) {
		fputs("<li>", f);
		out_text(f, d->ready[i]);
		if (each && d->place_of[i] >= 0) {
			fputs("<span class=\"pickup\">", f);
			out_text(f, d->places[d->place_of[i]]);
			fputs("</span>", f);
		}
		fputs("</li>\n", f);
	}
	fputs("</ol>\n<p class=\"board-pager\" hidden></p>\n", f);
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
	out_printf(f,
	           "{\"date\":\"%s\",\"received\":%lld,\"resolved\":%lld,"
	           "\"returned\":%lld,\"waiting\":%lld,\"ready_shown\":%d,\"ready_max\":%d,"
	           "\"ready\":[",
	           d->date, d->received, d->resolved, d->returned, d->waiting, d->nready,
	           BOARD_SHOW);
	for (int i = 0; i < d->nready; i++) {
		fputs(i ? "," : "", f);
		out_json(f, d->ready[i]);
	}
	/* Where each is collected, in the same order (null: not said). */
	fputs("],\"pickup\":[", f);
	for (int i = 0; i < d->nready; i++) {
		fputs(i ? "," : "", f);
		if (d->place_of[i] < 0)
			fputs("null", f);
		else
			out_json(f, d->places[d->place_of[i]]);
	}
	fputs("]}\n", f);
}

static void
board_html(FILE *f, struct ctx *x, const struct board_data *d)
{
	enum lang l = x->lang;

	fputs("<h1 class=\"board-title\">", f);
	fputs(msg(l, M_K_BOARD_TITLE), f);
	/* board.js reads its timings and the word for "page" here. */
	out_printf(f,
	           "</h1>\n<div class=\"board\" id=\"board\" data-refresh=\"%u\" data-turn=\"%d\" "
	           "data-page-word=\"",
	           x->k->conf.board_refresh, BOARD_TURN_SECONDS);
	out_attr(f, msg(l, M_K_BOARD_PAGE));
	fputs("\">\n", f);
	place_html(f, d, l);
	counts_html(f, d, l);
	ready_html(f, d, l);
	fputs("</div>\n<noscript><p class=\"board-reload\"><a class=\"btn\" href=\"/board", f);
	fputs(l == LANG_EN ? "?lang=en" : "", f);
	fputs("\">", f);
	fputs(msg(l, M_K_RELOAD), f);
	fputs("</a></p></noscript>\n", f);
}

void
h_board(struct ctx *x, struct reply *r)
{
	day_t today = (day_t)(clock_now() / CLOCK_MIN_PER_DAY);
	int api = route_is_api(x->route);
	struct frame fr = {.lang = x->lang,
	                   .title = msg(x->lang, M_K_BOARD_TITLE),
	                   .self = NULL,
	                   .body_class = "page-board",
	                   .extra_css = "/board.css",
	                   .extra_js = "/board.js",
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
		board_html(f, x, d);
		frame_end(f, &fr);
	}
	board_put(d);
	buf_finish(f, &data, &len, r, 200, api ? CT_JSON : CT_HTML);
}
