/*
 * import_docs: the documents a citizen hands in for each procedure
 * ("thành phần hồ sơ").  A file gives the whole list of each procedure it
 * names: that procedure's rows already in the database are replaced, its
 * rows come together in the file, numbered 1, 2, ... in order, so that an
 * office edits the file and loads it again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "import.h"

static const struct col procedure_documents_cols[] = {
    {"procedure_code", COL_PROCEDURE, 0, NULL},
    {"seq", COL_INT, 0, NULL},
    {"name", COL_TEXT, 0, NULL},
    {"name_en", COL_TEXT, 1, NULL},
    {"originals", COL_INT, 0, NULL},
    {"copies", COL_INT, 0, NULL},
    {"note", COL_TEXT, 1, NULL},
    {"note_en", COL_TEXT, 1, NULL},
};
static const char *const procedure_documents_sql[] = {
    "INSERT INTO procedure_documents (procedure_code, seq, name, name_en, originals, copies, "
    "note, note_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    "SELECT 1 FROM procedures WHERE code = ?1",
    "DELETE FROM procedure_documents WHERE procedure_code = ?1",
    NULL,
};

/* Whether the file listed CODE before; -1 on out of memory. */
static int
seen_before(struct imp *im, const char *code, struct err *e)
{
	for (size_t i = 0; i < im->nseen; i++)
		if (strcmp(im->seen[i], code) == 0)
			return 1;
	if (im->nseen == im->seen_cap) {
		size_t cap = im->seen_cap ? im->seen_cap * 2 : 32;
		void *p = realloc(im->seen, cap * sizeof *im->seen);
		if (!p)
			return err_set(e, "out of memory");
		im->seen = p;
		im->seen_cap = cap;
	}
	snprintf(im->seen[im->nseen++], sizeof im->seen[0], "%s", code);
	return 0;
}

static int
procedure_documents_row(struct imp *im, const struct val *v, struct err *e)
{
	const char *code = v[0].text;
	int first = im->nseen == 0 || strcmp(im->seen[im->nseen - 1], code) != 0, r;

	if (first) {
		if ((r = import_exists(im, im->st[1], code, e)) <= 0)
			return r < 0 ? -1
			             : err_set(e, "procedure_code %s: no such procedure", code);
		if ((r = seen_before(im, code, e)) != 0)
			return r < 0
			           ? -1
			           : err_set(e, "procedure %s: its rows must come together", code);
		sqlite3_bind_text(im->st[2], 1, code, -1, SQLITE_STATIC);
		if (import_exec(im, im->st[2], e) < 0)
			return -1;
	}
	/* The previous row was this procedure's seq - 1 (or this is its first). */
	if (v[1].i != (first ? 1 : im->last_seq + 1))
		return err_set(e,
		               "seq %s: procedure %s's documents are numbered 1, 2, ... in order",
		               v[1].text, code);
	im->last_seq = v[1].i;
	if (v[4].i < 0 || v[4].i > 99 || v[5].i < 0 || v[5].i > 99)
		return err_set(e, "originals and copies must be 0 to 99");
	if (!*v[2].text)
		return err_set(e, "name is empty");
	if (import_bind_all(im, im->st[0], procedure_documents_cols, v,
	                    NCOLS(procedure_documents_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

const struct kind_def import_procedure_documents = {
    "procedure_documents",   procedure_documents_cols, NCOLS(procedure_documents_cols),
    procedure_documents_sql, procedure_documents_row,  NULL};
