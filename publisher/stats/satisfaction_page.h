/*
 * The citizens' satisfaction and the service index (Decision 766/QĐ-TTg)
 * on the statistics site, counted by core/domain/satisfaction and
 * core/domain/index766 in the same run as the report table:
 *
 *   thong-ke/hai-long.html|csv|json        satisfaction per entity and period
 *   thong-ke/chi-so-766/index.html         the service index, whole province
 *   thong-ke/chi-so-766/CODE.html          the same for agency CODE
 *   thong-ke/chi-so-766/phuong-phap.html   formulas, sources, what is left out
 *   thong-ke/chi-so-766.csv|json           the indicators, every period
 *   en/... the English pages under the same names
 *
 * Private to publisher/stats/.
 */
#ifndef SATISFACTION_PAGE_H
#define SATISFACTION_PAGE_H

#include "out.h"
#include "stats_site.h"

/* A question or a choice the pages publish: the union over the templates
 * of the snapshot, the default template's wording and order first. */
struct ss_rq {
	char *code, *text, *text_en;
};

struct ss_rc {
	char *code, *text, *text_en;
	int question; /* index into the questions */
};

struct ss_ratings {
	struct ss_rq *q;
	int nq;
	struct ss_rc *c;
	int nc;
	long counted, skipped; /* ratings counted / of an unknown dossier, question or choice */
};

#define SAT_REL PAGE_DIR_STATS "/hai-long"
#define IDX766_DIR PAGE_DIR_STATS "/chi-so-766"

/* Read the questions, choices and current ratings of the snapshot into
 * S->rt and S->sa (after ss_stream: needs S->st).  Returns 0 or -1 with E. */
int ss_ratings_load(struct ss *s, struct err *e);
/* NULL-safe on a zeroed S. */
void ss_ratings_free(struct ss *s);

/* satisfaction_page.c: hai-long.html (both languages), .csv, .json. */
int ss_satisfaction_write(struct ss *s, struct err *e);
/* index766_page.c: the service-index pages and data files. */
int ss_index766_write(struct ss *s, struct err *e);

/* Shared by both: the entity's code and name for the open data and the
 * pages ("" and "Toàn tỉnh" for the province); a period's label in L. */
const char *ss_entity_kind_name(const struct ss *s, int ent);
const char *ss_entity_code(const struct ss *s, int ent);
const char *ss_entity_name(const struct ss *s, enum lang l, int ent);
int ss_period_label_l(FILE *f, enum lang l, const struct stats_period *p);
/* The share PERMILLE as "96,4%" (Vietnamese) or "96.4%", "–" without data. */
int ss_share_l(FILE *f, enum lang l, int permille);

#endif
