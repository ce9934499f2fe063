/*
 * index766_page: the indicators of Decision 766/QĐ-TTg that the data can
 * give (core/domain/index766.h), for the province and each agency, with
 * the page that says how each is computed and which are left out.
 */
#include <stdlib.h>
#include <string.h>

#include "index766.h"
#include "satisfaction_page.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

#define METHOD_REL IDX766_DIR "/phuong-phap.html"
#define INDEX766_REL IDX766_DIR "/index.html"
#define DATA766_REL PAGE_DIR_STATS "/chi-so-766"

/* The periods the pages show of each kind (the open data has them all). */
static const struct {
	enum stats_period_kind kind;
	int last;
	enum msg_id title;
} shown[] = {
    {STATS_YEAR, 100, M_IX_BY_YEAR},
    {STATS_QUARTER, 4, M_IX_BY_QUARTER},
    {STATS_MONTH, 6, M_IX_BY_MONTH},
};

static const struct {
	enum msg_id name, formula, official;
} ind[IDX766_COUNT] = {
    [IDX766_ONTIME] = {M_IX_ONTIME, M_IX_F_ONTIME, M_IX_O_ONTIME},
    [IDX766_OVERDUE] = {M_IX_OVERDUE, M_IX_F_OVERDUE, M_IX_O_OVERDUE},
    [IDX766_APOLOGY] = {M_IX_APOLOGY, M_IX_F_APOLOGY, M_IX_O_APOLOGY},
    [IDX766_ONLINE] = {M_IX_ONLINE, M_IX_F_ONLINE, M_IX_O_ONLINE},
    [IDX766_PROGRESS] = {M_IX_PROGRESS, M_IX_F_PROGRESS, M_IX_O_PROGRESS},
    [IDX766_SATISFIED] = {M_IX_SATISFIED, M_IX_F_SATISFIED, M_IX_O_SATISFIED},
};

/* Whether entity ENT had anything in period PER. */
static int
active(const struct ss *s, int ent, int per)
{
	return stats_received(s->st, ent, per) > 0 ||
	       (s->rt->nq > 0 && satis_total(s->sa, ent, per, 0) > 0);
}

static int
cell(FILE *f, enum lang l, const struct ss *s, int ent, int per, enum idx766_ind i)
{
	struct idx766_value v;

	/* The first question of the templates is the one the index reads. */
	if (idx766_value(s->x, s->sa, 0, ent, per, i, &v) < 0)
		return -1;
	W("<td>");
	if (i == IDX766_APOLOGY) {
		if (out_int(f, v.num) < 0)
			return -1;
	} else {
		if (ss_share_l(f, l, v.permille) < 0)
			return -1;
		if (v.den > 0 && out_printf(f, " <small>(%lld/%lld)</small>", (long long)v.num,
		                            (long long)v.den) < 0)
			return -1;
	}
	W("</td>");
	return 0;
}

/* The tables of entity ENT: one per kind of period, the latest first. */
static int
tables(FILE *f, enum lang l, const struct ss *s, int ent)
{
	for (size_t k = 0; k < sizeof shown / sizeof shown[0]; k++) {
		int n = 0;
		W("<h2>");
		W(msg(l, shown[k].title));
		W("</h2>\n<div class=\"table-scroll\" tabindex=\"0\"><table "
		  "class=\"report\">\n<thead><tr>"
		  "<th scope=\"col\">");
		W(msg(l, M_SAT_PERIOD));
		W("</th>");
		for (int i = 0; i < IDX766_COUNT; i++) {
			W("<th scope=\"col\">");
			W(msg(l, ind[i].name));
			W("</th>");
		}
		W("</tr></thead>\n<tbody>\n");
		for (int p = stats_nperiods(s->st) - 1; p >= 0 && n < shown[k].last; p--) {
			if (stats_period(s->st, p)->kind != shown[k].kind)
				continue;
			n++;
			W("<tr><th scope=\"row\">");
			if (ss_period_label_l(f, l, stats_period(s->st, p)) < 0)
				return -1;
			W("</th>");
			for (int i = 0; i < IDX766_COUNT; i++)
				if (cell(f, l, s, ent, p, (enum idx766_ind)i) < 0)
					return -1;
			W("</tr>\n");
		}
		W("</tbody></table></div>\n");
	}
	return 0;
}

static int
links(FILE *f, enum lang l)
{
	const char *data = l == LANG_EN ? "../../../" DATA766_REL : "../chi-so-766";

	W("<p><a href=\"phuong-phap.html\">");
	W(msg(l, M_IX_METHOD_LINK));
	W("</a> · ");
	W(msg(l, M_SAT_DATA));
	if (out_printf(f,
	               ": <a href=\"%s.xlsx\">chi-so-766.xlsx</a> · <a href=\"%s.csv\">"
	               "chi-so-766.csv</a> · <a href=\"%s.json\">chi-so-766.json</a></p>\n"
	               "<p class=\"note\">",
	               data, data, data) < 0)
		return -1;
	W(msg(l, M_IX_NOT_POINTS));
	W("</p>\n");
	return 0;
}

/* The entity an agency's page shows: with its predecessors when it has any. */
static int
agency_entity(const struct ss *s, int a)
{
	int ent = stats_entity(s->st, STATS_E_ROLLUP, a);

	return ent >= 0 ? ent : stats_entity(s->st, STATS_E_AGENCY, a);
}

static int
agency_page(FILE *f, const struct ss *s, int arg)
{
	enum lang l = (enum lang)(arg & 1);
	int a = arg >> 1, ent = agency_entity(s, a);
	char rel[128], *title = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&title, &len);
	int r = -1;

	snprintf(rel, sizeof rel, IDX766_DIR "/%s.html", s->ag[a].code);
	if (!m)
		return -1;
	fprintf(m, "%s: %s", msg(l, M_IX_LINK), s->ag[a].name);
	if (fclose(m) != 0 || ss_page_begin_lang(f, l, title, rel, NAV_STATS, s->as_of, 1) < 0)
		goto out;
	if (fputs("<p class=\"code\">", f) == EOF || out_text(f, s->ag[a].code) < 0 ||
	    fputs("</p>\n", f) == EOF)
		goto out;
	if (stats_entity_kind(s->st, ent) == STATS_E_ROLLUP &&
	    (fputs("<p>", f) == EOF || fputs(msg(l, M_IX_ROLLUP), f) == EOF ||
	     fputs("</p>\n", f) == EOF))
		goto out;
	if (links(f, l) < 0 || tables(f, l, s, ent) < 0 ||
	    fputs("<p><a href=\"index.html\">", f) == EOF ||
	    fputs(msg(l, M_IX_PROVINCE), f) == EOF || fputs("</a></p>\n", f) == EOF)
		goto out;
	r = ss_page_end_lang(f, l, s->as_of);
out:
	free(title);
	return r;
}

static int
index_page(FILE *f, const struct ss *s, int lang)
{
	enum lang l = (enum lang)lang;
	int any = 0;

	if (ss_page_begin_lang(f, l, msg(l, M_IX_TITLE), INDEX766_REL, NAV_STATS, s->as_of, 1) < 0)
		return -1;
	W("<p>");
	W(msg(l, M_IX_INTRO));
	W("</p>\n<p>");
	W(msg(l, M_IX_GROUPS));
	W("</p>\n");
	if (links(f, l) < 0 || tables(f, l, s, 0) < 0)
		return -1;
	for (int a = 0; a < s->nag; a++) {
		if (!ss_safe_name(s->ag[a].code))
			continue;
		if (!any) {
			W("<h2>");
			W(msg(l, M_IX_AGENCIES));
			W("</h2>\n<ul class=\"agency-list\">\n");
			any = 1;
		}
		W("<li><a href=\"");
		if (out_attr(f, s->ag[a].code) < 0)
			return -1;
		W(".html\">");
		if (out_text(f, s->ag[a].name) < 0)
			return -1;
		W("</a></li>\n");
	}
	W(any ? "</ul>\n" : "");
	return ss_page_end_lang(f, l, s->as_of);
}

static int
method_page(FILE *f, const struct ss *s, int lang)
{
	enum lang l = (enum lang)lang;

	if (ss_page_begin_lang(f, l, msg(l, M_IX_METHOD), METHOD_REL, NAV_STATS, s->as_of, 1) < 0)
		return -1;
	W("<p>");
	W(msg(l, M_IX_GROUPS));
	W("</p>\n<div class=\"table-scroll\" tabindex=\"0\"><table class=\"report\">\n<thead><tr>"
	  "<th scope=\"col\">");
	W(msg(l, M_IX_INDICATOR));
	W("</th><th scope=\"col\">");
	W(msg(l, M_IX_FORMULA));
	W("</th><th scope=\"col\">");
	W(msg(l, M_IX_OFFICIAL));
	W("</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < IDX766_COUNT; i++) {
		W("<tr><th scope=\"row\">");
		W(msg(l, ind[i].name));
		if (out_printf(f, " <small>%s</small></th><td>", idx766_name((enum idx766_ind)i)) <
		    0)
			return -1;
		W(msg(l, ind[i].formula));
		W("</td><td>");
		W(msg(l, ind[i].official));
		W("</td></tr>\n");
	}
	W("</tbody></table></div>\n<h2>");
	W(msg(l, M_IX_NOT_HELD));
	W("</h2>\n<p>");
	W(msg(l, M_IX_NOT_HELD_LIST));
	W("</p>\n<p class=\"note\">");
	W(msg(l, M_IX_NOT_POINTS));
	W("</p>\n<p>");
	W(msg(l, M_IX_SOURCES));
	W("</p>\n<p><a href=\"index.html\">");
	W(msg(l, M_IX_TITLE));
	W("</a></p>\n");
	return ss_page_end_lang(f, l, s->as_of);
}

/* ---- open data ------------------------------------------------------- */

static const char *const cols[] = {
    "entity_kind", "entity_code", "entity_name", "period_kind", "period",
    "indicator",   "numerator",   "denominator", "pct",
};
#define NCOLS (sizeof cols / sizeof cols[0])

static int
data_row(FILE *f, const struct ss *s, int ent, int per, enum idx766_ind i, int json, int first)
{
	const struct stats_period *p = stats_period(s->st, per);
	struct idx766_value v;
	char id[32], n[2][SS_NUMBUF], pm[SS_NUMBUF];
	const char *text[6], *num[3];
	FILE *m = fmemopen(id, sizeof id, "w");

	if (!m || ss_period_id(m, p) < 0 || fputc('\0', m) == EOF || fclose(m) != 0 ||
	    idx766_value(s->x, s->sa, 0, ent, per, i, &v) < 0)
		return -1;
	text[0] = ss_entity_kind_name(s, ent);
	text[1] = ss_entity_code(s, ent);
	text[2] = ss_entity_name(s, LANG_VI, ent);
	text[3] = ss_period_kind_name(p->kind);
	text[4] = id;
	text[5] = idx766_name(i);
	num[0] = ss_fmt_int(n[0], v.num);
	/* A bare count has no denominator: empty, not 0. */
	num[1] = i == IDX766_APOLOGY ? "" : ss_fmt_int(n[1], v.den);
	num[2] = ss_fmt_pm(pm, v.permille);
	return ss_data_row(f, json, first, cols, NCOLS, 6, text, num);
}

/* The province, every agency and every roll-up, each period it was active. */
static int
data_file(struct ss *s, int json, struct err *e)
{
	struct ss_out a;
	int r = 0, first = 1;

	if (ss_open(&a, s, json ? DATA766_REL ".json" : DATA766_REL ".csv", e) < 0)
		return -1;
	r = ss_data_begin(a.f, s, json, cols, NCOLS);
	for (int p = 0; r == 0 && p < stats_nperiods(s->st); p++)
		for (int ent = 0; r == 0 && ent < stats_nentities(s->st); ent++) {
			enum stats_entity_kind k = stats_entity_kind(s->st, ent);
			if ((k != STATS_E_PROVINCE && k != STATS_E_AGENCY && k != STATS_E_ROLLUP) ||
			    !active(s, ent, p))
				continue;
			for (int i = 0; r == 0 && i < IDX766_COUNT; i++) {
				r = data_row(a.f, s, ent, p, (enum idx766_ind)i, json, first);
				first = 0;
			}
		}
	if (r == 0 && json)
		r = ss_json_end(a.f);
	if (r < 0) {
		ss_abort(&a);
		return err_set(e, "%s: write error", DATA766_REL);
	}
	return ss_commit(s, &a, e);
}

int
ss_index766_write(struct ss *s, struct err *e)
{
	char rel[160];

	if (data_file(s, 0, e) < 0 || data_file(s, 1, e) < 0)
		return -1;
	for (int l = 0; l < LANG_COUNT; l++) {
		const char *pre = l == LANG_EN ? PAGE_DIR_EN "/" : "";
		for (int a = 0; a < s->nag; a++) {
			if (!ss_safe_name(s->ag[a].code))
				continue; /* never a path from an unchecked code */
			snprintf(rel, sizeof rel, "%s" IDX766_DIR "/%s.html", pre, s->ag[a].code);
			if (ss_write(s, rel, agency_page, a << 1 | l, e) < 0)
				return -1;
		}
		snprintf(rel, sizeof rel, "%s" INDEX766_REL, pre);
		if (ss_write(s, rel, index_page, l, e) < 0)
			return -1;
		snprintf(rel, sizeof rel, "%s" METHOD_REL, pre);
		if (ss_write(s, rel, method_page, l, e) < 0)
			return -1;
	}
	return 0;
}
