/*
 * stats_site_report: the official report table as pages,
 * CSV and JSON: the whole table, one page per period, the overview page
 * with its charts, and the statistics page of each agency.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "page.h"
#include "satisfaction_page.h"
#include "stats_columns.h"
#include "stats_site.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

/* Months shown on the overview and agency charts. */
#define CHART_MONTHS 24
/* An on-time rate from fewer resolved dossiers than this is drawn hollow:
 * one late dossier in 8 moves it by 12 points. */
#define LOW_BASE 20

/* The CSV and JSON of file ID (SS_F_REPORT or SS_F_FORM) at BASE (without
 * extension): a row for every subject with dossiers in period PER, or in
 * every period when PER is -1. */
static int
write_table_files(struct ss *s, enum ss_file_id id, int per, const char *base, struct err *e)
{
	char path[256];
	struct ss_out a;

	for (int json = 0; json < 2; json++) {
		int first = 1, r;
		snprintf(path, sizeof path, "%s.%s", base, json ? "json" : "csv");
		if (ss_open(&a, s, path, e) < 0)
			return -1;
		r = json ? ss_json_begin(a.f, s) : ss_csv_header(a.f, id);
		for (int p = per < 0 ? 0 : per;
		     r == 0 && p < (per < 0 ? stats_nperiods(s->st) : per + 1); p++)
			for (int ent = 0; r == 0 && ent < stats_nentities(s->st); ent++) {
				if (stats_received(s->st, ent, p) == 0)
					continue;
				r = ss_rc_row(a.f, s, id, ent, p, json, first);
				first = 0;
			}
		if (r == 0 && json)
			r = ss_json_end(a.f);
		if (r < 0) {
			ss_abort(&a);
			return err_set(e, "%s: write error", path);
		}
		if (ss_commit(s, &a, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- HTML tables --------------------------------------------------------- */

/* A header cell: <th scope="SCOPE"EXTRA>TEXT</th>. */
static int
th(FILE *f, const char *scope, const char *extra, const char *text)
{
	W("<th scope=\"");
	W(scope);
	W("\"");
	W(extra);
	W(">");
	W(text);
	W("</th>");
	return 0;
}

/* The report table's two header rows in L, FIRST heading the label column:
 * a group's header over its columns' headers, a column in no group headed
 * across both rows. */
static int
table_head(FILE *f, enum lang l, enum msg_id label, enum msg_id first)
{
	char span[32];

	if (ss_scroll_begin(f, msg(l, label), "report") < 0)
		return -1;
	W("\n<thead><tr>");
	if (th(f, "col", " rowspan=\"2\"", msg(l, first)) < 0)
		return -1;
	for (int i = 0, n; i < SS_RC_NREPORT; i += n) {
		const struct ss_rcol *c = &ss_rcols[i];
		n = 1;
		if (c->kind == SS_RK_TEXT)
			continue;
		if (!c->group) {
			if (th(f, "col", " rowspan=\"2\"", msg(l, c->head)) < 0)
				return -1;
			continue;
		}
		while (i + n < SS_RC_NREPORT && ss_rcols[i + n].kind != SS_RK_TEXT &&
		       ss_rcols[i + n].group == c->group)
			n++;
		snprintf(span, sizeof span, " colspan=\"%d\"", n);
		if (th(f, "colgroup", span, msg(l, c->group)) < 0)
			return -1;
	}
	W("</tr>\n<tr>");
	for (int i = 0; i < SS_RC_NREPORT; i++)
		if (ss_rcols[i].kind != SS_RK_TEXT && ss_rcols[i].group &&
		    th(f, "col", "", msg(l, ss_rcols[i].head)) < 0)
			return -1;
	W("</tr></thead>\n<tbody>\n");
	return 0;
}

static int
table_end(FILE *f)
{
	W("</tbody></table></div>\n");
	return 0;
}

/* One row: its header cell is the entity (LABEL_PERIOD zero) or the
 * period, labelled in L. */
static int
html_row_l(FILE *f, enum lang l, const struct ss *s, int ent, int per, int label_period)
{
	W("<tr><th scope=\"row\">");
	if (label_period) {
		if (ss_period_label(f, l, stats_period(s->st, per)) < 0)
			return -1;
	} else {
		const char *code = ss_entity_code(s, ent);
		if (out_text(f, ss_entity_name(s, l, ent)) < 0)
			return -1;
		if (*code && stats_entity_kind(s->st, ent) != STATS_E_LEVEL) {
			W(" <small>");
			if (out_text(f, code) < 0)
				return -1;
			W("</small>");
		}
	}
	W("</th>");
	for (int i = 0; i < SS_RC_NREPORT; i++) {
		enum ss_rc_kind k = ss_rcols[i].kind;
		int64_t v;
		if (k == SS_RK_TEXT)
			continue;
		v = ss_rc_num(s, (enum ss_rcol_id)i, ent, per);
		if (fputs("<td>", f) == EOF ||
		    (k == SS_RK_PCT ? ss_pct_l(f, l, (int)v) : out_int(f, v)) < 0 ||
		    fputs("</td>", f) == EOF)
			return -1;
	}
	W("</tr>\n");
	return 0;
}

static int
period_section(FILE *f, enum lang l, const struct ss *s, int per, enum stats_entity_kind kind,
               enum msg_id title)
{
	int any = 0;

	for (int ent = 0; ent < stats_nentities(s->st); ent++) {
		if (stats_entity_kind(s->st, ent) != kind || stats_received(s->st, ent, per) == 0)
			continue;
		if (!any++) {
			W("<section>\n<h2>");
			W(msg(l, title));
			W("</h2>\n");
			if (table_head(f, l, title, M_SS_RT_SUBJECT) < 0)
				return -1;
		}
		if (html_row_l(f, l, s, ent, per, 0) < 0)
			return -1;
	}
	if (any)
		return table_end(f) < 0 || fputs("</section>\n", f) == EOF ? -1 : 0;
	return 0;
}

/* The page of period PER in L at PATH (relative to L's root); OTHER: show
 * the language switch. */
static int
period_page(FILE *f, enum lang l, const struct ss *s, int per, const char *path, int other)
{
	static const struct {
		enum stats_entity_kind kind;
		enum msg_id title;
	} sections[] = {
	    {STATS_E_PROVINCE, M_SS_PROVINCE}, {STATS_E_LEVEL, M_SS_SEC_LEVEL},
	    {STATS_E_AGENCY, M_SS_SEC_AGENCY}, {STATS_E_ROLLUP, M_SS_SEC_ROLLUP},
	    {STATS_E_FIELD, M_SS_SEC_FIELD},   {STATS_E_PROCEDURE, M_SS_SEC_PROCEDURE},
	};
	/* One set of data files, beside the Vietnamese page. */
	const char *data = l == LANG_EN ? "../../../" PAGE_DIR_STATS "/ky/" : "";
	const struct stats_period *p = stats_period(s->st, per);
	char *t = NULL, *title = NULL;
	size_t len = 0, tlen = 0;
	FILE *m = open_memstream(&t, &len), *mt;
	int r;

	if (!m)
		return -1;
	r = ss_period_label(m, l, p);
	if (fclose(m) != 0 || r < 0) {
		free(t);
		return -1;
	}
	if (!(mt = open_memstream(&title, &tlen))) {
		free(t);
		return -1;
	}
	r = msg_fill(mt, l, M_SS_PERIOD_TITLE, 0, (const char *const[]){t}, 1);
	free(t);
	if (fclose(mt) != 0 || r < 0) {
		free(title);
		return -1;
	}
	r = ss_page_begin_lang(f, l, title, path, NAV_STATS, s->as_of, other);
	free(title);
	if (r < 0)
		return -1;
	if (out_printf(f, "<p>%s: <a href=\"%s", msg(l, M_SS_DOWNLOAD), data) < 0 ||
	    ss_period_id(f, p) < 0 || out_printf(f, ".csv\">CSV</a> · <a href=\"%s", data) < 0 ||
	    ss_period_id(f, p) < 0 || out_printf(f, ".json\">JSON</a> · <a href=\"%s", data) < 0 ||
	    ss_period_id(f, p) < 0 ||
	    out_printf(f,
	               ".xlsx\">Excel</a> · <a href=\"../du-lieu.html\">%s</a> · "
	               "<a href=\"../index.html\">%s</a></p>\n",
	               msg(l, M_SS_DICT_LINK), msg(l, M_NAV_STATS)) < 0)
		return -1;
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (period_section(f, l, s, per, sections[i].kind, sections[i].title) < 0)
			return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

/* Render period PER's page in L to REL (PATH: REL without en/) and hold it. */
static int
period_page_write(struct ss *s, int per, enum lang l, const char *rel, const char *path,
                  struct err *e)
{
	struct ss_out a;

	if (ss_open(&a, s, rel, e) < 0)
		return -1;
	if (period_page(a.f, l, s, per, path, 1) < 0) {
		ss_abort(&a);
		return err_set(e, "%s: write error", rel);
	}
	return ss_commit(s, &a, e);
}

static int
write_period(struct ss *s, int per, struct err *e)
{
	char base[128], html[sizeof base + 5], *id = NULL; /* + ".html" */
	char en[sizeof html + sizeof PAGE_DIR_EN];
	size_t len = 0;
	FILE *m = open_memstream(&id, &len);
	int r, n;

	if (!m)
		return err_set(e, "out of memory");
	r = ss_period_id(m, stats_period(s->st, per));
	if (fclose(m) != 0 || r < 0) {
		free(id);
		return err_set(e, "out of memory");
	}
	n = snprintf(base, sizeof base, PAGE_DIR_STATS "/ky/%s", id);
	if (n < 0 || (size_t)n >= sizeof base) {
		err_set(e, "period '%.40s': name too long", id);
		free(id);
		return -1;
	}
	free(id);
	if (write_table_files(s, SS_F_REPORT, per, base, e) < 0)
		return -1;
	snprintf(html, sizeof html, "%s.html", base); /* fits: html has room for it */
	snprintf(en, sizeof en, PAGE_DIR_EN "/%s", html);
	if (period_page_write(s, per, LANG_VI, html, html, e) < 0)
		return -1;
	return period_page_write(s, per, LANG_EN, en, html, e);
}

/* ---- charts ------------------------------------------------------------ */

/* The last N (<= CHART_MONTHS) month periods: their indexes and labels in
 * L ("03/2025", "Mar 2025"). */
static int
last_months(const struct ss *s, enum lang l, int *idx, char (*lab)[16], const char **labels)
{
	int n = 0, first = -1;

	for (int i = 0; i < stats_nperiods(s->st); i++)
		if (stats_period(s->st, i)->kind == STATS_MONTH)
			n++;
	for (int i = 0; i < stats_nperiods(s->st) && first < 0; i++)
		if (stats_period(s->st, i)->kind == STATS_MONTH)
			first = i;
	if (first < 0)
		return 0;
	if (n > CHART_MONTHS) {
		first += n - CHART_MONTHS;
		n = CHART_MONTHS;
	}
	for (int i = 0; i < n; i++) {
		const struct stats_period *p = stats_period(s->st, first + i);
		idx[i] = first + i;
		if (l == LANG_EN && p->num >= 1 && p->num <= 12)
			snprintf(lab[i], sizeof lab[i], "%s %04d",
			         msg(l, (enum msg_id)(M_MON_JAN + p->num - 1)), p->year);
		else
			snprintf(lab[i], sizeof lab[i], "%02d/%04d", p->num, p->year);
		labels[i] = lab[i];
	}
	return n;
}

/* On-time rate and received vs resolved by month for entity ENT. */
static int
month_charts(FILE *f, enum lang l, const struct ss *s, int ent, const char *id)
{
	int idx[CHART_MONTHS], base[CHART_MONTHS], n, partial, r;
	char lab[CHART_MONTHS][16], cid[64], low[256], part[256], nb[16], asof[40];
	const char *labels[CHART_MONTHS];
	double rate[CHART_MONTHS], got[CHART_MONTHS], done[CHART_MONTHS];
	struct chart c;
	FILE *m;

	n = last_months(s, l, idx, lab, labels);
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		int pm = stats_ontime_permille(s->st, ent, idx[i]);
		rate[i] = pm < 0 ? CHART_MISSING : pm / 10.0;
		got[i] = (double)(stats_received(s->st, ent, idx[i]) -
		                  stats_get(s->st, ent, idx[i], STATS_CARRIED));
		done[i] = (double)stats_resolved(s->st, ent, idx[i]);
		base[i] = (int)stats_resolved(s->st, ent, idx[i]);
	}
	/* The current month is counted up to the data's last change. */
	partial = stats_period(s->st, idx[n - 1])->end > s->now;
	snprintf(nb, sizeof nb, "%d", LOW_BASE);
	if (!out_date_str(asof, sizeof asof, l, s->as_of))
		snprintf(asof, sizeof asof, "%s", s->as_of);
	m = fmemopen(low, sizeof low, "w");
	r = m ? msg_fill(m, l, M_SS_CH_LOW, 0, (const char *const[]){nb}, 1) : -1;
	if (!m || r < 0 || fputc('\0', m) == EOF || fclose(m) != 0)
		return -1;
	m = fmemopen(part, sizeof part, "w");
	r = m ? msg_fill(m, l, M_SS_CH_PARTIAL, 0, (const char *const[]){nb, labels[n - 1], asof},
	                 3)
	      : -1;
	if (!m || r < 0 || fputc('\0', m) == EOF || fclose(m) != 0)
		return -1;
	snprintf(cid, sizeof cid, "%s-rate", id);
	c = (struct chart){.id = cid,
	                   .title = msg(l, M_SS_CH_RATE_TITLE),
	                   .desc = msg(l, M_SS_CH_RATE_DESC),
	                   .xname = msg(l, M_SS_MONTH),
	                   .unit = "%",
	                   .n = n,
	                   .labels = labels,
	                   .nseries = 1,
	                   .series = {{msg(l, M_SS_CH_RATE_SERIES), rate}},
	                   .ymax = 100,
	                   .yref = -1,
	                   .xref = -1,
	                   .decimals = 1,
	                   .lang = l,
	                   .base = base,
	                   .base_name = msg(l, M_SS_CH_RESOLVED_N),
	                   .low_base = LOW_BASE,
	                   .partial_last = partial,
	                   .note_low = low,
	                   .note_partial = part};
	if (chart_line(f, &c) < 0 || chart_table(f, &c) < 0)
		return -1;
	snprintf(cid, sizeof cid, "%s-flow", id);
	c = (struct chart){
	    .id = cid,
	    .title = msg(l, M_SS_CH_FLOW_TITLE),
	    .desc = msg(l, M_SS_CH_FLOW_DESC),
	    .xname = msg(l, M_SS_MONTH),
	    .unit = msg(l, M_SS_UNIT_DOSSIERS),
	    .n = n,
	    .labels = labels,
	    .nseries = 2,
	    .series = {{msg(l, M_SS_CH_FLOW_NEW), got}, {msg(l, M_SS_RT_RESOLVED), done}},
	    .yref = -1,
	    .xref = -1,
	    .decimals = 0,
	    .lang = l,
	    .partial_last = partial,
	    .note_partial = part};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

/* ---- the overview page ------------------------------------------------- */

/* Links to the pages of every period of kind K, newest first. */
static int
period_links(FILE *f, enum lang l, const struct ss *s, enum stats_period_kind k, enum msg_id title)
{
	W("<li>");
	W(msg(l, title));
	W(": ");
	for (int i = stats_nperiods(s->st) - 1, first = 1; i >= 0; i--) {
		const struct stats_period *p = stats_period(s->st, i);
		if (p->kind != k)
			continue;
		W(first ? "<a href=\"ky/" : " · <a href=\"ky/");
		first = 0;
		if (ss_period_id(f, p) < 0)
			return -1;
		W(".html\">");
		if (ss_period_label(f, l, p) < 0)
			return -1;
		W("</a>");
	}
	W("</li>\n");
	return 0;
}

/* The citizens' satisfaction and the service index, first on the
 * overview (same names in both languages). */
static int
index_links(FILE *f, enum lang l)
{
	W("<p class=\"stats-links\"><a href=\"hai-long.html\">");
	W(msg(l, M_SAT_TITLE));
	W("</a> · <a href=\"chi-so-766/index.html\">");
	W(msg(l, M_IX_TITLE));
	W("</a></p>\n");
	return 0;
}

#define INDEX_REL PAGE_DIR_STATS "/index.html"

/* thong-ke/index.html and en/thong-ke/index.html: the overview in L,
 * linking the pages in L and the one set of data files. */
static int
index_page(FILE *f, const struct ss *s, enum lang l)
{
	const char *data = l == LANG_EN ? "../../" PAGE_DIR_STATS "/" : "";

	if (ss_page_begin_lang(f, l, msg(l, M_SS_STATS_TITLE), INDEX_REL, NAV_STATS, s->as_of, 1) <
	    0)
		return -1;
	if (index_links(f, l) < 0)
		return -1;
	/* Named, so that it is told apart from the site's menu (also a nav). */
	if (out_printf(f,
	               "<p>%s</p>\n<nav class=\"stats-links\" aria-label=\"%s\"><ul>\n"
	               "<li><a href=\"thoi-gian-xu-ly.html\">%s</a></li>\n"
	               "<li><a href=\"diem-nghen.html\">%s</a></li>\n"
	               "<li><a href=\"../" PAGE_DIR_ISO "/index.html\">%s</a></li>\n",
	               msg(l, M_SS_INDEX_INTRO), msg(l, M_NAV_STATS), msg(l, M_SS_LINK_TIMES),
	               msg(l, M_SS_LINK_BN), msg(l, M_SS_LINK_ISO)) < 0 ||
	    out_printf(f,
	               "<li><a href=\"du-lieu.html\">%s</a>: <a href=\"%sbao-cao.csv\">"
	               "bao-cao.csv</a> · <a href=\"%sbao-cao.json\">bao-cao.json</a> · "
	               "<a href=\"%sbao-cao.xlsx\">bao-cao.xlsx</a> (Excel)</li>\n"
	               "</ul></nav>\n<h2>%s</h2>\n<ul class=\"periods\">\n",
	               msg(l, M_SS_LINK_DATA), data, data, data, msg(l, M_SS_BY_PERIOD)) < 0)
		return -1;
	if (period_links(f, l, s, STATS_YEAR, M_SS_YEAR) < 0 ||
	    period_links(f, l, s, STATS_QUARTER, M_SS_QUARTER) < 0 ||
	    period_links(f, l, s, STATS_MONTH, M_SS_MONTH) < 0)
		return -1;
	if (out_printf(f,
	               "</ul>\n<h2>%s</h2>\n<p>%s<a href=\"%sbao-cao-mau.csv\">bao-cao-mau.csv"
	               "</a> · <a href=\"%sbao-cao-mau.json\">bao-cao-mau.json</a> · <a "
	               "href=\"%sbao-cao.xlsx\">bao-cao.xlsx</a> (Excel).</p>\n"
	               "<ul class=\"periods\">\n",
	               msg(l, M_SS_CUT_TITLE), msg(l, M_SS_CUT_TEXT), data, data, data) < 0)
		return -1;
	if (period_links(f, l, s, STATS_CUT_YEAR, M_SS_YEAR) < 0 ||
	    period_links(f, l, s, STATS_CUT_QUARTER, M_SS_QUARTER) < 0 ||
	    period_links(f, l, s, STATS_CUT_MONTH, M_SS_MONTH) < 0)
		return -1;
	if (out_printf(f, "</ul>\n<h2>%s</h2>\n", msg(l, M_SS_PROV_BY_MONTH)) < 0 ||
	    month_charts(f, l, s, 0, "prov") < 0 ||
	    table_head(f, l, M_SS_PROV_BY_MONTH, M_SS_MONTH) < 0)
		return -1;
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH && html_row_l(f, l, s, 0, i, 1) < 0)
			return -1;
	if (table_end(f) < 0 || out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_TIME_VS_LIMIT)) < 0 ||
	    ss_distribution_chart(f, l, s) < 0)
		return -1;
	if (s->skipped) {
		char n[24];
		snprintf(n, sizeof n, "%ld", s->skipped);
		W("<p class=\"note\">");
		if (msg_fill(f, l, M_SS_SKIPPED, 1, (const char *const[]){n, s->first_skipped}, 2) <
		    0)
			return -1;
		W("</p>\n");
	}
	return ss_page_end_lang(f, l, s->as_of);
}

/* The statistics page of one agency (thong-ke/co-quan/CODE.html, in
 * English under en/): the summary of the last six months, then its
 * months, with its predecessors when it has any.  ARG is the agency's
 * index times LANG_COUNT plus the language. */
static int
agency_page(FILE *f, const struct ss *s, int arg)
{
	const int a = arg / LANG_COUNT;
	const enum lang l = arg % LANG_COUNT == LANG_EN ? LANG_EN : LANG_VI;
	/* One set of data files, beside the Vietnamese pages. */
	const char *data = l == LANG_EN ? "../../../" PAGE_DIR_STATS "/" : "../";
	char rel[128], *title = NULL;
	size_t tlen = 0;
	FILE *mt = open_memstream(&title, &tlen);
	int ent = stats_entity(s->st, STATS_E_ROLLUP, a), r;

	if (!mt)
		return -1;
	r = msg_fill(mt, l, M_SS_STATS_OF, 0, (const char *const[]){s->ag[a].name}, 1);
	if (fclose(mt) != 0 || r < 0) {
		free(title);
		return -1;
	}
	if (ent < 0)
		ent = stats_entity(s->st, STATS_E_AGENCY, a);
	snprintf(rel, sizeof rel, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/%s.html", s->ag[a].code);
	r = ss_page_begin_lang(f, l, title, rel, NAV_STATS, s->as_of, 1);
	free(title);
	if (r < 0 || ss_summary(f, l, s, a, -1) < 0)
		return -1;
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_AG_BY_MONTH)) < 0)
		return -1;
	if (stats_entity_kind(s->st, ent) == STATS_E_ROLLUP &&
	    out_printf(f, "<p>%s</p>\n", msg(l, M_SS_AG_ROLLUP)) < 0)
		return -1;
	if (month_charts(f, l, s, ent, "ag") < 0 ||
	    table_head(f, l, M_SS_AG_BY_MONTH, M_SS_MONTH) < 0)
		return -1;
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH &&
		    stats_received(s->st, ent, i) > 0 && html_row_l(f, l, s, ent, i, 1) < 0)
			return -1;
	if (table_end(f) < 0)
		return -1;
	if (out_printf(f,
	               "<p><a href=\"%sbao-cao.csv\">%s</a> · <a href=\"../du-lieu.html\">%s</a>"
	               " · <a href=\"../index.html\">%s</a></p>\n",
	               data, msg(l, M_SS_DATA_CSV), msg(l, M_SS_DICT_LINK),
	               msg(l, M_SS_PROVINCE_STATS)) < 0)
		return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

static int
index_fn(FILE *f, const struct ss *s, int lang)
{
	return index_page(f, s, lang == LANG_EN ? LANG_EN : LANG_VI);
}

/* Whether NAME (without its extension) is the id of one of this run's
 * periods. */
static int
current_period(const struct ss *s, const char *name, size_t len)
{
	char id[32];

	for (int i = 0; i < stats_nperiods(s->st); i++) {
		FILE *m = fmemopen(id, sizeof id, "w");
		int r = m ? ss_period_id(m, stats_period(s->st, i)) : -1;
		if (!m || fputc('\0', m) == EOF || fclose(m) != 0 || r < 0)
			return 1; /* when in doubt, keep the file */
		if (strlen(id) == len && strncmp(id, name, len) == 0)
			return 1;
	}
	return 0;
}

/* Whether NAME looks like a period file we write: [chot-]YYYY[-MM|-qN]
 * then .html, .csv, .json or .xlsx.  Sets *LEN to the id's length. */
static int
period_file(const char *name, size_t *len)
{
	const char *dot = strrchr(name, '.'), *p = name;

	if (!dot || (strcmp(dot, ".html") != 0 && strcmp(dot, ".csv") != 0 &&
	             strcmp(dot, ".json") != 0 && strcmp(dot, ".xlsx") != 0))
		return 0;
	if (strncmp(p, "chot-", 5) == 0)
		p += 5;
	for (int i = 0; i < 4; i++, p++)
		if (*p < '0' || *p > '9')
			return 0;
	if (p < dot && strspn(p, "-q0123456789") != (size_t)(dot - p))
		return 0;
	*len = (size_t)(dot - name);
	return 1;
}

/* Remove from DIR (under the site) the period files of periods this run
 * does not have (an older site's months before the data's first, for
 * one), so that a publish over an old site leaves what one into an empty
 * folder would.  Temporary files (dot files) are left to their owner. */
static int
remove_stale_periods(const struct ss *s, const char *dir, struct err *e)
{
	char path[512];
	DIR *d;
	const struct dirent *de;
	int r = 0;

	if (snprintf(path, sizeof path, "%s/%s", s->site, dir) >= (int)sizeof path)
		return err_set(e, "%s: path too long", dir);
	if (!(d = opendir(path)))
		return errno == ENOENT ? 0 : err_set(e, "%s: %s", path, strerror(errno));
	while (r == 0 && (de = readdir(d))) {
		char f[768];
		size_t len;
		if (de->d_name[0] == '.' || !period_file(de->d_name, &len) ||
		    current_period(s, de->d_name, len))
			continue;
		snprintf(f, sizeof f, "%s/%s", path, de->d_name);
		if (unlink(f) < 0 && errno != ENOENT)
			r = err_set(e, "%s: %s", f, strerror(errno));
	}
	closedir(d);
	return r;
}

int
ss_report_write(struct ss *s, struct err *e)
{
	/* bao-cao and the form's layout, bao-cao-mau: every period. */
	if (write_table_files(s, SS_F_REPORT, -1, ss_files[SS_F_REPORT].path, e) < 0 ||
	    write_table_files(s, SS_F_FORM, -1, ss_files[SS_F_FORM].path, e) < 0)
		return -1;
	for (int per = 0; per < stats_nperiods(s->st); per++)
		if (write_period(s, per, e) < 0)
			return -1;
	if (remove_stale_periods(s, PAGE_DIR_STATS "/ky", e) < 0 ||
	    remove_stale_periods(s, PAGE_DIR_EN "/" PAGE_DIR_STATS "/ky", e) < 0)
		return -1;
	if (ss_write(s, INDEX_REL, index_fn, LANG_VI, e) < 0)
		return -1;
	return ss_write(s, PAGE_DIR_EN "/" INDEX_REL, index_fn, LANG_EN, e);
}

int
ss_agency_pages_write(struct ss *s, struct err *e)
{
	char rel[128];

	for (int a = 0; a < s->nag; a++) {
		if (!ss_safe_name(s->ag[a].code))
			continue; /* never a path from an unchecked code */
		for (int l = 0; l < LANG_COUNT; l++) {
			snprintf(rel, sizeof rel,
			         "%s" PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/%s.html",
			         l == LANG_EN ? PAGE_DIR_EN "/" : "", s->ag[a].code);
			if (ss_write(s, rel, agency_page, a * LANG_COUNT + l, e) < 0)
				return -1;
		}
	}
	return 0;
}
