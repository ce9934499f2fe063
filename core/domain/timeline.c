#include "timeline.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Texts exactly as in the CHECK of events.kind in data/schema.sql. */
static const char *const ev_names[EV_KIND_COUNT] = {
    [EV_STEP_START] = "step_start",
    [EV_STEP_DONE] = "step_done",
    [EV_SUPPLEMENT_REQUEST] = "supplement_request",
    [EV_SUPPLEMENT_RECEIVED] = "supplement_received",
    [EV_PAUSE] = "pause",
    [EV_RESUME] = "resume",
    [EV_APOLOGY] = "apology",
    [EV_RESULT_READY] = "result_ready",
    [EV_RETURNED] = "returned",
    [EV_REJECTED] = "rejected",
    [EV_WITHDRAWN] = "withdrawn",
};

static const char *const verdict_names[] = {
    [VERDICT_NONE] = "none", [VERDICT_EARLY] = "early",   [VERDICT_ON_TIME] = "on_time",
    [VERDICT_LATE] = "late", [VERDICT_WITHIN] = "within", [VERDICT_OVERDUE] = "overdue",
};

const char *
ev_kind_name(enum ev_kind kind)
{
	if ((int)kind < 0 || (int)kind >= EV_KIND_COUNT)
		return NULL;
	return ev_names[kind];
}

int
ev_kind_parse(const char *s)
{
	if (!s)
		return -1;
	for (int k = 0; k < EV_KIND_COUNT; k++)
		if (strcmp(s, ev_names[k]) == 0)
			return k;
	return -1;
}

const char *
verdict_name(enum verdict v)
{
	if ((int)v < 0 || (size_t)v >= sizeof verdict_names / sizeof verdict_names[0])
		return NULL;
	return verdict_names[v];
}

/* ---- working time around stops ------------------------------------------ */

static bool
stop_contains(const struct timeline_stop *s, tmin_t t)
{
	return t >= s->from && (s->to == 0 || t < s->to);
}

tmin_t
timeline_add(const struct clock_cal *cal, tmin_t t, int64_t minutes,
             const struct timeline_stop *stops, int n)
{
	tmin_t cur = t;
	int64_t left = minutes;

	assert(cal && minutes >= 0 && n >= 0 && (n == 0 || stops));
	if (minutes == 0)
		return t;
	for (;;) {
		tmin_t cand, next = 0;
		bool moved = true, have_next = false;

		/* Leave every stop CUR stands in (stops may touch or overlap). */
		while (moved) {
			moved = false;
			for (int i = 0; i < n; i++) {
				if (!stop_contains(&stops[i], cur))
					continue;
				if (stops[i].to == 0)
					return TIMELINE_NEVER;
				cur = stops[i].to;
				moved = true;
			}
		}
		for (int i = 0; i < n; i++)
			if (stops[i].from > cur && (!have_next || stops[i].from < next)) {
				next = stops[i].from;
				have_next = true;
			}
		cand = clock_add(cal, cur, left);
		/* A stretch that ends exactly where a stop begins ends there. */
		if (!have_next || cand <= next)
			return cand;
		left -= clock_between(cal, cur, next);
		assert(left > 0);
		cur = next;
	}
}

/* Working minutes in [A, B) outside the N stops, which are disjoint and
 * closed (to != 0) here. */
static int64_t
work_between(const struct clock_cal *cal, tmin_t a, tmin_t b, const struct timeline_stop *stops,
             int n)
{
	int64_t sum = clock_between(cal, a, b);

	for (int i = 0; i < n; i++) {
		tmin_t lo = stops[i].from > a ? stops[i].from : a;
		tmin_t hi = stops[i].to < b ? stops[i].to : b;

		assert(stops[i].to != 0);
		sum -= clock_between(cal, lo, hi);
	}
	assert(sum >= 0);
	return sum;
}

/* ---- reading the event log ---------------------------------------------- */

/* What the event reader tracks beside the output. */
struct scan {
	tmin_t closed_at; /* result, rejection or withdrawal instant; 0 while open */
	int open_stop;    /* index of the stop still open, -1 when none */
	int last_started; /* step whose step_start came last, 0 when none */
};

/* Fail naming event I (1-based in the message) and why. */
static int ev_fail(struct err *e, int i, const struct ev *ev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int
ev_fail(struct err *e, int i, const struct ev *ev, const char *fmt, ...)
{
	char at[CLOCK_INSTANT_LEN + 1], why[256];
	const char *name = ev_kind_name(ev->kind);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	return err_set(e, "event %d (%s at %s): %s", i + 1, name ? name : "?",
	               clock_format_instant(ev->at, at), why);
}

static void
step_event(const struct ev *ev, struct timeline *out, struct scan *sc)
{
	struct timeline_step *s = &out->steps[ev->step_no - 1];

	if (ev->kind == EV_STEP_START) {
		/* A restart (work sent back) keeps the first start. */
		if (s->state == STEP_NOT_STARTED)
			s->started = ev->at;
		s->state = STEP_ACTIVE;
		s->finished = 0;
		sc->last_started = ev->step_no;
		return;
	}
	if (s->state == STEP_NOT_STARTED) {
		/* Handed over without a logged start: the step began when the
		 * one before it was handed over, or when the clock started. */
		const struct timeline_step *prev = ev->step_no > 1 ? s - 1 : NULL;
		tmin_t from = prev && prev->state == STEP_DONE ? prev->finished : out->clock_start;

		s->started = from < ev->at ? from : ev->at;
	}
	s->state = STEP_DONE;
	s->finished = ev->at;
}

/* Open or close a clock stop.  Only one stop is open at a time: while the
 * clock stands still a second stop would change nothing, and the rule
 * keeps stops disjoint and ordered. */
static int
stop_event(int i, const struct ev *ev, struct timeline *out, struct scan *sc, struct err *e)
{
	bool supplement = ev->kind == EV_SUPPLEMENT_REQUEST || ev->kind == EV_SUPPLEMENT_RECEIVED;

	if (ev->kind == EV_SUPPLEMENT_REQUEST || ev->kind == EV_PAUSE) {
		if (sc->open_stop >= 0)
			return ev_fail(e, i, ev, "the clock is already stopped");
		if (out->nstops == TIMELINE_STOPS_MAX)
			return ev_fail(e, i, ev, "more than %d clock stops", TIMELINE_STOPS_MAX);
		out->stops[out->nstops] = (struct timeline_stop){ev->at, 0, supplement};
		sc->open_stop = out->nstops++;
		out->supplements += supplement;
		return 0;
	}
	if (sc->open_stop < 0 || out->stops[sc->open_stop].supplement != supplement)
		return ev_fail(e, i, ev,
		               supplement ? "no supplement_request is open" : "no pause is open");
	out->stops[sc->open_stop].to = ev->at;
	sc->open_stop = -1;
	return 0;
}

static int
apply_event(const struct timeline_input *in, int i, struct timeline *out, struct scan *sc,
            struct err *e)
{
	const struct ev *ev = &in->events[i];

	switch (ev->kind) {
	case EV_STEP_START:
	case EV_STEP_DONE:
		if (ev->step_no < 1 || ev->step_no > in->nsteps)
			return ev_fail(e, i, ev, "step number out of range");
		step_event(ev, out, sc);
		return 0;
	case EV_SUPPLEMENT_REQUEST:
	case EV_SUPPLEMENT_RECEIVED:
	case EV_PAUSE:
	case EV_RESUME:
		return stop_event(i, ev, out, sc, e);
	case EV_APOLOGY:
		if (ev->new_due == 0)
			return ev_fail(e, i, ev, "an apology needs a new appointment");
		out->apologies++;
		out->new_due = ev->new_due;
		return 0;
	case EV_RESULT_READY:
	case EV_REJECTED:
		out->resolved = ev->at;
		out->rejected = ev->kind == EV_REJECTED;
		sc->closed_at = ev->at;
		return 0;
	case EV_RETURNED:
		if (!out->resolved)
			return ev_fail(e, i, ev, "returned before any result_ready or rejected");
		if (!out->returned)
			out->returned = ev->at;
		return 0;
	case EV_WITHDRAWN:
		out->withdrawn = true;
		sc->closed_at = ev->at;
		return 0;
	case EV_KIND_COUNT:
		break;
	}
	return ev_fail(e, i, ev, "unknown event kind");
}

static int
read_events(const struct timeline_input *in, struct timeline *out, struct scan *sc, struct err *e)
{
	char a[CLOCK_INSTANT_LEN + 1];

	assert(in->nevents == 0 || in->events);
	for (int i = 0; i < in->nevents; i++) {
		const struct ev *ev = &in->events[i];

		if (ev->at < in->received)
			return ev_fail(e, i, ev, "before the dossier was received");
		if (i > 0 && ev->at < in->events[i - 1].at)
			return ev_fail(e, i, ev, "out of time order");
		/* After the result, a rejection or a withdrawal only the
		 * hand-over may follow. */
		if (sc->closed_at && ev->kind != EV_RETURNED)
			return ev_fail(e, i, ev, "the dossier was closed at %s",
			               clock_format_instant(sc->closed_at, a));
		if (apply_event(in, i, out, sc, e) < 0)
			return -1;
	}
	return 0;
}

/* ---- judging ------------------------------------------------------------ */

static day_t
day_floor(tmin_t t)
{
	tmin_t d = t / CLOCK_MIN_PER_DAY;

	/* Floor, not truncation, for instants before 1970. */
	return (day_t)(t % CLOCK_MIN_PER_DAY < 0 ? d - 1 : d);
}

/* Judge a finished thing at AT against DUE: early on a day before the due
 * day (the official categories count in days), on time on the due day up
 * to the due instant, late after it. */
static enum verdict
judge(tmin_t at, tmin_t due)
{
	if (day_floor(at) < day_floor(due))
		return VERDICT_EARLY;
	return at <= due ? VERDICT_ON_TIME : VERDICT_LATE;
}

static int
check_input(const struct timeline_input *in, struct err *e)
{
	if (in->nsteps < 1 || in->nsteps > TIMELINE_STEPS_MAX)
		return err_set(e, "a process has 1 to %d steps, not %d", TIMELINE_STEPS_MAX,
		               in->nsteps);
	for (int k = 0; k < in->nsteps; k++)
		if (in->allowance_min[k] <= 0)
			return err_set(e, "step %d: allowance of %d minutes (must be > 0)", k + 1,
			               in->allowance_min[k]);
	if (in->nevents < 0 || (in->nevents > 0 && !in->events))
		return err_set(e, "no event log (%d events)", in->nevents);
	return 0;
}

/* Planned deadlines: each step's allowance added where the one before it
 * ended.  Working-time addition chains exactly (a stretch ends at a
 * session's close, and the next one starts at the following opening), so
 * this equals the start plus the cumulative allowance, in one pass.
 *
 * A step already handed over is judged only by the stops that began before
 * its hand-over: a supplement wait or pause that begins later cannot have
 * held that step up, so it does not move the step's deadline (it still
 * moves the deadlines of the steps after it and the dossier's due). */
static void
plan_steps(const struct clock_cal *cal, const struct timeline_input *in, struct timeline *out,
           const struct timeline_stop *eff)
{
	tmin_t t = out->clock_start;
	int64_t cum = 0;

	for (int k = 0; k < in->nsteps; k++) {
		struct timeline_step *s = &out->steps[k];
		int before = out->nstops;

		cum += in->allowance_min[k];
		t = timeline_add(cal, t, in->allowance_min[k], eff, out->nstops);
		assert(t != TIMELINE_NEVER);
		s->planned_end = t;
		if (s->state != STEP_DONE)
			continue;
		while (before > 0 && eff[before - 1].from >= s->finished)
			before--;
		if (before < out->nstops)
			s->planned_end = timeline_add(cal, out->clock_start, cum, eff, before);
	}
	out->due = out->steps[in->nsteps - 1].planned_end;
	out->appointment = clock_add(cal, out->clock_start, cum);
	out->total_min = cum;
}

/* Time used, time over and the verdict of each step; an active step is
 * judged at END (now, or when the dossier closed). */
static void
judge_steps(const struct clock_cal *cal, const struct timeline_input *in, struct timeline *out,
            const struct timeline_stop *eff, tmin_t end)
{
	for (int k = 0; k < in->nsteps; k++) {
		struct timeline_step *s = &out->steps[k];
		tmin_t upto;

		if (s->state == STEP_NOT_STARTED) {
			s->verdict = VERDICT_NONE;
			continue;
		}
		upto = s->state == STEP_DONE ? s->finished : end;
		s->used_min = work_between(cal, s->started, upto, eff, out->nstops);
		s->over_min =
		    s->used_min > in->allowance_min[k] ? s->used_min - in->allowance_min[k] : 0;
		if (s->state == STEP_DONE)
			s->verdict = judge(s->finished, s->planned_end);
		else
			s->verdict = end <= s->planned_end ? VERDICT_WITHIN : VERDICT_OVERDUE;
	}
}

/* The step the dossier is at: the active step started last, else the
 * first step not yet done (handed over, waiting to be picked up); none
 * once the dossier is closed or every step is done. */
static int
current_step(const struct timeline *out, const struct scan *sc)
{
	if (sc->closed_at)
		return 0;
	if (sc->last_started && out->steps[sc->last_started - 1].state == STEP_ACTIVE)
		return sc->last_started;
	for (int k = 0; k < out->nsteps; k++)
		if (out->steps[k].state == STEP_ACTIVE)
			return k + 1;
	for (int k = 0; k < out->nsteps; k++)
		if (out->steps[k].state != STEP_DONE)
			return k + 1;
	return 0;
}

/* Close what the end of the dossier closes: a stop still open ends there,
 * and a result or rejection finishes the step in hand. */
static void
close_dossier(struct timeline *out, const struct scan *sc)
{
	if (!sc->closed_at)
		return;
	if (sc->open_stop >= 0)
		out->stops[sc->open_stop].to = sc->closed_at;
	if (!out->resolved)
		return;
	for (int k = 0; k < out->nsteps; k++)
		if (out->steps[k].state == STEP_ACTIVE) {
			out->steps[k].state = STEP_DONE;
			out->steps[k].finished = out->resolved;
		}
}

int
timeline_compute(const struct clock_cal *cal, const struct timeline_input *in, struct timeline *out,
                 struct err *e)
{
	struct timeline_stop eff[TIMELINE_STOPS_MAX] = {{0, 0, false}};
	struct scan sc = {0, -1, 0};
	tmin_t end;

	assert(cal && in && out);
	memset(out, 0, sizeof *out);
	if (check_input(in, e) < 0)
		return -1;
	out->nsteps = in->nsteps;
	out->clock_start = clock_next_open(cal, in->received);
	if (read_events(in, out, &sc, e) < 0)
		return -1;
	close_dossier(out, &sc);
	end = sc.closed_at ? sc.closed_at : in->now;

	/* A stop still open at "now" lasts until now: the due moves forward
	 * for as long as the citizen has not supplemented. */
	for (int i = 0; i < out->nstops; i++) {
		eff[i] = out->stops[i];
		if (eff[i].to == 0)
			eff[i].to = end > eff[i].from ? end : eff[i].from;
		assert(i == 0 || eff[i].from >= eff[i - 1].to);
		out->stopped_min += clock_between(cal, eff[i].from, eff[i].to);
	}
	plan_steps(cal, in, out, eff);
	judge_steps(cal, in, out, eff, end);
	out->current_step = current_step(out, &sc);
	out->elapsed_min = work_between(cal, out->clock_start, end, eff, out->nstops);
	out->remaining_min =
	    out->total_min > out->elapsed_min ? out->total_min - out->elapsed_min : 0;
	if (!sc.closed_at && sc.open_stop >= 0)
		out->open_stop = sc.open_stop + 1;
	/* A due counted across a day the government has not fixed yet may
	 * move when the decision comes: say so wherever the due is shown. */
	out->provisional = clock_first_provisional(
	    cal, out->clock_start, out->due > out->appointment ? out->due : out->appointment);

	if (out->withdrawn)
		out->verdict = VERDICT_NONE;
	else if (out->resolved)
		out->verdict = judge(out->resolved, out->due);
	else
		out->verdict = in->now <= out->due ? VERDICT_WITHIN : VERDICT_OVERDUE;
	return 0;
}
