#include "board.h"

#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

struct board {
	const char *office;
	pthread_mutex_t mu;     /* guards cur, asked, computations */
	struct board_data *cur; /* NULL until first computed */
	int asked;              /* a board was requested: worth warming */
	unsigned long computations;
};

/* The counts of the day.  No index covers received_at or returned_at, so
 * this is the one pass over the dossiers, done once per generation and day. */
static const char sql_today[] = "SELECT total(received_at >= ?1 AND received_at < ?2), "
                                "total(resolved_at >= ?1 AND resolved_at < ?2), "
                                "total(returned_at >= ?1 AND returned_at < ?2) "
                                "FROM dossiers WHERE ?3 IS NULL OR agency_code = ?3";

/* Both on the index dossiers_status(status, resolved_at): the count is a
 * range of it (covering without --office), the list walks it backwards
 * from the newest and stops at the limit. */
const char board_sql_waiting[] =
    "SELECT count(*) FROM dossiers WHERE status = 'ready' AND (?1 IS NULL OR agency_code = ?1)";
const char board_sql_ready[] =
    "SELECT code, agency_code FROM dossiers WHERE status = 'ready' AND "
    "(?1 IS NULL OR agency_code = ?1) ORDER BY resolved_at DESC, code LIMIT ?2";

struct board *
board_new(const char *office)
{
	struct board *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	b->office = office;
	pthread_mutex_init(&b->mu, NULL);
	return b;
}

static void
data_free(struct board_data *d)
{
	for (int i = 0; d && i < d->nplaces; i++)
		free(d->places[i]);
	free(d);
}

void
board_put(const struct board_data *d)
{
	struct board_data *m = (struct board_data *)d; /* the count is ours to change */

	if (m && atomic_fetch_sub(&m->refs, 1) == 1)
		data_free(m);
}

void
board_free(struct board *b)
{
	if (!b)
		return;
	board_put(b->cur);
	pthread_mutex_destroy(&b->mu);
	free(b);
}

static int
bind_office(sqlite3_stmt *st, int i, const char *office)
{
	return office ? sqlite3_bind_text(st, i, office, -1, SQLITE_STATIC) : SQLITE_OK;
}

/* One row of numbers from ST into OUT[0..N-1].  Finalizes ST.  Returns 0
 * or -1 with E set. */
static int
row_numbers(sqlite3 *db, sqlite3_stmt *st, long long *out[], int n, struct err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		for (int i = 0; i < n; i++)
			*out[i] = (long long)sqlite3_column_double(st, i);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return err_set(e, "board counts: %s", sqlite3_errmsg(db));
	return 0;
}

/* A sealed snapshot has no dossier rows: the day counts and the ready
 * codes are tables of their own (data/snapshot.sql). */
static const char sql_today_sealed[] =
    "SELECT total(received), total(resolved), total(returned) FROM day_counts "
    "WHERE day >= ?1 AND day < ?2 AND (?3 IS NULL OR agency_code = ?3)";
static const char sql_waiting_sealed[] =
    "SELECT count(*) FROM board WHERE ?1 IS NULL OR agency_code = ?1";
static const char sql_ready_sealed[] =
    "SELECT code, agency_code FROM board WHERE ?1 IS NULL OR agency_code = ?1 "
    "ORDER BY rank LIMIT ?2";
/* An agency's pickup place, looked up once per agency on the board. */
static const char sql_place[] = "SELECT pickup_place FROM agencies WHERE code = ?1";

static int
fill_counts(sqlite3 *db, const char *office, int sealed, struct board_data *d, struct err *e)
{
	char tomorrow[CLOCK_DATE_LEN + 1];
	long long *today[] = {&d->received, &d->resolved, &d->returned};
	long long *waiting[] = {&d->waiting};
	sqlite3_stmt *st;

	clock_format_date(d->day + 1, tomorrow);
	if (!(st = store_prepare(db, sealed ? sql_today_sealed : sql_today, e)))
		return -1;
	sqlite3_bind_text(st, 1, d->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, tomorrow, -1, SQLITE_STATIC);
	bind_office(st, 3, office);
	if (row_numbers(db, st, today, 3, e) < 0)
		return -1;
	if (!(st = store_prepare(db, sealed ? sql_waiting_sealed : board_sql_waiting, e)))
		return -1;
	bind_office(st, 1, office);
	return row_numbers(db, st, waiting, 1, e);
}

/* The index in D->places of the pickup place of AGENCY (added when new),
 * -1 when the agency gives none.  AGENCIES[0..*NAG) with AT[] remember
 * the agencies already looked up.  Returns -2 with E set on failure. */
static int
place_index(sqlite3 *db, sqlite3_stmt *pl, struct board_data *d, const char *agency,
            char (*agencies)[CODE_AGENCY_LEN + 1], short *at, int *nag, struct err *e)
{
	const char *text;
	int rc, k;

	for (k = 0; k < *nag; k++)
		if (strcmp(agencies[k], agency) == 0)
			return at[k];
	sqlite3_reset(pl);
	sqlite3_bind_text(pl, 1, agency, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(pl);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return err_set(e, "board places: %s", sqlite3_errmsg(db)), -2;
	text = rc == SQLITE_ROW ? store_text(pl, 0) : "";
	at[*nag] = -1;
	for (k = 0; *text && k < d->nplaces && at[*nag] < 0; k++)
		if (strcmp(d->places[k], text) == 0)
			at[*nag] = (short)k;
	if (*text && at[*nag] < 0) {
		if (!(d->places[d->nplaces] = strdup(text)))
			return err_set(e, "out of memory"), -2;
		at[*nag] = (short)d->nplaces++;
	}
	snprintf(agencies[*nag], sizeof agencies[0], "%s", agency);
	return at[(*nag)++];
}

static int
fill_ready(sqlite3 *db, const char *office, int sealed, struct board_data *d, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, sealed ? sql_ready_sealed : board_sql_ready, e);
	sqlite3_stmt *pl = st ? store_prepare(db, sql_place, e) : NULL;
	/* The agencies seen so far and their places: at most one per code. */
	static_assert(BOARD_SHOW <= 32767, "place indexes are shorts");
	char(*agencies)[CODE_AGENCY_LEN + 1] = malloc(BOARD_SHOW * sizeof *agencies);
	short at[BOARD_SHOW];
	int rc = SQLITE_ERROR, nag = 0, r = -1;

	if (!pl || !agencies) {
		if (pl && !agencies)
			err_set(e, "out of memory");
		goto out;
	}
	bind_office(st, 1, office);
	sqlite3_bind_int(st, 2, BOARD_SHOW);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && d->nready < BOARD_SHOW) {
		const char *code = store_text(st, 0), *agency = store_text(st, 1);
		size_t len = strlen(code);
		int p;

		/* The snapshot was validated as a whole, not code by code: a
		 * longer value is a bad row, not a reason to truncate. */
		if (len > CODE_DOSSIER_LEN) {
			err_set(e, "board list: a dossier code of %zu bytes", len);
			goto out;
		}
		if (strlen(agency) > CODE_AGENCY_LEN) {
			err_set(e, "board list: an agency code of %zu bytes", strlen(agency));
			goto out;
		}
		if ((p = place_index(db, pl, d, agency, agencies, at, &nag, e)) < -1)
			goto out;
		d->place_of[d->nready] = (short)p;
		memcpy(d->ready[d->nready++], code, len + 1);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		err_set(e, "board list: %s", sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(pl);
	free(agencies);
	return r;
}

/* Fresh figures for GENERATION and TODAY from DB, one reference held by
 * the caller; NULL with E set. */
static struct board_data *
compute(sqlite3 *db, const char *office, int sealed, unsigned long generation, day_t today,
        struct err *e)
{
	struct board_data *d = calloc(1, sizeof *d);

	if (!d) {
		err_set(e, "out of memory");
		return NULL;
	}
	atomic_init(&d->refs, 1);
	d->generation = generation;
	d->day = today;
	clock_format_date(today, d->date);
	if (fill_counts(db, office, sealed, d, e) < 0 || fill_ready(db, office, sealed, d, e) < 0) {
		data_free(d);
		return NULL;
	}
	return d;
}

static int
fresh(const struct board_data *d, unsigned long generation, day_t today)
{
	return d && d->generation == generation && d->day == today;
}

/* With B->mu held: make B->cur fresh for L and TODAY.  Returns 1 when it
 * computed, 0 when it was fresh, -1 with E set. */
static int
refresh_locked(struct board *b, const struct snap_lease *l, day_t today, struct err *e)
{
	struct board_data *d;

	if (fresh(b->cur, l->generation, today))
		return 0;
	/* A request of an older generation still in flight keeps what it has:
	 * it must not replace newer figures with older ones. */
	if (b->cur && b->cur->generation > l->generation)
		return 0;
	if (!(d = compute(l->db, b->office, l->sealed, l->generation, today, e)))
		return -1;
	board_put(b->cur);
	b->cur = d;
	b->computations++;
	return 1;
}

const struct board_data *
board_get(struct board *b, const struct snap_lease *l, day_t today, struct err *e)
{
	struct board_data *d = NULL;
	int r;

	pthread_mutex_lock(&b->mu);
	b->asked = 1;
	r = refresh_locked(b, l, today, e);
	if (r >= 0 && fresh(b->cur, l->generation, today)) {
		d = b->cur;
		atomic_fetch_add(&d->refs, 1);
	}
	pthread_mutex_unlock(&b->mu);
	/* An old generation's request that found newer figures kept: draw its
	 * own, unshared (rare: only across a snapshot switch). */
	if (r >= 0 && !d)
		d = compute(l->db, b->office, l->sealed, l->generation, today, e);
	return d;
}

int
board_warm(struct board *b, struct snap *s, day_t today, struct err *e)
{
	struct snap_lease l;
	int r = 0, asked;

	pthread_mutex_lock(&b->mu);
	asked = b->asked;
	pthread_mutex_unlock(&b->mu);
	if (!asked || snap_get(s, &l) < 0)
		return 0;
	pthread_mutex_lock(&b->mu);
	r = refresh_locked(b, &l, today, e);
	pthread_mutex_unlock(&b->mu);
	snap_put(&l);
	return r;
}

unsigned long
board_computations(struct board *b)
{
	unsigned long n;

	pthread_mutex_lock(&b->mu);
	n = b->computations;
	pthread_mutex_unlock(&b->mu);
	return n;
}
