/*
 * The control sheet of a dossier, after the official form "Phiếu kiểm
 * soát quá trình giải quyết hồ sơ" of Circular 01/2018/TT-VPCP (printed
 * on A5): the dossier's code and receipt, then one row per hand-over
 * between units (who gives, who receives, when, the step's deadline, and
 * whether it was handed over early, on time or late), the step in hand,
 * the clock stops and any apology slip.  The rows are the dossier's
 * timeline, so the sheet and the dossier page agree by construction.
 */
#include <string.h>

#include "msg.h"
#include "officials.h"
#include "out.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)
#define CK(x)                                                                                      \
	do {                                                                                       \
		if ((x) < 0)                                                                       \
			return -1;                                                                 \
	} while (0)

/* Who takes the dossier in and gives the result back. */
static const char one_stop[] = "Bộ phận tiếp nhận và trả kết quả";

static const char style[] =
    "<style>\n@page{size:A5 portrait;margin:8mm}\n"
    "body{font:9pt/1.35 'DejaVu Serif',serif;color:#000;margin:0 "
    "auto;max-width:140mm;padding:3mm}\n"
    ".top{display:flex;justify-content:space-between;gap:3mm;text-align:center;font-size:8.5pt}\n"
    ".nation{font-weight:bold}h1{font-size:11.5pt;text-align:center;margin:4mm 0 1mm}\n"
    ".code{text-align:center;font-family:monospace;font-size:10pt;margin:0}\n"
    ".att{text-align:center;font-style:italic;margin:0 0 2mm}\n"
    "dl{display:grid;grid-template-columns:36% 1fr;gap:.6mm 2mm;margin:2mm 0}dt{font-weight:bold}"
    "dd{margin:0}\ntable{border-collapse:collapse;width:100%;margin-top:2mm}"
    "th,td{border:1px solid #000;padding:1mm;vertical-align:top;text-align:left}"
    "th{font-size:8pt;text-align:center}\n.late{font-weight:bold}\n"
    "@media print{body{padding:0}}\n</style>\n";

/* The verdict of a hand-over in the form's words. */
static const char *
verdict_words(enum verdict v)
{
	switch (v) {
	case VERDICT_EARLY:
		return "Trước hạn";
	case VERDICT_ON_TIME:
		return "Đúng hạn";
	case VERDICT_LATE:
		return "Quá hạn";
	case VERDICT_WITHIN:
		return "Đang giải quyết, trong hạn";
	case VERDICT_OVERDUE:
		return "Đang giải quyết, quá hạn";
	default:
		return "";
	}
}

static int
fact_t(FILE *f, const char *label, tmin_t t)
{
	W("<dt>");
	W(label);
	W("</dt><dd>");
	CK(ow_instant(f, t));
	W("</dd>\n");
	return 0;
}

static int
fact_s(FILE *f, const char *label, const char *v)
{
	W("<dt>");
	W(label);
	W("</dt><dd>");
	CK(out_text(f, v));
	W("</dd>\n");
	return 0;
}

static int
header(FILE *f, const struct view_dossier *d)
{
	char title[256];

	snprintf(title, sizeof title, "Phiếu kiểm soát quá trình giải quyết hồ sơ %s", d->code);
	CK(ow_head(f, title, style));
	W("<div class=\"top\"><div>");
	CK(out_text(f, d->agency_name));
	W("<br><b>");
	W(one_stop);
	W("</b></div><div class=\"nation\">");
	W(msg(LANG_VI, M_R_NATION));
	W("<br>");
	W(msg(LANG_VI, M_R_MOTTO));
	W("</div></div>\n<h1>PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ</h1>\n<p class=\"code\">"
	  "Mã hồ sơ: ");
	CK(out_text(f, d->code));
	W("</p>\n<p class=\"att\">(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)</p>\n<dl>\n");
	CK(fact_s(f, "Cơ quan (bộ phận) giải quyết hồ sơ", d->agency_name));
	CK(fact_s(f, "Thủ tục", d->procedure_name));
	W("<dt>Quy trình nội bộ</dt><dd>");
	CK(out_text(f, d->doc_code));
	CK(out_printf(f, ", lần ban hành %d</dd>\n", d->version));
	CK(fact_t(f, "Tiếp nhận", d->received));
	CK(fact_t(f, "Hẹn trả kết quả", d->tl.appointment));
	if (d->tl.stopped_min)
		CK(fact_t(f, "Hạn giải quyết sau thời gian dừng", d->tl.due));
	if (d->tl.apologies) {
		CK(out_printf(
		    f, "<dt>Phiếu xin lỗi và hẹn lại ngày trả kết quả</dt><dd>%d lần; hẹn lại ",
		    d->tl.apologies));
		CK(ow_instant(f, d->tl.new_due));
		W("</dd>\n");
	}
	W("</dl>\n");
	return 0;
}

static int
row(FILE *f, int no, const char *from, const char *to, tmin_t at, tmin_t deadline, enum verdict v,
    const char *note)
{
	CK(out_printf(f, "<tr><td>%d</td><td>Giao: ", no));
	if (from)
		CK(out_text(f, from));
	W("<br>Nhận: ");
	if (to)
		CK(out_text(f, to));
	else
		W("– (đang giải quyết)");
	W("</td><td>");
	CK(ow_instant(f, at));
	W("</td><td>");
	if (deadline)
		CK(ow_instant(f, deadline));
	W(v == VERDICT_LATE || v == VERDICT_OVERDUE ? "</td><td class=\"late\">" : "</td><td>");
	W(verdict_words(v));
	W("</td><td>");
	if (note)
		CK(out_text(f, note));
	W("</td></tr>\n");
	return 0;
}

/* The hand-overs: reception to the first step's unit, then each finished
 * step's unit to the next one's (the last one's to the one-stop office,
 * which returns the result), judged on the step's deadline; then the step
 * in hand. */
static int
handovers(FILE *f, const struct view_dossier *d)
{
	const struct timeline *tl = &d->tl;
	int no = 1;

	W("<table>\n<thead><tr><th>TT</th><th>TÊN CƠ QUAN, ĐƠN VỊ</th><th>THỜI GIAN GIAO, NHẬN HỒ "
	  "SƠ"
	  "</th><th>HẠN CỦA BƯỚC</th><th>KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn / Đúng hạn / Quá "
	  "hạn)</th>"
	  "<th>GHI CHÚ</th></tr></thead>\n<tbody>\n");
	CK(row(f, no++, one_stop, d->nsteps ? d->steps[0].unit : NULL, d->received, 0, VERDICT_NONE,
	       "Tiếp nhận hồ sơ"));
	for (int k = 0; k < tl->nsteps && k < d->nsteps; k++) {
		const struct timeline_step *s = &tl->steps[k];
		char note[320];
		snprintf(note, sizeof note, "Bước %d: %s", k + 1, d->steps[k].name);
		const char *to = k + 1 < d->nsteps ? d->steps[k + 1].unit : one_stop;
		if (s->state == STEP_NOT_STARTED)
			continue;
		/* The step in hand has given nothing yet: no receiver, no time. */
		if (s->state == STEP_ACTIVE)
			to = NULL;
		CK(row(f, no++, d->steps[k].unit, to, to ? s->finished : 0, s->planned_end,
		       s->verdict, note));
	}
	if (tl->returned)
		CK(row(f, no++, one_stop, "Tổ chức, cá nhân", tl->returned, 0, VERDICT_NONE,
		       "Trả kết quả"));
	W("</tbody>\n</table>\n");
	return 0;
}

static int
stops(FILE *f, const struct view_dossier *d)
{
	const struct timeline *tl = &d->tl;

	if (!tl->nstops)
		return 0;
	W("<p><b>Thời gian dừng tính thời hạn giải quyết</b></p>\n<table>\n<thead><tr><th>Lý "
	  "do</th>"
	  "<th>Từ</th><th>Đến</th></tr></thead>\n<tbody>\n");
	for (int i = 0; i < tl->nstops; i++) {
		W(tl->stops[i].supplement ? "<tr><td>Yêu cầu bổ sung, hoàn thiện hồ sơ</td><td>"
		                          : "<tr><td>Tạm dừng</td><td>");
		CK(ow_instant(f, tl->stops[i].from));
		W("</td><td>");
		if (tl->stops[i].to)
			CK(ow_instant(f, tl->stops[i].to));
		else
			W("đang chờ");
		W("</td></tr>\n");
	}
	W("</tbody>\n</table>\n");
	return 0;
}

static int
outcome(FILE *f, const struct view_dossier *d)
{
	const struct timeline *tl = &d->tl;

	W("<p><b>Kết quả: </b>");
	if (tl->withdrawn)
		W("Tổ chức, cá nhân rút hồ sơ");
	else if (tl->rejected)
		W("Từ chối giải quyết");
	else if (tl->resolved)
		W(verdict_words(tl->verdict));
	else
		W("Đang giải quyết");
	if (tl->resolved) {
		W(", ");
		CK(ow_instant(f, tl->resolved));
	}
	W("</p>\n");
	return 0;
}

int
officials_sheet(FILE *f, const struct view_dossier *d)
{
	CK(header(f, d));
	CK(handovers(f, d));
	CK(stops(f, d));
	CK(outcome(f, d));
	return ow_foot(f);
}
