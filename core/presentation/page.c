#include "page.h"

#include <string.h>

#include "out.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

static int
depth(const char *path)
{
	int n = 0;

	for (; *path; path++)
		n += *path == '/';
	return n;
}

int
page_lang_root(FILE *f, const struct page *p)
{
	for (int i = depth(p->path); i > 0; i--)
		W("../");
	return 0;
}

int
page_root(FILE *f, const struct page *p)
{
	if (page_lang_root(f, p) < 0)
		return -1;
	if (p->lang == LANG_EN && !p->bilingual)
		W("../");
	return 0;
}

/* A nav entry: HREF relative to the language root (every section exists
 * in both languages). */
static int
nav_item(FILE *f, const struct page *p, enum page_nav which, const char *href, enum msg_id label)
{
	if (p->missing & PAGE_MISSING(which)) {
		W("<li><span>");
		W(msg(p->lang, label));
		W("</span></li>");
		return 0;
	}
	W("<li><a href=\"");
	if (page_lang_root(f, p) < 0)
		return -1;
	W(href);
	W(p->nav == which ? "\" class=\"current\">" : "\">");
	W(msg(p->lang, label));
	W("</a></li>");
	return 0;
}

static int
head(FILE *f, const struct page *p)
{
	W("<!DOCTYPE html>\n<html lang=\"");
	W(msg_lang_tag(p->lang));
	W("\">\n<head>\n<meta charset=\"utf-8\">\n"
	  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	if (p->noindex)
		W("<meta name=\"robots\" content=\"noindex\">\n");
	W("<title>");
	if (out_text(f, p->title) < 0)
		return -1;
	W(" · ");
	W(msg(p->lang, M_SITE_TITLE));
	W("</title>\n<link rel=\"stylesheet\" href=\"");
	if (page_root(f, p) < 0)
		return -1;
	W("site.css\">\n<link rel=\"icon\" type=\"image/svg+xml\" href=\"");
	if (page_root(f, p) < 0)
		return -1;
	W("assets/favicon.svg\">\n</head>\n");
	return 0;
}

static int
lang_switch(FILE *f, const struct page *p)
{
	if (p->bilingual || (p->missing & PAGE_MISSING_LANG))
		return 0;
	W("<li class=\"lang\"><a lang=\"");
	W(msg_lang_tag(p->lang == LANG_VI ? LANG_EN : LANG_VI));
	W("\" href=\"");
	if (page_root(f, p) < 0)
		return -1;
	if (p->lang == LANG_VI)
		W(PAGE_DIR_EN "/");
	if (out_attr(f, p->path) < 0)
		return -1;
	W("\">");
	W(msg(p->lang, M_OTHER_LANG));
	W("</a></li>");
	return 0;
}

int
page_begin(FILE *f, const struct page *p)
{
	if (head(f, p) < 0)
		return -1;
	W("<body>\n<a class=\"skip\" href=\"#main\">");
	W(msg(p->lang, M_SKIP));
	W("</a>\n<header class=\"site-head\">\n");
	if (p->missing & PAGE_MISSING(NAV_HOME)) {
		W("<span class=\"brand\">");
	} else {
		W("<a class=\"brand\" href=\"");
		if (page_lang_root(f, p) < 0)
			return -1;
		W("index.html\">");
	}
	W("<img src=\"");
	if (page_root(f, p) < 0)
		return -1;
	W("assets/emblem.svg\" alt=\"\" width=\"40\" height=\"40\"><span>");
	W(msg(p->lang, M_SITE_TITLE));
	W(p->missing & PAGE_MISSING(NAV_HOME) ? "</span></span>\n<nav><ul>"
	                                      : "</span></a>\n<nav><ul>");
	if (nav_item(f, p, NAV_HOME, "index.html", M_NAV_HOME) < 0 ||
	    nav_item(f, p, NAV_AGENCIES, PAGE_DIR_AGENCIES "/index.html", M_NAV_AGENCIES) < 0 ||
	    nav_item(f, p, NAV_PROCEDURES, PAGE_DIR_PROCEDURES "/index.html", M_NAV_PROCEDURES) <
	        0 ||
	    nav_item(f, p, NAV_STATS, PAGE_DIR_STATS "/index.html", M_NAV_STATS) < 0 ||
	    nav_item(f, p, NAV_ISO, PAGE_DIR_ISO "/index.html", M_NAV_ISO) < 0 ||
	    lang_switch(f, p) < 0)
		return -1;
	W("</ul></nav>\n</header>\n<main id=\"main\">\n");
	return 0;
}

int
page_end(FILE *f, const struct page *p)
{
	W("</main>\n<footer class=\"site-foot\">\n<p>");
	W(msg(p->lang, M_FOOTER));
	W("</p>\n");
	if (p->as_of) {
		W("<p>");
		W(msg(p->lang, M_DATA_AS_OF));
		W(": ");
		if (out_date(f, p->lang, p->as_of) < 0)
			return -1;
		W("</p>\n");
	}
	W("</footer>\n</body>\n</html>\n");
	return ferror(f) ? -1 : 0;
}
