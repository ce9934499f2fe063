/*
 * The page of a procedure (thu-tuc/CODE.html): limit, fee, the documents
 * to hand in, its record, and its published ISO processes: one table per
 * distinct process (many agencies publish the same one), with the
 * agencies that use it.  Links to
 * other pages are written only when the target exists (see site_write's
 * rounds).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
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
	return out_grouped(f, lang, v) < 0 || fputs(" ", f) == EOF ||
	               fputs(msg(lang, M_VND), f) == EOF
	           ? -1
	           : 0;
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
		/* The note is the office's Vietnamese text, on English pages too. */
		W(l == LANG_EN ? "<span lang=\"vi\">" : "");
		CK(out_text(f, p->fee_note));
		W(l == LANG_EN ? "</span>" : "");
		W(p->fee >= 0 ? ")" : "");
	} else if (p->fee < 0) {
		W("–");
	}
	return 0;
}

static int
steps_table(FILE *f, const struct refs_process *vp, enum lang l)
{
	W("<table class=\"process-steps\"><thead><tr><th scope=\"col\">");
	W(msg(l, M_STEP));
	W("</th><th scope=\"col\">");
	W(msg(l, M_STEP_TASK));
	W("</th><th scope=\"col\">");
	W(msg(l, M_UNIT));
	W("</th><th scope=\"col\">");
	W(msg(l, M_ALLOWANCE));
	W("</th></tr></thead>\n<tbody>\n");
	for (int i = 0; vp && i < vp->nsteps; i++) {
		const struct refs_step *st = &vp->steps[i];
		CK(out_printf(f, "<tr><td>%d</td><td>", i + 1));
		CK(site_name(f, st->name, st->name_en, l));
		W("</td><td>");
		CK(out_text(f, st->unit));
		W("</td><td>");
		CK(out_quantity(f, l, st->allowance_min / 60.0, -1, M_HOUR, M_HOURS));
		W("</td></tr>\n");
	}
	W("</tbody></table>\n");
	return 0;
}

/* The documents a citizen hands in, in the procedure's order. */
static int
documents(FILE *f, const struct s_proc *p, enum lang l)
{
	W("<h2>");
	W(msg(l, M_DOCUMENTS));
	W("</h2>\n");
	if (p->ndocs == 0) {
		W("<p>");
		W(msg(l, M_NO_DOCUMENTS));
		W("</p>\n");
		return 0;
	}
	W("<ol class=\"documents\">\n");
	for (size_t i = 0; i < p->ndocs; i++) {
		const struct refs_doc *d = &p->docs[i];
		const char *note = l == LANG_EN && d->note_en && *d->note_en ? d->note_en : d->note;

		W("<li><span class=\"doc-name\">");
		CK(site_name(f, d->name, d->name_en, l));
		W("</span>");
		if (d->originals || d->copies)
			W(" <span class=\"doc-count\">(");
		if (d->originals) {
			W(msg(l, M_DOC_ORIGINALS));
			CK(out_printf(f, ": %d", d->originals));
		}
		if (d->originals && d->copies)
			W(" · ");
		if (d->copies) {
			W(msg(l, M_DOC_COPIES));
			CK(out_printf(f, ": %d", d->copies));
		}
		if (d->originals || d->copies)
			W(")</span>");
		if (note && *note) {
			W(" <span class=\"doc-note\">");
			CK(out_text(f, note));
			W("</span>");
		}
		W("</li>\n");
	}
	W("</ol>\n");
	return 0;
}

static int
same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Whether two processes are the same for a citizen: one version, the
 * same steps (names, units, allowances).  Agencies publish one template
 * under their own document codes, so the code does not count. */
static int
same_process(const struct s_process *a, const struct refs_process *va, const struct s_process *b,
             const struct refs_process *vb)
{
	if (a->version != b->version || !va || !vb || va->nsteps != vb->nsteps)
		return 0;
	for (int i = 0; i < va->nsteps; i++) {
		const struct refs_step *x = &va->steps[i], *y = &vb->steps[i];
		if (!same_text(x->name, y->name) || !same_text(x->name_en, y->name_en) ||
		    !same_text(x->unit, y->unit) || x->allowance_min != y->allowance_min)
			return 0;
	}
	return 1;
}

/* One process of the procedure, in force today, as published: the
 * processes CUR[0..N) whose GROUP is G, the first of them CUR[FIRST]. */
struct shared {
	const struct s_process **cur;
	const size_t *group;
	size_t n, first, g;
};

static int
process_heading(FILE *f, const struct shared *sh, enum lang l, int *same_from, size_t *count)
{
	const struct s_process *rep = sh->cur[sh->first];

	W("<section class=\"process\"><h3>");
	W(msg(l, M_PROCESS));
	W(" ");
	CK(out_text(f, rep->doc_code));
	*same_from = 1;
	*count = 0;
	for (size_t i = sh->first; i < sh->n; i++) {
		const struct s_process *ps = sh->cur[i];
		int dup = 0;

		if (sh->group[i] != sh->g)
			continue;
		(*count)++;
		*same_from &= same_text(ps->from, rep->from);
		/* Other document codes of the same process, each once. */
		for (size_t k = sh->first; k < i && !dup; k++)
			dup =
			    sh->group[k] == sh->g && same_text(sh->cur[k]->doc_code, ps->doc_code);
		if (!dup && !same_text(ps->doc_code, rep->doc_code)) {
			W(", ");
			CK(out_text(f, ps->doc_code));
		}
	}
	CK(out_printf(f, " (%s %d)", msg(l, M_VERSION), rep->version));
	W("</h3>\n");
	return 0;
}

static int
process_section(FILE *f, struct pagejob *j, const struct shared *sh)
{
	const struct s_process *rep = sh->cur[sh->first];
	enum lang l = j->lang;
	int same_from;
	size_t count;

	CK(process_heading(f, sh, l, &same_from, &count));
	CK(steps_table(f, refs_process(j->ref, rep->id), l));
	if (count > 1) {
		CK(out_printf(f, "<p>%s %zu %s:</p>\n", msg(l, M_PROCESS_USED_AT), count,
		              msg(l, M_PROCESS_AGENCIES)));
		W("<ul class=\"process-agencies\">\n");
	} else {
		W("<p>");
	}
	for (size_t i = sh->first; i < sh->n; i++) {
		const struct s_process *ps = sh->cur[i];
		const struct s_agency *a = site_agency(j->s, ps->agency);

		if (sh->group[i] != sh->g)
			continue;
		W(count > 1 ? "<li>" : "");
		CK(site_ref_link(f, j, PAGE_DIR_AGENCIES, 0, ps->agency, a ? a->name : ps->agency,
		                 a ? a->name_en : NULL));
		if (!same_from || count == 1) {
			W(" · ");
			W(msg(l, M_EFFECTIVE));
			W(" ");
			CK(out_date(f, l, ps->from));
		}
		W(count > 1 ? "</li>\n" : "");
	}
	if (count > 1) {
		W("</ul>\n");
		if (same_from) {
			W("<p>");
			W(msg(l, M_EFFECTIVE));
			W(" ");
			CK(out_date(f, l, rep->from));
			W("</p>\n");
		}
	} else {
		W("</p>\n");
	}
	W("</section>\n");
	return 0;
}

/* The index of the first of S's processes of procedure CODE (site.c loads
 * them ordered by procedure code, bytewise as strcmp), or S->nps. */
static size_t
first_of(const struct site *s, const char *code)
{
	size_t lo = 0, hi = s->nps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(s->ps[mid].procedure, code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The processes of P in force today, one section per distinct process
 * (the same steps published by many agencies are one table, with the
 * list of those agencies).  Returns 1 when there was one, 0 when none,
 * -1 on a write error or out of memory. */
static int
processes(FILE *f, struct pagejob *j, const struct s_proc *p)
{
	size_t from = first_of(j->s, p->code), end = from, n = 0, ng = 0;
	const struct s_process **cur;
	size_t *group;
	int r = -1;

	while (end < j->s->nps && strcmp(j->s->ps[end].procedure, p->code) == 0)
		end++;
	cur = calloc(end - from + 1, sizeof(void *));
	group = calloc(end - from + 1, sizeof(size_t));
	if (!cur || !group)
		goto out;
	for (size_t i = from; i < end; i++) {
		const struct s_process *ps = &j->s->ps[i];
		if (site_process_current(j->s, ps))
			cur[n++] = ps;
	}
	/* A process joins the group of the first equal one before it. */
	for (size_t i = 0; i < n; i++) {
		const struct refs_process *vi = refs_process(j->ref, cur[i]->id);
		group[i] = SIZE_MAX;
		for (size_t k = 0; k < i && group[i] == SIZE_MAX; k++)
			if (group[k] != SIZE_MAX &&
			    same_process(cur[i], vi, cur[k], refs_process(j->ref, cur[k]->id)))
				group[i] = group[k];
		if (group[i] == SIZE_MAX)
			group[i] = ng++;
	}
	for (size_t g = 0, first = 0; g < ng; g++) {
		struct shared sh = {cur, group, n, 0, g};
		while (group[first] != g)
			first++;
		sh.first = first;
		if (process_section(f, j, &sh) < 0)
			goto out;
	}
	r = n > 0;
out:
	free((void *)cur);
	free(group);
	return r;
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
	W("</dt><dd>");
	CK(out_quantity(f, l, p->limit_days, -1, M_DAY, M_DAYS));
	W("</dd><dt>");
	W(msg(l, M_FEE));
	W("</dt><dd>");
	CK(fee(f, p, l));
	W("</dd><dt>");
	W(msg(l, M_LEVEL));
	W("</dt><dd>");
	CK(lv ? (fputs(lv, f) == EOF ? -1 : 0) : out_text(f, p->level));
	W("</dd></dl>\n");
	CK(documents(f, p, l));
	W("<h2>");
	W(msg(l, M_ONTIME_SUMMARY));
	W("</h2>\n");
	CK(site_figures(f, j->s, site_proc_ent(j->s, p), l));
	snprintf(stats, sizeof stats, PAGE_DIR_STATS "/" PAGE_DIR_PROCEDURES "/%s.html", p->code);
	CK(site_times(f, j, &pg, site_proc_times(j->s, p), p->limit_days, stats));
	W("<h2>");
	W(msg(l, M_OFFERED_BY));
	W("</h2>\n");
	int any = processes(f, j, p);
	CK(any);
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
