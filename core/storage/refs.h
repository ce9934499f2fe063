/*
 * refs: the reference tables (fields, agencies, procedures and their
 * documents, processes and their steps) in memory, one model for every
 * reader: the publisher loads it once per run, kioskd once per snapshot
 * generation.  Only columns of the kiosk snapshot (data/snapshot.sql) are
 * read, so the model holds public data whichever database it comes from.
 *
 * Each table is an array sorted by its key (code; processes by id), so
 * that lookups bisect and an index names a row for the life of the model:
 * cross references are indexes, and a reader keeps what it derives (its
 * figures, its results) in arrays of its own in the same order.
 *
 * Strings belong to the model (one arena, freed by refs_free).  A column
 * that is NULL in the table is NULL here, except the codes (keys and the
 * codes that refer to other tables), which are never NULL ("" then).
 * refs_s gives "" for NULL, for readers that make no difference.
 */
#ifndef REFS_H
#define REFS_H

#include <stddef.h>

#include <sqlite3.h>

#include "err.h"
#include "timeline.h" /* TIMELINE_STEPS_MAX */

struct refs_field {
	char *code, *name, *name_en;
};

struct refs_agency {
	char *code, *name, *name_en, *level, *parent_code, *valid_from, *valid_to;
	char *successor_code, *iso_standard, *iso_mode, *iso_plan, *iso_target;
	char *iso_announced, *eiso_target, *eiso_date, *last_audit, *last_review;
	char *phone, *address, *hours; /* the one-stop office, for citizens */
	/* The agency that took over its work: an index, -1 when none, unknown
	 * or itself (only a real, different agency is a successor). */
	int successor;
};

/* A document to hand in for a procedure (procedure_documents). */
struct refs_doc {
	char *name, *name_en, *note, *note_en;
	int originals, copies;
};

struct refs_procedure {
	char *code, *name, *name_en, *field_code, *level, *fee_note, *legal_changed;
	double limit_days;
	long long fee_vnd;     /* -1 when NULL */
	int field;             /* index of field_code, -1 when unknown */
	struct refs_doc *docs; /* in their order (seq) */
	size_t ndocs;
};

struct refs_step {
	char *name, *name_en, *unit;
	int allowance_min; /* allowance_hours in minutes, rounded */
};

struct refs_process {
	long long id;
	char *doc_code, *procedure_code, *agency_code, *effective_from, *effective_to;
	int version;
	int procedure, agency; /* indexes, -1 when unknown */
	int nsteps;            /* steps numbered 1..nsteps */
	struct refs_step steps[TIMELINE_STEPS_MAX];
};

struct refs {
	struct refs_field *fi;
	size_t nfi;
	struct refs_agency *ag;
	size_t nag;
	struct refs_procedure *pr;
	size_t npr;
	struct refs_process *ps; /* by id */
	size_t nps;
	struct refs_arena *arena; /* the strings */
};

/* Load the reference tables of DB (the procedure database or a snapshot:
 * the columns read are the same).  Returns the model (free with
 * refs_free), or NULL with E set: a database error or out of memory,
 * named by table, or a bad row, named by its key (a process's steps not
 * numbered 1, 2, ... or more than TIMELINE_STEPS_MAX of them).  A
 * document or step of a procedure or process the tables do not have is
 * ignored: nothing can show it. */
struct refs *refs_load(sqlite3 *db, struct err *e);
void refs_free(struct refs *r); /* NULL-safe */

/* Lookups by key (CODE may be NULL): the index, or -1 when absent. */
int refs_agency_index(const struct refs *r, const char *code);
int refs_procedure_index(const struct refs *r, const char *code);
int refs_field_index(const struct refs *r, const char *code);
int refs_process_index(const struct refs *r, long long id);

/* The same as pointers into R, NULL when absent. */
const struct refs_agency *refs_agency(const struct refs *r, const char *code);
const struct refs_procedure *refs_procedure(const struct refs *r, const char *code);
const struct refs_process *refs_process(const struct refs *r, long long id);

/* S, or "" when S is NULL. */
static inline const char *
refs_s(const char *s)
{
	return s ? s : "";
}

#endif
