/*
 * emit: the one writer of the static site's files.  A file is rendered
 * into memory, compared with the file in place, and written (core/storage
 * afile_put: temporary file, rename) only when its bytes differ, so a run
 * that changes nothing touches nothing and readers never see half a file.
 *
 * Pages that link to other pages written in the same run are held and
 * written by emit_flush in link order: by rank, lowest first, then by
 * path.  A page's rank is above the ranks of the pages it links to, so a
 * run stopped at any moment leaves no link dangling.  Data files (CSV,
 * JSON), which link to nothing, are written at once with emit_put.
 *
 * Not thread-safe: one struct emit per thread (emit_put alone may be
 * called from several threads on one).
 */
#ifndef EMIT_H
#define EMIT_H

#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct emit_page {
	char *rel, *buf; /* owned */
	size_t len;
	int rank;
};

struct emit {
	const char *root;       /* the site's folder (borrowed) */
	struct emit_page *held; /* pages waiting for emit_flush */
	size_t nheld, cap;
	long written, same; /* held pages flushed: written, already up to date */
};

/* An emitter for the folder ROOT (borrowed: it must outlive EM). */
void emit_init(struct emit *em, const char *root);

/* Free the pages still held (none are written).  NULL-safe. */
void emit_release(struct emit *em);

/* Render FN(F, ARG) into memory.  Returns 0 with *BUF (caller frees) and
 * *LEN, or -1 (out of memory, or FN returned < 0) with nothing to free. */
int emit_render(int (*fn)(FILE *, void *), void *arg, char **buf, size_t *len);

/* Write ROOT/REL with the LEN bytes at BUF unless it holds exactly them
 * (missing folders are made).  Returns 1 when written, 0 when already up
 * to date, -1 with E set. */
int emit_put(const struct emit *em, const char *rel, const char *buf, size_t len, struct err *e);

/* Hold page REL at RANK for emit_flush; takes BUF (LEN bytes) whatever
 * the outcome.  Returns 0, or -1 with E set (out of memory). */
int emit_hold(struct emit *em, const char *rel, int rank, char *buf, size_t len, struct err *e);

/* Sort the held pages into the order emit_flush writes them: by rank,
 * then by path. */
void emit_sort(struct emit *em);

/* Write every held page in link order (emit_sort), each only if changed,
 * counting them in EM->written and EM->same; the held pages are released.
 * Returns 0, or -1 with E set at the first failure (the pages after it are
 * not written: nothing written links to them). */
int emit_flush(struct emit *em, struct err *e);

/* Whether ROOT/REL exists. */
int emit_exists(const struct emit *em, const char *rel);

#endif
