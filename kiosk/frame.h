/*
 * frame: the kiosk's page frame (head, top bar with the home and language
 * buttons, footer) around every HTML answer.  The dossier itself is drawn
 * by core/view.c; every fixed word, the kiosk's own (M_K_*) among them,
 * comes from the message catalogue, core/msg.h.
 */
#ifndef KIOSK_FRAME_H
#define KIOSK_FRAME_H

#include <stdio.h>

#include "msg.h"

struct frame {
	enum lang lang;
	const char *title;      /* plain text, escaped here */
	const char *self;       /* this page's path (validated, safe), for the
	                           language button; NULL = no button */
	const char *body_class; /* fixed class name, e.g. "page-dossier" */
	unsigned refresh;       /* seconds until kiosk.js reloads the page, 0 never */
	const char *as_of;      /* snapshot generated_at, or NULL */
	const char *extra_css;  /* fixed path of one more stylesheet, or NULL */
	const char *extra_js;   /* fixed path of one more script (deferred), or NULL */
};

/* Whether pages link /site.css (the publisher's style of the dossier
 * view); call once at start. */
void frame_use_site_css(int yes);

/* Write the document up to the start of <main>.  Returns 0 or -1. */
int frame_begin(FILE *f, const struct frame *fr);
/* Close <main> and the document. */
int frame_end(FILE *f, const struct frame *fr);

#endif
