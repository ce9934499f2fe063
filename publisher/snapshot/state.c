/*
 * The state file: what the last complete run published, so that the next
 * run re-renders only what changed.  It is written last (after every page
 * it describes is in place), so a run killed midway leaves the previous
 * state, and the next run redoes that run's work: pages are rendered to
 * memory and compared, so redoing is safe.
 *
 * Format (native byte order: the file never leaves the machine):
 *   "PUBSTATE1\n", then three length-prefixed strings (site, receipts,
 *   base URL: a state made for other outputs is ignored), then two counts
 *   and the two arrays of struct fp (dossier pages, receipts).
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "pub.h"

#define MAGIC "PUBSTATE1\n"

static int
read_str(FILE *f, char *buf, size_t size)
{
	uint32_t n;

	if (fread(&n, sizeof n, 1, f) != 1 || n >= size || fread(buf, 1, n, f) != n)
		return -1;
	buf[n] = '\0';
	return 0;
}

static int
read_set(FILE *f, struct fp_set *s, uint64_t n)
{
	if (n > (1u << 30))
		return -1;
	s->v = malloc((size_t)n * sizeof *s->v + 1);
	if (!s->v || (n && fread(s->v, sizeof *s->v, (size_t)n, f) != n))
		return -1;
	s->n = (size_t)n;
	return 0;
}

/* Read the header; *PAGES / *RCPTS say whether the two sets were made for
 * this run's site and for its receipts directory and base URL. */
static int
header(FILE *f, const struct pub *p, int *pages, int *rcpts)
{
	char magic[sizeof MAGIC], site[4096], rcpt[4096], url[4096];

	if (fread(magic, 1, sizeof MAGIC - 1, f) != sizeof MAGIC - 1 ||
	    memcmp(magic, MAGIC, sizeof MAGIC - 1) != 0)
		return -1;
	if (read_str(f, site, sizeof site) < 0 || read_str(f, rcpt, sizeof rcpt) < 0 ||
	    read_str(f, url, sizeof url) < 0)
		return -1;
	*pages = strcmp(site, p->site) == 0;
	*rcpts =
	    *pages && strcmp(rcpt, p->rcpt ? p->rcpt : "") == 0 && strcmp(url, p->o.base_url) == 0;
	return 0;
}

static void
drop(struct fp_set *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

int
state_load(struct pub *p, struct err *e)
{
	FILE *f;
	uint64_t n[2];
	char idx[4096];
	int pages = 0, rcpts = 0;

	(void)e;
	if (p->o.full)
		return 0;
	/* A site without its home page was never completed: build it all. */
	if (snprintf(idx, sizeof idx, "%s/index.html", p->site) >= (int)sizeof idx ||
	    access(idx, F_OK) < 0)
		return 0;
	if (!(f = fopen(p->state_path, "rb")))
		return 0; /* first run */
	if (header(f, p, &pages, &rcpts) < 0 || fread(n, sizeof n[0], 2, f) != 2 ||
	    read_set(f, &p->old_pages, n[0]) < 0 || read_set(f, &p->old_rcpts, n[1]) < 0) {
		/* Unreadable: start afresh rather than fail. */
		pages = rcpts = 0;
	}
	if (!pages)
		drop(&p->old_pages);
	if (!rcpts)
		drop(&p->old_rcpts);
	fclose(f); /* read-only */
	return 0;
}

static int
write_str(FILE *f, const char *s)
{
	uint32_t n = (uint32_t)strlen(s);
	return fwrite(&n, sizeof n, 1, f) == 1 && fwrite(s, 1, n, f) == n ? 0 : -1;
}

static int
write_set(FILE *f, const struct fp_set *s)
{
	/* An empty set may have no array at all. */
	return s->n == 0 || fwrite(s->v, sizeof *s->v, s->n, f) == s->n ? 0 : -1;
}

int
state_save(struct pub *p, struct err *e)
{
	struct afile a;
	uint64_t n[2] = {p->new_pages.n, p->new_rcpts.n};

	fp_sort(&p->new_pages);
	fp_sort(&p->new_rcpts);
	if (afile_open(&a, p->state_path, 0600, 1, e) < 0)
		return -1;
	if (fputs(MAGIC, a.f) == EOF || write_str(a.f, p->site) < 0 ||
	    write_str(a.f, p->rcpt ? p->rcpt : "") < 0 || write_str(a.f, p->o.base_url) < 0 ||
	    fwrite(n, sizeof n[0], 2, a.f) != 2 || write_set(a.f, &p->new_pages) < 0 ||
	    write_set(a.f, &p->new_rcpts) < 0) {
		err_set(e, "%s: write error: %s", p->state_path, strerror(errno));
		afile_abort(&a);
		return -1;
	}
	return afile_commit(&a, 1, e);
}

/* afile's temporary names: ".NAME.XXXXXX" (six mkstemp characters). */
static int
is_temp_name(const char *name)
{
	size_t n = strlen(name);
	return n > 8 && name[0] == '.' && name[n - 7] == '.';
}

static int
sweep_one(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	if (type == FTW_F && is_temp_name(path + ftw->base))
		unlink(path); /* best effort: a leftover is only clutter */
	return 0;
}

static char *
marker_path(const struct pub *p)
{
	size_t n = strlen(p->state_path) + sizeof ".running";
	char *m = malloc(n);
	if (m)
		snprintf(m, n, "%s.running", p->state_path);
	return m;
}

int
state_begin(struct pub *p, struct err *e)
{
	char *m = marker_path(p);
	int fd;

	if (!m)
		return err_set(e, "out of memory");
	if (access(m, F_OK) == 0) {
		/* The last run was killed: remove the temporary files it left. */
		nftw(p->site, sweep_one, 32, FTW_PHYS);
		if (p->rcpt)
			nftw(p->rcpt, sweep_one, 32, FTW_PHYS);
	}
	if (afile_mkdirs_for(m, e) < 0 ||
	    (fd = open(m, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		err_set(e, "%s: %s", m, strerror(errno));
		free(m);
		return -1;
	}
	close(fd);
	free(m);
	return 0;
}

int
state_end(struct pub *p, struct err *e)
{
	char *m = marker_path(p);

	if (!m)
		return err_set(e, "out of memory");
	if (unlink(m) < 0 && errno != ENOENT) {
		err_set(e, "%s: %s", m, strerror(errno));
		free(m);
		return -1;
	}
	free(m);
	return 0;
}
