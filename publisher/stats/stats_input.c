/*
 * stats_input: the statistics' per-dossier input kept between runs (the
 * format is in stats_input.h).  Mapped read-only and checked whole when
 * opened, so that the walks that follow need no error paths; written
 * through stdio to a temporary file renamed into place (afile.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "stats.h"
#include "stats_input.h"

#define MAGIC "PUBSINPUT1\n"
#define MAGIC_LEN 16
#define HEAD_LEN (MAGIC_LEN + 4 * 8)

/* A record's fixed part, on disk. */
struct si_head {
	uint64_t code, src;
	int64_t received;
	int32_t agency, procedure, process;
	int8_t channel;
	uint8_t flags;
	uint16_t codelen; /* with the NUL */
	uint32_t nev;
	uint32_t size; /* of the whole record, a multiple of 8 */
};

/* An event whose instants fit in 32 bits and step number in 8: all real
 * ones (minutes since 1970 reach 2^31 in the year 6053). */
struct si_ev {
	int32_t at, new_due;
	uint8_t kind, step_no;
	uint16_t zero;
};

/* Any other, as parsed. */
struct si_wide_ev {
	int64_t at, new_due;
	int32_t kind, step_no;
};

struct si_file {
	unsigned char *map;
	size_t len;
	uint64_t count;
};

static size_t
ev_size(unsigned flags)
{
	return flags & SI_WIDE ? sizeof(struct si_wide_ev) : sizeof(struct si_ev);
}

static size_t
record_size(size_t nev, unsigned flags, size_t codelen)
{
	return (sizeof(struct si_head) + nev * ev_size(flags) + codelen + 7) & ~(size_t)7;
}

/* Whether the record at P (LEFT bytes to the end) is whole and sound;
 * PREV is the code of the record before it, NULL for the first. */
static int
check_record(const unsigned char *p, size_t left, const char *prev, int nag, int npr, int nps)
{
	struct si_head h;
	const char *code;
	const unsigned char *ev;

	if (left < sizeof h)
		return -1;
	memcpy(&h, p, sizeof h);
	if (h.size > left || h.size % 8 || h.nev > INT_MAX / 2 || h.codelen < 1 ||
	    h.size != record_size(h.nev, h.flags, h.codelen) || h.flags & ~15u || h.agency < -1 ||
	    h.agency >= nag || h.procedure < -1 || h.procedure >= npr || h.process < -1 ||
	    h.process >= nps || h.channel < -1 || h.channel >= STATS_CH_COUNT)
		return -1;
	ev = p + sizeof h;
	code = (const char *)(ev + h.nev * ev_size(h.flags));
	if (code[h.codelen - 1] != '\0' || strlen(code) != (size_t)h.codelen - 1 ||
	    (prev && strcmp(prev, code) >= 0))
		return -1;
	for (uint32_t i = 0; i < h.nev; i++) {
		int kind;
		if (h.flags & SI_WIDE) {
			struct si_wide_ev w;
			memcpy(&w, ev + i * sizeof w, sizeof w);
			kind = w.kind;
		} else {
			kind = ((const struct si_ev *)(const void *)ev)[i].kind;
		}
		if (kind < 0 || kind >= EV_KIND_COUNT)
			return -1;
	}
	return 0;
}

static int
check_all(const struct si_file *f, int nag, int npr, int nps)
{
	const unsigned char *p = f->map + HEAD_LEN, *end = f->map + f->len;
	const char *prev = NULL;
	uint64_t n = 0;

	while (p < end) {
		struct si_head h;
		if (check_record(p, (size_t)(end - p), prev, nag, npr, nps) < 0)
			return -1;
		memcpy(&h, p, sizeof h);
		prev = (const char *)(p + sizeof h + h.nev * ev_size(h.flags));
		p += h.size;
		n++;
	}
	return n == f->count ? 0 : -1;
}

struct si_file *
si_open(const char *path, uint64_t gfp, uint64_t ref_fp, int nag, int npr, int nps,
        const char **why)
{
	struct si_file *f = NULL;
	uint64_t h[4];
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *map;

	*why = "absent";
	if (fd < 0)
		return NULL;
	*why = "damaged";
	if (fstat(fd, &st) < 0 || st.st_size < HEAD_LEN || (uint64_t)st.st_size > SIZE_MAX / 2)
		goto fail;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (map == MAP_FAILED)
		goto fail;
	if (!(f = calloc(1, sizeof *f))) {
		munmap(map, (size_t)st.st_size);
		goto fail;
	}
	f->map = map;
	f->len = (size_t)st.st_size;
	memcpy(h, f->map + MAGIC_LEN, sizeof h);
	f->count = h[2];
	if (memcmp(f->map, MAGIC, sizeof MAGIC) != 0 || h[3] != f->len - HEAD_LEN)
		goto fail;
	*why = "of another build or reference data";
	if (h[0] != gfp || h[1] != ref_fp)
		goto fail;
	*why = "damaged";
	if (check_all(f, nag, npr, nps) < 0)
		goto fail;
	close(fd);
	*why = NULL;
	return f;
fail:
	si_close(f);
	close(fd);
	return NULL;
}

void
si_close(struct si_file *f)
{
	if (!f)
		return;
	munmap(f->map, f->len);
	free(f);
}

uint64_t
si_count(const struct si_file *f)
{
	return f->count;
}

void
si_first(const struct si_file *f, struct si_cursor *c)
{
	c->p = f->map + HEAD_LEN;
	c->end = f->map + f->len;
}

int
si_more(const struct si_cursor *c)
{
	return c->p < c->end;
}

static const struct si_head *
head(const struct si_cursor *c)
{
	return (const struct si_head *)(const void *)c->p;
}

void
si_peek(const struct si_cursor *c, uint64_t *code_hash, uint64_t *src, const char **code,
        tmin_t *received, int *flags)
{
	const struct si_head *h = head(c);

	*code_hash = h->code;
	*src = h->src;
	*code = (const char *)(c->p + sizeof *h + h->nev * ev_size(h->flags));
	*received = h->received;
	*flags = h->flags;
}

void
si_skip(struct si_cursor *c)
{
	c->p += head(c)->size;
}

int
si_next(struct si_cursor *c, struct si_dossier *d, struct ev **buf, int *cap)
{
	const struct si_head *h = head(c);
	const unsigned char *ev = c->p + sizeof *h;
	int n = (int)h->nev;

	if (n > *cap) {
		struct ev *v = realloc(*buf, sizeof *v * (size_t)n);
		if (!v)
			return -1;
		*buf = v;
		*cap = n;
	}
	for (int i = 0; i < n; i++) {
		struct ev *o = &(*buf)[i];
		if (h->flags & SI_WIDE) {
			struct si_wide_ev w;
			memcpy(&w, ev + (size_t)i * sizeof w, sizeof w);
			*o = (struct ev){w.at, (enum ev_kind)w.kind, w.step_no, w.new_due};
		} else {
			const struct si_ev *x = (const struct si_ev *)(const void *)ev + i;
			*o = (struct ev){x->at, (enum ev_kind)x->kind, x->step_no, x->new_due};
		}
	}
	*d = (struct si_dossier){.code_hash = h->code,
	                         .src = h->src,
	                         .code = (const char *)(ev + (size_t)n * ev_size(h->flags)),
	                         .agency = h->agency,
	                         .procedure = h->procedure,
	                         .process = h->process,
	                         .channel = h->channel,
	                         .flags = h->flags,
	                         .received = h->received,
	                         .ev = *buf,
	                         .nev = n};
	c->p += h->size;
	return 0;
}

struct si_writer {
	struct afile a;
	uint64_t count, bytes;
	char *vbuf;
	unsigned char *rec; /* the record being encoded */
	size_t cap;
};

struct si_writer *
si_writer_open(const char *path, struct err *e)
{
	static const unsigned char zero[HEAD_LEN];
	struct si_writer *w = calloc(1, sizeof *w);

	if (!w) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (afile_open(&w->a, path, 0600, 1, e) < 0) {
		free(w);
		return NULL;
	}
	/* Large writes: at a million dossiers the file is some 200 MB. */
	if ((w->vbuf = malloc(1 << 20)))
		setvbuf(w->a.f, w->vbuf, _IOFBF, 1 << 20);
	if (fwrite(zero, 1, sizeof zero, w->a.f) != sizeof zero) {
		err_set(e, "%s: write error: %s", w->a.path, strerror(errno));
		si_writer_abort(w);
		return NULL;
	}
	return w;
}

static int
narrow(const struct si_dossier *d)
{
	for (int i = 0; i < d->nev; i++) {
		const struct ev *x = &d->ev[i];
		if (x->at < INT32_MIN || x->at > INT32_MAX || x->new_due < INT32_MIN ||
		    x->new_due > INT32_MAX || x->step_no < 0 || x->step_no > UINT8_MAX)
			return 0;
	}
	return 1;
}

static int
put_bytes(struct si_writer *w, const void *p, size_t n, struct err *e)
{
	if (fwrite(p, 1, n, w->a.f) != n)
		return err_set(e, "%s: write error: %s", w->a.path, strerror(errno));
	w->count++;
	w->bytes += n;
	return 0;
}

int
si_writer_put(struct si_writer *w, const struct si_dossier *d, struct err *e)
{
	int nev = d->flags & SI_BAD_EVENT ? 0 : d->nev;
	unsigned flags = (unsigned)(d->flags & ~SI_WIDE) | (narrow(d) ? 0 : SI_WIDE);
	size_t codelen = strlen(d->code) + 1, size = record_size((size_t)nev, flags, codelen);
	struct si_head h = {d->code_hash,      d->src,        d->received,        d->agency,
	                    d->procedure,      d->process,    (int8_t)d->channel, (uint8_t)flags,
	                    (uint16_t)codelen, (uint32_t)nev, (uint32_t)size};
	unsigned char *o;

	if (codelen > UINT16_MAX)
		return err_set(e, "%s: dossier code too long", d->code);
	if (size > w->cap) {
		unsigned char *v = realloc(w->rec, size * 2);
		if (!v)
			return err_set(e, "out of memory");
		w->rec = v;
		w->cap = size * 2;
	}
	memset(w->rec, 0, size);
	memcpy(w->rec, &h, sizeof h);
	o = w->rec + sizeof h;
	for (int i = 0; i < nev; i++) {
		const struct ev *x = &d->ev[i];
		if (flags & SI_WIDE) {
			struct si_wide_ev v = {x->at, x->new_due, (int32_t)x->kind, x->step_no};
			memcpy(o, &v, sizeof v);
			o += sizeof v;
		} else {
			struct si_ev v = {(int32_t)x->at, (int32_t)x->new_due, (uint8_t)x->kind,
			                  (uint8_t)x->step_no, 0};
			memcpy(o, &v, sizeof v);
			o += sizeof v;
		}
	}
	memcpy(o, d->code, codelen);
	return put_bytes(w, w->rec, size, e);
}

int
si_writer_copy(struct si_writer *w, const struct si_cursor *c, struct err *e)
{
	return put_bytes(w, c->p, head(c)->size, e);
}

int
si_writer_commit(struct si_writer *w, uint64_t gfp, uint64_t ref_fp, struct err *e)
{
	unsigned char hd[HEAD_LEN] = {0};
	uint64_t h[4] = {gfp, ref_fp, w->count, w->bytes};
	int r;

	memcpy(hd, MAGIC, sizeof MAGIC);
	memcpy(hd + MAGIC_LEN, h, sizeof h);
	if (fseek(w->a.f, 0, SEEK_SET) != 0 || fwrite(hd, 1, sizeof hd, w->a.f) != sizeof hd) {
		err_set(e, "%s: write error: %s", w->a.path, strerror(errno));
		si_writer_abort(w);
		return -1;
	}
	/* No fsync (at a million dossiers it would cost the run a second):
	 * the file is a cache of the snapshot, and a copy torn by a crash
	 * fails si_open's checks and is built again. */
	r = afile_commit(&w->a, 0, e);
	free(w->vbuf);
	free(w->rec);
	free(w);
	return r;
}

void
si_writer_abort(struct si_writer *w)
{
	if (!w)
		return;
	afile_abort(&w->a);
	free(w->vbuf);
	free(w->rec);
	free(w);
}
