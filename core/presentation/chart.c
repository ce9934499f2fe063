#include "chart.h"

#include <math.h>
#include <string.h>

#include "out.h"

/* Drawing box in SVG user units; the viewBox scales it to the page.  The
 * legend stands above the plot, one series a row, so the height grows
 * with the series. */
#define W 640.0
#define H0 320.0
#define LEFT 62.0
#define RIGHT 12.0
#define TOP0 44.0
#define ROW 30.0 /* one legend row */
#define BOTTOM 56.0
#define PLOT_W (W - LEFT - RIGHT)
#define H(c) (H0 + ROW * ((c)->nseries - 1))
#define TOP(c) (TOP0 + ROW * ((c)->nseries - 1))
#define PLOT_H (H0 - TOP0 - BOTTOM)
/* The largest text size in user units the stylesheet sets (on a phone,
 * where 640 units are about 330 px): x labels are spaced for it. */
#define FONT_MAX 22.0

/* Dark-to-light so that grey-scale print keeps the series apart. */
static const char *const fills[CHART_SERIES_MAX] = {"#1f4e79", "#e08a00", "#4d9a4d", "#b0b0b0"};

double
chart_nice_max(double v)
{
	double p;

	if (!(v > 0))
		return 1;
	p = pow(10, floor(log10(v)));
	if (v <= p)
		return p;
	if (v <= 2 * p)
		return 2 * p;
	if (v <= 5 * p)
		return 5 * p;
	return 10 * p;
}

static int
valid(const struct chart *c)
{
	if (!c || c->n < 1 || c->n > CHART_POINTS_MAX || c->nseries < 1 ||
	    c->nseries > CHART_SERIES_MAX || !c->labels || !c->id)
		return 0;
	for (int s = 0; s < c->nseries; s++)
		if (!c->series[s].v)
			return 0;
	return 1;
}

static double
top_of(const struct chart *c)
{
	double m = 0;

	if (c->ymax > 0)
		return c->ymax;
	for (int s = 0; s < c->nseries; s++)
		for (int i = 0; i < c->n; i++)
			if (c->series[s].v[i] > m)
				m = c->series[s].v[i];
	if (c->yref > m)
		m = c->yref;
	return chart_nice_max(m);
}

static double
ypos(const struct chart *c, double v, double top)
{
	if (v > top)
		v = top;
	return TOP(c) + PLOT_H - v / top * PLOT_H;
}

/* Whether point I is weak: resting on too few, or in a period not over. */
static int
weak(const struct chart *c, int i)
{
	return (c->partial_last && i == c->n - 1) ||
	       (c->base && c->low_base > 0 && c->base[i] < c->low_base);
}

/* Characters (not bytes) of the UTF-8 string S. */
static int
chars(const char *s)
{
	int n = 0;

	for (; s && *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* <svg>, <title>, <desc> and the legend. */
static int
begin(FILE *f, const struct chart *c)
{
	int r = 0;

	r |= fputs("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"", f) < 0;
	r |= out_printf(f, " viewBox=\"0 0 %.0f %.0f\" width=\"100%%\"", W, H(c));
	r |= fputs(" style=\"max-width:48em;height:auto;font-family:sans-serif;font-size:12px\"",
	           f) < 0;
	r |= fputs(" aria-labelledby=\"", f) < 0;
	r |= out_attr(f, c->id);
	r |= fputs("-t ", f) < 0;
	r |= out_attr(f, c->id);
	r |= fputs("-d\"><title id=\"", f) < 0;
	r |= out_attr(f, c->id);
	r |= fputs("-t\">", f) < 0;
	r |= out_svg(f, c->title);
	r |= fputs("</title><desc id=\"", f) < 0;
	r |= out_attr(f, c->id);
	r |= fputs("-d\">", f) < 0;
	r |= out_svg(f, c->desc);
	r |= fputs("</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n", f) < 0;
	for (int s = 0; s < c->nseries; s++) {
		double y = 8 + s * ROW;
		r |=
		    out_printf(f,
		               "<rect x=\"%.1f\" y=\"%.1f\" width=\"16\" height=\"16\" fill=\"%s\" "
		               "stroke=\"#000\"/><text class=\"ct\" x=\"%.1f\" y=\"%.1f\">",
		               LEFT, y, fills[s], LEFT + 24, y + 15);
		r |= out_svg(f, c->series[s].name);
		r |= fputs("</text>\n", f) < 0;
	}
	return r ? -1 : 0;
}

/* Axes, grid, y ticks, x labels: every EVERY-th label, so that labels
 * sized for the largest text (FONT_MAX) never touch. */
static int
axes(FILE *f, const struct chart *c, double top)
{
	int r = 0, widest = 1, every;
	double gw = PLOT_W / c->n, right = W + 1000; /* left end of the last label written */

	for (int i = 0; i < c->n; i++)
		if (chars(c->labels[i]) > widest)
			widest = chars(c->labels[i]);
	/* A glyph is about 0.55 of the font size (DejaVu Sans digits 0.64,
	 * its slash and i 0.3); half a glyph between two labels. */
	every = (int)ceil((widest + 0.5) * 0.55 * FONT_MAX / gw);
	if (every < 1)
		every = 1;
	for (int t = 0; t <= 4; t++) {
		double v = top * t / 4, y = ypos(c, v, top);
		r |= out_printf(
		    f,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
		    "<text class=\"ct\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		    LEFT, y, W - RIGHT, y, t ? "#ddd" : "#000", LEFT - 6, y + 5);
		r |= out_g(f, c->lang, v);
		r |= fputs("</text>\n", f) < 0;
	}
	/* The unit above the top tick, clear of it at the largest text. */
	r |= out_printf(f, "<text class=\"ct\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
	                LEFT - 6, TOP(c) - 22);
	r |= out_svg(f, c->unit);
	r |= fputs("</text>\n", f) < 0;
	/* From the last label back, so that the newest point is always named;
	 * a label set against an edge may crowd its neighbour, which then
	 * gives way. */
	for (int i = c->n - 1; i >= 0; i -= every) {
		double x = LEFT + gw * (i + 0.5),
		       half = (chars(c->labels[i]) * 0.55 * FONT_MAX) / 2;
		const char *anchor = "middle";
		double lo = x - half, hi = x + half;
		if (hi > W - 2)
			x = W - 2, anchor = "end", lo = x - 2 * half, hi = x;
		else if (lo < 2)
			x = 2, anchor = "start", lo = x, hi = x + 2 * half;
		if (hi > right - 0.5 * 0.55 * FONT_MAX)
			continue;
		right = lo;
		r |= out_printf(f, "<text class=\"ct\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
		                x, TOP(c) + PLOT_H + 26, anchor);
		r |= out_svg(f, c->labels[i]);
		r |= fputs("</text>\n", f) < 0;
	}
	return r ? -1 : 0;
}

/* Reference lines and the closing tag. */
static int
end(FILE *f, const struct chart *c, double top)
{
	int r = 0;

	if (c->yref >= 0) {
		double y = ypos(c, c->yref, top);
		r |= out_printf(
		    f,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text class=\"ct\" x=\"%.1f\" "
		    "y=\"%.1f\" text-anchor=\"end\" fill=\"#c00\">",
		    LEFT, y, W - RIGHT, y, W - RIGHT, y - 4);
		r |= out_svg(f, c->yref_label);
		r |= fputs("</text>\n", f) < 0;
	}
	if (c->xref >= 0 && c->xref <= c->n) {
		double x = LEFT + PLOT_W / c->n * c->xref;
		r |= out_printf(
		    f,
		    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
		    "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text class=\"ct\" x=\"%.1f\" "
		    "y=\"%.1f\" fill=\"#c00\">",
		    x, TOP(c), x, TOP(c) + PLOT_H, x + 4, TOP(c) + 20);
		r |= out_svg(f, c->xref_label);
		r |= fputs("</text>\n", f) < 0;
	}
	r |= fputs("</svg>\n", f) < 0;
	return r ? -1 : 0;
}

int
chart_bars(FILE *f, const struct chart *c)
{
	double top, gw, bw, base;
	int r = 0;

	if (!valid(c))
		return -1;
	top = top_of(c);
	gw = PLOT_W / c->n;
	bw = gw * 0.8 / c->nseries;
	base = TOP(c) + PLOT_H;
	if (begin(f, c) < 0 || axes(f, c, top) < 0)
		return -1;
	for (int i = 0; i < c->n; i++)
		for (int s = 0; s < c->nseries; s++) {
			double v = c->series[s].v[i], x = LEFT + gw * i + gw * 0.1 + bw * s, y;
			if (v < 0) {
				/* Not applicable: a dashed empty box, unlike any value. */
				r |= out_printf(
				    f,
				    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" "
				    "fill=\"none\" stroke=\"#555\" stroke-dasharray=\"2 2\"/>\n",
				    x + 1, base - 10, bw > 2 ? bw - 2 : bw);
				continue;
			}
			y = ypos(c, v, top);
			if (base - y < 1.5)
				y = base - 1.5; /* a zero stays visible as a thin bar */
			/* A weak value: the bar's outline dashed and its fill pale. */
			r |= out_printf(
			    f,
			    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			    "fill=\"%s\"%s stroke=\"#000\" stroke-width=\"%s\"/>\n",
			    x, y, bw, base - y, fills[s],
			    weak(c, i) ? " fill-opacity=\"0.35\" stroke-dasharray=\"3 2\"" : "",
			    weak(c, i) ? "1.5" : "0.5");
		}
	if (r)
		return -1;
	return end(f, c, top);
}

int
chart_line(FILE *f, const struct chart *c)
{
	double top, gw;
	int r = 0;

	if (!valid(c))
		return -1;
	top = top_of(c);
	gw = PLOT_W / c->n;
	if (begin(f, c) < 0 || axes(f, c, top) < 0)
		return -1;
	for (int s = 0; s < c->nseries; s++) {
		const double *v = c->series[s].v;
		for (int i = 0; i < c->n; i++) {
			double x = LEFT + gw * (i + 0.5);
			if (v[i] < 0)
				continue;
			/* A segment only between two known values: a gap stays a gap. */
			if (i > 0 && v[i - 1] >= 0)
				r |= out_printf(
				    f,
				    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				    "stroke=\"%s\" stroke-width=\"2.5\"/>\n",
				    x - gw, ypos(c, v[i - 1], top), x, ypos(c, v[i], top),
				    fills[s]);
			/* A weak value: a hollow point, larger so that it shows. */
			if (weak(c, i))
				r |= out_printf(
				    f,
				    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"#fff\" "
				    "stroke=\"%s\" stroke-width=\"3\"/>\n",
				    x, ypos(c, v[i], top), fills[s]);
			else
				r |= out_printf(
				    f,
				    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
				    "stroke=\"#000\"/>\n",
				    x, ypos(c, v[i], top), fills[s]);
		}
	}
	if (r)
		return -1;
	return end(f, c, top);
}

/* Under the table: why some points are hollow, when some are. */
static int
note(FILE *f, const struct chart *c)
{
	int low = 0, r = 0;

	for (int i = 0; c->base && c->low_base > 0 && i < c->n; i++)
		low |= c->base[i] < c->low_base;
	if (!(low && c->note_low) && !(c->partial_last && c->note_partial))
		return 0;
	r |= fputs("<p class=\"note\">* ", f) < 0;
	if (c->partial_last && c->note_partial)
		r |= out_text(f, c->note_partial);
	if (low && c->note_low) {
		if (c->partial_last && c->note_partial)
			r |= fputs(" ", f) < 0;
		r |= out_text(f, c->note_low);
	}
	r |= fputs("</p>\n", f) < 0;
	return r;
}

int
chart_table(FILE *f, const struct chart *c)
{
	int r = 0;

	if (!valid(c))
		return -1;
	/* In a box that scrolls sideways on a phone, named and reachable from
	 * the keyboard like the pages' other wide tables. */
	r |= fputs("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"", f) <
	     0;
	r |= out_attr(f, c->title);
	r |= fputs("\"><table class=\"chart-data\"><caption>", f) < 0;
	r |= out_text(f, c->title);
	r |= fputs("</caption>\n<thead><tr><th scope=\"col\">", f) < 0;
	r |= out_text(f, c->xname);
	r |= fputs("</th>", f) < 0;
	for (int s = 0; s < c->nseries; s++) {
		r |= fputs("<th scope=\"col\">", f) < 0;
		r |= out_text(f, c->series[s].name);
		if (c->unit && *c->unit) {
			r |= fputs(" (", f) < 0;
			r |= out_text(f, c->unit);
			r |= fputs(")", f) < 0;
		}
		r |= fputs("</th>", f) < 0;
	}
	if (c->base) {
		r |= fputs("<th scope=\"col\">", f) < 0;
		r |= out_text(f, c->base_name);
		r |= fputs("</th>", f) < 0;
	}
	r |= fputs("</tr></thead>\n<tbody>\n", f) < 0;
	for (int i = 0; i < c->n; i++) {
		r |= fputs(weak(c, i) ? "<tr class=\"weak\"><th scope=\"row\">"
		                      : "<tr><th scope=\"row\">",
		           f) < 0;
		r |= out_text(f, c->labels[i]);
		if (weak(c, i))
			r |= fputs(" *", f) < 0;
		r |= fputs("</th>", f) < 0;
		for (int s = 0; s < c->nseries; s++) {
			double v = c->series[s].v[i];
			if (v < 0 && c->na_label) {
				r |= fputs("<td class=\"na\">", f) < 0;
				r |= out_text(f, c->na_label);
				r |= fputs("</td>", f) < 0;
			} else if (v < 0) {
				r |= fputs("<td class=\"na\">&ndash;</td>", f) < 0;
			} else {
				r |= fputs("<td>", f) < 0;
				r |= out_decimal(f, c->lang, v, c->decimals);
				r |= fputs("</td>", f) < 0;
			}
		}
		if (c->base)
			r |= out_printf(f, "<td>%d</td>", c->base[i]);
		r |= fputs("</tr>\n", f) < 0;
	}
	r |= fputs("</tbody></table></div>\n", f) < 0;
	r |= note(f, c);
	return r ? -1 : 0;
}
