/*
 * idx766: the indicators of the national service index (Decision
 * 766/QĐ-TTg, 2022) that the tracking data can give, per statistics
 * entity and period.  Pure.
 *
 * Most figures are core/stats' report table read another way (the same
 * dossiers, periods and categories; nothing is judged twice); this module
 * adds the two counts the table does not keep, fed dossier by dossier in
 * the same pass, and derives each indicator's numerator and denominator:
 *
 *   ONTIME     early + on time            / resolved (early+on time+late)
 *   OVERDUE    pending overdue at the end / pending at the end
 *   APOLOGY    apology slips issued in the period (events 'apology' whose
 *              instant lies in [start, until)): a count, no denominator
 *   ONLINE     new received on line       / new received (every channel)
 *   PROGRESS   resolved in the period with at least one public step event
 *              (step started or finished) / resolved
 *   SATISFIED  current ratings with a satisfied choice / current ratings
 *              (core/domain/satisfaction.h), of one question
 */
#ifndef INDEX766_H
#define INDEX766_H

#include <stdint.h>

#include "err.h"
#include "satisfaction.h"
#include "stats.h"
#include "timeline.h"

enum idx766_ind {
	IDX766_ONTIME = 0,
	IDX766_OVERDUE,
	IDX766_APOLOGY,
	IDX766_ONLINE,
	IDX766_PROGRESS,
	IDX766_SATISFIED,
	IDX766_COUNT
};

/* 'ontime', 'overdue_pending', ... for the open data.  Static; NULL when
 * out of range. */
const char *idx766_name(enum idx766_ind i);

struct idx766_value {
	int64_t num, den; /* den 0 for a bare count (APOLOGY) or without data */
	int permille;     /* num / den rounded half up (stats_permille); -1 when den is 0 */
};

struct idx766;

/* A new accumulator over the entities and periods of ST (borrowed: it must
 * outlive the result).  NULL with E set when out of memory. */
struct idx766 *idx766_new(const struct stats *st, struct err *e);

void idx766_free(struct idx766 *x); /* NULL-safe */

/* Count dossier D (as given to stats_add, D->tl set) whose public events
 * are EV[0..NEV).  Returns 0, or -1 with E set (an index out of range). */
int idx766_add(struct idx766 *x, const struct stats_dossier *d, const struct ev *ev, int nev,
               struct err *e);

/* The counts idx766_add keeps, for entity ENT and period PER. */
int64_t idx766_apologies(const struct idx766 *x, int ent, int per);
int64_t idx766_progress(const struct idx766 *x, int ent, int per);

/* Indicator I of entity ENT in period PER into *V; SA and QUESTION for
 * SATISFIED (SA may be NULL: no ratings).  Returns 0, or -1 when I is out
 * of range. */
int idx766_value(const struct idx766 *x, const struct satis *sa, int question, int ent, int per,
                 enum idx766_ind i, struct idx766_value *v);

#endif
