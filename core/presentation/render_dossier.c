/*
 * The dossier view as HTML and JSON (core/view.h).  One renderer for the
 * static site and the kiosk: fixed markup with fputs, data through out.h,
 * numbers through out_printf.
 */
#include <string.h>

#include "out.h"
#include "view.h"

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

const char *
view_verdict_text(enum verdict v, enum lang lang)
{
	static const enum msg_id ids[] = {
	    [VERDICT_NONE] = M_V_NONE,       [VERDICT_EARLY] = M_V_EARLY,
	    [VERDICT_ON_TIME] = M_V_ON_TIME, [VERDICT_LATE] = M_V_LATE,
	    [VERDICT_WITHIN] = M_V_WITHIN,   [VERDICT_OVERDUE] = M_V_OVERDUE,
	};
	if ((unsigned)v >= sizeof ids / sizeof ids[0])
		return "";
	return msg(lang, ids[v]);
}

int
view_time_html(FILE *f, tmin_t t, enum lang lang)
{
	char b[CLOCK_INSTANT_LEN + 1];

	if (!t)
		return fputs("–", f) == EOF ? -1 : 0;
	clock_format_instant(t, b);
	/* b is 'YYYY-MM-DD HH:MM', digits only: safe to print. */
	b[10] = 'T';
	W("<time datetime=\"");
	W(b);
	W("\">");
	b[10] = ' ';
	CK(out_date(f, lang, b)); /* 28/11/2025 14:30, 28 Nov 2025 14:30 */
	W("</time>");
	return 0;
}

/* Working minutes in the calendar's days, hours and minutes ("2 ngày 3
 * giờ làm việc"): a citizen counts days, not decimal hours. */
static int
duration(FILE *f, const struct view_dossier *d, long long min, enum lang lang)
{
	char b[96];

	if (msg_duration(b, sizeof b, min, d->day_minutes, lang) < 0)
		return -1;
	return fputs(b, f) == EOF ? -1 : 0; /* digits and catalogue words */
}

/* The name in LANG: the English one when asked and present. */
static const char *
pick(const char *vi, const char *en, enum lang lang)
{
	return lang == LANG_EN && en && *en ? en : vi;
}

static int
fact(FILE *f, enum lang lang, enum msg_id label)
{
	W("<dt>");
	W(msg(lang, label));
	W("</dt><dd>");
	return 0;
}

/* One <dt>LABEL</dt><dd>instant</dd> pair. */
static int
fact_time(FILE *f, enum lang lang, enum msg_id label, tmin_t t)
{
	CK(fact(f, lang, label));
	CK(view_time_html(f, t, lang));
	W("</dd>");
	return 0;
}

/* A date alone, "01/09/2026" in Vietnamese and "1 Sep 2026" in English. */
static int
date_html(FILE *f, day_t d, enum lang lang)
{
	char b[CLOCK_DATE_LEN + 1];

	clock_format_date(d, b);
	/* b is 'YYYY-MM-DD', digits only: safe to print. */
	W("<time datetime=\"");
	W(b);
	W("\">");
	CK(out_date(f, lang, b));
	W("</time>");
	return 0;
}

/* The warning that the due crosses a provisional calendar day. */
static int
provisional_note(FILE *f, const struct timeline *tl, enum lang lang)
{
	if (tl->provisional == CLOCK_NO_DAY)
		return 0;
	CK(fact(f, lang, M_PROVISIONAL));
	W("<span class=\"provisional\">");
	W(msg(lang, M_PROVISIONAL_CROSSES));
	W(" ");
	CK(date_html(f, tl->provisional, lang));
	W(", ");
	W(msg(lang, M_PROVISIONAL_MAY_MOVE));
	W(".</span></dd>");
	return 0;
}

/* Whether every clock stop of D was a wait for the citizen's supplement. */
static int
all_supplement(const struct timeline *tl)
{
	for (int i = 0; i < tl->nstops; i++)
		if (!tl->stops[i].supplement)
			return 0;
	return 1;
}

/* The appointment.  Under the receipt's label goes only the date the
 * receipt printed: a date that moves every minute while the clock stands
 * still would be no appointment at all.  While a stop is open the page says
 * so and how much working time is left once the clock runs again; after
 * the stops, the due they moved it to, labelled as moved. */
static int
appointment(FILE *f, const struct view_dossier *d, enum lang lang)
{
	const struct timeline *tl = &d->tl;
	tmin_t printed = d->due_at ? d->due_at : tl->appointment;

	CK(fact_time(f, lang, M_DUE, printed));
	if (tl->open_stop > 0 && tl->open_stop <= tl->nstops) {
		const struct timeline_stop *s = &tl->stops[tl->open_stop - 1];

		CK(fact(f, lang, M_STOPPED_NOW));
		W(msg(lang, s->supplement ? M_WAIT_CITIZEN : M_WAIT_PAUSE));
		W(" ");
		W(msg(lang, M_SINCE));
		W(" ");
		CK(view_time_html(f, s->from, lang));
		W("</dd>");
		CK(fact(f, lang, s->supplement ? M_REMAINING_SUPPLEMENT : M_REMAINING_PAUSE));
		CK(duration(f, d, tl->remaining_min, lang));
		W("</dd>");
	} else if (tl->due && tl->due != printed && tl->nstops > 0) {
		CK(fact_time(f, lang,
		             all_supplement(tl) ? M_DUE_MOVED_SUPPLEMENT : M_DUE_MOVED_STOPS,
		             tl->due));
	}
	return provisional_note(f, tl, lang);
}

static int
facts(FILE *f, const struct view_dossier *d, enum lang lang)
{
	const char *ch = msg_channel(lang, d->channel);

	W("<dl class=\"facts\">");
	CK(fact(f, lang, M_CODE));
	W("<span class=\"code\">");
	CK(out_text(f, d->code));
	W("</span></dd>");
	if (d->initials && *d->initials) {
		CK(fact(f, lang, M_APPLICANT));
		CK(out_text(f, d->initials));
		W("</dd>");
	}
	CK(fact(f, lang, M_AGENCY));
	CK(out_text(f, pick(d->agency_name, d->agency_name_en, lang)));
	W("</dd>");
	CK(fact(f, lang, M_CHANNEL));
	CK(ch ? fputs(ch, f) == EOF ? -1 : 0 : out_text(f, d->channel));
	W("</dd>");
	CK(fact_time(f, lang, M_RECEIVED, d->received));
	CK(appointment(f, d, lang));
	if (d->tl.new_due || d->new_due_at)
		CK(fact_time(f, lang, M_NEW_DUE, d->tl.new_due ? d->tl.new_due : d->new_due_at));
	if (d->resolved_at)
		CK(fact_time(f, lang, M_RESOLVED, d->resolved_at));
	if (d->returned_at)
		CK(fact_time(f, lang, M_RETURNED, d->returned_at));
	CK(fact(f, lang, M_PROCESS));
	CK(out_text(f, d->doc_code));
	CK(out_printf(f, " (%s %d)", msg(lang, M_VERSION), d->version));
	W("</dd></dl>\n");
	return 0;
}

static int
status_line(FILE *f, const struct view_dossier *d, enum lang lang)
{
	const char *st = msg_status(lang, d->status);

	W("<p class=\"status v-");
	W(verdict_name(d->tl.verdict));
	W("\"><span class=\"badge\">");
	CK(st ? fputs(st, f) == EOF ? -1 : 0 : out_text(f, d->status));
	W("</span> <span class=\"verdict\">");
	W(view_verdict_text(d->tl.verdict, lang));
	W("</span>");
	/* Where it stands, said as the step list says it: "Bước 1/4 chưa bắt
	 * đầu", not "at step 1" beside a step marked not started. */
	if (d->tl.current_step > 0 && d->tl.current_step <= d->nsteps) {
		const struct timeline_step *ts = &d->tl.steps[d->tl.current_step - 1];
		W(" <span class=\"at\">");
		W(msg(lang, M_STEP_OF));
		CK(out_printf(f, " %d/%d ", d->tl.current_step, d->nsteps));
		W(msg(lang, d->tl.open_stop            ? M_STEP_SUM_STOPPED
		            : ts->state == STEP_ACTIVE ? M_STEP_SUM_ACTIVE
		                                       : M_STEP_SUM_TODO));
		W("</span>");
	}
	W("</p>\n");
	return 0;
}

/* The digits of the first number in PHONE ("0260 3862 888 (máy lẻ 2)" ->
 * "02603862888", a leading + kept) into BUF for a tel: link.  Returns 1,
 * or 0 when it holds no plausible number (3 to 15 digits). */
static int
tel_digits(const char *phone, char *buf, size_t size)
{
	size_t n = 0, digits = 0;

	for (const char *p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= size)
				return 0;
			buf[n++] = *p;
			digits++;
		} else if (*p == '+' && n == 0) {
			buf[n++] = '+';
		} else if (!strchr(" .-()", *p) || (*p == '(' && digits)) {
			break; /* the end of the number, or a remark after it */
		}
	}
	buf[n] = '\0';
	return digits >= 3 && digits <= 15;
}

static int
todo_fact(FILE *f, enum lang lang, enum msg_id label, const char *text)
{
	CK(fact(f, lang, label));
	CK(out_text(f, text));
	W("</dd>");
	return 0;
}

/* Whom to ask: the one-stop office's address, hours and phone. */
static int
todo_contact(FILE *f, const struct view_dossier *d, enum lang lang, int supp)
{
	char tel[24];

	CK(fact(f, lang, supp ? M_TODO_WHERE : M_TODO_ONESTOP));
	if (*d->agency_address) {
		CK(out_text(f, d->agency_address));
	} else {
		W(msg(lang, M_TODO_ONESTOP));
		W(", ");
		CK(out_text(f, pick(d->agency_name, d->agency_name_en, lang)));
	}
	W("</dd>");
	if (*d->agency_hours)
		CK(todo_fact(f, lang, M_TODO_HOURS, d->agency_hours));
	if (*d->agency_phone) {
		CK(fact(f, lang, M_TODO_PHONE));
		if (tel_digits(d->agency_phone, tel, sizeof tel)) {
			W("<a href=\"tel:");
			CK(out_attr(f, tel));
			W("\">");
			CK(out_text(f, d->agency_phone));
			W("</a>");
		} else {
			CK(out_text(f, d->agency_phone));
		}
		W("</dd>");
	}
	return 0;
}

/* While the dossier waits for the citizen: what was asked, by when, where
 * to bring it and whom to call, before anything else of the page. */
static int
todo(FILE *f, const struct view_dossier *d, enum lang lang)
{
	int supp = strcmp(d->status, "supplement") == 0;

	if (!supp && strcmp(d->status, "paused") != 0)
		return 0;
	W("<section class=\"todo\"><h2>");
	W(msg(lang, supp ? M_TODO_SUPPLEMENT : M_TODO_PAUSE));
	W("</h2>\n");
	if (!*d->request) {
		W("<p>");
		W(msg(lang, supp ? M_TODO_NOT_SAID : M_TODO_PAUSE_NOTE));
		W("</p>\n");
	}
	W("<dl class=\"facts\">");
	if (*d->request) {
		CK(fact(f, lang, supp ? M_TODO_ASKED : M_TODO_ASKED_PAUSE));
		W("<span class=\"request\">");
		CK(out_text(f, d->request));
		W("</span></dd>");
	}
	if (d->request_due) {
		CK(fact(f, lang, M_TODO_BY));
		CK(view_time_html(f, d->request_due, lang));
		if (d->now > d->request_due) {
			W(" <strong class=\"past\">(");
			W(msg(lang, M_TODO_PAST));
			W(")</strong>");
		}
		W("</dd>");
	}
	CK(todo_contact(f, d, lang, supp));
	W("</dl></section>\n");
	return 0;
}

static int
step_times(FILE *f, const struct timeline_step *ts, enum lang lang)
{
	W("<dl class=\"times\"><dt>");
	W(msg(lang, M_PLANNED));
	W("</dt><dd>");
	CK(view_time_html(f, ts->planned_end, lang));
	if (ts->started) {
		W("</dd><dt>");
		W(msg(lang, M_STARTED));
		W("</dt><dd>");
		CK(view_time_html(f, ts->started, lang));
	}
	if (ts->finished) {
		W("</dd><dt>");
		W(msg(lang, M_FINISHED));
		W("</dt><dd>");
		CK(view_time_html(f, ts->finished, lang));
	}
	W("</dd></dl>");
	return 0;
}

static int
step_item(FILE *f, const struct view_dossier *d, int i, enum lang lang)
{
	static const enum msg_id state_msg[] = {M_STEP_NOT_STARTED, M_STEP_ACTIVE, M_STEP_DONE};
	static const char *const state_cls[] = {"todo", "active", "done"};
	const struct timeline_step *ts = &d->tl.steps[i];
	const struct view_step *vs = &d->steps[i];
	int cur = d->tl.current_step == i + 1;
	unsigned s = (unsigned)ts->state < 3 ? (unsigned)ts->state : 0;

	W("<li class=\"step ");
	W(state_cls[s]);
	W(" v-");
	W(verdict_name(ts->verdict));
	W(cur ? " current\">" : "\">");
	W("<p class=\"step-name\"><span class=\"n\">");
	CK(out_int(f, i + 1));
	W("</span> ");
	CK(out_text(f, pick(vs->name, vs->name_en, lang)));
	W("</p><p class=\"unit\">");
	CK(out_text(f, vs->unit));
	W(" · ");
	CK(duration(f, d, vs->allowance_min, lang));
	W("</p>");
	CK(step_times(f, ts, lang));
	W("<p class=\"step-verdict\">");
	/* The step in hand while the clock stands still is not "in progress". */
	W(cur && d->tl.open_stop && ts->state == STEP_ACTIVE ? msg(lang, M_STEP_WAITING)
	                                                     : msg(lang, state_msg[s]));
	if (ts->verdict != VERDICT_NONE) {
		W(" · <strong>");
		W(view_verdict_text(ts->verdict, lang));
		W("</strong>");
	}
	W("</p></li>\n");
	return 0;
}

static int
stops(FILE *f, const struct view_dossier *d, enum lang lang)
{
	if (d->tl.nstops == 0)
		return 0;
	W("<h2>");
	W(msg(lang, M_STOPS));
	W("</h2>\n<ul class=\"stops\">");
	for (int i = 0; i < d->tl.nstops; i++) {
		const struct timeline_stop *s = &d->tl.stops[i];
		W("<li>");
		W(msg(lang, s->supplement ? M_STOP_SUPPLEMENT : M_STOP_PAUSE));
		W(": ");
		CK(view_time_html(f, s->from, lang));
		W(" – ");
		if (s->to)
			CK(view_time_html(f, s->to, lang));
		else
			W(msg(lang, M_UNTIL_NOW));
		W("</li>");
	}
	W("</ul>\n<p>");
	W(msg(lang, M_CLOCK_STOPPED));
	W(": ");
	CK(duration(f, d, d->tl.stopped_min, lang));
	W("</p>\n");
	return 0;
}

int
view_dossier_html(FILE *f, const struct view_dossier *d, enum lang lang)
{
	W("<article class=\"dossier\" lang=\"");
	W(msg_lang_tag(lang));
	W("\">\n<p class=\"kicker\">");
	W(msg(lang, M_DOSSIER));
	W(" <span class=\"code\">");
	CK(out_text(f, d->code));
	W("</span></p>\n");
	/* The status in words first: a long procedure name would push it
	 * off a phone's first screen. */
	CK(status_line(f, d, lang));
	W("<h1>");
	CK(out_text(f, pick(d->procedure_name, d->procedure_name_en, lang)));
	W("</h1>\n");
	CK(todo(f, d, lang));
	CK(facts(f, d, lang));
	W("<h2>");
	W(msg(lang, M_PROGRESS));
	W("</h2>\n<ol class=\"steps\">\n");
	for (int i = 0; i < d->nsteps && i < d->tl.nsteps; i++)
		CK(step_item(f, d, i, lang));
	W("</ol>\n");
	CK(stops(f, d, lang));
	if (d->tl.apologies > 0) {
		W("<p>");
		W(msg(lang, M_APOLOGIES));
		CK(out_printf(f, ": %d</p>\n", d->tl.apologies));
	}
	W("</article>\n");
	return ferror(f) ? -1 : 0;
}

/* "key": "YYYY-MM-DD HH:MM" or null. */
static int
json_time(FILE *f, const char *key, tmin_t t)
{
	char b[CLOCK_INSTANT_LEN + 1];

	CK(out_printf(f, "\"%s\":", key));
	if (!t) {
		W("null");
		return 0;
	}
	return out_printf(f, "\"%s\"", clock_format_instant(t, b));
}

static int
json_str(FILE *f, const char *key, const char *s)
{
	CK(out_printf(f, "\"%s\":", key));
	return out_json(f, s);
}

static int
json_steps(FILE *f, const struct view_dossier *d)
{
	static const char *const state[] = {"not_started", "active", "done"};

	W("\"steps\":[");
	for (int i = 0; i < d->nsteps && i < d->tl.nsteps; i++) {
		const struct timeline_step *ts = &d->tl.steps[i];
		unsigned s = (unsigned)ts->state < 3 ? (unsigned)ts->state : 0;
		CK(out_printf(f, "%s{\"no\":%d,", i ? "," : "", i + 1));
		CK(json_str(f, "name", d->steps[i].name));
		W(",");
		CK(json_str(f, "name_en", d->steps[i].name_en));
		W(",");
		CK(json_str(f, "unit", d->steps[i].unit));
		CK(out_printf(f, ",\"allowance_min\":%d,\"state\":\"%s\",",
		              d->steps[i].allowance_min, state[s]));
		CK(json_time(f, "planned_end", ts->planned_end));
		W(",");
		CK(json_time(f, "started", ts->started));
		W(",");
		CK(json_time(f, "finished", ts->finished));
		CK(out_printf(f, ",\"used_min\":%lld,\"verdict\":\"%s\"}", (long long)ts->used_min,
		              verdict_name(ts->verdict)));
	}
	W("]");
	return 0;
}

static int
json_stops(FILE *f, const struct view_dossier *d)
{
	W("\"stops\":[");
	for (int i = 0; i < d->tl.nstops; i++) {
		CK(out_printf(f, "%s{\"kind\":\"%s\",", i ? "," : "",
		              d->tl.stops[i].supplement ? "supplement" : "pause"));
		CK(json_time(f, "from", d->tl.stops[i].from));
		W(",");
		CK(json_time(f, "to", d->tl.stops[i].to));
		W("}");
	}
	W("]");
	return 0;
}

int
view_dossier_json(FILE *f, const struct view_dossier *d)
{
	W("{");
	CK(json_str(f, "code", d->code));
	W(",");
	CK(json_str(f, "token", d->token));
	W(",");
	CK(json_str(f, "initials", d->initials));
	W(",\"procedure\":{");
	CK(json_str(f, "code", d->procedure_code));
	W(",");
	CK(json_str(f, "name", d->procedure_name));
	W(",");
	CK(json_str(f, "name_en", d->procedure_name_en));
	W("},\"agency\":{");
	CK(json_str(f, "code", d->agency_code));
	W(",");
	CK(json_str(f, "name", d->agency_name));
	W(",");
	CK(json_str(f, "name_en", d->agency_name_en));
	W("},\"process\":{");
	CK(json_str(f, "doc_code", d->doc_code));
	CK(out_printf(f, ",\"version\":%d},", d->version));
	CK(json_str(f, "channel", d->channel));
	W(",");
	CK(json_str(f, "status", d->status));
	W(",");
	CK(json_time(f, "received", d->received));
	W(",");
	CK(json_time(f, "due", d->tl.due));
	W(",");
	CK(json_time(f, "appointment", d->due_at));
	W(",");
	CK(json_time(f, "new_due", d->tl.new_due ? d->tl.new_due : d->new_due_at));
	/* While the clock stands still "due" moves with now: a client shows
	 * the appointment and the time left instead. */
	CK(out_printf(f, ",\"clock_stopped\":%s,\"remaining_min\":%lld,",
	              d->tl.open_stop ? "true" : "false", (long long)d->tl.remaining_min));
	if (!d->tl.open_stop)
		W("\"stopped_for\":null");
	else
		CK(json_str(f, "stopped_for",
		            d->tl.stops[d->tl.open_stop - 1].supplement ? "supplement" : "pause"));
	/* The first calendar day not fixed by a decision that the due crosses. */
	if (d->tl.provisional == CLOCK_NO_DAY) {
		W(",\"provisional_day\":null");
	} else {
		char b[CLOCK_DATE_LEN + 1];
		CK(out_printf(f, ",\"provisional_day\":\"%s\"",
		              clock_format_date(d->tl.provisional, b)));
	}
	W(",");
	CK(json_time(f, "resolved", d->resolved_at));
	W(",");
	CK(json_time(f, "returned", d->returned_at));
	CK(out_printf(f,
	              ",\"verdict\":\"%s\",\"current_step\":%d,\"stopped_min\":%lld,"
	              "\"elapsed_min\":%lld,\"apologies\":%d,",
	              verdict_name(d->tl.verdict), d->tl.current_step, (long long)d->tl.stopped_min,
	              (long long)d->tl.elapsed_min, d->tl.apologies));
	/* What a waiting dossier's citizen is asked for, and whom to ask. */
	CK(json_str(f, "request", d->request));
	W(",");
	CK(json_time(f, "request_due", d->request_due));
	W(",\"contact\":{");
	CK(json_str(f, "phone", d->agency_phone));
	W(",");
	CK(json_str(f, "address", d->agency_address));
	W(",");
	CK(json_str(f, "hours", d->agency_hours));
	W("},");
	CK(json_steps(f, d));
	W(",");
	CK(json_stops(f, d));
	W("}");
	return ferror(f) ? -1 : 0;
}
