/*
 * satis: citizens' satisfaction with the handling of their dossiers, per
 * statistics entity (province, level, agency, roll-up, procedure, field)
 * and period, as core/stats groups dossiers.  Pure: the publisher feeds it
 * ratings and reads counts back.
 *
 * What is counted: the current rating of each dossier per question (a
 * later rating replaces an earlier one; the caller passes only the
 * current ones), in the periods holding the instant it was given, for
 * every entity the dossier counts in (stats_entities_of).  A rating given
 * at or after now is not counted yet.  For each (entity, period):
 *   count(choice)        current ratings with that choice;
 *   total(question)      current ratings of that question (the sum of its
 *                        choices' counts);
 *   satisfied(question)  of which the choice counts as satisfied (in the
 *                        template that applies to the dossier's agency);
 *   the satisfied share  satisfied / total, in per mille (stats_permille).
 * A month's, a quarter's and a year's counts add up: each rating is in
 * exactly one period of each kind.
 */
#ifndef SATISFACTION_H
#define SATISFACTION_H

#include <stdint.h>

#include "err.h"
#include "stats.h"

struct satis;

/* One current rating.  Indexes: AGENCY and PROCEDURE as in the stats
 * configuration; QUESTION in [0, nquestions), CHOICE in [0, nchoices)
 * (the caller's numbering of the questions and choices it publishes). */
struct satis_rating {
	int agency, procedure;
	int question, choice;
	int satisfied; /* 1 when the choice counts as satisfied */
	tmin_t rated;  /* when it was given */
};

/* A new accumulator over the entities and periods of ST (borrowed: it must
 * outlive the result) for NQUESTIONS questions and NCHOICES choices.
 * Returns NULL with E set on a negative size or out of memory.  Free with
 * satis_free(). */
struct satis *satis_new(const struct stats *st, int nquestions, int nchoices, struct err *e);

/* NULL-safe. */
void satis_free(struct satis *sa);

/* Count rating R.  Returns 1 when counted, 0 when it was given at or
 * after now (or before the first period) and so counts nowhere, or -1
 * with E set when an index is out of range. */
int satis_add(struct satis *sa, const struct satis_rating *r, struct err *e);

/* Counts of entity ENT in period PER (indexes of ST); 0 out of range. */
int64_t satis_count(const struct satis *sa, int ent, int per, int choice);
int64_t satis_total(const struct satis *sa, int ent, int per, int question);
int64_t satis_satisfied(const struct satis *sa, int ent, int per, int question);

/* satisfied / total of QUESTION in per mille, rounded half up; -1 when
 * the question has no rating there. */
int satis_permille(const struct satis *sa, int ent, int per, int question);

/* Ratings satis_add counted (returned 1 for). */
int64_t satis_counted(const struct satis *sa);

#endif
