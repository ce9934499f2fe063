/*
 * kioskd: the kiosk daemon.  Serves the kiosk page, dossier lookups, the
 * procedures browser, the wallboard and a JSON API from the kiosk snapshot
 * (data/snapshot.sql), switching to a new snapshot file when the publisher
 * renames one into place.  See man/kioskd.1.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <sodium.h>
#include <systemd/sd-daemon.h>

#include "alog.h"
#include "frame.h"
#include "http.h"
#include "kiosk.h"
#include "patch.h"
#include "token.h"

static const char usage[] =
    "usage: kioskd --snapshot FILE [options]\n"
    "\n"
    "Serve the kiosk page, dossier lookups, procedures, the wallboard and the\n"
    "JSON API from the kiosk snapshot FILE (switching when it is replaced).\n"
    "\n"
    "  --snapshot FILE       the kiosk snapshot written by the publisher\n"
    "  --listen ADDR         address to listen on (default 127.0.0.1)\n"
    "  --port N              port (default 8080; 0 picks a free one and logs it)\n"
    "  --web DIR             kiosk page files (default: web/ of the installed share\n"
    "                        folder, PREFIX/share/tracking, or of the source tree)\n"
    "  --assets DIR          images and icons (default: assets/ beside that web/)\n"
    "  --office CODE         agency code of this office: its procedures only, and\n"
    "                        its prefix filled in on the keypad\n"
    "  --idle SECONDS        kiosk page returns to the start screen (default 60)\n"
    "  --access-log FILE|-   one line per request (default -, standard error);\n"
    "                        'none' for no log\n"
    "  --threads N           worker threads (default: number of cores)\n"
    "  --max-connections N   connections at once (default 1024)\n"
    "  --per-ip N            connections per client (an IPv4 address or an IPv6\n"
    "                        /64), 0 = no limit (default 32)\n"
    "  --timeout SECONDS     idle connection timeout, and the time a request's\n"
    "                        headers may take to arrive (default 15)\n"
    "  --lookup-burst N      code lookups a client may make at once (default 10)\n"
    "  --lookup-rate N       code lookups a client regains per minute (default 10)\n"
    "  --board-refresh SECONDS  wallboard refresh period (default 20)\n"
    "  --page-cache-mb N     memory for rendered dossier pages, 0 = none (default 64)\n"
    "  --stale-after SECONDS data not known current for this long: the screen shows\n"
    "                        its age and /healthz says degraded (default 900)\n"
    "  --check-snapshot FILE validate FILE as kioskd would and exit: 0 good, 1 not\n"
    "                        (kiosk-fetch checks a download with it)\n"
    "  --apply-patch FILE --out NEW [--digest HEX] PATCH...\n"
    "                        apply the publisher's patches, in order, to a copy\n"
    "                        of the snapshot FILE, check that the result is the\n"
    "                        generation they lead to (and has digest HEX, the\n"
    "                        one OFFICE.gen announces), write it to NEW and\n"
    "                        exit: 0 done, 1 refused (NEW not written)\n"
    "  --print-generation FILE  print the snapshot's 'SERIES GENERATION' ('- 0'\n"
    "                        when it has none) and exit (kiosk-fetch uses both)\n"
    "\n"
    "Satisfaction ratings (of a dossier whose result is ready or returned):\n"
    "  --mode kiosk|rating   kiosk: the hall kiosk, offering a rating after a\n"
    "                        lookup (default); rating: a counter tablet that\n"
    "                        asks for the receipt's QR code (or code and check\n"
    "                        code), then the rating\n"
    "  --ratings FILE|none   the store of this kiosk's ratings, SQLite, made when\n"
    "                        absent (default: $STATE_DIRECTORY/ratings.db, else\n"
    "                        ratings.db beside the snapshot); none: no ratings\n"
    "  --device NAME         this kiosk's name in its ratings (default: --office,\n"
    "                        else the host name)\n"
    "  --rating-burst N      ratings a client may make at once (default 10)\n"
    "  --rating-rate N       ratings a client regains per minute (default 10)\n"
    "  --rating-per-dossier N  ratings of one dossier's question in 24 hours\n"
    "                        (default 5)\n"
    "  --rating-keep-days N  ratings kiosk-fetch has sent (FILE.ratings-sent beside\n"
    "                        the snapshot) are deleted from the store N days after\n"
    "                        they were made (default 7)\n"
    "  --export-ratings FILE --ratings STORE [--after SEQ] [--max N]\n"
    "                        write the store's ratings numbered above SEQ (at most\n"
    "                        N, default 5000) as CSV for `trackdb import DB\n"
    "                        ratings` into FILE, print 'FIRST LAST STORE_ID' (the\n"
    "                        rows' numbers, 0 0 when there are none) and exit\n"
    "                        (kiosk-fetch uploads with it)\n"
    "  --help                this text\n";

enum {
	O_SNAPSHOT = 256,
	O_LISTEN,
	O_PORT,
	O_WEB,
	O_ASSETS,
	O_OFFICE,
	O_IDLE,
	O_LOG,
	O_THREADS,
	O_MAXCONN,
	O_PERIP,
	O_TIMEOUT,
	O_BURST,
	O_RATE,
	O_BOARD,
	O_PAGECACHE,
	O_STALE,
	O_CHECK,
	O_TESTNOW,
	O_HELP,
	O_MODE,
	O_RATINGS,
	O_DEVICE,
	O_RBURST,
	O_RRATE,
	O_RDOSSIER,
	O_EXPORT,
	O_AFTER,
	O_MAX,
	O_RKEEP,
	O_APPLY,
	O_OUT,
	O_DIGEST,
	O_PRINTGEN
};

static const struct option options[] = {
    {"snapshot", required_argument, NULL, O_SNAPSHOT},
    {"listen", required_argument, NULL, O_LISTEN},
    {"port", required_argument, NULL, O_PORT},
    {"web", required_argument, NULL, O_WEB},
    {"assets", required_argument, NULL, O_ASSETS},
    {"office", required_argument, NULL, O_OFFICE},
    {"idle", required_argument, NULL, O_IDLE},
    {"access-log", required_argument, NULL, O_LOG},
    {"threads", required_argument, NULL, O_THREADS},
    {"max-connections", required_argument, NULL, O_MAXCONN},
    {"per-ip", required_argument, NULL, O_PERIP},
    {"timeout", required_argument, NULL, O_TIMEOUT},
    {"lookup-burst", required_argument, NULL, O_BURST},
    {"lookup-rate", required_argument, NULL, O_RATE},
    {"board-refresh", required_argument, NULL, O_BOARD},
    {"page-cache-mb", required_argument, NULL, O_PAGECACHE},
    {"stale-after", required_argument, NULL, O_STALE},
    {"check-snapshot", required_argument, NULL, O_CHECK},
    {"mode", required_argument, NULL, O_MODE},
    {"ratings", required_argument, NULL, O_RATINGS},
    {"device", required_argument, NULL, O_DEVICE},
    {"rating-burst", required_argument, NULL, O_RBURST},
    {"rating-rate", required_argument, NULL, O_RRATE},
    {"rating-per-dossier", required_argument, NULL, O_RDOSSIER},
    {"rating-keep-days", required_argument, NULL, O_RKEEP},
    {"export-ratings", required_argument, NULL, O_EXPORT},
    {"after", required_argument, NULL, O_AFTER},
    {"max", required_argument, NULL, O_MAX},
    {"apply-patch", required_argument, NULL, O_APPLY},
    {"out", required_argument, NULL, O_OUT},
    {"digest", required_argument, NULL, O_DIGEST},
    {"print-generation", required_argument, NULL, O_PRINTGEN},
    /* Tests only, not in --help: dossiers are judged at the instant
     * written in this file, read on every lookup. */
    {"test-now-file", required_argument, NULL, O_TESTNOW},
    {"help", no_argument, NULL, O_HELP},
    {NULL, 0, NULL, 0},
};

/* A whole decimal number in [LO, HI]; exits with a message otherwise
 * (option parsing is main's business). */
static unsigned
number(const char *opt, const char *s, unsigned lo, unsigned hi)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
		fprintf(stderr, "kioskd: --%s %s: expected a number from %u to %u\n", opt, s, lo,
		        hi);
		exit(2);
	}
	return (unsigned)v;
}

/* --export-ratings: a separate run over the store, not the daemon. */
static struct {
	const char *file;
	long long after;
	long max;
} export = {NULL, 0, 5000};

/* --apply-patch and --print-generation: runs over files, not the daemon. */
static struct {
	const char *old, *out, *digest, *print;
	char **patches;
	int n;
} patching;

/* Whether NAME may name a device: [A-Za-z0-9._-], 1 to RATING_DEVICE_MAX
 * bytes (it goes into file names and CSV as it is). */
static int
device_ok(const char *name)
{
	size_t n = strlen(name);

	return n >= 1 && n <= RATING_DEVICE_MAX &&
	       strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
	           n;
}

static void
parse_mode(const char *s, struct kiosk_conf *c)
{
	if (strcmp(s, "kiosk") != 0 && strcmp(s, "rating") != 0) {
		fprintf(stderr, "kioskd: --mode %s: expected kiosk or rating\n", s);
		exit(2);
	}
	c->rating_mode = strcmp(s, "rating") == 0;
}

static void
parse_args(int argc, char **argv, struct kiosk_conf *c)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int o;

	*c = (struct kiosk_conf){.listen = "127.0.0.1",
	                         .port = 8080,
	                         .access_log = "-",
	                         .idle = 60,
	                         .threads = cores > 0 && cores < 64 ? (unsigned)cores : 2,
	                         .max_conn = 1024,
	                         .per_ip = 32,
	                         .timeout = 15,
	                         .burst = 10,
	                         .per_minute = 10,
	                         .board_refresh = 20,
	                         .page_cache_mb = 64,
	                         .stale_after = 900,
	                         .rating_burst = 10,
	                         .rating_per_minute = 10,
	                         .rating_per_dossier = 5,
	                         .rating_keep_days = 7};
	while ((o = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (o) {
		case O_SNAPSHOT:
			c->snapshot = optarg;
			break;
		case O_LISTEN:
			c->listen = optarg;
			break;
		case O_PORT:
			c->port = number("port", optarg, 0, 65535);
			break;
		case O_WEB:
			c->web = optarg;
			break;
		case O_ASSETS:
			c->assets = optarg;
			break;
		case O_OFFICE:
			c->office = optarg;
			break;
		case O_IDLE:
			c->idle = number("idle", optarg, 3, 86400);
			break;
		case O_LOG:
			c->access_log = optarg;
			break;
		case O_THREADS:
			c->threads = number("threads", optarg, 1, SNAP_POOL_MAX - 1);
			break;
		case O_MAXCONN:
			c->max_conn = number("max-connections", optarg, 1, 100000);
			break;
		case O_PERIP:
			c->per_ip = number("per-ip", optarg, 0, 100000);
			break;
		case O_TIMEOUT:
			c->timeout = number("timeout", optarg, 1, 3600);
			break;
		case O_BURST:
			c->burst = number("lookup-burst", optarg, 1, 100000);
			break;
		case O_RATE:
			c->per_minute = number("lookup-rate", optarg, 1, 100000);
			break;
		case O_BOARD:
			c->board_refresh = number("board-refresh", optarg, 5, 3600);
			break;
		case O_PAGECACHE:
			c->page_cache_mb = number("page-cache-mb", optarg, 0, 65536);
			break;
		case O_STALE:
			c->stale_after = number("stale-after", optarg, 1, 86400 * 365);
			break;
		case O_CHECK:
			c->snapshot = optarg, c->check_only = 1;
			break;
		case O_TESTNOW:
			c->test_now_file = optarg;
			break;
		case O_MODE:
			parse_mode(optarg, c);
			break;
		case O_RATINGS:
			c->ratings = optarg;
			break;
		case O_DEVICE:
			c->device = optarg;
			break;
		case O_RBURST:
			c->rating_burst = number("rating-burst", optarg, 1, 100000);
			break;
		case O_RRATE:
			c->rating_per_minute = number("rating-rate", optarg, 1, 100000);
			break;
		case O_RDOSSIER:
			c->rating_per_dossier = number("rating-per-dossier", optarg, 1, 1000);
			break;
		case O_RKEEP:
			c->rating_keep_days = number("rating-keep-days", optarg, 0, 36500);
			break;
		case O_EXPORT:
			export.file = optarg;
			break;
		case O_AFTER:
			export.after = number("after", optarg, 0, 4000000000u);
			break;
		case O_MAX:
			export.max = number("max", optarg, 1, 1000000);
			break;
		case O_APPLY:
			patching.old = optarg;
			break;
		case O_OUT:
			patching.out = optarg;
			break;
		case O_DIGEST:
			patching.digest = optarg;
			break;
		case O_PRINTGEN:
			patching.print = optarg;
			break;
		case O_HELP:
			fputs(usage, stdout);
			exit(0);
		default:
			fputs(usage, stderr);
			exit(2);
		}
	}
	if (export.file && (!c->ratings || strcmp(c->ratings, "none") == 0)) {
		fputs("kioskd: --export-ratings needs --ratings STORE\n", stderr);
		exit(2);
	}
	if (patching.old) {
		/* The patches are the remaining arguments. */
		if (!patching.out || optind >= argc) {
			fputs("kioskd: --apply-patch FILE needs --out NEW and at least one patch\n",
			      stderr);
			exit(2);
		}
		patching.patches = argv + optind;
		patching.n = argc - optind;
		return;
	}
	if (patching.print && optind == argc)
		return;
	if (optind < argc || (!c->snapshot && !export.file)) {
		fputs(usage, stderr);
		exit(2);
	}
	if (c->device && !device_ok(c->device)) {
		fprintf(stderr, "kioskd: --device %s: 1 to %d letters, digits, '.', '_' or '-'\n",
		        c->device, RATING_DEVICE_MAX);
		exit(2);
	}
	if (c->office && !code_agency_valid(c->office, strlen(c->office))) {
		fprintf(stderr, "kioskd: --office %s: not an agency code like 000.00.01.H34\n",
		        c->office);
		exit(2);
	}
}

/* --export-ratings: the store's ratings above --after into the file. */
static int
run_export(const struct kiosk_conf *c)
{
	char id[17];
	int64_t first, last;
	struct err e = {""};
	FILE *f = fopen(export.file, "w");
	long n;

	if (!f) {
		fprintf(stderr, "kioskd: %s: %s\n", export.file, strerror(errno));
		return 1;
	}
	n = rating_export(c->ratings, export.after, export.max, f, &first, &last, id, &e);
	if (fclose(f) != 0 && n >= 0)
		n = err_set(&e, "%s: %s", export.file, strerror(errno));
	if (n < 0) {
		fprintf(stderr, "kioskd: %s\n", e.msg);
		return 1;
	}
	printf("%lld %lld %s\n", (long long)first, (long long)last, id);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* This kiosk's name in its ratings: --device, else --office, else the
 * host name when it is a fit name, else "kiosk". */
static void
pick_device(struct kiosk_conf *c)
{
	static char host[RATING_DEVICE_MAX + 1];

	if (c->device)
		return;
	if (c->office) {
		c->device = c->office;
		return;
	}
	if (gethostname(host, sizeof host) != 0 || (host[sizeof host - 1] = '\0', !device_ok(host)))
		snprintf(host, sizeof host, "kiosk");
	c->device = host;
}

/* Open the rating store: --ratings, else under systemd's StateDirectory=,
 * else beside the snapshot.  A store named on the command line must open;
 * the default one may not (then kioskd runs without ratings, and says so).
 * Returns 0 or -1 with E set. */
static int
open_ratings(struct kiosk *k, struct err *e)
{
	char path[PATH_MAX] = "";
	const char *p = k->conf.ratings, *state = getenv("STATE_DIRECTORY");
	const char *snap = k->conf.snapshot, *slash = strrchr(snap, '/');

	if (p && strcmp(p, "none") == 0)
		return 0;
	if (!p && state && *state)
		/* systemd may list several directories, colon-separated. */
		snprintf(path, sizeof path, "%.*s/ratings.db", (int)strcspn(state, ":"), state);
	else if (!p)
		snprintf(path, sizeof path, "%.*sratings.db", slash ? (int)(slash - snap) + 1 : 0,
		         snap);
	if (!(k->ratings = rating_open(p ? p : path, e))) {
		if (p)
			return -1;
		fprintf(stderr, "kioskd: no ratings (cannot open the default store): %s\n", e->msg);
		return 0;
	}
	fprintf(stderr, "kioskd: ratings recorded in %s as device %s%s\n", p ? p : path,
	        k->conf.device, k->conf.rating_mode ? " (rating mode)" : "");
	return 0;
}

static int
load_files(struct kiosk *k, struct err *e)
{
	char share[PATH_MAX], wbuf[PATH_MAX + 8], abuf[PATH_MAX + 8];
	const char *web = k->conf.web, *assets = k->conf.assets, *dir = NULL;

	/* Without --web, the folders installed with the program (or the
	 * source tree's), so that kioskd starts from any directory. */
	if (!web || !assets) {
		dir = statics_share_dir(share, sizeof share);
		if (!dir && !web)
			return err_set(e, "cannot find web/kiosk.html (use --web DIR)");
	}
	if (!web && snprintf(wbuf, sizeof wbuf, "%s/web", dir) < (int)sizeof wbuf)
		web = wbuf;
	if (!assets && dir && snprintf(abuf, sizeof abuf, "%s/assets", dir) < (int)sizeof abuf)
		assets = abuf;
	if (!web)
		return err_set(e, "%s: path too long", dir);
	if (statics_load(&k->files, web, "/", 0, e) < 0 ||
	    (assets && statics_load(&k->files, assets, "/assets/", 1, e) < 0) ||
	    statics_alias(&k->files, "/favicon.ico", "/assets/favicon.ico", e) < 0)
		return -1;
	if (!statics_find(&k->files, "/kiosk.html"))
		return err_set(e, "%s: no kiosk.html", web);
	frame_use_site_css(statics_find(&k->files, "/site.css") != NULL);
	return 0;
}

/* Delete from the store the ratings kiosk-fetch has confirmed sent
 * (SNAPSHOT.ratings-sent: "STORE_ID LAST") once --rating-keep-days old, at
 * start and every ten minutes: a stolen kiosk holds only recent codes. */
static void
prune_ratings(struct kiosk *k, int64_t *next)
{
	char path[PATH_MAX], id[17] = "";
	long long last = 0;
	struct err e = {""};
	int64_t now = http_now_us();
	long n;
	FILE *f;

	if (!k->ratings || now < *next)
		return;
	*next = now + 600 * 1000000LL;
	if (snprintf(path, sizeof path, "%s.ratings-sent", k->conf.snapshot) >= (int)sizeof path ||
	    !(f = fopen(path, "r")))
		return;
	if (fscanf(f, "%16s %lld", id, &last) != 2)
		last = 0;
	fclose(f);
	if ((n = rating_prune(k->ratings, id, last, k->conf.rating_keep_days, &e)) < 0)
		fprintf(stderr, "kioskd: ratings: %s\n", e.msg);
	else if (n > 0)
		fprintf(stderr, "kioskd: ratings: %ld sent ratings older than %u days removed\n", n,
		        k->conf.rating_keep_days);
}

/* Watch the snapshot's directory: a rename into place is an IN_MOVED_TO
 * there.  Returns the inotify descriptor, or -1 (then the once-a-second
 * look is all there is). */
static int
watch_dir(const char *snapshot)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(snapshot, '/');
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0)
		return -1;
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - snapshot) + (slash == snapshot),
		         snapshot);
	if (inotify_add_watch(fd, dir,
	                      IN_MOVED_TO | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM |
	                          IN_ATTRIB) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
poll_snapshot(struct kiosk *k)
{
	struct snap_info in;
	struct err e = {""};
	int r = snap_poll(k->snap, &e);

	if (r < 0) {
		fprintf(stderr, "kioskd: new snapshot refused: %s\n", e.msg);
	} else if (r > 0) {
		/* Pages of the old generation can no longer be served (they are
		 * keyed by generation): give their memory back now. */
		pc_flush(k->pages);
		snap_get_info(k->snap, &in);
		fprintf(
		    stderr,
		    "kioskd: snapshot generation %lu in service (%lld dossiers, generated %s)\n",
		    in.generation, in.dossiers, in.generated_at);
	}
}

/* Compute the wallboard's figures here, once a second at most, when a new
 * generation is in service or the day has changed, so that the first hall
 * screen to ask after that does not wait for the pass over the dossiers
 * (only once some screen has asked: most kiosks have no wallboard). */
static void
warm_board(struct kiosk *k)
{
	struct err e = {""};

	if (board_warm(k->board, k->snap, (day_t)(clock_now() / CLOCK_MIN_PER_DAY), &e) < 0)
		fprintf(stderr, "kioskd: wallboard: %s\n", e.msg);
}

/* Until SIGTERM or SIGINT: look at the snapshot on every change in its
 * directory and at least once a second.  Under systemd (Type=notify with
 * WatchdogSec=) each turn of this loop is the sign of life: a loop stuck
 * on a snapshot or the wallboard gets kioskd restarted. */
static void
run(struct kiosk *k, int sfd)
{
	char buf[4096];
	int ifd = watch_dir(k->conf.snapshot);
	struct pollfd p[2] = {{.fd = sfd, .events = POLLIN}, {.fd = ifd, .events = POLLIN}};
	int64_t prune_at = 0;

	for (;;) {
		int n = poll(p, ifd >= 0 ? 2 : 1, 1000);
		if (n > 0 && (p[0].revents & POLLIN))
			break;
		if (n > 0 && ifd >= 0 && (p[1].revents & POLLIN))
			while (read(ifd, buf, sizeof buf) > 0)
				;
		poll_snapshot(k);
		warm_board(k);
		prune_ratings(k, &prune_at);
		atomic_fetch_add(&k->m.conns_reaped, conns_reap(k->conns, http_now_us()));
		sd_notify(0, "WATCHDOG=1");
	}
	if (ifd >= 0)
		close(ifd);
}

/* Connections are file descriptors: take the hard limit the system
 * grants, so that --max-connections and not the soft limit (often 1024)
 * is what bounds them. */
static void
raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static int
block_signals(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	/* Blocked before MHD starts its threads, so only the signalfd sees them. */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0)
		return -1;
	return signalfd(-1, &set, SFD_CLOEXEC);
}

int
main(int argc, char **argv)
{
	static struct kiosk k;
	struct MHD_Daemon *d;
	struct err e = {""};
	unsigned port;
	int sfd, status = 1;

	parse_args(argc, argv, &k.conf);
	if (export.file)
		return run_export(&k.conf);
	if (patching.old || patching.print) {
		if (sodium_init() < 0) {
			fputs("kioskd: cannot initialise libsodium\n", stderr);
			return 1;
		}
		if (patching.old ? patch_apply_files(patching.old, patching.patches, patching.n,
		                                     patching.out, patching.digest, &e) < 0
		                 : patch_print_generation(patching.print, stdout, &e) < 0 ||
		                       fflush(stdout) != 0) {
			fprintf(stderr, "kioskd: %s: %s\n",
			        patching.old ? patching.old : patching.print, e.msg);
			return 1;
		}
		return 0;
	}
	if (k.conf.check_only) {
		if (snap_check_file(k.conf.snapshot, &e) < 0) {
			fprintf(stderr, "kioskd: %s: %s\n", k.conf.snapshot, e.msg);
			return 1;
		}
		return 0;
	}
	k.log_fd = -1;
	raise_fd_limit();
	/* SQLite's memory statistics take a global mutex on every allocation:
	 * the worker threads would queue on it for nothing. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (token_init(&e) < 0 || load_files(&k, &e) < 0) {
		fprintf(stderr, "kioskd: %s\n", e.msg);
		return 1;
	}
	if (strcmp(k.conf.access_log, "none") != 0 &&
	    (k.log_fd = alog_open(k.conf.access_log)) < 0) {
		fprintf(stderr, "kioskd: %s: %s\n", k.conf.access_log, strerror(errno));
		goto out;
	}
	pick_device(&k.conf);
	if (open_ratings(&k, &e) < 0) {
		fprintf(stderr, "kioskd: %s\n", e.msg);
		goto out;
	}
	k.rl = rl_new(k.conf.burst, k.conf.per_minute);
	k.rl_rating = rl_new(k.conf.rating_burst, k.conf.rating_per_minute);
	k.snap = snap_new(k.conf.snapshot, (int)k.conf.threads + 1);
	if (k.conf.page_cache_mb)
		k.pages = pc_new((size_t)k.conf.page_cache_mb << 20);
	k.board = board_new(k.conf.office);
	if (!k.rl || !k.rl_rating || !k.snap || !k.board || (k.conf.page_cache_mb && !k.pages) ||
	    (sfd = block_signals()) < 0) {
		fprintf(stderr, "kioskd: cannot start: %s\n", strerror(errno));
		goto out;
	}
	if (snap_poll(k.snap, &e) <= 0)
		fprintf(stderr, "kioskd: no snapshot in service, answering 503 until one is: %s\n",
		        e.msg);
	if (!(d = http_start(&k, &port, &e))) {
		fprintf(stderr, "kioskd: %s\n", e.msg);
		goto out;
	}
	fprintf(stderr, "kioskd: listening on %s port %u (%u threads)\n", k.conf.listen, port,
	        k.conf.threads);
	/* No-ops outside systemd (no NOTIFY_SOCKET). */
	sd_notifyf(0, "READY=1\nSTATUS=listening on %s port %u", k.conf.listen, port);
	run(&k, sfd);
	sd_notify(0, "STOPPING=1\nSTATUS=finishing requests in flight");
	fprintf(stderr, "kioskd: stopping: finishing requests in flight\n");
	http_stop(&k, d, 1000 * (int)k.conf.timeout);
	status = 0;
out:
	snap_free(k.snap);
	pc_free(k.pages);
	board_free(k.board);
	rl_free(k.rl);
	rl_free(k.rl_rating);
	rating_close(k.ratings);
	statics_free(&k.files);
	return status;
}
