/*
 * calmoves: pending dossiers' due times before and after a calendar import
 * (calmoves.h).  Pending dossiers are few beside the whole table, so each
 * is read with its own indexed queries.
 */
#include "calmoves.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "timeline.h"

#define EVENTS_MAX 512 /* per dossier; a longer log is left out of the report */

struct pend {
	char *code;
	tmin_t received;
	long long process;
	tmin_t old_due, new_due; /* 0: not computable (bad log, no steps) */
};

struct calmoves {
	struct pend *v;
	size_t n;
	tmin_t now;
	long moved;
};

/* The statements one computation needs. */
struct q {
	sqlite3_stmt *steps, *events;
	struct ev ev[EVENTS_MAX];
};

static int
q_open(sqlite3 *db, struct q *q, struct err *e)
{
	q->steps = store_prepare(db,
	                         "SELECT allowance_hours FROM steps WHERE process_id = ?1 "
	                         "ORDER BY step_no",
	                         e);
	q->events = q->steps ? store_prepare(db,
	                                     "SELECT at, kind, step_no, new_due_at FROM events "
	                                     "WHERE dossier_code = ?1 ORDER BY at, id",
	                                     e)
	                     : NULL;
	return q->events ? 0 : -1;
}

static void
q_close(struct q *q)
{
	sqlite3_finalize(q->steps);
	sqlite3_finalize(q->events);
}

/* The process's step allowances into IN; 0, or -1 when it has none or too
 * many. */
static int
load_steps(struct q *q, long long process, struct timeline_input *in)
{
	sqlite3_bind_int64(q->steps, 1, process);
	while (sqlite3_step(q->steps) == SQLITE_ROW && in->nsteps <= TIMELINE_STEPS_MAX) {
		if (in->nsteps < TIMELINE_STEPS_MAX)
			in->allowance_min[in->nsteps] =
			    (int)llround(sqlite3_column_double(q->steps, 0) * 60);
		in->nsteps++;
	}
	sqlite3_reset(q->steps);
	return in->nsteps >= 1 && in->nsteps <= TIMELINE_STEPS_MAX ? 0 : -1;
}

/* The event log of CODE into q->ev; the count, or -1 when unreadable. */
static int
load_events(struct q *q, const char *code)
{
	int n = 0, bad = 0;

	sqlite3_bind_text(q->events, 1, code, -1, SQLITE_STATIC);
	while (!bad && sqlite3_step(q->events) == SQLITE_ROW) {
		struct ev *x = &q->ev[n];
		const char *nd = store_text(q->events, 3);
		int kind = ev_kind_parse(store_text(q->events, 1));

		if (n == EVENTS_MAX || kind < 0 ||
		    clock_parse_instant(store_text(q->events, 0), &x->at, NULL) < 0 ||
		    (*nd && clock_parse_instant(nd, &x->new_due, NULL) < 0)) {
			bad = 1;
			break;
		}
		if (!*nd)
			x->new_due = 0;
		x->kind = (enum ev_kind)kind;
		x->step_no = sqlite3_column_int(q->events, 2);
		n++;
	}
	sqlite3_reset(q->events);
	sqlite3_clear_bindings(q->events);
	return bad ? -1 : n;
}

/* P's due on CAL at NOW, as the dossier page computes it; 0 when the
 * dossier cannot be judged (trackdb check reports why). */
static tmin_t
due_of(struct q *q, const struct clock_cal *cal, const struct pend *p, tmin_t now)
{
	struct timeline_input in;
	struct timeline t;
	struct err ignored = {""};
	int n;

	memset(&in, 0, sizeof in);
	in.received = p->received;
	in.now = now;
	if (load_steps(q, p->process, &in) < 0 || (n = load_events(q, p->code)) < 0)
		return 0;
	in.events = q->ev;
	in.nevents = n;
	if (timeline_compute(cal, &in, &t, &ignored) < 0)
		return 0;
	return t.due;
}

/* Compute every dossier of M on DB's current calendar into OLD (nonzero)
 * or new_due. */
static int
compute_all(struct calmoves *m, sqlite3 *db, int old, struct err *e)
{
	struct clock_cal *cal = store_load_calendar(db, e);
	struct q q = {NULL, NULL, {{0, 0, 0, 0}}};
	int r = -1;

	if (!cal || q_open(db, &q, e) < 0)
		goto out;
	for (size_t i = 0; i < m->n; i++) {
		tmin_t d = due_of(&q, cal, &m->v[i], m->now);
		if (old)
			m->v[i].old_due = d;
		else
			m->v[i].new_due = d;
	}
	r = 0;
out:
	q_close(&q);
	clock_cal_free(cal);
	return r;
}

/* The pending dossiers, in code order. */
static int
load_pending(struct calmoves *m, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT code, received_at, process_id FROM dossiers "
	                                 "WHERE resolved_at IS NULL AND status NOT IN "
	                                 "('withdrawn', 'rejected', 'ready', 'returned') "
	                                 "ORDER BY code",
	                                 e);
	size_t cap = 0;
	int rc, r = -1;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct pend *p;
		if (m->n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct pend *v = realloc(m->v, nc * sizeof *v);
			if (!v) {
				err_set(e, "out of memory");
				goto out;
			}
			m->v = v;
			cap = nc;
		}
		p = &m->v[m->n];
		memset(p, 0, sizeof *p);
		if (clock_parse_instant(store_text(st, 1), &p->received, NULL) < 0)
			continue; /* trackdb check names it */
		if (!(p->code = strdup(store_text(st, 0)))) {
			err_set(e, "out of memory");
			goto out;
		}
		p->process = sqlite3_column_int64(st, 2);
		m->n++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "dossiers: %s", sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

struct calmoves *
calmoves_begin(sqlite3 *db, tmin_t now, struct err *e)
{
	struct calmoves *m = calloc(1, sizeof *m);

	if (!m) {
		err_set(e, "out of memory");
		return NULL;
	}
	m->now = now;
	if (load_pending(m, db, e) < 0 || compute_all(m, db, 1, e) < 0) {
		calmoves_free(m);
		return NULL;
	}
	return m;
}

long
calmoves_end(struct calmoves *m, sqlite3 *db, struct err *e)
{
	if (compute_all(m, db, 0, e) < 0)
		return -1;
	m->moved = 0;
	for (size_t i = 0; i < m->n; i++)
		m->moved +=
		    m->v[i].old_due && m->v[i].new_due && m->v[i].old_due != m->v[i].new_due;
	return m->moved;
}

/* S as one CSV field: quoted (quotes doubled) when it holds a comma, a
 * quote or a line break.  A code comes from the back office: trust none. */
static void
csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}

int
calmoves_print(const struct calmoves *m, FILE *f)
{
	char a[CLOCK_INSTANT_LEN + 1], b[CLOCK_INSTANT_LEN + 1];

	if (m->moved == 0)
		fputs("trackdb: calendar: no pending dossier's due time moves\n", f);
	else
		fprintf(f,
		        "trackdb: calendar: the due times of %ld pending dossiers move "
		        "(code,old due,new due):\n",
		        m->moved);
	for (size_t i = 0; i < m->n; i++) {
		const struct pend *p = &m->v[i];
		if (!p->old_due || !p->new_due || p->old_due == p->new_due)
			continue;
		csv_field(f, p->code);
		fprintf(f, ",%s,%s\n", clock_format_instant(p->old_due, a),
		        clock_format_instant(p->new_due, b));
	}
	return ferror(f) ? -1 : 0;
}

void
calmoves_free(struct calmoves *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].code);
	free(m->v);
	free(m);
}
