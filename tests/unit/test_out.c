/*
 * Unit tests for core/presentation/out.c: one escaper per output context.  Golden cases
 * (input, exact output) worked out by hand from out.h's contracts, each
 * written through a memory stream exactly as a renderer writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct gold {
	const char *in, *out;
};

/* Run FN over IN and compare with OUT. */
static void
check(int (*fn)(FILE *, const char *), const struct gold *g, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		assert_int_equal(fn(f, g[i].in), 0);
		assert_int_equal(fclose(f), 0);
		if (strcmp(buf, g[i].out) != 0)
			fail_msg("case %zu: '%s' gave '%s', expected '%s'", i,
			         g[i].in ? g[i].in : "(null)", buf, g[i].out);
		free(buf);
	}
}

/* clang-format off */
static const struct gold text_cases[] = {
	{"plain", "plain"},
	{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
	{"a & b", "a &amp; b"},
	{"\"q\" 'a'", "&quot;q&quot; &#39;a&#39;"},
	{"&amp;", "&amp;amp;"},                      /* no double-decoding shortcut */
	{"Nguyễn Văn An", "Nguyễn Văn An"},          /* UTF-8 passes */
	{"a\x01" "b\x7f", "ab"},                     /* C0 controls and DEL dropped */
	{"c1\xC2\x85x\xC2\xA0", "c1x\xC2\xA0"},         /* C1 dropped, NBSP kept */
	{"tab\there\nline", "tab\there\nline"},      /* TAB, LF kept */
	{"bad \xff byte", "bad \xEF\xBF\xBD byte"},  /* invalid byte -> U+FFFD */
	{"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},    /* overlong '/' */
	{"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* surrogate */
	{"cut \xE1\xBB", "cut \xEF\xBF\xBD\xEF\xBF\xBD"}, /* truncated sequence */
	{"", ""},
	{NULL, ""},
};
static const struct gold attr_cases[] = {
	{"x\" onmouseover=\"alert(1)", "x&quot; onmouseover=&quot;alert(1)"},
	{"it's", "it&#39;s"},
	{"<>&", "&lt;&gt;&amp;"},
	{"Đăk Hà", "Đăk Hà"},
};
static const struct gold url_cases[] = {
	{"000.00.01.H34", "000.00.01.H34"},
	{"a b/c?d=e&f#g", "a%20b%2Fc%3Fd%3De%26f%23g"},
	{"\"><script>", "%22%3E%3Cscript%3E"},
	{"Hà Nội", "H%C3%A0%20N%E1%BB%99i"},
	{"-._~", "-._~"},
	{"%", "%25"},
	{NULL, ""},
};
static const struct gold json_cases[] = {
	{"plain", "\"plain\""},
	{"say \"hi\"\\", "\"say \\\"hi\\\"\\\\\""},
	{"</script><!--", "\"\\u003c/script\\u003e\\u003c!--\""},
	{"a&b", "\"a\\u0026b\""},
	{"l1\nl2\r\t", "\"l1\\nl2\\r\\t\""},
	{"bell\x07", "\"bell\""},
	{"Tiếng Việt", "\"Tiếng Việt\""},
	{"\xff", "\"\xEF\xBF\xBD\""},
	{NULL, "\"\""},
};
static const struct gold csv_cases[] = {
	{"plain", "plain"},
	{"a,b", "\"a,b\""},
	{"say \"hi\"", "\"say \"\"hi\"\"\""},
	{"two\nlines", "\"two\nlines\""},
	{"=SUM(A1:A9)", "\"'=SUM(A1:A9)\""},   /* formula injection defused */
	{"+cmd", "\"'+cmd\""},
	{"@x", "\"'@x\""},
	{"-5", "-5"},                           /* a negative number stays data */
	{"-x", "\"'-x\""},
	{"Hồ sơ", "Hồ sơ"},
	{"", ""},
};
static const struct gold svg_cases[] = {
	{"<tspan>", "&lt;tspan&gt;"},
	{"A&B \"c\"", "A&amp;B &quot;c&quot;"},
};
/* clang-format on */

static void
test_text(void **s)
{
	(void)s;
	check(out_text, text_cases, ARRAY_LEN(text_cases));
}
static void
test_attr(void **s)
{
	(void)s;
	check(out_attr, attr_cases, ARRAY_LEN(attr_cases));
}
static void
test_url(void **s)
{
	(void)s;
	check(out_url, url_cases, ARRAY_LEN(url_cases));
}
static void
test_json(void **s)
{
	(void)s;
	check(out_json, json_cases, ARRAY_LEN(json_cases));
}
static void
test_csv(void **s)
{
	(void)s;
	check(out_csv, csv_cases, ARRAY_LEN(csv_cases));
}
static void
test_svg(void **s)
{
	(void)s;
	check(out_svg, svg_cases, ARRAY_LEN(svg_cases));
}

/* out_textn stops at LEN even inside a multibyte character. */
static void
test_textn(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	(void)state;
	assert_int_equal(out_textn(f, "<ab>", 2), 0);
	assert_int_equal(out_textn(f, "\xC3\xA0x", 1), 0); /* half of 'à' */
	assert_int_equal(fclose(f), 0);
	assert_string_equal(buf, "&lt;a\xEF\xBF\xBD");
	free(buf);
}

/* A write error is reported, not ignored. */
static void
test_write_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(out_text(f, "x"), -1);
	assert_int_equal(out_json(f, "x"), -1);
	assert_int_equal(out_url(f, "x"), -1);
	assert_int_equal(out_printf(f, "%d", 1), -1);
	fclose(f);
}

/* The reader's forms: a date or instant in each language, a number with
 * the Vietnamese decimal comma, a quantity with its plural. */
static int
vi_date(FILE *f, const char *s)
{
	return out_date(f, LANG_VI, s);
}
static int
en_date(FILE *f, const char *s)
{
	return out_date(f, LANG_EN, s);
}
static int
vi_num(FILE *f, const char *s)
{
	return out_num(f, LANG_VI, s);
}
static int
en_num(FILE *f, const char *s)
{
	return out_num(f, LANG_EN, s);
}

/* clang-format off */
static const struct gold vi_date_cases[] = {
	{"2026-12-02 04:12", "02/12/2026 04:12"},
	{"2025-07-01", "01/07/2025"},
	{"", ""},
	{"soon & <later>", "soon &amp; &lt;later&gt;"}, /* not a date: text, escaped */
	{"2025-13-01", "2025-13-01"},                   /* no month 13 */
	{"2025-07-01T04:12", "2025-07-01T04:12"},
};
static const struct gold en_date_cases[] = {
	{"2026-12-02 04:12", "2 Dec 2026 04:12"},
	{"2025-07-01", "1 Jul 2025"},
	{"2019-12-31", "31 Dec 2019"},
};
static const struct gold vi_num_cases[] = {
	{"0.5", "0,5"}, {"100.0", "100,0"}, {"-12.25", "-12,25"}, {"42", "42"},
};
static const struct gold en_num_cases[] = {
	{"0.5", "0.5"}, {"100.0", "100.0"},
};
/* clang-format on */

static void
test_reader_forms(void **state)
{
	(void)state;
	check(vi_date, vi_date_cases, ARRAY_LEN(vi_date_cases));
	check(en_date, en_date_cases, ARRAY_LEN(en_date_cases));
	check(vi_num, vi_num_cases, ARRAY_LEN(vi_num_cases));
	check(en_num, en_num_cases, ARRAY_LEN(en_num_cases));
}

static void
test_quantity(void **state)
{
	static const struct {
		enum lang l;
		double v;
		int decimals;
		const char *want;
	} cases[] = {
	    {LANG_EN, 1, -1, "1 working hour"},     {LANG_EN, 0.5, -1, "0.5 working hours"},
	    {LANG_EN, 4, -1, "4 working hours"},    {LANG_EN, 1, 1, "1.0 working hours"},
	    {LANG_VI, 1.5, -1, "1,5 giờ làm việc"}, {LANG_VI, 1, -1, "1 giờ làm việc"},
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		assert_int_equal(
		    out_quantity(f, cases[i].l, cases[i].v, cases[i].decimals, M_HOUR, M_HOURS), 0);
		assert_int_equal(fclose(f), 0);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, buf, cases[i].want);
		free(buf);
	}
}

/* Fees in đồng: thousands grouped by the language's mark. */
static void
test_grouped(void **state)
{
	static const struct {
		enum lang l;
		long long v;
		const char *want;
	} cases[] = {
	    {LANG_VI, 0, "0"},
	    {LANG_VI, 999, "999"},
	    {LANG_VI, 1000, "1.000"},
	    {LANG_VI, 135000, "135.000"},
	    {LANG_EN, 135000, "135,000"},
	    {LANG_VI, -1234567, "-1.234.567"},
	    {LANG_EN, 100000, "100,000"},
	};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		assert_non_null(f);
		assert_int_equal(out_grouped(f, cases[i].l, cases[i].v), 0);
		assert_int_equal(fclose(f), 0);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("case %zu: '%s', expected '%s'", i, buf, cases[i].want);
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text),         cmocka_unit_test(test_attr),
	    cmocka_unit_test(test_url),          cmocka_unit_test(test_json),
	    cmocka_unit_test(test_csv),          cmocka_unit_test(test_svg),
	    cmocka_unit_test(test_textn),        cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_reader_forms), cmocka_unit_test(test_quantity),
	    cmocka_unit_test(test_grouped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
