/*
 * xlsx: a described table as an Excel workbook, for officials who open
 * the statistics in Excel with Vietnamese regional settings (where a CSV's
 * decimal points and commas are misread).  A table is its columns (a
 * header and a type each) and rows of cells given as text in the open
 * data's form; the column's type makes a cell a number, a percentage or
 * text.  Each table is a sheet with its header row frozen and filters on.
 *
 * The bytes depend only on what is written and on CREATED (the
 * document's date, which libxlsxwriter would otherwise take from the
 * clock), so the same tables give the same file and an unchanged
 * workbook need not be rewritten.
 */
#ifndef XLSX_H
#define XLSX_H

#include <stddef.h>
#include <time.h>

#include "err.h"

enum xlsx_type {
	XLSX_TEXT, /* as it is ("" = empty cell) */
	XLSX_INT,  /* a whole number, "1234" */
	XLSX_DEC,  /* a decimal with a point, "1.5", shown with one decimal */
	XLSX_PCT,  /* a percentage in points, "92.3": the fraction 0.923 shown as 92.3% */
};

struct xlsx_col {
	const char *header; /* Vietnamese, shown in the frozen first row */
	enum xlsx_type type;
	double width; /* characters; 0 for the type's default */
};

struct xlsx_book;

/* A new workbook titled TITLE, dated CREATED, written into a temporary
 * file of the system's temporary folder.  Returns NULL with E set. */
struct xlsx_book *xlsx_new(const char *title, time_t created, struct err *e);

/* Begin a sheet named NAME (at most 31 characters, none of []:*?/\) with
 * the NCOLS columns COLS (borrowed until the next xlsx_sheet or
 * xlsx_finish).  Returns 0, or -1 with E set. */
int xlsx_sheet(struct xlsx_book *b, const char *name, const struct xlsx_col *cols, int ncols,
               struct err *e);

/* Add a row of the current sheet: CELLS[0..N-1] as text, typed by the
 * columns (cells past N are empty).  A cell that does not read as its
 * column's number is an error, not a silent zero.  Returns 0, or -1 with
 * E set. */
int xlsx_row(struct xlsx_book *b, const char *const *cells, int n, struct err *e);

/* Close the workbook and return its bytes in *BUF (caller frees) and
 * *LEN; B is released whatever the outcome.  Returns 0, or -1 with E set
 * (nothing to free then). */
int xlsx_finish(struct xlsx_book *b, char **buf, size_t *len, struct err *e);

/* Release B without a workbook.  NULL-safe. */
void xlsx_free(struct xlsx_book *b);

#endif
