/* The site's one file writer (emit.h). */
#include "emit.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "out.h"

void
emit_init(struct emit *em, const char *root)
{
	memset(em, 0, sizeof *em);
	em->root = root;
}

void
emit_release(struct emit *em)
{
	if (!em)
		return;
	for (size_t i = 0; i < em->nheld; i++) {
		free(em->held[i].rel);
		free(em->held[i].buf);
	}
	free(em->held);
	em->held = NULL;
	em->nheld = em->cap = 0;
}

int
emit_render(int (*fn)(FILE *, void *), void *arg, char **buf, size_t *len)
{
	FILE *f;
	int bad;

	*buf = NULL;
	*len = 0;
	if (!(f = out_memopen(buf, len))) {
		return -1;
	}
	bad = fn(f, arg) < 0 || ferror(f);
	if (fclose(f) == EOF)
		bad = 1;
	if (bad) {
		free(*buf);
		*buf = NULL;
		*len = 0;
		return -1;
	}
	return 0;
}

/* ROOT/REL in a new string, or NULL. */
static char *
full(const struct emit *em, const char *rel)
{
	size_t n = strlen(em->root) + strlen(rel) + 2;
	char *s = malloc(n);

	if (s)
		snprintf(s, n, "%s/%s", em->root, rel);
	return s;
}

int
emit_put(const struct emit *em, const char *rel, const char *buf, size_t len, struct err *e)
{
	char *path = full(em, rel);
	int r;

	if (!path)
		return err_set(e, "out of memory");
	if (afile_same(path, buf, len))
		r = 0;
	else
		r = afile_put(path, buf, len, 0644, e) < 0 ? -1 : 1;
	free(path);
	return r;
}

int
emit_hold(struct emit *em, const char *rel, int rank, char *buf, size_t len, struct err *e)
{
	struct emit_page *pg;

	if (em->nheld == em->cap) {
		size_t cap = em->cap ? em->cap * 2 : 256;
		struct emit_page *v = realloc(em->held, cap * sizeof *v);
		if (!v) {
			free(buf);
			return err_set(e, "out of memory");
		}
		em->held = v;
		em->cap = cap;
	}
	pg = &em->held[em->nheld];
	if (!(pg->rel = strdup(rel))) {
		free(buf);
		return err_set(e, "out of memory");
	}
	pg->buf = buf;
	pg->len = len;
	pg->rank = rank;
	em->nheld++;
	return 0;
}

static int
cmp_page(const void *x, const void *y)
{
	const struct emit_page *a = x, *b = y;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return strcmp(a->rel, b->rel);
}

void
emit_sort(struct emit *em)
{
	if (em->nheld)
		qsort(em->held, em->nheld, sizeof *em->held, cmp_page);
}

int
emit_flush(struct emit *em, struct err *e)
{
	int r = 0;

	emit_sort(em);
	for (size_t i = 0; i < em->nheld && r == 0; i++) {
		int w = emit_put(em, em->held[i].rel, em->held[i].buf, em->held[i].len, e);
		if (w < 0)
			r = -1;
		else if (w > 0)
			em->written++;
		else
			em->same++;
	}
	emit_release(em);
	return r;
}

int
emit_exists(const struct emit *em, const char *rel)
{
	char *path = full(em, rel);
	int r = path && access(path, F_OK) == 0;

	free(path);
	return r;
}
