#include "afile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
afile_mkdirs_for(const char *path, struct err *e)
{
	char *p = strdup(path), *s;
	int r = 0;

	if (!p)
		return err_set(e, "out of memory");
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			r = err_set(e, "%s: %s", p, strerror(errno));
			break;
		}
		*s = '/';
	}
	free(p);
	return r;
}

int
afile_open(struct afile *a, const char *path, int mode, int mkdirs, struct err *e)
{
	size_t n = strlen(path);
	int fd;

	memset(a, 0, sizeof *a);
	if (mkdirs && afile_mkdirs_for(path, e) < 0)
		return -1;
	a->path = strdup(path);
	a->tmp = malloc(n + sizeof ".tmp.XXXXXX");
	if (!a->path || !a->tmp) {
		afile_abort(a);
		return err_set(e, "out of memory");
	}
	/* A leading dot keeps a half-written file out of directory listings
	 * and of the publisher's own scans. */
	{
		const char *slash = strrchr(path, '/');
		size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
		memcpy(a->tmp, path, dir);
		sprintf(a->tmp + dir, ".%s.XXXXXX", path + dir);
	}
	fd = mkstemp(a->tmp);
	if (fd < 0) {
		err_set(e, "%s: %s", path, strerror(errno));
		free(a->tmp);
		a->tmp = NULL;
		afile_abort(a);
		return -1;
	}
	if (fchmod(fd, (mode_t)mode) < 0 || !(a->f = fdopen(fd, "w"))) {
		err_set(e, "%s: %s", a->tmp, strerror(errno));
		close(fd);
		afile_abort(a);
		return -1;
	}
	return 0;
}

int
afile_commit(struct afile *a, int sync, struct err *e)
{
	int r = -1;

	if (fflush(a->f) == EOF || ferror(a->f)) {
		err_set(e, "%s: write error: %s", a->path, strerror(errno));
		goto out;
	}
	if (sync && fsync(fileno(a->f)) < 0) {
		err_set(e, "%s: fsync: %s", a->path, strerror(errno));
		goto out;
	}
	if (fclose(a->f) == EOF) {
		a->f = NULL;
		err_set(e, "%s: close: %s", a->path, strerror(errno));
		goto out;
	}
	a->f = NULL;
	if (rename(a->tmp, a->path) < 0) {
		err_set(e, "%s: rename: %s", a->path, strerror(errno));
		goto out;
	}
	free(a->tmp);
	a->tmp = NULL;
	r = 0;
out:
	afile_abort(a);
	return r;
}

void
afile_abort(struct afile *a)
{
	if (a->f)
		fclose(a->f);
	if (a->tmp)
		unlink(a->tmp);
	free(a->tmp);
	free(a->path);
	memset(a, 0, sizeof *a);
}
