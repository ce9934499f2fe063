/*
 * demo internals: the world the generator draws from (demo_world.c), the
 * life of one dossier (demo_life.c) and the applicant's particulars
 * (demo_people.c).
 */
#ifndef TRACKDB_DEMO_H
#define TRACKDB_DEMO_H

#include "code.h"
#include "rng.h"
#include "timeline.h"
#include "trackdb.h"

#define DAY_NONE_BEFORE INT32_MIN /* valid_from NULL: long before our data */
#define DAY_NONE_AFTER INT32_MAX  /* valid_to NULL: still exists */

struct w_agency {
	char code[CODE_AGENCY_LEN + 1];
	char *name;
	day_t from, to;
	int new_province; /* created by the 2025 reorganisation (Quảng Ngãi) */
	double weight;    /* relative volume of dossiers */
};

struct w_procedure {
	char *code, *name;
	double weight;
};

struct w_process {
	int64_t id;
	int agency, procedure; /* indexes into the world's arrays */
	day_t from, to;
	int nsteps;
	int allow[TIMELINE_STEPS_MAX]; /* minutes */
	int total;
	int leader;     /* step signed by the leader (0-based), -1 if none */
	int specialist; /* the longest step: the specialist unit's */
	double weight;
};

/* Processes in force over a run of days, with cumulative weights. */
struct w_span {
	day_t from; /* first day; the span lasts until the next span's from */
	int n;
	int *process;
	double *cum;
};

struct world {
	struct clock_cal *cal;
	struct w_agency *agencies;
	int nagencies;
	struct w_procedure *procedures;
	int nprocedures;
	struct w_process *processes;
	int nprocesses;
	struct w_span *spans;
	int nspans;
};

/* Load agencies, procedures, processes with steps and the calendar from DB,
 * and weigh them with R.  Returns 0 or -1 with E set. */
int world_load(struct world *w, sqlite3 *db, struct rng *r, struct err *e);

/* Build the spans of processes in force between days D0 and D1. */
int world_spans(struct world *w, day_t d0, day_t d1, struct err *e);

/* How many processes are in force on day D. */
int world_count(const struct world *w, day_t d);

/* A process in force on day D drawn by weight, or -1 when none is. */
int world_pick(const struct world *w, day_t d, struct rng *r);

/* Free what world_load and world_spans allocated (NULL-safe members). */
void world_free(struct world *w);

/* ---- one dossier's life ------------------------------------------------- */

#define LIFE_EV_MAX (2 * TIMELINE_STEPS_MAX + 12)

enum life_note {
	NOTE_NONE = 0,
	NOTE_SUPPLEMENT,
	NOTE_SUPPLEMENT_LATE, /* the citizen never came back */
	NOTE_PAUSE,
	NOTE_APOLOGY,
	NOTE_REJECTED,
	NOTE_WITHDRAWN,
};

struct life_ev {
	struct ev ev;
	enum life_note note;
};

enum channel { CH_COUNTER, CH_ONLINE, CH_POST };

struct life {
	tmin_t received, due; /* due: the receipt's appointment */
	tmin_t new_due;       /* last apology's, 0 when none */
	tmin_t resolved, returned, updated;
	const char *status; /* schema text */
	int nev;
	struct life_ev ev[LIFE_EV_MAX];
};

/* Live the dossier of process P received at RECEIVED, up to NOW. */
void life_generate(const struct clock_cal *cal, const struct w_process *p, tmin_t received,
                   enum channel ch, tmin_t now, struct rng *r, struct life *out);

/* The Vietnamese note of N, or NULL. */
const char *life_note_text(enum life_note n);

/* ---- the applicant ------------------------------------------------------ */

struct person {
	char name[96];
	char id[16];    /* 12-digit CCCD */
	char phone[16]; /* 10 digits */
	char address[256];
};

void person_generate(const struct w_agency *a, struct rng *r, struct person *out);

/* An official's full name into BUF (SIZE bytes). */
void official_name(struct rng *r, char *buf, size_t size);

/* The documents received for procedure NAME, as the receipt lists them. */
const char *documents_for(const char *procedure_name);

/* ---- citizens' ratings (demo_ratings.c) ---------------------------------- */

/* Ratings of the default template for returned dossiers, as kiosks and
 * counter tablets would have recorded them.  Its own random stream, so
 * that the dossiers are the same with or without it. */
struct demo_rater {
	struct rng r;
	sqlite3_stmt *ins;
	long n; /* ratings inserted */
};

/* Prepare on DB; 0 or -1 with E.  demo_rater_end (NULL-safe inside) frees. */
int demo_rater_begin(struct demo_rater *dr, sqlite3 *db, uint64_t seed, struct err *e);
/* Maybe rate dossier CODE of AGENCY that lived L, up to NOW.  0 or -1. */
int demo_rate(struct demo_rater *dr, const char *code, const char *agency, const struct life *l,
              tmin_t now, struct err *e);
void demo_rater_end(struct demo_rater *dr);

#endif
