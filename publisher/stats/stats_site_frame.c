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
#include "stats_site.h"

#define W(s) \
	do { \
		if (fputs((s), f) == EOF) \
			return -1; \
	} while (0)

static const enum msg_id level_msg[STATS_LEVEL_COUNT] = {
	M_SS_LEVEL_PROVINCE, M_SS_LEVEL_DEPARTMENT, M_SS_LEVEL_DISTRICT, M_SS_LEVEL_COMMUNE,
	M_SS_LEVEL_BRANCH,
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
	return (struct page){.lang = lang, .path = path, .title = title,
	                     .nav = (enum page_nav)nav, .as_of = as_of,
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
	if (!strncmp(rel, PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/", sizeof PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES) ||
	    !strncmp(rel, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/", sizeof PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES))
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
	return out_printf(f, ",%lld", (long long)v);
}

int
ss_csv_end(FILE *f)
{
	W("\r\n"); /* RFC 4180 */
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
	return out_printf(f, "%d.%d", permille / 10, permille % 10);
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
	switch (p->kind) {
	case STATS_MONTH:
		return out_printf(f, "%04d-%02d", p->year, p->num);
	case STATS_QUARTER:
		return out_printf(f, "%04d-q%d", p->year, p->num);
	case STATS_YEAR:
		return out_printf(f, "%04d", p->year);
	case STATS_CUT_MONTH:
		return out_printf(f, "chot-%04d-%02d", p->year, p->num);
	case STATS_CUT_QUARTER:
		return out_printf(f, "chot-%04d-q%d", p->year, p->num);
	case STATS_CUT_YEAR:
		return out_printf(f, "chot-%04d", p->year);
	case STATS_PERIOD_KINDS:
		break;
	}
	return -1;
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
	static const char *const month[13] = {"",    "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	static const enum msg_id label[STATS_PERIOD_KINDS] = {
		[STATS_MONTH] = M_SS_PL_MONTH, [STATS_QUARTER] = M_SS_PL_QUARTER,
		[STATS_YEAR] = M_SS_PL_YEAR, [STATS_CUT_MONTH] = M_SS_PL_CUT_MONTH,
		[STATS_CUT_QUARTER] = M_SS_PL_CUT_QUARTER, [STATS_CUT_YEAR] = M_SS_PL_CUT_YEAR,
	};
	char mon[16], year[16], digit[16], range[64];
	const char *args[6] = {mon,   year, p->num >= 1 && p->num <= 4 ? roman[p->num] : "?", digit,
	                       range, p->num >= 1 && p->num <= 12 ? month[p->num] : "?"};

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
		if (!((*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      *c == '.' || *c == '-' || *c == '_'))
			return 0;
	return 1;
}

/* ---- the open data's columns ------------------------------------------- */

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct ss_col report_cols[] = {
	{"entity_kind", "Đối tượng: province (toàn tỉnh), level (cấp), agency (cơ quan, hồ sơ của "
	                "chính cơ quan), rollup (cơ quan kế thừa gộp cả các cơ quan tiền nhiệm qua "
	                "sáp nhập), procedure (thủ tục), field (lĩnh vực)"},
	{"entity_code", "Mã: mã định danh cơ quan, mã thủ tục, mã lĩnh vực, tên cấp (tiếng Anh)"},
	{"entity_name", "Tên"},
	{"period_kind", "Kỳ: month (tháng), quarter (quý), year (năm) theo lịch; cutoff_month, "
	                "cutoff_quarter, cutoff_year: kỳ báo cáo chính thức theo thời gian chốt số "
	                "liệu của Nghị định 09/2019/NĐ-CP, Điều 12 (từ ngày 15 tháng trước đến ngày "
	                "14 tháng cuối kỳ; năm: 15/12 năm trước đến 14/12)"},
	{"period", "Kỳ báo cáo: 2025-03, 2025-q1, 2025; kỳ chốt số liệu: chot-2025-03 (15/02-14/03/2025), "
	           "chot-2025-q1 (15/12/2024-14/03/2025), chot-2025 (15/12/2024-14/12/2025)"},
	{"period_start", "Thời điểm bắt đầu kỳ (YYYY-MM-DD HH:MM, giờ Việt Nam)"},
	{"period_end", "Thời điểm chốt số liệu: đầu kỳ sau, hoặc thời điểm xuất bản với kỳ đang chạy"},
	{"carried", "Số hồ sơ kỳ trước chuyển qua: tiếp nhận trước kỳ, chưa kết thúc khi kỳ bắt đầu"},
	{"new_online", "Số mới tiếp nhận trực tuyến trong kỳ"},
	{"new_counter", "Số mới tiếp nhận trực tiếp tại Bộ phận Một cửa trong kỳ"},
	{"new_post", "Số mới tiếp nhận qua dịch vụ bưu chính trong kỳ"},
	{"received_total", "Tổng số hồ sơ phải giải quyết = carried + new_online + new_counter + new_post"},
	{"early", "Đã giải quyết trước hạn (xong trong một ngày trước ngày hẹn)"},
	{"on_time", "Đã giải quyết đúng hạn (trong ngày hẹn, không muộn hơn giờ hẹn)"},
	{"late", "Đã giải quyết quá hạn (sau giờ hẹn; có phiếu xin lỗi vẫn tính quá hạn)"},
	{"resolved_total", "Tổng số đã giải quyết = early + on_time + late"},
	{"pending_within", "Đang giải quyết cuối kỳ, chưa đến hạn"},
	{"pending_overdue", "Đang giải quyết cuối kỳ, đã quá hạn (hạn so với thời điểm chốt)"},
	{"pending_total", "Tổng số đang giải quyết = pending_within + pending_overdue; bằng carried "
	                  "của kỳ sau"},
	{"rejected", "Từ chối giải quyết trong kỳ. Trong mẫu báo cáo chính thức hồ sơ từ chối là "
	             "đã giải quyết, trước, đúng hoặc quá hạn theo thời điểm trả lời: xem "
	             "bao-cao-mau.csv"},
	{"withdrawn", "Công dân rút hồ sơ trong kỳ. Mẫu báo cáo chính thức không tính hồ sơ rút "
	              "vào số nhận giải quyết: xem bao-cao-mau.csv"},
	{"supp_at_end", "Trong số đang giải quyết: đang chờ công dân bổ sung hồ sơ tại thời điểm chốt"},
	{"supp_requested", "Số hồ sơ được yêu cầu bổ sung trong kỳ (mỗi hồ sơ tính một lần)"},
	{"apology", "Trong số đã giải quyết: có phiếu xin lỗi và hẹn lại ngày trả kết quả"},
	{"ontime_rate_pct", "Tỷ lệ đúng hạn (%) = (early + on_time) / resolved_total; trống khi chưa "
	                    "giải quyết hồ sơ nào"},
};

static const struct ss_col times_cols[] = {
	{"group", "procedure (theo thủ tục), agency (theo cơ quan), agency_procedure (cơ quan và thủ tục)"},
	{"agency_code", "Mã cơ quan (trống với nhóm procedure)"},
	{"agency_name", "Tên cơ quan"},
	{"procedure_code", "Mã thủ tục (trống với nhóm agency)"},
	{"procedure_name", "Tên thủ tục"},
	{"samples", "Số hồ sơ có kết quả trong 6 tháng gần nhất"},
	{"median_days", "Trung vị thời gian xử lý thực tế, ngày làm việc (8 giờ), không tính thời gian "
	                "dừng (chờ bổ sung, tạm dừng): thời gian người nộp thực sự chờ dài hơn"},
	{"p80_days", "Phân vị 80: 80% hồ sơ xong trong chừng ấy ngày làm việc (hạng gần nhất)"},
	{"p90_days", "Phân vị 90 (hạng gần nhất)"},
	{"max_days", "Lâu nhất"},
	{"limit_days", "Thời hạn giải quyết theo quy định, ngày làm việc"},
	{"iso_total_days", "Tổng thời gian các bước của quy trình ISO đang áp dụng (nhóm agency_procedure)"},
	{"ontime_share_pct", "Tỷ lệ có kết quả trước hạn hoặc đúng hạn (%)"},
	{"window_start", "Đầu cửa sổ 6 tháng"},
	{"window_end", "Cuối cửa sổ: thời điểm số liệu được tính đến (lần dữ liệu thay đổi gần "
	               "nhất), không phải thời điểm xuất bản; window_start là 6 tháng trước đó"},
};

static const struct ss_col steps_cols[] = {
	{"agency_code", "Mã cơ quan"}, {"agency_name", "Tên cơ quan"},
	{"procedure_code", "Mã thủ tục"}, {"procedure_name", "Tên thủ tục"},
	{"process_doc", "Số hiệu quy trình nội bộ"}, {"process_version", "Lần ban hành"},
	{"step_no", "Bước"}, {"step_name", "Nội dung bước"}, {"unit", "Đơn vị, người thực hiện"},
	{"allowance_hours", "Thời gian cho phép, giờ làm việc"},
	{"ran", "Số lần bước hoàn thành trong 6 tháng gần nhất"},
	{"over", "Số lần vượt thời gian cho phép"},
	{"over_share_pct", "Tỷ lệ vượt (%) = over / ran"},
	{"over_mean_hours", "Thời gian vượt trung bình mỗi lần vượt, giờ làm việc"},
	{"over_total_hours", "Tổng thời gian vượt, giờ làm việc"},
	{"late_caused", "Số hồ sơ trễ hạn mà bước này vượt nhiều nhất (bước gây trễ)"},
};

static const struct ss_col units_cols[] = {
	{"agency_code", "Mã cơ quan"}, {"agency_name", "Tên cơ quan"},
	{"unit", "Đơn vị, người thực hiện (gộp mọi bước, mọi thủ tục)"},
	{"ran", "Số lần bước hoàn thành"}, {"over", "Số lần vượt"},
	{"over_share_pct", "Tỷ lệ vượt (%)"}, {"over_mean_hours", "Vượt trung bình, giờ"},
	{"over_total_hours", "Tổng vượt, giờ"}, {"late_caused", "Số hồ sơ trễ do đơn vị"},
};

static const struct ss_col roadmap_cols[] = {
	{"agency_code", "Mã định danh cơ quan"}, {"agency_name", "Tên cơ quan"},
	{"level", "Cấp: province, department, district, commune, branch"},
	{"status", "current (đang hoạt động) hoặc historical (đã kết thúc hoạt động, ví dụ sau sắp "
	           "xếp ngày 1/7/2025)"},
	{"valid_to", "Ngày cuối hoạt động"}, {"successor_code", "Cơ quan kế thừa"},
	{"duplicate_name_of", "Mã cơ quan khác trùng tên (lỗi của danh sách gốc, cần kiểm tra)"},
	{"iso_standard", "Tiêu chuẩn áp dụng"}, {"iso_mode", "first (lần đầu) / conversion (chuyển đổi)"},
	{"iso_plan", "Kế hoạch giao chỉ tiêu"}, {"iso_target", "Hạn công bố theo kế hoạch"},
	{"iso_announced", "Ngày công bố phù hợp"},
	{"adoption_state", "Trạng thái công bố: met (đúng hạn), met_late (trễ), pending (chưa đến "
	                   "hạn), overdue (quá hạn chưa công bố), na (không áp dụng)"},
	{"eiso_target", "Hạn ISO điện tử (2025 cấp tỉnh/sở/chi cục, 2027 cấp huyện, 2030 cấp xã)"},
	{"eiso_date", "Ngày áp dụng ISO điện tử"}, {"eiso_state", "Trạng thái ISO điện tử"},
	{"last_audit", "Lần đánh giá nội bộ gần nhất"},
	{"audit_next", "Hạn đánh giá nội bộ tiếp theo (12 tháng sau lần gần nhất)"},
	{"audit_state", "met (trong 12 tháng) / overdue (quá 12 tháng hoặc chưa có)"},
	{"last_review", "Lần xem xét của lãnh đạo gần nhất"},
	{"review_next", "Hạn xem xét tiếp theo"}, {"review_state", "Trạng thái xem xét của lãnh đạo"},
	{"reissue_checked", "Số quy trình có văn bản pháp lý thay đổi"},
	{"reissue_overdue", "Số quy trình quá 3 tháng chưa ban hành lại"},
	{"reissue_state", "Trạng thái cập nhật quy trình (xấu nhất trong các quy trình)"},
	{"iso_target_source", "Nguồn của hạn công bố: kế hoạch ghi ở iso_plan; unsourced (dữ liệu "
	                      "có hạn nhưng không ghi văn bản nào giao, không quy cho kế hoạch nào); "
	                      "trống khi không có hạn"},
	{"eiso_target_source", "Nguồn của hạn ISO điện tử: level (hạn theo cấp của kế hoạch "
	                       "2021-2030), plan (hạn riêng, cơ quan có trong kế hoạch iso_plan), "
	                       "unsourced (hạn riêng không ghi văn bản nguồn); trống khi không áp dụng"},
	{"in_scope", "1: thuộc diện áp dụng ISO (có hệ thống quản lý chất lượng hoặc chỉ tiêu của "
	             "kế hoạch); 0: ngoài diện, không tính vào tỷ lệ nào"},
};

static const struct ss_col shares_cols[] = {
	{"level", "Cấp (all = tất cả)"},
	{"rule", "Yêu cầu: adoption (công bố ISO), eiso (ISO điện tử), audit (đánh giá nội bộ), "
	         "review (xem xét của lãnh đạo), reissue (cập nhật quy trình)"},
	{"counted", "Số cơ quan thuộc diện áp dụng yêu cầu"},
	{"met", "Đạt đúng hạn"}, {"met_late", "Đạt nhưng trễ hạn"},
	{"pending", "Chưa đạt, chưa đến hạn"}, {"overdue", "Quá hạn chưa đạt"},
	{"done_pct", "Tỷ lệ đã làm, kể cả trễ hạn (%) = (met + met_late) / counted"},
	{"met_by_deadline_pct", "Tỷ lệ đạt đúng hạn (%) = met / counted: điều chỉ tiêu \"trước ngày"
	                        "...\" của kế hoạch đo"},
};

static const struct ss_col reissue_cols[] = {
	{"agency_code", "Mã cơ quan"}, {"agency_name", "Tên cơ quan"},
	{"procedure_code", "Mã thủ tục"}, {"procedure_name", "Tên thủ tục"},
	{"process_doc", "Số hiệu quy trình"}, {"process_version", "Lần ban hành đang hiệu lực"},
	{"effective_from", "Ngày hiệu lực của lần ban hành đó"},
	{"legal_changed", "Ngày văn bản pháp lý thay đổi có hiệu lực"},
	{"deadline", "Hạn ban hành lại (3 tháng sau)"},
	{"state", "met / met_late / pending / overdue"},
};

/* The official report form's layout: what an official copies into it. */
static const struct ss_col form_cols[] = {
	{"entity_kind", "Như bao-cao.csv"}, {"entity_code", "Như bao-cao.csv"},
	{"entity_name", "Tên"}, {"period_kind", "Như bao-cao.csv"}, {"period", "Như bao-cao.csv"},
	{"period_start", "Như bao-cao.csv"}, {"period_end", "Như bao-cao.csv"},
	{"form_received", "Tổng số hồ sơ nhận giải quyết = carried + new_online + new_counter + "
	                  "new_post - withdrawn = form_resolved + pending_total"},
	{"carried", "Từ kỳ trước chuyển qua"}, {"new_online", "Mới tiếp nhận trực tuyến"},
	{"new_counter", "Mới tiếp nhận trực tiếp"}, {"new_post", "Mới tiếp nhận qua bưu chính"},
	{"withdrawn", "Công dân rút hồ sơ trong kỳ: không giải quyết nên không tính vào số nhận "
	              "giải quyết (đã trừ khỏi form_received)"},
	{"form_resolved", "Tổng số đã giải quyết = form_early + form_on_time + form_late; gồm cả hồ "
	                  "sơ từ chối giải quyết (có văn bản trả lời là đã giải quyết)"},
	{"form_early", "Trước hạn = early + rejected_early"},
	{"form_on_time", "Đúng hạn = on_time + rejected_on_time"},
	{"form_late", "Quá hạn = late + rejected_late"},
	{"pending_total", "Tổng số đang giải quyết"}, {"pending_within", "Đang giải quyết, trong hạn"},
	{"pending_overdue", "Đang giải quyết, quá hạn"},
	{"rejected", "Trong số đã giải quyết: từ chối giải quyết (để đối chiếu)"},
};

const struct ss_file ss_files[SS_F_COUNT] = {
	{PAGE_DIR_STATS "/bao-cao", M_SS_F_REPORT, M_SS_F_REPORT_ROW, report_cols, N(report_cols)},
	{PAGE_DIR_STATS "/thoi-gian-xu-ly", M_SS_F_TIMES, M_SS_F_TIMES_ROW, times_cols,
	 N(times_cols)},
	{PAGE_DIR_STATS "/diem-nghen", M_SS_F_STEPS, M_SS_F_STEPS_ROW, steps_cols, N(steps_cols)},
	{PAGE_DIR_STATS "/diem-nghen-don-vi", M_SS_F_UNITS, M_SS_F_UNITS_ROW, units_cols,
	 N(units_cols)},
	{PAGE_DIR_ISO "/lo-trinh", M_SS_F_ROADMAP, M_SS_F_ROADMAP_ROW, roadmap_cols,
	 N(roadmap_cols)},
	{PAGE_DIR_ISO "/ty-le", M_SS_F_SHARES, M_SS_F_SHARES_ROW, shares_cols, N(shares_cols)},
	{PAGE_DIR_ISO "/tai-ban", M_SS_F_REISSUE, M_SS_F_REISSUE_ROW, reissue_cols,
	 N(reissue_cols)},
	{PAGE_DIR_STATS "/bao-cao-mau", M_SS_F_FORM, M_SS_F_FORM_ROW, form_cols, N(form_cols)},
};

/* English meanings of the columns, by name (a name means the same in
 * every file it appears in), for the English data dictionary. */
static const struct ss_col col_en[] = {
	{"adoption_state", "ISO announcement: met (on time), met_late, pending (not yet due), "
	                   "overdue (due, not announced), na (not applicable)"},
	{"agency_code", "Agency identifier"}, {"agency_name", "Agency name"},
	{"allowance_hours", "Time allowed for the step, working hours"},
	{"apology", "Of those resolved: with an apology slip and a new appointment"},
	{"audit_next", "Next internal audit due (12 months after the last)"},
	{"audit_state", "met (within 12 months) / overdue (older or none)"},
	{"carried", "Carried over: received before the period, still open when it began"},
	{"counted", "Agencies the requirement applies to"},
	{"deadline", "Re-issue deadline (3 months after the change)"},
	{"done_pct", "Share done at all, late included (%) = (met + met_late) / counted"},
	{"met_by_deadline_pct", "Share met by the deadline (%) = met / counted: what a plan's "
	                        "target \"by a date\" measures"},
	{"iso_target_source", "Source of the announcement deadline: the plan in iso_plan; "
	                      "unsourced (the data gives a date but no document setting it, so it "
	                      "is attributed to no plan); empty without a deadline"},
	{"eiso_target_source", "Source of the electronic ISO deadline: level (the 2021-2030 plan's "
	                       "date for the level), plan (the agency's own date, agency in the plan "
	                       "of iso_plan), unsourced (own date, no source document)"},
	{"in_scope", "1: within the ISO scope (a quality system or a plan target); 0: outside it, "
	             "in no share"},
	{"form_received", "Dossiers received for handling = carried + new_online + new_counter + "
	                  "new_post - withdrawn = form_resolved + pending_total"},
	{"form_resolved", "Resolved = form_early + form_on_time + form_late, refusals included (a "
	                  "written refusal is a decision)"},
	{"form_early", "Early = early + rejected_early"},
	{"form_on_time", "On time = on_time + rejected_on_time"},
	{"form_late", "Late = late + rejected_late"},
	{"duplicate_name_of", "Another agency with the same name (an error of the source list, to "
	                      "be checked)"},
	{"early", "Resolved early (done a day or more before the appointment)"},
	{"effective_from", "Date that issue took effect"},
	{"eiso_date", "Date electronic ISO was adopted"}, {"eiso_state", "Electronic ISO state"},
	{"eiso_target", "Electronic ISO deadline (2025 province/departments/branches, 2027 "
	                "districts, 2030 communes)"},
	{"entity_code", "Code: agency identifier, procedure code, field code, level name"},
	{"entity_kind", "Subject: province, level, agency (its own dossiers), rollup (with its "
	                "merged predecessors), procedure, field"},
	{"entity_name", "Name (Vietnamese)"},
	{"group", "procedure, agency, or agency_procedure"},
	{"iso_announced", "Date of the conformity announcement"},
	{"iso_mode", "first (first adoption) / conversion"}, {"iso_plan", "Plan setting the target"},
	{"iso_standard", "Standard applied"}, {"iso_target", "Announcement deadline in the plan"},
	{"iso_total_days", "Total time of the steps of the ISO process in force (agency_procedure "
	                   "rows)"},
	{"last_audit", "Last internal audit"}, {"last_review", "Last management review"},
	{"late", "Resolved late (after the appointment; an apology slip still counts as late)"},
	{"late_caused", "Late dossiers where this step overran the most (the step that caused it)"},
	{"legal_changed", "Date the changed legal document took effect"},
	{"level", "Level: province, department, district, commune, branch (all = every level)"},
	{"limit_days", "Statutory time limit, working days"},
	{"max_days", "Longest"}, {"median_days", "Median real processing time, working days (8 "
	                                         "hours), stops (supplements, pauses) excluded: "
	                                         "the applicant's own wait is longer"},
	{"met", "Met on time"}, {"met_late", "Met late"},
	{"new_counter", "New, received at the one-stop counter"},
	{"new_online", "New, received online"}, {"new_post", "New, received by post"},
	{"on_time", "Resolved on time (on the appointment day, not after its hour)"},
	{"ontime_rate_pct", "On-time rate (%) = (early + on_time) / resolved_total; empty when "
	                    "nothing was resolved"},
	{"ontime_share_pct", "Share with a result early or on time (%)"},
	{"over", "Times the allowance was exceeded"},
	{"over_mean_hours", "Mean overrun per overrun, working hours"},
	{"over_share_pct", "Overrun share (%) = over / ran"},
	{"over_total_hours", "Total overrun, working hours"},
	{"overdue", "Overdue, not met"}, {"pending", "Not met, not yet due"},
	{"pending_overdue", "Open at the end of the period, overdue"},
	{"pending_total", "Open at the end = pending_within + pending_overdue; the next period's "
	                  "carried"},
	{"pending_within", "Open at the end of the period, within time"},
	{"period", "Report period: 2025-03, 2025-q1, 2025; cut-off periods: chot-2025-03 "
	           "(15/02-14/03/2025), chot-2025-q1 (15/12/2024-14/03/2025), chot-2025 "
	           "(15/12/2024-14/12/2025)"},
	{"period_end", "Cut-off: start of the next period, or publication time for the current one"},
	{"period_kind", "Period: month, quarter, year (calendar); cutoff_month, cutoff_quarter, "
	                "cutoff_year: the official reporting periods by the data cut-off of Decree "
	                "09/2019/NĐ-CP art. 12 (from the 15th of the month before to the 14th of the "
	                "period's last month; a year from 15 December to 14 December)"},
	{"period_start", "Start of the period (YYYY-MM-DD HH:MM, Vietnam time)"},
	{"procedure_code", "Procedure code"}, {"procedure_name", "Procedure name (Vietnamese)"},
	{"process_doc", "Internal process document number"}, {"process_version", "Issue number"},
	{"ran", "Times the step was completed in the last 6 months"},
	{"received_total", "Dossiers to handle = carried + new_online + new_counter + new_post"},
	{"reissue_checked", "Processes whose legal basis changed"},
	{"reissue_overdue", "Processes not re-issued within 3 months"},
	{"reissue_state", "Process update state (worst of the processes)"},
	{"rejected", "Refused in the period. The official report form counts a refusal as "
	             "resolved, early, on time or late by when it came: see bao-cao-mau.csv"},
	{"resolved_total", "Resolved = early + on_time + late"},
	{"review_next", "Next management review due"}, {"review_state", "Management review state"},
	{"rule", "Requirement: adoption, eiso, audit, review, reissue"},
	{"samples", "Dossiers with a result in the last 6 months"},
	{"state", "met / met_late / pending / overdue"},
	{"status", "current or historical (ceased, e.g. after the 1 July 2025 reorganisation)"},
	{"step_name", "What the step does"}, {"step_no", "Step"},
	{"successor_code", "Successor agency"},
	{"supp_at_end", "Of those open: waiting for the applicant's supplement at the cut-off"},
	{"supp_requested", "Dossiers asked for a supplement in the period (each once)"},
	{"unit", "Responsible unit or person"}, {"valid_to", "Last day of operation"},
	{"window_end", "End of the window: the instant the figures are counted up to (the last "
	               "change of the data), not the publication time; window_start is 6 months "
	               "before it"},
	{"window_start", "Start of the 6-month window"},
	{"withdrawn", "Withdrawn by the applicant in the period. The official report form leaves "
	              "them out of the dossiers received for handling: see bao-cao-mau.csv"},
	{"p80_days", "80th percentile: 80% done within this many working days (nearest rank)"},
	{"p90_days", "90th percentile (nearest rank)"},
};

static const char *
col_meaning_en(const char *name)
{
	for (int i = 0; i < N(col_en); i++)
		if (!strcmp(col_en[i].name, name))
			return col_en[i].vi;
	return "";
}

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
	    out_printf(f, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
	                  "<tbody>\n",
	               msg(lang, M_SS_D_COLUMN), msg(lang, M_SS_D_MEANING)) < 0)
		return -1;
	for (int i = 0; i < fl->ncols; i++) {
		W("<tr><th scope=\"row\"><code>");
		W(fl->cols[i].name);
		W("</code></th><td>");
		if (out_text(f, en ? col_meaning_en(fl->cols[i].name) : fl->cols[i].vi) < 0)
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
	snprintf(buf, SS_NUMBUF, "%lld", (long long)v);
	return buf;
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
	else
		snprintf(buf, SS_NUMBUF, "%d.%d", permille / 10, permille % 10);
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
