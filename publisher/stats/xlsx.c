/*
 * xlsx: described tables as an Excel workbook (libxlsxwriter), see xlsx.h.
 */
#include "xlsx.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>

struct xlsx_book {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *num[4]; /* by enum xlsx_type; num[XLSX_TEXT] unused */
	const struct xlsx_col *cols;
	int ncols;
	lxw_row_t row; /* the next row of the current sheet */
	char name[32 * 4];
	int fd;              /* the workbook's file, already unlinked; -1 */
	char path[PATH_MAX]; /* /proc/self/fd/FD: how libxlsxwriter reaches it */
};

static void
book_free(struct xlsx_book *b)
{
	if (!b)
		return;
	if (b->fd >= 0)
		close(b->fd); /* the file goes with it */
	free(b);
}

void
xlsx_free(struct xlsx_book *b)
{
	if (b && b->wb)
		workbook_close(b->wb); /* writes the file, removed below */
	book_free(b);
}

struct xlsx_book *
xlsx_new(const char *title, time_t created, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	lxw_doc_properties props = {0};
	lxw_workbook_options opt = {0};
	struct xlsx_book *b = calloc(1, sizeof *b);
	int fd;

	if (!b) {
		err_set(e, "out of memory");
		return NULL;
	}
	b->fd = -1;
	if (!dir || !*dir)
		dir = "/tmp";
	/* libxlsxwriter writes a workbook by name: a file of our own, named
	 * only for a moment, so that a run killed midway leaves nothing
	 * behind; the library reaches it through the descriptor's name and
	 * xlsx_finish reads it back the same way. */
	if (snprintf(b->path, sizeof b->path, "%s/tracking-xlsx-XXXXXX", dir) >=
	        (int)sizeof b->path ||
	    (fd = mkstemp(b->path)) < 0) {
		err_set(e, "%s: cannot make a temporary file: %s", dir, strerror(errno));
		book_free(b);
		return NULL;
	}
	unlink(b->path);
	b->fd = fd;
	snprintf(b->path, sizeof b->path, "/proc/self/fd/%d", fd);
	/* Rows go out as they come: a report of many thousand rows keeps
	 * little in memory. */
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)dir;
	if (!(b->wb = workbook_new_opt(b->path, &opt)) || !(b->head = workbook_add_format(b->wb))) {
		err_set(e, "%s: cannot begin a workbook", b->path);
		xlsx_free(b);
		return NULL;
	}
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	format_set_bg_color(b->head, 0xEEEEEE);
	/* Shown in the reader's own number style (decimal comma and dot
	 * grouping under Vietnamese settings). */
	static const char *const fmts[] = {
	    [XLSX_INT] = "#,##0", [XLSX_DEC] = "#,##0.0", [XLSX_PCT] = "0.0%"};
	for (int t = XLSX_INT; t <= XLSX_PCT; t++) {
		if (!(b->num[t] = workbook_add_format(b->wb))) {
			err_set(e, "out of memory");
			xlsx_free(b);
			return NULL;
		}
		format_set_num_format(b->num[t], fmts[t]);
	}
	props.title = (char *)title; /* not written to */
	props.created = created;
	if (workbook_set_properties(b->wb, &props) != LXW_NO_ERROR) {
		err_set(e, "out of memory");
		xlsx_free(b);
		return NULL;
	}
	return b;
}

/* Filters over the finished sheet's header and rows. */
static void
sheet_end(struct xlsx_book *b)
{
	if (b->ws && b->ncols > 0)
		worksheet_autofilter(b->ws, 0, 0, b->row > 1 ? b->row - 1 : 1,
		                     (lxw_col_t)(b->ncols - 1));
	b->ws = NULL;
}

int
xlsx_sheet(struct xlsx_book *b, const char *name, const struct xlsx_col *cols, int ncols,
           struct err *e)
{
	lxw_error le;

	sheet_end(b);
	if ((le = workbook_validate_sheet_name(b->wb, name)) != LXW_NO_ERROR)
		return err_set(e, "sheet '%s': %s", name, lxw_strerror(le));
	snprintf(b->name, sizeof b->name, "%s", name);
	if (!(b->ws = workbook_add_worksheet(b->wb, name)))
		return err_set(e, "sheet '%s': out of memory", name);
	b->cols = cols;
	b->ncols = ncols;
	b->row = 1;
	worksheet_freeze_panes(b->ws, 1, 0);
	for (int c = 0; c < ncols; c++) {
		double w = cols[c].width > 0 ? cols[c].width : cols[c].type == XLSX_TEXT ? 22 : 13;
		worksheet_set_column(b->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
	}
	/* Headers of two or three words a line. */
	worksheet_set_row(b->ws, 0, 45, NULL);
	for (int c = 0; c < ncols; c++)
		if (worksheet_write_string(b->ws, 0, (lxw_col_t)c, cols[c].header, b->head) !=
		    LXW_NO_ERROR)
			return err_set(e, "sheet '%s': cannot write its header", name);
	return 0;
}

/* V read whole as type T; 0, or -1 when it is not such a number. */
static int
number(const char *v, enum xlsx_type t, double *out)
{
	char *end;

	errno = 0;
	if (t == XLSX_INT) {
		long long n = strtoll(v, &end, 10);
		*out = (double)n;
	} else {
		*out = strtod(v, &end);
		if (t == XLSX_PCT)
			*out /= 100;
	}
	return errno || end == v || *end ? -1 : 0;
}

int
xlsx_row(struct xlsx_book *b, const char *const *cells, int n, struct err *e)
{
	lxw_error le = LXW_NO_ERROR;

	if (!b->ws)
		return err_set(e, "a row before any sheet");
	for (int c = 0; c < n && c < b->ncols && le == LXW_NO_ERROR; c++) {
		const char *v = cells[c] ? cells[c] : "";
		enum xlsx_type t = b->cols[c].type;
		double d;

		if (!*v)
			continue;
		if (t == XLSX_TEXT) {
			le = worksheet_write_string(b->ws, b->row, (lxw_col_t)c, v, NULL);
		} else if (number(v, t, &d) < 0) {
			return err_set(e, "sheet '%s', row %lu, column '%s': '%s' is not a number",
			               b->name, (unsigned long)b->row + 1, b->cols[c].header, v);
		} else {
			le = worksheet_write_number(b->ws, b->row, (lxw_col_t)c, d, b->num[t]);
		}
	}
	if (le != LXW_NO_ERROR)
		return err_set(e, "sheet '%s', row %lu: %s", b->name, (unsigned long)b->row + 1,
		               lxw_strerror(le));
	b->row++;
	return 0;
}

int
xlsx_finish(struct xlsx_book *b, char **buf, size_t *len, struct err *e)
{
	lxw_error le;
	FILE *f, *m = NULL;
	char chunk[65536];
	size_t got;
	int bad;

	*buf = NULL;
	*len = 0;
	sheet_end(b);
	le = workbook_close(b->wb);
	b->wb = NULL;
	if (le != LXW_NO_ERROR) {
		err_set(e, "%s: %s", b->path, lxw_strerror(le));
		book_free(b);
		return -1;
	}
	if (!(f = fopen(b->path, "rb"))) {
		err_set(e, "%s: %s", b->path, strerror(errno));
		book_free(b);
		return -1;
	}
	bad = !(m = open_memstream(buf, len));
	while (!bad && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
		bad = fwrite(chunk, 1, got, m) != got;
	bad |= ferror(f);
	fclose(f); /* read-only */
	if (m && fclose(m) == EOF)
		bad = 1;
	book_free(b);
	if (bad) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		return err_set(e, "cannot read the workbook back (out of memory or a read error)");
	}
	return 0;
}
