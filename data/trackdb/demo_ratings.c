/*
 * demo_ratings: satisfaction ratings for the demo's returned dossiers, so
 * that the published figures have something to count.  About two in five
 * returned dossiers are rated, most at the counter when the result is
 * collected, some at the hall kiosk; a dossier whose result came late is
 * rated lower, and a low rating mostly gives a reason.  A few are rated
 * again a day or more later (the later rating is the one that counts).
 * Ids follow kioskd's form: the time in milliseconds, then random digits.
 */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "store.h"

static const char insert_sql[] =
    "INSERT INTO ratings (id, dossier_code, question, choice, reason, rated_at, source, device) "
    "VALUES (?1, ?2, 'overall', ?3, ?4, ?5, ?6, ?7)";

static const char *const choices[] = {"very_satisfied", "satisfied", "unsatisfied"};
static const double on_time[] = {0.55, 0.38, 0.07}, late[] = {0.22, 0.40, 0.38};
static const char *const reasons[] = {"wait", "extra_docs", "guidance", "attitude", "late"};
static const double reasons_on_time[] = {0.40, 0.15, 0.30, 0.15, 0.0};
static const double reasons_late[] = {0.25, 0.05, 0.10, 0.05, 0.55};

int
demo_rater_begin(struct demo_rater *dr, sqlite3 *db, uint64_t seed, struct err *e)
{
	memset(dr, 0, sizeof *dr);
	/* Another stream than the dossiers': ratings change none of them. */
	rng_seed(&dr->r, seed ^ 0x5a7154a1c70ULL);
	dr->ins = store_prepare(db, insert_sql, e);
	return dr->ins ? 0 : -1;
}

void
demo_rater_end(struct demo_rater *dr)
{
	sqlite3_finalize(dr->ins);
	dr->ins = NULL;
}

/* One rating of CODE at local minute AT plus SEC seconds. */
static int
insert(struct demo_rater *dr, const char *code, const char *agency, tmin_t at, int late_result,
       struct err *e)
{
	static const char hex[] = "0123456789abcdef";
	char id[33], when[CLOCK_INSTANT_LEN + 4], device[40];
	int sec = (int)rng_below(&dr->r, 60),
	    c = rng_weighted(&dr->r, late_result ? late : on_time, 3);
	int counter = rng_chance(&dr->r, 0.6);
	const char *reason = NULL;
	/* Milliseconds since 1970 of the local (UTC+7) instant. */
	unsigned long long ms =
	    ((unsigned long long)(at - (tmin_t)7 * 60) * 60 + (unsigned)sec) * 1000 +
	    rng_below(&dr->r, 1000);

	for (int i = 11; i >= 0; i--, ms >>= 4)
		id[i] = hex[ms & 15];
	for (int i = 12; i < 32; i++)
		id[i] = hex[rng_below(&dr->r, 16)];
	id[32] = '\0';
	clock_format_instant(at, when);
	snprintf(when + CLOCK_INSTANT_LEN, 4, ":%02d", sec);
	if (c == 2 && rng_chance(&dr->r, 0.7))
		reason =
		    reasons[rng_weighted(&dr->r, late_result ? reasons_late : reasons_on_time, 5)];
	snprintf(device, sizeof device, "%s%s", agency, counter ? "-quay-1" : "");
	sqlite3_bind_text(dr->ins, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(dr->ins, 2, code, -1, SQLITE_STATIC);
	sqlite3_bind_text(dr->ins, 3, choices[c], -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(dr->ins, 4, reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(dr->ins, 4);
	sqlite3_bind_text(dr->ins, 5, when, -1, SQLITE_STATIC);
	sqlite3_bind_text(dr->ins, 6, counter ? "counter" : "kiosk", -1, SQLITE_STATIC);
	sqlite3_bind_text(dr->ins, 7, device, -1, SQLITE_STATIC);
	if (sqlite3_step(dr->ins) != SQLITE_DONE) {
		err_set(e, "rating of %s: %s", code, sqlite3_errmsg(sqlite3_db_handle(dr->ins)));
		sqlite3_reset(dr->ins);
		return -1;
	}
	sqlite3_reset(dr->ins);
	dr->n++;
	return 0;
}

int
demo_rate(struct demo_rater *dr, const char *code, const char *agency, const struct life *l,
          tmin_t now, struct err *e)
{
	tmin_t due = l->new_due ? l->new_due : l->due, at;
	int late_result = l->resolved > due;

	if (strcmp(l->status, "returned") != 0 || !rng_chance(&dr->r, 0.4))
		return 0;
	at = l->returned + rng_range(&dr->r, 0, 20);
	if (at > now)
		return 0;
	if (insert(dr, code, agency, at, late_result, e) < 0)
		return -1;
	at += rng_range(&dr->r, CLOCK_MIN_PER_DAY, (int64_t)5 * CLOCK_MIN_PER_DAY);
	if (rng_chance(&dr->r, 0.05) && at <= now)
		return insert(dr, code, agency, at, late_result, e);
	return 0;
}
