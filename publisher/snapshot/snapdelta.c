/*
 * Delivery of the office files by patches (publisher --kiosk-dir DIR).
 *
 * At 1,000 changes a minute over 100 offices every office changes every
 * minute, and a kiosk fetching its whole file each time moves 8 MiB a
 * minute over a commune office's link.  So beside DIR/OFFICE.db the
 * publisher keeps, for plain nginx to serve:
 *
 *   DIR/OFFICE.gen          "v1 SERIES GENERATION DIGEST FROM\n"
 *   DIR/OFFICE.d/N.patch    generation N-1 to N (core/storage/snappatch.h)
 *
 * GENERATION counts the file's rewrites (meta.generation in the file
 * itself), SERIES names the line of generations (meta.series: random, new
 * whenever there is no previous generation to count from), DIGEST is the
 * digest of generation GENERATION's rows, and a kiosk holding any
 * generation from FROM to GENERATION of that series can catch up by the
 * patches FROM+1 .. GENERATION.  kiosk-fetch reads OFFICE.gen (a
 * conditional GET), fetches the chain, and has kioskd apply it to a copy
 * of its file and check the digest; anything else takes the whole file.
 *
 * Order of writes, each by a temporary file and a rename: the patch, then
 * OFFICE.db, then OFFICE.gen, then the pruning of old patches.  A fetcher
 * never reads a GENERATION whose patch is not there yet; one that read an
 * older OFFICE.gen catches up a minute later.
 *
 * Patches are kept while they are worth fetching: at most --kiosk-patches
 * generations (default 1440, a day of runs a minute apart), and no more
 * than the file's own size in all: a chain that costs more than the file
 * is never offered.
 *
 * A patch that cannot be made (the two generations have different tables,
 * after an upgrade) is not an error: the chain starts again at this
 * generation and kiosks take the whole file once.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "afile.h"
#include "pub.h"
#include "snapoffice.h"
#include "snappatch.h"
#include "store.h"

/* Generations past this many digits are not ours. */
#define GEN_DIGITS 19

int
delta_series_ok(const char *s)
{
	size_t n = strlen(s);

	return n == (size_t)2 * DELTA_SERIES_BYTES && strspn(s, "0123456789abcdef") == n;
}

void
delta_next(const struct office_gen *old, struct office_gen *next)
{
	unsigned char b[DELTA_SERIES_BYTES];

	if (old->gen > 0 && delta_series_ok(old->series)) {
		*next = *old;
		next->gen++;
		return;
	}
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(next->series, sizeof next->series, b, sizeof b);
	next->gen = 1;
}

/* DIR/CODE + SUFFIX, malloc'd. */
static char *
office_path(const struct pub *p, const char *code, const char *suffix)
{
	size_t n = strlen(p->o.kiosk_dir) + strlen(code) + strlen(suffix) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s%s", p->o.kiosk_dir, code, suffix);
	return s;
}

/* The generation number of a patch's file name "N.patch", 0 when not one. */
static uint64_t
patch_number(const char *name)
{
	size_t n = strspn(name, "0123456789");

	if (n == 0 || n > GEN_DIGITS || name[0] == '0' || strcmp(name + n, ".patch") != 0)
		return 0;
	return strtoull(name, NULL, 10);
}

struct kept {
	uint64_t gen;
	off_t size;
};

static int
cmp_kept_desc(const void *a, const void *b)
{
	uint64_t x = ((const struct kept *)a)->gen, y = ((const struct kept *)b)->gen;

	return (x < y) - (x > y);
}

/* Keep in directory D the patches that make an unbroken chain down from
 * GEN, at most KEEP of them and BUDGET bytes in all; remove the rest (and
 * a killed run's temporaries).  Returns the generation the chain starts
 * from (GEN when it is empty); *REMOVED counts the files removed. */
static uint64_t
prune(const char *d, uint64_t gen, long keep, off_t budget, long *removed)
{
	DIR *dir = opendir(d);
	struct dirent *de;
	struct kept *v = NULL, *nv;
	size_t n = 0, cap = 0, k;
	uint64_t from = gen;
	off_t total = 0;
	char path[4096];
	struct stat st;

	if (!dir)
		return gen;
	while ((de = readdir(dir))) {
		uint64_t g = patch_number(de->d_name);
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    snprintf(path, sizeof path, "%s/%s", d, de->d_name) >= (int)sizeof path)
			continue;
		if (g == 0 || g > gen || stat(path, &st) < 0) {
			if (unlink(path) == 0)
				(*removed)++;
			continue;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if (!(nv = realloc(v, cap * sizeof *v)))
				break; /* kept as they are; the next run prunes */
			v = nv;
		}
		v[n++] = (struct kept){g, st.st_size};
	}
	closedir(dir);
	if (n)
		qsort(v, n, sizeof *v, cmp_kept_desc);
	for (k = 0; k < n && (long)k < keep && v[k].gen == gen - k && total + v[k].size <= budget;
	     k++) {
		total += v[k].size;
		from = v[k].gen - 1;
	}
	for (; k < n; k++)
		if (snprintf(path, sizeof path, "%s/%" PRIu64 ".patch", d, v[k].gen) <
		        (int)sizeof path &&
		    unlink(path) == 0)
			(*removed)++;
	free(v);
	return from;
}

/* Write CODE.gen: generation G with digest DIGEST, reachable from FROM. */
static int
write_gen(const struct pub *p, const char *code, const struct office_gen *g,
          const unsigned char digest[SNAPPATCH_DIGEST], uint64_t from, struct err *e)
{
	char hex[2 * SNAPPATCH_DIGEST + 1], line[128], *path = office_path(p, code, ".gen");
	int n, r;

	if (!path)
		return err_set(e, "out of memory");
	sodium_bin2hex(hex, sizeof hex, digest, SNAPPATCH_DIGEST);
	n = snprintf(line, sizeof line, "v1 %s %" PRIu64 " %s %" PRIu64 "\n", g->series, g->gen,
	             hex, from);
	r = afile_put(path, line, (size_t)n, 0644, e);
	free(path);
	return r;
}

/* The digest of the file at PATH. */
static int
file_digest(const char *path, unsigned char digest[SNAPPATCH_DIGEST], struct err *e)
{
	sqlite3 *db = store_open_readonly(path, e);
	int r = db ? snappatch_digest(db, digest, e) : -1;

	sqlite3_close(db);
	return r;
}

/* The patch from the file at PATH (generation OLD) to the one at TMP
 * (NEXT) into DIR/CODE.d/N.patch, and NEXT's digest.  Returns 1 when the
 * patch was written, 0 when none could be made (DIGEST still set), -1
 * with E set when not even the digest could be had. */
static int
make_patch(struct pub *p, const char *code, const char *path, const char *tmp,
           const struct office_gen *old, const struct office_gen *next,
           unsigned char digest[SNAPPATCH_DIGEST], struct err *e)
{
	struct snappatch_head h = {old->gen, next->gen, {0}, {0}};
	char *dir = office_path(p, code, ".d"), *pp = NULL;
	sqlite3 *o = NULL, *n = NULL;
	unsigned char *buf = NULL;
	size_t len = 0, pn;
	struct err ignored;
	int r = 0;

	if (!dir)
		return err_set(e, "out of memory");
	pn = strlen(dir) + GEN_DIGITS + 16;
	if ((pp = malloc(pn)))
		snprintf(pp, pn, "%s/%" PRIu64 ".patch", dir, next->gen);
	if (pp && old->gen > 0 && old->gen + 1 == next->gen &&
	    strcmp(old->series, next->series) == 0 && p->o.kiosk_patches > 0 &&
	    (o = store_open_readonly(path, &ignored)) && (n = store_open_readonly(tmp, &ignored)) &&
	    snappatch_diff(o, n, &h, &buf, &len, &ignored) == 0) {
		memcpy(digest, h.target, SNAPPATCH_DIGEST);
		if (afile_put(pp, buf, len, 0644, &ignored) == 0) {
			p->c.patches_written++;
			p->c.patch_bytes += (long)len;
			r = 1;
		}
	}
	sqlite3_close(o);
	sqlite3_close(n);
	free(buf);
	if (r == 0) {
		/* No patch to this generation: a leftover of that name (another
		 * series) must not pass for one. */
		if (pp)
			unlink(pp);
		if (len == 0 && file_digest(tmp, digest, e) < 0)
			r = -1;
	}
	free(pp);
	free(dir);
	return r;
}

int
delta_publish(struct pub *p, const char *code, const char *path, const char *tmp,
              const struct office_gen *old, const struct office_gen *next, struct err *e)
{
	unsigned char digest[SNAPPATCH_DIGEST];
	char *dir;
	struct stat st;
	uint64_t from;

	if (make_patch(p, code, path, tmp, old, next, digest, e) < 0)
		return -1;
	if (rename(tmp, path) < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (!(dir = office_path(p, code, ".d")))
		return err_set(e, "out of memory");
	from = prune(dir, next->gen, p->o.kiosk_patches, stat(path, &st) == 0 ? st.st_size : 0,
	             &p->c.patches_removed);
	free(dir);
	return write_gen(p, code, next, digest, from, e);
}

int
delta_keep(struct pub *p, const char *code, const char *path, const struct office_gen *cur,
           struct err *e)
{
	char *gp = office_path(p, code, ".gen"), *dir = office_path(p, code, ".d");
	char series[2 * DELTA_SERIES_BYTES + 2] = "";
	unsigned long long gen = 0;
	unsigned char digest[SNAPPATCH_DIGEST];
	struct stat st;
	uint64_t from;
	FILE *f;
	int r = -1;

	if (!gp || !dir) {
		err_set(e, "out of memory");
		goto out;
	}
	/* A file from before generations has nothing to announce. */
	if (cur->gen == 0) {
		r = 0;
		goto out;
	}
	if ((f = fopen(gp, "r"))) {
		if (fscanf(f, "v1 %17s %llu", series, &gen) != 2)
			gen = 0;
		fclose(f); /* read only */
		if (gen == cur->gen && strcmp(series, cur->series) == 0) {
			r = 0;
			goto out;
		}
	}
	/* Missing, or behind the file (a run that failed between the two):
	 * say what the file is, so that no kiosk takes itself for current. */
	if (file_digest(path, digest, e) < 0)
		goto out;
	from = prune(dir, cur->gen, p->o.kiosk_patches, stat(path, &st) == 0 ? st.st_size : 0,
	             &p->c.patches_removed);
	r = write_gen(p, code, cur, digest, from, e);
out:
	free(gp);
	free(dir);
	return r;
}
