/*
 * Unit tests for core/presentation/chart.c: the SVG names itself (title, desc,
 * aria-labelledby), escapes every string from the data, draws one bar or
 * dot per known value and a gap for a missing one, and the text
 * alternative table carries the same numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "chart.h"

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

typedef int (*draw_fn)(FILE *, const struct chart *);

/* Render C with DRAW into a new string (caller frees). */
static char *
render(draw_fn draw, const struct chart *c, int *rc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*rc = draw(f, c);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static const char *const labels[] = {"01/2025", "02/2025", "<b>03</b>", "04/2025"};
static const double received[] = {10, 20, 5, 0};
static const double resolved[] = {8, CHART_MISSING, 5, 1};

static struct chart
sample(void)
{
	return (struct chart){
	    .id = "rr",
	    .title = "Tiếp nhận & giải quyết",
	    .desc = "Số hồ sơ <theo tháng>",
	    .xname = "Tháng",
	    .unit = "hồ sơ",
	    .n = 4,
	    .labels = labels,
	    .nseries = 2,
	    .series = {{"Tiếp nhận", received}, {"Giải quyết \"xong\"", resolved}},
	    .yref = -1,
	    .xref = -1,
	    .decimals = 0,
	};
}

static void
test_bars(void **state)
{
	struct chart c = sample();
	int rc;
	char *s = render(chart_bars, &c, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "role=\"img\""));
	assert_non_null(strstr(s, "aria-labelledby=\"rr-t rr-d\""));
	assert_non_null(strstr(s, "<title id=\"rr-t\">Tiếp nhận &amp; giải quyết</title>"));
	assert_non_null(strstr(s, "<desc id=\"rr-d\">Số hồ sơ &lt;theo tháng&gt;</desc>"));
	assert_null(strstr(s, "<b>"));
	assert_non_null(strstr(s, "&lt;b&gt;03&lt;/b&gt;"));
	assert_non_null(strstr(s, "Giải quyết &quot;xong&quot;"));
	/* 2 legend boxes + 7 bars (0 draws a thin bar) + the dashed box of
	 * the missing value + the background. */
	assert_int_equal(count(s, "<rect"), 2 + 7 + 1 + 1);
	assert_int_equal(count(s, "stroke-dasharray=\"2 2\""), 1);
	/* Every label is shown: 4 groups of 141.5 units are room enough. */
	assert_int_equal(count(s, "text-anchor=\"middle\">"), 4);
	assert_null(strstr(s, "<script"));
	/* Axis top: a round number above 20. */
	assert_non_null(strstr(s, ">20</text>"));
	free(s);
}

static void
test_line_gap(void **state)
{
	struct chart c = sample();
	int rc;
	char *s;

	(void)state;
	c.nseries = 1;
	c.series[0].v = resolved;
	c.yref = 6;
	c.yref_label = "mục tiêu";
	s = render(chart_line, &c, &rc);
	assert_int_equal(rc, 0);
	/* Three dots (8, 5, 1); one segment (5 -> 1): 8 and 5 are split by the
	 * gap.  Plus the reference line and the five grid lines. */
	assert_int_equal(count(s, "<circle"), 3);
	assert_int_equal(count(s, "stroke-width=\"2.5\""), 1);
	assert_non_null(strstr(s, "mục tiêu"));
	free(s);
}

static void
test_xref(void **state)
{
	struct chart c = sample();
	int rc;
	char *s;

	(void)state;
	c.nseries = 1;
	c.xref = 2;
	c.xref_label = "thời hạn";
	s = render(chart_bars, &c, &rc);
	assert_int_equal(rc, 0);
	/* Plot 62..628, 4 groups of 141.5: the marker before group 2 at 345. */
	assert_non_null(strstr(s, "<line x1=\"345.0\""));
	assert_non_null(strstr(s, "thời hạn"));
	free(s);
}

static void
test_table(void **state)
{
	struct chart c = sample();
	int rc;
	char *s = render(chart_table, &c, &rc);

	(void)state;
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "<caption>Tiếp nhận &amp; giải quyết</caption>"));
	assert_non_null(strstr(s, "<th scope=\"col\">Tiếp nhận (hồ sơ)</th>"));
	assert_non_null(
	    strstr(s, "<th scope=\"row\">&lt;b&gt;03&lt;/b&gt;</th><td>5</td><td>5</td>"));
	assert_non_null(
	    strstr(s, "<th scope=\"row\">02/2025</th><td>20</td><td class=\"na\">&ndash;</td>"));
	assert_int_equal(count(s, "<tr>"), 5);
	assert_non_null(strstr(s, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
	                          "aria-label=\"Tiếp nhận &amp; giải quyết\"><table"));
	assert_null(strstr(s, "class=\"note\""));
	free(s);
}

/* Weak points: the base column, hollow dots, starred rows and the note;
 * a missing value named in the table. */
static void
test_weak(void **state)
{
	static const int base[] = {30, 8, 25, 40};
	struct chart c = sample();
	int rc;
	char *s;

	(void)state;
	c.nseries = 1;
	c.series[0].v = resolved;
	c.base = base;
	c.base_name = "n";
	c.low_base = 20;
	c.partial_last = 1;
	c.note_low = "few";
	c.note_partial = "running";
	c.na_label = "không áp dụng";
	s = render(chart_line, &c, &rc);
	assert_int_equal(rc, 0);
	/* Dots 8, 5, 1: the last is hollow (running); 02/2025 (n = 8) has no
	 * value to draw. */
	assert_int_equal(count(s, "fill=\"#fff\" stroke="), 1);
	free(s);
	s = render(chart_table, &c, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(s, "<th scope=\"col\">n</th>"));
	assert_int_equal(count(s, "<tr class=\"weak\">"), 2);
	assert_non_null(strstr(s, "02/2025 *</th><td class=\"na\">không áp dụng</td><td>8</td>"));
	assert_non_null(strstr(s, "<p class=\"note\">* running few</p>"));
	free(s);
}

/* 24 months of "MM/YYYY": labels thinned so that they never touch at the
 * largest text size, the newest one always shown. */
static void
test_thin_labels(void **state)
{
	static const char *const months[24] = {
	    "12/2023", "01/2024", "02/2024", "03/2024", "04/2024", "05/2024", "06/2024", "07/2024",
	    "08/2024", "09/2024", "10/2024", "11/2024", "12/2024", "01/2025", "02/2025", "03/2025",
	    "04/2025", "05/2025", "06/2025", "07/2025", "08/2025", "09/2025", "10/2025", "11/2025",
	};
	double v[24];
	struct chart c = sample();
	int rc;
	char *s;

	(void)state;
	for (int i = 0; i < 24; i++)
		v[i] = i;
	c.n = 24;
	c.labels = months;
	c.nseries = 1;
	c.series[0].v = v;
	s = render(chart_bars, &c, &rc);
	assert_int_equal(rc, 0);
	/* 566 units for 24 points; a label 7.5 glyphs of 0.55 x 22 units wide
	 * needs 4 points: every fourth from 11/2025, the last, set against the
	 * edge, which leaves no room for 07/2025 beside it. */
	assert_int_equal(
	    count(s, "/2024</text>") + count(s, "/2023</text>") + count(s, "/2025</text>"), 5);
	assert_non_null(strstr(s, "text-anchor=\"end\">11/2025</text>"));
	assert_non_null(strstr(s, ">03/2025</text>"));
	assert_null(strstr(s, ">07/2025</text>"));
	assert_null(strstr(s, ">10/2025</text>"));
	free(s);
}

static void
test_malformed(void **state)
{
	struct chart c = sample();
	int rc;
	char *s;

	(void)state;
	c.n = 0;
	s = render(chart_bars, &c, &rc);
	assert_int_equal(rc, -1);
	free(s);
	c = sample();
	c.series[1].v = NULL;
	s = render(chart_line, &c, &rc);
	assert_int_equal(rc, -1);
	free(s);
	c = sample();
	c.nseries = CHART_SERIES_MAX + 1;
	s = render(chart_table, &c, &rc);
	assert_int_equal(rc, -1);
	free(s);
}

static void
test_nice_max(void **state)
{
	(void)state;
	assert_true(chart_nice_max(0) == 1);
	assert_true(chart_nice_max(1) == 1);
	assert_true(chart_nice_max(1.2) == 2);
	assert_true(chart_nice_max(3) == 5);
	assert_true(chart_nice_max(7) == 10);
	assert_true(chart_nice_max(100) == 100);
	assert_true(chart_nice_max(101) == 200);
	assert_true(chart_nice_max(0.3) > 0.29 && chart_nice_max(0.3) < 0.51);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bars),      cmocka_unit_test(test_line_gap),
	    cmocka_unit_test(test_xref),      cmocka_unit_test(test_table),
	    cmocka_unit_test(test_weak),      cmocka_unit_test(test_thin_labels),
	    cmocka_unit_test(test_malformed), cmocka_unit_test(test_nice_max),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
