#include "chart.h"

#include <math.h>
#include <string.h>

#include "out.h"

/* Drawing box in SVG user units; the viewBox scales it to the page. */
#define W 640.0
#define H 320.0
#define LEFT 52.0
#define RIGHT 12.0
#define TOP 40.0
#define BOTTOM 56.0
#define PLOT_W (W - LEFT - RIGHT)
#define PLOT_H (H - TOP - BOTTOM)

/* Dark-to-light so that grey-scale print keeps the series apart. */
static const char *const fills[CHART_SERIES_MAX] = { "#1f4e79", "#e08a00", "#4d9a4d", "#b0b0b0" };

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
ypos(double v, double top)
{
	if (v > top)
		v = top;
	return TOP + PLOT_H - v / top * PLOT_H;
}

/* <svg>, <title>, <desc> and the legend. */
static int
begin(FILE *f, const struct chart *c)
{
	int r = 0;

	r |= fputs("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"", f) < 0;
	r |= out_printf(f, " viewBox=\"0 0 %.0f %.0f\" width=\"100%%\"", W, H);
	r |= fputs(" style=\"max-width:48em;height:auto;font-family:sans-serif;font-size:12px\"", f) < 0;
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
		double x = LEFT + s * 150.0;
		r |= out_printf(f, "<rect x=\"%.1f\" y=\"10\" width=\"14\" height=\"14\" fill=\"%s\" "
		                   "stroke=\"#000\"/><text x=\"%.1f\" y=\"22\">", x, fills[s], x + 20);
		r |= out_svg(f, c->series[s].name);
		r |= fputs("</text>\n", f) < 0;
	}
	return r ? -1 : 0;
}

/* Axes, grid, y ticks, x labels (thinned to about 12 on the axis). */
static int
axes(FILE *f, const struct chart *c, double top)
{
	int r = 0, every = (c->n + 11) / 12;
	double gw = PLOT_W / c->n;

	for (int t = 0; t <= 4; t++) {
		double v = top * t / 4, y = ypos(v, top);
		r |= out_printf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
		                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
		                LEFT, y, W - RIGHT, y, t ? "#ddd" : "#000", LEFT - 4, y + 4);
		r |= out_g(f, c->lang, v);
		r |= fputs("</text>\n", f) < 0;
	}
	r |= out_printf(f, "<text x=\"4\" y=\"%.1f\">", TOP - 4);
	r |= out_svg(f, c->unit);
	r |= fputs("</text>\n", f) < 0;
	for (int i = 0; i < c->n; i += every) {
		r |= out_printf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		                LEFT + gw * (i + 0.5), TOP + PLOT_H + 16);
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
		double y = ypos(c->yref, top);
		r |= out_printf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
		                   "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%.1f\" "
		                   "text-anchor=\"end\" fill=\"#c00\">",
		                LEFT, y, W - RIGHT, y, W - RIGHT, y - 4);
		r |= out_svg(f, c->yref_label);
		r |= fputs("</text>\n", f) < 0;
	}
	if (c->xref >= 0 && c->xref <= c->n) {
		double x = LEFT + PLOT_W / c->n * c->xref;
		r |= out_printf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
		                   "stroke-width=\"2\" stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%.1f\" "
		                   "fill=\"#c00\">",
		                x, TOP, x, TOP + PLOT_H, x + 4, TOP + 12);
		r |= out_svg(f, c->xref_label);
		r |= fputs("</text>\n", f) < 0;
	}
	r |= fputs("</svg>\n", f) < 0;
	return r ? -1 : 0;
}

int
chart_bars(FILE *f, const struct chart *c)
{
	double top, gw, bw;
	int r = 0;

	if (!valid(c))
		return -1;
	top = top_of(c);
	gw = PLOT_W / c->n;
	bw = gw * 0.8 / c->nseries;
	if (begin(f, c) < 0 || axes(f, c, top) < 0)
		return -1;
	for (int i = 0; i < c->n; i++)
		for (int s = 0; s < c->nseries; s++) {
			double v = c->series[s].v[i], y;
			if (v < 0)
				continue;
			y = ypos(v, top);
			r |= out_printf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
			                   "fill=\"%s\" stroke=\"#000\" stroke-width=\"0.5\"/>\n",
			                LEFT + gw * i + gw * 0.1 + bw * s, y, bw, TOP + PLOT_H - y, fills[s]);
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
				r |= out_printf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
				                   "stroke=\"%s\" stroke-width=\"2.5\"/>\n",
				                x - gw, ypos(v[i - 1], top), x, ypos(v[i], top), fills[s]);
			r |= out_printf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" "
			                   "stroke=\"#000\"/>\n", x, ypos(v[i], top), fills[s]);
		}
	}
	if (r)
		return -1;
	return end(f, c, top);
}

int
chart_table(FILE *f, const struct chart *c)
{
	int r = 0;

	if (!valid(c))
		return -1;
	r |= fputs("<table class=\"chart-data\"><caption>", f) < 0;
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
	r |= fputs("</tr></thead>\n<tbody>\n", f) < 0;
	for (int i = 0; i < c->n; i++) {
		r |= fputs("<tr><th scope=\"row\">", f) < 0;
		r |= out_text(f, c->labels[i]);
		r |= fputs("</th>", f) < 0;
		for (int s = 0; s < c->nseries; s++) {
			double v = c->series[s].v[i];
			if (v < 0)
				r |= fputs("<td>&ndash;</td>", f) < 0;
			else
			{
				r |= fputs("<td>", f) < 0;
				r |= out_decimal(f, c->lang, v, c->decimals);
				r |= fputs("</td>", f) < 0;
			}
		}
		r |= fputs("</tr>\n", f) < 0;
	}
	r |= fputs("</tbody></table>\n", f) < 0;
	return r ? -1 : 0;
}
