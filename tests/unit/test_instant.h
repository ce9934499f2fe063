/*
 * test_instant: T("2025-03-10 08:00"), an instant for a test, the one
 * helper the unit tests of clock, timeline and statistics share.  Include
 * after <cmocka.h> (a bad instant fails the test) and clock.h.
 */
#ifndef TEST_INSTANT_H
#define TEST_INSTANT_H

static tmin_t
T(const char *s)
{
	struct err e = {""};
	tmin_t t = 0;

	if (clock_parse_instant(s, &t, &e) < 0)
		fail_msg("bad instant in test: %s", e.msg);
	return t;
}

#endif
