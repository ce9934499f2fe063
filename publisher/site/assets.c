/*
 * The shared stylesheet (web/site.css) and images (assets/) copied into
 * SITE, written only when they differ.  They come first in a run: every
 * page links to them.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pub.h"

/* Read all of PATH into a new buffer (caller frees). */
static char *
slurp(const char *path, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f) {
		err_set(e, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len == cap) {
			char *b = realloc(buf, cap = cap ? cap * 2 : 16384);
			if (!b) {
				err_set(e, "out of memory");
				goto fail;
			}
			buf = b;
		}
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		err_set(e, "%s: read error", path);
		goto fail;
	}
	fclose(f); /* read-only */
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

static int
copy(struct pub *p, const char *from, const char *to, struct err *e)
{
	size_t len;
	char *buf = slurp(from, &len, e);
	int r;

	if (!buf)
		return -1;
	r = pub_write_if_changed(to, buf, len, 0644, e);
	free(buf);
	if (r > 0)
		p->c.pages++;
	return r < 0 ? -1 : 0;
}

static int
has_css(const char *dir)
{
	char path[PATH_MAX];
	return snprintf(path, sizeof path, "%s/web/site.css", dir) < (int)sizeof path &&
	       access(path, R_OK) == 0;
}

/* Where web/ and assets/ are: --share, $TRACKING_SHARE, beside the program
 * (build/publisher in a source tree), or the installed share directory. */
static const char *
share_dir(struct pub *p, char *buf, size_t size)
{
	static const char *const fixed[] = {"/usr/local/share/tracking", "/usr/share/tracking",
	                                    "."};
	const char *env = getenv("TRACKING_SHARE");
	char exe[PATH_MAX], *slash;
	ssize_t n;

	if (p->o.share)
		return p->o.share;
	if (env && has_css(env))
		return env;
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3 && (slash = strrchr(exe, '/')); up++) {
			*slash = '\0';
			if (has_css(exe) && (size_t)snprintf(buf, size, "%s", exe) < size)
				return buf;
			/* PREFIX/bin/publisher: PREFIX/share/tracking (any DESTDIR). */
			if (up == 1 &&
			    (size_t)snprintf(buf, size, "%s/share/tracking", exe) < size &&
			    has_css(buf))
				return buf;
		}
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (has_css(fixed[i]))
			return fixed[i];
	return NULL;
}

int
assets_install(struct pub *p, struct err *e)
{
	char buf[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	const char *share = share_dir(p, buf, sizeof buf);
	struct dirent *de;
	DIR *d;
	int r = 0;

	if (!share)
		return err_set(e, "cannot find web/site.css (use --share DIR)");
	if (snprintf(from, sizeof from, "%s/web/site.css", share) >= (int)sizeof from ||
	    snprintf(to, sizeof to, "%s/site.css", p->site) >= (int)sizeof to)
		return err_set(e, "%s: path too long", share);
	if (copy(p, from, to, e) < 0)
		return -1;
	if (snprintf(from, sizeof from, "%s/assets", share) >= (int)sizeof from)
		return err_set(e, "%s: path too long", share);
	if (!(d = opendir(from)))
		return err_set(e, "%s: %s", from, strerror(errno));
	while (r == 0 && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(from, sizeof from, "%s/assets/%s", share, de->d_name) >=
		        (int)sizeof from ||
		    snprintf(to, sizeof to, "%s/assets/%s", p->site, de->d_name) >=
		        (int)sizeof to) {
			r = err_set(e, "%s: path too long", de->d_name);
			break;
		}
		r = copy(p, from, to, e);
	}
	closedir(d);
	return r;
}
