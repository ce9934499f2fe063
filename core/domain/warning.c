/*
 * warning: the early-warning rules (see warning.h).
 */
#include <assert.h>
#include <string.h>

#include "warning.h"

tmin_t
warning_horizon(const struct clock_cal *cal, tmin_t now)
{
	day_t today = (day_t)(now / CLOCK_MIN_PER_DAY);

	assert(cal && cal->nsessions > 0);
	/* A year holds working days under any real calendar: past that the
	 * calendar is broken and nothing is "due soon". */
	for (day_t d = today + 1; d <= today + 366; d++)
		if (clock_is_working_day(cal, d))
			return (tmin_t)d * CLOCK_MIN_PER_DAY +
			       cal->sessions[cal->nsessions - 1].closes;
	return 0;
}

static bool
pending(const struct timeline *tl)
{
	return !tl->resolved && !tl->rejected && !tl->withdrawn;
}

unsigned
warning_judge(const struct clock_cal *cal, const struct timeline *tl, tmin_t now,
              const struct warning_rules *rules, struct warning *out)
{
	const struct timeline_stop *open;

	assert(cal && tl && rules && out);
	memset(out, 0, sizeof *out);
	if (!pending(tl))
		return 0;
	out->due = tl->due;
	out->step = tl->current_step;
	if (out->step > 0 && out->step <= tl->nsteps)
		out->held_min = tl->steps[out->step - 1].used_min;
	open = tl->open_stop ? &tl->stops[tl->open_stop - 1] : NULL;
	if (tl->verdict == VERDICT_OVERDUE) {
		out->kinds |= WARNING_OVERDUE;
		out->late_min = clock_between(cal, tl->due, now);
	} else if (!open && tl->due <= warning_horizon(cal, now)) {
		out->kinds |= WARNING_DUE_SOON;
		out->left_min = clock_between(cal, now, tl->due);
		out->due_today = tl->due / CLOCK_MIN_PER_DAY == now / CLOCK_MIN_PER_DAY;
	}
	if (open && open->supplement) {
		out->waited_min = clock_between(cal, open->from, now);
		if (out->waited_min > (int64_t)rules->wait_days * cal->day_minutes)
			out->kinds |= WARNING_WAITING;
	}
	return out->kinds;
}

void
warning_tally_add(struct warning_tally *t, const struct warning *w)
{
	t->overdue += (w->kinds & WARNING_OVERDUE) != 0;
	t->due_soon += (w->kinds & WARNING_DUE_SOON) != 0;
	t->due_today += w->due_today;
	t->waiting += (w->kinds & WARNING_WAITING) != 0;
}
