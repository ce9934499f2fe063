/*
 * Unit tests for kiosk/rating.c, the kiosk's rating store: rows are kept
 * with growing ids, the per-dossier cap holds, the latest rating is the
 * current one, the store survives being reopened, another SQLite file is
 * refused, and the export writes trackdb's CSV from a sequence number on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rating.h"

static char dir[] = "/tmp/test_kiosk_rating.XXXXXX";
static char path[sizeof dir + 16];

static int
setup(void **state)
{
	(void)state;
	if (sodium_init() < 0 || !mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/r.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char p[sizeof path + 8];
	(void)state;
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
	snprintf(p, sizeof p, "%s/other.db", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

static struct rating
rating_of(const char *dossier, const char *choice, const char *reason)
{
	struct rating r;

	memset(&r, 0, sizeof r);
	snprintf(r.dossier, sizeof r.dossier, "%s", dossier);
	snprintf(r.question, sizeof r.question, "overall");
	snprintf(r.choice, sizeof r.choice, "%s", choice);
	snprintf(r.reason, sizeof r.reason, "%s", reason);
	r.source = "kiosk";
	r.device = "hall-1";
	return r;
}

static void
test_add_cap_latest(void **state)
{
	static const char d1[] = "000.00.01.H34-250312-0001", d2[] = "000.00.01.H34-250312-0002";
	struct err e = {""};
	struct rating_store *s = rating_open(path, &e);
	struct rating r = rating_of(d1, "unsatisfied", "wait");
	char prev[RATING_ID_LEN + 1] = "", choice[RATING_CODE_MAX + 1], at[RATING_AT_LEN + 1];

	(void)state;
	assert_non_null(s);
	assert_int_equal(rating_latest(s, d1, "overall", choice, at, &e), 0);
	for (int i = 0; i < 3; i++) {
		r = rating_of(d1, i == 2 ? "very_satisfied" : "unsatisfied", i == 2 ? "" : "wait");
		assert_int_equal(rating_add(s, &r, 3, &e), 1);
		assert_int_equal(strlen(r.id), RATING_ID_LEN);
		assert_int_equal(strspn(r.id, "0123456789abcdef"), RATING_ID_LEN);
		/* Ids grow, also within one millisecond. */
		assert_true(strcmp(r.id, prev) > 0);
		memcpy(prev, r.id, sizeof prev);
		assert_int_equal(strlen(r.rated_at), RATING_AT_LEN);
	}
	/* The fourth of the day is refused and stores nothing. */
	r = rating_of(d1, "satisfied", "");
	assert_int_equal(rating_add(s, &r, 3, &e), 0);
	assert_int_equal(rating_latest(s, d1, "overall", choice, at, &e), 1);
	assert_string_equal(choice, "very_satisfied");
	/* Another dossier has its own cap. */
	r = rating_of(d2, "satisfied", "");
	assert_int_equal(rating_add(s, &r, 3, &e), 1);
	rating_close(s);

	/* Reopened: everything is still there. */
	s = rating_open(path, &e);
	assert_non_null(s);
	assert_int_equal(rating_latest(s, d1, "overall", choice, at, &e), 1);
	assert_string_equal(choice, "very_satisfied");
	rating_close(s);
}

static void
test_export(void **state)
{
	char *buf = NULL, id[17];
	size_t len = 0;
	int64_t first, last;
	struct err e = {""};
	FILE *f = open_memstream(&buf, &len);
	long n;

	(void)state;
	assert_non_null(f);
	n = rating_export(path, 1, 2, f, &first, &last, id, &e);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(n, 2);
	assert_int_equal(first, 2);
	assert_int_equal(last, 3);
	assert_int_equal(strlen(id), 16);
	assert_non_null(
	    strstr(buf, "id,dossier_code,question,choice,reason,rated_at,source,device\r\n"));
	assert_non_null(strstr(buf, ",000.00.01.H34-250312-0001,overall,unsatisfied,wait,"));
	assert_non_null(strstr(buf, ",000.00.01.H34-250312-0001,overall,very_satisfied,,"));
	assert_null(strstr(buf, "0002"));
	free(buf);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	n = rating_export(path, 4, 100, f, &first, &last, id, &e);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(n, 0);
	assert_int_equal(first, 0);
	free(buf);
}

static void
test_refuses_other_files(void **state)
{
	char other[sizeof path + 16];
	struct err e = {""};
	sqlite3 *db;

	(void)state;
	snprintf(other, sizeof other, "%s/other.db", dir);
	assert_int_equal(sqlite3_open(other, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "CREATE TABLE meta (key TEXT, value TEXT)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_null(rating_open(other, &e));
	assert_non_null(strstr(e.msg, "not a kioskd rating store"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_add_cap_latest),
	    cmocka_unit_test(test_export),
	    cmocka_unit_test(test_refuses_other_files),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
