#include "http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "alog.h"

/* Per-request state, in *req_cls from the first call to completion. */
struct rq {
	int64_t t0;
	int started; /* the access handler has seen the request */
	struct req req;
	enum route route;
	unsigned status;
	size_t bytes;
	unsigned argstatus; /* first refusal among the query arguments */
	int http11;
	char errmsg[160];
};

/* default-src 'self' with no 'unsafe-inline': the kiosk page keeps its
 * script and style in files, so an injected <script> could not run. */
static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

int64_t
http_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static size_t
on_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return req_unescape(s);
}

/* The first sight of a request: its raw URI, before MHD parses the query
 * into its per-connection memory (there, hundreds of arguments exhaust the
 * pool and MHD leaves the client waiting for the timeout with no answer).
 * A query no route could take is refused here and emptied in place, so
 * that MHD has nothing to parse and the refusal is answered and logged at
 * once.  Returns the request's state (*req_cls from now on). */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct rq *q = calloc(1, sizeof *q);
	char *query;

	(void)cls;
	(void)c;
	if (!q)
		return NULL;
	q->t0 = http_now_us();
	q->route = R_BAD;
	if ((q->argstatus = req_check_query(uri)) && (query = strchr(uri, '?')))
		query[1] = '\0'; /* MHD's own buffer, which it parses next */
	return q;
}

static enum MHD_Result
collect_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct rq *q = cls;
	unsigned st;

	(void)kind;
	if (!q->argstatus && (st = req_add_arg(&q->req, key, value)))
		q->argstatus = st;
	return MHD_YES;
}

static void
add_headers(struct kiosk *k, struct MHD_Response *resp, const struct reply *r)
{
	char num[24];

	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype ? r->ctype : CT_TEXT);
	MHD_add_response_header(resp, "Content-Security-Policy", csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
	                        r->flags & REPLY_NO_STORE ? "no-store"
	                        : r->flags & REPLY_STATIC ? "public, max-age=300"
	                                                  : "no-cache");
	if (r->retry_after) {
		snprintf(num, sizeof num, "%u", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (atomic_load(&k->draining))
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

/* MHD is done with a cached page's bytes: drop the response's reference. */
static void
page_done(void *cls)
{
	pc_unref(cls);
}

/* The response for R's body: a cached page is sent from the cache's own
 * bytes (no copy), kept alive by the reference R holds until MHD is done. */
static struct MHD_Response *
make_response(struct reply *r)
{
	struct MHD_Response *resp;

	if (r->flags & REPLY_PAGE) {
		resp = MHD_create_response_from_buffer_with_free_callback_cls(r->len, r->body,
		                                                              page_done, r->page);
		if (!resp)
			pc_unref(r->page);
		return resp;
	}
	resp = MHD_create_response_from_buffer(r->len, r->body,
	                                       r->flags & REPLY_STATIC ? MHD_RESPMEM_PERSISTENT
	                                                               : MHD_RESPMEM_MUST_FREE);
	if (!resp && !(r->flags & REPLY_STATIC))
		free(r->body);
	return resp;
}

static enum MHD_Result
send_reply(struct kiosk *k, struct MHD_Connection *c, struct rq *q, struct reply *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (!(resp = make_response(r)))
		return MHD_NO;
	add_headers(k, resp, r);
	q->status = r->status;
	q->bytes = r->len;
	memcpy(q->errmsg, r->errmsg, sizeof q->errmsg);
	ret = MHD_queue_response(c, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* The rate-limit key of the client: its address, 4 bytes IPv4 or 16 bytes
 * IPv6 (ratelimit.h chooses the buckets: the /64 and /48 of an IPv6
 * address). */
static void
client_key(struct MHD_Connection *c, struct ctx *x, unsigned char *key)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	x->client = key;
	x->client_len = 0;
	if (sa && sa->sa_family == AF_INET) {
		memcpy(key, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
		x->client_len = 4;
	} else if (sa && sa->sa_family == AF_INET6) {
		memcpy(key, ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr, 16);
		x->client_len = 16;
	}
}

/* Refuse a request on its first call: a method we do not serve, or a
 * body (nothing here takes one; a rating's POST carries its answer in the
 * query).  Answering now closes the connection. */
static enum MHD_Result
refuse_early(struct kiosk *k, struct MHD_Connection *c, struct rq *q, unsigned status)
{
	struct ctx x = {.k = k, .req = &q->req, .route = R_BAD, .lang = LANG_VI};
	struct reply r = {0};

	reply_error(&x, &r, status);
	if (status == 405)
		r.allow = "GET, HEAD";
	q->route = R_BAD;
	return send_reply(k, c, q, &r);
}

static int
has_body(struct MHD_Connection *c)
{
	const char *cl =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	return te != NULL || (cl && strcmp(cl, "0") != 0);
}

/* The final call: validate, route, run the handler on a snapshot lease. */
static enum MHD_Result
answer(struct kiosk *k, struct MHD_Connection *c, const char *url, struct rq *q)
{
	unsigned char key[RL_KEY_LEN];
	struct ctx x = {.k = k, .req = &q->req, .route = R_BAD, .lang = LANG_VI};
	struct reply r = {0};
	const struct static_file *file = NULL;
	const char *lang;
	unsigned status;

	/* HTTP/1.1 requires Host (RFC 9112 3.2): a request without it is not
	 * from a browser. */
	status = q->http11 && !MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST)
	             ? 400
	             : req_set_path(&q->req, url);
	if (!status && !q->argstatus)
		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, q);
	if (!status)
		status = q->argstatus;
	if ((lang = req_arg(&q->req, "lang")) && strcmp(lang, "en") == 0)
		x.lang = LANG_EN;
	if (!status)
		x.route = route_find(&q->req, &k->files, &file);
	q->route = x.route;
	client_key(c, &x, key);
	x.now_us = http_now_us();
	/* A rating is the one POST (no body), and only a rating is a POST. */
	if (!status && (q->req.method == REQ_POST) != route_is_post(x.route))
		status = 405;
	if (status) {
		reply_error(&x, &r, status);
		if (status == 405)
			r.allow = route_is_post(x.route) ? "POST" : "GET, HEAD";
	} else if (route_needs_snapshot(x.route) && snap_get(k->snap, &x.lease) < 0) {
		reply_error(&x, &r, 503);
		r.retry_after = 10;
	} else {
		x.file = file;
		route_run(&x, &r);
		snap_put(&x.lease);
	}
	return send_reply(k, c, q, &r);
}

/* The conns.h state of connection C (NULL when it is not tracked). */
static struct conn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

/* Accept a connection only while its client network holds fewer than
 * --per-ip. */
static enum MHD_Result
on_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	struct kiosk *k = cls;

	(void)len;
	if (conns_admit(k->conns, sa))
		return MHD_YES;
	atomic_fetch_add(&k->m.conns_refused, 1);
	return MHD_NO;
}

static void
on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
              enum MHD_ConnectionNotificationCode toe)
{
	struct kiosk *k = cls;
	const union MHD_ConnectionInfo *fd, *addr;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		fd = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		addr = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		*socket_context = conns_open(k->conns, addr ? addr->client_addr : NULL,
		                             fd ? fd->connect_fd : -1, http_now_us());
	} else if (toe == MHD_CONNECTION_NOTIFY_CLOSED) {
		conns_close(k->conns, *socket_context);
		*socket_context = NULL;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
           const char *version, const char *upload_data, size_t *upload_size, void **req_cls)
{
	struct kiosk *k = cls;
	struct rq *q = *req_cls;

	(void)upload_data;
	if (!q && !(q = on_uri(NULL, "", c)))
		return MHD_NO;
	if (!q->started) {
		q->started = 1;
		q->req.method = req_method(method);
		q->http11 = strcmp(version, MHD_HTTP_VERSION_1_1) == 0;
		q->route = R_BAD;
		*req_cls = q;
		atomic_fetch_add(&k->inflight, 1);
		conns_request(conn_of(c));
		if (q->req.method == REQ_OTHER)
			return refuse_early(k, c, q, 405);
		if (has_body(c))
			return refuse_early(k, c, q, 413);
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0; /* refused above; never read */
		return MHD_YES;
	}
	if (q->status)
		return MHD_YES; /* already answered */
	return answer(k, c, url, q);
}

static void
on_completed(void *cls, struct MHD_Connection *c, void **req_cls,
             enum MHD_RequestTerminationCode toe)
{
	static const unsigned statuses[KIOSK_NSTATUS] = KIOSK_STATUSES;
	struct kiosk *k = cls;
	struct rq *q = *req_cls;
	const union MHD_ConnectionInfo *ci;
	int j;

	(void)toe;
	if (!q)
		return;
	if (!q->started) {
		/* Seen by on_uri only: the client left (or MHD refused the
		 * headers) before there was a request to answer. */
		free(q);
		*req_cls = NULL;
		return;
	}
	for (j = 0; j < KIOSK_NSTATUS - 1 && statuses[j] != q->status; j++)
		;
	atomic_fetch_add(&k->m.requests[q->route][j], 1);
	if (k->log_fd >= 0) {
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		alog_write(k->log_fd, ci ? ci->client_addr : NULL, q->req.method,
		           q->route == R_STATIC ? q->req.path : route_name(q->route), q->status,
		           q->bytes, http_now_us() - q->t0, q->errmsg);
	}
	free(q);
	*req_cls = NULL;
	conns_answered(k->conns, conn_of(c), http_now_us());
	atomic_fetch_sub(&k->inflight, 1);
}

static int
parse_listen(const char *addr, unsigned port, struct sockaddr_storage *ss, int *v6)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof *ss);
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*v6 = 0;
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return -1;
}

struct MHD_Daemon *
http_start(struct kiosk *k, unsigned *port, struct err *e)
{
	const struct kiosk_conf *c = &k->conf;
	const union MHD_DaemonInfo *di;
	struct sockaddr_storage ss;
	struct MHD_Daemon *d;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC;
	int v6;

	if (parse_listen(c->listen, c->port, &ss, &v6) < 0) {
		err_set(e, "--listen %s: not an IPv4 or IPv6 address", c->listen);
		return NULL;
	}
	if (v6)
		flags |= MHD_USE_IPv6;
	if (!(k->conns = conns_new(c->per_ip, (int64_t)c->timeout * 1000000))) {
		err_set(e, "out of memory");
		return NULL;
	}
	/* Bounds that keep one slow or greedy client from starving the rest:
	 * connections overall, per client network and a deadline for each
	 * request (conns.h: MHD's own per-IP limit counts addresses, and an
	 * IPv6 subscriber has a /64 of them), an idle timeout, and a small
	 * per-connection memory pool that also caps the request line and
	 * headers (MHD answers 414/431 past it). */
	d = MHD_start_daemon(
	    flags, (uint16_t)c->port, on_accept, k, on_request, k, MHD_OPTION_SOCK_ADDR,
	    (struct sockaddr *)&ss, MHD_OPTION_THREAD_POOL_SIZE, c->threads,
	    MHD_OPTION_CONNECTION_LIMIT, c->max_conn, MHD_OPTION_CONNECTION_TIMEOUT, c->timeout,
	    MHD_OPTION_NOTIFY_CONNECTION, on_connection, k, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)16384, MHD_OPTION_LISTEN_BACKLOG_SIZE, 511u, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, k, MHD_OPTION_UNESCAPE_CALLBACK, on_unescape, NULL,
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, NULL, MHD_OPTION_END);
	if (!d) {
		conns_free(k->conns);
		k->conns = NULL;
		err_set(e, "cannot listen on %s port %u", c->listen, c->port);
		return NULL;
	}
	di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	*port = di ? di->port : c->port;
	return d;
}

void
http_stop(struct kiosk *k, struct MHD_Daemon *d, int drain_ms)
{
	MHD_socket ls;
	struct timespec pause = {0, 10 * 1000000L};

	atomic_store(&k->draining, 1);
	ls = MHD_quiesce_daemon(d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int waited = 0; atomic_load(&k->inflight) > 0 && waited < drain_ms; waited += 10)
		nanosleep(&pause, NULL);
	MHD_stop_daemon(d);
	conns_free(k->conns);
	k->conns = NULL;
}
