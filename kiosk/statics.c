#include "statics.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct {
	const char *ext, *ctype;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

const char *
statics_ctype(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		size_t el = strlen(types[i].ext);
		if (n > el && strcmp(name + n - el, types[i].ext) == 0)
			return types[i].ctype;
	}
	return NULL;
}

static int
name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > STATICS_NAME_MAX || name[0] == '.' || name[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return strstr(name, "..") == NULL;
}

/* Whether PATH resolves to a regular file inside ROOT (already resolved):
 * a symlink out of the folder is refused, one within it is fine. */
static int
inside(const char *root, const char *path)
{
	char real[PATH_MAX];
	size_t rl = strlen(root);

	if (!realpath(path, real))
		return 0;
	return strncmp(real, root, rl) == 0 && real[rl] == '/';
}

static int
read_file(const char *path, struct static_file *f, struct err *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got = 0, r;

	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)STATICS_FILE_MAX) {
		close(fd);
		return err_set(e, "%s: not a regular file of at most %u bytes", path,
		               STATICS_FILE_MAX);
	}
	f->data = malloc((size_t)st.st_size + 1);
	if (!f->data) {
		close(fd);
		return err_set(e, "%s: out of memory", path);
	}
	while (got < st.st_size && (r = read(fd, f->data + got, (size_t)(st.st_size - got))) > 0)
		got += r;
	close(fd);
	if (got != st.st_size) {
		free(f->data);
		f->data = NULL;
		return err_set(e, "%s: short read", path);
	}
	f->len = (size_t)got;
	return 0;
}

static int
add_entry(struct statics *s, const char *root, const char *dir, const char *prefix,
          const char *name, struct err *e)
{
	char path[PATH_MAX];
	struct static_file *f;
	const char *ctype = statics_ctype(name);

	if (!name_ok(name) || !ctype)
		return 0;
	if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path)
		return err_set(e, "%s/%s: path too long", dir, name);
	if (!inside(root, path))
		return 0; /* a symlink pointing out, or a dangling one */
	if (s->n == STATICS_MAX)
		return err_set(e, "%s: more than %d files", dir, STATICS_MAX);
	f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	snprintf(f->url, sizeof f->url, "%s%s", prefix, name);
	f->ctype = ctype;
	if (read_file(path, f, e) < 0)
		return -1;
	s->n++;
	return 1;
}

int
statics_load(struct statics *s, const char *dir, const char *prefix, int optional, struct err *e)
{
	char root[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int added = 0, r;

	if (!realpath(dir, root) || !(d = opendir(root))) {
		if (optional && errno == ENOENT)
			return 0;
		return err_set(e, "%s: %s", dir, strerror(errno));
	}
	while ((de = readdir(d))) {
		r = add_entry(s, root, root, prefix, de->d_name, e);
		if (r < 0) {
			closedir(d);
			return -1;
		}
		added += r;
	}
	closedir(d);
	return added;
}

int
statics_alias(struct statics *s, const char *to, const char *from, struct err *e)
{
	const struct static_file *src = statics_find(s, from);
	struct static_file *f;

	if (!src)
		return 0;
	if (s->n == STATICS_MAX)
		return err_set(e, "%s: more than %d files", to, STATICS_MAX);
	if (strlen(to) >= sizeof f->url)
		return err_set(e, "%s: name too long", to);
	f = &s->files[s->n];
	memset(f, 0, sizeof *f);
	snprintf(f->url, sizeof f->url, "%s", to);
	f->ctype = statics_ctype(to) ? statics_ctype(to) : src->ctype;
	if (!(f->data = malloc(src->len + 1)))
		return err_set(e, "%s: out of memory", to);
	memcpy(f->data, src->data, src->len);
	f->len = src->len;
	s->n++;
	return 1;
}

static int
has_page(const char *dir)
{
	char path[PATH_MAX];

	return snprintf(path, sizeof path, "%s/web/kiosk.html", dir) < (int)sizeof path &&
	       access(path, R_OK) == 0;
}

static const char *
keep(char *buf, size_t size, const char *dir)
{
	return (size_t)snprintf(buf, size, "%s", dir) < size ? buf : NULL;
}

const char *
statics_share_dir(char *buf, size_t size)
{
	static const char *const fixed[] = {"/usr/local/share/tracking", "/usr/share/tracking",
	                                    "."};
	const char *env = getenv("TRACKING_SHARE");
	char exe[PATH_MAX], dir[PATH_MAX + 32], real[PATH_MAX], *slash;
	ssize_t n;

	if (env && *env && has_page(env))
		return keep(buf, size, env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0 && (exe[n] = '\0', slash = strrchr(exe, '/'))) {
		/* PREFIX/bin/kioskd: PREFIX/share/tracking. */
		*slash = '\0';
		snprintf(dir, sizeof dir, "%s/../share/tracking", exe);
		if (has_page(dir))
			return keep(buf, size, realpath(dir, real) ? real : dir);
		/* TREE/build/kioskd: TREE, the source tree it was built in. */
		for (int i = 0; i < 3; i++) {
			if (has_page(*exe ? exe : "/"))
				return keep(buf, size, *exe ? exe : "/");
			if (!(slash = strrchr(exe, '/')))
				break;
			*slash = '\0';
		}
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		if (has_page(fixed[i]))
			return keep(buf, size, fixed[i]);
	return NULL;
}

const struct static_file *
statics_find(const struct statics *s, const char *url)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->files[i].url, url) == 0)
			return &s->files[i];
	return NULL;
}

void
statics_free(struct statics *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n; i++)
		free(s->files[i].data);
	s->n = 0;
}
