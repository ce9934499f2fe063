/*
 * page: the frame of every static site page (head, site header and
 * navigation, footer), shared by the publisher's pages and the statistics
 * and ISO roadmap pages.
 *
 * Site layout (paths relative to the site root; English under en/):
 *   index.html                       home
 *   co-quan/index.html, co-quan/CODE.html     agencies
 *   thu-tuc/index.html, thu-tuc/CODE.html     procedures
 *   thong-ke/index.html              statistics (another module)
 *   lo-trinh-iso/index.html          ISO roadmap (another module)
 * Every page but the dossier pages also exists in English at the same
 * path under en/, and links to its other-language version.
 *   d/XX/TOKEN.html                  dossier pages (both languages on one page)
 *   site.css, assets/...             shared style and images
 * Links are relative, so the site works from any base URL or directory.
 */
#ifndef PAGE_H
#define PAGE_H

#include <stdio.h>

#include "msg.h"

enum page_nav { NAV_NONE = 0, NAV_HOME, NAV_AGENCIES, NAV_PROCEDURES, NAV_STATS, NAV_ISO };

/* Directory names of the sections (fixed, ASCII). */
#define PAGE_DIR_AGENCIES "co-quan"
#define PAGE_DIR_PROCEDURES "thu-tuc"
#define PAGE_DIR_STATS "thong-ke"
#define PAGE_DIR_ISO "lo-trinh-iso"
#define PAGE_DIR_EN "en"

struct page {
	enum lang lang;
	const char *path;  /* this page relative to its language root, e.g.
	                      "co-quan/000.00.01.H34.html"; must be made of
	                      validated codes and fixed names */
	const char *title; /* plain text, escaped here */
	enum page_nav nav; /* the section to mark current */
	int noindex;       /* dossier pages: keep them out of search engines */
	int bilingual;     /* one page for both languages: no language switch */
	const char *as_of; /* 'YYYY-MM-DD HH:MM' shown in the footer, or NULL */
	unsigned missing;  /* PAGE_MISSING(x) bits: navigation targets not yet
	                      published, shown without a link (a page never
	                      links to a page that is not there yet) */
};

/* Bit of struct page's MISSING for the section NAV (enum page_nav) and
 * for the other-language version of the page. */
#define PAGE_MISSING(nav) (1u << (nav))
#define PAGE_MISSING_LANG (1u << 7)

/* Write the doctype, head and site header, ending inside <main>.  Returns
 * 0, or -1 on a write error. */
int page_begin(FILE *f, const struct page *p);

/* Close <main>, write the footer and close the document. */
int page_end(FILE *f, const struct page *p);

/* Write the relative prefix from page P to the site root ("", "../",
 * "../../", ...), for links the caller writes itself. */
int page_root(FILE *f, const struct page *p);

/* Write the relative prefix from page P to its language root (the site
 * root for Vietnamese, en/ for English). */
int page_lang_root(FILE *f, const struct page *p);

#endif
