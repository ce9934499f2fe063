/*
 * chart: small SVG charts for the statistics and roadmap pages.
 *
 * No JavaScript: plain inline SVG that scales to the page width (viewBox,
 * width 100%), so a 360 px phone and a printed A4 page both show it.  Its
 * text carries the class "ct": the site's stylesheet enlarges it on narrow
 * screens (the drawing shrinks there), and the x labels are thinned so that
 * they stay apart even at that size.  Every
 * chart names itself with <title> and <desc> (role="img",
 * aria-labelledby), and chart_table writes the same numbers as an HTML
 * table: the text alternative for screen readers, print and copy-paste.
 * Colours are paired with strokes and darkness steps so that a black and
 * white print still separates the series.
 *
 * Strings from the data (title, labels, series names) are escaped with
 * out_svg / out_text here; numbers are written in the chart's language
 * (out_num: a decimal comma in Vietnamese).
 */
#ifndef CHART_H
#define CHART_H

#include <stdio.h>

#include "msg.h"

#define CHART_SERIES_MAX 4
#define CHART_MISSING (-1.0) /* a value < 0 is "no data" (drawn as a gap) */

struct chart_series {
	const char *name; /* legend text */
	const double *v;  /* n values, >= 0, or CHART_MISSING */
};

struct chart {
	const char *id;            /* id prefix, unique on the page ([a-z0-9-]) */
	const char *title;         /* what it shows (also the table's caption) */
	const char *desc;          /* one sentence: how to read it, the key finding */
	const char *xname;         /* header of the label column in the table */
	const char *unit;          /* unit shown beside the y axis, e.g. "%" */
	int n;                     /* points on the x axis, 1..CHART_POINTS_MAX */
	const char *const *labels; /* n x labels */
	int nseries;               /* 1..CHART_SERIES_MAX */
	struct chart_series series[CHART_SERIES_MAX];
	double ymax; /* top of the y axis; 0 = a round number above the data */
	double yref; /* horizontal reference line (a target), < 0 = none */
	const char *yref_label;
	int xref; /* vertical marker before bar XREF (a limit), -1 = none */
	const char *xref_label;
	int decimals;   /* decimals of the values in the table */
	enum lang lang; /* how numbers are written (a decimal comma in
	                   Vietnamese, the default) */
	/* How much a value can be trusted.  BASE (n values, or NULL) is what
	 * each point rests on (the dossiers a rate is a share of): the table
	 * shows it in a column headed BASE_NAME, and a point resting on fewer
	 * than LOW_BASE is drawn hollow.  PARTIAL_LAST: the last point's
	 * period is not over yet, drawn hollow too.  Under the table a note
	 * says so (NOTE_LOW, NOTE_PARTIAL) when a point is hollow. */
	const int *base;
	const char *base_name;
	int low_base;
	int partial_last;
	const char *note_low, *note_partial;
	/* The table's word for a missing value ("not applicable", "no data");
	 * NULL writes a dash.  The bar chart marks it with a dashed box, so
	 * that it never reads as a zero (which draws a thin bar). */
	const char *na_label;
};

#define CHART_POINTS_MAX 400

/* Grouped bar chart of C to F (one group per label, one bar per series).
 * Returns 0, or -1 when C is malformed or the stream fails. */
int chart_bars(FILE *f, const struct chart *c);

/* Line chart (one line per series, a dot per value, gaps at missing;
 * hollow dots where the value is weak, see struct chart). */
int chart_line(FILE *f, const struct chart *c);

/* The text alternative: an HTML <table> with the caption, one row per label
 * and one column per series (and the base, when given), in a focusable
 * region that scrolls sideways; the note on weak points under it. */
int chart_table(FILE *f, const struct chart *c);

/* A round axis top (1, 2 or 5 times a power of ten) at or above V > 0;
 * 1 when V <= 0. */
double chart_nice_max(double v);

#endif
