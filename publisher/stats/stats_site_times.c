/*
 * stats_site_times: real processing times, bottlenecks per
 * process step and per responsible unit (item 3), and the statistics page
 * of each procedure (thong-ke/thu-tuc/CODE.html) with the summary that the
 * agency pages share.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "page.h"
#include "stats_site.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

#define TOP_ROWS 50 /* rows of the bottleneck tables on the page; all in CSV */

static int
day_min(const struct ss *s)
{
	return s->cal->day_minutes > 0 ? s->cal->day_minutes : 480;
}

/* The process of agency A for procedure P in force today (else the latest
 * issued), -1 when the agency has none. */
static int
pair_process(const struct ss *s, int a, int p)
{
	char today[CLOCK_DATE_LEN + 1];
	int best = -1;

	clock_format_date(s->today, today);
	for (int i = 0; i < s->nps; i++) {
		const struct ss_process *x = &s->ps[i];
		if (x->agency != a || x->procedure != p || strcmp(x->effective_from, today) > 0)
			continue;
		if (*x->effective_to && strcmp(x->effective_to, today) < 0 && best >= 0)
			continue;
		if (best < 0 || strcmp(x->effective_from, s->ps[best].effective_from) > 0)
			best = i;
	}
	return best;
}

/* ---- processing times --------------------------------------------------- */

static const char *const group_names[] = {"procedure", "agency", "agency_procedure"};

static int
times_csv_row(FILE *f, const struct ss *s, const struct stats_ptime *r)
{
	char a[CLOCK_INSTANT_LEN + 1];
	int dm = day_min(s), pi;

	if (out_csv(f, group_names[r->kind]) < 0 || fputc(',', f) == EOF ||
	    out_csv(f, r->agency >= 0 ? s->ag[r->agency].code : "") < 0 || fputc(',', f) == EOF ||
	    out_csv(f, r->agency >= 0 ? s->ag[r->agency].name : "") < 0 || fputc(',', f) == EOF ||
	    out_csv(f, r->procedure >= 0 ? s->pr[r->procedure].code : "") < 0 ||
	    fputc(',', f) == EOF ||
	    out_csv(f, r->procedure >= 0 ? s->pr[r->procedure].name : "") < 0 ||
	    fputc(',', f) == EOF || out_int(f, r->n) < 0 || fputc(',', f) == EOF ||
	    ss_days(f, r->p50, dm) < 0 || fputc(',', f) == EOF || ss_days(f, r->p80, dm) < 0 ||
	    fputc(',', f) == EOF || ss_days(f, r->p90, dm) < 0 || fputc(',', f) == EOF ||
	    ss_days(f, r->max, dm) < 0 || fputc(',', f) == EOF)
		return -1;
	if (r->procedure >= 0 && out_printf(f, "%g", s->pr[r->procedure].limit_days) < 0)
		return -1;
	W(",");
	pi = r->kind == STATS_PT_PAIR ? pair_process(s, r->agency, r->procedure) : -1;
	if (pi >= 0 && ss_days(f, s->ps[pi].total_min, dm) < 0)
		return -1;
	W(",");
	if (ss_pct(f, (int)((r->within_limit * 2000 + r->n) / (2 * r->n))) < 0)
		return -1;
	if (out_printf(f, ",%s,", clock_format_instant(ss_as_of(s, stats_window_start(s->st)), a)) <
	        0 ||
	    out_printf(f, "%s", clock_format_instant(s->since, a)) < 0)
		return -1;
	return ss_csv_end(f);
}

static int
times_json_row(FILE *f, const struct ss *s, const struct stats_ptime *r, int first)
{
	char a[CLOCK_INSTANT_LEN + 1];
	int dm = day_min(s), pi, k = 0;

	W(first ? "\n{" : ",\n{");
	if (ss_json_key(f, SS_F_TIMES, k++) < 0 || out_json(f, group_names[r->kind]) < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, r->agency >= 0 ? s->ag[r->agency].code : "") < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, r->agency >= 0 ? s->ag[r->agency].name : "") < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, r->procedure >= 0 ? s->pr[r->procedure].code : "") < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, r->procedure >= 0 ? s->pr[r->procedure].name : "") < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 || out_int(f, r->n) < 0)
		return -1;
	{
		const int64_t v[] = {r->p50, r->p80, r->p90, r->max};
		for (int i = 0; i < 4; i++)
			if (ss_json_key(f, SS_F_TIMES, k++) < 0 || ss_days(f, v[i], dm) < 0)
				return -1;
	}
	if (ss_json_key(f, SS_F_TIMES, k++) < 0)
		return -1;
	if (r->procedure >= 0 ? out_printf(f, "%g", s->pr[r->procedure].limit_days) < 0
	                      : fputs("null", f) == EOF)
		return -1;
	pi = r->kind == STATS_PT_PAIR ? pair_process(s, r->agency, r->procedure) : -1;
	if (ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    (pi >= 0 ? ss_days(f, s->ps[pi].total_min, dm) < 0 : fputs("null", f) == EOF) ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    ss_pct(f, (int)((r->within_limit * 2000 + r->n) / (2 * r->n))) < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, clock_format_instant(ss_as_of(s, stats_window_start(s->st)), a)) < 0 ||
	    ss_json_key(f, SS_F_TIMES, k++) < 0 ||
	    out_json(f, clock_format_instant(s->since, a)) < 0)
		return -1;
	W("}");
	return 0;
}

/* One HTML row of processing times in L, labelled by agency or procedure. */
static int
times_html_row(FILE *f, enum lang l, const struct ss *s, const struct stats_ptime *r,
               const char *label)
{
	int dm = day_min(s), pi = -1;

	W("<tr><th scope=\"row\">");
	if (out_text(f, label) < 0)
		return -1;
	if (fputs("</th><td>", f) == EOF || out_int(f, r->n) < 0 || fputs("</td><td>", f) == EOF ||
	    ss_days_l(f, l, r->p50, dm) < 0 || fputs("</td><td>", f) == EOF ||
	    ss_days_l(f, l, r->p80, dm) < 0 || fputs("</td><td>", f) == EOF ||
	    ss_days_l(f, l, r->p90, dm) < 0 || fputs("</td><td>", f) == EOF)
		return -1;
	if (r->procedure >= 0 && out_g(f, l, s->pr[r->procedure].limit_days) < 0)
		return -1;
	W("</td><td>");
	if (r->kind == STATS_PT_PAIR)
		pi = pair_process(s, r->agency, r->procedure);
	if (pi >= 0 && ss_days_l(f, l, s->ps[pi].total_min, dm) < 0)
		return -1;
	W("</td><td>");
	if (ss_pct_l(f, l, (int)((r->within_limit * 2000 + r->n) / (2 * r->n))) < 0)
		return -1;
	W("</td></tr>\n");
	return 0;
}

static int
times_head(FILE *f, enum lang l, enum msg_id label, enum msg_id first)
{
	static const enum msg_id cols[] = {
	    M_SS_T_DOSSIERS, M_SS_T_MEDIAN, M_SS_T_P80,    M_SS_T_P90,
	    M_SS_T_LIMIT,    M_SS_T_ISO,    M_SS_T_ONTIME,
	};

	if (ss_scroll_begin(f, msg(l, label), "times") < 0)
		return -1;
	W("<thead><tr><th scope=\"col\">");
	W(msg(l, first));
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (out_printf(f, "</th><th scope=\"col\">%s", msg(l, cols[i])) < 0)
			return -1;
	W("</th></tr></thead>\n<tbody>\n");
	return 0;
}

#define TIMES_REL PAGE_DIR_STATS "/thoi-gian-xu-ly.html"
#define BN_REL PAGE_DIR_STATS "/diem-nghen.html"

/* The processing times page in language LANG (enum lang). */
static int
times_page(FILE *f, const struct ss *s, int lang)
{
	static const enum msg_id titles[2] = {M_SS_SEC_PROCEDURE, M_SS_SEC_AGENCY};
	enum lang l = lang == LANG_EN ? LANG_EN : LANG_VI;
	/* One set of data files, beside the Vietnamese page. */
	const char *data = l == LANG_EN ? "../../" PAGE_DIR_STATS "/" : "";
	char a[CLOCK_INSTANT_LEN + 1], b[40];
	const char *from = clock_format_instant(ss_as_of(s, stats_window_start(s->st)), a);

	if (out_date_str(b, sizeof b, l, from))
		from = b;

	if (ss_page_begin_lang(f, l, msg(l, M_SS_LINK_TIMES), TIMES_REL, NAV_STATS, s->as_of, 1) <
	    0)
		return -1;
	W("<p>");
	if (msg_fill(f, l, M_SS_H_TIMES_INTRO, 1, &from, 1) < 0)
		return -1;
	if (out_printf(
	        f,
	        "</p>\n<p>%s: <a href=\"%sthoi-gian-xu-ly.csv\">CSV</a> · <a "
	        "href=\"%sthoi-gian-xu-ly.json\">JSON</a> · <a href=\"%sthoi-gian-xu-ly.xlsx\">"
	        "Excel</a> · <a href=\"du-lieu.html\">%s</a></p>\n",
	        msg(l, M_SS_DOWNLOAD), data, data, data, msg(l, M_SS_DICT_LINK)) < 0)
		return -1;
	if (ss_distribution_chart(f, l, s) < 0)
		return -1;
	for (int k = STATS_PT_PROCEDURE; k <= STATS_PT_AGENCY; k++) {
		if (out_printf(f, "<h2>%s</h2>\n", msg(l, titles[k])) < 0 ||
		    times_head(f, l, titles[k],
		               k == STATS_PT_AGENCY ? M_SS_AGENCY : M_SS_PROCEDURE) < 0)
			return -1;
		for (int i = 0; i < stats_nptimes(s->st); i++) {
			const struct stats_ptime *r = stats_ptime(s->st, i);
			if ((int)r->kind == k && times_html_row(f, l, s, r,
			                                        k ? s->ag[r->agency].name
			                                          : s->pr[r->procedure].name) < 0)
				return -1;
		}
		W("</tbody></table></div>\n");
	}
	return ss_page_end_lang(f, l, s->as_of);
}

/* Share of the limit in quarters: 0-25%, ..., 175-200%, over 200%. */
#define DIST_BINS 9

int
ss_distribution_chart(FILE *f, enum lang l, const struct ss *s)
{
	static const char *const labels[DIST_BINS] = {
	    "≤25%", "≤50%", "≤75%", "≤100%", "≤125%", "≤150%", "≤175%", "≤200%", ">200%",
	};
	double bins[DIST_BINS] = {0};
	struct chart c;

	for (int p = 0; p < s->npr; p++) {
		int64_t n, limit = (int64_t)(s->pr[p].limit_days * day_min(s) + 0.5);
		const int64_t *v = stats_samples_of_procedure(s->st, p, &n);
		for (int64_t i = 0; i < n && limit > 0; i++) {
			/* Quarter of the limit that holds the sample, upper bound included. */
			int64_t q = (v[i] * 4 + limit - 1) / limit - 1;
			bins[q < 0 ? 0 : q >= DIST_BINS - 1 ? DIST_BINS - 1 : q] += 1;
		}
	}
	c = (struct chart){.id = "dist",
	                   .title = msg(l, M_SS_DIST_TITLE),
	                   .desc = msg(l, M_SS_DIST_DESC),
	                   .xname = msg(l, M_SS_DIST_X),
	                   .unit = msg(l, M_SS_UNIT_DOSSIERS),
	                   .n = DIST_BINS,
	                   .labels = labels,
	                   .nseries = 1,
	                   .series = {{msg(l, M_SS_T_DOSSIERS), bins}},
	                   .yref = -1,
	                   .xref = 4,
	                   .xref_label = msg(l, M_SS_LIMIT_MARK),
	                   .decimals = 0,
	                   .lang = l};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

static int
times_csv(FILE *f, const struct ss *s, int unused)
{
	(void)unused;
	if (ss_csv_header(f, SS_F_TIMES) < 0)
		return -1;
	for (int i = 0; i < stats_nptimes(s->st); i++)
		if (times_csv_row(f, s, stats_ptime(s->st, i)) < 0)
			return -1;
	return 0;
}

static int
times_json(FILE *f, const struct ss *s, int unused)
{
	(void)unused;
	W("{\"generated_at\":");
	if (out_json(f, s->as_of) < 0)
		return -1;
	W(",\"rows\":[");
	for (int i = 0; i < stats_nptimes(s->st); i++)
		if (times_json_row(f, s, stats_ptime(s->st, i), i == 0) < 0)
			return -1;
	W("\n]}\n");
	return 0;
}

/* ---- bottlenecks ---------------------------------------------------------- */

/* One step (or one unit, summed) and its counters. */
struct bn_row {
	int process, step; /* index and 0-based step; -1 for a unit row */
	int agency;
	const char *unit;
	struct stats_step c;
};

struct bn {
	struct bn_row *steps, *units;
	int nsteps, nunits;
};

static int
cmp_unit(const void *a, const void *b)
{
	const struct bn_row *x = a, *y = b;

	if (x->agency != y->agency)
		return x->agency < y->agency ? -1 : 1;
	return strcmp(x->unit, y->unit);
}

static int
cmp_over_desc(const void *a, const void *b)
{
	const struct bn_row *x = a, *y = b;

	if (x->c.over_min != y->c.over_min)
		return x->c.over_min > y->c.over_min ? -1 : 1;
	return (x->c.culprit < y->c.culprit) - (x->c.culprit > y->c.culprit);
}

static int
bn_collect(const struct ss *s, struct bn *b, struct err *e)
{
	int total = 0;

	for (int i = 0; i < s->nps; i++)
		total += s->ps[i].nsteps;
	b->steps = calloc((size_t)total + 1, sizeof *b->steps);
	b->units = calloc((size_t)total + 1, sizeof *b->units);
	if (!b->steps || !b->units)
		return err_set(e, "out of memory");
	for (int i = 0; i < s->nps; i++)
		for (int k = 0; k < s->ps[i].nsteps; k++) {
			const struct stats_step *c = stats_step(s->st, i, k + 1);
			if (!c || (c->ran == 0 && c->culprit == 0))
				continue;
			b->steps[b->nsteps++] =
			    (struct bn_row){i, k, s->ps[i].agency, s->ps[i].steps[k].unit, *c};
		}
	/* Units: the same rows sorted by (agency, unit) and summed. */
	memcpy(b->units, b->steps, sizeof *b->steps * (size_t)b->nsteps);
	qsort(b->units, (size_t)b->nsteps, sizeof *b->units, cmp_unit);
	for (int i = 0; i < b->nsteps; i++) {
		struct bn_row *u = &b->units[i];
		if (b->nunits && cmp_unit(&b->units[b->nunits - 1], u) == 0) {
			struct stats_step *t = &b->units[b->nunits - 1].c;
			t->ran += u->c.ran;
			t->over += u->c.over;
			t->over_min += u->c.over_min;
			t->culprit += u->c.culprit;
		} else {
			b->units[b->nunits] = *u;
			b->units[b->nunits].process = b->units[b->nunits].step = -1;
			b->nunits++;
		}
	}
	return 0;
}

/* Cells of a step (UNIT_ROW zero) or unit row; BUF holds the numbers. */
static void
bn_cells(const struct ss *s, const struct bn_row *r, int unit_row, struct ss_cell *c,
         char (*buf)[SS_NUMBUF])
{
	const struct ss_agency *a = &s->ag[r->agency];
	int n = 0, pm = r->c.ran ? (int)((r->c.over * 2000 + r->c.ran) / (2 * r->c.ran)) : -1;

	c[n++] = (struct ss_cell){a->code, 0};
	c[n++] = (struct ss_cell){a->name, 0};
	if (!unit_row) {
		const struct ss_process *p = &s->ps[r->process];
		c[n++] = (struct ss_cell){s->pr[p->procedure].code, 0};
		c[n++] = (struct ss_cell){s->pr[p->procedure].name, 0};
		c[n++] = (struct ss_cell){p->doc_code, 0};
		c[n++] = (struct ss_cell){ss_fmt_int(buf[0], p->version), 1};
		c[n++] = (struct ss_cell){ss_fmt_int(buf[1], r->step + 1), 1};
		c[n++] = (struct ss_cell){p->steps[r->step].name, 0};
		c[n++] = (struct ss_cell){p->steps[r->step].unit, 0};
		c[n++] =
		    (struct ss_cell){ss_fmt_1(buf[2], p->steps[r->step].allowance_min / 60.0), 1};
	} else {
		c[n++] = (struct ss_cell){r->unit, 0};
	}
	c[n++] = (struct ss_cell){ss_fmt_int(buf[3], r->c.ran), 1};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[4], r->c.over), 1};
	c[n++] = (struct ss_cell){ss_fmt_pm(buf[5], pm), 1};
	c[n++] = (struct ss_cell){
	    r->c.over ? ss_fmt_1(buf[6], r->c.over_min / 60.0 / r->c.over) : "", 1};
	c[n++] = (struct ss_cell){ss_fmt_1(buf[7], r->c.over_min / 60.0), 1};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[8], r->c.culprit), 1};
}

static int
bn_files(struct ss *s, const struct bn *b, struct err *e)
{
	static const char *const paths[2][2] = {
	    {PAGE_DIR_STATS "/diem-nghen.csv", PAGE_DIR_STATS "/diem-nghen.json"},
	    {PAGE_DIR_STATS "/diem-nghen-don-vi.csv", PAGE_DIR_STATS "/diem-nghen-don-vi.json"},
	};
	struct ss_cell c[20];
	char buf[9][SS_NUMBUF];
	struct ss_out a;

	for (int u = 0; u < 2; u++)
		for (int json = 0; json < 2; json++) {
			const struct bn_row *rows = u ? b->units : b->steps;
			int n = u ? b->nunits : b->nsteps, r;
			if (ss_open(&a, s, paths[u][json], e) < 0)
				return -1;
			r = json ? ss_json_begin(a.f, s)
			         : ss_csv_header(a.f, u ? SS_F_UNITS : SS_F_STEPS);
			for (int i = 0; r == 0 && i < n; i++) {
				bn_cells(s, &rows[i], u, c, buf);
				r = ss_row(a.f, u ? SS_F_UNITS : SS_F_STEPS, c, json, i == 0);
			}
			if (r == 0 && json)
				r = ss_json_end(a.f);
			if (r < 0) {
				ss_abort(&a);
				return err_set(e, "%s: write error", paths[u][json]);
			}
			if (ss_commit(s, &a, e) < 0)
				return -1;
		}
	return 0;
}

/* An HTML table of bottleneck rows (cells as in the CSV from column
 * FROM on, after a label column). */
static int
bn_table(FILE *f, enum lang l, enum msg_id label, const struct ss *s, const struct bn_row *rows,
         int n, int unit_row)
{
	static const enum msg_id unit_cols[] = {M_SS_AGENCY, M_SS_BN_UNIT};
	static const enum msg_id step_cols[] = {
	    M_SS_AGENCY,  M_SS_PROCEDURE, M_SS_BN_PROCESS, M_SS_BN_STEP,
	    M_SS_BN_WHAT, M_SS_BN_UNIT,   M_SS_BN_ALLOWED,
	};
	static const enum msg_id counts[] = {
	    M_SS_BN_RAN, M_SS_BN_OVER, M_SS_BN_SHARE, M_SS_BN_MEAN, M_SS_BN_TOTAL, M_SS_BN_CAUSED,
	};
	const enum msg_id *head = unit_row ? unit_cols : step_cols;
	int nhead = unit_row ? 2 : 7;
	struct ss_cell c[20];
	char buf[9][SS_NUMBUF];
	int ncols = ss_files[unit_row ? SS_F_UNITS : SS_F_STEPS].ncols;

	if (ss_scroll_begin(f, msg(l, label), "bottlenecks") < 0)
		return -1;
	W("<thead><tr>");
	for (int i = 0; i < nhead; i++)
		if (out_printf(f, "<th scope=\"col\">%s</th>", msg(l, head[i])) < 0)
			return -1;
	for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (out_printf(f, "<th scope=\"col\">%s</th>", msg(l, counts[i])) < 0)
			return -1;
	W("</tr></thead>\n<tbody>\n");
	for (int i = 0; i < n; i++) {
		bn_cells(s, &rows[i], unit_row, c, buf);
		W("<tr><th scope=\"row\">");
		if (out_text(f, c[1].s) < 0)
			return -1;
		W("</th>");
		for (int k = unit_row ? 2 : 3; k < ncols; k++) {
			if (!unit_row && k == 4)
				continue; /* the document code is shown with its version */
			/* Words wrap in a column wide enough to read; numbers do not. */
			W(c[k].num ? "<td>" : "<td class=\"t\">");
			if (!unit_row && k == 5) {
				if (out_text(f, c[4].s) < 0 ||
				    out_printf(f, " %s ", msg(l, M_SS_ISSUE)) < 0)
					return -1;
			}
			if ((c[k].num ? out_num(f, l, c[k].s) : out_text(f, c[k].s)) < 0)
				return -1;
			W("</td>");
		}
		W("</tr>\n");
	}
	W("</tbody></table></div>\n");
	return 0;
}

static int
bn_page(FILE *f, enum lang l, const struct ss *s, const struct bn *b)
{
	/* One set of data files, beside the Vietnamese page. */
	const char *data = l == LANG_EN ? "../../" PAGE_DIR_STATS "/" : "";
	struct bn_row *top =
	    malloc(sizeof *top * ((size_t)(b->nsteps > b->nunits ? b->nsteps : b->nunits) + 1));
	int r = -1;

	if (!top)
		return -1;
	if (ss_page_begin_lang(f, l, msg(l, M_SS_F_STEPS), BN_REL, NAV_STATS, s->as_of, 1) < 0)
		goto out;
	if (out_printf(
	        f,
	        "<p>%s</p>\n<p>%s: <a href=\"%sdiem-nghen.csv\">%s</a> · <a "
	        "href=\"%sdiem-nghen.json\">JSON</a> · <a href=\"%sdiem-nghen-don-vi.csv\">%s"
	        "</a> · <a href=\"%sdiem-nghen-don-vi.json\">JSON</a> · <a "
	        "href=\"%sdiem-nghen.xlsx\">Excel</a> · <a "
	        "href=\"du-lieu.html\">%s</a></p>\n<h2>%s</h2>\n",
	        msg(l, M_SS_H_BN_INTRO), msg(l, M_SS_DOWNLOAD), data, msg(l, M_SS_BN_BY_STEP_CSV),
	        data, data, msg(l, M_SS_BN_BY_UNIT_CSV), data, data, msg(l, M_SS_DICT_LINK),
	        msg(l, M_SS_BN_BY_STEP)) < 0)
		goto out;
	memcpy(top, b->steps, sizeof *top * (size_t)b->nsteps);
	qsort(top, (size_t)b->nsteps, sizeof *top, cmp_over_desc);
	if (bn_table(f, l, M_SS_BN_BY_STEP, s, top, b->nsteps < TOP_ROWS ? b->nsteps : TOP_ROWS,
	             0) < 0 ||
	    out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_BN_BY_UNIT)) < 0)
		goto out;
	memcpy(top, b->units, sizeof *top * (size_t)b->nunits);
	qsort(top, (size_t)b->nunits, sizeof *top, cmp_over_desc);
	if (bn_table(f, l, M_SS_BN_BY_UNIT, s, top, b->nunits < TOP_ROWS ? b->nunits : TOP_ROWS,
	             1) < 0)
		goto out;
	r = ss_page_end_lang(f, l, s->as_of);
out:
	free(top);
	return r;
}

/* ---- the procedure page ---------------------------------------------- */

#define HIST_BINS 11 /* quarters of the limit up to 250%, then beyond */

static int
proc_histogram(FILE *f, enum lang l, const struct ss *s, int p)
{
	int64_t n, limit = (int64_t)(s->pr[p].limit_days * day_min(s) + 0.5);
	const int64_t *v = stats_samples_of_procedure(s->st, p, &n);
	double bins[HIST_BINS] = {0};
	char lab[HIST_BINS][24];
	const char *labels[HIST_BINS];
	struct chart c;

	if (n == 0 || limit <= 0)
		return 0;
	for (int i = 0; i < HIST_BINS; i++) {
		char *dot;
		snprintf(lab[i], sizeof lab[i], i < HIST_BINS - 1 ? "≤%.1f" : ">%.1f",
		         s->pr[p].limit_days * (i < HIST_BINS - 1 ? i + 1 : i) / 4);
		if (l == LANG_VI && (dot = strchr(lab[i], '.')))
			*dot = ','; /* the decimal comma */
		labels[i] = lab[i];
	}
	for (int64_t i = 0; i < n; i++) {
		int64_t q = (v[i] * 4 + limit - 1) / limit - 1;
		bins[q < 0 ? 0 : q >= HIST_BINS - 1 ? HIST_BINS - 1 : q] += 1;
	}
	c = (struct chart){.id = "pt-hist",
	                   .title = msg(l, M_SS_HIST_TITLE),
	                   .desc = msg(l, M_SS_HIST_DESC),
	                   .xname = msg(l, M_SS_HIST_X),
	                   .unit = msg(l, M_SS_UNIT_DOSSIERS),
	                   .n = HIST_BINS,
	                   .labels = labels,
	                   .nseries = 1,
	                   .series = {{msg(l, M_SS_T_DOSSIERS), bins}},
	                   .yref = -1,
	                   .xref = 4,
	                   .xref_label = msg(l, M_SS_LIMIT_MARK),
	                   .decimals = 0,
	                   .lang = l};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

/* Whether bottleneck row R belongs to agency A or procedure P (the other -1). */
static int
row_of(const struct ss *s, const struct bn_row *r, int a, int p)
{
	return p >= 0 ? s->ps[r->process].procedure == p : r->agency == a;
}

/* The step that most often made the dossiers of agency A or procedure P
 * late (core/stats counts a late dossier against the step that ran over
 * its allowance the most). */
static int
culprit(FILE *f, enum lang l, const struct ss *s, int a, int p)
{
	const struct bn_row *best = NULL;
	int64_t late = 0;
	char no[16], caused[24], of[24];

	for (int i = 0; i < s->bn->nsteps; i++) {
		const struct bn_row *r = &s->bn->steps[i];
		if (!row_of(s, r, a, p))
			continue;
		late += r->c.culprit;
		if (r->c.culprit > 0 && (!best || r->c.culprit > best->c.culprit))
			best = r;
	}
	if (!best)
		return out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NO_CULPRIT));
	snprintf(no, sizeof no, "%d", best->step + 1);
	snprintf(caused, sizeof caused, "%lld", (long long)best->c.culprit);
	snprintf(of, sizeof of, "%lld", (long long)late);
	W("<p class=\"culprit\">");
	if (msg_fill(f, l, M_SS_H_CULPRIT, 1,
	             (const char *const[]){no, s->ps[best->process].steps[best->step].name,
	                                   best->unit,
	                                   p >= 0 ? s->ag[best->agency].name
	                                          : s->pr[s->ps[best->process].procedure].name,
	                                   caused, of},
	             6) < 0)
		return -1;
	W("</p>\n");
	return 0;
}

/* The processing-time row of agency A or procedure P, NULL without samples. */
static const struct stats_ptime *
ptime_of(const struct ss *s, int a, int p)
{
	for (int i = 0; i < stats_nptimes(s->st); i++) {
		const struct stats_ptime *x = stats_ptime(s->st, i);
		if (p >= 0 ? x->kind == STATS_PT_PROCEDURE && x->procedure == p
		           : x->kind == STATS_PT_AGENCY && x->agency == a)
			return x;
	}
	return NULL;
}

int
ss_summary(FILE *f, enum lang l, const struct ss *s, int a, int p)
{
	const struct stats_ptime *r = ptime_of(s, a, p);
	const char *code = p >= 0 ? s->pr[p].code : s->ag[a].code;
	char rel[128];

	if (out_printf(f, "<section class=\"summary\">\n<h2>%s</h2>\n", msg(l, M_SS_SUMMARY)) < 0)
		return -1;
	if (!r) {
		if (out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NO_RESULTS)) < 0)
			return -1;
	} else {
		if (out_printf(f, "<dl class=\"facts\"><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>",
		               msg(l, M_SS_S_RESULTS), (long long)r->n,
		               msg(l, M_SS_S_MEDIAN)) < 0 ||
		    out_quantity(f, l, (double)r->p50 / day_min(s), 1, M_DAY, M_DAYS) < 0)
			return -1;
		if (p >= 0 && (out_printf(f, " (%s ", msg(l, M_SS_S_LIMIT)) < 0 ||
		               out_quantity(f, l, s->pr[p].limit_days, -1, M_DAY, M_DAYS) < 0 ||
		               fputs(")", f) == EOF))
			return -1;
		if (out_printf(f, "</dd><dt>%s</dt><dd>", msg(l, M_SS_S_ONTIME)) < 0 ||
		    ss_pct_l(f, l, (int)((r->within_limit * 2000 + r->n) / (2 * r->n))) < 0)
			return -1;
		W("%</dd></dl>\n");
	}
	if (culprit(f, l, s, a, p) < 0)
		return -1;
	/* Back to the publisher's page, which exists unless its code was
	 * refused there (it is written before the statistics). */
	snprintf(rel, sizeof rel, "%s%s/%s.html", l == LANG_EN ? PAGE_DIR_EN "/" : "",
	         p >= 0 ? PAGE_DIR_PROCEDURES : PAGE_DIR_AGENCIES, code);
	if (ss_exists(s, rel)) {
		W("<p><a href=\"../../");
		W(p >= 0 ? PAGE_DIR_PROCEDURES "/" : PAGE_DIR_AGENCIES "/");
		if (out_url(f, code) < 0 ||
		    out_printf(f, ".html\">%s</a></p>\n",
		               msg(l, p >= 0 ? M_SS_PROC_PAGE : M_SS_AGENCY_PAGE)) < 0)
			return -1;
	}
	W("</section>\n");
	return 0;
}

/* The statistics page of procedure P (thong-ke/thu-tuc/CODE.html) in L. */
static int
proc_page(FILE *f, enum lang l, const struct ss *s, int p, struct bn_row *tmp)
{
	const struct bn *b = s->bn;
	char rel[128], *title = NULL;
	size_t tlen = 0;
	FILE *mt = open_memstream(&title, &tlen);
	int n = 0, any = 0, r;

	if (!mt)
		return -1;
	r = msg_fill(mt, l, M_SS_STATS_OF, 0, (const char *const[]){s->pr[p].name}, 1);
	if (fclose(mt) != 0 || r < 0) {
		free(title);
		return -1;
	}
	snprintf(rel, sizeof rel, PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/%s.html", s->pr[p].code);
	r = ss_page_begin_lang(f, l, title, rel, NAV_STATS, s->as_of, 1);
	free(title);
	if (r < 0 || ss_summary(f, l, s, -1, p) < 0)
		return -1;
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_F_TIMES)) < 0)
		return -1;
	for (int i = 0; i < stats_nptimes(s->st); i++) {
		const struct stats_ptime *x = stats_ptime(s->st, i);
		if (x->procedure != p || x->kind == STATS_PT_AGENCY)
			continue;
		if (!any++ && times_head(f, l, M_SS_F_TIMES, M_SS_AGENCY) < 0)
			return -1;
		if (times_html_row(f, l, s, x,
		                   x->kind == STATS_PT_PROCEDURE ? msg(l, M_SS_ALL_AGENCIES)
		                                                 : s->ag[x->agency].name) < 0)
			return -1;
	}
	if (any)
		W("</tbody></table></div>\n");
	else if (out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NO_RESULTS)) < 0)
		return -1;
	if (proc_histogram(f, l, s, p) < 0)
		return -1;
	for (int i = 0; i < b->nsteps; i++)
		if (s->ps[b->steps[i].process].procedure == p)
			tmp[n++] = b->steps[i];
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_STEPS_OVER)) < 0)
		return -1;
	if (n && bn_table(f, l, M_SS_STEPS_OVER, s, tmp, n, 0) < 0)
		return -1;
	if (!n && out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NO_STEPS)) < 0)
		return -1;
	if (out_printf(
	        f,
	        "<p><a href=\"../thoi-gian-xu-ly.html\">%s</a> · <a "
	        "href=\"../diem-nghen.html\">%s</a> · <a href=\"../du-lieu.html\">%s</a></p>\n",
	        msg(l, M_SS_ALL_TIMES), msg(l, M_SS_BOTTLENECKS), msg(l, M_SS_DICT_LINK)) < 0)
		return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

static int
write_proc_pages(struct ss *s, struct err *e)
{
	struct bn_row *tmp = malloc(sizeof *tmp * ((size_t)s->bn->nsteps + 1));
	char rel[128];
	struct ss_out a;
	int r = 0;

	if (!tmp)
		return err_set(e, "out of memory");
	for (int i = 0; r == 0 && i < s->npr * LANG_COUNT; i++) {
		int p = i / LANG_COUNT;
		enum lang l = i % LANG_COUNT == LANG_EN ? LANG_EN : LANG_VI;
		if (!ss_safe_name(s->pr[p].code))
			continue; /* never a path from an unchecked code */
		snprintf(rel, sizeof rel, "%s" PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/%s.html",
		         l == LANG_EN ? PAGE_DIR_EN "/" : "", s->pr[p].code);
		if ((r = ss_open(&a, s, rel, e)) < 0)
			break;
		if (proc_page(a.f, l, s, p, tmp) < 0) {
			ss_abort(&a);
			r = err_set(e, "%s: write error", rel);
		} else {
			r = ss_commit(s, &a, e);
		}
	}
	free(tmp);
	return r;
}

static int
bn_page_fn(FILE *f, const struct ss *s, int lang)
{
	return bn_page(f, lang == LANG_EN ? LANG_EN : LANG_VI, s, s->bn);
}

int
ss_times_write(struct ss *s, struct err *e)
{
	struct bn b = {0};
	int r = -1;

	if (ss_write(s, PAGE_DIR_STATS "/thoi-gian-xu-ly.csv", times_csv, 0, e) < 0 ||
	    ss_write(s, PAGE_DIR_STATS "/thoi-gian-xu-ly.json", times_json, 0, e) < 0 ||
	    ss_write(s, TIMES_REL, times_page, LANG_VI, e) < 0 ||
	    ss_write(s, PAGE_DIR_EN "/" TIMES_REL, times_page, LANG_EN, e) < 0)
		return -1;
	if (bn_collect(s, &b, e) < 0 || bn_files(s, &b, e) < 0)
		goto out;
	s->bn = &b;
	if (ss_write(s, BN_REL, bn_page_fn, LANG_VI, e) < 0 ||
	    ss_write(s, PAGE_DIR_EN "/" BN_REL, bn_page_fn, LANG_EN, e) < 0 ||
	    write_proc_pages(s, e) < 0 || ss_agency_pages_write(s, e) < 0)
		goto out;
	r = 0;
out:
	s->bn = NULL;
	free(b.steps);
	free(b.units);
	return r;
}
