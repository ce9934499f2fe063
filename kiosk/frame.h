/*
 * frame: the kiosk's page frame (head, top bar with the home and language
 * buttons, footer) around every HTML answer, and the kiosk's own words in
 * Vietnamese and English.  The dossier itself is drawn by core/view.c; the
 * words shared with the static site come from core/msg.h.
 *
 * Texts are static, valid UTF-8 and free of & < > " ', so they may be
 * written with fputs (test_kiosk_text checks that over the table).
 */
#ifndef KIOSK_FRAME_H
#define KIOSK_FRAME_H

#include <stdio.h>

#include "msg.h"

enum ktext {
	KT_TITLE, KT_HOME, KT_OTHER_LANG, KT_PROCEDURES, KT_LOOKUP_TITLE, KT_NO_DOSSIER,
	KT_NO_DOSSIER_HINT, KT_BAD_CODE, KT_RATE_LIMITED, KT_UNAVAILABLE, KT_UNAVAILABLE_HINT,
	KT_NOT_FOUND, KT_BAD_REQUEST, KT_METHOD, KT_TOO_LARGE, KT_INTERNAL, KT_DUE_IF_NOW,
	KT_DUE_BASIS_PROCESS, KT_DUE_BASIS_LIMIT, KT_STEPS, KT_STEP_NO, KT_UNIT, KT_TIME, KT_LIMIT,
	KT_FEE, KT_FREE, KT_DAYS, KT_HOURS, KT_BOARD_TITLE, KT_READY_LIST, KT_TODAY,
	KT_RECEIVED_TODAY, KT_RESOLVED_TODAY, KT_RETURNED_TODAY, KT_WAITING, KT_NONE_READY,
	KT_BACK, KT_PROCESS, KT_OFFERED_HERE, KT_NO_PROCEDURES, KT_FIELD, KT_TRY_AGAIN,
	KT_DATA_AS_OF, KT_BOARD_HINT, KT_VND, KT_AGENCY_LIST, KT_BOARD_CAP_A, KT_BOARD_CAP_B,
	KT_BOARD_CAP_C,
	KT_COUNT
};

/* The text of ID in LANG; static, never NULL. */
const char *ktext(enum lang lang, enum ktext id);

struct frame {
	enum lang lang;
	const char *title;     /* plain text, escaped here */
	const char *self;      /* this page's path (validated, safe), for the
	                          language button; NULL = no button */
	const char *body_class;/* fixed class name, e.g. "page-dossier" */
	unsigned refresh;      /* seconds for <meta http-equiv=refresh>, 0 none */
	const char *as_of;     /* snapshot generated_at, or NULL */
	const char *extra_css; /* fixed path of one more stylesheet, or NULL */
};

/* Whether pages link /site.css (the publisher's style of the dossier
 * view); call once at start. */
void frame_use_site_css(int yes);

/* Write the document up to the start of <main>.  Returns 0 or -1. */
int frame_begin(FILE *f, const struct frame *fr);
/* Close <main> and the document. */
int frame_end(FILE *f, const struct frame *fr);

#endif
