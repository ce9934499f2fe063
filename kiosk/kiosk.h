/*
 * kiosk: the shared state of kioskd and the interface between its HTTP
 * layer (http.c, which alone knows libmicrohttpd) and its handlers.
 *
 * A handler gets a struct ctx (the validated request, the client, a lease
 * on the snapshot when the route needs one) and fills a struct reply; the
 * HTTP layer adds the common headers, queues it and logs it.  Handlers
 * never print: a failure becomes a 500 reply whose reason goes to the log.
 */
#ifndef KIOSK_H
#define KIOSK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "board.h"
#include "code.h"
#include "conns.h"
#include "err.h"
#include "pagecache.h"
#include "ratelimit.h"
#include "rating.h"
#include "req.h"
#include "snap.h"
#include "statics.h"
#include "view.h"

/* Every route, one row each: its id, the path it answers (exactly, or the
 * prefix before its one parameter; NULL when matched otherwise), the form
 * of that parameter, the name the log and /metrics show (never the
 * parameter itself), its handler and its flags.  Rows are matched in this
 * order and /metrics lists them in it.  A new route is one row here and
 * its handler. */
#define KIOSK_ROUTES(X)                                                                            \
	X(R_HOME, "/", P_NONE, "/", h_home, RF_SNAPSHOT)                                           \
	X(R_STATIC, NULL, P_STATIC, "static", h_static, 0)                                         \
	X(R_LOOKUP, "/lookup", P_NONE, "/lookup", h_lookup, RF_SNAPSHOT)                           \
	X(R_TOKEN, "/d/", P_TOKEN, "/d/<redacted>", h_token, RF_SNAPSHOT)                          \
	X(R_TOKEN_PATH, NULL, P_TOKEN_PATH, "/d/<shard>/<redacted>.html", h_token, RF_SNAPSHOT)    \
	X(R_PROCS, "/procedures", P_NONE, "/procedures", h_procs, RF_SNAPSHOT)                     \
	X(R_PROC, "/procedures/", P_PROCEDURE, "/procedures/<code>", h_proc, RF_SNAPSHOT)          \
	X(R_BOARD, "/board", P_NONE, "/board", h_board, RF_SNAPSHOT)                               \
	X(R_HEALTHZ, "/healthz", P_NONE, "/healthz", h_healthz, RF_API)                            \
	X(R_METRICS, "/metrics", P_NONE, "/metrics", h_metrics, RF_API)                            \
	X(R_API_CONFIG, "/api/config", P_NONE, "/api/config", h_config, RF_API)                    \
	X(R_API_LOOKUP, "/api/lookup", P_NONE, "/api/lookup", h_lookup, RF_API | RF_SNAPSHOT)      \
	X(R_API_DOSSIER, "/api/dossier/", P_TOKEN, "/api/dossier/<redacted>", h_token,             \
	  RF_API | RF_SNAPSHOT)                                                                    \
	X(R_API_PROCS, "/api/procedures", P_NONE, "/api/procedures", h_procs,                      \
	  RF_API | RF_SNAPSHOT)                                                                    \
	X(R_API_PROC, "/api/procedures/", P_PROCEDURE, "/api/procedures/<code>", h_proc,           \
	  RF_API | RF_SNAPSHOT)                                                                    \
	X(R_API_ESTIMATE, "/api/estimate", P_NONE, "/api/estimate", h_estimate,                    \
	  RF_API | RF_SNAPSHOT)                                                                    \
	X(R_API_BOARD, "/api/board", P_NONE, "/api/board", h_board, RF_API | RF_SNAPSHOT)          \
	X(R_API_RATING, "/api/rating/", P_TOKEN, "/api/rating/<redacted>", h_rating,               \
	  RF_API | RF_SNAPSHOT)                                                                    \
	X(R_API_RATE, "/api/rate/", P_TOKEN, "/api/rate/<redacted>", h_rate,                       \
	  RF_API | RF_SNAPSHOT | RF_POST)                                                          \
	X(R_NONE, NULL, P_UNMATCHED, "notfound", h_not_found, 0)                                   \
	X(R_BAD, NULL, P_UNMATCHED, "refused", h_not_found, 0) /* refused before routing */

#define KIOSK_ROUTE_ID(id, path, param, name, handler, flags) id,
enum route { KIOSK_ROUTES(KIOSK_ROUTE_ID) R_COUNT };
#undef KIOSK_ROUTE_ID

/* How a row's path is matched. */
enum route_param {
	P_NONE = 0,   /* exactly */
	P_TOKEN,      /* prefix + a token (a malformed one is answered as unknown) */
	P_PROCEDURE,  /* prefix + a procedure code */
	P_TOKEN_PATH, /* '/d/XX/<token>.html', the path the QR code carries */
	P_STATIC,     /* a file of the table loaded at start */
	P_UNMATCHED,  /* never matched: set by the HTTP layer */
};

enum route_flags {
	RF_SNAPSHOT = 1, /* runs on a snapshot lease (503 while there is none) */
	RF_API = 2,      /* answers JSON, errors included */
	RF_POST = 4,     /* POST only (no body: the arguments are in the query);
	                    every other route is GET and HEAD only */
};

/* Statuses counted one by one in /metrics; others go to the last slot. */
#define KIOSK_STATUSES                                                                             \
	{                                                                                          \
		200, 304, 400, 404, 405, 413, 414, 429, 500, 503, 0                                \
	}
#define KIOSK_NSTATUS 11

struct metrics {
	atomic_ulong requests[R_COUNT][KIOSK_NSTATUS];
	atomic_ulong lookups_ok, lookups_failed, rate_limited;
	atomic_ulong conns_refused, conns_reaped;
	atomic_ulong ratings, ratings_limited; /* stored; refused by a limit */
};

struct kiosk_conf {
	const char *snapshot, *listen, *web, *assets, *office, *access_log;
	unsigned port, threads, max_conn, per_ip, timeout;
	unsigned idle;                          /* seconds before the kiosk page resets */
	double burst, per_minute;               /* lookup rate limit per client */
	unsigned board_refresh;                 /* seconds */
	unsigned page_cache_mb;                 /* rendered dossier pages kept, 0 = none */
	const char *test_now_file;              /* tests only: "now" for dossiers read from here */
	int check_only;                         /* --check-snapshot: validate and exit */
	unsigned stale_after;                   /* seconds without news of the data before the
	                                           screen and /healthz say how old it is */
	const char *ratings;                    /* the rating store (rating.h); NULL = none */
	const char *device;                     /* this kiosk's name in its ratings */
	int rating_mode;                        /* --mode rating: a counter tablet */
	double rating_burst, rating_per_minute; /* ratings per client */
	unsigned rating_per_dossier;            /* per dossier and question, in 24 hours */
	unsigned rating_keep_days;              /* sent ratings are deleted after this */
};

struct kiosk {
	struct kiosk_conf conf;
	struct snap *snap;
	struct statics files;
	struct ratelimit *rl;
	struct pcache *pages;         /* rendered dossier answers; NULL = off */
	struct board *board;          /* the wallboard's figures, shared */
	struct conns *conns;          /* connections per client network, deadlines */
	struct rating_store *ratings; /* NULL: ratings off */
	struct ratelimit *rl_rating;  /* ratings per client */
	struct metrics m;
	int log_fd;           /* access log, -1 for none */
	atomic_int draining;  /* SIGTERM seen: answer with Connection: close */
	atomic_long inflight; /* requests between first call and completion */
};

enum reply_flags {
	REPLY_NO_STORE = 1, /* a dossier, or anything derived from a lookup */
	REPLY_STATIC = 2,   /* body is borrowed (static table), not freed */
	REPLY_PAGE = 4,     /* body is PAGE's (pagecache.h): one reference,
	                       dropped when the response is done */
};

struct reply {
	unsigned status;
	const char *ctype;    /* static string */
	char *body;           /* malloc'd unless REPLY_STATIC or REPLY_PAGE */
	struct pc_page *page; /* with REPLY_PAGE */
	size_t len;
	unsigned flags;
	unsigned retry_after; /* seconds, 0 = no header */
	const char *allow;    /* Allow: for 405 */
	char errmsg[160];     /* why a 500 happened, for the log only */
};

struct ctx {
	struct kiosk *k;
	struct req *req;
	enum route route;
	const struct static_file *file; /* R_STATIC's file */
	const unsigned char *client;    /* rate-limit key */
	size_t client_len;
	struct snap_lease lease; /* valid when the route needs the snapshot */
	enum lang lang;
	int64_t now_us; /* monotonic, for the rate limiter */
};

/* A memory stream for building a body (open_memstream).  buf_open returns
 * NULL on out of memory; buf_finish closes it into R (status STATUS,
 * content type CTYPE) and returns 0, or -1 when the stream failed (R is
 * then left for the caller to turn into a 500). */
FILE *buf_open(char **data, size_t *len);
int buf_finish(FILE *f, char **data, size_t *len, struct reply *r, unsigned status,
               const char *ctype);

/* Answer 200 with cached page P's bytes (type CTYPE); R takes P's
 * reference. */
void reply_cached(struct reply *r, struct pc_page *p, const char *ctype);
/* Keep R's body (a 200 just drawn, malloc'd) in the page cache under KEY
 * for the lease's generation, valid before EXPIRES, and answer from the
 * kept copy.  Returns 1 when kept, 0 when R stays as it is (no cache, out
 * of memory, not a drawn 200). */
int reply_keep(struct ctx *x, struct reply *r, const char *key, size_t keylen, tmin_t expires);

/* Fill R with a 500 whose log reason is MSG. */
void reply_fail(struct reply *r, const char *msg);

/* Routing (route.c): find the route of X->req (and its parameter), run the
 * handler.  The HTTP layer has validated the request already. */
enum route route_find(struct req *req, const struct statics *files,
                      const struct static_file **file);
void route_run(struct ctx *x, struct reply *r);
const char *route_name(enum route r); /* for the log and metrics: no tokens */
int route_needs_snapshot(enum route r);
int route_is_api(enum route r);
int route_is_post(enum route r);

/* Handlers (h_*.c, route.c), one per row of KIOSK_ROUTES. */
void h_home(struct ctx *x, struct reply *r);
void h_static(struct ctx *x, struct reply *r);
void h_not_found(struct ctx *x, struct reply *r);
void h_lookup(struct ctx *x, struct reply *r);
void h_token(struct ctx *x, struct reply *r);
void h_procs(struct ctx *x, struct reply *r);
/* The JSON members a procedure shares in the list and on its own page
 * (code, names, field, limit, fee) from columns 0-4 and 6 of a procedures
 * row (code, name, name_en, limit_days, fee_vnd, fee_note, field name),
 * without braces. */
void proc_json_members(FILE *f, sqlite3_stmt *st);
void h_proc(struct ctx *x, struct reply *r);
void h_estimate(struct ctx *x, struct reply *r);
void h_board(struct ctx *x, struct reply *r);
void h_healthz(struct ctx *x, struct reply *r);
void h_metrics(struct ctx *x, struct reply *r);
void h_config(struct ctx *x, struct reply *r);
void h_rating(struct ctx *x, struct reply *r);
void h_rate(struct ctx *x, struct reply *r);

/* Plain error answers, HTML in the kiosk frame or JSON for /api/. */
void reply_error(struct ctx *x, struct reply *r, unsigned status);
/* The one answer to a wrong check code, an unknown code and an unknown
 * token alike (404), so that the answer tells nothing about existence. */
void reply_no_dossier(struct ctx *x, struct reply *r);

#define CT_HTML "text/html; charset=utf-8"
#define CT_JSON "application/json; charset=utf-8"
#define CT_TEXT "text/plain; charset=utf-8"
#define CT_PROM "text/plain; version=0.0.4; charset=utf-8"

#endif
