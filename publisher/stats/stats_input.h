/*
 * stats_input: what the statistics read of each dossier, kept between runs
 * in a binary file beside the publisher's state (STATE.stats-input), so
 * that an incremental run takes from the page pass only the dossiers that
 * changed and everything else from the file: no SQL, no text to parse.
 *
 * A record holds one dossier as the statistics judge it: its agency, procedure
 * and process as indexes into the statistics' reference tables, channel,
 * received instant and events, and what could not be read (flags).  It is
 * keyed by the dossier's code hash and carries the fingerprint (struct
 * drec's src) of the rows it was read from: a record is used only while
 * the run's fingerprint of its dossier is the same.  The header ties the
 * file to the build and reference data (the publisher's gfp) and to the
 * reference tables' order (si_ref_fp), so that the indexes stay right.
 *
 * Format (native byte order, the file never leaves the machine):
 *   header: "PUBSINPUT1\n" padded with NULs to 16 bytes, then gfp, ref_fp,
 *   the number of records and the bytes they take (8 bytes each);
 *   records in code order (strcmp), each 8-byte aligned: struct si_head,
 *   its events (struct si_ev, or struct si_wide_ev when SI_WIDE), its code
 *   with the NUL, zeros to the next multiple of 8.
 */
#ifndef STATS_INPUT_H
#define STATS_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "timeline.h"

enum {
	SI_BAD_EVENT = 1,    /* an event that cannot be read: no events kept */
	SI_BAD_RECEIVED = 2, /* received_at cannot be read */
	SI_ODD_RECEIVED = 4, /* received_at is not in the one form its instant
	                        prints as: the smallest text is not the smallest
	                        instant (make_stats then asks the snapshot) */
	SI_WIDE = 8          /* events stored as struct si_wide_ev */
};

/* One dossier as the statistics read it. */
struct si_dossier {
	uint64_t code_hash;             /* pub_hash_str(code) */
	uint64_t src;                   /* struct drec's src of the rows it was read from */
	const char *code;               /* borrowed */
	int agency, procedure, process; /* indexes into struct ss's tables, -1: unknown */
	int channel;                    /* enum stats_channel, -1: unknown */
	int flags;                      /* SI_* */
	tmin_t received;
	const struct ev *ev; /* borrowed; none when SI_BAD_EVENT */
	int nev;
};

/* A previous run's file, mapped read-only. */
struct si_file;

/* Map the file at PATH when it is whole and of GFP and REF_FP (every
 * record checked: bounds, code order, event kinds, indexes below NAG,
 * NPR, NPS); NULL when it is absent, foreign, of another build or
 * reference data, or damaged (the caller builds a new one).  *WHY says
 * which, statically. */
struct si_file *si_open(const char *path, uint64_t gfp, uint64_t ref_fp, int nag, int npr, int nps,
                        const char **why);
void si_close(struct si_file *f); /* NULL-safe */
uint64_t si_count(const struct si_file *f);

/* Walking a file's records in order (si_open checked them all). */
struct si_cursor {
	const unsigned char *p, *end;
};
void si_first(const struct si_file *f, struct si_cursor *c);
/* Whether C is at a record; then si_peek gives its key, fingerprint,
 * code, received instant and flags without decoding its events. */
int si_more(const struct si_cursor *c);
void si_peek(const struct si_cursor *c, uint64_t *code_hash, uint64_t *src, const char **code,
             tmin_t *received, int *flags);
/* Decode the record at C into *D, its events into BUF (room for
 * *CAP, grown with realloc), and step past it.  Returns 0, or -1 when
 * out of memory. */
int si_next(struct si_cursor *c, struct si_dossier *d, struct ev **buf, int *cap);
/* Step past the record at C. */
void si_skip(struct si_cursor *c);

/* Writing a new file: records in code order, then si_writer_commit. */
struct si_writer;
/* Returns a writer of a temporary file beside PATH, or NULL with E. */
struct si_writer *si_writer_open(const char *path, struct err *e);
/* Append D (code order is the caller's).  Returns 0, or -1 with E. */
int si_writer_put(struct si_writer *w, const struct si_dossier *d, struct err *e);
/* Append the record at C of a file si_open checked, as it is. */
int si_writer_copy(struct si_writer *w, const struct si_cursor *c, struct err *e);
/* Put the header (GFP, REF_FP) and rename the file into place (no fsync:
 * a file lost with the page cache is rebuilt).  The writer is freed
 * either way.  Returns 0, or -1 with E. */
int si_writer_commit(struct si_writer *w, uint64_t gfp, uint64_t ref_fp, struct err *e);
void si_writer_abort(struct si_writer *w); /* NULL-safe; removes the temporary file */

#endif
