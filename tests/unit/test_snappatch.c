/*
 * Unit tests for core/storage/snappatch.c: the digest of a snapshot's rows
 * and the patches between two generations.
 *
 * The properties: a patch from A to B applied to a copy of A gives B's rows
 * exactly (digest and values, storage classes included), whatever was
 * added, changed or removed; the digest depends on the rows, not on the
 * order they were written in, and tells 1 from 1.0 from '1'; a patch that
 * is damaged anywhere or cut short is refused before it touches anything;
 * two generations of different tables make no patch; a patch for a table
 * the database lacks is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "snappatch.h"
#include "store.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char schema[] =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE sealed (id BLOB PRIMARY KEY, box BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE day_counts (agency_code TEXT NOT NULL, day TEXT NOT NULL, n INTEGER, "
    "  PRIMARY KEY (agency_code, day)) WITHOUT ROWID;"
    "CREATE TABLE steps (process_id INTEGER NOT NULL, step_no INTEGER NOT NULL, "
    "  hours REAL, note TEXT, PRIMARY KEY (process_id, step_no)) WITHOUT ROWID;"
    "CREATE TABLE loose (k INTEGER PRIMARY KEY, v);";

static const char gen1[] =
    "INSERT INTO meta VALUES ('generation', '1'), ('generated_at', '2025-11-20 10:00'),"
    "  ('office', 'x<\"&''y');"
    "INSERT INTO sealed VALUES (x'01', x'00ff00'), (x'02', x'aabb'), (x'03', x'');"
    "INSERT INTO day_counts VALUES ('A', '2025-11-19', 3), ('A', '2025-11-20', 1),"
    "  ('B', '2025-11-20', NULL);"
    "INSERT INTO steps VALUES (1, 1, 4.0, NULL), (1, 2, 3.5, ''), (2, 1, 0.25, 'n');"
    "INSERT INTO loose VALUES (1, 1), (2, 1.0), (3, '1'), (4, x'31'), (5, NULL);";

/* Generation 2: a row of each table changed, some added, some gone. */
static const char gen2_changes[] =
    "UPDATE meta SET value = '2' WHERE key = 'generation';"
    "UPDATE meta SET value = '2025-11-20 10:01' WHERE key = 'generated_at';"
    "DELETE FROM sealed WHERE id = x'02';"
    "UPDATE sealed SET box = x'00fe00' WHERE id = x'01';"
    "INSERT INTO sealed VALUES (x'0401', x'0102030405');"
    "UPDATE day_counts SET n = 2 WHERE agency_code = 'A' AND day = '2025-11-20';"
    "UPDATE day_counts SET n = 0 WHERE agency_code = 'B';"
    "INSERT INTO day_counts VALUES ('B', '2025-11-21', 7);"
    "DELETE FROM steps WHERE process_id = 2;"
    "UPDATE steps SET note = NULL WHERE step_no = 2;"
    "UPDATE loose SET v = 1.0 WHERE k = 1;"
    "UPDATE loose SET v = 1 WHERE k = 2;"
    "UPDATE loose SET v = '' WHERE k = 5;";

static sqlite3 *
db_with(const char *sql1, const char *sql2)
{
	sqlite3 *db = NULL;
	struct err e = {""};

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(store_exec(db, schema, &e), 0);
	if (sql1)
		assert_int_equal(store_exec(db, sql1, &e), 0);
	if (sql2)
		assert_int_equal(store_exec(db, sql2, &e), 0);
	return db;
}

static void
digest_of(sqlite3 *db, unsigned char d[SNAPPATCH_DIGEST])
{
	struct err e = {""};

	assert_int_equal(snappatch_digest(db, d, &e), 0);
}

/* Every row of DB with its storage classes, as one string, for a plain
 * comparison beside the digest. */
static char *
dump(sqlite3 *db)
{
	static const char *const q[] = {
	    "SELECT group_concat(key || '=' || value, ';') FROM (SELECT * FROM meta ORDER BY key)",
	    "SELECT group_concat(hex(id) || ':' || hex(box), ';') FROM (SELECT * FROM sealed ORDER "
	    "BY id)",
	    "SELECT group_concat(agency_code || day || typeof(n) || quote(n), ';') FROM (SELECT * "
	    "FROM day_counts ORDER BY 1, 2)",
	    "SELECT group_concat(process_id || step_no || typeof(hours) || quote(hours) || "
	    "typeof(note) || quote(note), ';') FROM (SELECT * FROM steps ORDER BY 1, 2)",
	    "SELECT group_concat(k || typeof(v) || quote(v), ';') FROM (SELECT * FROM loose ORDER "
	    "BY k)"};
	size_t n = 0;
	char *out = NULL;
	FILE *f = open_memstream(&out, &n);
	struct err e = {""};

	assert_non_null(f);
	for (size_t i = 0; i < ARRAY_LEN(q); i++) {
		sqlite3_stmt *st = store_prepare(db, q[i], &e);
		assert_non_null(st);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		fprintf(f, "%s\n", store_text(st, 0));
		sqlite3_finalize(st);
	}
	assert_int_equal(fclose(f), 0);
	return out;
}

static void
make_patch(sqlite3 *a, sqlite3 *b, unsigned char **buf, size_t *len, struct snappatch_head *h)
{
	struct err e = {""};

	h->base_gen = 1;
	h->gen = 2;
	assert_int_equal(snappatch_diff(a, b, h, buf, len, &e), 0);
	assert_non_null(*buf);
}

static void
test_patch_makes_the_new_rows(void **state)
{
	sqlite3 *a = db_with(gen1, NULL), *b = db_with(gen1, gen2_changes),
	        *c = db_with(gen1, NULL);
	unsigned char da[SNAPPATCH_DIGEST], db[SNAPPATCH_DIGEST], dc[SNAPPATCH_DIGEST], *buf;
	struct snappatch_head h, r;
	struct err e = {""};
	char *want, *got;
	size_t len;

	(void)state;
	digest_of(a, da);
	digest_of(b, db);
	make_patch(a, b, &buf, &len, &h);
	assert_memory_equal(h.base, da, SNAPPATCH_DIGEST);
	assert_memory_equal(h.target, db, SNAPPATCH_DIGEST);
	assert_int_equal(snappatch_head(buf, len, &r, &e), 0);
	assert_true(r.base_gen == 1 && r.gen == 2);
	assert_memory_equal(r.target, db, SNAPPATCH_DIGEST);
	assert_int_equal(snappatch_apply(c, buf, len, &e), 0);
	digest_of(c, dc);
	assert_memory_equal(dc, db, SNAPPATCH_DIGEST);
	want = dump(b);
	got = dump(c);
	assert_string_equal(got, want);
	/* The rows left as they were are not in it: smaller than the patch
	 * that writes them all. */
	{
		sqlite3 *empty = db_with(NULL, NULL);
		unsigned char *all;
		size_t alen;
		make_patch(empty, b, &all, &alen, &h);
		assert_true(len + 60 < alen);
		free(all);
		sqlite3_close(empty);
	}
	free(want);
	free(got);
	free(buf);
	sqlite3_close(a);
	sqlite3_close(b);
	sqlite3_close(c);
}

static void
test_no_change_no_table(void **state)
{
	sqlite3 *a = db_with(gen1, NULL), *b = db_with(gen1, NULL);
	struct snappatch_head h;
	unsigned char *buf;
	size_t len;

	(void)state;
	make_patch(a, b, &buf, &len, &h);
	assert_memory_equal(h.base, h.target, SNAPPATCH_DIGEST);
	/* Head (8 + 16 + 64), 'Z', hash. */
	assert_int_equal(len, 8 + 16 + 64 + 1 + 32);
	free(buf);
	sqlite3_close(a);
	sqlite3_close(b);
}

static void
test_digest_is_of_rows(void **state)
{
	/* The same rows written in another order; then one value of another
	 * storage class. */
	sqlite3 *a = db_with(gen1, NULL), *b = db_with(NULL, NULL);
	unsigned char da[SNAPPATCH_DIGEST], d2[SNAPPATCH_DIGEST];
	struct err e = {""};

	(void)state;
	assert_int_equal(
	    store_exec(
	        b,
	        "INSERT INTO loose VALUES (5, NULL), (4, x'31'), (3, '1'), (2, 1.0), (1, 1);"
	        "INSERT INTO steps VALUES (2, 1, 0.25, 'n'), (1, 2, 3.5, ''), (1, 1, 4.0, NULL);"
	        "INSERT INTO day_counts VALUES ('B', '2025-11-20', NULL), ('A', '2025-11-20', "
	        "1), ('A', '2025-11-19', 3);"
	        "INSERT INTO sealed VALUES (x'03', x''), (x'02', x'aabb'), (x'01', x'00ff00');"
	        "INSERT INTO meta VALUES ('office', 'x<\"&''y'), ('generated_at', "
	        "'2025-11-20 10:00'), ('generation', '1');",
	        &e),
	    0);
	digest_of(a, da);
	digest_of(b, d2);
	assert_memory_equal(da, d2, SNAPPATCH_DIGEST);
	assert_int_equal(store_exec(b, "UPDATE loose SET v = 1.0 WHERE k = 1", &e), 0);
	digest_of(b, d2);
	assert_memory_not_equal(da, d2, SNAPPATCH_DIGEST);
	assert_int_equal(store_exec(b, "UPDATE loose SET v = '1' WHERE k = 1", &e), 0);
	digest_of(b, d2);
	assert_memory_not_equal(da, d2, SNAPPATCH_DIGEST);
	assert_int_equal(store_exec(b, "UPDATE loose SET v = 1 WHERE k = 1", &e), 0);
	digest_of(b, d2);
	assert_memory_equal(da, d2, SNAPPATCH_DIGEST);
	sqlite3_close(a);
	sqlite3_close(b);
}

static void
test_damage_is_refused(void **state)
{
	sqlite3 *a = db_with(gen1, NULL), *b = db_with(gen1, gen2_changes);
	unsigned char da[SNAPPATCH_DIGEST], dc[SNAPPATCH_DIGEST], *buf;
	struct snappatch_head h;
	struct err e = {""};
	size_t len;

	(void)state;
	digest_of(a, da);
	make_patch(a, b, &buf, &len, &h);
	/* Every byte, flipped in turn: refused, and the database untouched. */
	for (size_t i = 0; i < len; i++) {
		buf[i] ^= 0x20;
		assert_int_equal(snappatch_head(buf, len, &h, &e), -1);
		assert_int_equal(snappatch_apply(a, buf, len, &e), -1);
		buf[i] ^= 0x20;
	}
	assert_non_null(strstr(e.msg, "damaged"));
	for (size_t n = 0; n < len; n += 7)
		assert_int_equal(snappatch_apply(a, buf, n, &e), -1);
	digest_of(a, dc);
	assert_memory_equal(da, dc, SNAPPATCH_DIGEST);
	free(buf);
	sqlite3_close(a);
	sqlite3_close(b);
}

static void
test_other_tables(void **state)
{
	sqlite3 *a = db_with(gen1, NULL), *b = db_with(gen1, gen2_changes), *c = NULL;
	struct snappatch_head h = {1, 2, {0}, {0}};
	struct err e = {""};
	unsigned char *buf = NULL;
	size_t len = 0;

	(void)state;
	/* A new column: no patch between the two. */
	assert_int_equal(store_exec(b, "ALTER TABLE meta ADD COLUMN extra TEXT", &e), 0);
	assert_int_equal(snappatch_diff(a, b, &h, &buf, &len, &e), -1);
	assert_null(buf);
	assert_non_null(strstr(e.msg, "different tables"));
	sqlite3_close(b);
	/* A patch for a table the database does not have. */
	b = db_with(gen1, gen2_changes);
	make_patch(a, b, &buf, &len, &h);
	assert_int_equal(sqlite3_open(":memory:", &c), SQLITE_OK);
	assert_int_equal(store_exec(c, "CREATE TABLE other (x)", &e), 0);
	assert_int_equal(snappatch_apply(c, buf, len, &e), -1);
	assert_non_null(strstr(e.msg, "does not have"));
	free(buf);
	sqlite3_close(a);
	sqlite3_close(b);
	sqlite3_close(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_patch_makes_the_new_rows),
	    cmocka_unit_test(test_no_change_no_table),
	    cmocka_unit_test(test_digest_is_of_rows),
	    cmocka_unit_test(test_damage_is_refused),
	    cmocka_unit_test(test_other_tables),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
