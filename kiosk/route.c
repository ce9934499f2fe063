/*
 * route: the table from request paths to handlers.  Paths are matched
 * exactly, or as a fixed prefix plus one parameter whose form the table
 * names (a token, a procedure code); everything else is a static file from
 * the table loaded at start, or 404.
 */
#include <string.h>

#include "code.h"
#include "kiosk.h"
#include "token.h"

struct route_def {
	const char *path; /* exact path, or the prefix before the parameter */
	const char *name; /* for the log and metrics: never the parameter */
	void (*run)(struct ctx *x, struct reply *r);
	enum route_param param;
	unsigned flags; /* enum route_flags */
};

#define KIOSK_ROUTE_ROW(id, path, param, name, handler, flags)                                     \
	[id] = {path, name, handler, param, flags},
static const struct route_def table[R_COUNT] = {KIOSK_ROUTES(KIOSK_ROUTE_ROW)};
#undef KIOSK_ROUTE_ROW

const char *
route_name(enum route r)
{
	return (unsigned)r < R_COUNT ? table[r].name : "?";
}

int
route_needs_snapshot(enum route r)
{
	return (unsigned)r < R_COUNT && (table[r].flags & RF_SNAPSHOT);
}

int
route_is_api(enum route r)
{
	return (unsigned)r < R_COUNT && (table[r].flags & RF_API);
}

int
route_is_post(enum route r)
{
	return (unsigned)r < R_COUNT && (table[r].flags & RF_POST);
}

static int
param_ok(enum route_param p, const char *s, size_t n)
{
	char tmp[REQ_PARAM_MAX + 1];

	if (n > REQ_PARAM_MAX)
		return 0;
	if (p == P_TOKEN)
		return token_valid(s, n);
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return code_procedure_valid(tmp);
}

/* '/d/XX/<token>.html', the path the QR code carries (token_path): the
 * shard must be the token's first two characters. */
static int
match_token_path(struct req *q)
{
	const char *p = q->path;

	if (q->pathlen != 1 + TOKEN_PATH_LEN || strncmp(p, "/d/", 3) != 0 || p[5] != '/' ||
	    strcmp(p + 6 + TOKEN_LEN, ".html") != 0)
		return 0;
	if (!token_valid(p + 6, TOKEN_LEN) || p[3] != p[6] || p[4] != p[7])
		return 0;
	memcpy(q->param, p + 6, TOKEN_LEN);
	q->param[TOKEN_LEN] = '\0';
	return 1;
}

/* Whether row D answers Q's path; fills Q->param.  *FOUND_BAD is set when
 * the prefix matched but the parameter is malformed. */
static int
match_row(const struct route_def *d, struct req *q, int *found_bad)
{
	size_t pl;

	if (d->param == P_NONE)
		return strcmp(q->path, d->path) == 0;
	if (d->param != P_TOKEN && d->param != P_PROCEDURE)
		return 0;
	pl = strlen(d->path);
	if (q->pathlen <= pl || strncmp(q->path, d->path, pl) != 0 || strchr(q->path + pl, '/'))
		return 0;
	if (!param_ok(d->param, q->path + pl, q->pathlen - pl)) {
		*found_bad = 1;
		return 0;
	}
	memcpy(q->param, q->path + pl, q->pathlen - pl + 1);
	return 1;
}

enum route
route_find(struct req *q, const struct statics *files, const struct static_file **file)
{
	*file = NULL;
	/* The paths of the table first, then the QR path, then the files:
	 * a file can never shadow a route. */
	for (int i = 0; i < R_COUNT; i++) {
		int bad = 0;
		if (match_row(&table[i], q, &bad))
			return (enum route)i;
		/* A malformed token is answered like an unknown one. */
		if (bad)
			return table[i].param == P_TOKEN ? (enum route)i : R_NONE;
	}
	if (match_token_path(q))
		return R_TOKEN_PATH;
	if ((*file = statics_find(files, q->path)))
		return R_STATIC;
	return R_NONE;
}

void
h_static(struct ctx *x, struct reply *r)
{
	r->status = 200;
	r->ctype = x->file->ctype;
	r->body = x->file->data;
	r->len = x->file->len;
	r->flags = REPLY_STATIC;
}

void
h_not_found(struct ctx *x, struct reply *r)
{
	reply_error(x, r, 404);
}

void
route_run(struct ctx *x, struct reply *r)
{
	table[(unsigned)x->route < R_COUNT ? x->route : R_NONE].run(x, r);
}
