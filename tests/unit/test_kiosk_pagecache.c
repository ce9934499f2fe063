/*
 * Unit tests for kiosk/pagecache.c: hits and misses, expiry at the given
 * instant, a new generation empties the cache and an old one cannot fill
 * it, the memory bound holds under many pages, least recently used pages
 * go first, and a page being sent outlives its eviction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "pagecache.h"

#define NEVER INT64_MAX

static struct pc_page *
put(struct pcache *c, unsigned long gen, const char *key, tmin_t exp, const char *body)
{
	struct pc_page *p = pc_put(c, gen, key, strlen(key), exp, body, strlen(body));

	assert_non_null(p);
	return p;
}

static struct pc_page *
get(struct pcache *c, unsigned long gen, const char *key, tmin_t now)
{
	return pc_get(c, gen, key, strlen(key), now);
}

static void
test_hit_and_miss(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_page *p;

	(void)state;
	assert_non_null(c);
	assert_null(get(c, 1, "vTOKEN", 100));
	pc_unref(put(c, 1, "vTOKEN", NEVER, "<p>page</p>"));
	p = get(c, 1, "vTOKEN", 100);
	assert_non_null(p);
	assert_int_equal(pc_len(p), 11);
	assert_memory_equal(pc_body(p), "<p>page</p>", 11);
	pc_unref(p);
	/* The key is the whole key: another form of the same token misses. */
	assert_null(get(c, 1, "eTOKEN", 100));
	assert_null(get(c, 1, "vTOKE", 100));
	/* A newer page under the same key replaces the old one. */
	pc_unref(put(c, 1, "vTOKEN", NEVER, "new"));
	p = get(c, 1, "vTOKEN", 100);
	assert_memory_equal(pc_body(p), "new", 3);
	pc_unref(p);
	pc_free(c);
}

/* Valid before its expiry instant, gone from it on. */
static void
test_expiry(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_stats st;
	struct pc_page *p;

	(void)state;
	pc_unref(put(c, 1, "vA", 1000, "within"));
	p = get(c, 1, "vA", 999);
	assert_non_null(p);
	pc_unref(p);
	assert_null(get(c, 1, "vA", 1000));
	assert_null(get(c, 1, "vA", 999)); /* dropped, not hidden */
	pc_get_stats(c, &st);
	assert_int_equal(st.expired, 1);
	assert_int_equal(st.pages, 0);
	assert_int_equal(st.bytes, 0);
	pc_free(c);
}

static void
test_generations(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_stats st;
	struct pc_page *p;
	char key[8];

	(void)state;
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof key, "v%d", i);
		pc_unref(put(c, 1, key, NEVER, "generation 1"));
	}
	/* Generation 2 sees none of generation 1's pages... */
	assert_null(get(c, 2, "v7", 0));
	pc_unref(put(c, 2, "v7", NEVER, "generation 2"));
	p = get(c, 2, "v7", 0);
	assert_memory_equal(pc_body(p), "generation 2", 12);
	pc_unref(p);
	/* ...and a request still on generation 1 neither reads nor stores. */
	assert_null(get(c, 1, "v7", 0));
	p = put(c, 1, "v7", NEVER, "late gen 1");
	assert_memory_equal(pc_body(p), "late gen 1", 10); /* served once */
	pc_unref(p);
	p = get(c, 2, "v7", 0);
	assert_memory_equal(pc_body(p), "generation 2", 12);
	pc_unref(p);
	/* A flush (the daemon's, on a switch) gives everything back. */
	pc_flush(c);
	pc_get_stats(c, &st);
	assert_int_equal(st.pages, 0);
	assert_int_equal(st.bytes, 0);
	pc_free(c);
}

/* 20,000 pages of 1 KB into 1 MiB: never more than the bound. */
static void
test_bound(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_stats st;
	char body[1024], key[16];

	(void)state;
	memset(body, 'x', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	for (int i = 0; i < 20000; i++) {
		snprintf(key, sizeof key, "v%d", i);
		pc_unref(put(c, 1, key, NEVER, body));
		if (i % 1000 == 0) {
			pc_get_stats(c, &st);
			assert_true(st.bytes <= st.max_bytes);
		}
	}
	pc_get_stats(c, &st);
	assert_true(st.bytes <= (size_t)1 << 20);
	assert_true(st.bytes > (size_t)1 << 19); /* and the space is used */
	assert_true(st.evictions > 0);
	assert_int_equal(st.pages + st.evictions, 20000);
	/* A page bigger than a shard's share is served but not kept. */
	{
		static char big[(1 << 20) / PC_SHARDS + 1];
		struct pc_page *p;
		memset(big, 'y', sizeof big - 1);
		p = put(c, 1, "vbig", NEVER, big);
		assert_int_equal(pc_len(p), sizeof big - 1);
		pc_unref(p);
		assert_null(get(c, 1, "vbig", 0));
	}
	pc_free(c);
	/* Too small a budget for a page per shard: no cache at all. */
	assert_null(pc_new(1000));
}

/* Least recently used goes first: a page read often stays. */
static void
test_lru(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_page *p;
	char body[2048], key[16];

	(void)state;
	memset(body, 'z', sizeof body - 1);
	body[sizeof body - 1] = '\0';
	pc_unref(put(c, 1, "vhot", NEVER, "hot"));
	for (int i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "v%d", i);
		pc_unref(put(c, 1, key, NEVER, body));
		if ((p = get(c, 1, "vhot", 0)) == NULL)
			fail_msg("hot page evicted after %d others", i);
		pc_unref(p);
	}
	assert_null(get(c, 1, "v0", 0)); /* the coldest went */
	pc_free(c);
}

/* A page evicted (or flushed) while a response still sends it stays
 * readable until that response drops it (ASan checks the reads). */
static void
test_reference_outlives_eviction(void **state)
{
	struct pcache *c = pc_new(1 << 20);
	struct pc_page *p;

	(void)state;
	pc_unref(put(c, 1, "vA", NEVER, "being sent"));
	p = get(c, 1, "vA", 0);
	pc_flush(c);
	assert_null(get(c, 1, "vA", 0));
	assert_memory_equal(pc_body(p), "being sent", 10);
	pc_unref(p);
	pc_free(c);
	pc_unref(NULL);
	pc_free(NULL);
	pc_flush(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hit_and_miss), cmocka_unit_test(test_expiry),
	    cmocka_unit_test(test_generations),  cmocka_unit_test(test_bound),
	    cmocka_unit_test(test_lru),          cmocka_unit_test(test_reference_outlives_eviction),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
