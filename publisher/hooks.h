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
 * on calendar CAL, as of NOW.  Pages must be written atomically (core/afile.h)
 * and use core/page.h's frame.  The publisher writes a placeholder
 * index.html in each of the two folders when none exists, so that the site
 * navigation always resolves; the hook replaces it.  Returns 0, or -1 with
 * E set (the publisher reports it and exits with status 1). */
int stats_site_write(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir, tmin_t now,
                     struct err *e);

#endif
