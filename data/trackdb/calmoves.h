/*
 * calmoves: which pending dossiers' due times a calendar import moves.
 *
 * A new holiday, a swap or a provisional day confirmed changes the working
 * time between a dossier's reception and its due, so an office must tell
 * those citizens their new date.  calmoves_begin() computes every pending
 * dossier's due (its process's allowance from the clock start, clock stops
 * of its event log included, as timeline_compute does) on the calendar in
 * the database before the import; calmoves_end() computes them again on
 * the calendar the import left (inside its transaction) and keeps those
 * that differ; calmoves_print() lists them.
 */
#ifndef TRACKDB_CALMOVES_H
#define TRACKDB_CALMOVES_H

#include <stdio.h>

#include <sqlite3.h>

#include "clock.h"
#include "err.h"

struct calmoves;

/* The pending dossiers of DB and their dues on DB's calendar at NOW.
 * Returns the set (free with calmoves_free), or NULL with E set. */
struct calmoves *calmoves_begin(sqlite3 *db, tmin_t now, struct err *e);

/* Recompute on DB's calendar as it is now; keep the dossiers whose due
 * moved.  Returns how many moved, or -1 with E set. */
long calmoves_end(struct calmoves *m, sqlite3 *db, struct err *e);

/* One line per moved dossier, "CODE,OLD DUE,NEW DUE" (instants
 * 'YYYY-MM-DD HH:MM'), in code order, after a header line.  Returns 0 or
 * -1 on a write error. */
int calmoves_print(const struct calmoves *m, FILE *f);

void calmoves_free(struct calmoves *m); /* NULL-safe */

#endif
