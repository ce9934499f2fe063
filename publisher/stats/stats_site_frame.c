/*
 * stats_site_frame: the page frame of the statistics pages, the small
 * writers they share, and the data dictionary of the open data (written
 * from the same column tables the CSV and JSON writers use, so the two
 * cannot drift apart).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out.h"
#include "page.h"
#include "pub.h"
#include "stats_columns.h"
#include "stats_site.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

static const enum msg_id level_msg[STATS_LEVEL_COUNT] = {
    M_SS_LEVEL_PROVINCE, M_SS_LEVEL_DEPARTMENT, M_SS_LEVEL_DISTRICT,
    M_SS_LEVEL_COMMUNE,  M_SS_LEVEL_BRANCH,
};

const char *
ss_level(enum lang l, int level)
{
	return level >= 0 && level < STATS_LEVEL_COUNT ? msg(l, level_msg[level]) : "";
}

/* The frame of a statistics page in LANG.  OTHER: the page in the other
 * language is there to link to (the language switch shows only then). */
static struct page
frame(enum lang lang, const char *title, const char *path, int nav, const char *as_of, int other)
{
	return (struct page){.lang = lang,
	                     .path = path,
	                     .title = title,
	                     .nav = (enum page_nav)nav,
	                     .as_of = as_of,
	                     .missing = other ? 0u : PAGE_MISSING_LANG};
}

int
ss_page_begin_lang(FILE *f, enum lang lang, const char *title, const char *path, int nav,
                   const char *as_of, int other)
{
	struct page p = frame(lang, title, path, nav, as_of, other);

	if (page_begin(f, &p) < 0)
		return -1;
	W("<h1>");
	if (out_text(f, title) < 0)
		return -1;
	W("</h1>\n");
	return 0;
}

int
ss_page_begin(FILE *f, const char *title, const char *path, int nav, const char *as_of)
{
	return ss_page_begin_lang(f, LANG_VI, title, path, nav, as_of, 0);
}

int
ss_page_end_lang(FILE *f, enum lang lang, const char *as_of)
{
	struct page p = frame(lang, "", "", NAV_NONE, as_of, 0);

	return page_end(f, &p);
}

int
ss_page_end(FILE *f, const char *as_of)
{
	return ss_page_end_lang(f, LANG_VI, as_of);
}

int
ss_open(struct ss_out *a, const struct ss *s, const char *rel, struct err *e)
{
	(void)s;
	memset(a, 0, sizeof *a);
	if (!(a->rel = strdup(rel)) || !(a->f = open_memstream(&a->buf, &a->len))) {
		ss_abort(a);
		err_set(e, "out of memory");
		return -1; /* said outright: callers test for it */
	}
	return 0;
}

void
ss_abort(struct ss_out *a)
{
	if (a->f)
		fclose(a->f); /* a memory stream: nothing to lose */
	free(a->buf);
	free(a->rel);
	memset(a, 0, sizeof *a);
}

int
ss_write(struct ss *s, const char *rel, int (*fn)(FILE *, const struct ss *, int), int arg,
         struct err *e)
{
	struct ss_out a;

	if (ss_open(&a, s, rel, e) < 0)
		return -1;
	if (fn(a.f, s, arg) < 0) {
		ss_abort(&a);
		return err_set(e, "%s: write error", rel);
	}
	return ss_commit(s, &a, e);
}

/* The order in which held pages are written: a page goes out only after
 * the pages it links to (the dictionary, then the topic pages, then the
 * per-procedure and per-agency pages that link to those, then the two
 * indexes that link to everything), each English page after its
 * Vietnamese one. */
static int
page_rank(const char *rel)
{
	/* An English page goes right after its Vietnamese counterpart, which
	 * it links to through the language switch. */
	int en = !strncmp(rel, PAGE_DIR_EN "/", sizeof PAGE_DIR_EN);

	if (en)
		rel += sizeof PAGE_DIR_EN;
	if (!strcmp(rel, PAGE_DIR_STATS "/du-lieu.html"))
		return en;
	if (!strncmp(rel, PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/",
	             sizeof PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES) ||
	    !strncmp(rel, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/",
	             sizeof PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES))
		return 4 + en;
	/* The service index: its agencies' pages link its method page and
	 * its overview, which lists them; the satisfaction page links the
	 * overview. */
	if (!strcmp(rel, PAGE_DIR_STATS "/chi-so-766/phuong-phap.html"))
		return en;
	if (!strncmp(rel, PAGE_DIR_STATS "/chi-so-766/", sizeof PAGE_DIR_STATS "/chi-so-766"))
		return (strcmp(rel, PAGE_DIR_STATS "/chi-so-766/index.html") ? 4 : 6) + en;
	if (!strcmp(rel, PAGE_DIR_STATS "/hai-long.html"))
		return 6 + en;
	if (!strcmp(rel, PAGE_DIR_STATS "/index.html") || !strcmp(rel, PAGE_DIR_ISO "/index.html"))
		return 6 + en;
	return 2 + en;
}

int
ss_commit(struct ss *s, struct ss_out *a, struct err *e)
{
	size_t n = strlen(a->rel);
	int bad = ferror(a->f), r = 0;

	if (fclose(a->f) == EOF)
		bad = 1;
	a->f = NULL;
	if (bad) {
		err_set(e, "%s: cannot render (out of memory)", a->rel);
		ss_abort(a);
		return -1;
	}
	if (n > 5 && !strcmp(a->rel + n - 5, ".html")) {
		/* Held until ss_flush, which writes in link order. */
		r = emit_hold(&s->em, a->rel, page_rank(a->rel), a->buf, a->len, e);
		a->buf = NULL;
	} else {
		r = emit_put(&s->em, a->rel, a->buf, a->len, e) < 0 ||
		            ss_xlsx_csv(s, a->rel, a->buf, a->len, e) < 0
		        ? -1
		        : 0;
	}
	ss_abort(a);
	return r;
}

int
ss_flush(struct ss *s, struct err *e)
{
	return emit_flush(&s->em, e);
}

void
ss_held_free(struct ss *s)
{
	emit_release(&s->em);
}

int
ss_exists(const struct ss *s, const char *rel)
{
	return emit_exists(&s->em, rel);
}

int
ss_scroll_begin(FILE *f, const char *label, const char *class)
{
	W("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
	if (out_attr(f, label) < 0)
		return -1;
	W("\"><table class=\"");
	W(class);
	W("\">");
	return 0;
}

int
ss_bom(FILE *f)
{
	/* Excel needs the BOM to read the file as UTF-8. */
	W("\xEF\xBB\xBF");
	return 0;
}

int
ss_csv_num(FILE *f, int64_t v)
{
	return fputc(',', f) == EOF ? -1 : out_int(f, v);
}

int
ss_csv_end(FILE *f)
{
	W("\r\n"); /* RFC 4180 */
	return 0;
}

int
ss_data_begin(FILE *f, const struct ss *s, int json, const char *const *cols, size_t ncols)
{
	if (json)
		return ss_json_begin(f, s);
	if (ss_bom(f) < 0)
		return -1;
	for (size_t i = 0; i < ncols; i++)
		if ((i && fputc(',', f) == EOF) || fputs(cols[i], f) == EOF)
			return -1;
	return ss_csv_end(f);
}

int
ss_data_row(FILE *f, int json, int first, const char *const *cols, size_t ncols, size_t ntext,
            const char *const *text, const char *const *num)
{
	W(json ? (first ? "\n{" : ",\n{") : "");
	for (size_t i = 0; i < ncols; i++) {
		if (json && (fputs(i ? ",\"" : "\"", f) == EOF || fputs(cols[i], f) == EOF ||
		             fputs("\":", f) == EOF))
			return -1;
		if (!json && i)
			W(",");
		if (i < ntext) {
			if ((json ? out_json(f, text[i]) : out_csv(f, text[i])) < 0)
				return -1;
		} else {
			/* An empty number is unknown: null in JSON. */
			W(json && !*num[i - ntext] ? "null" : num[i - ntext]);
		}
	}
	W(json ? "}" : "\r\n");
	return 0;
}

int
ss_days(FILE *f, int64_t minutes, int day_minutes)
{
	if (day_minutes <= 0)
		day_minutes = 480;
	return out_printf(f, "%.1f", (double)minutes / day_minutes);
}

int
ss_pct(FILE *f, int permille)
{
	if (permille < 0)
		return 0;
	if (out_int(f, permille / 10) < 0 || fputc('.', f) == EOF)
		return -1;
	return fputc('0' + permille % 10, f) == EOF ? -1 : 0;
}

int
ss_days_l(FILE *f, enum lang l, int64_t minutes, int day_minutes)
{
	if (day_minutes <= 0)
		day_minutes = 480;
	return out_decimal(f, l, (double)minutes / day_minutes, 1);
}

int
ss_pct_l(FILE *f, enum lang l, int permille)
{
	char buf[SS_NUMBUF];

	if (permille < 0)
		return 0;
	return out_num(f, l, ss_fmt_pm(buf, permille));
}

const char *
ss_period_kind_name(enum stats_period_kind k)
{
	static const char *const names[STATS_PERIOD_KINDS] = {
	    "month", "quarter", "year", "cutoff_month", "cutoff_quarter", "cutoff_year",
	};

	return (int)k >= 0 && k < STATS_PERIOD_KINDS ? names[k] : "";
}

int
ss_period_id(FILE *f, const struct stats_period *p)
{
	char id[SS_NUMBUF];

	return *ss_period_id_str(id, p) && fputs(id, f) != EOF ? 0 : -1;
}

/* "15/10/2026 - 14/11/2026" (in English "15 Oct 2026 - 14 Nov 2026")
 * into BUF of N bytes. */
static void
period_range(char *buf, size_t n, enum lang l, const struct stats_period *p)
{
	char a[CLOCK_DATE_LEN + 1], b[CLOCK_DATE_LEN + 1], x[24], y[24];

	clock_format_date((day_t)(p->start / CLOCK_MIN_PER_DAY), a);
	clock_format_date((day_t)(p->end / CLOCK_MIN_PER_DAY) - 1, b);
	snprintf(buf, n, "%s - %s", out_date_str(x, sizeof x, l, a) ? x : a,
	         out_date_str(y, sizeof y, l, b) ? y : b);
}

int
ss_period_label(FILE *f, enum lang l, const struct stats_period *p)
{
	static const char *const roman[] = {"", "I", "II", "III", "IV"};
	static const enum msg_id label[STATS_PERIOD_KINDS] = {
	    [STATS_MONTH] = M_SS_PL_MONTH,
	    [STATS_QUARTER] = M_SS_PL_QUARTER,
	    [STATS_YEAR] = M_SS_PL_YEAR,
	    [STATS_CUT_MONTH] = M_SS_PL_CUT_MONTH,
	    [STATS_CUT_QUARTER] = M_SS_PL_CUT_QUARTER,
	    [STATS_CUT_YEAR] = M_SS_PL_CUT_YEAR,
	};
	char mon[16], year[16], digit[16], range[64];
	const char *args[6] = {
	    mon, year, p->num >= 1 && p->num <= 4 ? roman[p->num] : "?", digit, range,
	    /* the English month's short name, in either language */
	    p->num >= 1 && p->num <= 12 ? msg(LANG_EN, (enum msg_id)(M_MON_JAN + p->num - 1))
	                                : "?"};

	if ((int)p->kind < 0 || p->kind >= STATS_PERIOD_KINDS)
		return -1;
	snprintf(mon, sizeof mon, "%02d", p->num);
	snprintf(year, sizeof year, "%04d", p->year);
	snprintf(digit, sizeof digit, "%d", p->num);
	period_range(range, sizeof range, l, p);
	return msg_fill(f, l, label[p->kind], 0, args, 6);
}

int
ss_safe_name(const char *code)
{
	size_t n = strlen(code);

	/* Codes become file names: no path separators, no leading dot. */
	if (n == 0 || n > 64 || code[0] == '.')
		return 0;
	for (const char *c = code; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= 'a' && *c <= 'z') || *c == '.' || *c == '-' || *c == '_'))
			return 0;
	return 1;
}

/* ---- the open data's columns ------------------------------------------- */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* bao-cao's columns and the form's are in stats_columns.def. */

static const struct ss_col times_cols[] = {
    {"group", M_SS_C_TIMES_GROUP},
    {"agency_code", M_SS_C_TIMES_AGENCY_CODE},
    {"agency_name", M_SS_C_TIMES_AGENCY_NAME},
    {"procedure_code", M_SS_C_TIMES_PROCEDURE_CODE},
    {"procedure_name", M_SS_C_TIMES_PROCEDURE_NAME},
    {"samples", M_SS_C_TIMES_SAMPLES},
    {"median_days", M_SS_C_TIMES_MEDIAN_DAYS},
    {"p80_days", M_SS_C_TIMES_P80_DAYS},
    {"p90_days", M_SS_C_TIMES_P90_DAYS},
    {"max_days", M_SS_C_TIMES_MAX_DAYS},
    {"limit_days", M_SS_C_TIMES_LIMIT_DAYS},
    {"iso_total_days", M_SS_C_TIMES_ISO_TOTAL_DAYS},
    {"ontime_share_pct", M_SS_C_TIMES_ONTIME_SHARE_PCT},
    {"window_start", M_SS_C_TIMES_WINDOW_START},
    {"window_end", M_SS_C_TIMES_WINDOW_END},
};

static const struct ss_col steps_cols[] = {
    {"agency_code", M_SS_C_STEPS_AGENCY_CODE},
    {"agency_name", M_SS_C_STEPS_AGENCY_NAME},
    {"procedure_code", M_SS_C_STEPS_PROCEDURE_CODE},
    {"procedure_name", M_SS_C_STEPS_PROCEDURE_NAME},
    {"process_doc", M_SS_C_STEPS_PROCESS_DOC},
    {"process_version", M_SS_C_STEPS_PROCESS_VERSION},
    {"step_no", M_SS_C_STEPS_STEP_NO},
    {"step_name", M_SS_C_STEPS_STEP_NAME},
    {"unit", M_SS_C_STEPS_UNIT},
    {"allowance_hours", M_SS_C_STEPS_ALLOWANCE_HOURS},
    {"ran", M_SS_C_STEPS_RAN},
    {"over", M_SS_C_STEPS_OVER},
    {"over_share_pct", M_SS_C_STEPS_OVER_SHARE_PCT},
    {"over_mean_hours", M_SS_C_STEPS_OVER_MEAN_HOURS},
    {"over_total_hours", M_SS_C_STEPS_OVER_TOTAL_HOURS},
    {"late_caused", M_SS_C_STEPS_LATE_CAUSED},
};

static const struct ss_col units_cols[] = {
    {"agency_code", M_SS_C_UNITS_AGENCY_CODE},
    {"agency_name", M_SS_C_UNITS_AGENCY_NAME},
    {"unit", M_SS_C_UNITS_UNIT},
    {"ran", M_SS_C_UNITS_RAN},
    {"over", M_SS_C_UNITS_OVER},
    {"over_share_pct", M_SS_C_UNITS_OVER_SHARE_PCT},
    {"over_mean_hours", M_SS_C_UNITS_OVER_MEAN_HOURS},
    {"over_total_hours", M_SS_C_UNITS_OVER_TOTAL_HOURS},
    {"late_caused", M_SS_C_UNITS_LATE_CAUSED},
};

static const struct ss_col roadmap_cols[] = {
    {"agency_code", M_SS_C_ROADMAP_AGENCY_CODE},
    {"agency_name", M_SS_C_ROADMAP_AGENCY_NAME},
    {"level", M_SS_C_ROADMAP_LEVEL},
    {"status", M_SS_C_ROADMAP_STATUS},
    {"valid_to", M_SS_C_ROADMAP_VALID_TO},
    {"successor_code", M_SS_C_ROADMAP_SUCCESSOR_CODE},
    {"duplicate_name_of", M_SS_C_ROADMAP_DUPLICATE_NAME_OF},
    {"iso_standard", M_SS_C_ROADMAP_ISO_STANDARD},
    {"iso_mode", M_SS_C_ROADMAP_ISO_MODE},
    {"iso_plan", M_SS_C_ROADMAP_ISO_PLAN},
    {"iso_target", M_SS_C_ROADMAP_ISO_TARGET},
    {"iso_announced", M_SS_C_ROADMAP_ISO_ANNOUNCED},
    {"adoption_state", M_SS_C_ROADMAP_ADOPTION_STATE},
    {"eiso_target", M_SS_C_ROADMAP_EISO_TARGET},
    {"eiso_date", M_SS_C_ROADMAP_EISO_DATE},
    {"eiso_state", M_SS_C_ROADMAP_EISO_STATE},
    {"last_audit", M_SS_C_ROADMAP_LAST_AUDIT},
    {"audit_next", M_SS_C_ROADMAP_AUDIT_NEXT},
    {"audit_state", M_SS_C_ROADMAP_AUDIT_STATE},
    {"last_review", M_SS_C_ROADMAP_LAST_REVIEW},
    {"review_next", M_SS_C_ROADMAP_REVIEW_NEXT},
    {"review_state", M_SS_C_ROADMAP_REVIEW_STATE},
    {"reissue_checked", M_SS_C_ROADMAP_REISSUE_CHECKED},
    {"reissue_overdue", M_SS_C_ROADMAP_REISSUE_OVERDUE},
    {"reissue_state", M_SS_C_ROADMAP_REISSUE_STATE},
    {"iso_target_source", M_SS_C_ROADMAP_ISO_TARGET_SOURCE},
    {"eiso_target_source", M_SS_C_ROADMAP_EISO_TARGET_SOURCE},
    {"in_scope", M_SS_C_ROADMAP_IN_SCOPE},
};

static const struct ss_col shares_cols[] = {
    {"level", M_SS_C_SHARES_LEVEL},
    {"rule", M_SS_C_SHARES_RULE},
    {"counted", M_SS_C_SHARES_COUNTED},
    {"met", M_SS_C_SHARES_MET},
    {"met_late", M_SS_C_SHARES_MET_LATE},
    {"pending", M_SS_C_SHARES_PENDING},
    {"overdue", M_SS_C_SHARES_OVERDUE},
    {"done_pct", M_SS_C_SHARES_DONE_PCT},
    {"met_by_deadline_pct", M_SS_C_SHARES_MET_BY_DEADLINE_PCT},
};

static const struct ss_col reissue_cols[] = {
    {"agency_code", M_SS_C_REISSUE_AGENCY_CODE},
    {"agency_name", M_SS_C_REISSUE_AGENCY_NAME},
    {"procedure_code", M_SS_C_REISSUE_PROCEDURE_CODE},
    {"procedure_name", M_SS_C_REISSUE_PROCEDURE_NAME},
    {"process_doc", M_SS_C_REISSUE_PROCESS_DOC},
    {"process_version", M_SS_C_REISSUE_PROCESS_VERSION},
    {"effective_from", M_SS_C_REISSUE_EFFECTIVE_FROM},
    {"legal_changed", M_SS_C_REISSUE_LEGAL_CHANGED},
    {"deadline", M_SS_C_REISSUE_DEADLINE},
    {"state", M_SS_C_REISSUE_STATE},
};

/* Citizens' satisfaction and the service index (satisfaction_page.c,
 * index766_page.c; data/INDICATORS.md). */
static const struct ss_col sat_cols[] = {
    {"entity_kind", M_SS_C_FORM_ENTITY_KIND},
    {"entity_code", M_SS_C_FORM_ENTITY_CODE},
    {"entity_name", M_SS_C_FORM_ENTITY_NAME},
    {"period_kind", M_SS_C_FORM_PERIOD_KIND},
    {"period", M_SS_C_FORM_PERIOD},
    {"question", M_SS_C_SAT_QUESTION},
    {"choice", M_SS_C_SAT_CHOICE},
    {"count", M_SS_C_SAT_COUNT},
    {"ratings", M_SS_C_SAT_RATINGS},
    {"satisfied", M_SS_C_SAT_SATISFIED},
    {"satisfied_pct", M_SS_C_SAT_SATISFIED_PCT},
};

static const struct ss_col idx766_cols[] = {
    {"entity_kind", M_SS_C_IDX766_ENTITY_KIND},
    {"entity_code", M_SS_C_FORM_ENTITY_CODE},
    {"entity_name", M_SS_C_FORM_ENTITY_NAME},
    {"period_kind", M_SS_C_FORM_PERIOD_KIND},
    {"period", M_SS_C_FORM_PERIOD},
    {"indicator", M_SS_C_IDX766_INDICATOR},
    {"numerator", M_SS_C_IDX766_NUMERATOR},
    {"denominator", M_SS_C_IDX766_DENOMINATOR},
    {"pct", M_SS_C_IDX766_PCT},
};

const struct ss_file ss_files[SS_F_COUNT] = {
    {PAGE_DIR_STATS "/bao-cao", M_SS_F_REPORT, M_SS_F_REPORT_ROW, ss_report_cols, SS_RC_NREPORT},
    {PAGE_DIR_STATS "/thoi-gian-xu-ly", M_SS_F_TIMES, M_SS_F_TIMES_ROW, times_cols, N(times_cols)},
    {PAGE_DIR_STATS "/diem-nghen", M_SS_F_STEPS, M_SS_F_STEPS_ROW, steps_cols, N(steps_cols)},
    {PAGE_DIR_STATS "/diem-nghen-don-vi", M_SS_F_UNITS, M_SS_F_UNITS_ROW, units_cols,
     N(units_cols)},
    {PAGE_DIR_ISO "/lo-trinh", M_SS_F_ROADMAP, M_SS_F_ROADMAP_ROW, roadmap_cols, N(roadmap_cols)},
    {PAGE_DIR_ISO "/ty-le", M_SS_F_SHARES, M_SS_F_SHARES_ROW, shares_cols, N(shares_cols)},
    {PAGE_DIR_ISO "/tai-ban", M_SS_F_REISSUE, M_SS_F_REISSUE_ROW, reissue_cols, N(reissue_cols)},
    {PAGE_DIR_STATS "/bao-cao-mau", M_SS_F_FORM, M_SS_F_FORM_ROW, ss_form_cols, SS_FORM_NCOLS},
    {PAGE_DIR_STATS "/hai-long", M_SS_F_SAT, M_SS_F_SAT_ROW, sat_cols, N(sat_cols)},
    {PAGE_DIR_STATS "/chi-so-766", M_SS_F_IDX766, M_SS_F_IDX766_ROW, idx766_cols, N(idx766_cols)},
};

int
ss_csv_header(FILE *f, enum ss_file_id id)
{
	const struct ss_file *fl = &ss_files[id];

	if (ss_bom(f) < 0)
		return -1;
	for (int i = 0; i < fl->ncols; i++) {
		if (i)
			W(",");
		if (out_csv(f, fl->cols[i].name) < 0)
			return -1;
	}
	return ss_csv_end(f);
}

int
ss_json_key(FILE *f, enum ss_file_id id, int i)
{
	if (i)
		W(",");
	if (out_json(f, ss_files[id].cols[i].name) < 0)
		return -1;
	W(":");
	return 0;
}

static int
dict_file(FILE *f, enum ss_file_id id, enum lang lang)
{
	const struct ss_file *fl = &ss_files[id];
	const char *base = strchr(fl->path, '/') + 1;
	int up = strncmp(fl->path, PAGE_DIR_STATS "/", sizeof PAGE_DIR_STATS) != 0;
	int en = lang == LANG_EN;

	W("<section>\n<h2>");
	if (out_text(f, msg(lang, fl->title)) < 0)
		return -1;
	W("</h2>\n<p>");
	if (out_text(f, msg(lang, fl->about)) < 0)
		return -1;
	W("</p>\n<p>");
	for (int k = 0; k < 2; k++) {
		/* One set of data files, under the Vietnamese pages. */
		W(k ? " · <a href=\"" : "<a href=\"");
		if (en)
			W(up ? "../../" PAGE_DIR_ISO "/" : "../../" PAGE_DIR_STATS "/");
		else
			W(up ? "../" PAGE_DIR_ISO "/" : "");
		W(base);
		W(k ? ".json\">" : ".csv\">");
		W(base);
		W(k ? ".json</a>" : ".csv</a>");
	}
	W("</p>\n");
	if (ss_scroll_begin(f, msg(lang, fl->title), "dict") < 0 ||
	    out_printf(
	        f,
	        "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
	        "<tbody>\n",
	        msg(lang, M_SS_D_COLUMN), msg(lang, M_SS_D_MEANING)) < 0)
		return -1;
	for (int i = 0; i < fl->ncols; i++) {
		W("<tr><th scope=\"row\"><code>");
		W(fl->cols[i].name);
		W("</code></th><td>");
		if (out_text(f, msg(lang, fl->cols[i].meaning)) < 0)
			return -1;
		W("</td></tr>\n");
	}
	W("</tbody></table></div>\n</section>\n");
	return 0;
}

#define DICT_REL PAGE_DIR_STATS "/du-lieu.html"

/* The data dictionary in L. */
static int
dict_page(FILE *f, const struct ss *s, enum lang l)
{
	if (ss_page_begin_lang(f, l, msg(l, M_SS_DICT_TITLE), DICT_REL, NAV_STATS, s->as_of, 1) < 0)
		return -1;
	if (out_printf(f, "<p>%s</p>\n<p>%s</p>\n<p>%s</p>\n", msg(l, M_SS_H_DICT_INTRO),
	               msg(l, M_SS_DICT_COUNTING), msg(l, M_SS_DICT_FORM)) < 0)
		return -1;
	for (int i = 0; i < SS_F_COUNT; i++)
		if (dict_file(f, (enum ss_file_id)i, l) < 0)
			return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

static int
dict_fn(FILE *f, const struct ss *s, int lang)
{
	return dict_page(f, s, lang == LANG_EN ? LANG_EN : LANG_VI);
}

int
ss_dict_write(struct ss *s, struct err *e)
{
	if (ss_write(s, DICT_REL, dict_fn, LANG_VI, e) < 0)
		return -1;
	return ss_write(s, PAGE_DIR_EN "/" DICT_REL, dict_fn, LANG_EN, e);
}

/* ---- rows --------------------------------------------------------------- */

const char *
ss_fmt_int(char *buf, int64_t v)
{
	return out_int_str(buf, v);
}

const char *
ss_fmt_1(char *buf, double v)
{
	snprintf(buf, SS_NUMBUF, "%.1f", v);
	return buf;
}

const char *
ss_fmt_pm(char *buf, int permille)
{
	if (permille < 0)
		buf[0] = '\0';
	else {
		size_t n = strlen(out_int_str(buf, permille / 10));
		buf[n] = '.', buf[n + 1] = (char)('0' + permille % 10), buf[n + 2] = '\0';
	}
	return buf;
}

int
ss_row(FILE *f, enum ss_file_id id, const struct ss_cell *c, int json, int first)
{
	const struct ss_file *fl = &ss_files[id];

	if (json)
		W(first ? "\n{" : ",\n{");
	for (int i = 0; i < fl->ncols; i++) {
		const char *v = c[i].s ? c[i].s : "";
		if (json) {
			if (ss_json_key(f, id, i) < 0)
				return -1;
			if (c[i].num)
				W(*v ? v : "null");
			else if (out_json(f, v) < 0)
				return -1;
		} else {
			if (i)
				W(",");
			if (c[i].num)
				W(v);
			else if (out_csv(f, v) < 0)
				return -1;
		}
	}
	if (json)
		W("}");
	else if (ss_csv_end(f) < 0)
		return -1;
	return 0;
}

int
ss_json_begin(FILE *f, const struct ss *s)
{
	W("{\"generated_at\":");
	if (out_json(f, s->as_of) < 0)
		return -1;
	W(",\"rows\":[");
	return 0;
}

int
ss_json_end(FILE *f)
{
	W("\n]}\n");
	return 0;
}
