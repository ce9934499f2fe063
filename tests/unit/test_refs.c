/*
 * Unit tests for core/storage/refs.c: the reference tables of a small
 * snapshot (the embedded data/snapshot.sql) in memory: order and lookups,
 * cross references as indexes, NULL kept apart from "", documents and
 * steps attached, and the rows the model refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "embedded.h"
#include "refs.h"

/* Rows inserted out of key order, a successor that is the agency itself
 * and one that does not exist, a process of an unknown agency, a
 * document and a step of nothing, an empty name_en beside a NULL one. */
static const char fixture[] =
    "INSERT INTO fields VALUES ('TP', 'Tư pháp', NULL), ('HT', 'Hộ tịch', '');"
    "INSERT INTO agencies (code, name, name_en, level, successor_code, phone, iso_standard) "
    " VALUES ('000.00.02.H34', 'Sở <B>', 'Dept B', 'department', '000.00.01.H34', '0260', "
    " 'TCVN ISO 9001:2015'),"
    " ('000.00.01.H34', 'Sở A', NULL, 'department', '000.00.01.H34', NULL, NULL),"
    " ('000.00.03.H34', 'Sở C', '', 'branch', '999.99.99.H99', NULL, NULL);"
    "INSERT INTO procedures (code, name, field_code, level, limit_days, fee_vnd, fee_note) "
    " VALUES ('2.000002', 'Thủ tục 2', 'TP', 'province', 0.5, NULL, 'theo luật'),"
    " ('1.000001', 'Thủ tục 1', 'XX', 'commune', 3, 50000, NULL);"
    "INSERT INTO procedure_documents VALUES ('2.000002', 2, 'Bản sao', NULL, 0, 1, NULL, NULL),"
    " ('2.000002', 1, 'Tờ khai', 'Form', 1, 0, 'ký', 'signed'),"
    " ('9.999999', 1, 'Không ai', NULL, 1, 0, NULL, NULL);"
    "INSERT INTO processes VALUES (9, 'QT-09', 1, '000.00.02.H34', '2.000002', '2020-01-01', "
    " NULL), (3, 'QT-03', 2, '777.77.77.H77', '1.000001', '2021-01-01', '2022-01-01');"
    "INSERT INTO steps VALUES (9, 2, 'Xử lý', NULL, 'Phòng', 2.5), (9, 1, 'Tiếp nhận', "
    " 'Receive', 'Một cửa', 4), (42, 1, 'Lạc', NULL, 'Ai', 1);";

static sqlite3 *
make_snapshot(const char *extra)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *db = NULL;

	assert_non_null(schema);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, fixture, NULL, NULL, NULL), SQLITE_OK);
	if (extra)
		assert_int_equal(sqlite3_exec(db, extra, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
test_tables(void **state)
{
	sqlite3 *db = make_snapshot(NULL);
	struct err e = {""};
	struct refs *r = refs_load(db, &e);

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->nfi, 2);
	assert_string_equal(r->fi[0].code, "HT");
	assert_string_equal(r->fi[0].name_en, "");
	assert_null(r->fi[1].name_en);
	assert_int_equal(r->nag, 3);
	assert_string_equal(r->ag[0].code, "000.00.01.H34");
	assert_string_equal(r->ag[1].name, "Sở <B>");
	assert_string_equal(r->ag[1].phone, "0260");
	assert_string_equal(r->ag[1].iso_standard, "TCVN ISO 9001:2015");
	assert_null(r->ag[0].name_en);
	assert_null(r->ag[0].parent_code);
	assert_string_equal(r->ag[2].name_en, "");
	assert_int_equal(r->npr, 2);
	assert_string_equal(r->pr[0].code, "1.000001");
	assert_int_equal(r->pr[0].fee_vnd, 50000);
	assert_int_equal(r->pr[1].fee_vnd, -1);
	assert_string_equal(r->pr[1].fee_note, "theo luật");
	assert_null(r->pr[0].fee_note);
	assert_true(r->pr[1].limit_days == 0.5);
	assert_int_equal(r->nps, 2);
	assert_int_equal(r->ps[0].id, 3);
	assert_int_equal(r->ps[1].version, 1);
	assert_string_equal(r->ps[1].doc_code, "QT-09");
	assert_null(r->ps[1].effective_to);
	assert_string_equal(r->ps[0].effective_to, "2022-01-01");
	refs_free(r);
	sqlite3_close(db);
}

static void
test_cross_references(void **state)
{
	sqlite3 *db = make_snapshot(NULL);
	struct err e = {""};
	struct refs *r = refs_load(db, &e);

	(void)state;
	assert_non_null(r);
	/* Successors: itself is none, an unknown code is none. */
	assert_int_equal(r->ag[0].successor, -1);
	assert_int_equal(r->ag[1].successor, 0);
	assert_int_equal(r->ag[2].successor, -1);
	/* A procedure's field, a process's procedure and agency. */
	assert_int_equal(r->pr[1].field, 1);
	assert_int_equal(r->pr[0].field, -1); /* 'XX' is no field */
	assert_int_equal(r->ps[1].procedure, 1);
	assert_int_equal(r->ps[1].agency, 1);
	assert_int_equal(r->ps[0].procedure, 0);
	assert_int_equal(r->ps[0].agency, -1);
	/* Lookups. */
	assert_int_equal(refs_agency_index(r, "000.00.03.H34"), 2);
	assert_int_equal(refs_agency_index(r, "000.00.04.H34"), -1);
	assert_int_equal(refs_agency_index(r, NULL), -1);
	assert_int_equal(refs_procedure_index(r, "2.000002"), 1);
	assert_int_equal(refs_field_index(r, "TP"), 1);
	assert_int_equal(refs_process_index(r, 9), 1);
	assert_int_equal(refs_process_index(r, 4), -1);
	assert_ptr_equal(refs_agency(r, "000.00.01.H34"), &r->ag[0]);
	assert_ptr_equal(refs_procedure(r, "1.000001"), &r->pr[0]);
	assert_ptr_equal(refs_process(r, 3), &r->ps[0]);
	assert_null(refs_procedure(r, "nope"));
	assert_null(refs_process(r, 42));
	assert_string_equal(refs_s(NULL), "");
	assert_string_equal(refs_s("x"), "x");
	refs_free(r);
	sqlite3_close(db);
}

static void
test_documents_and_steps(void **state)
{
	sqlite3 *db = make_snapshot(NULL);
	struct err e = {""};
	struct refs *r = refs_load(db, &e);
	const struct refs_process *p;

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->pr[0].ndocs, 0);
	assert_int_equal(r->pr[1].ndocs, 2);
	assert_string_equal(r->pr[1].docs[0].name, "Tờ khai"); /* seq order */
	assert_string_equal(r->pr[1].docs[0].note_en, "signed");
	assert_int_equal(r->pr[1].docs[0].originals, 1);
	assert_int_equal(r->pr[1].docs[1].copies, 1);
	assert_null(r->pr[1].docs[1].note);
	p = refs_process(r, 9);
	assert_non_null(p);
	assert_int_equal(p->nsteps, 2);
	assert_string_equal(p->steps[0].name, "Tiếp nhận");
	assert_string_equal(p->steps[1].unit, "Phòng");
	assert_null(p->steps[1].name_en);
	assert_int_equal(p->steps[0].allowance_min, 240);
	assert_int_equal(p->steps[1].allowance_min, 150);
	assert_int_equal(refs_process(r, 3)->nsteps, 0);
	refs_free(r);
	sqlite3_close(db);
}

/* Many rows: the arena's blocks and the arrays' growth, a long string. */
static void
test_many(void **state)
{
	sqlite3 *db = make_snapshot("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
	                            "FROM n WHERE i < 3000) INSERT INTO agencies (code, name, "
	                            "level, address) SELECT printf('%03d.00.00.H00', i % 1000) || "
	                            "i, 'Đơn vị ' || i, 'commune', hex(zeroblob(i * 10)) FROM n;");
	struct err e = {""};
	struct refs *r = refs_load(db, &e);

	(void)state;
	assert_non_null(r);
	assert_int_equal(r->nag, 3003);
	for (size_t i = 1; i < r->nag; i++)
		assert_true(strcmp(r->ag[i - 1].code, r->ag[i].code) < 0);
	for (size_t i = 0; i < r->nag; i++)
		assert_int_equal(refs_agency_index(r, r->ag[i].code), (int)i);
	assert_int_equal(strlen(refs_agency(r, "000.00.00.H003000")->address), 60000);
	refs_free(r);
	sqlite3_close(db);
}

static void
test_bad_rows(void **state)
{
	static const struct {
		const char *sql, *msg;
	} cases[] = {
	    {"INSERT INTO steps VALUES (9, 4, 'Bốn', NULL, 'P', 1);",
	     "steps: process 9: step 4 out of order"},
	    {"DELETE FROM steps WHERE step_no = 1 AND process_id = 9;",
	     "steps: process 9: step 2 out of order"},
	    {"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40) "
	     "INSERT INTO steps SELECT 3, i, 'B', NULL, 'P', 1 FROM n;",
	     NULL /* one more than TIMELINE_STEPS_MAX */},
	    {"DROP TABLE procedure_documents;", "procedure documents: no such table"},
	};
	struct err e;
	char over[64];

	(void)state;
	assert_true(TIMELINE_STEPS_MAX < 40);
	snprintf(over, sizeof over, "steps: process 3: step %d out of order",
	         TIMELINE_STEPS_MAX + 1);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sqlite3 *db = make_snapshot(cases[i].sql);
		const char *want = cases[i].msg ? cases[i].msg : over;
		e.msg[0] = '\0';
		assert_null(refs_load(db, &e));
		if (!strstr(e.msg, want))
			fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, want);
		sqlite3_close(db);
	}
	refs_free(NULL);
}

/* An empty database: empty tables, lookups that find nothing. */
static void
test_empty(void **state)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *db = NULL;
	struct err e = {""};
	struct refs *r;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(r = refs_load(db, &e));
	assert_int_equal(r->nag + r->npr + r->nfi + r->nps, 0);
	assert_int_equal(refs_agency_index(r, "x"), -1);
	assert_null(refs_process(r, 1));
	refs_free(r);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tables),
	    cmocka_unit_test(test_cross_references),
	    cmocka_unit_test(test_documents_and_steps),
	    cmocka_unit_test(test_many),
	    cmocka_unit_test(test_bad_rows),
	    cmocka_unit_test(test_empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
