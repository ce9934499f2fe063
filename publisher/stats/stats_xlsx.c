/*
 * The statistics tables as xlsx, for officials: each page's open-data
 * tables in one workbook beside its CSV and JSON, one sheet per table of
 * the page, with Vietnamese headers and numbers as numbers.
 *
 * A workbook is made from the CSV files the run has just rendered (the
 * one set of rows, so the sheets hold exactly the CSV's values), read
 * back with core/storage/csv and typed by the column descriptions below
 * (by column name: a name means the same in every file).  ss_commit hands
 * each CSV here; a workbook of several files is built when its last file
 * has come, and written like the other data files (only when its bytes
 * change).
 *
 *   thong-ke/bao-cao.xlsx          report; report in the form's layout
 *   thong-ke/ky/PERIOD.xlsx        the period's report, a sheet per subject kind
 *   thong-ke/thoi-gian-xu-ly.xlsx  by procedure, agency, agency and procedure
 *   thong-ke/diem-nghen.xlsx       by process step; by responsible unit
 *   lo-trinh-iso/lo-trinh.xlsx     agencies; shares by level; re-issues
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "stats_columns.h"
#include "stats_site.h"
#include "xlsx.h"

/* Header (in the message catalogue) and type of every open-data column,
 * by name, but for the report table's (stats_columns.def). */
static const struct {
	const char *name;
	enum msg_id head;
	enum xlsx_type type;
	double width;
} col_desc[] = {
    {"group", M_XL_C_GROUP, XLSX_TEXT, 16},
    {"agency_code", M_XL_C_AGENCY_CODE, XLSX_TEXT, 16},
    {"agency_name", M_XL_C_AGENCY_NAME, XLSX_TEXT, 36},
    {"procedure_code", M_XL_C_PROCEDURE_CODE, XLSX_TEXT, 12},
    {"procedure_name", M_XL_C_PROCEDURE_NAME, XLSX_TEXT, 44},
    {"samples", M_XL_C_SAMPLES, XLSX_INT, 0},
    {"median_days", M_XL_C_MEDIAN_DAYS, XLSX_DEC, 0},
    {"p80_days", M_XL_C_P80_DAYS, XLSX_DEC, 0},
    {"p90_days", M_XL_C_P90_DAYS, XLSX_DEC, 0},
    {"max_days", M_XL_C_MAX_DAYS, XLSX_DEC, 0},
    {"limit_days", M_XL_C_LIMIT_DAYS, XLSX_DEC, 0},
    {"iso_total_days", M_XL_C_ISO_TOTAL_DAYS, XLSX_DEC, 0},
    {"ontime_share_pct", M_XL_C_ONTIME_SHARE_PCT, XLSX_PCT, 0},
    {"window_start", M_XL_C_WINDOW_START, XLSX_TEXT, 17},
    {"window_end", M_XL_C_WINDOW_END, XLSX_TEXT, 17},
    {"process_doc", M_XL_C_PROCESS_DOC, XLSX_TEXT, 14},
    {"process_version", M_XL_C_PROCESS_VERSION, XLSX_INT, 0},
    {"step_no", M_XL_C_STEP_NO, XLSX_INT, 7},
    {"step_name", M_XL_C_STEP_NAME, XLSX_TEXT, 40},
    {"unit", M_XL_C_UNIT, XLSX_TEXT, 32},
    {"allowance_hours", M_XL_C_ALLOWANCE_HOURS, XLSX_DEC, 0},
    {"ran", M_XL_C_RAN, XLSX_INT, 0},
    {"over", M_XL_C_OVER, XLSX_INT, 0},
    {"over_share_pct", M_XL_C_OVER_SHARE_PCT, XLSX_PCT, 0},
    {"over_mean_hours", M_XL_C_OVER_MEAN_HOURS, XLSX_DEC, 0},
    {"over_total_hours", M_XL_C_OVER_TOTAL_HOURS, XLSX_DEC, 0},
    {"late_caused", M_XL_C_LATE_CAUSED, XLSX_INT, 0},
    {"level", M_XL_C_LEVEL, XLSX_TEXT, 12},
    {"status", M_XL_C_STATUS, XLSX_TEXT, 12},
    {"valid_to", M_XL_C_VALID_TO, XLSX_TEXT, 12},
    {"successor_code", M_XL_C_SUCCESSOR_CODE, XLSX_TEXT, 16},
    {"duplicate_name_of", M_XL_C_DUPLICATE_NAME_OF, XLSX_TEXT, 16},
    {"iso_standard", M_XL_C_ISO_STANDARD, XLSX_TEXT, 18},
    {"iso_mode", M_XL_C_ISO_MODE, XLSX_TEXT, 12},
    {"iso_plan", M_XL_C_ISO_PLAN, XLSX_TEXT, 24},
    {"iso_target", M_XL_C_ISO_TARGET, XLSX_TEXT, 12},
    {"iso_announced", M_XL_C_ISO_ANNOUNCED, XLSX_TEXT, 12},
    {"adoption_state", M_XL_C_ADOPTION_STATE, XLSX_TEXT, 12},
    {"eiso_target", M_XL_C_EISO_TARGET, XLSX_TEXT, 12},
    {"eiso_date", M_XL_C_EISO_DATE, XLSX_TEXT, 12},
    {"eiso_state", M_XL_C_EISO_STATE, XLSX_TEXT, 12},
    {"last_audit", M_XL_C_LAST_AUDIT, XLSX_TEXT, 12},
    {"audit_next", M_XL_C_AUDIT_NEXT, XLSX_TEXT, 12},
    {"audit_state", M_XL_C_AUDIT_STATE, XLSX_TEXT, 12},
    {"last_review", M_XL_C_LAST_REVIEW, XLSX_TEXT, 12},
    {"review_next", M_XL_C_REVIEW_NEXT, XLSX_TEXT, 12},
    {"review_state", M_XL_C_REVIEW_STATE, XLSX_TEXT, 12},
    {"reissue_checked", M_XL_C_REISSUE_CHECKED, XLSX_INT, 0},
    {"reissue_overdue", M_XL_C_REISSUE_OVERDUE, XLSX_INT, 0},
    {"reissue_state", M_XL_C_REISSUE_STATE, XLSX_TEXT, 12},
    {"iso_target_source", M_XL_C_ISO_TARGET_SOURCE, XLSX_TEXT, 16},
    {"eiso_target_source", M_XL_C_EISO_TARGET_SOURCE, XLSX_TEXT, 16},
    {"in_scope", M_XL_C_IN_SCOPE, XLSX_INT, 0},
    {"rule", M_XL_C_RULE, XLSX_TEXT, 12},
    {"counted", M_XL_C_COUNTED, XLSX_INT, 0},
    {"met", M_XL_C_MET, XLSX_INT, 0},
    {"met_late", M_XL_C_MET_LATE, XLSX_INT, 0},
    {"pending", M_XL_C_PENDING, XLSX_INT, 0},
    {"overdue", M_XL_C_OVERDUE, XLSX_INT, 0},
    {"done_pct", M_XL_C_DONE_PCT, XLSX_PCT, 0},
    {"met_by_deadline_pct", M_XL_C_MET_BY_DEADLINE_PCT, XLSX_PCT, 0},
    {"effective_from", M_XL_C_EFFECTIVE_FROM, XLSX_TEXT, 12},
    {"legal_changed", M_XL_C_LEGAL_CHANGED, XLSX_TEXT, 12},
    {"deadline", M_XL_C_DEADLINE, XLSX_TEXT, 12},
    {"state", M_XL_C_STATE, XLSX_TEXT, 12},
    {"question", M_XL_C_QUESTION, XLSX_TEXT, 14},
    {"choice", M_XL_C_CHOICE, XLSX_TEXT, 16},
    {"count", M_XL_C_COUNT, XLSX_INT, 0},
    {"ratings", M_XL_C_RATINGS, XLSX_INT, 0},
    {"satisfied", M_XL_C_SATISFIED, XLSX_INT, 0},
    {"satisfied_pct", M_XL_C_SATISFIED_PCT, XLSX_PCT, 0},
    {"indicator", M_XL_C_INDICATOR, XLSX_TEXT, 18},
    {"numerator", M_XL_C_NUMERATOR, XLSX_INT, 0},
    {"denominator", M_XL_C_DENOMINATOR, XLSX_INT, 0},
    {"pct", M_XL_C_PCT, XLSX_PCT, 0},
};

/* A sheet: the rows of a file, or those whose column SPLIT reads VALUE. */
struct sheet {
	enum ss_file_id id;
	enum msg_id name; /* at most 31 characters; 0 (the site's title) ends a book's list */
	const char *split, *value;
};

#define NSHEETS_MAX 6

struct book {
	const char *rel; /* relative to the site root */
	enum msg_id title;
	struct sheet sheets[NSHEETS_MAX];
};

/* The period pages: one sheet per kind of subject, as the page's tables
 * and in their order. */
#define BY_KIND(id)                                                                                \
	{                                                                                          \
		{id, M_XL_S_PROVINCE, "entity_kind", "province"},                                  \
		    {id, M_XL_S_LEVEL, "entity_kind", "level"},                                    \
		    {id, M_XL_S_AGENCY, "entity_kind", "agency"},                                  \
		    {id, M_XL_S_ROLLUP, "entity_kind", "rollup"},                                  \
		    {id, M_XL_S_FIELD, "entity_kind", "field"},                                    \
		{                                                                                  \
			id, M_XL_S_PROCEDURE, "entity_kind", "procedure"                           \
		}                                                                                  \
	}

static const struct book books[] = {
    {PAGE_DIR_STATS "/bao-cao.xlsx",
     M_XL_T_REPORT,
     {{SS_F_REPORT, M_XL_S_REPORT, NULL, NULL}, {SS_F_FORM, M_XL_S_FORM, NULL, NULL}}},
    {PAGE_DIR_STATS "/thoi-gian-xu-ly.xlsx",
     M_XL_T_TIMES,
     {{SS_F_TIMES, M_XL_S_PROCEDURE, "group", "procedure"},
      {SS_F_TIMES, M_XL_S_AGENCY, "group", "agency"},
      {SS_F_TIMES, M_XL_S_AGENCY_PROCEDURE, "group", "agency_procedure"}}},
    {PAGE_DIR_STATS "/diem-nghen.xlsx",
     M_XL_T_BOTTLENECKS,
     {{SS_F_STEPS, M_XL_S_STEP, NULL, NULL}, {SS_F_UNITS, M_XL_S_UNIT, NULL, NULL}}},
    {PAGE_DIR_STATS "/hai-long.xlsx",
     M_XL_T_SATISFACTION,
     {{SS_F_SAT, M_XL_S_PROVINCE, "entity_kind", "province"},
      {SS_F_SAT, M_XL_S_LEVEL, "entity_kind", "level"},
      {SS_F_SAT, M_XL_S_AGENCY, "entity_kind", "agency"},
      {SS_F_SAT, M_XL_S_ROLLUP_AGENCY, "entity_kind", "rollup"},
      {SS_F_SAT, M_XL_S_FIELD, "entity_kind", "field"},
      {SS_F_SAT, M_XL_S_PROCEDURE, "entity_kind", "procedure"}}},
    {PAGE_DIR_STATS "/chi-so-766.xlsx",
     M_XL_T_IDX766,
     {{SS_F_IDX766, M_XL_S_PROVINCE, "entity_kind", "province"},
      {SS_F_IDX766, M_XL_S_AGENCY, "entity_kind", "agency"},
      {SS_F_IDX766, M_XL_S_ROLLUP_AGENCY, "entity_kind", "rollup"}}},
    {PAGE_DIR_ISO "/lo-trinh.xlsx",
     M_XL_T_ISO,
     {{SS_F_ROADMAP, M_XL_S_ROADMAP, NULL, NULL},
      {SS_F_SHARES, M_XL_S_SHARES, NULL, NULL},
      {SS_F_REISSUE, M_XL_S_REISSUE, NULL, NULL}}},
};
#define NBOOKS ((int)(sizeof books / sizeof books[0]))

static const struct book period_book = {NULL, M_XL_T_PERIOD, BY_KIND(SS_F_REPORT)};

/* The CSV files kept until their workbook is made. */
struct ss_xlsx {
	char *csv[SS_F_COUNT];
	size_t len[SS_F_COUNT];
};

void
ss_xlsx_free(struct ss *s)
{
	if (!s->xl)
		return;
	for (int i = 0; i < SS_F_COUNT; i++)
		free(s->xl->csv[i]);
	free(s->xl);
	s->xl = NULL;
}

/* How a report column's kind is typed in a sheet. */
static const enum xlsx_type rc_type[] = {
    [SS_RK_TEXT] = XLSX_TEXT,
    [SS_RK_COUNT] = XLSX_INT,
    [SS_RK_PCT] = XLSX_PCT,
};

static void
describe(const struct ss_file *fl, struct xlsx_col *c)
{
	for (int i = 0; i < fl->ncols; i++) {
		/* An undescribed column keeps its open-data name (the tests
		 * look for such headers). */
		const struct ss_rcol *rc = ss_rcol_named(fl->cols[i].name);
		c[i] = (struct xlsx_col){fl->cols[i].name, XLSX_TEXT, 0};
		if (rc) {
			c[i] = (struct xlsx_col){msg(LANG_VI, rc->header), rc_type[rc->kind],
			                         rc->width};
			continue;
		}
		for (size_t k = 0; k < sizeof col_desc / sizeof col_desc[0]; k++)
			if (!strcmp(col_desc[k].name, fl->cols[i].name)) {
				c[i] = (struct xlsx_col){msg(LANG_VI, col_desc[k].head),
				                         col_desc[k].type, col_desc[k].width};
				break;
			}
	}
}

/* Sheet SH of workbook B from the LEN bytes of CSV (file SH->id's rows). */
static int
sheet(struct xlsx_book *b, const struct sheet *sh, const char *csvb, size_t len, struct err *e)
{
	const struct ss_file *fl = &ss_files[sh->id];
	struct xlsx_col cols[CSV_FIELDS_MAX];
	struct csv *c = NULL;
	int split = -1, r = -1, got;

	if (fl->ncols > CSV_FIELDS_MAX)
		return err_set(e, "%s: %d columns", fl->path, fl->ncols);
	describe(fl, cols);
	for (int i = 0; sh->split && i < fl->ncols; i++)
		if (!strcmp(fl->cols[i].name, sh->split))
			split = i;
	if (xlsx_sheet(b, msg(LANG_VI, sh->name), cols, fl->ncols, e) < 0)
		return -1;
	if (!(c = malloc(sizeof *c))) {
		err_set(e, "out of memory");
		goto done;
	}
	/* From the bytes in memory: through a stream, each byte's getc was
	 * most of the workbook's cost. */
	csv_init_mem(c, csvb, len);
	/* The header row: the columns the description is of. */
	if ((got = csv_read(c, e)) <= 0 || c->nfields != fl->ncols) {
		if (got >= 0)
			err_set(e, "%s.csv: not the columns of its description", fl->path);
		goto done;
	}
	while ((got = csv_read(c, e)) > 0) {
		if (split >= 0 && (c->nfields <= split || strcmp(c->field[split], sh->value) != 0))
			continue;
		if (xlsx_row(b, (const char *const *)c->field, c->nfields, e) < 0)
			goto done;
	}
	r = got < 0 ? -1 : 0;
done:
	free(c);
	return r;
}

/* Make workbook BK at REL from the files in CSV[] and write it. */
static int
book_write(struct ss *s, const struct book *bk, const char *rel, char *const *csvb,
           const size_t *len, struct err *e)
{
	/* The document's date is the data's, not the clock's, so that a run
	 * with no new data gives the same bytes. */
	struct xlsx_book *b = xlsx_new(msg(LANG_VI, bk->title), (time_t)s->since_data * 60, e);
	char *buf;
	size_t n;
	int r;

	if (!b)
		return -1;
	for (int i = 0; i < NSHEETS_MAX && bk->sheets[i].name; i++) {
		enum ss_file_id id = bk->sheets[i].id;
		if (sheet(b, &bk->sheets[i], csvb[id], len[id], e) < 0) {
			xlsx_free(b);
			return err_prefix(e, "%s", rel);
		}
	}
	if (xlsx_finish(b, &buf, &n, e) < 0)
		return err_prefix(e, "%s", rel);
	r = emit_put(&s->em, rel, buf, n, e);
	free(buf);
	return r < 0 ? -1 : 0;
}

static int
ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && !strcmp(s + n - m, end);
}

int
ss_xlsx_csv(struct ss *s, const char *rel, const char *buf, size_t len, struct err *e)
{
	static const char ky[] = PAGE_DIR_STATS "/ky/";
	char path[PATH_MAX];
	int id = -1;

	if (!ends_with(rel, ".csv"))
		return 0;
	if (!strncmp(rel, ky, sizeof ky - 1) && !strchr(rel + sizeof ky - 1, '/')) {
		/* A period's table: its workbook at once. */
		char *csvb[SS_F_COUNT] = {0};
		size_t lens[SS_F_COUNT] = {0};
		int n = (int)strlen(rel) - 4;
		if (snprintf(path, sizeof path, "%.*s.xlsx", n, rel) >= (int)sizeof path)
			return err_set(e, "%s: path too long", rel);
		csvb[SS_F_REPORT] = (char *)buf;
		lens[SS_F_REPORT] = len;
		return book_write(s, &period_book, path, csvb, lens, e);
	}
	for (int i = 0; i < SS_F_COUNT; i++) {
		size_t n = strlen(ss_files[i].path);
		if (!strncmp(rel, ss_files[i].path, n) && !strcmp(rel + n, ".csv"))
			id = i;
	}
	if (id < 0)
		return 0;
	if (!s->xl && !(s->xl = calloc(1, sizeof *s->xl)))
		return err_set(e, "out of memory");
	free(s->xl->csv[id]);
	if (!(s->xl->csv[id] = malloc(len ? len : 1)))
		return err_set(e, "out of memory");
	memcpy(s->xl->csv[id], buf, len);
	s->xl->len[id] = len;
	/* A workbook whose files have all come is made now. */
	for (int k = 0; k < NBOOKS; k++) {
		const struct book *bk = &books[k];
		int uses = 0, ready = 1;
		for (int i = 0; i < NSHEETS_MAX && bk->sheets[i].name; i++) {
			uses |= bk->sheets[i].id == (enum ss_file_id)id;
			ready &= s->xl->csv[bk->sheets[i].id] != NULL;
		}
		if (!uses || !ready)
			continue;
		if (book_write(s, bk, bk->rel, s->xl->csv, s->xl->len, e) < 0)
			return -1;
		for (int i = 0; i < NSHEETS_MAX && bk->sheets[i].name; i++) {
			free(s->xl->csv[bk->sheets[i].id]);
			s->xl->csv[bk->sheets[i].id] = NULL;
		}
	}
	return 0;
}
