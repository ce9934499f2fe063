/*
 * stats_site_report: the official report table as pages,
 * CSV and JSON: the whole table, one page per period, the overview page
 * with its charts, and the statistics page of each agency.
 */
#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "page.h"
#include "stats_site.h"

#define W(s) \
	do { \
		if (fputs((s), f) == EOF) \
			return -1; \
	} while (0)

/* Months shown on the overview and agency charts. */
#define CHART_MONTHS 24

static const char *const kind_names[] = {
	"province", "level", "agency", "rollup", "procedure", "field",
};

static const char *
entity_code(const struct ss *s, int ent)
{
	int ref = stats_entity_ref(s->st, ent);

	switch (stats_entity_kind(s->st, ent)) {
	case STATS_E_PROVINCE:
		return "";
	case STATS_E_LEVEL:
		return stats_level_name(ref);
	case STATS_E_AGENCY:
	case STATS_E_ROLLUP:
		return s->ag[ref].code;
	case STATS_E_PROCEDURE:
		return s->pr[ref].code;
	case STATS_E_FIELD:
		return s->fi[ref].code;
	}
	return "";
}

static const char *
entity_name(const struct ss *s, int ent)
{
	int ref = stats_entity_ref(s->st, ent);

	switch (stats_entity_kind(s->st, ent)) {
	case STATS_E_PROVINCE:
		return "Toàn tỉnh";
	case STATS_E_LEVEL:
		return ss_level_vi(ref);
	case STATS_E_AGENCY:
	case STATS_E_ROLLUP:
		return s->ag[ref].name;
	case STATS_E_PROCEDURE:
		return s->pr[ref].name;
	case STATS_E_FIELD:
		return s->fi[ref].name;
	}
	return "";
}

/* The same in L: the province and levels are named in English; agencies,
 * procedures and fields keep their (Vietnamese) names. */
static const char *
entity_name_l(const struct ss *s, enum lang l, int ent)
{
	if (l != LANG_EN)
		return entity_name(s, ent);
	switch (stats_entity_kind(s->st, ent)) {
	case STATS_E_PROVINCE:
		return "Whole province";
	case STATS_E_LEVEL:
		return msg_level(l, stats_level_name(stats_entity_ref(s->st, ent)));
	default:
		return entity_name(s, ent);
	}
}

/* The numbers of a row in the open data's column order, from 'carried'. */
static int
row_numbers(const struct ss *s, int ent, int per, int64_t *v)
{
	const struct stats *st = s->st;
	int n = 0;

	for (int c = STATS_CARRIED; c <= STATS_NEW_POST; c++)
		v[n++] = stats_get(st, ent, per, (enum stats_col)c);
	v[n++] = stats_received(st, ent, per);
	for (int c = STATS_EARLY; c <= STATS_LATE; c++)
		v[n++] = stats_get(st, ent, per, (enum stats_col)c);
	v[n++] = stats_resolved(st, ent, per);
	v[n++] = stats_get(st, ent, per, STATS_PENDING_WITHIN);
	v[n++] = stats_get(st, ent, per, STATS_PENDING_OVERDUE);
	v[n++] = stats_pending(st, ent, per);
	for (int c = STATS_REJECTED; c <= STATS_APOLOGY; c++)
		v[n++] = stats_get(st, ent, per, (enum stats_col)c);
	return n;
}

#define ROW_NUMS 17 /* carried .. apology */
#define ROW_FIRST_NUM 7

/* Where period P is judged, as printed: a running period at SINCE_DATA
 * (its figures read the same from then to now). */
static tmin_t
until(const struct ss *s, const struct stats_period *p)
{
	return p->until < s->now ? p->until : s->since_data;
}

static int
csv_row(FILE *f, const struct ss *s, int ent, int per)
{
	const struct stats_period *p = stats_period(s->st, per);
	char a[CLOCK_INSTANT_LEN + 1], b[CLOCK_INSTANT_LEN + 1];
	int64_t v[ROW_NUMS];
	int n = row_numbers(s, ent, per, v);

	if (out_csv(f, kind_names[stats_entity_kind(s->st, ent)]) < 0 || fputc(',', f) == EOF ||
	    out_csv(f, entity_code(s, ent)) < 0 || fputc(',', f) == EOF ||
	    out_csv(f, entity_name(s, ent)) < 0 || fputc(',', f) == EOF ||
	    out_csv(f, ss_period_kind_name(p->kind)) < 0 ||
	    fputc(',', f) == EOF || ss_period_id(f, p) < 0 ||
	    out_printf(f, ",%s,%s", clock_format_instant(p->start, a), clock_format_instant(until(s, p), b)) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (ss_csv_num(f, v[i]) < 0)
			return -1;
	W(",");
	return ss_pct(f, stats_ontime_permille(s->st, ent, per)) < 0 ? -1 : ss_csv_end(f);
}

static int
json_row(FILE *f, const struct ss *s, int ent, int per, int first)
{
	const struct stats_period *p = stats_period(s->st, per);
	char a[CLOCK_INSTANT_LEN + 1];
	int64_t v[ROW_NUMS];
	int n = row_numbers(s, ent, per, v), k = 0, pm;

	W(first ? "\n{" : ",\n{");
	if (ss_json_key(f, SS_F_REPORT, k++) < 0 ||
	    out_json(f, kind_names[stats_entity_kind(s->st, ent)]) < 0 ||
	    ss_json_key(f, SS_F_REPORT, k++) < 0 || out_json(f, entity_code(s, ent)) < 0 ||
	    ss_json_key(f, SS_F_REPORT, k++) < 0 || out_json(f, entity_name(s, ent)) < 0 ||
	    ss_json_key(f, SS_F_REPORT, k++) < 0 ||
	    out_json(f, ss_period_kind_name(p->kind)) < 0 ||
	    ss_json_key(f, SS_F_REPORT, k++) < 0 || fputc('"', f) == EOF || ss_period_id(f, p) < 0 ||
	    fputc('"', f) == EOF || ss_json_key(f, SS_F_REPORT, k++) < 0 ||
	    out_json(f, clock_format_instant(p->start, a)) < 0 || ss_json_key(f, SS_F_REPORT, k++) < 0 ||
	    out_json(f, clock_format_instant(until(s, p), a)) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (ss_json_key(f, SS_F_REPORT, k++) < 0 || out_printf(f, "%lld", (long long)v[i]) < 0)
			return -1;
	if (ss_json_key(f, SS_F_REPORT, k) < 0)
		return -1;
	pm = stats_ontime_permille(s->st, ent, per);
	if (pm < 0)
		W("null");
	else if (ss_pct(f, pm) < 0)
		return -1;
	W("}");
	return 0;
}

static int
json_begin(FILE *f, const struct ss *s)
{
	W("{\"generated_at\":");
	if (out_json(f, s->as_of) < 0)
		return -1;
	W(",\"rows\":[");
	return 0;
}

/* Write the report CSV and JSON for period PER, or every period when -1. */
static int
write_table_files(struct ss *s, int per, const char *base, struct err *e)
{
	char path[256];
	struct ss_out a;

	for (int json = 0; json < 2; json++) {
		int first = 1, r;
		snprintf(path, sizeof path, "%s.%s", base, json ? "json" : "csv");
		if (ss_open(&a, s, path, e) < 0)
			return -1;
		r = json ? json_begin(a.f, s) : ss_csv_header(a.f, SS_F_REPORT);
		for (int p = per < 0 ? 0 : per; r == 0 && p < (per < 0 ? stats_nperiods(s->st) : per + 1); p++)
			for (int ent = 0; r == 0 && ent < stats_nentities(s->st); ent++) {
				if (stats_received(s->st, ent, p) == 0)
					continue;
				r = json ? json_row(a.f, s, ent, p, first) : csv_row(a.f, s, ent, p);
				first = 0;
			}
		if (r == 0 && json && fputs("\n]}\n", a.f) == EOF)
			r = -1;
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

static int
table_head_en(FILE *f, const char *first)
{
	W("<div class=\"table-scroll\"><table class=\"report\">\n<thead><tr><th scope=\"col\" rowspan=\"2\">");
	W(first);
	W("</th><th scope=\"colgroup\" colspan=\"5\">Dossiers to handle</th>"
	  "<th scope=\"colgroup\" colspan=\"4\">Resolved</th>"
	  "<th scope=\"colgroup\" colspan=\"3\">Open at the end</th>"
	  "<th scope=\"col\" rowspan=\"2\">Refused</th><th scope=\"col\" rowspan=\"2\">Withdrawn</th>"
	  "<th scope=\"col\" rowspan=\"2\">Waiting for supplement at the end</th>"
	  "<th scope=\"col\" rowspan=\"2\">Supplement requested</th>"
	  "<th scope=\"col\" rowspan=\"2\">With an apology slip</th>"
	  "<th scope=\"col\" rowspan=\"2\">On-time rate (%)</th></tr>\n<tr>"
	  "<th scope=\"col\">Carried over</th><th scope=\"col\">New: online</th>"
	  "<th scope=\"col\">New: counter</th><th scope=\"col\">New: post</th>"
	  "<th scope=\"col\">Total</th><th scope=\"col\">Early</th>"
	  "<th scope=\"col\">On time</th><th scope=\"col\">Late</th><th scope=\"col\">Total</th>"
	  "<th scope=\"col\">Within time</th><th scope=\"col\">Overdue</th><th scope=\"col\">Total</th>"
	  "</tr></thead>\n<tbody>\n");
	return 0;
}

static int
table_head(FILE *f, const char *first)
{
	W("<div class=\"table-scroll\"><table class=\"report\">\n<thead><tr><th scope=\"col\" rowspan=\"2\">");
	W(first);
	W("</th><th scope=\"colgroup\" colspan=\"5\">Số hồ sơ nhận giải quyết</th>"
	  "<th scope=\"colgroup\" colspan=\"4\">Đã giải quyết</th>"
	  "<th scope=\"colgroup\" colspan=\"3\">Đang giải quyết cuối kỳ</th>"
	  "<th scope=\"col\" rowspan=\"2\">Từ chối</th><th scope=\"col\" rowspan=\"2\">Rút</th>"
	  "<th scope=\"col\" rowspan=\"2\">Chờ bổ sung cuối kỳ</th>"
	  "<th scope=\"col\" rowspan=\"2\">Yêu cầu bổ sung trong kỳ</th>"
	  "<th scope=\"col\" rowspan=\"2\">Có phiếu xin lỗi</th>"
	  "<th scope=\"col\" rowspan=\"2\">Tỷ lệ đúng hạn (%)</th></tr>\n<tr>"
	  "<th scope=\"col\">Kỳ trước chuyển qua</th><th scope=\"col\">Mới: trực tuyến</th>"
	  "<th scope=\"col\">Mới: trực tiếp</th><th scope=\"col\">Mới: bưu chính</th>"
	  "<th scope=\"col\">Tổng</th><th scope=\"col\">Trước hạn</th>"
	  "<th scope=\"col\">Đúng hạn</th><th scope=\"col\">Quá hạn</th><th scope=\"col\">Tổng</th>"
	  "<th scope=\"col\">Trong hạn</th><th scope=\"col\">Quá hạn</th><th scope=\"col\">Tổng</th>"
	  "</tr></thead>\n<tbody>\n");
	return 0;
}

static int
table_end(FILE *f)
{
	W("</tbody></table></div>\n");
	return 0;
}

/* The label of period P in English: "03/2025", "Q1 2025", "2025". */
static int
period_label_en(FILE *f, const struct stats_period *p)
{
	switch (p->kind) {
	case STATS_MONTH:
		return out_printf(f, "%02d/%04d", p->num, p->year);
	case STATS_QUARTER:
		return out_printf(f, "Q%d %04d", p->num, p->year);
	case STATS_YEAR:
		return out_printf(f, "%04d", p->year);
	case STATS_CUT_MONTH:
		if (out_printf(f, "Reporting month %02d/%04d (", p->num, p->year) < 0)
			return -1;
		break;
	case STATS_CUT_QUARTER:
		if (out_printf(f, "Reporting quarter Q%d %04d (", p->num, p->year) < 0)
			return -1;
		break;
	case STATS_CUT_YEAR:
		if (out_printf(f, "Reporting year %04d (", p->year) < 0)
			return -1;
		break;
	case STATS_PERIOD_KINDS:
		return -1;
	}
	return ss_period_range(f, p) < 0 || fputs(")", f) == EOF ? -1 : 0;
}

static int
period_label(FILE *f, enum lang l, const struct stats_period *p)
{
	return l == LANG_EN ? period_label_en(f, p) : ss_period_label(f, p);
}

/* One row: its header cell is the entity (LABEL_PERIOD zero) or the
 * period, labelled in L. */
static int
html_row_l(FILE *f, enum lang l, const struct ss *s, int ent, int per, int label_period)
{
	int64_t v[ROW_NUMS];
	int n = row_numbers(s, ent, per, v);

	W("<tr><th scope=\"row\">");
	if (label_period) {
		if (period_label(f, l, stats_period(s->st, per)) < 0)
			return -1;
	} else {
		const char *code = entity_code(s, ent);
		if (out_text(f, entity_name_l(s, l, ent)) < 0)
			return -1;
		if (*code && stats_entity_kind(s->st, ent) != STATS_E_LEVEL) {
			W(" <small>");
			if (out_text(f, code) < 0)
				return -1;
			W("</small>");
		}
	}
	W("</th>");
	for (int i = 0; i < n; i++)
		if (out_printf(f, "<td>%lld</td>", (long long)v[i]) < 0)
			return -1;
	W("<td>");
	if (ss_pct(f, stats_ontime_permille(s->st, ent, per)) < 0)
		return -1;
	W("</td></tr>\n");
	return 0;
}

static int
html_row(FILE *f, const struct ss *s, int ent, int per, int label_period)
{
	return html_row_l(f, LANG_VI, s, ent, per, label_period);
}

static int
period_section(FILE *f, enum lang l, const struct ss *s, int per, enum stats_entity_kind kind,
               const char *title)
{
	int any = 0;

	for (int ent = 0; ent < stats_nentities(s->st); ent++) {
		if (stats_entity_kind(s->st, ent) != kind || stats_received(s->st, ent, per) == 0)
			continue;
		if (!any++) {
			W("<section>\n<h2>");
			W(title);
			W("</h2>\n");
			if ((l == LANG_EN ? table_head_en(f, "Subject") : table_head(f, "Đối tượng")) < 0)
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
		const char *title[2];
	} sections[] = {
		{STATS_E_PROVINCE, {"Toàn tỉnh", "Whole province"}},
		{STATS_E_LEVEL, {"Theo cấp", "By level"}},
		{STATS_E_AGENCY, {"Theo cơ quan", "By agency"}},
		{STATS_E_ROLLUP, {"Cơ quan kế thừa, gộp cả cơ quan tiền nhiệm (sắp xếp từ 1/7/2025)",
		                  "Successor agencies with their merged predecessors (reorganisation "
		                  "from 1 July 2025)"}},
		{STATS_E_FIELD, {"Theo lĩnh vực", "By field"}},
		{STATS_E_PROCEDURE, {"Theo thủ tục", "By procedure"}},
	};
	int en = l == LANG_EN;
	const struct stats_period *p = stats_period(s->st, per);
	char title[64];
	char *t = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&t, &len);
	int r;

	if (!m)
		return -1;
	r = period_label(m, l, p);
	if (fclose(m) != 0 || r < 0) {
		free(t);
		return -1;
	}
	snprintf(title, sizeof title, en ? "Report on administrative procedures: %s"
	                                 : "Báo cáo giải quyết TTHC: %s", t);
	free(t);
	if (ss_page_begin_lang(f, l, title, path, NAV_STATS, s->as_of, other) < 0)
		return -1;
	/* One set of data files, beside the Vietnamese page. */
	W(en ? "<p>Download: <a href=\"../../../" PAGE_DIR_STATS "/ky/" : "<p>Tải về: <a href=\"");
	if (ss_period_id(f, p) < 0)
		return -1;
	W(en ? ".csv\">CSV</a> · <a href=\"../../../" PAGE_DIR_STATS "/ky/" : ".csv\">CSV</a> · <a href=\"");
	if (ss_period_id(f, p) < 0)
		return -1;
	W(en ? ".json\">JSON</a> · <a href=\"../du-lieu.html\">Data dictionary</a> · "
	       "<a href=\"../index.html\">Statistics</a></p>\n"
	     : ".json\">JSON</a> · <a href=\"../du-lieu.html\">Từ điển dữ liệu</a> · "
	       "<a href=\"../index.html\">Thống kê</a></p>\n");
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (period_section(f, l, s, per, sections[i].kind, sections[i].title[en]) < 0)
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
	if (write_table_files(s, per, base, e) < 0)
		return -1;
	snprintf(html, sizeof html, "%s.html", base); /* fits: html has room for it */
	snprintf(en, sizeof en, PAGE_DIR_EN "/%s", html);
	if (period_page_write(s, per, LANG_VI, html, html, e) < 0)
		return -1;
	return period_page_write(s, per, LANG_EN, en, html, e);
}

/* ---- charts ------------------------------------------------------------ */

/* The last N (<= CHART_MONTHS) month periods: their indexes and labels. */
static int
last_months(const struct ss *s, int *idx, char (*lab)[16], const char **labels)
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
		snprintf(lab[i], sizeof lab[i], "%02d/%04d", p->num, p->year);
		labels[i] = lab[i];
	}
	return n;
}

/* On-time rate and received vs resolved by month for entity ENT. */
static int
month_charts(FILE *f, enum lang l, const struct ss *s, int ent, const char *id)
{
	int en = l == LANG_EN;
	int idx[CHART_MONTHS], n;
	char lab[CHART_MONTHS][16], cid[64];
	const char *labels[CHART_MONTHS];
	double rate[CHART_MONTHS], got[CHART_MONTHS], done[CHART_MONTHS];
	struct chart c;

	n = last_months(s, idx, lab, labels);
	if (n == 0)
		return 0;
	for (int i = 0; i < n; i++) {
		int pm = stats_ontime_permille(s->st, ent, idx[i]);
		rate[i] = pm < 0 ? CHART_MISSING : pm / 10.0;
		got[i] = (double)(stats_received(s->st, ent, idx[i]) -
		                  stats_get(s->st, ent, idx[i], STATS_CARRIED));
		done[i] = (double)stats_resolved(s->st, ent, idx[i]);
	}
	snprintf(cid, sizeof cid, "%s-rate", id);
	c = (struct chart){.id = cid,
	                   .title = en ? "On-time rate by month" : "Tỷ lệ giải quyết đúng hạn theo tháng",
	                   .desc = en ? "Percentage of the dossiers resolved in the month that were "
	                                "early or on time; a month with none resolved is left empty."
	                              : "Phần trăm hồ sơ đã giải quyết trong tháng xong trước hạn hoặc "
	                                "đúng hạn; tháng không giải quyết hồ sơ nào để trống.",
	                   .xname = en ? "Month" : "Tháng", .unit = "%", .n = n, .labels = labels,
	                   .nseries = 1, .series = {{en ? "On-time rate" : "Tỷ lệ đúng hạn", rate}},
	                   .ymax = 100, .yref = -1,
	                   .xref = -1, .decimals = 1};
	if (chart_line(f, &c) < 0 || chart_table(f, &c) < 0)
		return -1;
	snprintf(cid, sizeof cid, "%s-flow", id);
	c = (struct chart){.id = cid,
	                   .title = en ? "New and resolved dossiers by month"
	                               : "Hồ sơ mới tiếp nhận và đã giải quyết theo tháng",
	                   .desc = en ? "Dark bars: dossiers newly received in the month; light "
	                                "bars: dossiers resolved in the month."
	                              : "Cột đậm: hồ sơ mới tiếp nhận trong tháng; cột nhạt: hồ sơ đã "
	                                "giải quyết trong tháng.",
	                   .xname = en ? "Month" : "Tháng", .unit = en ? "dossiers" : "hồ sơ", .n = n,
	                   .labels = labels, .nseries = 2,
	                   .series = {{en ? "New" : "Mới tiếp nhận", got},
	                              {en ? "Resolved" : "Đã giải quyết", done}},
	                   .yref = -1, .xref = -1, .decimals = 0};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

/* ---- the overview page ------------------------------------------------- */

static int
period_links(FILE *f, const struct ss *s, enum stats_period_kind k, const char *title)
{
	W("<li>");
	W(title);
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
		if (ss_period_label(f, p) < 0)
			return -1;
		W("</a>");
	}
	W("</li>\n");
	return 0;
}

#define INDEX_REL PAGE_DIR_STATS "/index.html"

static int
index_page(FILE *f, const struct ss *s)
{
	if (ss_page_begin_lang(f, LANG_VI, msg(LANG_VI, M_SS_STATS_TITLE), INDEX_REL, NAV_STATS,
	                       s->as_of, 1) < 0)
		return -1;
	W("<p>Số liệu theo các chỉ tiêu báo cáo chính thức: hồ sơ tiếp nhận, đã giải quyết "
	  "(trước hạn, đúng hạn, quá hạn), đang giải quyết (trong hạn, quá hạn), trả lại, rút. "
	  "Thời gian tính theo giờ làm việc, không tính thời gian chờ công dân bổ sung hồ sơ.</p>\n"
	  "<nav class=\"stats-links\"><ul>\n<li><a href=\"thoi-gian-xu-ly.html\">Thời gian xử lý "
	  "thực tế</a></li>\n<li><a href=\"diem-nghen.html\">Điểm nghẽn theo bước quy trình</a></li>\n"
	  "<li><a href=\"../" PAGE_DIR_ISO "/index.html\">Lộ trình ISO</a></li>\n"
	  "<li><a href=\"du-lieu.html\">Dữ liệu mở và từ điển dữ liệu</a>: "
	  "<a href=\"bao-cao.csv\">bao-cao.csv</a> · <a href=\"bao-cao.json\">bao-cao.json</a></li>\n"
	  "</ul></nav>\n<h2>Báo cáo theo kỳ</h2>\n<ul class=\"periods\">\n");
	if (period_links(f, s, STATS_YEAR, "Năm") < 0 || period_links(f, s, STATS_QUARTER, "Quý") < 0 ||
	    period_links(f, s, STATS_MONTH, "Tháng") < 0)
		return -1;
	W("</ul>\n<h2>Kỳ báo cáo chính thức</h2>\n<p>Báo cáo định kỳ chốt số liệu từ ngày 15 tháng "
	  "trước đến ngày 14 của tháng cuối kỳ (năm: từ 15/12 năm trước đến 14/12), theo Nghị định "
	  "09/2019/NĐ-CP, Điều 12. Bảng theo mẫu báo cáo (tiếp nhận = đã giải quyết + đang giải "
	  "quyết): <a href=\"bao-cao-mau.csv\">bao-cao-mau.csv</a> · <a "
	  "href=\"bao-cao-mau.json\">bao-cao-mau.json</a>.</p>\n<ul class=\"periods\">\n");
	if (period_links(f, s, STATS_CUT_YEAR, "Năm") < 0 ||
	    period_links(f, s, STATS_CUT_QUARTER, "Quý") < 0 ||
	    period_links(f, s, STATS_CUT_MONTH, "Tháng") < 0)
		return -1;
	W("</ul>\n<h2>Toàn tỉnh theo tháng</h2>\n");
	if (month_charts(f, LANG_VI, s, 0, "prov") < 0)
		return -1;
	if (table_head(f, "Tháng") < 0)
		return -1;
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH && html_row(f, s, 0, i, 1) < 0)
			return -1;
	if (table_end(f) < 0)
		return -1;
	W("<h2>Thời gian xử lý so với thời hạn</h2>\n");
	if (ss_distribution_chart(f, LANG_VI, s) < 0)
		return -1;
	if (s->skipped) {
		if (out_printf(f, "<p class=\"note\">Chưa tính %ld hồ sơ có nhật ký xử lý không nhất "
		                  "quán (ví dụ: ", s->skipped) < 0 || out_text(f, s->first_skipped) < 0)
			return -1;
		W("); đã báo bộ phận quản trị dữ liệu.</p>\n");
	}
	return ss_page_end(f, s->as_of);
}

/* The statistics page of one agency (thong-ke/co-quan/CODE.html): the
 * summary of the last six months, then its months, with its predecessors
 * when it has any.  ARG is the agency's index. */
static int
agency_page(FILE *f, const struct ss *s, int a)
{
	char rel[128], title[320];
	int ent = stats_entity(s->st, STATS_E_ROLLUP, a);

	if (ent < 0)
		ent = stats_entity(s->st, STATS_E_AGENCY, a);
	snprintf(rel, sizeof rel, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/%s.html", s->ag[a].code);
	snprintf(title, sizeof title, "Thống kê: %s", s->ag[a].name);
	if (ss_page_begin(f, title, rel, NAV_STATS, s->as_of) < 0 ||
	    ss_summary(f, s, a, -1) < 0)
		return -1;
	W("<h2>Tình hình giải quyết hồ sơ theo tháng</h2>\n");
	if (stats_entity_kind(s->st, ent) == STATS_E_ROLLUP)
		W("<p>Gồm cả hồ sơ của các cơ quan tiền nhiệm đã sáp nhập vào cơ quan này.</p>\n");
	if (month_charts(f, LANG_VI, s, ent, "ag") < 0 || table_head(f, "Tháng") < 0)
		return -1;
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH && stats_received(s->st, ent, i) > 0 &&
		    html_row(f, s, ent, i, 1) < 0)
			return -1;
	if (table_end(f) < 0)
		return -1;
	W("<p><a href=\"../bao-cao.csv\">Tải số liệu (CSV)</a> · <a href=\"../du-lieu.html\">Từ "
	  "điển dữ liệu</a> · <a href=\"../index.html\">Thống kê toàn tỉnh</a></p>\n");
	return ss_page_end(f, s->as_of);
}

/* English period links: to the English period pages. */
static int
period_links_en(FILE *f, const struct ss *s, enum stats_period_kind k, const char *title)
{
	W("<li>");
	W(title);
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
		if (period_label_en(f, p) < 0)
			return -1;
		W("</a>");
	}
	W("</li>\n");
	return 0;
}

/* en/thong-ke/index.html: the overview in English, linking the English
 * pages and the shared data files. */
static int
index_page_en(FILE *f, const struct ss *s)
{
	if (ss_page_begin_lang(f, LANG_EN, msg(LANG_EN, M_SS_STATS_TITLE), INDEX_REL, NAV_STATS,
	                       s->as_of, 1) < 0)
		return -1;
	W("<p>Figures by the official reporting indicators: dossiers received, resolved (early, on "
	  "time, late), open (within time, overdue), refused, withdrawn. Times are in working "
	  "hours, without the time spent waiting for an applicant's supplement. Names of agencies "
	  "and procedures are in Vietnamese.</p>\n<nav class=\"stats-links\"><ul>\n"
	  "<li><a href=\"thoi-gian-xu-ly.html\">Real processing times</a></li>\n");
	W("<li><a href=\"diem-nghen.html\">Bottlenecks by process step</a></li>\n<li><a href=\"../" PAGE_DIR_ISO "/index.html\">ISO roadmap</a></li>\n"
	  "<li><a href=\"du-lieu.html\">Open data and data dictionary</a>: "
	  "<a href=\"../../" PAGE_DIR_STATS "/bao-cao.csv\">bao-cao.csv</a> · "
	  "<a href=\"../../" PAGE_DIR_STATS "/bao-cao.json\">bao-cao.json</a></li>\n"
	  "</ul></nav>\n<h2>Reports by period</h2>\n<ul class=\"periods\">\n");
	if (period_links_en(f, s, STATS_YEAR, "Year") < 0 ||
	    period_links_en(f, s, STATS_QUARTER, "Quarter") < 0 ||
	    period_links_en(f, s, STATS_MONTH, "Month") < 0)
		return -1;
	W("</ul>\n<h2>Official reporting periods</h2>\n<p>Periodic reports count from the 15th of "
	  "the month before to the 14th of the period's last month (a year: 15 December to 14 "
	  "December), by Decree 09/2019/NĐ-CP, art. 12. The table in the report form's layout "
	  "(received = resolved + open): <a href=\"../../" PAGE_DIR_STATS "/bao-cao-mau.csv\">"
	  "bao-cao-mau.csv</a> · <a href=\"../../" PAGE_DIR_STATS "/bao-cao-mau.json\">"
	  "bao-cao-mau.json</a>.</p>\n<ul class=\"periods\">\n");
	if (period_links_en(f, s, STATS_CUT_YEAR, "Year") < 0 ||
	    period_links_en(f, s, STATS_CUT_QUARTER, "Quarter") < 0 ||
	    period_links_en(f, s, STATS_CUT_MONTH, "Month") < 0)
		return -1;
	W("</ul>\n<h2>The whole province by month</h2>\n");
	if (month_charts(f, LANG_EN, s, 0, "prov") < 0 || table_head_en(f, "Month") < 0)
		return -1;
	for (int i = stats_nperiods(s->st) - 1; i >= 0; i--)
		if (stats_period(s->st, i)->kind == STATS_MONTH &&
		    html_row_l(f, LANG_EN, s, 0, i, 1) < 0)
			return -1;
	if (table_end(f) < 0)
		return -1;
	W("<h2>Processing time against the time limit</h2>\n");
	if (ss_distribution_chart(f, LANG_EN, s) < 0)
		return -1;
	if (s->skipped) {
		if (out_printf(f, "<p class=\"note\">%ld dossiers with an inconsistent processing "
		                  "log are not counted yet (for example ", s->skipped) < 0 ||
		    out_text(f, s->first_skipped) < 0)
			return -1;
		W("); the data administrators have been told.</p>\n");
	}
	return ss_page_end_lang(f, LANG_EN, s->as_of);
}

static int
index_fn(FILE *f, const struct ss *s, int lang)
{
	return lang == LANG_EN ? index_page_en(f, s) : index_page(f, s);
}

/* One row of the form layout (SS_F_FORM) for entity ENT in period PER. */
static int
form_row(FILE *f, const struct ss *s, int ent, int per, int json, int first)
{
	const struct stats_period *p = stats_period(s->st, per);
	const struct stats *st = s->st;
	char a[CLOCK_INSTANT_LEN + 1], b[CLOCK_INSTANT_LEN + 1], id[32], num[14][SS_NUMBUF];
	struct ss_cell c[24];
	int64_t v[14];
	int n = 0, k = 0;
	FILE *m = fmemopen(id, sizeof id, "w");

	if (!m || ss_period_id(m, p) < 0 || fputc('\0', m) == EOF || fclose(m) != 0)
		return -1;
	/* The form's received balances: withdrawn dossiers leave the count,
	 * refusals join the resolved by their verdict. */
	v[k++] = stats_received(st, ent, per) - stats_get(st, ent, per, STATS_WITHDRAWN);
	v[k++] = stats_get(st, ent, per, STATS_CARRIED);
	v[k++] = stats_get(st, ent, per, STATS_NEW_ONLINE);
	v[k++] = stats_get(st, ent, per, STATS_NEW_COUNTER);
	v[k++] = stats_get(st, ent, per, STATS_NEW_POST);
	v[k++] = stats_get(st, ent, per, STATS_WITHDRAWN);
	v[k++] = stats_resolved(st, ent, per) + stats_get(st, ent, per, STATS_REJECTED);
	v[k++] = stats_get(st, ent, per, STATS_EARLY) + stats_get(st, ent, per, STATS_REJ_EARLY);
	v[k++] = stats_get(st, ent, per, STATS_ON_TIME) + stats_get(st, ent, per, STATS_REJ_ON_TIME);
	v[k++] = stats_get(st, ent, per, STATS_LATE) + stats_get(st, ent, per, STATS_REJ_LATE);
	v[k++] = stats_pending(st, ent, per);
	v[k++] = stats_get(st, ent, per, STATS_PENDING_WITHIN);
	v[k++] = stats_get(st, ent, per, STATS_PENDING_OVERDUE);
	v[k++] = stats_get(st, ent, per, STATS_REJECTED);
	c[n++] = (struct ss_cell){kind_names[stats_entity_kind(st, ent)], 0};
	c[n++] = (struct ss_cell){entity_code(s, ent), 0};
	c[n++] = (struct ss_cell){entity_name(s, ent), 0};
	c[n++] = (struct ss_cell){ss_period_kind_name(p->kind), 0};
	c[n++] = (struct ss_cell){id, 0};
	c[n++] = (struct ss_cell){clock_format_instant(p->start, a), 0};
	c[n++] = (struct ss_cell){clock_format_instant(until(s, p), b), 0};
	for (int i = 0; i < k; i++)
		c[n++] = (struct ss_cell){ss_fmt_int(num[i], v[i]), 1};
	assert(n == ss_files[SS_F_FORM].ncols && n <= (int)(sizeof c / sizeof c[0]));
	return ss_row(f, SS_F_FORM, c, json, first);
}

/* bao-cao-mau.csv and .json: every period and subject with dossiers. */
static int
write_form_files(struct ss *s, struct err *e)
{
	char path[128];
	struct ss_out a;

	for (int json = 0; json < 2; json++) {
		int first = 1, r;
		snprintf(path, sizeof path, "%s.%s", ss_files[SS_F_FORM].path, json ? "json" : "csv");
		if (ss_open(&a, s, path, e) < 0)
			return -1;
		r = json ? json_begin(a.f, s) : ss_csv_header(a.f, SS_F_FORM);
		for (int p = 0; r == 0 && p < stats_nperiods(s->st); p++)
			for (int ent = 0; r == 0 && ent < stats_nentities(s->st); ent++) {
				if (stats_received(s->st, ent, p) == 0)
					continue;
				r = form_row(a.f, s, ent, p, json, first);
				first = 0;
			}
		if (r == 0 && json)
			r = fputs("\n]}\n", a.f) == EOF ? -1 : 0;
		if (r < 0) {
			ss_abort(&a);
			return err_set(e, "%s: write error", path);
		}
		if (ss_commit(s, &a, e) < 0)
			return -1;
	}
	return 0;
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
 * then .html, .csv or .json.  Sets *LEN to the id's length. */
static int
period_file(const char *name, size_t *len)
{
	const char *dot = strrchr(name, '.'), *p = name;

	if (!dot || (strcmp(dot, ".html") != 0 && strcmp(dot, ".csv") != 0 && strcmp(dot, ".json") != 0))
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
	if (write_table_files(s, -1, PAGE_DIR_STATS "/bao-cao", e) < 0 ||
	    write_form_files(s, e) < 0)
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
		snprintf(rel, sizeof rel, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/%s.html", s->ag[a].code);
		if (ss_write(s, rel, agency_page, a, e) < 0)
			return -1;
	}
	return 0;
}
