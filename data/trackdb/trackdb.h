/*
 * trackdb: the data tool's internal interfaces.  main.c parses the command
 * line and prints; every other file returns a status and fills a struct err
 * (STYLE practice 6).
 */
#ifndef TRACKDB_H
#define TRACKDB_H

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>

#include "clock.h"
#include "err.h"

/* Exit statuses: 1 for a data problem (bad file, inconsistent database,
 * failed I/O), 2 for a command line that cannot be understood. */
#define TRACKDB_EXIT_DATA 1
#define TRACKDB_EXIT_USAGE 2

/* ---- db.c: opening and creating the procedure database ----------------- */

/* Create PATH with the embedded data/schema.sql.  Refuses an existing file
 * that is not empty.  Returns the open handle (foreign keys on), or NULL with
 * E set; on failure a file this call created is removed. */
sqlite3 *db_create(const char *path, struct err *e);

/* Open an existing database read-write with foreign keys on.  Returns the
 * handle or NULL with E set. */
sqlite3 *db_open(const char *path, struct err *e);

/* Run SQL (fixed text, no data in it).  Returns 0, or -1 with E set. */
int db_exec(sqlite3 *db, const char *sql, struct err *e);

/* Close DB (NULL-safe).  Returns 0, or -1 with E set when SQLite refuses
 * (a statement left unfinalized is a bug worth hearing about). */
int db_close(sqlite3 *db, struct err *e);

/* ---- import.c: CSV import, all or nothing ------------------------------ */

enum import_kind {
	IMPORT_OFFICE_HOURS = 0,
	IMPORT_CALENDAR,
	IMPORT_FIELDS,
	IMPORT_AGENCIES,
	IMPORT_PROCEDURES,
	IMPORT_PROCESSES,
	IMPORT_STEPS,
	IMPORT_DOSSIERS,
	IMPORT_EVENTS,
	IMPORT_STEP_MAP,         /* trackdb sync's mapping of units and actions to steps */
	IMPORT_RATING_QUESTIONS, /* satisfaction templates */
	IMPORT_RATING_CHOICES,
	IMPORT_RATING_REASONS,
	IMPORT_RATINGS,             /* the kiosks' uploads */
	IMPORT_PROCEDURE_DOCUMENTS, /* what a citizen brings for each procedure */
	IMPORT_KIND_COUNT
};

/* The kind named S ('office_hours', ...), or -1. */
int import_kind_parse(const char *s);
/* The name of KIND (static). */
const char *import_kind_name(enum import_kind kind);

/* Import the CSV read from F (called NAME in messages, "NAME:LINE: reason")
 * into DB inside the caller's transaction.  Returns the number of rows
 * imported, or -1 with E set (the caller rolls back). */
long import_stream(sqlite3 *db, enum import_kind kind, FILE *f, const char *name, struct err *e);

/* Import the file PATH in one transaction: all rows, or none and the
 * database unchanged.  Returns rows imported, or -1 with E set. */
long import_file(sqlite3 *db, enum import_kind kind, const char *path, struct err *e);

/* The same with UPDATE set (--update): a dossier already in the database
 * is updated from its row (unless equal), an event already in the log
 * (same dossier, instant, kind, step and new due) is not stored again. */
long import_file_update(sqlite3 *db, enum import_kind kind, const char *path, int update,
                        struct err *e);

/* Load the embedded seed (data/seed/\*.csv, in dependency order) inside the
 * caller's transaction.  Returns 0, or -1 with E set. */
int import_seed(sqlite3 *db, struct err *e);

/* ---- journal.c: the change journal's upkeep --------------------------- */

/* The journal's triggers, as taken out by journal_suspend. */
struct journal_saved {
	char **sql;
	size_t n;
};

/* Drop the journal's triggers for a bulk load, keeping their text in S.
 * journal_resume puts them back and names a new journal (meta
 * journal_id), so that every publisher verifies everything once.  Both
 * inside the caller's transaction; 0, or -1 with E set. */
int journal_suspend(sqlite3 *db, struct journal_saved *s, struct err *e);
int journal_resume(sqlite3 *db, struct journal_saved *s, struct err *e);
void journal_saved_free(struct journal_saved *s); /* NULL-safe contents */

/* Delete the journal entries that every publisher whose mark file
 * (STATE.journal) is among the N MARKS has read; marks of another
 * journal are ignored.  *UPTO is the last entry deleted (0: none).
 * Returns the number of entries deleted, or -1 with E set. */
long long journal_prune(sqlite3 *db, char *const *marks, int n, long long *upto, struct err *e);

/* ---- sync.c: the national portal's dossier and progress payloads ------- */

#define SYNC_UNITS_SHOWN 8 /* unmapped units named in the summary */

/* What a sync did (counts add up over files). */
struct sync_stats {
	long dossiers, created, updated, same, waiting; /* dossier records */
	long progress, prog_new, prog_same, unmapped;   /* progress records */
	long events;                                    /* events added */
	/* The first units (PhongBanXuLy) whose records mapped to no step. */
	char units[SYNC_UNITS_SHOWN][96];
	long unit_count[SYNC_UNITS_SHOWN];
	int nunits;
};

/* Apply the payload file PATH to DB in one transaction: all its records,
 * or none and the database unchanged, E then "PATH:RECORD: reason".
 * Returns 0 or -1. */
int sync_file(sqlite3 *db, const char *path, struct sync_stats *st, struct err *e);

/* What --spool did: files applied (moved to DIR/done/) and failed (moved
 * to DIR/failed/ with FILE.error beside). */
struct spool_stats {
	long done, failed;
};

/* Apply each file dropped in DIR (not a dotfile, in name order) as
 * sync_file does, and move it to done/ or failed/ by rename.  REPORT is
 * called for each file with its outcome (E: NULL when applied).  Returns
 * 0, or -1 with E set when the spool itself cannot be used. */
int spool_run(sqlite3 *db, const char *dir, struct spool_stats *ss, struct sync_stats *st,
              void (*report)(const char *file, const struct sync_stats *st, const struct err *fe),
              struct err *e);

/* ---- progress.c: a progress line on stderr when it is a terminal ------- */

struct progress {
	int on;           /* stderr is a terminal */
	const char *what; /* label */
	int64_t total;    /* expected count, 0 when unknown */
	int64_t next;     /* count at which to redraw */
};

void progress_start(struct progress *p, const char *what, int64_t total);
/* Cheap when nothing is to be drawn. */
void progress_update(struct progress *p, int64_t done);
/* Erase the line. */
void progress_end(struct progress *p);

/* ---- the commands ------------------------------------------------------ */

struct demo_opts {
	const char *path;
	long dossiers; /* how many to generate */
	uint64_t seed;
	tmin_t now; /* end of the generated period */
};

/* Summary of a demo run, for main to print. */
struct demo_stats {
	long dossiers, events;
	long verdicts[6]; /* by enum verdict */
};

int demo_run(const struct demo_opts *o, struct demo_stats *st, struct err *e);

struct check_stats {
	long dossiers, events, errors, warnings;
};

/* Check the database at PATH, writing one line per finding to OUT.  Returns
 * 0 when it ran (look at st->errors), -1 with E set when it could not. */
int check_run(const char *path, tmin_t now, FILE *out, struct check_stats *st, struct err *e);

struct due_opts {
	const char *path;
	tmin_t received;
	double hours;          /* > 0 when --hours */
	const char *procedure; /* when --procedure */
	const char *agency;    /* optional with --procedure */
};

/* Write the due-time report to OUT.  Returns 0 or -1 with E set. */
int due_run(const struct due_opts *o, FILE *out, struct err *e);

#endif
