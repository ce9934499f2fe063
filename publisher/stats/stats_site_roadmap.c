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

#define W(s) \
	do { \
		if (fputs((s), f) == EOF) \
			return -1; \
	} while (0)

/* The page's text in language L: Vietnamese VI or English EN. */
#define T(vi, en) (l == LANG_EN ? (en) : (vi))

static const enum msg_id state_msg[] = {
	M_SS_ST_NA, M_SS_ST_MET, M_SS_ST_MET_LATE, M_SS_ST_PENDING, M_SS_ST_OVERDUE,
};

static const enum msg_id rule_msg[ROADMAP_RULES] = {
	M_SS_RULE_ADOPTION, M_SS_RULE_EISO, M_SS_RULE_AUDIT, M_SS_RULE_REVIEW, M_SS_RULE_REISSUE,
};

static const char *
level_name(enum lang l, int level)
{
	return l == LANG_EN ? msg_level(l, stats_level_name(level)) : ss_level_vi(level);
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
			snprintf(rel, sizeof rel, "%s.%s", ss_files[ids[i]].path, json ? "json" : "csv");
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
		if (out_text(f, date) < 0)
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
	static const char *const labels_vi[STATS_LEVEL_COUNT + 1] = {
		"Tỉnh", "Sở, ban", "Huyện", "Xã", "Chi cục", "Tất cả",
	};
	static const char *const labels_en[STATS_LEVEL_COUNT + 1] = {
		"Province", "Departments", "Districts", "Communes", "Branches", "All",
	};
	double v[4][STATS_LEVEL_COUNT + 1];
	struct chart c;

	for (int r = 0; r < 4; r++)
		for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++) {
			int pm = roadmap_met_permille(&m->tab[lv][r]);
			v[r][lv] = pm < 0 ? CHART_MISSING : pm / 10.0;
		}
	c = (struct chart){.id = "rm-level",
	                   .title = T("Tỷ lệ cơ quan đạt đúng hạn từng yêu cầu, theo cấp",
	                              "Share of agencies meeting each requirement by its deadline, "
	                              "by level"),
	                   .desc = T("Phần trăm cơ quan thuộc diện đã đạt đúng hạn (làm trễ không "
	                             "tính): công bố ISO, ISO điện tử, đánh giá nội bộ và xem xét "
	                             "của lãnh đạo trong 12 tháng; cấp không thuộc diện để trống.",
	                             "Percentage of the agencies concerned that met the deadline "
	                             "(late does not count): ISO announced, electronic ISO "
	                             "adopted, an internal audit and a management review within 12 "
	                             "months; a level not concerned is left empty."),
	                   .xname = T("Cấp", "Level"), .unit = "%", .n = STATS_LEVEL_COUNT + 1,
	                   .labels = l == LANG_EN ? labels_en : labels_vi, .nseries = 4,
	                   .series = {{T("Công bố ISO", "ISO announced"), v[0]},
	                              {T("ISO điện tử", "Electronic ISO"), v[1]},
	                              {T("Đánh giá nội bộ", "Internal audit"), v[2]},
	                              {T("Xem xét lãnh đạo", "Management review"), v[3]}},
	                   .ymax = 100, .yref = -1, .xref = -1, .decimals = 1};
	return chart_bars(f, &c) < 0 || chart_table(f, &c) < 0 ? -1 : 0;
}

static int
shares_table(FILE *f, enum lang l, const struct rm *m)
{
	W(l == LANG_EN ? "<div class=\"table-scroll\"><table class=\"shares\"><thead><tr>"
	  "<th scope=\"col\">Level</th><th scope=\"col\">Requirement</th>"
	  "<th scope=\"col\">Concerned</th><th scope=\"col\">Met</th>"
	  "<th scope=\"col\">Met late</th><th scope=\"col\">Not yet due</th>"
	  "<th scope=\"col\">Overdue</th><th scope=\"col\">Met by the deadline (%)</th>"
	  "<th scope=\"col\">Done at all, late included (%)</th></tr></thead>\n<tbody>\n" :
	  "<div class=\"table-scroll\"><table class=\"shares\"><thead><tr><th scope=\"col\">Cấp</th>"
	  "<th scope=\"col\">Yêu cầu</th><th scope=\"col\">Thuộc diện</th><th scope=\"col\">Đạt</th>"
	  "<th scope=\"col\">Đạt, trễ hạn</th><th scope=\"col\">Chưa đến hạn</th>"
	  "<th scope=\"col\">Quá hạn</th><th scope=\"col\">Đạt đúng hạn (%)</th>"
	  "<th scope=\"col\">Đã làm, kể cả trễ hạn (%)</th></tr></thead>\n<tbody>\n");
	for (int lv = 0; lv <= STATS_LEVEL_COUNT; lv++)
		for (int r = 0; r < ROADMAP_RULES; r++) {
			const struct roadmap_share *sh = &m->tab[lv][r];
			if (sh->counted == 0)
				continue;
			W("<tr><th scope=\"row\">");
			W(lv < STATS_LEVEL_COUNT ? level_name(l, lv) : msg(l, M_SS_ALL_LEVELS));
			W("</th><td>");
			W(msg(l, rule_msg[r]));
			if (out_printf(f, "</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>",
			               sh->counted, sh->n[ROADMAP_MET], sh->n[ROADMAP_MET_LATE],
			               sh->n[ROADMAP_PENDING], sh->n[ROADMAP_OVERDUE]) < 0 ||
			    ss_pct(f, roadmap_met_permille(sh)) < 0 || fputs("</td><td>", f) == EOF ||
			    ss_pct(f, roadmap_done_permille(sh)) < 0)
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
		W(T(" <strong class=\"flag\">Trùng tên với ", " <strong class=\"flag\">Same name as "));
		if (out_text(f, s->ag[a->dup_of].code) < 0)
			return -1;
		W(T(" (danh sách gốc ghi hai lần, cần kiểm tra)</strong>",
		    " (listed twice in the source, to be checked)</strong>"));
	}
	if (a->rm.out_of_scope)
		W(T(" <em>Ngoài diện áp dụng ISO (không có hệ thống quản lý chất lượng hay chỉ tiêu "
		    "nào trong dữ liệu)</em>",
		    " <em>Outside the ISO scope (no quality system or plan target in the data)</em>"));
	if (a->res.historical) {
		W(T(" <em>Đã kết thúc hoạt động ", " <em>Ceased "));
		if (out_text(f, a->valid_to) < 0)
			return -1;
		if (a->successor >= 0) {
			W(T("; kế thừa: ", "; successor: "));
			if (out_text(f, s->ag[a->successor].name) < 0)
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
		W(T("không có văn bản giao (dữ liệu tự đặt)", "set by no document (the data's own)"));
	else if (strcmp(src, "level") == 0)
		W(T("theo cấp, kế hoạch 2021-2030", "by level, 2021-2030 plan"));
	else if (strcmp(src, "plan") == 0)
		W(T("kế hoạch 2021-2030", "2021-2030 plan"));
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
	if (out_text(f, a->iso_target) < 0 || target_source(f, l, iso_source(a)) < 0)
		return -1;
	W("</td>");
	if (state_cell(f, l, r->state[ROADMAP_ADOPTION], a->iso_announced) < 0)
		return -1;
	W("<td>");
	if (!a->rm.out_of_scope &&
	    (out_text(f, date_or_empty(r->deadline[ROADMAP_EISO], d)) < 0 ||
	     target_source(f, l, eiso_source(a)) < 0))
		return -1;
	W("</td>");
	if (state_cell(f, l, r->state[ROADMAP_EISO], a->eiso_date) < 0 ||
	    state_cell(f, l, r->state[ROADMAP_AUDIT], a->last_audit) < 0 ||
	    state_cell(f, l, r->state[ROADMAP_REVIEW], a->last_review) < 0)
		return -1;
	if (r->state[ROADMAP_REISSUE] == ROADMAP_NA)
		return out_printf(f, "<td class=\"st-na\">%s</td></tr>\n", msg(l, M_SS_ST_NA));
	if (out_printf(f, "<td class=\"st-%s\">%d/%d %s<br>", roadmap_state_name(r->state[ROADMAP_REISSUE]),
	               a->rm.reissue_overdue, a->rm.reissue_checked, T("quá hạn", "overdue")) < 0)
		return -1;
	W(msg(l, state_msg[r->state[ROADMAP_REISSUE]]));
	W("</td></tr>\n");
	return 0;
}

static int
agencies_table(FILE *f, enum lang l, const struct ss *s, int only_overdue)
{
	int any = 0;

	for (int i = 0; i < s->nag; i++) {
		int overdue = 0;
		for (int k = 0; k < ROADMAP_RULES; k++)
			overdue |= s->ag[i].res.state[k] == ROADMAP_OVERDUE;
		if (only_overdue && !overdue)
			continue;
		if (!any++)
			W(l == LANG_EN ? "<div class=\"table-scroll\"><table class=\"roadmap\"><thead><tr>"
			  "<th scope=\"col\">Agency</th><th scope=\"col\">Level</th>"
			  "<th scope=\"col\">ISO deadline</th><th scope=\"col\">Announced</th>"
			  "<th scope=\"col\">Electronic ISO deadline</th><th scope=\"col\">Electronic ISO</th>"
			  "<th scope=\"col\">Internal audit</th><th scope=\"col\">Management review</th>"
			  "<th scope=\"col\">Processes re-issued</th></tr></thead>\n<tbody>\n" :
			  "<div class=\"table-scroll\"><table class=\"roadmap\"><thead><tr>"
			  "<th scope=\"col\">Cơ quan</th><th scope=\"col\">Cấp</th>"
			  "<th scope=\"col\">Hạn công bố ISO</th><th scope=\"col\">Công bố</th>"
			  "<th scope=\"col\">Hạn ISO điện tử</th><th scope=\"col\">ISO điện tử</th>"
			  "<th scope=\"col\">Đánh giá nội bộ</th><th scope=\"col\">Xem xét lãnh đạo</th>"
			  "<th scope=\"col\">Quy trình ban hành lại</th></tr></thead>\n<tbody>\n");
		if (agency_row(f, l, s, i) < 0)
			return -1;
	}
	if (any)
		W("</tbody></table></div>\n");
	else
		if (out_printf(f, "<p>%s</p>\n", msg(l, M_SS_NONE)) < 0)
			return -1;
	return 0;
}

static int
reissue_table(FILE *f, enum lang l, const struct ss *s, const struct rm *m)
{
	struct ss_cell c[16];
	char buf[6][SS_NUMBUF];
	int any = 0;

	for (int i = 0; i < m->nri; i++) {
		if (m->ri[i].state != ROADMAP_OVERDUE && m->ri[i].state != ROADMAP_PENDING)
			continue;
		if (!any++)
			W(l == LANG_EN ? "<div class=\"table-scroll\"><table class=\"reissue\"><thead><tr>"
			  "<th scope=\"col\">Agency</th><th scope=\"col\">Procedure</th>"
			  "<th scope=\"col\">Process</th><th scope=\"col\">In force from</th>"
			  "<th scope=\"col\">Legal change</th><th scope=\"col\">Re-issue deadline</th>"
			  "<th scope=\"col\">State</th></tr></thead>\n<tbody>\n" :
			  "<div class=\"table-scroll\"><table class=\"reissue\"><thead><tr>"
			  "<th scope=\"col\">Cơ quan</th><th scope=\"col\">Thủ tục</th>"
			  "<th scope=\"col\">Quy trình</th><th scope=\"col\">Hiệu lực từ</th>"
			  "<th scope=\"col\">Văn bản thay đổi</th><th scope=\"col\">Hạn ban hành lại</th>"
			  "<th scope=\"col\">Trạng thái</th></tr></thead>\n<tbody>\n");
		reissue_cells(s, &m->ri[i], c, buf);
		W("<tr><th scope=\"row\">");
		if (out_text(f, c[1].s) < 0)
			return -1;
		W("</th>");
		for (int k = 3; k <= 8; k++) {
			W("<td>");
			if (out_text(f, c[k].s) < 0)
				return -1;
			if (k == 4) {
				W(T(" lần ", " issue "));
				if (out_text(f, c[5].s) < 0)
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
	else
		W(T("<p>Không có quy trình nào chậm ban hành lại.</p>\n",
		    "<p>No process is late in being re-issued.</p>\n"));
	return 0;
}

static int
duplicates(FILE *f, enum lang l, const struct ss *s)
{
	int any = 0;

	for (int i = 0; i < s->nag; i++) {
		if (s->ag[i].dup_of < 0 || s->ag[i].dup_of < i)
			continue; /* each pair once, from its first member */
		if (!any++)
			W(l == LANG_EN ? "<section class=\"flags\">\n<h2>Duplicate names in the list</h2>\n"
			  "<p>The agencies below have the same name as another one (the plan's source list "
			  "repeats them). Their figures stay apart by code; to be checked against the "
			  "source document.</p>\n<ul>\n" :
			  "<section class=\"flags\">\n<h2>Tên trùng trong danh sách</h2>\n<p>Các cơ quan "
			  "dưới đây có cùng tên với một cơ quan khác (danh sách gốc của kế hoạch ghi "
			  "trùng). Số liệu vẫn giữ riêng theo mã; cần đối chiếu với văn bản gốc.</p>\n<ul>\n");
		W("<li>");
		if (out_text(f, s->ag[i].name) < 0)
			return -1;
		W(": ");
		if (out_text(f, s->ag[i].code) < 0)
			return -1;
		W(T(" và ", " and "));
		if (out_text(f, s->ag[s->ag[i].dup_of].code) < 0)
			return -1;
		W("</li>\n");
	}
	if (any)
		W("</ul>\n</section>\n");
	return 0;
}

#define RM_REL PAGE_DIR_ISO "/index.html"

static int
rm_intro_en(FILE *f)
{
	/* The data files are one set, beside the Vietnamese page. */
	W("<p>Each agency's milestones against the requirements: announcing a quality management "
	  "system under TCVN ISO 9001:2015 by the plan's deadline (Plan 35/KH-UBND of 14/12/2018); "
	  "electronic ISO by 31/12/2025 (provincial bodies, departments, branches), 31/12/2027 "
	  "(district people's committees), 31/12/2030 (commune people's committees) under the "
	  "2021-2030 plan; an internal audit and a management review at least once a year (none, "
	  "or older than 12 months, is overdue); a process re-issued within 3 months of a change "
	  "in its legal basis taking effect, or of the agency's first day for an agency created "
	  "after the change.</p>\n<p>Agencies that ceased (administrative "
	  "reorganisation from 1 July 2025) are kept as history: a milestone or re-issue counts for "
	  "an agency only when it fell due while the agency operated, judged as things stood on its "
	  "last day; later milestones and yearly duties pass to its successor. A body with no "
	  "quality system and no plan target in the data is outside the ISO scope and counted in "
	  "no share. Under each deadline, its source: a date that no document in the data sets (the "
	  "successor agencies' targets after 1 July 2025) is marked so and is not attributed to any "
	  "plan. The plans' targets are dates, so the shares show first the agencies that met the "
	  "deadline, then those that did it at all, late included. Names of agencies and "
	  "procedures are in Vietnamese.</p>\n"
	  "<p>Download: <a href=\"../../" PAGE_DIR_ISO "/lo-trinh.csv\">each agency (CSV)</a> · "
	  "<a href=\"../../" PAGE_DIR_ISO "/lo-trinh.json\">JSON</a> · <a href=\"../../" PAGE_DIR_ISO
	  "/ty-le.csv\">shares by level (CSV)</a> · <a href=\"../../" PAGE_DIR_ISO "/ty-le.json\">"
	  "JSON</a> · <a href=\"../../" PAGE_DIR_ISO "/tai-ban.csv\">processes to re-issue (CSV)</a>"
	  " · <a href=\"../../" PAGE_DIR_ISO "/tai-ban.json\">JSON</a> · <a href=\"../"
	  PAGE_DIR_STATS "/du-lieu.html\">Data dictionary</a></p>\n<h2>Share met by level</h2>\n");
	return 0;
}

static int
rm_intro_vi(FILE *f)
{
	W("<p>Các mốc của từng cơ quan so với yêu cầu: công bố hệ thống quản lý chất lượng theo "
	  "TCVN ISO 9001:2015 đúng hạn kế hoạch (Kế hoạch 35/KH-UBND ngày 14/12/2018); ISO điện "
	  "tử trước 31/12/2025 (cơ quan cấp tỉnh, sở, ban, chi cục), 31/12/2027 (UBND cấp huyện), "
	  "31/12/2030 (UBND cấp xã) theo kế hoạch 2021-2030; đánh giá nội bộ và xem xét của lãnh "
	  "đạo ít nhất mỗi năm một lần (quá 12 tháng hoặc chưa có là quá hạn); ban hành lại quy "
	  "trình trong 3 tháng kể từ khi văn bản pháp lý thay đổi có hiệu lực, hoặc kể từ ngày "
	  "đầu hoạt động với cơ quan thành lập sau khi văn bản thay đổi.</p>\n<p>Cơ quan đã "
	  "kết thúc hoạt động (sắp xếp đơn vị hành chính từ 1/7/2025) được giữ lại như dữ liệu "
	  "lịch sử: một mốc hay một lần ban hành lại chỉ tính cho cơ quan khi hạn nằm trong thời "
	  "gian cơ quan còn hoạt động, đánh giá theo tình trạng ngày cuối hoạt động; các mốc sau đó "
	  "và nghĩa vụ hằng năm chuyển cho cơ quan kế thừa. Cơ quan không có hệ thống quản lý chất "
	  "lượng và không có chỉ tiêu kế hoạch nào trong dữ liệu là ngoài diện áp dụng ISO, không "
	  "tính vào tỷ lệ nào. Dưới mỗi hạn ghi nguồn của hạn: hạn mà không văn bản nào trong dữ "
	  "liệu giao (chỉ tiêu của các cơ quan kế thừa sau 1/7/2025) được ghi rõ và không quy cho "
	  "kế hoạch nào. Chỉ tiêu của kế hoạch là \"trước ngày\", nên bảng tỷ lệ ghi trước tỷ lệ đạt "
	  "đúng hạn, sau đó tỷ lệ đã làm kể cả trễ hạn.</p>\n"
	  "<p>Tải về: <a href=\"lo-trinh.csv\">từng cơ quan (CSV)</a> · <a href=\"lo-trinh.json\">"
	  "JSON</a> · <a href=\"ty-le.csv\">tỷ lệ theo cấp (CSV)</a> · <a href=\"ty-le.json\">JSON"
	  "</a> · <a href=\"tai-ban.csv\">quy trình phải ban hành lại (CSV)</a> · <a "
	  "href=\"tai-ban.json\">JSON</a> · <a href=\"../" PAGE_DIR_STATS "/du-lieu.html\">Từ điển dữ "
	  "liệu</a></p>\n<h2>Tỷ lệ đạt theo cấp</h2>\n");
	return 0;
}

/* The roadmap page in language L; OTHER: show the language switch. */
static int
rm_page(FILE *f, enum lang l, const struct ss *s, const struct rm *m, int other)
{
	if (ss_page_begin_lang(f, l, msg(l, M_SS_ISO_TITLE), RM_REL, NAV_ISO, s->as_of, other) < 0)
		return -1;
	if ((l == LANG_EN ? rm_intro_en(f) : rm_intro_vi(f)) < 0)
		return -1;
	if (level_chart(f, l, m) < 0 || shares_table(f, l, m) < 0)
		return -1;
	if (duplicates(f, l, s) < 0)
		return -1;
	W(T("<h2>Cơ quan có yêu cầu quá hạn</h2>\n", "<h2>Agencies with an overdue requirement</h2>\n"));
	if (agencies_table(f, l, s, 1) < 0)
		return -1;
	W(T("<h2>Quy trình chậm ban hành lại sau khi văn bản pháp lý thay đổi</h2>\n",
	    "<h2>Processes late in being re-issued after a change in their legal basis</h2>\n"));
	if (reissue_table(f, l, s, m) < 0)
		return -1;
	W(T("<h2>Tất cả cơ quan</h2>\n", "<h2>All agencies</h2>\n"));
	if (agencies_table(f, l, s, 0) < 0)
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
