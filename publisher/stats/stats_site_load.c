/*
 * stats_site_load: read the snapshot's reference tables into arrays, then
 * stream every dossier with its events (both ordered by dossier code, so
 * one merge pass and no per-dossier query) through timeline_compute into
 * core/stats.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats_site.h"
#include "store.h"

static char *
dup_col(sqlite3_stmt *st, int i)
{
	return strdup(store_text(st, i));
}

static int
cmp_agency(const void *key, const void *el)
{
	return strcmp(key, ((const struct ss_agency *)el)->code);
}

static int
cmp_procedure(const void *key, const void *el)
{
	return strcmp(key, ((const struct ss_procedure *)el)->code);
}

int
ss_agency_index(const struct ss *s, const char *code)
{
	const struct ss_agency *a = bsearch(code, s->ag, (size_t)s->nag, sizeof *s->ag, cmp_agency);

	return a ? (int)(a - s->ag) : -1;
}

int
ss_procedure_index(const struct ss *s, const char *code)
{
	const struct ss_procedure *p =
	    bsearch(code, s->pr, (size_t)s->npr, sizeof *s->pr, cmp_procedure);

	return p ? (int)(p - s->pr) : -1;
}

static int
field_index(const struct ss *s, const char *code)
{
	for (int i = 0; i < s->nfi; i++)
		if (strcmp(s->fi[i].code, code) == 0)
			return i;
	return -1;
}

/* Count rows of a table (for the arrays' sizes). */
static int
count_rows(sqlite3 *db, const char *sql, int *n, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);

	if (!st)
		return -1;
	*n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

/* A date column as a day, ROADMAP_NO_DATE when empty. */
static int
day_col(const char *text, day_t *out, struct err *e)
{
	*out = ROADMAP_NO_DATE;
	if (!*text)
		return 0;
	return clock_parse_date(text, out, e);
}

static int
agency_dates(struct ss_agency *a, struct err *e)
{
	struct roadmap_agency *r = &a->rm;

	memset(r, 0, sizeof *r);
	r->level = a->level;
	/* No quality system and no plan target: outside the ISO scope. */
	r->out_of_scope = !*a->iso_standard && !*a->iso_target;
	if (day_col(a->valid_from, &r->valid_from, e) < 0 ||
	    day_col(a->valid_to, &r->valid_to, e) < 0 ||
	    day_col(a->iso_target, &r->iso_target, e) < 0 ||
	    day_col(a->iso_announced, &r->iso_announced, e) < 0 ||
	    day_col(a->eiso_target, &r->eiso_target, e) < 0 ||
	    day_col(a->eiso_date, &r->eiso_date, e) < 0 ||
	    day_col(a->last_audit, &r->last_audit, e) < 0 ||
	    day_col(a->last_review, &r->last_review, e) < 0)
		return err_prefix(e, "agency %s", a->code);
	return 0;
}

static int
load_agencies(struct ss *s, struct err *e)
{
	sqlite3_stmt *st;
	int n = 0, r = -1;

	assert(!s->ag && s->nag == 0); /* loaded once, into an empty struct */
	if (count_rows(s->db, "SELECT count(*) FROM agencies", &n, e) < 0)
		return -1;
	s->ag = calloc((size_t)n + 1, sizeof *s->ag);
	st = store_prepare(
	    s->db,
	    "SELECT code, name, level, parent_code, valid_to, successor_code, iso_standard,"
	    " iso_mode, iso_plan, iso_target, iso_announced, eiso_target, eiso_date,"
	    " last_audit, last_review, valid_from FROM agencies ORDER BY code",
	    e);
	if (!s->ag || !st)
		goto out;
	while (s->nag < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ss_agency *a = &s->ag[s->nag++];
		char **col[] = {
		    &a->code,      &a->name,           &a->level_text,    &a->parent,
		    &a->valid_to,  &a->successor_code, &a->iso_standard,  &a->iso_mode,
		    &a->iso_plan,  &a->iso_target,     &a->iso_announced, &a->eiso_target,
		    &a->eiso_date, &a->last_audit,     &a->last_review,   &a->valid_from};
		for (int i = 0; i < (int)(sizeof col / sizeof col[0]); i++)
			if (!(*col[i] = dup_col(st, i))) {
				err_set(e, "out of memory");
				goto out;
			}
		a->level = stats_level_parse(a->level_text);
		if (a->level < 0) {
			err_set(e, "agency %s: unknown level '%s'", a->code, a->level_text);
			goto out;
		}
		if (agency_dates(a, e) < 0)
			goto out;
	}
	for (int i = 0; i < s->nag; i++) {
		struct ss_agency *a = &s->ag[i];
		a->successor = *a->successor_code ? ss_agency_index(s, a->successor_code) : -1;
		/* Only a real, different agency is a successor. */
		if (a->successor == i)
			a->successor = -1;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	if (r < 0 && !s->ag)
		err_set(e, "out of memory");
	return r;
}

static int
load_fields_procedures(struct ss *s, struct err *e)
{
	sqlite3_stmt *st = NULL;
	int n = 0, r = -1;

	assert(!s->fi && s->nfi == 0 && !s->pr && s->npr == 0); /* loaded once */
	if (count_rows(s->db, "SELECT count(*) FROM fields", &n, e) < 0)
		return -1;
	s->fi = calloc((size_t)n + 1, sizeof *s->fi);
	st = store_prepare(s->db, "SELECT code, name FROM fields ORDER BY code", e);
	if (!s->fi || !st)
		goto out;
	while (s->nfi < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ss_field *f = &s->fi[s->nfi++];
		if (!(f->code = dup_col(st, 0)) || !(f->name = dup_col(st, 1)))
			goto oom;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (count_rows(s->db, "SELECT count(*) FROM procedures", &n, e) < 0)
		goto out;
	s->pr = calloc((size_t)n + 1, sizeof *s->pr);
	st = store_prepare(s->db,
	                   "SELECT code, name, field_code, limit_days, legal_changed"
	                   " FROM procedures ORDER BY code",
	                   e);
	if (!s->pr || !st)
		goto out;
	while (s->npr < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ss_procedure *p = &s->pr[s->npr++];
		if (!(p->code = dup_col(st, 0)) || !(p->name = dup_col(st, 1)) ||
		    !(p->field_code = dup_col(st, 2)) || !(p->legal_changed = dup_col(st, 4)))
			goto oom;
		p->limit_days = sqlite3_column_double(st, 3);
		p->field = field_index(s, p->field_code);
		if (p->field < 0) {
			err_set(e, "procedure %s: unknown field '%s'", p->code, p->field_code);
			goto out;
		}
	}
	r = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	sqlite3_finalize(st);
	if (r < 0 && (!s->fi || (n && !s->pr)) && !*e->msg)
		err_set(e, "out of memory");
	return r;
}

static int
cmp_process_id(const void *key, const void *el)
{
	int64_t k = *(const int64_t *)key, id = ((const struct ss_process *)el)->id;

	return (k > id) - (k < id);
}

static int
process_index(const struct ss *s, int64_t id)
{
	const struct ss_process *p =
	    bsearch(&id, s->ps, (size_t)s->nps, sizeof *s->ps, cmp_process_id);

	return p ? (int)(p - s->ps) : -1;
}

static int
load_steps(struct ss *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s->db,
	                                 "SELECT process_id, step_no, name, unit,"
	                                 " allowance_hours FROM steps"
	                                 " ORDER BY process_id, step_no",
	                                 e);
	int r = -1;

	if (!st)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int pi = process_index(s, sqlite3_column_int64(st, 0));
		int no = sqlite3_column_int(st, 1);
		struct ss_process *p;
		if (pi < 0)
			continue; /* a step of no process: nothing refers to it */
		p = &s->ps[pi];
		if (no != p->nsteps + 1 || no > TIMELINE_STEPS_MAX) {
			err_set(e, "process %lld: step %d out of order", (long long)p->id, no);
			goto out;
		}
		p->steps[p->nsteps].allowance_min = (int)llround(sqlite3_column_double(st, 4) * 60);
		if (!(p->steps[p->nsteps].name = dup_col(st, 2)) ||
		    !(p->steps[p->nsteps].unit = dup_col(st, 3))) {
			err_set(e, "out of memory");
			goto out;
		}
		p->total_min += p->steps[p->nsteps].allowance_min;
		p->nsteps++;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int
load_processes(struct ss *s, struct err *e)
{
	sqlite3_stmt *st;
	int n = 0, r = -1;

	if (count_rows(s->db, "SELECT count(*) FROM processes", &n, e) < 0)
		return -1;
	s->ps = calloc((size_t)n + 1, sizeof *s->ps);
	st = store_prepare(s->db,
	                   "SELECT id, doc_code, version, agency_code, procedure_code,"
	                   " effective_from, effective_to FROM processes ORDER BY id",
	                   e);
	if (!s->ps || !st)
		goto out;
	while (s->nps < n && sqlite3_step(st) == SQLITE_ROW) {
		struct ss_process *p = &s->ps[s->nps];
		p->id = sqlite3_column_int64(st, 0);
		p->version = sqlite3_column_int(st, 2);
		p->agency = ss_agency_index(s, store_text(st, 3));
		p->procedure = ss_procedure_index(s, store_text(st, 4));
		if (p->agency < 0 || p->procedure < 0) {
			err_set(e, "process %lld: unknown agency or procedure", (long long)p->id);
			goto out;
		}
		if (!(p->doc_code = dup_col(st, 1)) || !(p->effective_from = dup_col(st, 5)) ||
		    !(p->effective_to = dup_col(st, 6))) {
			err_set(e, "out of memory");
			goto out;
		}
		s->nps++;
	}
	r = load_steps(s, e);
out:
	sqlite3_finalize(st);
	if (!s->ps)
		err_set(e, "out of memory");
	return r;
}

/* Flag agencies whose name another agency also bears (the seed's "UBND Xã
 * Diên Bình" twice): shown on the roadmap, never merged or hidden. */
static void
mark_duplicates(struct ss *s)
{
	for (int i = 0; i < s->nag; i++) {
		s->ag[i].dup_of = -1;
		for (int j = 0; j < s->nag; j++)
			if (j != i && strcmp(s->ag[i].name, s->ag[j].name) == 0) {
				s->ag[i].dup_of = j;
				break;
			}
	}
}

int
ss_load(struct ss *s, struct err *e)
{
	if (load_agencies(s, e) < 0 || load_fields_procedures(s, e) < 0 || load_processes(s, e) < 0)
		return err_prefix(e, "statistics: snapshot");
	mark_duplicates(s);
	return 0;
}

void
ss_free(struct ss *s)
{
	ss_xlsx_free(s);
	for (int i = 0; i < s->nag; i++) {
		struct ss_agency *a = &s->ag[i];
		char *col[] = {a->code,      a->name,           a->level_text,    a->parent,
		               a->valid_to,  a->successor_code, a->iso_standard,  a->iso_mode,
		               a->iso_plan,  a->iso_target,     a->iso_announced, a->eiso_target,
		               a->eiso_date, a->last_audit,     a->last_review,   a->valid_from};
		for (int k = 0; k < (int)(sizeof col / sizeof col[0]); k++)
			free(col[k]);
	}
	for (int i = 0; i < s->npr; i++) {
		free(s->pr[i].code);
		free(s->pr[i].name);
		free(s->pr[i].field_code);
		free(s->pr[i].legal_changed);
	}
	for (int i = 0; i < s->nfi; i++) {
		free(s->fi[i].code);
		free(s->fi[i].name);
	}
	for (int i = 0; i < s->nps; i++) {
		free(s->ps[i].doc_code);
		free(s->ps[i].effective_from);
		free(s->ps[i].effective_to);
		for (int k = 0; k < s->ps[i].nsteps; k++) {
			free(s->ps[i].steps[k].name);
			free(s->ps[i].steps[k].unit);
		}
	}
	free(s->ag);
	free(s->pr);
	free(s->fi);
	free(s->ps);
	stats_free(s->st);
	memset(s, 0, sizeof *s);
}
