/*
 * sync: `trackdb sync DB FILE... [--spool DIR]`, the data in from a
 * province's one-stop system.  Each file is one batch: it is parsed
 * whole (sync_parse.c), then applied in one transaction (sync_apply.c);
 * the first bad record rolls everything back and is named FILE:RECORD.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

/* The whole of PATH in memory (a batch is parsed whole).  *LEN its size;
 * NULL with E set. */
static char *
slurp(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (!f) {
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	do {
		if (n == cap) {
			char *b = realloc(buf, (cap = cap ? cap * 2 : 65536) + 1);
			if (!b) {
				err_set(e, "%s: out of memory", path);
				goto fail;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f); /* read-only */
	buf[n] = '\0';
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* "RECORD: reason" into "PATH:RECORD: reason", as import names lines. */
static void
name_record(struct err *e, const char *path)
{
	char m[ERR_MSG_MAX];

	snprintf(m, sizeof m, "%s", e->msg);
	err_set(e, "%s:%s", path, m);
}

int
sync_file(sqlite3 *db, const char *path, struct sync_stats *st, struct err *e)
{
	struct sync_batch b = {.name = path};
	size_t len = 0;
	char *buf = slurp(path, &len, e);
	int r = -1;

	if (!buf)
		return -1;
	if (sync_parse(buf, len, &b, e) < 0) {
		name_record(e, path);
		goto out;
	}
	/* IMMEDIATE: take the write lock before reading, so that a back
	 * office writing at the same time waits (busy timeout) rather than
	 * failing this batch half-way. */
	if (db_exec(db, "BEGIN IMMEDIATE", e) < 0) {
		err_prefix(e, "%s", path);
		goto out;
	}
	if (sync_apply(db, &b, st, e) < 0) {
		name_record(e, path);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	if (db_exec(db, "COMMIT", e) < 0) {
		err_prefix(e, "%s", path);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	r = 0;
out:
	sync_batch_free(&b);
	free(buf);
	return r;
}
