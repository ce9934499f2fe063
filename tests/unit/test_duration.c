/*
 * msg_duration: working time in days, hours and minutes, in both
 * languages, never decimal hours; a buffer too small is an error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "msg.h"

static const struct {
	long long min;
	int day;
	const char *vi, *en;
} cases[] = {
    {0, 480, "0 giờ làm việc", "0 working hours"},
    {60, 480, "1 giờ làm việc", "1 working hour"},
    {240, 480, "4 giờ làm việc", "4 working hours"},
    {480, 480, "1 ngày làm việc", "1 working day"},
    {2 * 480 + 3 * 60, 480, "2 ngày 3 giờ làm việc", "2 days 3 working hours"},
    {390, 480, "6 giờ 30 phút làm việc", "6 working hours 30 minutes"},
    {480 + 30, 480, "1 ngày 30 phút làm việc", "1 day 30 working minutes"},
    {45, 480, "45 phút làm việc", "45 working minutes"},
    /* 214,76 hours from the field: 26 days 6 hours 46 minutes of 8-hour days. */
    {12886, 480, "26 ngày 6 giờ 46 phút làm việc", "26 days 6 working hours 46 minutes"},
    /* A day of other office hours (7.5 h) counts in its own days. */
    {1350, 450, "3 ngày làm việc", "3 working days"},
    {-5, 480, "0 giờ làm việc", "0 working hours"},
    {600, 0, "1 ngày 2 giờ làm việc", "1 day 2 working hours"},
};

static void
test_cases(void **state)
{
	char b[96];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int n = msg_duration(b, sizeof b, cases[i].min, cases[i].day, LANG_VI);
		assert_string_equal(b, cases[i].vi);
		assert_int_equal(n, (int)strlen(cases[i].vi));
		n = msg_duration(b, sizeof b, cases[i].min, cases[i].day, LANG_EN);
		assert_string_equal(b, cases[i].en);
		assert_int_equal(n, (int)strlen(cases[i].en));
		assert_null(strchr(b, '.'));
		assert_null(strchr(b, ','));
	}
}

static void
test_too_small(void **state)
{
	char b[8];

	(void)state;
	assert_int_equal(msg_duration(b, sizeof b, 2 * 480 + 180, 480, LANG_VI), -1);
	assert_string_equal(b, "");
	assert_int_equal(msg_duration(b, sizeof b, 60, 480, LANG_EN), -1);
	assert_string_equal(b, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cases),
	    cmocka_unit_test(test_too_small),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
