/*
 * Dossier lookups: by dossier code + check code (/lookup, /api/lookup) and
 * by token (/d/<token>, /d/XX/<token>.html, /api/dossier/<token>).  The
 * dossier is drawn by core/view.c, the one renderer the static site uses.
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
	sqlite3_stmt *st = store_prepare(db, "SELECT token, check_hash FROM dossiers WHERE code = ?1",
	                                 e);
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
	struct snap_info info;
	size_t len;
	struct frame fr = {.lang = x->lang, .title = ktext(x->lang, KT_LOOKUP_TITLE),
	                   .self = self, .body_class = "page-dossier"};
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	snap_get_info(x->k->snap, &info);
	fr.as_of = info.generated_at;
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
	fputs(ktext(x->lang, KT_HOME), f);
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

/* Answer the dossier whose token is TOKEN in the route's form. */
static void
answer_dossier(struct ctx *x, struct reply *r, const char *token)
{
	struct view_dossier *d = NULL;
	struct err e = {""};
	int found;

	found = view_dossier_load(x->lease.db, x->lease.cal, token, 1, clock_now(), &d, &e);
	if (found < 0) {
		reply_fail(r, e.msg);
	} else if (found == 0) {
		reply_no_dossier(x, r);
	} else if (route_is_api(x->route)) {
		dossier_json(x, r, d);
	} else {
		dossier_html(x, r, d);
	}
	view_dossier_free(d);
	r->flags |= REPLY_NO_STORE;
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
	if (!found || !same) {
		atomic_fetch_add(&x->k->m.lookups_failed, 1);
		reply_no_dossier(x, r);
		return;
	}
	atomic_fetch_add(&x->k->m.lookups_ok, 1);
	answer_dossier(x, r, token);
}
