/*
 * The dossier pages: one pass over the snapshot's dossiers in code order,
 * the events of each dossier to render read by key (the events table is
 * keyed by (dossier_code, seq)); an incremental run reads only the rows
 * of the pages it renders, found from the dossier state (scan_changed).
 * The main thread builds each view and hands the dossier, with the
 * view's timeline, to the statistics (stats_feed_put: they read nothing
 * of the snapshot's dossiers themselves, and also get, read here, the
 * dossiers whose page is kept but which their input file lacks);
 * workers render it to memory, compare its hash with the last run's and
 * write the page only when it differs.
 *
 * A page is not even rendered when the previous run's is known to be
 * right still: the dossier's fingerprint is the same (snapdossiers.c),
 * nothing else it depends on changed (p->gfp: binary, reference tables,
 * key), and "now" has not reached the instant the page would next read
 * differently on its own (page_expiry).  Everything else is rendered and
 * compared, so a wrong skip is the only way to a stale page, and the skip
 * needs all three.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "afile.h"
#include "out.h"
#include "page.h"
#include "pub.h"
#include "store.h"

/* A page to render: its view, the last run's hash and where this run's goes. */
struct item {
	struct view_dossier *d;
	uint64_t old;   /* last run's hash, 0 when none */
	struct fp *out; /* where to put this run's */
};

/* Pages go to the workers a few at a time: one hand-over (a lock, maybe a
 * wake-up) and one update of the shared counters per batch, not per page. */
#define BATCH 8

struct job {
	int n;
	struct item it[BATCH];
};

static int
render(FILE *f, const struct view_dossier *d)
{
	char title[160];
	struct page pg = {LANG_VI, NULL, title, NAV_NONE, 1, 1, NULL, 0};
	char path[TOKEN_PATH_LEN + 1];

	token_path(d->token, path);
	pg.path = path;
	snprintf(title, sizeof title, "%s %s", msg(LANG_VI, M_DOSSIER), d->code);
	if (page_begin(f, &pg) < 0 || view_dossier_html(f, d, LANG_VI) < 0)
		return -1;
	/* The same view in English on the same page: the QR code carries one
	 * URL, and <details> needs no script. */
	if (fputs("<details class=\"other-lang\" lang=\"en\"><summary>", f) == EOF ||
	    fputs(msg(LANG_VI, M_OTHER_LANG), f) == EOF || fputs("</summary>\n", f) == EOF ||
	    view_dossier_html(f, d, LANG_EN) < 0 || fputs("</details>\n", f) == EOF)
		return -1;
	return page_end(f, &pg);
}

static int
write_page(struct pub *p, const struct view_dossier *d, const char *buf, size_t len, struct err *e)
{
	char rel[TOKEN_PATH_LEN + 1], *path;
	int r;

	token_path(d->token, rel); /* "d/XX/TOKEN.html" */
	if (!(path = malloc(strlen(p->pages) + sizeof rel)))
		return err_set(e, "out of memory");
	sprintf(path, "%s/%s", p->pages, rel + 2);
	/* scan_dossiers made the shard folders: no mkdir per page. */
	r = p->pages_staged ? afile_create(path, buf, len, 0644, e)
	                    : afile_put(path, buf, len, 0644, e);
	free(path);
	return r;
}

/* What one batch adds to the summary. */
struct tally_c {
	long errors, unchanged, rendered;
};

static void
run_item(struct pub *p, struct item *it, struct tally_c *c)
{
	struct err e = {""};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = out_memopen(&buf, &len);
	int bad = !f || render(f, it->d) < 0;
	uint64_t h;

	if (f && fclose(f) == EOF)
		bad = 1;
	if (bad) {
		p->report(p, it->d->code, "cannot render page (out of memory)");
		c->errors++;
	} else if ((h = pub_page_hash(buf, len)) == it->old) {
		it->out->hash = h;
		c->unchanged++;
	} else if (write_page(p, it->d, buf, len, &e) < 0) {
		p->report(p, it->d->code, e.msg);
		c->errors++;
	} else {
		it->out->hash = h;
		c->rendered++;
	}
	free(buf);
	view_dossier_free(it->d);
}

static void
run_job(struct pub *p, void *arg)
{
	struct job *j = arg;
	struct tally_c c = {0, 0, 0};

	for (int i = 0; i < j->n; i++)
		run_item(p, &j->it[i], &c);
	pthread_mutex_lock(&p->lock);
	p->c.errors += c.errors;
	p->c.unchanged += c.unchanged;
	p->c.rendered += c.rendered;
	pthread_mutex_unlock(&p->lock);
	free(j);
}

#define SQL_D "SELECT " VIEW_ROW_COLUMNS " FROM dossiers ORDER BY code"
#define SQL_E                                                                                      \
	"SELECT dossier_code, at, kind, step_no, new_due_at FROM events "                          \
	"WHERE dossier_code = ?1 ORDER BY seq"

struct scan {
	struct pub *p;
	sqlite3 *snap;
	sqlite3_stmt *d, *ev;
	struct ev *evs;
	size_t nev, cap;
	/* The statistics' reading of the same events (stats_feed_put), when
	 * there is a feed: SEVS, NSEV of them, SBAD when one cannot be read. */
	struct stats_feed *feed;
	struct ev *sevs;
	size_t nsev;
	int sbad;
	struct job *batch; /* being filled, NULL when none */
	struct pool *pl;
	/* The statement's event rows, read before they are parsed. */
	struct evrow *rows;
	size_t caprows;
	/* Fed by the snapshot's writer (pages_stream_put): the dossier's
	 * events and record, the reference model, how many pages there may
	 * be, the earliest reception met. */
	int fed; /* a streamed pass: events come from GIVEN (NGIVEN of them, maybe none) */
	const struct evrow *given;
	size_t ngiven;
	struct drec *cur;
	const struct refs *ref;
	long total;
	char min_received[CLOCK_INSTANT_LEN + 4];
};

/* Hand the batch being filled to the workers. */
static void
submit(struct scan *s)
{
	if (s->batch && s->batch->n)
		pool_submit(s->pl, run_job, s->batch);
	else
		free(s->batch);
	s->batch = NULL;
}

/* The statistics' reading of event R (step number STEP) into *OUT, from
 * X, the page's reading of it (NULL when that failed): the step number of
 * every event, the new due of any that has one.  Returns 0, or -1 when
 * it cannot be read. */
static int
stats_event(const struct evrow *r, int step, const struct ev *x, struct ev *out)
{
	struct err ignored = {""};

	if (!x)
		return stats_event_parse_text(r->at, r->kind, step, r->new_due, out);
	/* What the page's reading left out: no instant parsed twice. */
	*out = *x;
	out->step_no = step;
	return x->kind != EV_APOLOGY && *r->new_due &&
	               clock_parse_instant(r->new_due, &out->new_due, &ignored) < 0
	           ? -1
	           : 0;
}

/* Parse the N events EV of a dossier into s->evs; with a feed, the
 * statistics' reading of them into s->sevs too.  Returns 0, or -1 with E
 * set (a bad event: the caller skips the page). */
static int
parse_events(struct scan *s, const struct evrow *ev, size_t n, struct err *e)
{
	int r = 0;

	s->nev = s->nsev = 0;
	s->sbad = 0;
	if (n > s->cap) {
		struct ev *v = realloc(s->evs, n * sizeof *v), *w;
		if (v)
			s->evs = v;
		if (!v || !(w = realloc(s->sevs, n * sizeof *w)))
			return err_set(e, "out of memory");
		s->sevs = w;
		s->cap = n;
	}
	for (size_t i = 0; i < n && (r == 0 || (s->feed && !s->sbad)); i++) {
		/* A NULL step reads as 0, as sqlite3_column_int has it. */
		int step = ev[i].step_no < 0 ? 0 : (int)ev[i].step_no;
		if (r == 0) {
			r = view_ev_parse(ev[i].at, ev[i].kind, step, ev[i].new_due,
			                  &s->evs[s->nev], e);
			s->nev += r == 0;
		}
		if (s->feed && stats_event(&ev[i], step, r == 0 ? &s->evs[s->nev - 1] : NULL,
		                           &s->sevs[s->nsev++]) < 0)
			s->sbad = 1;
	}
	return r;
}

/* The events of CODE: those the snapshot's writer gave (s->given), or
 * read by key (most dossiers of an incremental run are kept without
 * reading their events at all), parsed by parse_events.  Returns 0, or
 * -1 with E set. */
static int
gather(struct scan *s, const char *code, struct err *e)
{
	size_t n = 0;
	int rc;

	if (s->fed)
		return parse_events(s, s->given, s->ngiven, e);
	sqlite3_bind_text(s->ev, 1, code, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s->ev)) == SQLITE_ROW) {
		if (n == s->caprows) {
			size_t cap = s->caprows ? s->caprows * 2 : 32;
			struct evrow *v = realloc(s->rows, cap * sizeof *v);
			if (!v) {
				sqlite3_reset(s->ev);
				return err_set(e, "out of memory");
			}
			s->rows = v;
			s->caprows = cap;
		}
		/* The snapshot's writer kept to these widths; a value past
		 * them reads as no event at all, which neither reading takes. */
		if (evrow_set(&s->rows[n], store_text(s->ev, 1), store_text(s->ev, 2),
		              sqlite3_column_type(s->ev, 3) == SQLITE_NULL
		                  ? -1
		                  : sqlite3_column_int64(s->ev, 3),
		              store_text(s->ev, 4), 0) < 0)
			s->rows[n].at[0] = s->rows[n].kind[0] = s->rows[n].new_due[0] = '\0';
		n++;
	}
	sqlite3_reset(s->ev);
	if (rc != SQLITE_DONE) {
		s->nev = s->nsev = 0;
		s->sbad = 1;
		return err_set(e, "events: %s", sqlite3_errmsg(s->snap));
	}
	return parse_events(s, s->rows, n, e);
}

/* The first instant after NOW at which D's page may read differently with
 * the same data: view_dossier_expiry, kept by the renderer's owner (a
 * pending verdict flips the minute after its deadline; an open stop moves
 * the due every minute; a closed dossier never changes).  As a safety net
 * for "now"-dependent wording it may come to miss, a pending page is
 * rendered again (and rewritten only if it differs) at least once a day:
 * a few percent of the pages, once a day. */
static tmin_t
page_expiry(const struct view_dossier *d, tmin_t now)
{
	tmin_t next = view_dossier_expiry(d, now, 0);
	tmin_t midnight = (now / CLOCK_MIN_PER_DAY + 1) * CLOCK_MIN_PER_DAY;

	return next != VIEW_NEVER && next > midnight ? midnight : next;
}

/* Keep the page of the dossier of code hash CH (last page hash OLD_HASH)
 * without rendering it, when dstate_page_fresh says so: its record keeps
 * the expiry.  Returns 1 when kept, 0 when it must be rendered. */
static int
keep_page(struct scan *s, uint64_t ch, uint64_t old_hash)
{
	struct pub *p = s->p;
	struct drec *cur = s->cur ? s->cur : drec_find(&p->new_d, ch);
	const struct drec *old = drec_find(&p->old_d, ch);

	if (!cur || !old_hash || !dstate_page_fresh(p, old, cur->src))
		return 0;
	cur->next = old->next;
	return 1;
}

static int render_one(struct scan *s, const struct refs *ref, const struct view_row *row,
                      struct fp *slot, int placed, struct err *e);

/* Give the statistics the dossier of ROW whose page is kept: its events
 * read for them alone, its timeline theirs to compute. */
static int
feed_only(struct scan *s, const struct view_row *row, struct err *e)
{
	struct err why = {""};

	if (gather(s, row->code, &why) < 0 && !strcmp(why.msg, "out of memory"))
		return err_set(e, "out of memory");
	return stats_feed_put(s->feed, row, s->sevs, (int)s->nsev, s->sbad, NULL, e);
}

/* One dossier, ROW: keep its page, or build its view and queue its page. */
static int
one_row(struct scan *s, const struct refs *ref, const struct view_row *row, struct err *e)
{
	struct pub *p = s->p;
	struct fp *slot;

	if (!token_valid(row->token, strlen(row->token)))
		return err_set(e, "snapshot: dossier %s: bad token", row->code);
	slot = &p->new_pages.v[p->new_pages.n];
	slot->code = pub_hash_str(row->code);
	slot->hash = fp_lookup(&p->old_pages, slot->code);
	if (keep_page(s, slot->code, slot->hash)) {
		p->new_pages.n++;
		/* Render workers count "unchanged" too, under the lock. */
		pthread_mutex_lock(&p->lock);
		p->c.unchanged++;
		p->c.kept++;
		pthread_mutex_unlock(&p->lock);
		return s->feed && stats_feed_needs(s->feed, slot->code) ? feed_only(s, row, e) : 0;
	}
	return render_one(s, ref, row, slot, 0, e);
}

/* The dossier at the snapshot's cursor s->d. */
static int
one(struct scan *s, const struct refs *ref, struct err *e)
{
	struct view_row row;

	view_row_from_stmt(s->d, &row);
	return one_row(s, ref, &row, e);
}

/* Build the view of ROW and queue its page into SLOT (its code
 * hash and old page hash set): the next entry of p->new_pages, taken when
 * the view is made, or (PLACED) one already counted there, zeroed when the
 * view cannot be made so that the next run tries again. */
static int
render_one(struct scan *s, const struct refs *ref, const struct view_row *rowp, struct fp *slot,
           int placed, struct err *e)
{
	struct pub *p = s->p;
	struct view_row row = *rowp;
	struct view_dossier *d = NULL;
	struct err why = {""};
	struct job *j;
	struct drec *cur;

	if (gather(s, row.code, &why) < 0 ||
	    view_dossier_make(ref, p->cal, &row, s->evs, (int)s->nev, p->o.now, &d, &why) < 0) {
		if (!strcmp(why.msg, "out of memory"))
			return err_set(e, "out of memory");
		/* The statistics judge it for themselves (and skip it, most
		 * likely, as the page is). */
		if (s->feed &&
		    stats_feed_put(s->feed, &row, s->sevs, (int)s->nsev, s->sbad, NULL, e) < 0)
			return -1;
		p->report(p, row.code, why.msg);
		p->c.skipped++;
		pub_mark_bad(p, row.code);
		if (placed)
			slot->hash = 0;
		return 0;
	}
	/* The page's timeline is the statistics' too: one per dossier. */
	if (s->feed &&
	    stats_feed_put(s->feed, &row, s->sevs, (int)s->nsev, s->sbad, &d->tl, e) < 0) {
		view_dossier_free(d);
		return -1;
	}
	if ((cur = s->cur ? s->cur : drec_find(&p->new_d, slot->code)))
		cur->next = page_expiry(d, p->o.now); /* for a later run's keep_page */
	if (!placed)
		p->new_pages.n++;
	if (!s->batch && !(s->batch = calloc(1, sizeof *s->batch))) {
		view_dossier_free(d);
		return err_set(e, "out of memory");
	}
	j = s->batch;
	j->it[j->n].old = slot->hash;
	slot->hash = 0; /* set by the job once the page is in place */
	j->it[j->n].d = d;
	j->it[j->n].out = slot;
	if (++j->n == BATCH)
		submit(s);
	return 0;
}

static long
count_dossiers(sqlite3 *snap, struct err *e)
{
	sqlite3_stmt *st = store_prepare(snap, "SELECT count(*) FROM dossiers", e);
	long n = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else if (st)
		err_set(e, "%s", sqlite3_errmsg(snap));
	sqlite3_finalize(st);
	return n;
}

/* Drop the entries of pages that failed: the next run retries them. */
static void
compact(struct fp_set *set)
{
	size_t o = 0;

	if (!set->v) /* the pass could not begin */
		return;
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].hash)
			set->v[o++] = set->v[i];
	set->n = o;
}

/* Make DIR/XX for every two-character token prefix (64 x 64 folders),
 * once per run, rather than a mkdir per page. */
static int
make_shards(const char *dir, struct err *e)
{
	size_t n = strlen(dir) + 4;
	char *path = malloc(n);

	if (!path)
		return err_set(e, "out of memory");
	snprintf(path, n, "%s", dir);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		goto fail;
	for (int i = 0; i < TOKEN_SHARDS; i++) {
		char xx[3];

		token_shard(i, xx);
		snprintf(path, n, "%s/%s", dir, xx);
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			goto fail;
	}
	free(path);
	return 0;
fail:
	err_set(e, "%s: %s", path, strerror(errno));
	free(path);
	return -1;
}

/* Choose where the pass writes pages (p->pages) and make its shards.  A
 * site without SITE/d (a first run) gets its pages in SITE/PAGES_STAGE,
 * renamed to SITE/d once all are written (pages_unstage): a dot folder,
 * which the shipped nginx file does not serve, so each page can be
 * created under its own name (open, write, close) without the temporary
 * name and rename per page that keep a served page whole; at a million
 * pages that is a million renames fewer.  What a killed run left there is
 * removed first. */
static int
pages_begin(struct pub *p, struct err *e)
{
	size_t n = strlen(p->site) + sizeof "/" PAGES_STAGE;
	struct stat st;

	if (!(p->pages = malloc(n)))
		return err_set(e, "out of memory");
	snprintf(p->pages, n, "%s/d", p->site);
	p->pages_staged = lstat(p->pages, &st) < 0 && errno == ENOENT;
	if (p->pages_staged) {
		snprintf(p->pages, n, "%s/" PAGES_STAGE, p->site);
		if (pub_remove_tree(p->pages, e) < 0)
			return -1;
	}
	return make_shards(p->pages, e);
}

/* The staged pages become SITE/d (a no-op when not staged); the pass's
 * folder is forgotten either way. */
int
pages_unstage(struct pub *p, struct err *e)
{
	size_t n = strlen(p->site) + 3;
	char *d;
	int r = 0;

	if (p->pages && p->pages_staged) {
		if (!(d = malloc(n)))
			return err_set(e, "out of memory");
		snprintf(d, n, "%s/d", p->site);
		if (rename(p->pages, d) < 0)
			r = err_set(e, "%s: %s", d, strerror(errno));
		free(d);
	}
	free(p->pages);
	p->pages = NULL;
	return r;
}

/* Whether this run may find the pages to render from the dossier state
 * alone (scan_changed) instead of reading every row of the snapshot: the
 * previous run's records are of this build and reference data (p->gfp),
 * "now" did not go back, the snapshot was patched or kept rather than
 * rebuilt, and every record knows its row.  Full and verifying runs read
 * every row, as a first run does. */
static int
state_scan_ok(const struct pub *p)
{
	if (!p->have_old_d || p->old_gfp != p->gfp || p->o.now < p->old_now ||
	    p->c.snap_copied == 0 || p->o.full || p->o.verify)
		return 0;
	for (size_t i = 0; i < p->new_d.n; i++)
		if (p->new_d.v[i].rowid <= 0)
			return 0;
	return 1;
}

/* A page scan_changed renders, or a dossier whose page stays but which
 * the statistics need (FEED_ONLY): its snapshot row, then its code. */
struct todo {
	int64_t rowid;
	char *code;
	size_t slot; /* its entry in p->new_pages */
	int feed_only;
};

static int
cmp_todo(const void *a, const void *b)
{
	return strcmp(((const struct todo *)a)->code, ((const struct todo *)b)->code);
}

/* The dossiers of the state (p->new_d, by code hash, as p->old_d and
 * p->old_pages are) whose page stays as it is keep their records, as
 * keep_page does, in one merge over the three; the rest go to
 * TODO (*N of them, rowids only).  Returns 0, or -1 when out of memory. */
static int
keep_from_state(struct scan *s, struct todo **todo, size_t *n)
{
	struct pub *p = s->p;
	const struct drec_set *od = &p->old_d;
	const struct fp_set *op = &p->old_pages;
	size_t io = 0, ip = 0, cap = 0;
	long kept = 0;

	for (size_t i = 0; i < p->new_d.n; i++) {
		struct drec *cur = &p->new_d.v[i];
		const struct drec *old = NULL;
		uint64_t oh = 0;

		while (io < od->n && od->v[io].code < cur->code)
			io++;
		if (io < od->n && od->v[io].code == cur->code)
			old = &od->v[io];
		while (ip < op->n && op->v[ip].code < cur->code)
			ip++;
		if (ip < op->n && op->v[ip].code == cur->code)
			oh = op->v[ip].hash;
		int keep = oh && old && dstate_page_fresh(p, old, cur->src);
		int feed = s->feed && stats_feed_needs(s->feed, cur->code);

		if (keep) {
			cur->next = old->next;
			p->new_pages.v[p->new_pages.n++] = (struct fp){cur->code, oh};
			kept++;
		}
		if (keep && !feed)
			continue;
		if (*n == cap) {
			struct todo *v = realloc(*todo, (cap = cap ? cap * 2 : 256) * sizeof *v);
			if (!v)
				return -1;
			*todo = v;
		}
		if (keep) {
			(*todo)[(*n)++] = (struct todo){cur->rowid, NULL, 0, 1};
			continue;
		}
		/* Its page's entry keeps its place, so that p->new_pages stays in
		 * code order (a failed render zeroes it: compact drops it). */
		p->new_pages.v[p->new_pages.n] = (struct fp){cur->code, oh};
		(*todo)[(*n)++] = (struct todo){cur->rowid, NULL, p->new_pages.n++, 0};
	}
	pthread_mutex_lock(&p->lock);
	p->c.unchanged += kept;
	p->c.kept += kept;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

/* The pages of an incremental run: those the state cannot vouch for (a
 * changed dossier, an expiry come, a page that failed) are read by rowid
 * and rendered in code order, as a full scan would meet them; every other
 * dossier keeps its record without its row being read.  At a
 * million dossiers this reads a thousand rows for a thousand changes, not
 * the million rows a scan reads. */
static int
scan_changed(struct scan *s, const struct refs *ref, struct err *e)
{
	struct pub *p = s->p;
	struct todo *todo = NULL;
	size_t n = 0;
	sqlite3_stmt *code = NULL, *row = NULL;
	int r = -1;

	if (keep_from_state(s, &todo, &n) < 0) {
		err_set(e, "out of memory");
		goto out;
	}
	if (!(code = store_prepare(s->snap, "SELECT code FROM dossiers WHERE rowid = ?1", e)) ||
	    !(row = store_prepare(s->snap,
	                          "SELECT " VIEW_ROW_COLUMNS " FROM dossiers WHERE rowid = ?1", e)))
		goto out;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_int64(code, 1, todo[i].rowid);
		if (sqlite3_step(code) != SQLITE_ROW) {
			err_set(e, "snapshot: no dossier at row %lld (%s)",
			        (long long)todo[i].rowid, sqlite3_errmsg(s->snap));
			goto out;
		}
		if (!(todo[i].code = strdup(store_text(code, 0)))) {
			err_set(e, "out of memory");
			goto out;
		}
		sqlite3_reset(code);
	}
	if (n)
		qsort(todo, n, sizeof *todo, cmp_todo);
	for (size_t i = 0; i < n; i++) {
		struct view_row vr;
		struct fp *slot = &p->new_pages.v[todo[i].slot];

		sqlite3_bind_int64(row, 1, todo[i].rowid);
		if (sqlite3_step(row) != SQLITE_ROW) {
			err_set(e, "snapshot: %s: %s", todo[i].code, sqlite3_errmsg(s->snap));
			goto out;
		}
		view_row_from_stmt(row, &vr);
		if (!token_valid(vr.token, strlen(vr.token))) {
			err_set(e, "snapshot: dossier %s: bad token", vr.code);
			goto out;
		}
		if (todo[i].feed_only) {
			if (feed_only(s, &vr, e) < 0)
				goto out;
			sqlite3_reset(row);
			continue;
		}
		if (slot->code != pub_hash_str(vr.code)) {
			err_set(e, "snapshot: dossier %s is not at the row the state says",
			        vr.code);
			goto out;
		}
		if (render_one(s, ref, &vr, slot, 1, e) < 0)
			goto out;
		sqlite3_reset(row);
		if ((i + 1) % 5000 == 0)
			p->progress(p, "pages", (long)i + 1, (long)n);
	}
	r = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(todo[i].code);
	free(todo);
	sqlite3_finalize(code);
	sqlite3_finalize(row);
	return r;
}

int
scan_dossiers(struct pub *p, sqlite3 *snap, const struct refs *ref, struct stats_feed *feed,
              struct err *e)
{
	struct scan s = {.p = p, .snap = snap, .feed = feed};
	/* Statistics that need every dossier read them with the scan. */
	int from_state = state_scan_ok(p) && !(feed && stats_feed_all(feed));
	long total = from_state ? (long)p->new_d.n : count_dossiers(snap, e), done = 0;
	int rc, r = -1;

	if (total < 0 || pages_begin(p, e) < 0)
		goto out;
	if (!(p->new_pages.v = calloc((size_t)total + 1, sizeof *p->new_pages.v))) {
		err_set(e, "out of memory");
		goto out;
	}
	if (!(s.ev = store_prepare(snap, SQL_E, e)) || !(s.pl = pool_new(p, p->o.jobs, e)))
		goto out;
	if (from_state) {
		r = scan_changed(&s, ref, e);
		goto out;
	}
	if (!(s.d = store_prepare(snap, SQL_D, e)))
		goto out;
	while ((rc = sqlite3_step(s.d)) == SQLITE_ROW && p->new_pages.n < (size_t)total) {
		if (one(&s, ref, e) < 0)
			goto out;
		if (++done % 5000 == 0)
			p->progress(p, "pages", done, total);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		err_set(e, "snapshot: %s", sqlite3_errmsg(snap));
		goto out;
	}
	r = 0;
out:
	if (s.pl)
		submit(&s); /* the last, partly filled batch */
	pool_finish(s.pl);  /* every queued page is finished before we go on */
	if (r == 0 && pages_unstage(p, e) < 0)
		r = -1;
	free(p->pages);
	p->pages = NULL;
	compact(&p->new_pages);
	sqlite3_finalize(s.d);
	sqlite3_finalize(s.ev);
	free(s.evs);
	free(s.sevs);
	free(s.rows);
	return r;
}

int
pages_stream_begin(struct pub *p, sqlite3 *db, const struct refs *ref, struct stats_feed *feed,
                   struct err *e)
{
	struct scan *s = calloc(1, sizeof *s);

	if (!s)
		return err_set(e, "out of memory");
	*s = (struct scan){.p = p, .feed = feed, .fed = 1, .ref = ref};
	p->stream = s; /* pages_stream_end undoes the rest, also when it fails */
	if ((s->total = count_dossiers(db, e)) < 0 || pages_begin(p, e) < 0)
		return -1;
	if (!(p->new_pages.v = calloc((size_t)s->total + 1, sizeof *p->new_pages.v)))
		return err_set(e, "out of memory");
	return (s->pl = pool_new(p, p->o.jobs, e)) ? 0 : -1;
}

int
pages_stream_put(struct pub *p, const struct view_row *row, const struct evrow *ev, size_t n,
                 struct drec *cur, struct err *e)
{
	struct scan *s = p->stream;
	int r;

	if (p->new_pages.n >= (size_t)s->total)
		return err_set(e, "snapshot: more dossiers than the database counted");
	if (!s->min_received[0] || strcmp(row->received_at, s->min_received) < 0)
		snprintf(s->min_received, sizeof s->min_received, "%s", row->received_at);
	s->given = ev;
	s->ngiven = n;
	s->cur = cur;
	if (s->feed)
		stats_feed_record(s->feed, cur);
	r = one_row(s, s->ref, row, e);
	if (s->feed)
		stats_feed_record(s->feed, NULL);
	s->cur = NULL;
	return r;
}

void
pages_stream_end(struct pub *p, char *min_received, size_t size)
{
	struct scan *s = p->stream;

	if (!s)
		return;
	if (s->pl)
		submit(s);
	pool_finish(s->pl); /* every queued page is written before we go on */
	compact(&p->new_pages);
	snprintf(min_received, size, "%s", s->min_received);
	free(s->evs);
	free(s->sevs);
	free(s);
	p->stream = NULL;
}

int
pages_feed_all(struct pub *p, sqlite3 *snap, struct stats_feed *feed, struct err *e)
{
	struct scan s = {.p = p, .snap = snap, .feed = feed};
	int rc = SQLITE_ERROR, r = -1;

	if (!(s.ev = store_prepare(snap, SQL_E, e)) || !(s.d = store_prepare(snap, SQL_D, e)))
		goto out;
	while ((rc = sqlite3_step(s.d)) == SQLITE_ROW) {
		struct view_row row;
		view_row_from_stmt(s.d, &row);
		if (feed_only(&s, &row, e) < 0)
			goto out;
	}
	r = rc == SQLITE_DONE ? 0 : err_set(e, "snapshot: %s", sqlite3_errmsg(snap));
out:
	sqlite3_finalize(s.d);
	sqlite3_finalize(s.ev);
	free(s.evs);
	free(s.sevs);
	free(s.rows);
	return r;
}
