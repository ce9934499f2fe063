/*
 * Unit tests for publisher/stats/xlsx.c, a described table as a workbook:
 * the same tables give the same bytes (the document date is the caller's,
 * not the clock's), a changed cell or date changes them, a cell that is not
 * its column's number is refused with the place named, a sheet name Excel
 * would refuse is refused, and no temporary file is left by name, during
 * the writing, after it, or when a book is abandoned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msg.h"
#include "xlsx.h"

static const struct xlsx_col cols[] = {
    {"Mã thủ tục", XLSX_TEXT, 12},
    {"Số hồ sơ", XLSX_INT, 0},
    {"Trung vị (ngày)", XLSX_DEC, 0},
    {"Tỷ lệ đúng hạn", XLSX_PCT, 0},
};

/* A one-sheet book of ROWS (4 cells each); its bytes, or NULL. */
static char *
book(const char *const (*rows)[4], int n, time_t created, size_t *len)
{
	struct err e = {{0}};
	struct xlsx_book *b = xlsx_new("Thử", created, &e);
	char *buf = NULL;

	assert_non_null(b);
	assert_int_equal(xlsx_sheet(b, "Theo thủ tục", cols, 4, &e), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(xlsx_row(b, rows[i], 4, &e), 0);
	assert_int_equal(xlsx_finish(b, &buf, len, &e), 0);
	return buf;
}

static const char *const rows_a[][4] = {
    {"1.000656", "25", "0.8", "96.0"},
    {"2.000806", "5", "1.0", ""},
    {"", "0", "", "100.0"},
};

static void
test_same_tables_same_bytes(void **state)
{
	size_t n1, n2, n3, n4;
	char *a = book(rows_a, 3, 1750000000, &n1);
	char *b = book(rows_a, 3, 1750000000, &n2);
	const char *const rows_b[][4] = {{"1.000656", "26", "0.8", "96.0"},
	                                 {"2.000806", "5", "1.0", ""},
	                                 {"", "0", "", "100.0"}};
	char *c = book(rows_b, 3, 1750000000, &n3);
	char *d = book(rows_a, 3, 1750000060, &n4);

	(void)state;
	assert_true(n1 > 1000 && memcmp(a, "PK", 2) == 0); /* a zip file */
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	assert_false(n1 == n3 && memcmp(a, c, n1) == 0);
	assert_false(n1 == n4 && memcmp(a, d, n1) == 0);
	free(a);
	free(b);
	free(c);
	free(d);
}

static void
test_not_a_number(void **state)
{
	struct err e = {{0}};
	struct xlsx_book *b = xlsx_new("Thử", 1750000000, &e);
	const char *const bad[][4] = {{"1.000656", "25x", "0.8", "96.0"},
	                              {"1.000656", "25", "0,8", "96.0"},
	                              {"1.000656", "25", "0.8", "96 %"}};
	const char *const where[] = {"Số hồ sơ", "Trung vị (ngày)", "Tỷ lệ đúng hạn"};

	(void)state;
	assert_non_null(b);
	assert_int_equal(xlsx_sheet(b, "Theo thủ tục", cols, 4, &e), 0);
	for (int i = 0; i < 3; i++) {
		e.msg[0] = '\0';
		assert_int_equal(xlsx_row(b, bad[i], 4, &e), -1);
		assert_non_null(strstr(e.msg, where[i]));
		assert_non_null(strstr(e.msg, "is not a number"));
	}
	xlsx_free(b);
}

static void
test_sheet_names(void **state)
{
	struct err e = {{0}};
	struct xlsx_book *b = xlsx_new("Thử", 1750000000, &e);

	(void)state;
	assert_non_null(b);
	assert_int_equal(xlsx_sheet(b, "Quy trình phải ban hành lại", cols, 4, &e), 0);
	assert_int_equal(xlsx_sheet(b, "Một tên dài hơn ba mươi mốt ký tự của trang", cols, 4, &e),
	                 -1);
	assert_int_equal(xlsx_sheet(b, "Kỳ 2025/03", cols, 4, &e), -1);
	assert_int_equal(xlsx_sheet(b, "Quy trình phải ban hành lại", cols, 4, &e), -1);
	xlsx_free(b);
}

/* The sheets' names in the catalogue (msg_xlsx.def, M_XL_S_PROVINCE to
 * M_XL_S_REISSUE) are names a workbook takes, in both languages, and
 * distinct within each; so is the officials' early-warning sheet's
 * (msg_officials.def, M_OF_TITLE), in a workbook of its own. */
static void
test_catalogue_sheet_names(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++) {
		struct err e = {{0}};
		struct xlsx_book *b = xlsx_new("Thử", 1750000000, &e);
		size_t n;
		char *buf;

		assert_non_null(b);
		for (int id = M_XL_S_PROVINCE; id <= M_XL_S_REISSUE; id++)
			if (xlsx_sheet(b, msg((enum lang)l, (enum msg_id)id), cols, 4, &e) < 0)
				fail_msg("language %d, sheet %d: %s", l, id, e.msg);
		assert_int_equal(xlsx_finish(b, &buf, &n, &e), 0);
		free(buf);
		assert_non_null(b = xlsx_new("Thử", 1750000000, &e));
		if (xlsx_sheet(b, msg((enum lang)l, M_OF_TITLE), cols, 4, &e) < 0)
			fail_msg("language %d, the officials' sheet: %s", l, e.msg);
		assert_int_equal(xlsx_finish(b, &buf, &n, &e), 0);
		free(buf);
	}
}

static int
temp_files(const char *dir)
{
	DIR *d = opendir(dir);
	const struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strncmp(de->d_name, "tracking-xlsx-", 14) == 0;
	closedir(d);
	return n;
}

static void
test_no_temporary_left(void **state)
{
	char dir[] = "/tmp/test_pub_xlsx.XXXXXX";
	struct err e = {{0}};
	struct xlsx_book *b;
	size_t n;
	char *buf;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("TMPDIR", dir, 1);
	b = xlsx_new("Thử", 1750000000, &e);
	assert_non_null(b);
	/* Named for no longer than it takes to open it: a killed run
	 * leaves nothing. */
	assert_int_equal(temp_files(dir), 0);
	xlsx_free(b); /* abandoned */
	assert_int_equal(temp_files(dir), 0);
	b = xlsx_new("Thử", 1750000000, &e);
	assert_int_equal(xlsx_sheet(b, "Một", cols, 4, &e), 0);
	assert_int_equal(xlsx_finish(b, &buf, &n, &e), 0);
	assert_int_equal(temp_files(dir), 0);
	free(buf);
	unsetenv("TMPDIR");
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_tables_same_bytes),
	    cmocka_unit_test(test_not_a_number),
	    cmocka_unit_test(test_sheet_names),
	    cmocka_unit_test(test_catalogue_sheet_names),
	    cmocka_unit_test(test_no_temporary_left),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
