#include "frame.h"

#include "out.h"

/* Set once at start, before the worker threads: whether web/ has the
 * publisher's site.css, which styles the shared dossier view. */
static int have_site_css;

void
frame_use_site_css(int yes)
{
	have_site_css = yes;
}

static int
head(FILE *f, const struct frame *fr)
{
	fputs("<!DOCTYPE html>\n<html lang=\"", f);
	fputs(fr->lang == LANG_EN ? "en" : "vi", f);
	fputs("\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<meta name=\"robots\" content=\"noindex, nofollow\">\n",
	      f);
	fputs("<title>", f);
	out_text(f, fr->title);
	fputs("</title>\n", f);
	if (have_site_css)
		fputs("<link rel=\"stylesheet\" href=\"/site.css\">\n", f);
	fputs("<link rel=\"stylesheet\" href=\"/kiosk.css\">\n"
	      "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/assets/favicon.svg\">\n",
	      f);
	if (fr->extra_css) {
		fputs("<link rel=\"stylesheet\" href=\"", f);
		out_attr(f, fr->extra_css);
		fputs("\">\n", f);
	}
	fputs("<script src=\"/kiosk.js\" defer></script>\n", f);
	if (fr->extra_js) {
		fputs("<script src=\"", f);
		out_attr(f, fr->extra_js);
		fputs("\" defer></script>\n", f);
	}
	fputs("</head>\n", f);
	return ferror(f) ? -1 : 0;
}

int
frame_begin(FILE *f, const struct frame *fr)
{
	const char *other = fr->lang == LANG_EN ? "vi" : "en";

	if (head(f, fr) < 0)
		return -1;
	fputs("<body class=\"kiosk ", f);
	fputs(fr->body_class ? fr->body_class : "page", f);
	/* kiosk.js reloads after this many seconds: a meta refresh would
	 * also move a screen-reader user away unannounced. */
	if (fr->refresh)
		out_printf(f, "\" data-retry=\"%u", fr->refresh);
	fputs("\">\n<header class=\"topbar\">\n<a class=\"btn btn-home\" href=\"/", f);
	if (fr->lang == LANG_EN)
		fputs("?lang=en", f);
	fputs("\">", f);
	fputs(msg(fr->lang, M_K_HOME), f);
	fputs("</a>\n<span class=\"topbar-title\">", f);
	fputs(msg(fr->lang, M_K_TITLE), f);
	fputs("</span>\n", f);
	if (fr->self) {
		fputs("<a class=\"btn btn-lang\" lang=\"", f);
		fputs(other, f);
		fputs("\" href=\"", f);
		out_attr(f, fr->self);
		fputs("?lang=", f);
		fputs(other, f);
		fputs("\">", f);
		fputs(msg(fr->lang, M_K_OTHER_LANG), f);
		fputs("</a>\n", f);
	}
	fputs("</header>\n<main id=\"main\">\n", f);
	return ferror(f) ? -1 : 0;
}

int
frame_end(FILE *f, const struct frame *fr)
{
	fputs("</main>\n<footer class=\"kiosk-footer\">", f);
	if (fr->as_of && *fr->as_of) {
		fputs(msg(fr->lang, M_K_DATA_AS_OF), f);
		fputs(" ", f);
		out_date(f, fr->lang, fr->as_of); /* ISO from the snapshot */
	}
	fputs("</footer>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
