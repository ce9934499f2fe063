/*
 * Unit tests for kiosk/conns.c: the client network of an address, the
 * per-network count, and the request deadline.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conns.h"

static struct sockaddr_in6
v6(const char *s)
{
	struct sockaddr_in6 a = {.sin6_family = AF_INET6};

	assert_int_equal(inet_pton(AF_INET6, s, &a.sin6_addr), 1);
	return a;
}

static struct sockaddr_in
v4(const char *s)
{
	struct sockaddr_in a = {.sin_family = AF_INET};

	assert_int_equal(inet_pton(AF_INET, s, &a.sin_addr), 1);
	return a;
}

static void
test_keys(void **state)
{
	unsigned char a[CONNS_KEY_LEN], b[CONNS_KEY_LEN];
	struct sockaddr_in6 x = v6("2001:db8:1:2::1"), y = v6("2001:db8:1:2:ffff::9"),
	                    z = v6("2001:db8:1:3::1"), m = v6("::ffff:203.0.113.9");
	struct sockaddr_in w = v4("203.0.113.9");

	(void)state;
	assert_int_equal(conns_key((struct sockaddr *)&x, a), 9);
	assert_int_equal(conns_key((struct sockaddr *)&y, b), 9);
	assert_memory_equal(a, b, 9); /* one /64 */
	conns_key((struct sockaddr *)&z, b);
	assert_memory_not_equal(a, b, 9);
	assert_int_equal(conns_key((struct sockaddr *)&m, a), 5);
	assert_int_equal(conns_key((struct sockaddr *)&w, b), 5);
	assert_memory_equal(a, b, 5); /* IPv4-mapped is IPv4 */
	assert_int_equal(conns_key(NULL, a), 0);
}

/* Two per network: the third from the same /64 is refused, another
 * network is not, and closing one makes room. */
static void
test_per_network(void **state)
{
	struct conns *t = conns_new(2, 1000000);
	struct sockaddr_in6 a1 = v6("2001:db8::1"), a2 = v6("2001:db8::2"), a3 = v6("2001:db8::3"),
	                    o = v6("2001:db8:0:1::1");
	struct conn *c1, *c2, *c3;
	unsigned long open, nets;

	(void)state;
	assert_non_null(t);
	assert_true(conns_admit(t, (struct sockaddr *)&a1));
	c1 = conns_open(t, (struct sockaddr *)&a1, -1, 0);
	c2 = conns_open(t, (struct sockaddr *)&a2, -1, 0);
	assert_false(conns_admit(t, (struct sockaddr *)&a3));
	assert_true(conns_admit(t, (struct sockaddr *)&o));
	c3 = conns_open(t, (struct sockaddr *)&o, -1, 0);
	conns_count(t, &open, &nets);
	assert_int_equal(open, 3);
	assert_int_equal(nets, 2);
	conns_close(t, c1);
	assert_true(conns_admit(t, (struct sockaddr *)&a3));
	conns_close(t, c2);
	conns_close(t, c3);
	conns_count(t, &open, &nets);
	assert_int_equal(open, 0);
	assert_int_equal(nets, 0);
	conns_free(t);
}

/* A connection whose request does not arrive whole within the timeout is
 * shut down (its peer sees the end of the stream); one being answered, or
 * answered recently, is not. */
static void
test_deadline(void **state)
{
	struct conns *t = conns_new(0, 1000000);
	struct sockaddr_in a = v4("192.0.2.1");
	int slow[2], busy[2];
	struct conn *cs, *cb;
	char c;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, slow), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, busy), 0);
	cs = conns_open(t, (struct sockaddr *)&a, slow[0], 0);
	cb = conns_open(t, (struct sockaddr *)&a, busy[0], 0);
	assert_int_equal(conns_reap(t, 999999), 0);
	conns_request(cb);
	assert_int_equal(conns_reap(t, 1000000), 1);
	assert_int_equal(read(slow[1], &c, 1), 0);   /* shut down */
	assert_int_equal(conns_reap(t, 5000000), 0); /* once */
	conns_answered(t, cb, 5000000);
	assert_int_equal(conns_reap(t, 5999999), 0);
	assert_int_equal(conns_reap(t, 6000000), 1);
	conns_close(t, cs);
	conns_close(t, cb);
	conns_free(t);
	for (int i = 0; i < 2; i++) {
		close(slow[i]);
		close(busy[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_per_network),
	    cmocka_unit_test(test_deadline),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
