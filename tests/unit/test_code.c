/*
 * Unit tests for core/domain/code.c: agency codes, dossier codes, their canonical
 * text, kiosk input normalisation and national procedure codes.
 *
 * Table-driven golden cases (after jq's tests/jq.test): each row is an input
 * and what must come out, worked out by hand from the shapes in code.h and
 * of the national formats ('XXX.YY.ZZ.Hnn', 'AGENCY-YYMMDD-NNNN').
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "code.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- code_agency_valid -------------------------------------------------- */

struct agency_case {
	const char *s;
	bool valid;
};

/* clang-format off */
static const struct agency_case agency_cases[] = {
	{"000.00.01.H34", true},  /* a well-formed agency code */
	{"123.45.67.H55", true},
	{"A00.B1.C2.K01", true},  /* groups may hold capitals */
	{"ZZZ.ZZ.ZZ.Z99", true},
	{"999.99.99.A00", true},
	{"000.00.01.H3", false},   /* 12 characters */
	{"000.00.01.H345", false}, /* 14 characters */
	{"00.00.01.H34", false},   /* first group of 2 */
	{"0000.0.01.H34", false},  /* groups 4, 1 */
	{"", false},
	{"000.00.01.h34", false},  /* lower-case province letter */
	{"a00.00.01.H34", false},  /* lower case in a group */
	{"000.b0.01.H34", false},
	{"000000001H34x", false},  /* 13 characters, no dots */
	{"000.00.01-H34", false},  /* dash for the last dot */
	{"000-00-01-H34", false},
	{"000.00.01.H3A", false},  /* letter in the digits of 'Hnn' */
	{"000.00.01.HA4", false},
	{"000.00.01.034", false},  /* digit where the letter goes */
	{"000.00.01..34", false},
	{"000.00.0 .H34", false},  /* space in a group */
	{"000.00.01.H\xC4\x90", false}, /* 'Đ' (2 bytes) where the digits go */
	{"00\xC4\x90.00.01.H3", false}, /* 13 bytes with a non-ASCII letter */
	{"000.00.01.H3-", false},
	{"-00.00.01.H34", false},
};
/* clang-format on */

static void
test_agency_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(agency_cases); i++) {
		const struct agency_case *c = &agency_cases[i];
		bool got = code_agency_valid(c->s, strlen(c->s));
		if (got != c->valid)
			fail_msg("code_agency_valid(\"%s\") = %d, want %d", c->s, got, c->valid);
	}
}

/* LEN, not the NUL, bounds the code: a valid prefix of a longer buffer is
 * valid at length 13 and not at other lengths. */
static void
test_agency_valid_uses_len(void **state)
{
	const char *s = "000.00.01.H34-250312-0042";

	(void)state;
	assert_true(code_agency_valid(s, 13));
	assert_false(code_agency_valid(s, 12));
	assert_false(code_agency_valid(s, 14));
	assert_false(code_agency_valid(s, 25));
	/* A NUL inside the 13 bytes. */
	assert_false(code_agency_valid("000.00\0001.H34", 13));
}

/* ---- code_parse --------------------------------------------------------- */

struct parse_ok_case {
	const char *s;
	const char *agency;
	int year, month, mday, seq;
};

/* clang-format off */
static const struct parse_ok_case parse_ok_cases[] = {
	{"000.00.01.H34-250312-0042", "000.00.01.H34", 2025, 3, 12, 42},
	{"123.45.67.H55-000101-0001", "123.45.67.H55", 2000, 1, 1, 1},
	{"A00.B1.C2.K01-991231-9999", "A00.B1.C2.K01", 2099, 12, 31, 9999},
	{"000.00.01.H34-240229-0007", "000.00.01.H34", 2024, 2, 29, 7}, /* leap */
	{"000.00.01.H34-000229-0007", "000.00.01.H34", 2000, 2, 29, 7}, /* 2000: /400 */
	{"000.00.01.H34-250228-0100", "000.00.01.H34", 2025, 2, 28, 100},
	{"000.00.01.H34-250430-1000", "000.00.01.H34", 2025, 4, 30, 1000},
	{"000.00.01.H34-250131-0010", "000.00.01.H34", 2025, 1, 31, 10},
};
/* clang-format on */

static void
test_parse_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(parse_ok_cases); i++) {
		const struct parse_ok_case *c = &parse_ok_cases[i];
		struct dossier_code d;
		struct err e = {{0}};

		memset(&d, 0x7F, sizeof d);
		if (code_parse(c->s, strlen(c->s), &d, &e) != 0)
			fail_msg("code_parse(\"%s\") failed: %s", c->s, e.msg);
		assert_string_equal(d.agency, c->agency);
		assert_int_equal(d.year, c->year);
		assert_int_equal(d.month, c->month);
		assert_int_equal(d.mday, c->mday);
		assert_int_equal(d.seq, c->seq);
	}
}

/* Malformed codes: LEN is the byte count passed (0 means strlen), WHY a word
 * the error message must contain, so that the reason given is the right one. */
struct parse_bad_case {
	const char *s;
	size_t len;
	const char *why;
};

/* clang-format off */
static const struct parse_bad_case parse_bad_cases[] = {
	/* length */
	{"", 0, "25"},
	{"000.00.01.H34-250312-004", 0, "25"},
	{"000.00.01.H34-250312-00420", 0, "25"},
	{"000.00.01.H34-250312-0042 ", 0, "25"},  /* trailing space */
	{" 000.00.01.H34-250312-0042", 0, "25"},  /* leading space */
	{"000.00.01.H34-250312-0042x", 0, "25"},  /* trailing garbage */
	{"000.00.01.H34-250312-0042\n", 0, "25"},
	{"000.00.01.H34 250312 0042", 0, "AGENCY-YYMMDD-NNNN"},
	/* agency part */
	{"000.00.01.h34-250312-0042", 0, "agency"}, /* lower case */
	{"000.00.01.H3A-250312-0042", 0, "agency"},
	{"000.00.01H34.-250312-0042", 0, "agency"}, /* dot moved */
	{"000 00 01 H34-250312-0042", 0, "agency"}, /* spaces for dots */
	{"0000.0.01.H34-250312-0042", 0, "agency"},
	{" 00.00.01.H34-250312-0042", 0, "agency"}, /* 25 long, leading space */
	/* separators */
	{"000.00.01.H34250312-00421", 0, "AGENCY-YYMMDD-NNNN"}, /* missing first dash */
	{"000.00.01.H34-2503120042-", 0, "AGENCY-YYMMDD-NNNN"}, /* dash moved */
	{"000.00.01.H34_250312_0042", 0, "AGENCY-YYMMDD-NNNN"},
	/* date part */
	{"000.00.01.H34-25O312-0042", 0, "date"},   /* letter O for zero */
	{"000.00.01.H34-2503 2-0042", 0, "date"},
	{"000.00.01.H34-+50312-0042", 0, "date"},
	{"000.00.01.H34-250012-0042", 0, "date"},   /* month 00 */
	{"000.00.01.H34-251312-0042", 0, "date"},   /* month 13 */
	{"000.00.01.H34-250332-0042", 0, "date"},   /* day 32 */
	{"000.00.01.H34-250300-0042", 0, "date"},   /* day 00 */
	{"000.00.01.H34-250431-0042", 0, "date"},   /* 31 April */
	{"000.00.01.H34-250229-0042", 0, "date"},   /* 29 Feb 2025, not leap */
	{"000.00.01.H34-240230-0042", 0, "date"},   /* 30 Feb even in a leap year */
	{"000.00.01.H34-999999-0042", 0, "date"},
	/* sequence */
	{"000.00.01.H34-250312-0000", 0, "0000"},
	{"000.00.01.H34-250312-004a", 0, "sequence"},
	{"000.00.01.H34-250312--042", 0, "sequence"},
	{"000.00.01.H34-250312-0 42", 0, "sequence"},
	{"000.00.01.H34-250312-+042", 0, "sequence"},
	/* a NUL in the middle, counted in LEN */
	{"000.00.01.H34-2503\0002-0042", 25, "date"},
	{"000.00.01.H34-250312-00\0002", 25, "sequence"},
	{"000.00\0001.H34-250312-0042", 25, "agency"},
	{"000.00.01.H34\000250312-0042", 25, "AGENCY-YYMMDD-NNNN"},
	/* the NUL-terminated prefix alone is too short */
	{"000.00.01.H34-250312-0042\0", 26, "25"},
};
/* clang-format on */

static void
test_parse_malformed_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(parse_bad_cases); i++) {
		const struct parse_bad_case *c = &parse_bad_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		struct dossier_code d;
		struct err e = {{0}};

		if (code_parse(c->s, len, &d, &e) != -1)
			fail_msg("case %zu: code_parse(\"%.*s\") accepted a malformed code", i,
			         (int)len, c->s);
		if (e.msg[0] == '\0' || !strstr(e.msg, c->why))
			fail_msg("case %zu: code_parse(\"%s\"): message \"%s\" does not say \"%s\"",
			         i, c->s, e.msg, c->why);
	}
}

/* The code need not be NUL-terminated: LEN bounds it. */
static void
test_parse_unterminated_buffer(void **state)
{
	char buf[25];
	struct dossier_code d;

	(void)state;
	memcpy(buf, "000.00.01.H34-250312-0042", 25);
	assert_int_equal(code_parse(buf, sizeof buf, &d, NULL), 0);
	assert_string_equal(d.agency, "000.00.01.H34");
	assert_int_equal(d.seq, 42);
}

static void
test_parse_null_err(void **state)
{
	struct dossier_code d;

	(void)state;
	assert_int_equal(code_parse("000.00.01.H34-251312-0042", 25, &d, NULL), -1);
	assert_int_equal(code_parse("short", 5, &d, NULL), -1);
}

/* ---- code_format -------------------------------------------------------- */

static void
test_format_round_trip(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(parse_ok_cases); i++) {
		const char *s = parse_ok_cases[i].s;
		struct dossier_code d;
		char buf[CODE_DOSSIER_LEN + 1];

		assert_int_equal(code_parse(s, strlen(s), &d, NULL), 0);
		memset(buf, 'Z', sizeof buf);
		assert_int_equal(code_format(&d, buf), 0);
		assert_string_equal(buf, s);
	}
}

static void
test_format_fields(void **state)
{
	struct dossier_code d = {"123.45.67.H55", 2007, 8, 9, 5};
	char buf[CODE_DOSSIER_LEN + 1];
	struct dossier_code back;

	(void)state;
	assert_int_equal(code_format(&d, buf), 0);
	assert_string_equal(buf, "123.45.67.H55-070809-0005");
	assert_int_equal(strlen(buf), CODE_DOSSIER_LEN);
	assert_int_equal(code_parse(buf, strlen(buf), &back, NULL), 0);
	assert_string_equal(back.agency, d.agency);
	assert_int_equal(back.year, d.year);
	assert_int_equal(back.month, d.month);
	assert_int_equal(back.mday, d.mday);
	assert_int_equal(back.seq, d.seq);
}

struct format_bad_case {
	struct dossier_code d;
	const char *why;
};

/* clang-format off */
static const struct format_bad_case format_bad_cases[] = {
	{{"000.00.01.H34", 1999, 3, 12, 42}, "year 1999"},
	{{"000.00.01.H34", 2100, 3, 12, 42}, "year 2100"},
	{{"000.00.01.H34", -25, 3, 12, 42}, "negative year"},
	{{"000.00.01.H34", 2025, 0, 12, 42}, "month 0"},
	{{"000.00.01.H34", 2025, 13, 12, 42}, "month 13"},
	{{"000.00.01.H34", 2025, -1, 12, 42}, "month -1"},
	{{"000.00.01.H34", 2025, 3, 0, 42}, "day 0"},
	{{"000.00.01.H34", 2025, 3, 32, 42}, "day 32"},
	{{"000.00.01.H34", 2025, 2, 29, 42}, "29 Feb 2025"},
	{{"000.00.01.H34", 2025, 6, 31, 42}, "31 June"},
	{{"000.00.01.H34", 2025, 3, 12, 0}, "sequence 0"},
	{{"000.00.01.H34", 2025, 3, 12, 10000}, "sequence 10000"},
	{{"000.00.01.H34", 2025, 3, 12, -1}, "sequence -1"},
	{{"000.00.01.h34", 2025, 3, 12, 42}, "lower-case agency"},
	{{"000.00.01.H3", 2025, 3, 12, 42}, "short agency"},
	{{"", 2025, 3, 12, 42}, "empty agency"},
};
/* clang-format on */

static void
test_format_rejects_out_of_range(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(format_bad_cases); i++) {
		char buf[CODE_DOSSIER_LEN + 1];

		if (code_format(&format_bad_cases[i].d, buf) != -1)
			fail_msg("code_format accepted %s", format_bad_cases[i].why);
	}
}

/* ---- code_normalise ----------------------------------------------------- */

struct norm_case {
	const char *in;
	const char *out;
};

/* clang-format off */
static const struct norm_case norm_cases[] = {
	{"000.00.01.H34-250312-0042", "000.00.01.H34-250312-0042"},
	{"000.00.01.h34-250312-0042", "000.00.01.H34-250312-0042"},
	{"  000.00.01.h34-250312-0042  ", "000.00.01.H34-250312-0042"},
	{"\t000.00.01.H34-250312-0042\n", "000.00.01.H34-250312-0042"},
	{"\r\n 000.00.01.H34-250312-0042\r\n", "000.00.01.H34-250312-0042"},
	{"a00.b1.c2.k01-991231-9999", "A00.B1.C2.K01-991231-9999"},
	{"abcxyz", "ABCXYZ"},
	{"", ""},
	{" \t\n ", ""},
	{"a b", "A B"},               /* inner space kept: the parser rejects it */
	{" ủy ban ", "\xE1\xBB\xA7Y BAN"}, /* non-ASCII bytes untouched */
};
/* clang-format on */

static void
test_normalise_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(norm_cases); i++) {
		char buf[64];
		int n = code_normalise(norm_cases[i].in, buf, sizeof buf);

		if (n < 0)
			fail_msg("code_normalise(\"%s\") failed", norm_cases[i].in);
		assert_string_equal(buf, norm_cases[i].out);
		assert_int_equal(n, strlen(norm_cases[i].out));
	}
}

/* A normalised kiosk entry parses. */
static void
test_normalise_then_parse(void **state)
{
	char buf[CODE_DOSSIER_LEN + 1];
	struct dossier_code d;
	int n;

	(void)state;
	n = code_normalise("  000.00.01.h34-240229-0007\r\n", buf, sizeof buf);
	assert_int_equal(n, CODE_DOSSIER_LEN);
	assert_int_equal(code_parse(buf, (size_t)n, &d, NULL), 0);
	assert_int_equal(d.year, 2024);
	assert_int_equal(d.seq, 7);
}

/* Exactly enough room fits; one byte less is an error, not a cut. */
static void
test_normalise_too_small(void **state)
{
	const char *in = "  000.00.01.h34-250312-0042 ";
	char buf[CODE_DOSSIER_LEN + 1];

	(void)state;
	assert_int_equal(code_normalise(in, buf, CODE_DOSSIER_LEN + 1), CODE_DOSSIER_LEN);
	assert_string_equal(buf, "000.00.01.H34-250312-0042");
	assert_int_equal(code_normalise(in, buf, CODE_DOSSIER_LEN), -1);
	assert_int_equal(code_normalise(in, buf, 1), -1);
	assert_int_equal(code_normalise(in, buf, 0), -1);
	/* The empty result needs one byte for the NUL. */
	assert_int_equal(code_normalise("  ", buf, 1), 0);
	assert_string_equal(buf, "");
	assert_int_equal(code_normalise("  ", buf, 0), -1);
}

/* ---- code_procedure_valid ----------------------------------------------- */

struct proc_case {
	const char *s;
	bool valid;
};

/* clang-format off */
static const struct proc_case proc_cases[] = {
	{"1.001612", true},
	{"2.000123", true},
	{"12.345678", true},
	{"0.000000", true},
	{"123.456789", false}, /* three digits before the dot */
	{".001612", false},
	{"1.00161", false},
	{"1.0016123", false},
	{"1001612", false},
	{"1,001612", false},
	{"1.00161a", false},
	{"a.001612", false},
	{"1..001612", false},
	{"1.001.612", false},
	{"1.001612 ", false},
	{" 1.001612", false},
	{"1.", false},
	{"1", false},
	{"", false},
	{"-1.001612", false},
};
/* clang-format on */

static void
test_procedure_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(proc_cases); i++) {
		bool got = code_procedure_valid(proc_cases[i].s);
		if (got != proc_cases[i].valid)
			fail_msg("code_procedure_valid(\"%s\") = %d, want %d", proc_cases[i].s, got,
			         proc_cases[i].valid);
	}
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agency_valid_table),
		cmocka_unit_test(test_agency_valid_uses_len),
		cmocka_unit_test(test_parse_valid_table),
		cmocka_unit_test(test_parse_malformed_table),
		cmocka_unit_test(test_parse_unterminated_buffer),
		cmocka_unit_test(test_parse_null_err),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_fields),
		cmocka_unit_test(test_format_rejects_out_of_range),
		cmocka_unit_test(test_normalise_table),
		cmocka_unit_test(test_normalise_then_parse),
		cmocka_unit_test(test_normalise_too_small),
		cmocka_unit_test(test_procedure_valid_table),
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("code", tests, NULL, NULL);
}
