/*
 * The dossier state: per dossier, the fingerprint of its database row and
 * events and the instant its page would next read differently on its own
 * (a pending dossier turning overdue).  With it a run copies the previous
 * snapshot and rewrites only changed dossiers, and renders only pages whose
 * data changed or whose instant has come (site/dossier_pages.c), instead of everything.
 *
 * It lives beside the state file (STATE.dossiers) and not inside it because
 * state.c belongs to the site work; the two are saved in this order:
 * state.c's, then this one.  A run killed between the two leaves this file
 * one run older than state.c's: its fingerprints then differ for the
 * dossiers that run changed, which are re-rendered and compared with the
 * newer page hashes (safe).  The other order could pair new fingerprints
 * with older page hashes and skip writing a page that changed back.
 *
 * Format (native byte order, the file never leaves the machine):
 *   "PUBDSTATE5\n", gfp, run_id, now, count (8 bytes each), then the
 *   records (struct drec) sorted by code hash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "pub.h"

#define MAGIC "PUBDSTATE5\n"
#define MAX_RECORDS (1u << 28) /* a corrupt count must not ask for terabytes */

static char *
dstate_path(const struct pub *p)
{
	size_t n = strlen(p->state_path) + sizeof ".dossiers";
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s.dossiers", p->state_path);
	return s;
}

static int
cmp_drec(const void *a, const void *b)
{
	uint64_t x = ((const struct drec *)a)->code, y = ((const struct drec *)b)->code;
	return (x > y) - (x < y);
}

void
drec_sort(struct drec_set *set)
{
	size_t i = 1;

	/* An incremental run's records are the previous run's, in order, but
	 * for the new dossiers: check before sorting a million. */
	while (i < set->n && set->v[i - 1].code <= set->v[i].code)
		i++;
	if (i < set->n)
		qsort(set->v, set->n, sizeof *set->v, cmp_drec);
}

/* Interpolation search: the keys are BLAKE2b hashes, spread evenly, so
 * the first guess lands within a few slots, where a binary search over a
 * million records takes twenty cache misses (three lookups per dossier per
 * run showed in profiles).  Falls back to halving after a few guesses, so
 * keys that are not uniform cost no more than a binary search. */
size_t
pub_key_search(const void *base, size_t n, size_t size, uint64_t key)
{
	const unsigned char *v = base;
	size_t lo = 0, hi = n, guesses = 0;

#define KEY(i) (*(const uint64_t *)(const void *)(v + (i)*size))
	while (lo < hi) {
		size_t mid;
		uint64_t a = KEY(lo), b = KEY(hi - 1);
		if (key < a || key > b)
			return n;
		if (guesses++ < 4 && b > a)
			mid = lo + (size_t)((long double)(key - a) / (long double)(b - a) *
			                    (hi - 1 - lo));
		else
			mid = lo + (hi - lo) / 2;
		if (KEY(mid) == key)
			return mid;
		if (KEY(mid) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
#undef KEY
	return n;
}

struct drec *
drec_find(const struct drec_set *set, uint64_t code_hash)
{
	size_t i = pub_key_search(set->v, set->n, sizeof *set->v, code_hash);

	return i < set->n ? &set->v[i] : NULL;
}

/* Read the header and records; -1 when the file is not a whole state. */
static int
read_all(FILE *f, struct pub *p)
{
	char magic[sizeof MAGIC];
	uint64_t h[4];

	if (fread(magic, 1, sizeof MAGIC - 1, f) != sizeof MAGIC - 1 ||
	    memcmp(magic, MAGIC, sizeof MAGIC - 1) != 0 || fread(h, sizeof h[0], 4, f) != 4 ||
	    h[3] > MAX_RECORDS)
		return -1;
	p->old_gfp = h[0];
	p->old_run_id = h[1];
	p->old_now = (tmin_t)h[2];
	if (!(p->old_d.v = malloc((size_t)h[3] * sizeof *p->old_d.v + 1)))
		return -1;
	if (h[3] && fread(p->old_d.v, sizeof *p->old_d.v, (size_t)h[3], f) != h[3])
		return -1;
	p->old_d.n = (size_t)h[3];
	return 0;
}

int
dstate_load(struct pub *p, struct err *e)
{
	char *path;
	FILE *f;

	if (p->o.full)
		return 0;
	if (!(path = dstate_path(p)))
		return err_set(e, "out of memory");
	f = fopen(path, "rb");
	free(path);
	if (!f)
		return 0; /* first run, or the state was removed: a full run */
	if (read_all(f, p) < 0) {
		/* Unreadable: start afresh rather than fail. */
		free(p->old_d.v);
		memset(&p->old_d, 0, sizeof p->old_d);
	} else {
		p->have_old_d = 1;
	}
	fclose(f); /* read-only */
	return 0;
}

int
dstate_save(struct pub *p, struct err *e)
{
	uint64_t h[4] = {p->gfp, p->run_id, (uint64_t)p->o.now, p->new_d.n};
	char *path = dstate_path(p);
	struct afile a;
	int r = -1;

	if (!path)
		return err_set(e, "out of memory");
	drec_sort(&p->new_d);
	if (afile_open(&a, path, 0600, 1, e) < 0)
		goto out;
	if (fputs(MAGIC, a.f) == EOF || fwrite(h, sizeof h[0], 4, a.f) != 4 ||
	    (p->new_d.n && fwrite(p->new_d.v, sizeof *p->new_d.v, p->new_d.n, a.f) != p->new_d.n)) {
		err_set(e, "%s: write error: %s", path, strerror(errno));
		afile_abort(&a);
		goto out;
	}
	r = afile_commit(&a, 1, e);
out:
	free(path);
	return r;
}

int
dstate_page_fresh(const struct pub *p, const struct drec *old, uint64_t src)
{
	/* "now" going backwards (a clock reset, --now in a test) voids every
	 * expiry: they were computed looking forward from the old now. */
	return p->have_old_d && old && p->old_gfp == p->gfp && old->src == src &&
	       p->o.now >= p->old_now && p->o.now < old->next;
}
