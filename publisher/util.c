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

/* The page hash: two lanes, each taking 16 bytes per 64 x 64 -> 128-bit
 * multiply folded to 64 bits, then multiplied by an odd constant (a
 * bijection, so no lane forgets what came before); the length and both
 * lanes are mixed at the end.  The constants are arbitrary odd numbers
 * with mixed bits. */
#define PH_K0 0xa0761d6478bd642full
#define PH_K1 0xe7037ed1a0b428dbull
#define PH_K2 0x8ebc6af09c88c6e3ull
#define PH_K3 0x589965cc75374cc3ull
#define PH_M1 0x9e3779b97f4a7c15ull
#define PH_M2 0xd6e8feb86659fd93ull

static uint64_t
ph_word(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

static uint64_t
ph_fold(uint64_t a, uint64_t b)
{
	unsigned __int128 m = (unsigned __int128)a * b;

	return (uint64_t)m ^ (uint64_t)(m >> 64);
}

uint64_t
pub_page_hash(const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned char tail[32] = {0};
	uint64_t a = PH_K0, b = PH_K1, h;
	size_t n = len;

	for (; n >= 32; p += 32, n -= 32) {
		a = (a ^ ph_fold(ph_word(p) ^ PH_K2, ph_word(p + 8) ^ PH_K3)) * PH_M1;
		b = (b ^ ph_fold(ph_word(p + 16) ^ PH_K2, ph_word(p + 24) ^ PH_K3)) * PH_M2;
	}
	memcpy(tail, p, n);
	a = (a ^ ph_fold(ph_word(tail) ^ PH_K2, ph_word(tail + 8) ^ PH_K3)) * PH_M1;
	b = (b ^ ph_fold(ph_word(tail + 16) ^ PH_K2, ph_word(tail + 24) ^ PH_K3)) * PH_M2;
	h = ph_fold(a ^ (uint64_t)len, b ^ PH_K0);
	h ^= h >> 31;
	h *= PH_M1;
	h ^= h >> 29;
	return h ? h : 1; /* 0 means "no fingerprint" in the state file */
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
