#include "satisfaction.h"

#include <stdlib.h>

/* Counters per (entity, period): the choices, then per question its total
 * and its satisfied count. */
struct satis {
	const struct stats *st;
	int nq, nc, width;
	int nent, nper;
	int64_t counted;
	int64_t *cnt; /* [nent][nper][width] */
};

struct satis *
satis_new(const struct stats *st, int nquestions, int nchoices, struct err *e)
{
	struct satis *sa;
	size_t n;

	if (!st || nquestions < 0 || nchoices < 0) {
		err_set(e, "satisfaction: bad configuration");
		return NULL;
	}
	if (!(sa = calloc(1, sizeof *sa))) {
		err_set(e, "out of memory");
		return NULL;
	}
	sa->st = st;
	sa->nq = nquestions;
	sa->nc = nchoices;
	sa->width = nchoices + 2 * nquestions;
	sa->nent = stats_nentities(st);
	sa->nper = stats_nperiods(st);
	n = (size_t)sa->nent * (size_t)sa->nper * (size_t)sa->width;
	if (!(sa->cnt = calloc(n ? n : 1, sizeof *sa->cnt))) {
		err_set(e, "out of memory");
		free(sa);
		return NULL;
	}
	return sa;
}

void
satis_free(struct satis *sa)
{
	if (!sa)
		return;
	free(sa->cnt);
	free(sa);
}

static int64_t *
row(const struct satis *sa, int ent, int per)
{
	return sa->cnt + ((size_t)ent * (size_t)sa->nper + (size_t)per) * (size_t)sa->width;
}

int
satis_add(struct satis *sa, const struct satis_rating *r, struct err *e)
{
	int ent[STATS_ENTITIES_MAX], nent, counted = 0;

	if (r->question < 0 || r->question >= sa->nq || r->choice < 0 || r->choice >= sa->nc ||
	    (nent = stats_entities_of(sa->st, r->agency, r->procedure, ent)) < 0)
		return err_set(e, "satisfaction: rating with an index out of range");
	if (r->rated >= stats_now(sa->st))
		return 0;
	/* Calendar periods and the reporting periods alike: one of each kind. */
	for (int k = 0; k < STATS_PERIOD_KINDS; k++) {
		int per = stats_period_of(sa->st, (enum stats_period_kind)k, r->rated);
		if (per < 0)
			continue;
		counted = 1;
		for (int x = 0; x < nent; x++) {
			int64_t *v = row(sa, ent[x], per);
			v[r->choice]++;
			v[sa->nc + 2 * r->question]++;
			if (r->satisfied)
				v[sa->nc + 2 * r->question + 1]++;
		}
	}
	sa->counted += counted;
	return counted;
}

static int
in_range(const struct satis *sa, int ent, int per)
{
	return ent >= 0 && ent < sa->nent && per >= 0 && per < sa->nper;
}

int64_t
satis_count(const struct satis *sa, int ent, int per, int choice)
{
	if (!in_range(sa, ent, per) || choice < 0 || choice >= sa->nc)
		return 0;
	return row(sa, ent, per)[choice];
}

int64_t
satis_total(const struct satis *sa, int ent, int per, int question)
{
	if (!in_range(sa, ent, per) || question < 0 || question >= sa->nq)
		return 0;
	return row(sa, ent, per)[sa->nc + 2 * question];
}

int64_t
satis_satisfied(const struct satis *sa, int ent, int per, int question)
{
	if (!in_range(sa, ent, per) || question < 0 || question >= sa->nq)
		return 0;
	return row(sa, ent, per)[sa->nc + 2 * question + 1];
}

int
satis_permille(const struct satis *sa, int ent, int per, int question)
{
	return stats_permille(satis_satisfied(sa, ent, per, question),
	                      satis_total(sa, ent, per, question));
}

int64_t
satis_counted(const struct satis *sa)
{
	return sa->counted;
}
