/*
 * roadmap: the ISO rules an agency's milestones are judged against (the
 * province's ISO and electronic-ISO plans, data/seed).  Pure: dates in, states out.
 *
 *   adoption   TCVN ISO 9001:2015 announced by the plan's target date
 *              (Plan 35/KH-UBND of 14/12/2018: 31/12/2019, 31/12/2020 or
 *              30/6/2021 per unit);
 *   eiso       electronic ISO live by the 2021-2030 plan's date for the
 *              level: provincial bodies, departments and branches by
 *              31/12/2025, district People's Committees by 31/12/2027,
 *              communes by 31/12/2030 (an agency's own eiso_target, when
 *              set, wins);
 *   audit,     internal audit and management review at least once a year:
 *   review     overdue when the last one is older than 12 months before
 *              today, or missing (Tây Ninh maintenance plan 2024);
 *   reissue    a process re-issued within 3 months after its procedure's
 *              legal basis changed: the version in force must take effect
 *              on or after the change; not so 3 months after it = overdue.
 *              An agency created after the change (valid_from) owes it
 *              from its first day: the clock runs from the later of the
 *              two dates, so a new body's first process, in force on that
 *              day, is on time.
 *
 * Agencies that ceased to exist (valid_to before today, the 1 July 2025
 * merger) are historical: a dated target or re-issue deadline counts for
 * them only when it fell within their lifetime (deadline <= valid_to),
 * since they owed it while they existed, and it is judged as things stood
 * on their last day; later deadlines and the yearly duties belong to the
 * successor, so those rules do not apply (ROADMAP_NA).
 *
 * A body outside the ISO scope (the data names no quality system and no
 * plan target for it, e.g. a provincial People's Committee itself) owes
 * none of the rules: every state is ROADMAP_NA, so it is neither overdue
 * nor in any share's denominator.
 */
#ifndef ROADMAP_H
#define ROADMAP_H

#include "clock.h"
#include "stats.h"

#define ROADMAP_NO_DATE ((day_t)-1)

enum roadmap_rule {
	ROADMAP_ADOPTION = 0,
	ROADMAP_EISO,
	ROADMAP_AUDIT,
	ROADMAP_REVIEW,
	ROADMAP_REISSUE,
	ROADMAP_RULES
};

enum roadmap_state {
	ROADMAP_NA = 0,   /* the rule does not apply (no target, historical) */
	ROADMAP_MET,      /* done by the deadline / up to date */
	ROADMAP_MET_LATE, /* done, after the deadline */
	ROADMAP_PENDING,  /* not done, deadline still ahead */
	ROADMAP_OVERDUE,  /* not done, deadline passed */
};

/* 'adoption', 'eiso', ... and 'na', 'met', ...: static names for CSV/JSON. */
const char *roadmap_rule_name(int r);
const char *roadmap_state_name(int s);

/* An agency's milestones; dates are day numbers or ROADMAP_NO_DATE. */
struct roadmap_agency {
	int level;        /* enum stats_level */
	int out_of_scope; /* no quality system and no plan target in the data */
	day_t valid_from; /* first day of the agency, NO_DATE = long before */
	day_t valid_to;
	day_t iso_target, iso_announced;
	day_t eiso_target, eiso_date;
	day_t last_audit, last_review;
	int reissue_overdue; /* processes in force overdue for re-issue */
	int reissue_pending; /* ... not re-issued yet, deadline ahead */
	int reissue_late;    /* ... re-issued after the deadline */
	int reissue_checked; /* processes judged by roadmap_reissue_agency (not NA) */
};

struct roadmap_result {
	int historical; /* ceased to exist before today */
	enum roadmap_state state[ROADMAP_RULES];
	day_t deadline[ROADMAP_RULES]; /* the date the rule is judged by,
	                                  ROADMAP_NO_DATE when none */
};

/* The electronic-ISO target of LEVEL by the 2021-2030 plan. */
day_t roadmap_eiso_default(int level);

/* State of a dated milestone: DONE (or ROADMAP_NO_DATE) against DEADLINE
 * on TODAY. */
enum roadmap_state roadmap_dated(day_t deadline, day_t done, day_t today);

/* State of a yearly duty last done on LAST; *NEXT gets the date by which
 * the next one is due (ROADMAP_NO_DATE when never done). */
enum roadmap_state roadmap_yearly(day_t last, day_t today, day_t *next);

/* State of one process against its procedure's legal change: the version
 * in force took effect on FROM; the law changed on CHANGED (NO_DATE: NA). */
enum roadmap_state roadmap_reissue(day_t changed, day_t from, day_t today, day_t *deadline);

/* roadmap_reissue for a process of agency A (its valid_from and valid_to
 * are read): the 3 months run from the later of CHANGED and the agency's
 * first day; for an agency that ceased before TODAY the process is judged
 * as of its last day, and ROADMAP_NA when the deadline came after it.
 * *DEADLINE as roadmap_reissue. */
enum roadmap_state roadmap_reissue_agency(const struct roadmap_agency *a, day_t changed, day_t from,
                                          day_t today, day_t *deadline);

/* Judge agency A on TODAY into *R. */
void roadmap_judge(const struct roadmap_agency *a, day_t today, struct roadmap_result *r);

/* Shares as the plans count them: per level and rule, the agencies the
 * rule applies to (state != NA) and how many are in each state. */
struct roadmap_share {
	int counted;
	int n[ROADMAP_OVERDUE + 1]; /* by enum roadmap_state */
};

/* Add result R of an agency of LEVEL to TAB[level][rule] and to the total
 * row TAB[STATS_LEVEL_COUNT][rule]. */
void roadmap_count(struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES], int level,
                   const struct roadmap_result *r);

/* Share of counted agencies that achieved the rule at all (met, on time or
 * late), in per mille rounded half up; -1 when none is counted. */
int roadmap_done_permille(const struct roadmap_share *s);

/* Share of counted agencies that achieved the rule by its deadline (met,
 * not met late): what a target "by a date" asks.  Per mille rounded half
 * up; -1 when none is counted. */
int roadmap_met_permille(const struct roadmap_share *s);

#endif
