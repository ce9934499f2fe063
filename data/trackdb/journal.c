/*
 * journal: the change journal's upkeep on the writing side (the triggers
 * themselves are in data/schema.sql).  A bulk load may run without them
 * (journal_suspend/journal_resume) because it then names a new journal:
 * every publisher that read the old one sees another journal_id and
 * fingerprints every dossier once.  `trackdb prune` deletes the entries
 * every publisher named on its command line has read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"
#include "trackdb.h"

#define MARK_TAG "pubjournal 1"

void
journal_saved_free(struct journal_saved *s)
{
	for (size_t i = 0; s->sql && i < s->n; i++)
		free(s->sql[i]);
	free(s->sql);
	memset(s, 0, sizeof *s);
}

/* The triggers of data/schema.sql that fill the journal. */
static const char *const triggers[] = {
    "journal_dossier_insert", "journal_dossier_update", "journal_dossier_delete",
    "journal_event_insert",   "journal_event_update",   "journal_event_delete",
    "journal_rating_insert",  "journal_rating_update",  "journal_rating_delete",
};
#define NTRIGGERS (sizeof triggers / sizeof triggers[0])

int
journal_suspend(sqlite3 *db, struct journal_saved *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
	                                 "AND name = ?1",
	                                 e);
	int r = -1;

	memset(s, 0, sizeof *s);
	if (!st)
		return -1;
	if (!(s->sql = calloc(NTRIGGERS, sizeof *s->sql))) {
		err_set(e, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < NTRIGGERS; i++) {
		char sql[96];
		int rc;

		sqlite3_bind_text(st, 1, triggers[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && !(s->sql[s->n++] = strdup(store_text(st, 0)))) {
			err_set(e, "out of memory");
			goto out;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW)
			continue; /* already missing: nothing to put back */
		snprintf(sql, sizeof sql, "DROP TRIGGER %s", triggers[i]); /* fixed names */
		if (db_exec(db, sql, e) < 0)
			goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	if (r < 0)
		journal_saved_free(s);
	return r;
}

int
journal_resume(sqlite3 *db, struct journal_saved *s, struct err *e)
{
	for (size_t i = 0; i < s->n; i++)
		if (db_exec(db, s->sql[i], e) < 0)
			return err_prefix(e, "restoring the journal's triggers");
	journal_saved_free(s);
	/* What was written meanwhile is in no entry: name a new journal. */
	return db_exec(db,
	               "INSERT OR REPLACE INTO meta (key, value) "
	               "VALUES ('journal_id', lower(hex(randomblob(8))))",
	               e);
}

/* The journal id and last entry read of the publisher mark PATH. */
static int
read_mark(const char *path, char *id, size_t idsize, long long *seq, struct err *e)
{
	FILE *f = fopen(path, "r");
	char tag[16] = "", idbuf[40] = "";
	int ok;

	if (!f)
		return err_set(e, "%s: cannot read the publisher's mark", path);
	ok = fscanf(f, "%15[^\n]\nid %39s\nseq %lld", tag, idbuf, seq) == 3 &&
	     !strcmp(tag, MARK_TAG);
	fclose(f); /* read-only */
	if (!ok)
		return err_set(e, "%s: not a publisher's journal mark (STATE.journal)", path);
	snprintf(id, idsize, "%s", idbuf);
	return 0;
}

static int
meta_get(sqlite3 *db, const char *key, char *out, size_t size, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT value FROM meta WHERE key = ?1", e);
	int r = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, size, "%s", store_text(st, 0));
		r = 0;
	} else {
		err_set(e, "the database has no change journal (meta '%s' missing)", key);
	}
	sqlite3_finalize(st);
	return r;
}

long long
journal_prune(sqlite3 *db, char *const *marks, int n, long long *upto, struct err *e)
{
	char id[40], mid[40];
	long long low = -1, seq = 0, deleted;
	sqlite3_stmt *st = NULL;

	if (meta_get(db, "journal_id", id, sizeof id, e) < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		if (read_mark(marks[i], mid, sizeof mid, &seq, e) < 0)
			return -1;
		/* A mark of another database (or of this one before a bulk
		 * load) protects nothing here: that publisher verifies all. */
		if (strcmp(mid, id) != 0)
			continue;
		if (low < 0 || seq < low)
			low = seq;
	}
	*upto = low < 0 ? 0 : low;
	if (low <= 0)
		return 0;
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0)
		return -1;
	if (!(st = store_prepare(db, "DELETE FROM journal WHERE seq <= ?1", e)))
		goto fail;
	sqlite3_bind_int64(st, 1, low);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(e, "journal: %s", sqlite3_errmsg(db));
		goto fail;
	}
	deleted = sqlite3_changes(db);
	sqlite3_finalize(st);
	if (!(st = store_prepare(db,
	                         "UPDATE meta SET value = ?1 WHERE key = 'journal_pruned_through' "
	                         "AND CAST(value AS INTEGER) < ?1",
	                         e)))
		goto fail;
	sqlite3_bind_int64(st, 1, low);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(e, "meta: %s", sqlite3_errmsg(db));
		goto fail;
	}
	sqlite3_finalize(st);
	if (db_exec(db, "COMMIT", e) < 0)
		goto fail;
	return deleted;
fail:
	sqlite3_finalize(st);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}
