/*
 * The home page (index.html): this month's and this year's figures, the
 * table of all figures, and the sections of the site that exist.
 */
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "site.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)
#define CK(x)                                                                                      \
	do {                                                                                       \
		if ((x) < 0)                                                                       \
			return -1;                                                                 \
	} while (0)

/* A big headline number for the home page. */
static int
headline(FILE *f, const struct site_figs *t, int per, enum lang lang)
{
	W("<div class=\"cards\"><p class=\"card\"><span class=\"big\">");
	CK(out_printf(f, "%ld", t->received[per]));
	W("</span> ");
	W(msg(lang, M_N_RECEIVED));
	W("</p><p class=\"card\"><span class=\"big\">");
	CK(out_printf(f, "%ld", t->resolved[per]));
	W("</span> ");
	W(msg(lang, M_N_RESOLVED));
	W("</p><p class=\"card\"><span class=\"big\">");
	CK(site_rate(f, t->ontime[per], t->resolved[per], lang));
	W("</span> ");
	W(msg(lang, M_ONTIME_RATE));
	W("</p></div>\n");
	return 0;
}

static int
home(FILE *f, struct pagejob *j)
{
	enum lang l = j->lang;
	struct page pg = {l, "index.html", msg(l, M_NAV_HOME), NAV_HOME, 0, 0, j->p->as_of, 0};
	struct site_figs all;
	static const struct {
		const char *href;
		enum msg_id label;
		enum page_nav nav;
	} links[] = {{PAGE_DIR_AGENCIES "/index.html", M_AGENCIES, NAV_AGENCIES},
	             {PAGE_DIR_PROCEDURES "/index.html", M_PROCEDURES, NAV_PROCEDURES},
	             {PAGE_DIR_STATS "/index.html", M_NAV_STATS, NAV_STATS},
	             {PAGE_DIR_ISO "/index.html", M_NAV_ISO, NAV_ISO}};

	site_figs_of(j->s, site_all_ent(j->s), &all);
	pg.missing = site_missing(j, pg.path);
	CK(page_begin(f, &pg));
	W("<h1>");
	W(msg(l, M_SITE_TITLE));
	W("</h1>\n<p class=\"hint\">");
	W(msg(l, M_LOOKUP_HINT));
	W("</p>\n<h2>");
	W(msg(l, M_THIS_MONTH));
	W("</h2>\n");
	CK(headline(f, &all, PER_MONTH, l));
	W("<h2>");
	W(msg(l, M_THIS_YEAR));
	W("</h2>\n");
	CK(headline(f, &all, PER_YEAR, l));
	W("<h2>");
	W(msg(l, M_FIGURES));
	W("</h2>\n");
	CK(site_figures(f, j->s, site_all_ent(j->s), l));
	W("<ul class=\"sections\">");
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		if (pg.missing & PAGE_MISSING(links[i].nav))
			continue;
		W("<li><a href=\"");
		CK(page_lang_root(f, &pg));
		W(links[i].href);
		W("\">");
		W(msg(l, links[i].label));
		W("</a></li>");
	}
	W("</ul>\n");
	return page_end(f, &pg);
}

/* Lists the two indexes (site_page_types[2] and [3]). */
const struct site_page_type site_page_home = {
    "home", SITE_ONE, "index.html", 1u << 2 | 1u << 3, home,
};
