/*
 * Dossier lookups: by dossier code + check code (/lookup, /api/lookup) and
 * by token (/d/<token>, /d/XX/<token>.html, /api/dossier/<token>).  The
 * dossier is drawn by core/view.c, the one renderer the static site uses,
 * on the connection's prepared statements (view_cache), and the answer is
 * kept in the page cache (pagecache.h) for as long as it cannot change.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "frame.h"
#include "kiosk.h"
#include "out.h"
#include "store.h"
#include "token.h"
#include "view.h"

/* Stands in for the token of a code that does not exist, so that an
 * unknown code costs the same hashing and comparison as a wrong check. */
static const char dummy_token[TOKEN_LEN + 1] = "AAAAAAAAAAAAAAAAAAAAAA";

/* Copy a typed check code into BUF: surrounding spaces dropped, exactly
 * TOKEN_CHECK_LEN digits.  Returns 0 or -1. */
static int
check_normalise(const char *s, char *buf)
{
	char tmp[REQ_VALUE_MAX + 1];
	int n = code_normalise(s, tmp, sizeof tmp);

	if (n != TOKEN_CHECK_LEN)
		return -1;
	for (int i = 0; i < n; i++)
		if (tmp[i] < '0' || tmp[i] > '9')
			return -1;
	memcpy(buf, tmp, TOKEN_CHECK_LEN + 1);
	return 0;
}

/* The token and check hash of dossier CODE.  Returns 1, 0 when there is
 * no such dossier, -1 with E set. */
static int
find_code(sqlite3 *db, const char *code, char *token, char *hash, struct err *e)
{
	sqlite3_stmt *st =
	    store_prepare(db, "SELECT token, check_hash FROM dossiers WHERE code = ?1", e);
	int rc, r = -1;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *t = store_text(st, 0), *h = store_text(st, 1);
		r = 0;
		/* A row that breaks the format is a publisher bug: treat it as absent. */
		if (token_valid(t, strlen(t)) && strlen(h) == TOKEN_CHECK_HASH_LEN) {
			memcpy(token, t, TOKEN_LEN + 1);
			memcpy(hash, h, TOKEN_CHECK_HASH_LEN + 1);
			r = 1;
		}
	} else if (rc == SQLITE_DONE) {
		r = 0;
	} else {
		err_set(e, "dossier by code: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(st);
	return r;
}

static void
dossier_html(struct ctx *x, struct reply *r, const struct view_dossier *d)
{
	char self[3 + TOKEN_LEN + 1], *data;
	size_t len;
	struct frame fr = {.lang = x->lang,
	                   .title = msg(x->lang, M_K_LOOKUP_TITLE),
	                   .self = self,
	                   .body_class = "page-dossier"};
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	/* The lease's own generation: a cached page is kept under it. */
	fr.as_of = x->lease.generated_at;
	snprintf(self, sizeof self, "/d/%s", d->token);
	frame_begin(f, &fr);
	if (view_dossier_html(f, d, x->lang) < 0) {
		fclose(f);
		free(data);
		reply_fail(r, "dossier view: write error");
		return;
	}
	fputs("<p class=\"actions\"><a class=\"btn btn-primary\" href=\"/", f);
	fputs(x->lang == LANG_EN ? "?lang=en" : "", f);
	fputs("\">", f);
	fputs(msg(x->lang, M_K_HOME), f);
	fputs("</a></p>\n", f);
	frame_end(f, &fr);
	buf_finish(f, &data, &len, r, 200, CT_HTML);
}

static void
dossier_json(struct ctx *x, struct reply *r, const struct view_dossier *d)
{
	char path[TOKEN_PATH_LEN + 1], *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	if (x->route == R_API_LOOKUP) {
		/* The kiosk page moves on to the dossier's own address. */
		token_path(d->token, path);
		fputs("{\"token\":", f);
		out_json(f, d->token);
		fputs(",\"path\":\"/", f);
		fputs(path, f);
		fputs("\",\"dossier\":", f);
	}
	if (view_dossier_json(f, d) < 0) {
		fclose(f);
		free(data);
		reply_fail(r, "dossier json: write error");
		return;
	}
	fputs(x->route == R_API_LOOKUP ? "}\n" : "\n", f);
	buf_finish(f, &data, &len, r, 200, CT_JSON);
}

/* "Now" for dossier timelines: the clock, or in tests the instant written
 * in --test-now-file ("YYYY-MM-DD HH:MM"), so that a test can step past a
 * due instant without waiting for it.  Unreadable: the clock. */
static tmin_t
dossier_now(const struct kiosk *k)
{
	char buf[64] = "";
	struct err e;
	FILE *f;
	tmin_t t;

	if (!k->conf.test_now_file || !(f = fopen(k->conf.test_now_file, "r")))
		return clock_now();
	if (!fgets(buf, sizeof buf, f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return clock_parse_instant(buf, &t, &e) == 0 ? t : clock_now();
}

/* The cache key of the route's answer for TOKEN into KEY: the form ('v'
 * and 'e' for the page in Vietnamese and English, 'j' for the JSON
 * object) and the token.  Returns its length, or 0 when the answer is not
 * cached (/api/lookup wraps the object in its own). */
static size_t
page_key(const struct ctx *x, const char *token, char *key)
{
	if (x->route == R_API_LOOKUP)
		return 0;
	key[0] = route_is_api(x->route) ? 'j' : x->lang == LANG_EN ? 'e' : 'v';
	memcpy(key + 1, token, TOKEN_LEN);
	return 1 + TOKEN_LEN;
}

/* Answer with page P's bytes; R takes P's reference. */
static void
reply_page(struct reply *r, struct pc_page *p, int json)
{
	r->status = 200;
	r->ctype = json ? CT_JSON : CT_HTML;
	/* The reply's body is not const because it is usually malloc'd; a
	 * REPLY_PAGE body is only sent, never written or freed. */
	r->body = (char *)pc_body(p);
	r->len = pc_len(p);
	r->page = p;
	r->flags |= REPLY_PAGE;
}

/* Keep the answer just drawn in R in the cache, valid before EXPIRES, and
 * answer from the kept copy.  Out of memory: R stays as it is. */
static void
keep(struct ctx *x, struct reply *r, const char *key, size_t keylen, tmin_t expires, int json)
{
	struct pc_page *p =
	    pc_put(x->k->pages, x->lease.generation, key, keylen, expires, r->body, r->len);

	if (!p)
		return;
	free(r->body);
	reply_page(r, p, json);
}

/* Answer the dossier whose token is TOKEN in the route's form: from the
 * page cache when it holds the answer for this snapshot generation and it
 * is still valid now, else drawn and kept. */
static void
answer_dossier(struct ctx *x, struct reply *r, const char *token)
{
	struct view_dossier *d = NULL;
	struct err e = {""};
	struct pc_page *p;
	char key[PC_KEY_MAX + 1];
	size_t keylen = x->k->pages ? page_key(x, token, key) : 0;
	int json = route_is_api(x->route), found;
	tmin_t now = dossier_now(x->k);

	r->flags |= REPLY_NO_STORE;
	if (keylen && (p = pc_get(x->k->pages, x->lease.generation, key, keylen, now))) {
		reply_page(r, p, json);
		return;
	}
	found = x->lease.sealed
	            ? snap_sealed_dossier(&x->lease, token, now, &d, &e)
	            : view_dossier_load_cached(x->lease.vc, x->lease.cal, token, 1, now, &d, &e);
	if (found < 0) {
		reply_fail(r, e.msg);
	} else if (found == 0) {
		reply_no_dossier(x, r);
	} else {
		if (json)
			dossier_json(x, r, d);
		else
			dossier_html(x, r, d);
		if (keylen && r->status == 200)
			keep(x, r, key, keylen, view_dossier_expiry(d, now, json), json);
	}
	view_dossier_free(d);
}

void
h_token(struct ctx *x, struct reply *r)
{
	if (!token_valid(x->req->param, strlen(x->req->param))) {
		reply_no_dossier(x, r);
		return;
	}
	answer_dossier(x, r, x->req->param);
}

/* The end of a code + check lookup: the dossier of TOKEN when FOUND. */
static void
lookup_answer(struct ctx *x, struct reply *r, int found, const char *token)
{
	if (!found) {
		atomic_fetch_add(&x->k->m.lookups_failed, 1);
		reply_no_dossier(x, r);
		return;
	}
	atomic_fetch_add(&x->k->m.lookups_ok, 1);
	answer_dossier(x, r, token);
}

void
h_lookup(struct ctx *x, struct reply *r)
{
	const char *code = req_arg(x->req, "code"), *check = req_arg(x->req, "check");
	char ncode[CODE_DOSSIER_LEN + 1], ncheck[TOKEN_CHECK_LEN + 1];
	char token[TOKEN_LEN + 1], hash[TOKEN_CHECK_HASH_LEN + 1], want[TOKEN_CHECK_HASH_LEN + 1];
	struct dossier_code dc;
	struct err e = {""};
	unsigned wait;
	int found, same;

	/* Every attempt counts, well-formed or not: this is what stops a
	 * client from walking through the 10^6 check codes. */
	if ((wait = rl_take(x->k->rl, x->client, x->client_len, x->now_us))) {
		atomic_fetch_add(&x->k->m.rate_limited, 1);
		reply_error(x, r, 429);
		r->retry_after = wait;
		return;
	}
	if (!code || !check || code_normalise(code, ncode, sizeof ncode) < 0 ||
	    code_parse(ncode, strlen(ncode), &dc, &e) < 0 || check_normalise(check, ncheck) < 0) {
		atomic_fetch_add(&x->k->m.lookups_failed, 1);
		reply_error(x, r, 422);
		return;
	}
	if (x->lease.sealed) {
		/* The index itself compares: a wrong check and an unknown code
		 * are one and the same miss, at the same cost. */
		if ((found = snap_sealed_token(&x->lease, ncode, ncheck, token, &e)) < 0) {
			reply_fail(r, e.msg);
			return;
		}
		lookup_answer(x, r, found, token);
		return;
	}
	if ((found = find_code(x->lease.db, ncode, token, hash, &e)) < 0) {
		reply_fail(r, e.msg);
		return;
	}
	if (!found) {
		memcpy(token, dummy_token, sizeof token);
		memset(hash, '0', TOKEN_CHECK_HASH_LEN);
		hash[TOKEN_CHECK_HASH_LEN] = '\0';
	}
	token_check_hash(token, ncheck, want);
	same = sodium_memcmp(want, hash, TOKEN_CHECK_HASH_LEN) == 0;
	lookup_answer(x, r, found && same, token);
}
