/*
 * stats_columns: the report table's columns (stats_columns.def) as the
 * tables and values the writers read.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "satisfaction_page.h"
#include "stats_columns.h"

/* Every column's name once: the tables below point at it. */
#define SS_RC(ID, name, ...) static const char name_##ID[] = name;
#define SS_RX(ID, name, ...) static const char name_##ID[] = name;
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM

const struct ss_rcol ss_rcols[SS_RC_COUNT] = {
#define SS_RC(ID, name, meaning, kind, header, width, group, head, value)                          \
	[SS_RC_##ID] = {name_##ID, SS_RK_##kind, header, width, group, head},
#define SS_RX(ID, name, kind, header, width, value)                                                \
	[SS_RC_##ID] = {name_##ID, SS_RK_##kind, header, width, 0, 0},
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

const struct ss_col ss_report_cols[SS_RC_NREPORT] = {
#define SS_RC(ID, name, meaning, ...) {name_##ID, meaning},
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

const struct ss_col ss_form_cols[SS_FORM_NCOLS] = {
#define SS_RC(ID, ...)
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning) {name_##ID, meaning},
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

const enum ss_rcol_id ss_form_layout[SS_FORM_NCOLS] = {
#define SS_RC(ID, ...)
#define SS_RX(ID, ...)
#define SS_FORM(ID, meaning) SS_RC_##ID,
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
};

const struct ss_rcol *
ss_rcol_named(const char *name)
{
	for (int i = 0; i < SS_RC_COUNT; i++)
		if (!strcmp(ss_rcols[i].name, name))
			return &ss_rcols[i];
	return NULL;
}

/* ---- the values -------------------------------------------------------- */

/* Where period P is judged, as printed: a running period at SINCE_DATA
 * (its figures read the same from then to now). */
static tmin_t
rc_until(const struct ss *s, const struct stats_period *p)
{
	return p->until < s->now ? p->until : s->since_data;
}

const char *
ss_period_id_str(char *buf, const struct stats_period *p)
{
	switch (p->kind) {
	case STATS_MONTH:
		snprintf(buf, SS_NUMBUF, "%04d-%02d", p->year, p->num);
		return buf;
	case STATS_QUARTER:
		snprintf(buf, SS_NUMBUF, "%04d-q%d", p->year, p->num);
		return buf;
	case STATS_YEAR:
		snprintf(buf, SS_NUMBUF, "%04d", p->year);
		return buf;
	case STATS_CUT_MONTH:
		snprintf(buf, SS_NUMBUF, "chot-%04d-%02d", p->year, p->num);
		return buf;
	case STATS_CUT_QUARTER:
		snprintf(buf, SS_NUMBUF, "chot-%04d-q%d", p->year, p->num);
		return buf;
	case STATS_CUT_YEAR:
		snprintf(buf, SS_NUMBUF, "chot-%04d", p->year);
		return buf;
	case STATS_PERIOD_KINDS:
		break;
	}
	buf[0] = '\0';
	return buf;
}

/* A line's value in the switch of its kind. */
#define AS_TEXT_TEXT(ID, v)                                                                        \
	case SS_RC_##ID:                                                                           \
		return (v);
#define AS_TEXT_COUNT(ID, v)
#define AS_TEXT_PCT(ID, v)
#define AS_NUM_TEXT(ID, v)
#define AS_NUM_COUNT(ID, v)                                                                        \
	case SS_RC_##ID:                                                                           \
		return (v);
#define AS_NUM_PCT(ID, v) AS_NUM_COUNT(ID, v)
#define GET(c) stats_get(st, ent, per, (c))

const char *
ss_rc_text(const struct ss *s, enum ss_rcol_id id, int ent, int per, char *buf)
{
	const struct stats *st = s->st;
	const struct stats_period *p = stats_period(st, per);

	switch (id) {
#define SS_RC(ID, name, meaning, kind, header, width, group, head, value) AS_TEXT_##kind(ID, value)
#define SS_RX(ID, name, kind, header, width, value) AS_TEXT_##kind(ID, value)
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
	default:
		break;
	}
	return "";
}

int64_t
ss_rc_num(const struct ss *s, enum ss_rcol_id id, int ent, int per)
{
	const struct stats *st = s->st;

	switch (id) {
#define SS_RC(ID, name, meaning, kind, header, width, group, head, value) AS_NUM_##kind(ID, value)
#define SS_RX(ID, name, kind, header, width, value) AS_NUM_##kind(ID, value)
#define SS_FORM(ID, meaning)
#include "stats_columns.def"
#undef SS_RC
#undef SS_RX
#undef SS_FORM
	default:
		break;
	}
	return -1;
}

/* The form names each column once at most: a row's cells fit. */
_Static_assert((int)SS_FORM_NCOLS <= (int)SS_RC_COUNT, "a column twice in the form's layout");

int
ss_rc_row(FILE *f, const struct ss *s, enum ss_file_id id, int ent, int per, int json, int first)
{
	char buf[SS_RC_COUNT][SS_NUMBUF];
	struct ss_cell c[SS_RC_COUNT];
	int n = id == SS_F_FORM ? SS_FORM_NCOLS : SS_RC_NREPORT;

	assert((id == SS_F_REPORT || id == SS_F_FORM) && n == ss_files[id].ncols);
	for (int i = 0; i < n; i++) {
		enum ss_rcol_id rc = id == SS_F_FORM ? ss_form_layout[i] : (enum ss_rcol_id)i;
		switch (ss_rcols[rc].kind) {
		case SS_RK_TEXT:
			c[i] = (struct ss_cell){ss_rc_text(s, rc, ent, per, buf[i]), 0};
			break;
		case SS_RK_COUNT:
			c[i] = (struct ss_cell){ss_fmt_int(buf[i], ss_rc_num(s, rc, ent, per)), 1};
			break;
		case SS_RK_PCT:
			c[i] =
			    (struct ss_cell){ss_fmt_pm(buf[i], (int)ss_rc_num(s, rc, ent, per)), 1};
			break;
		}
	}
	return ss_row(f, id, c, json, first);
}
