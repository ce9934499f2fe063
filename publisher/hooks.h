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

#include <stdint.h>

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

/* What the publisher knows about this run, for a hook that may skip work
 * when nothing it depends on changed. */
struct hook_run {
	tmin_t now;
	int snapshot_kept;      /* the snapshot is the previous run's, unchanged */
	uint64_t snapshot_id;   /* names the snapshot's contents and this build */
	int full;               /* --full: redo everything */
	int fresh;              /* SITE was empty at the start of the run */
	const char *stamp_path; /* a file outside SITE, beside the publisher's
	                           state, the hook may keep between runs */
};

/* stats_site_write with the run's facts: when the snapshot was kept, the
 * stamp at RUN->stamp_path names this snapshot and says that the pages
 * written from it stay right until after RUN->now, nothing is done and
 * *SKIPPED is set to 1.  Otherwise the stamp is removed, the pages are
 * written as by stats_site_write, and a new stamp is written last (a run
 * killed before that leaves no stamp, so the next run recomputes).  The
 * default (hooks.c) calls stats_site_write.  Returns 0, or -1 with E. */
int stats_site_update(sqlite3 *snap, const struct clock_cal *cal, const char *site_dir,
                      const struct hook_run *run, int *skipped, struct err *e);

#endif
