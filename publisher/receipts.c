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
	char *code, *name, *docs, *proc, *agency, *parent, *url;
	char *addr, *phone, *email;          /* the applicant's: PRIVATE, as the form asks */
	char *o_phone, *o_address, *o_hours; /* the office's contact */
	char *o_pickup;                      /* where results are collected, "" when not said */
	char check[TOKEN_CHECK_LEN + 1];
	tmin_t received, due;
	double limit_days;
	day_t provisional; /* first provisional calendar day up to the due, or CLOCK_NO_DAY */
	uint64_t old;
	struct fp *out;
	struct drec *rec; /* this run's dossier record: rsrc set once written */
};

#define W(s)                                                                                       \
	do {                                                                                       \
		if (fputs((s), f) == EOF)                                                          \
			return -1;                                                                 \
	} while (0)
#define CK(x)                                                                                      \
	do {                                                                                       \
		if ((x) < 0)                                                                       \
			return -1;                                                                 \
	} while (0)

/* A5 like the counter's printers; the national motto header and the two
 * signature blocks side by side as on the printed form.  Only the codes
 * are set in a monospace font, never their labels. */
static const char style[] =
    "<style>\n@page{size:A5 portrait;margin:8mm 9mm}\n"
    "body{font:9.5pt/1.3 'DejaVu Serif',serif;color:#000;margin:0 auto;max-width:148mm;"
    "padding:4mm}\n"
    ".top{display:grid;grid-template-columns:42% 58%;gap:1mm;text-align:center;font-size:8pt}\n"
    ".top "
    "p{margin:0}.org{text-transform:uppercase}.unit{font-weight:bold;text-transform:uppercase}\n"
    ".nation{font-weight:bold}.motto{font-weight:bold;text-decoration:underline;"
    "text-underline-offset:0.25em}\n"
    ".dateline{font-style:italic;margin-top:2mm!important}\n"
    "h1{font-size:11.5pt;text-align:center;text-transform:uppercase;margin:4mm 0 1mm}\n"
    ".code{text-align:center;margin:0 0 2mm}.mono{font-family:'DejaVu Sans Mono',monospace;"
    "font-size:10pt}\n"
    "ol.items{margin:0;padding-left:6mm}ol.items>li{margin:0.6mm 0}\n"
    "ol.docs{margin:0.5mm 0;padding-left:6mm;list-style:lower-alpha}\n"
    ".lead{margin:0.6mm 0}\n"
    ".signs{display:grid;grid-template-columns:1fr 1fr;text-align:center;margin-top:3mm;"
    "break-inside:avoid}\n.signs p{margin:0}.signs "
    ".role{font-weight:bold;text-transform:uppercase}\n"
    ".signs .hint{font-style:italic;font-size:8pt}.signs .name{margin-top:13mm;font-weight:bold}\n"
    ".track{display:grid;grid-template-columns:27mm 1fr;gap:3mm;align-items:center;"
    "border-top:1px solid #000;margin-top:3mm;padding-top:2mm;font-size:8.5pt;break-inside:avoid}\n"
    ".track p{margin:0.5mm 0}\n"
    "img{width:27mm;height:27mm;image-rendering:pixelated}.url{word-break:break-all}\n"
    ".check{font:bold 13pt 'DejaVu Sans Mono',monospace}\n"
    "@media print{body{padding:0}}\n</style>\n";

/* "08 giờ 15 phút, ngày 12 tháng 03 năm 2025", as the form words times. */
static int
form_time(FILE *f, tmin_t t)
{
	char b[CLOCK_INSTANT_LEN + 1];

	clock_format_instant(t, b);
	/* b is 'YYYY-MM-DD HH:MM', digits only. */
	CK(out_printf(f, "<time datetime=\"%.10sT%.5s\">%.2s %s %.2s %s, ", b, b + 11, b + 11,
	              msg(LANG_VI, M_R_HOUR), b + 14, msg(LANG_VI, M_R_MINUTE)));
	CK(out_printf(f, "%s %.2s %s %.2s %s %.4s</time>", msg(LANG_VI, M_R_DAY), b + 8,
	              msg(LANG_VI, M_R_MONTH), b + 5, msg(LANG_VI, M_R_YEAR), b));
	return 0;
}

static int
lead(FILE *f, enum msg_id label, const char *value)
{
	W("<p class=\"lead\">");
	W(msg(LANG_VI, label));
	W(": ");
	CK(out_text(f, value && *value ? value : "…"));
	W("</p>\n");
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
	W("<br><em class=\"provisional\">");
	W(msg(LANG_VI, M_PROVISIONAL));
	W(": ");
	W(msg(LANG_VI, M_PROVISIONAL_CROSSES));
	/* b is 'YYYY-MM-DD', digits only. */
	CK(out_printf(f, " %.2s/%.2s/%.4s, ", b + 8, b + 5, b));
	W(msg(LANG_VI, M_PROVISIONAL_MAY_MOVE));
	W(".</em>");
	return 0;
}

/* The documents received ("; "-joined, as trackdb stores them), one
 * lettered line each. */
static int
documents(FILE *f, const char *docs)
{
	const char *p = docs;

	W("<li>");
	W(msg(LANG_VI, M_R_DOCS_LIST));
	W(":");
	if (!*p) {
		W(" …</li>\n");
		return 0;
	}
	W("<ol class=\"docs\">");
	while (*p) {
		const char *end = strstr(p, "; ");
		size_t n = end ? (size_t)(end - p) : strlen(p);
		W("<li>");
		CK(out_textn(f, p, n));
		W("</li>");
		p += n + (end ? 2 : 0);
	}
	W("</ol></li>\n");
	return 0;
}

/* The place of the date line: the locality an agency is named after
 * ("UBND xã Ya Ly" -> "Ya Ly", "Sở Tư pháp tỉnh Kon Tum" -> "Kon Tum"),
 * into BUF; "" when its name ends with none. */
static void
place_of(const char *name, char *buf, size_t size)
{
	/* Parsing data, not words shown, so not in the message catalogue:
	 * the kinds of place as agencies' names in the database spell them,
	 * Vietnamese whatever the page's language; the receipt shows only
	 * what follows them. */
	static const char *const kinds[] = {"tỉnh ", "thành phố ", "huyện ",  "thị xã ",
	                                    "quận ", "xã ",        "phường ", "thị trấn "};
	const char *best = NULL;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		const char *at = name;
		while ((at = strstr(at, kinds[i]))) {
			/* A word of its own: at the start or after a space. */
			if ((at == name || at[-1] == ' ') && (!best || at > best))
				best = at + strlen(kinds[i]);
			at += strlen(kinds[i]);
		}
	}
	if (best && *best)
		snprintf(buf, size, "%s", best);
}

static int
header(FILE *f, const struct rjob *r)
{
	char place[160];
	char b[CLOCK_INSTANT_LEN + 1];

	place_of(r->agency, place, sizeof place);
	if (!*place && r->parent)
		place_of(r->parent, place, sizeof place);
	W("<div class=\"top\"><div>");
	if (r->parent && *r->parent) {
		W("<p class=\"org\">");
		CK(out_text(f, r->parent));
		W("</p>");
	}
	W("<p class=\"org\">");
	CK(out_text(f, r->agency));
	W("</p><p class=\"unit\">");
	W(msg(LANG_VI, M_R_UNIT));
	W("</p></div><div><p class=\"nation\">");
	W(msg(LANG_VI, M_R_NATION));
	W("</p><p class=\"motto\">");
	W(msg(LANG_VI, M_R_MOTTO));
	W("</p><p class=\"dateline\">");
	CK(out_text(f, *place ? place : "……"));
	clock_format_instant(r->received, b);
	/* b is digits only. */
	CK(out_printf(f, ", %s %.2s %s %.2s %s %.4s", msg(LANG_VI, M_R_DAY), b + 8,
	              msg(LANG_VI, M_R_MONTH), b + 5, msg(LANG_VI, M_R_YEAR), b));
	W("</p></div></div>\n");
	return 0;
}

static int
body(FILE *f, const struct rjob *r)
{
	char limit[96];

	CK(lead(f, M_R_UNIT, r->agency));
	CK(lead(f, M_R_FROM, r->name));
	CK(lead(f, M_R_ADDRESS, r->addr));
	W("<p class=\"lead\">");
	W(msg(LANG_VI, M_R_PHONE));
	W(": ");
	CK(out_text(f, *r->phone ? r->phone : "…"));
	W(" &nbsp; ");
	W(msg(LANG_VI, M_R_EMAIL));
	W(": ");
	CK(out_text(f, *r->email ? r->email : "…"));
	W("</p>\n");
	CK(lead(f, M_R_REQUEST, r->proc));
	W("<ol class=\"items\">\n");
	CK(documents(f, r->docs));
	/* One set: the number the procedures' records give for the counter;
	 * the back office records no other. */
	W("<li>");
	W(msg(LANG_VI, M_R_SETS));
	W(": 01 ");
	W(msg(LANG_VI, M_R_SETS_UNIT));
	W("</li>\n<li>");
	W(msg(LANG_VI, M_R_LIMIT));
	W(": ");
	/* The statutory limit in working days, half days as "0,5". */
	if ((long long)(r->limit_days * 2 + 0.5) % 2)
		snprintf(limit, sizeof limit, "%lld,5", (long long)(r->limit_days * 2 + 0.5) / 2);
	else
		snprintf(limit, sizeof limit, "%lld", (long long)(r->limit_days + 0.5));
	W(limit); /* digits only */
	W(" ");
	W(msg(LANG_VI, M_DAYS));
	W("</li>\n<li>");
	W(msg(LANG_VI, M_R_TIME_IN));
	W(": ");
	CK(form_time(f, r->received));
	W("</li>\n<li>");
	W(msg(LANG_VI, M_R_TIME_OUT));
	W(": ");
	CK(form_time(f, r->due));
	CK(provisional(f, r));
	W("</li>\n<li>");
	W(msg(LANG_VI, M_R_COLLECT));
	W(": ");
	/* The counter results are handed out at, else the office. */
	if (*r->o_pickup) {
		CK(out_text(f, r->o_pickup));
	} else if (*r->o_address) {
		CK(out_text(f, r->o_address));
	} else {
		W(msg(LANG_VI, M_SITE_OWNER));
		W(", ");
		CK(out_text(f, r->agency));
	}
	W("</li>\n</ol>\n");
	return 0;
}

static int
signatures(FILE *f, const struct rjob *r)
{
	W("<div class=\"signs\"><div><p class=\"role\">");
	W(msg(LANG_VI, M_R_SIGN_APPLICANT));
	W("</p><p class=\"hint\">");
	W(msg(LANG_VI, M_R_SIGN_HINT));
	W("</p><p class=\"name\">");
	CK(out_text(f, r->name));
	W("</p></div><div><p class=\"role\">");
	W(msg(LANG_VI, M_R_SIGN_OFFICER));
	W("</p><p class=\"hint\">");
	W(msg(LANG_VI, M_R_SIGN_HINT));
	W("</p></div></div>\n");
	return 0;
}

/* The office's phone, the QR code and the check code. */
static int
tracking(FILE *f, const struct rjob *r)
{
	W("<div class=\"track\"><img src=\"");
	CK(out_url(f, r->code));
	W(".png\" alt=\"QR\"><div><p>");
	W(msg(LANG_VI, M_R_LOOKUP));
	W("</p><p>");
	W(msg(LANG_VI, M_R_CHECK));
	W(": <span class=\"check\">");
	CK(out_text(f, r->check));
	W("</span></p><p class=\"url\">");
	CK(out_text(f, r->url));
	W("</p>");
	if (*r->o_phone) {
		W("<p>");
		W(msg(LANG_VI, M_R_CONTACT));
		W(": <strong>");
		CK(out_text(f, r->o_phone));
		W("</strong>");
		if (*r->o_hours) {
			W(" (");
			CK(out_text(f, r->o_hours));
			W(")");
		}
		W("</p>");
	}
	W("</div></div>\n<p>");
	W(msg(LANG_VI, M_R_COPIES));
	W("</p>\n");
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
	W("</head>\n<body>\n");
	CK(header(f, r));
	W("<h1>");
	W(msg(LANG_VI, M_R_TITLE));
	W("</h1>\n<p class=\"code\">");
	W(msg(LANG_VI, M_CODE));
	W(": <span class=\"mono\">");
	CK(out_text(f, r->code));
	W("</span></p>\n");
	CK(body(f, r));
	CK(signatures(f, r));
	CK(tracking(f, r));
	W("</body>\n</html>\n");
	return ferror(f) ? -1 : 0;
}

static void
rjob_free(struct rjob *r)
{
	free(r->code), free(r->name), free(r->docs), free(r->proc), free(r->agency), free(r->url);
	free(r->parent), free(r->addr), free(r->phone), free(r->email);
	free(r->o_phone), free(r->o_address), free(r->o_hours), free(r->o_pickup);
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
	FILE *f = out_memopen(&buf, &len);
	int bad = !f || render(f, r) < 0;
	uint64_t h;
	long *counter;

	if (f && fclose(f) == EOF)
		bad = 1;
	if (bad) {
		snprintf(e.msg, sizeof e.msg, "receipt: cannot render (out of memory)");
		counter = &p->c.errors;
	} else if ((h = pub_page_hash(buf, len)) == r->old) {
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
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/* By key: most receipts of an incremental run are kept, so the database
 * is read only for the dossiers whose receipt is made again. */
#define SQL_R                                                                                      \
	"SELECT d.code, d.applicant_name, d.documents, d.received_at, d.due_at, "                  \
	"d.procedure_code, d.agency_code, d.applicant_address, d.applicant_phone, "                \
	"d.applicant_email, a.phone, a.address, a.hours, a.pickup_place FROM dossiers d "          \
	"LEFT JOIN agencies a ON a.code = d.agency_code WHERE d.code = ?1"

static struct rjob *
make_job(struct pub *p, sqlite3_stmt *d, const char *token, const struct site *site)
{
	struct rjob *r = calloc(1, sizeof *r);
	const struct s_proc *pr = site_proc(site, store_text(d, 5));
	const struct s_agency *ag = site_agency(site, store_text(d, 6)), *pa;
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
	pa = ag && ag->parent ? site_agency(site, ag->parent) : NULL;
	r->parent = strdup(pa ? pa->name : "");
	r->addr = strdup(store_text(d, 7));
	r->phone = strdup(store_text(d, 8));
	r->email = strdup(store_text(d, 9));
	r->o_phone = strdup(store_text(d, 10));
	r->o_address = strdup(store_text(d, 11));
	r->o_hours = strdup(store_text(d, 12));
	r->o_pickup = strdup(store_text(d, 13));
	r->limit_days = pr ? pr->limit_days : 0;
	if ((r->url = malloc(n)))
		snprintf(r->url, n, "%s/%s", p->o.base_url, path);
	token_check_of(&p->key, code, strlen(code), r->check);
	if (!r->code || !r->name || !r->docs || !r->proc || !r->agency || !r->url || !r->parent ||
	    !r->addr || !r->phone || !r->email || !r->o_phone || !r->o_address || !r->o_hours ||
	    !r->o_pickup || clock_parse_instant(store_text(d, 3), &r->received, NULL) < 0 ||
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
