/*
 * Unit tests for the declaration of the site's page types
 * (publisher/site/site.c, site_page_types): each type names its pages'
 * paths, has a writer, and comes after every type whose pages it lists, so
 * that a new site's indexes and home page list everything from the first
 * round of writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "site.h"

static int
index_of(const char *name)
{
	for (int i = 0; i < site_npage_types; i++)
		if (!strcmp(site_page_types[i]->name, name))
			return i;
	return -1;
}

static const struct site_page_type *
type_named(const char *name)
{
	int i = index_of(name);

	return i < 0 ? NULL : site_page_types[i];
}

/* Whether type A lists the pages of type B. */
static int
lists(const char *a, const char *b)
{
	return (type_named(a)->lists >> index_of(b)) & 1;
}

/* The paths the site's links and tests rely on. */
static void
test_paths(void **state)
{
	static const struct {
		const char *type, *code, *path;
	} cases[] = {
	    {"procedure", "1.001612", "thu-tuc/1.001612.html"},
	    {"agency", "000.00.01.H34", "co-quan/000.00.01.H34.html"},
	    {"agency index", NULL, "co-quan/index.html"},
	    {"procedure index", NULL, "thu-tuc/index.html"},
	    {"home", NULL, "index.html"},
	};
	char buf[64];

	(void)state;
	assert_int_equal(site_npage_types, (int)(sizeof cases / sizeof cases[0]));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct site_page_type *t = type_named(cases[i].type);
		assert_non_null(t);
		assert_int_equal(site_page_path(t, cases[i].code, buf, sizeof buf), 0);
		assert_string_equal(buf, cases[i].path);
	}
	/* Truncation is an error, never a shorter path. */
	assert_int_equal(site_page_path(type_named("agency"), "000.00.01.H34", buf, 12), -1);
}

/* Every type has a name of its own and a writer; every type it lists is
 * declared before it. */
static void
test_order(void **state)
{
	(void)state;
	for (int i = 0; i < site_npage_types; i++) {
		const struct site_page_type *t = site_page_types[i];
		assert_non_null(t->write);
		assert_non_null(t->path);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(site_page_types[k]->name, t->name);
		assert_int_equal(t->lists >> i, 0); /* lists only earlier types */
	}
	/* The indexes list the item pages; home links to the indexes. */
	assert_true(lists("agency index", "agency"));
	assert_true(lists("procedure index", "procedure"));
	assert_true(lists("home", "agency index"));
	assert_true(lists("home", "procedure index"));
	assert_false(lists("agency", "agency index"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_paths),
	    cmocka_unit_test(test_order),
	};
	return cmocka_run_group_tests_name("pub_pagetypes", tests, NULL, NULL);
}
