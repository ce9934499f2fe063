/*
 * view: a dossier's public view, built from the kiosk snapshot only.
 * Rendering (HTML, JSON) is in render_dossier.c.
 */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "store.h"

struct ref_proc {
	char *code, *name, *name_en, *field_code;
	double limit_days;
};

struct ref_agency {
	char *code, *name, *name_en;
};

struct view_ref {
	struct ref_proc *procs;
	size_t nprocs, capprocs;
	struct ref_agency *agencies;
	size_t nagencies, capagencies;
	struct view_process *processes;
	size_t nprocesses, capprocesses;
};

/* The same column lists serve the bulk loader (no WHERE, ordered by key so
 * lookups can bisect) and the single-dossier loader (WHERE key = ?). */
#define SQL_PROCS "SELECT code, name, name_en, field_code, limit_days FROM procedures"
#define SQL_AGENCIES "SELECT code, name, name_en FROM agencies"
#define SQL_PROCESSES "SELECT id, doc_code, version, procedure_code, agency_code, " \
	"effective_from, effective_to FROM processes"
#define SQL_STEPS "SELECT process_id, step_no, name, name_en, unit, allowance_hours FROM steps"

static char *
dup_col(sqlite3_stmt *st, int i, int *oom)
{
	char *s = strdup(store_text(st, i));
	if (!s)
		*oom = 1;
	return s;
}

/* Grow *ARR (element size SZ) so that one more fits. */
static int
grow(void **arr, size_t *cap, size_t n, size_t sz)
{
	void *p;
	size_t nc;

	if (n < *cap)
		return 0;
	nc = *cap ? *cap * 2 : 16;
	p = realloc(*arr, nc * sz);
	if (!p)
		return -1;
	*arr = p;
	*cap = nc;
	return 0;
}

static int
add_proc(struct view_ref *r, sqlite3_stmt *st)
{
	struct ref_proc *p;
	int oom = 0;

	if (grow((void **)&r->procs, &r->capprocs, r->nprocs, sizeof *p) < 0)
		return -1;
	p = &r->procs[r->nprocs++];
	p->code = dup_col(st, 0, &oom);
	p->name = dup_col(st, 1, &oom);
	p->name_en = dup_col(st, 2, &oom);
	p->field_code = dup_col(st, 3, &oom);
	p->limit_days = sqlite3_column_double(st, 4);
	return oom ? -1 : 0;
}

static int
add_agency(struct view_ref *r, sqlite3_stmt *st)
{
	struct ref_agency *a;
	int oom = 0;

	if (grow((void **)&r->agencies, &r->capagencies, r->nagencies, sizeof *a) < 0)
		return -1;
	a = &r->agencies[r->nagencies++];
	a->code = dup_col(st, 0, &oom);
	a->name = dup_col(st, 1, &oom);
	a->name_en = dup_col(st, 2, &oom);
	return oom ? -1 : 0;
}

static int
add_process(struct view_ref *r, sqlite3_stmt *st)
{
	struct view_process *p;
	int oom = 0;

	if (grow((void **)&r->processes, &r->capprocesses, r->nprocesses, sizeof *p) < 0)
		return -1;
	p = &r->processes[r->nprocesses++];
	memset(p, 0, sizeof *p);
	p->id = sqlite3_column_int64(st, 0);
	p->doc_code = dup_col(st, 1, &oom);
	p->version = sqlite3_column_int(st, 2);
	p->procedure_code = dup_col(st, 3, &oom);
	p->agency_code = dup_col(st, 4, &oom);
	p->effective_from = dup_col(st, 5, &oom);
	p->effective_to = dup_col(st, 6, &oom);
	return oom ? -1 : 0;
}

static int
cmp_process(const void *k, const void *el)
{
	long long a = *(const long long *)k, b = ((const struct view_process *)el)->id;
	return (a > b) - (a < b);
}

const struct view_process *
view_ref_process(const struct view_ref *ref, long long id)
{
	if (!ref->nprocesses) /* bsearch wants a non-NULL base */
		return NULL;
	return bsearch(&id, ref->processes, ref->nprocesses, sizeof *ref->processes, cmp_process);
}

static int
cmp_proc(const void *k, const void *el)
{
	return strcmp(k, ((const struct ref_proc *)el)->code);
}

static int
cmp_agency(const void *k, const void *el)
{
	return strcmp(k, ((const struct ref_agency *)el)->code);
}

/* Attach a steps row to its process; steps must come numbered 1..n. */
static int
add_step(struct view_ref *r, sqlite3_stmt *st, struct err *e)
{
	struct view_process *p = (struct view_process *)view_ref_process(r, sqlite3_column_int64(st, 0));
	struct view_step *s;
	int no = sqlite3_column_int(st, 1), oom = 0;
	double hours = sqlite3_column_double(st, 5);

	if (!p)
		return 0; /* a step of an unknown process: nothing refers to it */
	if (no != p->nsteps + 1 || no > TIMELINE_STEPS_MAX)
		return err_set(e, "process %lld: step %d out of order", p->id, no);
	s = &p->steps[p->nsteps++];
	s->name = dup_col(st, 2, &oom);
	s->name_en = dup_col(st, 3, &oom);
	s->unit = dup_col(st, 4, &oom);
	/* Allowances are multiples of a minute (schema); round, do not truncate. */
	s->allowance_min = (int)(hours * 60.0 + 0.5);
	if (oom)
		return err_set(e, "out of memory");
	return 0;
}

/* Run SQL (with KEY bound to ?1 when not NULL) and hand each row to ADD. */
static int
load_rows(sqlite3 *db, const char *sql, const char *key, long long ikey, struct view_ref *r,
          int (*add)(struct view_ref *, sqlite3_stmt *), struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	int rc, ret = -1;

	if (!st)
		return -1;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else if (ikey)
		sqlite3_bind_int64(st, 1, ikey);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (add(r, st) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

static int
load_steps(sqlite3 *db, const char *sql, long long pid, struct view_ref *r, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	int rc, ret = -1;

	if (!st)
		return -1;
	if (pid)
		sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (add_step(r, st, e) < 0)
			goto out;
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

struct view_ref *
view_ref_load(sqlite3 *snap, struct err *e)
{
	struct view_ref *r = calloc(1, sizeof *r);

	if (!r) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load_rows(snap, SQL_PROCS " ORDER BY code", NULL, 0, r, add_proc, e) < 0 ||
	    load_rows(snap, SQL_AGENCIES " ORDER BY code", NULL, 0, r, add_agency, e) < 0 ||
	    load_rows(snap, SQL_PROCESSES " ORDER BY id", NULL, 0, r, add_process, e) < 0 ||
	    load_steps(snap, SQL_STEPS " ORDER BY process_id, step_no", 0, r, e) < 0) {
		err_prefix(e, "snapshot");
		view_ref_free(r);
		return NULL;
	}
	return r;
}

void
view_ref_free(struct view_ref *r)
{
	size_t i;
	int k;

	if (!r)
		return;
	for (i = 0; i < r->nprocs; i++) {
		free(r->procs[i].code);
		free(r->procs[i].name);
		free(r->procs[i].name_en);
		free(r->procs[i].field_code);
	}
	for (i = 0; i < r->nagencies; i++) {
		free(r->agencies[i].code);
		free(r->agencies[i].name);
		free(r->agencies[i].name_en);
	}
	for (i = 0; i < r->nprocesses; i++) {
		struct view_process *p = &r->processes[i];
		free(p->doc_code);
		free(p->procedure_code);
		free(p->agency_code);
		free(p->effective_from);
		free(p->effective_to);
		for (k = 0; k < p->nsteps; k++) {
			free(p->steps[k].name);
			free(p->steps[k].name_en);
			free(p->steps[k].unit);
		}
	}
	free(r->procs);
	free(r->agencies);
	free(r->processes);
	free(r);
}

void
view_dossier_free(struct view_dossier *d)
{
	if (!d)
		return;
	free(d->code);
	free(d->token);
	free(d->initials);
	free(d->procedure_code);
	free(d->procedure_name);
	free(d->procedure_name_en);
	free(d->agency_code);
	free(d->agency_name);
	free(d->agency_name_en);
	free(d->channel);
	free(d->status);
	free(d->doc_code);
	free(d->field_code);
	for (int i = 0; i < d->nsteps; i++) {
		free(d->steps[i].name);
		free(d->steps[i].name_en);
		free(d->steps[i].unit);
	}
	free(d);
}

/* An optional instant: NULL or "" is 0. */
static int
opt_instant(const char *s, tmin_t *t, const char *what, struct err *e)
{
	*t = 0;
	if (!s || !*s)
		return 0;
	if (clock_parse_instant(s, t, e) < 0)
		return err_prefix(e, "%s", what);
	return 0;
}

static int
row_instants(const struct view_row *row, struct view_dossier *d, struct err *e)
{
	if (!row->received_at || !*row->received_at || !row->due_at || !*row->due_at)
		return err_set(e, "received or due time missing");
	if (opt_instant(row->received_at, &d->received, "received_at", e) < 0 ||
	    opt_instant(row->due_at, &d->due_at, "due_at", e) < 0 ||
	    opt_instant(row->new_due_at, &d->new_due_at, "new_due_at", e) < 0 ||
	    opt_instant(row->resolved_at, &d->resolved_at, "resolved_at", e) < 0 ||
	    opt_instant(row->returned_at, &d->returned_at, "returned_at", e) < 0)
		return -1;
	/* The schema's CHECKs say so too, but a snapshot is only data. */
	if (d->due_at < d->received || (d->resolved_at && d->resolved_at < d->received) ||
	    (d->returned_at && d->returned_at < d->resolved_at))
		return err_set(e, "times out of order");
	return 0;
}

#define DUP(dst, src) \
	do { \
		if (!((dst) = strdup((src) ? (src) : ""))) \
			goto oom; \
	} while (0)

static int
fill_names(struct view_dossier *d, const struct view_row *row, const struct ref_proc *pr,
           const struct ref_agency *ag, const struct view_process *ps)
{
	DUP(d->code, row->code);
	DUP(d->token, row->token);
	DUP(d->initials, row->initials);
	DUP(d->procedure_code, pr->code);
	DUP(d->procedure_name, pr->name);
	DUP(d->procedure_name_en, pr->name_en);
	DUP(d->field_code, pr->field_code);
	DUP(d->agency_code, ag->code);
	DUP(d->agency_name, ag->name);
	DUP(d->agency_name_en, ag->name_en);
	DUP(d->channel, row->channel);
	DUP(d->status, row->status);
	DUP(d->doc_code, ps->doc_code);
	d->version = ps->version;
	d->limit_days = pr->limit_days;
	for (int i = 0; i < ps->nsteps; i++) {
		DUP(d->steps[i].name, ps->steps[i].name);
		DUP(d->steps[i].name_en, ps->steps[i].name_en);
		DUP(d->steps[i].unit, ps->steps[i].unit);
		d->steps[i].allowance_min = ps->steps[i].allowance_min;
		d->nsteps = i + 1;
	}
	return 0;
oom:
	return -1;
}

int
view_dossier_make(const struct view_ref *ref, const struct clock_cal *cal,
                  const struct view_row *row, const struct ev *ev, int nev, tmin_t now,
                  struct view_dossier **out, struct err *e)
{
	const struct ref_proc *pr;
	const struct ref_agency *ag;
	const struct view_process *ps;
	struct timeline_input in;
	struct view_dossier *d = NULL;

	*out = NULL;
	pr = !ref->nprocs ? NULL : bsearch(row->procedure_code ? row->procedure_code : "",
	                                   ref->procs, ref->nprocs, sizeof *ref->procs, cmp_proc);
	ag = !ref->nagencies ? NULL : bsearch(row->agency_code ? row->agency_code : "", ref->agencies,
	                                      ref->nagencies, sizeof *ref->agencies, cmp_agency);
	ps = view_ref_process(ref, row->process_id);
	if (!pr)
		return err_set(e, "unknown procedure '%s'", row->procedure_code);
	if (!ag)
		return err_set(e, "unknown agency '%s'", row->agency_code);
	if (!ps || ps->nsteps == 0)
		return err_set(e, "process %lld missing or without steps", row->process_id);
	if (strcmp(ps->procedure_code, pr->code) != 0)
		return err_set(e, "process %lld is not a process of procedure %s", ps->id, pr->code);
	if (!(d = calloc(1, sizeof *d)))
		return err_set(e, "out of memory");
	if (row_instants(row, d, e) < 0)
		goto fail;
	if (fill_names(d, row, pr, ag, ps) < 0) {
		err_set(e, "out of memory");
		goto fail;
	}
	memset(&in, 0, sizeof in);
	in.received = d->received;
	in.nsteps = d->nsteps;
	for (int i = 0; i < d->nsteps; i++)
		in.allowance_min[i] = d->steps[i].allowance_min;
	in.events = ev;
	in.nevents = nev;
	in.now = now;
	for (int i = 0; i < nev; i++)
		if (ev[i].at < d->received) {
			err_set(e, "event before the dossier was received");
			goto fail;
		}
	if (timeline_compute(cal, &in, &d->tl, e) < 0)
		goto fail;
	*out = d;
	return 0;
fail:
	view_dossier_free(d);
	return -1;
}

int
view_ev_parse(const char *at, const char *kind, int step_no, const char *new_due, struct ev *out,
              struct err *e)
{
	int k = ev_kind_parse(kind ? kind : "");

	memset(out, 0, sizeof *out);
	if (k < 0)
		return err_set(e, "unknown event kind '%s'", kind ? kind : "");
	out->kind = (enum ev_kind)k;
	if (clock_parse_instant(at ? at : "", &out->at, e) < 0)
		return err_prefix(e, "event time");
	if (k == EV_STEP_START || k == EV_STEP_DONE)
		out->step_no = step_no;
	if (k == EV_APOLOGY && clock_parse_instant(new_due ? new_due : "", &out->new_due, e) < 0)
		return err_prefix(e, "apology's new appointment");
	return 0;
}

#define SQL_DOSSIER "SELECT code, token, initials, procedure_code, agency_code, channel, " \
	"status, received_at, due_at, new_due_at, resolved_at, returned_at, process_id " \
	"FROM dossiers WHERE "

static void
row_from_stmt(sqlite3_stmt *st, struct view_row *row)
{
	row->code = store_text(st, 0);
	row->token = store_text(st, 1);
	row->initials = store_text(st, 2);
	row->procedure_code = store_text(st, 3);
	row->agency_code = store_text(st, 4);
	row->channel = store_text(st, 5);
	row->status = store_text(st, 6);
	row->received_at = store_text(st, 7);
	row->due_at = store_text(st, 8);
	row->new_due_at = store_text(st, 9);
	row->resolved_at = store_text(st, 10);
	row->returned_at = store_text(st, 11);
	row->process_id = sqlite3_column_int64(st, 12);
}

/* The events of CODE in log order into a new array *EV (caller frees). */
static int
load_events(sqlite3 *snap, const char *code, struct ev **ev, int *nev, struct err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0, n = 0;
	int rc, r = -1;

	*ev = NULL;
	st = store_prepare(snap, "SELECT at, kind, step_no, new_due_at FROM events "
	                         "WHERE dossier_code = ?1 ORDER BY seq", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)ev, &cap, n, sizeof **ev) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
		if (view_ev_parse(store_text(st, 0), store_text(st, 1), sqlite3_column_int(st, 2),
		                  store_text(st, 3), &(*ev)[n], e) < 0)
			goto out;
		n++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(snap));
		goto out;
	}
	*nev = (int)n;
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

/* A view_ref holding just what one dossier needs. */
static struct view_ref *
ref_for(sqlite3 *snap, const struct view_row *row, struct err *e)
{
	struct view_ref *r = calloc(1, sizeof *r);

	if (!r) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load_rows(snap, SQL_PROCS " WHERE code = ?1", row->procedure_code, 0, r, add_proc, e) < 0 ||
	    load_rows(snap, SQL_AGENCIES " WHERE code = ?1", row->agency_code, 0, r, add_agency, e) < 0 ||
	    load_rows(snap, SQL_PROCESSES " WHERE id = ?1", NULL, row->process_id, r, add_process, e) < 0 ||
	    load_steps(snap, SQL_STEPS " WHERE process_id = ?1 ORDER BY step_no", row->process_id, r, e) < 0) {
		view_ref_free(r);
		return NULL;
	}
	return r;
}

int
view_dossier_load(sqlite3 *snap, const struct clock_cal *cal, const char *key, int by_token,
                  tmin_t now, struct view_dossier **out, struct err *e)
{
	sqlite3_stmt *st;
	struct view_ref *ref = NULL;
	struct view_row row;
	struct ev *ev = NULL;
	int nev = 0, rc, r = -1;

	*out = NULL;
	st = store_prepare(snap, by_token ? SQL_DOSSIER "token = ?1" : SQL_DOSSIER "code = ?1", e);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		r = 0;
		goto out;
	}
	if (rc != SQLITE_ROW) {
		err_set(e, "%s", sqlite3_errmsg(snap));
		goto out;
	}
	row_from_stmt(st, &row);
	if (!(ref = ref_for(snap, &row, e)) || load_events(snap, row.code, &ev, &nev, e) < 0 ||
	    view_dossier_make(ref, cal, &row, ev, nev, now, out, e) < 0) {
		err_prefix(e, "dossier %s", row.code);
		goto out;
	}
	r = 1;
out:
	free(ev);
	view_ref_free(ref);
	sqlite3_finalize(st);
	return r;
}

/* Length of the UTF-8 sequence starting with byte C (1 for stray bytes). */
static size_t
u8len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

int
view_initials(const char *name, char *buf, size_t size)
{
	const unsigned char *s = (const unsigned char *)(name ? name : "");
	size_t o = 0, n;

	buf[0] = '\0';
	while (*s) {
		while (*s == ' ' || *s == '\t' || *s == '-')
			s++;
		if (!*s)
			break;
		n = u8len(*s);
		for (size_t i = 1; i < n; i++)
			if ((s[i] & 0xC0) != 0x80)
				n = 1; /* broken sequence: out.h will show U+FFFD */
		if (o + n + 2 > size) {
			buf[0] = '\0';
			return -1;
		}
		if (n == 1 && *s >= 'a' && *s <= 'z')
			buf[o++] = (char)(*s - 'a' + 'A');
		else if (n == 2 && s[0] == 0xC4 && s[1] == 0x91) /* đ -> Đ */
			buf[o++] = (char)0xC4, buf[o++] = (char)0x90;
		else
			memcpy(buf + o, s, n), o += n;
		buf[o++] = '.';
		buf[o] = '\0';
		s += n;
		while (*s && *s != ' ' && *s != '\t' && *s != '-')
			s++;
	}
	return (int)o;
}
