/*
 * Unit tests for core/storage/csv.c, table-driven after jq's tests/jq.test: each
 * case is an input file and the golden text of what the reader returns.
 *
 * The golden text has one line per record, "LINE:field|field|...", where
 * LINE is the physical line the record starts on and the fields are shown
 * with \n, \r, \| and \\ escaped.  A reader error ends the text with
 * "!MESSAGE", where MESSAGE is a prefix the error must start with (it names
 * the line).  Inputs go through fmemopen(), as a file would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Append the escaped field S to OUT (a memstream). */
static void
put_field(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '|':
			fputs("\\|", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(*s, out);
			break;
		}
	}
}

/* Read all of F with csv_read and return the golden text (caller frees).
 * Stops at the first error.  Sets *NREC to the records read. */
static char *render_c(struct csv *c, int *nrec);

static char *
render(FILE *f, int *nrec)
{
	struct csv *c = malloc(sizeof *c);

	assert_non_null(c);
	csv_init(c, f);
	return render_c(c, nrec);
}

/* The same from C, set up by csv_init or csv_init_mem; frees C. */
static char *
render_c(struct csv *c, int *nrec)
{
	struct err e = {{0}};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	int r;

	assert_non_null(out);
	*nrec = 0;
	while ((r = csv_read(c, &e)) == 1) {
		assert_true(c->nfields >= 1 && c->nfields <= CSV_FIELDS_MAX);
		fprintf(out, "%ld:", c->line);
		for (int i = 0; i < c->nfields; i++) {
			if (i)
				fputc('|', out);
			put_field(out, c->field[i]);
		}
		fputc('\n', out);
		(*nrec)++;
	}
	if (r < 0) {
		assert_true(e.msg[0] != '\0');
		fprintf(out, "!%s", e.msg);
	} else {
		assert_int_equal(r, 0);
		/* End of file is sticky: reading again still says 0. */
		assert_int_equal(csv_read(c, &e), 0);
	}
	assert_int_equal(fclose(out), 0);
	free(c);
	return text;
}

/* Compare GOT with WANT: equal, or when WANT has a "!..." error line, equal
 * up to it and GOT's error message starting with WANT's. */
static int
golden_match(const char *got, const char *want)
{
	const char *bang = strchr(want, '!');
	size_t head;

	/* '!' never starts a record line in these tables except as the error. */
	while (bang && bang != want && bang[-1] != '\n')
		bang = strchr(bang + 1, '!');
	if (!bang)
		return strcmp(got, want) == 0;
	head = (size_t)(bang - want);
	return strncmp(got, want, head) == 0 && strncmp(got + head, bang, strlen(bang)) == 0;
}

static char *
render_mem(const char *in, size_t len, int *nrec)
{
	/* fmemopen of zero bytes is refused by some libcs: use "" + size 0
	 * through a one-byte buffer that is never read. */
	static char empty[1];
	FILE *f = fmemopen(len ? (void *)in : empty, len ? len : 1, "r");
	char *text;

	assert_non_null(f);
	if (!len) {
		/* Position at the end: an empty file. */
		assert_int_equal(fseek(f, 0, SEEK_END), 0);
	}
	text = render(f, nrec);
	fclose(f);
	return text;
}

struct csv_case {
	const char *name;
	const char *in;
	const char *want;
};

/* clang-format off */
static const struct csv_case cases[] = {
	{"simple", "a,b,c\nd,e,f\n", "1:a|b|c\n2:d|e|f\n"},
	{"no final newline", "a,b\nc,d", "1:a|b\n2:c|d\n"},
	{"one field", "x\n", "1:x\n"},
	{"empty file", "", ""},
	{"only newlines", "\n\n\r\n", ""},
	{"CRLF", "a,b\r\nc,d\r\n", "1:a|b\n2:c|d\n"},
	{"CRLF and LF mixed", "a\r\nb\nc\r\n", "1:a\n2:b\n3:c\n"},
	{"quoted commas", "\"a,b\",c\n", "1:a,b|c\n"},
	{"quoted all", "\"a\",\"b\"\n", "1:a|b\n"},
	{"doubled quotes", "\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n"},
	{"only a doubled quote", "\"\"\"\"\n", "1:\"\n"},
	{"quoted empty then field", "\"\",x\n", "1:|x\n"},
	{"quoted empty last", "x,\"\"\n", "1:x|\n"},
	/* RFC 4180: a line holding "" is a record of one empty field, not a
	 * blank line (a one-column file with an empty value). */
	{"quoted empty alone", "a\n\"\"\nb\n", "1:a\n2:\n3:b\n"},
	{"LF inside quotes", "\"l1\nl2\",z\nnext\n", "1:l1\\nl2|z\n3:next\n"},
	{"CRLF inside quotes", "\"a\r\nb\",c\r\nd,e\r\n", "1:a\\r\\nb|c\n3:d|e\n"},
	{"blank lines inside quotes kept", "\"a\n\nb\"\nc\n", "1:a\\n\\nb\n4:c\n"},
	{"quoted field then CRLF", "\"a\"\r\nb\n", "1:a\n2:b\n"},
	{"BOM skipped", "\xEF\xBB\xBF" "a,b\n", "1:a|b\n"},
	{"BOM then blank line", "\xEF\xBB\xBF\na\n", "2:a\n"},
	{"BOM only", "\xEF\xBB\xBF", ""},
	{"BOM then quoted", "\xEF\xBB\xBF\"m\xC3\xA3\",1\n", "1:m\xC3\xA3|1\n"},
	{"blank lines skipped", "a\n\n\r\n\nb\n\n", "1:a\n5:b\n"},
	{"leading blank lines", "\n\nx\n", "3:x\n"},
	{"empty fields", ",,\n,a,\n", "1:||\n2:|a|\n"},
	{"trailing empty field", "a,b,\n", "1:a|b|\n"},
	{"spaces kept", " a , b \n", "1: a | b \n"},
	{"separator characters in data", "a|b,c\\d\n", "1:a\\|b|c\\\\d\n"},
	/* "Sở Tư pháp" and "Ủy ban nhân dân, tỉnh" spelt in UTF-8 bytes */
	{"Vietnamese",
	 "S\xE1\xBB\x9F T\xC6\xB0 ph\xC3\xA1p,"
	 "\"\xE1\xBB\xA6y ban nh\xC3\xA2n d\xC3\xA2n, t\xE1\xBB\x89nh\"\n",
	 "1:S\xE1\xBB\x9F T\xC6\xB0 ph\xC3\xA1p|"
	 "\xE1\xBB\xA6y ban nh\xC3\xA2n d\xC3\xA2n, t\xE1\xBB\x89nh\n"},
	{"Vietnamese as typed", "Sở Tư pháp,\"Ủy ban nhân dân, tỉnh\"\n",
	 "1:Sở Tư pháp|Ủy ban nhân dân, tỉnh\n"},
	{"header and rows", "code,name\n000.00.01.H34,\"S\xE1\xBB\x9F, T\xC6\xB0 ph\xC3\xA1p\"\n",
	 "1:code|name\n2:000.00.01.H34|S\xE1\xBB\x9F, T\xC6\xB0 ph\xC3\xA1p\n"},
	/* errors */
	{"unterminated quote", "a,\"b\nc\n", "!line 1: unterminated"},
	{"unterminated quote on line 2", "ok\n\"never\nclosed\n", "1:ok\n!line 2: unterminated"},
	{"text after closing quote", "a\n\"b\"c,d\n", "1:a\n!line 2: text after a closing quote"},
	{"space after closing quote", "\"b\" ,d\n", "!line 1: text after a closing quote"},
	{"quote inside unquoted field", "a\nb\"c\n", "1:a\n!line 2: quote inside an unquoted field"},
	{"quote at end of unquoted field", "ab\"\n", "!line 1: quote inside an unquoted field"},
	{"error line after quoted LF", "\"a\nb\",c\nd\"e\n", "1:a\\nb|c\n!line 3: quote inside"},
	{"error line after blank lines", "a\n\n\nb\"\n", "1:a\n!line 4: quote inside"},
	{"broken BOM", "\xEF\xBBx\n", "!line 1: broken byte-order mark"},
};
/* clang-format on */

/* Every case runs; each mismatch is printed, then the test fails once. */
static void
test_table(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int n;
		char *got = render_mem(cases[i].in, strlen(cases[i].in), &n);

		if (!golden_match(got, cases[i].want)) {
			print_message("case \"%s\":\n--- got\n%s--- want\n%s\n", cases[i].name, got,
			              cases[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

/* The same table read through tmpfile(), a real file descriptor. */
static void
test_table_tmpfile(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		FILE *f = tmpfile();
		int n;
		char *got;

		assert_non_null(f);
		assert_int_equal(fwrite(cases[i].in, 1, strlen(cases[i].in), f),
		                 strlen(cases[i].in));
		rewind(f);
		got = render(f, &n);
		fclose(f);
		if (!golden_match(got, cases[i].want)) {
			print_message("case \"%s\" (tmpfile):\n--- got\n%s--- want\n%s\n",
			              cases[i].name, got, cases[i].want);
			bad++;
		}
		free(got);
	}
	assert_int_equal(bad, 0);
}

/* The same table read from memory (csv_init_mem): the same records and
 * errors as through a stream. */
static void
test_table_memory(void **state)
{
	int bad = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		size_t len = strlen(cases[i].in);
		/* A copy of exactly LEN bytes, so that reading past them is
		 * caught by the sanitizers rather than stopped by the NUL. */
		char *in = malloc(len ? len : 1);
		struct csv *c = malloc(sizeof *c);
		int n;
		char *got;

		assert_non_null(in);
		assert_non_null(c);
		memcpy(in, cases[i].in, len);
		csv_init_mem(c, in, len);
		got = render_c(c, &n);
		if (!golden_match(got, cases[i].want)) {
			print_message("case \"%s\" (memory):\n--- got\n%s--- want\n%s\n",
			              cases[i].name, got, cases[i].want);
			bad++;
		}
		free(got);
		free(in);
	}
	assert_int_equal(bad, 0);
}

/* Build "a\nb\n" + a record of NF fields "f0,f1,..." + "\nlast\n". */
static char *
many_fields(int nf)
{
	size_t cap = 16 + (size_t)nf * 8;
	char *s = malloc(cap);
	size_t n = 0;

	assert_non_null(s);
	n += (size_t)snprintf(s + n, cap - n, "a\nb\n");
	for (int i = 0; i < nf; i++)
		n += (size_t)snprintf(s + n, cap - n, i ? ",f%d" : "f%d", i);
	snprintf(s + n, cap - n, "\nlast\n");
	return s;
}

static void
test_fields_max(void **state)
{
	char *in = many_fields(CSV_FIELDS_MAX);
	FILE *f = fmemopen(in, strlen(in), "r");
	struct csv *c = malloc(sizeof *c);
	struct err e = {{0}};
	char want[16];

	(void)state;
	assert_non_null(f);
	assert_non_null(c);
	csv_init(c, f);
	assert_int_equal(csv_read(c, &e), 1);
	assert_int_equal(csv_read(c, &e), 1);
	assert_int_equal(csv_read(c, &e), 1);
	assert_int_equal(c->line, 3);
	assert_int_equal(c->nfields, CSV_FIELDS_MAX);
	for (int i = 0; i < CSV_FIELDS_MAX; i++) {
		snprintf(want, sizeof want, "f%d", i);
		assert_string_equal(c->field[i], want);
	}
	assert_int_equal(csv_read(c, &e), 1);
	assert_int_equal(c->line, 4);
	assert_string_equal(c->field[0], "last");
	assert_int_equal(csv_read(c, &e), 0);
	fclose(f);
	free(c);
	free(in);
}

static void
test_fields_too_many(void **state)
{
	char *in = many_fields(CSV_FIELDS_MAX + 1);
	char want[64];
	int n;
	char *got;

	(void)state;
	got = render_mem(in, strlen(in), &n);
	snprintf(want, sizeof want, "1:a\n2:b\n!line 3: more than %d fields", CSV_FIELDS_MAX);
	if (!golden_match(got, want))
		fail_msg("got:\n%s\nwant:\n%s", got, want);
	assert_int_equal(n, 2);
	free(got);
	free(in);
}

/* "h\n" + LEN bytes of 'x' (quoted when QUOTED) + "\nz\n". */
static char *
long_record(size_t len, int quoted)
{
	char *s = malloc(len + 16);
	size_t n = 0;

	assert_non_null(s);
	memcpy(s, "h\n", 2);
	n = 2;
	if (quoted)
		s[n++] = '"';
	memset(s + n, 'x', len);
	n += len;
	if (quoted)
		s[n++] = '"';
	memcpy(s + n, "\nz\n", 4);
	return s;
}

/* Records just under the bound are read whole, quoted or not. */
static void
test_record_long_ok(void **state)
{
	(void)state;
	for (int quoted = 0; quoted <= 1; quoted++) {
		size_t len = CSV_RECORD_MAX - 1;
		char *in = long_record(len, quoted);
		FILE *f = fmemopen(in, strlen(in), "r");
		struct csv *c = malloc(sizeof *c);
		struct err e = {{0}};

		assert_non_null(f);
		assert_non_null(c);
		csv_init(c, f);
		assert_int_equal(csv_read(c, &e), 1);
		assert_int_equal(csv_read(c, &e), 1);
		assert_int_equal(c->line, 2);
		assert_int_equal(c->nfields, 1);
		assert_int_equal(strlen(c->field[0]), len);
		assert_int_equal(strspn(c->field[0], "x"), len);
		assert_int_equal(csv_read(c, &e), 1);
		assert_int_equal(c->line, 3);
		assert_string_equal(c->field[0], "z");
		fclose(f);
		free(c);
		free(in);
	}
}

/* csv.h: "CSV_RECORD_MAX: bytes in one record; longer is an error".  A
 * record of exactly CSV_RECORD_MAX bytes is therefore read whole (and the
 * error "record longer than 65536 bytes" would be false for it). */
static void
test_record_exactly_max(void **state)
{
	(void)state;
	for (int quoted = 0; quoted <= 1; quoted++) {
		size_t len = CSV_RECORD_MAX;
		char *in = long_record(len, quoted);
		FILE *f = fmemopen(in, strlen(in), "r");
		struct csv *c = malloc(sizeof *c);
		struct err e = {{0}};

		assert_non_null(f);
		assert_non_null(c);
		csv_init(c, f);
		int r1 = csv_read(c, &e), r2 = csv_read(c, &e);
		size_t got = r2 == 1 ? strlen(c->field[0]) : 0;
		int nf = c->nfields;
		int r3 = csv_read(c, &e);
		int z = r3 == 1 && strcmp(c->field[0], "z") == 0;

		if (r2 != 1)
			print_message("a record of exactly CSV_RECORD_MAX bytes (quoted %d): %s\n",
			              quoted, e.msg);
		fclose(f);
		free(c);
		free(in);
		assert_int_equal(r1, 1);
		assert_int_equal(r2, 1);
		assert_int_equal(nf, 1);
		assert_int_equal(got, len);
		assert_true(z); /* the next record follows on its line */
	}
}

static void
test_record_too_long(void **state)
{
	static const size_t lens[] = {CSV_RECORD_MAX + 1, CSV_RECORD_MAX + 100, 3 * CSV_RECORD_MAX};
	char want[64];

	(void)state;
	snprintf(want, sizeof want, "1:h\n!line 2: record longer than %d bytes", CSV_RECORD_MAX);
	for (size_t i = 0; i < ARRAY_LEN(lens); i++) {
		for (int quoted = 0; quoted <= 1; quoted++) {
			char *in = long_record(lens[i], quoted);
			int n;
			char *got = render_mem(in, strlen(in), &n);

			if (!golden_match(got, want))
				fail_msg("len %zu quoted %d: got\n%.200s\nwant\n%s", lens[i],
				         quoted, got, want);
			free(got);
			free(in);
		}
	}
}

/* The bound is on the whole record, not one field: 64 fields of 1,100
 * bytes (70,400 bytes) are too long although each field is short. */
static void
test_record_too_long_many_fields(void **state)
{
	size_t cap = 64 * 1101 + 16;
	char *in = malloc(cap);
	size_t n = 0;
	int nrec;
	char *got;

	(void)state;
	assert_non_null(in);
	for (int i = 0; i < 64; i++) {
		if (i)
			in[n++] = ',';
		memset(in + n, 'y', 1100);
		n += 1100;
	}
	in[n++] = '\n';
	in[n] = '\0';
	got = render_mem(in, n, &nrec);
	if (!golden_match(got, "!line 1: record longer than"))
		fail_msg("got %.100s", got);
	free(got);
	free(in);
}

/* IN (LEN bytes) read from memory gives what it gives through a stream,
 * records and errors alike. */
static void
same_from_memory(const char *in, size_t len)
{
	struct csv *c = malloc(sizeof *c);
	char *copy = malloc(len ? len : 1), *got, *want;
	int n1, n2;

	assert_non_null(c);
	assert_non_null(copy);
	memcpy(copy, in, len);
	want = render_mem(in, len, &n1);
	csv_init_mem(c, copy, len);
	got = render_c(c, &n2);
	if (strcmp(got, want) != 0 || n1 != n2)
		fail_msg("memory: got\n%.300s\nstream:\n%.300s", got, want);
	free(got);
	free(want);
	free(copy);
}

/* The memory reader copies runs of ordinary bytes at once: at the
 * record's bound, quoted or not, and with quotes, commas and line breaks
 * on either side of a run, it reads what the stream reader reads. */
static void
test_memory_runs(void **state)
{
	static const size_t lens[] = {CSV_RECORD_MAX - 1, CSV_RECORD_MAX, CSV_RECORD_MAX + 1,
	                              3 * CSV_RECORD_MAX};
	static const char *const small[] = {
	    "abc,def\r\nghi\n", "\"a,b\"\"c\",d\n",    "\"x\ny\"z\n",       "a\"b\n",
	    "\"ab\"c,d\n",      "ab,\"cd\"\r\n\r\nef", "\"unterminated\nx", "a\rb\r\"c\"\r",
	    "\"\"\"\",\"\"\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
		for (int quoted = 0; quoted <= 1; quoted++) {
			char *in = long_record(lens[i], quoted);
			same_from_memory(in, strlen(in));
			free(in);
		}
	for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
		same_from_memory(small[i], strlen(small[i]));
	/* A NUL inside a run is an error, not the end of the field. */
	same_from_memory("abc\0def\n", 8);
	same_from_memory("\"abc\0def\"\n", 10);
}

/* A read error on the stream is reported, not taken for end of file. */
static void
test_read_error(void **state)
{
	FILE *f = fopen("/dev/null", "w"); /* reading a write-only stream fails */
	struct csv *c = malloc(sizeof *c);
	struct err e = {{0}};

	(void)state;
	assert_non_null(f);
	assert_non_null(c);
	csv_init(c, f);
	assert_int_equal(csv_read(c, &e), -1);
	assert_non_null(strstr(e.msg, "line 1"));
	fclose(f);
	free(c);
}

/* csv_init needs no other setup: a struct full of garbage is fine. */
static void
test_init_garbage(void **state)
{
	const char *in = "p,q\n";
	FILE *f = fmemopen((void *)in, strlen(in), "r");
	struct csv *c = malloc(sizeof *c);
	struct err e = {{0}};

	(void)state;
	assert_non_null(f);
	assert_non_null(c);
	memset(c, 0xA5, sizeof *c);
	csv_init(c, f);
	assert_int_equal(csv_read(c, &e), 1);
	assert_int_equal(c->line, 1);
	assert_int_equal(c->nfields, 2);
	assert_string_equal(c->field[0], "p");
	assert_string_equal(c->field[1], "q");
	assert_int_equal(csv_read(c, NULL), 0);
	fclose(f);
	free(c);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_tmpfile),
		cmocka_unit_test(test_table_memory),
		cmocka_unit_test(test_memory_runs),
		cmocka_unit_test(test_fields_max),
		cmocka_unit_test(test_fields_too_many),
		cmocka_unit_test(test_record_long_ok),
		cmocka_unit_test(test_record_exactly_max),
		cmocka_unit_test(test_record_too_long),
		cmocka_unit_test(test_record_too_long_many_fields),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_init_garbage),
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
