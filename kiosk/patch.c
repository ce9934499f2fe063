/*
 * The kiosk's side of delivery by patches (see patch.h and
 * publisher/snapshot/snapdelta.c for the files on the distribution point).
 *
 * The copy is patched in memory (sqlite3_deserialize), checked, and only
 * then written out: a patch that fails half way, or a result whose digest
 * is not the one announced, leaves nothing on disk, and kiosk-fetch falls
 * back to the whole file.
 */
#include "patch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "afile.h"
#include "clock.h"
#include "snap.h"
#include "snappatch.h"
#include "store.h"

/* A patch is a few KB for a minute of changes; a day's chain is bounded by
 * the file's size on the publisher's side.  Past this, something is wrong. */
#define PATCH_MAX ((size_t)256 << 20)

/* The whole file at PATH into *BUF (allocated with ALLOC: SQLite's for an
 * image it will own), *LEN bytes.  Returns 0 or -1 with E set. */
static int
read_all(const char *path, void *(*alloc)(size_t), unsigned char **buf, size_t *len, struct err *e)
{
	struct stat st;
	size_t off = 0;
	ssize_t n = 1;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*buf = NULL;
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || st.st_size <= 0 || (size_t)st.st_size > PATCH_MAX * 4) {
		close(fd);
		return err_set(e, "%s: %s", path, st.st_size <= 0 ? "empty" : "too big");
	}
	if (!(*buf = alloc((size_t)st.st_size))) {
		close(fd);
		return err_set(e, "out of memory");
	}
	while (off < (size_t)st.st_size && (n = read(fd, *buf + off, (size_t)st.st_size - off)) > 0)
		off += (size_t)n;
	close(fd); /* read only */
	if (n < 0 || off != (size_t)st.st_size)
		return err_set(e, "%s: %s", path, n < 0 ? strerror(errno) : "changed while read");
	*len = off;
	return 0;
}

static void *
sqlite_alloc(size_t n)
{
	return sqlite3_malloc64(n);
}

/* The patches into V (heads into H), checked to make one chain. */
static int
load_chain(char *const *patches, int n, unsigned char **v, size_t *lens, struct snappatch_head *h,
           struct err *e)
{
	for (int i = 0; i < n; i++) {
		if (read_all(patches[i], malloc, &v[i], &lens[i], e) < 0)
			return -1;
		if (lens[i] > PATCH_MAX)
			return err_set(e, "%s: too big for a patch", patches[i]);
		if (snappatch_head(v[i], lens[i], &h[i], e) < 0)
			return err_prefix(e, "%s", patches[i]);
		if (i > 0 && (h[i].base_gen != h[i - 1].gen ||
		              memcmp(h[i].base, h[i - 1].target, SNAPPATCH_DIGEST) != 0))
			return err_set(e, "%s: does not follow %s (generation %llu, not %llu)",
			               patches[i], patches[i - 1],
			               (unsigned long long)h[i].base_gen,
			               (unsigned long long)h[i - 1].gen);
	}
	return 0;
}

/* OLD's image, opened in memory, writable and able to grow. */
static sqlite3 *
open_image(const char *old, struct err *e)
{
	unsigned char *img;
	size_t len = 0;
	sqlite3 *db = NULL;

	if (read_all(old, sqlite_alloc, &img, &len, e) < 0) {
		sqlite3_free(img);
		return NULL;
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_free(img);
		err_set(e, "cannot open a database in memory");
		sqlite3_close(db);
		return NULL;
	}
	/* From here SQLite owns IMG, whatever happens. */
	if (sqlite3_deserialize(db, "main", img, (sqlite3_int64)len, (sqlite3_int64)len,
	                        SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK) {
		err_set(e, "%s: %s", old, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* Patch DB by the N patches of V (heads H), checking the digests before
 * and after. */
static int
apply_chain(sqlite3 *db, unsigned char **v, const size_t *lens, const struct snappatch_head *h,
            int n, struct err *e)
{
	unsigned char d[SNAPPATCH_DIGEST];

	if (snappatch_digest(db, d, e) < 0)
		return -1;
	if (memcmp(d, h[0].base, SNAPPATCH_DIGEST) != 0)
		return err_set(e,
		               "the snapshot is not the generation %llu the first patch applies "
		               "to (another office, or another series)",
		               (unsigned long long)h[0].base_gen);
	/* Rows deleted leave no old bytes in the free pages. */
	if (store_exec(db, "PRAGMA secure_delete = ON; BEGIN", e) < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (snappatch_apply(db, v[i], lens[i], e) < 0) {
			store_exec(db, "ROLLBACK", NULL);
			return err_prefix(e, "patch to generation %llu",
			                  (unsigned long long)h[i].gen);
		}
	if (store_exec(db, "COMMIT", e) < 0 || snappatch_digest(db, d, e) < 0)
		return -1;
	if (memcmp(d, h[n - 1].target, SNAPPATCH_DIGEST) != 0)
		return err_set(e, "the patched copy is not generation %llu (its digest differs)",
		               (unsigned long long)h[n - 1].gen);
	return 0;
}

/* DB's image into OUT, by a temporary file and a rename. */
static int
write_image(sqlite3 *db, const char *out, struct err *e)
{
	sqlite3_int64 size = 0;
	unsigned char *img = sqlite3_serialize(db, "main", &size, 0);
	int r;

	if (!img)
		return err_set(e, "cannot serialize the patched copy");
	r = afile_put(out, img, (size_t)size, 0644, e);
	sqlite3_free(img);
	return r;
}

int
patch_apply_files(const char *old, char *const *patches, int n, const char *out,
                  const char *want_hex, struct err *e)
{
	unsigned char **v = calloc((size_t)(n > 0 ? n : 1), sizeof *v), want[SNAPPATCH_DIGEST];
	size_t *lens = calloc((size_t)(n > 0 ? n : 1), sizeof *lens), wn = 0;
	struct snappatch_head *h = calloc((size_t)(n > 0 ? n : 1), sizeof *h);
	struct clock_cal *cal = NULL;
	sqlite3 *db = NULL;
	int r = -1;

	if (!v || !lens || !h) {
		err_set(e, "out of memory");
		goto out;
	}
	if (n < 1) {
		err_set(e, "no patch given");
		goto out;
	}
	if (load_chain(patches, n, v, lens, h, e) < 0)
		goto out;
	if (want_hex &&
	    (sodium_hex2bin(want, sizeof want, want_hex, strlen(want_hex), NULL, &wn, NULL) != 0 ||
	     wn != sizeof want || memcmp(want, h[n - 1].target, sizeof want) != 0)) {
		err_set(e, "the last patch does not make the generation announced (digest %s)",
		        want_hex);
		goto out;
	}
	if (!(db = open_image(old, e)) || apply_chain(db, v, lens, h, n, e) < 0)
		goto out;
	if (snap_validate(db, e) < 0 || !(cal = store_load_calendar(db, e))) {
		err_prefix(e, "the patched copy");
		goto out;
	}
	r = write_image(db, out, e);
out:
	clock_cal_free(cal);
	sqlite3_close(db);
	for (int i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
	free(lens);
	free(h);
	return r;
}

int
patch_print_generation(const char *path, FILE *out, struct err *e)
{
	char series[64] = "-";
	unsigned long long gen = 0;
	sqlite3 *db = store_open_readonly(path, e);
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	if (!db)
		return -1;
	st = store_prepare(db, "SELECT key, value FROM meta WHERE key IN ('generation', 'series')",
	                   e);
	while (st && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = store_text(st, 1);
		if (!strcmp(store_text(st, 0), "generation"))
			gen = strtoull(v, NULL, 10);
		else if (*v && strlen(v) < sizeof series &&
		         strspn(v, "0123456789abcdef") == strlen(v))
			memcpy(series, v, strlen(v) + 1);
	}
	sqlite3_finalize(st);
	if (!st || rc != SQLITE_DONE) {
		if (st)
			err_set(e, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	sqlite3_close(db);
	if (!strcmp(series, "-"))
		gen = 0;
	fprintf(out, "%s %llu\n", series, gen);
	return 0;
}
