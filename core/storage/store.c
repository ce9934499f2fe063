#include "store.h"

#include <stdio.h>
#include <string.h>

sqlite3 *
store_open_readonly(const char *path, struct err *e)
{
	sqlite3 *db = NULL;
	int rc;

	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		err_set(e, "%s: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return NULL;
	}
	/* A busy back office may hold a write lock for a moment. */
	sqlite3_busy_timeout(db, 5000);
	return db;
}

sqlite3_stmt *
store_prepare(sqlite3 *db, const char *sql, struct err *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		err_set(e, "%s", sqlite3_errmsg(db));
		return NULL;
	}
	return st;
}

int
store_exec(sqlite3 *db, const char *sql, struct err *e)
{
	char *m = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &m) != SQLITE_OK) {
		err_set(e, "%s", m ? m : sqlite3_errmsg(db));
		sqlite3_free(m);
		return -1;
	}
	return 0;
}

const char *
store_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "";
}

static int
parse_hhmm(const char *s, int *out)
{
	if (strlen(s) != 5 || s[2] != ':' || s[0] < '0' || s[0] > '2' || s[1] < '0' || s[1] > '9' ||
	    s[3] < '0' || s[3] > '5' || s[4] < '0' || s[4] > '9')
		return -1;
	*out = ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
	return *out <= CLOCK_MIN_PER_DAY ? 0 : -1;
}

static int
load_sessions(sqlite3 *db, struct clock_cal *cal, struct err *e)
{
	struct clock_session s[CLOCK_SESSIONS_MAX];
	sqlite3_stmt *st;
	int n = 0, rc, r = -1;

	st = store_prepare(db, "SELECT opens, closes FROM office_hours ORDER BY opens", e);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == CLOCK_SESSIONS_MAX) {
			err_set(e, "office_hours: more than %d sessions", CLOCK_SESSIONS_MAX);
			goto out;
		}
		if (parse_hhmm(store_text(st, 0), &s[n].opens) < 0 ||
		    parse_hhmm(store_text(st, 1), &s[n].closes) < 0) {
			err_set(e, "office_hours: bad time '%s'-'%s'", store_text(st, 0),
			        store_text(st, 1));
			goto out;
		}
		n++;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "office_hours: %s", sqlite3_errmsg(db));
		goto out;
	}
	/* No rows: keep the default civil-service day. */
	r = n ? clock_cal_set_sessions(cal, s, n, e) : 0;
out:
	sqlite3_finalize(st);
	return r;
}

static int
load_days(sqlite3 *db, struct clock_cal *cal, struct err *e)
{
	sqlite3_stmt *st;
	day_t d;
	int kind, rc, r = -1;

	st = store_prepare(db, "SELECT day, kind, provisional FROM calendar", e);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *day = store_text(st, 0);
		if (clock_parse_date(day, &d, e) < 0) {
			err_prefix(e, "calendar: day '%s'", day);
			goto out;
		}
		kind = clock_day_kind_parse(store_text(st, 1));
		if (kind < 0) {
			err_set(e, "calendar: %s: unknown kind '%s'", day, store_text(st, 1));
			goto out;
		}
		if (clock_cal_set_day(cal, d, (enum clock_day_kind)kind, e) < 0)
			goto out;
		if (sqlite3_column_int(st, 2) && clock_cal_set_provisional(cal, d, e) < 0)
			goto out;
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "calendar: %s", sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	return r;
}

struct clock_cal *
store_load_calendar(sqlite3 *db, struct err *e)
{
	struct clock_cal *cal = clock_cal_new();

	if (!cal) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load_sessions(db, cal, e) < 0 || load_days(db, cal, e) < 0) {
		clock_cal_free(cal);
		return NULL;
	}
	return cal;
}
