/*
 * stats_columns: the report table's columns, described once, in
 * stats_columns.def, for the three writers that show them: the data
 * dictionary (stats_site_frame.c), the workbooks (stats_xlsx.c) and the
 * report's CSV, JSON and pages (stats_site_report.c).
 *
 * A line of stats_columns.def:
 *
 *   SS_RC(ID, name, meaning, kind, header, width, group, head, value)
 *     a column of bao-cao (and ky/PERIOD), in the files' order:
 *     ID       the column is SS_RC_ID
 *     name     its CSV header and JSON key; a workbook finds its header
 *              by the name, in every file that has the column
 *     meaning  what the data dictionary says of it
 *     kind     TEXT, COUNT or PCT (a per mille written as a percent with
 *              one decimal; below 0 it is unknown: empty, null in JSON)
 *     header   its header in the workbooks; width its width there (0: the
 *              default)
 *     group    on the report pages, the header of the column group it is
 *              in, 0 for none (its own header then spans both header
 *              rows); head its header there.  A group's columns stand
 *              together.  TEXT columns are not page columns: they name a
 *              page's row (its subject or period).
 *     value    an expression for entity ENT in period PER, of S (struct
 *              ss), ST (its stats) and, for a TEXT column, P (the period)
 *              and BUF (SS_NUMBUF bytes); GET(STATS_X) is stats_get of
 *              column STATS_X
 *   SS_RX(ID, name, kind, header, width, value)
 *     a column of the official form only (bao-cao-mau)
 *   SS_FORM(ID, meaning)
 *     the official form's layout, by the columns above, in its order,
 *     with the form's words for each
 */
#ifndef STATS_COLUMNS_H
#define STATS_COLUMNS_H

#include "stats_site.h"

/* The report's columns, then the form's own. */
enum ss_rcol_id {
#define SS_RC(ID, ...) SS_RC_##ID,
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#define SS_RC(ID, ...)
#define SS_RX(ID, ...) SS_RC_##ID,
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
	SS_RC_COUNT
};

/* The columns of bao-cao: the first SS_RC_NREPORT ids. */
enum {
	SS_RC_NREPORT = 0
#define SS_RC(ID, ...) +1
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

/* The columns of the official form. */
enum {
	SS_FORM_NCOLS = 0
#define SS_RC(ID, ...)
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning) +1
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

enum ss_rc_kind { SS_RK_TEXT = 0, SS_RK_COUNT, SS_RK_PCT };

struct ss_rcol {
	const char *name; /* the CSV header, the JSON key */
	enum ss_rc_kind kind;
	enum msg_id header; /* in the workbooks */
	double width;       /* in the workbooks, 0: the default */
	enum msg_id group;  /* on the report pages, 0: none */
	enum msg_id head;   /* on the report pages (not for TEXT) */
};

extern const struct ss_rcol ss_rcols[SS_RC_COUNT];

/* The data dictionary of bao-cao and of the form (ss_files[]). */
extern const struct ss_col ss_report_cols[SS_RC_NREPORT];
extern const struct ss_col ss_form_cols[SS_FORM_NCOLS];
/* The form's columns, in its order. */
extern const enum ss_rcol_id ss_form_layout[SS_FORM_NCOLS];

/* The column named NAME, NULL when none is. */
const struct ss_rcol *ss_rcol_named(const char *name);

/* The value of TEXT column ID for entity ENT in period PER (in BUF, of
 * SS_NUMBUF bytes, or static or borrowed from S). */
const char *ss_rc_text(const struct ss *s, enum ss_rcol_id id, int ent, int per, char *buf);
/* The value of COUNT or PCT column ID for entity ENT in period PER. */
int64_t ss_rc_num(const struct ss *s, enum ss_rcol_id id, int ent, int per);

/* One row of file ID (SS_F_REPORT or SS_F_FORM) for entity ENT in period
 * PER, as CSV or (JSON nonzero) as a JSON object, FIRST nonzero for the
 * first of the array. */
int ss_rc_row(FILE *f, const struct ss *s, enum ss_file_id id, int ent, int per, int json,
              int first);

/* Period P's id ("2025-03", "2025-q1", "chot-2025") into BUF of
 * SS_NUMBUF bytes; "" for an unknown kind. */
const char *ss_period_id_str(char *buf, const struct stats_period *p);

#endif
