/*
 * The officials' output: one pass over the snapshot's dossiers in agency
 * and code order.  Each pending dossier is judged (warning.h) and, when it
 * warns, put on its agency's list; every dossier's control sheet is
 * rendered and written when it differs, or kept without rendering when
 * the dossier state says its page (which shows the same timeline) is
 * still right and the sheet is on disk.  Then each agency's pages, the
 * index and the day's digests.
 */
#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "officials.h"
#include "out.h"
#include "store.h"

#define SQL_D "SELECT " VIEW_ROW_COLUMNS " FROM dossiers ORDER BY agency_code, code"
#define SQL_E                                                                                      \
	"SELECT at, kind, step_no, new_due_at FROM events WHERE dossier_code = ?1 "                \
	"ORDER BY seq"

/* Dossier codes name files here: letters, digits, '.', '-', '_' only. */
static int
file_safe(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

static void
agency_free(struct oagency *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].code), free(a->v[i].proc), free(a->v[i].step_name), free(a->v[i].unit);
	free(a->v), free(a->u), free(a->code), free(a->name);
}

static void
oset_free(struct oset *s)
{
	for (size_t i = 0; i < s->n; i++)
		agency_free(&s->a[i]);
	free(s->a);
}

/* The agency of CODE: the last one when the same, else a new one (rows
 * come in agency order).  NULL on out of memory. */
static struct oagency *
agency_of(struct oset *s, const struct refs *ref, const char *code)
{
	const struct refs_agency *ra;
	struct oagency *a;

	if (s->n && strcmp(s->a[s->n - 1].code, code) == 0)
		return &s->a[s->n - 1];
	if (s->n == s->cap) {
		struct oagency *v = realloc(s->a, (s->cap = s->cap ? s->cap * 2 : 16) * sizeof *v);
		if (!v)
			return NULL;
		s->a = v;
	}
	a = memset(&s->a[s->n], 0, sizeof *a);
	ra = refs_agency(ref, code);
	a->name = strdup(ra ? refs_s(ra->name) : code);
	if (!(a->code = strdup(code)) || !a->name) {
		free(a->code), free(a->name);
		return NULL;
	}
	s->n++;
	return a;
}

static char *
dup0(const char *s)
{
	return strdup(s ? s : "");
}

/* Put D (judged W, newest change LAST) on A's list. */
static int
add_warning(struct oagency *a, const struct view_dossier *d, const struct warning *w, tmin_t last)
{
	struct owarn *o;
	const struct view_step *st =
	    w->step > 0 && w->step <= d->nsteps ? &d->steps[w->step - 1] : NULL;

	if (a->n == a->cap) {
		struct owarn *v = realloc(a->v, (a->cap = a->cap ? a->cap * 2 : 64) * sizeof *v);
		if (!v)
			return -1;
		a->v = v;
	}
	o = &a->v[a->n];
	o->w = *w;
	o->last = last;
	o->new_due = d->tl.new_due;
	o->code = dup0(d->code);
	o->proc = dup0(d->procedure_name);
	o->step_name = dup0(st ? st->name : NULL);
	o->unit = dup0(st ? st->unit : NULL);
	if (!o->code || !o->proc || !o->step_name || !o->unit) {
		free(o->code), free(o->proc), free(o->step_name), free(o->unit);
		return -1;
	}
	a->n++;
	warning_tally_add(&a->t, w);
	return 0;
}

/* Newest change first; then by code, so that equal instants keep one order. */
static int
cmp_newest(const void *x, const void *y)
{
	const struct owarn *a = x, *b = y;

	if (a->last != b->last)
		return a->last > b->last ? -1 : 1;
	return strcmp(a->code, b->code);
}

static int
cmp_unit(const void *x, const void *y)
{
	return strcmp(((const struct ounit *)x)->name, ((const struct ounit *)y)->name);
}

/* Sort A's list and count its units; the top unit has the most overdue
 * (the first by name among equals). */
static int
agency_finish(struct oagency *a)
{
	if (!a->n) /* nothing warns: no units, and no qsort of a NULL list */
		return 0;
	qsort(a->v, a->n, sizeof *a->v, cmp_newest);
	if (!(a->u = calloc(a->n, sizeof *a->u)))
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		size_t k = 0;
		assert(a->v[i].unit);
		/* Few units an agency: a linear search is enough. */
		while (k < a->nu && !(a->u[k].name && strcmp(a->u[k].name, a->v[i].unit) == 0))
			k++;
		if (k == a->nu)
			a->u[a->nu++].name = a->v[i].unit;
		warning_tally_add(&a->u[k].t, &a->v[i].w);
	}
	qsort(a->u, a->nu, sizeof *a->u, cmp_unit);
	for (size_t k = 0; k < a->nu; k++)
		if (a->u[k].t.overdue && (!a->top || a->u[k].t.overdue > a->top->t.overdue))
			a->top = &a->u[k];
	return 0;
}

struct run {
	struct pub *p;
	struct oset *s;
	const struct refs *ref;
	sqlite3 *snap;
	sqlite3_stmt *d, *ev;
	struct ev *evs;
	size_t nev, cap;
};

static int
gather(struct run *r, const char *code, struct err *e)
{
	int rc, x = 0;

	r->nev = 0;
	sqlite3_bind_text(r->ev, 1, code, -1, SQLITE_STATIC);
	while (x == 0 && (rc = sqlite3_step(r->ev)) == SQLITE_ROW) {
		if (r->nev == r->cap) {
			struct ev *v =
			    realloc(r->evs, (r->cap = r->cap ? r->cap * 2 : 32) * sizeof *v);
			if (!v) {
				sqlite3_reset(r->ev);
				return err_set(e, "out of memory");
			}
			r->evs = v;
		}
		x = view_ev_parse(store_text(r->ev, 0), store_text(r->ev, 1),
		                  sqlite3_column_int(r->ev, 2), store_text(r->ev, 3),
		                  &r->evs[r->nev], e);
		r->nev += x == 0;
	}
	if (x == 0 && rc != SQLITE_DONE)
		x = err_set(e, "events: %s", sqlite3_errmsg(r->snap));
	sqlite3_reset(r->ev);
	return x;
}

/* Whether the sheet of ROW may stay as it is: the dossier state says its
 * page is right without rendering (same data, same build, its expiry not
 * come), and the sheet was written. */
static int
sheet_fresh(const struct pub *p, const struct view_row *row, const char *path)
{
	uint64_t ch = pub_hash_str(row->code);
	const struct drec *cur = drec_find(&p->new_d, ch);

	return cur && dstate_page_fresh(p, drec_find(&p->old_d, ch), cur->src) &&
	       access(path, F_OK) == 0;
}

static int
write_sheet(struct run *r, const struct view_dossier *d, const char *rel, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int bad = !f || officials_sheet(f, d) < 0, w;

	if (f && fclose(f) == EOF)
		bad = 1;
	if (bad) {
		free(buf);
		return err_set(e, "%s: cannot render the control sheet (out of memory)", d->code);
	}
	w = ow_put(r->p->offi, rel, buf, len, e);
	free(buf);
	if (w < 0)
		return -1;
	if (w)
		r->s->sheets++;
	else
		r->s->sheets_same++;
	return 0;
}

/* One dossier row: judge it, and write its control sheet. */
static int
one(struct run *r, const struct view_row *row, struct err *e)
{
	struct pub *p = r->p;
	struct oagency *a = agency_of(r->s, r->ref, row->agency_code);
	struct view_dossier *d = NULL;
	struct warning w;
	struct err why = {""};
	char rel[512];
	int finished = (row->resolved_at && *row->resolved_at) ||
	               !strcmp(row->status, "withdrawn") || !strcmp(row->status, "rejected");
	tmin_t last;
	int x = 0;

	if (!a)
		return err_set(e, "out of memory");
	if (!file_safe(row->code) || !file_safe(row->agency_code)) {
		p->report(p, row->code, "control sheet: dossier code not usable as a file name");
		return 0;
	}
	snprintf(rel, sizeof rel, "%s/phieu/%s.html", row->agency_code, row->code);
	{
		char path[PATH_MAX];
		snprintf(path, sizeof path, "%s/%s", p->offi, rel);
		if (finished && sheet_fresh(p, row, path)) {
			r->s->sheets_kept++;
			return 0;
		}
	}
	if (gather(r, row->code, &why) < 0 ||
	    view_dossier_make(r->ref, p->cal, row, r->evs, (int)r->nev, p->o.now, &d, &why) < 0) {
		p->report(p, row->code, why.msg); /* the dossier pages report it too */
		return 0;
	}
	last = r->nev ? r->evs[r->nev - 1].at : d->received;
	if (warning_judge(p->cal, &d->tl, p->o.now, &(struct warning_rules){r->s->wait_days}, &w) &&
	    add_warning(a, d, &w, last) < 0)
		x = err_set(e, "out of memory");
	if (x == 0)
		x = write_sheet(r, d, rel, e);
	view_dossier_free(d);
	return x;
}

static int
scan(struct run *r, struct err *e)
{
	struct view_row row;
	int rc;

	while ((rc = sqlite3_step(r->d)) == SQLITE_ROW) {
		view_row_from_stmt(r->d, &row);
		if (pub_is_bad(r->p, row.code))
			continue;
		if (one(r, &row, e) < 0)
			return -1;
	}
	return rc == SQLITE_DONE ? 0 : err_set(e, "officials: %s", sqlite3_errmsg(r->snap));
}

int
officials_write(struct pub *p, sqlite3 *snap, const struct refs *ref, struct err *e)
{
	struct oset s = {.now = p->o.now, .cal = p->cal, .wait_days = p->o.wait_days};
	struct run r = {p, &s, ref, snap, NULL, NULL, NULL, 0, 0};
	int ret = -1;

	if (!(r.d = store_prepare(snap, SQL_D, e)) || !(r.ev = store_prepare(snap, SQL_E, e)))
		goto out;
	if (scan(&r, e) < 0)
		goto out;
	for (size_t i = 0; i < s.n; i++) {
		if (agency_finish(&s.a[i]) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
		if (officials_agency(p, &s, &s.a[i], e) < 0 ||
		    officials_digest(p, &s, &s.a[i], e) < 0)
			goto out;
	}
	if (officials_index(p, &s, e) < 0)
		goto out;
	p->c.sheets = s.sheets, p->c.sheets_same = s.sheets_same + s.sheets_kept;
	ret = 0;
out:
	if (ret < 0)
		err_prefix(e, "officials");
	sqlite3_finalize(r.d), sqlite3_finalize(r.ev);
	free(r.evs);
	oset_free(&s);
	return ret;
}
