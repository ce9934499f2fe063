/*
 * demo_world: what the generator draws from: agencies with their lifetimes,
 * procedures, the processes in force and their step allowances, each with a
 * weight so that commune civil-status work outnumbers a department's rare
 * licences, as it does at real one-stop counters.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "store.h"

static char *
dup_text(const char *s, struct err *e)
{
	char *d = strdup(s);
	if (!d)
		err_set(e, "out of memory");
	return d;
}

static day_t
day_or(const char *s, day_t none)
{
	day_t d;
	struct err e;
	return *s && clock_parse_date(s, &d, &e) == 0 ? d : none;
}

/* Run SQL and hand each row to FN; returns 0 or -1 with E set. */
static int
each_row(sqlite3 *db, const char *sql,
         int (*fn)(struct world *, sqlite3_stmt *, struct rng *, struct err *), struct world *w,
         struct rng *r, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	int rc, res = -1;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (fn(w, st, r, e) < 0)
			goto out;
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
		goto out;
	}
	res = 0;
out:
	sqlite3_finalize(st);
	return res;
}

/* Make room for element N of an array grown by doubling: its capacity is
 * the smallest power of two above N, so a realloc is due when N is 0 or a
 * power of two. */
static int
grow(void **p, int n, size_t size, struct err *e)
{
	void *q;

	if (n != 0 && (n & (n - 1)) != 0)
		return 0;
	q = realloc(*p, (size_t)(n ? 2 * n : 1) * size);
	if (!q)
		return err_set(e, "out of memory");
	*p = q;
	return 0;
}

static int
add_agency(struct world *w, sqlite3_stmt *st, struct rng *r, struct err *e)
{
	static const struct {
		const char *level;
		double weight;
	} lw[] = {
	    {"commune", 1.0}, {"district", 1.6}, {"department", 1.2},
	    {"branch", 0.4},  {"province", 0.3},
	};
	struct w_agency *a;
	double base = 0.5;

	if (grow((void **)&w->agencies, w->nagencies, sizeof *a, e) < 0)
		return -1;
	a = &w->agencies[w->nagencies];
	memset(a, 0, sizeof *a);
	snprintf(a->code, sizeof a->code, "%s", store_text(st, 0));
	if (!(a->name = dup_text(store_text(st, 1), e)))
		return -1;
	w->nagencies++;
	a->from = day_or(store_text(st, 2), DAY_NONE_BEFORE);
	a->to = day_or(store_text(st, 3), DAY_NONE_AFTER);
	a->new_province = a->from != DAY_NONE_BEFORE && a->from >= clock_day(2025, 7, 1);
	for (size_t i = 0; i < sizeof lw / sizeof lw[0]; i++)
		if (strcmp(store_text(st, 4), lw[i].level) == 0)
			base = lw[i].weight;
	a->weight = base * (0.5 + rng_unit(r));
	return 0;
}

static int
add_procedure(struct world *w, sqlite3_stmt *st, struct rng *r, struct err *e)
{
	/* What citizens come for most: civil status and certified copies. */
	static const struct {
		const char *word;
		double factor;
	} busy[] = {
	    {"chứng thực", 5}, {"khai sinh", 4},     {"kết hôn", 2},
	    {"khai tử", 1.5},  {"hộ kinh doanh", 2}, {"thường trú", 2},
	};
	struct w_procedure *p;
	double u = rng_unit(r);

	if (grow((void **)&w->procedures, w->nprocedures, sizeof *p, e) < 0)
		return -1;
	p = &w->procedures[w->nprocedures];
	memset(p, 0, sizeof *p);
	p->code = dup_text(store_text(st, 0), e);
	p->name = p->code ? dup_text(store_text(st, 1), e) : NULL;
	w->nprocedures++;
	if (!p->name)
		return -1;
	p->weight = 0.3 + 2.7 * u * u;
	for (size_t i = 0; i < sizeof busy / sizeof busy[0]; i++)
		if (strstr(p->name, busy[i].word))
			p->weight *= busy[i].factor;
	return 0;
}

static int
cmp_agency(const void *k, const void *a)
{
	return strcmp(k, ((const struct w_agency *)a)->code);
}

static int
cmp_procedure(const void *k, const void *p)
{
	return strcmp(k, ((const struct w_procedure *)p)->code);
}

static int
add_process(struct world *w, sqlite3_stmt *st, struct rng *r, struct err *e)
{
	struct w_agency *a =
	    bsearch(store_text(st, 1), w->agencies, (size_t)w->nagencies, sizeof *a, cmp_agency);
	struct w_procedure *pr = bsearch(store_text(st, 2), w->procedures, (size_t)w->nprocedures,
	                                 sizeof *pr, cmp_procedure);
	struct w_process *p;

	(void)r;
	if (!a || !pr)
		return err_set(e, "process %lld: unknown agency or procedure (run trackdb check)",
		               (long long)sqlite3_column_int64(st, 0));
	if (grow((void **)&w->processes, w->nprocesses, sizeof *p, e) < 0)
		return -1;
	p = &w->processes[w->nprocesses++];
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->agency = (int)(a - w->agencies);
	p->procedure = (int)(pr - w->procedures);
	p->from = day_or(store_text(st, 3), DAY_NONE_BEFORE);
	p->to = day_or(store_text(st, 4), DAY_NONE_AFTER);
	p->leader = -1;
	p->weight = a->weight * pr->weight;
	return 0;
}

static int
cmp_process(const void *k, const void *p)
{
	int64_t id = *(const int64_t *)k, pid = ((const struct w_process *)p)->id;
	return (id > pid) - (id < pid);
}

/* The leader's signature ("ký", "Lãnh đạo") is where late dossiers most
 * often wait; the longest later step stands for the specialist unit. */
static int
add_step(struct world *w, sqlite3_stmt *st, struct rng *r, struct err *e)
{
	int64_t id = sqlite3_column_int64(st, 0);
	struct w_process *p =
	    bsearch(&id, w->processes, (size_t)w->nprocesses, sizeof *p, cmp_process);
	const char *name = store_text(st, 2), *unit = store_text(st, 3);
	int k;

	(void)r;
	if (!p)
		return err_set(e, "steps of unknown process %lld", (long long)id);
	if (p->nsteps == TIMELINE_STEPS_MAX)
		return err_set(e, "process %lld has more than %d steps", (long long)id,
		               TIMELINE_STEPS_MAX);
	k = p->nsteps++;
	p->allow[k] = (int)lround(sqlite3_column_double(st, 4) * 60);
	p->total += p->allow[k];
	if (strstr(name, "ký") || strstr(name, "Ký") || strstr(unit, "Lãnh đạo") ||
	    strstr(unit, "lãnh đạo") || strstr(name, "Lãnh đạo") || strstr(name, "lãnh đạo"))
		p->leader = k;
	if (k > 0 && (p->specialist == 0 || p->allow[k] > p->allow[p->specialist]))
		p->specialist = k;
	return 0;
}

int
world_load(struct world *w, sqlite3 *db, struct rng *r, struct err *e)
{
	memset(w, 0, sizeof *w);
	if (each_row(db,
	             "SELECT code, name, valid_from, valid_to, level FROM agencies "
	             "ORDER BY code",
	             add_agency, w, r, e) < 0 ||
	    each_row(db, "SELECT code, name FROM procedures ORDER BY code", add_procedure, w, r,
	             e) < 0 ||
	    each_row(db,
	             "SELECT id, agency_code, procedure_code, effective_from, effective_to "
	             "FROM processes ORDER BY id",
	             add_process, w, r, e) < 0 ||
	    each_row(db,
	             "SELECT process_id, step_no, name, unit, allowance_hours FROM steps "
	             "ORDER BY process_id, step_no",
	             add_step, w, r, e) < 0)
		return -1;
	w->cal = store_load_calendar(db, e);
	return w->cal ? 0 : -1;
}

static int
in_force(const struct world *w, const struct w_process *p, day_t d)
{
	const struct w_agency *a = &w->agencies[p->agency];
	return p->nsteps > 0 && p->from <= d && d <= p->to && a->from <= d && d <= a->to;
}

static int
cmp_day(const void *a, const void *b)
{
	day_t x = *(const day_t *)a, y = *(const day_t *)b;
	return (x > y) - (x < y);
}

/* One span per run of days with the same processes in force. */
static int
add_span(struct world *w, day_t d, struct err *e)
{
	struct w_span *s;
	double sum = 0;

	if (grow((void **)&w->spans, w->nspans, sizeof *s, e) < 0)
		return -1;
	s = &w->spans[w->nspans++];
	s->from = d;
	s->n = 0;
	s->process = malloc((size_t)w->nprocesses * sizeof *s->process + 1);
	s->cum = malloc((size_t)w->nprocesses * sizeof *s->cum + 1);
	if (!s->process || !s->cum)
		return err_set(e, "out of memory");
	for (int i = 0; i < w->nprocesses; i++) {
		if (!in_force(w, &w->processes[i], d))
			continue;
		sum += w->processes[i].weight;
		s->process[s->n] = i;
		s->cum[s->n++] = sum;
	}
	return 0;
}

int
world_spans(struct world *w, day_t d0, day_t d1, struct err *e)
{
	/* Lifetimes start at FROM and end after TO: those are the only days
	 * on which the set in force can change. */
	size_t cap = 2 * (size_t)(w->nprocesses + w->nagencies) + 1, n = 0;
	day_t *b = malloc(cap * sizeof *b);
	day_t edge[2];
	int r = -1;

	if (!b)
		return err_set(e, "out of memory");
	b[n++] = d0;
	for (int i = 0; i < w->nprocesses + w->nagencies; i++) {
		if (i < w->nprocesses) {
			edge[0] = w->processes[i].from;
			edge[1] = w->processes[i].to;
		} else {
			edge[0] = w->agencies[i - w->nprocesses].from;
			edge[1] = w->agencies[i - w->nprocesses].to;
		}
		if (edge[0] > d0 && edge[0] <= d1)
			b[n++] = edge[0];
		if (edge[1] >= d0 && edge[1] < d1)
			b[n++] = edge[1] + 1;
	}
	qsort(b, n, sizeof *b, cmp_day);
	for (size_t i = 0; i < n; i++)
		if ((i == 0 || b[i] != b[i - 1]) && add_span(w, b[i], e) < 0)
			goto out;
	r = 0;
out:
	free(b);
	return r;
}

static const struct w_span *
span_of(const struct world *w, day_t d)
{
	const struct w_span *s = NULL;

	for (int i = 0; i < w->nspans && w->spans[i].from <= d; i++)
		s = &w->spans[i];
	return s;
}

int
world_count(const struct world *w, day_t d)
{
	const struct w_span *s = span_of(w, d);
	return s ? s->n : 0;
}

int
world_pick(const struct world *w, day_t d, struct rng *r)
{
	const struct w_span *s = span_of(w, d);
	int lo = 0, hi;
	double x;

	if (!s || s->n == 0)
		return -1;
	x = rng_unit(r) * s->cum[s->n - 1];
	hi = s->n - 1;
	while (lo < hi) { /* first cumulative weight above x */
		int mid = (lo + hi) / 2;
		if (s->cum[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return s->process[lo];
}

void
world_free(struct world *w)
{
	for (int i = 0; i < w->nagencies; i++)
		free(w->agencies[i].name);
	for (int i = 0; i < w->nprocedures; i++) {
		free(w->procedures[i].code);
		free(w->procedures[i].name);
	}
	for (int i = 0; i < w->nspans; i++) {
		free(w->spans[i].process);
		free(w->spans[i].cum);
	}
	free(w->agencies);
	free(w->procedures);
	free(w->processes);
	free(w->spans);
	clock_cal_free(w->cal);
	memset(w, 0, sizeof *w);
}
