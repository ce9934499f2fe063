#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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

/* The process's umask, read without changing it (umask(2) can only be read
 * by setting it, which would race with threads creating files); -1 when
 * unknown, and then afile_put always sets the mode. */
static int umask_now = -1;
static uint64_t salt; /* of temporary names, see tmp_suffix */
static pthread_once_t put_once = PTHREAD_ONCE_INIT;

static void
put_init(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[128];
	unsigned u;

	salt = ((uint64_t)getpid() << 32) ^ (uint64_t)time(NULL) ^ 0x9e3779b97f4a7c15u;
	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Umask: %o", &u) == 1) {
			umask_now = (int)u;
			break;
		}
	fclose(f);
}

/* Six characters for a temporary name, unique within the process (a
 * counter) and unlikely to meet another process's (pid and start time);
 * O_EXCL decides.  mkstemp's shape: ".NAME.XXXXXX", as the publisher's
 * sweep of interrupted runs expects. */
static void
tmp_suffix(char out[7])
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	static atomic_uint_fast64_t counter;
	uint64_t v;

	v = (atomic_fetch_add(&counter, 1) + 1) * 0x9e3779b97f4a7c15u ^ salt;
	for (int i = 0; i < 6; i++, v >>= 6)
		out[i] = b64[v & 63];
	out[6] = '\0';
}

/* Open a new temporary file for PATH into TMP (strlen(PATH) + 9 bytes). */
static int
open_tmp(const char *path, char *tmp, int mode, struct err *e)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	int fd = -1, made = 0;

	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		char sfx[7];
		tmp_suffix(sfx);
		memcpy(tmp, path, dir);
		sprintf(tmp + dir, ".%s.%s", path + dir, sfx);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
		if (fd >= 0 || errno == EEXIST)
			continue;
		if (errno != ENOENT || made)
			break;
		if (afile_mkdirs_for(path, e) < 0)
			return -1;
		made = 1;
	}
	if (fd < 0)
		err_set(e, "%s: %s", path, strerror(errno));
	return fd;
}

/* Write the LEN bytes at P to FD (the file PATH, for errors). */
static int
write_all(int fd, const char *p, size_t len, const char *path, struct err *e)
{
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return err_set(e, "%s: write error: %s", path,
			               w < 0 ? strerror(errno) : "short write");
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

/* Give FD, just opened as NAME for PATH, mode MODE and the LEN bytes at
 * BUF, and close it (also on an error).  Returns 0, or -1 with E set. */
static int
fill_fd(int fd, const char *name, const char *path, const void *buf, size_t len, int mode,
        struct err *e)
{
	/* open applied the umask: set the mode outright only if it took bits. */
	if ((umask_now < 0 || (mode & umask_now)) && fchmod(fd, (mode_t)mode) < 0) {
		err_set(e, "%s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	if (write_all(fd, buf, len, path, e) < 0) {
		close(fd);
		return -1;
	}
	if (close(fd) < 0)
		return err_set(e, "%s: close: %s", path, strerror(errno));
	return 0;
}

int
afile_put(const char *path, const void *buf, size_t len, int mode, struct err *e)
{
	size_t n = strlen(path) + 9;
	char stack[512], *tmp = n <= sizeof stack ? stack : malloc(n);
	const char *p = buf;
	int fd, r = -1;

	if (!tmp)
		return err_set(e, "out of memory");
	pthread_once(&put_once, put_init);
	if ((fd = open_tmp(path, tmp, mode, e)) < 0)
		goto out;
	if (fill_fd(fd, tmp, path, p, len, mode, e) < 0)
		goto fail;
	if (rename(tmp, path) < 0) {
		err_set(e, "%s: rename: %s", path, strerror(errno));
		goto fail;
	}
	r = 0;
	goto out;
fail:
	unlink(tmp);
out:
	if (tmp != stack)
		free(tmp);
	return r;
}

int
afile_create(const char *path, const void *buf, size_t len, int mode, struct err *e)
{
	int fd;

	pthread_once(&put_once, put_init);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode)) < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (fill_fd(fd, path, path, buf, len, mode, e) < 0) {
		unlink(path);
		return -1;
	}
	return 0;
}

int
afile_same(const char *path, const void *buf, size_t len)
{
	char chunk[16384];
	const char *b = buf;
	size_t off = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC), same = fd >= 0;

	/* Read one byte past LEN, so that a longer file differs too. */
	while (same && (n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			same = errno == EINTR;
			continue;
		}
		if (off + (size_t)n > len || memcmp(chunk, b + off, (size_t)n) != 0)
			same = 0;
		off += (size_t)n;
	}
	if (fd >= 0)
		close(fd); /* read-only: nothing to lose on close */
	return same && off == len;
}
