/*
 * progress: a one-line counter on stderr for long runs, drawn only when
 * stderr is a terminal so that logs and tests stay clean.
 */
#include <unistd.h>

#include "trackdb.h"

/* Redraw about every this many items: often enough to look alive, rarely
 * enough to cost nothing. */
#define PROGRESS_STEP 20000

void
progress_start(struct progress *p, const char *what, int64_t total)
{
	p->on = isatty(STDERR_FILENO);
	p->what = what;
	p->total = total;
	p->next = PROGRESS_STEP;
}

void
progress_update(struct progress *p, int64_t done)
{
	if (!p->on || done < p->next)
		return;
	p->next = done + PROGRESS_STEP;
	if (p->total > 0)
		fprintf(stderr, "\r%s: %lld of %lld (%d%%)", p->what, (long long)done,
		        (long long)p->total, (int)(done * 100 / p->total));
	else
		fprintf(stderr, "\r%s: %lld", p->what, (long long)done);
}

void
progress_end(struct progress *p)
{
	if (p->on && p->next > PROGRESS_STEP)
		fputs("\r\033[K", stderr);
}
