/*
 * The index of the agencies (co-quan/index.html): each agency whose page
 * exists, with its level, dossiers received and on-time share.
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

static int
agency_index(FILE *f, struct pagejob *j)
{
	enum lang l = j->lang;
	struct page pg = {
	    l, PAGE_DIR_AGENCIES "/index.html", msg(l, M_AGENCIES), NAV_AGENCIES, 0, 0, j->p->as_of,
	    0};
	char path[128];

	pg.missing = site_missing(j, pg.path);
	CK(page_begin(f, &pg));
	W("<h1>");
	W(msg(l, M_AGENCIES));
	W("</h1>\n<table class=\"list\"><thead><tr><th scope=\"col\">");
	W(msg(l, M_AGENCY));
	W("</th><th scope=\"col\">");
	W(msg(l, M_LEVEL));
	W("</th><th scope=\"col\">");
	W(msg(l, M_N_RECEIVED));
	W("</th><th scope=\"col\">");
	W(msg(l, M_ONTIME_RATE));
	W("</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < j->s->nag; i++) {
		const struct s_agency *a = &j->s->ag[i];
		const char *lv = msg_level(l, a->level);
		struct site_figs fg;
		if (!a->ok)
			continue;
		snprintf(path, sizeof path, PAGE_DIR_AGENCIES "/%s.html", a->code);
		if (!site_exists(j, path))
			continue;
		W("<tr><td><a href=\"");
		CK(out_url(f, a->code));
		W(".html\">");
		CK(site_name(f, a->name, a->name_en, l));
		W("</a></td><td>");
		CK(lv ? (fputs(lv, f) == EOF ? -1 : 0) : out_text(f, a->level));
		site_figs_of(j->s, site_agency_ent(j->s, a), &fg);
		CK(out_printf(f, "</td><td>%ld</td><td>", fg.received[PER_ALL]));
		CK(site_rate(f, fg.ontime[PER_ALL], fg.resolved[PER_ALL], l));
		W("</td></tr>\n");
	}
	W("</tbody></table>\n");
	return page_end(f, &pg);
}

/* Lists the agency pages (site_page_types[1]). */
const struct site_page_type site_page_agency_index = {
    "agency index", SITE_ONE, PAGE_DIR_AGENCIES "/index.html", 1u << 1, agency_index,
};
