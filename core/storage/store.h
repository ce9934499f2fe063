/*
 * store: read-only access to the procedure database and to the kiosk
 * snapshot (the tables shared by both have the same names and columns).
 *
 * The publisher must never write the back office's database, so it is
 * opened with SQLITE_OPEN_READONLY; statements are prepared with bound
 * parameters only.
 */
#ifndef STORE_H
#define STORE_H

#include <sqlite3.h>

#include "clock.h"
#include "err.h"

/* Open PATH read-only (the file must exist).  Returns the handle, or NULL
 * with E set.  Close with sqlite3_close() (NULL-safe). */
sqlite3 *store_open_readonly(const char *path, struct err *e);

/* Load office_hours and calendar from DB into a new calendar.  Returns it
 * (caller frees with clock_cal_free), or NULL with E set (a malformed row is
 * named). */
struct clock_cal *store_load_calendar(sqlite3 *db, struct err *e);

/* Prepare SQL on DB.  Returns the statement, or NULL with E set to SQLite's
 * message.  Finalize with sqlite3_finalize() (NULL-safe). */
sqlite3_stmt *store_prepare(sqlite3 *db, const char *sql, struct err *e);

/* Run SQL (no parameters, no rows wanted) on DB.  Returns 0, or -1 with E
 * set to SQLite's message. */
int store_exec(sqlite3 *db, const char *sql, struct err *e);

/* Column I of the current row as text, "" for NULL (never NULL).  Borrowed:
 * valid until the next step/reset/finalize of ST. */
const char *store_text(sqlite3_stmt *st, int i);

#endif
