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
#include "stats_site.h"
#include "xlsx.h"

/* Header and type of every open-data column, by name. */
static const struct {
	const char *name, *vi;
	enum xlsx_type type;
	double width;
} col_desc[] = {
    {"entity_kind", "Loại đối tượng", XLSX_TEXT, 12},
    {"entity_code", "Mã", XLSX_TEXT, 16},
    {"entity_name", "Tên", XLSX_TEXT, 40},
    {"period_kind", "Loại kỳ", XLSX_TEXT, 14},
    {"period", "Kỳ", XLSX_TEXT, 14},
    {"period_start", "Bắt đầu kỳ", XLSX_TEXT, 17},
    {"period_end", "Chốt số liệu", XLSX_TEXT, 17},
    {"carried", "Kỳ trước chuyển qua", XLSX_INT, 0},
    {"new_online", "Mới tiếp nhận trực tuyến", XLSX_INT, 0},
    {"new_counter", "Mới tiếp nhận trực tiếp", XLSX_INT, 0},
    {"new_post", "Mới tiếp nhận qua bưu chính", XLSX_INT, 0},
    {"received_total", "Tổng số phải giải quyết", XLSX_INT, 0},
    {"early", "Giải quyết trước hạn", XLSX_INT, 0},
    {"on_time", "Giải quyết đúng hạn", XLSX_INT, 0},
    {"late", "Giải quyết quá hạn", XLSX_INT, 0},
    {"resolved_total", "Tổng số đã giải quyết", XLSX_INT, 0},
    {"pending_within", "Đang giải quyết trong hạn", XLSX_INT, 0},
    {"pending_overdue", "Đang giải quyết quá hạn", XLSX_INT, 0},
    {"pending_total", "Tổng số đang giải quyết", XLSX_INT, 0},
    {"rejected", "Từ chối giải quyết", XLSX_INT, 0},
    {"withdrawn", "Công dân rút hồ sơ", XLSX_INT, 0},
    {"supp_at_end", "Đang chờ bổ sung lúc chốt", XLSX_INT, 0},
    {"supp_requested", "Được yêu cầu bổ sung", XLSX_INT, 0},
    {"apology", "Có phiếu xin lỗi, hẹn lại", XLSX_INT, 0},
    {"ontime_rate_pct", "Tỷ lệ đúng hạn", XLSX_PCT, 0},
    {"form_received", "Tổng số nhận giải quyết", XLSX_INT, 0},
    {"form_resolved", "Tổng số đã giải quyết", XLSX_INT, 0},
    {"form_early", "Trước hạn", XLSX_INT, 0},
    {"form_on_time", "Đúng hạn", XLSX_INT, 0},
    {"form_late", "Quá hạn", XLSX_INT, 0},
    {"group", "Nhóm", XLSX_TEXT, 16},
    {"agency_code", "Mã cơ quan", XLSX_TEXT, 16},
    {"agency_name", "Tên cơ quan", XLSX_TEXT, 36},
    {"procedure_code", "Mã thủ tục", XLSX_TEXT, 12},
    {"procedure_name", "Tên thủ tục", XLSX_TEXT, 44},
    {"samples", "Số hồ sơ có kết quả", XLSX_INT, 0},
    {"median_days", "Trung vị (ngày làm việc)", XLSX_DEC, 0},
    {"p80_days", "Phân vị 80 (ngày làm việc)", XLSX_DEC, 0},
    {"p90_days", "Phân vị 90 (ngày làm việc)", XLSX_DEC, 0},
    {"max_days", "Lâu nhất (ngày làm việc)", XLSX_DEC, 0},
    {"limit_days", "Thời hạn theo quy định (ngày làm việc)", XLSX_DEC, 0},
    {"iso_total_days", "Tổng thời gian quy trình ISO (ngày làm việc)", XLSX_DEC, 0},
    {"ontime_share_pct", "Tỷ lệ trước hạn và đúng hạn", XLSX_PCT, 0},
    {"window_start", "Từ", XLSX_TEXT, 17},
    {"window_end", "Đến", XLSX_TEXT, 17},
    {"process_doc", "Số hiệu quy trình", XLSX_TEXT, 14},
    {"process_version", "Lần ban hành", XLSX_INT, 0},
    {"step_no", "Bước", XLSX_INT, 7},
    {"step_name", "Nội dung bước", XLSX_TEXT, 40},
    {"unit", "Đơn vị, người thực hiện", XLSX_TEXT, 32},
    {"allowance_hours", "Thời gian cho phép (giờ làm việc)", XLSX_DEC, 0},
    {"ran", "Số lần hoàn thành", XLSX_INT, 0},
    {"over", "Số lần vượt thời gian", XLSX_INT, 0},
    {"over_share_pct", "Tỷ lệ vượt", XLSX_PCT, 0},
    {"over_mean_hours", "Vượt trung bình (giờ làm việc)", XLSX_DEC, 0},
    {"over_total_hours", "Tổng thời gian vượt (giờ làm việc)", XLSX_DEC, 0},
    {"late_caused", "Số hồ sơ trễ hạn do bước, đơn vị này", XLSX_INT, 0},
    {"level", "Cấp", XLSX_TEXT, 12},
    {"status", "Tình trạng hoạt động", XLSX_TEXT, 12},
    {"valid_to", "Ngày cuối hoạt động", XLSX_TEXT, 12},
    {"successor_code", "Cơ quan kế thừa", XLSX_TEXT, 16},
    {"duplicate_name_of", "Trùng tên với cơ quan", XLSX_TEXT, 16},
    {"iso_standard", "Tiêu chuẩn áp dụng", XLSX_TEXT, 18},
    {"iso_mode", "Áp dụng lần đầu hay chuyển đổi", XLSX_TEXT, 12},
    {"iso_plan", "Kế hoạch giao chỉ tiêu", XLSX_TEXT, 24},
    {"iso_target", "Hạn công bố", XLSX_TEXT, 12},
    {"iso_announced", "Ngày công bố", XLSX_TEXT, 12},
    {"adoption_state", "Trạng thái công bố", XLSX_TEXT, 12},
    {"eiso_target", "Hạn ISO điện tử", XLSX_TEXT, 12},
    {"eiso_date", "Ngày áp dụng ISO điện tử", XLSX_TEXT, 12},
    {"eiso_state", "Trạng thái ISO điện tử", XLSX_TEXT, 12},
    {"last_audit", "Đánh giá nội bộ gần nhất", XLSX_TEXT, 12},
    {"audit_next", "Hạn đánh giá nội bộ tiếp theo", XLSX_TEXT, 12},
    {"audit_state", "Trạng thái đánh giá nội bộ", XLSX_TEXT, 12},
    {"last_review", "Xem xét của lãnh đạo gần nhất", XLSX_TEXT, 12},
    {"review_next", "Hạn xem xét tiếp theo", XLSX_TEXT, 12},
    {"review_state", "Trạng thái xem xét của lãnh đạo", XLSX_TEXT, 12},
    {"reissue_checked", "Số quy trình có văn bản thay đổi", XLSX_INT, 0},
    {"reissue_overdue", "Số quy trình quá hạn ban hành lại", XLSX_INT, 0},
    {"reissue_state", "Trạng thái cập nhật quy trình", XLSX_TEXT, 12},
    {"iso_target_source", "Nguồn của hạn công bố", XLSX_TEXT, 16},
    {"eiso_target_source", "Nguồn của hạn ISO điện tử", XLSX_TEXT, 16},
    {"in_scope", "Thuộc diện áp dụng (1 có, 0 không)", XLSX_INT, 0},
    {"rule", "Yêu cầu", XLSX_TEXT, 12},
    {"counted", "Số cơ quan thuộc diện", XLSX_INT, 0},
    {"met", "Đạt đúng hạn", XLSX_INT, 0},
    {"met_late", "Đạt nhưng trễ hạn", XLSX_INT, 0},
    {"pending", "Chưa đạt, chưa đến hạn", XLSX_INT, 0},
    {"overdue", "Quá hạn chưa đạt", XLSX_INT, 0},
    {"done_pct", "Tỷ lệ đã làm (kể cả trễ hạn)", XLSX_PCT, 0},
    {"met_by_deadline_pct", "Tỷ lệ đạt đúng hạn", XLSX_PCT, 0},
    {"effective_from", "Ngày hiệu lực", XLSX_TEXT, 12},
    {"legal_changed", "Ngày văn bản pháp lý thay đổi", XLSX_TEXT, 12},
    {"deadline", "Hạn ban hành lại", XLSX_TEXT, 12},
    {"state", "Trạng thái", XLSX_TEXT, 12},
    {"question", "Câu hỏi", XLSX_TEXT, 14},
    {"choice", "Lựa chọn", XLSX_TEXT, 16},
    {"count", "Số đánh giá", XLSX_INT, 0},
    {"ratings", "Tổng số đánh giá", XLSX_INT, 0},
    {"satisfied", "Số hài lòng", XLSX_INT, 0},
    {"satisfied_pct", "Tỷ lệ hài lòng", XLSX_PCT, 0},
    {"indicator", "Chỉ số", XLSX_TEXT, 18},
    {"numerator", "Tử số", XLSX_INT, 0},
    {"denominator", "Mẫu số", XLSX_INT, 0},
    {"pct", "Tỷ lệ", XLSX_PCT, 0},
};

/* A sheet: the rows of a file, or those whose column SPLIT reads VALUE. */
struct sheet {
	enum ss_file_id id;
	const char *name; /* at most 31 characters */
	const char *split, *value;
};

#define NSHEETS_MAX 6

struct book {
	const char *rel; /* relative to the site root */
	const char *title;
	struct sheet sheets[NSHEETS_MAX];
};

/* The period pages: one sheet per kind of subject, as the page's tables
 * and in their order. */
#define BY_KIND(id)                                                                                \
	{                                                                                          \
		{id, "Toàn tỉnh", "entity_kind", "province"},                                      \
		    {id, "Theo cấp", "entity_kind", "level"},                                      \
		    {id, "Theo cơ quan", "entity_kind", "agency"},                                 \
		    {id, "Kế thừa, gộp tiền nhiệm", "entity_kind", "rollup"},                      \
		    {id, "Theo lĩnh vực", "entity_kind", "field"},                                 \
		{                                                                                  \
			id, "Theo thủ tục", "entity_kind", "procedure"                             \
		}                                                                                  \
	}

static const struct book books[] = {
    {PAGE_DIR_STATS "/bao-cao.xlsx",
     "Báo cáo tình hình giải quyết thủ tục hành chính",
     {{SS_F_REPORT, "Báo cáo", NULL, NULL}, {SS_F_FORM, "Báo cáo theo mẫu", NULL, NULL}}},
    {PAGE_DIR_STATS "/thoi-gian-xu-ly.xlsx",
     "Thời gian xử lý thực tế (6 tháng gần nhất)",
     {{SS_F_TIMES, "Theo thủ tục", "group", "procedure"},
      {SS_F_TIMES, "Theo cơ quan", "group", "agency"},
      {SS_F_TIMES, "Theo cơ quan và thủ tục", "group", "agency_procedure"}}},
    {PAGE_DIR_STATS "/diem-nghen.xlsx",
     "Điểm nghẽn",
     {{SS_F_STEPS, "Theo bước quy trình", NULL, NULL},
      {SS_F_UNITS, "Theo đơn vị thực hiện", NULL, NULL}}},
    {PAGE_DIR_STATS "/hai-long.xlsx",
     "Mức độ hài lòng của người dân",
     {{SS_F_SAT, "Toàn tỉnh", "entity_kind", "province"},
      {SS_F_SAT, "Theo cấp", "entity_kind", "level"},
      {SS_F_SAT, "Theo cơ quan", "entity_kind", "agency"},
      {SS_F_SAT, "Cơ quan gộp tiền nhiệm", "entity_kind", "rollup"},
      {SS_F_SAT, "Theo lĩnh vực", "entity_kind", "field"},
      {SS_F_SAT, "Theo thủ tục", "entity_kind", "procedure"}}},
    {PAGE_DIR_STATS "/chi-so-766.xlsx",
     "Chỉ số phục vụ (Quyết định 766/QĐ-TTg)",
     {{SS_F_IDX766, "Toàn tỉnh", "entity_kind", "province"},
      {SS_F_IDX766, "Theo cơ quan", "entity_kind", "agency"},
      {SS_F_IDX766, "Cơ quan gộp tiền nhiệm", "entity_kind", "rollup"}}},
    {PAGE_DIR_ISO "/lo-trinh.xlsx",
     "Lộ trình ISO",
     {{SS_F_ROADMAP, "Lộ trình từng cơ quan", NULL, NULL},
      {SS_F_SHARES, "Tỷ lệ đạt theo cấp", NULL, NULL},
      {SS_F_REISSUE, "Quy trình phải ban hành lại", NULL, NULL}}},
};
#define NBOOKS ((int)(sizeof books / sizeof books[0]))

static const struct book period_book = {NULL, "Báo cáo của kỳ", BY_KIND(SS_F_REPORT)};

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

static void
describe(const struct ss_file *fl, struct xlsx_col *c)
{
	for (int i = 0; i < fl->ncols; i++) {
		/* An undescribed column keeps its open-data name (the tests
		 * look for such headers). */
		c[i] = (struct xlsx_col){fl->cols[i].name, XLSX_TEXT, 0};
		for (size_t k = 0; k < sizeof col_desc / sizeof col_desc[0]; k++)
			if (!strcmp(col_desc[k].name, fl->cols[i].name)) {
				c[i] = (struct xlsx_col){col_desc[k].vi, col_desc[k].type,
				                         col_desc[k].width};
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
	if (xlsx_sheet(b, sh->name, cols, fl->ncols, e) < 0)
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
	struct xlsx_book *b = xlsx_new(bk->title, (time_t)s->since_data * 60, e);
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
