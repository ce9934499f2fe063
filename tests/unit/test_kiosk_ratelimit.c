/*
 * Unit tests for kiosk/ratelimit.c (token buckets per client in a fixed
 * table) and for the kiosk test fixture's check hashes, which
 * tests/fixtures/kiosk/make-snapshot.sh computes without libcore: they must
 * equal token_check_hash().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "ratelimit.h"
#include "token.h"

static void
test_burst_then_wait(void **state)
{
	struct ratelimit *rl = rl_new(3, 6); /* 3 at once, one every 10 s */
	const unsigned char a[4] = {192, 0, 2, 7};
	int64_t t = 1000000;

	(void)state;
	assert_non_null(rl);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rl_take(rl, a, 4, t), 0);
	assert_int_equal(rl_take(rl, a, 4, t), 10);
	assert_int_equal(rl_take(rl, a, 4, t + 4000000), 6);  /* 4 s later: 6 to go */
	assert_int_equal(rl_take(rl, a, 4, t + 10000000), 0); /* refilled one */
	assert_int_equal(rl_take(rl, a, 4, t + 10000000), 10);
	/* Never more than the burst, however long the client stayed away. */
	t += 3600000000LL;
	for (int i = 0; i < 3; i++)
		assert_int_equal(rl_take(rl, a, 4, t), 0);
	assert_true(rl_take(rl, a, 4, t) > 0);
	rl_free(rl);
}

static void
test_clients_apart(void **state)
{
	struct ratelimit *rl = rl_new(1, 1);
	const unsigned char a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};

	(void)state;
	assert_int_equal(rl_take(rl, a, 4, 0), 0);
	assert_true(rl_take(rl, a, 4, 0) > 0);
	assert_int_equal(rl_take(rl, b, 4, 0), 0); /* b has its own bucket */
	rl_free(rl);
}

/* Many more clients than slots: the table stays bounded, and a client
 * that was limited is still limited right after (its slot was not taken,
 * since fuller buckets are evicted first). */
static void
test_table_is_bounded(void **state)
{
	struct ratelimit *rl = rl_new(2, 1);
	const unsigned char hot[4] = {192, 0, 2, 1};
	unsigned char k[4];

	(void)state;
	assert_int_equal(rl_take(rl, hot, 4, 0), 0);
	assert_int_equal(rl_take(rl, hot, 4, 0), 0);
	assert_true(rl_take(rl, hot, 4, 0) > 0);
	for (uint32_t i = 0; i < 4 * RL_SLOTS; i++) {
		memcpy(k, &i, 4);
		rl_take(rl, k, 4, 1);
	}
	assert_true(rl_take(rl, hot, 4, 2) > 0);
	rl_free(rl);
}

static void
test_bucket_keys(void **state)
{
	/* 2001:db8:1234:5678:9abc::1 and its IPv4-mapped and loopback kin. */
	const unsigned char v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56, 0x78,
	                              0x9a, 0xbc, 0,    0,    0,    0,    0,    1};
	const unsigned char mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 203, 0, 113, 9};
	const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	const unsigned char v4[4] = {203, 0, 113, 9}, lo[4] = {127, 0, 0, 3};
	struct rl_key k[2];

	(void)state;
	assert_int_equal(rl_keys(v6, 16, k), 2);
	assert_int_equal(k[0].kind, RL_V6_64);
	assert_int_equal(k[0].len, 8);
	assert_memory_equal(k[0].net, v6, 8);
	assert_int_equal(k[1].kind, RL_V6_48);
	assert_int_equal(k[1].len, 6);
	assert_memory_equal(k[1].net, v6, 6);
	assert_int_equal(rl_keys(mapped, 16, k), 1);
	assert_int_equal(k[0].kind, RL_V4);
	assert_memory_equal(k[0].net, v4, 4);
	assert_int_equal(rl_keys(v4, 4, k), 1);
	assert_int_equal(k[0].kind, RL_V4);
	assert_int_equal(rl_keys(loop6, 16, k), 1);
	assert_int_equal(k[0].kind, RL_LOCAL);
	assert_int_equal(rl_keys(lo, 4, k), 1);
	assert_int_equal(k[0].kind, RL_LOCAL);
	assert_int_equal(rl_keys(v4, 3, k), 0);
}

/* Another address of the same /64 is the same client; another /64 of the
 * same /48 has its own bucket, but the /48 as a whole gets only
 * RL_SITE_FACTOR times the burst and the rate. */
static void
test_ipv6_prefixes(void **state)
{
	struct ratelimit *rl = rl_new(2, 6); /* 2 at once, one every 10 s per /64 */
	unsigned char a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0};
	int allowed = 0;

	(void)state;
	a[15] = 1;
	assert_int_equal(rl_take(rl, a, 16, 0), 0);
	a[15] = 2; /* same /64 */
	assert_int_equal(rl_take(rl, a, 16, 0), 0);
	a[15] = 3;
	assert_int_equal(rl_take(rl, a, 16, 0), 10);
	/* 1,000 /64s of the /48 2001:db8:1::/48, one guess each. */
	for (int i = 1; i <= 1000; i++) {
		a[6] = (unsigned char)(i >> 8);
		a[7] = (unsigned char)i;
		allowed += rl_take(rl, a, 16, 0) == 0;
	}
	assert_int_equal(allowed, 2 * RL_SITE_FACTOR - 2);
	/* The /48's refill is RL_SITE_FACTOR tokens per 10 s. */
	allowed = 0;
	for (int i = 1; i <= 1000; i++) {
		a[6] = (unsigned char)(i >> 8);
		a[7] = (unsigned char)i;
		allowed += rl_take(rl, a, 16, 10000000) == 0;
	}
	assert_int_equal(allowed, RL_SITE_FACTOR);
	/* Another /48 is not touched. */
	a[5] = 2;
	assert_int_equal(rl_take(rl, a, 16, 10000000), 0);
	rl_free(rl);
}

/* The kiosk's own browser: BURST attempts, then refused until the
 * minute that began with the first of them ends, never longer. */
static void
test_local_lockout(void **state)
{
	struct ratelimit *rl = rl_new(10, 10);
	const unsigned char lo[4] = {127, 0, 0, 1};
	const unsigned char loop6[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
	int64_t t = 5000000;
	unsigned w;

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(rl_take(rl, lo, 4, t + i * 1000000), 0);
	w = rl_take(rl, lo, 4, t + 10000000);
	assert_int_equal(w, 50);
	/* Trying on and on does not push the end of the lockout back. */
	for (int i = 11; i < 59; i++)
		assert_true(rl_take(rl, lo, 4, t + i * 1000000) <= 60 - (unsigned)i + 1);
	assert_true(rl_take(rl, loop6, 16, t + 30000000) > 0); /* ::1 is the same kiosk */
	/* A minute after the first attempt: the next person has the burst. */
	for (int i = 0; i < 10; i++)
		assert_int_equal(rl_take(rl, lo, 4, t + 60000000), 0);
	w = rl_take(rl, lo, 4, t + 60000000);
	assert_true(w >= 1 && w <= 60);
	rl_free(rl);
}

static void
test_fixture_hashes(void **state)
{
	char line[128], token[64], check[16], hash[TOKEN_CHECK_HASH_LEN + 1];
	FILE *f = fopen("tests/fixtures/kiosk/checks.txt", "r");
	int n = 0;

	(void)state;
	if (!f)
		skip();
	while (fgets(line, sizeof line, f)) {
		if (line[0] == '#' || sscanf(line, "%63s %15s", token, check) != 2)
			continue;
		assert_true(token_valid(token, strlen(token)));
		assert_int_equal(strlen(check), TOKEN_CHECK_LEN);
		n++;
	}
	fclose(f);
	assert_true(n >= 4);
	/* The value make-snapshot.sh's BLAKE2b gives for this pair. */
	assert_int_equal(token_init(NULL), 0);
	token_check_hash("Tk1aaaaaaaaaaaaaaaaaaa", "12345678", hash);
	assert_string_equal(hash, "dd19ac93e9e3fc26ca377bd0489f2253");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_burst_then_wait),  cmocka_unit_test(test_clients_apart),
	    cmocka_unit_test(test_table_is_bounded), cmocka_unit_test(test_bucket_keys),
	    cmocka_unit_test(test_ipv6_prefixes),    cmocka_unit_test(test_local_lockout),
	    cmocka_unit_test(test_fixture_hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
