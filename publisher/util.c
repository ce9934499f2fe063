/* Small shared pieces of the publisher: hashes, fingerprint sets, the bad
 * list, writing a file only when its contents change, removing a folder. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <errno.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "afile.h"
#include "pub.h"

uint64_t
pub_hash(const void *data, size_t len)
{
	unsigned char h[crypto_generichash_BYTES_MIN];
	uint64_t v = 0;

	crypto_generichash(h, sizeof h, data, len, NULL, 0);
	for (int i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	/* 0 means "no fingerprint" in the state file. */
	return v ? v : 1;
}

uint64_t
pub_hash_str(const char *s)
{
	return pub_hash(s, strlen(s));
}

static int
cmp_fp(const void *a, const void *b)
{
	uint64_t x = ((const struct fp *)a)->code, y = ((const struct fp *)b)->code;
	return (x > y) - (x < y);
}

void
fp_sort(struct fp_set *set)
{
	size_t i = 1;

	/* Most runs fill it in order already: a million records checked in a
	 * millisecond rather than sorted in a tenth of a second. */
	while (i < set->n && set->v[i - 1].code <= set->v[i].code)
		i++;
	if (i < set->n)
		qsort(set->v, set->n, sizeof *set->v, cmp_fp);
}

uint64_t
fp_lookup(const struct fp_set *set, uint64_t code_hash)
{
	size_t i = pub_key_search(set->v, set->n, sizeof *set->v, code_hash);

	return i < set->n ? set->v[i].hash : 0;
}

int
pub_mark_bad(struct pub *p, const char *code)
{
	char *c;

	if (p->nbad == p->capbad) {
		size_t nc = p->capbad ? p->capbad * 2 : 64;
		char **v = realloc(p->bad, nc * sizeof *v);
		if (!v)
			return 0;
		p->bad = v;
		p->capbad = nc;
	}
	if (!(c = strdup(code)))
		return 0;
	p->bad[p->nbad++] = c;
	return 1;
}

static int
cmp_str(const void *k, const void *el)
{
	return strcmp(k, *(char *const *)el);
}

int
pub_is_bad(const struct pub *p, const char *code)
{
	return p->nbad && bsearch(code, p->bad, p->nbad, sizeof *p->bad, cmp_str) != NULL;
}

int
pub_write_if_changed(const char *path, const char *buf, size_t len, int mode, struct err *e)
{
	if (afile_same(path, buf, len))
		return 0;
	return afile_put(path, buf, len, mode, e) < 0 ? -1 : 1;
}

static int
remove_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT ? -1 : 0;
}

int
pub_remove_tree(const char *path, struct err *e)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : err_set(e, "%s: %s", path, strerror(errno));
	if (nftw(path, remove_one, 32, FTW_DEPTH | FTW_PHYS) != 0)
		return err_set(e, "%s: cannot remove: %s", path, strerror(errno));
	return 0;
}
