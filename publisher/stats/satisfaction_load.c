/*
 * satisfaction_load: the questions, choices and current ratings of the
 * snapshot (data/snapshot.sql, ratings_current) into core/satisfaction,
 * and the small helpers the satisfaction and service-index pages share.
 */
#include <stdlib.h>
#include <string.h>

#include "satisfaction.h"
#include "satisfaction_page.h"
#include "store.h"

static int
find_question(const struct ss_ratings *rt, const char *code)
{
	for (int i = 0; i < rt->nq; i++)
		if (strcmp(rt->q[i].code, code) == 0)
			return i;
	return -1;
}

static int
find_choice(const struct ss_ratings *rt, int q, const char *code)
{
	for (int i = 0; i < rt->nc; i++)
		if (rt->c[i].question == q && strcmp(rt->c[i].code, code) == 0)
			return i;
	return -1;
}

static char *
dup_or_null(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NULL : strdup(store_text(st, i));
}

/* The questions, then their choices, each once: the default template's
 * first (its wording and order), then any other template's new codes. */
static int
load_templates(struct ss *s, struct ss_ratings *rt, struct err *e)
{
	sqlite3_stmt *q = store_prepare(s->db,
	                                "SELECT question, text, text_en FROM rating_questions "
	                                "ORDER BY template <> 'default', seq, question",
	                                e);
	sqlite3_stmt *c = NULL;
	int rc, r = -1;

	if (!q)
		return -1;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct ss_rq *v;
		if (find_question(rt, store_text(q, 0)) >= 0)
			continue;
		if (!(v = realloc(rt->q, sizeof *v * (size_t)(rt->nq + 1))))
			goto oom;
		rt->q = v;
		v[rt->nq] = (struct ss_rq){strdup(store_text(q, 0)), strdup(store_text(q, 1)),
		                           dup_or_null(q, 2)};
		if (!v[rt->nq++].text)
			goto oom;
	}
	if (rc != SQLITE_DONE || !(c = store_prepare(s->db,
	                                             "SELECT question, choice, text, text_en "
	                                             "FROM rating_choices ORDER BY template <> "
	                                             "'default', seq, choice",
	                                             e)))
		goto out;
	while ((rc = sqlite3_step(c)) == SQLITE_ROW) {
		int qi = find_question(rt, store_text(c, 0));
		struct ss_rc *v;
		if (qi < 0 || find_choice(rt, qi, store_text(c, 1)) >= 0)
			continue;
		if (!(v = realloc(rt->c, sizeof *v * (size_t)(rt->nc + 1))))
			goto oom;
		rt->c = v;
		v[rt->nc] = (struct ss_rc){strdup(store_text(c, 1)), strdup(store_text(c, 2)),
		                           dup_or_null(c, 3), qi};
		if (!v[rt->nc++].text)
			goto oom;
	}
	r = rc == SQLITE_DONE ? 0 : err_set(e, "rating templates: %s", sqlite3_errmsg(s->db));
	goto out;
oom:
	err_set(e, "out of memory");
out:
	sqlite3_finalize(q);
	sqlite3_finalize(c);
	return r;
}

/* Count each current rating; one of a dossier or a code the reference
 * data does not know is left out and counted as skipped. */
static int
load_ratings(struct ss *s, struct ss_ratings *rt, struct err *e)
{
	sqlite3_stmt *st = store_prepare(s->db,
	                                 "SELECT d.agency_code, d.procedure_code, r.question, "
	                                 "r.choice, r.satisfied, r.rated_at FROM "
	                                 "ratings_current r LEFT JOIN dossiers d ON d.code = "
	                                 "r.dossier_code",
	                                 e);
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct err ignored = {""};
		struct satis_rating r = {0};
		int q = find_question(rt, store_text(st, 2)), n;
		r.agency = ss_agency_index(s, store_text(st, 0));
		r.procedure = ss_procedure_index(s, store_text(st, 1));
		r.question = q;
		r.choice = q < 0 ? -1 : find_choice(rt, q, store_text(st, 3));
		r.satisfied = sqlite3_column_int(st, 4) != 0;
		if (r.agency < 0 || r.procedure < 0 || r.choice < 0 ||
		    clock_parse_instant(store_text(st, 5), &r.rated, &ignored) < 0 ||
		    (n = satis_add(s->sa, &r, &ignored)) < 0) {
			rt->skipped++;
			continue;
		}
		rt->counted += n;
		/* The figures change when it was given (and the minute after). */
		ss_bound(s, r.rated);
		ss_bound(s, r.rated + 1);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : err_set(e, "ratings: %s", sqlite3_errmsg(s->db));
}

int
ss_ratings_load(struct ss *s, struct err *e)
{
	if (!(s->rt = calloc(1, sizeof *s->rt)))
		return err_set(e, "out of memory");
	if (load_templates(s, s->rt, e) < 0 ||
	    !(s->sa = satis_new(s->st, s->rt->nq, s->rt->nc, e)) || load_ratings(s, s->rt, e) < 0)
		return err_prefix(e, "satisfaction");
	return 0;
}

void
ss_ratings_free(struct ss *s)
{
	struct ss_ratings *rt = s->rt;

	satis_free(s->sa);
	s->sa = NULL;
	if (!rt)
		return;
	for (int i = 0; i < rt->nq; i++) {
		free(rt->q[i].code);
		free(rt->q[i].text);
		free(rt->q[i].text_en);
	}
	for (int i = 0; i < rt->nc; i++) {
		free(rt->c[i].code);
		free(rt->c[i].text);
		free(rt->c[i].text_en);
	}
	free(rt->q);
	free(rt->c);
	free(rt);
	s->rt = NULL;
}

const char *
ss_entity_kind_name(const struct ss *s, int ent)
{
	static const char *const names[] = {
	    "province", "level", "agency", "rollup", "procedure", "field",
	};
	unsigned k = (unsigned)stats_entity_kind(s->st, ent);

	return k < sizeof names / sizeof names[0] ? names[k] : "";
}

const char *
ss_entity_code(const struct ss *s, int ent)
{
	int ref = stats_entity_ref(s->st, ent);

	switch (stats_entity_kind(s->st, ent)) {
	case STATS_E_PROVINCE:
		return "";
	case STATS_E_LEVEL:
		return stats_level_name(ref);
	case STATS_E_AGENCY:
	case STATS_E_ROLLUP:
		return s->ag[ref].code;
	case STATS_E_PROCEDURE:
		return s->pr[ref].code;
	case STATS_E_FIELD:
		return s->fi[ref].code;
	}
	return "";
}

/* Agencies, procedures and fields keep their Vietnamese names in English. */
const char *
ss_entity_name(const struct ss *s, enum lang l, int ent)
{
	int ref = stats_entity_ref(s->st, ent);

	switch (stats_entity_kind(s->st, ent)) {
	case STATS_E_PROVINCE:
		return msg(l, M_IX_PROVINCE);
	case STATS_E_LEVEL:
		return ss_level(l, ref);
	case STATS_E_AGENCY:
	case STATS_E_ROLLUP:
		return s->ag[ref].name;
	case STATS_E_PROCEDURE:
		return s->pr[ref].name;
	case STATS_E_FIELD:
		return s->fi[ref].name;
	}
	return "";
}

int
ss_period_label_l(FILE *f, enum lang l, const struct stats_period *p)
{
	return ss_period_label(f, l, p);
}

int
ss_share_l(FILE *f, enum lang l, int permille)
{
	if (permille < 0)
		return fputs("–", f) == EOF ? -1 : 0;
	return out_printf(f, l == LANG_EN ? "%d.%d%%" : "%d,%d%%", permille / 10, permille % 10);
}
