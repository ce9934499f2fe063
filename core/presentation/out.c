#define _GNU_SOURCE /* fopencookie */
#include "out.h"

#include <stdarg.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>

/* ---- a page in memory ---------------------------------------------------- */

/* out_memopen's stream: stdio's own buffer (IO) takes the writes with one
 * memcpy each, and is emptied into *BUF only when full or closed. */
struct memout {
	char **buf;
	size_t *len, cap;
	char io[16384];
};

static ssize_t
memout_write(void *cookie, const char *p, size_t n)
{
	struct memout *m = cookie;

	if (*m->len + n + 1 > m->cap) {
		size_t cap = m->cap * 2 > *m->len + n + 1 ? m->cap * 2 : *m->len + n + 1;
		char *b = realloc(*m->buf, cap);

		if (!b)
			return -1;
		*m->buf = b;
		m->cap = cap;
	}
	memcpy(*m->buf + *m->len, p, n);
	*m->len += n;
	(*m->buf)[*m->len] = '\0';
	return (ssize_t)n;
}

static int
memout_close(void *cookie)
{
	struct memout *m = cookie;
	/* Pages may be held in memory by the thousand (emit.c): give back
	 * what the doubling left over. */
	char *b = realloc(*m->buf, *m->len + 1);

	if (b)
		*m->buf = b;
	free(m);
	return 0;
}

FILE *
out_memopen(char **buf, size_t *len)
{
	cookie_io_functions_t io = {NULL, memout_write, NULL, memout_close};
	struct memout *m = malloc(sizeof *m);
	FILE *f;

	*len = 0;
	if (!m || !(*buf = malloc(m->cap = 16384))) {
		free(m);
		*buf = NULL;
		return NULL;
	}
	**buf = '\0';
	m->buf = buf;
	m->len = len;
	if (!(f = fopencookie(m, "w", io)) || setvbuf(f, m->io, _IOFBF, sizeof m->io) != 0) {
		if (f)
			fclose(f); /* frees M */
		else
			free(m);
		free(*buf);
		*buf = NULL;
		return NULL;
	}
	__fsetlocking(f, FSETLOCKING_BYCALLER);
	return f;
}

/* Length of the valid UTF-8 sequence at S (1-4), or 0 when invalid.  N is the
 * number of bytes available. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	size_t len, i;
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
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are invalid. */
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Whether the ASCII byte C is dropped: C0 controls (but TAB, LF, CR) and
 * DEL are not allowed in HTML text and mean nothing in our data. */
static int
dropped(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
}

/* P[FROM..TO) to F as they are; 0 or -1. */
static int
put_run(FILE *f, const unsigned char *p, size_t from, size_t to)
{
	return to > from && fwrite(p + from, 1, to - from, f) != to - from ? -1 : 0;
}

/* Write S (LEN bytes) with ESC[c] giving, per ASCII byte, a replacement
 * (NULL = the byte itself).  Non-ASCII valid UTF-8 passes through; invalid
 * bytes become U+FFFD; control characters (C0 but TAB/LF/CR, DEL, C1) are
 * dropped.  The bytes that pass as they are go out in runs, one fwrite
 * each: a putc per byte was most of the cost of the statistics' open
 * data. */
static int
write_escaped(FILE *f, const char *s, size_t len, const char *const esc[128])
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, n;

	while (i < len) {
		const char *r = NULL;

		if (p[i] < 0x80) {
			if (!dropped(p[i]) && !(r = esc[p[i]])) {
				i++;
				continue;
			}
			n = 1;
		} else {
			n = utf8_seq(p + i, len - i);
			if (n > 0 && !(n == 2 && p[i] == 0xC2 && p[i + 1] < 0xA0)) {
				i += n; /* valid UTF-8, C1 controls (U+0080-U+009F) aside */
				continue;
			}
			if (n == 0) {
				r = "\xEF\xBF\xBD";
				n = 1;
			}
		}
		/* P[I..I+N) is replaced by R, or dropped when R is NULL. */
		if (put_run(f, p, run, i) < 0 || (r && fputs(r, f) == EOF))
			return -1;
		i += n;
		run = i;
	}
	return put_run(f, p, run, i);
}

static const char *const esc_xml[128] = {
    ['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;"};

int
out_textn(FILE *f, const char *s, size_t len)
{
	return s ? write_escaped(f, s, len, esc_xml) : 0;
}

int
out_text(FILE *f, const char *s)
{
	return s ? write_escaped(f, s, strlen(s), esc_xml) : 0;
}

int
out_attr(FILE *f, const char *s)
{
	return out_text(f, s);
}

int
out_svg(FILE *f, const char *s)
{
	return out_text(f, s);
}

/* Whether URL text may hold C as it is (RFC 3986 unreserved). */
static int
unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int
out_url(FILE *f, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0, i;

	if (!s)
		return 0;
	for (i = 0; p[i]; i++) {
		char pct[3];

		if (unreserved(p[i]))
			continue;
		pct[0] = '%', pct[1] = hex[p[i] >> 4], pct[2] = hex[p[i] & 15];
		if (put_run(f, p, run, i) < 0 || fwrite(pct, 1, 3, f) != 3)
			return -1;
		run = i + 1;
	}
	return put_run(f, p, run, i);
}

/* Other controls were dropped already. */
static const char *const esc_json[128] = {
    ['"'] = "\\\"", ['\\'] = "\\\\",   ['\n'] = "\\n",    ['\r'] = "\\r",
    ['\t'] = "\\t", ['<'] = "\\u003c", ['>'] = "\\u003e", ['&'] = "\\u0026"};

int
out_json(FILE *f, const char *s)
{
	if (putc('"', f) == EOF)
		return -1;
	if (s && write_escaped(f, s, strlen(s), esc_json) < 0)
		return -1;
	return putc('"', f) == EOF ? -1 : 0;
}

static const char *const esc_csv[128] = {['"'] = "\"\""};

/* Whether S is a plain number such as -12 or -0.5: data, not a formula. */
static int
is_number(const char *s)
{
	const char *p = s + (*s == '-');
	int digits = 0, dot = 0;

	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dot)
			dot = 1;
		else
			return 0;
	}
	return digits > 0;
}

/* Whether a spreadsheet would run S as a formula (OWASP "CSV injection"):
 * it starts with = + - @ TAB or CR once the control characters that
 * write_escaped drops are skipped, and is not simply a number. */
static int
is_formula(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	/* Skip what write_escaped drops: C0 controls, DEL, C1 (C2 80-9F). */
	for (;;) {
		if ((*p && *p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') || *p == 0x7F)
			p++;
		else if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] < 0xA0)
			p += 2;
		else
			break;
	}
	if (!(*p == '=' || *p == '+' || *p == '-' || *p == '@' || *p == '\t' || *p == '\r'))
		return 0;
	return !is_number((const char *)p);
}

int
out_csv(FILE *f, const char *s)
{
	int quote, formula;

	if (!s)
		return 0;
	formula = is_formula(s);
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote && putc('"', f) == EOF)
		return -1;
	if (formula && putc('\'', f) == EOF)
		return -1;
	if (write_escaped(f, s, strlen(s), esc_csv) < 0)
		return -1;
	if (quote && putc('"', f) == EOF)
		return -1;
	return 0;
}

char *
out_int_str(char *buf, long long v)
{
	/* In unsigned arithmetic, so that LLONG_MIN negates. */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	char tmp[OUT_INT_LEN];
	size_t n = 0, i = 0;

	do
		tmp[n++] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		buf[i++] = '-';
	while (n > 0)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

int
out_int(FILE *f, long long v)
{
	char buf[OUT_INT_LEN];

	return fputs(out_int_str(buf, v), f) == EOF ? -1 : 0;
}

int
out_printf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r < 0 ? -1 : 0;
}

/* ---- numbers and dates for readers -------------------------------------- */

int
out_num(FILE *f, enum lang l, const char *num)
{
	const char *dot;

	if (!num)
		return 0;
	for (; l == LANG_VI && (dot = strchr(num, '.')) != NULL; num = dot + 1)
		if (fwrite(num, 1, (size_t)(dot - num), f) != (size_t)(dot - num) ||
		    putc(',', f) == EOF)
			return -1;
	return fputs(num, f) == EOF ? -1 : 0;
}

int
out_decimal(FILE *f, enum lang l, double v, int decimals)
{
	char buf[64];

	if (decimals < 0 || decimals > 6)
		decimals = 6;
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	return out_num(f, l, buf);
}

int
out_g(FILE *f, enum lang l, double v)
{
	char buf[64];

	snprintf(buf, sizeof buf, "%g", v);
	return out_num(f, l, buf);
}

/* N digits at S as a number, or -1 when one is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Append V (>= 0) with at least WIDTH digits at BUF + *O, if it fits in
 * N bytes with a NUL after it.  Returns 0, or -1 when it does not fit. */
static int
put_num(char *buf, size_t n, size_t *o, int v, int width)
{
	char t[12];
	int k = 0;

	do
		t[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k < width)
		t[k++] = '0';
	if (*o + (size_t)k >= n)
		return -1;
	while (k > 0)
		buf[(*o)++] = t[--k];
	return 0;
}

/* The same for the string S. */
static int
put_str(char *buf, size_t n, size_t *o, const char *s)
{
	size_t len = strlen(s);

	if (*o + len >= n)
		return -1;
	memcpy(buf + *o, s, len + 1);
	*o += len;
	return 0;
}

char *
out_date_str(char *buf, size_t n, enum lang l, const char *iso)
{
	size_t len = iso ? strlen(iso) : 0, o = 0;
	int y, m, d, hh = -1, mm = -1, bad;

	buf[0] = '\0';
	if ((len != 10 && len != 16) || iso[4] != '-' || iso[7] != '-')
		return NULL;
	y = digits(iso, 4), m = digits(iso + 5, 2), d = digits(iso + 8, 2);
	if (len == 16) {
		if (iso[10] != ' ' || iso[13] != ':')
			return NULL;
		hh = digits(iso + 11, 2), mm = digits(iso + 14, 2);
		if (hh < 0 || mm < 0)
			return NULL;
	}
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
		return NULL;
	/* By hand rather than snprintf: a page shows a dozen of these. */
	if (l == LANG_EN)
		bad = put_num(buf, n, &o, d, 1) < 0 || put_str(buf, n, &o, " ") < 0 ||
		      put_str(buf, n, &o, msg(l, (enum msg_id)(M_MON_JAN + m - 1))) < 0 ||
		      put_str(buf, n, &o, " ") < 0 || put_num(buf, n, &o, y, 4) < 0;
	else
		bad = put_num(buf, n, &o, d, 2) < 0 || put_str(buf, n, &o, "/") < 0 ||
		      put_num(buf, n, &o, m, 2) < 0 || put_str(buf, n, &o, "/") < 0 ||
		      put_num(buf, n, &o, y, 4) < 0;
	if (!bad && hh >= 0)
		bad = put_str(buf, n, &o, " ") < 0 || put_num(buf, n, &o, hh, 2) < 0 ||
		      put_str(buf, n, &o, ":") < 0 || put_num(buf, n, &o, mm, 2) < 0;
	if (bad) {
		buf[0] = '\0';
		return NULL;
	}
	buf[o] = '\0';
	return buf;
}

int
out_date(FILE *f, enum lang l, const char *iso)
{
	char buf[40];

	if (out_date_str(buf, sizeof buf, l, iso))
		return fputs(buf, f) == EOF ? -1 : 0;
	return out_text(f, iso);
}

int
out_quantity(FILE *f, enum lang l, double v, int decimals, enum msg_id one, enum msg_id many)
{
	char buf[64];

	if (decimals < 0)
		snprintf(buf, sizeof buf, "%g", v);
	else
		snprintf(buf, sizeof buf, "%.*f", decimals > 6 ? 6 : decimals, v);
	if (out_num(f, l, buf) < 0 || putc(' ', f) == EOF)
		return -1;
	return fputs(msg(l, strcmp(buf, "1") == 0 ? one : many), f) == EOF ? -1 : 0;
}

int
out_grouped(FILE *f, enum lang l, long long v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", v), neg = digits[0] == '-';

	for (int i = 0; i < n; i++) {
		if (i > neg && (n - i) % 3 == 0 && putc(l == LANG_VI ? '.' : ',', f) == EOF)
			return -1;
		if (putc(digits[i], f) == EOF)
			return -1;
	}
	return 0;
}
