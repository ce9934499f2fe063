/*
 * demo_life: one synthetic dossier from receipt to hand-over.
 *
 * The life is planned in working minutes after the clock started ("offsets",
 * clock stops excluded) and only then turned into instants, so that the
 * verdict it aims at (early, on time, late) holds on the real calendar:
 * Tết, weekends and lunch breaks are skipped by clock_add, and a supplement
 * request stops the clock until the citizen comes back.
 */
#include <assert.h>
#include <stddef.h>
#include <string.h>

#include "demo.h"

enum outcome { OUT_ON_TIME, OUT_EARLY, OUT_LATE, OUT_REJECT, OUT_WITHDRAW };
enum point_type { PT_SUPPLEMENT, PT_PAUSE, PT_APOLOGY, PT_END };

/* Something that happens at an offset inside the steps. */
struct point {
	int64_t off;
	enum point_type type;
	int64_t len; /* stops: working minutes until resumed, < 0 never */
};

#define POINTS_MAX 4

struct plan {
	const struct clock_cal *cal;
	const struct w_process *p;
	enum outcome outcome;
	enum channel ch;
	tmin_t start, due_eff;
	int64_t total, resolve;              /* offsets: allowance, result ready */
	int64_t cum[TIMELINE_STEPS_MAX + 1]; /* actual step ends */
	struct point pt[POINTS_MAX];
	int npt;
};

static enum outcome
pick_outcome(struct rng *r)
{
	/* Aimed at what provinces report: most on time, some early, a tenth
	 * late; a few rejected or withdrawn. */
	double u = rng_unit(r);
	return u < 0.015   ? OUT_REJECT
	       : u < 0.025 ? OUT_WITHDRAW
	       : u < 0.175 ? OUT_EARLY
	       : u < 0.275 ? OUT_LATE
	                   : OUT_ON_TIME;
}

static void
add_point(struct plan *pl, int64_t off, enum point_type type, int64_t len)
{
	struct point *q = &pl->pt[pl->npt++];
	int i = pl->npt - 1;

	*q = (struct point){off < 1 ? 1 : off, type, len};
	/* Keep them sorted by offset, distinct. */
	while (i > 0 && pl->pt[i - 1].off >= pl->pt[i].off) {
		struct point t = pl->pt[i - 1];
		pl->pt[i - 1] = pl->pt[i];
		pl->pt[i] = t;
		i--;
	}
	for (i = 1; i < pl->npt; i++)
		if (pl->pt[i].off <= pl->pt[i - 1].off)
			pl->pt[i].off = pl->pt[i - 1].off + 1;
}

/* Supplement requests (mostly at reception's review) and pauses (waiting
 * for another body's verification), placed on the planned steps. */
static void
plan_stops(struct plan *pl, struct rng *r)
{
	const struct w_process *p = pl->p;
	int dm = pl->cal->day_minutes;

	if (pl->outcome != OUT_REJECT && rng_chance(r, 0.07)) {
		int64_t len =
		    rng_chance(r, 0.1) ? -1 : rng_range(r, 1, 8) * dm + rng_range(r, 0, dm - 1);
		add_point(pl, (int64_t)(p->allow[0] * (0.2 + 0.6 * rng_unit(r))), PT_SUPPLEMENT,
		          len);
	}
	if (rng_chance(r, 0.02)) {
		int k = p->nsteps > 1 ? p->specialist : 0;
		int64_t before = 0;
		for (int i = 0; i < k; i++)
			before += p->allow[i];
		add_point(pl, before + (int64_t)(p->allow[k] * (0.2 + 0.6 * rng_unit(r))), PT_PAUSE,
		          rng_range(r, 1, 5) * dm);
	}
}

/* The instant of offset OFF, skipping the stops before it. */
static tmin_t
offset_instant(const struct plan *pl, int64_t off)
{
	tmin_t base = pl->start;
	int64_t boff = 0;

	for (int i = 0; i < pl->npt; i++) {
		const struct point *q = &pl->pt[i];
		if ((q->type != PT_SUPPLEMENT && q->type != PT_PAUSE) || q->off >= off ||
		    q->len < 0)
			continue;
		base = clock_add(pl->cal, clock_add(pl->cal, base, q->off - boff), q->len);
		boff = q->off;
	}
	return clock_add(pl->cal, base, off - boff);
}

/* Working minutes on the due day before the due instant (and after the
 * last resumption): finishing within them is "on time", before them
 * "early". */
static int64_t
due_day_minutes(const struct plan *pl)
{
	tmin_t day0 = pl->due_eff - pl->due_eff % CLOCK_MIN_PER_DAY;
	tmin_t last = offset_instant(pl, 0);

	for (int i = 0; i < pl->npt; i++)
		if (pl->pt[i].len > 0 && pl->pt[i].off < pl->total)
			last = offset_instant(pl, pl->pt[i].off);
	if (last > day0)
		day0 = last;
	return clock_between(pl->cal, day0, pl->due_eff);
}

static void
plan_resolution(struct plan *pl, struct rng *r)
{
	int64_t T = pl->total, dm = pl->cal->day_minutes, m = due_day_minutes(pl), extra;
	enum outcome o = pl->outcome;

	if (o == OUT_EARLY && T - m < 4 * (int64_t)pl->p->nsteps)
		o = OUT_ON_TIME; /* a half-day procedure cannot finish a day early */
	if (o == OUT_EARLY) {
		pl->resolve = (int64_t)((T - m) * (0.35 + 0.65 * rng_unit(r)));
	} else if (o == OUT_LATE) {
		/* Mostly hours or a few days; a few dossiers stuck for weeks
		 * (a land file waiting on a survey), which keeps some pending
		 * ones overdue at "now". */
		double u = rng_unit(r);
		extra = u < 0.5    ? rng_range(r, 15, dm)
		        : u < 0.83 ? rng_range(r, dm, 3 * dm)
		        : u < 0.95 ? rng_range(r, 3 * dm, 10 * dm)
		                   : rng_range(r, 10 * dm, 40 * dm);
		pl->resolve = T + extra;
	} else {
		pl->resolve = T - (m > 0 ? (int64_t)rng_below(r, (uint64_t)m) : 0);
	}
	if (pl->resolve < pl->p->nsteps)
		pl->resolve = pl->p->nsteps;
	for (int i = 0; i < pl->npt; i++)
		if (pl->resolve <= pl->pt[i].off)
			pl->resolve = pl->pt[i].off + 1;
}

static int
longest(const int64_t *d, int n)
{
	int big = 0;

	for (int i = 1; i < n; i++)
		if (d[i] > d[big])
			big = i;
	return big;
}

/* Step durations adding up to the resolution offset.  A late dossier's
 * delay sits in one step (the leader's signature or the specialist unit),
 * as inspections usually find; otherwise every step takes its share. */
static void
plan_steps(struct plan *pl, struct rng *r)
{
	const struct w_process *p = pl->p;
	int64_t d[TIMELINE_STEPS_MAX], sum = 0;
	int n = p->nsteps;

	assert(n >= 1 && n <= TIMELINE_STEPS_MAX);

	if (pl->outcome == OUT_LATE && pl->resolve > pl->total) {
		int c = p->leader >= 0 && rng_chance(r, 0.6) ? p->leader : p->specialist;
		for (int i = 0; i < n; i++)
			if (i != c)
				sum += d[i] =
				    1 + (int64_t)(p->allow[i] * (0.55 + 0.45 * rng_unit(r)));
		d[c] = pl->resolve - sum;
		if (d[c] < 1) { /* tiny allowances: let the dossier be later still */
			d[c] = 1;
			pl->resolve = sum + 1;
		}
	} else {
		double w[TIMELINE_STEPS_MAX], ws = 0;
		int big = 0;
		for (int i = 0; i < n; i++)
			ws += w[i] = p->allow[i] * (0.6 + 0.8 * rng_unit(r));
		for (int i = 0; i < n; i++) {
			sum += d[i] = (int64_t)(pl->resolve * w[i] / ws);
			if (d[i] > d[big])
				big = i;
		}
		d[big] += pl->resolve - sum;
		/* Every step takes at least a minute (resolve >= nsteps). */
		for (int i = 0; i < n; i++)
			while (d[i] < 1) {
				big = longest(d, n);
				d[big]--;
				d[i]++;
			}
	}
	pl->cum[0] = 0;
	for (int i = 0; i < n; i++)
		pl->cum[i + 1] = pl->cum[i] + d[i];
}

/* Keep every stop strictly inside a step, so that the log reads "step
 * started, supplement requested, supplement received, step done". */
static void
settle_points(struct plan *pl)
{
	for (int i = 0; i < pl->npt; i++) {
		struct point *q = &pl->pt[i];
		if (q->off >= pl->resolve)
			q->off = pl->resolve - 1;
		for (int k = 0; k <= pl->p->nsteps; k++)
			if (q->off == pl->cum[k])
				q->off++;
	}
}

/* Apologise before the due passes, with a new appointment whole working
 * days later (sometimes missed again); reject early, withdraw any time. */
static void
plan_extras(struct plan *pl, struct rng *r)
{
	int64_t dm = pl->cal->day_minutes, T = pl->total, reach;
	int64_t last_stop = pl->npt ? pl->pt[pl->npt - 1].off : 0;

	if (pl->outcome == OUT_LATE && rng_chance(r, 0.6)) {
		/* When the delay shows: in the last quarter of the allowance. */
		int64_t q = T / 4 < dm ? T / 4 + 1 : dm;
		int64_t off = T - (int64_t)rng_below(r, (uint64_t)q);
		if (off > last_stop && off < pl->resolve && pl->npt < POINTS_MAX) {
			int64_t k = (pl->resolve - T + dm - 1) / dm;
			double u = rng_unit(r);
			k += u < 0.1 ? -1 : u < 0.25 ? 1 : 0;
			add_point(pl, off, PT_APOLOGY, k < 1 ? 1 : k);
		}
	}
	if (pl->outcome == OUT_REJECT || pl->outcome == OUT_WITHDRAW) {
		int s = pl->p->nsteps < 2 ? pl->p->nsteps : 2;
		reach = pl->outcome == OUT_REJECT ? pl->cum[s] : pl->resolve;
		if (reach > pl->resolve)
			reach = pl->resolve;
		pl->pt[pl->npt] =
		    (struct point){1 + (int64_t)rng_below(r, (uint64_t)reach), PT_END, 0};
		pl->npt++;
		/* An end is last among points at or after it: sort it in. */
		for (int i = pl->npt - 1; i > 0 && pl->pt[i - 1].off > pl->pt[i].off; i--) {
			struct point t = pl->pt[i - 1];
			pl->pt[i - 1] = pl->pt[i];
			pl->pt[i] = t;
		}
	}
}

/* Turning offsets into the event log. */
struct walk {
	const struct plan *pl;
	struct life *out;
	tmin_t base; /* instant of offset boff: the clock start or the last resumption */
	int64_t boff;
};

static tmin_t
walk_at(const struct walk *w, int64_t off)
{
	return clock_add(w->pl->cal, w->base, off - w->boff);
}

static void
emit(struct walk *w, tmin_t at, enum ev_kind kind, int step, tmin_t new_due, enum life_note note)
{
	struct life_ev *x = &w->out->ev[w->out->nev++];

	x->ev = (struct ev){at, kind, step, new_due};
	x->note = note;
}

/* Returns 1 when the point ends the dossier. */
static int
walk_point(struct walk *w, const struct point *q, struct rng *r)
{
	const struct clock_cal *cal = w->pl->cal;
	tmin_t t = walk_at(w, q->off);
	int supp = q->type == PT_SUPPLEMENT;

	switch (q->type) {
	case PT_SUPPLEMENT:
	case PT_PAUSE:
		emit(w, t, supp ? EV_SUPPLEMENT_REQUEST : EV_PAUSE, 0, 0,
		     supp ? NOTE_SUPPLEMENT : NOTE_PAUSE);
		if (q->len < 0) {
			/* Never supplemented: the office closes the file after a
			 * month and a half of working days. */
			emit(w,
			     clock_add(cal, t,
			               30 * (int64_t)cal->day_minutes + (int64_t)rng_below(r, 600)),
			     EV_WITHDRAWN, 0, 0, NOTE_SUPPLEMENT_LATE);
			return 1;
		}
		w->base = clock_add(cal, t, q->len);
		w->boff = q->off;
		emit(w, w->base, supp ? EV_SUPPLEMENT_RECEIVED : EV_RESUME, 0, 0, NOTE_NONE);
		return 0;
	case PT_APOLOGY:
		emit(w, t, EV_APOLOGY, 0, clock_add(cal, w->pl->due_eff, q->len * cal->day_minutes),
		     NOTE_APOLOGY);
		return 0;
	case PT_END:
		if (w->pl->outcome == OUT_REJECT)
			emit(w, t, EV_REJECTED, 0, 0, NOTE_REJECTED);
		else
			emit(w, t, EV_WITHDRAWN, 0, 0, NOTE_WITHDRAWN);
		return 1;
	}
	return 0;
}

/* The hand-over: at once for a waiting citizen, later for most; on line
 * within hours; a few results are never collected. */
static void
walk_return(struct walk *w, tmin_t ready, struct rng *r)
{
	const struct clock_cal *cal = w->pl->cal;
	tmin_t back;

	if (rng_chance(r, 0.03))
		return;
	if (w->pl->ch == CH_ONLINE)
		back = clock_add(cal, ready, rng_range(r, 0, 240));
	else if (rng_chance(r, 0.35))
		back = ready;
	else
		back = clock_add(cal, ready, rng_range(r, 30, 3 * (int64_t)cal->day_minutes));
	emit(w, back, EV_RETURNED, 0, 0, NOTE_NONE);
}

static void
walk(const struct plan *pl, struct life *out, struct rng *r)
{
	struct walk w = {pl, out, pl->start, 0};
	int n = pl->p->nsteps, k = 0;

	emit(&w, pl->start, EV_STEP_START, 1, 0, NOTE_NONE);
	for (int i = 0; i < n; i++) {
		for (; k < pl->npt && pl->pt[k].off < pl->cum[i + 1]; k++)
			if (walk_point(&w, &pl->pt[k], r))
				return;
		tmin_t t = walk_at(&w, pl->cum[i + 1]);
		emit(&w, t, EV_STEP_DONE, i + 1, 0, NOTE_NONE);
		if (i + 1 < n)
			emit(&w, t, EV_STEP_START, i + 2, 0, NOTE_NONE);
		else
			emit(&w, t, EV_RESULT_READY, 0, 0, NOTE_NONE);
	}
	walk_return(&w, out->ev[out->nev - 1].ev.at, r);
}

/* Keep what happened up to NOW and read the status off it, as the back
 * office's software would have set it. */
static void
settle_status(struct life *out, tmin_t now)
{
	int n = 0, stop = 0; /* 1 supplement, 2 pause */

	out->status = "processing";
	for (; n < out->nev && out->ev[n].ev.at <= now; n++) {
		const struct ev *x = &out->ev[n].ev;
		switch (x->kind) {
		case EV_SUPPLEMENT_REQUEST:
			stop = 1;
			break;
		case EV_PAUSE:
			stop = 2;
			break;
		case EV_SUPPLEMENT_RECEIVED:
		case EV_RESUME:
			stop = 0;
			break;
		case EV_APOLOGY:
			out->new_due = x->new_due;
			break;
		case EV_RESULT_READY:
			out->resolved = x->at;
			out->status = "ready";
			break;
		case EV_RETURNED:
			out->returned = x->at;
			out->status = "returned";
			break;
		case EV_REJECTED:
			out->resolved = x->at;
			out->status = "rejected";
			break;
		case EV_WITHDRAWN:
			out->status = "withdrawn";
			break;
		default:
			break;
		}
	}
	out->nev = n;
	if (strcmp(out->status, "processing") == 0 && stop)
		out->status = stop == 1 ? "supplement" : "paused";
	out->updated = n ? out->ev[n - 1].ev.at : out->received;
}

void
life_generate(const struct clock_cal *cal, const struct w_process *p, tmin_t received,
              enum channel ch, tmin_t now, struct rng *r, struct life *out)
{
	struct plan pl = {.cal = cal, .p = p, .ch = ch, .total = p->total};

	memset(out, 0, offsetof(struct life, ev));
	out->received = received;
	out->due = clock_add(cal, received, p->total);
	pl.outcome = pick_outcome(r);
	pl.start = clock_next_open(cal, received);
	plan_stops(&pl, r);
	pl.due_eff = offset_instant(&pl, pl.total);
	plan_resolution(&pl, r);
	plan_steps(&pl, r);
	settle_points(&pl);
	pl.due_eff = offset_instant(&pl, pl.total);
	plan_extras(&pl, r);
	walk(&pl, out, r);
	settle_status(out, now);
}

const char *
life_note_text(enum life_note n)
{
	static const char *const text[] = {
	    [NOTE_NONE] = NULL,
	    [NOTE_SUPPLEMENT] = "Yêu cầu bổ sung, hoàn thiện hồ sơ theo quy định",
	    [NOTE_SUPPLEMENT_LATE] = "Quá thời hạn bổ sung, hồ sơ được trả lại cho công dân",
	    [NOTE_PAUSE] = "Tạm dừng chờ kết quả xác minh của cơ quan liên quan",
	    [NOTE_APOLOGY] = "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
	    [NOTE_REJECTED] = "Hồ sơ không đủ điều kiện giải quyết, đã thông báo lý do",
	    [NOTE_WITHDRAWN] = "Công dân đề nghị rút hồ sơ",
	};
	return text[n];
}
