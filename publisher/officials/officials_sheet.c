/*
 * The control sheet of a dossier, after the official form "Phiếu kiểm
 * soát quá trình giải quyết hồ sơ" of Circular 01/2018/TT-VPCP (printed
 * on A5): the dossier's code and receipt, then one row per hand-over
 * between units (who gives, who receives, when, the step's deadline, and
 * whether it was handed over early, on time or late), the step in hand,
 * the clock stops and any apology slip.  The rows are the dossier's
 * timeline, so the sheet and the dossier page agree by construction.
 */
#include <string.h>

#include "msg.h"
#include "officials.h"
#include "out.h"

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

static const char style[] =
    "<style>\n@page{size:A5 portrait;margin:8mm}\n"
    "body{font:9pt/1.35 'DejaVu Serif',serif;color:#000;margin:0 "
    "auto;max-width:140mm;padding:3mm}\n"
    ".top{display:flex;justify-content:space-between;gap:3mm;text-align:center;font-size:8.5pt}\n"
    ".nation{font-weight:bold}h1{font-size:11.5pt;text-align:center;margin:4mm 0 1mm}\n"
    ".code{text-align:center;font-family:monospace;font-size:10pt;margin:0}\n"
    ".att{text-align:center;font-style:italic;margin:0 0 2mm}\n"
    "dl{display:grid;grid-template-columns:36% 1fr;gap:.6mm 2mm;margin:2mm 0}dt{font-weight:bold}"
    "dd{margin:0}\ntable{border-collapse:collapse;width:100%;margin-top:2mm}"
    "th,td{border:1px solid #000;padding:1mm;vertical-align:top;text-align:left}"
    "th{font-size:8pt;text-align:center}\n.late{font-weight:bold}\n"
    "@media print{body{padding:0}}\n</style>\n";

/* The verdict of a hand-over in the form's words. */
static const char *
verdict_words(enum verdict v)
{
	switch (v) {
	case VERDICT_EARLY:
		return OW(M_OS_V_EARLY);
	case VERDICT_ON_TIME:
		return OW(M_OS_V_ON_TIME);
	case VERDICT_LATE:
		return OW(M_OS_V_LATE);
	case VERDICT_WITHIN:
		return OW(M_OS_V_WITHIN);
	case VERDICT_OVERDUE:
		return OW(M_OS_V_OVERDUE);
	default:
		return "";
	}
}

static int
fact_t(FILE *f, enum msg_id label, tmin_t t)
{
	W("<dt>");
	W(OW(label));
	W("</dt><dd>");
	CK(ow_instant(f, t));
	W("</dd>\n");
	return 0;
}

static int
fact_s(FILE *f, enum msg_id label, const char *v)
{
	W("<dt>");
	W(OW(label));
	W("</dt><dd>");
	CK(out_text(f, v));
	W("</dd>\n");
	return 0;
}

static int
header(FILE *f, const struct view_dossier *d)
{
	char title[256];

	snprintf(title, sizeof title, "%s %s", OW(M_OS_TITLE), d->code);
	CK(ow_head(f, title, style));
	W("<div class=\"top\"><div>");
	CK(out_text(f, d->agency_name));
	W("<br><b>");
	W(OW(M_OS_ONE_STOP));
	W("</b></div><div class=\"nation\">");
	W(msg(LANG_VI, M_R_NATION));
	W("<br>");
	W(msg(LANG_VI, M_R_MOTTO));
	W("</div></div>\n<h1>");
	W(OW(M_OS_HEADING));
	W("</h1>\n<p class=\"code\">");
	W(OW(M_OS_CODE));
	W(": ");
	CK(out_text(f, d->code));
	W("</p>\n<p class=\"att\">(");
	W(OW(M_OS_ATTACHED));
	W(")</p>\n<dl>\n");
	CK(fact_s(f, M_OS_AGENCY, d->agency_name));
	CK(fact_s(f, M_OS_PROCEDURE, d->procedure_name));
	W("<dt>");
	W(OW(M_OS_PROCESS));
	W("</dt><dd>");
	CK(out_text(f, d->doc_code));
	W(", ");
	W(OW(M_OS_ISSUE));
	CK(out_printf(f, " %d</dd>\n", d->version));
	CK(fact_t(f, M_OS_RECEIVED, d->received));
	CK(fact_t(f, M_OS_APPOINTMENT, d->tl.appointment));
	if (d->tl.stopped_min)
		CK(fact_t(f, M_OS_DUE_AFTER_STOPS, d->tl.due));
	if (d->tl.apologies) {
		char n[16];
		const char *arg = n;
		snprintf(n, sizeof n, "%d", d->tl.apologies);
		W("<dt>");
		W(OW(M_OS_APOLOGY));
		W("</dt><dd>");
		CK(msg_fill(f, LANG_VI, M_OS_APOLOGY_TIMES, 0, &arg, 1));
		W(" ");
		CK(ow_instant(f, d->tl.new_due));
		W("</dd>\n");
	}
	W("</dl>\n");
	return 0;
}

static int
row(FILE *f, int no, const char *from, const char *to, tmin_t at, tmin_t deadline, enum verdict v,
    const char *note)
{
	CK(out_printf(f, "<tr><td>%d</td><td>", no));
	W(OW(M_OS_GIVES));
	W(": ");
	if (from)
		CK(out_text(f, from));
	W("<br>");
	W(OW(M_OS_TAKES));
	W(": ");
	if (to) {
		CK(out_text(f, to));
	} else {
		W("– (");
		W(OW(M_OS_IN_HAND));
		W(")");
	}
	W("</td><td>");
	CK(ow_instant(f, at));
	W("</td><td>");
	if (deadline)
		CK(ow_instant(f, deadline));
	W(v == VERDICT_LATE || v == VERDICT_OVERDUE ? "</td><td class=\"late\">" : "</td><td>");
	W(verdict_words(v));
	W("</td><td>");
	if (note)
		CK(out_text(f, note));
	W("</td></tr>\n");
	return 0;
}

/* A table with the N headers H, up to the body's start. */
static int
table_head(FILE *f, const enum msg_id *h, size_t n)
{
	W("<table>\n<thead><tr>");
	for (size_t c = 0; c < n; c++) {
		W("<th>");
		W(OW(h[c]));
		W("</th>");
	}
	W("</tr></thead>\n<tbody>\n");
	return 0;
}

/* The hand-overs: reception to the first step's unit, then each finished
 * step's unit to the next one's (the last one's to the one-stop office,
 * which returns the result), judged on the step's deadline; then the step
 * in hand. */
static int
handovers(FILE *f, const struct view_dossier *d)
{
	static const enum msg_id head[] = {M_OS_H_NO,       M_OS_H_UNIT,   M_OS_H_TIME,
	                                   M_OS_H_DEADLINE, M_OS_H_RESULT, M_OS_H_NOTE};
	const struct timeline *tl = &d->tl;
	const char *one_stop = OW(M_OS_ONE_STOP); /* takes it in, gives the result back */
	int no = 1;

	CK(table_head(f, head, sizeof head / sizeof *head));
	CK(row(f, no++, one_stop, d->nsteps ? d->steps[0].unit : NULL, d->received, 0, VERDICT_NONE,
	       OW(M_OS_N_RECEIVE)));
	for (int k = 0; k < tl->nsteps && k < d->nsteps; k++) {
		const struct timeline_step *s = &tl->steps[k];
		char note[320];
		snprintf(note, sizeof note, "%s %d: %s", OW(M_OS_N_STEP), k + 1, d->steps[k].name);
		const char *to = k + 1 < d->nsteps ? d->steps[k + 1].unit : one_stop;
		if (s->state == STEP_NOT_STARTED)
			continue;
		/* The step in hand has given nothing yet: no receiver, no time. */
		if (s->state == STEP_ACTIVE)
			to = NULL;
		CK(row(f, no++, d->steps[k].unit, to, to ? s->finished : 0, s->planned_end,
		       s->verdict, note));
	}
	if (tl->returned)
		CK(row(f, no++, one_stop, OW(M_OS_APPLICANT), tl->returned, 0, VERDICT_NONE,
		       OW(M_OS_N_RETURN)));
	W("</tbody>\n</table>\n");
	return 0;
}

static int
stops(FILE *f, const struct view_dossier *d)
{
	static const enum msg_id head[] = {M_OS_REASON, M_OS_FROM, M_OS_TO};
	const struct timeline *tl = &d->tl;

	if (!tl->nstops)
		return 0;
	W("<p><b>");
	W(OW(M_OS_STOPS));
	W("</b></p>\n");
	CK(table_head(f, head, sizeof head / sizeof *head));
	for (int i = 0; i < tl->nstops; i++) {
		W("<tr><td>");
		W(OW(tl->stops[i].supplement ? M_OS_STOP_SUPPLEMENT : M_OS_STOP_PAUSE));
		W("</td><td>");
		CK(ow_instant(f, tl->stops[i].from));
		W("</td><td>");
		if (tl->stops[i].to)
			CK(ow_instant(f, tl->stops[i].to));
		else
			W(OW(M_OS_WAITING));
		W("</td></tr>\n");
	}
	W("</tbody>\n</table>\n");
	return 0;
}

static int
outcome(FILE *f, const struct view_dossier *d)
{
	const struct timeline *tl = &d->tl;

	W("<p><b>");
	W(OW(M_OS_RESULT));
	W(": </b>");
	if (tl->withdrawn)
		W(OW(M_OS_WITHDRAWN));
	else if (tl->rejected)
		W(OW(M_OS_REJECTED));
	else if (tl->resolved)
		W(verdict_words(tl->verdict));
	else
		W(OW(M_OS_PENDING));
	if (tl->resolved) {
		W(", ");
		CK(ow_instant(f, tl->resolved));
	}
	W("</p>\n");
	return 0;
}

int
officials_sheet(FILE *f, const struct view_dossier *d)
{
	CK(header(f, d));
	CK(handovers(f, d));
	CK(stops(f, d));
	CK(outcome(f, d));
	return ow_foot(f);
}
