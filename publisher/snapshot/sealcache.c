/*
 * The seal cache: each dossier's code + check derivation (seal.h), kept
 * beside the publisher's state (SNAPSHOT.seals), so that the milliseconds
 * of Argon2id a dossier costs by design are paid once, when the dossier
 * first appears, not on every run.  The check code, and so the derived
 * key, never changes for a dossier under one publisher key.
 *
 * The file: a header (magic, the province salt, the derivation's
 * parameters, the check code's length, the count), then (code hash, key)
 * records sorted by code hash.  A header that does not match this run's
 * (another key, other parameters) makes an empty cache: everything is
 * derived again.  It is private like the key: it opens every dossier.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "pub.h"
#include "snapoffice.h"
#include "store.h"

static const char magic[8] = {'K', 'S', 'E', 'A', 'L', '0', '1', '\n'};

struct hdr {
	char magic[8];
	unsigned char salt[SEAL_SALT_BYTES];
	uint64_t ops, mem;
	uint32_t check_len, pad;
	uint64_t count;
};

struct srec {
	uint64_t code;
	unsigned char k[SEAL_KEY_BYTES];
};

struct seal_cache {
	struct hdr h;
	struct seal_cost cost;
	struct srec *v; /* sorted by code */
	size_t n;
	int changed;
};

/* Work shared by the derivation threads. */
struct job {
	struct seal_cache *sc;
	const struct token_key *key;
	char **codes;
	struct srec *out;
	size_t n;
	atomic_size_t next, done;
	atomic_int failed;
};

static int
cmp_srec(const void *a, const void *b)
{
	uint64_t x = ((const struct srec *)a)->code, y = ((const struct srec *)b)->code;
	return (x > y) - (x < y);
}

static struct srec *
find(const struct seal_cache *sc, uint64_t code)
{
	struct srec k = {code, {0}};

	return sc->n && sc->v ? bsearch(&k, sc->v, sc->n, sizeof k, cmp_srec) : NULL;
}

static char *
cache_path(const struct pub *p)
{
	size_t n = strlen(p->snap_path) + 7;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s.seals", p->snap_path);
	return s;
}

/* Load the records of PATH when its header is WANT's; else none. */
static void
load(struct seal_cache *sc, const char *path)
{
	struct hdr h;
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	if (fread(&h, sizeof h, 1, f) == 1 && !memcmp(h.magic, sc->h.magic, sizeof h.magic) &&
	    !memcmp(h.salt, sc->h.salt, sizeof h.salt) && h.ops == sc->h.ops &&
	    h.mem == sc->h.mem && h.check_len == sc->h.check_len && h.count < ((uint64_t)1 << 32) &&
	    (sc->v = malloc((h.count ? h.count : 1) * sizeof *sc->v))) {
		if (fread(sc->v, sizeof *sc->v, h.count, f) == h.count)
			sc->n = h.count;
		else
			free(sc->v), sc->v = NULL;
	}
	fclose(f); /* read only */
}

static void *
derive_worker(void *arg)
{
	struct job *j = arg;
	size_t i;
	struct err e;

	while ((i = atomic_fetch_add(&j->next, 1)) < j->n && !atomic_load(&j->failed)) {
		char check[TOKEN_CHECK_LEN + 1];
		const char *code = j->codes[i];

		token_check_of(j->key, code, strlen(code), check);
		j->out[i].code = pub_hash_str(code);
		if (seal_check_derive(code, check, j->sc->h.salt, &j->sc->cost, j->out[i].k, &e) <
		    0)
			atomic_store(&j->failed, 1);
		atomic_fetch_add(&j->done, 1);
	}
	return NULL;
}

/* Derive the keys of the N codes at CODES into OUT, in p->o.jobs threads,
 * showing progress from this (the main) thread. */
static int
derive_all(struct seal_cache *sc, struct pub *p, char **codes, size_t n, struct srec *out,
           struct err *e)
{
	pthread_t th[64];
	int nth = p->o.jobs < 1 ? 1 : p->o.jobs > 64 ? 64 : p->o.jobs, started = 0;
	struct job j = {.sc = sc, .key = &p->key, .codes = codes, .out = out, .n = n};

	atomic_init(&j.next, 0);
	atomic_init(&j.done, 0);
	atomic_init(&j.failed, 0);
	for (; started < nth; started++)
		if (pthread_create(&th[started], NULL, derive_worker, &j) != 0)
			break;
	if (!started)
		derive_worker(&j);
	while (started && atomic_load(&j.done) < n && !atomic_load(&j.failed)) {
		struct timespec ts = {0, 200000000L};
		nanosleep(&ts, NULL);
		p->progress(p, "seals", (long)atomic_load(&j.done), (long)n);
	}
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (atomic_load(&j.failed))
		return err_set(e, "check code derivation: out of memory");
	return 0;
}

/* The codes of SNAP's dossiers not in the cache into *MISSING; marks the
 * used records in USED. */
static int
scan(struct seal_cache *sc, sqlite3 *snap, unsigned char *used, char ***missing, size_t *nmiss,
     struct err *e)
{
	sqlite3_stmt *st = store_prepare(snap, "SELECT code FROM dossiers", e);
	size_t cap = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = store_text(st, 0);
		struct srec *r = find(sc, pub_hash_str(code));
		if (r) {
			used[r - sc->v] = 1;
			continue;
		}
		if (*nmiss == cap) {
			char **v = realloc(*missing, (cap = cap ? cap * 2 : 1024) * sizeof *v);
			if (!v)
				goto oom;
			*missing = v;
		}
		if (!((*missing)[*nmiss] = strdup(code)))
			goto oom;
		(*nmiss)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "seals: %s", sqlite3_errmsg(snap));
oom:
	sqlite3_finalize(st);
	return err_set(e, "out of memory");
}

/* Keep the used old records and the new ones, sorted. */
static int
merge(struct seal_cache *sc, const unsigned char *used, struct srec *fresh, size_t nfresh,
      struct err *e)
{
	struct srec *v = malloc((sc->n + nfresh + 1) * sizeof *v);
	size_t n = 0;

	if (!v)
		return err_set(e, "out of memory");
	for (size_t i = 0; i < sc->n; i++)
		if (used[i])
			v[n++] = sc->v[i];
		else
			sc->changed = 1;
	if (nfresh)
		memcpy(v + n, fresh, nfresh * sizeof *v);
	n += nfresh;
	sc->changed |= nfresh > 0;
	qsort(v, n, sizeof *v, cmp_srec);
	free(sc->v);
	sc->v = v;
	sc->n = n;
	return 0;
}

struct seal_cache *
seal_cache_open(struct pub *p, sqlite3 *snap, struct err *e)
{
	struct seal_cache *sc = calloc(1, sizeof *sc);
	char *path = cache_path(p), **missing = NULL;
	unsigned char *used = NULL;
	struct srec *fresh = NULL;
	size_t nmiss = 0;
	int ok = 0;

	if (!sc || !path) {
		err_set(e, "out of memory");
		goto out;
	}
	memcpy(sc->h.magic, magic, sizeof magic);
	/* The province's salt: from the key, so that it stays the same run
	 * after run, and says nothing about the key. */
	crypto_generichash(sc->h.salt, sizeof sc->h.salt, (const unsigned char *)"kiosk-seal:salt",
	                   15, p->key.k, sizeof p->key.k);
	sc->cost = (struct seal_cost){SEAL_OPS, SEAL_MEM};
	sc->h.ops = sc->cost.ops;
	sc->h.mem = sc->cost.mem;
	sc->h.check_len = TOKEN_CHECK_LEN;
	load(sc, path);
	if (!(used = calloc(sc->n + 1, 1))) {
		err_set(e, "out of memory");
		goto out;
	}
	if (scan(sc, snap, used, &missing, &nmiss, e) < 0)
		goto out;
	if (nmiss && !(fresh = calloc(nmiss, sizeof *fresh))) {
		err_set(e, "out of memory");
		goto out;
	}
	if ((nmiss && derive_all(sc, p, missing, nmiss, fresh, e) < 0) ||
	    merge(sc, used, fresh, nmiss, e) < 0)
		goto out;
	p->c.seals_derived += (long)nmiss;
	ok = 1;
out:
	for (size_t i = 0; i < nmiss; i++)
		free(missing[i]);
	free(missing);
	free(fresh);
	free(used);
	free(path);
	if (!ok) {
		seal_cache_free(sc);
		return NULL;
	}
	return sc;
}

void
seal_cache_free(struct seal_cache *sc)
{
	if (!sc)
		return;
	if (sc->v)
		sodium_memzero(sc->v, sc->n * sizeof *sc->v);
	free(sc->v);
	free(sc);
}

int
seal_cache_get(struct seal_cache *sc, const struct pub *p, const char *code,
               unsigned char k[SEAL_KEY_BYTES], struct err *e)
{
	struct srec *r = find(sc, pub_hash_str(code));

	(void)p;
	if (!r)
		return err_set(e, "%s: no check code derivation", code);
	memcpy(k, r->k, SEAL_KEY_BYTES);
	return 0;
}

void
seal_cache_hash_params(const struct seal_cache *sc, crypto_generichash_state *h)
{
	crypto_generichash_update(h, (const unsigned char *)&sc->h, offsetof(struct hdr, count));
}

void
seal_cache_salt_hex(const struct seal_cache *sc, char hex[2 * SEAL_SALT_BYTES + 1])
{
	sodium_bin2hex(hex, 2 * SEAL_SALT_BYTES + 1, sc->h.salt, sizeof sc->h.salt);
}

int
seal_cache_put_meta(const struct seal_cache *sc, sqlite3 *db, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "INSERT OR REPLACE INTO meta (key, value) VALUES "
	                                 "('seal_ops', ?1), ('seal_mem', ?2), ('check_len', ?3)",
	                                 e);
	int r = -1;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)sc->h.ops);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)sc->h.mem);
	sqlite3_bind_int(st, 3, (int)sc->h.check_len);
	if (sqlite3_step(st) == SQLITE_DONE)
		r = 0;
	else
		err_set(e, "meta: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return r;
}

int
seal_cache_save(struct seal_cache *sc, const struct pub *p, struct err *e)
{
	char *path = cache_path(p), *tmp = NULL;
	FILE *f = NULL;
	int fd, r = -1;

	if (!sc->changed) {
		free(path);
		return 0;
	}
	if (!path || !(tmp = malloc(strlen(path) + 8))) {
		err_set(e, "out of memory");
		goto out;
	}
	snprintf(tmp, strlen(path) + 8, "%s.XXXXXX", path);
	/* Mode 0600: like the key, this opens every dossier. */
	if ((fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "wb"))) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	sc->h.count = sc->n;
	if (fwrite(&sc->h, sizeof sc->h, 1, f) != 1 ||
	    (sc->n && fwrite(sc->v, sizeof *sc->v, sc->n, f) != sc->n) || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		err_set(e, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		err_set(e, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	f = NULL;
	if (rename(tmp, path) < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	if (f)
		fclose(f);
	if (r < 0 && tmp)
		unlink(tmp);
	free(tmp);
	free(path);
	return r;
}
