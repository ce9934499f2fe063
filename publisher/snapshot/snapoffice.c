/*
 * The sealed kiosk snapshots, one per office (--kiosk-dir DIR: DIR/OFFICE.db),
 * made from the publisher's own snapshot just written.
 *
 * Offices are data: the back office's table office_agencies (office_code,
 * agency_code) says which agencies' dossiers an office's kiosks serve (the
 * province centre serves many); an agency named there by no office is
 * served by an office of its own whose code is the agency's.  Without the
 * table, every agency is its own office.
 *
 * Each file holds the reference tables, the wallboard's codes and the day
 * counts in clear, and every dossier of its agencies sealed (seal.h).  A
 * file is rewritten, by a temporary file and a rename, only when its
 * content changed: the boxes are deterministic, so a hash over everything
 * written (meta.content) tells; an unchanged file keeps its bytes, its
 * mtime and so its ETag, and kiosks fetching it get 304.
 *
 * The code + check derivation costs milliseconds per dossier by design; it
 * is computed once per dossier and kept in the seal cache (seal_cache.c),
 * so that a run pays only for new dossiers.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "embedded.h"
#include "pub.h"
#include "seal.h"
#include "snapoffice.h"
#include "store.h"

#define OFFICE_CODE_MAX 64

/* One office: its code and its agencies (owned strings). */
struct office {
	char code[OFFICE_CODE_MAX + 1];
	char **agencies;
	size_t n;
};

struct offices {
	struct office *v;
	size_t n;
};

/* One sealed row of a file being made. */
struct srow {
	unsigned char id[SEAL_ID_BYTES];
	unsigned char *box;
	size_t len;
};

struct srows {
	struct srow *v;
	size_t n, cap;
};

static void
offices_free(struct offices *o)
{
	for (size_t i = 0; i < o->n; i++) {
		for (size_t j = 0; j < o->v[i].n; j++)
			free(o->v[i].agencies[j]);
		free(o->v[i].agencies);
	}
	free(o->v);
	o->v = NULL;
	o->n = 0;
}

/* A code usable as a file name in a directory nginx serves. */
static int
office_code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > OFFICE_CODE_MAX || s[0] == '.')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= 'a' && s[i] <= 'z') || s[i] == '.' || s[i] == '-' || s[i] == '_'))
			return 0;
	return 1;
}

static struct office *
office_get(struct offices *o, const char *code, struct err *e)
{
	struct office *v;

	for (size_t i = 0; i < o->n; i++)
		if (!strcmp(o->v[i].code, code))
			return &o->v[i];
	if (!office_code_ok(code)) {
		err_set(e, "office code '%s': letters, digits, '.', '-', '_' only", code);
		return NULL;
	}
	if (!(v = realloc(o->v, (o->n + 1) * sizeof *v))) {
		err_set(e, "out of memory");
		return NULL;
	}
	o->v = v;
	v = &o->v[o->n++];
	memset(v, 0, sizeof *v);
	memcpy(v->code, code, strlen(code) + 1);
	return v;
}

static int
office_add(struct office *of, const char *agency, struct err *e)
{
	char **v = realloc(of->agencies, (of->n + 1) * sizeof *v);

	if (!v)
		return err_set(e, "out of memory");
	of->agencies = v;
	if (!(v[of->n] = strdup(agency)))
		return err_set(e, "out of memory");
	of->n++;
	return 0;
}

static int
has_table(sqlite3 *db, const char *name)
{
	struct err ignored;
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT 1 FROM sqlite_master WHERE type = 'table' "
	                                 "AND name = ?1",
	                                 &ignored);
	int yes;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return yes;
}

/* The offices: office_agencies of DB where it names an agency, the agency
 * itself otherwise, over the agencies of the snapshot SNAP. */
static int
offices_load(sqlite3 *db, sqlite3 *snap, struct offices *o, struct err *e)
{
	int mapped = has_table(db, "office_agencies");
	sqlite3_stmt *ag = store_prepare(snap, "SELECT code FROM agencies ORDER BY code", e);
	sqlite3_stmt *map = NULL;
	int rc = SQLITE_DONE, r = -1;

	if (!ag)
		return -1;
	if (mapped && !(map = store_prepare(db,
	                                    "SELECT office_code FROM office_agencies WHERE "
	                                    "agency_code = ?1 ORDER BY office_code",
	                                    e)))
		goto out;
	while ((rc = sqlite3_step(ag)) == SQLITE_ROW) {
		const char *agency = store_text(ag, 0);
		int named = 0, mrc = SQLITE_DONE;
		struct office *of;

		if (map) {
			sqlite3_bind_text(map, 1, agency, -1, SQLITE_STATIC);
			while ((mrc = sqlite3_step(map)) == SQLITE_ROW) {
				named = 1;
				if (!(of = office_get(o, store_text(map, 0), e)) ||
				    office_add(of, agency, e) < 0)
					goto out;
			}
			sqlite3_reset(map);
			if (mrc != SQLITE_DONE) {
				err_set(e, "office_agencies: %s", sqlite3_errmsg(db));
				goto out;
			}
		}
		if (!named && (!(of = office_get(o, agency, e)) || office_add(of, agency, e) < 0))
			goto out;
	}
	if (rc != SQLITE_DONE)
		err_set(e, "agencies: %s", sqlite3_errmsg(snap));
	else
		r = 0;
out:
	sqlite3_finalize(ag);
	sqlite3_finalize(map);
	return r;
}

static void
srows_clear(struct srows *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].box);
	s->n = 0;
}

static void
srows_free(struct srows *s)
{
	srows_clear(s);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Append a row: ID and the box of MSG (N bytes) under KEY. */
static int
srows_push(struct srows *s, const unsigned char *id, const unsigned char *key, const void *msg,
           size_t n)
{
	struct srow *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		struct srow *v = realloc(s->v, cap * sizeof *v);
		if (!v)
			return -1;
		s->v = v;
		s->cap = cap;
	}
	r = &s->v[s->n];
	if (!(r->box = malloc(n + SEAL_OVERHEAD)))
		return -1;
	memcpy(r->id, id, SEAL_ID_BYTES);
	seal_box(key, msg, n, r->box);
	r->len = n + SEAL_OVERHEAD;
	s->n++;
	return 0;
}

static int
cmp_srow(const void *a, const void *b)
{
	return memcmp(((const struct srow *)a)->id, ((const struct srow *)b)->id, SEAL_ID_BYTES);
}

/* A growing record buffer of NUL-terminated fields. */
struct rec {
	char *b;
	size_t n, cap;
};

static int
rec_add(struct rec *r, const char *s)
{
	size_t n = strlen(s) + 1;

	if (r->n + n > r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 1024;
		char *b;
		while (cap < r->n + n)
			cap *= 2;
		if (!(b = realloc(r->b, cap)))
			return -1;
		r->b = b;
		r->cap = cap;
	}
	memcpy(r->b + r->n, s, n);
	r->n += n;
	return 0;
}

/* What one office's file is made of, gathered before anything is written. */
struct office_data {
	crypto_generichash_state h; /* the content hash */
	long dossiers;
	struct srows sealed, checks;
};

/* The dossier columns of a record, in snapshot order (VIEW_ROW_COLUMNS). */
#define SQL_OFFICE_DOS                                                                             \
	"SELECT " VIEW_ROW_COLUMNS " FROM dossiers WHERE agency_code = ?1 ORDER BY code"
#define SQL_OFFICE_EV                                                                              \
	"SELECT at, kind, step_no, new_due_at FROM events WHERE dossier_code = ?1 "                \
	"ORDER BY seq"

/* The record of the current row of DOS (and its events, read with EV) into
 * R: the VIEW_ROW_NCOLS columns, the number of events, then 4 fields per
 * event. */
static int
record_of(sqlite3_stmt *dos, sqlite3_stmt *ev, struct rec *r, struct err *e)
{
	char num[32];
	int rc, nev = 0;
	size_t count_at;

	r->n = 0;
	for (int c = 0; c < VIEW_ROW_NCOLS; c++)
		if (rec_add(r, store_text(dos, c)) < 0)
			return err_set(e, "out of memory");
	count_at = r->n;
	if (rec_add(r, "0000000000") < 0) /* the event count, filled in below */
		return err_set(e, "out of memory");
	sqlite3_bind_text(ev, 1, store_text(dos, 0), -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(ev)) == SQLITE_ROW) {
		for (int c = 0; c < 4; c++)
			if (rec_add(r, store_text(ev, c)) < 0)
				return err_set(e, "out of memory");
		nev++;
	}
	sqlite3_reset(ev);
	if (rc != SQLITE_DONE)
		return err_set(e, "events: %s", sqlite3_errmsg(sqlite3_db_handle(ev)));
	snprintf(num, sizeof num, "%010d", nev);
	memcpy(r->b + count_at, num, 10);
	return 0;
}

/* Seal the dossiers of agency AGENCY into D. */
static int
gather_agency(struct pub *p, struct seal_cache *sc, sqlite3_stmt *dos, sqlite3_stmt *ev,
              const char *agency, struct office_data *d, struct rec *r, struct err *e)
{
	unsigned char id[SEAL_ID_BYTES], key[SEAL_KEY_BYTES], k[SEAL_KEY_BYTES];
	int rc;

	sqlite3_bind_text(dos, 1, agency, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(dos)) == SQLITE_ROW) {
		const char *code = store_text(dos, 0), *token = store_text(dos, 1);

		if (record_of(dos, ev, r, e) < 0)
			return -1;
		if (seal_cache_get(sc, p, code, k, e) < 0)
			return -1;
		seal_token_keys(token, id, key);
		if (srows_push(&d->sealed, id, key, r->b, r->n) < 0)
			return err_set(e, "out of memory");
		seal_check_keys(k, id, key);
		if (srows_push(&d->checks, id, key, token, strlen(token) + 1) < 0)
			return err_set(e, "out of memory");
		d->dossiers++;
	}
	sqlite3_reset(dos);
	if (rc != SQLITE_DONE)
		return err_set(e, "dossiers: %s", sqlite3_errmsg(sqlite3_db_handle(dos)));
	return 0;
}

static void
hash_rows(crypto_generichash_state *h, const struct srows *s)
{
	for (size_t i = 0; i < s->n; i++) {
		uint64_t n = s->v[i].len;
		crypto_generichash_update(h, s->v[i].id, SEAL_ID_BYTES);
		crypto_generichash_update(h, (const unsigned char *)&n, sizeof n);
		crypto_generichash_update(h, s->v[i].box, s->v[i].len);
	}
}

/* Hash the rows of a query (text columns) into H. */
static int
hash_query(crypto_generichash_state *h, sqlite3_stmt *st, struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const char *s = store_text(st, c);
			crypto_generichash_update(h, (const unsigned char *)s, strlen(s) + 1);
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "%s", sqlite3_errmsg(sqlite3_db_handle(st)));
}

/* The clear tables of an office's file, from the publisher's snapshot:
 * the wallboard's ready codes (newest first) and the day counts. */
#define SQL_BOARD                                                                                  \
	"SELECT code, agency_code FROM dossiers WHERE status = 'ready' "                           \
	"AND agency_code = ?1 ORDER BY resolved_at DESC, code"
#define SQL_DAYS_IN(T)                                                                             \
	"SELECT agency_code, day, sum(r), sum(s), sum(t) FROM ("                                   \
	"SELECT agency_code, substr(received_at, 1, 10) AS day, 1 AS r, 0 AS s, 0 AS t "           \
	"FROM " T " WHERE agency_code = ?1 UNION ALL "                                             \
	"SELECT agency_code, substr(resolved_at, 1, 10), 0, 1, 0 FROM " T " "                      \
	"WHERE agency_code = ?1 AND resolved_at > '' UNION ALL "                                   \
	"SELECT agency_code, substr(returned_at, 1, 10), 0, 0, 1 FROM " T " "                      \
	"WHERE agency_code = ?1 AND returned_at > '') GROUP BY day ORDER BY day"
#define SQL_DAYS SQL_DAYS_IN("dossiers")

/* Everything office OF's file holds, and its content hash into HASH. */
static int
gather(struct pub *p, struct seal_cache *sc, sqlite3 *snap, const struct office *of,
       struct office_data *d, unsigned char hash[32], struct err *e)
{
	sqlite3_stmt *dos = store_prepare(snap, SQL_OFFICE_DOS, e), *ev = NULL, *bd = NULL,
	             *dy = NULL;
	struct rec r = {NULL, 0, 0};
	int rv = -1;

	crypto_generichash_init(&d->h, NULL, 0, 32);
	/* The reference tables, key, base URL and this build (p->gfp), and
	 * the derivation's parameters. */
	crypto_generichash_update(&d->h, (const unsigned char *)&p->gfp, sizeof p->gfp);
	seal_cache_hash_params(sc, &d->h);
	if (!dos || !(ev = store_prepare(snap, SQL_OFFICE_EV, e)) ||
	    !(bd = store_prepare(snap, SQL_BOARD, e)) || !(dy = store_prepare(snap, SQL_DAYS, e)))
		goto out;
	for (size_t i = 0; i < of->n; i++) {
		crypto_generichash_update(&d->h, (const unsigned char *)of->agencies[i],
		                          strlen(of->agencies[i]) + 1);
		if (gather_agency(p, sc, dos, ev, of->agencies[i], d, &r, e) < 0)
			goto out;
		sqlite3_bind_text(bd, 1, of->agencies[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(dy, 1, of->agencies[i], -1, SQLITE_STATIC);
		if (hash_query(&d->h, bd, e) < 0 || hash_query(&d->h, dy, e) < 0)
			goto out;
	}
	/* An office with no dossier has NULL lists: qsort must not see them. */
	if (d->sealed.n)
		qsort(d->sealed.v, d->sealed.n, sizeof *d->sealed.v, cmp_srow);
	if (d->checks.n)
		qsort(d->checks.v, d->checks.n, sizeof *d->checks.v, cmp_srow);
	hash_rows(&d->h, &d->sealed);
	hash_rows(&d->h, &d->checks);
	crypto_generichash_final(&d->h, hash, 32);
	rv = 0;
out:
	free(r.b);
	sqlite3_finalize(dos);
	sqlite3_finalize(ev);
	sqlite3_finalize(bd);
	sqlite3_finalize(dy);
	return rv;
}

/* The content hash an existing office file was made with ("" when none)
 * and its generation (G->gen 0 when none). */
static void
old_content(const char *path, char *hex, size_t size, struct office_gen *g)
{
	struct err ignored;
	sqlite3 *db;
	sqlite3_stmt *st;

	hex[0] = '\0';
	memset(g, 0, sizeof *g);
	if (access(path, F_OK) < 0 || !(db = store_open_readonly(path, &ignored)))
		return;
	st = store_prepare(db,
	                   "SELECT key, value FROM meta WHERE key IN ('content', 'generation', "
	                   "'series')",
	                   &ignored);
	while (st && sqlite3_step(st) == SQLITE_ROW) {
		const char *k = store_text(st, 0), *v = store_text(st, 1);
		if (!strcmp(k, "content"))
			snprintf(hex, size, "%s", v);
		else if (!strcmp(k, "generation"))
			g->gen = strtoull(v, NULL, 10);
		else if (strlen(v) < sizeof g->series)
			memcpy(g->series, v, strlen(v) + 1);
	}
	if (!delta_series_ok(g->series))
		g->gen = 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int
insert_rows(sqlite3 *db, const char *sql, const struct srows *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sql, e);

	if (!st)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		sqlite3_bind_blob(st, 1, s->v[i].id, SEAL_ID_BYTES, SQLITE_STATIC);
		sqlite3_bind_blob(st, 2, s->v[i].box, (int)s->v[i].len, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			err_set(e, "%s", sqlite3_errmsg(db));
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return 0;
}

static int
put_meta(sqlite3 *db, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(db, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", e);
	int r = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		r = 0;
	else
		err_set(e, "meta: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return r;
}

/* The reference tables, copied from the publisher's snapshot (attached as
 * src), and the clear tables of OF's agencies. */
static const char *const ref_tables[] = {"office_hours",   "calendar",       "fields",
                                         "agencies",       "procedures",     "rating_questions",
                                         "rating_choices", "rating_reasons", "procedure_documents"};

static int
fill_clear(sqlite3 *db, const struct office *of, struct err *e)
{
	sqlite3_stmt *ag = NULL, *dy = NULL;
	char sql[128];
	int r = -1;

	if (store_exec(db, "CREATE TEMP TABLE office_agencies (code TEXT PRIMARY KEY)", e) < 0 ||
	    !(ag = store_prepare(db, "INSERT INTO temp.office_agencies (code) VALUES (?1)", e)) ||
	    !(dy = store_prepare(db, "INSERT INTO day_counts " SQL_DAYS_IN("src.dossiers"), e)))
		goto out;
	for (size_t i = 0; i < of->n; i++) {
		sqlite3_bind_text(ag, 1, of->agencies[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(dy, 1, of->agencies[i], -1, SQLITE_STATIC);
		if (sqlite3_step(ag) != SQLITE_DONE || sqlite3_step(dy) != SQLITE_DONE) {
			err_set(e, "%s", sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_reset(ag);
		sqlite3_reset(dy);
	}
	for (size_t i = 0; i < sizeof ref_tables / sizeof ref_tables[0]; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO main.%s SELECT * FROM src.%s", ref_tables[i],
		         ref_tables[i]);
		if (store_exec(db, sql, e) < 0)
			goto out;
	}
	/* The ISO processes of the office's agencies (and any its dossiers
	 * are judged by): a province's thousands of others are not its
	 * kiosk's business and would be most of every file. */
	if (store_exec(
	        db,
	        "INSERT INTO main.processes SELECT * FROM src.processes WHERE agency_code IN "
	        "(SELECT code FROM temp.office_agencies) OR id IN (SELECT process_id FROM "
	        "src.dossiers WHERE agency_code IN (SELECT code FROM temp.office_agencies)); "
	        "INSERT INTO main.steps SELECT * FROM src.steps WHERE process_id IN "
	        "(SELECT id FROM main.processes)",
	        e) < 0)
		goto out;
	/* One rank over all the office's agencies: the board lists the
	 * newest results first, whoever resolved them. */
	r = store_exec(db,
	               "INSERT INTO board (code, agency_code, rank) SELECT code, agency_code, "
	               "row_number() OVER (ORDER BY resolved_at DESC, code) FROM src.dossiers "
	               "WHERE status = 'ready' AND agency_code IN (SELECT code FROM "
	               "temp.office_agencies)",
	               e);
out:
	sqlite3_finalize(ag);
	sqlite3_finalize(dy);
	return r;
}

/* Write OF's file (generation G) from D into a temporary file beside
 * PATH, whose name goes to *OUT (the caller renames or removes it). */
static int
write_office(struct pub *p, struct seal_cache *sc, const struct office *of,
             const struct office_data *d, const char *hex, const struct office_gen *g,
             const char *path, char **out, struct err *e)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	size_t n = strlen(path) + 16;
	char *tmp = malloc(n), now[CLOCK_INSTANT_LEN + 1], num[32], salt[2 * SEAL_SALT_BYTES + 1],
	     gen[32];
	const char *slash = strrchr(path, '/');
	sqlite3 *db = NULL;
	sqlite3_stmt *at = NULL;
	int fd, r = -1;

	if (!tmp || !schema)
		return err_set(e, tmp ? "snapshot schema not built in" : "out of memory"),
		       free(tmp), -1;
	snprintf(tmp, n, "%.*s.%s.XXXXXX", (int)(slash - path + 1), path, slash + 1);
	if ((fd = mkstemp(tmp)) < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		err_set(e, "%s: cannot open", tmp);
		goto out;
	}
	/* As the publisher's own: renamed only whole, no journal. */
	if (store_exec(
	        db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 4096",
	        e) < 0 ||
	    store_exec(db, schema->data, e) < 0)
		goto out;
	if (!(at = store_prepare(db, "ATTACH DATABASE ?1 AS src", e)))
		goto out;
	sqlite3_bind_text(at, 1, p->snap_path, -1, SQLITE_STATIC);
	if (sqlite3_step(at) != SQLITE_DONE) {
		err_set(e, "%s: %s", p->snap_path, sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_finalize(at);
	at = NULL;
	if (store_exec(db, "BEGIN", e) < 0 || fill_clear(db, of, e) < 0 ||
	    insert_rows(db, "INSERT INTO sealed (id, box) VALUES (?1, ?2)", &d->sealed, e) < 0 ||
	    insert_rows(db, "INSERT INTO checks (id, box) VALUES (?1, ?2)", &d->checks, e) < 0)
		goto out;
	clock_format_instant(p->o.now, now);
	snprintf(num, sizeof num, "%ld", d->dossiers);
	seal_cache_salt_hex(sc, salt);
	snprintf(gen, sizeof gen, "%llu", (unsigned long long)g->gen);
	if (put_meta(db, "generation", gen, e) < 0 || put_meta(db, "series", g->series, e) < 0 ||
	    put_meta(db, "snapshot_version", "1", e) < 0 || put_meta(db, "sealed", "1", e) < 0 ||
	    put_meta(db, "office", of->code, e) < 0 || put_meta(db, "generated_at", now, e) < 0 ||
	    put_meta(db, "data_as_of", p->as_of, e) < 0 ||
	    put_meta(db, "base_url", p->o.base_url, e) < 0 ||
	    put_meta(db, "dossiers", num, e) < 0 || put_meta(db, "content", hex, e) < 0 ||
	    put_meta(db, "seal_salt", salt, e) < 0 || seal_cache_put_meta(sc, db, e) < 0 ||
	    store_exec(db, "COMMIT; DETACH DATABASE src", e) < 0)
		goto out;
	if (sqlite3_close(db) != SQLITE_OK) {
		db = NULL;
		err_set(e, "%s: close failed", tmp);
		goto out;
	}
	db = NULL;
	if (chmod(tmp, 0644) < 0) {
		err_set(e, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	*out = tmp;
	tmp = NULL;
	r = 0;
out:
	sqlite3_finalize(at);
	sqlite3_close(db);
	if (r < 0)
		unlink(tmp);
	free(tmp);
	return r;
}

/* Remove the temporaries a killed run left in DIR (".NAME.db.XXXXXX",
 * ".NAME.gen.XXXXXX"; those of NAME.d/ go when it is pruned). */
static void
sweep(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		if (de->d_name[0] == '.' && n > 12 &&
		    (!memcmp(de->d_name + n - 10, ".db.", 4) ||
		     !memcmp(de->d_name + n - 11, ".gen.", 5)) &&
		    snprintf(path, sizeof path, "%s/%s", dir, de->d_name) < (int)sizeof path)
			unlink(path);
	}
	closedir(d);
}

/* Make, compare and (when changed) write office OF's file. */
static int
one_office(struct pub *p, struct seal_cache *sc, sqlite3 *snap, const struct office *of,
           struct err *e)
{
	struct office_data d;
	struct office_gen og, ng;
	unsigned char hash[32];
	char hex[65], old[80], *path, *tmp = NULL;
	size_t n = strlen(p->o.kiosk_dir) + strlen(of->code) + 8;
	int r = -1;

	memset(&d, 0, sizeof d);
	if (!(path = malloc(n)))
		return err_set(e, "out of memory");
	snprintf(path, n, "%s/%s.db", p->o.kiosk_dir, of->code);
	if (gather(p, sc, snap, of, &d, hash, e) < 0)
		goto out;
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	old_content(path, old, sizeof old, &og);
	if (!strcmp(old, hex)) {
		p->c.offices_kept++;
		r = delta_keep(p, of->code, path, &og, e);
		goto out;
	}
	delta_next(&og, &ng);
	if (write_office(p, sc, of, &d, hex, &ng, path, &tmp, e) < 0 ||
	    delta_publish(p, of->code, path, tmp, &og, &ng, e) < 0)
		goto out;
	p->c.offices_written++;
	r = 0;
out:
	if (tmp)
		unlink(tmp); /* gone when renamed */
	free(tmp);
	if (r < 0)
		err_prefix(e, "office %s", of->code);
	srows_free(&d.sealed);
	srows_free(&d.checks);
	free(path);
	return r;
}

/* What the office files were last made from, as a hex hash: the
 * publisher's snapshot (its run id: a kept snapshot keeps it), everything
 * else its rows depend on (p->gfp), the offices, and the directory. */
static void
pass_stamp(const struct pub *p, const struct offices *o, char hex[65])
{
	crypto_generichash_state h;
	unsigned char b[32];

	crypto_generichash_init(&h, NULL, 0, sizeof b);
	crypto_generichash_update(&h, (const unsigned char *)&p->run_id, sizeof p->run_id);
	crypto_generichash_update(&h, (const unsigned char *)&p->gfp, sizeof p->gfp);
	crypto_generichash_update(&h, (const unsigned char *)p->o.kiosk_dir,
	                          strlen(p->o.kiosk_dir) + 1);
	for (size_t i = 0; i < o->n; i++) {
		crypto_generichash_update(&h, (const unsigned char *)o->v[i].code,
		                          strlen(o->v[i].code) + 1);
		for (size_t j = 0; j < o->v[i].n; j++)
			crypto_generichash_update(&h, (const unsigned char *)o->v[i].agencies[j],
			                          strlen(o->v[i].agencies[j]) + 1);
	}
	crypto_generichash_final(&h, b, sizeof b);
	sodium_bin2hex(hex, 65, b, sizeof b);
}

/* Whether the last pass was made from the same inputs (STAMP in
 * SNAPSHOT.offices) and every office file is still there: then nothing
 * can have changed and the pass over every dossier is skipped. */
static int
pass_current(const struct pub *p, const struct offices *o, const char *stamp, const char *path)
{
	char buf[80] = "", f[4096];
	FILE *in;

	if (p->o.full || p->c.snap_copied != 2 || !(in = fopen(path, "r")))
		return 0;
	if (!fgets(buf, sizeof buf, in))
		buf[0] = '\0';
	fclose(in); /* read only */
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, stamp) != 0)
		return 0;
	for (size_t i = 0; i < o->n; i++)
		if (snprintf(f, sizeof f, "%s/%s.db", p->o.kiosk_dir, o->v[i].code) >=
		        (int)sizeof f ||
		    access(f, F_OK) < 0)
			return 0;
	return 1;
}

/* Record STAMP for the next run (best effort: without it, it passes). */
static void
pass_record(const char *stamp, const char *path)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	FILE *f;

	if (!tmp)
		return;
	snprintf(tmp, n, "%s.tmp", path);
	if ((f = fopen(tmp, "w"))) {
		int ok = fprintf(f, "%s\n", stamp) > 0;
		if (fclose(f) == 0 && ok)
			rename(tmp, path);
		else
			unlink(tmp);
	}
	free(tmp);
}

int
offices_write(struct pub *p, sqlite3 *db, struct err *e)
{
	struct offices o = {NULL, 0};
	struct seal_cache *sc = NULL;
	sqlite3 *snap = NULL;
	char stamp[65], *spath = malloc(strlen(p->snap_path) + 9);
	int r = -1;

	if (!spath)
		return err_set(e, "out of memory");
	snprintf(spath, strlen(p->snap_path) + 9, "%s.offices", p->snap_path);
	if (mkdir(p->o.kiosk_dir, 0755) < 0 && errno != EEXIST) {
		err_set(e, "%s: %s", p->o.kiosk_dir, strerror(errno));
		goto out;
	}
	sweep(p->o.kiosk_dir);
	if (!(snap = store_open_readonly(p->snap_path, e)) || offices_load(db, snap, &o, e) < 0)
		goto out;
	pass_stamp(p, &o, stamp);
	p->c.offices = (long)o.n;
	if (pass_current(p, &o, stamp, spath)) {
		p->c.offices_kept = (long)o.n;
		r = 0;
		goto out;
	}
	/* A pass that fails half way must not be taken for a whole one. */
	unlink(spath);
	if (!(sc = seal_cache_open(p, snap, e)))
		goto out;
	for (size_t i = 0; i < o.n; i++)
		if (one_office(p, sc, snap, &o.v[i], e) < 0)
			goto out;
	if ((r = seal_cache_save(sc, p, e)) == 0)
		pass_record(stamp, spath);
out:
	free(spath);
	seal_cache_free(sc);
	sqlite3_close(snap);
	offices_free(&o);
	return r;
}
