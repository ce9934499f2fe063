/*
 * view: the one renderer of a dossier's public page, used by the publisher
 * (static site) and by kioskd (kiosk frame, JSON API).  It reads only the
 * public kiosk snapshot schema (data/snapshot.sql), so nothing private can
 * reach a page by construction.
 *
 * OWNER: the publisher work (issue 3) implements core/view.c; kioskd
 * (issue 4) only calls it.  Extend, do not change, these signatures.
 */
#ifndef VIEW_H
#define VIEW_H

#include <stdio.h>

#include <sqlite3.h>

#include "clock.h"
#include "err.h"
#include "timeline.h"

enum lang { LANG_VI = 0, LANG_EN = 1 };

struct view_step {
	char *name, *name_en, *unit; /* owned by the view */
	int allowance_min;
};

struct view_dossier {
	char *code, *token, *initials;
	char *procedure_code, *procedure_name, *procedure_name_en;
	char *agency_code, *agency_name, *agency_name_en;
	char *channel; /* 'counter' | 'online' | 'post' */
	char *status;  /* schema status text */
	char *doc_code; int version; /* ISO process */
	int nsteps;
	struct view_step steps[TIMELINE_STEPS_MAX];
	struct timeline tl; /* computed against "now" given to the loader */
};

/* Load the dossier whose token is KEY (BY_TOKEN nonzero) or whose code is
 * KEY from the snapshot SNAP, and compute its timeline on CAL at NOW.
 * Returns 1 and sets *OUT (free with view_dossier_free), 0 when there is no
 * such dossier, -1 with E set on a database or consistency error. */
int view_dossier_load(sqlite3 *snap, const struct clock_cal *cal, const char *key, int by_token,
                      tmin_t now, struct view_dossier **out, struct err *e);

/* NULL-safe. */
void view_dossier_free(struct view_dossier *d);

/* The dossier as an HTML fragment (<article class="dossier">...</article>)
 * in LANG, without page header/footer: each program wraps it in its frame.
 * Returns 0, or -1 on a write error. */
int view_dossier_html(FILE *f, const struct view_dossier *d, enum lang lang);

/* The dossier as a JSON object (public fields and the timeline). */
int view_dossier_json(FILE *f, const struct view_dossier *d);

#endif
