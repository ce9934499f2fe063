#include "rating.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <time.h>

#include <sodium.h>
#include <sqlite3.h>

#include "out.h"
#include "store.h"

/* Vietnam's time, as everywhere in the data (no daylight saving). */
#define LOCAL_OFFSET_S ((time_t)7 * 3600)

/* The store's schema.  AUTOINCREMENT: a sequence number is never reused,
 * so the upload's "sent through N" stays true whatever happens. */
static const char schema[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('kind', 'kioskd ratings'),"
    " ('store_id', lower(hex(randomblob(8))));"
    "CREATE TABLE IF NOT EXISTS ratings ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
    " dossier_code TEXT NOT NULL, question TEXT NOT NULL, choice TEXT NOT NULL, reason TEXT,"
    " rated_at TEXT NOT NULL, source TEXT NOT NULL, device TEXT);"
    "CREATE INDEX IF NOT EXISTS ratings_dossier ON ratings(dossier_code, question, rated_at);";

struct rating_store {
	pthread_mutex_t lock;
	sqlite3 *db;
	sqlite3_stmt *count, *insert, *latest;
	char id[17];      /* meta store_id */
	uint64_t last_ms; /* ids grow strictly, also within one millisecond */
};

void
rating_instant(char *buf, long ago)
{
	time_t t = time(NULL) + LOCAL_OFFSET_S - ago;
	struct tm tm;

	gmtime_r(&t, &tm);
	if (!strftime(buf, RATING_AT_LEN + 1, "%Y-%m-%d %H:%M:%S", &tm))
		buf[0] = '\0';
}

/* Whether DB is a rating store, or a new, empty file: 1, 0, -1 with E. */
static int
is_store(sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT (SELECT count(*) FROM sqlite_master), "
	                                 "(SELECT count(*) FROM sqlite_master WHERE "
	                                 "type = 'table' AND name = 'meta')",
	                                 e);
	int objects = 0, meta = 0, r;

	if (!st)
		return -1;
	if ((r = sqlite3_step(st)) == SQLITE_ROW) {
		objects = sqlite3_column_int(st, 0);
		meta = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_ROW)
		return err_set(e, "%s", sqlite3_errmsg(db));
	if (objects == 0)
		return 1;
	if (!meta)
		return 0;
	if (!(st = store_prepare(db,
	                         "SELECT 1 FROM meta WHERE key = 'kind' AND "
	                         "value = 'kioskd ratings'",
	                         e)))
		return -1;
	r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return r;
}

/* SQLite, when run as root, hands the WAL and shared-memory files it
 * creates to the database's owner with fchown.  The store's files are
 * kioskd's own, in its own directory, and kioskd's unit forbids chown
 * (SystemCallFilter=~@privileged): keep SQLite from trying. */
static int
no_fchown(int fd, uid_t uid, gid_t gid)
{
	(void)fd;
	(void)uid;
	(void)gid;
	return 0;
}

/* The store's random name into S->id.  0 or -1 with E. */
static int
read_id(struct rating_store *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s->db, "SELECT value FROM meta WHERE key = 'store_id'", e);
	int r = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(s->id, sizeof s->id, "%s", store_text(st, 0));
		r = 0;
	} else {
		err_set(e, "no store_id");
	}
	sqlite3_finalize(st);
	return r;
}

struct rating_store *
rating_open(const char *path, struct err *e)
{
	struct rating_store *s = calloc(1, sizeof *s);
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	int r;

	if (!s)
		return err_set(e, "out of memory"), NULL;
	/* Before any thread uses SQLite: the table is process-wide. */
	if (vfs && vfs->iVersion >= 3 && vfs->xSetSystemCall)
		vfs->xSetSystemCall(vfs, "fchown", (sqlite3_syscall_ptr)(void (*)(void))no_fchown);
	pthread_mutex_init(&s->lock, NULL);
	if (sqlite3_open_v2(path, &s->db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", path, s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if ((r = is_store(s->db, e)) <= 0) {
		if (r == 0)
			err_set(e, "%s: not a kioskd rating store (refusing to write into it)",
			        path);
		else
			err_prefix(e, "%s", path);
		goto fail;
	}
	/* WAL with synchronous = FULL: every commit is on disk (the WAL
	 * fsync'd) before sqlite3_step returns, which is what lets the
	 * handler say "thank you". */
	/* The WAL and shared-memory files stay when kioskd stops: the export
	 * (kiosk-fetch, another user, read-only) can then read the store while
	 * kioskd is down, without creating files it may not. */
	sqlite3_file_control(s->db, "main", SQLITE_FCNTL_PERSIST_WAL, &(int){1});
	if (store_exec(s->db, "PRAGMA journal_mode = WAL", e) < 0 ||
	    store_exec(s->db, "PRAGMA synchronous = FULL", e) < 0 ||
	    store_exec(s->db, "PRAGMA secure_delete = ON", e) < 0 ||
	    store_exec(s->db, schema, e) < 0 || read_id(s, e) < 0)
		goto fail_path;
	s->count = store_prepare(s->db,
	                         "SELECT count(*) FROM ratings WHERE dossier_code = ?1 AND "
	                         "question = ?2 AND rated_at >= ?3",
	                         e);
	s->insert = s->count ? store_prepare(s->db,
	                                     "INSERT INTO ratings (id, dossier_code, question, "
	                                     "choice, reason, rated_at, source, device) VALUES "
	                                     "(?1, ?2, ?3, ?4, nullif(?5, ''), ?6, ?7, ?8)",
	                                     e)
	                     : NULL;
	s->latest = s->insert ? store_prepare(s->db,
	                                      "SELECT choice, rated_at FROM ratings WHERE "
	                                      "dossier_code = ?1 AND question = ?2 ORDER BY "
	                                      "rated_at DESC, id DESC LIMIT 1",
	                                      e)
	                      : NULL;
	if (!s->latest)
		goto fail_path;
	return s;
fail_path:
	err_prefix(e, "%s", path);
fail:
	rating_close(s);
	return NULL;
}

void
rating_close(struct rating_store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->count);
	sqlite3_finalize(s->insert);
	sqlite3_finalize(s->latest);
	sqlite3_close(s->db);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

/* A new id into R: 12 hex digits of milliseconds since 1970 (strictly
 * growing in this store), then 20 random ones. */
static void
make_id(struct rating_store *s, struct rating *r)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char rnd[10];
	struct timeval tv;
	uint64_t ms;

	gettimeofday(&tv, NULL);
	ms = (uint64_t)tv.tv_sec * 1000 + (uint64_t)tv.tv_usec / 1000;
	if (ms <= s->last_ms)
		ms = s->last_ms + 1;
	s->last_ms = ms;
	for (int i = 11; i >= 0; i--, ms >>= 4)
		r->id[i] = hex[ms & 15];
	randombytes_buf(rnd, sizeof rnd);
	for (int i = 0; i < 10; i++) {
		r->id[12 + 2 * i] = hex[rnd[i] >> 4];
		r->id[13 + 2 * i] = hex[rnd[i] & 15];
	}
	r->id[RATING_ID_LEN] = '\0';
}

static int
step_done(struct rating_store *s, sqlite3_stmt *st, struct err *e)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "rating store: %s", sqlite3_errmsg(s->db));
	return 0;
}

/* Under the lock: the cap, then the insert, in one transaction. */
static int
add_locked(struct rating_store *s, struct rating *r, int per_day, struct err *e)
{
	char since[RATING_AT_LEN + 1];
	int n;

	rating_instant(since, 86400);
	rating_instant(r->rated_at, 0);
	sqlite3_bind_text(s->count, 1, r->dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->count, 2, r->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->count, 3, since, -1, SQLITE_STATIC);
	if (sqlite3_step(s->count) != SQLITE_ROW) {
		sqlite3_reset(s->count);
		return err_set(e, "rating store: %s", sqlite3_errmsg(s->db));
	}
	n = sqlite3_column_int(s->count, 0);
	sqlite3_reset(s->count);
	if (n >= per_day)
		return 0;
	make_id(s, r);
	sqlite3_bind_text(s->insert, 1, r->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 2, r->dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 3, r->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 4, r->choice, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 5, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 6, r->rated_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 7, r->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->insert, 8, r->device, -1, SQLITE_STATIC);
	return step_done(s, s->insert, e) < 0 ? -1 : 1;
}

int
rating_add(struct rating_store *s, struct rating *r, int per_day, struct err *e)
{
	int ret;

	pthread_mutex_lock(&s->lock);
	if (store_exec(s->db, "BEGIN IMMEDIATE", e) < 0) {
		pthread_mutex_unlock(&s->lock);
		return -1;
	}
	ret = add_locked(s, r, per_day, e);
	/* The COMMIT is the fsync: only after it may the citizen be told. */
	if (ret > 0 && store_exec(s->db, "COMMIT", e) < 0)
		ret = -1;
	if (ret <= 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_unlock(&s->lock);
	return ret;
}

int
rating_latest(struct rating_store *s, const char *dossier, const char *question, char *choice,
              char *at, struct err *e)
{
	int rc, r = 0;

	pthread_mutex_lock(&s->lock);
	sqlite3_bind_text(s->latest, 1, dossier, -1, SQLITE_STATIC);
	sqlite3_bind_text(s->latest, 2, question, -1, SQLITE_STATIC);
	rc = sqlite3_step(s->latest);
	if (rc == SQLITE_ROW) {
		snprintf(choice, RATING_CODE_MAX + 1, "%s", store_text(s->latest, 0));
		snprintf(at, RATING_AT_LEN + 1, "%s", store_text(s->latest, 1));
		r = 1;
	} else if (rc != SQLITE_DONE) {
		r = err_set(e, "rating store: %s", sqlite3_errmsg(s->db));
	}
	sqlite3_reset(s->latest);
	pthread_mutex_unlock(&s->lock);
	return r;
}

long
rating_prune(struct rating_store *s, const char *store_id, int64_t last, unsigned keep_days,
             struct err *e)
{
	char before[RATING_AT_LEN + 1];
	sqlite3_stmt *st;
	long n = -1;

	if (strcmp(store_id, s->id) != 0 || last <= 0)
		return 0; /* another store's record, or nothing sent yet */
	rating_instant(before, (long)keep_days * 86400);
	pthread_mutex_lock(&s->lock);
	st = store_prepare(s->db, "DELETE FROM ratings WHERE seq <= ?1 AND rated_at < ?2", e);
	if (st) {
		sqlite3_bind_int64(st, 1, last);
		sqlite3_bind_text(st, 2, before, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE)
			n = sqlite3_changes(s->db);
		else
			err_set(e, "rating store: %s", sqlite3_errmsg(s->db));
		sqlite3_finalize(st);
	}
	/* The old page images also leave the write-ahead log. */
	if (n > 0 && store_exec(s->db, "PRAGMA wal_checkpoint(TRUNCATE)", e) < 0)
		n = -1;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/* One CSV row of ST's columns 1..8 (id .. device) to OUT. */
static void
export_row(FILE *out, sqlite3_stmt *st)
{
	for (int i = 1; i <= 8; i++) {
		if (i > 1)
			putc(',', out);
		out_csv(out, store_text(st, i));
	}
	fputs("\r\n", out);
}

long
rating_export(const char *path, int64_t after, long max, FILE *out, int64_t *first, int64_t *last,
              char *store_id, struct err *e)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long n = -1;
	int rc;

	*first = *last = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(db, 5000);
	if (!(st = store_prepare(db, "SELECT value FROM meta WHERE key = 'store_id'", e)) ||
	    sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "%s: not a kioskd rating store", path);
		goto out;
	}
	snprintf(store_id, 17, "%s", store_text(st, 0));
	sqlite3_finalize(st);
	/* One read transaction: the rows and their numbers are one state. */
	if (!(st = store_prepare(db,
	                         "SELECT seq, id, dossier_code, question, choice, reason, "
	                         "rated_at, source, device FROM ratings WHERE seq > ?1 "
	                         "ORDER BY seq LIMIT ?2",
	                         e)))
		goto out;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, max);
	fputs("id,dossier_code,question,choice,reason,rated_at,source,device\r\n", out);
	for (n = 0; (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
		*last = sqlite3_column_int64(st, 0);
		if (!n)
			*first = *last;
		export_row(out, st);
	}
	if (rc != SQLITE_DONE)
		n = err_set(e, "%s: %s", path, sqlite3_errmsg(db));
	else if (ferror(out))
		n = err_set(e, "write error");
out:
	if (n < 0)
		err_prefix(e, "export");
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}
