/*
 * Unit tests for pub_page_hash (publisher/util.c), the fingerprint that
 * decides whether a page is written: the same bytes give the same value
 * and never 0; any one bit flipped, any length, two blocks swapped, or a
 * byte moved from one lane's half to the other's, gives another.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "pub.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* Whether the N values at V are all different (V is sorted). */
static int
distinct(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_u64);
	for (size_t i = 1; i < n; i++)
		if (v[i] == v[i - 1])
			return 0;
	return 1;
}

static void
test_same_bytes_same_value(void **state)
{
	const char *a = "<p>Hồ sơ 000.00.19.H33-251120-0001</p>\n";
	char copy[64];

	(void)state;
	strcpy(copy, a);
	assert_true(pub_page_hash(a, strlen(a)) == pub_page_hash(copy, strlen(copy)));
	assert_true(pub_page_hash("", 0) != 0);
}

/* Every single-bit change of a 200-byte page (a full block of each lane
 * and a tail), and the page itself: 1,601 different values. */
static void
test_every_bit_flip(void **state)
{
	enum { N = 200 };
	unsigned char page[N];
	uint64_t *v = malloc((N * 8 + 1) * sizeof *v);
	size_t k = 0;

	(void)state;
	assert_non_null(v);
	for (int i = 0; i < N; i++)
		page[i] = (unsigned char)"<html lang=\"vi\">"[i % 16];
	v[k++] = pub_page_hash(page, N);
	for (int i = 0; i < N; i++)
		for (int bit = 0; bit < 8; bit++) {
			page[i] ^= (unsigned char)(1u << bit);
			v[k++] = pub_page_hash(page, N);
			page[i] ^= (unsigned char)(1u << bit);
		}
	assert_true(distinct(v, k));
	free(v);
}

/* Zeros of every length from 0 to 300: the tail is padded with zeros, so
 * only the length tells them apart. */
static void
test_lengths(void **state)
{
	static const unsigned char zeros[300];
	uint64_t v[301];

	(void)state;
	for (size_t n = 0; n <= 300; n++)
		v[n] = pub_page_hash(zeros, n);
	assert_true(distinct(v, 301));
}

/* Order counts: two 32-byte blocks swapped, or the two 16-byte halves of
 * a block (one per lane) swapped, differ. */
static void
test_order(void **state)
{
	char a[64], b[64], c[64];

	(void)state;
	memcpy(a, "first block of the page, 32 byt.second block of the page, 32 by.", 64);
	memcpy(b, a + 32, 32);
	memcpy(b + 32, a, 32);
	memcpy(c, a, 64);
	memcpy(c, a + 16, 16);
	memcpy(c + 16, a, 16);
	assert_true(pub_page_hash(a, 64) != pub_page_hash(b, 64));
	assert_true(pub_page_hash(a, 64) != pub_page_hash(c, 64));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_same_bytes_same_value),
	    cmocka_unit_test(test_every_bit_flip),
	    cmocka_unit_test(test_lengths),
	    cmocka_unit_test(test_order),
	};
	return cmocka_run_group_tests_name("pub_hash", tests, NULL, NULL);
}
