/*
 * The site's aggregate pages: home, the agency and procedure indexes, and
 * the order in which all of them are written.  Every page is rendered to
 * memory and written only when it differs from the file in place, so an
 * unchanged site is not touched (mtimes stay), and a page is written only
 * after the pages it links to exist: a reader never follows a dead link,
 * whenever the run is stopped.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "code.h"
#include "out.h"
#include "site.h"
#include "stats.h"
#include "store.h"

/* The site's rows are the model's (S->refs), index for index; their
 * reference columns are borrowed from it (NULL for NULL). */
static int
load_agencies(struct site *s, struct err *e)
{
	const struct refs *r = s->refs;

	if (r->nag && !(s->ag = calloc(r->nag, sizeof *s->ag)))
		return err_set(e, "agencies: out of memory");
	for (size_t i = 0; i < r->nag; i++) {
		const struct refs_agency *m = &r->ag[i];
		struct s_agency *a = &s->ag[s->nag++];
		a->code = m->code, a->name = m->name, a->name_en = m->name_en;
		a->level = m->level, a->parent = m->parent_code, a->valid_to = m->valid_to;
		a->successor = m->successor_code, a->iso_standard = m->iso_standard;
		a->iso_announced = m->iso_announced, a->eiso_date = m->eiso_date;
		a->last_audit = m->last_audit, a->last_review = m->last_review;
		a->ok = code_agency_valid(a->code, strlen(a->code));
	}
	return 0;
}

static int
load_procs(struct site *s, struct err *e)
{
	const struct refs *r = s->refs;

	if (r->npr && !(s->pr = calloc(r->npr, sizeof *s->pr)))
		return err_set(e, "procedures: out of memory");
	for (size_t i = 0; i < r->npr; i++) {
		const struct refs_procedure *m = &r->pr[i];
		struct s_proc *p = &s->pr[s->npr++];
		p->code = m->code, p->name = m->name, p->name_en = m->name_en;
		p->field = m->field_code, p->level = m->level, p->fee_note = m->fee_note;
		p->limit_days = m->limit_days;
		p->fee = m->fee_vnd;
		p->docs = m->docs, p->ndocs = m->ndocs;
		p->ok = code_procedure_valid(p->code);
	}
	return 0;
}

/* The pages list a procedure's processes by agency and version. */
static int
cmp_process(const void *a, const void *b)
{
	const struct s_process *x = a, *y = b;
	int c = strcmp(x->procedure, y->procedure);

	if (!c)
		c = strcmp(x->agency, y->agency);
	if (!c)
		c = (x->version > y->version) - (x->version < y->version);
	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int
load_processes(struct site *s, struct err *e)
{
	const struct refs *r = s->refs;

	if (r->nps && !(s->ps = calloc(r->nps, sizeof *s->ps)))
		return err_set(e, "processes: out of memory");
	for (size_t i = 0; i < r->nps; i++) {
		const struct refs_process *m = &r->ps[i];
		struct s_process *p = &s->ps[s->nps++];
		p->id = m->id, p->doc_code = m->doc_code, p->agency = m->agency_code;
		p->procedure = m->procedure_code, p->from = m->effective_from;
		p->to = m->effective_to, p->version = m->version;
	}
	if (s->nps)
		qsort(s->ps, s->nps, sizeof *s->ps, cmp_process);
	return 0;
}

/* The current ratings (the snapshot's ratings_current) per agency, this
 * year and all years, of the templates' first question, given before now:
 * what the satisfaction and service-index pages count. */
static int
load_ratings(sqlite3 *snap, struct site *s, struct err *e)
{
	sqlite3_stmt *st = store_prepare(
	    snap,
	    "SELECT d.agency_code, r.rated_at, r.satisfied FROM ratings_current r JOIN dossiers d "
	    "ON d.code = r.dossier_code WHERE r.rated_at < ?1 AND r.question = (SELECT question "
	    "FROM rating_questions ORDER BY template <> 'default', seq, question LIMIT 1)",
	    e);
	char now[CLOCK_INSTANT_LEN + 1], year[8];
	int rc;

	if (!st)
		return -1;
	clock_format_instant(s->now, now);
	snprintf(year, sizeof year, "%04d-", s->year);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct s_agency *a = site_agency(s, store_text(st, 0));
		int sat = sqlite3_column_int(st, 2) != 0;
		if (!a)
			continue;
		a->rated[PER_ALL]++;
		a->satisfied[PER_ALL] += sat;
		if (!strncmp(store_text(st, 1), year, 5)) {
			a->rated[PER_YEAR]++;
			a->satisfied[PER_YEAR] += sat;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "ratings: %s", sqlite3_errmsg(snap));
}

struct site *
site_load(sqlite3 *snap, const struct refs *refs, tmin_t now, struct err *e)
{
	struct site *s = calloc(1, sizeof *s);
	int mday;

	if (!s) {
		err_set(e, "out of memory");
		return NULL;
	}
	clock_civil((day_t)(now / CLOCK_MIN_PER_DAY), &s->year, &s->month, &mday);
	clock_format_date((day_t)(now / CLOCK_MIN_PER_DAY), s->today);
	s->now = now;
	s->refs = refs;
	if (load_agencies(s, e) < 0 || load_procs(s, e) < 0 || load_processes(s, e) < 0 ||
	    load_ratings(snap, s, e) < 0) {
		err_prefix(e, "snapshot");
		site_free(s);
		return NULL;
	}
	return s;
}

void
site_free(struct site *s)
{
	if (!s)
		return;
	free(s->ag), free(s->pr), free(s->ps); /* their text is the model's */
	free(s);
}

struct s_agency *
site_agency(const struct site *s, const char *code)
{
	int i = refs_agency_index(s->refs, code);

	return i < 0 || (size_t)i >= s->nag ? NULL : &s->ag[i];
}

struct s_proc *
site_proc(const struct site *s, const char *code)
{
	int i = refs_procedure_index(s->refs, code);

	return i < 0 || (size_t)i >= s->npr ? NULL : &s->pr[i];
}

const char *
site_field_name(const struct site *s, const char *code, enum lang lang)
{
	int i = refs_field_index(s->refs, code);
	const struct refs_field *f = i < 0 ? NULL : &s->refs->fi[i];

	if (!f)
		return code;
	return lang == LANG_EN && f->name_en ? f->name_en : f->name;
}

int
site_process_current(const struct site *s, const struct s_process *ps)
{
	return (!ps->from || strcmp(ps->from, s->today) <= 0) &&
	       (!ps->to || strcmp(ps->to, s->today) >= 0);
}

void
site_use_stats(struct site *s, const struct stats_counted *c)
{
	s->st = c ? stats_counted_stats(c) : NULL;
	for (size_t i = 0; i < s->nag; i++)
		s->ag[i].sx = c ? stats_counted_agency(c, s->ag[i].code) : -1;
	for (size_t i = 0; i < s->npr; i++)
		s->pr[i].sx = c ? stats_counted_procedure(c, s->pr[i].code) : -1;
}

int
site_all_ent(const struct site *s)
{
	return s->st ? stats_entity(s->st, STATS_E_PROVINCE, 0) : -1;
}

int
site_agency_ent(const struct site *s, const struct s_agency *a)
{
	return s->st && a->sx >= 0 ? stats_entity(s->st, STATS_E_AGENCY, a->sx) : -1;
}

int
site_proc_ent(const struct site *s, const struct s_proc *p)
{
	return s->st && p->sx >= 0 ? stats_entity(s->st, STATS_E_PROCEDURE, p->sx) : -1;
}

const struct stats_ptime *
site_agency_times(const struct site *s, const struct s_agency *a)
{
	return s->st && a->sx >= 0 ? stats_ptime_of(s->st, STATS_PT_AGENCY, a->sx, -1) : NULL;
}

const struct stats_ptime *
site_proc_times(const struct site *s, const struct s_proc *p)
{
	return s->st && p->sx >= 0 ? stats_ptime_of(s->st, STATS_PT_PROCEDURE, -1, p->sx) : NULL;
}

/* Dossiers new in period PER (received in it) of entity ENT. */
static long
new_in(const struct stats *st, int ent, int per)
{
	return (long)(stats_get(st, ent, per, STATS_NEW_ONLINE) +
	              stats_get(st, ent, per, STATS_NEW_COUNTER) +
	              stats_get(st, ent, per, STATS_NEW_POST));
}

void
site_figs_of(const struct site *s, int ent, struct site_figs *out)
{
	const struct stats *st = s->st;
	int per[2];

	memset(out, 0, sizeof *out);
	if (!st || ent < 0)
		return;
	/* The calendar month and year holding now: judged at now. */
	per[PER_MONTH] = stats_period_of(st, STATS_MONTH, stats_now(st));
	per[PER_YEAR] = stats_period_of(st, STATS_YEAR, stats_now(st));
	/* Refusals count among the resolved, judged against the due like a
	 * result, as the official report form counts them (the statistics
	 * page's form does the same). */
	for (int p = PER_MONTH; p <= PER_YEAR; p++) {
		out->received[p] = new_in(st, ent, per[p]);
		out->late[p] = (long)(stats_get(st, ent, per[p], STATS_LATE) +
		                      stats_get(st, ent, per[p], STATS_REJ_LATE));
		out->ontime[p] = (long)(stats_get(st, ent, per[p], STATS_EARLY) +
		                        stats_get(st, ent, per[p], STATS_ON_TIME) +
		                        stats_get(st, ent, per[p], STATS_REJ_EARLY) +
		                        stats_get(st, ent, per[p], STATS_REJ_ON_TIME));
		out->resolved[p] = out->ontime[p] + out->late[p];
	}
	out->received[PER_ALL] =
	    (long)(stats_total(st, ent, STATS_NEW_ONLINE) +
	           stats_total(st, ent, STATS_NEW_COUNTER) + stats_total(st, ent, STATS_NEW_POST));
	out->late[PER_ALL] =
	    (long)(stats_total(st, ent, STATS_LATE) + stats_total(st, ent, STATS_REJ_LATE));
	out->ontime[PER_ALL] =
	    (long)(stats_total(st, ent, STATS_EARLY) + stats_total(st, ent, STATS_ON_TIME) +
	           stats_total(st, ent, STATS_REJ_EARLY) + stats_total(st, ent, STATS_REJ_ON_TIME));
	out->resolved[PER_ALL] = out->ontime[PER_ALL] + out->late[PER_ALL];
	out->pending = (long)stats_pending(st, ent, per[PER_MONTH]);
	out->overdue = (long)stats_get(st, ent, per[PER_MONTH], STATS_PENDING_OVERDUE);
}

/* PATH (relative to the language root of J) relative to the site root, in
 * BUF of SIZE bytes; 0, or -1 when it does not fit. */
static int
site_rel(const struct pagejob *j, const char *path, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s%s", j->lang == LANG_EN ? PAGE_DIR_EN "/" : "", path);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

int
site_exists(const struct pagejob *j, const char *path)
{
	char rel[256];

	return site_rel(j, path, rel, sizeof rel) == 0 && emit_exists(j->em, rel);
}

unsigned
site_missing(const struct pagejob *j, const char *path)
{
	struct pagejob o = *j;
	unsigned m = 0;

	m |= site_exists(j, "index.html") ? 0 : PAGE_MISSING(NAV_HOME);
	m |= site_exists(j, PAGE_DIR_AGENCIES "/index.html") ? 0 : PAGE_MISSING(NAV_AGENCIES);
	m |= site_exists(j, PAGE_DIR_PROCEDURES "/index.html") ? 0 : PAGE_MISSING(NAV_PROCEDURES);
	m |= site_exists(j, PAGE_DIR_STATS "/index.html") ? 0 : PAGE_MISSING(NAV_STATS);
	m |= site_exists(j, PAGE_DIR_ISO "/index.html") ? 0 : PAGE_MISSING(NAV_ISO);
	o.lang = j->lang == LANG_VI ? LANG_EN : LANG_VI;
	m |= site_exists(&o, path) ? 0 : PAGE_MISSING_LANG;
	return m;
}

/* FN(F, J) in the form emit_render calls. */
struct render_arg {
	int (*fn)(FILE *, struct pagejob *);
	struct pagejob *j;
};

static int
render_job(FILE *f, void *arg)
{
	struct render_arg *r = arg;

	return r->fn(f, r->j);
}

int
site_emit(struct pagejob *j, const char *path, int (*fn)(FILE *, struct pagejob *), struct err *e)
{
	struct render_arg ra = {fn, j};
	char rel[256], *buf;
	size_t len;
	int r;

	if (site_rel(j, path, rel, sizeof rel) < 0)
		return err_set(e, "%s: path too long", path);
	if (emit_render(render_job, &ra, &buf, &len) < 0)
		return err_set(e, "%s: cannot render (out of memory)", path);
	r = emit_put(j->em, rel, buf, len, e);
	free(buf);
	/* Count under the lock the dossier workers use for theirs. */
	pthread_mutex_lock(&j->p->lock);
	if (r > 0)
		j->p->c.pages++;
	else if (r == 0)
		j->p->c.pages_same++;
	pthread_mutex_unlock(&j->p->lock);
	return r < 0 ? -1 : 0;
}

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

/* A link to the page of agency or procedure CODE in DIR (relative to the
 * current page's folder, a sibling or ../DIR), or plain text when that page
 * is not there. */
int
site_ref_link(FILE *f, struct pagejob *j, const char *dir, int here, const char *code,
              const char *vi, const char *en)
{
	char path[128];

	snprintf(path, sizeof path, "%s/%s.html", dir, code ? code : "");
	if (!code || !site_exists(j, path))
		return site_name(f, vi ? vi : code, en, j->lang);
	W("<a href=\"");
	if (!here) {
		W("../");
		W(dir);
		W("/");
	}
	CK(out_url(f, code));
	W(".html\">");
	CK(site_name(f, vi, en, j->lang));
	W("</a>");
	return 0;
}

int
site_name(FILE *f, const char *vi, const char *en, enum lang lang)
{
	return out_text(f, lang == LANG_EN && en && *en ? en : vi);
}

/* A share as a percentage, "96,4%" in Vietnamese; a dash without data. */
int
site_rate(FILE *f, long part, long whole, enum lang lang)
{
	long tenth;

	if (whole <= 0)
		return fputs("–", f) == EOF ? -1 : 0;
	tenth = (part * 1000 + whole / 2) / whole;
	return out_printf(f, "%ld%c%ld%%", tenth / 10, lang == LANG_VI ? ',' : '.', tenth % 10);
}

static int
row(FILE *f, enum lang lang, enum msg_id label, const long v[PER_COUNT])
{
	W("<tr><th scope=\"row\">");
	W(msg(lang, label));
	W("</th>");
	for (int p = 0; p < PER_COUNT; p++)
		CK(out_printf(f, "<td>%ld</td>", v[p]));
	W("</tr>\n");
	return 0;
}

int
site_figures(FILE *f, const struct site *s, int ent, enum lang lang)
{
	struct site_figs fg, *t = &fg;

	/* The first round of a new site, before the statistics are counted
	 * (site_write_first): no figures yet, rather than zeros. */
	if (!s->st) {
		W("<p class=\"figures\">");
		W(msg(lang, M_NO_DATA));
		W("</p>\n");
		return 0;
	}
	site_figs_of(s, ent, t);
	W("<table class=\"figures\"><thead><tr><td></td><th scope=\"col\">");
	W(msg(lang, M_THIS_MONTH));
	W("</th><th scope=\"col\">");
	W(msg(lang, M_THIS_YEAR));
	W("</th><th scope=\"col\">");
	W(msg(lang, M_ALL_TIME));
	W("</th></tr></thead>\n<tbody>\n");
	CK(row(f, lang, M_N_RECEIVED, t->received));
	CK(row(f, lang, M_N_RESOLVED, t->resolved));
	CK(row(f, lang, M_N_ONTIME, t->ontime));
	CK(row(f, lang, M_N_LATE, t->late));
	W("<tr><th scope=\"row\">");
	W(msg(lang, M_ONTIME_RATE));
	W("</th>");
	for (int p = 0; p < PER_COUNT; p++) {
		W("<td>");
		CK(site_rate(f, t->ontime[p], t->resolved[p], lang));
		W("</td>");
	}
	W("</tr>\n</tbody></table>\n<p class=\"pending\">");
	W(msg(lang, M_N_PENDING));
	CK(out_printf(f, ": %ld · ", t->pending));
	W(msg(lang, M_N_OVERDUE));
	CK(out_printf(f, ": %ld</p>\n", t->overdue));
	return 0;
}

int
site_times(FILE *f, struct pagejob *j, const struct page *pg, const struct stats_ptime *t,
           double limit_days, const char *stats_path)
{
	enum lang l = j->lang;
	int dm = j->p->cal && j->p->cal->day_minutes > 0 ? j->p->cal->day_minutes : 480;

	W("<section class=\"summary\">\n<h2>");
	W(msg(l, M_RECENT_TIMES));
	W("</h2>\n");
	if (!t || t->n == 0) {
		W("<p>");
		W(msg(l, M_NO_DATA));
		W("</p>\n");
	} else {
		W("<dl class=\"facts\"><dt>");
		W(msg(l, M_N_RESULTS));
		CK(out_printf(f, "</dt><dd>%lld</dd><dt>", (long long)t->n));
		W(msg(l, M_MEDIAN_TIME));
		W("</dt><dd>");
		/* One decimal, as the statistics pages write it. */
		CK(out_quantity(f, l, (double)t->p50 / dm, 1, M_DAY, M_DAYS));
		if (limit_days > 0) {
			CK(out_printf(f, " (%s ", msg(l, M_LIMIT_SHORT)));
			CK(out_quantity(f, l, limit_days, -1, M_DAY, M_DAYS));
			W(")");
		}
		W("</dd><dt>");
		W(msg(l, M_ONTIME_RATE));
		W("</dt><dd>");
		CK(site_rate(f, (long)t->within_limit, (long)t->n, l));
		W("</dd></dl>\n");
	}
	W("<p>");
	if (site_exists(j, stats_path)) {
		W("<a href=\"");
		CK(page_lang_root(f, pg));
		CK(out_attr(f, stats_path));
		W("\">");
		W(msg(l, M_FULL_STATS));
		W("</a>");
	} else {
		W(msg(l, M_FULL_STATS));
	}
	W("</p>\n</section>\n");
	return 0;
}

/* Pages another module fills (the statistics and ISO roadmap indexes, the
 * statistics page of each procedure and agency): a page that says so until
 * it does, so that no link of ours ever leads nowhere. */
static int
placeholder(FILE *f, struct pagejob *j)
{
	const char *path = j->item;
	int stats = !strncmp(path, PAGE_DIR_STATS, strlen(PAGE_DIR_STATS));
	struct page pg = {j->lang,
	                  path,
	                  msg(j->lang, stats ? M_NAV_STATS : M_NAV_ISO),
	                  stats ? NAV_STATS : NAV_ISO,
	                  0,
	                  1,
	                  NULL,
	                  0};

	pg.missing = site_missing(j, path); /* a fresh site has no other page yet */
	CK(page_begin(f, &pg));
	W("<h1>");
	W(msg(j->lang, stats ? M_NAV_STATS : M_NAV_ISO));
	W("</h1>\n<p>");
	W(msg(j->lang, M_NO_DATA));
	W("</p>\n");
	return page_end(f, &pg);
}

/* The page types, in the order they are written (each declared in its own
 * file).  The indexes list the pages of the two item types, the home page
 * links the two indexes. */
extern const struct site_page_type site_page_procedure, site_page_agency, site_page_agency_index,
    site_page_procedure_index, site_page_home;
const struct site_page_type *const site_page_types[] = {
    &site_page_procedure,       &site_page_agency, &site_page_agency_index,
    &site_page_procedure_index, &site_page_home,
};
const int site_npage_types = (int)(sizeof site_page_types / sizeof site_page_types[0]);

int
site_page_path(const struct site_page_type *t, const char *code, char *buf, size_t size)
{
	int n = t->each == SITE_ONE ? snprintf(buf, size, "%s", t->path)
	                            : snprintf(buf, size, "%s/%s.html", t->path, code);

	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* Every page of type T in J's language: one, or one per well-formed
 * procedure or agency code. */
static int
each_page(struct pagejob *j, const struct site_page_type *t, struct err *e)
{
	char path[128];
	size_t n = t->each == SITE_EACH_PROCEDURE ? j->s->npr
	           : t->each == SITE_EACH_AGENCY  ? j->s->nag
	                                          : 1;

	for (size_t i = 0; i < n; i++) {
		const char *code = NULL;
		j->item = NULL;
		if (t->each == SITE_EACH_PROCEDURE) {
			if (!j->s->pr[i].ok)
				continue;
			j->item = &j->s->pr[i];
			code = j->s->pr[i].code;
		} else if (t->each == SITE_EACH_AGENCY) {
			if (!j->s->ag[i].ok)
				continue;
			j->item = &j->s->ag[i];
			code = j->s->ag[i].code;
		}
		if (site_page_path(t, code, path, sizeof path) < 0)
			return err_set(e, "%s: path too long", code);
		if (site_emit(j, path, t->write, e) < 0)
			return -1;
	}
	return 0;
}

/* A placeholder at PATH, in each language, unless a page is there. */
static int
hold(struct pagejob *j, const char *path, struct err *e)
{
	int r = 0;

	j->item = path;
	for (int l = LANG_VI; r == 0 && l < LANG_COUNT; l++) {
		j->lang = (enum lang)l;
		r = site_exists(j, path) ? 0 : site_emit(j, path, placeholder, e);
	}
	j->lang = LANG_VI;
	j->item = NULL; /* PATH may be the caller's buffer: keep no pointer to it */
	return r;
}

/* The statistics pages our pages link to (stats_site writes them
 * after us): placeholders until it has run once. */
static int
hold_stats(struct pagejob *j, struct err *e)
{
	char path[160];

	if (hold(j, PAGE_DIR_STATS "/index.html", e) < 0 ||
	    hold(j, PAGE_DIR_ISO "/index.html", e) < 0)
		return -1;
	for (size_t i = 0; i < j->s->npr + j->s->nag; i++) {
		int pr = i < j->s->npr;
		const char *code = pr ? j->s->pr[i].code : j->s->ag[i - j->s->npr].code;
		if (!(pr ? j->s->pr[i].ok : j->s->ag[i - j->s->npr].ok))
			continue;
		snprintf(path, sizeof path, PAGE_DIR_STATS "/%s/%s.html",
		         pr ? PAGE_DIR_PROCEDURES : PAGE_DIR_AGENCIES, code);
		if (hold(j, path, e) < 0)
			return -1;
		/* The agency's service-index page (site_satisfaction). */
		snprintf(path, sizeof path, PAGE_DIR_STATS "/chi-so-766/%s.html", code);
		if (!pr && hold(j, path, e) < 0)
			return -1;
	}
	return hold(j, PAGE_DIR_STATS "/hai-long.html", e);
}

/* The pages of S, with its figures or (none yet) without. */
static int
write_pages(struct pub *p, struct site *s, const struct refs *ref, int first, struct err *e)
{
	struct emit em;
	struct pagejob j = {p, s, ref, LANG_VI, NULL, &em};

	emit_init(&em, p->site); /* pages are written at once: nothing is held */
	if (hold_stats(&j, e) < 0)
		return -1;
	/* Without this run's statistics (deferred, or unchanged since the
	 * last run) the pages stay as that run wrote them with its figures,
	 * which the statistics pages show too; they wait for the next run
	 * that counts (at most --stats-every minutes). */
	if (!s->st && !first)
		return 0;
	/* Rounds until nothing changes: each page links only to pages already
	 * there, so the first round of a new site has gaps that the next
	 * fills; an up-to-date site takes one round that writes nothing. */
	for (int round = 0; round < 4; round++) {
		long before = p->c.pages;
		p->c.pages_same = 0; /* report the last round's */
		for (int l = LANG_COUNT - 1; l >= 0; l--) {
			j.lang = (enum lang)l;
			for (int t = 0; t < site_npage_types; t++)
				if (each_page(&j, site_page_types[t], e) < 0)
					return -1;
		}
		if (p->c.pages == before)
			break;
	}
	return 0;
}

int
site_write(struct pub *p, struct site *s, const struct refs *ref, struct err *e)
{
	return write_pages(p, s, ref, 0, e);
}

int
site_write_first(struct pub *p, struct site *s, const struct refs *ref, struct err *e)
{
	const struct stats *st = s->st;
	int r;

	s->st = NULL;
	r = write_pages(p, s, ref, 1, e);
	s->st = st;
	return r;
}

int
site_satisfaction(FILE *f, struct pagejob *j, const struct page *pg, const struct s_agency *a)
{
	struct pagejob vi = *j;
	enum lang l = j->lang;
	char idx[160];
	const char *sat = PAGE_DIR_STATS "/hai-long.html";

	W("<h2>");
	W(msg(l, M_SAT_SUMMARY));
	W("</h2>\n<p>");
	W(msg(l, M_SAT_YEAR));
	W(": ");
	CK(site_rate(f, a->satisfied[PER_YEAR], a->rated[PER_YEAR], l));
	W(" ");
	W(msg(l, M_SAT_N_SATISFIED));
	CK(out_printf(f, " (%ld %s); ", a->rated[PER_YEAR], msg(l, M_SAT_N_RATINGS)));
	W(msg(l, M_SAT_ALL));
	W(": ");
	CK(site_rate(f, a->satisfied[PER_ALL], a->rated[PER_ALL], l));
	W(" ");
	W(msg(l, M_SAT_N_SATISFIED));
	CK(out_printf(f, " (%ld %s)", a->rated[PER_ALL], msg(l, M_SAT_N_RATINGS)));
	W(".</p>\n<p>");
	snprintf(idx, sizeof idx, PAGE_DIR_STATS "/chi-so-766/%s.html", a->code);
	/* The statistics pages as site_times links them: the Vietnamese ones,
	 * which stand (as placeholders at first, hold_stats) from the first
	 * round on, so that a new site and an old one link alike. */
	vi.lang = LANG_VI;
	if (site_exists(&vi, sat)) {
		W("<a href=\"");
		CK(page_root(f, pg));
		CK(out_attr(f, sat));
		W("\">");
		W(msg(l, M_SAT_MORE));
		W("</a>");
	} else {
		W(msg(l, M_SAT_MORE));
	}
	W(" · ");
	if (site_exists(&vi, idx)) {
		W("<a href=\"");
		CK(page_root(f, pg));
		CK(out_attr(f, idx));
		W("\">");
		W(msg(l, M_IX_LINK));
		W("</a>");
	} else {
		W(msg(l, M_IX_LINK));
	}
	W("</p>\n");
	return 0;
}
