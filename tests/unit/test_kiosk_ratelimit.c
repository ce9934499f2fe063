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
	const unsigned char a[4] = {127, 0, 0, 1};
	int64_t t = 1000000;

	(void)state;
	assert_non_null(rl);
	for (int i = 0; i < 3; i++)
		assert_int_equal(rl_take(rl, a, 4, t), 0);
	assert_int_equal(rl_take(rl, a, 4, t), 10);
	assert_int_equal(rl_take(rl, a, 4, t + 4000000), 6);   /* 4 s later: 6 to go */
	assert_int_equal(rl_take(rl, a, 4, t + 10000000), 0);  /* refilled one */
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
	token_check_hash("Tk1aaaaaaaaaaaaaaaaaaa", "123456", hash);
	assert_string_equal(hash, "0b40a4082599ca14a3d69483cefa796b");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_burst_then_wait), cmocka_unit_test(test_clients_apart),
		cmocka_unit_test(test_table_is_bounded), cmocka_unit_test(test_fixture_hashes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
