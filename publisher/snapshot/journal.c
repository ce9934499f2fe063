/*
 * The change journal (data/schema.sql: table journal, filled by triggers
 * on dossiers, events and ratings): a run reads the entries made since the last
 * run and fingerprints only the dossiers they name, instead of every
 * dossier of the database.
 *
 * The journal is trusted only as far as it can be checked: the table and
 * its nine triggers are there, the database is the one the last run read
 * (meta journal_id), no entry the last run had not read was pruned, and
 * the previous state is the one the mark was written with.  Anything
 * else, --verify, or the first run of a day, fingerprints every dossier
 * as before (a writer that dropped the triggers, a restored backup) and
 * says in the summary how many changes the journal had not named.
 *
 * The mark (STATE.journal, text) records where this publisher stands:
 *   pubjournal 1
 *   id JOURNAL_ID          seq LAST_ENTRY_READ
 *   gfp HEX  run HEX  opts HEX
 *   now MIN  next MIN  verified MIN  dossiers N
 *   as_of YYYY-MM-DD HH:MM
 * (one field a line).  An idle run compares no site file: its summary
 * says 0 written, 0 unchanged.
 * `trackdb prune DB MARK...` reads id and seq to delete the entries every
 * publisher has read.  It is written last, after the state files: a run
 * killed before leaves the older mark, and the next run reads again
 * entries already applied (harmless: their fingerprints match).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "pub.h"
#include "store.h"

#define MARK_TAG "pubjournal 1"
#define MISSED_SHOWN 5 /* codes named in the summary when the journal missed some */

struct mark {
	char id[40];
	long long seq;
	unsigned long long gfp, run_id, opts;
	long long now, next, verified, dossiers;
	char as_of[CLOCK_INSTANT_LEN + 1];
};

struct journal {
	int present;      /* the journal table and its nine triggers are there */
	int checkable;    /* the mark is of this journal: a full pass can be compared */
	char id[40];      /* meta journal_id */
	long long seq;    /* the last entry, as of this run's read transaction */
	long long pruned; /* meta journal_pruned_through */
	int have_mark;    /* m was read */
	struct mark m;
	/* This run. */
	int used;        /* the plan came from the journal */
	int idle;        /* nothing to do: the run ended at journal_idle */
	const char *why; /* why every dossier was fingerprinted, NULL when not */
	char **codes;    /* what the journal named since the mark, sorted */
	size_t ncodes;
	long long entries; /* entries read */
	long missed;       /* a full pass: changes the journal had not named */
	char shown[MISSED_SHOWN][64];
	tmin_t verified; /* the last full pass, carried or now */
};

static char *
mark_path(const struct pub *p)
{
	size_t n = strlen(p->state_path) + sizeof ".journal";
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s.journal", p->state_path);
	return s;
}

/* The options a mark is valid for: where the output goes. */
static uint64_t
opts_hash(const struct pub *p)
{
	uint64_t h = pub_hash_str(p->site ? p->site : "");

	h ^= pub_hash_str(p->rcpt ? p->rcpt : "") * 3;
	h ^= pub_hash_str(p->snap_path ? p->snap_path : "") * 5;
	if (p->offi) /* only then, so that other runs' marks stay valid */
		h ^= (pub_hash_str(p->offi) + (uint64_t)p->o.wait_days) * 11;
	return h ^ pub_hash_str(p->o.base_url) * 7;
}

/* Read the mark at PATH into M; 0, or -1 when absent or not a mark. */
static int
mark_load(const char *path, struct mark *m)
{
	FILE *f = fopen(path, "r");
	char tag[16] = "";
	int ok;

	if (!f)
		return -1;
	memset(m, 0, sizeof *m);
	ok = fscanf(f,
	            "%15[^\n]\nid %39s\nseq %lld\ngfp %llx\nrun %llx\nopts %llx\nnow %lld\n"
	            "next %lld\nverified %lld\ndossiers %lld\nas_of %16[0-9: -]\n",
	            tag, m->id, &m->seq, &m->gfp, &m->run_id, &m->opts, &m->now, &m->next,
	            &m->verified, &m->dossiers, m->as_of) >= 10 &&
	     strcmp(tag, MARK_TAG) == 0;
	fclose(f); /* read-only */
	return ok ? 0 : -1;
}

static int
one_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st = NULL;
	int r = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
		r = 0;
	}
	sqlite3_finalize(st);
	return r;
}

/* Where the database's journal stands (jr->present 0 when it has none). */
static int
read_db(struct journal *jr, sqlite3 *db)
{
	char v[64];

	jr->present =
	    one_text(db,
	             "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN "
	             "('journal_dossier_insert', 'journal_dossier_update', "
	             "'journal_dossier_delete', 'journal_event_insert', "
	             "'journal_event_update', 'journal_event_delete', "
	             "'journal_rating_insert', 'journal_rating_update', "
	             "'journal_rating_delete')",
	             v, sizeof v) == 0 &&
	    strcmp(v, "9") == 0 &&
	    one_text(db, "SELECT value FROM meta WHERE key = 'journal_id'", jr->id,
	             sizeof jr->id) == 0;
	if (!jr->present)
		return 0;
	/* sqlite_sequence keeps the last number also when every row was pruned. */
	jr->seq =
	    one_text(db, "SELECT seq FROM sqlite_sequence WHERE name = 'journal'", v, sizeof v) == 0
	        ? atoll(v)
	        : 0;
	jr->pruned = one_text(db, "SELECT value FROM meta WHERE key = 'journal_pruned_through'", v,
	                      sizeof v) == 0
	                 ? atoll(v)
	                 : 0;
	return 0;
}

static struct journal *
journal_get(struct pub *p, struct err *e)
{
	char *path;

	if (p->jr)
		return p->jr;
	if (!(p->jr = calloc(1, sizeof *p->jr)) || !(path = mark_path(p))) {
		err_set(e, "out of memory");
		return NULL;
	}
	p->jr->have_mark = !p->o.full && mark_load(path, &p->jr->m) == 0;
	free(path);
	return p->jr;
}

/* Why the journal cannot stand for a full pass this run, or NULL. */
static const char *
why_full(const struct pub *p, const struct journal *jr)
{
	const struct mark *m = &jr->m;

	if (p->o.full)
		return "--full";
	if (!jr->present)
		return "the database has no change journal (or its triggers are missing)";
	if (!jr->have_mark)
		return "no mark of an earlier run";
	if (strcmp(m->id, jr->id) != 0)
		return "another database than the last run's";
	if (m->seq > jr->seq)
		return "the journal is older than the last run (a restored database?)";
	if (m->seq < jr->pruned)
		return "entries this publisher had not read were pruned";
	if ((uint64_t)m->run_id != p->old_run_id || (uint64_t)m->gfp != p->gfp)
		return "the state is not the one the mark was written with";
	if (p->o.verify)
		return "--verify";
	if (p->o.now / CLOCK_MIN_PER_DAY != m->verified / CLOCK_MIN_PER_DAY)
		return "the daily verification";
	return NULL;
}

/* The distinct codes named by entries after the mark, up to jr->seq. */
static int
read_codes(struct journal *jr, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(db,
	                  "SELECT dossier_code, count(*) FROM journal WHERE seq > ?1 "
	                  "AND seq <= ?2 GROUP BY dossier_code ORDER BY dossier_code",
	                  e);
	size_t cap = 0;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, jr->m.seq);
	sqlite3_bind_int64(st, 2, jr->seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (jr->ncodes == cap) {
			char **v = realloc(jr->codes, (cap = cap ? cap * 2 : 256) * sizeof *v);
			if (!v)
				goto oom;
			jr->codes = v;
		}
		if (!(jr->codes[jr->ncodes] = strdup(store_text(st, 0))))
			goto oom;
		jr->ncodes++;
		jr->entries += sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "journal: %s", sqlite3_errmsg(db));
oom:
	sqlite3_finalize(st);
	return err_set(e, "out of memory");
}

int
journal_read(struct pub *p, sqlite3 *db, struct err *e)
{
	struct journal *jr = journal_get(p, e);

	if (!jr)
		return -1;
	read_db(jr, db);
	jr->verified = jr->have_mark ? (tmin_t)jr->m.verified : 0;
	jr->why = why_full(p, jr);
	/* Until a plan says otherwise, this run reads everything (a rebuild). */
	if (jr->why || p->o.full)
		jr->verified = p->o.now;
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* After a full pass: count the changes it found that the journal had not
 * named since the mark (only meaningful when the mark was usable). */
static void
count_missed(struct journal *jr, const struct snap_plan *pl)
{
	const char *c;

	for (size_t i = 0; (c = snap_plan_code(pl, i)); i++) {
		if (jr->ncodes && bsearch(&c, jr->codes, jr->ncodes, sizeof *jr->codes, cmp_str))
			continue;
		if (jr->missed < MISSED_SHOWN)
			snprintf(jr->shown[jr->missed], sizeof jr->shown[0], "%s", c);
		jr->missed++;
	}
}

struct snap_plan *
journal_plan(struct pub *p, sqlite3 *db, struct err *e)
{
	struct journal *jr = journal_get(p, e);
	struct snap_plan *pl;

	if (!jr)
		return NULL;
	/* Whether a full pass can be compared with the journal depends on
	 * the mark alone. */
	jr->checkable = jr->present && jr->have_mark && !strcmp(jr->m.id, jr->id) &&
	                jr->m.seq <= jr->seq && jr->m.seq >= jr->pruned;
	if (jr->checkable && read_codes(jr, db, e) < 0)
		return NULL;
	if (!jr->why) {
		/* The rows not read keep the previous snapshot's high-water mark. */
		if (strlen(jr->m.as_of) == CLOCK_INSTANT_LEN)
			memcpy(p->as_of, jr->m.as_of, sizeof p->as_of);
		jr->used = 1;
		return snapshot_plan_some(p, db, jr->codes, jr->ncodes, e);
	}
	jr->verified = p->o.now;
	if ((pl = snapshot_plan(p, db, e)) && jr->checkable)
		count_missed(jr, pl);
	return pl;
}

char *const *
journal_named(const struct pub *p, size_t *n)
{
	static char *const none[1];

	*n = p->jr && p->jr->used ? p->jr->ncodes : 0;
	if (!p->jr || !p->jr->used)
		return NULL;
	return p->jr->codes ? p->jr->codes : none;
}

/* The stats hook's stamp (stats/stats_site.c: "ss-stamp 1 ID NOW NEXT"): until
 * when its pages stay right; 0 when unknown. */
static tmin_t
stats_next(const struct pub *p)
{
	char path[4096];
	unsigned long long id;
	long long from, next;
	FILE *f;
	int ok;

	if (snprintf(path, sizeof path, "%s.stats", p->state_path) >= (int)sizeof path ||
	    !(f = fopen(path, "r")))
		return 0;
	ok = fscanf(f, "ss-stamp 1 %llx %lld %lld", &id, &from, &next) == 3;
	fclose(f); /* read-only */
	return ok ? (tmin_t)next : 0;
}

int
journal_idle(struct pub *p, sqlite3 *db, struct err *e)
{
	struct journal *jr;
	char idx[4096];
	struct stat sb;

	if (p->o.full || p->o.verify)
		return 0;
	if (!(jr = journal_get(p, e)))
		return -1;
	if (!jr->have_mark || read_db(jr, db) < 0 || !jr->present)
		return 0;
	if (strcmp(jr->m.id, jr->id) != 0 || jr->m.seq != jr->seq || jr->m.seq < jr->pruned ||
	    jr->m.opts != opts_hash(p) || p->o.now < jr->m.now || p->o.now >= jr->m.next ||
	    p->o.now / CLOCK_MIN_PER_DAY != jr->m.verified / CLOCK_MIN_PER_DAY)
		return 0;
	/* A killed run leaves its marker (state.c): that run sweeps. */
	snprintf(idx, sizeof idx, "%s.running", p->state_path);
	if (stat(idx, &sb) == 0)
		return 0;
	snprintf(idx, sizeof idx, "%s/index.html", p->site);
	if (stat(idx, &sb) < 0 || stat(p->snap_path, &sb) < 0)
		return 0;
	if (sweep_snapshot_temps(p, e) < 0)
		return -1;
	if (snapshot_fingerprint(p, db, e) < 0)
		return -1;
	if (p->gfp != jr->m.gfp)
		return 0;
	jr->idle = 1;
	p->c.dossiers = p->c.unchanged = p->c.kept = (long)jr->m.dossiers;
	if (p->rcpt) /* the mark's options include the receipts folder */
		p->c.receipts_same = p->c.dossiers;
	p->c.snap_copied = 2;
	return 1;
}

int
journal_save(struct pub *p, struct err *e)
{
	struct journal *jr = p->jr;
	tmin_t next = (p->o.now / CLOCK_MIN_PER_DAY + 1) * CLOCK_MIN_PER_DAY, sn = stats_next(p);
	char *path = mark_path(p);
	struct afile a;
	int r = -1;

	if (!path)
		return err_set(e, "out of memory");
	if (jr && p->c.snap_copied == 0)
		jr->verified = p->o.now; /* a new snapshot read every dossier */
	if (!jr || !jr->present) {
		/* No journal: no mark, so that trackdb prune never counts on us. */
		if (unlink(path) < 0 && errno != ENOENT)
			err_set(e, "%s: %s", path, strerror(errno));
		else
			r = 0;
		goto out;
	}
	/* The first instant a run may have something to do without a new
	 * entry: a page's expiry, the statistics', midnight. */
	for (size_t i = 0; i < p->new_d.n; i++)
		if (p->new_d.v[i].next < next)
			next = p->new_d.v[i].next;
	if (sn < next)
		next = sn;
	if (p->stats_due && p->stats_due < next) /* statistics deferred (main.c) */
		next = p->stats_due;
	if (afile_open(&a, path, 0600, 1, e) < 0)
		goto out;
	fprintf(a.f,
	        MARK_TAG "\nid %s\nseq %lld\ngfp %llx\nrun %llx\nopts %llx\nnow %lld\nnext %lld\n"
	                 "verified %lld\ndossiers %ld\nas_of %s\n",
	        jr->id, jr->seq, (unsigned long long)p->gfp, (unsigned long long)p->run_id,
	        (unsigned long long)opts_hash(p), (long long)p->o.now, (long long)next,
	        (long long)jr->verified, p->c.dossiers, p->as_of[0] ? p->as_of : "-");
	if (ferror(a.f)) {
		afile_abort(&a);
		err_set(e, "%s: write error", path);
		goto out;
	}
	r = afile_commit(&a, 0, e);
out:
	free(path);
	return r;
}

void
journal_summary(const struct pub *p)
{
	const struct journal *jr = p->jr;

	if (!jr)
		return;
	if (jr->idle) {
		printf("publisher: journal: no entry since %lld and nothing due; nothing to do\n",
		       jr->m.seq);
		return;
	}
	if (jr->used && !jr->entries) {
		printf("publisher: journal: no entry since %lld\n", jr->seq);
		return;
	}
	if (jr->used) {
		printf("publisher: journal: %lld entries (%lld to %lld) named %zu dossiers; the "
		       "rest was "
		       "not read\n",
		       jr->entries, jr->m.seq + (jr->entries > 0), jr->seq, jr->ncodes);
		return;
	}
	if (p->c.snap_copied == 0) {
		printf("publisher: journal: every dossier written (a new snapshot)%s%s\n",
		       jr->why ? ": " : "", jr->why ? jr->why : "");
		return;
	}
	if (!jr->checkable) {
		printf("publisher: journal: every dossier fingerprinted: %s\n", jr->why);
		return;
	}
	printf("publisher: journal: verification (%s): every dossier fingerprinted; %ld %s the "
	       "journal had not named",
	       jr->why, jr->missed, jr->missed == 1 ? "change" : "changes");
	for (long i = 0; i < jr->missed && i < MISSED_SHOWN; i++)
		printf("%s%s", i ? ", " : ": ", jr->shown[i]);
	printf("%s\n", jr->missed > MISSED_SHOWN ? ", ..." : "");
}

void
journal_free(struct journal *jr)
{
	if (!jr)
		return;
	for (size_t i = 0; i < jr->ncodes; i++)
		free(jr->codes[i]);
	free(jr->codes);
	free(jr);
}
