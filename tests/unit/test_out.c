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
	/* replacements and drops at either end of a run and back to back */
	{"<a>&<b>", "&lt;a&gt;&amp;&lt;b&gt;"},
	{"\x01x\x02", "x"},
	{"\xC2\x80\xC2\x85", ""},
	{"x\xffy\xfe", "x\xEF\xBF\xBDy\xEF\xBF\xBD"},
	{"\xC3\xA0<\xC3\xA0", "\xC3\xA0&lt;\xC3\xA0"},
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
	{"/a/", "%2Fa%2F"},
	{"a//b", "a%2F%2Fb"},
	{"", ""},
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
	{"\"\"", "\"\\\"\\\"\""},
	{"\x01" "a\x7f", "\"a\""},
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
	{"\"", "\"\"\"\""},
	{"a\"\"b", "\"a\"\"\"\"b\""},
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
	assert_int_equal(out_int(f, 7), -1);
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
	{".5", ",5"}, {"1.", "1,"}, {"1.2.3", "1,2,3"}, {"", ""},
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

/* The escapers write runs of plain bytes with one fwrite each; this is
 * the byte-at-a-time writer they replaced, kept as the oracle: for every
 * byte, a replacement, nothing (a control) or the byte (or valid UTF-8
 * sequence) itself. */
static size_t
ref_utf8(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

static const char *
ref_esc(int ctx, unsigned char c)
{
	switch (ctx) {
	case 0: /* HTML text */
		return c == '&'    ? "&amp;"
		       : c == '<'  ? "&lt;"
		       : c == '>'  ? "&gt;"
		       : c == '"'  ? "&quot;"
		       : c == '\'' ? "&#39;"
		                   : NULL;
	case 1: /* JSON */
		return c == '"'    ? "\\\""
		       : c == '\\' ? "\\\\"
		       : c == '\n' ? "\\n"
		       : c == '\r' ? "\\r"
		       : c == '\t' ? "\\t"
		       : c == '<'  ? "\\u003c"
		       : c == '>'  ? "\\u003e"
		       : c == '&'  ? "\\u0026"
		                   : NULL;
	default: /* CSV, inside the quotes */
		return c == '"' ? "\"\"" : NULL;
	}
}

static void
ref_write(FILE *f, int ctx, const unsigned char *p, size_t len)
{
	for (size_t i = 0, n; i < len; i += n) {
		n = 1;
		if (p[i] < 0x80) {
			if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r') ||
			    p[i] == 0x7F)
				continue;
			if (ref_esc(ctx, p[i]))
				fputs(ref_esc(ctx, p[i]), f);
			else
				putc(p[i], f);
		} else if ((n = ref_utf8(p + i, len - i)) == 0) {
			fputs("\xEF\xBF\xBD", f);
			n = 1;
		} else if (!(n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)) {
			fwrite(p + i, 1, n, f);
		}
	}
}

/* Many strings drawn from bytes that matter to some escaper, each written
 * by out_text, out_json and out_csv and by the oracle. */
static void
test_escape_runs(void **state)
{
	static const unsigned char alpha[] = {'a',  'Z',  ' ',  '&',  '<',  '>',  '"',  '\'',
	                                      '\\', '\t', 0x01, 0x7F, 0xC2, 0x85, 0xA0, 0xC3,
	                                      0xE1, 0xBB, 0x99, 0xFF, 0xED, 0xF0, 0x9F, 0x80};
	unsigned seed = 12345;

	(void)state;
	for (int round = 0; round < 4000; round++) {
		unsigned char in[24];
		size_t n = (size_t)(round % 23) + 1;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			in[i] = alpha[(seed >> 16) % sizeof alpha];
		}
		in[n] = '\0';
		for (int ctx = 0; ctx < 3; ctx++) {
			char *got = NULL, *want = NULL;
			size_t glen = 0, wlen = 0;
			FILE *g = open_memstream(&got, &glen), *w = open_memstream(&want, &wlen);

			assert_non_null(g);
			assert_non_null(w);
			if (ctx == 0) {
				assert_int_equal(out_text(g, (const char *)in), 0);
			} else if (ctx == 1) {
				assert_int_equal(out_json(g, (const char *)in), 0);
				putc('"', w);
			} else {
				/* Quoted for a '"' or a formula (here: a TAB first once
				 * the dropped controls are skipped), with an apostrophe
				 * for the formula. */
				const unsigned char *p = in;
				int formula, quote;

				while (*p == 0x01 || *p == 0x7F ||
				       (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0))
					p += *p == 0xC2 ? 2 : 1;
				formula = *p == '\t';
				quote = formula || strchr((const char *)in, '"');
				assert_int_equal(out_csv(g, (const char *)in), 0);
				if (quote)
					putc('"', w);
				if (formula)
					putc('\'', w);
				ref_write(w, ctx, in, n);
				if (quote)
					putc('"', w);
			}
			if (ctx < 2)
				ref_write(w, ctx, in, n);
			if (ctx == 1)
				putc('"', w);
			assert_int_equal(fclose(g), 0);
			assert_int_equal(fclose(w), 0);
			if (glen != wlen || memcmp(got, want, glen) != 0)
				fail_msg("round %d context %d: got '%s', want '%s'", round, ctx,
				         got, want);
			free(got);
			free(want);
		}
	}
}

/* out_int writes what printf's %lld writes, at the edges too. */
static void
test_int(void **state)
{
	static const long long cases[] = {0,         1,         -1,        9,         10,
	                                  -10,       99,        100,       12345,     -987654321,
	                                  INT64_MAX, INT64_MIN, INT32_MAX, INT32_MIN, 1000000};
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		char want[32], got[OUT_INT_LEN], *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		assert_non_null(f);
		snprintf(want, sizeof want, "%lld", cases[i]);
		assert_string_equal(out_int_str(got, cases[i]), want);
		assert_int_equal(out_int(f, cases[i]), 0);
		assert_int_equal(fclose(f), 0);
		assert_string_equal(buf, want);
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

/* memopen: what was written, in order, NUL-terminated, across stdio's
 * buffer (16 KB) and the first allocation; nothing written gives "". */
static void
test_memopen(void **state)
{
	char *buf, *want = malloc(100001);
	size_t len, n = 0;
	FILE *f;

	(void)state;
	assert_non_null(want);
	assert_non_null(f = out_memopen(&buf, &len));
	assert_int_equal(fclose(f), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);

	assert_non_null(f = out_memopen(&buf, &len));
	for (int i = 0; n < 90000; i++) {
		int w = snprintf(want + n, 100001 - n, "<p>%d &amp; Hồ sơ</p>\n", i);
		assert_true(fprintf(f, "<p>%d ", i) > 0);
		assert_int_equal(out_text(f, "& Hồ sơ"), 0);
		assert_int_not_equal(fputs("</p>\n", f), EOF);
		n += (size_t)w;
	}
	fwrite("x", 1, 1, f);
	want[n++] = 'x';
	want[n] = '\0';
	assert_int_equal(fclose(f), 0);
	assert_int_equal(len, n);
	assert_memory_equal(buf, want, n + 1);
	free(buf);
	free(want);
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
	    cmocka_unit_test(test_grouped),      cmocka_unit_test(test_escape_runs),
	    cmocka_unit_test(test_int),          cmocka_unit_test(test_memopen),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
