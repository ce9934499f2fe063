/*
 * Unit tests for publisher/site/emit.c, the site's one file writer: a file
 * is written only when its bytes change (an unchanged file keeps its inode
 * and mtime), held pages go out in link order (rank, then path), a failed
 * render writes nothing, and a failure stops the flush before the pages
 * that would link to the one that failed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"

struct fixture {
	char dir[64];
	struct emit em;
};

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof *fx);

	if (!fx)
		return -1;
	strcpy(fx->dir, "/tmp/test_pub_emit.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	emit_init(&fx->em, fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	emit_release(&fx->em);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

static void
read_file(const struct fixture *fx, const char *rel, char *buf, size_t size)
{
	char path[256];
	FILE *f;
	size_t n;

	snprintf(path, sizeof path, "%s/%s", fx->dir, rel);
	f = fopen(path, "rb");
	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

static void
stat_rel(const struct fixture *fx, const char *rel, struct stat *st)
{
	char path[256];

	snprintf(path, sizeof path, "%s/%s", fx->dir, rel);
	assert_int_equal(stat(path, st), 0);
}

/* Written when new or different, untouched (same inode, same mtime) when
 * the bytes are the same; folders made on the way. */
static void
test_put_if_changed(void **state)
{
	struct fixture *fx = *state;
	struct err e = {""};
	struct stat a, b;
	char got[64];

	assert_int_equal(emit_put(&fx->em, "x/y/page.html", "one", 3, &e), 1);
	stat_rel(fx, "x/y/page.html", &a);
	assert_int_equal(emit_put(&fx->em, "x/y/page.html", "one", 3, &e), 0);
	stat_rel(fx, "x/y/page.html", &b);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_mtim.tv_sec, b.st_mtim.tv_sec);
	assert_int_equal(a.st_mtim.tv_nsec, b.st_mtim.tv_nsec);
	assert_int_equal(emit_put(&fx->em, "x/y/page.html", "one!", 4, &e), 1);
	read_file(fx, "x/y/page.html", got, sizeof got);
	assert_string_equal(got, "one!");
	assert_int_equal(emit_put(&fx->em, "x/y/page.html", "one", 3, &e), 1);
	read_file(fx, "x/y/page.html", got, sizeof got);
	assert_string_equal(got, "one");
	assert_true(emit_exists(&fx->em, "x/y/page.html"));
	assert_false(emit_exists(&fx->em, "x/y/other.html"));
}

static int
render_ok(FILE *f, void *arg)
{
	return fputs(arg, f) == EOF ? -1 : 0;
}

static int
render_fail(FILE *f, void *arg)
{
	(void)arg;
	fputs("half a page", f);
	return -1;
}

/* A render that fails leaves nothing to write or free. */
static void
test_render(void **state)
{
	char *buf;
	size_t len;

	(void)state;
	assert_int_equal(emit_render(render_ok, "<p>ok</p>", &buf, &len), 0);
	assert_int_equal(len, 9);
	assert_memory_equal(buf, "<p>ok</p>", 9);
	free(buf);
	assert_int_equal(emit_render(render_fail, NULL, &buf, &len), -1);
	assert_null(buf);
	assert_int_equal(len, 0);
}

static char *
sdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

/* Held pages are sorted by rank, then path, whatever the order they were
 * held in: the order in which emit_flush writes them. */
static void
test_link_order(void **state)
{
	struct fixture *fx = *state;
	struct err e = {""};
	static const struct {
		const char *rel;
		int rank;
	} in[] = {{"index.html", 6}, {"b/2.html", 4},   {"en/dict.html", 1}, {"dict.html", 0},
	          {"a/1.html", 4},   {"topic.html", 2}, {"en/index.html", 7}};
	static const char *const want[] = {"dict.html", "en/dict.html", "topic.html",   "a/1.html",
	                                   "b/2.html",  "index.html",   "en/index.html"};

	for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
		assert_int_equal(emit_hold(&fx->em, in[i].rel, in[i].rank, sdup(in[i].rel),
		                           strlen(in[i].rel), &e),
		                 0);
	assert_int_equal(fx->em.nheld, 7);
	emit_sort(&fx->em);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_string_equal(fx->em.held[i].rel, want[i]);
	assert_false(emit_exists(&fx->em, "index.html")); /* held, not written */
	assert_int_equal(emit_flush(&fx->em, &e), 0);
	assert_int_equal(fx->em.nheld, 0);
	assert_int_equal(fx->em.written, 7);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		assert_true(emit_exists(&fx->em, want[i]));
}

/* A second flush of the same pages writes none of them; one changed page
 * is the only one written. */
static void
test_flush_unchanged(void **state)
{
	struct fixture *fx = *state;
	struct err e = {""};

	for (int round = 0; round < 3; round++) {
		assert_int_equal(
		    emit_hold(&fx->em, "p.html", 1, sdup(round == 2 ? "new" : "old"), 3, &e), 0);
		assert_int_equal(emit_hold(&fx->em, "q.html", 2, sdup("same"), 4, &e), 0);
		fx->em.written = fx->em.same = 0;
		assert_int_equal(emit_flush(&fx->em, &e), 0);
		assert_int_equal(fx->em.written, round == 1 ? 0 : round == 0 ? 2 : 1);
		assert_int_equal(fx->em.same, round == 0 ? 0 : round == 1 ? 2 : 1);
	}
}

/* A page that cannot be written stops the flush: the pages of higher rank,
 * which may link to it, are not written; the error names it. */
static void
test_flush_stops(void **state)
{
	struct fixture *fx = *state;
	struct err e = {""};
	FILE *f;
	char path[128];

	snprintf(path, sizeof path, "%s/blocked", fx->dir);
	f = fopen(path, "w"); /* a file where a folder should be */
	assert_non_null(f);
	fclose(f);
	assert_int_equal(emit_hold(&fx->em, "leaf.html", 0, sdup("leaf"), 4, &e), 0);
	assert_int_equal(emit_hold(&fx->em, "blocked/mid.html", 1, sdup("mid"), 3, &e), 0);
	assert_int_equal(emit_hold(&fx->em, "top.html", 2, sdup("top"), 3, &e), 0);
	assert_int_equal(emit_flush(&fx->em, &e), -1);
	assert_non_null(strstr(e.msg, "blocked/mid.html"));
	assert_true(emit_exists(&fx->em, "leaf.html"));
	assert_false(emit_exists(&fx->em, "top.html"));
	assert_int_equal(fx->em.nheld, 0); /* released either way */
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
	    T(test_put_if_changed),  T(test_render),      T(test_link_order),
	    T(test_flush_unchanged), T(test_flush_stops),
	};
#undef T
	return cmocka_run_group_tests_name("pub_emit", tests, NULL, NULL);
}
