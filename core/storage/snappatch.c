#include "snappatch.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store.h"

#define MAGIC "KSNAPP1\n"
#define MAGIC_LEN 8
#define HEAD_LEN (MAGIC_LEN + 16 + 2 * SNAPPATCH_DIGEST)
#define TRAIL_LEN (1 + SNAPPATCH_DIGEST) /* 'Z' and the hash */
/* The widest table of data/snapshot.sql has 21 columns. */
#define COLS_MAX 128
/* A row's hash in the diff: the final digest check catches what a
 * collision of 128 bits would let through. */
#define ROW_HASH 16

/* A growing byte buffer; a failed allocation is remembered and reported
 * once, at the end. */
struct bb {
	unsigned char *b;
	size_t n, cap;
	int oom;
};

static void
bb_put(struct bb *b, const void *p, size_t n)
{
	unsigned char *v;
	size_t cap;

	if (b->oom || n == 0)
		return;
	if (b->n + n > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		if (!(v = realloc(b->b, cap))) {
			b->oom = 1;
			return;
		}
		b->b = v;
		b->cap = cap;
	}
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

static void
bb_byte(struct bb *b, unsigned c)
{
	unsigned char x = (unsigned char)c;

	bb_put(b, &x, 1);
}

static void
bb_count(struct bb *b, uint64_t v)
{
	unsigned char x[10];
	size_t n = 0;

	do {
		x[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			x[n] |= 0x80;
		n++;
	} while (v);
	bb_put(b, x, n);
}

static void
bb_u64(struct bb *b, uint64_t v)
{
	unsigned char x[8];

	for (int i = 7; i >= 0; i--, v >>= 8)
		x[i] = (unsigned char)(v & 0xff);
	bb_put(b, x, 8);
}

static void
bb_str(struct bb *b, const char *s)
{
	size_t n = strlen(s);

	bb_count(b, n);
	bb_put(b, s, n);
}

/* "NAME" as an SQL identifier. */
static void
bb_ident(struct bb *b, const char *s)
{
	bb_byte(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			bb_byte(b, '"');
		bb_byte(b, (unsigned char)*s);
	}
	bb_byte(b, '"');
}

/* Column I of the current row of ST, with its storage class. */
static void
bb_value(struct bb *b, sqlite3_stmt *st, int i)
{
	const unsigned char *t;
	uint64_t u;
	double d;
	int n;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		bb_byte(b, 1);
		bb_u64(b, (uint64_t)sqlite3_column_int64(st, i));
		break;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(st, i);
		memcpy(&u, &d, sizeof u);
		bb_byte(b, 2);
		bb_u64(b, u);
		break;
	case SQLITE_TEXT:
		t = sqlite3_column_text(st, i);
		n = sqlite3_column_bytes(st, i);
		bb_byte(b, 3);
		bb_count(b, (uint64_t)n);
		bb_put(b, t, (size_t)n);
		break;
	case SQLITE_BLOB:
		t = sqlite3_column_blob(st, i);
		n = sqlite3_column_bytes(st, i);
		bb_byte(b, 4);
		bb_count(b, (uint64_t)n);
		bb_put(b, t, (size_t)n);
		break;
	default:
		bb_byte(b, 0);
	}
}

/* One table as the database describes it. */
struct table {
	char *name, *sql;
	int ncols, npk;
	int key[COLS_MAX]; /* column numbers of the primary key, in key order */
	char *cols[COLS_MAX];
};

struct tables {
	struct table *v;
	size_t n;
};

static void
tables_free(struct tables *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].sql);
		for (int c = 0; c < t->v[i].ncols; c++)
			free(t->v[i].cols[c]);
	}
	free(t->v);
	t->v = NULL;
	t->n = 0;
}

/* The columns and key of T (its name set). */
static int
table_columns(sqlite3 *db, struct table *t, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT name, pk FROM pragma_table_info(?1) ORDER BY cid", e);
	int rc, pk[COLS_MAX] = {0};

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (t->ncols == COLS_MAX) {
			sqlite3_finalize(st);
			return err_set(e, "table %s: more than %d columns", t->name, COLS_MAX);
		}
		if (!(t->cols[t->ncols] = strdup(store_text(st, 0)))) {
			sqlite3_finalize(st);
			return err_set(e, "out of memory");
		}
		pk[t->ncols++] = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return err_set(e, "table %s: %s", t->name, sqlite3_errmsg(db));
	/* The key in its declared order (pk counts from 1); a table without
	 * one is keyed by all its columns. */
	for (int k = 1; k <= t->ncols; k++)
		for (int c = 0; c < t->ncols; c++)
			if (pk[c] == k)
				t->key[t->npk++] = c;
	if (t->npk == 0)
		for (int c = 0; c < t->ncols; c++)
			t->key[t->npk++] = c;
	return 0;
}

/* DB's tables, by name (SQLite's own left out). */
static int
tables_load(sqlite3 *db, struct tables *t, struct err *e)
{
	sqlite3_stmt *st = store_prepare(db,
	                                 "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
	                                 "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
	                                 e);
	struct table *v;
	int rc;

	t->v = NULL;
	t->n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(v = realloc(t->v, (t->n + 1) * sizeof *v)))
			goto oom;
		t->v = v;
		v = &t->v[t->n++];
		memset(v, 0, sizeof *v);
		if (!(v->name = strdup(store_text(st, 0))) || !(v->sql = strdup(store_text(st, 1))))
			goto oom;
		if (table_columns(db, v, e) < 0)
			goto fail;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(db));
		tables_free(t);
		return -1;
	}
	return 0;
oom:
	err_set(e, "out of memory");
fail:
	sqlite3_finalize(st);
	tables_free(t);
	return -1;
}

/* Called for each row of a table, in key order, with the row's key and
 * its values encoded. */
typedef int (*row_fn)(void *arg, const struct bb *key, const struct bb *row);

/* Every row of T in DB into the digest H (when not NULL) and F (when not
 * NULL).  Returns 0, or -1 with E set. */
static int
walk(sqlite3 *db, const struct table *t, crypto_generichash_state *h, row_fn f, void *arg,
     struct err *e)
{
	struct bb sql = {0}, key = {0}, row = {0}, th = {0};
	sqlite3_stmt *st = NULL;
	int rc, r = -1;

	bb_put(&sql, "SELECT * FROM ", 14);
	bb_ident(&sql, t->name);
	bb_put(&sql, " ORDER BY ", 10);
	for (int k = 0; k < t->npk; k++) {
		if (k)
			bb_put(&sql, ", ", 2);
		bb_ident(&sql, t->cols[t->key[k]]);
	}
	bb_byte(&sql, 0);
	bb_byte(&th, 'T');
	bb_str(&th, t->name);
	bb_str(&th, t->sql);
	if (sql.oom || th.oom) {
		err_set(e, "out of memory");
		goto out;
	}
	if (h)
		crypto_generichash_update(h, th.b, th.n);
	if (!(st = store_prepare(db, (const char *)sql.b, e)))
		goto out;
	if (sqlite3_column_count(st) != t->ncols) {
		err_set(e, "table %s: column count", t->name);
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		key.n = row.n = 0;
		bb_byte(&row, 'R');
		for (int c = 0; c < t->ncols; c++)
			bb_value(&row, st, c);
		for (int k = 0; f && k < t->npk; k++)
			bb_value(&key, st, t->key[k]);
		if (key.oom || row.oom) {
			err_set(e, "out of memory");
			goto out;
		}
		if (h)
			crypto_generichash_update(h, row.b, row.n);
		if (f && f(arg, &key, &row) < 0) {
			err_set(e, "out of memory");
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		err_set(e, "table %s: %s", t->name, sqlite3_errmsg(db));
		goto out;
	}
	r = 0;
out:
	sqlite3_finalize(st);
	free(sql.b);
	free(key.b);
	free(row.b);
	free(th.b);
	return r;
}

int
snappatch_digest(sqlite3 *db, unsigned char out[SNAPPATCH_DIGEST], struct err *e)
{
	crypto_generichash_state h;
	struct tables t;
	int r = 0;

	if (tables_load(db, &t, e) < 0)
		return -1;
	crypto_generichash_init(&h, NULL, 0, SNAPPATCH_DIGEST);
	for (size_t i = 0; i < t.n && r == 0; i++)
		r = walk(db, &t.v[i], &h, NULL, NULL, e);
	crypto_generichash_final(&h, out, SNAPPATCH_DIGEST);
	tables_free(&t);
	return r;
}

/* The old generation's rows of one table: key and hash, sorted by key. */
struct oldrow {
	size_t koff, klen;
	unsigned char h[ROW_HASH];
	int seen;
};

struct oldset {
	struct oldrow *v;
	size_t n, cap;
	struct bb keys; /* the keys, one after the other */
};

static int
old_collect(void *arg, const struct bb *key, const struct bb *row)
{
	struct oldset *o = arg;
	struct oldrow *v;

	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 256;
		if (!(v = realloc(o->v, cap * sizeof *v)))
			return -1;
		o->v = v;
		o->cap = cap;
	}
	v = &o->v[o->n++];
	v->koff = o->keys.n;
	v->klen = key->n;
	v->seen = 0;
	crypto_generichash(v->h, ROW_HASH, row->b, row->n, NULL, 0);
	bb_put(&o->keys, key->b, key->n);
	return o->keys.oom ? -1 : 0;
}

/* qsort and bsearch have no context argument: the keys of the set being
 * sorted or searched (the diff runs in one thread at a time per set, and
 * the publisher makes one patch at a time). */
static const unsigned char *sort_keys;

static int
cmp_key(const unsigned char *a, size_t an, const unsigned char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : (an > bn) - (an < bn);
}

static int
cmp_oldrow(const void *a, const void *b)
{
	const struct oldrow *x = a, *y = b;

	return cmp_key(sort_keys + x->koff, x->klen, sort_keys + y->koff, y->klen);
}

static struct oldrow *
old_find(const struct oldset *o, const struct bb *key)
{
	size_t lo = 0, hi = o->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_key(key->b, key->n, o->keys.b + o->v[mid].koff, o->v[mid].klen);
		if (c == 0)
			return &o->v[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* What the new generation's pass over a table gathers: the rows to write. */
struct newpass {
	struct oldset *old;
	struct bb ups;
	long n;
};

static int
new_compare(void *arg, const struct bb *key, const struct bb *row)
{
	struct newpass *np = arg;
	struct oldrow *o = old_find(np->old, key);
	unsigned char h[ROW_HASH];

	if (o) {
		o->seen = 1;
		crypto_generichash(h, ROW_HASH, row->b, row->n, NULL, 0);
		if (memcmp(h, o->h, ROW_HASH) == 0)
			return 0;
	}
	/* 'R' opens a row in the digest; in a patch the same byte position
	 * says what to do with it. */
	bb_byte(&np->ups, 'U');
	bb_put(&np->ups, row->b + 1, row->n - 1);
	np->n++;
	return np->ups.oom ? -1 : 0;
}

/* Table T's part of the patch into OUT: the keys gone, the rows written. */
static int
diff_table(sqlite3 *old, sqlite3 *new, const struct table *t, crypto_generichash_state *ho,
           crypto_generichash_state *hn, struct bb *out, struct err *e)
{
	struct oldset o = {0};
	struct newpass np = {&o, {0}, 0};
	long gone = 0;
	int r = -1;

	if (walk(old, t, ho, old_collect, &o, e) < 0)
		goto out;
	sort_keys = o.keys.b;
	if (o.n)
		qsort(o.v, o.n, sizeof *o.v, cmp_oldrow);
	if (walk(new, t, hn, new_compare, &np, e) < 0)
		goto out;
	for (size_t i = 0; i < o.n; i++)
		gone += !o.v[i].seen;
	if (gone || np.n) {
		bb_byte(out, 'T');
		bb_str(out, t->name);
		bb_count(out, (uint64_t)t->ncols);
		bb_count(out, (uint64_t)t->npk);
		/* Deletions first: a row written may take a key freed here. */
		for (size_t i = 0; i < o.n; i++)
			if (!o.v[i].seen) {
				bb_byte(out, 'D');
				bb_put(out, o.keys.b + o.v[i].koff, o.v[i].klen);
			}
		bb_put(out, np.ups.b, np.ups.n);
	}
	if (out->oom || np.ups.oom)
		err_set(e, "out of memory");
	else
		r = 0;
out:
	free(o.v);
	free(o.keys.b);
	free(np.ups.b);
	return r;
}

/* Whether A and B have the same tables, made by the same statements. */
static int
same_tables(const struct tables *a, const struct tables *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i].name, b->v[i].name) != 0 ||
		    strcmp(a->v[i].sql, b->v[i].sql) != 0)
			return 0;
	return 1;
}

static void
put_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
snappatch_diff(sqlite3 *old, sqlite3 *new, struct snappatch_head *h, unsigned char **buf,
               size_t *len, struct err *e)
{
	crypto_generichash_state ho, hn;
	struct tables to, tn;
	struct bb out = {0};
	unsigned char zero[HEAD_LEN] = {0};
	int r = -1;

	*buf = NULL;
	*len = 0;
	if (tables_load(old, &to, e) < 0)
		return -1;
	if (tables_load(new, &tn, e) < 0) {
		tables_free(&to);
		return -1;
	}
	if (!same_tables(&to, &tn)) {
		err_set(e, "the two generations have different tables");
		goto out;
	}
	crypto_generichash_init(&ho, NULL, 0, SNAPPATCH_DIGEST);
	crypto_generichash_init(&hn, NULL, 0, SNAPPATCH_DIGEST);
	bb_put(&out, zero, HEAD_LEN); /* filled in once the digests are known */
	for (size_t i = 0; i < tn.n; i++)
		if (diff_table(old, new, &tn.v[i], &ho, &hn, &out, e) < 0)
			goto out;
	crypto_generichash_final(&ho, h->base, SNAPPATCH_DIGEST);
	crypto_generichash_final(&hn, h->target, SNAPPATCH_DIGEST);
	bb_byte(&out, 'Z');
	bb_put(&out, zero, SNAPPATCH_DIGEST);
	if (out.oom) {
		err_set(e, "out of memory");
		goto out;
	}
	memcpy(out.b, MAGIC, MAGIC_LEN);
	put_u64(out.b + MAGIC_LEN, h->base_gen);
	put_u64(out.b + MAGIC_LEN + 8, h->gen);
	memcpy(out.b + MAGIC_LEN + 16, h->base, SNAPPATCH_DIGEST);
	memcpy(out.b + MAGIC_LEN + 16 + SNAPPATCH_DIGEST, h->target, SNAPPATCH_DIGEST);
	crypto_generichash(out.b + out.n - SNAPPATCH_DIGEST, SNAPPATCH_DIGEST, out.b,
	                   out.n - SNAPPATCH_DIGEST, NULL, 0);
	*buf = out.b;
	*len = out.n;
	out.b = NULL;
	r = 0;
out:
	free(out.b);
	tables_free(&to);
	tables_free(&tn);
	return r;
}

int
snappatch_head(const unsigned char *buf, size_t len, struct snappatch_head *h, struct err *e)
{
	unsigned char sum[SNAPPATCH_DIGEST];

	if (len < HEAD_LEN + TRAIL_LEN || memcmp(buf, MAGIC, MAGIC_LEN) != 0)
		return err_set(e, "not a snapshot patch");
	crypto_generichash(sum, sizeof sum, buf, len - SNAPPATCH_DIGEST, NULL, 0);
	if (buf[len - TRAIL_LEN] != 'Z' ||
	    sodium_memcmp(sum, buf + len - SNAPPATCH_DIGEST, SNAPPATCH_DIGEST) != 0)
		return err_set(e, "damaged or incomplete patch (its hash does not match)");
	h->base_gen = get_u64(buf + MAGIC_LEN);
	h->gen = get_u64(buf + MAGIC_LEN + 8);
	memcpy(h->base, buf + MAGIC_LEN + 16, SNAPPATCH_DIGEST);
	memcpy(h->target, buf + MAGIC_LEN + 16 + SNAPPATCH_DIGEST, SNAPPATCH_DIGEST);
	return 0;
}

/* A reader over a patch's body. */
struct rd {
	const unsigned char *p, *end;
};

static int
rd_count(struct rd *r, uint64_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			return -1;
		*v |= (uint64_t)(*r->p & 0x7f) << shift;
		if (!(*r->p++ & 0x80))
			return 0;
	}
	return -1;
}

static int
rd_bytes(struct rd *r, uint64_t n, const unsigned char **out)
{
	if (n > (uint64_t)(r->end - r->p) || n > INT_MAX)
		return -1;
	*out = r->p;
	r->p += n;
	return 0;
}

/* The next value of the patch, bound as parameter I of ST. */
static int
rd_bind(struct rd *r, sqlite3_stmt *st, int i)
{
	const unsigned char *p;
	uint64_t n;
	double d;
	int rc;

	if (r->p >= r->end)
		return -1;
	switch (*r->p++) {
	case 0:
		rc = sqlite3_bind_null(st, i);
		break;
	case 1:
		if (rd_bytes(r, 8, &p) < 0)
			return -1;
		rc = sqlite3_bind_int64(st, i, (sqlite3_int64)get_u64(p));
		break;
	case 2:
		if (rd_bytes(r, 8, &p) < 0)
			return -1;
		n = get_u64(p);
		memcpy(&d, &n, sizeof d);
		rc = sqlite3_bind_double(st, i, d);
		break;
	case 3:
		if (rd_count(r, &n) < 0 || rd_bytes(r, n, &p) < 0)
			return -1;
		rc = sqlite3_bind_text(st, i, (const char *)p, (int)n, SQLITE_STATIC);
		break;
	case 4:
		if (rd_count(r, &n) < 0 || rd_bytes(r, n, &p) < 0)
			return -1;
		rc = sqlite3_bind_blob(st, i, p, (int)n, SQLITE_STATIC);
		break;
	default:
		return -1;
	}
	return rc == SQLITE_OK ? 0 : -1;
}

/* The statements that delete a key of T and write a row of it. */
static int
table_statements(sqlite3 *db, const struct table *t, sqlite3_stmt **del, sqlite3_stmt **ins,
                 struct err *e)
{
	struct bb d = {0}, w = {0};
	char num[16];
	int r = -1;

	bb_put(&d, "DELETE FROM ", 12);
	bb_ident(&d, t->name);
	bb_put(&d, " WHERE ", 7);
	for (int k = 0; k < t->npk; k++) {
		if (k)
			bb_put(&d, " AND ", 5);
		bb_ident(&d, t->cols[t->key[k]]);
		snprintf(num, sizeof num, " IS ?%d", k + 1);
		bb_put(&d, num, strlen(num));
	}
	bb_byte(&d, 0);
	bb_put(&w, "INSERT OR REPLACE INTO ", 23);
	bb_ident(&w, t->name);
	bb_put(&w, " VALUES (", 9);
	for (int c = 0; c < t->ncols; c++) {
		snprintf(num, sizeof num, "%s?%d", c ? ", " : "", c + 1);
		bb_put(&w, num, strlen(num));
	}
	bb_put(&w, ")", 2); /* and the NUL */
	if (d.oom || w.oom)
		err_set(e, "out of memory");
	else if ((*del = store_prepare(db, (const char *)d.b, e)) &&
	         (*ins = store_prepare(db, (const char *)w.b, e)))
		r = 0;
	free(d.b);
	free(w.b);
	return r;
}

/* The table of DB that a patch's 'T' names, checked against its shape. */
static const struct table *
rd_table(struct rd *r, const struct tables *t, struct err *e)
{
	const unsigned char *name;
	uint64_t n, ncols, npk;

	if (rd_count(r, &n) < 0 || rd_bytes(r, n, &name) < 0 || rd_count(r, &ncols) < 0 ||
	    rd_count(r, &npk) < 0) {
		err_set(e, "malformed patch (table)");
		return NULL;
	}
	for (size_t i = 0; i < t->n; i++)
		if (strlen(t->v[i].name) == n && memcmp(t->v[i].name, name, n) == 0) {
			if ((uint64_t)t->v[i].ncols != ncols || (uint64_t)t->v[i].npk != npk) {
				err_set(e, "patch for another shape of table %s", t->v[i].name);
				return NULL;
			}
			return &t->v[i];
		}
	err_set(e, "patch for a table this snapshot does not have");
	return NULL;
}

/* Bind N values of the patch to ST and run it. */
static int
rd_run(struct rd *r, sqlite3_stmt *st, int n, struct err *e)
{
	for (int i = 1; i <= n; i++)
		if (rd_bind(r, st, i) < 0)
			return err_set(e, "malformed patch (value)");
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(e, "%s", sqlite3_errmsg(sqlite3_db_handle(st)));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

int
snappatch_apply(sqlite3 *db, const unsigned char *buf, size_t len, struct err *e)
{
	struct snappatch_head h;
	struct tables t;
	const struct table *cur = NULL;
	sqlite3_stmt *del = NULL, *ins = NULL;
	struct rd r;
	int rv = -1;

	if (snappatch_head(buf, len, &h, e) < 0 || tables_load(db, &t, e) < 0)
		return -1;
	r.p = buf + HEAD_LEN;
	r.end = buf + len - TRAIL_LEN;
	while (r.p < r.end) {
		switch (*r.p++) {
		case 'T':
			sqlite3_finalize(del);
			sqlite3_finalize(ins);
			del = ins = NULL;
			if (!(cur = rd_table(&r, &t, e)) ||
			    table_statements(db, cur, &del, &ins, e) < 0)
				goto out;
			break;
		case 'D':
			if (!cur)
				goto malformed;
			if (rd_run(&r, del, cur->npk, e) < 0)
				goto out;
			break;
		case 'U':
			if (!cur)
				goto malformed;
			if (rd_run(&r, ins, cur->ncols, e) < 0)
				goto out;
			break;
		default:
			goto malformed;
		}
	}
	rv = 0;
	goto out;
malformed:
	err_set(e, "malformed patch");
out:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	tables_free(&t);
	return rv;
}
