/* Internals shared by site.c (loading, figures, home and indexes) and
 * site_pages.c (a page per agency and per procedure). */
#ifndef SITE_H
#define SITE_H

#include "emit.h"
#include "page.h"
#include "pub.h"

enum { PER_MONTH, PER_YEAR, PER_ALL, PER_COUNT };

struct tally {
	long received[PER_COUNT], resolved[PER_COUNT], ontime[PER_COUNT], late[PER_COUNT];
	long pending, overdue;
};

/* Processing times (working minutes, pauses excluded) of the dossiers
 * resolved in the last six months, the sample core/stats takes for the
 * statistics pages, so that both pages show the same median. */
struct s_times {
	int64_t *v;
	size_t n, cap;
	long ontime; /* of which early or on time */
};

struct s_agency {
	char *code, *name, *name_en, *level, *parent, *valid_to, *successor;
	char *iso_standard, *iso_announced, *eiso_date, *last_audit, *last_review;
	int ok; /* the code is well formed, so it may name a file */
	struct tally t;
	struct s_times times;
};

struct s_proc {
	char *code, *name, *name_en, *field, *level, *fee_note;
	double limit_days;
	long long fee; /* -1 when NULL */
	int ok;
	struct tally t;
	struct s_times times;
};

struct s_process {
	long long id;
	char *doc_code, *agency, *procedure, *from, *to;
	int version;
};

struct site {
	struct s_agency *ag;
	size_t nag;
	struct s_proc *pr;
	size_t npr;
	struct s_process *ps; /* ordered by procedure, agency, version */
	size_t nps;
	char **field_code, **field_name, **field_name_en;
	size_t nfields;
	struct tally all;
	int year, month;
	char today[CLOCK_DATE_LEN + 1];
	tmin_t now, win; /* the run's instant and six months before it */
	int oom;         /* site_count ran out of memory: site_write fails */
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
	const struct view_ref *ref;
	enum lang lang;
	const void *item; /* the agency or procedure */
	const struct emit *em; /* the site's writer */
};
int site_emit(struct pagejob *j, const char *path, int (*fn)(FILE *, struct pagejob *),
              struct err *e);

/* The PAGE_MISSING bits for a page at PATH (relative to its language root). */
unsigned site_missing(const struct pagejob *j, const char *path);

/* Whether the page at PATH (relative to the language root) exists. */
int site_exists(const struct pagejob *j, const char *path);

int site_figures(FILE *f, const struct tally *t, enum lang lang);
/* The six-month summary of TIMES (against LIMIT_DAYS when > 0) on page PG,
 * and a link to the statistics page STATS_PATH (relative to the site
 * root; plain text while it is not there).  TIMES is sorted (site_write). */
int site_times(FILE *f, struct pagejob *j, const struct page *pg, const struct s_times *times,
               double limit_days, const char *stats_path);
int site_name(FILE *f, const char *vi, const char *en, enum lang lang);

int page_procedure(FILE *f, struct pagejob *j);
int page_agency(FILE *f, struct pagejob *j);

#endif
