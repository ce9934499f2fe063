/* Internals shared by site.c (loading, figures, home and indexes) and
 * site_pages.c (a page per agency and per procedure). */
#ifndef SITE_H
#define SITE_H

#include "emit.h"
#include "page.h"
#include "pub.h"
#include "stats.h"

/* This calendar month, this calendar year, all years. */
enum { PER_MONTH, PER_YEAR, PER_ALL, PER_COUNT };

/* Row I of the site's agencies, procedures (and, in their own order,
 * processes) is row I of the run's reference model (site->refs, refs.h);
 * the text columns are borrowed from it, NULL for NULL (a new column:
 * read site->refs).  The rest is the site's own. */
struct s_agency {
	const char *code, *name, *name_en, *level, *parent, *valid_to, *successor;
	const char *iso_standard, *iso_announced, *eiso_date, *last_audit, *last_review;
	int ok; /* the code is well formed, so it may name a file */
	int sx; /* its index in this run's statistics (site_use_stats), -1: none */
	/* Current ratings of its dossiers, of the templates' first question
	 * (the one the service index reads), and of them the satisfied. */
	long rated[PER_COUNT], satisfied[PER_COUNT];
};

struct s_proc {
	const char *code, *name, *name_en, *field, *level, *fee_note;
	double limit_days;
	long long fee; /* -1 when NULL */
	int ok;
	const struct refs_doc *docs; /* in their order; ndocs of them */
	size_t ndocs;
	int sx; /* its index in this run's statistics (site_use_stats), -1: none */
};

struct s_process {
	long long id;
	const char *doc_code, *agency, *procedure, *from, *to;
	int version;
};

struct site {
	struct s_agency *ag;
	size_t nag;
	struct s_proc *pr;
	size_t npr;
	struct s_process *ps; /* ordered by procedure, agency, version */
	size_t nps;
	const struct refs *refs; /* the reference tables, the run's model */
	/* This run's statistics, where every figure of the pages comes from
	 * (borrowed, site_use_stats); NULL when the run has none (deferred or
	 * unchanged): site_write then keeps the pages as they are, so that
	 * they always agree with the statistics pages. */
	const struct stats *st;
	int year, month;
	char today[CLOCK_DATE_LEN + 1];
	tmin_t now; /* the run's instant */
};

struct s_agency *site_agency(const struct site *s, const char *code);
struct s_proc *site_proc(const struct site *s, const char *code);
const char *site_field_name(const struct site *s, const char *code, enum lang lang);
/* Whether the process is in force today. */
int site_process_current(const struct site *s, const struct s_process *ps);

/* Render into memory with FN(F, ...) and write PATH (relative to SITE) if
 * it changed; counts it.  Returns 0 or -1 with E set. */
struct pagejob {
	struct pub *p;
	const struct site *s;
	const struct refs *ref;
	enum lang lang;
	const void *item;      /* the agency or procedure */
	const struct emit *em; /* the site's writer */
};
int site_emit(struct pagejob *j, const char *path, int (*fn)(FILE *, struct pagejob *),
              struct err *e);

/* The PAGE_MISSING bits for a page at PATH (relative to its language root). */
unsigned site_missing(const struct pagejob *j, const char *path);

/* Whether the page at PATH (relative to the language root) exists. */
int site_exists(const struct pagejob *j, const char *path);

/* What the pages show of the statistics' entity ENT (-1: none, all
 * zero), read from core/stats' report table: dossiers received (new) in
 * this calendar month, this calendar year and all years; of those that
 * ended in the period, resolved (early, on time, late; refusals and
 * withdrawals apart, as the statistics count them) and of them on time
 * (early or on time) and late; pending now and of them overdue. */
struct site_figs {
	long received[PER_COUNT], resolved[PER_COUNT], ontime[PER_COUNT], late[PER_COUNT];
	long pending, overdue;
};
void site_figs_of(const struct site *s, int ent, struct site_figs *out);
/* The statistics' entity of every dossier, of agency A and of procedure
 * P (-1 when none). */
int site_all_ent(const struct site *s);
int site_agency_ent(const struct site *s, const struct s_agency *a);
int site_proc_ent(const struct site *s, const struct s_proc *p);
/* The processing times of agency A and procedure P over the statistics'
 * six-month window (borrowed), NULL when none. */
const struct stats_ptime *site_agency_times(const struct site *s, const struct s_agency *a);
const struct stats_ptime *site_proc_times(const struct site *s, const struct s_proc *p);

/* The figures table of entity ENT (site_figs_of). */
int site_figures(FILE *f, const struct site *s, int ent, enum lang lang);
/* The satisfaction summary of agency A, with links to the satisfaction
 * page and A's service-index page once they exist. */
int site_satisfaction(FILE *f, struct pagejob *j, const struct page *pg, const struct s_agency *a);
/* The six-month summary of processing times PT (core/stats' row of an
 * agency or procedure; NULL: no result in the window), against LIMIT_DAYS
 * when > 0, on page PG, and a link to the statistics page STATS_PATH
 * (relative to the site root; plain text while it is not there). */
int site_times(FILE *f, struct pagejob *j, const struct page *pg, const struct stats_ptime *pt,
               double limit_days, const char *stats_path);
int site_name(FILE *f, const char *vi, const char *en, enum lang lang);

/* A share as a percentage, "96,4%" in Vietnamese; a dash without data. */
int site_rate(FILE *f, long part, long whole, enum lang lang);
/* A link to the page of agency or procedure CODE in DIR (relative to the
 * current page's folder, a sibling or ../DIR), or plain text when that
 * page is not there. */
int site_ref_link(FILE *f, struct pagejob *j, const char *dir, int here, const char *code,
                  const char *vi, const char *en);

/* A page type of the site: which pages it makes and its writer.  The site
 * is written round by round in the order of site_page_types, in each
 * language (a new page type is one file declaring its struct
 * site_page_type, and one line in that table).  A type that
 * lists the pages of other types (bit N of LISTS: it lists those of
 * site_page_types[N] that exist) comes after them, so that a new site
 * lists them all from the first round. */
enum site_each { SITE_ONE, SITE_EACH_PROCEDURE, SITE_EACH_AGENCY };

struct site_page_type {
	const char *name;
	enum site_each each;
	const char *path; /* SITE_ONE: the page; otherwise the folder of CODE.html */
	unsigned lists;
	int (*write)(FILE *, struct pagejob *);
};

/* The page types in order (site.c; each declared in its own page_*.c). */
extern const struct site_page_type *const site_page_types[];
extern const int site_npage_types;

/* The path (relative to the language root) of the page of type T for the
 * procedure or agency CODE (ignored for SITE_ONE) into BUF of SIZE bytes.
 * Returns 0, or -1 when it does not fit. */
int site_page_path(const struct site_page_type *t, const char *code, char *buf, size_t size);

#endif
