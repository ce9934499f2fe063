/*
 * out: one escaper per output context (after cgit's html.c).
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

/* HTML text content: escapes & < > (and " ' for safety). */
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

/* printf for numbers and fixed strings only; never pass database strings. */
int out_printf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
