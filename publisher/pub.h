/*
 * The publisher's shared context: options, the open handles, the counters
 * of the summary, and the reporter main() supplies for bad rows (only
 * main decides what is printed).
 */
#ifndef PUB_H
#define PUB_H

#include <pthread.h>
#include <stdint.h>

#include <sqlite3.h>

#include "clock.h"
#include "err.h"
#include "refs.h"
#include "token.h"
#include "view.h"

struct opts {
	const char *db, *out, *receipts, *snapshot, *base_url, *key_file, *state, *share;
	const char *kiosk_dir; /* sealed snapshots per office, or NULL */
	long kiosk_patches;    /* generations of patches kept per office (snapdelta.c) */
	const char *officials; /* the officials' private folder, or NULL */
	int wait_days;         /* officials: a supplement wait that warns, working days */
	int full, jobs, quiet, list_checks;
	int verify;      /* --verify: fingerprint every dossier, whatever the journal says */
	int stats_every; /* --stats-every: minutes the statistics may be left as they are */
	tmin_t now;
};

/* Counters; updated by the main thread and the workers under pub.lock. */
struct counts {
	long dossiers;      /* in the snapshot */
	long rendered;      /* dossier pages written */
	long unchanged;     /* dossier pages already up to date */
	long skipped;       /* bad rows left out */
	long errors;        /* pages that failed to render or write */
	long receipts;      /* receipts written */
	long receipts_same; /* receipts already up to date */
	long pages;         /* other site pages written */
	long pages_same;    /* other site pages already up to date */
	long kept;          /* of unchanged: not even rendered (dstate.c) */
	long snap_changed;  /* dossiers (re)written into the snapshot */
	long snap_removed;  /* dossiers taken out of a copied snapshot */
	int snap_copied;    /* snapshot: 0 rebuilt, 1 copied and patched, 2 kept */
	int streamed;       /* rebuilt, its dossiers handed to the page pass as written */
	long offices, offices_written, offices_kept; /* sealed office snapshots */
	long seals_derived; /* code + check derivations computed this run */
	long patches_written, patch_bytes, patches_removed; /* office patches (snapdelta.c) */
	double t_offices;
	long sheets, sheets_same; /* officials: control sheets written, unchanged */
	long pages_removed;       /* pages of dossiers no longer there (site/sweep.c) */
	double t_snap, t_pages, t_site, t_stats, t_rcpt; /* seconds per phase */
};

/* One (dossier code hash, content hash) pair of the state file. */
struct fp {
	uint64_t code, hash;
};

struct fp_set {
	struct fp *v;
	size_t n;
};

/* One dossier of the dossier state (dstate.c): what its page and receipt
 * were made from, and until when its page stays right without new data. */
struct drec {
	uint64_t code; /* pub_hash_str(code) */
	uint64_t src;  /* fingerprint of its database row and events */
	int64_t next;  /* first instant its page may read differently (tmin_t) */
	uint64_t rsrc; /* the SRC its receipt was last made from, 0 when none
	                  (runs without --receipts carry it forward) */
	/* Where it is: its rowid in the snapshot (0 when unknown), so that a
	 * run reads only the rows it renders. */
	int64_t rowid;
};

struct drec_set {
	struct drec *v;
	size_t n;
};

struct scan;

struct pub {
	struct opts o;
	struct token_key key;
	struct clock_cal *cal;
	struct refs *refs;                  /* the run's reference tables */
	char *site;                         /* absolute SITE */
	char *rcpt;                         /* absolute receipts dir or NULL */
	char *offi;                         /* absolute officials dir or NULL */
	char *snap_path;                    /* kiosk snapshot */
	char *state_path;                   /* fingerprints of the last complete run */
	struct fp_set old_pages, old_rcpts; /* from the state file, sorted by code */
	struct fp_set new_pages, new_rcpts; /* this run's, filled as it goes */
	char **bad;                         /* codes whose page failed this run, in code order */
	size_t nbad, capbad;
	/* Where the page pass writes the dossier pages (scan_dossiers): SITE/d,
	 * or, on a site that has none yet, the folder that becomes it at the
	 * end of the pass (STAGED nonzero: pages are created, not replaced). */
	char *pages;
	int pages_staged;
	struct counts c;
	pthread_mutex_t lock;
	char as_of[CLOCK_INSTANT_LEN + 1]; /* latest instant in the data */
	/* The dossier state (dstate.c).  GFP fingerprints everything besides a
	 * dossier's own rows that its snapshot rows, page and receipt depend
	 * on (this program's binary, the reference tables, the key, the base
	 * URL); RUN_ID names the snapshot a state belongs to. */
	struct drec_set old_d, new_d; /* old: sorted by code; new: filled in code order */
	uint64_t gfp, old_gfp, run_id, old_run_id;
	tmin_t old_now;
	int have_old_d;     /* old_d was read and describes the previous snapshot */
	struct journal *jr; /* the change journal's reading (journal.c) */
	tmin_t stats_due;   /* deferred statistics are owed at this instant (0: none) */
	/* The current ratings' fingerprint, and the previous snapshot's
	 * ("" when none): they differ, the snapshot is renewed (snapshot.c). */
	char ratings_fp[17], old_ratings_fp[17];
	/* Report a bad row or a failed page (thread-safe; main supplies it). */
	void (*report)(struct pub *p, const char *code, const char *reason);
	/* Show progress of PHASE (main thread only; main supplies it). */
	void (*progress)(struct pub *p, const char *phase, long done, long total);
	/* A rebuilt snapshot's dossiers go to the page pass as they are
	 * written, instead of being read back after (pages_stream_put): the
	 * pass renders on the other cores while the snapshot is written.
	 * STREAM_OPEN (main supplies it; NULL: never) is called once the
	 * reference tables are in, DB in the snapshot's read transaction; it
	 * returns 1 when it started the pass (then STREAM is set), 0 when this
	 * run reads the snapshot back, -1 with E. */
	int (*stream_open)(struct pub *p, sqlite3 *db, struct err *e);
	void *stream_ctx;    /* main's, for STREAM_OPEN */
	struct scan *stream; /* the page pass being fed, or NULL */
};

/* A dossier's event as the snapshot holds it; the widths are the
 * schema's formats, so a value that does not fit is malformed. */
struct evrow {
	char at[CLOCK_INSTANT_LEN + 4], kind[24], new_due[CLOCK_INSTANT_LEN + 4];
	long long step_no; /* -1 for NULL */
	long long id;      /* the database's, for the fingerprint */
};

/* Fill *R; -1 when a value does not fit (R is then unusable). */
int evrow_set(struct evrow *r, const char *at, const char *kind, long long step_no,
              const char *new_due, long long id);

/* Hashes (BLAKE2b, 64 bits) for fingerprints. */
uint64_t pub_hash(const void *data, size_t len);
uint64_t pub_hash_str(const char *s);

/* A 64-bit fingerprint of a page's bytes, never 0, for "did this page
 * change" (the state file keeps it).  Not cryptographic: it guards
 * against chance, not against someone choosing two pages that collide,
 * and is twenty times faster than pub_hash (0.9 against 21 microseconds
 * for a page of 8.6 KB), which a million-page run pays per page. */
uint64_t pub_page_hash(const void *data, size_t len);

/* rm -r PATH (nothing when it is not there).  Returns 0, or -1 with E set. */
int pub_remove_tree(const char *path, struct err *e);

/* A new site's dossier pages while the pass writes them, under SITE: a
 * dot folder, not served (scan_dossiers). */
#define PAGES_STAGE ".d-new"

/* The index of KEY in the N records of SIZE bytes at BASE, each starting
 * with its uint64_t key, sorted by key; N when absent. */
size_t pub_key_search(const void *base, size_t n, size_t size, uint64_t key);
/* The old hash of CODE_HASH in SET, 0 when absent. */
uint64_t fp_lookup(const struct fp_set *set, uint64_t code_hash);
/* Sort SET by code for lookups. */
void fp_sort(struct fp_set *set);

/* snapshot/state.c: load the previous run's fingerprints (absent or foreign state
 * file: empty sets), save this run's, last of all. */
int state_load(struct pub *p, struct err *e);
int state_save(struct pub *p, struct err *e);
/* Whether the previous run was interrupted: then stale temporary files
 * may lie around and are swept (state_sweep). */
int state_begin(struct pub *p, struct err *e);
int state_end(struct pub *p, struct err *e);

/* snapshot/dstate.c: the per-dossier state beside the state file (STATE.dossiers).
 * dstate_load reads it (absent, foreign or unreadable: none, a full run);
 * dstate_save writes this run's, after state_save (see dstate.c for why). */
int dstate_load(struct pub *p, struct err *e);
int dstate_save(struct pub *p, struct err *e);
/* The record of CODE_HASH in SET (sorted by code), or NULL. */
struct drec *drec_find(const struct drec_set *set, uint64_t code_hash);
void drec_sort(struct drec_set *set);
/* Whether the previous run's page of OLD may be kept at this run's "now"
 * for a dossier whose fingerprint is now SRC. */
int dstate_page_fresh(const struct pub *p, const struct drec *old, uint64_t src);

/* snapshot/snapdossiers.c: the dossiers and events of the snapshot.
 * snapshot_dossiers writes all of them into a new SNAP.  An incremental
 * run instead reads every row and makes a plan (snapshot_plan: which
 * dossiers changed, by fingerprint, and which are gone), and when the
 * plan is not empty patches a copy of the previous snapshot with it
 * (snapshot_patch).  All three fill p->new_d and the counts, and report
 * bad rows.  They return 0 (the plan: non-NULL), or -1 (NULL) with E. */
struct snap_plan;
int snapshot_dossiers(struct pub *p, sqlite3 *db, sqlite3 *snap, struct err *e);
struct snap_plan *snapshot_plan(struct pub *p, sqlite3 *db, struct err *e);
size_t snap_plan_size(const struct snap_plan *pl);
int snapshot_patch(struct pub *p, sqlite3 *db, sqlite3 *snap, struct snap_plan *pl, struct err *e);
void snap_plan_free(struct snap_plan *pl); /* NULL-safe */
/* The plan for only the N dossiers CODES (sorted, distinct: what the
 * change journal named), every other dossier keeping its record of
 * p->old_d; and the I-th code a plan writes or takes out (NULL past the
 * end). */
struct snap_plan *snapshot_plan_some(struct pub *p, sqlite3 *db, char *const *codes, size_t n,
                                     struct err *e);
const char *snap_plan_code(const struct snap_plan *pl, size_t i);

/* snapshot/journal.c: the database's change journal.  journal_read, in the
 * snapshot's read transaction, reads where it stands and the previous
 * run's mark; journal_plan then makes the plan from the dossiers it named
 * since, or (no journal, no usable mark, --verify, first run of the day)
 * from every dossier as snapshot_plan does.  journal_idle, before
 * anything else, says 1 when nothing can have changed since the last run
 * (no journal entry, no page or statistic due to change, same build, data
 * and options): the run then ends there.  journal_save writes the mark,
 * last.  journal_summary prints one line.  All return 0 (or the plan), or
 * -1 (NULL) with E; journal_free is NULL-safe. */
int journal_read(struct pub *p, sqlite3 *db, struct err *e);
struct snap_plan *journal_plan(struct pub *p, sqlite3 *db, struct err *e);
int journal_idle(struct pub *p, sqlite3 *db, struct err *e);
int journal_save(struct pub *p, struct err *e);
/* When this run's plan came from the journal: the codes it named (sorted),
 * every dossier whose row, events or ratings were written since the last
 * run; NULL (and *N 0) when the plan came from a full pass. */
char *const *journal_named(const struct pub *p, size_t *n);
void journal_summary(const struct pub *p);
void journal_free(struct journal *jr);
/* snapshot/snapshot.c: p->gfp, what every page depends on besides its dossier;
 * and the sweep of the temporaries killed runs left beside the snapshot. */
int snapshot_fingerprint(struct pub *p, sqlite3 *db, struct err *e);
int sweep_snapshot_temps(const struct pub *p, struct err *e);

/* snapshot/snapshot.c: write the kiosk snapshot from the database (public columns
 * only) to a temporary file and rename it over p->snap_path. */
int snapshot_write(struct pub *p, sqlite3 *db, struct err *e);

/* site/dossier_pages.c: render the dossier pages that changed, from the
 * snapshot, and feed FEED (NULL when the run counts no statistics) each
 * dossier it wants, in code order (stats_feed_put). */
struct stats_feed;
int scan_dossiers(struct pub *p, sqlite3 *snap, const struct refs *ref, struct stats_feed *feed,
                  struct err *e);
/* The same pass fed by the snapshot's writer (p->stream): begun for the
 * dossiers of DB (pages_stream_begin sets p->stream), given each
 * dossier the snapshot takes, ROW with its N events EV in log order and
 * CUR its record in p->new_d (pages_stream_put), and ended when the
 * snapshot is done or failed (pages_stream_end: every queued page
 * written, MIN_RECEIVED (SIZE bytes) the earliest reception met, "" when
 * none; nothing to do when not begun).  The pages of a new site stay
 * staged until pages_unstage: the caller writes first the pages they
 * link to.  pages_feed_all feeds FEED every dossier of SNAP alone (the
 * statistics' recount when the streamed feed cannot stand).  The others
 * return 0, or -1 with E. */
int pages_stream_begin(struct pub *p, sqlite3 *db, const struct refs *ref, struct stats_feed *feed,
                       struct err *e);
int pages_stream_put(struct pub *p, const struct view_row *row, const struct evrow *ev, size_t n,
                     struct drec *cur, struct err *e);
void pages_stream_end(struct pub *p, char *min_received, size_t size);
int pages_unstage(struct pub *p, struct err *e);
int pages_feed_all(struct pub *p, sqlite3 *snap, struct stats_feed *feed, struct err *e);

/* site/sweep.c: remove SITE's pages of dossiers not in SNAP (full and
 * verifying runs), counted in p->c.pages_removed.  Returns 0, or -1 with E. */
int site_sweep_dossiers(struct pub *p, sqlite3 *snap, struct err *e);

/* site/site.c: the agency, procedure and home pages, Vietnamese and English.
 * site_load takes the reference tables from REFS (and the ratings from
 * SNAP); site_use_stats
 * gives it the run's statistics (stats_site_count; NULL when the run has
 * none), whose figures the pages show; site_write writes the pages that
 * changed. */
struct site;
struct stats_counted;
struct site *site_load(sqlite3 *snap, const struct refs *refs, tmin_t now, struct err *e);
void site_use_stats(struct site *s, const struct stats_counted *c);
int site_write(struct pub *p, struct site *s, const struct refs *ref, struct err *e);
/* The same on a new site before the statistics are counted: every page,
 * its figures not yet there. */
int site_write_first(struct pub *p, struct site *s, const struct refs *ref, struct err *e);
void site_free(struct site *s);

/* receipts.c: the private receipts (QR PNG + printable page) from the
 * database, for the dossiers that are in the snapshot. */
int receipts_write(struct pub *p, sqlite3 *db, sqlite3 *snap, const struct site *site,
                   struct err *e);

/* stats/stats_site.c: the statistics pages (SITE/thong-ke/) and the ISO roadmap
 * (SITE/lo-trinh-iso/), Vietnamese and English, from the kiosk snapshot
 * SNAP (public data only) and its reference tables REFS on calendar CAL,
 * as of NOW; written after the dossier, agency, procedure and home pages,
 * each file atomically and only when its contents change, each page after
 * the pages it links to.  Returns 0, or -1 with E set. */
int stats_site_write(sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
                     const char *site_dir, tmin_t now, struct err *e);

/* What the publisher knows about this run, so that the statistics may
 * skip their work when nothing they depend on changed. */
struct stats_run {
	tmin_t now;
	int snapshot_kept;      /* the snapshot is the previous run's, unchanged */
	uint64_t snapshot_id;   /* names the snapshot's contents and this build */
	int full;               /* --full: redo everything */
	int fresh;              /* SITE was empty at the start of the run */
	const char *stamp_path; /* a file outside SITE, beside the publisher's
	                           state, kept between runs */
	/* The statistics' input kept between runs (stats/stats_input.h),
	 * NULL for none: an incremental run wants from the page pass only
	 * the dossiers of DOSSIERS (p->new_d, sorted by code hash, with
	 * rowids and fingerprints) that its records do not hold as they are;
	 * a full or verifying run (REBUILD) wants every dossier and writes
	 * the file anew. */
	const char *input_path;
	const struct drec_set *dossiers;
	uint64_t gfp; /* p->gfp */
	int rebuild;
};

/* A run's statistics in three steps, so that the page pass reads each
 * dossier once for both, and the agency, procedure and home pages show
 * the statistics' own figures and are written before the statistics
 * pages, which link to them.  stats_site_count: when the snapshot was
 * kept and the stamp at RUN->stamp_path names it and says the pages
 * written from it stay right until after RUN->now, nothing is counted,
 * *OUT is NULL and *SKIPPED 1; otherwise the stamp is removed and *OUT
 * made ready to count, with its feed (stats_counted_feed), which the page
 * pass gives the dossiers.  stats_site_counted then completes the count.
 * stats_site_pages writes the statistics pages as stats_site_write does,
 * and the stamp last (a run killed before that leaves no stamp, so the
 * next run counts again).  They return 0, or -1 with E set;
 * stats_counted_free is NULL-safe. */
struct stats;
struct stats_counted;
int stats_site_count(sqlite3 *snap, const struct refs *refs, const struct clock_cal *cal,
                     const char *site_dir, const struct stats_run *run, int *skipped,
                     struct stats_counted **out, struct err *e);
struct stats_feed *stats_counted_feed(const struct stats_counted *c); /* NULL-safe */
int stats_site_counted(struct stats_counted *c, struct err *e);
/* Counted from the database while the snapshot was written (the streamed
 * pass): their later reads (ratings) go to SNAP; and whether the first
 * period they chose is the one the snapshot's earliest reception MIN
 * (an instant's text, "" when none) gives, as counting from SNAP would. */
void stats_counted_use(struct stats_counted *c, sqlite3 *snap);
int stats_counted_first_is(const struct stats_counted *c, const char *min);
int stats_site_pages(struct stats_counted *c, const struct stats_run *run, struct err *e);
void stats_counted_free(struct stats_counted *c);
/* The counts (core/stats, borrowed from C; once counted), and the index
 * there of the agency or procedure CODE (-1 when unknown or NULL). */
const struct stats *stats_counted_stats(const struct stats_counted *c);
int stats_counted_agency(const struct stats_counted *c, const char *code);
int stats_counted_procedure(const struct stats_counted *c, const char *code);

/* stats/stats_stream.c: the statistics' input from the page pass, in
 * code order (strcmp), each dossier once.  The statistics take every
 * other dossier from their input file (stats/stats_input.h): the pass
 * must give each dossier for which stats_feed_needs says so (every one
 * when stats_feed_all), and may give any other.  stats_feed_put takes the
 * dossier of ROW with its NEV events EV as the statistics read them
 * (view_ev_parse's, but the step number of every event and the new due
 * of any that has one; BAD_EVENT: one could not be read), and TL, its
 * timeline at now when the pass made its view (NULL: the statistics
 * compute it).  Returns 0, or -1 with E. */
int stats_feed_all(const struct stats_feed *f);
int stats_feed_needs(const struct stats_feed *f, uint64_t code_hash);
int stats_feed_put(struct stats_feed *f, const struct view_row *row, const struct ev *ev, int nev,
                   int bad_event, const struct timeline *tl, struct err *e);
void stats_feed_free(struct stats_feed *f); /* NULL-safe */
/* The record of the dossiers put next, while p->new_d is being made (the
 * streamed pass: it cannot be looked up there yet); NULL: look it up.
 * Only with stats_feed_all. */
void stats_feed_record(struct stats_feed *f, const struct drec *cur);
/* The statistics' reading of event row EV (dossier_code, at, kind,
 * step_no, new_due_at) into *OUT; -1 when it is malformed. */
int stats_event_parse(sqlite3_stmt *ev, struct ev *out);
/* The same from the text of its at, kind and new due, and its step. */
int stats_event_parse_text(const char *at, const char *kind, int step_no, const char *new_due,
                           struct ev *out);

/* site/assets.c: copy site.css and assets/ into SITE (when different). */
int assets_install(struct pub *p, struct err *e);

/* Record CODE as bad (called in code order); whether it was recorded. */
int pub_mark_bad(struct pub *p, const char *code);
int pub_is_bad(const struct pub *p, const char *code);

/* pool.c: worker threads.  With N <= 1 jobs run at submit time. */
struct pool;
struct pool *pool_new(struct pub *p, int n, struct err *e);
/* Queue RUN(P, ARG); blocks while the queue is full.  RUN owns ARG. */
void pool_submit(struct pool *pl, void (*run)(struct pub *, void *), void *arg);
/* Wait for every job, stop the workers, free.  NULL-safe. */
void pool_finish(struct pool *pl);

/* Write BUF (LEN bytes) to PATH atomically with MODE unless PATH already
 * holds exactly that.  Returns 1 when written, 0 when unchanged, -1 with E. */
int pub_write_if_changed(const char *path, const char *buf, size_t len, int mode, struct err *e);

#endif
