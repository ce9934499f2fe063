/*
 * Receipts: for each published dossier a QR image (DIR/CODE.png) carrying
 * BASE_URL/<token path>, and the printable receipt form (DIR/CODE.html,
 * "Giấy tiếp nhận hồ sơ và hẹn trả kết quả").  They hold the applicant's
 * name, so they are private (files 0600 in a 0700 directory) and never
 * under SITE.  This is the one part of the publisher that reads private
 * columns, and it writes nothing public.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "afile.h"
#include "out.h"
#include "qr.h"
#include "site.h"
#include "store.h"

struct rjob {
	char *code, *name, *docs, *proc, *agency, *url;
	char check[TOKEN_CHECK_LEN + 1];
	tmin_t received, due;
	day_t provisional; /* first provisional calendar day up to the due, or CLOCK_NO_DAY */
	uint64_t old;
	struct fp *out;
	struct drec *rec; /* this run's dossier record: rsrc set once written */
};

#define W(s) \
	do { \
		if (fputs((s), f) == EOF) \
			return -1; \
	} while (0)
#define CK(x) \
	do { \
		if ((x) < 0) \
			return -1; \
	} while (0)

static const char style[] =
	"<style>\n@page{size:A5 portrait;margin:10mm}\n"
	"body{font:11pt/1.4 'DejaVu Serif',serif;color:#000;margin:0 auto;max-width:148mm;padding:4mm}\n"
	".top{display:flex;justify-content:space-between;gap:4mm;text-align:center;font-size:9.5pt}\n"
	".nation{font-weight:bold}h1{font-size:13pt;text-align:center;margin:5mm 0 1mm}\n"
	".code{text-align:center;font-family:monospace;font-size:12pt}\n"
	"dl{display:grid;grid-template-columns:38% 1fr;gap:1.5mm 3mm}dt{font-weight:bold}dd{margin:0}\n"
	"figure{text-align:center;margin:4mm 0}img{width:32mm;height:32mm;image-rendering:pixelated}\n"
	"figcaption{font-size:8.5pt;word-break:break-all}.check{font:bold 14pt monospace}\n"
	"@media print{body{padding:0}}\n</style>\n";

static int
fact(FILE *f, enum msg_id label, const char *value)
{
	W("<dt>");
	W(msg(LANG_VI, label));
	W("</dt><dd>");
	CK(out_text(f, value));
	W("</dd>\n");
	return 0;
}

/* An appointment counted across a calendar day no decision has fixed yet
 * may move: the receipt says so under it. */
static int
provisional(FILE *f, const struct rjob *r)
{
	char b[CLOCK_DATE_LEN + 1];

	if (r->provisional == CLOCK_NO_DAY)
		return 0;
	clock_format_date(r->provisional, b);
	W("<dt>");
	W(msg(LANG_VI, M_PROVISIONAL));
	W("</dt><dd>");
	W(msg(LANG_VI, M_PROVISIONAL_CROSSES));
	/* b is 'YYYY-MM-DD', digits only. */
	CK(out_printf(f, " %.2s/%.2s/%.4s, ", b + 8, b + 5, b));
	W(msg(LANG_VI, M_PROVISIONAL_MAY_MOVE));
	W(".</dd>\n");
	return 0;
}

static int
render(FILE *f, const struct rjob *r)
{
	W("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	  "<meta name=\"robots\" content=\"noindex\">\n<title>");
	W(msg(LANG_VI, M_R_TITLE));
	W(" ");
	CK(out_text(f, r->code));
	W("</title>\n");
	W(style);
	W("</head>\n<body>\n<div class=\"top\"><div>");
	CK(out_text(f, r->agency));
	W("<br>");
	W(msg(LANG_VI, M_SITE_OWNER));
	W("</div><div class=\"nation\">");
	W(msg(LANG_VI, M_R_NATION));
	W("<br>");
	W(msg(LANG_VI, M_R_MOTTO));
	W("</div></div>\n<h1>");
	W(msg(LANG_VI, M_R_TITLE));
	W("</h1>\n<p class=\"code\">");
	W(msg(LANG_VI, M_CODE));
	W(": ");
	CK(out_text(f, r->code));
	W("</p>\n<dl>\n");
	CK(fact(f, M_R_OFFICE, r->agency));
	CK(fact(f, M_R_APPLICANT, r->name));
	CK(fact(f, M_PROCEDURE, r->proc));
	CK(fact(f, M_R_DOCUMENTS, r->docs));
	W("<dt>");
	W(msg(LANG_VI, M_RECEIVED));
	W("</dt><dd>");
	CK(view_time_html(f, r->received, LANG_VI));
	W("</dd>\n<dt>");
	W(msg(LANG_VI, M_DUE));
	W("</dt><dd>");
	CK(view_time_html(f, r->due, LANG_VI));
	W("</dd>\n");
	CK(provisional(f, r));
	W("<dt>");
	W(msg(LANG_VI, M_R_WHERE));
	W("</dt><dd>");
	W(msg(LANG_VI, M_SITE_OWNER));
	W(", ");
	CK(out_text(f, r->agency));
	W("</dd>\n<dt>");
	W(msg(LANG_VI, M_R_CHECK));
	W("</dt><dd class=\"check\">");
	CK(out_text(f, r->check));
	W("</dd>\n</dl>\n<figure><img src=\"");
	CK(out_url(f, r->code));
	W(".png\" alt=\"QR\"><figcaption>");
	W(msg(LANG_VI, M_R_SCAN));
	W("<br>");
	CK(out_text(f, r->url));
	W("</figcaption></figure>\n<p>");
	W(msg(LANG_VI, M_R_COPIES));
	W("</p>\n</body>\n</html>\n");
	return ferror(f) ? -1 : 0;
}

static void
rjob_free(struct rjob *r)
{
	free(r->code), free(r->name), free(r->docs), free(r->proc), free(r->agency), free(r->url);
	free(r);
}

static int
write_files(struct pub *p, const struct rjob *r, const char *html, size_t len, struct err *e)
{
	size_t n = strlen(p->rcpt) + strlen(r->code) + 8;
	char *path = malloc(n);
	struct afile a;
	int ret = -1;

	if (!path)
		return err_set(e, "out of memory");
	/* The image first: the page shows it. */
	snprintf(path, n, "%s/%s.png", p->rcpt, r->code);
	if (qr_png_file(path, r->url, QR_SCALE_DEFAULT, 0600, e) < 0)
		goto out;
	snprintf(path, n, "%s/%s.html", p->rcpt, r->code);
	if (afile_open(&a, path, 0600, 0, e) < 0)
		goto out;
	if (fwrite(html, 1, len, a.f) != len) {
		err_set(e, "%s: write error: %s", path, strerror(errno));
		afile_abort(&a);
		goto out;
	}
	ret = afile_commit(&a, 0, e);
out:
	free(path);
	return ret;
}

static void
run_rjob(struct pub *p, void *arg)
{
	struct rjob *r = arg;
	struct err e = {""};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int bad = !f || render(f, r) < 0;
	uint64_t h;
	long *counter;

	if (f && fclose(f) == EOF)
		bad = 1;
	if (bad) {
		snprintf(e.msg, sizeof e.msg, "receipt: cannot render (out of memory)");
		counter = &p->c.errors;
	} else if ((h = pub_hash(buf, len)) == r->old) {
		r->out->hash = h;
		counter = &p->c.receipts_same;
	} else if (write_files(p, r, buf, len, &e) < 0) {
		err_prefix(&e, "receipt");
		counter = &p->c.errors;
	} else {
		r->out->hash = h;
		counter = &p->c.receipts;
	}
	/* Each job owns its own record: no lock needed. */
	if (r->rec && r->out->hash)
		r->rec->rsrc = r->rec->src;
	if (counter == &p->c.errors)
		p->report(p, r->code, e.msg);
	pthread_mutex_lock(&p->lock);
	(*counter)++;
	pthread_mutex_unlock(&p->lock);
	free(buf);
	rjob_free(r);
}

/* Dossier codes name files here: letters, digits, '.', '-', '_' only. */
static int
file_safe(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* By key: most receipts of an incremental run are kept, so the database
 * is read only for the dossiers whose receipt is made again. */
#define SQL_R "SELECT code, applicant_name, documents, received_at, due_at, procedure_code, " \
	"agency_code FROM dossiers WHERE code = ?1"

static struct rjob *
make_job(struct pub *p, sqlite3_stmt *d, const char *token, const struct site *site)
{
	struct rjob *r = calloc(1, sizeof *r);
	const struct s_proc *pr = site_proc(site, store_text(d, 5));
	const struct s_agency *ag = site_agency(site, store_text(d, 6));
	char path[TOKEN_PATH_LEN + 1];
	size_t n = strlen(p->o.base_url) + sizeof path + 2;
	const char *code = store_text(d, 0);

	if (!r)
		return NULL;
	token_path(token, path);
	r->code = strdup(code);
	r->name = strdup(store_text(d, 1));
	r->docs = strdup(store_text(d, 2));
	r->proc = strdup(pr ? pr->name : store_text(d, 5));
	r->agency = strdup(ag ? ag->name : store_text(d, 6));
	if ((r->url = malloc(n)))
		snprintf(r->url, n, "%s/%s", p->o.base_url, path);
	token_check_of(&p->key, code, strlen(code), r->check);
	if (!r->code || !r->name || !r->docs || !r->proc || !r->agency || !r->url ||
	    clock_parse_instant(store_text(d, 3), &r->received, NULL) < 0 ||
	    clock_parse_instant(store_text(d, 4), &r->due, NULL) < 0) {
		rjob_free(r);
		return NULL;
	}
	r->provisional = clock_first_provisional(p->cal, r->received, r->due);
	return r;
}

/* Whether the receipt of the dossier whose record is CUR, written by an
 * earlier run (hash OLD_HASH), is still right: its row and events have the
 * same fingerprint as when it was made (CUR->rsrc, from a run with
 * receipts) and nothing else it shows changed (p->gfp covers the
 * reference tables, the key, the base URL and this binary).  A receipt
 * does not depend on "now".  Then it is neither rendered nor encoded. */
static int
receipt_fresh(const struct drec *cur, uint64_t old_hash)
{
	/* cur->rsrc is carried only under the same p->gfp (snapdossiers.c). */
	return old_hash && cur && cur->rsrc == cur->src;
}

/* Queue the receipt of CODE (TOKEN, code hash CH, last hash OLD) read from
 * the database by D.  Returns 0, or -1 with E set. */
static int
queue_one(struct pub *p, struct pool *pl, sqlite3_stmt *d, const struct site *site,
          const char *code, const char *token, uint64_t ch, uint64_t old, struct err *e)
{
	struct rjob *r;
	int rc;

	sqlite3_bind_text(d, 1, code, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(d)) != SQLITE_ROW) {
		sqlite3_reset(d);
		if (rc != SQLITE_DONE)
			return err_set(e, "receipts: %s", sqlite3_errmsg(sqlite3_db_handle(d)));
		p->report(p, code, "receipt: the dossier left the database during the run");
		return 0;
	}
	r = make_job(p, d, token, site);
	sqlite3_reset(d);
	if (!r)
		return err_set(e, "out of memory");
	r->out = &p->new_rcpts.v[p->new_rcpts.n++];
	r->out->code = ch;
	r->old = old;
	r->rec = drec_find(&p->new_d, ch);
	pool_submit(pl, run_rjob, r);
	return 0;
}

int
receipts_write(struct pub *p, sqlite3 *db, sqlite3 *snap, const struct site *site, struct err *e)
{
	sqlite3_stmt *d = NULL, *s = NULL;
	struct pool *pl = NULL;
	int rc, ret = -1;
	long done = 0;
	uint64_t ch, old;

	if (!(p->new_rcpts.v = calloc((size_t)p->c.dossiers + 1, sizeof *p->new_rcpts.v)))
		return err_set(e, "out of memory");
	if (!(d = store_prepare(db, SQL_R, e)) ||
	    !(s = store_prepare(snap, "SELECT code, token FROM dossiers ORDER BY code", e)) ||
	    !(pl = pool_new(p, p->o.jobs, e)))
		goto out;
	/* The snapshot's dossiers are the published ones. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && p->new_rcpts.n < (size_t)p->c.dossiers) {
		const char *code = store_text(s, 0), *token = store_text(s, 1);
		if (pub_is_bad(p, code))
			continue;
		if (!file_safe(code)) {
			p->report(p, code, "receipt: dossier code not usable as a file name");
			continue;
		}
		ch = pub_hash_str(code);
		if (receipt_fresh(drec_find(&p->new_d, ch), (old = fp_lookup(&p->old_rcpts, ch)))) {
			p->new_rcpts.v[p->new_rcpts.n++] = (struct fp){ch, old};
			/* Workers count into the same counters under the lock
			 * while this loop runs: an unlocked ++ here lost updates. */
			pthread_mutex_lock(&p->lock);
			p->c.receipts_same++;
			pthread_mutex_unlock(&p->lock);
			continue;
		}
		if (queue_one(p, pl, d, site, code, token, ch, old, e) < 0)
			goto out;
		if (++done % 5000 == 0)
			p->progress(p, "receipts", done, p->c.dossiers);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		err_set(e, "receipts: %s", sqlite3_errmsg(snap));
		goto out;
	}
	ret = 0;
out:
	pool_finish(pl);
	{
		size_t o = 0; /* keep only receipts written or confirmed */
		for (size_t i = 0; i < p->new_rcpts.n; i++)
			if (p->new_rcpts.v[i].hash)
				p->new_rcpts.v[o++] = p->new_rcpts.v[i];
		p->new_rcpts.n = o;
	}
	sqlite3_finalize(d);
	sqlite3_finalize(s);
	return ret;
}
