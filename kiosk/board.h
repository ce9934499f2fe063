/*
 * board: the wallboard's figures, computed once and shared.
 *
 * A hall screen asks for /board every 20 s, and every screen of every hall
 * asks the same thing.  The figures (today's counts, the results waiting
 * for pickup) depend only on the snapshot generation and on the date: the
 * data of a generation never changes, and "today" changes at midnight.  So
 * they are computed once per (generation, day) and kept; a board request
 * takes a reference to them and renders.  The counts of the day need one
 * pass over the dossiers (received_at and returned_at have no index in the
 * snapshot); the waiting count and the ready list use the index
 * dossiers_status(status, resolved_at).
 *
 * Memory is bounded: the ready list keeps the BOARD_SHOW most recent codes
 * (by resolved_at), where each is collected (its agency's pickup_place),
 * and the full count beside them, whatever the snapshot holds.  At most one set is kept, plus sets
 * still referenced by requests in flight.
 *
 * Thread-safe: one mutex.  The first request that finds the figures stale
 * computes them while the others wait for it (one computation, not one per
 * thread); board_warm lets the main loop do that work ahead of requests.
 */
#ifndef KIOSK_BOARD_H
#define KIOSK_BOARD_H

#include <stdatomic.h>

#include "clock.h"
#include "code.h"
#include "err.h"
#include "snap.h"

/* Ready codes kept and shown: a bound on memory and on the page's length
 * (the page says when there are more). */
#define BOARD_SHOW 200

struct board; /* the holder */

struct board_data {
	atomic_int refs;          /* the holder's one, plus one per reader */
	unsigned long generation; /* of the snapshot it was drawn from */
	day_t day;                /* "today" of the counts */
	char date[CLOCK_DATE_LEN + 1];
	long long received, resolved, returned; /* on DAY */
	long long waiting;                      /* all results ready for pickup */
	int nready;                             /* codes below, <= BOARD_SHOW, newest first */
	char ready[BOARD_SHOW][CODE_DOSSIER_LEN + 1];
	/* Where each is collected: an index into places (its agency's
	 * pickup_place), -1 when its agency does not say.  places[0..nplaces)
	 * are distinct and owned (freed with the data). */
	short place_of[BOARD_SHOW];
	int nplaces;
	char *places[BOARD_SHOW];
};

/* A holder for the figures of OFFICE's dossiers (NULL: all agencies).
 * OFFICE is borrowed for the holder's life.  NULL on out of memory.  Free
 * with board_free (NULL-safe) once no board_data is referenced. */
struct board *board_new(const char *office);
void board_free(struct board *b);

/* The figures of lease L's generation for day TODAY, with a reference
 * taken (drop it with board_put).  Computed on L's connection when the
 * kept ones are of another generation or day.  NULL with E set when a
 * query fails. */
const struct board_data *board_get(struct board *b, const struct snap_lease *l, day_t today,
                                   struct err *e);

/* Drop a reference (NULL-safe). */
void board_put(const struct board_data *d);

/* For the main loop: when the board has been asked for at least once and
 * its figures are stale for the generation in service or for TODAY,
 * compute them now so that no screen waits.  Returns 1 when it computed,
 * 0 when there was nothing to do, -1 with E set on failure. */
int board_warm(struct board *b, struct snap *s, day_t today, struct err *e);

/* The two queries over the ready dossiers (the count waiting, the newest
 * codes with their agencies), shown so that a test can check they stay on
 * the index. */
extern const char board_sql_waiting[], board_sql_ready[];

/* Computations since start (for /metrics and tests). */
unsigned long board_computations(struct board *b);

#endif
