/*
 * fuzz_timeline: timeline_compute on event logs built from the bytes, on
 * the 2025 calendar.
 *
 * Layout of an input (missing bytes read as 0):
 *   1 byte   steps: 1 + b % 8
 *   2 bytes  per step, its allowance: 15 + v % 4786 working minutes
 *   4 bytes  received: 2024-01-01 00:00 + v % (3 years)
 *   3 bytes  now: received - 50,000 + v % 1,500,000 minutes
 *   4 bytes  per event (up to 40): minutes since the one before (16 bits),
 *            kind (b % 12, one past the last kind; b >= 0xF0 also turns
 *            the minutes backwards, a log out of order), step number
 *            (b % (steps + 2), so 0 and steps + 1 occur) or, for an apology,
 *            the new appointment (0 or up to 255 half days later).
 * It must not crash; when it returns 0, the result must be consistent,
 * down to the allowances: the working time from the clock start to each
 * planned deadline, stops excluded, is the sum of the allowances so far.
 */
#include "fuzz.h"
#include "timeline.h"

#define STEPS 8
#define EVENTS_MAX 40
#define ALLOW_MIN 15
#define ALLOW_MAX 4800

static struct clock_cal *cal;

int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cal = fuzz_cal_2025();
	return 0;
}

/* Working minutes in [A, B) outside the STOPS (closed), computed apart
 * from timeline.c. */
static int64_t
work(tmin_t a, tmin_t b, const struct timeline_stop *stops, int n)
{
	int64_t sum = clock_between(cal, a, b);

	for (int i = 0; i < n; i++) {
		tmin_t lo = stops[i].from > a ? stops[i].from : a;
		tmin_t hi = stops[i].to < b ? stops[i].to : b;

		sum -= clock_between(cal, lo, hi);
	}
	return sum;
}

static void
check_stops(const struct timeline *t, tmin_t closed_at, tmin_t end, struct timeline_stop *eff)
{
	int64_t stopped = 0;

	CHECK(t->nstops >= 0 && t->nstops <= TIMELINE_STOPS_MAX);
	for (int i = 0; i < t->nstops; i++) {
		const struct timeline_stop *s = &t->stops[i];

		/* Only the last stop may still be open, and only while the
		 * dossier is. */
		if (s->to == 0)
			CHECK(i == t->nstops - 1 && closed_at == 0);
		else
			CHECK(s->to >= s->from);
		if (i > 0)
			CHECK(s->from >= t->stops[i - 1].to && t->stops[i - 1].to != 0);
		eff[i] = *s;
		if (eff[i].to == 0)
			eff[i].to = end > s->from ? end : s->from;
		stopped += clock_between(cal, eff[i].from, eff[i].to);
	}
	CHECK(t->stopped_min == stopped);
}

static void
check_steps(const struct timeline_input *in, const struct timeline *t, tmin_t end,
            const struct timeline_stop *eff)
{
	int64_t allowed = 0;

	for (int k = 0; k < in->nsteps; k++) {
		const struct timeline_step *s = &t->steps[k];

		CHECK(k == 0 || s->planned_end >= t->steps[k - 1].planned_end);
		allowed += in->allowance_min[k];
		CHECK(work(t->clock_start, s->planned_end, eff, t->nstops) == allowed);
		CHECK(s->used_min >= 0 && s->over_min >= 0);
		CHECK(
		    s->over_min ==
		    (s->used_min > in->allowance_min[k] ? s->used_min - in->allowance_min[k] : 0));
		switch (s->state) {
		case STEP_NOT_STARTED:
			CHECK(s->verdict == VERDICT_NONE && s->used_min == 0);
			break;
		case STEP_ACTIVE:
			CHECK(s->verdict == VERDICT_WITHIN || s->verdict == VERDICT_OVERDUE);
			CHECK(s->used_min == work(s->started, end, eff, t->nstops));
			break;
		case STEP_DONE:
			CHECK(s->verdict == VERDICT_EARLY || s->verdict == VERDICT_ON_TIME ||
			      s->verdict == VERDICT_LATE);
			CHECK(s->finished >= s->started);
			CHECK(s->used_min == work(s->started, s->finished, eff, t->nstops));
			break;
		default:
			CHECK(!"step state out of range");
		}
	}
	CHECK(t->steps[in->nsteps - 1].planned_end == t->due);
}

static void
check(const struct timeline_input *in, const struct timeline *t)
{
	struct timeline_stop eff[TIMELINE_STOPS_MAX];
	tmin_t closed_at = 0, end;

	/* The one event that closed the dossier, if any. */
	for (int i = 0; i < in->nevents; i++)
		if (in->events[i].kind == EV_RESULT_READY || in->events[i].kind == EV_REJECTED ||
		    in->events[i].kind == EV_WITHDRAWN) {
			closed_at = in->events[i].at;
			break;
		}
	end = closed_at ? closed_at : in->now;

	CHECK(t->nsteps == in->nsteps);
	CHECK(t->clock_start == clock_next_open(cal, in->received));
	CHECK(t->due >= t->clock_start);
	CHECK(t->elapsed_min >= 0);
	CHECK(t->current_step >= 0 && t->current_step <= in->nsteps);
	if (t->current_step > 0)
		CHECK(t->steps[t->current_step - 1].state != STEP_DONE && closed_at == 0);
	check_stops(t, closed_at, end, eff);
	check_steps(in, t, end, eff);
	CHECK(t->elapsed_min == work(t->clock_start, end, eff, t->nstops));
	if (t->withdrawn)
		CHECK(t->verdict == VERDICT_NONE);
	else if (t->resolved)
		CHECK(t->verdict == VERDICT_EARLY || t->verdict == VERDICT_ON_TIME ||
		      t->verdict == VERDICT_LATE);
	else
		CHECK(t->verdict == (in->now <= t->due ? VERDICT_WITHIN : VERDICT_OVERDUE));
	CHECK(!t->returned || t->resolved);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const tmin_t base = (tmin_t)clock_day(2024, 1, 1) * CLOCK_MIN_PER_DAY;
	const tmin_t span =
	    (tmin_t)(clock_day(2027, 1, 1) - clock_day(2024, 1, 1)) * CLOCK_MIN_PER_DAY;
	struct ev ev[EVENTS_MAX];
	struct timeline_input in;
	struct timeline *t = malloc(sizeof *t);
	struct err e = {""};
	const uint8_t *p = data;
	size_t left = size;
	tmin_t at;

	if (!t)
		return 0;
	memset(&in, 0, sizeof in);
	in.nsteps = 1 + (int)(fuzz_take(&p, &left, 1) % STEPS);
	for (int k = 0; k < in.nsteps; k++)
		in.allowance_min[k] =
		    ALLOW_MIN + (int)(fuzz_take(&p, &left, 2) % (ALLOW_MAX - ALLOW_MIN + 1));
	in.received = base + (tmin_t)(fuzz_take(&p, &left, 4) % (uint64_t)span);
	in.now = in.received - 50000 + (tmin_t)(fuzz_take(&p, &left, 3) % 1500000);
	at = in.received;
	while (left > 0 && in.nevents < EVENTS_MAX) {
		struct ev *v = &ev[in.nevents++];
		unsigned kind, aux;
		tmin_t gap;

		gap = (tmin_t)fuzz_take(&p, &left, 2);
		kind = (unsigned)fuzz_take(&p, &left, 1);
		aux = (unsigned)fuzz_take(&p, &left, 1);
		/* One kind byte in 16 sends the clock back, so that logs out of
		 * order or from before the receipt are tried too. */
		at += kind >= 0xF0 ? -gap : gap;
		v->at = at;
		v->kind = (enum ev_kind)(kind % (EV_KIND_COUNT + 1));
		v->step_no = 0;
		v->new_due = 0;
		if (v->kind == EV_STEP_START || v->kind == EV_STEP_DONE)
			v->step_no = (int)(aux % (unsigned)(in.nsteps + 2));
		else if (v->kind == EV_APOLOGY && aux)
			v->new_due = at + (tmin_t)aux * 720;
	}
	in.events = in.nevents ? ev : NULL;

	if (timeline_compute(cal, &in, t, &e) == 0) {
		check(&in, t);
#ifdef FUZZ_DEBUG /* build.sh with EXTRA_CFLAGS=-DFUZZ_DEBUG, to read seeds */
		fprintf(stderr, "ok: %d steps, %d events, %d stops, due %lld, verdict %s\n",
		        in.nsteps, in.nevents, t->nstops, (long long)t->due,
		        verdict_name(t->verdict));
#endif
	} else {
		CHECK(e.msg[0] != '\0');
#ifdef FUZZ_DEBUG
		fprintf(stderr, "refused: %s\n", e.msg);
#endif
	}
	free(t);
	return 0;
}
