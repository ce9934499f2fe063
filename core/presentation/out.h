/*
 * out: one escaper per output context.
 * Fixed markup goes out with fputs; every string that came from the database
 * or a request goes through exactly one of these; printf only for numbers.
 *
 * Each writes to F and returns 0, or -1 when the stream reports an error
 * (the caller checks ferror/fclose at the end as well).  A NULL string is
 * written as nothing.  Invalid UTF-8 is replaced by U+FFFD so that pages
 * stay valid whatever the database holds.
 */
#ifndef OUT_H
#define OUT_H

#include <stddef.h>
#include <stdio.h>

#include "msg.h"

/* HTML text content: escapes & < > (and " ' for safety). */
/* A stream that collects what is written to it in memory, as
 * open_memstream does: after fclose, *BUF (malloc'd, NUL-terminated, the
 * caller frees it) holds the *LEN bytes written.  For one thread (no
 * stdio lock), and several times faster than open_memstream on the many
 * short writes of a page.  NULL when out of memory. */
FILE *out_memopen(char **buf, size_t *len);

int out_text(FILE *f, const char *s);
int out_textn(FILE *f, const char *s, size_t len);

/* A double-quoted HTML attribute value: escapes & < > " '. */
int out_attr(FILE *f, const char *s);

/* One URL path segment or query value: percent-encodes everything but
 * unreserved characters (RFC 3986 ALPHA DIGIT - . _ ~).  The result is also
 * safe inside an HTML attribute. */
int out_url(FILE *f, const char *s);

/* A JSON string, quotes included: escapes " \ and control characters;
 * also < > & as \u003c etc. so that JSON embedded in HTML stays inert. */
int out_json(FILE *f, const char *s);

/* One CSV field (RFC 4180): quoted when it holds , " CR or LF, or when it
 * starts, after dropped control characters, with = + - @ TAB or CR and is
 * not a plain number (so a spreadsheet never runs it as a formula, in
 * which case a leading apostrophe is added). */
int out_csv(FILE *f, const char *s);

/* SVG text or attribute content (XML): escapes & < > " '. */
int out_svg(FILE *f, const char *s);

/* The whole number V as printf's %lld writes it, without printf: the
 * open data's tables hold millions of them. */
int out_int(FILE *f, long long v);

/* The same into BUF of at least OUT_INT_LEN bytes; returns BUF. */
#define OUT_INT_LEN 24
char *out_int_str(char *buf, long long v);

/* printf for numbers and fixed strings only; never pass database strings. */
int out_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Numbers and dates for readers, in the page's language: Vietnamese
 * writes a decimal comma and dd/mm/yyyy, English a decimal point and
 * "2 Dec 2026".  Open data (CSV, JSON) keeps the machine forms (a decimal
 * point, ISO dates) and does not use these. */

/* NUM, a number printf wrote in the C locale ("-12.5"), in L's form:
 * in Vietnamese its decimal point becomes a comma.  Returns 0 or -1. */
int out_num(FILE *f, enum lang l, const char *num);

/* V with DECIMALS decimals (0..6), in L's form. */
int out_decimal(FILE *f, enum lang l, double v, int decimals);

/* V as printf's %g ("0.5", "8", "12.25"), in L's form. */
int out_g(FILE *f, enum lang l, double v);

/* ISO, a date "YYYY-MM-DD" or an instant "YYYY-MM-DD HH:MM", written as
 * L's readers write it: "02/12/2026 04:12" in Vietnamese, "2 Dec 2026
 * 04:12" in English.  Anything else (an empty or malformed value) is
 * written as text, escaped.  Returns 0 or -1. */
int out_date(FILE *f, enum lang l, const char *iso);

/* The same into BUF of N bytes (at least 24); returns BUF, or NULL when
 * ISO is not a date or an instant (BUF then holds ""). */
char *out_date_str(char *buf, size_t n, enum lang l, const char *iso);

/* V with DECIMALS decimals and its unit in L, singular when the number
 * reads exactly 1 ("1 working hour", "0.5 working hours", "1,5 giờ làm
 * việc"): ONE and MANY are the unit's message ids (the same in a language
 * without plurals).  DECIMALS < 0 prints V as %g. */
int out_quantity(FILE *f, enum lang l, double v, int decimals, enum msg_id one, enum msg_id many);

/* The whole number V with thousands grouped as L's readers group them:
 * "135.000" in Vietnamese, "135,000" in English (fees in đồng).  Returns 0
 * or -1. */
int out_grouped(FILE *f, enum lang l, long long v);

#endif
