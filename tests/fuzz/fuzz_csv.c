/*
 * fuzz_csv: csv_read over arbitrary bytes until end of file or an error.
 *
 * Checked on every record: 1 <= nfields <= CSV_FIELDS_MAX, every field
 * NUL-terminated inside buf and laid out one after the other, line numbers
 * non-decreasing.  Beside that, a reference reader written here from the
 * grammar of RFC 4180 and csv.h (whole fields at a time, not a byte state
 * machine) must agree on each record's status, line and fields.
 */
#include "csv.h"
#include "fuzz.h"

/* The reference reader's state over the input. */
struct ref {
	const unsigned char *s;
	size_t n, pos;
	long next_line;
	/* the record read last */
	long line;
	int nfields;
	size_t off[CSV_FIELDS_MAX], len[CSV_FIELDS_MAX];
	unsigned char *text; /* field bytes, SIZE bytes at most */
	size_t used;
};

static int
ref_peek(const struct ref *r)
{
	return r->pos < r->n ? r->s[r->pos] : EOF;
}

/* One field at r->pos into r->text.  Returns 0, or -1 on a malformed one. */
static int
ref_field(struct ref *r)
{
	int ch;

	r->off[r->nfields] = r->used;
	if (ref_peek(r) != '"') {
		while ((ch = ref_peek(r)) != EOF && ch != ',' && ch != '\r' && ch != '\n') {
			if (ch == '"' || ch == '\0')
				return -1; /* a quote inside an unquoted field, a NUL */
			r->text[r->used++] = (unsigned char)ch;
			r->pos++;
		}
	} else {
		r->pos++;
		for (;;) {
			if ((ch = ref_peek(r)) == EOF)
				return -1; /* unterminated */
			r->pos++;
			if (ch == '\0')
				return -1;
			if (ch == '"') {
				if (ref_peek(r) != '"')
					break;
				r->pos++; /* "" stands for one quote */
			} else if (ch == '\n') {
				r->next_line++;
			}
			r->text[r->used++] = (unsigned char)ch;
		}
		ch = ref_peek(r);
		if (ch != EOF && ch != ',' && ch != '\r' && ch != '\n')
			return -1; /* text after the closing quote */
	}
	r->len[r->nfields] = r->used - r->off[r->nfields];
	r->nfields++;
	return 0;
}

/* The next record: 1, 0 at the end, -1 when malformed (like csv_read,
 * blank lines included: the caller skips them). */
static int
ref_read(struct ref *r)
{
	int ch;

	if (r->pos >= r->n)
		return 0;
	r->line = r->next_line;
	r->nfields = 0;
	r->used = 0;
	for (;;) {
		if (ref_field(r) < 0)
			return -1;
		if (ref_peek(r) != ',')
			break;
		if (r->nfields == CSV_FIELDS_MAX)
			return -1;
		r->pos++;
	}
	/* Bytes in the record: the fields and a separator between two. */
	if (r->used + (size_t)(r->nfields - 1) > CSV_RECORD_MAX)
		return -1;
	ch = ref_peek(r);
	if (ch == '\r' || ch == '\n') {
		r->pos++;
		if (ch == '\r' && ref_peek(r) == '\n')
			r->pos++;
		r->next_line++;
	}
	return 1;
}

/* Whether the record the reference read last is a blank line: nothing at
 * all before its line end.  START is where the record began. */
static bool
ref_blank(const struct ref *r, size_t start)
{
	return r->nfields == 1 && r->len[0] == 0 && start < r->n &&
	       (r->s[start] == '\r' || r->s[start] == '\n');
}

static void
check_record(const struct csv *c, const struct ref *r)
{
	const char *end = c->buf + sizeof c->buf;

	CHECK(c->nfields >= 1 && c->nfields <= CSV_FIELDS_MAX);
	CHECK(c->field[0] == c->buf);
	for (int i = 0; i < c->nfields; i++) {
		const char *f = c->field[i], *nul;

		CHECK(f >= c->buf && f < end);
		nul = memchr(f, '\0', (size_t)(end - f));
		CHECK(nul != NULL);
		/* Fields follow one another, each ended by the separator's NUL. */
		if (i + 1 < c->nfields)
			CHECK(c->field[i + 1] > f && c->field[i + 1][-1] == '\0');
	}
	CHECK(c->line == r->line && c->next_line == r->next_line);
	CHECK(c->nfields == r->nfields);
	for (int i = 0; i < c->nfields; i++) {
		size_t len = r->len[i];

		if (i + 1 < c->nfields)
			CHECK((size_t)(c->field[i + 1] - c->field[i]) == len + 1);
		CHECK(c->field[i] + len < end && c->field[i][len] == '\0');
		CHECK(memcmp(c->field[i], r->text + r->off[i], len) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv *c = malloc(sizeof *c);
	struct ref r = {data, size, 0, 1, 0, 0, {0}, {0}, malloc(size + 1), 0};
	char *copy = fuzz_cstr(data, size);
	struct err e = {""};
	long last_line = 0;
	FILE *f;
	int status = 1, want;

	if (!c || !r.text || !copy)
		goto done;
	/* glibc >= 2.22 opens 0 bytes as an empty stream. */
	f = fmemopen(copy, size, "r");
	if (!f)
		goto done;
	csv_init(c, f);
	if (size >= 1 && r.s[0] == 0xEF) {
		if (size < 3 || r.s[1] != 0xBB || r.s[2] != 0xBF)
			want = -1;
		else
			want = 1, r.pos = 3;
	} else {
		want = 1;
	}
	/* Each record or blank line consumes at least a byte: SIZE + 2
	 * rounds bound the loop whatever the reader does. */
	for (size_t round = 0; round < size + 2 && status == 1; round++) {
		size_t start;

		e.msg[0] = '\0';
		status = csv_read(c, &e);
		CHECK(status >= -1 && status <= 1);
		if (want != -1) {
			do {
				start = r.pos;
				want = ref_read(&r);
			} while (want == 1 && ref_blank(&r, start));
		}
		CHECK(status == want);
		if (status < 0) {
			CHECK(e.msg[0] != '\0');
			break;
		}
		if (status == 0)
			break;
		/* A last record without a line end leaves next_line where it was. */
		CHECK(c->line >= last_line && c->next_line >= c->line);
		last_line = c->line;
		check_record(c, &r);
	}
	CHECK(status != 1); /* the loop bound was never reached */
	fclose(f);
done:
	free(copy);
	free(r.text);
	free(c);
	return 0;
}
