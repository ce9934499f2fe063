/*
 * sync internals: the national portal's payloads parsed into records
 * (sync_parse.c), then applied to the database in one transaction
 * (sync_apply.c).  The field names, status codes and date forms are
 * data/CSV.md's "Sync" section.
 */
#ifndef TRACKDB_SYNC_H
#define TRACKDB_SYNC_H

#include <jansson.h>

#include "trackdb.h"

#define SYNC_LABEL_MAX 48 /* "LINE" or "LINE.INDEX" of a record */

/* The portal's dossier status codes (TrangThaiHoSo, TrangThai). */
enum sync_status {
	SYNC_NEW = 1, /* registered on line, not yet received */
	SYNC_RECEIVED = 2,
	SYNC_NOT_RECEIVED = 3, /* refused at reception */
	SYNC_PROCESSING = 4,
	SYNC_SUPPLEMENT = 5, /* the applicant was asked to supplement */
	SYNC_FINANCIAL = 6,  /* waiting for the applicant's fees or taxes */
	SYNC_WITHDRAWAL = 7, /* the applicant asked to withdraw */
	SYNC_STOPPED = 8,    /* processing stopped */
	SYNC_DONE = 9,       /* result ready */
	SYNC_RETURNED = 10,  /* result handed over */
};

/* One supplement request of DanhSachHoSoBoSung. */
struct sync_supp {
	tmin_t requested;    /* NgayBoSung */
	tmin_t received;     /* NgayTiepNhanBoSung, 0 while awaited */
	tmin_t due_before;   /* NgayHenTraTruoc, 0 when absent */
	const char *content; /* NoiDungBoSung: what was asked (public, events.request) */
};

/* One dossier record (DongBoHoSoMC).  Strings are borrowed from the
 * parsed JSON, which lives as long as the batch; NULL when absent.
 * Instants are 0 when absent. */
struct sync_dossier {
	char label[SYNC_LABEL_MAX];
	const char *code, *procedure, *agency;
	int status, channel; /* channel: 1 counter, 2 on line, 3 post (default 1) */
	tmin_t received, due, finished, returned;
	/* Private: stored, never published. */
	const char *name, *id_no, *ident, *phone, *email, *fax, *address;
	char *documents; /* TaiLieuNop's names, "; "-joined, owned (NULL: none) */
	struct sync_supp *supp;
	size_t nsupp;
};

/* One progress record (CapNhatTienDoHoSoMC). */
struct sync_prog {
	char label[SYNC_LABEL_MAX];
	const char *code, *unit, *action, *official, *title;
	int state; /* TrangThai, 0 when absent */
	tmin_t at, started, planned_end;
};

/* A parsed file: its records in file order, and the JSON they point into. */
struct sync_batch {
	const char *name; /* the file, for messages */
	json_t **roots;   /* one per JSON value read */
	size_t nroots;
	struct sync_dossier *d;
	size_t nd;
	struct sync_prog *pr;
	size_t npr;
};

/* Parse S (LEN bytes: a JSON array, an object, a request body with
 * "service" and "data", or JSON lines) into B.  Returns 0, or -1 with E
 * set to "RECORD: reason" (the caller adds the file name). */
int sync_parse(const char *s, size_t len, struct sync_batch *b, struct err *e);
void sync_batch_free(struct sync_batch *b);

/* An instant in one of the portal's forms (all local time):
 * yyyyMMddHHmmss, ISO 8601 with or without fraction (a '+07:00' offset
 * allowed), dd/MM/yyyy HH:mm:ss; seconds are dropped.  Returns 0, or -1. */
int sync_parse_instant(const char *s, tmin_t *out);

/* Apply B to DB inside the caller's transaction.  ST receives what was
 * done.  Returns 0, or -1 with E set to "RECORD: reason". */
int sync_apply(sqlite3 *db, const struct sync_batch *b, struct sync_stats *st, struct err *e);

#endif
