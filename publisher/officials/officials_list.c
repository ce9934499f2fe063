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
static const enum msg_id cols[] = {
    M_OF_C_CODE, M_OF_C_PROCEDURE, M_OF_C_WARNING, M_OF_C_STEP,   M_OF_C_UNIT,    M_OF_C_HELD,
    M_OF_C_DUE,  M_OF_C_LATE,      M_OF_C_LEFT,    M_OF_C_WAITED, M_OF_C_NEW_DUE, M_OF_C_LAST,
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

/* N, a space, the unit UNIT from the catalogue, then AFTER. */
static int
count(FILE *f, long long n, enum msg_id unit, const char *after)
{
	CK(out_printf(f, "%lld ", n));
	W(OW(unit));
	W(after);
	return 0;
}

int
ow_duration(FILE *f, int64_t min, int day_min)
{
	int64_t d = day_min > 0 ? min / day_min : 0, h = (min - d * day_min) / 60, m = min % 60;

	if (d)
		CK(count(f, (long long)d, M_OF_DUR_DAYS, " "));
	if (h || d)
		CK(count(f, (long long)h, M_OF_DUR_HOURS, " "));
	return count(f, (long long)m, M_OF_DUR_MINUTES, "");
}

/* Message ID with its one slot "{1}" filled by the number N. */
static int
fill_n(FILE *f, enum msg_id id, long n)
{
	char b[24];
	const char *arg = b;

	snprintf(b, sizeof b, "%ld", n);
	return msg_fill(f, LANG_VI, id, 0, &arg, 1);
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
	W("<p><small>");
	W(OW(M_OF_INTERNAL));
	W("</small></p>\n</body>\n</html>\n");
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
		snprintf(buf, size, "%s", OW(M_OF_K_OVERDUE));
	if (w->kinds & WARNING_DUE_SOON)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s",
		         OW(w->due_today ? M_OF_K_DUE_TODAY : M_OF_K_DUE_NEXT));
	if (w->kinds & WARNING_WAITING)
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? "; " : "",
		         OW(M_OF_K_WAITING));
	return buf;
}

/* A figure's start: N in bold over its label ID; the caller may add to
 * the label, then closes the div. */
static int
fig(FILE *f, const char *cls, long n, enum msg_id id)
{
	W("<div class=\"fig ");
	W(cls);
	CK(out_printf(f, "\"><b>%ld</b>", n));
	W(OW(id));
	return 0;
}

static int
figures(FILE *f, const struct oset *s, const struct warning_tally *t, const struct ounit *top,
        int with_top)
{
	W("<div class=\"figs\">\n");
	CK(fig(f, "od", t->overdue, M_OF_OVERDUE_NOW));
	W("</div>\n");
	CK(fig(f, "soon", t->due_today, M_OF_K_DUE_TODAY));
	W("</div>\n");
	CK(fig(f, "soon", t->due_soon, M_OF_DUE_SOON));
	W(" (");
	CK(ow_instant(f, warning_horizon(s->cal, s->now)));
	W(")</div>\n");
	CK(out_printf(f, "<div class=\"fig wait\"><b>%ld</b>", t->waiting));
	CK(fill_n(f, M_OF_WAITING_OVER, s->wait_days));
	W("</div>\n");
	if (with_top) {
		W("<div class=\"fig od\"><b>");
		if (top)
			CK(out_text(f, top->name));
		else
			W("–");
		W("</b>");
		W(OW(M_OF_TOP_UNIT));
		if (top)
			CK(out_printf(f, " (%ld)", top->t.overdue));
		W("</div>\n");
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

/* A table's header row of the N labels H, then the body's start. */
static int
thead(FILE *f, const enum msg_id *h, size_t n)
{
	W("<thead><tr>");
	for (size_t c = 0; c < n; c++) {
		W("<th scope=\"col\">");
		W(OW(h[c]));
		W("</th>");
	}
	W("</tr></thead>\n<tbody>\n");
	return 0;
}

/* The list of A's dossiers, only UNIT's when not NULL. */
static int
list_html(FILE *f, const struct oset *s, const struct oagency *a, const char *unit)
{
	size_t shown = 0;

	W("<table>\n");
	CK(thead(f, cols, NCOLS));
	for (size_t i = 0; i < a->n; i++)
		if (!unit || strcmp(a->v[i].unit, unit) == 0) {
			CK(row_html(f, s, &a->v[i]));
			shown++;
		}
	if (!shown) {
		CK(out_printf(f, "<tr><td colspan=\"%d\">", (int)NCOLS));
		W(OW(M_OF_NO_WARNINGS));
		W("</td></tr>\n");
	}
	W("</tbody>\n</table>\n");
	return 0;
}

static int
units_html(FILE *f, const struct oagency *a)
{
	static const enum msg_id head[] = {M_OF_UNIT, M_OF_K_OVERDUE, M_OF_K_DUE_TODAY,
	                                   M_OF_DUE_SOON, M_OF_K_WAITING};

	W("<h2>");
	W(OW(M_OF_BY_UNIT));
	W("</h2>\n<table>\n");
	CK(thead(f, head, sizeof head / sizeof *head));
	for (size_t k = 0; a->u && k < a->nu; k++) {
		const struct warning_tally *t = &a->u[k].t;
		CK(out_printf(f, "<tr><td><a href=\"don-vi-%zu.html\">", k + 1));
		CK(out_text(f, a->u[k].name));
		CK(out_printf(f,
		              "</a></td><td class=\"n\">%ld</td><td class=\"n\">%ld</td>"
		              "<td class=\"n\">%ld</td><td class=\"n\">%ld</td></tr>\n",
		              t->overdue, t->due_today, t->due_soon, t->waiting));
	}
	if (!a->nu) {
		W("<tr><td colspan=\"5\">");
		W(OW(M_OF_NO_UNITS));
		W("</td></tr>\n");
	}
	W("</tbody>\n</table>\n");
	return 0;
}

static int
page(FILE *f, const struct oset *s, const struct oagency *a, const struct ounit *u)
{
	char title[600];

	snprintf(title, sizeof title, "%s: %s%s%s", OW(M_OF_TITLE), u ? u->name : "",
	         u ? " – " : "", a->name);
	CK(ow_head(f, title, NULL));
	W("<h1>");
	W(OW(M_OF_TITLE));
	W("</h1>\n<p><b>");
	CK(out_text(f, a->name));
	W("</b> (");
	CK(out_text(f, a->code));
	W(")");
	if (u) {
		W("<br>");
		W(OW(M_OF_UNIT));
		W(": <b>");
		CK(out_text(f, u->name));
		W("</b> · <a href=\"canh-bao.html\">");
		W(OW(M_OF_WHOLE_AGENCY));
		W("</a>");
	}
	W("<br>");
	W(OW(M_OF_AS_OF));
	W(" ");
	CK(ow_instant(f, s->now));
	W(" · ");
	W(OW(M_OF_WORKING_TIME));
	W(" · <a href=\"canh-bao.csv\">CSV</a> · <a href=\"canh-bao.xlsx\">Excel</a></p>\n");
	CK(figures(f, s, u ? &u->t : &a->t, a->top, !u));
	if (!u)
		CK(units_html(f, a));
	W("<h2>");
	W(OW(M_OF_LIST));
	W("</h2>\n");
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
		CK(out_csv(f, OW(cols[c])));
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
	lxw_worksheet *ws = workbook_add_worksheet(wb, OW(M_OF_TITLE));
	lxw_format *bold = workbook_add_format(wb);
	char k[128], st[600], b[CLOCK_INSTANT_LEN + 1];
	double dm = s->cal->day_minutes;

	if (!ws || !bold)
		return -1;
	format_set_bold(bold);
	for (size_t c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, 0, (lxw_col_t)c, OW(cols[c]), bold);
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
	props.title = (char *)OW(M_OF_TITLE); /* only read, though not const */
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
	static const enum msg_id head[] = {M_OF_AGENCY,   M_OF_K_OVERDUE, M_OF_K_DUE_TODAY,
	                                   M_OF_DUE_SOON, M_OF_K_WAITING, M_OF_TOP_UNIT};

	CK(ow_head(f, OW(M_OF_INDEX_TITLE), NULL));
	W("<h1>");
	W(OW(M_OF_TITLE));
	W("</h1>\n<p>");
	W(OW(M_OF_AS_OF));
	W(" ");
	CK(ow_instant(f, s->now));
	W("</p>\n<table>\n");
	CK(thead(f, head, sizeof head / sizeof *head));
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
		enum msg_id title;
	} parts[] = {{WARNING_OVERDUE, M_OF_D_OVERDUE},
	             {WARNING_DUE_SOON, M_OF_D_DUE_SOON},
	             {WARNING_WAITING, M_OF_D_WAITING}};
	char k[128];

	W(OW(M_OF_D_TITLE));
	W("\n");
	CK(txt(f, a->name));
	W(" (");
	CK(txt(f, a->code));
	W(")\n");
	W(OW(M_OF_AS_OF));
	W(" ");
	CK(ow_instant(f, s->now));
	W("\n\n");
	W(OW(M_OF_OVERDUE_NOW));
	CK(out_printf(f, ": %ld\n", a->t.overdue));
	W(OW(M_OF_K_DUE_TODAY));
	CK(out_printf(f, ": %ld\n", a->t.due_today));
	W(OW(M_OF_DUE_SOON));
	CK(out_printf(f, ": %ld\n", a->t.due_soon));
	CK(fill_n(f, M_OF_WAITING_OVER, s->wait_days));
	CK(out_printf(f, ": %ld\n", a->t.waiting));
	W(OW(M_OF_TOP_UNIT));
	W(": ");
	if (a->top) {
		CK(txt(f, a->top->name));
		CK(out_printf(f, " (%ld)\n", a->top->t.overdue));
	} else {
		W(OW(M_OF_D_NONE));
		W("\n");
	}
	for (size_t q = 0; q < sizeof parts / sizeof *parts; q++) {
		W("\n");
		W(OW(parts[q].title));
		W(":\n");
		for (size_t i = 0; i < a->n; i++) {
			const struct owarn *o = &a->v[i];
			if (!(o->w.kinds & parts[q].kind))
				continue;
			W("- ");
			CK(txt(f, o->code));
			W(" | ");
			CK(txt(f, o->unit));
			W(" | ");
			W(OW(M_OF_D_DUE));
			W(" ");
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
