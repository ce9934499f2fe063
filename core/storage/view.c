/*
 * view: a dossier's public view, built from the kiosk snapshot only.
 * Rendering (HTML, JSON) is in render_dossier.c.
 */
#include "view.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "refs.h"
#include "store.h"

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

/* A view is one allocation: the struct, then its strings (view_alloc). */
void
view_dossier_free(struct view_dossier *d)
{
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

struct instants {
	tmin_t received, due_at, new_due_at, resolved_at, returned_at, request_due;
};

static int
row_instants(const struct view_row *row, struct instants *t, struct err *e)
{
	if (!row->received_at || !*row->received_at || !row->due_at || !*row->due_at)
		return err_set(e, "received or due time missing");
	if (opt_instant(row->received_at, &t->received, "received_at", e) < 0 ||
	    opt_instant(row->due_at, &t->due_at, "due_at", e) < 0 ||
	    opt_instant(row->new_due_at, &t->new_due_at, "new_due_at", e) < 0 ||
	    opt_instant(row->resolved_at, &t->resolved_at, "resolved_at", e) < 0 ||
	    opt_instant(row->returned_at, &t->returned_at, "returned_at", e) < 0 ||
	    opt_instant(row->request_due, &t->request_due, "request_due", e) < 0)
		return -1;
	/* The schema's CHECKs say so too, but a snapshot is only data. */
	if (t->due_at < t->received || (t->resolved_at && t->resolved_at < t->received) ||
	    (t->returned_at && t->returned_at < t->resolved_at))
		return err_set(e, "times out of order");
	return 0;
}

/* What a view is made of, all borrowed: the row, and the names of its
 * procedure, agency and process (from the reference model or from one
 * query). */
struct parts {
	const struct view_row *row;
	const char *pcode, *pname, *pname_en, *field;
	double limit_days;
	const char *acode, *aname, *aname_en, *aphone, *aaddress, *ahours;
	const char *doc_code;
	int version, nsteps;
	const struct view_step *steps;
};

#define NFIXED 17

static size_t
slen(const char *s)
{
	return s ? strlen(s) + 1 : 1;
}

/* Copy S (NULL is "") to *AT and move *AT past it. */
static char *
pack(char **at, const char *s)
{
	char *r = *at;
	size_t n = slen(s);

	if (s)
		memcpy(r, s, n);
	else
		*r = '\0';
	*at += n;
	return r;
}

/* One block for the view and its strings: one malloc per view instead of
 * a strdup per name, and a single free.  The header fields are zeroed; tl
 * is left to timeline_compute, which writes all of it, and steps past
 * nsteps are never read.  NULL on out of memory. */
static struct view_dossier *
view_alloc(const struct parts *pt)
{
	const struct view_row *row = pt->row;
	const char *fixed[NFIXED] = {
	    row->code,    row->token,   row->initials, pt->pcode,    pt->pname,    pt->pname_en,
	    pt->field,    pt->acode,    pt->aname,     pt->aname_en, row->channel, row->status,
	    pt->doc_code, row->request, pt->aphone,    pt->aaddress, pt->ahours};
	struct view_dossier *d;
	size_t n = 0;
	char *at;

	for (int i = 0; i < NFIXED; i++)
		n += slen(fixed[i]);
	for (int i = 0; i < pt->nsteps; i++)
		n += slen(pt->steps[i].name) + slen(pt->steps[i].name_en) + slen(pt->steps[i].unit);
	if (!(d = malloc(sizeof *d + n)))
		return NULL;
	memset(d, 0, offsetof(struct view_dossier, steps));
	memset(&d->received, 0, sizeof *d - offsetof(struct view_dossier, received));
	at = (char *)(d + 1);
	char **dst[NFIXED] = {&d->code,           &d->token,          &d->initials,
	                      &d->procedure_code, &d->procedure_name, &d->procedure_name_en,
	                      &d->field_code,     &d->agency_code,    &d->agency_name,
	                      &d->agency_name_en, &d->channel,        &d->status,
	                      &d->doc_code,       &d->request,        &d->agency_phone,
	                      &d->agency_address, &d->agency_hours};
	for (int i = 0; i < NFIXED; i++)
		*dst[i] = pack(&at, fixed[i]);
	for (int i = 0; i < pt->nsteps; i++) {
		d->steps[i].name = pack(&at, pt->steps[i].name);
		d->steps[i].name_en = pack(&at, pt->steps[i].name_en);
		d->steps[i].unit = pack(&at, pt->steps[i].unit);
		d->steps[i].allowance_min = pt->steps[i].allowance_min;
	}
	d->nsteps = pt->nsteps;
	d->version = pt->version;
	d->limit_days = pt->limit_days;
	return d;
}

/* The view of PT with its events, timeline computed at NOW. */
static int
build(const struct parts *pt, const struct clock_cal *cal, const struct ev *ev, int nev, tmin_t now,
      struct view_dossier **out, struct err *e)
{
	struct timeline_input in;
	struct instants t = {0};
	struct view_dossier *d;

	if (row_instants(pt->row, &t, e) < 0)
		return -1;
	for (int i = 0; i < nev; i++)
		if (ev[i].at < t.received)
			return err_set(e, "event before the dossier was received");
	if (!(d = view_alloc(pt)))
		return err_set(e, "out of memory");
	d->received = t.received;
	d->due_at = t.due_at;
	d->new_due_at = t.new_due_at;
	d->resolved_at = t.resolved_at;
	d->returned_at = t.returned_at;
	d->request_due = t.request_due;
	d->day_minutes = cal->day_minutes;
	d->now = now;
	in.received = d->received;
	in.nsteps = d->nsteps;
	for (int i = 0; i < d->nsteps; i++)
		in.allowance_min[i] = d->steps[i].allowance_min;
	in.events = ev;
	in.nevents = nev;
	in.now = now;
	if (timeline_compute(cal, &in, &d->tl, e) < 0) {
		free(d);
		return -1;
	}
	*out = d;
	return 0;
}

int
view_dossier_make(const struct refs *ref, const struct clock_cal *cal, const struct view_row *row,
                  const struct ev *ev, int nev, tmin_t now, struct view_dossier **out,
                  struct err *e)
{
	const struct refs_procedure *pr = refs_procedure(ref, row->procedure_code);
	const struct refs_agency *ag = refs_agency(ref, row->agency_code);
	const struct refs_process *ps = refs_process(ref, row->process_id);
	struct view_step steps[TIMELINE_STEPS_MAX];
	struct parts pt;

	*out = NULL;
	if (!pr)
		return err_set(e, "unknown procedure '%s'", row->procedure_code);
	if (!ag)
		return err_set(e, "unknown agency '%s'", row->agency_code);
	if (!ps || ps->nsteps == 0)
		return err_set(e, "process %lld missing or without steps", row->process_id);
	if (strcmp(ps->procedure_code, pr->code) != 0)
		return err_set(e, "process %lld is not a process of procedure %s", ps->id,
		               pr->code);
	/* Borrowed: view_alloc copies them into the view. */
	for (int i = 0; i < ps->nsteps; i++)
		steps[i] = (struct view_step){ps->steps[i].name, ps->steps[i].name_en,
		                              ps->steps[i].unit, ps->steps[i].allowance_min};
	pt = (struct parts){.row = row,
	                    .pcode = pr->code,
	                    .pname = pr->name,
	                    .pname_en = pr->name_en,
	                    .field = pr->field_code,
	                    .limit_days = pr->limit_days,
	                    .acode = ag->code,
	                    .aname = ag->name,
	                    .aname_en = ag->name_en,
	                    .aphone = ag->phone,
	                    .aaddress = ag->address,
	                    .ahours = ag->hours,
	                    .doc_code = ps->doc_code,
	                    .version = ps->version,
	                    .nsteps = ps->nsteps,
	                    .steps = steps};
	return build(&pt, cal, ev, nev, now, out, e);
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

/* ---- one dossier on a connection: view_cache ---------------------------
 * A kiosk request used to prepare six statements and build a one-entry
 * reference model; preparing cost more than running them.  The cache keeps three
 * statements prepared for the life of the connection: the dossier row
 * joined with its procedure, agency and process (LEFT JOIN, so that a
 * missing reference is reported, not mistaken for a missing dossier), its
 * steps, and its events; and scratch space that grows to the largest
 * dossier seen and is reused. */

#define SQL_DOSSIER_JOIN                                                                           \
	"SELECT d.code, d.token, d.initials, d.procedure_code, d.agency_code, d.channel, "         \
	"d.status, d.received_at, d.due_at, d.new_due_at, d.resolved_at, d.returned_at, "          \
	"d.process_id, d.request, d.request_due, p.code, p.name, p.name_en, p.field_code, "        \
	"p.limit_days, a.code, a.name, a.name_en, ps.id, ps.doc_code, ps.version, "                \
	"ps.procedure_code, a.phone, a.address, a.hours "                                          \
	"FROM dossiers d LEFT JOIN procedures p ON p.code = d.procedure_code "                     \
	"LEFT JOIN agencies a ON a.code = d.agency_code "                                          \
	"LEFT JOIN processes ps ON ps.id = d.process_id WHERE "

enum { Q_BY_TOKEN, Q_BY_CODE, Q_STEPS, Q_EVENTS, Q_COUNT };

static const char *const cache_sql[Q_COUNT] = {
    [Q_BY_TOKEN] = SQL_DOSSIER_JOIN "d.token = ?1",
    [Q_BY_CODE] = SQL_DOSSIER_JOIN "d.code = ?1",
    [Q_STEPS] = "SELECT step_no, name, name_en, unit, allowance_hours FROM steps "
                "WHERE process_id = ?1 ORDER BY step_no",
    [Q_EVENTS] = "SELECT at, kind, step_no, new_due_at FROM events "
                 "WHERE dossier_code = ?1 ORDER BY seq",
};

struct view_cache {
	sqlite3 *db;
	sqlite3_stmt *st[Q_COUNT];
	char *text; /* the steps' names, back to back */
	size_t textcap;
	struct ev *ev;
	size_t evcap;
};

struct view_cache *
view_cache_new(sqlite3 *snap, struct err *e)
{
	struct view_cache *c = calloc(1, sizeof *c);

	if (!c) {
		err_set(e, "out of memory");
		return NULL;
	}
	c->db = snap;
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(snap, cache_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &c->st[i],
		                       NULL) != SQLITE_OK) {
			err_set(e, "snapshot: %s", sqlite3_errmsg(snap));
			view_cache_free(c);
			return NULL;
		}
	return c;
}

void
view_cache_free(struct view_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	free(c->text);
	free(c->ev);
	free(c);
}

/* Append S with its NUL to the cache's text; its offset in *OFF. */
static int
text_add(struct view_cache *c, size_t *used, const char *s, size_t *off)
{
	size_t n = strlen(s) + 1;

	if (*used + n > c->textcap) {
		size_t nc = c->textcap ? c->textcap : 1024;
		char *p;
		while (nc < *used + n)
			nc *= 2;
		if (!(p = realloc(c->text, nc)))
			return -1;
		c->text = p;
		c->textcap = nc;
	}
	memcpy(c->text + *used, s, n);
	*off = *used;
	*used += n;
	return 0;
}

/* The steps of process PID into STEPS (names in the cache's text).
 * Returns their number, or -1 with E set. */
static int
cached_steps(struct view_cache *c, long long pid, struct view_step *steps, struct err *e)
{
	sqlite3_stmt *st = c->st[Q_STEPS];
	size_t used = 0, off[TIMELINE_STEPS_MAX][3];
	int n = 0, rc;

	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int no = sqlite3_column_int(st, 0);
		if (no != n + 1 || no > TIMELINE_STEPS_MAX) {
			err_set(e, "process %lld: step %d out of order", pid, no);
			goto fail;
		}
		for (int k = 0; k < 3; k++)
			if (text_add(c, &used, store_text(st, 1 + k), &off[n][k]) < 0) {
				err_set(e, "out of memory");
				goto fail;
			}
		/* Allowances are multiples of a minute (schema); round, do not truncate. */
		steps[n].allowance_min = (int)(sqlite3_column_double(st, 4) * 60.0 + 0.5);
		n++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(c->db));
		goto fail;
	}
	sqlite3_reset(st);
	/* The text is complete (no more reallocs): offsets become pointers. */
	for (int i = 0; i < n; i++) {
		steps[i].name = c->text + off[i][0];
		steps[i].name_en = c->text + off[i][1];
		steps[i].unit = c->text + off[i][2];
	}
	return n;
fail:
	sqlite3_reset(st);
	return -1;
}

/* The events of CODE in log order into the cache's array; their number in
 * *NEV. */
static int
cached_events(struct view_cache *c, const char *code, int *nev, struct err *e)
{
	sqlite3_stmt *st = c->st[Q_EVENTS];
	size_t n = 0;
	int rc, r = -1;

	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow((void **)&c->ev, &c->evcap, n, sizeof *c->ev) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
		if (view_ev_parse(store_text(st, 0), store_text(st, 1), sqlite3_column_int(st, 2),
		                  store_text(st, 3), &c->ev[n], e) < 0)
			goto out;
		n++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(c->db));
		goto out;
	}
	*nev = (int)n;
	r = 0;
out:
	sqlite3_reset(st);
	return r;
}

void
view_row_from_stmt(sqlite3_stmt *st, struct view_row *row)
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
	row->request = store_text(st, 13);
	row->request_due = store_text(st, 14);
}

/* The parts of the joined row at ST, checked as view_dossier_make checks
 * them against the reference model (the same messages). */
static int
joined_parts(sqlite3_stmt *st, const struct view_row *row, struct parts *pt, struct err *e)
{
	if (sqlite3_column_type(st, 15) == SQLITE_NULL)
		return err_set(e, "unknown procedure '%s'", row->procedure_code);
	if (sqlite3_column_type(st, 20) == SQLITE_NULL)
		return err_set(e, "unknown agency '%s'", row->agency_code);
	if (sqlite3_column_type(st, 23) == SQLITE_NULL)
		return err_set(e, "process %lld missing or without steps", row->process_id);
	*pt = (struct parts){.row = row,
	                     .pcode = store_text(st, 15),
	                     .pname = store_text(st, 16),
	                     .pname_en = store_text(st, 17),
	                     .field = store_text(st, 18),
	                     .limit_days = sqlite3_column_double(st, 19),
	                     .acode = store_text(st, 20),
	                     .aname = store_text(st, 21),
	                     .aname_en = store_text(st, 22),
	                     .doc_code = store_text(st, 24),
	                     .version = sqlite3_column_int(st, 25),
	                     .aphone = store_text(st, 27),
	                     .aaddress = store_text(st, 28),
	                     .ahours = store_text(st, 29)};
	if (strcmp(store_text(st, 26), pt->pcode) != 0)
		return err_set(e, "process %lld is not a process of procedure %s", row->process_id,
		               pt->pcode);
	return 0;
}

/* The dossier row is in ST: its steps and events, then the view. */
static int
cached_build(struct view_cache *c, sqlite3_stmt *st, const struct clock_cal *cal, tmin_t now,
             struct view_dossier **out, struct err *e)
{
	struct view_step steps[TIMELINE_STEPS_MAX];
	struct view_row row;
	struct parts pt;
	int nev = 0;

	view_row_from_stmt(st, &row);
	if (joined_parts(st, &row, &pt, e) < 0 ||
	    (pt.nsteps = cached_steps(c, row.process_id, steps, e)) < 0 ||
	    cached_events(c, row.code, &nev, e) < 0)
		return err_prefix(e, "dossier %s", row.code);
	if (pt.nsteps == 0)
		return err_set(e, "dossier %s: process %lld missing or without steps", row.code,
		               row.process_id);
	pt.steps = steps;
	if (build(&pt, cal, c->ev, nev, now, out, e) < 0)
		return err_prefix(e, "dossier %s", row.code);
	return 0;
}

int
view_dossier_load_cached(struct view_cache *c, const struct clock_cal *cal, const char *key,
                         int by_token, tmin_t now, struct view_dossier **out, struct err *e)
{
	sqlite3_stmt *st = c->st[by_token ? Q_BY_TOKEN : Q_BY_CODE];
	int rc, r = -1;

	*out = NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		r = 0;
	else if (rc != SQLITE_ROW)
		err_set(e, "%s", sqlite3_errmsg(c->db));
	else if (cached_build(c, st, cal, now, out, e) == 0)
		r = 1;
	/* Reset at once: an active statement would keep a read transaction
	 * open on the connection between requests. */
	sqlite3_reset(st);
	return r;
}

int
view_dossier_load(sqlite3 *snap, const struct clock_cal *cal, const char *key, int by_token,
                  tmin_t now, struct view_dossier **out, struct err *e)
{
	struct view_cache *c;
	int r;

	*out = NULL;
	if (!(c = view_cache_new(snap, e)))
		return -1;
	r = view_dossier_load_cached(c, cal, key, by_token, now, out, e);
	view_cache_free(c);
	return r;
}

tmin_t
view_dossier_expiry(const struct view_dossier *d, tmin_t now, int json)
{
	const struct timeline *tl = &d->tl;
	tmin_t next = VIEW_NEVER;

	/* Closed: timeline_compute judges at the closing instant, not now. */
	if (tl->resolved || tl->withdrawn)
		return VIEW_NEVER;
	/* JSON carries elapsed_min and used_min, counted up to now. */
	if (json)
		return now + 1;
	/* An open stop lasts until now: the due and the stopped time move. */
	for (int i = 0; i < tl->nstops; i++)
		if (tl->stops[i].to == 0)
			return now + 1;
	/* Otherwise only verdicts move: within time while now <= the
	 * deadline, overdue from the minute after it. */
	if (tl->due >= now)
		next = tl->due + 1;
	/* A supplement's deadline passing is said on the page. */
	if (d->request_due >= now && d->request_due + 1 < next)
		next = d->request_due + 1;
	for (int i = 0; i < tl->nsteps; i++)
		if (tl->steps[i].state == STEP_ACTIVE && tl->steps[i].planned_end >= now &&
		    tl->steps[i].planned_end + 1 < next)
			next = tl->steps[i].planned_end + 1;
	return next;
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
