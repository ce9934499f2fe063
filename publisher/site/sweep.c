/*
 * Pages of dossiers that are no longer there.  A dossier deleted from the
 * back office, or a dossier of an older site published into the same
 * folder, would otherwise keep a public page for ever.  A full or
 * verifying run walks the 4,096 shard folders once and removes every
 * TOKEN.html whose token is not in this run's snapshot; incremental runs
 * do not pay the walk.  Only names that look like a dossier page are
 * touched: anything else an operator put there stays.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pub.h"
#include "store.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The hashes of every token in SNAP, sorted, into *OUT (*N of them).
 * Returns 0, or -1 with E set. */
static int
load_tokens(sqlite3 *snap, uint64_t **out, size_t *n, struct err *e)
{
	sqlite3_stmt *st = store_prepare(snap, "SELECT token FROM dossiers", e);
	uint64_t *v = NULL;
	size_t cap = 0;
	int rc;

	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			uint64_t *w = realloc(v, (cap = cap ? cap * 2 : 1024) * sizeof *w);
			if (!w) {
				rc = SQLITE_NOMEM;
				break;
			}
			v = w;
		}
		v[(*n)++] = pub_hash_str(store_text(st, 0));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return err_set(e, "snapshot tokens: %s",
		               rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(snap));
	}
	if (*n)
		qsort(v, *n, sizeof *v, cmp_u64);
	*out = v;
	return 0;
}

/* Whether NAME is 'TOKEN.html'; its token (NUL-terminated) into TOK. */
static int
page_name(const char *name, char tok[TOKEN_LEN + 1])
{
	size_t len = strlen(name);

	if (len != TOKEN_LEN + 5 || strcmp(name + TOKEN_LEN, ".html") != 0 ||
	    !token_valid(name, TOKEN_LEN))
		return 0;
	memcpy(tok, name, TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	return 1;
}

/* Remove the stale pages of one shard folder DIR.  Returns the number
 * removed, or -1 with E set. */
static long
sweep_dir(const char *dir, const uint64_t *v, size_t n, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char tok[TOKEN_LEN + 1];
	long gone = 0;

	if (!d)
		return errno == ENOENT ? 0 : err_set(e, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		uint64_t h;

		if (!page_name(de->d_name, tok))
			continue;
		h = pub_hash_str(tok);
		if (v && bsearch(&h, v, n, sizeof *v, cmp_u64))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) < 0 && errno != ENOENT) {
			err_set(e, "%s/%s: %s", dir, de->d_name, strerror(errno));
			closedir(d);
			return -1;
		}
		gone++;
	}
	closedir(d);
	return gone;
}

int
site_sweep_dossiers(struct pub *p, sqlite3 *snap, struct err *e)
{
	size_t plen = strlen(p->site) + 8;
	uint64_t *v = NULL;
	size_t n;
	char *dir;
	int r = -1;

	if (load_tokens(snap, &v, &n, e) < 0)
		return -1;
	if (!(dir = malloc(plen))) {
		err_set(e, "out of memory");
		goto out;
	}
	for (int i = 0; i < TOKEN_SHARDS; i++) {
		char xx[3];
		long g;

		token_shard(i, xx);
		snprintf(dir, plen, "%s/d/%s", p->site, xx);
		if ((g = sweep_dir(dir, v, n, e)) < 0)
			goto out;
		p->c.pages_removed += g;
	}
	r = 0;
out:
	free(dir);
	free(v);
	return r;
}
