/*
 * spool: a folder a province's integration drops payload files into
 * (written under a dot name, then renamed in, so that no half-written
 * file is taken).  Files are applied in name order, each as one batch,
 * and moved by rename to done/ or failed/ (with NAME.error saying why).
 *
 * A run killed at any moment is safe: before COMMIT the batch did
 * nothing and the file is still in the spool; after COMMIT and before the
 * rename the file is applied again by the next run, which changes
 * nothing (sync_apply writes only what differs).  A lock file keeps two
 * runs from taking the same file.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "trackdb.h"

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The regular files of DIR that are not dotfiles, sorted; *N of them. */
static char **
list(const char *dir, size_t *n, struct err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL, path[4096];
	size_t cap = 0;
	struct stat sb;

	*n = 0;
	if (!d) {
		err_set(e, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path ||
		    stat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
			continue;
		if (*n == cap) {
			char **w = realloc(v, (cap = cap ? cap * 2 : 64) * sizeof *w);
			if (!w)
				goto oom;
			v = w;
		}
		if (!(v[*n] = strdup(de->d_name)))
			goto oom;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_name);
	return v ? v : calloc(1, sizeof *v);
oom:
	closedir(d);
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	free(v);
	err_set(e, "out of memory");
	return NULL;
}

static int
subdir(const char *dir, const char *name, struct err *e)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return err_set(e, "%s: %s", path, strerror(errno));
	return 0;
}

/* Write failed/NAME.error (atomically) with the reason. */
static int
write_reason(const char *dir, const char *name, const char *reason, struct err *e)
{
	char path[4096];
	struct afile a;

	snprintf(path, sizeof path, "%s/failed/%s.error", dir, name);
	if (afile_open(&a, path, 0644, 0, e) < 0)
		return -1;
	if (fprintf(a.f, "%s\n", reason) < 0) {
		afile_abort(&a);
		return err_set(e, "%s: write error", path);
	}
	return afile_commit(&a, 1, e);
}

static void
add_stats(struct sync_stats *to, const struct sync_stats *f)
{
	to->dossiers += f->dossiers, to->created += f->created, to->updated += f->updated;
	to->same += f->same, to->waiting += f->waiting, to->progress += f->progress;
	to->prog_new += f->prog_new, to->prog_same += f->prog_same, to->unmapped += f->unmapped;
	to->events += f->events;
}

/* One spool file: apply, then move it where it belongs. */
static int
one(sqlite3 *db, const char *dir, const char *name, struct spool_stats *ss, struct sync_stats *st,
    void (*report)(const char *, const struct sync_stats *, const struct err *), struct err *e)
{
	char from[4096], to[4096];
	struct sync_stats fs = {0};
	struct err fe = {""};
	int ok;

	snprintf(from, sizeof from, "%s/%s", dir, name);
	ok = sync_file(db, from, &fs, &fe) == 0;
	if (!ok && write_reason(dir, name, fe.msg, e) < 0)
		return -1;
	snprintf(to, sizeof to, "%s/%s/%s", dir, ok ? "done" : "failed", name);
	if (rename(from, to) < 0)
		return err_set(e, "%s: %s", to, strerror(errno));
	if (ok)
		ss->done++, add_stats(st, &fs);
	else
		ss->failed++;
	if (report)
		report(from, &fs, ok ? NULL : &fe);
	return 0;
}

int
spool_run(sqlite3 *db, const char *dir, struct spool_stats *ss, struct sync_stats *st,
          void (*report)(const char *file, const struct sync_stats *st, const struct err *fe),
          struct err *e)
{
	char lock[4096];
	char **names = NULL;
	size_t n = 0;
	int fd, r = -1;

	if (subdir(dir, "done", e) < 0 || subdir(dir, "failed", e) < 0)
		return -1;
	snprintf(lock, sizeof lock, "%s/.lock", dir);
	if ((fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return err_set(e, "%s: %s", lock, strerror(errno));
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		err_set(e, "%s: another trackdb sync is working on this spool", dir);
		goto out;
	}
	if (!(names = list(dir, &n, e)))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (one(db, dir, names[i], ss, st, report, e) < 0)
			goto out;
	r = 0;
out:
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	close(fd); /* releases the lock */
	return r;
}
