/*
 * statics: the table of files kioskd serves as they are (web/ and assets/),
 * read into memory once at start.  A URL is looked up in the table by exact
 * name; it is never turned into a file path (STYLE practice 5), so there is
 * no '..', encoding trick or symlink that leads out of the two folders.
 *
 * Loading takes only regular files whose names are plain
 * ([A-Za-z0-9][A-Za-z0-9._-]*, a known extension) directly in the folder;
 * a symlink is taken only when it resolves to a file inside the folder.
 */
#ifndef KIOSK_STATICS_H
#define KIOSK_STATICS_H

#include <stddef.h>

#include "err.h"

#define STATICS_MAX 128             /* files in the table */
#define STATICS_NAME_MAX 64         /* a file name's length */
#define STATICS_FILE_MAX (2u << 20) /* a kiosk page's pieces are small */

struct static_file {
	char url[STATICS_NAME_MAX + 16]; /* '/kiosk.css', '/assets/logo.svg' */
	const char *ctype;               /* static: 'text/css; charset=utf-8' */
	char *data;
	size_t len;
};

struct statics {
	int n;
	struct static_file files[STATICS_MAX];
};

/* Add the files of DIR to S under URL prefix PREFIX ('/' or '/assets/').
 * A missing DIR adds nothing and is not an error when OPTIONAL is nonzero.
 * Returns the number of files added, or -1 with E set. */
int statics_load(struct statics *s, const char *dir, const char *prefix, int optional,
                 struct err *e);

/* The file served at URL, or NULL.  Borrowed from S. */
const struct static_file *statics_find(const struct statics *s, const char *url);

/* Release the file contents (NULL-safe). */
void statics_free(struct statics *s);

/* Add the file at URL FROM (already in S) once more at URL TO, a copy:
 * /favicon.ico, which browsers ask for without a link, is the one in
 * assets/.  Returns 1 when added, 0 when FROM is not in S, -1 with E set. */
int statics_alias(struct statics *s, const char *to, const char *from, struct err *e);

/* Where the installed web/ and assets/ are: the folder holding
 * web/kiosk.html, looked for in $TRACKING_SHARE, in PREFIX/share/tracking
 * beside the installed program (PREFIX/bin/kioskd, whatever PREFIX and
 * DESTDIR were), in the source tree the program was built in
 * (build/kioskd), then /usr/local/share/tracking, /usr/share/tracking and
 * the working directory.  Writes it into BUF (SIZE bytes) and returns BUF, or NULL
 * when none holds it. */
const char *statics_share_dir(char *buf, size_t size);

/* The Content-Type for file name NAME, or NULL when its extension is not
 * one we serve. */
const char *statics_ctype(const char *name);

#endif
