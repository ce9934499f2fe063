/*
 * db: create and open the procedure database for writing.  Only the data
 * tool writes it; the publisher opens it read-only through core/store.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "store.h"
#include "trackdb.h"

int
db_exec(sqlite3 *db, const char *sql, struct err *e)
{
	return store_exec(db, sql, e);
}

int
db_close(sqlite3 *db, struct err *e)
{
	if (sqlite3_close(db) != SQLITE_OK)
		return err_set(e, "closing the database: %s", sqlite3_errmsg(db));
	return 0;
}

static sqlite3 *
open_flags(const char *path, int flags, struct err *e)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags, NULL);

	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 5000);
	sqlite3_extended_result_codes(db, 1);
	/* Foreign keys are off by default in SQLite; the schema relies on them. */
	if (db_exec(db, "PRAGMA foreign_keys = ON", e) < 0) {
		err_prefix(e, "%s", path);
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

sqlite3 *
db_open(const char *path, struct err *e)
{
	struct stat sb;
	sqlite3 *db;

	/* sqlite3 would happily treat a missing or empty file as a new, empty
	 * database; importing into that is a mistake, so say so. */
	if (stat(path, &sb) < 0)
		return err_set(e, "%s: %s", path, strerror(errno)), NULL;
	db = open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, e);
	if (!db)
		return NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &st,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		err_set(e, "%s: not a procedure database (run `trackdb init` first)", path);
		sqlite3_finalize(st);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_finalize(st);
	return db;
}

sqlite3 *
db_create(const char *path, struct err *e)
{
	const struct embedded_file *schema = embedded_get("data/schema.sql");
	sqlite3 *db = NULL;
	int fd;

	if (!schema)
		return err_set(e, "data/schema.sql was not compiled in"), NULL;
	/* O_EXCL unless the file is there and empty: never overwrite data. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0) {
		struct stat sb;
		if (errno != EEXIST)
			return err_set(e, "%s: %s", path, strerror(errno)), NULL;
		if (stat(path, &sb) < 0)
			return err_set(e, "%s: %s", path, strerror(errno)), NULL;
		if (sb.st_size > 0)
			return err_set(e, "%s: exists and is not empty; refusing to overwrite it",
			               path),
			       NULL;
	} else if (close(fd) < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto fail;
	}
	db = open_flags(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, e);
	if (!db)
		goto fail;
	if (db_exec(db, "BEGIN", e) < 0 || db_exec(db, schema->data, e) < 0 ||
	    db_exec(db, "COMMIT", e) < 0) {
		err_prefix(e, "%s: creating the schema", path);
		goto fail;
	}
	return db;
fail:
	sqlite3_close(db);
	unlink(path);
	return NULL;
}
