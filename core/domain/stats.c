#include "stats.h"

#include <stdlib.h>
#include <string.h>

/* Longest successor chain followed (a merger every few years: 64 is far). */
#define CHAIN_MAX 64

/* One processing-time sample: a dossier resolved in the window. */
struct sample {
	int32_t agency, procedure;
	int64_t min;
	int ontime; /* early or on time */
};

struct stats {
	struct stats_config cfg;
	struct stats_agency *agencies;
	int *procedure_field;
	int *process_nsteps;
	int *step_off; /* first stats_step of each process */
	struct stats_step *steps;

	int nper[STATS_PERIOD_KINDS]; /* months, quarters, years, then the same
	                                 reporting periods (15th to 14th) */
	int base[STATS_PERIOD_KINDS]; /* index of the first period of each kind */
	int nperiods;
	struct stats_period *periods;

	int nent;
	int ent_agency, ent_proc, ent_field; /* first entity of each kind */
	int *rollup_ent;                     /* per agency: its roll-up entity or -1 */
	enum stats_entity_kind *ekind;
	int *eref;
	int64_t *cnt; /* [nent][nperiods][STATS_NCOLS] */

	tmin_t win;
	struct sample *samples;
	size_t nsamples, capsamples;
	int64_t *proc_minutes; /* samples sorted by procedure, then minutes */
	int64_t *proc_off;     /* [nprocedures + 1] offsets into it */
	struct stats_ptime *pt;
	int npt;
	int finished;
};

static const char *const level_names[STATS_LEVEL_COUNT] = {
    "province", "department", "district", "commune", "branch",
};

static const char *const col_names[STATS_NCOLS] = {
    "carried",          "new_online",    "new_counter",    "new_post",        "early",
    "on_time",          "late",          "pending_within", "pending_overdue", "rejected",
    "withdrawn",        "supp_at_end",   "supp_requested", "apology",         "rejected_early",
    "rejected_on_time", "rejected_late",
};

int
stats_level_parse(const char *s)
{
	for (int i = 0; i < STATS_LEVEL_COUNT; i++)
		if (s && strcmp(s, level_names[i]) == 0)
			return i;
	return -1;
}

const char *
stats_level_name(int l)
{
	return l >= 0 && l < STATS_LEVEL_COUNT ? level_names[l] : NULL;
}

int
stats_channel_parse(const char *s)
{
	static const char *const names[STATS_CH_COUNT] = {"counter", "online", "post"};

	for (int i = 0; i < STATS_CH_COUNT; i++)
		if (s && strcmp(s, names[i]) == 0)
			return i;
	return -1;
}

const char *
stats_col_name(int c)
{
	return c >= 0 && c < STATS_NCOLS ? col_names[c] : NULL;
}

day_t
stats_add_months(day_t d, int n)
{
	int y, m, md, len;

	clock_civil(d, &y, &m, &md);
	m = m - 1 + n;
	y += m >= 0 ? m / 12 : -((11 - m) / 12);
	m = ((m % 12) + 12) % 12 + 1;
	len = clock_day(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - clock_day(y, m, 1);
	return clock_day(y, m, md < len ? md : len);
}

/* Month number (year * 12 + month - 1) of instant T. */
static int
month_no(tmin_t t)
{
	int y, m, d;

	clock_civil((day_t)(t / CLOCK_MIN_PER_DAY), &y, &m, &d);
	return y * 12 + m - 1;
}

/* The day a reporting period begins (Decree 09/2019/NĐ-CP art. 12). */
#define CUT_DAY 15

static int
is_cut(enum stats_period_kind k)
{
	return k >= STATS_CUT_MONTH;
}

/* Months in a period of kind K. */
static int
span_of(enum stats_period_kind k)
{
	static const int span[3] = {1, 3, 12};

	return span[(int)k % 3];
}

/* The month number T counts in for kind K: its own month, or for a
 * reporting period the month it ends in (from the 15th on, the next). */
static int
kind_month(enum stats_period_kind k, tmin_t t)
{
	int y, m, d;

	if (!is_cut(k))
		return month_no(t);
	clock_civil((day_t)(t / CLOCK_MIN_PER_DAY), &y, &m, &d);
	return y * 12 + m - 1 + (d >= CUT_DAY);
}

/* Index of T among periods of kind K counted from the first, which may be
 * negative (before the first) or past the last. */
static int
rel_index(const struct stats *s, enum stats_period_kind k, tmin_t t)
{
	int span = span_of(k);

	return kind_month(k, t) / span - kind_month(k, s->cfg.first) / span;
}

int
stats_period_of(const struct stats *s, enum stats_period_kind k, tmin_t t)
{
	int i;

	if ((int)k < 0 || k >= STATS_PERIOD_KINDS)
		return -1;
	i = rel_index(s, k, t);
	return i >= 0 && i < s->nper[k] ? s->base[k] + i : -1;
}

static tmin_t
month_start(int mn)
{
	return (tmin_t)clock_day(mn / 12, mn % 12 + 1, 1) * CLOCK_MIN_PER_DAY;
}

/* Where the period of kind K whose first month is MN begins: the 1st, or
 * for a reporting period the 15th of the month before. */
static tmin_t
period_start(enum stats_period_kind k, int mn)
{
	if (!is_cut(k))
		return month_start(mn);
	return month_start(mn - 1) + (tmin_t)(CUT_DAY - 1) * CLOCK_MIN_PER_DAY;
}

static int
make_periods(struct stats *s, struct err *e)
{
	int n = 0;

	for (int k = 0; k < STATS_PERIOD_KINDS; k++) {
		s->nper[k] = rel_index(s, (enum stats_period_kind)k, s->cfg.now) + 1;
		s->base[k] = n;
		n += s->nper[k];
	}
	s->nperiods = n;
	s->periods = calloc((size_t)n, sizeof *s->periods);
	if (!s->periods)
		return err_set(e, "out of memory");
	for (int k = 0; k < STATS_PERIOD_KINDS; k++) {
		enum stats_period_kind kind = (enum stats_period_kind)k;
		int span = span_of(kind), first = kind_month(kind, s->cfg.first) / span * span;
		for (int i = 0; i < s->nper[k]; i++) {
			struct stats_period *p = &s->periods[s->base[k] + i];
			int mn = first + i * span;
			p->kind = kind;
			p->year = mn / 12;
			p->num = span == 1 ? mn % 12 + 1 : span == 3 ? mn % 12 / 3 + 1 : 0;
			p->start = period_start(kind, mn);
			p->end = period_start(kind, mn + span);
			p->until = p->end < s->cfg.now ? p->end : s->cfg.now;
		}
	}
	return 0;
}

/* Entities: province, levels, agencies, roll-ups, procedures, fields. */
static int
make_entities(struct stats *s, struct err *e)
{
	const struct stats_config *c = &s->cfg;
	int n, nroll = 0;

	s->rollup_ent = malloc(sizeof(int) * (size_t)(c->nagencies ? c->nagencies : 1));
	if (!s->rollup_ent)
		return err_set(e, "out of memory");
	for (int a = 0; a < c->nagencies; a++)
		s->rollup_ent[a] = -1;
	for (int a = 0; a < c->nagencies; a++) {
		int x = s->agencies[a].successor, steps = 0;
		if (x == -1)
			continue;
		if (x < 0 || x >= c->nagencies)
			return err_set(e, "agency %d: successor %d out of range", a, x);
		/* A chain longer than the table loops. */
		for (int y = x; y != -1; y = s->agencies[y].successor)
			if (++steps > c->nagencies || steps > CHAIN_MAX)
				return err_set(
				    e, "agency %d: successor chain loops or is longer than %d", a,
				    CHAIN_MAX);
		s->rollup_ent[x] = -2; /* has predecessors */
	}
	s->ent_agency = 1 + STATS_LEVEL_COUNT;
	n = s->ent_agency + c->nagencies;
	for (int a = 0; a < c->nagencies; a++)
		if (s->rollup_ent[a] == -2) {
			s->rollup_ent[a] = n + nroll;
			nroll++;
		}
	s->ent_proc = n + nroll;
	s->ent_field = s->ent_proc + c->nprocedures;
	s->nent = s->ent_field + c->nfields;
	s->ekind = malloc(sizeof *s->ekind * (size_t)s->nent);
	s->eref = malloc(sizeof *s->eref * (size_t)s->nent);
	if (!s->ekind || !s->eref)
		return err_set(e, "out of memory");
	s->ekind[0] = STATS_E_PROVINCE;
	s->eref[0] = 0;
	for (int l = 0; l < STATS_LEVEL_COUNT; l++) {
		s->ekind[1 + l] = STATS_E_LEVEL;
		s->eref[1 + l] = l;
	}
	for (int a = 0; a < c->nagencies; a++) {
		s->ekind[s->ent_agency + a] = STATS_E_AGENCY;
		s->eref[s->ent_agency + a] = a;
		if (s->rollup_ent[a] >= 0) {
			s->ekind[s->rollup_ent[a]] = STATS_E_ROLLUP;
			s->eref[s->rollup_ent[a]] = a;
		}
	}
	for (int p = 0; p < c->nprocedures; p++) {
		s->ekind[s->ent_proc + p] = STATS_E_PROCEDURE;
		s->eref[s->ent_proc + p] = p;
	}
	for (int f = 0; f < c->nfields; f++) {
		s->ekind[s->ent_field + f] = STATS_E_FIELD;
		s->eref[s->ent_field + f] = f;
	}
	return 0;
}

static void *
dup_array(const void *src, size_t n, size_t size)
{
	void *p = malloc(n ? n * size : 1);

	if (p && n)
		memcpy(p, src, n * size);
	return p;
}

static int
copy_config(struct stats *s, const struct stats_config *cfg, struct err *e)
{
	int total = 0;

	s->agencies = dup_array(cfg->agencies, (size_t)cfg->nagencies, sizeof *cfg->agencies);
	s->procedure_field = dup_array(cfg->procedure_field, (size_t)cfg->nprocedures, sizeof(int));
	s->process_nsteps = dup_array(cfg->process_nsteps, (size_t)cfg->nprocesses, sizeof(int));
	s->step_off = malloc(sizeof(int) * (size_t)(cfg->nprocesses + 1));
	if (!s->agencies || !s->procedure_field || !s->process_nsteps || !s->step_off)
		return err_set(e, "out of memory");
	for (int l = 0; l < cfg->nagencies; l++)
		if (s->agencies[l].level < 0 || s->agencies[l].level >= STATS_LEVEL_COUNT)
			return err_set(e, "agency %d: level %d out of range", l,
			               s->agencies[l].level);
	for (int p = 0; p < cfg->nprocedures; p++)
		if (s->procedure_field[p] < 0 || s->procedure_field[p] >= cfg->nfields)
			return err_set(e, "procedure %d: field %d out of range", p,
			               s->procedure_field[p]);
	for (int p = 0; p < cfg->nprocesses; p++) {
		int n = s->process_nsteps[p];
		if (n < 0 || n > TIMELINE_STEPS_MAX)
			return err_set(e, "process %d: %d steps", p, n);
		s->step_off[p] = total;
		total += n;
	}
	s->step_off[cfg->nprocesses] = total;
	s->steps = calloc((size_t)(total ? total : 1), sizeof *s->steps);
	if (!s->steps)
		return err_set(e, "out of memory");
	return 0;
}

struct stats *
stats_new(const struct stats_config *cfg, struct err *e)
{
	struct stats *s;

	if (cfg->first > cfg->now || cfg->first < 0 || cfg->nagencies < 0 || cfg->nprocedures < 0 ||
	    cfg->nfields < 0 || cfg->nprocesses < 0) {
		err_set(e, "stats: bad configuration");
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (!s) {
		err_set(e, "out of memory");
		return NULL;
	}
	s->cfg = *cfg;
	s->win = (tmin_t)stats_add_months((day_t)(cfg->now / CLOCK_MIN_PER_DAY), -6) *
	             CLOCK_MIN_PER_DAY +
	         cfg->now % CLOCK_MIN_PER_DAY;
	if (copy_config(s, cfg, e) < 0 || make_periods(s, e) < 0 || make_entities(s, e) < 0)
		goto fail;
	s->cnt = calloc((size_t)s->nent * (size_t)s->nperiods * STATS_NCOLS, sizeof *s->cnt);
	if (!s->cnt) {
		err_set(e, "out of memory");
		goto fail;
	}
	return s;
fail:
	stats_free(s);
	return NULL;
}

void
stats_free(struct stats *s)
{
	if (!s)
		return;
	free(s->agencies);
	free(s->procedure_field);
	free(s->process_nsteps);
	free(s->step_off);
	free(s->steps);
	free(s->periods);
	free(s->rollup_ent);
	free(s->ekind);
	free(s->eref);
	free(s->cnt);
	free(s->samples);
	free(s->proc_minutes);
	free(s->proc_off);
	free(s->pt);
	free(s);
}

/* ---- counting ------------------------------------------------------------ */

/* Whether a supplement request is open across instant T. */
static int
supp_open_at(const struct timeline *tl, tmin_t t)
{
	for (int i = 0; i < tl->nstops; i++) {
		const struct timeline_stop *st = &tl->stops[i];
		if (st->supplement && st->from < t && (st->to == 0 || st->to >= t))
			return 1;
	}
	return 0;
}

/* Whether a supplement request was made in [A, B). */
static int
supp_requested_in(const struct timeline *tl, tmin_t a, tmin_t b)
{
	for (int i = 0; i < tl->nstops; i++) {
		const struct timeline_stop *st = &tl->stops[i];
		if (st->supplement && st->from >= a && st->from < b)
			return 1;
	}
	return 0;
}

/* How the dossier ended: STATS_EARLY/ON_TIME/LATE, STATS_REJECTED or
 * STATS_WITHDRAWN. */
static enum stats_col
end_col(const struct stats_dossier *d)
{
	const struct timeline *tl = d->tl;

	if (tl->withdrawn)
		return STATS_WITHDRAWN;
	if (tl->rejected)
		return STATS_REJECTED;
	switch (tl->verdict) {
	case VERDICT_EARLY:
		return STATS_EARLY;
	case VERDICT_ON_TIME:
		return STATS_ON_TIME;
	case VERDICT_LATE:
		return STATS_LATE;
	default:
		/* Not judged by the timeline: judge the end against the due. */
		return d->ended > tl->due ? STATS_LATE : STATS_ON_TIME;
	}
}

/* The entities a dossier of AGENCY and PROCEDURE (both in range) counts
 * in; returns their number. */
static int
dossier_entities(const struct stats *s, int agency, int procedure, int *ent)
{
	int n = 0, steps = 0;

	ent[n++] = 0;
	ent[n++] = 1 + s->agencies[agency].level;
	ent[n++] = s->ent_agency + agency;
	for (int a = agency; a != -1 && steps <= s->cfg.nagencies; a = s->agencies[a].successor) {
		if (s->rollup_ent[a] >= 0)
			ent[n++] = s->rollup_ent[a];
		steps++;
	}
	ent[n++] = s->ent_proc + procedure;
	ent[n++] = s->ent_field + s->procedure_field[procedure];
	return n;
}

int
stats_entities_of(const struct stats *s, int agency, int procedure, int *ent)
{
	if (agency < 0 || agency >= s->cfg.nagencies || procedure < 0 ||
	    procedure >= s->cfg.nprocedures)
		return -1;
	return dossier_entities(s, agency, procedure, ent);
}

tmin_t
stats_now(const struct stats *s)
{
	return s->cfg.now;
}

/* The columns dossier D adds to in period P (I its index among its kind,
 * LAST its last period); returns their number. */
static int
period_cols(const struct stats_period *p, const struct stats_dossier *d, tmin_t ended,
            enum stats_col endc, int *col)
{
	static const enum stats_col newcol[STATS_CH_COUNT] = {
	    STATS_NEW_COUNTER,
	    STATS_NEW_ONLINE,
	    STATS_NEW_POST,
	};
	int n = 0;

	col[n++] = d->received >= p->start ? (int)newcol[d->channel] : STATS_CARRIED;
	if (ended && ended < p->until) {
		col[n++] = endc;
		if (d->tl->apologies > 0 && endc <= STATS_LATE && endc >= STATS_EARLY)
			col[n++] = STATS_APOLOGY;
		/* A refusal is judged against the due like a result. */
		if (endc == STATS_REJECTED)
			col[n++] = d->tl->verdict == VERDICT_EARLY     ? STATS_REJ_EARLY
			           : d->tl->verdict == VERDICT_ON_TIME ? STATS_REJ_ON_TIME
			                                               : STATS_REJ_LATE;
	} else {
		col[n++] = d->tl->due < p->until ? STATS_PENDING_OVERDUE : STATS_PENDING_WITHIN;
		if (supp_open_at(d->tl, p->until))
			col[n++] = STATS_SUPP_AT_END;
	}
	if (supp_requested_in(d->tl, p->start, p->until))
		col[n++] = STATS_SUPP_REQUESTED;
	return n;
}

static void
count_periods(struct stats *s, const struct stats_dossier *d, tmin_t ended, const int *ent,
              int nent)
{
	enum stats_col endc = ended ? end_col(d) : STATS_CARRIED;

	for (int k = 0; k < STATS_PERIOD_KINDS; k++) {
		int r = rel_index(s, (enum stats_period_kind)k, d->received);
		int last = ended ? rel_index(s, (enum stats_period_kind)k, ended) : s->nper[k] - 1;
		if (last < 0)
			continue; /* ended before the first period */
		if (r < 0)
			r = 0; /* received earlier: carried into the first period */
		for (int i = r; i <= last; i++) {
			int per = s->base[k] + i, col[5], ncol;
			ncol = period_cols(&s->periods[per], d, ended, endc, col);
			for (int x = 0; x < nent; x++) {
				int64_t *row =
				    s->cnt + ((size_t)ent[x] * (size_t)s->nperiods + (size_t)per) *
				                 STATS_NCOLS;
				for (int c = 0; c < ncol; c++)
					row[col[c]]++;
			}
		}
	}
}

static int
add_sample(struct stats *s, const struct stats_dossier *d, struct err *e)
{
	if (s->nsamples == s->capsamples) {
		size_t cap = s->capsamples ? s->capsamples * 2 : 1024;
		struct sample *n = realloc(s->samples, cap * sizeof *n);
		if (!n)
			return err_set(e, "out of memory");
		s->samples = n;
		s->capsamples = cap;
	}
	s->samples[s->nsamples++] = (struct sample){
	    .agency = d->agency,
	    .procedure = d->procedure,
	    .min = d->tl->elapsed_min,
	    .ontime = d->tl->verdict == VERDICT_EARLY || d->tl->verdict == VERDICT_ON_TIME,
	};
	return 0;
}

/* Steps finished in the window, and the step that made a late dossier late. */
static void
count_steps(struct stats *s, const struct stats_dossier *d, int late_in_window)
{
	const struct timeline *tl = d->tl;
	int n =
	    tl->nsteps < s->process_nsteps[d->process] ? tl->nsteps : s->process_nsteps[d->process];
	struct stats_step *st = s->steps + s->step_off[d->process];
	int culprit = -1;

	for (int i = 0; i < n; i++) {
		const struct timeline_step *ts = &tl->steps[i];
		if (ts->state == STEP_DONE && ts->finished >= s->win && ts->finished < s->cfg.now) {
			st[i].ran++;
			if (ts->over_min > 0) {
				st[i].over++;
				st[i].over_min += ts->over_min;
			}
		}
		if (ts->over_min > 0 && (culprit < 0 || ts->over_min > tl->steps[culprit].over_min))
			culprit = i;
	}
	if (late_in_window && culprit >= 0)
		st[culprit].culprit++;
}

int
stats_add(struct stats *s, const struct stats_dossier *d, struct err *e)
{
	const struct stats_config *c = &s->cfg;
	int ent[STATS_ENTITIES_MAX], nent;
	tmin_t ended;

	if (d->agency < 0 || d->agency >= c->nagencies || d->procedure < 0 ||
	    d->procedure >= c->nprocedures || d->process < 0 || d->process >= c->nprocesses ||
	    (int)d->channel < 0 || d->channel >= STATS_CH_COUNT || !d->tl)
		return err_set(e, "stats: dossier with an index out of range");
	if (s->finished)
		return err_set(e, "stats: dossier added after stats_finish");
	if (d->received >= c->now)
		return 0;
	/* An end recorded after now has not happened yet as of now. */
	ended = d->ended && d->ended < c->now ? d->ended : 0;
	if (ended && ended < d->received)
		return err_set(e, "stats: dossier ended before it was received");
	nent = dossier_entities(s, d->agency, d->procedure, ent);
	count_periods(s, d, ended, ent, nent);
	if (ended && ended >= s->win && !d->tl->withdrawn && !d->tl->rejected) {
		if (add_sample(s, d, e) < 0)
			return -1;
	}
	count_steps(s, d,
	            ended && ended >= s->win && !d->tl->withdrawn && !d->tl->rejected &&
	                end_col(d) == STATS_LATE);
	return 0;
}

/* ---- processing times -------------------------------------------------- */

static int
cmp_proc(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->procedure != y->procedure)
		return x->procedure < y->procedure ? -1 : 1;
	return (x->min > y->min) - (x->min < y->min);
}

static int
cmp_agency(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->agency != y->agency)
		return x->agency < y->agency ? -1 : 1;
	return (x->min > y->min) - (x->min < y->min);
}

static int
cmp_pair(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->agency != y->agency)
		return x->agency < y->agency ? -1 : 1;
	return cmp_proc(a, b);
}

int64_t
stats_percentile(const int64_t *sorted, int64_t n, int p)
{
	/* Nearest rank: the smallest value with at least P% at or below it. */
	int64_t rank = (p * n + 99) / 100;

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

/* Sample minutes at index I of a sorted run starting at LO. */
static int64_t
run_pct(const struct sample *run, int64_t n, int p)
{
	int64_t rank = (p * n + 99) / 100;

	return run[rank < 1 ? 0 : rank - 1].min;
}

/* Append one row per run of equal keys in the sorted samples. */
static int
group_rows(struct stats *s, enum stats_pt_kind kind, struct err *e)
{
	size_t i = 0;

	while (i < s->nsamples) {
		const struct sample *run = &s->samples[i];
		struct stats_ptime *r;
		size_t j = i;
		while (j < s->nsamples &&
		       (kind == STATS_PT_AGENCY || run->procedure == s->samples[j].procedure) &&
		       (kind == STATS_PT_PROCEDURE || run->agency == s->samples[j].agency))
			j++;
		r = &s->pt[s->npt++];
		r->kind = kind;
		r->agency = kind == STATS_PT_PROCEDURE ? -1 : run->agency;
		r->procedure = kind == STATS_PT_AGENCY ? -1 : run->procedure;
		r->n = (int64_t)(j - i);
		r->p50 = run_pct(run, r->n, 50);
		r->p80 = run_pct(run, r->n, 80);
		r->p90 = run_pct(run, r->n, 90);
		r->max = run[r->n - 1].min;
		r->within_limit = 0;
		for (size_t k = i; k < j; k++)
			r->within_limit += s->samples[k].ontime;
		i = j;
	}
	(void)e;
	return 0;
}

int
stats_finish(struct stats *s, struct err *e)
{
	int np = s->cfg.nprocedures;

	if (s->finished)
		return 0;
	s->finished = 1;
	/* At most one row per sample for each of the three groupings. */
	s->pt = malloc(sizeof *s->pt * (s->nsamples * 3 + 1));
	s->proc_minutes = malloc(sizeof(int64_t) * (s->nsamples + 1));
	s->proc_off = calloc((size_t)np + 1, sizeof(int64_t));
	if (!s->pt || !s->proc_minutes || !s->proc_off)
		return err_set(e, "out of memory");
	if (s->nsamples)
		qsort(s->samples, s->nsamples, sizeof *s->samples, cmp_proc);
	for (size_t i = 0; i < s->nsamples; i++) {
		s->proc_minutes[i] = s->samples[i].min;
		s->proc_off[s->samples[i].procedure + 1]++;
	}
	for (int p = 0; p < np; p++)
		s->proc_off[p + 1] += s->proc_off[p];
	group_rows(s, STATS_PT_PROCEDURE, e);
	if (s->nsamples)
		qsort(s->samples, s->nsamples, sizeof *s->samples, cmp_agency);
	group_rows(s, STATS_PT_AGENCY, e);
	if (s->nsamples)
		qsort(s->samples, s->nsamples, sizeof *s->samples, cmp_pair);
	group_rows(s, STATS_PT_PAIR, e);
	return 0;
}

tmin_t
stats_window_start(const struct stats *s)
{
	return s->win;
}

int
stats_nptimes(const struct stats *s)
{
	return s->npt;
}

const struct stats_ptime *
stats_ptime(const struct stats *s, int i)
{
	return i >= 0 && i < s->npt ? &s->pt[i] : NULL;
}

/* Rows are ordered by kind, then agency, then procedure (group_rows runs
 * over the samples sorted that way, -1 where a kind has no such key). */
static int
cmp_row(const struct stats_ptime *r, enum stats_pt_kind kind, int agency, int procedure)
{
	if (r->kind != kind)
		return r->kind < kind ? -1 : 1;
	if (r->agency != agency)
		return r->agency < agency ? -1 : 1;
	return (r->procedure > procedure) - (r->procedure < procedure);
}

const struct stats_ptime *
stats_ptime_of(const struct stats *s, enum stats_pt_kind kind, int agency, int procedure)
{
	int lo = 0, hi = s->npt - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2, c = cmp_row(&s->pt[mid], kind, agency, procedure);
		if (c == 0)
			return &s->pt[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

const int64_t *
stats_samples_of_procedure(const struct stats *s, int p, int64_t *n)
{
	if (!s->finished || p < 0 || p >= s->cfg.nprocedures) {
		*n = 0;
		return NULL;
	}
	*n = s->proc_off[p + 1] - s->proc_off[p];
	return s->proc_minutes + s->proc_off[p];
}

const struct stats_step *
stats_step(const struct stats *s, int proc, int step_no)
{
	if (proc < 0 || proc >= s->cfg.nprocesses || step_no < 1 ||
	    step_no > s->process_nsteps[proc])
		return NULL;
	return &s->steps[s->step_off[proc] + step_no - 1];
}

/* ---- reading the report table ---------------------------------------- */

int
stats_nperiods(const struct stats *s)
{
	return s->nperiods;
}

const struct stats_period *
stats_period(const struct stats *s, int i)
{
	return i >= 0 && i < s->nperiods ? &s->periods[i] : NULL;
}

int
stats_nentities(const struct stats *s)
{
	return s->nent;
}

enum stats_entity_kind
stats_entity_kind(const struct stats *s, int ent)
{
	return s->ekind[ent];
}

int
stats_entity_ref(const struct stats *s, int ent)
{
	return s->eref[ent];
}

int
stats_entity(const struct stats *s, enum stats_entity_kind kind, int ref)
{
	switch (kind) {
	case STATS_E_PROVINCE:
		return 0;
	case STATS_E_LEVEL:
		return ref >= 0 && ref < STATS_LEVEL_COUNT ? 1 + ref : -1;
	case STATS_E_AGENCY:
		return ref >= 0 && ref < s->cfg.nagencies ? s->ent_agency + ref : -1;
	case STATS_E_ROLLUP:
		return ref >= 0 && ref < s->cfg.nagencies ? s->rollup_ent[ref] : -1;
	case STATS_E_PROCEDURE:
		return ref >= 0 && ref < s->cfg.nprocedures ? s->ent_proc + ref : -1;
	case STATS_E_FIELD:
		return ref >= 0 && ref < s->cfg.nfields ? s->ent_field + ref : -1;
	}
	return -1;
}

int64_t
stats_get(const struct stats *s, int ent, int per, enum stats_col col)
{
	if (ent < 0 || ent >= s->nent || per < 0 || per >= s->nperiods || (int)col < 0 ||
	    col >= STATS_NCOLS)
		return 0;
	return s->cnt[((size_t)ent * (size_t)s->nperiods + (size_t)per) * STATS_NCOLS + col];
}

int64_t
stats_total(const struct stats *s, int ent, enum stats_col col)
{
	int64_t n = 0;

	for (int i = 0; i < s->nper[STATS_YEAR]; i++)
		n += stats_get(s, ent, s->base[STATS_YEAR] + i, col);
	return n;
}

int64_t
stats_received(const struct stats *s, int ent, int per)
{
	return stats_get(s, ent, per, STATS_CARRIED) + stats_get(s, ent, per, STATS_NEW_ONLINE) +
	       stats_get(s, ent, per, STATS_NEW_COUNTER) + stats_get(s, ent, per, STATS_NEW_POST);
}

int64_t
stats_resolved(const struct stats *s, int ent, int per)
{
	return stats_get(s, ent, per, STATS_EARLY) + stats_get(s, ent, per, STATS_ON_TIME) +
	       stats_get(s, ent, per, STATS_LATE);
}

int64_t
stats_pending(const struct stats *s, int ent, int per)
{
	return stats_get(s, ent, per, STATS_PENDING_WITHIN) +
	       stats_get(s, ent, per, STATS_PENDING_OVERDUE);
}

int
stats_ontime_permille(const struct stats *s, int ent, int per)
{
	int64_t r = stats_resolved(s, ent, per);
	int64_t ok = stats_get(s, ent, per, STATS_EARLY) + stats_get(s, ent, per, STATS_ON_TIME);

	return stats_permille(ok, r);
}

int
stats_permille(int64_t part, int64_t whole)
{
	if (whole <= 0)
		return -1;
	return (int)((part * 2000 + whole) / (2 * whole));
}
