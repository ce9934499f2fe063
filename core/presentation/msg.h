/*
 * msg: the message catalogue.  Every fixed word a page shows lives here in
 * Vietnamese and English, so that code stays in English and one renderer
 * serves both languages.  Vietnamese comes first: it is
 * the language of the service; English is for visitors.
 *
 * Strings are static, valid UTF-8, and already safe as HTML text and
 * double-quoted attribute values (no & < > "), so renderers may fputs them directly;
 * test_view checks that property over the whole table, but for the HTML
 * fragments from M_HTML_FIRST on (see there).  The statistics pages' many
 * words live in msg_stats.def, the statistics workbooks' in msg_xlsx.def,
 * the officials' lists and control sheets' in msg_officials.def, each
 * included here and in msg.c, so that the id and its two texts sit on one
 * line.
 */
#ifndef MSG_H
#define MSG_H

#include <stddef.h>
#include <stdio.h>

enum lang { LANG_VI = 0, LANG_EN = 1 };
#define LANG_COUNT 2

enum msg_id {
	/* site frame */
	M_SITE_TITLE,
	M_SITE_OWNER,
	M_NAV_HOME,
	M_NAV_AGENCIES,
	M_NAV_PROCEDURES,
	M_NAV_STATS,
	M_NAV_ISO,
	M_OTHER_LANG,
	M_SKIP,
	M_FOOTER,
	M_DATA_AS_OF,
	/* dossier facts */
	M_DOSSIER,
	M_CODE,
	M_APPLICANT,
	M_PROCEDURE,
	M_AGENCY,
	M_CHANNEL,
	M_RECEIVED,
	M_DUE,
	M_NEW_DUE,
	M_RESOLVED,
	M_RETURNED,
	M_STATUS,
	M_OVERALL,
	M_PROCESS,
	M_VERSION,
	M_PROGRESS,
	M_NOW_AT_STEP,
	M_CLOCK_STOPPED,
	M_STOPS,
	M_STOP_SUPPLEMENT,
	M_STOP_PAUSE,
	M_UNTIL_NOW,
	M_APOLOGIES,
	/* the appointment while and after the clock stands still */
	M_STOPPED_NOW,
	M_WAIT_CITIZEN,
	M_WAIT_PAUSE,
	M_SINCE,
	M_REMAINING_SUPPLEMENT,
	M_REMAINING_PAUSE,
	M_DUE_MOVED_SUPPLEMENT,
	M_DUE_MOVED_STOPS,
	/* a dossier waiting for the citizen: what to do, where, whom to call;
	 * where it stands in the steps, in words */
	M_TODO_SUPPLEMENT,
	M_TODO_PAUSE,
	M_TODO_ASKED,
	M_TODO_ASKED_PAUSE,
	M_TODO_NOT_SAID,
	M_TODO_PAUSE_NOTE,
	M_TODO_BY,
	M_TODO_PAST,
	M_TODO_WHERE,
	M_TODO_HOURS,
	M_TODO_PHONE,
	M_TODO_ONESTOP,
	M_STEP_OF,
	M_STEP_SUM_ACTIVE,
	M_STEP_SUM_TODO,
	M_STEP_SUM_STOPPED,
	M_STEP_WAITING,
	/* a due counted across a calendar day not fixed by a decision */
	M_PROVISIONAL,
	M_PROVISIONAL_CROSSES,
	M_PROVISIONAL_MAY_MOVE,
	/* channels */
	M_CH_COUNTER,
	M_CH_ONLINE,
	M_CH_POST,
	/* statuses */
	M_ST_PROCESSING,
	M_ST_SUPPLEMENT,
	M_ST_PAUSED,
	M_ST_READY,
	M_ST_RETURNED,
	M_ST_REJECTED,
	M_ST_WITHDRAWN,
	/* verdicts */
	M_V_NONE,
	M_V_EARLY,
	M_V_ON_TIME,
	M_V_LATE,
	M_V_WITHIN,
	M_V_OVERDUE,
	/* steps */
	M_STEP,
	M_UNIT,
	M_ALLOWANCE,
	M_PLANNED,
	M_STARTED,
	M_FINISHED,
	M_STEP_NOT_STARTED,
	M_STEP_ACTIVE,
	M_STEP_DONE,
	M_HOURS,
	M_DAYS,
	M_HOUR,
	M_DAY,
	/* weekdays, Monday first (clock_weekday 1-7) */
	M_MONDAY,
	M_TUESDAY,
	M_WEDNESDAY,
	M_THURSDAY,
	M_FRIDAY,
	M_SATURDAY,
	M_SUNDAY,
	/* months, January first and in order (M_MON_JAN + month - 1): the
	 * short names of English dates ("1 Sep 2026", "Sep 2026"); Vietnamese
	 * writes its dates in digits */
	M_MON_JAN,
	M_MON_FEB,
	M_MON_MAR,
	M_MON_APR,
	M_MON_MAY,
	M_MON_JUN,
	M_MON_JUL,
	M_MON_AUG,
	M_MON_SEP,
	M_MON_OCT,
	M_MON_NOV,
	M_MON_DEC,
	/* procedures and agencies */
	M_PROCEDURES,
	M_AGENCIES,
	M_FIELD,
	M_LIMIT,
	M_FEE,
	M_FEE_FREE,
	M_VND,
	M_OFFERED_BY,
	M_LEVEL,
	M_LEVEL_PROVINCE,
	M_LEVEL_DEPARTMENT,
	M_LEVEL_DISTRICT,
	M_LEVEL_COMMUNE,
	M_LEVEL_BRANCH,
	M_PARENT,
	M_SUCCESSOR,
	M_DISSOLVED,
	M_EFFECTIVE,
	M_NO_PROCESS,
	M_ONTIME_SUMMARY,
	M_ISO_STANDARD,
	M_ISO_ANNOUNCED,
	M_EISO,
	M_LAST_AUDIT,
	M_LAST_REVIEW,
	M_NOT_YET,
	/* figures */
	M_FIGURES,
	M_THIS_MONTH,
	M_THIS_YEAR,
	M_ALL_TIME,
	M_N_RECEIVED,
	M_N_RESOLVED,
	M_N_ONTIME,
	M_N_LATE,
	M_N_PENDING,
	M_N_OVERDUE,
	M_ONTIME_RATE,
	M_NO_DATA,
	M_LOOKUP_HINT,
	/* the six-month summary on procedure and agency pages */
	M_RECENT_TIMES,
	M_N_RESULTS,
	M_MEDIAN_TIME,
	M_LIMIT_SHORT,
	M_FULL_STATS,
	/* receipt (the official form's wording) */
	M_R_TITLE,
	M_R_NATION,
	M_R_MOTTO,
	M_R_OFFICE,
	M_R_APPLICANT,
	M_R_DOCUMENTS,
	M_R_WHERE,
	M_R_CHECK,
	M_R_SCAN,
	M_R_COPIES,
	/* the receipt as Mẫu số 01 (Circular 01/2018/TT-VPCP) words it */
	M_R_UNIT,
	M_R_FROM,
	M_R_ADDRESS,
	M_R_PHONE,
	M_R_EMAIL,
	M_R_REQUEST,
	M_R_DOCS_LIST,
	M_R_SETS,
	M_R_SETS_UNIT,
	M_R_LIMIT,
	M_R_TIME_IN,
	M_R_TIME_OUT,
	M_R_COLLECT,
	M_R_SIGN_APPLICANT,
	M_R_SIGN_OFFICER,
	M_R_SIGN_HINT,
	M_R_CONTACT,
	M_R_LOOKUP,
	M_R_HOUR,
	M_R_MINUTE,
	M_R_DAY,
	M_R_MONTH,
	M_R_YEAR,
	/* msg_duration's words */
	M_DUR_DAY,
	M_DUR_DAYS,
	M_DUR_HOUR,
	M_DUR_HOURS,
	M_DUR_MINUTE,
	M_DUR_MINUTES,
	M_DUR_WORKING,
	/* kioskd's own pages: its frame, answers and errors, procedures
	 * browser, wallboard */
	M_K_TITLE,
	M_K_HOME,
	M_K_OTHER_LANG,
	M_K_PROCEDURES,
	M_K_LOOKUP_TITLE,
	M_K_NO_DOSSIER,
	M_K_NO_DOSSIER_HINT,
	M_K_BAD_CODE,
	M_K_RATE_LIMITED,
	M_K_UNAVAILABLE,
	M_K_UNAVAILABLE_HINT,
	M_K_NOT_FOUND,
	M_K_BAD_REQUEST,
	M_K_METHOD,
	M_K_TOO_LARGE,
	M_K_INTERNAL,
	M_K_DUE_IF_NOW,
	M_K_DUE_BASIS_PROCESS,
	M_K_DUE_BASIS_LIMIT,
	M_K_STEPS,
	M_K_STEP_NO,
	M_K_UNIT,
	M_K_TIME,
	M_K_LIMIT,
	M_K_FEE,
	M_K_FREE,
	M_K_DAYS,
	M_K_HOURS,
	M_K_BOARD_TITLE,
	M_K_READY_LIST,
	M_K_TODAY,
	M_K_RECEIVED_TODAY,
	M_K_RESOLVED_TODAY,
	M_K_RETURNED_TODAY,
	M_K_WAITING,
	M_K_NONE_READY,
	M_K_BACK,
	M_K_PROCESS,
	M_K_OFFERED_HERE,
	M_K_NO_PROCEDURES,
	M_K_FIELD,
	M_K_TRY_AGAIN,
	M_K_DATA_AS_OF,
	M_K_BOARD_HINT,
	M_K_VND,
	M_K_AGENCY_LIST,
	M_K_BOARD_CAP_A,
	M_K_BOARD_CAP_B,
	M_K_BOARD_CAP_C,
	/* procedure pages (documents to bring, one process shared by agencies)
	 * and the wallboard's pages and pickup place */
	M_STEP_TASK,
	M_DOCUMENTS,
	M_DOC_ORIGINALS,
	M_DOC_COPIES,
	M_NO_DOCUMENTS,
	M_PROCESS_USED_AT,
	M_PROCESS_AGENCIES,
	M_K_BOARD_PAGE,
	M_K_PICKUP_AT,
	M_K_RELOAD,
	/* citizens' satisfaction and the service index (Decision 766/QĐ-TTg) */
	M_SAT_TITLE,
	M_SAT_INTRO,
	M_SAT_RATINGS,
	M_SAT_SATISFIED,
	M_SAT_SHARE,
	M_SAT_PERIOD,
	M_SAT_PROVINCE,
	M_SAT_BY_AGENCY,
	M_SAT_BY_FIELD,
	M_SAT_BY_PROCEDURE,
	M_SAT_NONE,
	M_SAT_CHART_TITLE,
	M_SAT_CHART_DESC,
	M_SAT_MONTH,
	M_SAT_DATA,
	M_SAT_SUMMARY,
	M_SAT_YEAR,
	M_SAT_ALL,
	M_SAT_MORE,
	M_SAT_SKIPPED,
	M_SAT_ENTITY,
	M_SAT_QUESTION,
	M_SAT_N_RATINGS,
	M_SAT_N_SATISFIED,
	M_IX_TITLE,
	M_IX_INTRO,
	M_IX_PROVINCE,
	M_IX_INDICATOR,
	M_IX_ONTIME,
	M_IX_OVERDUE,
	M_IX_APOLOGY,
	M_IX_ONLINE,
	M_IX_PROGRESS,
	M_IX_SATISFIED,
	M_IX_F_ONTIME,
	M_IX_F_OVERDUE,
	M_IX_F_APOLOGY,
	M_IX_F_ONLINE,
	M_IX_F_PROGRESS,
	M_IX_F_SATISFIED,
	M_IX_BY_YEAR,
	M_IX_BY_QUARTER,
	M_IX_BY_MONTH,
	M_IX_METHOD,
	M_IX_METHOD_LINK,
	M_IX_NOT_POINTS,
	M_IX_AGENCIES,
	M_IX_FORMULA,
	M_IX_OFFICIAL,
	M_IX_O_ONTIME,
	M_IX_O_OVERDUE,
	M_IX_O_APOLOGY,
	M_IX_O_ONLINE,
	M_IX_O_PROGRESS,
	M_IX_O_SATISFIED,
	M_IX_GROUPS,
	M_IX_NOT_HELD,
	M_IX_NOT_HELD_LIST,
	M_IX_SOURCES,
	M_IX_ROLLUP,
	M_IX_LINK,
/* the statistics and ISO roadmap pages: their words (msg_stats.def) */
#define MSG_TEXT(id, vi, en) id,
#define MSG_HTML(id, vi, en)
#include "msg_stats.def"
#undef MSG_TEXT
#undef MSG_HTML
/* the statistics workbooks: headers, sheets, titles (msg_xlsx.def) */
#define MSG_TEXT(id, vi, en) id,
#include "msg_xlsx.def"
#undef MSG_TEXT
/* the officials' early-warning lists, bulletin and control sheets
 * (msg_officials.def) */
#define MSG_TEXT(id, vi, en) id,
#include "msg_officials.def"
#undef MSG_TEXT
	/* From here on each message is an HTML fragment, not text: fixed
	 * markup (a <code> or quotes inside a sentence) to be written with
	 * fputs, never escaped; test_view checks that its tags balance. */
	M_HTML_FIRST,
#define MSG_TEXT(id, vi, en)
#define MSG_HTML(id, vi, en) id,
#include "msg_stats.def"
#undef MSG_TEXT
#undef MSG_HTML
	M_COUNT
};

/* The text of ID in LANG.  Static; never NULL (an id without an English
 * text falls back to Vietnamese). */
const char *msg(enum lang lang, enum msg_id id);

/* Write message ID in LANG to F with each "{N}" (N = 1..NARGS, at most 9)
 * replaced by ARGS[N-1]: as HTML text (escaped) when ESCAPE is nonzero,
 * else as it is (numbers the caller formatted, or text bound for a title
 * that the page frame escapes).  The message itself is written as it is.
 * Word order differs between the languages, hence numbered slots rather
 * than printf.  Returns 0, or -1 on a write error or a slot past NARGS. */
int msg_fill(FILE *f, enum lang lang, enum msg_id id, int escape, const char *const *args,
             int nargs);

/* The 'lang' attribute value for LANG: "vi" or "en". */
const char *msg_lang_tag(enum lang lang);

/* Messages for schema words: a channel ('counter', ...), a dossier status
 * ('processing', ...), an agency level ('province', ...).  Unknown words
 * give NULL so that callers show the raw (escaped) word instead. */
const char *msg_channel(enum lang lang, const char *channel);
const char *msg_status(enum lang lang, const char *status);
const char *msg_level(enum lang lang, const char *level);

/* A working time of MIN minutes in days of DAY_MIN minutes, hours and
 * minutes, never decimal hours: "2 ngày 3 giờ làm việc", "2 days 3 working
 * hours", "0 giờ làm việc" for none.  Writes at most SIZE bytes with the
 * NUL into BUF (digits and catalogue words: safe as HTML).  Returns the
 * length, or -1 when it does not fit (BUF then holds ""). */
int msg_duration(char *buf, size_t size, long long min, int day_min, enum lang lang);

#endif
