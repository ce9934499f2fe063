/*
 * The kiosk snapshot (data/snapshot.sql): the public part of the database.
 * Privacy by construction: only public columns are selected here, the
 * applicant's name leaves this file as initials, and every public page is
 * then rendered from the snapshot, never from the database.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	 "last_audit, last_review FROM agencies",
	 "INSERT INTO agencies (code, name, name_en, level, parent_code, valid_from, valid_to, "
	 "successor_code, iso_standard, iso_mode, iso_plan, iso_target, iso_announced, eiso_target, "
	 "eiso_date, last_audit, last_review) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	 "?12, ?13, ?14, ?15, ?16, ?17)"},
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
};

static int
copy_table(sqlite3 *db, sqlite3 *snap, const struct copy *c, struct err *e)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int rc, r = -1;

	if (!(sel = store_prepare(db, c->sel, e)) || !(ins = store_prepare(snap, c->ins, e)))
		goto out;
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(sel); i++)
			sqlite3_bind_value(ins, i + 1, sqlite3_column_value(sel, i));
		if (sqlite3_step(ins) != SQLITE_DONE) {
			err_set(e, "%s", sqlite3_errmsg(snap));
			goto out;
		}
		sqlite3_reset(ins);
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	return r;
}

static int
exec(sqlite3 *db, const char *sql, struct err *e)
{
	char *m = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &m) != SQLITE_OK) {
		err_set(e, "%s", m ? m : sqlite3_errmsg(db));
		sqlite3_free(m);
		return -1;
	}
	return 0;
}

static int
put_meta(sqlite3 *snap, const char *key, const char *value, struct err *e)
{
	sqlite3_stmt *st = store_prepare(snap, "INSERT INTO meta (key, value) VALUES (?1, ?2)", e);
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

/* Open a new snapshot file at TMP (an empty file made by mkstemp) with the
 * schema.  A temporary file needs no journal: it is renamed only whole. */
static sqlite3 *
snap_create(const char *tmp, struct err *e)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *snap = NULL;

	if (!schema) {
		err_set(e, "snapshot schema not built in");
		return NULL;
	}
	if (sqlite3_open_v2(tmp, &snap, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		err_set(e, "%s: %s", tmp, snap ? sqlite3_errmsg(snap) : "cannot open");
		sqlite3_close(snap);
		return NULL;
	}
	if (exec(snap, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
	               "PRAGMA page_size = 4096; PRAGMA cache_size = -65536", e) < 0 ||
	    exec(snap, schema->data, e) < 0 || exec(snap, "BEGIN", e) < 0) {
		sqlite3_close(snap);
		return NULL;
	}
	return snap;
}

int snapshot_dossiers(struct pub *p, sqlite3 *db, sqlite3 *snap, struct err *e);

static int
fill(struct pub *p, sqlite3 *db, sqlite3 *snap, struct err *e)
{
	char now[CLOCK_INSTANT_LEN + 1], n[32];

	for (size_t i = 0; i < sizeof copies / sizeof copies[0]; i++)
		if (copy_table(db, snap, &copies[i], e) < 0)
			return err_prefix(e, "snapshot");
	if (snapshot_dossiers(p, db, snap, e) < 0)
		return -1;
	snprintf(n, sizeof n, "%ld", p->c.dossiers);
	clock_format_instant(p->o.now, now);
	if (put_meta(snap, "snapshot_version", "1", e) < 0 ||
	    put_meta(snap, "generated_at", now, e) < 0 ||
	    put_meta(snap, "base_url", p->o.base_url, e) < 0 ||
	    put_meta(snap, "dossiers", n, e) < 0 || put_meta(snap, "data_as_of", p->as_of, e) < 0)
		return -1;
	return exec(snap, "COMMIT", e);
}

int
snapshot_write(struct pub *p, sqlite3 *db, struct err *e)
{
	size_t n = strlen(p->snap_path);
	char *tmp = malloc(n + 16);
	const char *slash = strrchr(p->snap_path, '/');
	size_t dir = slash ? (size_t)(slash - p->snap_path) + 1 : 0;
	sqlite3 *snap = NULL;
	int fd, r = -1;

	if (!tmp)
		return err_set(e, "out of memory");
	/* ".NAME.XXXXXX" beside the target, like core/afile's temporaries. */
	memcpy(tmp, p->snap_path, dir);
	snprintf(tmp + dir, n + 16 - dir, ".%s.XXXXXX", p->snap_path + dir);
	if ((fd = mkstemp(tmp)) < 0) {
		err_set(e, "%s: %s", p->snap_path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	if (!(snap = snap_create(tmp, e)) || fill(p, db, snap, e) < 0)
		goto out;
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
	return r;
}
