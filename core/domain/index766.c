#include "index766.h"

#include <stdlib.h>

enum { C_APOLOGY = 0, C_PROGRESS, C_COUNT };

struct idx766 {
	const struct stats *st;
	int nent, nper;
	int64_t *cnt; /* [nent][nper][C_COUNT] */
};

static const char *const names[IDX766_COUNT] = {
    "ontime", "overdue_pending", "apology_slips", "online", "public_progress", "satisfied",
};

const char *
idx766_name(enum idx766_ind i)
{
	return (int)i >= 0 && i < IDX766_COUNT ? names[i] : NULL;
}

struct idx766 *
idx766_new(const struct stats *st, struct err *e)
{
	struct idx766 *x = calloc(1, sizeof *x);
	size_t n;

	if (!x) {
		err_set(e, "out of memory");
		return NULL;
	}
	x->st = st;
	x->nent = stats_nentities(st);
	x->nper = stats_nperiods(st);
	n = (size_t)x->nent * (size_t)x->nper * C_COUNT;
	if (!(x->cnt = calloc(n ? n : 1, sizeof *x->cnt))) {
		err_set(e, "out of memory");
		free(x);
		return NULL;
	}
	return x;
}

void
idx766_free(struct idx766 *x)
{
	if (!x)
		return;
	free(x->cnt);
	free(x);
}

/* Add 1 to counter C of every entity in ENT for the period of each kind
 * that holds instant T. */
static void
bump(struct idx766 *x, const int *ent, int nent, tmin_t t, int c)
{
	for (int k = 0; k < STATS_PERIOD_KINDS; k++) {
		int per = stats_period_of(x->st, (enum stats_period_kind)k, t);
		if (per < 0)
			continue;
		for (int i = 0; i < nent; i++)
			x->cnt[((size_t)ent[i] * (size_t)x->nper + (size_t)per) * C_COUNT + c]++;
	}
}

int
idx766_add(struct idx766 *x, const struct stats_dossier *d, const struct ev *ev, int nev,
           struct err *e)
{
	int ent[STATS_ENTITIES_MAX], nent;
	tmin_t now = stats_now(x->st);
	int steps = 0;

	if (!d->tl || (nent = stats_entities_of(x->st, d->agency, d->procedure, ent)) < 0)
		return err_set(e, "service index: dossier with an index out of range");
	if (d->received >= now)
		return 0; /* as stats_add: not received yet */
	for (int i = 0; i < nev; i++) {
		if (ev[i].kind == EV_STEP_START || ev[i].kind == EV_STEP_DONE)
			steps = 1;
		else if (ev[i].kind == EV_APOLOGY && ev[i].at < now)
			bump(x, ent, nent, ev[i].at, C_APOLOGY);
	}
	/* Resolved as the report table counts it: ended with a result (not
	 * rejected, not withdrawn) before now, in the period holding the end. */
	if (steps && d->ended && d->ended < now && !d->tl->rejected && !d->tl->withdrawn)
		bump(x, ent, nent, d->ended, C_PROGRESS);
	return 0;
}

static int64_t
get(const struct idx766 *x, int ent, int per, int c)
{
	if (ent < 0 || ent >= x->nent || per < 0 || per >= x->nper)
		return 0;
	return x->cnt[((size_t)ent * (size_t)x->nper + (size_t)per) * C_COUNT + c];
}

int64_t
idx766_apologies(const struct idx766 *x, int ent, int per)
{
	return get(x, ent, per, C_APOLOGY);
}

int64_t
idx766_progress(const struct idx766 *x, int ent, int per)
{
	return get(x, ent, per, C_PROGRESS);
}

int
idx766_value(const struct idx766 *x, const struct satis *sa, int question, int ent, int per,
             enum idx766_ind i, struct idx766_value *v)
{
	const struct stats *st = x->st;

	v->num = v->den = 0;
	switch (i) {
	case IDX766_ONTIME:
		v->num =
		    stats_get(st, ent, per, STATS_EARLY) + stats_get(st, ent, per, STATS_ON_TIME);
		v->den = stats_resolved(st, ent, per);
		break;
	case IDX766_OVERDUE:
		v->num = stats_get(st, ent, per, STATS_PENDING_OVERDUE);
		v->den = stats_pending(st, ent, per);
		break;
	case IDX766_APOLOGY:
		v->num = idx766_apologies(x, ent, per);
		break;
	case IDX766_ONLINE:
		v->num = stats_get(st, ent, per, STATS_NEW_ONLINE);
		v->den = v->num + stats_get(st, ent, per, STATS_NEW_COUNTER) +
		         stats_get(st, ent, per, STATS_NEW_POST);
		break;
	case IDX766_PROGRESS:
		v->num = idx766_progress(x, ent, per);
		v->den = stats_resolved(st, ent, per);
		break;
	case IDX766_SATISFIED:
		if (sa) {
			v->num = satis_satisfied(sa, ent, per, question);
			v->den = satis_total(sa, ent, per, question);
		}
		break;
	default:
		return -1;
	}
	v->permille = stats_permille(v->num, v->den);
	return 0;
}
