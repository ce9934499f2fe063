/*
 * The officials' private output (publisher --officials DIR): per agency
 * the early-warning page (HTML, CSV, xlsx) and its units' pages, the daily
 * digest (text and CSV, written once at the start of each working day),
 * and the control sheet of every dossier ("Phiếu kiểm soát quá trình giải
 * quyết hồ sơ").  Read from the kiosk snapshot, so nothing of the
 * applicant but the dossier code can reach it; warnings judged by
 * core/domain/warning.h on the same timelines as every page.
 *
 * DIR is private: never under SITE (main refuses it), directory 0750,
 * files 0640, served only by deploy/nginx-officials.conf.
 */
#ifndef OFFICIALS_H
#define OFFICIALS_H

#include <stdio.h>

#include "msg.h"
#include "pub.h"
#include "warning.h"

/* The officials' pages, lists and bulletins are internal and in
 * Vietnamese only; their words come from the catalogue
 * (msg_officials.def). */
#define OW(id) msg(LANG_VI, (id))

/* One dossier on an early-warning list (strings owned). */
struct owarn {
	char *code, *proc, *step_name, *unit;
	struct warning w;
	tmin_t last;    /* the newest change: its last event, else its receipt */
	tmin_t new_due; /* an apology's new appointment, 0 when none */
};

/* A unit on an agency's list and what it holds. */
struct ounit {
	const char *name; /* borrowed from the list's entries */
	struct warning_tally t;
};

struct oagency {
	char *code, *name;
	struct owarn *v;
	size_t n, cap;
	struct ounit *u; /* sorted by name; index + 1 names its page */
	size_t nu;
	struct warning_tally t;
	const struct ounit *top; /* the unit with the most overdue, NULL when none */
};

struct oset {
	struct oagency *a; /* in code order */
	size_t n, cap;
	tmin_t now;
	const struct clock_cal *cal;
	int wait_days;
	long sheets, sheets_same, sheets_kept; /* control sheets */
};

/* officials.c: the run's entry point, from publish(), after the receipts.
 * Returns 0, or -1 with E set. */
int officials_write(struct pub *p, sqlite3 *snap, const struct refs *ref, struct err *e);

/* officials_list.c: an agency's pages, CSV and xlsx (and its units'
 * pages), the index of agencies, the digest.  Each returns 0, or -1 with E. */
int officials_agency(struct pub *p, const struct oset *s, const struct oagency *a, struct err *e);
int officials_index(struct pub *p, const struct oset *s, struct err *e);
int officials_digest(struct pub *p, const struct oset *s, const struct oagency *a, struct err *e);

/* officials_sheet.c: the control sheet of D to F (a whole page).
 * Returns 0, or -1 on a write error. */
int officials_sheet(FILE *f, const struct view_dossier *d);

/* Shared pieces.  A working duration MIN (minutes) in words ("1 ngày 2
 * giờ 30 phút", a working day being DAY_MIN minutes); an instant as
 * "HH:MM DD/MM/YYYY"; both 0 or -1 on a write error. */
int ow_duration(FILE *f, int64_t min, int day_min);
int ow_instant(FILE *f, tmin_t t);
/* The page's head (title escaped) and its end. */
int ow_head(FILE *f, const char *title, const char *extra_style);
int ow_foot(FILE *f);
/* Write the memory stream's BUF to DIR/REL (mode 0640) if it differs;
 * returns 1 written, 0 unchanged, -1 with E. */
int ow_put(const char *dir, const char *rel, const char *buf, size_t len, struct err *e);

#endif
