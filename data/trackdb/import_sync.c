/*
 * import_sync: the CSV of trackdb sync's step mapping (step_map): which
 * ISO step a one-stop system's unit (PhongBanXuLy) or action
 * (NoiDungXuLy) stands for.  A row replaces the mapping of the same
 * procedure and text, so the operator edits the file and loads it again.
 */
#include <string.h>

#include "code.h"
#include "import.h"

static const struct col step_map_cols[] = {
    {"procedure_code", COL_TEXT, 0, NULL}, /* a procedure code, or '*' for any */
    {"match", COL_TEXT, 0, NULL},
    {"step_no", COL_INT, 0, NULL},
};
static const char *const step_map_sql[] = {
    "INSERT OR REPLACE INTO sync_step_map (procedure_code, match, step_no) VALUES (?1, ?2, ?3)",
    "SELECT 1 FROM procedures WHERE code = ?1",
    NULL,
};

static int
step_map_row(struct imp *im, const struct val *v, struct err *e)
{
	int r;

	if (strcmp(v[0].text, "*") != 0) {
		if (!code_procedure_valid(v[0].text))
			return err_set(e, "procedure_code '%s' is neither '*' nor a procedure code",
			               v[0].text);
		if ((r = import_exists(im, im->st[1], v[0].text, e)) <= 0)
			return r < 0
			           ? -1
			           : err_set(e, "procedure_code %s: no such procedure", v[0].text);
	}
	if (v[2].i < 1 || v[2].i > 1000)
		return err_set(e, "step_no %s is not a step number", v[2].text);
	if (import_bind_all(im, im->st[0], step_map_cols, v, NCOLS(step_map_cols), e) < 0)
		return -1;
	return import_exec(im, im->st[0], e);
}

const struct kind_def import_step_map = {"step_map",   step_map_cols, NCOLS(step_map_cols),
                                         step_map_sql, step_map_row,  NULL};
