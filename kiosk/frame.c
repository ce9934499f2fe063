#include "frame.h"

#include "out.h"

static const char *const texts[KT_COUNT][LANG_COUNT] = {
	[KT_TITLE] = {"Tra cứu hồ sơ thủ tục hành chính", "Administrative dossier lookup"},
	[KT_HOME] = {"Trang đầu", "Start"},
	[KT_OTHER_LANG] = {"English", "Tiếng Việt"},
	[KT_PROCEDURES] = {"Thủ tục hành chính", "Administrative procedures"},
	[KT_LOOKUP_TITLE] = {"Tình trạng hồ sơ", "Dossier progress"},
	[KT_NO_DOSSIER] = {"Không tìm thấy hồ sơ với mã hồ sơ và mã kiểm tra này.",
	                   "No dossier matches this dossier code and check code."},
	[KT_NO_DOSSIER_HINT] = {"Vui lòng xem lại hai mã in trên giấy tiếp nhận và hẹn trả kết quả.",
	                        "Please compare both codes with your receipt."},
	[KT_BAD_CODE] = {"Mã hồ sơ hoặc mã kiểm tra chưa đúng dạng. Mã hồ sơ có dạng "
	                 "000.00.00.H00-YYMMDD-NNNN, mã kiểm tra gồm 8 chữ số.",
	                 "The dossier code or check code is not in the right form. A dossier code "
	                 "looks like 000.00.00.H00-YYMMDD-NNNN; a check code has 8 digits."},
	[KT_RATE_LIMITED] = {"Quá nhiều lần tra cứu. Vui lòng chờ một chút rồi thử lại.",
	                     "Too many lookups. Please wait a moment and try again."},
	[KT_UNAVAILABLE] = {"Dữ liệu tra cứu tạm thời chưa sẵn sàng.",
	                    "The lookup data is not available at the moment."},
	[KT_UNAVAILABLE_HINT] = {"Máy sẽ tự thử lại. Xin vui lòng hỏi cán bộ tại quầy.",
	                         "The kiosk will try again by itself. Please ask at the counter."},
	[KT_NOT_FOUND] = {"Không có trang này.", "There is no such page."},
	[KT_BAD_REQUEST] = {"Yêu cầu không hợp lệ.", "The request is not valid."},
	[KT_METHOD] = {"Phương thức không được hỗ trợ.", "Method not allowed."},
	[KT_TOO_LARGE] = {"Yêu cầu quá lớn.", "The request is too large."},
	[KT_INTERNAL] = {"Đã có lỗi. Xin vui lòng hỏi cán bộ tại quầy.",
	                 "Something went wrong. Please ask at the counter."},
	[KT_DUE_IF_NOW] = {"Nếu nộp hồ sơ bây giờ, ngày hẹn trả kết quả là",
	                   "If you hand in now, the result is due on"},
	[KT_DUE_BASIS_PROCESS] = {"theo quy trình nội bộ ISO và lịch làm việc",
	                          "by the ISO process and the working calendar"},
	[KT_DUE_BASIS_LIMIT] = {"theo thời hạn giải quyết và lịch làm việc",
	                        "by the statutory limit and the working calendar"},
	[KT_STEPS] = {"Các bước xử lý", "Processing steps"},
	[KT_STEP_NO] = {"Bước", "Step"},
	[KT_UNIT] = {"Đơn vị thực hiện", "Responsible unit"},
	[KT_TIME] = {"Thời gian", "Time"},
	[KT_LIMIT] = {"Thời hạn giải quyết", "Statutory time limit"},
	[KT_FEE] = {"Phí, lệ phí", "Fee"},
	[KT_FREE] = {"Không thu phí", "No fee"},
	[KT_DAYS] = {"ngày làm việc", "working days"},
	[KT_HOURS] = {"giờ", "hours"},
	[KT_BOARD_TITLE] = {"Kết quả đã có, mời nhận tại quầy", "Results ready for pickup"},
	[KT_READY_LIST] = {"Mã hồ sơ có kết quả", "Dossiers with results ready"},
	[KT_TODAY] = {"Hôm nay", "Today"},
	[KT_RECEIVED_TODAY] = {"Hồ sơ tiếp nhận", "Dossiers received"},
	[KT_RESOLVED_TODAY] = {"Hồ sơ đã giải quyết", "Dossiers resolved"},
	[KT_RETURNED_TODAY] = {"Kết quả đã trả", "Results handed over"},
	[KT_WAITING] = {"Kết quả chờ nhận", "Results waiting"},
	[KT_NONE_READY] = {"Hiện chưa có kết quả chờ nhận.", "No results are waiting now."},
	[KT_BACK] = {"Quay lại", "Back"},
	[KT_PROCESS] = {"Quy trình", "Process"},
	[KT_OFFERED_HERE] = {"Thủ tục tiếp nhận tại đây", "Procedures offered here"},
	[KT_NO_PROCEDURES] = {"Chưa có thủ tục nào.", "No procedures yet."},
	[KT_FIELD] = {"Lĩnh vực", "Field"},
	[KT_TRY_AGAIN] = {"Thử lại", "Try again"},
	[KT_DATA_AS_OF] = {"Dữ liệu cập nhật lúc", "Data as of"},
	[KT_BOARD_HINT] = {"Mang theo giấy tiếp nhận khi nhận kết quả.",
	                   "Bring your receipt to collect the result."},
	[KT_VND] = {"đồng", "VND"},
	[KT_AGENCY_LIST] = {"Cơ quan tiếp nhận", "Agencies offering it"},
	/* "Showing the 200 most recent of 1234 results waiting.": numbers
	 * between the three pieces. */
	[KT_BOARD_CAP_A] = {"Hiển thị ", "Showing the "},
	[KT_BOARD_CAP_B] = {" kết quả mới nhất trong số ", " most recent of "},
	[KT_BOARD_CAP_C] = {" kết quả chờ nhận.", " results waiting."},
};

/* Set once at start, before the worker threads: whether web/ has the
 * publisher's site.css, which styles the shared dossier view. */
static int have_site_css;

void
frame_use_site_css(int yes)
{
	have_site_css = yes;
}

const char *
ktext(enum lang lang, enum ktext id)
{
	const char *t;

	if ((unsigned)id >= KT_COUNT)
		return "";
	t = texts[id][lang == LANG_EN ? 1 : 0];
	return t ? t : texts[id][0];
}

static int
head(FILE *f, const struct frame *fr)
{
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	fputs(fr->lang == LANG_EN ? "en" : "vi", f);
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"robots\" content=\"noindex, nofollow\">\n", f);
	if (fr->refresh)
		out_printf(f, "<meta http-equiv=\"refresh\" content=\"%u\">\n", fr->refresh);
	fputs("<title>", f);
	out_text(f, fr->title);
	fputs("</title>\n", f);
	if (have_site_css)
		fputs("<link rel=\"stylesheet\" href=\"/site.css\">\n", f);
	fputs("<link rel=\"stylesheet\" href=\"/kiosk.css\">\n", f);
	if (fr->extra_css) {
		fputs("<link rel=\"stylesheet\" href=\"", f);
		out_attr(f, fr->extra_css);
		fputs("\">\n", f);
	}
	fputs("<script src=\"/kiosk.js\" defer></script>\n</head>\n", f);
	return ferror(f) ? -1 : 0;
}

int
frame_begin(FILE *f, const struct frame *fr)
{
	const char *other = fr->lang == LANG_EN ? "vi" : "en";

	if (head(f, fr) < 0)
		return -1;
	fputs("<body class=\"kiosk ", f);
	fputs(fr->body_class ? fr->body_class : "page", f);
	fputs("\">\n<header class=\"topbar\">\n<a class=\"btn btn-home\" href=\"/", f);
	if (fr->lang == LANG_EN)
		fputs("?lang=en", f);
	fputs("\">", f);
	fputs(ktext(fr->lang, KT_HOME), f);
	fputs("</a>\n<span class=\"topbar-title\">", f);
	fputs(ktext(fr->lang, KT_TITLE), f);
	fputs("</span>\n", f);
	if (fr->self) {
		fputs("<a class=\"btn btn-lang\" lang=\"", f);
		fputs(other, f);
		fputs("\" href=\"", f);
		out_attr(f, fr->self);
		fputs("?lang=", f);
		fputs(other, f);
		fputs("\">", f);
		fputs(ktext(fr->lang, KT_OTHER_LANG), f);
		fputs("</a>\n", f);
	}
	fputs("</header>\n<main id=\"main\">\n", f);
	return ferror(f) ? -1 : 0;
}

int
frame_end(FILE *f, const struct frame *fr)
{
	fputs("</main>\n<footer class=\"kiosk-footer\">", f);
	if (fr->as_of && *fr->as_of) {
		fputs(ktext(fr->lang, KT_DATA_AS_OF), f);
		fputs(" ", f);
		out_text(f, fr->as_of);
	}
	fputs("</footer>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
