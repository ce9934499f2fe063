/*
 * Unit tests for kiosk/req.c (the request parser), kiosk/route.c (the
 * routing table) and kiosk/alog.c (log redaction).  kioskd's objects are not
 * in libcore, so the sources are compiled in here.
 *
 * Table-driven: each path or argument with the status it must get.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "alog.h"
#include "kiosk.h"
#include "req.h"
#include "statics.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static void
test_paths(void **state)
{
	static const struct {
		const char *path;
		unsigned want;
	} cases[] = {
	    {"/", 0},
	    {"/kiosk.css", 0},
	    {"/d/Tk/Tk1aaaaaaaaaaaaaaaaaaa.html", 0},
	    {"/api/procedures/1.001612", 0},
	    {"/a-b_c~d", 0},
	    {"", 400},
	    {"kiosk.css", 400},
	    {"http://x/", 400},
	    {"/../etc/passwd", 400},
	    {"/a/../b", 400},
	    {"/..", 400},
	    {"/.git", 400},
	    {"//x", 400},
	    {"/a//b", 400},
	    {"/a\\b", 400},
	    {"/a b", 400},
	    {"/a%2e", 400},
	    {"/a;b", 400},
	    {"/\x7f", 400},
	    {"/\xc3\xa9", 400},
	    {"/a?b", 400},
	    {"/a#b", 400},
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct req r = {0};
		unsigned got = req_set_path(&r, cases[i].path);
		if (got != cases[i].want)
			fail_msg("'%s': want %u, got %u", cases[i].path, cases[i].want, got);
		if (got == 0)
			assert_string_equal(r.path, cases[i].path);
	}
}

static void
test_path_length(void **state)
{
	char p[REQ_PATH_MAX + 2];
	struct req r = {0};

	(void)state;
	memset(p, 'a', sizeof p);
	p[0] = '/';
	p[REQ_PATH_MAX] = '\0';
	assert_int_equal(req_set_path(&r, p), 0);
	assert_int_equal(r.pathlen, REQ_PATH_MAX);
	p[REQ_PATH_MAX] = 'a';
	p[REQ_PATH_MAX + 1] = '\0';
	assert_int_equal(req_set_path(&r, p), 414);
}

static void
test_args(void **state)
{
	char longv[REQ_VALUE_MAX + 2];
	struct req r = {0};

	(void)state;
	assert_int_equal(req_add_arg(&r, "code", "000.00.01.H34-250312-0001"), 0);
	assert_int_equal(req_add_arg(&r, "check", NULL), 0);
	assert_string_equal(req_arg(&r, "check"), "");
	assert_int_equal(req_add_arg(&r, "code", "x"), 400);     /* repeated */
	assert_int_equal(req_add_arg(&r, "evil", "x"), 400);     /* unknown */
	assert_int_equal(req_add_arg(&r, "lang", "a\x01"), 400); /* control */
	assert_int_equal(req_add_arg(&r, "lang", "\xc3\xa9"), 400);
	memset(longv, '1', sizeof longv);
	longv[REQ_VALUE_MAX + 1] = '\0';
	assert_int_equal(req_add_arg(&r, "lang", longv), 400);
	longv[REQ_VALUE_MAX] = '\0';
	assert_int_equal(req_add_arg(&r, "lang", longv), 0);
	assert_int_equal(req_add_arg(&r, "at", "x"), 0);
	assert_int_equal(req_add_arg(&r, "agency", "x"), 400); /* a fifth argument */
	assert_null(req_arg(&r, "procedure"));
	assert_string_equal(req_arg(&r, "code"), "000.00.01.H34-250312-0001");
}

/* A rating is the one POST: its method, its arguments, its route's flag. */
static void
test_rating_request(void **state)
{
	struct req r = {0};

	(void)state;
	assert_int_equal(req_method("POST"), REQ_POST);
	assert_int_equal(req_method("PUT"), REQ_OTHER);
	assert_int_equal(req_add_arg(&r, "question", "overall"), 0);
	assert_int_equal(req_add_arg(&r, "choice", "unsatisfied"), 0);
	assert_int_equal(req_add_arg(&r, "reason", "wait"), 0);
	assert_int_equal(req_add_arg(&r, "lang", "en"), 0);
	assert_true(route_is_post(R_API_RATE));
	assert_false(route_is_post(R_API_RATING) || route_is_post(R_HOME) ||
	             route_is_post(R_COUNT));
	assert_true(route_is_api(R_API_RATE) && route_needs_snapshot(R_API_RATE));
}

static void
test_unescape(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"/a%2fb", "/a/b"},     {"%2e%2E", ".."},   {"%252e", "%2e"}, {"%zz", "%zz"},
	    {"%4", "%4"},           {"%", "%"},         {"%00", "\x7f"},  {"%0a", "\x7f"},
	    {"%c3%a9", "\xc3\xa9"}, {"plain", "plain"},
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char buf[32];
		snprintf(buf, sizeof buf, "%s", cases[i].in);
		size_t n = req_unescape(buf);
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(n, strlen(cases[i].out));
	}
}

/* The raw URI is judged before it is parsed: the query's length and its
 * number of arguments. */
static void
test_check_query(void **state)
{
	char buf[4096];
	size_t n;

	(void)state;
	assert_int_equal(req_check_query("/"), 0);
	assert_int_equal(req_check_query("/lookup?code=000.00.01.H34-250312-0001&check=123456"), 0);
	assert_int_equal(req_check_query("/x?a=1&b=2&c=3&d=4"), 0);
	assert_int_equal(req_check_query("/x?a=1&b=2&c=3&d=4&e=5"), 400);
	assert_int_equal(req_check_query("/x?&&&&"), 400);
	/* The longest query a route takes still passes. */
	memcpy(buf, "/x?", 3);
	memset(buf + 3, 'a', REQ_QUERY_MAX);
	buf[3 + REQ_QUERY_MAX] = '\0';
	assert_int_equal(req_check_query(buf), 0);
	buf[3 + REQ_QUERY_MAX] = 'a';
	buf[4 + REQ_QUERY_MAX] = '\0';
	assert_int_equal(req_check_query(buf), 414);
	/* ~300 arguments, 2 KB: refused on its length. */
	n = 3;
	for (int i = 0; i < 300 && n < sizeof buf - 16; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "a%d=%d&", i, i);
	assert_int_equal(req_check_query(buf), 414);
}

/* Each row of the route table names itself, and its flags say which
 * answers are JSON and which need the snapshot. */
static void
test_route_rows(void **state)
{
	(void)state;
	for (int i = 0; i < R_COUNT; i++) {
		const char *name = route_name((enum route)i);
		assert_string_not_equal(name, "?");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(name, route_name((enum route)j));
		/* Every /api/ path answers JSON, errors included. */
		if (strncmp(name, "/api/", 5) == 0)
			assert_true(route_is_api((enum route)i));
	}
	assert_true(route_is_api(R_HEALTHZ) && route_is_api(R_METRICS));
	assert_false(route_is_api(R_HOME) || route_is_api(R_TOKEN) || route_is_api(R_NONE));
	assert_true(route_needs_snapshot(R_TOKEN_PATH) && route_needs_snapshot(R_API_PROCS));
	assert_false(route_needs_snapshot(R_STATIC) || route_needs_snapshot(R_HEALTHZ) ||
	             route_needs_snapshot(R_API_CONFIG) || route_needs_snapshot(R_BAD));
	assert_string_equal(route_name(R_COUNT), "?");
}

static void
test_routes(void **state)
{
	static const struct {
		const char *path;
		enum route want;
		const char *param;
	} cases[] = {
	    {"/", R_HOME, ""},
	    {"/lookup", R_LOOKUP, ""},
	    {"/d/Tk1aaaaaaaaaaaaaaaaaaa", R_TOKEN, "Tk1aaaaaaaaaaaaaaaaaaa"},
	    {"/d/Tk/Tk1aaaaaaaaaaaaaaaaaaa.html", R_TOKEN_PATH, "Tk1aaaaaaaaaaaaaaaaaaa"},
	    {"/d/XX/Tk1aaaaaaaaaaaaaaaaaaa.html", R_NONE, ""}, /* wrong shard */
	    {"/d/Tk/Tk1aaaaaaaaaaaaaaaaaaa.htm", R_NONE, ""},
	    {"/d/short", R_TOKEN, ""}, /* answered as unknown */
	    {"/d/Tk1aaaaaaaaaaaaaaaaaaa/x", R_NONE, ""},
	    {"/api/dossier/Tk1aaaaaaaaaaaaaaaaaaa", R_API_DOSSIER, "Tk1aaaaaaaaaaaaaaaaaaa"},
	    {"/procedures", R_PROCS, ""},
	    {"/procedures/1.001612", R_PROC, "1.001612"},
	    {"/procedures/12.001612", R_PROC, "12.001612"},
	    {"/procedures/1.00161", R_NONE, ""},
	    {"/api/procedures/1.001612", R_API_PROC, "1.001612"},
	    {"/api/estimate", R_API_ESTIMATE, ""},
	    {"/board", R_BOARD, ""},
	    {"/healthz", R_HEALTHZ, ""},
	    {"/metrics", R_METRICS, ""},
	    {"/api/rating/Tk1aaaaaaaaaaaaaaaaaaa", R_API_RATING, "Tk1aaaaaaaaaaaaaaaaaaa"},
	    {"/api/rate/Tk1aaaaaaaaaaaaaaaaaaa", R_API_RATE, "Tk1aaaaaaaaaaaaaaaaaaa"},
	    {"/api/rate/short", R_API_RATE, ""}, /* answered as unknown */
	    {"/nothing", R_NONE, ""},
	};
	struct statics files = {0};
	const struct static_file *f;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct req r = {0};
		assert_int_equal(req_set_path(&r, cases[i].path), 0);
		enum route got = route_find(&r, &files, &f);
		if (got != cases[i].want)
			fail_msg("'%s': want route %d, got %d", cases[i].path, cases[i].want, got);
		assert_string_equal(r.param, cases[i].param);
		/* Log names never carry the parameter. */
		assert_null(strstr(route_name(got), "Tk1a"));
	}
}

static void
test_log_redaction(void **state)
{
	char buf[128];

	(void)state;
	alog_clean("dossier Tk1aaaaaaaaaaaaaaaaaaa: bad \"event\"\n", buf, sizeof buf);
	assert_string_equal(buf, "dossier <redacted>: bad event");
	alog_clean("000.00.01.H34-250312-0001", buf, sizeof buf);
	assert_string_equal(buf, "000.00.01.H34-250312-0001");
	alog_clean("Tk1aaaaaaaaaaaaaaaaaaa", buf, 8);
	assert_true(strlen(buf) < 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paths),         cmocka_unit_test(test_path_length),
	    cmocka_unit_test(test_args),          cmocka_unit_test(test_unescape),
	    cmocka_unit_test(test_routes),        cmocka_unit_test(test_rating_request),
	    cmocka_unit_test(test_route_rows),    cmocka_unit_test(test_check_query),
	    cmocka_unit_test(test_log_redaction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
