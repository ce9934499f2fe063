/*
 * Unit tests for core/domain/err.c: composing "context: reason" messages, a NULL
 * err accepted everywhere, and long text cut at ERR_MSG_MAX - 1 characters
 * without writing past the struct (guard bytes on both sides; run under
 * ASan as well).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

/* A struct err between two guard areas: any write outside msg shows up. */
struct guarded {
	unsigned char before[32];
	struct err e;
	unsigned char after[32];
};

static void
guard_init(struct guarded *g)
{
	memset(g, 0x5A, sizeof *g);
	g->e.msg[0] = '\0';
}

static void
guard_check(const struct guarded *g)
{
	for (size_t i = 0; i < sizeof g->before; i++)
		assert_int_equal(g->before[i], 0x5A);
	for (size_t i = 0; i < sizeof g->after; i++)
		assert_int_equal(g->after[i], 0x5A);
	/* The message is always terminated inside the buffer. */
	assert_non_null(memchr(g->e.msg, '\0', sizeof g->e.msg));
}

static void
test_set_formats(void **state)
{
	struct err e = {{0}};

	(void)state;
	assert_int_equal(err_set(&e, "line %d: %s", 7, "bad quote"), -1);
	assert_string_equal(e.msg, "line 7: bad quote");
	/* A second set replaces, it does not append. */
	assert_int_equal(err_set(&e, "x"), -1);
	assert_string_equal(e.msg, "x");
}

static void
test_prefix_composes(void **state)
{
	struct err e = {{0}};

	(void)state;
	err_set(&e, "line %d: unterminated quoted field", 12);
	assert_int_equal(err_prefix(&e, "%s", "agencies.csv"), -1);
	assert_string_equal(e.msg, "agencies.csv: line 12: unterminated quoted field");
	assert_int_equal(err_prefix(&e, "import %s", "agencies"), -1);
	assert_string_equal(e.msg,
	                    "import agencies: agencies.csv: line 12: unterminated quoted field");
}

/* The idiom `return err_set(e, ...)` when the caller passed no err. */
static int
fails_with(struct err *e)
{
	return err_set(e, "%s", "no such dossier");
}

static void
test_null_err_accepted(void **state)
{
	(void)state;
	assert_int_equal(err_set(NULL, "%d", 1), -1);
	assert_int_equal(err_prefix(NULL, "%s", "ctx"), -1);
	assert_int_equal(fails_with(NULL), -1);
}

static void
test_set_overlong_cut(void **state)
{
	struct guarded g;
	char big[2 * ERR_MSG_MAX];

	(void)state;
	memset(big, 'r', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	guard_init(&g);
	assert_int_equal(err_set(&g.e, "%s", big), -1);
	guard_check(&g);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(g.e.msg, big, ERR_MSG_MAX - 1);
}

/* A prefix longer than the whole buffer: the prefix is cut so that ": "
 * still fits, the old reason is dropped, nothing overflows. */
static void
test_prefix_overlong_prefix(void **state)
{
	struct guarded g;
	char big[2 * ERR_MSG_MAX];

	(void)state;
	memset(big, 'p', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	guard_init(&g);
	err_set(&g.e, "reason");
	assert_int_equal(err_prefix(&g.e, "%s", big), -1);
	guard_check(&g);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	for (size_t i = 0; i < ERR_MSG_MAX - 3; i++)
		assert_int_equal(g.e.msg[i], 'p');
	assert_int_equal(g.e.msg[ERR_MSG_MAX - 3], ':');
	assert_int_equal(g.e.msg[ERR_MSG_MAX - 2], ' ');
}

/* Prefix and reason together too long: the whole prefix stays, the reason
 * is cut at the end of the buffer. 300 + 2 + 209 = 511. */
static void
test_prefix_both_long(void **state)
{
	struct guarded g;
	char head[301], reason[301];

	(void)state;
	memset(head, 'h', 300);
	head[300] = '\0';
	memset(reason, 'r', 300);
	reason[300] = '\0';
	guard_init(&g);
	err_set(&g.e, "%s", reason);
	err_prefix(&g.e, "%s", head);
	guard_check(&g);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(g.e.msg, head, 300);
	assert_memory_equal(g.e.msg + 300, ": ", 2);
	for (size_t i = 302; i < ERR_MSG_MAX - 1; i++)
		assert_int_equal(g.e.msg[i], 'r');
}

/* A full message (511 characters) prefixed with a short context. */
static void
test_prefix_on_full_message(void **state)
{
	struct guarded g;
	char reason[ERR_MSG_MAX];

	(void)state;
	memset(reason, 'r', ERR_MSG_MAX - 1);
	reason[ERR_MSG_MAX - 1] = '\0';
	guard_init(&g);
	err_set(&g.e, "%s", reason);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	err_prefix(&g.e, "ctx");
	guard_check(&g);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(g.e.msg, "ctx: rrr", 8);
}

/* Many prefixes in a row never grow past the buffer. */
static void
test_prefix_repeated(void **state)
{
	struct guarded g;

	(void)state;
	guard_init(&g);
	err_set(&g.e, "end");
	for (int i = 0; i < 200; i++)
		err_prefix(&g.e, "level%d", i);
	guard_check(&g);
	assert_int_equal(strlen(g.e.msg), ERR_MSG_MAX - 1);
	assert_memory_equal(g.e.msg, "level199: level198: ", 20);
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_formats),
		cmocka_unit_test(test_prefix_composes),
		cmocka_unit_test(test_null_err_accepted),
		cmocka_unit_test(test_set_overlong_cut),
		cmocka_unit_test(test_prefix_overlong_prefix),
		cmocka_unit_test(test_prefix_both_long),
		cmocka_unit_test(test_prefix_on_full_message),
		cmocka_unit_test(test_prefix_repeated),
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
