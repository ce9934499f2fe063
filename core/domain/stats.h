/*
 * stats: the officials' statistics, computed from dossiers and their
 * timelines in one pass.  Pure: no database, no files; the
 * publisher feeds it records and reads rows back.
 *
 * 1. The report table ("báo cáo tình hình giải quyết TTHC") per entity and
 *    period.  Entities: the whole province, each agency level, each agency
 *    (its own dossiers), each successor agency with all its predecessors
 *    rolled up through successor_code (the 1 July 2025 merger), each
 *    procedure and each field.  Periods: months, quarters, years.
 *
 *    Membership is decided by instants.  A period is [start, end); it is
 *    judged at UNTIL = min(end, now) (the running period is judged now).
 *    A dossier's end is the instant it left processing: result ready,
 *    rejection or withdrawal; an end at or after now counts as not yet.
 *      received <  start and not ended before start  -> carried over
 *      start <= received < until                     -> new (by channel)
 *      start <= ended < until                        -> resolved (early,
 *                         on time, late by the timeline's verdict),
 *                         rejected or withdrawn
 *      not ended before until                        -> pending at the end,
 *                         overdue when its due instant < until, else within
 *    so for every row: carried + new = resolved + pending + rejected +
 *    withdrawn, and a period's pending is the next period's carried over.
 *
 *    Judging a past period end with the final due instant is exact: clock
 *    stops only delay the due, and a stop that begins after UNTIL moves the
 *    due only when the due was still ahead of the stop's start, hence ahead
 *    of UNTIL; a stop open across UNTIL leaves the due before it (overdue)
 *    or after it (within).  So "overdue at the end of March" is the due as
 *    it stood at 31/3 23:59 compared with that instant.
 *
 *    Returned for supplement, two counts that are not part of the identity:
 *      supp_at_end:    pending at UNTIL with a supplement request open
 *                      across it (from < until <= to, or still open) -
 *                      a subset of pending;
 *      supp_requested: dossiers with at least one supplement request whose
 *                      instant lies in [start, until) (counted once each).
 *    apology: resolved in the period with at least one apology slip (they
 *    are already in late; Decision 766/QĐ-TTg reports them beside it).
 *
 * 2. Real processing times: dossiers whose result was ready (not rejected,
 *    not withdrawn) in the window [now - 6 months, now): the timeline's
 *    elapsed working minutes, per procedure, per agency and per agency and
 *    procedure; median, 80th and 90th percentile by the nearest-rank rule
 *    (the smallest sample with at least P% of samples at or below it).
 *
 * 3. Bottlenecks: per process step, over the steps finished in the same
 *    window: how many ran, how many ran over their allowance
 *    (timeline_step.over_min > 0) and the total over-time; and for each
 *    dossier resolved late in the window, the step that ran over most
 *    ("culprit", ties to the earlier step), counted against that step.
 */
#ifndef STATS_H
#define STATS_H

#include <stdint.h>

#include "clock.h"
#include "err.h"
#include "timeline.h"

/* Agency levels of the schema (agencies.level). */
enum stats_level {
	STATS_LEVEL_PROVINCE = 0,
	STATS_LEVEL_DEPARTMENT,
	STATS_LEVEL_DISTRICT,
	STATS_LEVEL_COMMUNE,
	STATS_LEVEL_BRANCH,
	STATS_LEVEL_COUNT
};

/* The enum for the schema text ('province', ...), -1 when unknown. */
int stats_level_parse(const char *s);
/* The schema text of L; NULL when out of range.  Static. */
const char *stats_level_name(int l);

enum stats_channel { STATS_CH_COUNTER = 0, STATS_CH_ONLINE, STATS_CH_POST, STATS_CH_COUNT };

/* The enum for the schema text ('counter', 'online', 'post'), -1 when unknown. */
int stats_channel_parse(const char *s);

/* Columns of the report table: counts of dossiers. */
enum stats_col {
	STATS_CARRIED = 0,     /* carried over from the previous period */
	STATS_NEW_ONLINE,      /* new, received on line */
	STATS_NEW_COUNTER,     /* new, received at the counter */
	STATS_NEW_POST,        /* new, received by post */
	STATS_EARLY,           /* resolved before the due day */
	STATS_ON_TIME,         /* resolved on the due day, by the due instant */
	STATS_LATE,            /* resolved after the due instant */
	STATS_PENDING_WITHIN,  /* not ended at the period's end, due not passed */
	STATS_PENDING_OVERDUE, /* not ended at the period's end, due passed */
	STATS_REJECTED,        /* ended by rejection in the period */
	STATS_WITHDRAWN,       /* ended by withdrawal in the period */
	STATS_SUPP_AT_END,     /* pending and waiting for a supplement at the end */
	STATS_SUPP_REQUESTED,  /* a supplement requested during the period */
	STATS_APOLOGY,         /* resolved in the period with an apology slip */
	/* The rejections of the period by when the refusal came, as the
	 * official form counts them among the resolved: a subset of REJECTED. */
	STATS_REJ_EARLY,
	STATS_REJ_ON_TIME,
	STATS_REJ_LATE,
	STATS_NCOLS
};

/* Column names for CSV/JSON headers ('carried', 'new_online', ...).  Static. */
const char *stats_col_name(int c);

/* Calendar periods, and the official reporting periods of Decree
 * 09/2019/NĐ-CP art. 12: data from the 15th of the month before to the
 * 14th (a month), from the 15th of the month before the quarter to the 14th
 * of its last month, from 15 December of the year before to 14 December.
 * A reporting period is named after the month, quarter or year it ends in:
 * reporting month 11/2026 is [15/10/2026 00:00, 15/11/2026 00:00). */
enum stats_period_kind {
	STATS_MONTH = 0,
	STATS_QUARTER,
	STATS_YEAR,
	STATS_CUT_MONTH,
	STATS_CUT_QUARTER,
	STATS_CUT_YEAR,
	STATS_PERIOD_KINDS
};

struct stats_period {
	enum stats_period_kind kind;
	int year;
	int num;      /* month 1-12, quarter 1-4, 0 for a year */
	tmin_t start; /* first instant */
	tmin_t end;   /* first instant after it */
	tmin_t until; /* min(end, now): where it is judged */
};

enum stats_entity_kind {
	STATS_E_PROVINCE = 0, /* everything */
	STATS_E_LEVEL,        /* ref = enum stats_level of the receiving agency */
	STATS_E_AGENCY,       /* ref = agency index: its own dossiers */
	STATS_E_ROLLUP,       /* ref = agency index: its own and its predecessors' */
	STATS_E_PROCEDURE,    /* ref = procedure index */
	STATS_E_FIELD,        /* ref = field index */
};

/* What stats needs to know of the reference data; indexes are the caller's. */
struct stats_agency {
	int level;     /* enum stats_level */
	int successor; /* agency index of its successor, -1 when none */
};

struct stats_config {
	int nagencies;
	const struct stats_agency *agencies;
	int nprocedures;
	const int *procedure_field; /* field index per procedure */
	int nfields;
	int nprocesses;
	const int *process_nsteps; /* steps per process (<= TIMELINE_STEPS_MAX) */
	tmin_t first;              /* periods start with the month (quarter, year) holding it */
	tmin_t now;                /* periods end with the one holding now */
};

/* One dossier as stats sees it.  TL is borrowed for the call only. */
struct stats_dossier {
	int agency, procedure, process; /* indexes into the config's tables */
	enum stats_channel channel;
	tmin_t received;
	tmin_t ended; /* result ready, rejected or withdrawn; 0 = not ended */
	const struct timeline *tl;
};

struct stats;

/* A new accumulator for CFG (copied; the tables are copied too).  Returns
 * NULL with E set on bad configuration (first > now, a successor chain
 * that loops, an index out of range) or out of memory.  Free with
 * stats_free(). */
struct stats *stats_new(const struct stats_config *cfg, struct err *e);

/* NULL-safe. */
void stats_free(struct stats *s);

/* Count one dossier.  Dossiers received at or after now are ignored.
 * Returns 0, or -1 with E set (index out of range, out of memory). */
int stats_add(struct stats *s, const struct stats_dossier *d, struct err *e);

/* Sort the collected samples; call once after the last stats_add and
 * before reading processing times.  Returns 0 or -1 with E set. */
int stats_finish(struct stats *s, struct err *e);

/* ---- the report table ---------------------------------------------------- */

int stats_nperiods(const struct stats *s);
/* Period I (months first in time order, then quarters, then years). */
const struct stats_period *stats_period(const struct stats *s, int i);
/* The index of the month/quarter/year period holding T, -1 outside. */
int stats_period_of(const struct stats *s, enum stats_period_kind k, tmin_t t);

int stats_nentities(const struct stats *s);
enum stats_entity_kind stats_entity_kind(const struct stats *s, int ent);
int stats_entity_ref(const struct stats *s, int ent);
/* The entity index of (KIND, REF), -1 when there is none (a roll-up exists
 * only for agencies that have predecessors). */
int stats_entity(const struct stats *s, enum stats_entity_kind kind, int ref);

/* The most entities one dossier counts in: the province, its agency's
 * level, the agency, the agency's roll-ups along its successor chain (at
 * most 65: the chain is checked for at most 64 links), its
 * procedure and field. */
#define STATS_ENTITIES_MAX (8 + 64)

/* The entities a dossier of AGENCY and PROCEDURE counts in, written to ENT
 * (room for STATS_ENTITIES_MAX); returns their number, or -1 when an index
 * is out of range.  Counts kept beside the report table (satisfaction, the
 * service index) group dossiers by it, so every table groups alike. */
int stats_entities_of(const struct stats *s, int agency, int procedure, int *ent);

/* The instant the figures are judged at (the configuration's now). */
tmin_t stats_now(const struct stats *s);

/* (PART * 1000 / WHOLE) rounded half up, -1 when WHOLE is 0: the one
 * rounding of every share the statistics print. */
int stats_permille(int64_t part, int64_t whole);

/* Count in column COL for entity ENT and period PER. */
int64_t stats_get(const struct stats *s, int ent, int per, enum stats_col col);

/* Count in column COL for entity ENT summed over every year: for a column
 * that counts events (new, resolved early, rejected...), every one from
 * the start of the first year (the one holding the configuration's
 * first) up to now.  Carried over and pending are states at a
 * period's end, not events: their sum means nothing. */
int64_t stats_total(const struct stats *s, int ent, enum stats_col col);

/* Derived sums of a row. */
int64_t stats_received(const struct stats *s, int ent, int per); /* carried + new */
int64_t stats_resolved(const struct stats *s, int ent, int per); /* early+on time+late */
int64_t stats_pending(const struct stats *s, int ent, int per);

/* On-time rate (early + on time) / resolved in per mille, rounded half up;
 * -1 when nothing was resolved. */
int stats_ontime_permille(const struct stats *s, int ent, int per);

/* ---- processing times (rolling window) ----------------------------------- */

enum stats_pt_kind { STATS_PT_PROCEDURE = 0, STATS_PT_AGENCY, STATS_PT_PAIR };

struct stats_ptime {
	enum stats_pt_kind kind;
	int agency;                 /* -1 for STATS_PT_PROCEDURE */
	int procedure;              /* -1 for STATS_PT_AGENCY */
	int64_t n;                  /* samples */
	int64_t p50, p80, p90, max; /* working minutes, nearest rank */
	int64_t within_limit;       /* samples not late (early or on time) */
};

tmin_t stats_window_start(const struct stats *s); /* now - 6 months */

/* Rows after stats_finish, procedures first (by index), then agencies, then
 * agency-procedure pairs (by agency, then procedure); only keys with
 * samples.  Borrowed, valid until stats_free. */
int stats_nptimes(const struct stats *s);
const struct stats_ptime *stats_ptime(const struct stats *s, int i);

/* The row of KIND for AGENCY and PROCEDURE (-1 where KIND has none:
 * the agency of a STATS_PT_PROCEDURE row, the procedure of a
 * STATS_PT_AGENCY row), or NULL when it has no sample in the window.
 * Borrowed, valid until stats_free. */
const struct stats_ptime *stats_ptime_of(const struct stats *s, enum stats_pt_kind kind, int agency,
                                         int procedure);

/* The sorted samples (working minutes) of procedure P in the window, for a
 * histogram.  Borrowed; *N set to their number. */
const int64_t *stats_samples_of_procedure(const struct stats *s, int p, int64_t *n);

/* The nearest-rank P-th percentile (1 <= P <= 100) of the N > 0 values
 * SORTED ascending: SORTED[ceil(P * N / 100) - 1]. */
int64_t stats_percentile(const int64_t *sorted, int64_t n, int p);

/* ---- bottlenecks ----------------------------------------------------------- */

struct stats_step {
	int64_t ran;      /* finished in the window */
	int64_t over;     /* of which ran over the allowance */
	int64_t over_min; /* total working minutes over */
	int64_t culprit;  /* late dossiers where this step ran over most */
};

/* Counters of step STEP_NO (1-based) of process PROC; NULL when out of
 * range.  Borrowed. */
const struct stats_step *stats_step(const struct stats *s, int proc, int step_no);

/* ---- calendar helpers ------------------------------------------------------ */

/* Day D moved by N calendar months, the day of month clamped to the
 * target month's length (31/8 + 3 months = 30/11). */
day_t stats_add_months(day_t d, int n);

#endif
