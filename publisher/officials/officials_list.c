/*
 * The early-warning lists: per agency a page with the head-of-agency
 * figures first, the units' counts, then every dossier that warns (newest
 * change first), each unit's page with its own dossiers, the same list as
 * CSV (UTF-8 with BOM, for Excel) and xlsx (header frozen, numbers as
 * numbers), the index of agencies, and the daily digest.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "afile.h"
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

/* The list's columns, for the HTML table, the CSV and the xlsx alike. */
static const char *const cols[] = {
    "Mã hồ sơ",
    "Thủ tục",
    "Cảnh báo",
    "Bước đang giải quyết",
    "Đơn vị đang giữ",
    "Đã giữ (giờ làm việc)",
    "Hạn giải quyết",
    "Quá hạn (giờ làm việc)",
    "Còn lại (giờ làm việc)",
    "Chờ bổ sung (ngày làm việc)",
    "Hẹn lại (phiếu xin lỗi)",
    "Thay đổi gần nhất",
};
#define NCOLS (sizeof cols / sizeof *cols)

static const char style[] =
    "<style>\nbody{font:11pt/1.4 'DejaVu Sans',sans-serif;margin:1em auto;max-width:80em;"
    "padding:0 1em;color:#111}\nh1{font-size:15pt}h2{font-size:13pt;margin-top:1.5em}\n"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #999;padding:.25em .4em;"
    "text-align:left;vertical-align:top}th{background:#eee}\n"
    ".figs{display:flex;flex-wrap:wrap;gap:.8em;margin:1em 0}.fig{border:2px solid #999;"
    "padding:.5em 1em;min-width:11em}.fig b{display:block;font-size:20pt}\n"
    ".od{border-color:#b00;color:#b00}.soon{border-color:#b60}.wait{border-color:#06b}\n"
    "td.n{text-align:right}.k-od{color:#b00;font-weight:bold}\n"
    "@media print{.figs{gap:.3em}a{color:#000;text-decoration:none}}\n</style>\n";

int
ow_instant(FILE *f, tmin_t t)
{
	char b[CLOCK_INSTANT_LEN + 1];

	if (!t)
		return fputs("–", f) == EOF ? -1 : 0;
	clock_format_instant(t, b); /* 'YYYY-MM-DD HH:MM': digits only */
	return out_printf(f, "%.5s %.2s/%.2s/%.4s", b + 11, b + 8, b + 5, b);
}

int
ow_duration(FILE *f, int64_t min, int day_min)
{
	int64_t d = day_min > 0 ? min / day_min : 0, h = (min - d * day_min) / 60, m = min % 60;

	if (d)
		CK(out_printf(f, "%lld ngày ", (long long)d));
	if (h || d)
		CK(out_printf(f, "%lld giờ ", (long long)h));
	return out_printf(f, "%lld phút", (long long)m);
}

int
ow_head(FILE *f, const char *title, const char *extra)
{
	W("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	  "<meta name=\"robots\" content=\"noindex, nofollow\">\n"
	  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	CK(out_text(f, title));
	W("</title>\n");
	W(extra ? extra : style);
	W("</head>\n<body>\n");
	return 0;
}

int
ow_foot(FILE *f)
{
	W("<p><small>Nội bộ: chỉ dành cho cán bộ, công chức của cơ quan.</small></p>\n"
	  "</body>\n</html>\n");
	return ferror(f) ? -1 : 0;
}

int
ow_put(const char *dir, const char *rel, const char *buf, size_t len, struct err *e)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof path, "%s/%s", dir, rel) >= (int)sizeof path)
		return err_set(e, "%s/%s: path too long", dir, rel);
	return pub_write_if_changed(path, buf, len, 0640, e);
}

/* The kinds of W in words ("Quá hạn; Chờ công dân bổ sung"). */
static const char *
kinds_text(const struct warning *w, char *buf, size_t size)
{
	buf[0] = '\0';
	if (w->kinds & WARNING_OVERDUE)
		snprintf(buf, size, "Quá hạn");
	if (w->kinds & WARNING_DUE_SOON)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s",
		         w->due_today ? "Đến hạn hôm nay" : "Đến hạn ngày làm việc tiếp theo");
	if (w->kinds & WARNING_WAITING)
		snprintf(buf + strlen(buf), size - strlen(buf), "%sChờ công dân bổ sung",
		         buf[0] ? "; " : "");
	return buf;
}

static int
figures(FILE *f, const struct oset *s, const struct warning_tally *t, const struct ounit *top,
        int with_top)
{
	CK(out_printf(
	    f, "<div class=\"figs\">\n<div class=\"fig od\"><b>%ld</b>Quá hạn hiện nay</div>\n",
	    t->overdue));
	CK(out_printf(f, "<div class=\"fig soon\"><b>%ld</b>Đến hạn hôm nay</div>\n",
	              t->due_today));
	CK(out_printf(f,
	              "<div class=\"fig soon\"><b>%ld</b>Đến hạn đến hết ngày làm việc tiếp theo"
	              " (",
	              t->due_soon));
	CK(ow_instant(f, warning_horizon(s->cal, s->now)));
	CK(out_printf(f,
	              ")</div>\n<div class=\"fig wait\"><b>%ld</b>Chờ công dân bổ sung quá %d ngày "
	              "làm việc</div>\n",
	              t->waiting, s->wait_days));
	if (with_top) {
		W("<div class=\"fig od\"><b>");
		if (top) {
			CK(out_text(f, top->name));
			CK(out_printf(f, "</b>Đơn vị có nhiều hồ sơ quá hạn nhất (%ld)</div>\n",
			              top->t.overdue));
		} else {
			W("–</b>Đơn vị có nhiều hồ sơ quá hạn nhất</div>\n");
		}
	}
	W("</div>\n");
	return 0;
}

static int
row_html(FILE *f, const struct oset *s, const struct owarn *o)
{
	char k[128];
	int dm = s->cal->day_minutes;

	W("<tr><td><a href=\"phieu/");
	CK(out_url(f, o->code));
	W(".html\">");
	CK(out_text(f, o->code));
	W("</a></td><td>");
	CK(out_text(f, o->proc));
	W(o->w.kinds & WARNING_OVERDUE ? "</td><td class=\"k-od\">" : "</td><td>");
	CK(out_text(f, kinds_text(&o->w, k, sizeof k)));
	W("</td><td>");
	CK(out_printf(f, "%d. ", o->w.step));
	CK(out_text(f, o->step_name));
	W("</td><td>");
	CK(out_text(f, o->unit));
	W("</td><td>");
	CK(ow_duration(f, o->w.held_min, dm));
	W("</td><td>");
	CK(ow_instant(f, o->w.due));
	W("</td><td>");
	if (o->w.kinds & WARNING_OVERDUE)
		CK(ow_duration(f, o->w.late_min, dm));
	W("</td><td>");
	if (o->w.kinds & WARNING_DUE_SOON)
		CK(ow_duration(f, o->w.left_min, dm));
	W("</td><td>");
	if (o->w.waited_min)
		CK(ow_duration(f, o->w.waited_min, dm));
	W("</td><td>");
	if (o->new_due)
		CK(ow_instant(f, o->new_due));
	W("</td><td>");
	CK(ow_instant(f, o->last));
	W("</td></tr>\n");
	return 0;
}

/* The list of A's dossiers, only UNIT's when not NULL. */
static int
list_html(FILE *f, const struct oset *s, const struct oagency *a, const char *unit)
{
	size_t shown = 0;

	W("<table>\n<thead><tr>");
	for (size_t c = 0; c < NCOLS; c++) {
		W("<th scope=\"col\">");
		W(cols[c]);
		W("</th>");
	}
	W("</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < a->n; i++)
		if (!unit || strcmp(a->v[i].unit, unit) == 0) {
			CK(row_html(f, s, &a->v[i]));
			shown++;
		}
	if (!shown)
		CK(out_printf(f, "<tr><td colspan=\"%d\">Không có hồ sơ cần cảnh báo.</td></tr>\n",
		              (int)NCOLS));
	W("</tbody>\n</table>\n");
	return 0;
}

static int
units_html(FILE *f, const struct oagency *a)
{
	W("<h2>Theo đơn vị</h2>\n<table>\n<thead><tr><th scope=\"col\">Đơn vị</th>"
	  "<th scope=\"col\">Quá hạn</th><th scope=\"col\">Đến hạn hôm nay</th>"
	  "<th scope=\"col\">Đến hạn đến hết ngày làm việc tiếp theo</th>"
	  "<th scope=\"col\">Chờ công dân bổ sung</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; a->u && k < a->nu; k++) {
		const struct warning_tally *t = &a->u[k].t;
		CK(out_printf(f, "<tr><td><a href=\"don-vi-%zu.html\">", k + 1));
		CK(out_text(f, a->u[k].name));
		CK(out_printf(f,
		              "</a></td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>"
		              "<td class=\"n\">%ld</td><td class=\"n\">%ld</td></tr>\n",
		              t->overdue, t->due_today, t->due_soon, t->waiting));
	}
	if (!a->nu)
		W("<tr><td colspan=\"5\">Không có đơn vị nào giữ hồ sơ cần cảnh báo.</td></tr>\n");
	W("</tbody>\n</table>\n");
	return 0;
}

static int
page(FILE *f, const struct oset *s, const struct oagency *a, const struct ounit *u)
{
	char title[600];

	snprintf(title, sizeof title, "Cảnh báo sớm: %s%s%s", u ? u->name : "", u ? " – " : "",
	         a->name);
	CK(ow_head(f, title, NULL));
	W("<h1>Cảnh báo sớm</h1>\n<p><b>");
	CK(out_text(f, a->name));
	W("</b> (");
	CK(out_text(f, a->code));
	W(")");
	if (u) {
		W("<br>Đơn vị: <b>");
		CK(out_text(f, u->name));
		W("</b> · <a href=\"canh-bao.html\">cả cơ quan</a>");
	}
	W("<br>Số liệu lúc ");
	CK(ow_instant(f, s->now));
	W(" · tính theo thời gian làm việc · <a href=\"canh-bao.csv\">CSV</a> · "
	  "<a href=\"canh-bao.xlsx\">Excel</a></p>\n");
	CK(figures(f, s, u ? &u->t : &a->t, a->top, !u));
	if (!u)
		CK(units_html(f, a));
	W("<h2>Hồ sơ cần cảnh báo (thay đổi gần nhất trước)</h2>\n");
	CK(list_html(f, s, a, u ? u->name : NULL));
	return ow_foot(f);
}

/* Numbers in the CSV: hours of working time with two decimals. */
static int
hours_csv(FILE *f, int64_t min, int show)
{
	return show ? out_printf(f, "%.2f", (double)min / 60) : 0;
}

static int
instant_csv(FILE *f, tmin_t t)
{
	char b[CLOCK_INSTANT_LEN + 1];

	return t ? out_printf(f, "%s", clock_format_instant(t, b)) : 0;
}

static int
csv(FILE *f, const struct oset *s, const struct oagency *a)
{
	char k[128], st[600];

	W("\xEF\xBB\xBF"); /* BOM: Excel then reads UTF-8 */
	for (size_t c = 0; c < NCOLS; c++) {
		W(c ? "," : "");
		CK(out_csv(f, cols[c]));
	}
	W("\r\n");
	for (size_t i = 0; i < a->n; i++) {
		const struct owarn *o = &a->v[i];
		CK(out_csv(f, o->code));
		W(",");
		CK(out_csv(f, o->proc));
		W(",");
		CK(out_csv(f, kinds_text(&o->w, k, sizeof k)));
		W(",");
		snprintf(st, sizeof st, "%d. %s", o->w.step, o->step_name);
		CK(out_csv(f, st));
		W(",");
		CK(out_csv(f, o->unit));
		W(",");
		CK(hours_csv(f, o->w.held_min, 1));
		W(",");
		CK(instant_csv(f, o->w.due));
		W(",");
		CK(hours_csv(f, o->w.late_min, o->w.kinds & WARNING_OVERDUE));
		W(",");
		CK(hours_csv(f, o->w.left_min, o->w.kinds & WARNING_DUE_SOON));
		W(",");
		if (o->w.waited_min)
			CK(out_printf(f, "%.2f", (double)o->w.waited_min / s->cal->day_minutes));
		W(",");
		CK(instant_csv(f, o->new_due));
		W(",");
		CK(instant_csv(f, o->last));
		W("\r\n");
	}
	return ferror(f) ? -1 : 0;
}

/* The xlsx: one sheet, the header row frozen, hours and days as numbers,
 * instants as text in the CSV's form.  libxlsxwriter writes a file by
 * name: to a temporary name beside the target, kept only when its bytes
 * differ from the target's (the document's creation time is fixed to
 * "now" of the data, so the same list gives the same bytes). */
static int
xlsx_fill(lxw_workbook *wb, const struct oset *s, const struct oagency *a)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Cảnh báo sớm");
	lxw_format *bold = workbook_add_format(wb);
	char k[128], st[600], b[CLOCK_INSTANT_LEN + 1];
	double dm = s->cal->day_minutes;

	if (!ws || !bold)
		return -1;
	format_set_bold(bold);
	for (size_t c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c], bold);
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_set_column(ws, 0, 0, 28, NULL);
	worksheet_set_column(ws, 1, 4, 30, NULL);
	worksheet_set_column(ws, 5, 11, 18, NULL);
	for (size_t i = 0; i < a->n; i++) {
		const struct owarn *o = &a->v[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		snprintf(st, sizeof st, "%d. %s", o->w.step, o->step_name);
		worksheet_write_string(ws, r, 0, o->code, NULL);
		worksheet_write_string(ws, r, 1, o->proc, NULL);
		worksheet_write_string(ws, r, 2, kinds_text(&o->w, k, sizeof k), NULL);
		worksheet_write_string(ws, r, 3, st, NULL);
		worksheet_write_string(ws, r, 4, o->unit, NULL);
		worksheet_write_number(ws, r, 5, (double)o->w.held_min / 60, NULL);
		worksheet_write_string(ws, r, 6, clock_format_instant(o->w.due, b), NULL);
		if (o->w.kinds & WARNING_OVERDUE)
			worksheet_write_number(ws, r, 7, (double)o->w.late_min / 60, NULL);
		if (o->w.kinds & WARNING_DUE_SOON)
			worksheet_write_number(ws, r, 8, (double)o->w.left_min / 60, NULL);
		if (o->w.waited_min)
			worksheet_write_number(ws, r, 9, (double)o->w.waited_min / dm, NULL);
		if (o->new_due)
			worksheet_write_string(ws, r, 10, clock_format_instant(o->new_due, b),
			                       NULL);
		worksheet_write_string(ws, r, 11, clock_format_instant(o->last, b), NULL);
	}
	return 0;
}

static int
xlsx(const struct pub *p, const struct oset *s, const struct oagency *a, struct err *e)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16];
	lxw_doc_properties props = {0};
	lxw_workbook *wb;
	lxw_error le;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int r = -1;

	snprintf(path, sizeof path, "%s/%s/canh-bao.xlsx", p->offi, a->code);
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	if (!(wb = workbook_new(tmp)))
		return err_set(e, "%s: cannot create the workbook", tmp);
	props.title = "Cảnh báo sớm";
	/* Minutes since 1970 in local time, as seconds: a fixed instant. */
	props.created = (time_t)(s->now * 60);
	workbook_set_properties(wb, &props);
	if (xlsx_fill(wb, s, a) < 0) {
		workbook_close(wb);
		unlink(tmp);
		return err_set(e, "%s: out of memory", path);
	}
	if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		unlink(tmp);
		return err_set(e, "%s: %s", path, lxw_strerror(le));
	}
	/* Read it back to compare with what is there. */
	if ((f = fopen(tmp, "rb"))) {
		char chunk[65536];
		size_t n;
		FILE *m = open_memstream(&buf, &len);
		while (m && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
			fwrite(chunk, 1, n, m);
		if (m)
			fclose(m);
		fclose(f);
	}
	if (buf && afile_same(path, buf, len)) {
		unlink(tmp);
		r = 0;
	} else if (chmod(tmp, 0640) < 0 || rename(tmp, path) < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		unlink(tmp);
	} else {
		r = 0;
	}
	free(buf);
	return r;
}

/* Render PAGE_FN into memory and put it at DIR/REL. */
#define PUT(render, rel)                                                                           \
	do {                                                                                       \
		char *buf_ = NULL;                                                                 \
		size_t len_ = 0;                                                                   \
		FILE *f_ = open_memstream(&buf_, &len_);                                           \
		int bad_ = !f_ || (render) < 0;                                                    \
		if (f_ && fclose(f_) == EOF)                                                       \
			bad_ = 1;                                                                  \
		if (bad_ || ow_put(p->offi, (rel), buf_, len_, e) < 0) {                           \
			free(buf_);                                                                \
			return bad_ ? err_set(e, "%s: cannot render (out of memory)", (rel)) : -1; \
		}                                                                                  \
		free(buf_);                                                                        \
	} while (0)

int
officials_agency(struct pub *p, const struct oset *s, const struct oagency *a, struct err *e)
{
	char rel[PATH_MAX];

	/* What the agency's page links to first, so that a run stopped
	 * midway leaves no link dangling. */
	for (size_t k = 0; k < a->nu; k++) {
		snprintf(rel, sizeof rel, "%s/don-vi-%zu.html", a->code, k + 1);
		PUT(page(f_, s, a, &a->u[k]), rel);
	}
	snprintf(rel, sizeof rel, "%s/canh-bao.csv", a->code);
	PUT(csv(f_, s, a), rel);
	if (xlsx(p, s, a, e) < 0)
		return -1;
	snprintf(rel, sizeof rel, "%s/canh-bao.html", a->code);
	PUT(page(f_, s, a, NULL), rel);
	return 0;
}

static int
index_html(FILE *f, const struct oset *s)
{
	CK(ow_head(f, "Cảnh báo sớm: các cơ quan", NULL));
	W("<h1>Cảnh báo sớm</h1>\n<p>Số liệu lúc ");
	CK(ow_instant(f, s->now));
	W("</p>\n<table>\n<thead><tr><th scope=\"col\">Cơ quan</th><th scope=\"col\">Quá hạn</th>"
	  "<th scope=\"col\">Đến hạn hôm nay</th><th scope=\"col\">Đến hạn đến hết ngày làm việc "
	  "tiếp theo</th><th scope=\"col\">Chờ công dân bổ sung</th>"
	  "<th scope=\"col\">Đơn vị có nhiều hồ sơ quá hạn nhất</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct oagency *a = &s->a[i];
		W("<tr><td><a href=\"");
		CK(out_url(f, a->code));
		W("/canh-bao.html\">");
		CK(out_text(f, a->name));
		CK(out_printf(f, "</a></td><td>%ld</td><td>%ld</td><td>%ld</td><td>%ld</td><td>",
		              a->t.overdue, a->t.due_today, a->t.due_soon, a->t.waiting));
		if (a->top)
			CK(out_text(f, a->top->name));
		W("</td></tr>\n");
	}
	W("</tbody>\n</table>\n");
	return ow_foot(f);
}

int
officials_index(struct pub *p, const struct oset *s, struct err *e)
{
	PUT(index_html(f_, s), "index.html");
	return 0;
}

/* Plain text from the database: control characters become spaces, so a
 * value cannot break the digest's lines. */
static int
txt(FILE *f, const char *v)
{
	for (; v && *v; v++)
		if (fputc((unsigned char)*v < 0x20 || *v == 0x7f ? ' ' : *v, f) == EOF)
			return -1;
	return 0;
}

static int
digest_txt(FILE *f, const struct oset *s, const struct oagency *a)
{
	static const struct {
		unsigned kind;
		const char *title;
	} parts[] = {{WARNING_OVERDUE, "Hồ sơ quá hạn"},
	             {WARNING_DUE_SOON, "Hồ sơ đến hạn đến hết ngày làm việc tiếp theo"},
	             {WARNING_WAITING, "Hồ sơ chờ công dân bổ sung"}};
	char k[128];

	W("BẢN TIN CẢNH BÁO SỚM\n");
	CK(txt(f, a->name));
	W(" (");
	CK(txt(f, a->code));
	W(")\nSố liệu lúc ");
	CK(ow_instant(f, s->now));
	CK(out_printf(f,
	              "\n\nQuá hạn hiện nay: %ld\nĐến hạn hôm nay: %ld\n"
	              "Đến hạn đến hết ngày làm việc tiếp theo: %ld\n"
	              "Chờ công dân bổ sung quá %d ngày làm việc: %ld\n"
	              "Đơn vị có nhiều hồ sơ quá hạn nhất: ",
	              a->t.overdue, a->t.due_today, a->t.due_soon, s->wait_days, a->t.waiting));
	if (a->top) {
		CK(txt(f, a->top->name));
		CK(out_printf(f, " (%ld)\n", a->top->t.overdue));
	} else {
		W("không có\n");
	}
	for (size_t q = 0; q < sizeof parts / sizeof *parts; q++) {
		W("\n");
		W(parts[q].title);
		W(":\n");
		for (size_t i = 0; i < a->n; i++) {
			const struct owarn *o = &a->v[i];
			if (!(o->w.kinds & parts[q].kind))
				continue;
			W("- ");
			CK(txt(f, o->code));
			W(" | ");
			CK(txt(f, o->unit));
			W(" | hạn ");
			CK(ow_instant(f, o->w.due));
			W(" | ");
			W(kinds_text(&o->w, k, sizeof k));
			W("\n");
		}
	}
	return ferror(f) ? -1 : 0;
}

/* The digest of the day: written once, by the first run of a working
 * day, for the province's mail system to send; a later run that day
 * leaves it as it was sent. */
int
officials_digest(struct pub *p, const struct oset *s, const struct oagency *a, struct err *e)
{
	char date[CLOCK_DATE_LEN + 1], rel[PATH_MAX], path[PATH_MAX + 1];
	day_t today = (day_t)(s->now / CLOCK_MIN_PER_DAY);

	if (!clock_is_working_day(s->cal, today))
		return 0;
	clock_format_date(today, date);
	/* The CSV first and the text last: the text's presence says done. */
	snprintf(rel, sizeof rel, "%s/ban-tin-%s.txt", a->code, date);
	snprintf(path, sizeof path, "%s/%s", p->offi, rel);
	if (access(path, F_OK) == 0)
		return 0;
	snprintf(rel, sizeof rel, "%s/ban-tin-%s.csv", a->code, date);
	PUT(csv(f_, s, a), rel);
	snprintf(rel, sizeof rel, "%s/ban-tin-%s.txt", a->code, date);
	PUT(digest_txt(f_, s, a), rel);
	return 0;
}
