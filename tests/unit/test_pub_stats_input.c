/*
 * Unit tests for publisher/stats/stats_input.c, the statistics' input file:
 * records written are read back as they were (events in the compact and
 * the wide form, flags, unknown references), a record copied as it is
 * reads the same, and a file that is absent, of another build or
 * reference data, cut short, out of code order, with an index past its
 * table or an event kind out of range is refused whole.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stats_input.h"

#define GFP 0x1234u
#define REF 0x5678u
#define NAG 3
#define NPR 4
#define NPS 5

struct fixture {
	char dir[64], path[96];
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/test_pub_stats_input.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	snprintf(fx->path, sizeof fx->path, "%s/state.stats-input", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[96];

	snprintf(cmd, sizeof cmd, "rm -rf %s", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static const struct ev ev_a[] = {
    {29000000, EV_STEP_START, 1, 0},
    {29000100, EV_APOLOGY, 0, 29005000},
    {29000200, EV_STEP_DONE, 1, 0},
    {29000300, EV_RESULT_READY, 0, 0},
};
/* A year-9999 instant does not fit in 32 bits: the wide form. */
static const struct ev ev_b[] = {
    {29000000, EV_STEP_START, 2, 0},
    {5258000000LL, EV_WITHDRAWN, 0, 0},
};

static const struct si_dossier recs[] = {
    {11, 101, "A-0001", 0, 1, 2, 0, 0, 28999000, ev_a, 4},
    {22, 202, "A-0002", 2, 3, 4, 2, SI_ODD_RECEIVED, 28999001, ev_b, 2},
    {33, 303, "B-0001", -1, -1, -1, -1, SI_BAD_EVENT | SI_BAD_RECEIVED, 0, NULL, 0},
    {44, 404, "B-0002", 1, 0, 0, 1, 0, 28999002, NULL, 0},
};
#define NRECS (int)(sizeof recs / sizeof *recs)

static void
write_recs(const char *path, const struct si_dossier *v, int n, uint64_t gfp)
{
	struct err e = {""};
	struct si_writer *w = si_writer_open(path, &e);

	assert_non_null(w);
	for (int i = 0; i < n; i++)
		assert_int_equal(si_writer_put(w, &v[i], &e), 0);
	assert_int_equal(si_writer_commit(w, gfp, REF, &e), 0);
}

static void
assert_same(const struct si_dossier *got, const struct si_dossier *want)
{
	assert_int_equal(got->code_hash, want->code_hash);
	assert_int_equal(got->src, want->src);
	assert_string_equal(got->code, want->code);
	assert_int_equal(got->agency, want->agency);
	assert_int_equal(got->procedure, want->procedure);
	assert_int_equal(got->process, want->process);
	assert_int_equal(got->channel, want->channel);
	assert_int_equal(got->flags & ~SI_WIDE, want->flags);
	assert_int_equal(got->received, want->received);
	assert_int_equal(got->nev, want->flags & SI_BAD_EVENT ? 0 : want->nev);
	for (int i = 0; i < got->nev; i++) {
		assert_int_equal(got->ev[i].at, want->ev[i].at);
		assert_int_equal(got->ev[i].kind, want->ev[i].kind);
		assert_int_equal(got->ev[i].step_no, want->ev[i].step_no);
		assert_int_equal(got->ev[i].new_due, want->ev[i].new_due);
	}
}

static void
assert_reads_back(const char *path)
{
	const char *why;
	struct si_file *f = si_open(path, GFP, REF, NAG, NPR, NPS, &why);
	struct si_cursor c;
	struct ev *buf = NULL;
	int cap = 0, n = 0;

	assert_non_null(f);
	assert_null(why);
	assert_int_equal(si_count(f), NRECS);
	for (si_first(f, &c); si_more(&c); n++) {
		struct si_dossier d;
		uint64_t ch, src;
		const char *code;
		tmin_t t;
		int flags;

		assert_true(n < NRECS);
		si_peek(&c, &ch, &src, &code, &t, &flags);
		assert_int_equal(ch, recs[n].code_hash);
		assert_int_equal(src, recs[n].src);
		assert_string_equal(code, recs[n].code);
		assert_int_equal(t, recs[n].received);
		assert_int_equal(si_next(&c, &d, &buf, &cap), 0);
		assert_same(&d, &recs[n]);
	}
	assert_int_equal(n, NRECS);
	free(buf);
	si_close(f);
}

static void
test_round_trip(void **state)
{
	struct fixture *fx = *state;

	write_recs(fx->path, recs, NRECS, GFP);
	assert_reads_back(fx->path);
}

/* si_writer_copy writes a record byte for byte: a file copied record by
 * record reads back the same. */
static void
test_copy(void **state)
{
	struct fixture *fx = *state;
	char other[128];
	struct err e = {""};
	const char *why;
	struct si_file *f;
	struct si_writer *w;
	struct si_cursor c;

	write_recs(fx->path, recs, NRECS, GFP);
	f = si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why);
	assert_non_null(f);
	snprintf(other, sizeof other, "%s/copy", fx->dir);
	assert_non_null(w = si_writer_open(other, &e));
	for (si_first(f, &c); si_more(&c); si_skip(&c))
		assert_int_equal(si_writer_copy(w, &c, &e), 0);
	assert_int_equal(si_writer_commit(w, GFP, REF, &e), 0);
	si_close(f);
	assert_reads_back(other);
}

static void
test_foreign(void **state)
{
	struct fixture *fx = *state;
	const char *why;

	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	assert_string_equal(why, "absent");
	write_recs(fx->path, recs, NRECS, GFP);
	assert_null(si_open(fx->path, GFP + 1, REF, NAG, NPR, NPS, &why));
	assert_string_equal(why, "of another build or reference data");
	assert_null(si_open(fx->path, GFP, REF + 1, NAG, NPR, NPS, &why));
	/* The indexes must fit the tables they point into. */
	assert_null(si_open(fx->path, GFP, REF, NAG - 1, NPR, NPS, &why));
	assert_string_equal(why, "damaged");
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS - 1, &why));
}

static long
file_size(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	fclose(f);
	return n;
}

static void
poke(const char *path, long off, unsigned char byte)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fputc(byte, f), byte);
	assert_int_equal(fclose(f), 0);
}

static void
test_damaged(void **state)
{
	struct fixture *fx = *state;
	const char *why;
	long n;

	write_recs(fx->path, recs, NRECS, GFP);
	n = file_size(fx->path);
	/* Cut short, and grown. */
	assert_int_equal(truncate(fx->path, n - 8), 0);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	assert_string_equal(why, "damaged");
	assert_int_equal(truncate(fx->path, n + 8), 0);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	assert_int_equal(truncate(fx->path, 10), 0);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	/* The first record's first event: header (48), record head (48),
	 * then at (4), new_due (4), kind. */
	write_recs(fx->path, recs, NRECS, GFP);
	poke(fx->path, 48 + 48 + 8, EV_KIND_COUNT);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	/* The first record's size (at 44 in its head). */
	write_recs(fx->path, recs, NRECS, GFP);
	poke(fx->path, 48 + 44, 0xff);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	/* The magic. */
	write_recs(fx->path, recs, NRECS, GFP);
	poke(fx->path, 3, 'X');
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
}

static void
test_order(void **state)
{
	struct fixture *fx = *state;
	struct si_dossier v[2] = {recs[1], recs[0]};
	struct si_file *f;
	const char *why;

	write_recs(fx->path, v, 2, GFP);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	v[1] = recs[1]; /* the same code twice */
	write_recs(fx->path, v, 2, GFP);
	assert_null(si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	write_recs(fx->path, v, 0, GFP); /* empty: fine */
	assert_non_null(f = si_open(fx->path, GFP, REF, NAG, NPR, NPS, &why));
	assert_int_equal(si_count(f), 0);
	si_close(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_foreign, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_order, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
