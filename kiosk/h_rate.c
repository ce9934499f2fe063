/*
 * Satisfaction ratings: /api/rating/<token> (GET: the questions of the
 * dossier's template, and what this kiosk last recorded for it) and
 * /api/rate/<token>?question=Q&choice=C[&reason=R] (POST, no body: record
 * one answer).  Only the holder of a dossier can rate it: the token is
 * what the QR code or a code + check lookup gave.  Only a finished dossier
 * (result ready or returned) is rated.  The answer is "ok" only once the
 * row is on disk (rating.h).
 *
 * Bounds: a client takes a token from its own bucket (ratelimit.h, the
 * --rating-burst/--rating-rate table) for every attempt, and a dossier
 * has at most --rating-per-dossier ratings a question in 24 hours, so no
 * one fills the store; a new rating replaces the earlier one in the
 * figures (the store keeps both).
 */
#include <stdlib.h>
#include <string.h>

#include "kiosk.h"
#include "out.h"
#include "rating.h"
#include "store.h"
#include "token.h"
#include "view.h"

/* A JSON error answer: {"status":N,"error":CODE}. */
static void
rate_error(struct reply *r, unsigned status, const char *code)
{
	char *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	out_printf(f, "{\"status\":%u,\"error\":", status);
	out_json(f, code);
	fputs("}\n", f);
	buf_finish(f, &data, &len, r, status, CT_JSON);
	r->flags |= REPLY_NO_STORE;
}

/* The dossier of the route's token into *D: 1, 0 (answered 404), -1
 * (answered 500). */
static int
load_dossier(struct ctx *x, struct reply *r, struct view_dossier **d)
{
	struct err e = {""};
	const char *token = x->req->param;
	int found;

	*d = NULL;
	if (!token_valid(token, strlen(token))) {
		reply_no_dossier(x, r);
		return 0;
	}
	found = x->lease.sealed ? snap_sealed_dossier(&x->lease, token, clock_now(), d, &e)
	                        : view_dossier_load_cached(x->lease.vc, x->lease.cal, token, 1,
	                                                   clock_now(), d, &e);
	if (found < 0)
		reply_fail(r, e.msg);
	else if (!found)
		reply_no_dossier(x, r);
	return found;
}

static int
finished(const struct view_dossier *d)
{
	return strcmp(d->status, "ready") == 0 || strcmp(d->status, "returned") == 0;
}

/* The template that applies to AGENCY: its own, else the province's,
 * else 'default', into OUT (CODE_AGENCY_LEN + 1 bytes).  Returns 1, 0 when
 * the snapshot has none (an older snapshot: no ratings offered). */
static int
template_of(sqlite3 *db, const char *agency, char *out)
{
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(db,
	                       "SELECT template FROM rating_questions WHERE template IN "
	                       "(?1, 'province', 'default') ORDER BY template = ?1 DESC, "
	                       "template = 'province' DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(out, CODE_AGENCY_LEN + 1, "%s", store_text(st, 0));
		r = 1;
	}
	sqlite3_finalize(st);
	return r;
}

/* ---- GET /api/rating/<token> -------------------------------------------- */

/* The items of a choices or reasons query ST (code, text, text_en[,
 * satisfied]) as a JSON array. */
static int
json_items(FILE *f, sqlite3_stmt *st, const char *key, int with_satisfied)
{
	int rc, n = 0;

	fputc('[', f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fputs(n++ ? ",{\"" : "{\"", f);
		fputs(key, f);
		fputs("\":", f);
		out_json(f, store_text(st, 0));
		fputs(",\"text\":", f);
		out_json(f, store_text(st, 1));
		fputs(",\"text_en\":", f);
		out_json(f, store_text(st, 2));
		if (with_satisfied)
			fputs(sqlite3_column_int(st, 3) ? ",\"satisfied\":true"
			                                : ",\"satisfied\":false",
			      f);
		fputc('}', f);
	}
	fputc(']', f);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* This kiosk's latest answer to QUESTION for dossier CODE, or null. */
static int
json_current(FILE *f, struct kiosk *k, const char *code, const char *question)
{
	char choice[RATING_CODE_MAX + 1], at[RATING_AT_LEN + 1];
	struct err e = {""};
	int r = rating_latest(k->ratings, code, question, choice, at, &e);

	if (r <= 0) {
		fputs("null", f);
		return r;
	}
	fputs("{\"choice\":", f);
	out_json(f, choice);
	fputs(",\"rated_at\":", f);
	out_json(f, at);
	fputc('}', f);
	return 0;
}

static const char q_questions[] = "SELECT question, text, text_en FROM rating_questions WHERE "
                                  "template = ?1 ORDER BY seq, question";
static const char q_choices[] =
    "SELECT choice, text, text_en, satisfied FROM rating_choices WHERE template = ?1 AND "
    "question = ?2 ORDER BY seq, choice";
static const char q_reasons[] =
    "SELECT reason, text, text_en FROM rating_reasons WHERE template = ?1 AND question = ?2 "
    "ORDER BY seq, reason";

/* The template's questions, each with its choices, reasons and current
 * answer, as a JSON array.  0 or -1. */
static int
json_questions(FILE *f, struct ctx *x, const char *tpl, const char *code)
{
	struct err e = {""};
	sqlite3_stmt *qs = store_prepare(x->lease.db, q_questions, &e);
	sqlite3_stmt *cs = qs ? store_prepare(x->lease.db, q_choices, &e) : NULL;
	sqlite3_stmt *rs = cs ? store_prepare(x->lease.db, q_reasons, &e) : NULL;
	int rc = SQLITE_ERROR, n = 0, bad = !rs;

	if (!bad)
		sqlite3_bind_text(qs, 1, tpl, -1, SQLITE_STATIC);
	fputc('[', f);
	while (!bad && (rc = sqlite3_step(qs)) == SQLITE_ROW) {
		const char *q = store_text(qs, 0);
		fputs(n++ ? ",{\"question\":" : "{\"question\":", f);
		out_json(f, q);
		fputs(",\"text\":", f);
		out_json(f, store_text(qs, 1));
		fputs(",\"text_en\":", f);
		out_json(f, store_text(qs, 2));
		sqlite3_bind_text(cs, 1, tpl, -1, SQLITE_STATIC);
		sqlite3_bind_text(cs, 2, q, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(rs, 1, tpl, -1, SQLITE_STATIC);
		sqlite3_bind_text(rs, 2, q, -1, SQLITE_TRANSIENT);
		fputs(",\"choices\":", f);
		bad |= json_items(f, cs, "choice", 1) < 0;
		fputs(",\"reasons\":", f);
		bad |= json_items(f, rs, "reason", 0) < 0;
		fputs(",\"current\":", f);
		bad |= json_current(f, x->k, code, q) < 0;
		fputc('}', f);
	}
	fputc(']', f);
	bad |= !bad && rc != SQLITE_DONE;
	sqlite3_finalize(qs);
	sqlite3_finalize(cs);
	sqlite3_finalize(rs);
	return bad ? -1 : 0;
}

void
h_rating(struct ctx *x, struct reply *r)
{
	struct view_dossier *d = NULL;
	char tpl[CODE_AGENCY_LEN + 1], *data;
	size_t len;
	FILE *f;
	int can;

	r->flags |= REPLY_NO_STORE;
	if (load_dossier(x, r, &d) <= 0)
		return;
	can = x->k->ratings && finished(d) && template_of(x->lease.db, d->agency_code, tpl);
	if (!(f = buf_open(&data, &len))) {
		view_dossier_free(d);
		reply_fail(r, "out of memory");
		return;
	}
	fputs("{\"code\":", f);
	out_json(f, d->code);
	fputs(",\"status\":", f);
	out_json(f, d->status);
	out_printf(f, ",\"finished\":%s,\"can_rate\":%s,\"source\":\"%s\",\"questions\":",
	           finished(d) ? "true" : "false", can ? "true" : "false",
	           x->k->conf.rating_mode ? "counter" : "kiosk");
	if (!can) {
		fputs("[]", f);
	} else if (json_questions(f, x, tpl, d->code) < 0) {
		view_dossier_free(d);
		fclose(f);
		free(data);
		reply_fail(r, "rating: reading the template or the store failed");
		return;
	}
	fputs("}\n", f);
	view_dossier_free(d);
	buf_finish(f, &data, &len, r, 200, CT_JSON);
	r->flags |= REPLY_NO_STORE;
}

/* ---- POST /api/rate/<token> ---------------------------------------------- */

/* Copy argument NAME, a code of [a-z0-9_], into OUT (RATING_CODE_MAX + 1
 * bytes); an absent one is "" when OPTIONAL.  Returns 0 or -1. */
static int
code_arg(const struct req *q, const char *name, int optional, char *out)
{
	const char *v = req_arg(q, name);
	size_t n = v ? strlen(v) : 0;

	out[0] = '\0';
	if (!v || !n)
		return optional ? 0 : -1;
	if (n > RATING_CODE_MAX || strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789_") != n)
		return -1;
	memcpy(out, v, n + 1);
	return 0;
}

/* Whether the template TPL has the choice (and reason) of RT: the choice's
 * satisfied flag (0 or 1), or -1 when something is not in the template
 * (a reason goes only with a choice that is not satisfied). */
static int
check_answer(sqlite3 *db, const char *tpl, const struct rating *rt)
{
	sqlite3_stmt *st = NULL;
	int sat = -1;

	if (sqlite3_prepare_v2(db,
	                       "SELECT satisfied, ?4 = '' OR EXISTS (SELECT 1 FROM "
	                       "rating_reasons WHERE template = ?1 AND question = ?2 AND "
	                       "reason = ?4) FROM rating_choices WHERE template = ?1 AND "
	                       "question = ?2 AND choice = ?3",
	                       -1, &st, NULL) != SQLITE_OK) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_text(st, 1, tpl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rt->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, rt->choice, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, rt->reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 1))
		sat = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	if (sat == 1 && rt->reason[0])
		sat = -1;
	return sat;
}

/* Record RT for dossier D, or say why not. */
static void
record(struct ctx *x, struct reply *r, const struct view_dossier *d, struct rating *rt)
{
	struct kiosk *k = x->k;
	char tpl[CODE_AGENCY_LEN + 1], *data;
	struct err e = {""};
	size_t len;
	FILE *f;
	int rc;

	if (!finished(d) || !template_of(x->lease.db, d->agency_code, tpl)) {
		rate_error(r, 409, "not_ratable");
		return;
	}
	if (check_answer(x->lease.db, tpl, rt) < 0) {
		rate_error(r, 400, "bad_answer");
		return;
	}
	snprintf(rt->dossier, sizeof rt->dossier, "%s", d->code);
	rt->source = k->conf.rating_mode ? "counter" : "kiosk";
	rt->device = k->conf.device;
	if ((rc = rating_add(k->ratings, rt, (int)k->conf.rating_per_dossier, &e)) < 0) {
		reply_fail(r, e.msg);
		return;
	}
	if (rc == 0) {
		atomic_fetch_add(&k->m.ratings_limited, 1);
		rate_error(r, 429, "dossier_limit");
		r->retry_after = 3600;
		return;
	}
	atomic_fetch_add(&k->m.ratings, 1);
	if (!(f = buf_open(&data, &len))) {
		/* Stored all the same: the citizen may see an error, the rating is kept. */
		reply_fail(r, "out of memory");
		return;
	}
	fputs("{\"ok\":true,\"id\":", f);
	out_json(f, rt->id);
	fputs(",\"rated_at\":", f);
	out_json(f, rt->rated_at);
	fputs("}\n", f);
	buf_finish(f, &data, &len, r, 200, CT_JSON);
	r->flags |= REPLY_NO_STORE;
}

void
h_rate(struct ctx *x, struct reply *r)
{
	struct view_dossier *d = NULL;
	struct rating rt;
	unsigned wait;

	memset(&rt, 0, sizeof rt);
	r->flags |= REPLY_NO_STORE;
	if (!x->k->ratings) {
		rate_error(r, 503, "no_store");
		return;
	}
	/* Every attempt counts, good or bad: the bucket is what keeps one
	 * client from filling the store. */
	if ((wait = rl_take(x->k->rl_rating, x->client, x->client_len, x->now_us))) {
		atomic_fetch_add(&x->k->m.ratings_limited, 1);
		rate_error(r, 429, "rate_limited");
		r->retry_after = wait;
		return;
	}
	if (code_arg(x->req, "question", 0, rt.question) < 0 ||
	    code_arg(x->req, "choice", 0, rt.choice) < 0 ||
	    code_arg(x->req, "reason", 1, rt.reason) < 0) {
		rate_error(r, 400, "bad_answer");
		return;
	}
	if (load_dossier(x, r, &d) <= 0)
		return;
	record(x, r, d, &rt);
	view_dossier_free(d);
}
