/*
 * The kiosk snapshot (data/snapshot.sql): the public part of the database.
 * Privacy by construction: only public columns are selected here, the
 * applicant's name leaves this file as initials, and every public page is
 * then rendered from the snapshot, never from the database.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <dirent.h>

#include <sodium.h>

#include "embedded.h"
#include "pub.h"
#include "store.h"

/* Reference tables, copied whole.  The column lists are the snapshot's. */
static const struct copy {
	const char *sel, *ins;
} copies[] = {
    {"SELECT session, opens, closes FROM office_hours",
     "INSERT INTO office_hours (session, opens, closes) VALUES (?1, ?2, ?3)"},
    {"SELECT day, kind, name, name_en, provisional FROM calendar",
     "INSERT INTO calendar (day, kind, name, name_en, provisional) VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT code, name, name_en FROM fields",
     "INSERT INTO fields (code, name, name_en) VALUES (?1, ?2, ?3)"},
    {"SELECT code, name, name_en, level, parent_code, valid_from, valid_to, successor_code, "
     "iso_standard, iso_mode, iso_plan, iso_target, iso_announced, eiso_target, eiso_date, "
     "last_audit, last_review, phone, address, hours, pickup_place FROM agencies",
     "INSERT INTO agencies (code, name, name_en, level, parent_code, valid_from, valid_to, "
     "successor_code, iso_standard, iso_mode, iso_plan, iso_target, iso_announced, eiso_target, "
     "eiso_date, last_audit, last_review, phone, address, hours, pickup_place) VALUES (?1, ?2, "
     "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"},
    {"SELECT code, name, name_en, field_code, level, limit_days, fee_vnd, fee_note, "
     "legal_basis, legal_changed FROM procedures",
     "INSERT INTO procedures (code, name, name_en, field_code, level, limit_days, fee_vnd, "
     "fee_note, legal_basis, legal_changed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
    {"SELECT id, doc_code, version, agency_code, procedure_code, effective_from, effective_to "
     "FROM processes",
     "INSERT INTO processes (id, doc_code, version, agency_code, procedure_code, effective_from, "
     "effective_to) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
    {"SELECT process_id, step_no, name, name_en, unit, allowance_hours FROM steps",
     "INSERT INTO steps (process_id, step_no, name, name_en, unit, allowance_hours) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
    {"SELECT template, question, seq, text, text_en FROM rating_questions",
     "INSERT INTO rating_questions (template, question, seq, text, text_en) "
     "VALUES (?1, ?2, ?3, ?4, ?5)"},
    {"SELECT template, question, choice, seq, text, text_en, satisfied FROM rating_choices",
     "INSERT INTO rating_choices (template, question, choice, seq, text, text_en, satisfied) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
    {"SELECT template, question, reason, seq, text, text_en FROM rating_reasons",
     "INSERT INTO rating_reasons (template, question, reason, seq, text, text_en) "
     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
    {"SELECT procedure_code, seq, name, name_en, originals, copies, note, note_en "
     "FROM procedure_documents",
     "INSERT INTO procedure_documents (procedure_code, seq, name, name_en, originals, copies, "
     "note, note_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"},
};

/* The current row of SEL, a row of the ratings (ratings_copy), into the
 * ratings fingerprint ST: each column as text with its NUL. */
static void
ratings_hash_row(crypto_generichash_state *st, sqlite3_stmt *sel)
{
	for (int c = 0; c < 5; c++) {
		const unsigned char *v = sqlite3_column_text(sel, c);
		size_t n = v ? (size_t)sqlite3_column_bytes(sel, c) + 1 : 1;
		crypto_generichash_update(st, v ? v : (const unsigned char *)"", n);
	}
}

/* The fingerprint ST into OUT (16 hex digits). */
static void
ratings_hash_final(crypto_generichash_state *st, char out[17])
{
	unsigned char h[8];

	crypto_generichash_final(st, h, sizeof h);
	for (size_t i = 0; i < 8; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* Insert every row SEL (of DB) gives with INS (of SNAP), column for
 * column, and into the ratings fingerprint H unless NULL; SEL is reset
 * after.  Returns 0 or -1 with E set. */
static int
copy_rows(sqlite3 *db, sqlite3_stmt *sel, sqlite3 *snap, sqlite3_stmt *ins,
          crypto_generichash_state *h, struct err *e)
{
	int rc;

	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(sel); i++)
			sqlite3_bind_value(ins, i + 1, sqlite3_column_value(sel, i));
		if (h) /* after the binding: column_text converts the value */
			ratings_hash_row(h, sel);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE) {
			sqlite3_reset(sel);
			return err_set(e, "%s", sqlite3_errmsg(snap));
		}
	}
	sqlite3_reset(sel);
	return rc == SQLITE_DONE ? 0 : err_set(e, "%s", sqlite3_errmsg(db));
}

static int
copy_table(sqlite3 *db, sqlite3 *snap, const struct copy *c, crypto_generichash_state *h,
           struct err *e)
{
	sqlite3_stmt *sel = store_prepare(db, c->sel, e);
	sqlite3_stmt *ins = sel ? store_prepare(snap, c->ins, e) : NULL;
	int r = ins ? copy_rows(db, sel, snap, ins, h, e) : -1;

	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return r;
}

/* The current ratings for the statistics (data/snapshot.sql,
 * ratings_current): the satisfied flag of each choice from the template
 * that applies to the dossier's agency, choice by choice (its own, else
 * 'province', else 'default').  A rating whose choice no template knows is
 * left out (the import refuses such ratings). */
#define RATINGS_SELECT                                                                             \
	"SELECT r.dossier_code, r.question, r.choice, substr(r.rated_at, 1, 16), "                 \
	"(SELECT c.satisfied FROM rating_choices c WHERE c.question = r.question AND "             \
	"c.choice = r.choice AND c.template IN (d.agency_code, 'province', 'default') "            \
	"ORDER BY CASE c.template WHEN 'default' THEN 2 WHEN 'province' THEN 1 ELSE 0 END "        \
	"LIMIT 1) AS sat "                                                                         \
	"FROM ratings_current r JOIN dossiers d ON d.code = r.dossier_code "
static const struct copy ratings_copy = {
    RATINGS_SELECT "WHERE sat IS NOT NULL ORDER BY r.dossier_code, r.question",
    "INSERT INTO ratings_current (dossier_code, question, choice, rated_at, satisfied) "
    "VALUES (?1, ?2, ?3, ?4, ?5)",
};
/* The same for one dossier. */
static const char ratings_one[] =
    RATINGS_SELECT "WHERE r.dossier_code = ?1 AND sat IS NOT NULL ORDER BY r.question";

/* The fingerprint of the current ratings (16 hex digits into OUT): a new
 * rating alone changes no dossier's page, but the statistics, so the
 * snapshot is renewed when it differs from the previous snapshot's. */
static int
ratings_fingerprint(sqlite3 *db, char out[17], struct err *e)
{
	sqlite3_stmt *sel = store_prepare(db, ratings_copy.sel, e);
	crypto_generichash_state st;
	int rc;

	if (!sel)
		return -1;
	crypto_generichash_init(&st, NULL, 0, 8);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW)
		ratings_hash_row(&st, sel);
	sqlite3_finalize(sel);
	if (rc != SQLITE_DONE)
		return err_set(e, "ratings: %s", sqlite3_errmsg(db));
	ratings_hash_final(&st, out);
	return 0;
}

/* Replace the snapshot's ratings with the database's current ones, and
 * when FP is not NULL take their fingerprint (ratings_fingerprint's) on
 * the way: a new snapshot is spared the query's second run. */
static int
fill_ratings(sqlite3 *db, sqlite3 *snap, char *fp, struct err *e)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 8);
	if (store_exec(snap, "DELETE FROM ratings_current", e) < 0 ||
	    copy_table(db, snap, &ratings_copy, fp ? &st : NULL, e) < 0)
		return err_prefix(e, "snapshot: ratings");
	if (fp)
		ratings_hash_final(&st, fp);
	return 0;
}

/* Replace the snapshot's ratings of the N dossiers CODES with the
 * database's: what a dossier's current ratings are depends only on its own
 * ratings, its agency and the rating templates (reference data: a change
 * there makes a new snapshot), so a run planned from the change journal,
 * whose triggers name the dossier of every rating written, refreshes
 * those and is spared the fingerprint of every rating (the join of each
 * with its dossier: seconds at a million). */
static int
refresh_ratings(sqlite3 *db, sqlite3 *snap, char *const *codes, size_t n, struct err *e)
{
	sqlite3_stmt *sel = store_prepare(db, ratings_one, e);
	sqlite3_stmt *del =
	    sel ? store_prepare(snap, "DELETE FROM ratings_current WHERE dossier_code = ?1", e)
	        : NULL;
	sqlite3_stmt *ins = del ? store_prepare(snap, ratings_copy.ins, e) : NULL;
	int r = ins ? 0 : -1;

	for (size_t i = 0; r == 0 && i < n; i++) {
		sqlite3_bind_text(del, 1, codes[i], -1, SQLITE_STATIC);
		if (sqlite3_step(del) != SQLITE_DONE)
			r = err_set(e, "%s", sqlite3_errmsg(snap));
		sqlite3_reset(del);
		sqlite3_bind_text(sel, 1, codes[i], -1, SQLITE_STATIC);
		if (r == 0)
			r = copy_rows(db, sel, snap, ins, NULL, e);
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return r < 0 ? err_prefix(e, "snapshot: ratings") : 0;
}

/* Whether the previous snapshot at PATH holds the same current ratings as
 * DB for the N dossiers CODES (CODES NULL: for every dossier): 1 yes, 0
 * no, -1 with E set.  A journal entry may name a dossier written without a
 * change (the same row sent again), and a full pass after runs that
 * refreshed ratings dossier by dossier has no fingerprint to compare
 * with; the snapshot is then kept, not renewed for nothing. */
static int
ratings_same(sqlite3 *db, const char *path, char *const *codes, size_t n, struct err *e)
{
	static const char one[] = "SELECT dossier_code, question, choice, rated_at, satisfied "
	                          "FROM ratings_current WHERE dossier_code = ?1 ORDER BY question";
	static const char all[] = "SELECT dossier_code, question, choice, rated_at, satisfied "
	                          "FROM ratings_current ORDER BY dossier_code, question";
	sqlite3 *old = store_open_readonly(path, e);
	sqlite3_stmt *a = old ? store_prepare(db, codes ? ratings_one : ratings_copy.sel, e) : NULL;
	sqlite3_stmt *b = a ? store_prepare(old, codes ? one : all, e) : NULL;
	int same = b ? 1 : -1;

	for (size_t i = 0; b && same == 1 && i < (codes ? n : 1); i++) {
		int ra, rb;
		if (codes) {
			sqlite3_bind_text(a, 1, codes[i], -1, SQLITE_STATIC);
			sqlite3_bind_text(b, 1, codes[i], -1, SQLITE_STATIC);
		}
		do {
			ra = sqlite3_step(a);
			rb = sqlite3_step(b);
			if (ra != rb)
				same = 0;
			for (int c = 0; same == 1 && ra == SQLITE_ROW && c < 5; c++)
				if (sqlite3_column_type(a, c) != sqlite3_column_type(b, c) ||
				    strcmp(store_text(a, c), store_text(b, c)) != 0)
					same = 0;
		} while (same == 1 && ra == SQLITE_ROW);
		if (same == 1 && ra != SQLITE_DONE)
			same = err_set(e, "ratings: %s", sqlite3_errmsg(db));
		sqlite3_reset(a);
		sqlite3_reset(b);
	}
	sqlite3_finalize(a);
	sqlite3_finalize(b);
	sqlite3_close(old);
	return same;
}

static int
put_meta(sqlite3 *snap, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(snap, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", e);
	int r = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		err_set(e, "meta: %s", sqlite3_errmsg(snap));
	else
		r = 0;
	sqlite3_finalize(st);
	return r;
}

/* Take the indexes the schema names (not those of its keys and UNIQUE
 * columns) out of SNAP and their CREATE statements into *SQL (malloc'd,
 * the caller frees it; NULL when none): made after the bulk load, an index
 * is one sort of its keys, where kept up row by row it costs an insert at
 * a random place per row, into a b-tree that at a million dossiers no
 * longer fits the cache. */
static int
defer_indexes(sqlite3 *snap, char **sql, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(snap,
	                  "SELECT group_concat('DROP INDEX \"' || name || '\"', ';'), "
	                  "group_concat(sql, ';') FROM (SELECT name, sql "
	                  "FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
	                  "ORDER BY rowid)",
	                  e);
	char *drop = NULL;
	int r = -1;

	*sql = NULL;
	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL &&
	    (!(drop = strdup(store_text(st, 0))) || !(*sql = strdup(store_text(st, 1)))))
		err_set(e, "out of memory");
	else
		r = 0;
	/* The schema changes once the reading statement is done. */
	sqlite3_finalize(st);
	if (r == 0 && drop && store_exec(snap, drop, e) < 0)
		r = -1;
	free(drop);
	if (r < 0) {
		free(*sql);
		*sql = NULL;
	}
	return r;
}

/* Open a new snapshot file at TMP (an empty file made by mkstemp) with the
 * schema but its indexes, whose CREATE statements go to *INDEXES (see
 * defer_indexes).  A temporary file needs no journal: it is renamed only
 * whole. */
static sqlite3 *
snap_create(const char *tmp, char **indexes, struct err *e)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *snap = NULL;

	if (!schema) {
		err_set(e, "snapshot schema not built in");
		return NULL;
	}
	if (sqlite3_open_v2(tmp, &snap, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		err_set(e, "%s: %s", tmp, snap ? sqlite3_errmsg(snap) : "cannot open");
		sqlite3_close(snap);
		return NULL;
	}
	if (store_exec(snap,
	               "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
	               "PRAGMA page_size = 4096; PRAGMA cache_size = -65536",
	               e) < 0 ||
	    store_exec(snap, schema->data, e) < 0 || defer_indexes(snap, indexes, e) < 0 ||
	    store_exec(snap, "BEGIN", e) < 0) {
		sqlite3_close(snap);
		return NULL;
	}
	return snap;
}

/* Fill SNAP: the reference tables and every dossier, or (PLAN, SNAP the
 * previous snapshot, opened in a transaction) only the changes PLAN lists. */
static int
fill(struct pub *p, sqlite3 *db, sqlite3 *snap, struct snap_plan *plan, struct err *e)
{
	char now[CLOCK_INSTANT_LEN + 1], n[32], id[32];
	size_t nnamed = 0;
	char *const *named = journal_named(p, &nnamed);

	for (size_t i = 0; !plan && i < sizeof copies / sizeof copies[0]; i++)
		if (copy_table(db, snap, &copies[i], NULL, e) < 0)
			return err_prefix(e, "snapshot");
	/* A rebuild may hand its dossiers to the page pass as it writes them. */
	if (!plan && p->stream_open && p->stream_open(p, db, e) < 0)
		return -1;
	if (plan ? snapshot_patch(p, db, snap, plan, e) < 0 : snapshot_dossiers(p, db, snap, e) < 0)
		return -1;
	if (plan && named) {
		/* The fingerprint was not taken: "" matches none, so a run not
		 * planned from the journal replaces them all. */
		if (refresh_ratings(db, snap, named, nnamed, e) < 0 ||
		    put_meta(snap, "ratings_fp", "", e) < 0)
			return -1;
	} else if ((!plan || strcmp(p->ratings_fp, p->old_ratings_fp) != 0) &&
	           (fill_ratings(db, snap, plan ? NULL : p->ratings_fp, e) < 0 ||
	            put_meta(snap, "ratings_fp", p->ratings_fp, e) < 0))
		return -1;
	snprintf(n, sizeof n, "%ld", p->c.dossiers);
	snprintf(id, sizeof id, "%016llx", (unsigned long long)p->run_id);
	clock_format_instant(p->o.now, now);
	if (put_meta(snap, "snapshot_version", "1", e) < 0 || put_meta(snap, "run_id", id, e) < 0 ||
	    put_meta(snap, "generated_at", now, e) < 0 ||
	    put_meta(snap, "base_url", p->o.base_url, e) < 0 ||
	    put_meta(snap, "dossiers", n, e) < 0 || put_meta(snap, "data_as_of", p->as_of, e) < 0)
		return -1;
	return store_exec(snap, "COMMIT", e);
}

/* Hash every row of the reference tables of DB into ST, with column
 * types and lengths so that no two tables' contents hash alike. */
static int
hash_refs(sqlite3 *db, crypto_generichash_state *st, struct err *e)
{
	for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++) {
		sqlite3_stmt *sel = store_prepare(db, copies[i].sel, e);
		int rc;

		if (!sel)
			return -1;
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			for (int c = 0; c < sqlite3_column_count(sel); c++) {
				const unsigned char *v = sqlite3_column_blob(sel, c);
				uint32_t hdr[2] = {(uint32_t)sqlite3_column_type(sel, c),
				                   (uint32_t)sqlite3_column_bytes(sel, c)};
				crypto_generichash_update(st, (const unsigned char *)hdr,
				                          sizeof hdr);
				if (v)
					crypto_generichash_update(st, v, hdr[1]);
			}
		}
		sqlite3_finalize(sel);
		if (rc != SQLITE_DONE)
			return err_set(e, "snapshot: %s", sqlite3_errmsg(db));
		crypto_generichash_update(st, (const unsigned char *)"|", 1);
	}
	return 0;
}

/* Hash this program's own binary into ST: a new build may render or
 * select differently, so nothing made by an older one is trusted.  An
 * unreadable binary hashes a random value (then nothing is trusted). */
static void
hash_self(crypto_generichash_state *st)
{
	unsigned char buf[65536];
	FILE *f = fopen("/proc/self/exe", "rb");
	size_t n;

	if (!f) {
		randombytes_buf(buf, 16);
		crypto_generichash_update(st, buf, 16);
		return;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_generichash_update(st, buf, n);
	if (ferror(f)) {
		randombytes_buf(buf, 16);
		crypto_generichash_update(st, buf, 16);
	}
	fclose(f); /* read-only */
}

/* p->gfp: what every dossier's snapshot rows, page and receipt depend on
 * besides the dossier's own rows (pub.h).  The key enters as the token of
 * a fixed string, so the state file holds nothing that reveals it. */
int
snapshot_fingerprint(struct pub *p, sqlite3 *db, struct err *e)
{
	crypto_generichash_state st;
	unsigned char h[8];
	char probe[TOKEN_LEN + 1];

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	hash_self(&st);
	if (hash_refs(db, &st, e) < 0)
		return -1;
	token_of(&p->key, "\x01key probe", 10, probe);
	crypto_generichash_update(&st, (const unsigned char *)probe, TOKEN_LEN);
	crypto_generichash_update(&st, (const unsigned char *)p->o.base_url,
	                          strlen(p->o.base_url) + 1);
	crypto_generichash_final(&st, h, sizeof h);
	p->gfp = 0;
	for (int i = 0; i < 8; i++)
		p->gfp = (p->gfp << 8) | h[i];
	return 0;
}

/* The ratings fingerprint the previous snapshot OLD was made with into
 * p->old_ratings_fp ("" when it has none). */
static void
read_old_ratings_fp(struct pub *p, sqlite3 *old)
{
	struct err ignored = {""};
	sqlite3_stmt *st =
	    store_prepare(old, "SELECT value FROM meta WHERE key = 'ratings_fp'", &ignored);

	p->old_ratings_fp[0] = '\0';
	if (st && sqlite3_step(st) == SQLITE_ROW)
		snprintf(p->old_ratings_fp, sizeof p->old_ratings_fp, "%s", store_text(st, 0));
	sqlite3_finalize(st);
}

/* Whether the snapshot at p->snap_path is the one the dossier state
 * describes (its run_id), so that it patched with the changed dossiers
 * is what a full rebuild would write. */
static int
previous_usable(struct pub *p)
{
	struct err ignored = {""};
	sqlite3 *old;
	sqlite3_stmt *st;
	char want[32];
	int ok = 0;

	if (p->o.full || !p->have_old_d || p->old_gfp != p->gfp)
		return 0;
	/* Read-write, so that the hot journal of a run killed while patching
	 * is rolled back here (a read-only connection would refuse the file). */
	if (sqlite3_open_v2(p->snap_path, &old, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		sqlite3_close(old);
		return 0;
	}
	sqlite3_busy_timeout(old, 60000);
	snprintf(want, sizeof want, "%016llx", (unsigned long long)p->old_run_id);
	st = store_prepare(old, "SELECT value FROM meta WHERE key = 'run_id'", &ignored);
	if (st && sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp(store_text(st, 0), want) == 0;
	sqlite3_finalize(st);
	if (ok)
		read_old_ratings_fp(p, old);
	sqlite3_close(old);
	return ok;
}

/* Open the previous snapshot at PATH to be patched in place, in one
 * transaction with a rollback journal (PATH-journal): a run killed half
 * way leaves a hot journal that the next opening rolls back, so readers
 * through SQLite (the publisher's own later phases, kioskd's copy, which
 * takes a read lock: kiosk/snap.c) see the old snapshot or the new one,
 * never a mix.  Not WAL: a reader copying the main file alone would miss
 * what sits in the WAL.  The busy timeout waits out a kioskd copying the
 * file (a read lock held for about a second per GB). */
static sqlite3 *
snap_reopen(const char *path, struct err *e)
{
	sqlite3 *snap = NULL;

	if (sqlite3_open_v2(path, &snap, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		err_set(e, "%s: %s", path, snap ? sqlite3_errmsg(snap) : "cannot open");
		sqlite3_close(snap);
		return NULL;
	}
	sqlite3_busy_timeout(snap, 60000);
	if (store_exec(snap,
	               "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; "
	               "PRAGMA cache_size = -65536; BEGIN IMMEDIATE",
	               e) < 0) {
		sqlite3_close(snap);
		return NULL;
	}
	return snap;
}

/* Remove the temporaries ".BASE.XXXXXX" a killed run left in DIR: each is
 * a whole snapshot, too big to leave lying around.  Best effort (runs on
 * one snapshot are not concurrent: they would race on the state too). */
static void
sweep_temps(const char *dir, const char *base)
{
	size_t n = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *de;
	char path[4096];

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *s = de->d_name;
		if (s[0] == '.' && strlen(s) == n + 8 && !strncmp(s + 1, base, n) &&
		    s[n + 1] == '.' &&
		    snprintf(path, sizeof path, "%s/%s", dir, s) < (int)sizeof path)
			unlink(path);
	}
	closedir(d);
}

/* Sweep the temporaries killed runs left beside the snapshot. */
int
sweep_snapshot_temps(const struct pub *p, struct err *e)
{
	const char *slash = strrchr(p->snap_path, '/');
	size_t dir = slash ? (size_t)(slash - p->snap_path) : 0;
	char *d = malloc(dir + 2);

	if (!d)
		return err_set(e, "out of memory");
	if (!slash)
		memcpy(d, ".", 2);
	else if (dir == 0)
		memcpy(d, "/", 2);
	else
		memcpy(d, p->snap_path, dir), d[dir] = '\0';
	sweep_temps(d, p->snap_path + (slash ? dir + 1 : 0));
	free(d);
	return 0;
}

/* Make ".NAME.XXXXXX" beside the snapshot, like core/afile's temporaries.
 * Returns the name or NULL with E set. */
static char *
make_temp(const struct pub *p, struct err *e)
{
	size_t n = strlen(p->snap_path);
	char *tmp = malloc(n + 16);
	const char *slash = strrchr(p->snap_path, '/');
	size_t dir = slash ? (size_t)(slash - p->snap_path) + 1 : 0;
	int fd;

	if (!tmp) {
		err_set(e, "out of memory");
		return NULL;
	}
	memcpy(tmp, p->snap_path, dir);
	snprintf(tmp + dir, n + 16 - dir, ".%s.XXXXXX", p->snap_path + dir);
	if ((fd = mkstemp(tmp)) < 0) {
		err_set(e, "%s: %s", p->snap_path, strerror(errno));
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/* Write a new snapshot to a temporary file and rename it into place. */
static int
write_new(struct pub *p, sqlite3 *db, struct err *e)
{
	sqlite3 *snap = NULL;
	char *tmp, *indexes = NULL;
	int r = -1;

	randombytes_buf(&p->run_id, sizeof p->run_id);
	if (!(tmp = make_temp(p, e)))
		return -1;
	if (!(snap = snap_create(tmp, &indexes, e)) || fill(p, db, snap, NULL, e) < 0)
		goto out;
	if (indexes && store_exec(snap, indexes, e) < 0) {
		err_prefix(e, "snapshot: indexes");
		goto out;
	}
	if (sqlite3_close(snap) != SQLITE_OK) {
		err_set(e, "%s: close failed", tmp);
		snap = NULL;
		goto out;
	}
	snap = NULL;
	/* The kiosk's file mode: world-readable, it holds public data only. */
	if (chmod(tmp, 0644) < 0 || rename(tmp, p->snap_path) < 0) {
		err_set(e, "%s: %s", p->snap_path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	sqlite3_close(snap);
	if (r < 0)
		unlink(tmp);
	free(tmp);
	free(indexes);
	return r;
}

/* Patch the previous snapshot in place with PLAN, in one transaction: a
 * minute's changes rewrite the pages they touch, not a whole copy of a
 * file of a gigabyte.  Nothing is committed unless all of it is. */
static int
write_patch(struct pub *p, sqlite3 *db, struct snap_plan *plan, struct err *e)
{
	sqlite3 *snap;
	int r;

	randombytes_buf(&p->run_id, sizeof p->run_id);
	if (!(snap = snap_reopen(p->snap_path, e)))
		return -1;
	r = fill(p, db, snap, plan, e);
	if (r < 0)
		sqlite3_exec(snap, "ROLLBACK", NULL, NULL, NULL);
	if (sqlite3_close(snap) != SQLITE_OK && r == 0)
		r = err_set(e, "%s: close failed", p->snap_path);
	return r;
}

/* Touch PATH.checked: a kioskd serving PATH on this host takes its time as
 * "data known current at" (a kept snapshot keeps its old mtime, so the
 * file's own time would make a quiet office look stale).  Best effort. */
static void
touch_checked(const char *path)
{
	size_t n = strlen(path) + 9;
	char *stamp = malloc(n);
	int fd;

	if (!stamp)
		return;
	snprintf(stamp, n, "%s.checked", path);
	if ((fd = open(stamp, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) >= 0) {
		futimens(fd, NULL);
		close(fd);
	}
	free(stamp);
}

/* The three ways a run makes its snapshot: a full rebuild (first run,
 * --full, other reference data, key, base URL or build: see p->gfp); the
 * previous snapshot patched in place with the dossiers that changed;
 * or, when none did, the previous snapshot kept as it is.  Keeping it
 * means no 1 GB file per minute for kiosks to fetch when nothing happened;
 * its generated_at then says when its contents were made, not when the
 * publisher last ran.  All reads of DB are one read transaction, so the
 * plan and the rows it patches agree. */
int
snapshot_write(struct pub *p, sqlite3 *db, struct err *e)
{
	struct snap_plan *plan = NULL;
	char *const *named;
	size_t nnamed = 0;
	int r = -1, same = 0;

	if (sweep_snapshot_temps(p, e) < 0 || store_exec(db, "BEGIN", e) < 0)
		return -1;
	/* The run's one model of the reference tables, read in the snapshot's
	 * transaction: it is what the snapshot holds, written, patched or kept
	 * (p->gfp covers every reference column), and the dossiers are checked
	 * against it here and rendered with it later. */
	refs_free(p->refs);
	if (!(p->refs = refs_load(db, e))) {
		err_prefix(e, "%s", p->o.db);
		goto out;
	}
	if (snapshot_fingerprint(p, db, e) < 0 || journal_read(p, db, e) < 0)
		goto out;
	if (!previous_usable(p)) {
		p->c.snap_copied = 0;
		r = write_new(p, db, e); /* which takes the ratings fingerprint */
		goto out;
	}
	if (!(plan = journal_plan(p, db, e)))
		goto out;
	/* Planned from the journal, a rating written names its dossier (see
	 * refresh_ratings); otherwise the fingerprint of them all tells. */
	named = journal_named(p, &nnamed);
	if (!named && ratings_fingerprint(db, p->ratings_fp, e) < 0)
		goto out;
	if (!named && !p->old_ratings_fp[0]) {
		if ((same = ratings_same(db, p->snap_path, NULL, 0, e)) < 0)
			goto out;
		if (same) /* what the snapshot holds is what the fingerprint says */
			memcpy(p->old_ratings_fp, p->ratings_fp, sizeof p->old_ratings_fp);
	}
	if (snap_plan_size(plan) == 0 && named && nnamed > 0 &&
	    (same = ratings_same(db, p->snap_path, named, nnamed, e)) < 0)
		goto out;
	if (snap_plan_size(plan) == 0 &&
	    (named ? nnamed == 0 || same : strcmp(p->ratings_fp, p->old_ratings_fp) == 0)) {
		p->c.snap_copied = 2;
		p->run_id = p->old_run_id; /* the state goes on describing it */
		r = 0;
		goto out;
	}
	p->c.snap_copied = 1;
	r = write_patch(p, db, plan, e);
out:
	snap_plan_free(plan);
	/* Only reads were done, but a read transaction left open would hold
	 * the back office's writers off for the rest of the run. */
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK && r == 0)
		r = err_set(e, "%s: %s", p->o.db, sqlite3_errmsg(db));
	if (r == 0)
		touch_checked(p->snap_path);
	return r;
}
