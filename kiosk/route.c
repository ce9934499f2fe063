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

enum param { P_NONE = 0, P_TOKEN, P_PROCEDURE };

struct route_def {
	const char *path; /* exact path, or the prefix before the parameter */
	enum param param;
	enum route route;
	const char *name; /* for the log and metrics: never the parameter */
};

static const struct route_def table[] = {
	{"/", P_NONE, R_HOME, "/"},
	{"/lookup", P_NONE, R_LOOKUP, "/lookup"},
	{"/d/", P_TOKEN, R_TOKEN, "/d/<redacted>"},
	{"/procedures", P_NONE, R_PROCS, "/procedures"},
	{"/procedures/", P_PROCEDURE, R_PROC, "/procedures/<code>"},
	{"/board", P_NONE, R_BOARD, "/board"},
	{"/healthz", P_NONE, R_HEALTHZ, "/healthz"},
	{"/metrics", P_NONE, R_METRICS, "/metrics"},
	{"/api/config", P_NONE, R_API_CONFIG, "/api/config"},
	{"/api/lookup", P_NONE, R_API_LOOKUP, "/api/lookup"},
	{"/api/dossier/", P_TOKEN, R_API_DOSSIER, "/api/dossier/<redacted>"},
	{"/api/procedures", P_NONE, R_API_PROCS, "/api/procedures"},
	{"/api/procedures/", P_PROCEDURE, R_API_PROC, "/api/procedures/<code>"},
	{"/api/estimate", P_NONE, R_API_ESTIMATE, "/api/estimate"},
	{"/api/board", P_NONE, R_API_BOARD, "/api/board"},
};

static const char *const other_names[] = {
	[R_STATIC] = "static", [R_TOKEN_PATH] = "/d/<shard>/<redacted>.html",
	[R_NONE] = "notfound", [R_BAD] = "refused",
};

const char *
route_name(enum route r)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].route == r)
			return table[i].name;
	if ((size_t)r < sizeof other_names / sizeof other_names[0] && other_names[r])
		return other_names[r];
	return "?";
}

int
route_needs_snapshot(enum route r)
{
	return r != R_STATIC && r != R_HEALTHZ && r != R_METRICS && r != R_API_CONFIG &&
	       r != R_NONE && r != R_BAD;
}

int
route_is_api(enum route r)
{
	return r >= R_HEALTHZ && r <= R_API_BOARD;
}

static int
param_ok(enum param p, const char *s, size_t n)
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

enum route
route_find(struct req *q, const struct statics *files, const struct static_file **file)
{
	*file = NULL;
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
		const struct route_def *d = &table[i];
		size_t pl = strlen(d->path);
		if (d->param == P_NONE) {
			if (strcmp(q->path, d->path) == 0)
				return d->route;
			continue;
		}
		if (q->pathlen <= pl || strncmp(q->path, d->path, pl) != 0 ||
		    strchr(q->path + pl, '/'))
			continue;
		/* A malformed token is answered like an unknown one. */
		if (!param_ok(d->param, q->path + pl, q->pathlen - pl))
			return d->param == P_TOKEN ? d->route : R_NONE;
		memcpy(q->param, q->path + pl, q->pathlen - pl + 1);
		return d->route;
	}
	if (match_token_path(q))
		return R_TOKEN_PATH;
	if ((*file = statics_find(files, q->path)))
		return R_STATIC;
	return R_NONE;
}

void
route_run(struct ctx *x, const struct static_file *file, struct reply *r)
{
	switch (x->route) {
	case R_HOME: h_home(x, file, r); break;
	case R_STATIC:
		r->status = 200;
		r->ctype = file->ctype;
		r->body = file->data;
		r->len = file->len;
		r->flags = REPLY_STATIC;
		break;
	case R_LOOKUP: case R_API_LOOKUP: h_lookup(x, r); break;
	case R_TOKEN: case R_TOKEN_PATH: case R_API_DOSSIER: h_token(x, r); break;
	case R_PROCS: case R_API_PROCS: h_procs(x, r); break;
	case R_PROC: case R_API_PROC: h_proc(x, r); break;
	case R_API_ESTIMATE: h_estimate(x, r); break;
	case R_BOARD: case R_API_BOARD: h_board(x, r); break;
	case R_HEALTHZ: h_healthz(x, r); break;
	case R_METRICS: h_metrics(x, r); break;
	case R_API_CONFIG: h_config(x, r); break;
	default: reply_error(x, r, 404); break;
	}
}
