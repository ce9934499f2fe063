/*
 * Unit tests for kiosk/board.c: the ready list and the waiting count are
 * read on the index dossiers_status (EXPLAIN QUERY PLAN), the list is the
 * newest BOARD_SHOW codes with the full count beside it, today's counts,
 * --office, and sharing: the same generation and day give the same
 * figures without a new computation, a new day or generation recomputes,
 * and an older generation's request never replaces newer figures; each
 * code's pickup place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "embedded.h"

#include "board.h"
/* board_warm leases from a snap: the holder's code, for the link. */
#include "snap.h"

#define EXTRA 205 /* ready dossiers beyond the cap */

static const char fixture[] =
    "INSERT INTO meta VALUES ('generated_at', '2025-03-12 08:00');"
    "INSERT INTO agencies (code, name, name_en, level) VALUES "
    " ('000.00.01.H34', 'A', NULL, 'commune'), ('000.00.02.H34', 'B', NULL, 'commune');"
    /* Ready, resolved 2025-01-02 08:00 + i minutes: the newest is i = EXTRA. */
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 205) "
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status, resolved_at) "
    "SELECT '000.00.01.H34-250101-' || printf('%04d', i), printf('T%021d', i), 'h', 'N.V.A.', "
    " '1.001612', 1, '000.00.01.H34', 'counter', '2025-01-01 08:00', '2025-01-06 08:00', "
    " 'ready', strftime('%Y-%m-%d %H:%M', '2025-01-02 08:00', '+' || i || ' minutes') FROM n;"
    /* Received on 2025-03-12, one of them returned that day, one elsewhere. */
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status, resolved_at, returned_at) VALUES "
    " ('000.00.01.H34-250312-0001', 'U0000000000000000000001', 'h', NULL, '1.001612', 1, "
    "  '000.00.01.H34', 'counter', '2025-03-12 07:40', '2025-03-12 16:00', 'returned', "
    "  '2025-03-12 10:00', '2025-03-12 11:00'),"
    " ('000.00.01.H34-250312-0002', 'U0000000000000000000002', 'h', NULL, '1.001612', 1, "
    "  '000.00.01.H34', 'counter', '2025-03-12 23:59', '2025-03-17 08:00', 'processing', "
    "  NULL, NULL),"
    " ('000.00.02.H34-250313-0001', 'U0000000000000000000003', 'h', NULL, '1.001612', 1, "
    "  '000.00.02.H34', 'counter', '2025-03-13 00:00', '2025-03-17 08:00', 'ready', "
    "  '2025-03-13 09:00', NULL);";

static sqlite3 *
make_snapshot(void)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *db = NULL;

	assert_non_null(schema);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, fixture, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static day_t
day(const char *s)
{
	struct err e;
	day_t d;

	assert_int_equal(clock_parse_date(s, &d, &e), 0);
	return d;
}

/* The plan of SQL names the index and scans no table. */
static void
assert_indexed(sqlite3 *db, const char *sql)
{
	char q[512], plan[1024] = "";
	sqlite3_stmt *st;

	snprintf(q, sizeof q, "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strncat(plan, (const char *)sqlite3_column_text(st, 3),
		        sizeof plan - strlen(plan) - 2);
		strcat(plan, ";");
	}
	sqlite3_finalize(st);
	if (!strstr(plan, "INDEX dossiers_status") || strstr(plan, "SCAN dossiers"))
		fail_msg("not on the index: %s: %s", sql, plan);
}

static void
test_plan(void **state)
{
	sqlite3 *db = make_snapshot();

	(void)state;
	assert_indexed(db, board_sql_waiting);
	assert_indexed(db, board_sql_ready);
	sqlite3_close(db);
}

static void
test_figures(void **state)
{
	sqlite3 *db = make_snapshot();
	struct board *b = board_new(NULL);
	struct snap_lease l = {.db = db, .generation = 1};
	const struct board_data *d;
	struct err e = {""};

	(void)state;
	d = board_get(b, &l, day("2025-03-12"), &e);
	assert_non_null(d);
	assert_string_equal(d->date, "2025-03-12");
	assert_int_equal(d->received, 2);
	assert_int_equal(d->resolved, 1);
	assert_int_equal(d->returned, 1);
	assert_int_equal(d->waiting, EXTRA + 1);
	assert_int_equal(d->nready, BOARD_SHOW);
	/* Newest first: the other agency's, then i = EXTRA, EXTRA - 1, ... */
	assert_string_equal(d->ready[0], "000.00.02.H34-250313-0001");
	assert_string_equal(d->ready[1], "000.00.01.H34-250101-0205");
	assert_string_equal(d->ready[BOARD_SHOW - 1], "000.00.01.H34-250101-0007");
	board_put(d);
	board_free(b);
	sqlite3_close(db);
}

static void
test_office(void **state)
{
	sqlite3 *db = make_snapshot();
	struct board *b = board_new("000.00.02.H34");
	struct snap_lease l = {.db = db, .generation = 1};
	const struct board_data *d;
	struct err e = {""};

	(void)state;
	d = board_get(b, &l, day("2025-03-13"), &e);
	assert_non_null(d);
	assert_int_equal(d->received, 1);
	assert_int_equal(d->resolved, 1);
	assert_int_equal(d->waiting, 1);
	assert_int_equal(d->nready, 1);
	assert_string_equal(d->ready[0], "000.00.02.H34-250313-0001");
	board_put(d);
	board_free(b);
	sqlite3_close(db);
}

static void
test_shared(void **state)
{
	sqlite3 *db = make_snapshot();
	struct board *b = board_new(NULL);
	struct snap_lease l1 = {.db = db, .generation = 1}, l2 = {.db = db, .generation = 2};
	const struct board_data *a, *a2, *c, *old;
	struct err e = {""};
	day_t d = day("2025-03-12");

	(void)state;
	a = board_get(b, &l1, d, &e);
	a2 = board_get(b, &l1, d, &e);
	assert_ptr_equal(a, a2);
	assert_int_equal(board_computations(b), 1);
	/* A new generation: recomputed; A lives on while referenced. */
	c = board_get(b, &l2, d, &e);
	assert_non_null(c);
	assert_ptr_not_equal(a, c);
	assert_int_equal(c->generation, 2);
	assert_int_equal(board_computations(b), 2);
	assert_int_equal(a->waiting, EXTRA + 1);
	board_put(a);
	board_put(a2);
	/* A request still on generation 1: its own figures, the kept ones stay. */
	old = board_get(b, &l1, d, &e);
	assert_non_null(old);
	assert_int_equal(old->generation, 1);
	assert_ptr_not_equal(old, c);
	board_put(old);
	assert_ptr_equal(board_get(b, &l2, d, &e), c);
	board_put(c);
	/* The next day: recomputed. */
	a = board_get(b, &l2, d + 1, &e);
	assert_ptr_not_equal(a, c);
	assert_int_equal(a->received, 1); /* the other agency's, at 00:00 */
	assert_int_equal(board_computations(b), 3);
	board_put(a);
	board_put(c);
	board_free(b);
	sqlite3_close(db);
}

/* Where each code is collected: its agency's pickup_place, each distinct
 * place kept once; an agency without one gives -1. */
static void
test_places(void **state)
{
	sqlite3 *db = make_snapshot();
	struct board *b = board_new(NULL);
	struct snap_lease l = {.db = db, .generation = 1};
	const struct board_data *d;
	struct err e = {""};

	(void)state;
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE agencies SET pickup_place = 'Quầy 1 <b>' "
	                              "WHERE code = '000.00.01.H34'",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	d = board_get(b, &l, day("2025-03-12"), &e);
	assert_non_null(d);
	assert_int_equal(d->nplaces, 1);
	assert_string_equal(d->places[0], "Quầy 1 <b>");
	assert_int_equal(d->place_of[0], -1); /* 000.00.02.H34 says nothing */
	for (int i = 1; i < d->nready; i++)
		assert_int_equal(d->place_of[i], 0);
	board_put(d);
	/* Both agencies at one place: still one entry. */
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE agencies SET pickup_place = 'Quầy 1 <b>'", NULL, NULL, NULL),
	    SQLITE_OK);
	l.generation = 2;
	d = board_get(b, &l, day("2025-03-12"), &e);
	assert_non_null(d);
	assert_int_equal(d->nplaces, 1);
	assert_int_equal(d->place_of[0], 0);
	board_put(d);
	board_free(b);
	sqlite3_close(db);
}

static void
test_warm_unasked(void **state)
{
	struct board *b = board_new(NULL);
	struct snap *s = snap_new("/nonexistent/kiosk.db", 1);
	struct err e = {""};

	(void)state;
	assert_int_equal(board_warm(b, s, 1, &e), 0);
	assert_int_equal(board_computations(b), 0);
	snap_free(s);
	board_free(b);
	board_free(NULL);
	board_put(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_plan),   cmocka_unit_test(test_figures),
	    cmocka_unit_test(test_office), cmocka_unit_test(test_shared),
	    cmocka_unit_test(test_places), cmocka_unit_test(test_warm_unasked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
