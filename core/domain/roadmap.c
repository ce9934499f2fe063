#include "roadmap.h"

#include <string.h>

static const char *const rule_names[ROADMAP_RULES] = {
    "adoption", "eiso", "audit", "review", "reissue",
};

static const char *const state_names[ROADMAP_OVERDUE + 1] = {
    "na", "met", "met_late", "pending", "overdue",
};

const char *
roadmap_rule_name(int r)
{
	return r >= 0 && r < ROADMAP_RULES ? rule_names[r] : NULL;
}

const char *
roadmap_state_name(int s)
{
	return s >= 0 && s <= ROADMAP_OVERDUE ? state_names[s] : NULL;
}

day_t
roadmap_eiso_default(int level)
{
	/* Kon Tum's 2021-2030 plan: provincial bodies by 2025, district People's
	 * Committees by 2027, every state administrative body (communes) by 2030. */
	switch (level) {
	case STATS_LEVEL_DISTRICT:
		return clock_day(2027, 12, 31);
	case STATS_LEVEL_COMMUNE:
		return clock_day(2030, 12, 31);
	default:
		return clock_day(2025, 12, 31);
	}
}

enum roadmap_state
roadmap_dated(day_t deadline, day_t done, day_t today)
{
	if (deadline == ROADMAP_NO_DATE)
		return ROADMAP_NA;
	/* A date still ahead of today has not happened yet. */
	if (done != ROADMAP_NO_DATE && done <= today)
		return done <= deadline ? ROADMAP_MET : ROADMAP_MET_LATE;
	return today > deadline ? ROADMAP_OVERDUE : ROADMAP_PENDING;
}

enum roadmap_state
roadmap_yearly(day_t last, day_t today, day_t *next)
{
	if (next)
		*next = last == ROADMAP_NO_DATE ? ROADMAP_NO_DATE : stats_add_months(last, 12);
	/* At least once a year: missing, or older than 12 months before today,
	 * is overdue. */
	if (last == ROADMAP_NO_DATE || last > today || last < stats_add_months(today, -12))
		return ROADMAP_OVERDUE;
	return ROADMAP_MET;
}

enum roadmap_state
roadmap_reissue(day_t changed, day_t from, day_t today, day_t *deadline)
{
	day_t due;

	if (deadline)
		*deadline = ROADMAP_NO_DATE;
	if (changed == ROADMAP_NO_DATE)
		return ROADMAP_NA;
	/* Re-issued within 3 months after the changed document takes effect. */
	due = stats_add_months(changed, 3);
	if (deadline)
		*deadline = due;
	if (from != ROADMAP_NO_DATE && from >= changed && from <= today)
		return from <= due ? ROADMAP_MET : ROADMAP_MET_LATE;
	return today > due ? ROADMAP_OVERDUE : ROADMAP_PENDING;
}

enum roadmap_state
roadmap_reissue_agency(const struct roadmap_agency *a, day_t changed, day_t from, day_t today,
                       day_t *deadline)
{
	day_t due;

	if (changed == ROADMAP_NO_DATE)
		return roadmap_reissue(changed, from, today, deadline);
	/* A body that did not exist when the law changed owes the re-issue
	 * from its first day. */
	if (a->valid_from != ROADMAP_NO_DATE && a->valid_from > changed)
		changed = a->valid_from;
	if (a->valid_to == ROADMAP_NO_DATE || a->valid_to >= today)
		return roadmap_reissue(changed, from, today, deadline);
	/* Ceased: owed only if the deadline fell while it existed, and judged
	 * on its last day (a deadline on that very day, not met, was missed). */
	due = stats_add_months(changed, 3);
	if (deadline)
		*deadline = due;
	if (due > a->valid_to)
		return ROADMAP_NA;
	if (from != ROADMAP_NO_DATE && from >= changed && from <= a->valid_to)
		return from <= due ? ROADMAP_MET : ROADMAP_MET_LATE;
	return ROADMAP_OVERDUE;
}

/* A dated rule for an agency that may have ceased to exist. */
static void
judge_dated(const struct roadmap_agency *a, struct roadmap_result *r, int rule, day_t deadline,
            day_t done, day_t today)
{
	r->deadline[rule] = deadline;
	if (r->historical && deadline != ROADMAP_NO_DATE && deadline > a->valid_to)
		r->state[rule] = ROADMAP_NA; /* the successor carries it */
	else
		r->state[rule] = roadmap_dated(deadline, done, today);
}

void
roadmap_judge(const struct roadmap_agency *a, day_t today, struct roadmap_result *r)
{
	memset(r, 0, sizeof *r);
	for (int i = 0; i < ROADMAP_RULES; i++)
		r->deadline[i] = ROADMAP_NO_DATE;
	r->historical = a->valid_to != ROADMAP_NO_DATE && a->valid_to < today;
	if (a->out_of_scope)
		return; /* owes no ISO rule: NA everywhere */
	judge_dated(a, r, ROADMAP_ADOPTION, a->iso_target, a->iso_announced, today);
	judge_dated(a, r, ROADMAP_EISO,
	            a->eiso_target != ROADMAP_NO_DATE ? a->eiso_target
	                                              : roadmap_eiso_default(a->level),
	            a->eiso_date, today);
	/* Yearly duties passed to the successor; re-issues come judged by
	 * roadmap_reissue_agency, the ones owed after the end already NA. */
	if (!r->historical) {
		r->state[ROADMAP_AUDIT] =
		    roadmap_yearly(a->last_audit, today, &r->deadline[ROADMAP_AUDIT]);
		r->state[ROADMAP_REVIEW] =
		    roadmap_yearly(a->last_review, today, &r->deadline[ROADMAP_REVIEW]);
	}
	if (a->reissue_checked == 0)
		r->state[ROADMAP_REISSUE] = ROADMAP_NA;
	else if (a->reissue_overdue > 0)
		r->state[ROADMAP_REISSUE] = ROADMAP_OVERDUE;
	else if (a->reissue_pending > 0)
		r->state[ROADMAP_REISSUE] = ROADMAP_PENDING;
	else if (a->reissue_late > 0)
		r->state[ROADMAP_REISSUE] = ROADMAP_MET_LATE;
	else
		r->state[ROADMAP_REISSUE] = ROADMAP_MET;
}

void
roadmap_count(struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES], int level,
              const struct roadmap_result *r)
{
	if (level < 0 || level >= STATS_LEVEL_COUNT)
		return;
	for (int i = 0; i < ROADMAP_RULES; i++) {
		if (r->state[i] == ROADMAP_NA)
			continue;
		tab[level][i].counted++;
		tab[level][i].n[r->state[i]]++;
		tab[STATS_LEVEL_COUNT][i].counted++;
		tab[STATS_LEVEL_COUNT][i].n[r->state[i]]++;
	}
}

int
roadmap_done_permille(const struct roadmap_share *s)
{
	int done = s->n[ROADMAP_MET] + s->n[ROADMAP_MET_LATE];

	if (s->counted == 0)
		return -1;
	return (done * 2000 + s->counted) / (2 * s->counted);
}

int
roadmap_met_permille(const struct roadmap_share *s)
{
	if (s->counted == 0)
		return -1;
	return (s->n[ROADMAP_MET] * 2000 + s->counted) / (2 * s->counted);
}
