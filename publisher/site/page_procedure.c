/*
 * The page of a procedure (thu-tuc/CODE.html): its published ISO
 * processes, limit, fee, the agencies offering it, its record.  Links to
 * other pages are written only when the target exists (see site_write's
 * rounds).
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

/* An amount in đồng with thousands separators: "50.000" (vi), "50,000" (en). */
static int
money(FILE *f, long long v, enum lang lang)
{
	char digits[32], out[48];
	int n = snprintf(digits, sizeof digits, "%lld", v), o = 0;

	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			out[o++] = lang == LANG_VI ? '.' : ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out_printf(f, "%s ", out) < 0 || fputs(msg(lang, M_VND), f) == EOF ? -1 : 0;
}

static int
fee(FILE *f, const struct s_proc *p, enum lang l)
{
	if (p->fee == 0)
		W(msg(l, M_FEE_FREE));
	else if (p->fee > 0)
		CK(money(f, p->fee, l));
	if (p->fee_note && *p->fee_note) {
		W(p->fee >= 0 ? " (" : "");
		CK(out_text(f, p->fee_note));
		W(p->fee >= 0 ? ")" : "");
	} else if (p->fee < 0) {
		W("–");
	}
	return 0;
}

static int
steps_table(FILE *f, const struct view_process *vp, enum lang l)
{
	W("<table class=\"process-steps\"><thead><tr><th scope=\"col\">");
	W(msg(l, M_STEP));
	W("</th><th scope=\"col\">");
	W(msg(l, M_PROCEDURE));
	W("</th><th scope=\"col\">");
	W(msg(l, M_UNIT));
	W("</th><th scope=\"col\">");
	W(msg(l, M_ALLOWANCE));
	W("</th></tr></thead>\n<tbody>\n");
	for (int i = 0; vp && i < vp->nsteps; i++) {
		const struct view_step *st = &vp->steps[i];
		CK(out_printf(f, "<tr><td>%d</td><td>", i + 1));
		CK(site_name(f, st->name, st->name_en, l));
		W("</td><td>");
		CK(out_text(f, st->unit));
		CK(out_printf(f, "</td><td>%g ", st->allowance_min / 60.0));
		W(msg(l, M_HOURS));
		W("</td></tr>\n");
	}
	W("</tbody></table>\n");
	return 0;
}

static int
process_section(FILE *f, struct pagejob *j, const struct s_process *ps)
{
	const struct s_agency *a = site_agency(j->s, ps->agency);
	enum lang l = j->lang;

	W("<section class=\"process\"><h3>");
	W(msg(l, M_PROCESS));
	W(" ");
	CK(out_text(f, ps->doc_code));
	CK(out_printf(f, " (%s %d)", msg(l, M_VERSION), ps->version));
	W("</h3>\n<p>");
	CK(site_ref_link(f, j, PAGE_DIR_AGENCIES, 0, ps->agency, a ? a->name : ps->agency,
	                 a ? a->name_en : NULL));
	W(" · ");
	W(msg(l, M_EFFECTIVE));
	W(" ");
	CK(out_text(f, ps->from));
	W("</p>\n");
	CK(steps_table(f, view_ref_process(j->ref, ps->id), l));
	W("</section>\n");
	return 0;
}

int
page_procedure(FILE *f, struct pagejob *j)
{
	const struct s_proc *p = j->item;
	enum lang l = j->lang;
	char path[128], stats[160];
	const char *lv = msg_level(l, p->level);
	struct page pg = {l, path, NULL, NAV_PROCEDURES, 0, 0, j->p->as_of, 0};

	snprintf(path, sizeof path, PAGE_DIR_PROCEDURES "/%s.html", p->code);
	pg.title = l == LANG_EN && p->name_en && *p->name_en ? p->name_en : p->name;
	pg.missing = site_missing(j, path);
	CK(page_begin(f, &pg));
	W("<h1>");
	CK(site_name(f, p->name, p->name_en, l));
	W("</h1>\n<p class=\"code\">");
	CK(out_text(f, p->code));
	W(" · ");
	CK(out_text(f, site_field_name(j->s, p->field, l)));
	W("</p>\n<dl class=\"facts\"><dt>");
	W(msg(l, M_LIMIT));
	CK(out_printf(f, "</dt><dd>%g ", p->limit_days));
	W(msg(l, M_DAYS));
	W("</dd><dt>");
	W(msg(l, M_FEE));
	W("</dt><dd>");
	CK(fee(f, p, l));
	W("</dd><dt>");
	W(msg(l, M_LEVEL));
	W("</dt><dd>");
	CK(lv ? (fputs(lv, f) == EOF ? -1 : 0) : out_text(f, p->level));
	W("</dd></dl>\n<h2>");
	W(msg(l, M_ONTIME_SUMMARY));
	W("</h2>\n");
	CK(site_figures(f, &p->t, l));
	snprintf(stats, sizeof stats, PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/%s.html", p->code);
	CK(site_times(f, j, &pg, &p->times, p->limit_days, stats));
	W("<h2>");
	W(msg(l, M_OFFERED_BY));
	W("</h2>\n");
	int any = 0;
	for (size_t i = 0; i < j->s->nps; i++) {
		const struct s_process *ps = &j->s->ps[i];
		if (strcmp(ps->procedure, p->code) != 0 || !site_process_current(j->s, ps))
			continue;
		CK(process_section(f, j, ps));
		any = 1;
	}
	if (!any) {
		W("<p>");
		W(msg(l, M_NO_PROCESS));
		W("</p>\n");
	}
	return page_end(f, &pg);
}

const struct site_page_type site_page_procedure = {
    "procedure", SITE_EACH_PROCEDURE, PAGE_DIR_PROCEDURES, 0, page_procedure,
};
