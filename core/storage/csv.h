/*
 * csv: an RFC 4180 reader that turns each record into fields with named
 * bounds before anyone acts on them.
 *
 * Quoted fields may hold commas, doubled quotes and line breaks; a UTF-8 BOM
 * at the start is skipped; CRLF and LF both end a record.  Blank lines are
 * skipped.  Line numbers count physical lines, so errors can say FILE:LINE.
 */
#ifndef CSV_H
#define CSV_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

#define CSV_FIELDS_MAX 64
#define CSV_RECORD_MAX 65536 /* bytes in one record; longer is an error (64 KiB) */

struct csv {
	FILE *f;                        /* NULL when reading from memory */
	const unsigned char *mp, *mend; /* csv_init_mem: the bytes not yet read */
	long line;                      /* physical line where the current record starts */
	long next_line;                 /* physical line of the next read */
	int started;                    /* BOM checked */
	char buf[CSV_RECORD_MAX + 1];   /* + the last field's NUL */
	char *field[CSV_FIELDS_MAX];    /* NUL-terminated, point into buf */
	int nfields;
};

/* Start reading F (not closed by csv).  *C needs no other setup. */
void csv_init(struct csv *c, FILE *f);

/* Start reading the LEN bytes at BUF (borrowed until the last csv_read),
 * the same records as a file of those bytes gives, without a stream and
 * its per-byte locking (a file rendered into memory, read back).  *C
 * needs no other setup. */
void csv_init_mem(struct csv *c, const char *buf, size_t len);

/* Read the next record into c->field / c->nfields.  Returns 1 when a record
 * was read, 0 at end of file, -1 with E set ("line N: ...") on a malformed
 * record (unterminated quote, text after a closing quote, too many fields,
 * too long) or a read error. */
int csv_read(struct csv *c, struct err *e);

#endif
