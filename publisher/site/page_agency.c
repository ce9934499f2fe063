/*
 * The page of an agency (co-quan/CODE.html): its procedures, its record,
 * its ISO milestones.  Links to other pages are written only when the
 * target exists (see site_write's rounds).
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

/* A dt/dd pair for an optional date (shown as "not yet" when absent). */
static int
date_fact(FILE *f, enum lang l, enum msg_id label, const char *date)
{
	W("<dt>");
	W(msg(l, label));
	W("</dt><dd>");
	if (date && *date)
		CK(out_date(f, l, date)); /* a date as the language writes it, else the text */
	else
		W(msg(l, M_NOT_YET));
	W("</dd>");
	return 0;
}

static int
agency_facts(FILE *f, struct pagejob *j, const struct s_agency *a)
{
	enum lang l = j->lang;
	const struct s_agency *o;

	W("<dl class=\"facts\">");
	if (a->parent && *a->parent) {
		o = site_agency(j->s, a->parent);
		W("<dt>");
		W(msg(l, M_PARENT));
		W("</dt><dd>");
		CK(site_ref_link(f, j, PAGE_DIR_AGENCIES, 1, a->parent, o ? o->name : a->parent,
		                 o ? o->name_en : NULL));
		W("</dd>");
	}
	if (a->valid_to && *a->valid_to) {
		W("<dt>");
		W(msg(l, M_DISSOLVED));
		W("</dt><dd>");
		CK(out_date(f, l, a->valid_to));
		W("</dd>");
	}
	if (a->successor && *a->successor) {
		o = site_agency(j->s, a->successor);
		W("<dt>");
		W(msg(l, M_SUCCESSOR));
		W("</dt><dd>");
		CK(site_ref_link(f, j, PAGE_DIR_AGENCIES, 1, a->successor,
		                 o ? o->name : a->successor, o ? o->name_en : NULL));
		W("</dd>");
	}
	CK(date_fact(f, l, M_ISO_STANDARD, a->iso_standard));
	CK(date_fact(f, l, M_ISO_ANNOUNCED, a->iso_announced));
	CK(date_fact(f, l, M_EISO, a->eiso_date));
	CK(date_fact(f, l, M_LAST_AUDIT, a->last_audit));
	CK(date_fact(f, l, M_LAST_REVIEW, a->last_review));
	W("</dl>\n");
	return 0;
}

static int
agency_procs(FILE *f, struct pagejob *j, const struct s_agency *a)
{
	enum lang l = j->lang;
	int any = 0;

	for (size_t i = 0; i < j->s->nps; i++) {
		const struct s_process *ps = &j->s->ps[i];
		const struct s_proc *p;
		if (strcmp(ps->agency, a->code) != 0 || !site_process_current(j->s, ps) ||
		    !(p = site_proc(j->s, ps->procedure)))
			continue;
		if (!any) {
			W("<table class=\"list\"><thead><tr><th scope=\"col\">");
			W(msg(l, M_PROCEDURE));
			W("</th><th scope=\"col\">");
			W(msg(l, M_PROCESS));
			W("</th><th scope=\"col\">");
			W(msg(l, M_LIMIT));
			W("</th></tr></thead>\n<tbody>\n");
			any = 1;
		}
		W("<tr><td>");
		CK(site_ref_link(f, j, PAGE_DIR_PROCEDURES, 0, p->ok ? p->code : NULL, p->name,
		                 p->name_en));
		W("</td><td>");
		CK(out_text(f, ps->doc_code));
		W("</td><td>");
		CK(out_quantity(f, l, p->limit_days, -1, M_DAY, M_DAYS));
		W("</td></tr>\n");
	}
	if (any)
		W("</tbody></table>\n");
	else {
		W("<p>");
		W(msg(l, M_NO_PROCESS));
		W("</p>\n");
	}
	return 0;
}

int
page_agency(FILE *f, struct pagejob *j)
{
	const struct s_agency *a = j->item;
	enum lang l = j->lang;
	char path[128], stats[160];
	const char *lv = msg_level(l, a->level);
	struct page pg = {l, path, NULL, NAV_AGENCIES, 0, 0, j->p->as_of, 0};

	snprintf(path, sizeof path, PAGE_DIR_AGENCIES "/%s.html", a->code);
	pg.title = l == LANG_EN && a->name_en && *a->name_en ? a->name_en : a->name;
	pg.missing = site_missing(j, path);
	CK(page_begin(f, &pg));
	W("<h1>");
	CK(site_name(f, a->name, a->name_en, l));
	W("</h1>\n<p class=\"code\">");
	CK(out_text(f, a->code));
	W(" · ");
	CK(lv ? (fputs(lv, f) == EOF ? -1 : 0) : out_text(f, a->level));
	W("</p>\n");
	CK(agency_facts(f, j, a));
	W("<h2>");
	W(msg(l, M_ONTIME_SUMMARY));
	W("</h2>\n");
	CK(site_figures(f, j->s, site_agency_ent(j->s, a), l));
	snprintf(stats, sizeof stats, PAGE_DIR_STATS "/" PAGE_DIR_AGENCIES "/%s.html", a->code);
	CK(site_times(f, j, &pg, site_agency_times(j->s, a), 0, stats));
	CK(site_satisfaction(f, j, &pg, a));
	W("<h2>");
	W(msg(l, M_PROCEDURES));
	W("</h2>\n");
	CK(agency_procs(f, j, a));
	return page_end(f, &pg);
}

const struct site_page_type site_page_agency = {
    "agency", SITE_EACH_AGENCY, PAGE_DIR_AGENCIES, 0, page_agency,
};
