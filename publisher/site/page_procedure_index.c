/*
 * The index of the procedures (thu-tuc/index.html): each procedure whose
 * page exists, with its field and statutory limit.
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
proc_index(FILE *f, struct pagejob *j)
{
	enum lang l = j->lang;
	struct page pg = {l,
	                  PAGE_DIR_PROCEDURES "/index.html",
	                  msg(l, M_PROCEDURES),
	                  NAV_PROCEDURES,
	                  0,
	                  0,
	                  j->p->as_of,
	                  0};
	char path[128];

	pg.missing = site_missing(j, pg.path);
	CK(page_begin(f, &pg));
	W("<h1>");
	W(msg(l, M_PROCEDURES));
	W("</h1>\n<table class=\"list\"><thead><tr><th scope=\"col\">");
	W(msg(l, M_PROCEDURE));
	W("</th><th scope=\"col\">");
	W(msg(l, M_FIELD));
	W("</th><th scope=\"col\">");
	W(msg(l, M_LIMIT));
	W("</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < j->s->npr; i++) {
		const struct s_proc *p = &j->s->pr[i];
		if (!p->ok)
			continue;
		snprintf(path, sizeof path, PAGE_DIR_PROCEDURES "/%s.html", p->code);
		if (!site_exists(j, path))
			continue;
		W("<tr><td><a href=\"");
		CK(out_url(f, p->code));
		W(".html\">");
		CK(site_name(f, p->name, p->name_en, l));
		W("</a> <span class=\"code\">");
		CK(out_text(f, p->code));
		W("</span></td><td>");
		CK(out_text(f, site_field_name(j->s, p->field, l)));
		W("</td><td>");
		CK(out_quantity(f, l, p->limit_days, -1, M_DAY, M_DAYS));
		W("</td></tr>\n");
	}
	W("</tbody></table>\n");
	return page_end(f, &pg);
}

/* Lists the procedure pages (site_page_types[0]). */
const struct site_page_type site_page_procedure_index = {
    "procedure index", SITE_ONE, PAGE_DIR_PROCEDURES "/index.html", 1u << 0, proc_index,
};
