/*
 * import internals: the column table of each CSV kind and the row handlers
 * (import_rows.c) that the generic driver (import.c) calls once a row has
 * passed the column checks.
 */
#ifndef TRACKDB_IMPORT_H
#define TRACKDB_IMPORT_H

#include "code.h"
#include "trackdb.h"

enum col_type {
	COL_TEXT,      /* any UTF-8 text */
	COL_DATE,      /* YYYY-MM-DD */
	COL_INSTANT,   /* YYYY-MM-DD HH:MM, stored canonical */
	COL_INT,       /* decimal integer */
	COL_REAL,      /* decimal number */
	COL_HHMM,      /* HH:MM, 00:00-24:00 */
	COL_AGENCY,    /* agency identifier code */
	COL_PROCEDURE, /* national procedure code */
	COL_DOSSIER,   /* dossier code */
	COL_ENUM,      /* one of col.values */
	COL_FLAG,      /* 0 or 1 */
};

struct col {
	const char *name;
	enum col_type type;
	int optional;              /* an empty field is NULL */
	const char *const *values; /* COL_ENUM: NULL-terminated */
};

/* A validated field.  TEXT is NULL for an empty optional field. */
struct val {
	const char *text;
	int64_t i; /* COL_INT, COL_FLAG, COL_DATE (day), COL_INSTANT (minutes) */
	double r;  /* COL_REAL */
	char canon[CLOCK_INSTANT_LEN + 1]; /* COL_INSTANT's canonical text */
};

#define IMPORT_STMTS_MAX 8

/* A process whose steps the file touched, checked when the file ends. */
struct touched {
	int64_t process_id;
	long line; /* last line that touched it */
};

/* A reference to check when the file ends (agencies may refer forward). */
struct pending_ref {
	char code[CODE_AGENCY_LEN + 1];
	const char *column;
	long line;
};

struct imp {
	sqlite3 *db;
	const char *name; /* file name for messages */
	long line;        /* current record's line */
	long rows;
	sqlite3_stmt *st[IMPORT_STMTS_MAX];
	struct touched *touched;
	size_t ntouched, touched_cap;
	struct pending_ref *refs;
	size_t nrefs, refs_cap;
	int update;   /* --update: known dossiers updated, known events skipped */
	long skipped; /* rows already in the database, not counted as imported */
	int nfile;    /* columns of the file's header (<= its kind's ncols) */
	/* procedure_documents: the procedures the file has listed so far */
	char (*seen)[16]; /* a procedure code is 8 bytes (code.h) */
	size_t nseen, seen_cap;
	int64_t last_seq; /* the seq of the previous row */
};

struct kind_def {
	const char *name;
	const struct col *cols;
	int ncols;
	const char *const *sql; /* statements prepared into imp.st, NULL-terminated */
	/* Check row V (already column-valid) and insert it.  Errors name no
	 * line: the driver prefixes FILE:LINE. */
	int (*row)(struct imp *im, const struct val *v, struct err *e);
	/* Checks at the end of the file; errors carry their own FILE:LINE. */
	int (*finish)(struct imp *im, struct err *e);
};

/* The kinds that gained optional columns after files were written, and
 * the number of columns those older files have (import.c's check_header
 * takes either header; the later columns are then NULL). */
#define IMPORT_AGENCIES_NMIN 17
#define IMPORT_AGENCIES_NCONTACT 20 /* ... phone, address, hours (no pickup_place) */
#define IMPORT_EVENTS_NMIN 7

/* The kinds, indexed by enum import_kind (import.c). */
extern const struct kind_def *const import_kinds[IMPORT_KIND_COUNT];

/* Reference data (import_rows.c) and work data (import_work.c). */
extern const struct kind_def import_office_hours, import_calendar, import_fields, import_agencies,
    import_procedures, import_processes, import_steps, import_dossiers, import_events;
/* trackdb sync's step mapping (import_sync.c). */
extern const struct kind_def import_step_map;
/* Satisfaction templates and the kiosks' ratings (import_ratings.c). */
extern const struct kind_def import_rating_questions, import_rating_choices, import_rating_reasons,
    import_ratings;
/* The documents of each procedure (import_docs.c). */
extern const struct kind_def import_procedure_documents;

/* Bind V of column type T as parameter I of ST: NULL, text, int or real. */
int import_bind(sqlite3_stmt *st, int i, const struct val *v, enum col_type t);

/* Step ST once expecting no row, then reset it.  Returns 0 or -1 with E. */
int import_exec(struct imp *im, sqlite3_stmt *st, struct err *e);

/* Step ST expecting at most one row: 1 = a row (caller reads and resets),
 * 0 = none (reset done), -1 = error (E set, reset done). */
int import_query(struct imp *im, sqlite3_stmt *st, struct err *e);

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Bind V[0..N) as ?1..?N by their columns' types.  0 or -1 with E. */
int import_bind_all(struct imp *im, sqlite3_stmt *st, const struct col *cols, const struct val *v,
                    int n, struct err *e);

/* Whether the one-parameter lookup ST finds text KEY: 1 yes, 0 no, -1 error
 * with E set.  ST is reset. */
int import_exists(struct imp *im, sqlite3_stmt *st, const char *key, struct err *e);

/* X hours as whole minutes in *OUT: 0, or -1 when X is not a whole number
 * of minutes (durations are multiples of a minute, schema.sql). */
int import_minutes(double x, int64_t *out);

#endif
