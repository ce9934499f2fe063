/*
 * refs: the reference tables in memory (refs.h).  Each table is one
 * ordered query appended to a growing array; the strings go into an arena
 * of large blocks, so that a model of thousands of rows is a few dozen
 * allocations and one walk to free.
 */
#include "refs.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

/* A block of the arena; blocks are chained newest first. */
struct refs_arena {
	struct refs_arena *next;
	size_t used, cap;
	char data[];
};

#define ARENA_BLOCK 65536

/* A copy of S (N bytes and a NUL) in R's arena; NULL when out of memory. */
static char *
arena_put(struct refs *r, const char *s, size_t n)
{
	struct refs_arena *b = r->arena;
	char *p;

	if (!b || b->cap - b->used < n + 1) {
		size_t cap = n + 1 > ARENA_BLOCK ? n + 1 : ARENA_BLOCK;
		if (!(b = malloc(sizeof *b + cap)))
			return NULL;
		b->next = r->arena;
		b->used = 0;
		b->cap = cap;
		r->arena = b;
	}
	p = b->data + b->used;
	memcpy(p, s, n);
	p[n] = '\0';
	b->used += n + 1;
	return p;
}

/* Column I of ST in R's arena: NULL for SQL NULL, unless KEY (then "").
 * Sets *OOM when out of memory. */
static char *
col(struct refs *r, sqlite3_stmt *st, int i, int key, int *oom)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	char *p;

	if (!t && !key)
		return NULL;
	p = arena_put(r, t ? (const char *)t : "", t ? (size_t)sqlite3_column_bytes(st, i) : 0);
	if (!p)
		*oom = 1;
	return p;
}

/* Make room for one more element (size SZ) in *ARR of *N, capacity *CAP. */
static int
grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 64;
	if (!(p = realloc(*arr, nc * sz)))
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

/* One table: SQL's rows handed to ADD one by one.  ADD returns 0, -1
 * when out of memory, -2 with E set for a bad row. */
static int
load_table(struct refs *r, sqlite3 *db, const char *table, const char *sql,
           int (*add)(struct refs *, sqlite3_stmt *, size_t *, struct err *), struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	size_t cap = 0;
	int rc, a = 0;

	if (!st)
		return err_prefix(e, "%s", table);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((a = add(r, st, &cap, e)) < 0)
			break;
	if (a == -1)
		err_set(e, "%s: out of memory", table);
	else if (a == -2)
		err_prefix(e, "%s", table);
	else if (a == 0 && rc != SQLITE_DONE)
		err_set(e, "%s: %s", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return a < 0 || rc != SQLITE_DONE ? -1 : 0;
}

static int
add_field(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	struct refs_field *f;
	int oom = 0;

	(void)e;
	if (grow((void **)&r->fi, cap, r->nfi, sizeof *f) < 0)
		return -1;
	f = &r->fi[r->nfi++];
	f->code = col(r, st, 0, 1, &oom);
	f->name = col(r, st, 1, 0, &oom);
	f->name_en = col(r, st, 2, 0, &oom);
	return oom ? -1 : 0;
}

static int
add_agency(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	struct refs_agency *a;
	int oom = 0;

	(void)e;
	if (grow((void **)&r->ag, cap, r->nag, sizeof *a) < 0)
		return -1;
	a = &r->ag[r->nag++];
	char **c[] = {&a->code,          &a->name,        &a->name_en,   &a->level,
	              &a->parent_code,   &a->valid_from,  &a->valid_to,  &a->successor_code,
	              &a->iso_standard,  &a->iso_mode,    &a->iso_plan,  &a->iso_target,
	              &a->iso_announced, &a->eiso_target, &a->eiso_date, &a->last_audit,
	              &a->last_review,   &a->phone,       &a->address,   &a->hours};
	for (int i = 0; i < (int)(sizeof c / sizeof c[0]); i++)
		*c[i] = col(r, st, i, i == 0, &oom);
	a->successor = -1;
	return oom ? -1 : 0;
}

static int
add_procedure(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	struct refs_procedure *p;
	int oom = 0;

	(void)e;
	if (grow((void **)&r->pr, cap, r->npr, sizeof *p) < 0)
		return -1;
	p = memset(&r->pr[r->npr++], 0, sizeof *p);
	p->code = col(r, st, 0, 1, &oom);
	p->name = col(r, st, 1, 0, &oom);
	p->name_en = col(r, st, 2, 0, &oom);
	p->field_code = col(r, st, 3, 1, &oom);
	p->level = col(r, st, 4, 0, &oom);
	p->fee_note = col(r, st, 5, 0, &oom);
	p->legal_changed = col(r, st, 6, 0, &oom);
	p->limit_days = sqlite3_column_double(st, 7);
	p->fee_vnd = sqlite3_column_type(st, 8) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 8);
	p->field = oom ? -1 : refs_field_index(r, p->field_code);
	return oom ? -1 : 0;
}

/* Documents come ordered by procedure: consecutive rows of one procedure
 * grow its array (CAP is the current procedure's capacity). */
static int
add_doc(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	int pi = refs_procedure_index(r, (const char *)sqlite3_column_text(st, 0));
	struct refs_procedure *p;
	struct refs_doc *d;
	int oom = 0;

	(void)e;
	if (pi < 0)
		return 0;
	p = &r->pr[pi];
	if (p->ndocs == 0)
		*cap = 0;
	if (grow((void **)&p->docs, cap, p->ndocs, sizeof *d) < 0)
		return -1;
	d = &p->docs[p->ndocs++];
	d->name = col(r, st, 1, 0, &oom);
	d->name_en = col(r, st, 2, 0, &oom);
	d->note = col(r, st, 3, 0, &oom);
	d->note_en = col(r, st, 4, 0, &oom);
	d->originals = sqlite3_column_int(st, 5);
	d->copies = sqlite3_column_int(st, 6);
	return oom ? -1 : 0;
}

static int
add_process(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	struct refs_process *p;
	int oom = 0;

	(void)e;
	if (grow((void **)&r->ps, cap, r->nps, sizeof *p) < 0)
		return -1;
	p = &r->ps[r->nps++];
	p->id = sqlite3_column_int64(st, 0);
	p->doc_code = col(r, st, 1, 0, &oom);
	p->version = sqlite3_column_int(st, 2);
	p->agency_code = col(r, st, 3, 1, &oom);
	p->procedure_code = col(r, st, 4, 1, &oom);
	p->effective_from = col(r, st, 5, 0, &oom);
	p->effective_to = col(r, st, 6, 0, &oom);
	p->nsteps = 0;
	p->agency = oom ? -1 : refs_agency_index(r, p->agency_code);
	p->procedure = oom ? -1 : refs_procedure_index(r, p->procedure_code);
	return oom ? -1 : 0;
}

/* Steps come ordered by process and number: each must be the next one. */
static int
add_step(struct refs *r, sqlite3_stmt *st, size_t *cap, struct err *e)
{
	int pi = refs_process_index(r, sqlite3_column_int64(st, 0));
	int no = sqlite3_column_int(st, 1), oom = 0;
	struct refs_process *p;
	struct refs_step *s;

	(void)cap;
	if (pi < 0)
		return 0; /* a step of no process: nothing refers to it */
	p = &r->ps[pi];
	if (no != p->nsteps + 1 || no > TIMELINE_STEPS_MAX) {
		err_set(e, "process %lld: step %d out of order", p->id, no);
		return -2;
	}
	s = &p->steps[p->nsteps++];
	s->name = col(r, st, 2, 0, &oom);
	s->name_en = col(r, st, 3, 0, &oom);
	s->unit = col(r, st, 4, 0, &oom);
	/* Allowances are multiples of a minute (schema); round, do not truncate. */
	s->allowance_min = (int)llround(sqlite3_column_double(st, 5) * 60.0);
	return oom ? -1 : 0;
}

struct refs *
refs_load(sqlite3 *db, struct err *e)
{
	struct refs *r = calloc(1, sizeof *r);

	if (!r) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load_table(r, db, "fields", "SELECT code, name, name_en FROM fields ORDER BY code",
	               add_field, e) < 0 ||
	    load_table(r, db, "agencies",
	               "SELECT code, name, name_en, level, parent_code, valid_from, valid_to, "
	               "successor_code, iso_standard, iso_mode, iso_plan, iso_target, "
	               "iso_announced, eiso_target, eiso_date, last_audit, last_review, phone, "
	               "address, hours FROM agencies ORDER BY code",
	               add_agency, e) < 0 ||
	    load_table(r, db, "procedures",
	               "SELECT code, name, name_en, field_code, level, fee_note, legal_changed, "
	               "limit_days, fee_vnd FROM procedures ORDER BY code",
	               add_procedure, e) < 0 ||
	    load_table(r, db, "procedure documents",
	               "SELECT procedure_code, name, name_en, note, note_en, originals, copies "
	               "FROM procedure_documents ORDER BY procedure_code, seq",
	               add_doc, e) < 0 ||
	    load_table(r, db, "processes",
	               "SELECT id, doc_code, version, agency_code, procedure_code, "
	               "effective_from, effective_to FROM processes ORDER BY id",
	               add_process, e) < 0 ||
	    load_table(r, db, "steps",
	               "SELECT process_id, step_no, name, name_en, unit, allowance_hours "
	               "FROM steps ORDER BY process_id, step_no",
	               add_step, e) < 0) {
		refs_free(r);
		return NULL;
	}
	for (size_t i = 0; i < r->nag; i++) {
		struct refs_agency *a = &r->ag[i];
		int k = a->successor_code && *a->successor_code
		            ? refs_agency_index(r, a->successor_code)
		            : -1;
		a->successor = k == (int)i ? -1 : k;
	}
	return r;
}

void
refs_free(struct refs *r)
{
	struct refs_arena *b, *next;

	if (!r)
		return;
	for (b = r->arena; b; b = next) {
		next = b->next;
		free(b);
	}
	for (size_t i = 0; i < r->npr; i++)
		free(r->pr[i].docs);
	free(r->fi);
	free(r->ag);
	free(r->pr);
	free(r->ps);
	free(r);
}

static int
cmp_field(const void *k, const void *el)
{
	return strcmp(k, ((const struct refs_field *)el)->code);
}

static int
cmp_agency(const void *k, const void *el)
{
	return strcmp(k, ((const struct refs_agency *)el)->code);
}

static int
cmp_procedure(const void *k, const void *el)
{
	return strcmp(k, ((const struct refs_procedure *)el)->code);
}

static int
cmp_process(const void *k, const void *el)
{
	long long a = *(const long long *)k, b = ((const struct refs_process *)el)->id;

	return (a > b) - (a < b);
}

/* The index of KEY in the sorted array BASE of N, or -1; bsearch wants a
 * non-NULL base, which an empty table does not have. */
static int
find(const void *key, const void *base, size_t n, size_t sz, int (*cmp)(const void *, const void *))
{
	const char *p;

	if (!key || !n)
		return -1;
	p = bsearch(key, base, n, sz, cmp);
	return p ? (int)((size_t)(p - (const char *)base) / sz) : -1;
}

int
refs_agency_index(const struct refs *r, const char *code)
{
	return find(code, r->ag, r->nag, sizeof *r->ag, cmp_agency);
}

int
refs_procedure_index(const struct refs *r, const char *code)
{
	return find(code, r->pr, r->npr, sizeof *r->pr, cmp_procedure);
}

int
refs_field_index(const struct refs *r, const char *code)
{
	return find(code, r->fi, r->nfi, sizeof *r->fi, cmp_field);
}

int
refs_process_index(const struct refs *r, long long id)
{
	return find(&id, r->ps, r->nps, sizeof *r->ps, cmp_process);
}

const struct refs_agency *
refs_agency(const struct refs *r, const char *code)
{
	int i = refs_agency_index(r, code);

	return i < 0 ? NULL : &r->ag[i];
}

const struct refs_procedure *
refs_procedure(const struct refs *r, const char *code)
{
	int i = refs_procedure_index(r, code);

	return i < 0 ? NULL : &r->pr[i];
}

const struct refs_process *
refs_process(const struct refs *r, long long id)
{
	int i = refs_process_index(r, id);

	return i < 0 ? NULL : &r->ps[i];
}
