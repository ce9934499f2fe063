/*
 * Hooks: pages other modules add to the site.  The publisher calls each
 * hook once per run, after the dossier, agency, procedure and home pages
 * are in place (SITE is complete), and before the state file is saved.
 *
 * The statistics work provides the real stats_site_write in its own file;
 * until then hooks.c's weak definition writes nothing.
 */
#ifndef HOOKS_H
#define HOOKS_H

#include <sqlite3.h>

#include "clock.h"
#include "err.h"

/* Write the statistics pages (SITE_DIR/thong-ke/) and the ISO roadmap
 * (SITE_DIR/lo-trinh-iso/) from the kiosk snapshot SNAP (public data only),
 * on calendar CAL, as of NOW.  Files must be written atomically
 * (core/afile.h) and only when their contents change (a run that changes
 * nothing touches nothing), pages in core/page.h's frame, each after the
 * pages it links to.  The publisher writes a placeholder page, when none
 * exists, for index.html of the two folders and for
 * thong-ke/thu-tuc/CODE.html and thong-ke/co-quan/CODE.html of each
 * procedure and agency page it links from, so that its links always
 * resolve; the hook replaces them.  Returns 0, or -1 with E set (the
 * publisher reports it and exits with status 1). */
int stats_site_write(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir, tmin_t now,
                     struct err *e);

#endif
