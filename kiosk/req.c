#include "req.h"

#include <string.h>

/* Argument names that some route reads; any other is a made-up request. */
static const char *const known_args[] = {"code", "check",    "lang",   "procedure", "agency",
                                         "at",   "question", "choice", "reason"};

enum req_method
req_method(const char *method)
{
	if (strcmp(method, "GET") == 0)
		return REQ_GET;
	if (strcmp(method, "HEAD") == 0)
		return REQ_HEAD;
	if (strcmp(method, "POST") == 0)
		return REQ_POST;
	return REQ_OTHER;
}

unsigned
req_check_query(const char *uri)
{
	const char *q = strchr(uri, '?');
	size_t n;
	int args = 1;

	if (!q)
		return 0;
	n = strnlen(++q, REQ_QUERY_MAX + 1);
	if (n > REQ_QUERY_MAX)
		return 414;
	for (size_t i = 0; i < n; i++)
		args += q[i] == '&';
	return args > REQ_ARGS_MAX ? 400 : 0;
}

static int
path_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '~' || c == '-' || c == '/';
}

unsigned
req_set_path(struct req *r, const char *path)
{
	size_t n = strnlen(path, REQ_PATH_MAX + 1);

	if (n > REQ_PATH_MAX)
		return 414;
	/* Absolute-form ('http://host/x') and relative paths are not ours. */
	if (n == 0 || path[0] != '/')
		return 400;
	for (size_t i = 0; i < n; i++) {
		if (!path_char((unsigned char)path[i]))
			return 400;
		/* A segment may not be empty or start with '.': this refuses '..'
		 * in any spelling once decoded, and hidden files. */
		if (path[i] == '/' && i + 1 < n && (path[i + 1] == '/' || path[i + 1] == '.'))
			return 400;
	}
	memcpy(r->path, path, n);
	r->path[n] = '\0';
	r->pathlen = n;
	return 0;
}

static int
value_ok(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] >= 0x7F)
			return 0;
	return 1;
}

unsigned
req_add_arg(struct req *r, const char *name, const char *value)
{
	size_t i, nl, vl;

	if (!value)
		value = "";
	nl = strnlen(name, REQ_NAME_MAX + 1);
	vl = strnlen(value, REQ_VALUE_MAX + 1);
	if (nl > REQ_NAME_MAX || vl > REQ_VALUE_MAX || !value_ok(value, vl))
		return 400;
	for (i = 0; i < sizeof known_args / sizeof known_args[0]; i++)
		if (strcmp(name, known_args[i]) == 0)
			break;
	if (i == sizeof known_args / sizeof known_args[0])
		return 400;
	/* A repeated name would leave it unclear which one we acted on. */
	if (req_arg(r, name) || r->nargs == REQ_ARGS_MAX)
		return 400;
	memcpy(r->args[r->nargs].name, name, nl + 1);
	memcpy(r->args[r->nargs].value, value, vl + 1);
	r->nargs++;
	return 0;
}

const char *
req_arg(const struct req *r, const char *name)
{
	for (int i = 0; i < r->nargs; i++)
		if (strcmp(r->args[i].name, name) == 0)
			return r->args[i].value;
	return NULL;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t
req_unescape(char *s)
{
	char *w = s;
	int hi, lo;

	for (const char *p = s; *p; p++) {
		if (p[0] == '%' && (hi = hexval(p[1])) >= 0 && (lo = hexval(p[2])) >= 0) {
			unsigned char c = (unsigned char)(hi * 16 + lo);
			*w++ = (char)(c < 0x20 ? REQ_BAD_BYTE : c);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}
