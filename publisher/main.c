/*
 * publisher: reads the procedure database (read-only) and writes the static
 * site, the private receipts and the kiosk snapshot.  See man/publisher.1.
 *
 * Order of a run, chosen so that a run killed at any moment leaves SITE
 * serving complete pages whose links resolve, and the next run completes:
 *   1. stylesheet and images (every page links to them);
 *   2. the snapshot, written aside and renamed into place, or patched in
 *      place in one SQLite transaction (snapshot/snapshot.c);
 *   3. on a new site the agency/procedure/home pages, without figures;
 *   4. the dossier pages (nothing links to them but their QR codes), the
 *      same pass feeding the statistics (unless deferred or unchanged).
 *      A rebuilt snapshot hands each dossier to this pass as it writes it
 *      (stream_open), so that pages render on the other cores meanwhile;
 *      a new site's pages then stay in a dot folder until step 3 is done.
 *      A snapshot that fails then leaves pages of the data it was reading,
 *      and no state: the next run compares every page again;
 *   5. the agency, procedure and home pages, linking only to pages there
 *      (those that show figures only when step 4 counted);
 *   6. the statistics pages, then the receipts;
 *   7. the state file, last: until it is saved the next run redoes this one.
 * Every served file is written to a temporary name and renamed (core/storage/afile.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "afile.h"
#include "officials/officials.h"
#include "pub.h"
#include "site.h"
#include "snapoffice.h"
#include "store.h"

static const char usage_text[] =
    "usage: publisher --db DB --out SITE [--receipts DIR] [--snapshot FILE] [--kiosk-dir DIR]\n"
    "                 [--kiosk-patches N]\n"
    "                 [--base-url URL] [--key-file FILE] [--state FILE] [--share DIR]\n"
    "                 [--full] [--verify] [--jobs N] [--now 'YYYY-MM-DD HH:MM'] [--quiet]\n"
    "                 [--officials DIR [--wait-days N]] [--stats-every MINUTES]\n"
    "       publisher --db DB [--key-file FILE] --list-checks N\n"
    "       publisher --help\n";

static int progress_on;
/* The statistics found their pages current (struct stats_run), or were
 * left for a later run (--stats-every). */
static int stats_skipped, stats_deferred;

static void
report(struct pub *p, const char *code, const char *reason)
{
	pthread_mutex_lock(&p->lock);
	fprintf(stderr, "%spublisher: %s: %s\n", progress_on ? "\r\033[K" : "", code, reason);
	pthread_mutex_unlock(&p->lock);
}

static void
progress(struct pub *p, const char *phase, long done, long total)
{
	if (!progress_on)
		return;
	pthread_mutex_lock(&p->lock);
	if (total > 0)
		fprintf(stderr, "\r\033[Kpublisher: %s %ld/%ld", phase, done, total);
	else
		fprintf(stderr, "\r\033[Kpublisher: %s %ld", phase, done);
	pthread_mutex_unlock(&p->lock);
}

static int
die_usage(const char *fmt, ...)
{
	va_list ap;

	fputs("publisher: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	fputs(usage_text, stderr);
	return 2;
}

static int
parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
	    {"db", 1, 0, 'd'},          {"out", 1, 0, 'o'},           {"receipts", 1, 0, 'r'},
	    {"snapshot", 1, 0, 's'},    {"base-url", 1, 0, 'b'},      {"key-file", 1, 0, 'k'},
	    {"state", 1, 0, 'S'},       {"share", 1, 0, 'w'},         {"full", 0, 0, 'f'},
	    {"jobs", 1, 0, 'j'},        {"now", 1, 0, 'n'},           {"quiet", 0, 0, 'q'},
	    {"list-checks", 1, 0, 'l'}, {"help", 0, 0, 'h'},          {"verify", 0, 0, 'V'},
	    {"kiosk-dir", 1, 0, 'K'},   {"officials", 1, 0, 'O'},     {"wait-days", 1, 0, 'W'},
	    {"stats-every", 1, 0, 'E'}, {"kiosk-patches", 1, 0, 'P'}, {0, 0, 0, 0}};
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'r':
			o->receipts = optarg;
			break;
		case 's':
			o->snapshot = optarg;
			break;
		case 'K':
			o->kiosk_dir = optarg;
			break;
		case 'P':
			o->kiosk_patches = strtol(optarg, &end, 10);
			if (*end || !*optarg || o->kiosk_patches < 0 || o->kiosk_patches > 100000)
				return die_usage("--kiosk-patches: a number from 0 to 100000");
			break;
		case 'O':
			o->officials = optarg;
			break;
		case 'W':
			o->wait_days = (int)strtol(optarg, &end, 10);
			if (*end || !*optarg || o->wait_days < 0 || o->wait_days > 365)
				return die_usage(
				    "--wait-days: a number of working days from 0 to 365");
			break;
		case 'E':
			o->stats_every = (int)strtol(optarg, &end, 10);
			if (*end || !*optarg || o->stats_every < 0 || o->stats_every > 1440)
				return die_usage(
				    "--stats-every: a number of minutes from 0 to 1440");
			break;
		case 'b':
			o->base_url = optarg;
			break;
		case 'k':
			o->key_file = optarg;
			break;
		case 'S':
			o->state = optarg;
			break;
		case 'w':
			o->share = optarg;
			break;
		case 'f':
			o->full = 1;
			break;
		case 'V':
			o->verify = 1;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		case 'j':
			o->jobs = (int)strtol(optarg, &end, 10);
			if (*end || o->jobs < 1 || o->jobs > 256)
				return die_usage("--jobs: a number from 1 to 256");
			break;
		case 'l':
			o->list_checks = (int)strtol(optarg, &end, 10);
			if (*end || o->list_checks < 1)
				return die_usage("--list-checks: a positive number");
			break;
		case 'n':
			if (clock_parse_instant(optarg, &o->now, NULL) < 0)
				return die_usage("--now: expected 'YYYY-MM-DD HH:MM'");
			break;
		default:
			return die_usage("unknown option");
		}
	}
	if (optind < argc)
		return die_usage("unexpected argument '%s'", argv[optind]);
	if (!o->db)
		return die_usage("--db is required");
	if (!o->list_checks && !o->out)
		return die_usage("--out is required");
	if (o->receipts && !o->base_url)
		return die_usage("--receipts needs --base-url (the QR codes carry it)");
	return 0;
}

/* PATH made absolute through its parent directory (which must exist or is
 * created when MKPARENT), so that "inside SITE" can be decided even for a
 * file not yet created.  Returns a new string or NULL with E set. */
static char *
resolve(const char *path, int mkparent, struct err *e)
{
	char dir[PATH_MAX], real[PATH_MAX], *slash, *out;
	const char *base;
	size_t n;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir) {
		err_set(e, "%s: path too long", path);
		return NULL;
	}
	slash = strrchr(dir, '/');
	if (slash == dir)
		base = path + 1, dir[1] = '\0';
	else if (slash)
		base = path + (slash - dir) + 1, *slash = '\0';
	else
		base = path, strcpy(dir, ".");
	if (mkparent) {
		char probe[PATH_MAX + 2];
		snprintf(probe, sizeof probe, "%s/x", dir);
		if (afile_mkdirs_for(probe, e) < 0)
			return NULL;
	}
	if (!realpath(dir, real)) {
		err_set(e, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	n = strlen(real) + strlen(base) + 2;
	if ((out = malloc(n)))
		snprintf(out, n, "%s/%s", strcmp(real, "/") ? real : "", base);
	else
		err_set(e, "out of memory");
	return out;
}

static int
inside(const char *site, const char *path)
{
	size_t n = strlen(site);
	return strncmp(path, site, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* A directory made if missing (MODE) and resolved. */
static char *
dir_real(const char *path, int mode, struct err *e)
{
	char real[PATH_MAX], probe[PATH_MAX + 2], *s;

	snprintf(probe, sizeof probe, "%s/x", path);
	if (afile_mkdirs_for(probe, e) < 0)
		return NULL;
	if (!realpath(path, real)) {
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	chmod(real, (mode_t)mode); /* best effort on a directory we may not own */
	if (!(s = strdup(real)))
		err_set(e, "out of memory");
	return s;
}

/* Derive the default paths and refuse private files inside SITE. */
static int
setup_paths(struct pub *p, char **key, struct err *e)
{
	char buf[PATH_MAX];
	const char *kf = p->o.key_file;

	if (!kf) {
		const char *slash = strrchr(p->o.db, '/');
		snprintf(buf, sizeof buf, "%.*spublisher.key",
		         slash ? (int)(slash - p->o.db) + 1 : 0, p->o.db);
		kf = buf;
	}
	if (!(*key = resolve(kf, 0, e)))
		return -1;
	if (!p->o.out)
		return 0;
	if (!(p->site = dir_real(p->o.out, 0755, e)))
		return -1;
	if (p->o.receipts && !(p->rcpt = dir_real(p->o.receipts, 0700, e)))
		return -1;
	snprintf(buf, sizeof buf, "%s.kiosk.db", p->site);
	if (!(p->snap_path = resolve(p->o.snapshot ? p->o.snapshot : buf, 1, e)))
		return -1;
	snprintf(buf, sizeof buf, "%s.state", p->snap_path);
	if (!(p->state_path = resolve(p->o.state ? p->o.state : buf, 1, e)))
		return -1;
	if (inside(p->site, *key))
		return err_set(e, "%s: the secret key must not be inside the site", *key);
	if (p->rcpt && (inside(p->site, p->rcpt) || inside(p->rcpt, p->site)))
		return err_set(e, "%s: receipts are private and must not be inside the site",
		               p->rcpt);
	/* setgid: files and folders made in it take its group, the web server's. */
	if (p->o.officials && !(p->offi = dir_real(p->o.officials, 02750, e)))
		return -1;
	if (p->offi && (inside(p->site, p->offi) || inside(p->offi, p->site)))
		return err_set(
		    e, "%s: the officials' folder is private and must not be inside the site",
		    p->offi);
	if (inside(p->site, p->snap_path) || inside(p->site, p->state_path))
		return err_set(e, "the snapshot and state files must be outside the site");
	if (p->o.kiosk_dir) {
		char *kd = dir_real(p->o.kiosk_dir, 0755, e);
		int in = kd && (inside(p->site, kd) || inside(kd, p->snap_path));
		free(kd);
		if (!kd)
			return -1;
		if (in)
			return err_set(
			    e,
			    "%s: the kiosk snapshots go outside the site, and apart from "
			    "the publisher's snapshot",
			    p->o.kiosk_dir);
	}
	return 0;
}

static int
list_checks(struct pub *p, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db, "SELECT code FROM dossiers ORDER BY code LIMIT ?1", e);
	char token[TOKEN_LEN + 1], check[TOKEN_CHECK_LEN + 1], path[TOKEN_PATH_LEN + 1];
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, p->o.list_checks);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = store_text(st, 0);
		token_of(&p->key, code, strlen(code), token);
		token_check_of(&p->key, code, strlen(code), check);
		token_path(token, path);
		printf("%s\t%s\t%s\t/%s\n", code, check, token, path);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "%s", sqlite3_errmsg(db));
	return fflush(stdout) == EOF ? err_set(e, "stdout: %s", strerror(errno)) : 0;
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Seconds since *T, and *T moved to now: one phase's time. */
static double
lap(double *t)
{
	double was = *t;

	*t = seconds();
	return *t - was;
}

/* Whether this run leaves the statistics as they are (--stats-every M):
 * their stamp at STAMP says they were computed less than M minutes ago.
 * They are the one phase that counts every dossier (at a million, most of
 * an incremental run); deferred, their pages keep saying the instant they
 * are as of, and p->stats_due tells the journal's mark when they are owed,
 * so that a run with nothing else to do is not taken for idle.  Never on
 * a new site, a full or a verifying run. */
static int
defer_stats(struct pub *p, const char *stamp, int fresh)
{
	unsigned long long id;
	long long from, next;
	FILE *f;
	int ok;

	if (p->o.stats_every <= 0 || fresh || p->o.full || p->o.verify || !(f = fopen(stamp, "r")))
		return 0;
	ok = fscanf(f, "ss-stamp 1 %llx %lld %lld", &id, &from, &next) == 3;
	fclose(f); /* read-only */
	if (!ok || from > p->o.now || p->o.now - from >= p->o.stats_every)
		return 0;
	p->stats_due = (tmin_t)from + p->o.stats_every;
	return 1;
}

/* What the phases of a run share (publish, stream_open). */
struct run {
	struct stats_counted *counted; /* NULL when the run counts no statistics */
	struct stats_run sr;
	char stamp[PATH_MAX], input[PATH_MAX];
	int fresh; /* no home page yet: a new site */
};

/* The statistics of this run, unless deferred or current, counted from
 * SRC (the snapshot, or while it is written the database). */
static int
count_stats(struct pub *p, struct run *rn, sqlite3 *src, struct err *e)
{
	if ((stats_deferred = defer_stats(p, rn->stamp, rn->fresh)) == 0 &&
	    stats_site_count(src, p->refs, p->cal, p->site, &rn->sr, &stats_skipped, &rn->counted,
	                     e) < 0)
		return err_prefix(e, "statistics");
	return 0;
}

/* p->stream_open: start the page pass when the snapshot is rebuilt, so
 * that pages are rendered on the other cores while the snapshot is
 * written rather than read back after it.  Not on a new site whose d/ is
 * already there: its pages would then be served before the pages they
 * link to (staged, they wait for them: publish). */
static int
stream_open(struct pub *p, sqlite3 *db, struct err *e)
{
	struct run *rn = p->stream_ctx;
	char d[PATH_MAX];
	struct stat st;

	snprintf(d, sizeof d, "%s/d", p->site);
	if (rn->fresh && !(lstat(d, &st) < 0 && errno == ENOENT))
		return 0;
	if (!(p->cal = store_load_calendar(db, e)))
		return err_prefix(e, "%s", p->o.db);
	rn->sr.snapshot_id = p->run_id ^ p->gfp; /* the new snapshot's */
	rn->sr.gfp = p->gfp;
	/* Every dossier is counted and the statistics' input file written
	 * whole: the dossier records it would be checked against are being
	 * made. */
	rn->sr.rebuild = 1;
	if (count_stats(p, rn, db, e) < 0 ||
	    pages_stream_begin(p, db, p->refs, stats_counted_feed(rn->counted), e) < 0)
		return -1;
	p->c.streamed = 1;
	return 1;
}

/* After a streamed pass: the statistics' later reads go to SNAP; when
 * their first period, chosen from the database's earliest reception,
 * is not the snapshot's (that dossier was left out of it), they are
 * counted again from SNAP alone.  Rare, and then as right as ever. */
static int
streamed_stats(struct pub *p, struct run *rn, sqlite3 *snap, const char *min, struct err *e)
{
	if (!rn->counted)
		return 0;
	stats_counted_use(rn->counted, snap);
	if (stats_counted_first_is(rn->counted, min))
		return 0;
	stats_counted_free(rn->counted);
	rn->counted = NULL;
	if (count_stats(p, rn, snap, e) < 0)
		return -1;
	return rn->counted ? pages_feed_all(p, snap, stats_counted_feed(rn->counted), e) : 0;
}

/* Steps 2-7 of a run (see the top of this file). */
static int
publish(struct pub *p, sqlite3 *db, struct err *e)
{
	sqlite3 *snap = NULL;
	struct site *site = NULL;
	struct run *rn = NULL; /* shared with stream_open */
	char idx[PATH_MAX], min[CLOCK_INSTANT_LEN + 4] = "";
	int r = -1, fresh, sr;
	double t = seconds();

	if ((fresh = journal_idle(p, db, e)) != 0) /* nothing can have changed */
		return fresh < 0 ? -1 : 0;
	if (state_begin(p, e) < 0 || state_load(p, e) < 0 || dstate_load(p, e) < 0 ||
	    assets_install(p, e) < 0)
		return -1;
	if (!(rn = calloc(1, sizeof *rn)))
		return err_set(e, "out of memory");
	snprintf(idx, sizeof idx, "%s/index.html", p->site);
	rn->fresh = access(idx, F_OK) < 0;
	rn->sr = (struct stats_run){.now = p->o.now,
	                            .full = p->o.full,
	                            .fresh = rn->fresh,
	                            .stamp_path = rn->stamp,
	                            .input_path = rn->input,
	                            .dossiers = &p->new_d,
	                            .rebuild = p->o.full || p->o.verify || rn->fresh};
	if (snprintf(rn->stamp, sizeof rn->stamp, "%s.stats", p->state_path) >=
	        (int)sizeof rn->stamp ||
	    snprintf(rn->input, sizeof rn->input, "%s.stats-input", p->state_path) >=
	        (int)sizeof rn->input) {
		err_set(e, "%s: path too long", p->state_path);
		goto out;
	}
	p->stream_open = stream_open;
	p->stream_ctx = rn;
	sr = snapshot_write(p, db, e); /* and p->refs, which the rest shares */
	pages_stream_end(p, min, sizeof min);
	if (sr < 0)
		goto out;
	p->c.t_snap = lap(&t);
	if (p->o.kiosk_dir && offices_write(p, db, e) < 0)
		goto out;
	p->c.t_offices = lap(&t);
	if (!(snap = store_open_readonly(p->snap_path, e)) ||
	    (!p->cal && !(p->cal = store_load_calendar(snap, e))) ||
	    !(site = site_load(snap, p->refs, p->o.now, e)))
		goto out;
	rn->sr.gfp = p->gfp;
	rn->sr.snapshot_kept = p->c.snap_copied == 2;
	rn->sr.snapshot_id = p->run_id ^ p->gfp;
	/* The statistics count what the page pass reads (one read of each
	 * dossier for both), then the agency, procedure and home pages show
	 * their figures; those are written before the statistics pages,
	 * which link to them.  A new site has them first without figures
	 * (site_write_first), so that no dossier page links to a page not
	 * there yet: a streamed pass left its pages staged for that. */
	if (p->c.streamed) {
		if (streamed_stats(p, rn, snap, min, e) < 0)
			goto out;
		p->c.t_stats = lap(&t);
		if (rn->fresh && site_write_first(p, site, p->refs, e) < 0)
			goto out;
		if (pages_unstage(p, e) < 0)
			goto out;
	} else {
		if (count_stats(p, rn, snap, e) < 0)
			goto out;
		p->c.t_stats = lap(&t);
		if (rn->fresh && site_write_first(p, site, p->refs, e) < 0)
			goto out;
		if (scan_dossiers(p, snap, p->refs, stats_counted_feed(rn->counted), e) < 0)
			goto out;
	}
	if ((p->o.full || p->o.verify) && site_sweep_dossiers(p, snap, e) < 0)
		goto out;
	p->c.t_pages = lap(&t);
	if (rn->counted && stats_site_counted(rn->counted, e) < 0)
		goto out;
	site_use_stats(site, rn->counted);
	p->c.t_stats += lap(&t);
	if (site_write(p, site, p->refs, e) < 0)
		goto out;
	p->c.t_site = lap(&t);
	if (rn->counted && stats_site_pages(rn->counted, &rn->sr, e) < 0) {
		err_prefix(e, "statistics");
		goto out;
	}
	p->c.t_stats += lap(&t);
	if (p->rcpt && receipts_write(p, db, snap, site, e) < 0)
		goto out;
	p->c.t_rcpt = lap(&t);
	if (p->offi && officials_write(p, snap, p->refs, e) < 0)
		goto out;
	if (!p->rcpt) /* keep the receipt fingerprints for a later run with --receipts */
		p->new_rcpts = p->old_rcpts, memset(&p->old_rcpts, 0, sizeof p->old_rcpts);
	/* dstate after state: see dstate.c for why this order. */
	if (state_save(p, e) < 0 || dstate_save(p, e) < 0 || state_end(p, e) < 0 ||
	    journal_save(p, e) < 0)
		goto out;
	r = 0;
out:
	site_free(site);
	if (rn)
		stats_counted_free(rn->counted);
	free(rn);
	p->stream_ctx = NULL;
	refs_free(p->refs);
	p->refs = NULL;
	sqlite3_close(snap);
	return r;
}

static void
summary(const struct pub *p, double secs)
{
	const struct counts *c = &p->c;

	printf(
	    "publisher: %ld dossiers: %ld pages rendered, %ld unchanged, %ld skipped, %ld errors; "
	    "%ld receipts written, %ld unchanged; %ld site files written, %ld unchanged; "
	    "%.2f s\n",
	    c->dossiers, c->rendered, c->unchanged, c->skipped, c->errors, c->receipts,
	    c->receipts_same, c->pages, c->pages_same, secs);
	/* The incremental machinery at work, for whoever tunes a schedule. */
	printf("publisher: snapshot %s, %ld dossiers written, %ld removed; %ld pages kept without "
	       "rendering; seconds: snapshot %.2f, pages %.2f, site %.2f, statistics %.2f%s, "
	       "receipts %.2f\n",
	       c->snap_copied == 2 ? "unchanged"
	       : c->snap_copied    ? "patched"
	       : c->streamed       ? "rebuilt, pages rendered as it was written"
	                           : "rebuilt",
	       c->snap_changed, c->snap_removed, c->kept, c->t_snap, c->t_pages, c->t_site,
	       c->t_stats,
	       stats_deferred  ? " (deferred)"
	       : stats_skipped ? " (unchanged)"
	                       : "",
	       c->t_rcpt);
	journal_summary(p);
	if (c->pages_removed)
		printf("publisher: %ld pages of dossiers no longer in the data removed\n",
		       c->pages_removed);
	if (p->o.kiosk_dir)
		printf("publisher: kiosk snapshots: %ld offices, %ld written (%ld patches, %ld "
		       "bytes; %ld old patches removed), %ld unchanged; %ld check codes derived; "
		       "%.2f s\n",
		       c->offices, c->offices_written, c->patches_written, c->patch_bytes,
		       c->patches_removed, c->offices_kept, c->seals_derived, c->t_offices);
	if (p->o.officials)
		printf("publisher: officials: %ld control sheets written, %ld unchanged\n",
		       c->sheets, c->sheets_same);
}

static void
pub_free(struct pub *p)
{
	clock_cal_free(p->cal);
	free(p->site), free(p->rcpt), free(p->offi), free(p->snap_path), free(p->state_path);
	free(p->old_pages.v), free(p->old_rcpts.v), free(p->new_pages.v), free(p->new_rcpts.v);
	free(p->old_d.v), free(p->new_d.v), free(p->pages);
	journal_free(p->jr);
	for (size_t i = 0; i < p->nbad; i++)
		free(p->bad[i]);
	free(p->bad);
	pthread_mutex_destroy(&p->lock);
}

/* The database's connection.  The snapshot reads every dossier and event,
 * the events through an index in another order than the table's: with
 * SQLite's default 2 MB cache most pages were read again and again, by a
 * pread each.  Mapped, they come from the OS's cache without a copy (up
 * to what the SQLite build allows: 2 GB in Debian's); the larger cache
 * keeps the pages past the map. */
#define SOURCE_PRAGMAS "PRAGMA mmap_size = 1099511627776; PRAGMA cache_size = -131072"

int
main(int argc, char **argv)
{
	static struct pub p;
	struct err e = {""};
	struct timespec t0, t1;
	sqlite3 *db = NULL;
	char *key = NULL;
	int rc = 1, r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Before any connection: SQLite's memory statistics (unused here)
	 * take a global lock on every allocation, a sixth of an insert. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	pthread_mutex_init(&p.lock, NULL);
	p.report = report;
	p.progress = progress;
	p.o.wait_days = WARNING_WAIT_DAYS_DEFAULT;
	p.o.kiosk_patches = 1440; /* a day of runs a minute apart */
	p.o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (p.o.jobs < 1)
		p.o.jobs = 1;
	if ((r = parse_args(argc, argv, &p.o)) != 0)
		return r == 1 ? 0 : r;
	if (!p.o.now)
		p.o.now = clock_now();
	if (!p.o.base_url)
		p.o.base_url = "";
	progress_on = !p.o.quiet && isatty(STDERR_FILENO);
	if (setup_paths(&p, &key, &e) < 0 || !(db = store_open_readonly(p.o.db, &e)))
		goto out;
	/* Tuning only: a database these fail on fails its first read. */
	sqlite3_exec(db, SOURCE_PRAGMAS, NULL, NULL, NULL);
	if (token_key_load(key, !p.o.list_checks, &p.key, &e) < 0)
		goto out;
	if (p.o.list_checks) {
		rc = list_checks(&p, db, &e) < 0;
		goto out;
	}
	if (publish(&p, db, &e) < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (progress_on)
		fputs("\r\033[K", stderr);
	if (!p.o.quiet)
		summary(&p, (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	/* 1: published, but some dossiers could not be (they were named above). */
	rc = p.c.skipped || p.c.errors;
out:
	if (e.msg[0]) {
		if (progress_on)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "publisher: %s\n", e.msg);
	}
	if (fflush(stdout) == EOF && rc == 0) {
		fprintf(stderr, "publisher: stdout: %s\n", strerror(errno));
		rc = 1;
	}
	sqlite3_close(db);
	free(key);
	pub_free(&p);
	return rc;
}
