/*
 * Unit tests for core/storage/view.c and core/presentation/render_dossier.c: a dossier loaded
 * from a small snapshot (made from the embedded data/snapshot.sql), its
 * HTML and JSON with hostile names, initials, and the message catalogue's
 * promise that its strings need no escaping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "embedded.h"
#include "msg.h"
#include "refs.h"
#include "view.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char fixture[] =
    "INSERT INTO agencies (code, name, name_en, level) VALUES "
    " ('000.00.01.H34', '<script>alert(\"x\")</script> & Sở', 'Dept \"A\" & B', 'department');"
    "INSERT INTO procedures (code, name, name_en, field_code, level, limit_days) VALUES "
    " ('1.000001', 'Cấp <b>giấy</b>', 'Issue <b>it</b>', 'F', 'province', 1);"
    "INSERT INTO processes (id, doc_code, version, agency_code, procedure_code, effective_from) "
    " VALUES (7, 'QT-01', 2, '000.00.01.H34', '1.000001', '2020-01-01');"
    "INSERT INTO steps VALUES (7, 1, 'Tiếp nhận', 'Receive', 'Một cửa', 4),"
    " (7, 2, 'Xử lý ''A''', 'Handle', 'Phòng <i>B</i>', 4);"
    /* Received Monday 2025-03-10 07:30; 8 working hours end at 17:00. */
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status, resolved_at) VALUES "
    " ('000.00.01.H34-250310-0001', 'AAAAAAAAAAAAAAAAAAAAAA', 'h', 'N.V.A.', '1.000001', 7, "
    "  '000.00.01.H34', 'counter', '2025-03-10 07:30', '2025-03-10 17:00', 'ready', "
    "  '2025-03-10 15:00');"
    "INSERT INTO events VALUES ('000.00.01.H34-250310-0001', 1, '2025-03-10 07:30', "
    " 'step_start', 1, NULL), ('000.00.01.H34-250310-0001', 2, '2025-03-10 10:00', "
    " 'step_done', 1, NULL), ('000.00.01.H34-250310-0001', 3, '2025-03-10 10:00', "
    " 'step_start', 2, NULL), ('000.00.01.H34-250310-0001', 4, '2025-03-10 15:00', "
    " 'step_done', 2, NULL), ('000.00.01.H34-250310-0001', 5, '2025-03-10 15:00', "
    " 'result_ready', NULL, NULL);"
    /* Pending: step 2 in hand since 10:00, due 17:00 the same day. */
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status) VALUES "
    " ('000.00.01.H34-250310-0002', 'BBBBBBBBBBBBBBBBBBBBBB', 'h', NULL, '1.000001', 7, "
    "  '000.00.01.H34', 'online', '2025-03-10 07:30', '2025-03-10 17:00', 'processing');"
    "INSERT INTO events VALUES ('000.00.01.H34-250310-0002', 1, '2025-03-10 07:30', "
    " 'step_start', 1, NULL), ('000.00.01.H34-250310-0002', 2, '2025-03-10 10:00', "
    " 'step_done', 1, NULL), ('000.00.01.H34-250310-0002', 3, '2025-03-10 10:00', "
    " 'step_start', 2, NULL);"
    /* Pending and waiting for the citizen since 09:00: the clock stands. */
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status) VALUES "
    " ('000.00.01.H34-250310-0003', 'CCCCCCCCCCCCCCCCCCCCCC', 'h', 'L.', '1.000001', 7, "
    "  '000.00.01.H34', 'post', '2025-03-10 07:30', '2025-03-10 17:00', 'supplement');"
    "INSERT INTO events VALUES ('000.00.01.H34-250310-0003', 1, '2025-03-10 07:30', "
    " 'step_start', 1, NULL), ('000.00.01.H34-250310-0003', 2, '2025-03-10 09:00', "
    " 'supplement_request', NULL, NULL);"
    /* The same wait, over: documents brought Tue 11/3 09:00. */
    "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, "
    " agency_code, channel, received_at, due_at, status) VALUES "
    " ('000.00.01.H34-250310-0004', 'DDDDDDDDDDDDDDDDDDDDDD', 'h', 'L.', '1.000001', 7, "
    "  '000.00.01.H34', 'post', '2025-03-10 07:30', '2025-03-10 17:00', 'processing');"
    "INSERT INTO events VALUES ('000.00.01.H34-250310-0004', 1, '2025-03-10 07:30', "
    " 'step_start', 1, NULL), ('000.00.01.H34-250310-0004', 2, '2025-03-10 09:00', "
    " 'supplement_request', NULL, NULL), ('000.00.01.H34-250310-0004', 3, "
    " '2025-03-11 09:00', 'supplement_received', NULL, NULL);";

static sqlite3 *
make_snapshot(void)
{
	const struct embedded_file *schema = embedded_get("data/snapshot.sql");
	sqlite3 *db = NULL;

	assert_non_null(schema);
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, schema->data, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, fixture, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static char *
render(int (*fn)(FILE *, const struct view_dossier *, enum lang), const struct view_dossier *d,
       enum lang l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, d, l), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static int
json(FILE *f, const struct view_dossier *d, enum lang l)
{
	(void)l;
	return view_dossier_json(f, d);
}

static void
test_load_and_render(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};
	tmin_t now;
	char *h;

	(void)state;
	assert_int_equal(clock_parse_instant("2025-03-11 09:00", &now, &e), 0);
	assert_int_equal(view_dossier_load(db, cal, "nope", 1, now, &d, &e), 0);
	assert_null(d);
	assert_int_equal(view_dossier_load(db, cal, "AAAAAAAAAAAAAAAAAAAAAA", 1, now, &d, &e), 1);
	assert_non_null(d);
	assert_int_equal(d->nsteps, 2);
	assert_int_equal(d->tl.verdict,
	                 VERDICT_ON_TIME); /* resolved on the due day, before 17:00 */
	assert_int_equal(d->steps[1].allowance_min, 240);
	h = render(view_dossier_html, d, LANG_VI);
	assert_non_null(strstr(h, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sở"));
	assert_non_null(strstr(h, "Cấp &lt;b&gt;giấy&lt;/b&gt;"));
	assert_non_null(strstr(h, "Phòng &lt;i&gt;B&lt;/i&gt;"));
	assert_non_null(strstr(h, "Xử lý &#39;A&#39;"));
	assert_non_null(strstr(h, "10/03/2025 07:30"));
	assert_non_null(strstr(h, "Có kết quả, chờ trả"));
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<b>"));
	free(h);
	h = render(view_dossier_html, d, LANG_EN);
	assert_non_null(strstr(h, "Dept &quot;A&quot; &amp; B"));
	assert_non_null(strstr(h, "<time datetime=\"2025-03-10T07:30\">10 Mar 2025 07:30</time>"));
	assert_null(strstr(h, "2025-03-10 07:30"));
	assert_non_null(strstr(h, "lang=\"en\""));
	free(h);
	h = render(json, d, LANG_VI);
	assert_non_null(strstr(h, "\"name\":\"\\u003cscript\\u003ealert(\\\"x\\\")"));
	assert_non_null(strstr(h, "\"code\":\"000.00.01.H34-250310-0001\""));
	assert_non_null(strstr(h, "\"received\":\"2025-03-10 07:30\""));
	assert_null(strstr(h, "<"));
	free(h);
	view_dossier_free(d);
	/* By code as well. */
	assert_int_equal(view_dossier_load(db, cal, "000.00.01.H34-250310-0001", 0, now, &d, &e),
	                 1);
	view_dossier_free(d);
	clock_cal_free(cal);
	sqlite3_close(db);
}

/* A dossier whose process is missing is an error, not a crash. */
static void
test_inconsistent(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};

	(void)state;
	assert_int_equal(sqlite3_exec(db, "UPDATE dossiers SET process_id = 99", NULL, NULL, NULL),
	                 SQLITE_OK);
	assert_int_equal(view_dossier_load(db, cal, "000.00.01.H34-250310-0001", 0, 0, &d, &e), -1);
	assert_null(d);
	assert_non_null(strstr(e.msg, "process 99"));
	clock_cal_free(cal);
	sqlite3_close(db);
}

struct ini {
	const char *name, *want;
};

static void
test_initials(void **state)
{
	/* clang-format off */
	static const struct ini cases[] = {
		{"Nguyễn Văn An", "N.V.A."},
		{"nguyễn văn an", "N.V.A."},
		{"  Lê   Thị  ", "L.T."},
		{"đặng đức", "Đ.Đ."},        /* đ upper-cased */
		{"Ánh Ðào", "Á.Ð."},          /* accented capitals kept */
		{"Hồ-Chí Minh", "H.C.M."},
		{"", ""},
		{"<script>x</script>", "<."}, /* one "word": escaped later like any data */
	};
	/* clang-format on */
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_true(view_initials(cases[i].name, buf, sizeof buf) >= 0);
		if (strcmp(buf, cases[i].want) != 0)
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].name, buf, cases[i].want);
	}
	assert_int_equal(view_initials("An Bình", buf, 4), -1); /* "A.B." needs 5 bytes */
	assert_string_equal(buf, "");
}

/* The catalogue's strings go out with fputs: none may need escaping. */
/* Whether S is a non-empty HTML fragment whose tags are closed in order
 * (no attributes: the catalogue's fragments hold only inline markup), with
 * no stray < > and every & an entity. */
static int
html_balanced(const char *s)
{
	char open[8][16];
	int depth = 0;

	if (!*s)
		return 0;
	while (*s) {
		if (*s == '&') {
			size_t n = strspn(s + 1, "abcdefghijklmnopqrstuvwxyz#0123456789");
			if (n == 0 || s[1 + n] != ';')
				return 0;
			s += n + 2;
		} else if (*s == '<') {
			int close = s[1] == '/';
			const char *name = s + 1 + close;
			size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz");
			if (n == 0 || n >= sizeof open[0] || name[n] != '>')
				return 0;
			if (close) {
				if (depth == 0 || strlen(open[depth - 1]) != n ||
				    strncmp(open[--depth], name, n))
					return 0;
			} else {
				if (depth == 8)
					return 0;
				memcpy(open[depth], name, n);
				open[depth++][n] = '\0';
			}
			s = name + n + 1;
		} else if (*s == '>') {
			return 0;
		} else {
			s++;
		}
	}
	return depth == 0;
}

static void
test_msg_safe(void **state)
{
	(void)state;
	for (int l = 0; l < LANG_COUNT; l++)
		for (int id = 0; id < M_COUNT; id++) {
			const char *s = msg((enum lang)l, (enum msg_id)id);
			assert_non_null(s);
			if (id == M_HTML_FIRST)
				continue; /* a marker, no message */
			if (id > M_HTML_FIRST ? !html_balanced(s) : !*s || strpbrk(s, "&<>\""))
				fail_msg("message %d (%s) is empty or needs escaping: %s", id,
				         msg_lang_tag((enum lang)l), s);
		}
	assert_string_equal(msg_status(LANG_VI, "ready"), "Có kết quả, chờ trả");
	assert_null(msg_status(LANG_VI, "<bogus>"));
	assert_string_equal(msg_channel(LANG_EN, "online"), "Online");
}

static tmin_t
at(const char *s)
{
	struct err e = {""};
	tmin_t t;

	assert_int_equal(clock_parse_instant(s, &t, &e), 0);
	return t;
}

/* The three renderings of D, joined, for comparisons. */
static char *
render_all(const struct view_dossier *d)
{
	char *a = render(view_dossier_html, d, LANG_VI), *b = render(view_dossier_html, d, LANG_EN);
	char *c = render(json, d, LANG_VI), *all = malloc(strlen(a) + strlen(b) + strlen(c) + 1);

	assert_non_null(all);
	strcpy(all, a);
	strcat(all, b);
	strcat(all, c);
	free(a);
	free(b);
	free(c);
	return all;
}

static const char *const tokens[] = {"AAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBB",
                                     "CCCCCCCCCCCCCCCCCCCCCC"};

/* The cached loader, the plain one and the publisher's path (refs_load and
 * view_dossier_make) give the same bytes; the cache is reusable and gives
 * the same errors. */
static void
test_cached_same(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_cache *c;
	struct refs *ref;
	struct err e = {""};
	tmin_t now = at("2025-03-10 12:00");

	(void)state;
	assert_non_null(c = view_cache_new(db, &e));
	assert_non_null(ref = refs_load(db, &e));
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; i < ARRAY_LEN(tokens); i++) {
			struct view_dossier *d1 = NULL, *d2 = NULL, *d3 = NULL;
			char *a, *b, *m;
			assert_int_equal(
			    view_dossier_load_cached(c, cal, tokens[i], 1, now, &d1, &e), 1);
			assert_int_equal(view_dossier_load(db, cal, tokens[i], 1, now, &d2, &e), 1);
			a = render_all(d1);
			b = render_all(d2);
			assert_string_equal(a, b);
			/* The publisher's path: the row and events as it streams them. */
			{
				struct view_row row = {.code = d2->code,
				                       .token = d2->token,
				                       .initials = d2->initials,
				                       .procedure_code = d2->procedure_code,
				                       .agency_code = d2->agency_code,
				                       .channel = d2->channel,
				                       .status = d2->status,
				                       .received_at = "2025-03-10 07:30",
				                       .due_at = "2025-03-10 17:00",
				                       .resolved_at =
				                           i == 0 ? "2025-03-10 15:00" : NULL,
				                       .process_id = 7};
				struct ev ev[8];
				int nev = 0;
				sqlite3_stmt *st;
				assert_int_equal(
				    sqlite3_prepare_v2(
				        db,
				        "SELECT at, kind, step_no, new_due_at "
				        "FROM events WHERE dossier_code = ?1 ORDER BY seq",
				        -1, &st, NULL),
				    SQLITE_OK);
				sqlite3_bind_text(st, 1, d2->code, -1, SQLITE_STATIC);
				while (sqlite3_step(st) == SQLITE_ROW)
					assert_int_equal(
					    view_ev_parse((const char *)sqlite3_column_text(st, 0),
					                  (const char *)sqlite3_column_text(st, 1),
					                  sqlite3_column_int(st, 2),
					                  (const char *)sqlite3_column_text(st, 3),
					                  &ev[nev++], &e),
					    0);
				sqlite3_finalize(st);
				assert_int_equal(
				    view_dossier_make(ref, cal, &row, ev, nev, now, &d3, &e), 0);
				m = render_all(d3);
				assert_string_equal(a, m);
				free(m);
			}
			free(a);
			free(b);
			view_dossier_free(d1);
			view_dossier_free(d2);
			view_dossier_free(d3);
		}
	{
		struct view_dossier *d = NULL;
		assert_int_equal(view_dossier_load_cached(c, cal, "nope", 1, now, &d, &e), 0);
		assert_null(d);
		assert_int_equal(
		    sqlite3_exec(db, "UPDATE dossiers SET process_id = 99", NULL, NULL, NULL),
		    SQLITE_OK);
		assert_int_equal(view_dossier_load_cached(c, cal, tokens[1], 1, now, &d, &e), -1);
		assert_null(d);
		assert_non_null(strstr(e.msg, "process 99"));
		assert_int_equal(sqlite3_exec(db,
		                              "UPDATE dossiers SET process_id = 7; "
		                              "UPDATE dossiers SET agency_code = 'X'",
		                              NULL, NULL, NULL),
		                 SQLITE_OK);
		/* By code, a token is no key. */
		assert_int_equal(view_dossier_load_cached(c, cal, tokens[1], 0, now, &d, &e), 0);
		assert_int_equal(view_dossier_load_cached(c, cal, tokens[1], 1, now, &d, &e), -1);
		assert_non_null(strstr(e.msg, "unknown agency 'X'"));
	}
	refs_free(ref);
	view_cache_free(c);
	view_cache_free(NULL);
	clock_cal_free(cal);
	sqlite3_close(db);
}

/* The promise a page cache relies on: what view_dossier_expiry says holds
 * does hold.  Over three days of "now" (a resolved dossier, a pending one,
 * one waiting for a supplement), the HTML drawn at any instant before the
 * expiry is the HTML drawn at NOW, in both languages, and so is the JSON
 * before its own expiry. */
static void
test_expiry(void **state)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_cache *c;
	struct err e = {""};
	tmin_t from = at("2025-03-10 07:00"), to = at("2025-03-12 12:00");

	(void)state;
	assert_non_null(c = view_cache_new(db, &e));
	for (size_t i = 0; i < ARRAY_LEN(tokens); i++)
		for (tmin_t now = from; now < to; now += 13) {
			struct view_dossier *d = NULL;
			tmin_t exp, jexp, lim, probe[3];
			char *h[3];
			assert_int_equal(
			    view_dossier_load_cached(c, cal, tokens[i], 1, now, &d, &e), 1);
			exp = view_dossier_expiry(d, now, 0);
			jexp = view_dossier_expiry(d, now, 1);
			assert_true(exp > now);
			assert_int_equal(jexp, i == 0 ? VIEW_NEVER : now + 1);
			if (i == 0)
				assert_int_equal(exp, VIEW_NEVER);
			if (i == 2)
				assert_int_equal(exp, now + 1); /* the open stop moves the due */
			h[0] = render(view_dossier_html, d, LANG_VI);
			h[1] = render(view_dossier_html, d, LANG_EN);
			h[2] = render(json, d, LANG_VI);
			view_dossier_free(d);
			/* Probes within two weeks: "now" far in the future would
			 * make the timeline count working time for ages. */
			lim = exp - 1 < now + 20000 ? exp - 1 : now + 20000;
			probe[0] = lim;
			probe[1] = now + (lim - now) / 2;
			probe[2] = lim < now + 600 ? lim : now + 600;
			for (int k = 0; k < 3; k++) {
				char *g;
				assert_int_equal(view_dossier_load_cached(c, cal, tokens[i], 1,
				                                          probe[k], &d, &e),
				                 1);
				for (int l = 0; l < 3; l++) {
					if (l == 2 && probe[k] >= jexp)
						continue;
					g = render(l == 2 ? json : view_dossier_html, d,
					           l ? LANG_EN : LANG_VI);
					if (strcmp(g, h[l]) != 0)
						fail_msg("%s: drawn at %lld, valid until %lld, "
						         "differs at %lld",
						         tokens[i], (long long)now, (long long)exp,
						         (long long)probe[k]);
					free(g);
				}
				view_dossier_free(d);
			}
			for (int l = 0; l < 3; l++)
				free(h[l]);
		}
	/* And the expiry is where the page does change: the pending dossier is
	 * within time at its due instant and overdue the minute after. */
	{
		struct view_dossier *d = NULL;
		tmin_t due = at("2025-03-10 17:00");
		assert_int_equal(view_dossier_load_cached(c, cal, tokens[1], 1, due - 60, &d, &e),
		                 1);
		assert_int_equal(view_dossier_expiry(d, due - 60, 0), due + 1);
		assert_int_equal(d->tl.verdict, VERDICT_WITHIN);
		view_dossier_free(d);
		assert_int_equal(view_dossier_load_cached(c, cal, tokens[1], 1, due + 1, &d, &e),
		                 1);
		assert_int_equal(d->tl.verdict, VERDICT_OVERDUE);
		assert_int_equal(view_dossier_expiry(d, due + 1, 0), VIEW_NEVER);
		view_dossier_free(d);
	}
	view_cache_free(c);
	clock_cal_free(cal);
	sqlite3_close(db);
}

/* Load TOKEN at NOW and render it in LANG (0, 1) or as JSON (2). */
static char *
page_at(const char *token, const char *now, int kind)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};
	char *h;

	assert_int_equal(view_dossier_load(db, cal, token, 1, at(now), &d, &e), 1);
	h = render(kind == 2 ? json : view_dossier_html, d, kind == 1 ? LANG_EN : LANG_VI);
	view_dossier_free(d);
	clock_cal_free(cal);
	sqlite3_close(db);
	return h;
}

/* Under the receipt's label "Ngày hẹn trả" only the date the receipt
 * printed: while the citizen is asked for documents the page says the
 * clock stands and how much working time is left; after the wait it shows
 * the new due, labelled as moved by the wait. */
static void
test_appointment_in_stop(void **state)
{
	char *h;

	(void)state;
	/* CCCC: received Mon 10/3 07:30, two 4 h steps (480 minutes),
	 * receipt 10/3 17:00; supplement asked 09:00, still open at
	 * Tue 11/3 09:00.  Used 07:30-09:00 = 90, left 480 - 90 = 390 = 6.5 h.
	 * The due "until now": stopped Mon 09:00-17:00 (390) and Tue
	 * 07:30-09:00 (90) = 480, so Mon 17:00 + 480 -> Tue 11/3 17:00, which
	 * must not appear under the receipt's label (nor anywhere as a fact). */
	h = page_at("CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 0);
	assert_non_null(strstr(h, "<dt>Ngày hẹn trả</dt><dd><time datetime=\"2025-03-10T17:00\">"
	                          "10/03/2025 17:00</time></dd>"));
	assert_non_null(strstr(h,
	                       "<dt>Đang dừng tính thời gian</dt><dd>chờ người nộp bổ sung hồ sơ "
	                       "từ <time datetime=\"2025-03-10T09:00\">10/03/2025 09:00</time>"));
	assert_non_null(
	    strstr(h, "tính từ khi nhận đủ hồ sơ bổ sung</dt><dd>6 giờ 30 phút làm việc</dd>"));
	assert_null(strstr(h, "<dt>Ngày hẹn trả</dt><dd><time datetime=\"2025-03-11T17:00\">"));
	assert_null(strstr(h, "lùi theo"));
	free(h);
	h = page_at("CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 1);
	assert_non_null(strstr(h, "<dt>Appointment</dt><dd><time datetime=\"2025-03-10T17:00\">"));
	assert_non_null(
	    strstr(h, "from when the documents arrive</dt><dd>6 working hours 30 minutes</dd>"));
	free(h);
	h = page_at("CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 2);
	assert_non_null(strstr(h, "\"appointment\":\"2025-03-10 17:00\""));
	assert_non_null(strstr(h, "\"clock_stopped\":true,\"remaining_min\":390,"
	                          "\"stopped_for\":\"supplement\""));
	free(h);

	/* DDDD: the same wait ended Tue 11/3 09:00: 480 stopped, due Tue 17:00,
	 * shown as moved by the wait beside the receipt's 10/3 17:00. */
	h = page_at("DDDDDDDDDDDDDDDDDDDDDD", "2025-03-11 10:00", 0);
	assert_non_null(strstr(h, "<dt>Ngày hẹn trả</dt><dd><time datetime=\"2025-03-10T17:00\">"));
	assert_non_null(strstr(h, "(lùi theo thời gian chờ bổ sung)</dt><dd><time "
	                          "datetime=\"2025-03-11T17:00\">11/03/2025 17:00</time></dd>"));
	assert_null(strstr(h, "Đang dừng tính thời gian"));
	free(h);
	h = page_at("DDDDDDDDDDDDDDDDDDDDDD", "2025-03-11 10:00", 2);
	/* Used 90 + 60 (Tue 09:00-10:00): 330 left. */
	assert_non_null(strstr(h, "\"due\":\"2025-03-11 17:00\""));
	assert_non_null(strstr(h, "\"clock_stopped\":false,\"remaining_min\":330,"
	                          "\"stopped_for\":null"));
	free(h);

	/* BBBB never stopped: one appointment, no stop facts. */
	h = page_at("BBBBBBBBBBBBBBBBBBBBBB", "2025-03-10 11:00", 0);
	assert_null(strstr(h, "lùi theo"));
	assert_null(strstr(h, "Đang dừng"));
	free(h);
}

/* page_at, with SQL run on the snapshot first. */
static char *
page_with(const char *sql, const char *token, const char *now, int kind)
{
	sqlite3 *db = make_snapshot();
	struct clock_cal *cal = clock_cal_new();
	struct view_dossier *d = NULL;
	struct err e = {""};
	char *h;

	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(view_dossier_load(db, cal, token, 1, at(now), &d, &e), 1);
	h = render(kind == 2 ? json : view_dossier_html, d, kind == 1 ? LANG_EN : LANG_VI);
	view_dossier_free(d);
	clock_cal_free(cal);
	sqlite3_close(db);
	return h;
}

/* A dossier waiting for the citizen says, before anything else, what was
 * asked, by when, where to bring it and whom to call; the status comes
 * before the procedure's name; the step is said as the step list says it. */
static void
test_what_to_do(void **state)
{
	static const char contact[] =
	    "UPDATE agencies SET phone = '0260 3862 888 (máy lẻ 12)', address = '77 <Lê> & "
	    "\"Lợi\"', "
	    " hours = 'Thứ 2 - Thứ 6' WHERE code = '000.00.01.H34';"
	    "UPDATE dossiers SET request = 'Bản sao <b>giấy</b> & ''ảnh''', "
	    " request_due = '2025-03-12 17:00' WHERE token = 'CCCCCCCCCCCCCCCCCCCCCC';";
	char *h;

	(void)state;
	/* No public text nor contact: say so, and where the office is. */
	h = page_at("CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 0);
	assert_non_null(strstr(h, "<section class=\"todo\"><h2>Việc cần làm: bổ sung hồ sơ</h2>"));
	assert_non_null(strstr(h, "<p>Nội dung cần bổ sung chưa được đăng ở đây"));
	assert_non_null(strstr(h, "<dt>Nơi nộp</dt><dd>Bộ phận Một cửa, &lt;script&gt;alert(&quot;x"
	                          "&quot;)&lt;/script&gt; &amp; Sở</dd>"));
	assert_null(strstr(h, "Điện thoại"));
	assert_non_null(strstr(h, "<span class=\"at\">Bước 1/2 đang dừng tính thời gian</span>"));
	assert_true(strstr(h, "<p class=\"status") < strstr(h, "<h1>"));
	assert_true(strstr(h, "<h1>") < strstr(h, "<section class=\"todo\">"));
	assert_true(strstr(h, "<section class=\"todo\">") <
	            strstr(h, "<dl class=\"facts\"><dt>Mã hồ sơ"));
	assert_non_null(strstr(h, "<p class=\"step-verdict\">Đang dừng tính thời gian"));
	free(h);
	/* With the request, its deadline and the office's contact, escaped. */
	h = page_with(contact, "CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 0);
	assert_non_null(
	    strstr(h, "<dt>Cơ quan đề nghị bổ sung</dt><dd><span class=\"request\">Bản sao "
	              "&lt;b&gt;giấy&lt;/b&gt; &amp; &#39;ảnh&#39;</span></dd>"));
	assert_non_null(strstr(h, "<dt>Hạn nộp bổ sung</dt><dd><time datetime=\"2025-03-12T17:00\">"
	                          "12/03/2025 17:00</time></dd>"));
	assert_non_null(strstr(h, "<dt>Nơi nộp</dt><dd>77 &lt;Lê&gt; &amp; &quot;Lợi&quot;</dd>"));
	assert_non_null(strstr(h, "<dt>Giờ làm việc</dt><dd>Thứ 2 - Thứ 6</dd>"));
	assert_non_null(strstr(h,
	                       "<dt>Điện thoại</dt><dd><a href=\"tel:02603862888\">0260 3862 888 "
	                       "(máy lẻ 12)</a></dd>"));
	assert_null(strstr(h, "chưa được đăng"));
	assert_null(strstr(h, "quá hạn, xin"));
	free(h);
	/* The deadline past: said beside it. */
	h = page_with(contact, "CCCCCCCCCCCCCCCCCCCCCC", "2025-03-13 08:00", 0);
	assert_non_null(strstr(h, "12/03/2025 17:00</time> <strong class=\"past\">(đã quá hạn, xin "
	                          "liên hệ ngay)</strong>"));
	free(h);
	h = page_with(contact, "CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 1);
	assert_non_null(strstr(h, "<h2>What to do: complete your dossier</h2>"));
	assert_non_null(strstr(h, "<span class=\"at\">Step 1/2 on hold</span>"));
	free(h);
	h = page_with(contact, "CCCCCCCCCCCCCCCCCCCCCC", "2025-03-11 09:00", 2);
	/* JSON escapes < > & too (a value inside a page's script stays inert). */
	assert_non_null(
	    strstr(h, "\"request\":\"Bản sao \\u003cb\\u003egiấy\\u003c/b\\u003e \\u0026 "
	              "'ảnh'\",\"request_due\":\"2025-03-12 17:00\",\"contact\":{\"phone\":"
	              "\"0260 3862 888 (máy lẻ 12)\",\"address\":\"77 \\u003cLê\\u003e "
	              "\\u0026 \\\"Lợi\\\"\",\"hours\":\"Thứ 2 - Thứ 6\"}"));
	free(h);
	/* In its steps: no box; the step in hand said as in progress. */
	h = page_at("BBBBBBBBBBBBBBBBBBBBBB", "2025-03-10 11:00", 0);
	assert_null(strstr(h, "section class=\"todo\""));
	assert_non_null(strstr(h, "<span class=\"at\">Bước 2/2 đang thực hiện</span>"));
	free(h);
	/* Received, nothing started: "Bước 1/2 chưa bắt đầu", not "at step 1". */
	h = page_with("DELETE FROM events WHERE dossier_code = '000.00.01.H34-250310-0002';",
	              "BBBBBBBBBBBBBBBBBBBBBB", "2025-03-10 08:00", 0);
	assert_non_null(strstr(h, "<span class=\"at\">Bước 1/2 chưa bắt đầu</span>"));
	assert_null(strstr(h, "Đang ở bước"));
	free(h);
	/* Paused with nothing asked: what the pause means, and whom to ask. */
	h = page_with(
	    "UPDATE dossiers SET status = 'paused' WHERE token = 'BBBBBBBBBBBBBBBBBBBBBB';"
	    "INSERT INTO events VALUES ('000.00.01.H34-250310-0002', 4, '2025-03-10 11:00', "
	    "'pause', NULL, NULL);",
	    "BBBBBBBBBBBBBBBBBBBBBB", "2025-03-10 14:00", 0);
	assert_non_null(strstr(h,
	                       "<section class=\"todo\"><h2>Hồ sơ đang tạm dừng</h2>\n<p>Thời gian "
	                       "giải quyết tạm dừng"));
	assert_non_null(strstr(h, "<dt>Bộ phận Một cửa</dt><dd>Bộ phận Một cửa, "));
	free(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_load_and_render),
	    cmocka_unit_test(test_inconsistent),
	    cmocka_unit_test(test_initials),
	    cmocka_unit_test(test_msg_safe),
	    cmocka_unit_test(test_cached_same),
	    cmocka_unit_test(test_expiry),
	    cmocka_unit_test(test_appointment_in_stop),
	    cmocka_unit_test(test_what_to_do),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
