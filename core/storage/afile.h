/*
 * afile: write a file so that readers see either the old contents or the
 * whole new contents, never a part:
 * write to a temporary file in the target's directory, check that it closed
 * cleanly, then rename() over the target.
 */
#ifndef AFILE_H
#define AFILE_H

#include <stdio.h>

#include "err.h"

struct afile {
	FILE *f;    /* write here */
	char *path; /* final path (owned) */
	char *tmp;  /* temporary path (owned) */
};

/* Open a temporary file beside PATH (creating missing parent directories
 * with mode 0755 first when MKDIRS is nonzero), with permissions MODE
 * (e.g. 0644; 0600 for private output).  Returns 0 and fills *A, or -1 with
 * E set. */
int afile_open(struct afile *a, const char *path, int mode, int mkdirs, struct err *e);

/* Flush, fsync when SYNC is nonzero, close and rename into place.  On any
 * error the temporary file is removed, the target is untouched, and -1 is
 * returned with E set.  *A is released either way. */
int afile_commit(struct afile *a, int sync, struct err *e);

/* Give up: close and remove the temporary file.  NULL-safe on a zeroed A. */
void afile_abort(struct afile *a);

/* Write the LEN bytes at BUF to PATH the same way (temporary file beside
 * it, then rename), in as few system calls as it takes: open, write,
 * close, rename; missing parent directories are made (mode 0755) only when
 * the open says they are missing.  MODE as for afile_open.  No fsync: for
 * files that a later run can make again.  Safe to call from several
 * threads.  Returns 0, or -1 with E set and PATH untouched. */
int afile_put(const char *path, const void *buf, size_t len, int mode, struct err *e);

/* Create PATH, which must not exist, holding the LEN bytes at BUF: open,
 * write, close, and no temporary name.  Only for a folder that no reader
 * sees until it is complete (a half-written file is removed on an error,
 * but not when the process is killed).  MODE as for afile_open.  Safe to
 * call from several threads.  Returns 0, or -1 with E set. */
int afile_create(const char *path, const void *buf, size_t len, int mode, struct err *e);

/* Whether PATH holds exactly the LEN bytes at BUF (0 when it cannot be
 * read). */
int afile_same(const char *path, const void *buf, size_t len);

/* mkdir -p PATH's parent directories (not PATH itself). */
int afile_mkdirs_for(const char *path, struct err *e);

#endif
