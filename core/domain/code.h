/*
 * code: dossier and agency codes.
 *
 * An agency's electronic identifier (Decision 20/2020/QĐ-TTg style) is
 * 'XXX.YY.ZZ.Hnn': three dot-separated groups of digits or capitals (3, 2, 2
 * characters) and a capital letter with two digits, e.g. '000.00.01.H34'.
 * A dossier code is the agency code, the receipt date and a sequence:
 * 'AGENCY-YYMMDD-NNNN', e.g. '000.00.01.H34-250312-0042' (25 characters).
 */
#ifndef CODE_H
#define CODE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define CODE_AGENCY_LEN 13  /* 000.00.01.H34 */
#define CODE_DOSSIER_LEN 25 /* agency + '-' + YYMMDD + '-' + NNNN */

struct dossier_code {
	char agency[CODE_AGENCY_LEN + 1];
	int year;  /* full year, 2000-2099 */
	int month; /* 1-12 */
	int mday;  /* 1-31, a real date */
	int seq;   /* 1-9999 */
};

/* Whether S (length LEN) is a well-formed agency code. */
bool code_agency_valid(const char *s, size_t len);

/* Parse a dossier code of LEN bytes (no NUL needed).  Surrounding spaces and
 * lower-case letters are NOT accepted: callers normalise first with
 * code_normalise().  Returns 0 and fills *OUT, or -1 with E saying what is
 * wrong. */
int code_parse(const char *s, size_t len, struct dossier_code *out, struct err *e);

/* Write the canonical text of C into BUF (CODE_DOSSIER_LEN+1 bytes).
 * Returns 0, or -1 when C's fields are out of range. */
int code_format(const struct dossier_code *c, char *buf);

/* Copy S to BUF (SIZE bytes) trimming surrounding white space and mapping
 * lower-case letters to capitals, as typed at a kiosk.  Returns the length,
 * or -1 when it does not fit (truncation is an error). */
int code_normalise(const char *s, char *buf, size_t size);

/* Whether S is a national procedure code: '1.001612' (digit, '.', 6 digits),
 * also 1-2 digits before the dot. */
bool code_procedure_valid(const char *s);

#endif
