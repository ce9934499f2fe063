/*
 * satisfaction_page: thong-ke/hai-long.html (and en/), .csv, .json: the
 * citizens' satisfaction per entity and period from core/satisfaction.
 */
#include <stdlib.h>
#include <string.h>

#include "satisfaction.h"
#include "satisfaction_page.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

#define SAT_MONTHS 24 /* months in the chart, as the report's charts */

static const char *
text_l(enum lang l, const char *vi, const char *en)
{
	return l == LANG_EN && en && *en ? en : vi;
}

/* Whether question Q has any rating in entity ENT, period PER. */
static int
rated(const struct ss *s, int ent, int per, int q)
{
	return satis_total(s->sa, ent, per, q) > 0;
}

static int
table_head(FILE *f, enum lang l, const struct ss *s, int q, enum msg_id first)
{
	W("<div class=\"table-scroll\" tabindex=\"0\"><table class=\"report\">\n<thead><tr>"
	  "<th scope=\"col\">");
	W(msg(l, first));
	W("</th><th scope=\"col\">");
	W(msg(l, M_SAT_RATINGS));
	W("</th>");
	for (int c = 0; c < s->rt->nc; c++) {
		if (s->rt->c[c].question != q)
			continue;
		W("<th scope=\"col\">");
		if (out_text(f, text_l(l, s->rt->c[c].text, s->rt->c[c].text_en)) < 0)
			return -1;
		W("</th>");
	}
	W("<th scope=\"col\">");
	W(msg(l, M_SAT_SHARE));
	W("</th></tr></thead>\n<tbody>\n");
	return 0;
}

/* One row: labelled by the period (LABEL_PERIOD) or by the entity. */
static int
table_row(FILE *f, enum lang l, const struct ss *s, int q, int ent, int per, int label_period)
{
	W("<tr><th scope=\"row\">");
	if (label_period) {
		if (ss_period_label_l(f, l, stats_period(s->st, per)) < 0)
			return -1;
	} else {
		const char *code = ss_entity_code(s, ent);
		if (out_text(f, ss_entity_name(s, l, ent)) < 0)
			return -1;
		if (*code) {
			W(" <small>");
			if (out_text(f, code) < 0)
				return -1;
			W("</small>");
		}
	}
	if (fputs("</th><td>", f) == EOF || out_int(f, satis_total(s->sa, ent, per, q)) < 0 ||
	    fputs("</td>", f) == EOF)
		return -1;
	for (int c = 0; c < s->rt->nc; c++)
		if (s->rt->c[c].question == q &&
		    (fputs("<td>", f) == EOF || out_int(f, satis_count(s->sa, ent, per, c)) < 0 ||
		     fputs("</td>", f) == EOF))
			return -1;
	W("<td>");
	if (ss_share_l(f, l, satis_permille(s->sa, ent, per, q)) < 0)
		return -1;
	W("</td></tr>\n");
	return 0;
}

static int
table_end(FILE *f)
{
	W("</tbody></table></div>\n");
	return 0;
}

/* The satisfied share of question Q by month, the last SAT_MONTHS. */
static int
month_chart(FILE *f, enum lang l, const struct ss *s, int q)
{
	int idx[SAT_MONTHS], n = 0;
	char lab[SAT_MONTHS][16], id[32];
	const char *labels[SAT_MONTHS];
	double v[SAT_MONTHS];
	struct chart c;

	for (int i = stats_nperiods(s->st) - 1; i >= 0 && n < SAT_MONTHS; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH)
			idx[n++] = i;
	if (n == 0)
		return 0;
	for (int k = 0; k < n; k++) {
		int i = idx[n - 1 - k], pm = satis_permille(s->sa, 0, i, q);
		const struct stats_period *p = stats_period(s->st, i);
		snprintf(lab[k], sizeof lab[k], "%02d/%04d", p->num, p->year);
		labels[k] = lab[k];
		v[k] = pm < 0 ? CHART_MISSING : pm / 10.0;
	}
	snprintf(id, sizeof id, "sat-%d", q);
	c = (struct chart){.id = id,
	                   .title = msg(l, M_SAT_CHART_TITLE),
	                   .desc = msg(l, M_SAT_CHART_DESC),
	                   .xname = msg(l, M_SAT_MONTH),
	                   .unit = "%",
	                   .n = n,
	                   .labels = labels,
	                   .nseries = 1,
	                   .series = {{msg(l, M_SAT_SHARE), v}},
	                   .ymax = 100,
	                   .yref = -1,
	                   .xref = -1,
	                   .decimals = 1,
	                   .lang = l};
	return chart_line(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

/* The entities of KIND rated in period PER for question Q, as a table. */
static int
entity_table(FILE *f, enum lang l, const struct ss *s, int q, int per, enum stats_entity_kind kind,
             enum msg_id title)
{
	int any = 0;

	for (int ent = 0; ent < stats_nentities(s->st); ent++) {
		if (stats_entity_kind(s->st, ent) != kind || !rated(s, ent, per, q))
			continue;
		if (!any) {
			W("<h4>");
			W(msg(l, title));
			W("</h4>\n");
			if (table_head(f, l, s, q, M_SAT_ENTITY) < 0)
				return -1;
			any = 1;
		}
		if (table_row(f, l, s, q, ent, per, 0) < 0)
			return -1;
	}
	return any ? table_end(f) : 0;
}

static int
question_section(FILE *f, enum lang l, const struct ss *s, int q)
{
	static const enum stats_period_kind kinds[] = {STATS_YEAR, STATS_QUARTER, STATS_MONTH};
	int any = 0;

	W("<h2>");
	if (out_text(f, text_l(l, s->rt->q[q].text, s->rt->q[q].text_en)) < 0)
		return -1;
	W("</h2>\n");
	for (int i = 0; i < stats_nperiods(s->st); i++)
		any |= rated(s, 0, i, q);
	if (!any) {
		W("<p>");
		W(msg(l, M_SAT_NONE));
		W("</p>\n");
		return 0;
	}
	if (month_chart(f, l, s, q) < 0)
		return -1;
	W("<h3>");
	W(msg(l, M_SAT_PROVINCE));
	W("</h3>\n");
	if (table_head(f, l, s, q, M_SAT_PERIOD) < 0)
		return -1;
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
		for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
			if (stats_period(s->st, i)->kind == kinds[k] && rated(s, 0, i, q) &&
			    table_row(f, l, s, q, 0, i, 1) < 0)
				return -1;
	if (table_end(f) < 0)
		return -1;
	/* Agencies, fields and procedures per year, the latest first; every
	 * period of every subject is in the open data. */
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--) {
		if (stats_period(s->st, i)->kind != STATS_YEAR || !rated(s, 0, i, q))
			continue;
		W("<h3>");
		if (ss_period_label_l(f, l, stats_period(s->st, i)) < 0)
			return -1;
		W("</h3>\n");
		if (entity_table(f, l, s, q, i, STATS_E_AGENCY, M_SAT_BY_AGENCY) < 0 ||
		    entity_table(f, l, s, q, i, STATS_E_FIELD, M_SAT_BY_FIELD) < 0 ||
		    entity_table(f, l, s, q, i, STATS_E_PROCEDURE, M_SAT_BY_PROCEDURE) < 0)
			return -1;
	}
	return 0;
}

static int
sat_page(FILE *f, const struct ss *s, int lang)
{
	enum lang l = (enum lang)lang;
	const char *up = l == LANG_EN ? "../../" PAGE_DIR_STATS "/" : "";

	if (ss_page_begin_lang(f, l, msg(l, M_SAT_TITLE), SAT_REL ".html", NAV_STATS, s->as_of, 1) <
	    0)
		return -1;
	W("<p>");
	W(msg(l, M_SAT_INTRO));
	W("</p>\n<p>");
	W(msg(l, M_SAT_DATA));
	if (out_printf(f,
	               ": <a href=\"%shai-long.xlsx\">hai-long.xlsx</a> · <a "
	               "href=\"%shai-long.csv\">hai-long.csv</a> · <a "
	               "href=\"%shai-long.json\">hai-long.json</a> · <a "
	               "href=\"chi-so-766/index.html\">",
	               up, up, up) < 0)
		return -1;
	W(msg(l, M_IX_LINK));
	W("</a></p>\n");
	for (int q = 0; q < s->rt->nq; q++)
		if (question_section(f, l, s, q) < 0)
			return -1;
	if (s->rt->skipped && out_printf(f, "<p class=\"note\">%ld %s.</p>\n", s->rt->skipped,
	                                 msg(l, M_SAT_SKIPPED)) < 0)
		return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

/* ---- open data ------------------------------------------------------- */

static const char *const cols[] = {
    "entity_kind", "entity_code", "entity_name", "period_kind", "period",        "question",
    "choice",      "count",       "ratings",     "satisfied",   "satisfied_pct",
};
#define NCOLS (sizeof cols / sizeof cols[0])

/* One row per (entity, period, question, choice) with ratings; the
 * question's totals repeated on each of its choices' rows. */
static int
data_row(FILE *f, const struct ss *s, int ent, int per, int c, int json, int first)
{
	const struct stats_period *p = stats_period(s->st, per);
	int q = s->rt->c[c].question;
	char id[32], n[3][SS_NUMBUF], pm[SS_NUMBUF];
	const char *text[7], *num[4];
	FILE *m = fmemopen(id, sizeof id, "w");

	if (!m || ss_period_id(m, p) < 0 || fputc('\0', m) == EOF || fclose(m) != 0)
		return -1;
	text[0] = ss_entity_kind_name(s, ent);
	text[1] = ss_entity_code(s, ent);
	text[2] = ss_entity_name(s, LANG_VI, ent);
	text[3] = ss_period_kind_name(p->kind);
	text[4] = id;
	text[5] = s->rt->q[q].code;
	text[6] = s->rt->c[c].code;
	num[0] = ss_fmt_int(n[0], satis_count(s->sa, ent, per, c));
	num[1] = ss_fmt_int(n[1], satis_total(s->sa, ent, per, q));
	num[2] = ss_fmt_int(n[2], satis_satisfied(s->sa, ent, per, q));
	num[3] = ss_fmt_pm(pm, satis_permille(s->sa, ent, per, q));
	return ss_data_row(f, json, first, cols, NCOLS, 7, text, num);
}

static int
data_file(struct ss *s, int json, struct err *e)
{
	struct ss_out a;
	int r = 0, first = 1;

	if (ss_open(&a, s, json ? SAT_REL ".json" : SAT_REL ".csv", e) < 0)
		return -1;
	r = ss_data_begin(a.f, s, json, cols, NCOLS);
	for (int p = 0; r == 0 && p < stats_nperiods(s->st); p++)
		for (int ent = 0; r == 0 && ent < stats_nentities(s->st); ent++)
			for (int c = 0; r == 0 && c < s->rt->nc; c++) {
				if (!rated(s, ent, p, s->rt->c[c].question))
					continue;
				r = data_row(a.f, s, ent, p, c, json, first);
				first = 0;
			}
	if (r == 0 && json)
		r = ss_json_end(a.f);
	if (r < 0) {
		ss_abort(&a);
		return err_set(e, "%s: write error", SAT_REL);
	}
	return ss_commit(s, &a, e);
}

int
ss_satisfaction_write(struct ss *s, struct err *e)
{
	if (data_file(s, 0, e) < 0 || data_file(s, 1, e) < 0 ||
	    ss_write(s, SAT_REL ".html", sat_page, LANG_VI, e) < 0)
		return -1;
	return ss_write(s, PAGE_DIR_EN "/" SAT_REL ".html", sat_page, LANG_EN, e);
}
