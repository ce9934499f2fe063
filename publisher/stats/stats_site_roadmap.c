/*
 * stats_site_roadmap: the ISO roadmap page: every agency's
 * milestones judged by core/roadmap, the shares by level as the plans count
 * them, what is overdue, the processes due for re-issue, and the source's
 * duplicate names flagged rather than hidden.
 */
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "page.h"
#include "stats_site.h"

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)

static const enum msg_id state_msg[] = {
    M_SS_ST_NA, M_SS_ST_MET, M_SS_ST_MET_LATE, M_SS_ST_PENDING, M_SS_ST_OVERDUE,
};

static const enum msg_id rule_msg[ROADMAP_RULES] = {
    M_SS_RULE_ADOPTION, M_SS_RULE_EISO, M_SS_RULE_AUDIT, M_SS_RULE_REVIEW, M_SS_RULE_REISSUE,
};

static const char *
level_name(enum lang l, int level)
{
	return ss_level(l, level);
}

/* A process in force today whose procedure's legal basis changed. */
struct reissue {
	int process;
	enum roadmap_state state;
	day_t deadline;
};

struct rm {
	struct reissue *ri;
	int nri;
	struct roadmap_share tab[STATS_LEVEL_COUNT + 1][ROADMAP_RULES];
};

static int
in_force(const struct ss_process *p, const char *today)
{
	return strcmp(p->effective_from, today) <= 0 &&
	       (!*p->effective_to || strcmp(p->effective_to, today) >= 0);
}

/* The day an agency's processes are looked at: today, or the last day of
 * an agency that ceased (what was in force when it ended). */
static const char *
agency_day(const struct ss_agency *a, const char *today)
{
	return *a->valid_to && strcmp(a->valid_to, today) < 0 ? a->valid_to : today;
}

/* Judge re-issues, then every agency; fill the shares. */
static int
rm_judge(struct ss *s, struct rm *m, struct err *e)
{
	char today[CLOCK_DATE_LEN + 1];

	clock_format_date(s->today, today);
	m->ri = calloc((size_t)s->nps + 1, sizeof *m->ri);
	if (!m->ri)
		return err_set(e, "out of memory");
	for (int i = 0; i < s->nps; i++) {
		const struct ss_process *p = &s->ps[i];
		struct ss_agency *ag = &s->ag[p->agency];
		struct roadmap_agency *ra = &ag->rm;
		struct reissue *ri = &m->ri[m->nri];
		day_t changed, from;
		struct err ignored = {""};
		if (ra->out_of_scope || !in_force(p, agency_day(ag, today)) ||
		    !*s->pr[p->procedure].legal_changed ||
		    clock_parse_date(s->pr[p->procedure].legal_changed, &changed, &ignored) < 0 ||
		    clock_parse_date(p->effective_from, &from, &ignored) < 0)
			continue;
		ri->process = i;
		ri->state = roadmap_reissue_agency(ra, changed, from, s->today, &ri->deadline);
		if (ri->state == ROADMAP_NA)
			continue; /* owed by the successor */
		ra->reissue_checked++;
		ra->reissue_overdue += ri->state == ROADMAP_OVERDUE;
		ra->reissue_pending += ri->state == ROADMAP_PENDING;
		ra->reissue_late += ri->state == ROADMAP_MET_LATE;
		m->nri++;
	}
	for (int i = 0; i < s->nag; i++) {
		roadmap_judge(&s->ag[i].rm, s->today, &s->ag[i].res);
		roadmap_count(m->tab, s->ag[i].level, &s->ag[i].res);
	}
	return 0;
}

/* Where an agency's adoption deadline comes from: the plan the data names,
 * "unsourced" for a date the data gives without one, "" without a date. */
static const char *
iso_source(const struct ss_agency *a)
{
	if (!*a->iso_target)
		return "";
	return *a->iso_plan ? a->iso_plan : "unsourced";
}

/* Where the electronic-ISO deadline comes from: the level's date of the
 * 2021-2030 plan, the agency's own date when the agency is in a named plan,
 * or an own date with no source. */
static const char *
eiso_source(const struct ss_agency *a)
{
	if (a->rm.out_of_scope)
		return "";
	if (!*a->eiso_target)
		return "level";
	return *a->iso_plan ? "plan" : "unsourced";
}

static const char *
date_or_empty(day_t d, char *buf)
{
	if (d == ROADMAP_NO_DATE) {
		buf[0] = '\0';
		return buf;
	}
	return clock_format_date(d, buf);
}

/* ---- open data ------------------------------------------------------------ */

static void
agency_cells(const struct ss *s, int i, struct ss_cell *c, char (*buf)[SS_NUMBUF])
{
	const struct ss_agency *a = &s->ag[i];
	const struct roadmap_result *r = &a->res;
	int n = 0;

	c[n++] = (struct ss_cell){a->code, 0};
	c[n++] = (struct ss_cell){a->name, 0};
	c[n++] = (struct ss_cell){a->level_text, 0};
	c[n++] = (struct ss_cell){r->historical ? "historical" : "current", 0};
	c[n++] = (struct ss_cell){a->valid_to, 0};
	c[n++] = (struct ss_cell){a->successor_code, 0};
	c[n++] = (struct ss_cell){a->dup_of >= 0 ? s->ag[a->dup_of].code : "", 0};
	c[n++] = (struct ss_cell){a->iso_standard, 0};
	c[n++] = (struct ss_cell){a->iso_mode, 0};
	c[n++] = (struct ss_cell){a->iso_plan, 0};
	c[n++] = (struct ss_cell){a->iso_target, 0};
	c[n++] = (struct ss_cell){a->iso_announced, 0};
	c[n++] = (struct ss_cell){roadmap_state_name(r->state[ROADMAP_ADOPTION]), 0};
	c[n++] = (struct ss_cell){date_or_empty(r->deadline[ROADMAP_EISO], buf[0]), 0};
	c[n++] = (struct ss_cell){a->eiso_date, 0};
	c[n++] = (struct ss_cell){roadmap_state_name(r->state[ROADMAP_EISO]), 0};
	c[n++] = (struct ss_cell){a->last_audit, 0};
	c[n++] = (struct ss_cell){date_or_empty(r->deadline[ROADMAP_AUDIT], buf[1]), 0};
	c[n++] = (struct ss_cell){roadmap_state_name(r->state[ROADMAP_AUDIT]), 0};
	c[n++] = (struct ss_cell){a->last_review, 0};
	c[n++] = (struct ss_cell){date_or_empty(r->deadline[ROADMAP_REVIEW], buf[2]), 0};
	c[n++] = (struct ss_cell){roadmap_state_name(r->state[ROADMAP_REVIEW]), 0};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[3], a->rm.reissue_checked), 1};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[4], a->rm.reissue_overdue), 1};
	c[n++] = (struct ss_cell){roadmap_state_name(r->state[ROADMAP_REISSUE]), 0};
	c[n++] = (struct ss_cell){iso_source(a), 0};
	c[n++] = (struct ss_cell){eiso_source(a), 0};
	c[n++] = (struct ss_cell){a->rm.out_of_scope ? "0" : "1", 1};
}

static void
share_cells(const struct roadmap_share *sh, int level, int rule, struct ss_cell *c,
            char (*buf)[SS_NUMBUF])
{
	int n = 0;

	c[n++] = (struct ss_cell){level < STATS_LEVEL_COUNT ? stats_level_name(level) : "all", 0};
	c[n++] = (struct ss_cell){roadmap_rule_name(rule), 0};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[0], sh->counted), 1};
	for (int k = ROADMAP_MET; k <= ROADMAP_OVERDUE; k++)
		c[n++] = (struct ss_cell){ss_fmt_int(buf[k], sh->n[k]), 1};
	c[n++] = (struct ss_cell){ss_fmt_pm(buf[5], roadmap_done_permille(sh)), 1};
	c[n++] = (struct ss_cell){ss_fmt_pm(buf[6], roadmap_met_permille(sh)), 1};
}

static void
reissue_cells(const struct ss *s, const struct reissue *ri, struct ss_cell *c,
              char (*buf)[SS_NUMBUF])
{
	const struct ss_process *p = &s->ps[ri->process];
	int n = 0;

	c[n++] = (struct ss_cell){s->ag[p->agency].code, 0};
	c[n++] = (struct ss_cell){s->ag[p->agency].name, 0};
	c[n++] = (struct ss_cell){s->pr[p->procedure].code, 0};
	c[n++] = (struct ss_cell){s->pr[p->procedure].name, 0};
	c[n++] = (struct ss_cell){p->doc_code, 0};
	c[n++] = (struct ss_cell){ss_fmt_int(buf[0], p->version), 1};
	c[n++] = (struct ss_cell){p->effective_from, 0};
	c[n++] = (struct ss_cell){s->pr[p->procedure].legal_changed, 0};
	c[n++] = (struct ss_cell){date_or_empty(ri->deadline, buf[1]), 0};
	c[n++] = (struct ss_cell){roadmap_state_name(ri->state), 0};
}

/* Rows of file ID, for JSON or CSV. */
static int
rm_rows(FILE *f, const struct ss *s, const struct rm *m, enum ss_file_id id, int json)
{
	struct ss_cell c[32];
	char buf[7][SS_NUMBUF];
	int first = 1;

	if (id == SS_F_ROADMAP) {
		for (int i = 0; i < s->nag; i++, first = 0) {
			agency_cells(s, i, c, buf);
			if (ss_row(f, id, c, json, first) < 0)
				return -1;
		}
	} else if (id == SS_F_SHARES) {
		for (int l = 0; l <= STATS_LEVEL_COUNT; l++)
			for (int r = 0; r < ROADMAP_RULES; r++, first = 0) {
				share_cells(&m->tab[l][r], l, r, c, buf);
				if (ss_row(f, id, c, json, first) < 0)
					return -1;
			}
	} else {
		for (int i = 0; i < m->nri; i++, first = 0) {
			reissue_cells(s, &m->ri[i], c, buf);
			if (ss_row(f, id, c, json, first) < 0)
				return -1;
		}
	}
	return 0;
}

static int
rm_files(struct ss *s, const struct rm *m, struct err *e)
{
	static const enum ss_file_id ids[] = {SS_F_ROADMAP, SS_F_SHARES, SS_F_REISSUE};
	char rel[128];
	struct ss_out a;

	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		for (int json = 0; json < 2; json++) {
			int r;
			snprintf(rel, sizeof rel, "%s.%s", ss_files[ids[i]].path,
			         json ? "json" : "csv");
			if (ss_open(&a, s, rel, e) < 0)
				return -1;
			r = json ? ss_json_begin(a.f, s) : ss_csv_header(a.f, ids[i]);
			if (r == 0)
				r = rm_rows(a.f, s, m, ids[i], json);
			if (r == 0 && json)
				r = ss_json_end(a.f);
			if (r < 0) {
				ss_abort(&a);
				return err_set(e, "%s: write error", rel);
			}
			if (ss_commit(s, &a, e) < 0)
				return -1;
		}
	return 0;
}

/* ---- the page ------------------------------------------------------------- */

static int
state_cell(FILE *f, enum lang l, enum roadmap_state st, const char *date)
{
	W("<td class=\"st-");
	W(roadmap_state_name(st));
	W("\">");
	if (date && *date) {
		if (out_date(f, l, date) < 0)
			return -1;
		W("<br>");
	}
	W(msg(l, state_msg[st]));
	W("</td>");
	return 0;
}

static int
level_chart(FILE *f, enum lang l, const struct rm *m)
{
	static const enum msg_id label_msg[STATS_LEVEL_COUNT + 1] = {
	    M_SS_RM_L_PROVINCE, M_SS_RM_L_DEPARTMENTS, M_SS_RM_L_DISTRICTS,
	    M_SS_RM_L_COMMUNES, M_SS_RM_L_BRANCHES,    M_SS_RM_L_ALL,
	};
	const char *labels[STATS_LEVEL_COUNT + 1];
	double v[4][STATS_LEVEL_COUNT + 1];
	struct chart c;

	for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++)
		labels[lv] = msg(l, label_msg[lv]);
	for (int r = 0; r < 4; r++)
		for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++) {
			int pm = roadmap_met_permille(&m->tab[lv][r]);
			v[r][lv] = pm < 0 ? CHART_MISSING : pm / 10.0;
		}
	c = (struct chart){.id = "rm-level",
	                   .title = msg(l, M_SS_RM_CH_TITLE),
	                   .desc = msg(l, M_SS_RM_CH_DESC),
	                   .xname = msg(l, M_SS_RM_LEVEL),
	                   .unit = "%",
	                   .n = STATS_LEVEL_COUNT + 1,
	                   .labels = labels,
	                   .nseries = 4,
	                   .series = {{msg(l, M_SS_RM_S_ISO), v[0]},
	                              {msg(l, M_SS_RM_S_EISO), v[1]},
	                              {msg(l, M_SS_RM_S_AUDIT), v[2]},
	                              {msg(l, M_SS_RM_S_REVIEW), v[3]}},
	                   .ymax = 100,
	                   .yref = -1,
	                   .xref = -1,
	                   .decimals = 1,
	                   .lang = l,
	                   .na_label = msg(l, M_SS_ST_NA)};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

/* A wide table of class CLASS named LABEL (ss_scroll_begin) and a header
 * row of N cells, COLS in L. */
static int
table_head(FILE *f, enum lang l, enum msg_id label, const char *class, const enum msg_id *cols,
           int n)
{
	if (ss_scroll_begin(f, msg(l, label), class) < 0)
		return -1;
	W("<thead><tr>");
	for (int i = 0; i < n; i++)
		if (out_printf(f, "<th scope=\"col\">%s</th>", msg(l, cols[i])) < 0)
			return -1;
	W("</tr></thead>\n<tbody>\n");
	return 0;
}

static int
shares_table(FILE *f, enum lang l, const struct rm *m)
{
	static const enum msg_id cols[] = {
	    M_SS_RM_LEVEL,   M_SS_RM_REQUIREMENT, M_SS_RM_CONCERNED,
	    M_SS_ST_MET,     M_SS_ST_MET_LATE,    M_SS_ST_PENDING,
	    M_SS_ST_OVERDUE, M_SS_RM_MET_PCT,     M_SS_RM_DONE_PCT,
	};

	if (table_head(f, l, M_SS_RM_SHARE_BY_LEVEL, "shares", cols,
	               (int)(sizeof cols / sizeof cols[0])) < 0)
		return -1;
	for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++)
		for (int r = 0; r < ROADMAP_RULES; r++) {
			const struct roadmap_share *sh = &m->tab[lv][r];
			if (sh->counted == 0)
				continue;
			W("<tr><th scope=\"row\">");
			W(lv < STATS_LEVEL_COUNT ? level_name(l, lv) : msg(l, M_SS_ALL_LEVELS));
			W("</th><td>");
			W(msg(l, rule_msg[r]));
			if (out_printf(
			        f,
			        "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>",
			        sh->counted, sh->n[ROADMAP_MET], sh->n[ROADMAP_MET_LATE],
			        sh->n[ROADMAP_PENDING], sh->n[ROADMAP_OVERDUE]) < 0 ||
			    ss_pct_l(f, l, roadmap_met_permille(sh)) < 0 ||
			    fputs("</td><td>", f) == EOF ||
			    ss_pct_l(f, l, roadmap_done_permille(sh)) < 0)
				return -1;
			W("</td></tr>\n");
		}
	W("</tbody></table></div>\n");
	return 0;
}

static int
agency_label(FILE *f, enum lang l, const struct ss *s, int i)
{
	const struct ss_agency *a = &s->ag[i];

	if (out_text(f, a->name) < 0 || fputs(" <small>", f) == EOF || out_text(f, a->code) < 0)
		return -1;
	W("</small>");
	if (a->dup_of >= 0) {
		if (out_printf(f, " <strong class=\"flag\">%s ", msg(l, M_SS_RM_SAME_NAME)) < 0 ||
		    out_text(f, s->ag[a->dup_of].code) < 0 ||
		    out_printf(f, " (%s)</strong>", msg(l, M_SS_RM_LISTED_TWICE)) < 0)
			return -1;
	}
	if (a->rm.out_of_scope && out_printf(f, " <em>%s</em>", msg(l, M_SS_RM_OUT_OF_SCOPE)) < 0)
		return -1;
	if (a->res.historical) {
		if (out_printf(f, " <em>%s ", msg(l, M_SS_RM_CEASED)) < 0 ||
		    out_date(f, l, a->valid_to) < 0)
			return -1;
		if (a->successor >= 0) {
			if (out_printf(f, "; %s: ", msg(l, M_SS_RM_SUCCESSOR)) < 0 ||
			    out_text(f, s->ag[a->successor].name) < 0)
				return -1;
		}
		W("</em>");
	}
	return 0;
}

/* Under a deadline, where it comes from (SRC as iso_source/eiso_source):
 * a date no document sets is said to be so, never put to a plan. */
static int
target_source(FILE *f, enum lang l, const char *src)
{
	if (!*src)
		return 0;
	W("<br><small>");
	if (strcmp(src, "unsourced") == 0)
		W(msg(l, M_SS_RM_SRC_UNSOURCED));
	else if (strcmp(src, "level") == 0)
		W(msg(l, M_SS_RM_SRC_LEVEL));
	else if (strcmp(src, "plan") == 0)
		W(msg(l, M_SS_RM_SRC_PLAN));
	else if (out_text(f, src) < 0)
		return -1;
	W("</small>");
	return 0;
}

static int
agency_row(FILE *f, enum lang l, const struct ss *s, int i)
{
	const struct ss_agency *a = &s->ag[i];
	const struct roadmap_result *r = &a->res;
	char d[CLOCK_DATE_LEN + 1];

	W(r->historical ? "<tr class=\"historical\"><th scope=\"row\">" : "<tr><th scope=\"row\">");
	if (agency_label(f, l, s, i) < 0)
		return -1;
	W("</th><td>");
	W(level_name(l, a->level));
	W("</td><td>");
	if (out_date(f, l, a->iso_target) < 0 || target_source(f, l, iso_source(a)) < 0)
		return -1;
	W("</td>");
	if (state_cell(f, l, r->state[ROADMAP_ADOPTION], a->iso_announced) < 0)
		return -1;
	W("<td>");
	if (!a->rm.out_of_scope &&
	    (out_date(f, l, date_or_empty(r->deadline[ROADMAP_EISO], d)) < 0 ||
	     target_source(f, l, eiso_source(a)) < 0))
		return -1;
	W("</td>");
	if (state_cell(f, l, r->state[ROADMAP_EISO], a->eiso_date) < 0 ||
	    state_cell(f, l, r->state[ROADMAP_AUDIT], a->last_audit) < 0 ||
	    state_cell(f, l, r->state[ROADMAP_REVIEW], a->last_review) < 0)
		return -1;
	if (r->state[ROADMAP_REISSUE] == ROADMAP_NA)
		return out_printf(f, "<td class=\"st-na\">%s</td></tr>\n", msg(l, M_SS_ST_NA));
	if (out_printf(f, "<td class=\"st-%s\">%d/%d %s<br>",
	               roadmap_state_name(r->state[ROADMAP_REISSUE]), a->rm.reissue_overdue,
	               a->rm.reissue_checked, msg(l, M_SS_RM_OVERDUE)) < 0)
		return -1;
	W(msg(l, state_msg[r->state[ROADMAP_REISSUE]]));
	W("</td></tr>\n");
	return 0;
}

static int
agencies_table(FILE *f, enum lang l, const struct ss *s, int only_overdue)
{
	static const enum msg_id cols[] = {
	    M_SS_AGENCY,       M_SS_RM_LEVEL,         M_SS_RM_ISO_DEADLINE,
	    M_SS_RM_ANNOUNCED, M_SS_RM_EISO_DEADLINE, M_SS_RM_S_EISO,
	    M_SS_RM_S_AUDIT,   M_SS_RM_S_REVIEW,      M_SS_RM_REISSUED,
	};
	int any = 0;

	for (int i = 0; i < s->nag; i++) {
		int overdue = 0;
		for (int k = 0; k < ROADMAP_RULES; k++)
			overdue |= s->ag[i].res.state[k] == ROADMAP_OVERDUE;
		if (only_overdue && !overdue)
			continue;
		if (!any++ &&
		    table_head(f, l, only_overdue ? M_SS_RM_OVERDUE_AGENCIES : M_SS_RM_ALL_AGENCIES,
		               "roadmap", cols, (int)(sizeof cols / sizeof cols[0])) < 0)
			return -1;
		if (agency_row(f, l, s, i) < 0)
			return -1;
	}
	if (any)
		W("</tbody></table></div>\n");
	else if (out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NONE)) < 0)
		return -1;
	return 0;
}

static int
reissue_table(FILE *f, enum lang l, const struct ss *s, const struct rm *m)
{
	static const enum msg_id cols[] = {
	    M_SS_AGENCY,          M_SS_PROCEDURE,           M_SS_BN_PROCESS, M_SS_RM_IN_FORCE,
	    M_SS_RM_LEGAL_CHANGE, M_SS_RM_REISSUE_DEADLINE, M_SS_RM_STATE,
	};
	struct ss_cell c[16];
	char buf[6][SS_NUMBUF];
	int any = 0;

	for (int i = 0; i < m->nri; i++) {
		if (m->ri[i].state != ROADMAP_OVERDUE && m->ri[i].state != ROADMAP_PENDING)
			continue;
		if (!any++ && table_head(f, l, M_SS_RM_LATE_REISSUE, "reissue", cols,
		                         (int)(sizeof cols / sizeof cols[0])) < 0)
			return -1;
		reissue_cells(s, &m->ri[i], c, buf);
		W("<tr><th scope=\"row\">");
		if (out_text(f, c[1].s) < 0)
			return -1;
		W("</th>");
		for (int k = 3; k <= 8; k++) {
			W("<td>");
			if ((k >= 6 ? out_date(f, l, c[k].s) : out_text(f, c[k].s)) < 0)
				return -1;
			if (k == 4) {
				if (out_printf(f, " %s ", msg(l, M_SS_ISSUE)) < 0 ||
				    out_text(f, c[5].s) < 0)
					return -1;
				k++;
			}
			W("</td>");
		}
		if (state_cell(f, l, m->ri[i].state, NULL) < 0)
			return -1;
		W("</tr>\n");
	}
	if (any)
		W("</tbody></table></div>\n");
	else if (out_printf(f, "<p>%s</p>\n", msg(l, M_SS_RM_NONE_LATE)) < 0)
		return -1;
	return 0;
}

static int
duplicates(FILE *f, enum lang l, const struct ss *s)
{
	int any = 0;

	for (int i = 0; i < s->nag; i++) {
		if (s->ag[i].dup_of < 0 || s->ag[i].dup_of < i)
			continue; /* each pair once, from its first member */
		if (!any++ &&
		    out_printf(f, "<section class=\"flags\">\n<h2>%s</h2>\n<p>%s</p>\n<ul>\n",
		               msg(l, M_SS_RM_DUP_TITLE), msg(l, M_SS_RM_DUP_TEXT)) < 0)
			return -1;
		W("<li>");
		if (out_text(f, s->ag[i].name) < 0)
			return -1;
		W(": ");
		if (out_text(f, s->ag[i].code) < 0 ||
		    out_printf(f, " %s ", msg(l, M_SS_RM_AND)) < 0 ||
		    out_text(f, s->ag[s->ag[i].dup_of].code) < 0)
			return -1;
		W("</li>\n");
	}
	if (any)
		W("</ul>\n</section>\n");
	return 0;
}

#define RM_REL PAGE_DIR_ISO "/index.html"

static int
rm_intro(FILE *f, enum lang l)
{
	/* The data files are one set, beside the Vietnamese page. */
	const char *data = l == LANG_EN ? "../../" PAGE_DIR_ISO "/" : "";

	return out_printf(
	    f,
	    "<p>%s</p>\n<p>%s</p>\n<p>%s: <a href=\"%slo-trinh.csv\">%s</a> · "
	    "<a href=\"%slo-trinh.json\">JSON</a> · <a href=\"%sty-le.csv\">%s</a> · "
	    "<a href=\"%sty-le.json\">JSON</a> · <a href=\"%stai-ban.csv\">%s</a> · "
	    "<a href=\"%stai-ban.json\">JSON</a> · <a href=\"%slo-trinh.xlsx\">Excel</a> · "
	    "<a href=\"../" PAGE_DIR_STATS "/du-lieu.html\">%s</a></p>\n<h2>%s</h2>\n",
	    msg(l, M_SS_RM_INTRO_RULES), msg(l, M_SS_H_RM_INTRO_HISTORY), msg(l, M_SS_DOWNLOAD),
	    data, msg(l, M_SS_RM_DL_AGENCIES), data, data, msg(l, M_SS_RM_DL_SHARES), data, data,
	    msg(l, M_SS_RM_DL_REISSUE), data, data, msg(l, M_SS_DICT_LINK),
	    msg(l, M_SS_RM_SHARE_BY_LEVEL));
}

/* The roadmap page in language L; OTHER: show the language switch. */
static int
rm_page(FILE *f, enum lang l, const struct ss *s, const struct rm *m, int other)
{
	if (ss_page_begin_lang(f, l, msg(l, M_SS_ISO_TITLE), RM_REL, NAV_ISO, s->as_of, other) < 0)
		return -1;
	if (rm_intro(f, l) < 0 || level_chart(f, l, m) < 0 || shares_table(f, l, m) < 0)
		return -1;
	if (duplicates(f, l, s) < 0)
		return -1;
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_RM_OVERDUE_AGENCIES)) < 0 ||
	    agencies_table(f, l, s, 1) < 0)
		return -1;
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_RM_LATE_REISSUE)) < 0 ||
	    reissue_table(f, l, s, m) < 0)
		return -1;
	if (out_printf(f, "<h2>%s</h2>\n", msg(l, M_SS_RM_ALL_AGENCIES)) < 0 ||
	    agencies_table(f, l, s, 0) < 0)
		return -1;
	return ss_page_end_lang(f, l, s->as_of);
}

/* Render the roadmap page in L to REL and hold it (ss_commit). */
static int
rm_page_write(struct ss *s, const struct rm *m, enum lang l, const char *rel, struct err *e)
{
	struct ss_out a;

	if (ss_open(&a, s, rel, e) < 0)
		return -1;
	if (rm_page(a.f, l, s, m, 1) < 0) {
		ss_abort(&a);
		return err_set(e, "%s: write error", rel);
	}
	return ss_commit(s, &a, e);
}

int
ss_roadmap_write(struct ss *s, struct err *e)
{
	struct rm m;
	int r = -1;

	memset(&m, 0, sizeof m);
	if (rm_judge(s, &m, e) < 0 || rm_files(s, &m, e) < 0 ||
	    rm_page_write(s, &m, LANG_VI, RM_REL, e) < 0 ||
	    rm_page_write(s, &m, LANG_EN, PAGE_DIR_EN "/" RM_REL, e) < 0)
		goto out;
	r = 0;
out:
	free(m.ri);
	return r;
}
