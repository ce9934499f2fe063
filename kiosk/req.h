/*
 * req: an HTTP request as kioskd sees it, parsed into fixed, named bounds
 * and validated whole before any handler acts on it (quark's http.c).
 *
 * libmicrohttpd hands us the decoded path and the query arguments; these
 * functions copy them into a struct req, refusing anything longer than the
 * bounds or outside the expected characters.  Nothing here knows MHD, so it
 * is unit-tested on plain strings (tests/unit/test_kiosk_req.c).
 */
#ifndef KIOSK_REQ_H
#define KIOSK_REQ_H

#include <stddef.h>

/* The longest path we route is a static file's ('/assets/' + 64-character
 * name); '/d/XX/<22>.html' is 33.  Longer paths cannot name anything. */
#define REQ_PATH_MAX 80
/* No route takes more than three arguments; a fourth means a made-up URL. */
#define REQ_ARGS_MAX 4
#define REQ_NAME_MAX 10
/* A dossier code typed with spaces around it fits (25 + slack); so does
 * 'YYYY-MM-DD HH:MM:SS'. */
#define REQ_VALUE_MAX 40
/* A route's one path parameter: a token (22) or a procedure code (9). */
#define REQ_PARAM_MAX 24

/* The byte our unescaper writes for a decoded NUL or control character, so
 * that validation rejects it instead of C strings silently ending there. */
#define REQ_BAD_BYTE 0x7F

enum req_method { REQ_GET = 0, REQ_HEAD, REQ_POST, REQ_OTHER };

struct req_arg {
	char name[REQ_NAME_MAX + 1];
	char value[REQ_VALUE_MAX + 1];
};

struct req {
	enum req_method method;
	char path[REQ_PATH_MAX + 1];
	size_t pathlen;
	int nargs;
	struct req_arg args[REQ_ARGS_MAX];
	char param[REQ_PARAM_MAX + 1]; /* set by routing */
};

/* The longest query any route reads: REQ_ARGS_MAX arguments with the
 * longest name and a value escaped in full (%XX for every byte). */
#define REQ_QUERY_MAX ((size_t)REQ_ARGS_MAX * (REQ_NAME_MAX + 2 + 3 * REQ_VALUE_MAX))

/* Look at the raw request target URI (path and query, still escaped)
 * before anything is parsed: a query longer than REQ_QUERY_MAX is 414, one
 * of more than REQ_ARGS_MAX arguments 400, anything else 0.  This is what
 * refuses a URL of hundreds of arguments at once, before the HTTP library
 * spends memory on each of them. */
unsigned req_check_query(const char *uri);

/* The method enum of METHOD ("GET", "HEAD", "POST"; anything else
 * REQ_OTHER). */
enum req_method req_method(const char *method);

/* Copy the decoded URL path into R after checking it: it starts with '/',
 * is at most REQ_PATH_MAX bytes, holds only [A-Za-z0-9._~/-], and has no
 * empty segment ('//') and no segment starting with '.' ('..', hidden
 * files).  Returns 0, or the HTTP status that rejects it (400, 414). */
unsigned req_set_path(struct req *r, const char *path);

/* Add one query argument after checking it: NAME is one of the names some
 * route takes (code, check, lang, procedure, agency, at, question, choice,
 * reason) and not given
 * twice; VALUE (may be NULL for '?x') is printable ASCII of at most
 * REQ_VALUE_MAX bytes.  Returns 0, or the status that rejects it (400). */
unsigned req_add_arg(struct req *r, const char *name, const char *value);

/* The value of argument NAME, or NULL when absent.  Borrowed from R. */
const char *req_arg(const struct req *r, const char *name);

/* Decode %XX escapes in S in place (MHD's unescape callback contract: the
 * result is never longer).  A decoded NUL or control byte becomes
 * REQ_BAD_BYTE; a '%' not followed by two hex digits stays as it is (and
 * fails validation later).  Returns the new length. */
size_t req_unescape(char *s);

#endif
