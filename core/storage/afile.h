/*
 * afile: write a file so that readers see either the old contents or the
 * whole new contents, never a part (after stagit's cache):
 * write to a temporary file in the target's directory, check that it closed
 * cleanly, then rename() over the target.
 */
#ifndef AFILE_H
#define AFILE_H

#include <stdio.h>

#include "err.h"

struct afile {
	FILE *f;          /* write here */
	char *path;       /* final path (owned) */
	char *tmp;        /* temporary path (owned) */
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

/* mkdir -p PATH's parent directories (not PATH itself). */
int afile_mkdirs_for(const char *path, struct err *e);

#endif
