/*
 * stats_site_load: what the statistics derive from the run's model of the
 * reference tables (s->refs): agency levels, successors and roadmap dates,
 * procedure fields, process step totals, in arrays indexed as the model's,
 * with the model's text borrowed.  The model is the one every part of the
 * publisher reads; these checks are the statistics' own (a level they do
 * not know, a date they cannot place).
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "stats_site.h"

int
ss_agency_index(const struct ss *s, const char *code)
{
	return refs_agency_index(s->refs, code);
}

int
ss_procedure_index(const struct ss *s, const char *code)
{
	return refs_procedure_index(s->refs, code);
}

/* A date column as a day, ROADMAP_NO_DATE when empty. */
static int
day_col(const char *text, day_t *out, struct err *e)
{
	*out = ROADMAP_NO_DATE;
	if (!*text)
		return 0;
	return clock_parse_date(text, out, e);
}

static int
agency_dates(struct ss_agency *a, struct err *e)
{
	struct roadmap_agency *r = &a->rm;

	memset(r, 0, sizeof *r);
	r->level = a->level;
	/* No quality system and no plan target: outside the ISO scope. */
	r->out_of_scope = !*a->iso_standard && !*a->iso_target;
	if (day_col(a->valid_from, &r->valid_from, e) < 0 ||
	    day_col(a->valid_to, &r->valid_to, e) < 0 ||
	    day_col(a->iso_target, &r->iso_target, e) < 0 ||
	    day_col(a->iso_announced, &r->iso_announced, e) < 0 ||
	    day_col(a->eiso_target, &r->eiso_target, e) < 0 ||
	    day_col(a->eiso_date, &r->eiso_date, e) < 0 ||
	    day_col(a->last_audit, &r->last_audit, e) < 0 ||
	    day_col(a->last_review, &r->last_review, e) < 0)
		return err_prefix(e, "agency %s", a->code);
	return 0;
}

static int
load_agencies(struct ss *s, struct err *e)
{
	const struct refs *rf = s->refs;

	assert(!s->ag && s->nag == 0); /* loaded once, into an empty struct */
	if (!(s->ag = calloc(rf->nag + 1, sizeof *s->ag)))
		return err_set(e, "out of memory");
	for (size_t i = 0; i < rf->nag; i++) {
		const struct refs_agency *m = &rf->ag[i];
		struct ss_agency *a = &s->ag[s->nag++];
		*a = (struct ss_agency){.code = m->code,
		                        .name = refs_s(m->name),
		                        .level_text = refs_s(m->level),
		                        .parent = refs_s(m->parent_code),
		                        .successor_code = refs_s(m->successor_code),
		                        .successor = m->successor,
		                        .valid_to = refs_s(m->valid_to),
		                        .iso_standard = refs_s(m->iso_standard),
		                        .iso_mode = refs_s(m->iso_mode),
		                        .iso_plan = refs_s(m->iso_plan),
		                        .iso_target = refs_s(m->iso_target),
		                        .iso_announced = refs_s(m->iso_announced),
		                        .eiso_target = refs_s(m->eiso_target),
		                        .eiso_date = refs_s(m->eiso_date),
		                        .last_audit = refs_s(m->last_audit),
		                        .last_review = refs_s(m->last_review),
		                        .valid_from = refs_s(m->valid_from)};
		a->level = stats_level_parse(a->level_text);
		if (a->level < 0)
			return err_set(e, "agency %s: unknown level '%s'", a->code, a->level_text);
		if (agency_dates(a, e) < 0)
			return -1;
	}
	return 0;
}

static int
load_fields_procedures(struct ss *s, struct err *e)
{
	const struct refs *rf = s->refs;

	assert(!s->fi && s->nfi == 0 && !s->pr && s->npr == 0); /* loaded once */
	if (!(s->fi = calloc(rf->nfi + 1, sizeof *s->fi)) ||
	    !(s->pr = calloc(rf->npr + 1, sizeof *s->pr)))
		return err_set(e, "out of memory");
	for (size_t i = 0; i < rf->nfi; i++)
		s->fi[s->nfi++] = (struct ss_field){rf->fi[i].code, refs_s(rf->fi[i].name)};
	for (size_t i = 0; i < rf->npr; i++) {
		const struct refs_procedure *m = &rf->pr[i];
		struct ss_procedure *p = &s->pr[s->npr++];
		*p = (struct ss_procedure){.code = m->code,
		                           .name = refs_s(m->name),
		                           .field_code = m->field_code,
		                           .legal_changed = refs_s(m->legal_changed),
		                           .field = m->field,
		                           .limit_days = m->limit_days};
		if (p->field < 0)
			return err_set(e, "procedure %s: unknown field '%s'", p->code,
			               p->field_code);
	}
	return 0;
}

static int
load_processes(struct ss *s, struct err *e)
{
	const struct refs *rf = s->refs;

	if (!(s->ps = calloc(rf->nps + 1, sizeof *s->ps)))
		return err_set(e, "out of memory");
	for (size_t i = 0; i < rf->nps; i++) {
		const struct refs_process *m = &rf->ps[i];
		struct ss_process *p = &s->ps[s->nps];
		if (m->agency < 0 || m->procedure < 0)
			return err_set(e, "process %lld: unknown agency or procedure", m->id);
		*p = (struct ss_process){.id = m->id,
		                         .doc_code = refs_s(m->doc_code),
		                         .effective_from = refs_s(m->effective_from),
		                         .effective_to = refs_s(m->effective_to),
		                         .version = m->version,
		                         .agency = m->agency,
		                         .procedure = m->procedure,
		                         .nsteps = m->nsteps,
		                         .steps = m->steps};
		for (int k = 0; k < m->nsteps; k++)
			p->total_min += m->steps[k].allowance_min;
		s->nps++;
	}
	return 0;
}

/* Flag agencies whose name another agency also bears (the seed's "UBND Xã
 * Diên Bình" twice): shown on the roadmap, never merged or hidden. */
static void
mark_duplicates(struct ss *s)
{
	for (int i = 0; i < s->nag; i++) {
		s->ag[i].dup_of = -1;
		for (int j = 0; j < s->nag; j++)
			if (j != i && strcmp(s->ag[i].name, s->ag[j].name) == 0) {
				s->ag[i].dup_of = j;
				break;
			}
	}
}

int
ss_load(struct ss *s, struct err *e)
{
	assert(s->refs);
	if (load_agencies(s, e) < 0 || load_fields_procedures(s, e) < 0 || load_processes(s, e) < 0)
		return err_prefix(e, "statistics: snapshot");
	mark_duplicates(s);
	return 0;
}

void
ss_free(struct ss *s)
{
	ss_xlsx_free(s);
	free(s->ag);
	free(s->pr);
	free(s->fi);
	free(s->ps);
	stats_free(s->st);
	memset(s, 0, sizeof *s);
}
