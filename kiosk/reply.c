/*
 * reply: building answers in memory, and the plain error answers.
 */
#include <stdlib.h>
#include <string.h>

#include "frame.h"
#include "kiosk.h"
#include "out.h"

FILE *
buf_open(char **data, size_t *len)
{
	/* One request on one thread: out_memopen takes no stdio lock. */
	return out_memopen(data, len);
}

int
buf_finish(FILE *f, char **data, size_t *len, struct reply *r, unsigned status, const char *ctype)
{
	int bad = ferror(f);

	if (fclose(f) != 0 || bad) {
		free(*data);
		*data = NULL;
		reply_fail(r, "cannot build the answer in memory");
		return -1;
	}
	r->status = status;
	r->ctype = ctype;
	r->body = *data;
	r->len = *len;
	return 0;
}

void
reply_cached(struct reply *r, struct pc_page *p, const char *ctype)
{
	r->status = 200;
	r->ctype = ctype;
	/* Not const because a body is usually malloc'd; a REPLY_PAGE body is
	 * only sent, never written or freed. */
	r->body = (char *)pc_body(p);
	r->len = pc_len(p);
	r->page = p;
	r->flags |= REPLY_PAGE;
}

int
reply_keep(struct ctx *x, struct reply *r, const char *key, size_t keylen, tmin_t expires)
{
	struct pc_page *p;

	if (!x->k->pages || r->status != 200 || (r->flags & (REPLY_STATIC | REPLY_PAGE)))
		return 0;
	if (!(p = pc_put(x->k->pages, x->lease.generation, key, keylen, expires, r->body, r->len)))
		return 0;
	free(r->body);
	reply_cached(r, p, r->ctype);
	return 1;
}

void
reply_fail(struct reply *r, const char *msg)
{
	if (r->flags & REPLY_PAGE)
		pc_unref(r->page);
	else if (!(r->flags & REPLY_STATIC))
		free(r->body);
	r->body = NULL;
	r->page = NULL;
	r->len = 0;
	r->flags &= ~(unsigned)(REPLY_STATIC | REPLY_PAGE);
	r->status = 500;
	r->ctype = CT_TEXT;
	snprintf(r->errmsg, sizeof r->errmsg, "%s", msg);
}

static const struct {
	unsigned status;
	const char *code;
	enum msg_id text, hint;
} errors[] = {
    {400, "bad_request", M_K_BAD_REQUEST, M_COUNT},
    {404, "not_found", M_K_NOT_FOUND, M_COUNT},
    {405, "method_not_allowed", M_K_METHOD, M_COUNT},
    {413, "too_large", M_K_TOO_LARGE, M_COUNT},
    {414, "too_large", M_K_TOO_LARGE, M_COUNT},
    {422, "bad_code", M_K_BAD_CODE, M_COUNT},
    {429, "rate_limited", M_K_RATE_LIMITED, M_COUNT},
    {503, "unavailable", M_K_UNAVAILABLE, M_K_UNAVAILABLE_HINT},
    {500, "internal", M_K_INTERNAL, M_COUNT},
};

/* Write the message page or object for TEXT/HINT; CODE names it in JSON. */
static void
message(struct ctx *x, struct reply *r, unsigned status, const char *code, enum msg_id text,
        enum msg_id hint)
{
	struct frame fr = {
	    .lang = x->lang, .title = msg(x->lang, text), .body_class = "page-message"};
	char *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	if (route_is_api(x->route)) {
		out_printf(f, "{\"status\":%u,\"error\":", status);
		out_json(f, code);
		fputs(",\"message\":", f);
		out_json(f, msg(x->lang, text));
		fputs("}\n", f);
		buf_finish(f, &data, &len, r, status, CT_JSON);
		return;
	}
	/* A kiosk without data retries by itself until the snapshot is back. */
	fr.refresh = status == 503 ? 10 : 0;
	frame_begin(f, &fr);
	out_printf(f, "<section class=\"message message-%u\">\n<h1>", status);
	fputs(msg(x->lang, text), f);
	fputs("</h1>\n", f);
	if (hint != M_COUNT) {
		fputs("<p>", f);
		fputs(msg(x->lang, hint), f);
		fputs("</p>\n", f);
	}
	fputs("<p><a class=\"btn btn-primary\" href=\"/\">", f);
	fputs(msg(x->lang, M_K_HOME), f);
	fputs("</a></p>\n</section>\n", f);
	frame_end(f, &fr);
	buf_finish(f, &data, &len, r, status, CT_HTML);
}

void
reply_error(struct ctx *x, struct reply *r, unsigned status)
{
	size_t i;

	for (i = 0; i < sizeof errors / sizeof errors[0] - 1; i++)
		if (errors[i].status == status)
			break;
	/* 422 is our name for a malformed code; on the wire it is a 400. */
	message(x, r, status == 422 ? 400 : errors[i].status, errors[i].code, errors[i].text,
	        errors[i].hint);
	if (status == 422 || status == 429)
		r->flags |= REPLY_NO_STORE;
}

void
reply_no_dossier(struct ctx *x, struct reply *r)
{
	message(x, r, 404, "no_dossier", M_K_NO_DOSSIER, M_K_NO_DOSSIER_HINT);
	r->flags |= REPLY_NO_STORE;
}
