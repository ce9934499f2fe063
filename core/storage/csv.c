#include "csv.h"

#include <string.h>

void
csv_init(struct csv *c, FILE *f)
{
	memset(c, 0, sizeof *c);
	c->f = f;
	c->next_line = 1;
}

void
csv_init_mem(struct csv *c, const char *buf, size_t len)
{
	memset(c, 0, sizeof *c);
	c->mp = (const unsigned char *)buf;
	c->mend = c->mp + len;
	c->next_line = 1;
}

/* The next byte, or EOF. */
static int
next_byte(struct csv *c)
{
	if (!c->f)
		return c->mp < c->mend ? *c->mp++ : EOF;
	return getc(c->f);
}

/* Push back CH, the byte next_byte just returned.  Returns 0 or EOF. */
static int
push_back(struct csv *c, int ch)
{
	if (!c->f) {
		c->mp--;
		return 0;
	}
	return ungetc(ch, c->f);
}

/* Whether the last next_byte's EOF was a read error. */
static int
read_failed(const struct csv *c)
{
	return c->f && ferror(c->f);
}

/* From memory: copy into c->buf at N the ordinary bytes that come next,
 * those the state machine below would store one by one (not NUL, a
 * quote or LF; outside quotes not a comma or CR either), up to the
 * record's bound.  Returns how many. */
static size_t
copy_run(struct csv *c, size_t n, int quoted)
{
	const unsigned char *p = c->mp;
	size_t room = CSV_RECORD_MAX - n, k;

	while (p < c->mend && (size_t)(p - c->mp) < room && *p != '"' && *p != '\n' && *p != '\0' &&
	       (quoted || (*p != ',' && *p != '\r')))
		p++;
	k = (size_t)(p - c->mp);
	memcpy(c->buf + n, c->mp, k);
	c->mp = p;
	return k;
}

/* Parse one record.  State: in a quoted field or not; a quote seen inside a
 * quoted field may be the first half of "" or the closing quote. */
static int
read_record(struct csv *c, struct err *e)
{
	size_t n = 0;
	int ch, quoted = 0, after_quote = 0, any = 0, blank = 1;

	c->nfields = 0;
	c->line = c->next_line;
	c->field[c->nfields++] = c->buf;
	for (;;) {
		ch = next_byte(c);
		if (ch == EOF) {
			if (read_failed(c))
				return err_set(e, "line %ld: read error", c->line);
			if (quoted)
				return err_set(e, "line %ld: unterminated quoted field", c->line);
			if (!any)
				return 0;
			break;
		}
		any = 1;
		/* A NUL would end the field early for everyone who reads it as a
		 * string: silent truncation, so an error. */
		if (ch == '\0')
			return err_set(e, "line %ld: NUL byte", c->line);
		if (ch != '\r' && ch != '\n')
			blank = 0;
		if (quoted) {
			if (ch == '"') {
				quoted = 0;
				after_quote = 1;
				continue;
			}
			if (ch == '\n')
				c->next_line++;
		} else if (ch == '"') {
			if (after_quote) { /* "" inside quotes */
				quoted = 1;
				after_quote = 0;
			} else if (c->buf + n == c->field[c->nfields - 1]) {
				quoted = 1;
				continue;
			} else {
				return err_set(e, "line %ld: quote inside an unquoted field",
				               c->line);
			}
		} else if (ch == ',') {
			after_quote = 0;
			if (n >= CSV_RECORD_MAX)
				return err_set(e, "line %ld: record longer than %d bytes", c->line,
				               CSV_RECORD_MAX);
			c->buf[n++] = '\0';
			if (c->nfields == CSV_FIELDS_MAX)
				return err_set(e, "line %ld: more than %d fields", c->line,
				               CSV_FIELDS_MAX);
			c->field[c->nfields++] = c->buf + n;
			continue;
		} else if (ch == '\r' || ch == '\n') {
			if (ch == '\r') {
				int nx = next_byte(c);
				if (nx != '\n' && nx != EOF)
					push_back(c, nx);
			}
			c->next_line++;
			break;
		} else if (after_quote) {
			return err_set(e, "line %ld: text after a closing quote", c->line);
		}
		if (n >= CSV_RECORD_MAX)
			return err_set(e, "line %ld: record longer than %d bytes", c->line,
			               CSV_RECORD_MAX);
		c->buf[n++] = (char)ch;
		if (!c->f)
			n += copy_run(c, n, quoted);
	}
	c->buf[n] = '\0';
	return blank ? 2 : 1; /* 2: a blank line, skipped by csv_read */
}

int
csv_read(struct csv *c, struct err *e)
{
	int r;

	if (!c->started) {
		/* A BOM is EF BB BF.  Our files never start with another
		 * character in U+F000-U+FFFF, so one byte of push-back suffices. */
		int ch = next_byte(c);
		c->started = 1;
		if (ch == 0xEF) {
			if (next_byte(c) != 0xBB || next_byte(c) != 0xBF)
				return err_set(e, "line 1: broken byte-order mark");
		} else if (ch != EOF && push_back(c, ch) == EOF) {
			return err_set(e, "cannot push back input");
		}
	}
	/* Skip blank lines (nothing before the line end). */
	do
		r = read_record(c, e);
	while (r == 2);
	return r;
}
