/*
 * stats_site: the publisher's statistics pages (publisher/pub.h).
 * Every figure is recomputed on each run, in one pass over the dossiers in
 * code order into per-(entity, period) counters (stats_stream.c), each
 * dossier's input taken from the publisher's page pass or, when unchanged
 * since the last run, from the statistics' input file (stats_input.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index766.h"
#include "satisfaction_page.h"
#include "stats_site.h"
#include "store.h"

/* What stats_site_count hands the publisher: the run's figures, being
 * counted (FD: the page pass feeds them) or counted, their pages not yet
 * written. */
struct stats_counted {
	struct ss s;
	struct stats_feed *fd; /* NULL once stats_site_counted ran */
};

/* S (zeroed first) ready to count as of NOW, its reference data read. */
static int
begin(struct ss *s, sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
      const char *site_dir, tmin_t now, const struct stats_run *run, struct err *e)
{
	memset(s, 0, sizeof *s);
	s->db = snap;
	s->refs = refs;
	s->run = run;
	s->cal = cal;
	s->site = site_dir;
	emit_init(&s->em, site_dir);
	s->now = now;
	s->today = (day_t)(now / CLOCK_MIN_PER_DAY);
	/* Dates (periods, the roadmap's deadlines) turn at midnight. */
	s->since = s->since_data = (tmin_t)s->today * CLOCK_MIN_PER_DAY;
	s->next = s->since + CLOCK_MIN_PER_DAY;
	return ss_load(s, e);
}

/* What follows the dossiers: the ratings, and the instant the pages are as of. */
static int
end(struct ss *s, struct err *e)
{
	if (ss_ratings_load(s, e) < 0)
		return -1;
	clock_format_instant(s->since_data, s->as_of);
	return 0;
}

/* Count everything as of NOW into S: reference data, dossiers (from the
 * snapshot), ratings.  Returns 0, or -1 with E set; release() either way. */
static int
count(struct ss *s, sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
      const char *site_dir, tmin_t now, struct err *e)
{
	return begin(s, snap, refs, cal, site_dir, now, NULL, e) < 0 || ss_stream(s, e) < 0 ||
	               end(s, e) < 0
	           ? -1
	           : 0;
}

/* Write every page and data file of S, counted. */
static int
write_pages(struct ss *s, struct err *e)
{
	return ss_report_write(s, e) < 0 || ss_satisfaction_write(s, e) < 0 ||
	               ss_index766_write(s, e) < 0 || ss_times_write(s, e) < 0 ||
	               ss_roadmap_write(s, e) < 0 || ss_dict_write(s, e) < 0 || ss_flush(s, e) < 0
	           ? -1
	           : 0;
}

static void
release(struct ss *s)
{
	ss_held_free(s);
	ss_ratings_free(s);
	idx766_free(s->x);
	ss_free(s);
}

int
stats_site_write(sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
                 const char *site_dir, tmin_t now, struct err *e)
{
	struct ss s;
	int r = count(&s, snap, refs, cal, site_dir, now, e) < 0 || write_pages(&s, e) < 0 ? -1 : 0;

	release(&s);
	return r;
}

/* The stamp file: one line, "ss-stamp 1 ID NOW NEXT" (ID in hex, instants
 * in minutes): the pages of snapshot ID computed at NOW read the same
 * until NEXT. */
#define STAMP_TAG "ss-stamp 1"

static int
stamp_fresh(const struct stats_run *run)
{
	FILE *f = fopen(run->stamp_path, "r");
	unsigned long long id;
	long long from, next;
	int ok;

	if (!f)
		return 0;
	ok = fscanf(f, STAMP_TAG " %llx %lld %lld", &id, &from, &next) == 3;
	fclose(f);
	return ok && id == run->snapshot_id && from <= run->now && run->now < next;
}

static int
stamp_write(const struct stats_run *run, tmin_t next, struct err *e)
{
	struct afile a;

	if (afile_open(&a, run->stamp_path, 0644, 1, e) < 0)
		return -1;
	if (fprintf(a.f, STAMP_TAG " %llx %lld %lld\n", (unsigned long long)run->snapshot_id,
	            (long long)run->now, (long long)next) < 0) {
		afile_abort(&a);
		return err_set(e, "%s: write error", run->stamp_path);
	}
	return afile_commit(&a, 0, e);
}

int
stats_site_count(sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
                 const char *site_dir, const struct stats_run *run, int *skipped,
                 struct stats_counted **out, struct err *e)
{
	struct stats_counted *c;

	*skipped = 0;
	*out = NULL;
	if (run->snapshot_kept && !run->full && !run->fresh && stamp_fresh(run)) {
		*skipped = 1;
		return 0;
	}
	/* No stamp while the pages are being rewritten (the site's pages
	 * with these figures, then the statistics'): a run killed now must
	 * not leave them marked as current. */
	if (unlink(run->stamp_path) < 0 && errno != ENOENT)
		return err_set(e, "%s: %s", run->stamp_path, strerror(errno));
	if (!(c = calloc(1, sizeof *c)))
		return err_set(e, "out of memory");
	if (begin(&c->s, snap, refs, cal, site_dir, run->now, run, e) < 0 ||
	    ss_feed_open(&c->s, &c->fd, e) < 0) {
		stats_counted_free(c);
		return -1;
	}
	*out = c;
	return 0;
}

struct stats_feed *
stats_counted_feed(const struct stats_counted *c)
{
	return c ? c->fd : NULL;
}

int
stats_site_counted(struct stats_counted *c, struct err *e)
{
	int r = ss_feed_close(c->fd, e) < 0 || end(&c->s, e) < 0 ? -1 : 0;

	stats_feed_free(c->fd);
	c->fd = NULL;
	return r;
}

void
stats_counted_use(struct stats_counted *c, sqlite3 *snap)
{
	c->s.db = snap;
}

int
stats_counted_first_is(const struct stats_counted *c, const char *min)
{
	return c->s.first == ss_first_of(&c->s, min);
}

const struct stats *
stats_counted_stats(const struct stats_counted *c)
{
	return c->s.st;
}

int
stats_counted_agency(const struct stats_counted *c, const char *code)
{
	return code ? ss_agency_index(&c->s, code) : -1;
}

int
stats_counted_procedure(const struct stats_counted *c, const char *code)
{
	return code ? ss_procedure_index(&c->s, code) : -1;
}

int
stats_site_pages(struct stats_counted *c, const struct stats_run *run, struct err *e)
{
	if (write_pages(&c->s, e) < 0)
		return -1;
	return stamp_write(run, c->s.next, e);
}

void
stats_counted_free(struct stats_counted *c)
{
	if (!c)
		return;
	stats_feed_free(c->fd);
	release(&c->s);
	free(c);
}
