/*
 * trackdb: the data tool.  Creates the procedure database, imports CSV,
 * generates the demo data, checks consistency, computes due times.
 *
 * Only this file prints diagnostics ("trackdb: context: reason") and picks
 * the exit status: 0 success, 1 a data problem, 2 a usage error.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trackdb.h"

static const char usage_text[] =
    "usage: trackdb init DB\n"
    "       trackdb import DB KIND FILE.csv... [--update]\n"
    "       trackdb demo DB [--dossiers N] [--seed S] [--now 'YYYY-MM-DD HH:MM']\n"
    "       trackdb check DB [--now 'YYYY-MM-DD HH:MM']\n"
    "       trackdb due DB --received 'YYYY-MM-DD HH:MM' (--hours H | --procedure CODE\n"
    "                      [--agency CODE])\n"
    "       trackdb prune DB MARK...\n"
    "       trackdb sync DB [FILE...] [--spool DIR]\n"
    "KIND: office_hours calendar fields agencies procedures processes steps dossiers events\n"
    "      step_map (trackdb sync's units and actions to steps)\n"
    "      rating_questions rating_choices rating_reasons (satisfaction templates)\n"
    "      ratings (the kiosks' uploads; a rating already there is skipped)\n"
    "      procedure_documents (what a citizen brings for each procedure)\n"
    "See trackdb(1).\n";

static int usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("trackdb: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs("\n", stderr);
	va_end(ap);
	fputs(usage_text, stderr);
	return TRACKDB_EXIT_USAGE;
}

static int
fail(const struct err *e)
{
	fprintf(stderr, "trackdb: %s\n", e->msg);
	return TRACKDB_EXIT_DATA;
}

static int
is_help(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

static int
help(void)
{
	fputs(usage_text, stdout);
	return fflush(stdout) == 0 ? 0 : TRACKDB_EXIT_DATA;
}

/* An option's value: "--name value" or "--name=value".  Returns the value
 * and advances *I, or NULL when ARGV[*I] is not NAME. */
static const char *
opt_value(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc || !argv[*i + 1]) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int
parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
cmd_init(int argc, char **argv)
{
	struct err e = {""};
	sqlite3 *db;

	if (argc != 2)
		return usage("init takes one argument, the database file");
	db = db_create(argv[1], &e);
	if (!db || db_close(db, &e) < 0)
		return fail(&e);
	return 0;
}

static int
cmd_import(int argc, char **argv)
{
	struct err e = {""};
	sqlite3 *db;
	long n = 0;
	int kind, nfiles = argc - 3;

	int update = argc >= 5 && strcmp(argv[argc - 1], "--update") == 0;

	nfiles -= update;
	if (nfiles < 1)
		return usage("import takes DB KIND FILE.csv... [--update]");
	kind = import_kind_parse(argv[2]);
	if (update && kind != IMPORT_DOSSIERS && kind != IMPORT_EVENTS)
		return usage("--update goes with dossiers or events");
	if (kind < 0)
		return usage("unknown KIND '%s'", argv[2]);
	db = db_open(argv[1], &e);
	if (!db)
		return fail(&e);
	/* Each file is a transaction of its own: the files before a bad one
	 * stay imported, and the message names the bad one. */
	for (int i = 0; i < nfiles && n >= 0; i++) {
		n = import_file_update(db, (enum import_kind)kind, argv[3 + i], update, &e);
		if (n >= 0)
			printf("trackdb: %s: %ld %s rows imported\n", argv[3 + i], n, argv[2]);
	}
	if (db_close(db, n < 0 ? NULL : &e) < 0 || n < 0)
		return fail(&e);
	return fflush(stdout) == 0 ? 0 : TRACKDB_EXIT_DATA;
}

static int
parse_now(const char *s, tmin_t *out)
{
	struct err e = {""};
	return clock_parse_instant(s, out, &e);
}

static int
cmd_demo(int argc, char **argv)
{
	struct demo_opts o = {.dossiers = 20000, .seed = 1};
	struct demo_stats st = {0};
	struct err e = {""};
	struct timespec t0, t1;
	const char *v;
	int missing = 0;
	long seed;

	o.now = clock_now();
	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--dossiers", &missing))) {
			if (parse_long(v, 0, 50000000, &o.dossiers) < 0)
				return usage("--dossiers '%s': expected a count 0-50000000", v);
		} else if ((v = opt_value(argc, argv, &i, "--seed", &missing))) {
			if (parse_long(v, 0, 2147483647, &seed) < 0)
				return usage("--seed '%s': expected a number 0-2147483647", v);
			o.seed = (uint64_t)seed;
		} else if ((v = opt_value(argc, argv, &i, "--now", &missing))) {
			if (parse_now(v, &o.now) < 0)
				return usage("--now '%s': expected 'YYYY-MM-DD HH:MM'", v);
		} else if (missing) {
			return usage("%s needs a value", argv[i]);
		} else if (argv[i][0] == '-' || o.path) {
			return usage("demo: unexpected argument '%s'", argv[i]);
		} else {
			o.path = argv[i];
		}
	}
	if (!o.path)
		return usage("demo needs the database file to create");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (demo_run(&o, &st, &e) < 0)
		return fail(&e);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("trackdb: %s: %ld dossiers, %ld events in %.1f s "
	       "(resolved early %ld, on time %ld, late %ld; pending within %ld, overdue %ld)\n",
	       o.path, st.dossiers, st.events,
	       (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       st.verdicts[1], st.verdicts[2], st.verdicts[3], st.verdicts[4], st.verdicts[5]);
	return fflush(stdout) == 0 ? 0 : TRACKDB_EXIT_DATA;
}

static int
cmd_check(int argc, char **argv)
{
	struct check_stats st = {0};
	struct err e = {""};
	const char *path = NULL, *v;
	tmin_t now = clock_now();
	int missing = 0;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--now", &missing))) {
			if (parse_now(v, &now) < 0)
				return usage("--now '%s': expected 'YYYY-MM-DD HH:MM'", v);
		} else if (missing) {
			return usage("%s needs a value", argv[i]);
		} else if (argv[i][0] == '-' || path) {
			return usage("check: unexpected argument '%s'", argv[i]);
		} else {
			path = argv[i];
		}
	}
	if (!path)
		return usage("check needs the database file");
	if (check_run(path, now, stdout, &st, &e) < 0)
		return fail(&e);
	printf("check: %ld dossiers, %ld events: %ld errors, %ld warnings\n", st.dossiers,
	       st.events, st.errors, st.warnings);
	if (fflush(stdout) != 0)
		return TRACKDB_EXIT_DATA;
	return st.errors ? TRACKDB_EXIT_DATA : 0;
}

static int
parse_hours(const char *s, double *out)
{
	char *end;
	double h = strtod(s, &end);

	if (!*s || *end || !(h > 0) || h > 24 * 365)
		return -1;
	*out = h;
	return 0;
}

static int
cmd_due(int argc, char **argv)
{
	struct due_opts o = {0};
	struct err e = {""};
	const char *v, *received = NULL;
	int missing = 0;

	for (int i = 1; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--received", &missing))) {
			received = v;
			if (parse_now(v, &o.received) < 0)
				return usage("--received '%s': expected 'YYYY-MM-DD HH:MM'", v);
		} else if ((v = opt_value(argc, argv, &i, "--hours", &missing))) {
			if (parse_hours(v, &o.hours) < 0)
				return usage("--hours '%s': expected working hours, e.g. 8 or 0.5",
				             v);
		} else if ((v = opt_value(argc, argv, &i, "--procedure", &missing))) {
			o.procedure = v;
		} else if ((v = opt_value(argc, argv, &i, "--agency", &missing))) {
			o.agency = v;
		} else if (missing) {
			return usage("%s needs a value", argv[i]);
		} else if (argv[i][0] == '-' || o.path) {
			return usage("due: unexpected argument '%s'", argv[i]);
		} else {
			o.path = argv[i];
		}
	}
	if (!o.path || !received)
		return usage("due needs DB and --received");
	if ((o.hours > 0) == (o.procedure != NULL))
		return usage("due needs exactly one of --hours and --procedure");
	if (o.agency && !o.procedure)
		return usage("--agency goes with --procedure");
	if (due_run(&o, stdout, &e) < 0)
		return fail(&e);
	return fflush(stdout) == 0 ? 0 : TRACKDB_EXIT_DATA;
}

/* One line per synced file, and one for the unmapped units. */
static void
sync_report(const char *file, const struct sync_stats *st, const struct err *fe)
{
	if (fe) {
		fprintf(stderr, "trackdb: %s\n", fe->msg);
		return;
	}
	printf("trackdb: %s: %ld dossier records (%ld new, %ld updated, %ld unchanged, %ld not yet "
	       "received), %ld progress records (%ld new, %ld already stored, %ld mapped to no "
	       "step), %ld events added\n",
	       file, st->dossiers, st->created, st->updated, st->same, st->waiting, st->progress,
	       st->prog_new, st->prog_same, st->unmapped, st->events);
	for (int i = 0; i < st->nunits; i++)
		printf("trackdb: %s: no step for PhongBanXuLy '%s' (%ld records): map it with "
		       "`trackdb import DB step_map FILE.csv`\n",
		       file,
		       st->units[i][0] ? st->units[i] : "(empty; NoiDungXuLy did not match either)",
		       st->unit_count[i]);
}

/* trackdb sync DB [FILE...] [--spool DIR]: each file one transaction. */
static int
cmd_sync(int argc, char **argv)
{
	struct sync_stats total = {0};
	struct spool_stats ss = {0};
	struct err e = {""};
	const char *spool = NULL, *v;
	sqlite3 *db;
	int missing = 0, nfiles = 0, failed = 0;

	for (int i = 2; i < argc; i++) {
		if ((v = opt_value(argc, argv, &i, "--spool", &missing)))
			spool = v;
		else if (missing)
			return usage("%s needs a value", argv[i]);
		else if (argv[i][0] == '-' && argv[i][1])
			return usage("sync: unexpected option '%s'", argv[i]);
		else
			nfiles++;
	}
	if (argc < 2 || (!nfiles && !spool))
		return usage("sync takes DB and payload files, or --spool DIR");
	if (!(db = db_open(argv[1], &e)))
		return fail(&e);
	for (int i = 2; i < argc; i++) {
		struct sync_stats st = {0};
		struct err fe = {""};
		if (!strcmp(argv[i], "--spool")) {
			i++;
			continue;
		}
		if (!strncmp(argv[i], "--spool=", 8))
			continue;
		if (sync_file(db, argv[i], &st, &fe) < 0) {
			sync_report(argv[i], &st, &fe);
			failed++;
		} else {
			sync_report(argv[i], &st, NULL);
		}
	}
	if (spool && spool_run(db, spool, &ss, &total, sync_report, &e) < 0) {
		db_close(db, NULL);
		return fail(&e);
	}
	if (spool)
		printf("trackdb: %s: %ld files applied (moved to done/), %ld failed (moved to "
		       "failed/)\n",
		       spool, ss.done, ss.failed);
	if (db_close(db, &e) < 0)
		return fail(&e);
	if (fflush(stdout) != 0)
		return TRACKDB_EXIT_DATA;
	return failed || ss.failed ? TRACKDB_EXIT_DATA : 0;
}

/* trackdb prune DB MARK...: drop the journal entries every publisher
 * named (by its STATE.journal mark) has read. */
static int
cmd_prune(int argc, char **argv)
{
	struct err e = {""};
	long long n, upto = 0;
	sqlite3 *db;

	if (argc < 3)
		return usage("prune takes DB and the mark file (STATE.journal) of every publisher");
	if (!(db = db_open(argv[1], &e)))
		return fail(&e);
	n = journal_prune(db, argv + 2, argc - 2, &upto, &e);
	if (db_close(db, n < 0 ? NULL : &e) < 0 || n < 0)
		return fail(&e);
	printf("trackdb: %s: %lld journal entries pruned (through %lld)\n", argv[1], n, upto);
	return fflush(stdout) == 0 ? 0 : TRACKDB_EXIT_DATA;
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
    {"init", cmd_init}, {"import", cmd_import}, {"demo", cmd_demo}, {"check", cmd_check},
    {"due", cmd_due},   {"prune", cmd_prune},   {"sync", cmd_sync},
};

int
main(int argc, char **argv)
{
	if (argc < 2)
		return usage("no command given");
	if (is_help(argv[1]))
		return help();
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		for (int j = 2; j < argc; j++)
			if (is_help(argv[j]))
				return help();
		return commands[i].run(argc - 1, argv + 1);
	}
	return usage("unknown command '%s'", argv[1]);
}
