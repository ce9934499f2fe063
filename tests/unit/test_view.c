/*
 * Unit tests for core/view.c and core/render_dossier.c: a dossier loaded
 * from a small snapshot (made from the embedded data/snapshot.sql), its
 * HTML and JSON with hostile names, initials, and the message catalogue's
 * promise that its strings need no escaping.
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
#include "msg.h"
#include "view.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char fixture[] =
	"INSERT INTO agencies (code, name, name_en, level) VALUES "
	" ('000.00.01.H34', '<script>alert(\"x\")</script> & Sở', 'Dept \"A\" & B', 'department');"
	"INSERT INTO procedures (code, name, name_en, field_code, level, limit_days) VALUES "
	" ('1.000001', 'Cấp <b>giấy</b>', 'Issue <b>it</b>', 'F', 'province', 1);"
	"INSERT INTO processes (id, doc_code, version, agency_code, procedure_code, effective_from) "
	" VALUES (7, 'QT-01', 2, '000.00.01.H34', '1.000001', '2020-01-01');"
	"INSERT INTO steps VALUES (7, 1, 'Tiếp nhận', 'Receive', 'Một cửa', 4),"
	" (7, 2, 'Xử lý ''A''', 'Handle', 'Phòng <i>B</i>', 4);"
	/* Received Monday 2025-03-10 07:30; 8 working hours end at 17:00. */
	"INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
	" agency_code, channel, received_at, due_at, status, resolved_at) VALUES "
	" ('000.00.01.H34-250310-0001', 'AAAAAAAAAAAAAAAAAAAAAA', 'h', 'N.V.A.', '1.000001', 7, "
	"  '000.00.01.H34', 'counter', '2025-03-10 07:30', '2025-03-10 17:00', 'ready', "
	"  '2025-03-10 15:00');"
	"INSERT INTO events VALUES ('000.00.01.H34-250310-0001', 1, '2025-03-10 07:30', "
	" 'step_start', 1, NULL), ('000.00.01.H34-250310-0001', 2, '2025-03-10 10:00', "
	" 'step_done', 1, NULL), ('000.00.01.H34-250310-0001', 3, '2025-03-10 10:00', "
	" 'step_start', 2, NULL), ('000.00.01.H34-250310-0001', 4, '2025-03-10 15:00', "
	" 'step_done', 2, NULL), ('000.00.01.H34-250310-0001', 5, '2025-03-10 15:00', "
	" 'result_ready', NULL, NULL);";

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

static char *
render(int (*fn)(FILE *, const struct view_dossier *, enum lang), const struct view_dossier *d,
       enum lang l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, d, l), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static int
json(FILE *f, const struct view_dossier *d, enum lang l)
{
	(void)l;
	return view_dossier_json(f, d);
}

static void
test_load_and_render(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};
	tmin_t now;
	char *h;

	(void)state;
	assert_int_equal(clock_parse_instant("2025-03-11 09:00", &now, &e), 0);
	assert_int_equal(view_dossier_load(db, cal, "nope", 1, now, &d, &e), 0);
	assert_null(d);
	assert_int_equal(view_dossier_load(db, cal, "AAAAAAAAAAAAAAAAAAAAAA", 1, now, &d, &e), 1);
	assert_non_null(d);
	assert_int_equal(d->nsteps, 2);
	assert_int_equal(d->tl.verdict, VERDICT_ON_TIME); /* resolved on the due day, before 17:00 */
	assert_int_equal(d->steps[1].allowance_min, 240);
	h = render(view_dossier_html, d, LANG_VI);
	assert_non_null(strstr(h, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sở"));
	assert_non_null(strstr(h, "Cấp &lt;b&gt;giấy&lt;/b&gt;"));
	assert_non_null(strstr(h, "Phòng &lt;i&gt;B&lt;/i&gt;"));
	assert_non_null(strstr(h, "Xử lý &#39;A&#39;"));
	assert_non_null(strstr(h, "10/03/2025 07:30"));
	assert_non_null(strstr(h, "Có kết quả, chờ trả"));
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<b>"));
	free(h);
	h = render(view_dossier_html, d, LANG_EN);
	assert_non_null(strstr(h, "Dept &quot;A&quot; &amp; B"));
	assert_non_null(strstr(h, "2025-03-10 07:30"));
	assert_non_null(strstr(h, "lang=\"en\""));
	free(h);
	h = render(json, d, LANG_VI);
	assert_non_null(strstr(h, "\"name\":\"\\u003cscript\\u003ealert(\\\"x\\\")"));
	assert_non_null(strstr(h, "\"code\":\"000.00.01.H34-250310-0001\""));
	assert_non_null(strstr(h, "\"received\":\"2025-03-10 07:30\""));
	assert_null(strstr(h, "<"));
	free(h);
	view_dossier_free(d);
	/* By code as well. */
	assert_int_equal(view_dossier_load(db, cal, "000.00.01.H34-250310-0001", 0, now, &d, &e), 1);
	view_dossier_free(d);
	clock_cal_free(cal);
	sqlite3_close(db);
}

/* A dossier whose process is missing is an error, not a crash. */
static void
test_inconsistent(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};

	(void)state;
	assert_int_equal(sqlite3_exec(db, "UPDATE dossiers SET process_id = 99", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(view_dossier_load(db, cal, "000.00.01.H34-250310-0001", 0, 0, &d, &e), -1);
	assert_null(d);
	assert_non_null(strstr(e.msg, "process 99"));
	clock_cal_free(cal);
	sqlite3_close(db);
}

struct ini {
	const char *name, *want;
};

static void
test_initials(void **state)
{
	/* clang-format off */
	static const struct ini cases[] = {
		{"Nguyễn Văn An", "N.V.A."},
		{"nguyễn văn an", "N.V.A."},
		{"  Lê   Thị  ", "L.T."},
		{"đặng đức", "Đ.Đ."},        /* đ upper-cased */
		{"Ánh Ðào", "Á.Ð."},          /* accented capitals kept */
		{"Hồ-Chí Minh", "H.C.M."},
		{"", ""},
		{"<script>x</script>", "<."}, /* one "word": escaped later like any data */
	};
	/* clang-format on */
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_true(view_initials(cases[i].name, buf, sizeof buf) >= 0);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].name, buf, cases[i].want);
	}
	assert_int_equal(view_initials("An Bình", buf, 4), -1); /* "A.B." needs 5 bytes */
	assert_string_equal(buf, "");
}

/* The catalogue's strings go out with fputs: none may need escaping. */
static void
test_msg_safe(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++)
		for (int id = 0; id < M_COUNT; id++) {
			const char *s = msg((enum lang)l, (enum msg_id)id);
			assert_non_null(s);
			if (!*s || strpbrk(s, "&<>\"'"))
				fail_msg("message %d (%s) is empty or needs escaping: %s", id,
				         msg_lang_tag((enum lang)l), s);
		}
	assert_string_equal(msg_status(LANG_VI, "ready"), "Có kết quả, chờ trả");
	assert_null(msg_status(LANG_VI, "<bogus>"));
	assert_string_equal(msg_channel(LANG_EN, "online"), "Online");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_and_render),
		cmocka_unit_test(test_inconsistent),
		cmocka_unit_test(test_initials),
		cmocka_unit_test(test_msg_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
