#include "snap.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "refs.h"
#include "seal.h"
#include "store.h"
#include "token.h"
#include "view.h"

/* Which file a path named when we looked: a rename gives a new inode, a
 * copy in place a new size or mtime. */
struct fid {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct snap_gen {
	atomic_long refs; /* the holder's one, plus one per lease */
	struct clock_cal *cal;
	unsigned long id; /* snap_info.generation when it went into service */
	char generated_at[SNAP_TEXT_MAX + 1];
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int nconn, nfree;
	sqlite3 *conns[SNAP_POOL_MAX];         /* all, for closing */
	struct view_cache *vcs[SNAP_POOL_MAX]; /* conns[i]'s statements */
	int idle[SNAP_POOL_MAX];               /* a stack of the free slots */
	unsigned char *image;                  /* the private copy the connections read */
	size_t image_len;
	/* Sealed snapshots only. */
	int sealed;
	struct refs *ref;
	unsigned char salt[SEAL_SALT_BYTES];
	struct seal_cost cost;
};

struct snap {
	char *path;
	char *stamp; /* PATH.checked */
	int nconn;
	pthread_mutex_t mu; /* guards cur, the fids and info */
	struct snap_gen *cur;
	struct fid cur_id, bad_id;
	int have_bad;
	struct snap_info info;
};

/* The columns kioskd and core/view.c read, table by table: a snapshot
 * without one of them is refused whole rather than failing page by page. */
static const char *const expected[] = {
    "SELECT key, value FROM meta",
    "SELECT opens, closes FROM office_hours",
    "SELECT day, kind, name, name_en FROM calendar",
    "SELECT code, name, name_en FROM fields",
    "SELECT code, name, name_en, level, pickup_place FROM agencies",
    "SELECT code, name, name_en, field_code, level, limit_days, fee_vnd, fee_note FROM procedures",
    // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): two statements too long for one line
    "SELECT id, doc_code, version, agency_code, procedure_code, effective_from, effective_to "
    "FROM processes",
    "SELECT process_id, step_no, name, name_en, unit, allowance_hours FROM steps",
    "SELECT procedure_code, seq, name, name_en, originals, copies, note, note_en "
    "FROM procedure_documents",
    "SELECT code, token, check_hash, initials, procedure_code, process_id, agency_code, "
    "channel, received_at, due_at, new_due_at, status, resolved_at, returned_at FROM dossiers",
    "SELECT dossier_code, seq, at, kind, step_no, new_due_at FROM events",
};

static void
fid_of(const struct stat *st, struct fid *f)
{
	f->dev = st->st_dev;
	f->ino = st->st_ino;
	f->size = st->st_size;
	f->mtime = st->st_mtim;
}

static int
fid_eq(const struct fid *a, const struct fid *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* One text value of a one-row query, or -1 when there is no row. */
static int
query_text(sqlite3 *db, const char *sql, const char *arg, char *buf, size_t size, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	int rc, r = -1;

	if (!st)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(buf, size, "%s", store_text(st, 0));
		r = 0;
	} else if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
	} else {
		err_set(e, "no row for %s", arg ? arg : sql);
	}
	sqlite3_finalize(st);
	return r;
}

/* The sealed tables and parameters of a sealed snapshot into G (NULL: only
 * check them).  A snapshot that is not sealed passes.  Returns 0 or -1. */
static int
sealed_params(sqlite3 *db, struct snap_gen *g, struct err *e)
{
	char buf[SNAP_TEXT_MAX + 1], salt[2 * SEAL_SALT_BYTES + 1];
	unsigned char bin[SEAL_SALT_BYTES];
	unsigned long long ops, mem;
	size_t n = 0;
	struct err ignored;

	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "sealed", buf, sizeof buf,
	               &ignored) < 0 ||
	    strcmp(buf, "1") != 0)
		return 0;
	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "seal_salt", salt, sizeof salt,
	               e) < 0 ||
	    sodium_hex2bin(bin, sizeof bin, salt, strlen(salt), NULL, &n, NULL) != 0 ||
	    n != sizeof bin)
		return err_set(e, "sealed snapshot: no seal_salt");
	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "seal_ops", buf, sizeof buf,
	               e) < 0 ||
	    (ops = strtoull(buf, NULL, 10)) < 1 || ops > SEAL_OPS_MAX ||
	    query_text(db, "SELECT value FROM meta WHERE key = ?1", "seal_mem", buf, sizeof buf,
	               e) < 0 ||
	    (mem = strtoull(buf, NULL, 10)) < 8192 || mem > SEAL_MEM_MAX)
		return err_set(e,
		               "sealed snapshot: derivation parameters missing or out of bounds");
	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "check_len", buf, sizeof buf,
	               e) < 0 ||
	    atoi(buf) != TOKEN_CHECK_LEN)
		return err_set(e, "sealed snapshot: made for check codes of another length");
	if (g) {
		g->sealed = 1;
		memcpy(g->salt, bin, sizeof bin);
		g->cost = (struct seal_cost){ops, (size_t)mem};
	}
	return 1;
}

static int
validate_sealed(sqlite3 *db, struct err *e)
{
	static const char *const sealed_tables[] = {
	    "SELECT id, box FROM sealed", "SELECT id, box FROM checks",
	    "SELECT code, agency_code, rank FROM board",
	    "SELECT agency_code, day, received, resolved, returned FROM day_counts"};
	sqlite3_stmt *st;
	int r = sealed_params(db, NULL, e);

	if (r <= 0)
		return r;
	for (size_t i = 0; i < sizeof sealed_tables / sizeof sealed_tables[0]; i++) {
		if (!(st = store_prepare(db, sealed_tables[i], e)))
			return err_prefix(e, "not a sealed kiosk snapshot");
		sqlite3_finalize(st);
	}
	return 0;
}

int
snap_validate(sqlite3 *db, struct err *e)
{
	char buf[ERR_MSG_MAX];
	sqlite3_stmt *st;

	if (query_text(db, "PRAGMA quick_check", NULL, buf, sizeof buf, e) < 0)
		return err_prefix(e, "quick_check");
	if (strcmp(buf, "ok") != 0)
		return err_set(e, "quick_check: %s", buf);
	for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
		if (!(st = store_prepare(db, expected[i], e)))
			return err_prefix(e, "not a kiosk snapshot");
		sqlite3_finalize(st);
	}
	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "generated_at", buf, sizeof buf,
	               e) < 0)
		return err_prefix(e, "meta");
	return validate_sealed(db, e);
}

static void
gen_free(struct snap_gen *g)
{
	if (!g)
		return;
	/* Statements first: sqlite3_close refuses a connection that has some. */
	for (int i = 0; i < g->nconn; i++) {
		view_cache_free(g->vcs[i]);
		sqlite3_close(g->conns[i]);
	}
	clock_cal_free(g->cal);
	refs_free(g->ref);
	free(g->image); /* after the connections that read it */
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	free(g);
}

static void
gen_release(struct snap_gen *g)
{
	if (g && atomic_fetch_sub(&g->refs, 1) == 1)
		gen_free(g);
}

/* Facts for the reports: generated_at, and the dossier count (the meta
 * value when the publisher wrote one, else counted). */
static void
gen_facts(sqlite3 *db, struct snap_info *info)
{
	char buf[SNAP_TEXT_MAX + 1];
	struct err e;

	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "generated_at",
	               info->generated_at, sizeof info->generated_at, &e) < 0)
		info->generated_at[0] = '\0';
	if (query_text(db, "SELECT value FROM meta WHERE key = ?1", "dossiers", buf, sizeof buf,
	               &e) == 0 ||
	    query_text(db, "SELECT count(*) FROM dossiers", NULL, buf, sizeof buf, &e) == 0)
		info->dossiers = atoll(buf);
	else
		info->dossiers = -1;
}

/* A read lock on the SQLite file at PATH, held while it is copied: the
 * publisher patches its snapshot in place in one transaction (rollback
 * journal), and cannot write while a reader holds the lock, so the copy
 * is of one committed state.  Returns the connection holding it, or NULL:
 * *BUSY set when a writer is at work or a killed writer's journal waits
 * to be rolled back (try later); otherwise the file is not a database
 * SQLite can lock (a copy in progress, or garbage), and the copy goes on
 * unlocked, left to the checks below and to validation.  An operator's
 * cp, curl -o or rsync --inplace takes no lock: for those the inode, size
 * and mtime checks tell. */
static sqlite3 *
read_lock(const char *path, int *busy)
{
	sqlite3 *db = NULL;
	int rc;

	*busy = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_exec(db, "BEGIN; SELECT count(*) FROM sqlite_master", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return db;
	rc = sqlite3_extended_errcode(db);
	*busy = (rc & 0xff) == SQLITE_BUSY || rc == SQLITE_READONLY_ROLLBACK;
	sqlite3_close(db);
	return NULL;
}

/* Read the file at PATH, which named BEFORE when we looked, into a private
 * buffer (*IMAGE, *LEN; the caller frees it).  Returns 0 or -1 with E set.
 *
 * Why a copy: SQLite reads pages lazily, so a connection on the file
 * itself breaks the moment someone overwrites or truncates it in place
 * (cp, curl -o, rsync --inplace all do), even when the new bytes are a
 * good snapshot.  An open descriptor to a file renamed into place is safe
 * only as long as nobody writes into that inode later, which kioskd cannot
 * know.  A copy in memory is ours alone: once validated nothing outside
 * can change it, and nothing is left on disk.  The copy is trusted only if
 * the file did not change while it was read (same inode, size and mtime
 * before and after: every write moves the mtime); otherwise *CHANGING is
 * set and the caller tries again on the next look. */
static int
private_copy(const char *path, const struct fid *before, unsigned char **image, size_t *len,
             int *changing, struct err *e)
{
	int busy, in;
	sqlite3 *lock = read_lock(path, &busy);
	unsigned char *buf = NULL;
	struct stat st;
	struct fid now;
	size_t off = 0;
	ssize_t n = 1;

	if (busy) {
		*changing = 1;
		err_set(e, "being written (a transaction is under way)");
		return -1;
	}
	if ((in = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		err_set(e, "%s", strerror(errno));
		sqlite3_close(lock);
		return -1;
	}
	if (fstat(in, &st) < 0 || (fid_of(&st, &now), !fid_eq(&now, before))) {
		*changing = 1;
		err_set(e, "changed while being read");
		goto fail;
	}
	if (st.st_size < 512 || !(buf = malloc((size_t)st.st_size))) {
		err_set(
		    e, st.st_size < 512 ? "too short for a snapshot (%lld bytes)" : "out of memory",
		    (long long)st.st_size);
		goto fail;
	}
	while (off < (size_t)st.st_size && (n = read(in, buf + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	if (n < 0) {
		err_set(e, "read: %s", strerror(errno));
		goto fail;
	}
	if (fstat(in, &st) < 0 || (fid_of(&st, &now), !fid_eq(&now, before)) ||
	    off != (size_t)st.st_size) {
		*changing = 1;
		err_set(e, "changed while being read (written in place?)");
		goto fail;
	}
	/* The lock first: closing IN, a second descriptor of the same file,
	 * would drop this process's locks on it (POSIX record locks). */
	sqlite3_close(lock);
	close(in);
	*image = buf;
	*len = off;
	return 0;
fail:
	sqlite3_close(lock);
	close(in);
	free(buf);
	return -1;
}

/* A read-only connection on the private copy (deserialized in place, not
 * copied again: every connection of a generation shares the one image). */
static sqlite3 *
open_copy(unsigned char *image, size_t len, struct err *e)
{
	sqlite3 *db = NULL;

	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	        SQLITE_OK ||
	    sqlite3_deserialize(db, "main", image, (sqlite3_int64)len, (sqlite3_int64)len,
	                        SQLITE_DESERIALIZE_READONLY) != SQLITE_OK) {
		err_set(e, "%s", db ? sqlite3_errmsg(db) : "cannot open the private copy");
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Copy, open, validate and pool the file at PATH, which named BEFORE when
 * we looked.  Returns the generation (one reference) or NULL with E set;
 * *MOVED is set when the file changed under us (try again later). */
static struct snap_gen *
gen_load(const char *path, int nconn, const struct fid *before, struct snap_info *facts, int *moved,
         struct err *e)
{
	struct snap_gen *g = calloc(1, sizeof *g);

	*moved = 0;
	if (!g) {
		err_set(e, "out of memory");
		return NULL;
	}
	atomic_init(&g->refs, 1);
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->cv, NULL);
	if (private_copy(path, before, &g->image, &g->image_len, moved, e) < 0 ||
	    !(g->conns[0] = open_copy(g->image, g->image_len, e)))
		goto fail;
	g->nconn = 1;
	if (snap_validate(g->conns[0], e) < 0 || !(g->cal = store_load_calendar(g->conns[0], e)))
		goto fail;
	gen_facts(g->conns[0], facts);
	if (sealed_params(g->conns[0], g, e) < 0)
		goto fail;
	if (g->sealed && !(g->ref = refs_load(g->conns[0], e))) {
		err_prefix(e, "snapshot");
		goto fail;
	}
	facts->sealed = g->sealed;
	for (; g->nconn < nconn; g->nconn++)
		if (!(g->conns[g->nconn] = open_copy(g->image, g->image_len, e)))
			goto fail;
	for (int i = 0; i < g->nconn; i++)
		if (!(g->vcs[i] = view_cache_new(g->conns[i], e)))
			goto fail;
	for (int i = 0; i < g->nconn; i++)
		g->idle[i] = i;
	g->nfree = g->nconn;
	memcpy(g->generated_at, facts->generated_at, sizeof g->generated_at);
	return g;
fail:
	gen_free(g);
	return NULL;
}

struct snap *
snap_new(const char *path, int nconn)
{
	struct snap *s = calloc(1, sizeof *s);

	if (!s || !(s->path = strdup(path)) || !(s->stamp = malloc(strlen(path) + 9))) {
		if (s)
			free(s->path);
		free(s);
		return NULL;
	}
	snprintf(s->stamp, strlen(path) + 9, "%s.checked", path);
	s->nconn = nconn < 1 ? 1 : nconn > SNAP_POOL_MAX ? SNAP_POOL_MAX : nconn;
	pthread_mutex_init(&s->mu, NULL);
	return s;
}

void
snap_free(struct snap *s)
{
	if (!s)
		return;
	gen_release(s->cur);
	pthread_mutex_destroy(&s->mu);
	free(s->path);
	free(s->stamp);
	free(s);
}

static void
note_error(struct snap *s, const struct err *e, const struct fid *bad)
{
	pthread_mutex_lock(&s->mu);
	snprintf(s->info.last_error, sizeof s->info.last_error, "%s", e->msg);
	if (bad) {
		s->info.failures++;
		s->bad_id = *bad;
		s->have_bad = 1;
	}
	pthread_mutex_unlock(&s->mu);
}

int
snap_poll(struct snap *s, struct err *e)
{
	struct snap_info facts = {0};
	struct snap_gen *g, *old;
	struct stat st;
	struct fid f;
	int moved, seen;

	int have_stamp = stat(s->stamp, &st) == 0;

	pthread_mutex_lock(&s->mu);
	s->info.checked_at = (int64_t)time(NULL);
	if (have_stamp && (int64_t)st.st_mtime > s->info.verified_at)
		s->info.verified_at = (int64_t)st.st_mtime;
	pthread_mutex_unlock(&s->mu);
	if (stat(s->path, &st) < 0) {
		err_set(e, "%s: %s", s->path, strerror(errno));
		note_error(s, e, NULL);
		return 0;
	}
	fid_of(&st, &f);
	pthread_mutex_lock(&s->mu);
	seen = (s->cur && fid_eq(&s->cur_id, &f)) || (s->have_bad && fid_eq(&s->bad_id, &f));
	if (s->cur && fid_eq(&s->cur_id, &f))
		s->info.last_error[0] = '\0'; /* the file in service is back */
	pthread_mutex_unlock(&s->mu);
	if (seen)
		return 0;
	if (!(g = gen_load(s->path, s->nconn, &f, &facts, &moved, e))) {
		err_prefix(e, "%s", s->path);
		note_error(s, e, moved ? NULL : &f);
		return moved ? 0 : -1;
	}
	pthread_mutex_lock(&s->mu);
	old = s->cur;
	s->cur = g;
	s->cur_id = f;
	s->have_bad = 0;
	s->info.serving = 1;
	g->id = ++s->info.generation;
	s->info.reloads++;
	s->info.loaded_at = (int64_t)time(NULL);
	if ((int64_t)f.mtime.tv_sec > s->info.verified_at)
		s->info.verified_at = (int64_t)f.mtime.tv_sec;
	s->info.dossiers = facts.dossiers;
	s->info.sealed = facts.sealed;
	memcpy(s->info.generated_at, facts.generated_at, sizeof facts.generated_at);
	s->info.last_error[0] = '\0';
	pthread_mutex_unlock(&s->mu);
	/* In-flight requests hold their own references: the old generation
	 * closes when the last of them ends. */
	gen_release(old);
	return 1;
}

int
snap_get(struct snap *s, struct snap_lease *l)
{
	struct snap_gen *g;

	pthread_mutex_lock(&s->mu);
	g = s->cur;
	if (g)
		atomic_fetch_add(&g->refs, 1);
	pthread_mutex_unlock(&s->mu);
	if (!g)
		return -1;
	pthread_mutex_lock(&g->mu);
	/* One connection per worker thread is pooled, so this waits only if
	 * more threads than that ask at once. */
	while (g->nfree == 0)
		pthread_cond_wait(&g->cv, &g->mu);
	l->slot = g->idle[--g->nfree];
	pthread_mutex_unlock(&g->mu);
	l->gen = g;
	l->db = g->conns[l->slot];
	l->vc = g->vcs[l->slot];
	l->cal = g->cal;
	l->generation = g->id;
	l->generated_at = g->generated_at;
	l->sealed = g->sealed;
	l->ref = g->ref;
	l->salt = g->salt;
	l->seal_ops = g->cost.ops;
	l->seal_mem = g->cost.mem;
	return 0;
}

void
snap_put(struct snap_lease *l)
{
	struct snap_gen *g = l->gen;

	if (!g)
		return;
	pthread_mutex_lock(&g->mu);
	g->idle[g->nfree++] = l->slot;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
	l->gen = NULL;
	l->db = NULL;
	l->vc = NULL;
	l->cal = NULL;
	l->generated_at = NULL;
	gen_release(g);
}

void
snap_get_info(struct snap *s, struct snap_info *out)
{
	pthread_mutex_lock(&s->mu);
	*out = s->info;
	pthread_mutex_unlock(&s->mu);
}

int
snap_check_file(const char *path, struct err *e)
{
	sqlite3 *db = store_open_readonly(path, e);
	struct clock_cal *cal = NULL;
	int r = -1;

	if (db && snap_validate(db, e) == 0 && (cal = store_load_calendar(db, e)))
		r = 0;
	clock_cal_free(cal);
	sqlite3_close(db);
	return r;
}

/* The box of ID in TABLE's index (sealed or checks) into *BOX (malloc'd,
 * *LEN bytes).  Returns 1, 0 when absent, -1 with E set. */
static int
find_box(sqlite3 *db, const char *sql, const unsigned char *id, unsigned char **box, size_t *len,
         struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);
	int rc, r = -1;

	if (!st)
		return -1;
	sqlite3_bind_blob(st, 1, id, SEAL_ID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		if ((*box = malloc(*len ? *len : 1))) {
			if (*len)
				memcpy(*box, sqlite3_column_blob(st, 0), *len);
			r = 1;
		} else {
			err_set(e, "out of memory");
		}
	} else if (rc == SQLITE_DONE) {
		r = 0;
	} else {
		err_set(e, "sealed index: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return r;
}

/* Build the view from an opened record REC (N bytes). */
static int
view_of_record(const struct snap_lease *l, const char *rec, size_t n, tmin_t now,
               struct view_dossier **out, struct err *e)
{
	/* Records of publishers before the request columns had 13 row fields. */
	enum { ROW = VIEW_ROW_NCOLS, OLDROW = 13, MAXF = ROW + 1 + 4 * 512 };
	const char **f = malloc(MAXF * sizeof *f);
	struct view_row row;
	struct ev *ev = NULL;
	int nf, nev = -1, nrow = ROW, r = -1;

	if (!f)
		return err_set(e, "out of memory");
	nf = seal_fields(rec, n, f, MAXF);
	if (nf >= ROW + 1 && (nev = atoi(f[ROW])) >= 0 && nf == ROW + 1 + 4 * nev)
		nrow = ROW;
	else if (nf >= OLDROW + 1 && (nev = atoi(f[OLDROW])) >= 0 && nf == OLDROW + 1 + 4 * nev)
		nrow = OLDROW;
	else {
		err_set(e, "sealed record malformed");
		goto out;
	}
	row = (struct view_row){f[0],
	                        f[1],
	                        f[2],
	                        f[3],
	                        f[4],
	                        f[5],
	                        f[6],
	                        f[7],
	                        f[8],
	                        f[9],
	                        f[10],
	                        f[11],
	                        atoll(f[12]),
	                        nrow == ROW ? f[13] : NULL,
	                        nrow == ROW ? f[14] : NULL};
	if (!(ev = calloc((size_t)nev + 1, sizeof *ev))) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < nev; i++) {
		const char **x = f + nrow + 1 + (ptrdiff_t)4 * i;
		if (view_ev_parse(x[0], x[1], atoi(x[2]), x[3], &ev[i], e) < 0)
			goto out;
	}
	r = view_dossier_make(l->ref, l->cal, &row, ev, nev, now, out, e) < 0 ? -1 : 1;
out:
	free(ev);
	free(f);
	return r;
}

int
snap_sealed_dossier(const struct snap_lease *l, const char *token, tmin_t now,
                    struct view_dossier **out, struct err *e)
{
	unsigned char id[SEAL_ID_BYTES], key[SEAL_KEY_BYTES], *box = NULL, *rec = NULL;
	size_t len = 0;
	long n;
	int r;

	seal_token_keys(token, id, key);
	if ((r = find_box(l->db, "SELECT box FROM sealed WHERE id = ?1", id, &box, &len, e)) <= 0)
		return r;
	if (!(rec = malloc(len))) {
		free(box);
		return err_set(e, "out of memory");
	}
	/* A box the token's key does not open is not this dossier's. */
	if ((n = seal_open(key, box, len, rec)) < 0)
		r = 0;
	else
		r = view_of_record(l, (const char *)rec, (size_t)n, now, out, e);
	sodium_memzero(key, sizeof key);
	free(box);
	free(rec);
	return r;
}

int
snap_sealed_token(const struct snap_lease *l, const char *code, const char *check, char *token,
                  struct err *e)
{
	/* Stands in for a box that is not there, so that a miss opens one too. */
	static const unsigned char dummy[SEAL_OVERHEAD + TOKEN_LEN + 1];
	struct seal_cost c = {l->seal_ops, l->seal_mem};
	unsigned char k[SEAL_KEY_BYTES], id[SEAL_ID_BYTES], wrap[SEAL_KEY_BYTES];
	unsigned char *box = NULL, out[SEAL_OVERHEAD + TOKEN_LEN + 1];
	size_t len = 0;
	long n;
	int r;

	if (seal_check_derive(code, check, l->salt, &c, k, e) < 0)
		return -1;
	seal_check_keys(k, id, wrap);
	sodium_memzero(k, sizeof k);
	if ((r = find_box(l->db, "SELECT box FROM checks WHERE id = ?1", id, &box, &len, e)) < 0)
		return -1;
	if (r == 0 || len != sizeof dummy) {
		n = seal_open(wrap, dummy, sizeof dummy, out);
		r = 0;
	} else {
		n = seal_open(wrap, box, len, out);
		r = n == TOKEN_LEN + 1 && out[TOKEN_LEN] == '\0' &&
		    token_valid((char *)out, TOKEN_LEN);
	}
	if (r)
		memcpy(token, out, TOKEN_LEN + 1);
	(void)n;
	sodium_memzero(wrap, sizeof wrap);
	free(box);
	return r;
}
