/*
 * The kiosk page itself (/), its settings (/api/config), and the daemon's
 * state for operators: /healthz (JSON) and /metrics (Prometheus text).
 */
#include <string.h>
#include <time.h>

#include "kiosk.h"
#include "out.h"

void
h_home(struct ctx *x, struct reply *r)
{
	const struct static_file *file = statics_find(&x->k->files, "/kiosk.html");

	if (!file) {
		reply_fail(r, "kiosk.html is not in the web directory");
		return;
	}
	r->status = 200;
	r->ctype = file->ctype;
	r->body = file->data;
	r->len = file->len;
	r->flags = REPLY_STATIC;
}

/* Whether the data in service is older than --stale-after: nothing has
 * confirmed it current (a fetch answered, the publisher ran) for that
 * long.  *AGE gets the seconds since it was last confirmed, -1 when no
 * snapshot is in service. */
static int
stale(const struct kiosk *k, const struct snap_info *in, long long *age)
{
	*age = in->serving && in->verified_at ? (long long)time(NULL) - in->verified_at : -1;
	return *age > (long long)k->conf.stale_after;
}

/* For the kiosk page: when the data is stale, it says since when
 * ("data_as_of": the snapshot's last data change, "verified_at": when it
 * was last known current, Unix time). */
static void
stale_json(FILE *f, const struct kiosk *k)
{
	struct snap_info in;
	long long age;
	int old;

	snap_get_info(k->snap, &in);
	old = stale(k, &in, &age);
	out_printf(f, ",\"stale\":%s,\"verified_at\":%lld,\"verified_age_seconds\":%lld",
	           old ? "true" : "false", (long long)in.verified_at, age);
	fputs(",\"data_as_of\":", f);
	out_json(f, in.serving ? in.generated_at : "");
}

void
h_config(struct ctx *x, struct reply *r)
{
	const struct kiosk_conf *c = &x->k->conf;
	char *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	fputs("{\"office\":", f);
	out_json(f, c->office ? c->office : "");
	out_printf(f, ",\"idle_seconds\":%u,\"lang\":\"vi\"", c->idle);
	out_printf(f, ",\"mode\":\"%s\",\"ratings\":%s", c->rating_mode ? "rating" : "kiosk",
	           x->k->ratings ? "true" : "false");
	stale_json(f, x->k);
	fputs("}\n", f);
	buf_finish(f, &data, &len, r, 200, CT_JSON);
}

/* Seconds since generated_at ('YYYY-MM-DD HH:MM[:SS]', local time), or -1
 * when it does not parse. */
static long long
snapshot_age(const char *generated_at)
{
	tmin_t t;
	struct err e;

	if (!*generated_at || clock_parse_instant(generated_at, &t, &e) < 0)
		return -1;
	return (long long)(clock_now() - t) * 60;
}

static void
json_age(FILE *f, const char *key, long long age)
{
	out_printf(f, ",\"%s\":", key);
	if (age >= 0)
		out_printf(f, "%lld", age);
	else
		fputs("null", f);
}

/* The snapshot in service.  The publisher keeps an unchanged snapshot
 * file as it is, so neither the file's mtime nor meta.generated_at tells
 * when it last ran: generated_at is the time of the last data change
 * (data_as_of; generated_at and age_seconds stay for older monitors).
 * What kioskd knows for itself is which file it serves (generation, since
 * loaded_at) and that it still looks at the path (checked_at, top level). */
static void
snapshot_json(FILE *f, const struct snap_info *in, long long now)
{
	long long age = snapshot_age(in->generated_at);

	out_printf(f, ",\"snapshot\":{\"generation\":%lu,\"data_as_of\":", in->generation);
	out_json(f, in->generated_at);
	json_age(f, "data_age_seconds", age);
	fputs(",\"generated_at\":", f);
	out_json(f, in->generated_at);
	json_age(f, "age_seconds", age);
	out_printf(f, ",\"sealed\":%s", in->sealed ? "true" : "false");
	out_printf(f, ",\"dossiers\":%lld,\"loaded_at\":%lld", in->dossiers,
	           (long long)in->loaded_at);
	json_age(f, "loaded_age_seconds", now - in->loaded_at);
	fputs("}", f);
}

void
h_healthz(struct ctx *x, struct reply *r)
{
	struct snap_info in;
	long long now = (long long)time(NULL), vage;
	int old;
	char *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	snap_get_info(x->k->snap, &in);
	old = stale(x->k, &in, &vage);
	/* Degraded: serving, but a newer file is refused or unreadable, or
	 * the data has not been confirmed current for --stale-after. */
	fputs("{\"status\":", f);
	out_json(f, !in.serving ? "unavailable" : in.last_error[0] || old ? "degraded" : "ok");
	out_printf(f, ",\"stale\":%s,\"stale_after_seconds\":%u,\"verified_at\":%lld",
	           old ? "true" : "false", x->k->conf.stale_after, (long long)in.verified_at);
	json_age(f, "verified_age_seconds", vage);
	if (in.serving)
		snapshot_json(f, &in, now);
	else
		fputs(",\"snapshot\":null", f);
	out_printf(f, ",\"checked_at\":%lld", (long long)in.checked_at);
	out_printf(f, ",\"reloads\":%lu,\"reload_failures\":%lu,\"last_error\":", in.reloads,
	           in.failures);
	if (in.last_error[0])
		out_json(f, in.last_error);
	else
		fputs("null", f);
	fputs("}\n", f);
	buf_finish(f, &data, &len, r, in.serving ? 200 : 503, CT_JSON);
	r->flags |= REPLY_NO_STORE;
}

static void
counter(FILE *f, const char *name, const char *help, unsigned long v)
{
	out_printf(f, "# HELP kioskd_%s %s\n# TYPE kioskd_%s counter\nkioskd_%s %lu\n", name, help,
	           name, name, v);
}

static void
gauge(FILE *f, const char *name, const char *help, unsigned long v)
{
	out_printf(f, "# HELP kioskd_%s %s\n# TYPE kioskd_%s gauge\nkioskd_%s %lu\n", name, help,
	           name, name, v);
}

/* The rendered-page cache (pagecache.h): how well it serves, and its
 * memory against the bound. */
static void
page_metrics(FILE *f, struct pcache *c)
{
	struct pc_stats st;

	pc_get_stats(c, &st);
	counter(f, "page_cache_hits_total", "Dossier answers sent from the page cache.", st.hits);
	counter(f, "page_cache_misses_total", "Dossier answers drawn from the snapshot.",
	        st.misses);
	counter(f, "page_cache_expired_total", "Cached pages dropped at their due instant.",
	        st.expired);
	counter(f, "page_cache_evictions_total", "Cached pages evicted to stay within the bound.",
	        st.evictions);
	gauge(f, "page_cache_pages", "Pages in the page cache.", st.pages);
	gauge(f, "page_cache_bytes", "Memory held by the page cache.", st.bytes);
	gauge(f, "page_cache_max_bytes", "The page cache's bound (0: no cache).", st.max_bytes);
}

/* Connections (conns.h): held now, refused at accept for holding too
 * many, and closed for not sending a request in time. */
static void
conn_metrics(FILE *f, struct kiosk *k)
{
	unsigned long open = 0, nets = 0;

	if (k->conns)
		conns_count(k->conns, &open, &nets);
	gauge(f, "connections", "Connections open.", open);
	gauge(f, "connection_clients", "Client networks (IPv4 addresses, IPv6 /64s) holding them.",
	      nets);
	counter(f, "connections_refused_total", "Connections refused: the client held --per-ip.",
	        atomic_load(&k->m.conns_refused));
	counter(f, "connections_reaped_total",
	        "Connections closed: no whole request within --timeout.",
	        atomic_load(&k->m.conns_reaped));
}

void
h_metrics(struct ctx *x, struct reply *r)
{
	static const unsigned statuses[KIOSK_NSTATUS] = KIOSK_STATUSES;
	struct metrics *m = &x->k->m;
	struct snap_info in;
	char *data;
	size_t len;
	FILE *f = buf_open(&data, &len);

	if (!f) {
		reply_fail(r, "out of memory");
		return;
	}
	snap_get_info(x->k->snap, &in);
	fputs("# HELP kioskd_requests_total Requests answered, by route and status.\n"
	      "# TYPE kioskd_requests_total counter\n",
	      f);
	for (int i = 0; i < R_COUNT; i++)
		for (int j = 0; j < KIOSK_NSTATUS; j++) {
			unsigned long v = atomic_load(&m->requests[i][j]);
			if (!v)
				continue;
			fputs("kioskd_requests_total{route=\"", f);
			fputs(route_name((enum route)i), f);
			if (statuses[j])
				out_printf(f, "\",status=\"%u\"} %lu\n", statuses[j], v);
			else
				out_printf(f, "\",status=\"other\"} %lu\n", v);
		}
	counter(f, "lookups_total", "Lookups by code and check code that found the dossier.",
	        atomic_load(&m->lookups_ok));
	counter(f, "lookups_failed_total", "Lookups refused: malformed, unknown or wrong check.",
	        atomic_load(&m->lookups_failed));
	counter(f, "rate_limited_total", "Lookups refused by the per-client rate limit.",
	        atomic_load(&m->rate_limited));
	counter(f, "ratings_total", "Satisfaction ratings stored.", atomic_load(&m->ratings));
	counter(f, "ratings_limited_total",
	        "Ratings refused by the per-client or the per-dossier limit.",
	        atomic_load(&m->ratings_limited));
	counter(f, "snapshot_reloads_total", "Snapshots loaded and switched to.", in.reloads);
	counter(f, "snapshot_reload_failures_total", "New snapshot files refused.", in.failures);
	out_printf(f,
	           "# HELP kioskd_dossiers Dossiers in the snapshot in service.\n"
	           "# TYPE kioskd_dossiers gauge\nkioskd_dossiers %lld\n",
	           in.serving ? in.dossiers : 0);
	out_printf(f,
	           "# HELP kioskd_snapshot_up Whether a snapshot is in service.\n"
	           "# TYPE kioskd_snapshot_up gauge\nkioskd_snapshot_up %d\n",
	           in.serving);
	gauge(f, "snapshot_generation", "Snapshot files loaded since start (1, 2, ...).",
	      in.serving ? in.generation : 0);
	gauge(f, "snapshot_loaded_timestamp_seconds",
	      "When the snapshot in service was loaded (Unix time).",
	      in.serving ? (unsigned long)in.loaded_at : 0);
	{
		long long vage;
		int old = stale(x->k, &in, &vage);
		gauge(f, "snapshot_verified_timestamp_seconds",
		      "When the data in service was last known current (Unix time).",
		      (unsigned long)in.verified_at);
		out_printf(
		    f,
		    "# HELP kioskd_snapshot_verified_age_seconds Seconds since the data in "
		    "service was last known current.\n# TYPE kioskd_snapshot_verified_age_seconds "
		    "gauge\nkioskd_snapshot_verified_age_seconds %lld\n",
		    vage);
		gauge(f, "snapshot_stale", "Whether that age is over --stale-after.",
		      (unsigned long)old);
		gauge(f, "degraded", "Serving, but a newer file is refused or the data is stale.",
		      (unsigned long)(in.serving && (in.last_error[0] || old)));
	}
	counter(f, "board_computations_total",
	        "Wallboard figures computed (once per snapshot generation and day).",
	        board_computations(x->k->board));
	page_metrics(f, x->k->pages);
	conn_metrics(f, x->k);
	out_printf(f,
	           "# HELP kioskd_inflight Requests being answered.\n"
	           "# TYPE kioskd_inflight gauge\nkioskd_inflight %ld\n",
	           atomic_load(&x->k->inflight));
	buf_finish(f, &data, &len, r, 200, CT_PROM);
	r->flags |= REPLY_NO_STORE;
}
