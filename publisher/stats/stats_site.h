/*
 * stats_site: the statistics and ISO roadmap part of the static site
 * stats_site_write (declared in pub.h) reads the kiosk
 * snapshot, computes everything with core/stats and core/roadmap in one
 * streaming pass, and writes, each file atomically and only when its
 * contents change (data files first, then pages in link order):
 *
 *   thong-ke/index.html              overview, charts, links
 *   thong-ke/ky/PERIOD.html|csv|json report table of one period
 *                                    (PERIOD = 2025-03, 2025-q1, 2025)
 *   thong-ke/bao-cao.csv|json        the report table, every period
 *   thong-ke/thoi-gian-xu-ly.html|csv|json   real processing times
 *   thong-ke/diem-nghen.html|csv|json        bottlenecks per process step
 *   thong-ke/diem-nghen-don-vi.csv|json      bottlenecks per responsible unit
 *   thong-ke/thu-tuc/CODE.html       statistics page of a procedure
 *   thong-ke/co-quan/CODE.html       statistics page of an agency
 *   thong-ke/du-lieu.html            data dictionary of the open data
 *   lo-trinh-iso/index.html          the ISO roadmap
 *   lo-trinh-iso/lo-trinh.csv|json   per agency milestones and states
 *   lo-trinh-iso/ty-le.csv|json      shares by level and rule
 *   lo-trinh-iso/tai-ban.csv|json    processes due for re-issue
 *   en/thong-ke/index.html, en/thong-ke/du-lieu.html, en/lo-trinh-iso/index.html,
 *   en/thong-ke/ky/PERIOD.html, en/thong-ke/thoi-gian-xu-ly.html,
 *   en/thong-ke/diem-nghen.html      the English versions (same names under
 *                                    en/), linking the one set of data files
 *
 * Private to the files publisher/stats/stats_site*.c.
 */
#ifndef STATS_SITE_H
#define STATS_SITE_H

#include <stdio.h>

#include <sqlite3.h>

#include "afile.h"
#include "chart.h"
#include "clock.h"
#include "emit.h"
#include "err.h"
#include "msg.h"
#include "page.h"
#include "pub.h"
#include "roadmap.h"
#include "stats.h"

struct bn;
struct ss_ratings;
struct satis;
struct idx766;

/* One output file being rendered into memory (ss_open .. ss_commit). */
struct ss_out {
	FILE *f;
	char *rel, *buf;
	size_t len;
};

/* Row I of s->ag, s->pr, s->fi and s->ps is row I of the run's model of
 * the reference tables (s->refs, refs.h).  Their text columns are
 * borrowed from it, "" for NULL (a new column: read s->refs); the rest
 * is what the statistics derive. */
struct ss_agency {
	const char *code, *name, *level_text, *parent, *successor_code;
	int level;     /* enum stats_level */
	int successor; /* index or -1 */
	const char *valid_to, *iso_standard, *iso_mode, *iso_plan, *iso_target, *iso_announced;
	const char *eiso_target, *eiso_date, *last_audit, *last_review, *valid_from;
	int dup_of; /* another agency with the same name, or -1 */
	struct roadmap_agency rm;
	struct roadmap_result res;
};

struct ss_procedure {
	const char *code, *name, *field_code, *legal_changed;
	int field;
	double limit_days;
};

struct ss_field {
	const char *code, *name;
};

struct ss_process {
	int64_t id;
	const char *doc_code, *effective_from, *effective_to;
	int version, agency, procedure, nsteps;
	int64_t total_min;
	const struct refs_step *steps; /* nsteps of them, the model's */
};

/* Everything a run reads and computes. */
struct ss {
	sqlite3 *db;
	const struct stats_run *run; /* NULL: no input file (stats_site_write) */
	const struct refs *refs;     /* the reference tables, the run's model */
	const struct clock_cal *cal;
	const char *site;
	tmin_t now;
	day_t today;
	tmin_t first; /* the instant the periods start from (ss_first_of) */
	/* The figures read the same at every instant of [since, next): since
	 * is the latest instant at or before NOW at which one of them could
	 * have changed (a received dossier, an event, a due time passed, a
	 * result leaving the 6-month window, midnight), next the first after
	 * NOW.  SINCE_DATA is the same without results leaving the window:
	 * what the report table, the roadmap and every page's "as of" need.
	 * Pages are stamped with SINCE_DATA (as_of), not NOW, so that a run
	 * with no new data rewrites nothing; the stamp file (stats_site_count) keeps NEXT
	 * so that such a run may skip the work altogether. */
	tmin_t since, since_data, next;
	char as_of[CLOCK_INSTANT_LEN + 1];
	struct ss_agency *ag;
	int nag;
	struct ss_procedure *pr;
	int npr;
	struct ss_field *fi;
	int nfi;
	struct ss_process *ps;
	int nps;
	struct stats *st;
	const struct bn *bn;    /* bottlenecks while stats_site_times writes */
	long dossiers, skipped; /* counted / left out for an inconsistent log */
	char first_skipped[64]; /* code of the first left out, for the note */
	struct emit em;         /* the writer; HTML pages wait in it for ss_flush */
	struct ss_xlsx *xl;     /* CSV files waiting for their workbook (stats_xlsx.c) */
	/* Citizens' ratings and the service index (satisfaction_page.h). */
	struct ss_ratings *rt;
	struct satis *sa;
	struct idx766 *x;
};

/* T, an instant that moves with NOW (the start of the 6-month window), as
 * it read at SINCE: what the pages print, so that they do not change every
 * minute while the figures stay the same. */
tmin_t ss_as_of(const struct ss *s, tmin_t t);

/* Instant T (a rating given, say) as a bound of the interval [since,
 * next) over which the figures read the same. */
void ss_bound(struct ss *s, tmin_t t);

/* stats_site_load.c: what the statistics derive from the reference
 * tables; stats_site.c: the streaming pass. */
int ss_load(struct ss *s, struct err *e);
int ss_stream(struct ss *s, struct err *e);
/* The pass fed by the publisher's page pass instead (stats_feed_*,
 * pub.h): ss_feed_open makes the accumulators and decides which dossiers
 * must come, ss_feed_close counts the input file's records left and
 * finishes.  Both return 0, or -1 with E. */
int ss_feed_open(struct ss *s, struct stats_feed **out, struct err *e);
int ss_feed_close(struct stats_feed *fd, struct err *e);
/* The instant the periods start from when the earliest reception is MIN
 * (an instant's text; "" or later than now: now). */
tmin_t ss_first_of(const struct ss *s, const char *min);
void ss_free(struct ss *s);
int ss_agency_index(const struct ss *s, const char *code);
int ss_procedure_index(const struct ss *s, const char *code);

/* stats_site_frame.c: the page frame, shared bits and the data dictionary. */
/* core/presentation/page.h's frame for a Vietnamese-only page at PATH (relative to the
 * site root) in section NAV, then the <h1>; ss_page_end closes it. */
int ss_page_begin(FILE *f, const char *title, const char *path, int nav, const char *as_of);
int ss_page_end(FILE *f, const char *as_of);
/* The same in LANG; OTHER nonzero shows the language switch.  Every
 * statistics and roadmap page is written in both languages in the same
 * run, so callers pass 1: the link never depends on what an older site
 * left on disk (a full publish into an old folder gives the same files as
 * one into an empty folder). */
int ss_page_begin_lang(FILE *f, enum lang lang, const char *title, const char *path, int nav,
                       const char *as_of, int other);
int ss_page_end_lang(FILE *f, enum lang lang, const char *as_of);
/* Begin the file REL (relative to the site root) in memory; write it with
 * A->f.  Returns 0, or -1 with E set (nothing to release then). */
int ss_open(struct ss_out *a, const struct ss *s, const char *rel, struct err *e);
/* Finish A: a data file is written now, atomically and only when its
 * contents differ from the file on disk (a run that changes nothing
 * touches nothing); an HTML page is held for ss_flush.  A is released
 * either way.  Returns 0, or -1 with E set. */
int ss_commit(struct ss *s, struct ss_out *a, struct err *e);
/* Release A without writing it.  NULL-safe on a zeroed A. */
void ss_abort(struct ss_out *a);
/* The file REL rendered by FN(f, s, ARG) and committed (ss_open, FN,
 * ss_commit).  Returns 0, or -1 with E set. */
int ss_write(struct ss *s, const char *rel, int (*fn)(FILE *, const struct ss *, int), int arg,
             struct err *e);
/* Write the held pages, each after the pages it links to (dictionary,
 * topic pages, per-procedure and per-agency pages, indexes), so that a
 * run killed at any moment leaves no link dangling.  Returns 0 or -1. */
int ss_flush(struct ss *s, struct err *e);
void ss_held_free(struct ss *s); /* NULL-safe on a zeroed S */
/* Open a wide table of class CLASS (fixed) in its sideways-scrolling box:
 * a region named LABEL (text) that the keyboard can reach and scroll.
 * The caller closes it with "</table></div>". */
int ss_scroll_begin(FILE *f, const char *label, const char *class);
int ss_bom(FILE *f);
int ss_csv_num(FILE *f, int64_t v);
int ss_csv_end(FILE *f);
int ss_days(FILE *f, int64_t minutes, int day_minutes);
int ss_pct(FILE *f, int permille);
/* The same for readers, in L's form (a decimal comma in Vietnamese). */
int ss_days_l(FILE *f, enum lang l, int64_t minutes, int day_minutes);
int ss_pct_l(FILE *f, enum lang l, int permille);
int ss_period_id(FILE *f, const struct stats_period *p);
/* 'month', 'quarter', 'year', 'cutoff_month', ... for the open data (static). */
const char *ss_period_kind_name(enum stats_period_kind k);
/* "Tháng 03/2025", "Quý I/2025", "Kỳ báo cáo tháng 03/2025 (15/02/2025 -
 * 14/03/2025)"; in English "Mar 2025", "Q1 2025", "Reporting month Mar
 * 2025 (15 Feb 2025 - 14 Mar 2025)". */
int ss_period_label(FILE *f, enum lang l, const struct stats_period *p);
int ss_safe_name(const char *code);
int ss_dict_write(struct ss *s, struct err *e);
/* The name of level LEVEL (enum stats_level) in L; "" when out of range. */
const char *ss_level(enum lang l, int level);

/* Columns of an open-data file: the CSV header / JSON key and what it
 * means (the data dictionary is written from the same tables). */
struct ss_col {
	const char *name;    /* the CSV header, the JSON key */
	enum msg_id meaning; /* in the catalogue, both languages */
};

struct ss_file {
	const char *path;  /* relative to the site root, without extension */
	enum msg_id title; /* the file's title */
	enum msg_id about; /* what one row is */
	const struct ss_col *cols;
	int ncols;
};

enum ss_file_id {
	SS_F_REPORT = 0,
	SS_F_TIMES,
	SS_F_STEPS,
	SS_F_UNITS,
	SS_F_ROADMAP,
	SS_F_SHARES,
	SS_F_REISSUE,
	SS_F_FORM,
	SS_F_SAT,
	SS_F_IDX766,
	SS_F_COUNT
};
extern const struct ss_file ss_files[SS_F_COUNT];

/* BOM and the header line of file ID. */
int ss_csv_header(FILE *f, enum ss_file_id id);
/* '"name":' of column I of file ID, preceded by ',' unless I is 0. */
int ss_json_key(FILE *f, enum ss_file_id id, int i);

/* One cell of an open-data row: text (escaped for the format) or a number
 * already formatted by printf (written bare; "" = empty / null). */
struct ss_cell {
	const char *s;
	int num;
};

#define SS_NUMBUF 32
/* Format helpers into a caller's buffer of SS_NUMBUF bytes. */
const char *ss_fmt_int(char *buf, int64_t v);
const char *ss_fmt_1(char *buf, double v);      /* one decimal */
const char *ss_fmt_pm(char *buf, int permille); /* per mille as a percent, "" when < 0 */

/* Write one row of file ID as CSV (JSON nonzero: as a JSON object, FIRST
 * nonzero for the first row of the array). */
int ss_row(FILE *f, enum ss_file_id id, const struct ss_cell *c, int json, int first);
/* Begin / end a JSON open-data document. */
int ss_json_begin(FILE *f, const struct ss *s);
/* An open-data file's start (the JSON preamble, or the BOM and the CSV
 * header of COLS) and one row of it: NTEXT text columns, then numbers
 * already formatted (an empty one is null in JSON). */
int ss_data_begin(FILE *f, const struct ss *s, int json, const char *const *cols, size_t ncols);
int ss_data_row(FILE *f, int json, int first, const char *const *cols, size_t ncols, size_t ntext,
                const char *const *text, const char *const *num);
int ss_json_end(FILE *f);

/* stats_xlsx.c: the workbook of a page's tables.  REL, just rendered
 * (LEN bytes at BUF), is kept when it is a CSV file of a workbook, which
 * is made and written once all its files have come.  Returns 0, or -1
 * with E set. */
int ss_xlsx_csv(struct ss *s, const char *rel, const char *buf, size_t len, struct err *e);
/* Release what ss_xlsx_csv kept (NULL-safe on a zeroed S). */
void ss_xlsx_free(struct ss *s);

/* stats_site_report.c: the report table. */
int ss_report_write(struct ss *s, struct err *e);
/* The page of each agency (thong-ke/co-quan/CODE.html); called by
 * ss_times_write while S->bn is set, for ss_summary. */
int ss_agency_pages_write(struct ss *s, struct err *e);
/* stats_site_times.c: processing times, bottlenecks, the page of each
 * procedure (thong-ke/thu-tuc/CODE.html) and, through
 * ss_agency_pages_write, of each agency. */
int ss_times_write(struct ss *s, struct err *e);
/* The summary at the top of the page of agency A or procedure P (the
 * other -1): median processing time against the limit, on-time share, the
 * step that most often made dossiers late, and a link back to the
 * publisher's page of the agency or procedure when it exists.  Needs
 * S->bn. */
int ss_summary(FILE *f, enum lang l, const struct ss *s, int a, int p);
/* Whether REL (relative to the site root) exists. */
int ss_exists(const struct ss *s, const char *rel);
/* The distribution of processing times against the statutory limit (all
 * procedures, as a share of each one's limit), chart and table. */
int ss_distribution_chart(FILE *f, enum lang l, const struct ss *s);
/* stats_site_roadmap.c: the ISO roadmap. */
int ss_roadmap_write(struct ss *s, struct err *e);

#endif
