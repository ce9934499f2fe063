/*
 * The dossiers and events of the kiosk snapshot, in one pass over each
 * table in code order (a merge, no per-dossier query).  A dossier that
 * cannot be published (missing procedure, agency or process, times out
 * of order) is reported and left out; the rest goes on.
 *
 * Every row and its events are read on a verifying run, also when the snapshot is
 * the previous one patched in place (snapshot.c) and only changed dossiers are
 * written: what changed is decided by a fingerprint of each dossier's row
 * and events, not by dossiers.updated_at alone.  The trade-off: reading
 * all rows costs a few seconds per million dossiers (a read in storage
 * order, no writes), where a query on updated_at > the last run's high-water mark
 * would read only the changed ones; but a back office that adds an event
 * or corrects a row without touching updated_at would then leave a stale
 * public page for ever, and a page that lies about a citizen's dossier is
 * the one failure this service must not have.  updated_at still counts:
 * it is part of the fingerprint, and the high-water mark is the
 * snapshot's data_as_of.
 */
#include <stdlib.h>
#include <string.h>

#include "pub.h"
#include "store.h"

struct evbuf {
	struct evrow *v;
	size_t n, cap;
	int bad; /* a malformed row was seen */
};

static int
copy_field(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (n >= size)
		return -1;
	memcpy(dst, src, n + 1);
	return 0;
}

int
evrow_set(struct evrow *r, const char *at, const char *kind, long long step_no, const char *new_due,
          long long id)
{
	r->step_no = step_no;
	r->id = id;
	return copy_field(r->at, sizeof r->at, at) < 0 ||
	               copy_field(r->kind, sizeof r->kind, kind) < 0 ||
	               copy_field(r->new_due, sizeof r->new_due, new_due) < 0
	           ? -1
	           : 0;
}

/* Append the current row of EV (dossier_code, at, kind, step_no, new_due_at, id). */
static int
ev_push(struct evbuf *b, sqlite3_stmt *ev)
{
	if (b->n == b->cap) {
		struct evrow *v = realloc(b->v, (b->cap = b->cap ? b->cap * 2 : 32) * sizeof *v);
		if (!v)
			return -1;
		b->v = v;
	}
	if (evrow_set(&b->v[b->n], store_text(ev, 1), store_text(ev, 2),
	              sqlite3_column_type(ev, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(ev, 3),
	              store_text(ev, 4), sqlite3_column_int64(ev, 5)) < 0)
		b->bad = 1;
	else
		b->n++;
	return 0;
}

/* Columns 14-15: what a waiting dossier's open stop asks of the citizen,
 * from the latest supplement_request or pause event (public).  The CASE
 * keeps the lookup to the few waiting dossiers. */
#define SQL_DOS_REQ(col)                                                                           \
	"CASE WHEN status IN ('supplement', 'paused') THEN (SELECT " col " FROM events x "         \
	"WHERE x.dossier_code = dossiers.code AND x.kind IN ('supplement_request', 'pause') "      \
	"ORDER BY x.at DESC, x.id DESC LIMIT 1) END"
#define SQL_DOS_COLS                                                                               \
	"code, procedure_code, process_id, agency_code, channel, received_at, "                    \
	"due_at, new_due_at, status, resolved_at, returned_at, applicant_name, updated_at, "       \
	"documents, " SQL_DOS_REQ("request") ", " SQL_DOS_REQ(                                     \
	    "request_due") ", "                                                                    \
	                   "applicant_address, applicant_phone, applicant_email"
/* Columns 0-18 all enter the fingerprint: 11, 13 and 16-18 are on the
 * receipt. */
#define SQL_DOS "SELECT " SQL_DOS_COLS " FROM dossiers ORDER BY code"
#define DOS_COLS 19
/* The same for one dossier, by key (an incremental run's changes). */
#define SQL_DOS_ONE "SELECT " SQL_DOS_COLS " FROM dossiers WHERE code = ?1"
#define SQL_EV_ONE                                                                                 \
	"SELECT dossier_code, at, kind, step_no, new_due_at, id FROM events "                      \
	"WHERE dossier_code = ?1 ORDER BY at, id"
/* The plan's reads (snapshot_plan) in table order: no index walk. */
#define SQL_DOS_ALL "SELECT " SQL_DOS_COLS " FROM dossiers"
#define SQL_EV_ALL "SELECT dossier_code, at, kind, step_no, new_due_at, id FROM events"
#define SQL_EV                                                                                     \
	"SELECT dossier_code, at, kind, step_no, new_due_at, id FROM events "                      \
	"ORDER BY dossier_code, at, id"
#define SQL_INS_D                                                                                  \
	"INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, "                \
	"process_id, agency_code, channel, received_at, due_at, new_due_at, status, resolved_at, " \
	"returned_at, request, request_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "     \
	"?11, "                                                                                    \
	"?12, ?13, ?14, ?15, ?16)"
#define SQL_INS_E "INSERT INTO events (dossier_code, seq, at, kind, step_no, new_due_at) VALUES "
/* A dossier's events go in by statements of up to this many rows: the
 * work of a statement (its cursor, its end) was half of an event's
 * insert, one statement per row. */
#define EV_BATCH 16
#define SQL_DEL_D "DELETE FROM dossiers WHERE code = ?1"
#define SQL_DEL_E "DELETE FROM events WHERE dossier_code = ?1"

struct pass {
	struct pub *p;
	sqlite3 *db, *snap;
	sqlite3_stmt *dos, *ev, *ins_d, *del_d, *del_e;
	sqlite3_stmt *ins_e[EV_BATCH + 1]; /* [k]: the insert of k events, made when first needed */
	int ev_rc;                         /* SQLITE_ROW while EV holds an unread row */
	unsigned char *seen; /* incremental: per old_d record, still in the database */
	size_t cap_new;
	const struct refs *rf; /* the run's reference tables (p->refs) */
	struct evbuf b;
	/* What check_row needs to know of the current dossier's events. */
	int ev_bad;                         /* a malformed one */
	char ev_min[CLOCK_INSTANT_LEN + 4]; /* the earliest 'at', "" when none */
};

/* Why the current dossier row cannot be published, or NULL. */
static const char *
check_row(struct pass *s, char *why, size_t size)
{
	sqlite3_stmt *d = s->dos;
	const char *proc = store_text(d, 1), *rec = store_text(d, 5), *due = store_text(d, 6);
	const char *res = store_text(d, 9), *ret = store_text(d, 10);
	long long pid = sqlite3_column_int64(d, 2);
	const struct refs_process *pr;
	tmin_t t;

	if (!refs_procedure(s->rf, proc))
		return snprintf(why, size, "procedure '%s' missing", proc), why;
	if (!refs_agency(s->rf, store_text(d, 3)))
		return snprintf(why, size, "agency '%s' missing", store_text(d, 3)), why;
	if (!(pr = refs_process(s->rf, pid)))
		return snprintf(why, size, "process %lld missing", pid), why;
	if (strcmp(pr->procedure_code, proc) != 0)
		return snprintf(why, size, "process %lld belongs to procedure '%s'", pid,
		                pr->procedure_code),
		       why;
	if (clock_parse_instant(rec, &t, NULL) < 0 || clock_parse_instant(due, &t, NULL) < 0)
		return "received or due time malformed";
	/* Text order is time order for well-formed instants (schema). */
	if (strcmp(due, rec) < 0 || (*res && strcmp(res, rec) < 0) ||
	    (*ret && (!*res || strcmp(ret, res) < 0)))
		return "times out of order";
	if (s->ev_bad)
		return "malformed event";
	if (*s->ev_min && strcmp(s->ev_min, rec) < 0)
		return "event before the dossier was received";
	return NULL;
}

/* s->ev_bad and s->ev_min from the buffered events. */
static void
ev_summary(struct pass *s)
{
	s->ev_bad = s->b.bad;
	s->ev_min[0] = '\0';
	for (size_t i = 0; i < s->b.n; i++)
		if (!s->ev_min[0] || strcmp(s->b.v[i].at, s->ev_min) < 0)
			memcpy(s->ev_min, s->b.v[i].at, sizeof s->ev_min);
}

/* Buffer the events of CODE, skipping events of dossiers that are gone. */
static int
gather_events(struct pass *s, const char *code, struct err *e)
{
	int c;

	s->b.n = 0;
	s->b.bad = 0;
	while (s->ev_rc == SQLITE_ROW && (c = strcmp(store_text(s->ev, 0), code)) <= 0) {
		if (c == 0 && ev_push(&s->b, s->ev) < 0)
			return err_set(e, "out of memory");
		s->ev_rc = sqlite3_step(s->ev);
	}
	if (s->ev_rc != SQLITE_ROW && s->ev_rc != SQLITE_DONE)
		return err_set(e, "events: %s", sqlite3_errmsg(s->db));
	return 0;
}

/* The insert of K events (1 <= K <= EV_BATCH) into s->snap, or NULL with
 * E set. */
static sqlite3_stmt *
ins_events(struct pass *s, size_t k, struct err *e)
{
	char sql[sizeof SQL_INS_E + EV_BATCH * sizeof ", (?, ?, ?, ?, ?, ?)"];
	size_t n = sizeof SQL_INS_E - 1;

	if (s->ins_e[k])
		return s->ins_e[k];
	memcpy(sql, SQL_INS_E, n);
	for (size_t i = 0; i < k; i++)
		n += (size_t)snprintf(sql + n, sizeof sql - n, "%s(?, ?, ?, ?, ?, ?)",
		                      i ? ", " : "");
	return s->ins_e[k] = store_prepare(s->snap, sql, e);
}

/* Hand the page pass the dossier just inserted (current row of s->dos,
 * its buffered events): the columns VIEW_ROW_COLUMNS reads back. */
static int
stream_put(struct pass *s, const char *code, const char *token, const char *ini, struct drec *cur,
           struct err *e)
{
	sqlite3_stmt *d = s->dos;
	struct view_row row = {code,
	                       token,
	                       ini,
	                       store_text(d, 1),
	                       store_text(d, 3),
	                       store_text(d, 4),
	                       store_text(d, 8),
	                       store_text(d, 5),
	                       store_text(d, 6),
	                       store_text(d, 7),
	                       store_text(d, 9),
	                       store_text(d, 10),
	                       sqlite3_column_int64(d, 2),
	                       store_text(d, 14),
	                       store_text(d, 15)};

	return pages_stream_put(s->p, &row, s->b.v, s->b.n, cur, e);
}

/* Insert the current row of s->dos (and the buffered events) as CODE;
 * CUR, when not NULL, is its record in p->new_d, which learns its rowid. */
static int
insert_dossier(struct pass *s, const char *code, struct drec *cur, struct err *e)
{
	static const int from[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15}; /* -> ?5..?16 */
	char token[TOKEN_LEN + 1], check[TOKEN_CHECK_LEN + 1], ch[TOKEN_CHECK_HASH_LEN + 1];
	char ini[128];

	token_of(&s->p->key, code, strlen(code), token);
	token_check_of(&s->p->key, code, strlen(code), check);
	token_check_hash(token, check, ch);
	if (view_initials(store_text(s->dos, 11), ini, sizeof ini) < 0)
		ini[0] = '\0'; /* an absurdly long name: show none */
	sqlite3_bind_text(s->ins_d, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->ins_d, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->ins_d, 3, ch, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->ins_d, 4, ini, -1, SQLITE_STATIC);
	for (int i = 0; i < (int)(sizeof from / sizeof *from); i++)
		sqlite3_bind_value(s->ins_d, 5 + i, sqlite3_column_value(s->dos, from[i]));
	if (sqlite3_step(s->ins_d) != SQLITE_DONE)
		return err_set(e, "snapshot: %s: %s", code, sqlite3_errmsg(s->snap));
	sqlite3_reset(s->ins_d);
	if (cur)
		cur->rowid = sqlite3_last_insert_rowid(s->snap);
	if (s->p->stream && cur && stream_put(s, code, token, ini, cur, e) < 0)
		return -1;
	for (size_t i = 0; i < s->b.n;) {
		size_t k = s->b.n - i < EV_BATCH ? s->b.n - i : EV_BATCH;
		sqlite3_stmt *st = ins_events(s, k, e);
		if (!st)
			return -1;
		for (int c = 1; k > 0; i++, k--) {
			const struct evrow *r = &s->b.v[i];
			sqlite3_bind_text(st, c++, code, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, c++, (long long)i + 1);
			sqlite3_bind_text(st, c++, r->at, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, c++, r->kind, -1, SQLITE_STATIC);
			if (r->step_no < 0)
				sqlite3_bind_null(st, c++);
			else
				sqlite3_bind_int64(st, c++, r->step_no);
			if (*r->new_due)
				sqlite3_bind_text(st, c++, r->new_due, -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, c++);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			return err_set(e, "snapshot: %s: %s", code, sqlite3_errmsg(s->snap));
		sqlite3_reset(st);
	}
	return 0;
}

/* Fingerprints: a fast 64-bit hash, not a cryptographic one.  They detect
 * changes made by a back office, not by an adversary, and a run hashes
 * every row and event of the database (BLAKE2b took a third of a
 * no-change run).  A dossier's fingerprint is that of its row combined
 * with the sum of its events' hashes: a sum does not depend on the order
 * the events are read in, so the plan reads the events table in storage
 * order (several times faster than through the index), and each event's
 * hash includes its id and instant, which fix its place in the log. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static uint64_t
fhash(const void *data, size_t n, uint64_t seed)
{
	const unsigned char *b = data;
	uint64_t h = mix64(seed ^ (n * 0x9e3779b97f4a7c15ULL)), w;

	for (; n >= 8; b += 8, n -= 8) {
		memcpy(&w, b, 8);
		h = (h ^ mix64(w)) * 0x9e3779b97f4a7c15ULL;
	}
	w = 0;
	memcpy(&w, b, n);
	return mix64(h ^ w ^ (uint64_t)n << 56);
}

static uint64_t
ev_hash(long long id, const char *at, const char *kind, long long step, const char *new_due)
{
	uint64_t h = fhash(at, strlen(at), (uint64_t)id);

	h = fhash(kind, strlen(kind), h);
	return fhash(new_due, strlen(new_due), h ^ (uint64_t)step);
}

/* The hash of the current row of D (every column of SQL_DOS). */
static uint64_t
row_hash(sqlite3_stmt *d)
{
	uint64_t h = 0x5350u;

	for (int c = 0; c < DOS_COLS; c++) {
		const void *b = sqlite3_column_blob(d, c);
		int type = sqlite3_column_type(d, c), n = sqlite3_column_bytes(d, c);
		h = fhash(b ? b : "", b ? (size_t)n : 0, h ^ (uint64_t)type << 32 ^ (uint64_t)c);
	}
	return h;
}

static uint64_t
combine(uint64_t row, uint64_t evsum, uint64_t nev)
{
	return mix64(row ^ mix64(evsum + nev * 0x9e3779b97f4a7c15ULL));
}

/* The fingerprint of the current row and its buffered events. */
static uint64_t
row_fingerprint(const struct pass *s)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < s->b.n; i++) {
		const struct evrow *r = &s->b.v[i];
		sum += ev_hash(r->id, r->at, r->kind, r->step_no, r->new_due);
	}
	return combine(row_hash(s->dos), sum, s->b.n);
}

/* Take dossier CODE and its events out of the snapshot (incremental). */
static int
remove_dossier(struct pass *s, const char *code, struct err *e)
{
	sqlite3_bind_text(s->del_d, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->del_e, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(s->del_d) != SQLITE_DONE || sqlite3_step(s->del_e) != SQLITE_DONE)
		return err_set(e, "snapshot: %s: %s", code, sqlite3_errmsg(s->snap));
	sqlite3_reset(s->del_d);
	sqlite3_reset(s->del_e);
	return 0;
}

/* Append this run's record of a published dossier to p->new_d; OLD is
 * its previous record (any run's, NULL when none). */
static int
push_new(struct pass *s, uint64_t code, uint64_t src, const struct drec *old)
{
	/* A receipt made under other reference data, key or base URL is not
	 * vouched for by its fingerprint: forget it (receipts.c redoes it). */
	uint64_t rsrc = old && s->p->old_gfp == s->p->gfp ? old->rsrc : 0;
	struct drec_set *n = &s->p->new_d;

	if (n->n == s->cap_new) {
		size_t cap = s->cap_new ? s->cap_new * 2 : 1024;
		struct drec *v = realloc(n->v, cap * sizeof *v);
		if (!v)
			return -1;
		n->v = v;
		s->cap_new = cap;
	}
	n->v[n->n++] = (struct drec){code, src, 0, rsrc, old ? old->rowid : 0};
	return 0;
}

/* A list of dossier codes (owned copies). */
struct codes {
	char **v;
	size_t n, cap;
};

static int
codes_push(struct codes *c, const char *code)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		char **v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return -1;
		c->v = v;
		c->cap = cap;
	}
	if (!(c->v[c->n] = strdup(code)))
		return -1;
	c->n++;
	return 0;
}

static void
codes_free(struct codes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	memset(c, 0, sizeof *c);
}

/* What an incremental run must change in a copy of the previous snapshot:
 * the pass that found it (reference codes, which old records were seen),
 * the dossiers to write again and those to take out. */
struct snap_plan {
	struct pass s;
	struct codes todo, gone;
	size_t unseen; /* old records whose dossier the database no longer has */
};

/* One dossier row (fingerprint FP; s->ev_* describe its events): check it;
 * write it (full pass) or note it (the plan, PL) unless the previous
 * snapshot already holds it as it is. */
static int
one_row(struct pass *s, struct snap_plan *pl, const char *code, uint64_t fp, struct err *e)
{
	uint64_t ch = pub_hash_str(code);
	const struct drec *any = drec_find(&s->p->old_d, ch);
	const struct drec *old = pl ? any : NULL;
	char why[256];
	const char *bad;

	if (old)
		s->seen[old - s->p->old_d.v] = 1;
	if ((bad = check_row(s, why, sizeof why))) {
		s->p->report(s->p, code, bad);
		s->p->c.skipped++;
		/* Published last time, unpublishable now: take it out. */
		if (old && codes_push(&pl->gone, code) < 0)
			return err_set(e, "out of memory");
		return 0;
	}
	if (push_new(s, ch, fp, any) < 0)
		return err_set(e, "out of memory");
	s->p->c.dossiers++;
	if (old && old->src == fp)
		return 0;
	s->p->c.snap_changed++;
	if (pl)
		return codes_push(&pl->todo, code) < 0 ? err_set(e, "out of memory") : 0;
	return insert_dossier(s, code, &s->p->new_d.v[s->p->new_d.n - 1], e);
}

/* Take out of the copied snapshot the dossiers of the previous one that
 * the database no longer has (PL->unseen of them).  Rare: a dossier is
 * seldom deleted, so the snapshot is only read when it happens. */
static int
remove_vanished(struct snap_plan *pl, struct err *e)
{
	struct pass *s = &pl->s;
	const struct drec_set *old = &s->p->old_d;
	struct codes gone = {NULL, 0, 0};
	sqlite3_stmt *st;
	int rc, r = -1;

	if (!pl->unseen)
		return 0;
	if (!(st = store_prepare(s->snap, "SELECT code FROM dossiers", e)))
		return -1;
	/* Collected first, deleted after: no writes under a read cursor. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && gone.n < pl->unseen) {
		const struct drec *d = drec_find(old, pub_hash_str(store_text(st, 0)));
		if (d && !s->seen[d - old->v] && codes_push(&gone, store_text(st, 0)) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		err_set(e, "snapshot: %s", sqlite3_errmsg(s->snap));
		goto out;
	}
	for (size_t i = 0; i < gone.n; i++) {
		if (remove_dossier(s, gone.v[i], e) < 0)
			goto out;
		s->p->c.snap_removed++;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	codes_free(&gone);
	return r;
}

/* The pass over every dossier row and its events, in code order. */
static int
run_pass(struct pass *s, struct snap_plan *pl, struct err *e)
{
	long done = 0;
	int rc;

	s->ev_rc = sqlite3_step(s->ev);
	while ((rc = sqlite3_step(s->dos)) == SQLITE_ROW) {
		const char *code = store_text(s->dos, 0), *upd = store_text(s->dos, 12);
		if (gather_events(s, code, e) < 0)
			return -1;
		if (strlen(upd) == CLOCK_INSTANT_LEN && strcmp(upd, s->p->as_of) > 0)
			memcpy(s->p->as_of, upd, CLOCK_INSTANT_LEN + 1);
		ev_summary(s);
		if (one_row(s, pl, code, row_fingerprint(s), e) < 0)
			return -1;
		if (++done % 20000 == 0)
			s->p->progress(s->p, "snapshot", done, 0);
	}
	if (rc != SQLITE_DONE)
		return err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
	drec_sort(&s->p->new_d);
	return 0;
}

/* The plan's summary of each dossier's events, in a hash table keyed by
 * the fast hash of the dossier code (open addressing, linear probing). */
struct evsum {
	uint64_t key; /* fhash of the code; 0: empty slot */
	uint64_t sum, n;
	char min[CLOCK_INSTANT_LEN + 4];
	unsigned char bad;
};

struct evmap {
	struct evsum *v;
	size_t cap, n; /* cap: a power of two */
};

static uint64_t
code_key(const char *code)
{
	uint64_t k = fhash(code, strlen(code), 0x636f6465u);
	return k ? k : 1;
}

static struct evsum *
evmap_slot(struct evsum *v, size_t cap, uint64_t key)
{
	size_t i = (size_t)key & (cap - 1);

	while (v[i].key && v[i].key != key)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

/* The entry of KEY, made when absent; NULL when out of memory. */
static struct evsum *
evmap_get(struct evmap *m, uint64_t key)
{
	struct evsum *e;

	if ((m->n + 1) * 10 > m->cap * 7) { /* keep probes short: load <= 0.7 */
		size_t cap = m->cap ? m->cap * 2 : 1 << 16;
		struct evsum *v = calloc(cap, sizeof *v);
		if (!v)
			return NULL;
		for (size_t i = 0; i < m->cap; i++)
			if (m->v[i].key)
				*evmap_slot(v, cap, m->v[i].key) = m->v[i];
		free(m->v);
		m->v = v;
		m->cap = cap;
	}
	e = evmap_slot(m->v, m->cap, key);
	if (!e->key) {
		e->key = key;
		m->n++;
	}
	return e;
}

/* Read the whole events table into M, in storage order. */
static int
evmap_fill(struct pass *s, struct evmap *m, struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(s->ev)) == SQLITE_ROW) {
		const char *at = store_text(s->ev, 1), *kind = store_text(s->ev, 2);
		const char *nd = store_text(s->ev, 4);
		long long step = sqlite3_column_type(s->ev, 3) == SQLITE_NULL
		                     ? -1
		                     : sqlite3_column_int64(s->ev, 3);
		struct evsum *x = evmap_get(m, code_key(store_text(s->ev, 0)));

		if (!x)
			return err_set(e, "out of memory");
		/* The widths ev_push accepts; a longer value is malformed. */
		if (strlen(at) > CLOCK_INSTANT_LEN + 3 || strlen(kind) > 23 ||
		    strlen(nd) > CLOCK_INSTANT_LEN + 3) {
			x->bad = 1;
			continue;
		}
		x->sum += ev_hash(sqlite3_column_int64(s->ev, 5), at, kind, step, nd);
		x->n++;
		if (!x->min[0] || strcmp(at, x->min) < 0)
			memcpy(x->min, at, strlen(at) + 1);
	}
	return rc == SQLITE_DONE ? 0 : err_set(e, "events: %s", sqlite3_errmsg(s->db));
}

/* The plan's pass: the events summed per dossier, then every dossier row,
 * both in storage order. */
static int
plan_pass(struct snap_plan *pl, struct err *e)
{
	struct pass *s = &pl->s;
	struct evmap m = {NULL, 0, 0};
	long done = 0;
	int rc, r = -1;

	if (evmap_fill(s, &m, e) < 0)
		goto out;
	while ((rc = sqlite3_step(s->dos)) == SQLITE_ROW) {
		const char *code = store_text(s->dos, 0), *upd = store_text(s->dos, 12);
		const struct evsum *x = m.cap ? evmap_slot(m.v, m.cap, code_key(code)) : NULL;
		if (x && !x->key)
			x = NULL;
		if (strlen(upd) == CLOCK_INSTANT_LEN && strcmp(upd, s->p->as_of) > 0)
			memcpy(s->p->as_of, upd, CLOCK_INSTANT_LEN + 1);
		s->ev_bad = x && x->bad;
		memcpy(s->ev_min, x ? x->min : "", x ? sizeof s->ev_min : 1);
		if (one_row(s, pl, code, combine(row_hash(s->dos), x ? x->sum : 0, x ? x->n : 0),
		            e) < 0)
			goto out;
		if (++done % 100000 == 0)
			s->p->progress(s->p, "changes", done, 0);
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
		goto out;
	}
	drec_sort(&s->p->new_d);
	r = 0;
out:
	free(m.v);
	return r;
}

/* Start a pass over DB, checked against the run's reference tables
 * (p->refs, read from DB in the same transaction): the two read
 * statements. */
static int
pass_open(struct pass *s, struct pub *p, sqlite3 *db, const char *dos, const char *ev,
          struct err *e)
{
	memset(s, 0, sizeof *s);
	s->p = p;
	s->db = db;
	s->rf = p->refs;
	if (!(s->dos = store_prepare(db, dos, e)) || !(s->ev = store_prepare(db, ev, e)))
		return -1;
	return 0;
}

/* Finalize the statements of S (NULL-safe each). */
static void
pass_stmts_free(struct pass *s)
{
	sqlite3_finalize(s->dos);
	sqlite3_finalize(s->ev);
	sqlite3_finalize(s->ins_d);
	sqlite3_finalize(s->del_d);
	sqlite3_finalize(s->del_e);
	s->dos = s->ev = s->ins_d = s->del_d = s->del_e = NULL;
	for (size_t k = 0; k <= EV_BATCH; k++) {
		sqlite3_finalize(s->ins_e[k]);
		s->ins_e[k] = NULL;
	}
}

static void
pass_close(struct pass *s)
{
	pass_stmts_free(s);
	free(s->seen);
	free(s->b.v);
}

/* Prepare the writes into SNAP. */
static int
pass_writes(struct pass *s, sqlite3 *snap, struct err *e)
{
	s->snap = snap;
	if (!(s->ins_d = store_prepare(snap, SQL_INS_D, e)) ||
	    !(s->del_d = store_prepare(snap, SQL_DEL_D, e)) ||
	    !(s->del_e = store_prepare(snap, SQL_DEL_E, e)))
		return -1;
	return 0;
}

int
snapshot_dossiers(struct pub *p, sqlite3 *db, sqlite3 *snap, struct err *e)
{
	struct pass s;
	int r = -1;

	if (pass_open(&s, p, db, SQL_DOS, SQL_EV, e) == 0 && pass_writes(&s, snap, e) == 0)
		r = run_pass(&s, NULL, e);
	if (r < 0)
		err_prefix(e, "snapshot");
	pass_close(&s);
	return r;
}

struct snap_plan *
snapshot_plan(struct pub *p, sqlite3 *db, struct err *e)
{
	struct snap_plan *pl = calloc(1, sizeof *pl);

	if (!pl) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (pass_open(&pl->s, p, db, SQL_DOS_ALL, SQL_EV_ALL, e) < 0 ||
	    !(pl->s.seen = calloc(p->old_d.n + 1, 1)) || plan_pass(pl, e) < 0) {
		if (!e->msg[0])
			err_set(e, "out of memory");
		err_prefix(e, "snapshot");
		snap_plan_free(pl);
		return NULL;
	}
	pass_stmts_free(&pl->s);
	for (size_t i = 0; i < p->old_d.n; i++)
		pl->unseen += !pl->s.seen[i];
	return pl;
}

size_t
snap_plan_size(const struct snap_plan *pl)
{
	return pl->todo.n + pl->gone.n + pl->unseen;
}

/* Write dossier CODE again from DB: its row and events by key (the pass
 * read them in the same read transaction, snapshot.c). */
static int
patch_one(struct pass *s, const char *code, struct err *e)
{
	char why[256];
	const char *bad;
	int rc;

	sqlite3_bind_text(s->dos, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->ev, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s->dos)) != SQLITE_ROW)
		return err_set(e, "%s: %s", code,
		               rc == SQLITE_DONE ? "vanished during the run"
		                                 : sqlite3_errmsg(s->db));
	s->ev_rc = sqlite3_step(s->ev);
	if (gather_events(s, code, e) < 0)
		return -1;
	ev_summary(s);
	if ((bad = check_row(s, why, sizeof why)))
		return err_set(e, "%s: changed during the run: %s", code, bad);
	if (remove_dossier(s, code, e) < 0 ||
	    insert_dossier(s, code, drec_find(&s->p->new_d, pub_hash_str(code)), e) < 0)
		return -1;
	sqlite3_reset(s->dos);
	sqlite3_reset(s->ev);
	return 0;
}

int
snapshot_patch(struct pub *p, sqlite3 *db, sqlite3 *snap, struct snap_plan *pl, struct err *e)
{
	struct pass *s = &pl->s;
	int r = -1;

	(void)p;
	if (pass_writes(s, snap, e) < 0 || !(s->dos = store_prepare(db, SQL_DOS_ONE, e)) ||
	    !(s->ev = store_prepare(db, SQL_EV_ONE, e)))
		goto out;
	for (size_t i = 0; i < pl->gone.n; i++) {
		if (remove_dossier(s, pl->gone.v[i], e) < 0)
			goto out;
		p->c.snap_removed++;
	}
	for (size_t i = 0; i < pl->todo.n; i++)
		if (patch_one(s, pl->todo.v[i], e) < 0)
			goto out;
	r = remove_vanished(pl, e);
out:
	if (r < 0)
		err_prefix(e, "snapshot");
	pass_stmts_free(s);
	return r;
}

void
snap_plan_free(struct snap_plan *pl)
{
	if (!pl)
		return;
	pass_close(&pl->s);
	codes_free(&pl->todo);
	codes_free(&pl->gone);
	free(pl);
}

/* One dossier the change journal named: read it by key, fingerprint it as
 * the full pass would, and note in PL what the copied snapshot needs.
 * DROP marks the old records to take out of p->new_d (same index as
 * p->old_d: new_d starts as a copy of it). */
static int
some_one(struct snap_plan *pl, const char *code, unsigned char *drop, struct err *e)
{
	struct pass *s = &pl->s;
	struct pub *p = s->p;
	uint64_t ch = pub_hash_str(code);
	const struct drec *old = drec_find(&p->old_d, ch);
	char why[256];
	const char *bad = NULL, *upd;
	int rc, r = -1;

	sqlite3_bind_text(s->dos, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->ev, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s->dos)) == SQLITE_DONE) {
		bad = ""; /* deleted: taken out, nothing to report */
	} else if (rc != SQLITE_ROW) {
		err_set(e, "dossiers: %s", sqlite3_errmsg(s->db));
		goto out;
	} else {
		s->ev_rc = sqlite3_step(s->ev);
		if (gather_events(s, code, e) < 0)
			goto out;
		ev_summary(s);
		upd = store_text(s->dos, 12);
		if (strlen(upd) == CLOCK_INSTANT_LEN && strcmp(upd, p->as_of) > 0)
			memcpy(p->as_of, upd, CLOCK_INSTANT_LEN + 1);
		if ((bad = check_row(s, why, sizeof why))) {
			p->report(p, code, bad);
			p->c.skipped++;
		}
	}
	if (bad) {
		if (old) {
			drop[old - p->old_d.v] = 1;
			if (codes_push(&pl->gone, code) < 0)
				goto oom;
		}
		r = 0;
		goto out;
	}
	{
		uint64_t fp = row_fingerprint(s);
		if (old && old->src == fp) {
			r = 0;
			goto out;
		}
		if (old)
			p->new_d.v[old - p->old_d.v].src = fp;
		else if (push_new(s, ch, fp, NULL) < 0)
			goto oom;
		p->c.snap_changed++;
		if (codes_push(&pl->todo, code) < 0)
			goto oom;
	}
	r = 0;
	goto out;
oom:
	err_set(e, "out of memory");
out:
	sqlite3_reset(s->dos);
	sqlite3_reset(s->ev);
	return r;
}

struct snap_plan *
snapshot_plan_some(struct pub *p, sqlite3 *db, char *const *codes, size_t n, struct err *e)
{
	struct snap_plan *pl = calloc(1, sizeof *pl);
	unsigned char *drop = calloc(p->old_d.n + 1, 1);
	size_t o = 0;

	if (!pl || !drop) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (pass_open(&pl->s, p, db, SQL_DOS_ONE, SQL_EV_ONE, e) < 0)
		goto fail;
	/* Every dossier the journal did not name keeps its record. */
	pl->s.cap_new = p->old_d.n + n + 1;
	free(p->new_d.v);
	if (!(p->new_d.v = malloc(pl->s.cap_new * sizeof *p->new_d.v))) {
		err_set(e, "out of memory");
		goto fail;
	}
	if (p->old_d.n)
		memcpy(p->new_d.v, p->old_d.v, p->old_d.n * sizeof *p->new_d.v);
	p->new_d.n = p->old_d.n;
	for (size_t i = 0; i < n; i++) {
		if (some_one(pl, codes[i], drop, e) < 0)
			goto fail;
		if ((i + 1) % 20000 == 0)
			p->progress(p, "changes", (long)i + 1, (long)n);
	}
	for (size_t i = 0; i < p->new_d.n; i++)
		if (i >= p->old_d.n || !drop[i])
			p->new_d.v[o++] = p->new_d.v[i];
	p->new_d.n = o;
	drec_sort(&p->new_d);
	p->c.dossiers = (long)o;
	pass_stmts_free(&pl->s);
	free(drop);
	return pl;
fail:
	err_prefix(e, "snapshot");
	free(drop);
	snap_plan_free(pl);
	return NULL;
}

const char *
snap_plan_code(const struct snap_plan *pl, size_t i)
{
	if (i < pl->todo.n)
		return pl->todo.v[i];
	i -= pl->todo.n;
	return i < pl->gone.n ? pl->gone.v[i] : NULL;
}
