/*
 * Unit tests for publisher/stats/stats_columns.c, the report table's
 * columns: the data dictionary's lists are the table's, every name is
 * one column's, and a row of bao-cao and of the form carries the values
 * worked out below, in CSV and JSON.
 *
 * One department, one procedure, first = 1/3/2025, now = 20/4/2025 10:00,
 * the figures last changed at 09:00 (since_data).  Timelines are set by
 * hand: stats reads only their verdict, due, flags and apologies here.
 *  A  online  3/3, resolved 5/3 early
 *  B  counter 3/3, resolved 10/3 late, with an apology slip
 *  C  post    4/3, refused 6/3, on time
 *  D  counter 5/3, withdrawn 7/3
 *  E  counter 10/3, pending, due 20/3: overdue at the end of March and of
 *     April (carried over into April)
 * March: carried 0; new 1 online, 3 counter, 1 post (5 to handle);
 * resolved 1 early, 0 on time, 1 late (2); pending 0 within, 1 overdue;
 * 1 refused, 1 withdrawn; 1 apology; on time 1 of 2: 50.0%.
 * The form: received 5 - 1 withdrawn = 4, resolved 2 + 1 refusal = 3, of
 * them 1 early, 1 on time (the refusal), 1 late.
 * April (running, judged at since_data): carried 1, pending overdue 1,
 * nothing resolved: the rate is unknown (empty, null).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats_columns.h"
#include "test_instant.h"

static const struct stats_agency agencies[] = {{STATS_LEVEL_DEPARTMENT, -1}};
static const int procedure_field[] = {0};
static const int process_nsteps[] = {1};

static struct ss_agency ag[] = {{.code = "000.00.10.H48", .name = "Sở Tư pháp"}};
static struct ss_procedure pr[] = {{.code = "1.000001", .name = "Cấp phiếu lý lịch"}};
static struct ss_field fi[] = {{.code = "TP", .name = "Tư pháp"}};

/* S with the five dossiers counted. */
static void
setup(struct ss *s, struct timeline *tl)
{
	const struct {
		enum stats_channel ch;
		const char *received, *ended, *due;
		enum verdict v;
		bool rejected, withdrawn;
		int apologies;
	} d[] = {
	    {STATS_CH_ONLINE, "2025-03-03 08:00", "2025-03-05 08:00", "2025-03-07 08:00",
	     VERDICT_EARLY, false, false, 0},
	    {STATS_CH_COUNTER, "2025-03-03 08:00", "2025-03-10 08:00", "2025-03-07 08:00",
	     VERDICT_LATE, false, false, 1},
	    {STATS_CH_POST, "2025-03-04 08:00", "2025-03-06 08:00", "2025-03-06 17:00",
	     VERDICT_ON_TIME, true, false, 0},
	    {STATS_CH_COUNTER, "2025-03-05 08:00", "2025-03-07 08:00", "2025-03-12 08:00",
	     VERDICT_NONE, false, true, 0},
	    {STATS_CH_COUNTER, "2025-03-10 08:00", NULL, "2025-03-20 08:00", VERDICT_OVERDUE, false,
	     false, 0},
	};
	struct stats_config cfg = {.nagencies = 1,
	                           .agencies = agencies,
	                           .nprocedures = 1,
	                           .procedure_field = procedure_field,
	                           .nfields = 1,
	                           .nprocesses = 1,
	                           .process_nsteps = process_nsteps,
	                           .first = T("2025-03-01 00:00"),
	                           .now = T("2025-04-20 10:00")};
	struct err e = {""};

	memset(s, 0, sizeof *s);
	s->now = cfg.now;
	s->since_data = T("2025-04-20 09:00");
	s->ag = ag, s->nag = 1, s->pr = pr, s->npr = 1, s->fi = fi, s->nfi = 1;
	s->st = stats_new(&cfg, &e);
	assert_non_null(s->st);
	for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
		struct stats_dossier sd = {0, 0, 0, d[i].ch, T(d[i].received), 0, &tl[i]};
		memset(&tl[i], 0, sizeof tl[i]);
		tl[i].due = T(d[i].due);
		tl[i].verdict = d[i].v;
		tl[i].rejected = d[i].rejected;
		tl[i].withdrawn = d[i].withdrawn;
		tl[i].apologies = d[i].apologies;
		if (d[i].ended)
			sd.ended = T(d[i].ended);
		assert_int_equal(stats_add(s->st, &sd, &e), 0);
	}
	assert_int_equal(stats_finish(s->st, &e), 0);
}

/* Row of file ID for the province in the month holding AT, into BUF. */
static void
row(const struct ss *s, enum ss_file_id id, const char *at, int json, char *buf, size_t n)
{
	FILE *f = fmemopen(buf, n, "w");
	int per = stats_period_of(s->st, STATS_MONTH, T(at));
	int ent = stats_entity(s->st, STATS_E_PROVINCE, 0);

	assert_non_null(f);
	assert_true(per >= 0 && ent >= 0);
	assert_int_equal(ss_rc_row(f, s, id, ent, per, json, 1), 0);
	assert_int_equal(fputc('\0', f) == EOF, 0);
	assert_int_equal(fclose(f), 0);
}

static void
test_dictionary_is_the_table(void **state)
{
	const struct ss_file *r = &ss_files[SS_F_REPORT], *fm = &ss_files[SS_F_FORM];

	(void)state;
	assert_ptr_equal(r->cols, ss_report_cols);
	assert_int_equal(r->ncols, SS_RC_NREPORT);
	for (int i = 0; i < SS_RC_NREPORT; i++) {
		assert_string_equal(r->cols[i].name, ss_rcols[i].name);
		/* Every number of bao-cao is a column of the report pages. */
		if (ss_rcols[i].kind != SS_RK_TEXT)
			assert_true(ss_rcols[i].head != 0);
	}
	assert_ptr_equal(fm->cols, ss_form_cols);
	assert_int_equal(fm->ncols, SS_FORM_NCOLS);
	for (int i = 0; i < SS_FORM_NCOLS; i++)
		assert_string_equal(fm->cols[i].name, ss_rcols[ss_form_layout[i]].name);
	/* A name is one column's: workbooks find headers by it. */
	for (int i = 0; i < SS_RC_COUNT; i++) {
		assert_ptr_equal(ss_rcol_named(ss_rcols[i].name), &ss_rcols[i]);
		for (int k = 0; k < i; k++)
			assert_string_not_equal(ss_rcols[i].name, ss_rcols[k].name);
	}
	assert_null(ss_rcol_named("median_days"));
	assert_int_equal(ss_rcol_named("form_late")->header, M_XL_C_FORM_LATE);
	assert_int_equal(ss_rcol_named("ontime_rate_pct")->kind, SS_RK_PCT);
}

static void
test_report_rows(void **state)
{
	struct ss s;
	struct timeline tl[5];
	char buf[1024];

	(void)state;
	setup(&s, tl);
	row(&s, SS_F_REPORT, "2025-03-10 00:00", 0, buf, sizeof buf);
	assert_string_equal(buf,
	                    "province,,Toàn tỉnh,month,2025-03,2025-03-01 00:00,2025-04-01 00:00,"
	                    "0,1,3,1,5,1,0,1,2,0,1,1,1,1,0,0,1,50.0\r\n");
	row(&s, SS_F_REPORT, "2025-04-10 00:00", 0, buf, sizeof buf);
	assert_string_equal(buf,
	                    "province,,Toàn tỉnh,month,2025-04,2025-04-01 00:00,2025-04-20 09:00,"
	                    "1,0,0,0,1,0,0,0,0,0,1,1,0,0,0,0,0,\r\n");
	row(&s, SS_F_REPORT, "2025-04-10 00:00", 1, buf, sizeof buf);
	assert_string_equal(
	    buf,
	    "\n{\"entity_kind\":\"province\",\"entity_code\":\"\",\"entity_name\":\"Toàn tỉnh\","
	    "\"period_kind\":\"month\",\"period\":\"2025-04\",\"period_start\":\"2025-04-01 "
	    "00:00\",\"period_end\":\"2025-04-20 09:00\",\"carried\":1,\"new_online\":0,"
	    "\"new_counter\":0,\"new_post\":0,\"received_total\":1,\"early\":0,\"on_time\":0,"
	    "\"late\":0,\"resolved_total\":0,\"pending_within\":0,\"pending_overdue\":1,"
	    "\"pending_total\":1,\"rejected\":0,\"withdrawn\":0,\"supp_at_end\":0,"
	    "\"supp_requested\":0,\"apology\":0,\"ontime_rate_pct\":null}");
	stats_free(s.st);
}

static void
test_form_rows(void **state)
{
	struct ss s;
	struct timeline tl[5];
	char buf[1024];

	(void)state;
	setup(&s, tl);
	row(&s, SS_F_FORM, "2025-03-10 00:00", 0, buf, sizeof buf);
	assert_string_equal(buf,
	                    "province,,Toàn tỉnh,month,2025-03,2025-03-01 00:00,2025-04-01 00:00,"
	                    "4,0,1,3,1,1,3,1,1,1,1,0,1,1\r\n");
	stats_free(s.st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_dictionary_is_the_table),
	    cmocka_unit_test(test_report_rows),
	    cmocka_unit_test(test_form_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
