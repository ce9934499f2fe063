/*
 * sync_parse: the national portal's payloads, as a province's one-stop
 * system sends them, into records.  Everything a record says is checked
 * here (names, codes, status codes, dates); what the database must agree
 * with (the procedure exists, the dossier is known) is sync_apply's.
 *
 * A file is one JSON value or JSON lines.  A value is a record, an array
 * of records, or a request body {"service": "DongBoHoSoMC" |
 * "CapNhatTienDoHoSoMC", "madonvi": AGENCY, "data": [records]}.  Without
 * "service" a record's kind is told by its fields.
 */
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "sync.h"

static int
digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/* Y-M-D h:m:s checked by the clock's own parser (which knows month
 * lengths and leap years), seconds dropped. */
static int
civil(int y, int mo, int d, int h, int mi, int sec, tmin_t *out)
{
	char buf[32];

	if (sec < 0 || sec > 59 || h > 23)
		return -1;
	snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
	return clock_parse_instant(buf, out, NULL);
}

/* "yyyyMMddHHmmss" */
static int
compact(const char *s, tmin_t *out)
{
	int y, mo, d, h, mi, sec;

	if (strlen(s) != 14 || digits(s, 4, &y) || digits(s + 4, 2, &mo) || digits(s + 6, 2, &d) ||
	    digits(s + 8, 2, &h) || digits(s + 10, 2, &mi) || digits(s + 12, 2, &sec))
		return -1;
	return civil(y, mo, d, h, mi, sec, out);
}

/* "YYYY-MM-DDTHH:MM[:SS[.fff]][+07:00]" (a space for the T too) */
static int
iso(const char *s, tmin_t *out)
{
	int y, mo, d, h, mi, sec = 0;
	size_t n = strlen(s), i = 16;

	if (n < 16 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || digits(s, 4, &y) || digits(s + 5, 2, &mo) || digits(s + 8, 2, &d) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi))
		return -1;
	if (i < n && s[i] == ':') {
		if (n < 19 || digits(s + 17, 2, &sec))
			return -1;
		i = 19;
		if (i < n && s[i] == '.') {
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				;
			if (s[i - 1] == '.')
				return -1;
		}
	}
	/* Local time: no offset, or Vietnam's own. */
	if (i < n && strcmp(s + i, "+07:00") != 0 && strcmp(s + i, "+0700") != 0)
		return -1;
	return civil(y, mo, d, h, mi, sec, out);
}

/* "dd/MM/yyyy HH:mm[:ss]" */
static int
vn(const char *s, tmin_t *out)
{
	int y, mo, d, h, mi, sec = 0;
	size_t n = strlen(s);

	if ((n != 16 && n != 19) || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':' ||
	    digits(s, 2, &d) || digits(s + 3, 2, &mo) || digits(s + 6, 4, &y) ||
	    digits(s + 11, 2, &h) || digits(s + 14, 2, &mi) ||
	    (n == 19 && (s[16] != ':' || digits(s + 17, 2, &sec))))
		return -1;
	return civil(y, mo, d, h, mi, sec, out);
}

int
sync_parse_instant(const char *s, tmin_t *out)
{
	if (strchr(s, '/'))
		return vn(s, out);
	if (strchr(s, '-'))
		return iso(s, out);
	return compact(s, out);
}

/* ---- fields ------------------------------------------------------------ */

/* The string member NAME of O, NULL when absent, null or "". */
static const char *
str(json_t *o, const char *name, struct err *e, int *bad)
{
	json_t *v = json_object_get(o, name);
	const char *s;

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = 1;
		err_set(e, "%s is not a string", name);
		return NULL;
	}
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v)) {
		*bad = 1;
		err_set(e, "%s holds a NUL character", name);
		return NULL;
	}
	return *s ? s : NULL;
}

/* An instant member; absent or "" is 0.  REQUIRED: absent is an error. */
static int
instant(json_t *o, const char *name, int required, tmin_t *out, struct err *e)
{
	int bad = 0;
	const char *s = str(o, name, e, &bad);

	*out = 0;
	if (bad)
		return -1;
	if (!s)
		return required ? err_set(e, "%s is missing", name) : 0;
	if (sync_parse_instant(s, out) < 0)
		return err_set(e,
		               "%s '%.40s' is not a date (yyyyMMddHHmmss, ISO 8601 or "
		               "dd/MM/yyyy HH:mm:ss)",
		               name, s);
	return 0;
}

/* A small number sent as a number or a string of digits; 0 when absent. */
static int
number(json_t *o, const char *name, int lo, int hi, int *out, struct err *e)
{
	json_t *v = json_object_get(o, name);
	int x = 0;

	*out = 0;
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = strlen(s);
		if (n >= 1 && n <= 2 && digits(s, (int)n, &x) == 0 && x >= lo && x <= hi) {
			*out = x;
			return 0;
		}
	}
	return err_set(e, "%s is not a number from %d to %d", name, lo, hi);
}

/* Several string members at once: *OUT[i] = str(NAMES[i]). */
static int
strs(json_t *o, const char *const *names, const char **const *out, size_t n, struct err *e)
{
	int bad = 0;

	for (size_t i = 0; i < n && !bad; i++)
		*out[i] = str(o, names[i], e, &bad);
	return bad ? -1 : 0;
}

/* The first string member whose name begins with "DiaChi" (an address:
 * the portal's payloads name them several ways). */
static const char *
address(json_t *o)
{
	const char *key;
	json_t *v;

	json_object_foreach(o, key, v) if (!strncmp(key, "DiaChi", 6) && json_is_string(v) &&
	                                   *json_string_value(v)) return json_string_value(v);
	return NULL;
}

/* ---- records ----------------------------------------------------------- */

static int
supplements(json_t *o, struct sync_dossier *d, struct err *e)
{
	json_t *list = json_object_get(o, "DanhSachHoSoBoSung"), *s;
	size_t i;
	int bad = 0;

	if (!list || json_is_null(list))
		return 0;
	if (!json_is_array(list))
		return err_set(e, "DanhSachHoSoBoSung is not a list");
	if (!json_array_size(list))
		return 0;
	if (!(d->supp = calloc(json_array_size(list), sizeof *d->supp)))
		return err_set(e, "out of memory");
	json_array_foreach(list, i, s)
	{
		struct sync_supp *p = &d->supp[d->nsupp++];
		if (!json_is_object(s))
			return err_set(e, "DanhSachHoSoBoSung[%zu] is not an object", i);
		if (instant(s, "NgayBoSung", 1, &p->requested, e) < 0 ||
		    instant(s, "NgayTiepNhanBoSung", 0, &p->received, e) < 0 ||
		    instant(s, "NgayHenTraTruoc", 0, &p->due_before, e) < 0 ||
		    (p->content = str(s, "NoiDungBoSung", e, &bad), bad))
			return err_prefix(e, "DanhSachHoSoBoSung[%zu]", i);
		if (p->received && p->received < p->requested)
			return err_set(
			    e, "DanhSachHoSoBoSung[%zu]: NgayTiepNhanBoSung is before NgayBoSung",
			    i);
	}
	return 0;
}

/* TaiLieuNop's file names, as the receipt lists them. */
static int
documents(json_t *o, struct sync_dossier *d, struct err *e)
{
	json_t *list = json_object_get(o, "TaiLieuNop"), *t, *name;
	size_t i, len = 0;

	if (!json_is_array(list))
		return 0;
	json_array_foreach(list, i, t) if ((name = json_object_get(t, "TenTepDinhKem")) &&
	                                   json_is_string(name)) len +=
	    json_string_length(name) + 2;
	if (!len)
		return 0;
	if (!(d->documents = calloc(1, len + 1)))
		return err_set(e, "out of memory");
	len = 0;
	json_array_foreach(list, i, t) if ((name = json_object_get(t, "TenTepDinhKem")) &&
	                                   json_is_string(name) && *json_string_value(name))
	{
		size_t n = json_string_length(name);
		if (len)
			memcpy(d->documents + len, "; ", 2), len += 2;
		memcpy(d->documents + len, json_string_value(name), n);
		len += n;
	}
	d->documents[len] = '\0';
	return 0;
}

static int
dossier(json_t *o, const char *madonvi, struct sync_dossier *d, struct err *e)
{
	static const char *const names[] = {"MaHoSo",          "MaTTHC",      "ChuHoSo",
	                                    "SoGiayToChuHoSo", "DinhDanhCHS", "SoDienThoai",
	                                    "Email",           "Fax"};
	const char **const out[] = {&d->code,  &d->procedure, &d->name,  &d->id_no,
	                            &d->ident, &d->phone,     &d->email, &d->fax};
	struct dossier_code dc;

	if (strs(o, names, out, 8, e) < 0)
		return -1;
	if (!d->code)
		return err_set(e, "MaHoSo is missing");
	if (code_parse(d->code, strlen(d->code), &dc, NULL) < 0)
		return err_set(
		    e, "MaHoSo '%.60s' is not a dossier code like 000.00.01.H34-250312-0042",
		    d->code);
	if (!d->procedure || !code_procedure_valid(d->procedure))
		return err_set(e, "MaTTHC '%.40s' is not a procedure code like 1.001612",
		               d->procedure ? d->procedure : "");
	d->agency = madonvi;
	if (d->agency && !code_agency_valid(d->agency, strlen(d->agency)))
		return err_set(e, "madonvi '%.40s' is not an agency code", d->agency);
	d->address = address(o);
	if (number(o, "TrangThaiHoSo", 1, 10, &d->status, e) < 0 ||
	    number(o, "KenhThucHien", 1, 3, &d->channel, e) < 0)
		return -1;
	if (!d->status)
		return err_set(e, "TrangThaiHoSo is missing");
	if (!d->channel)
		d->channel = 1;
	if (d->status == SYNC_NEW)
		return 0; /* not received yet: nothing else is required */
	if (instant(o, "NgayTiepNhan", 1, &d->received, e) < 0 ||
	    instant(o, "NgayHenTra", d->status != SYNC_NOT_RECEIVED, &d->due, e) < 0 ||
	    instant(o, "NgayKetThucXuLy", d->status == SYNC_DONE || d->status == SYNC_RETURNED,
	            &d->finished, e) < 0 ||
	    instant(o, "NgayTra", d->status == SYNC_RETURNED, &d->returned, e) < 0)
		return err_prefix(e, "TrangThaiHoSo %d", d->status);
	if (d->due && d->due < d->received)
		return err_set(e, "NgayHenTra is before NgayTiepNhan");
	if (d->finished && d->finished < d->received)
		return err_set(e, "NgayKetThucXuLy is before NgayTiepNhan");
	if (d->returned && d->returned < (d->finished ? d->finished : d->received))
		return err_set(e, "NgayTra is before NgayKetThucXuLy");
	return supplements(o, d, e) < 0 || documents(o, d, e) < 0 ? -1 : 0;
}

static int
progress(json_t *o, struct sync_prog *p, struct err *e)
{
	static const char *const names[] = {"MaHoSo", "PhongBanXuLy", "NoiDungXuLy", "NguoiXuLy",
	                                    "ChucDanh"};
	const char **const out[] = {&p->code, &p->unit, &p->action, &p->official, &p->title};
	struct dossier_code dc;

	if (strs(o, names, out, 5, e) < 0)
		return -1;
	if (!p->code)
		return err_set(e, "MaHoSo is missing");
	if (code_parse(p->code, strlen(p->code), &dc, NULL) < 0)
		return err_set(
		    e, "MaHoSo '%.60s' is not a dossier code like 000.00.01.H34-250312-0042",
		    p->code);
	if (number(o, "TrangThai", 1, 10, &p->state, e) < 0 ||
	    instant(o, "ThoiDiemXuLy", 1, &p->at, e) < 0 ||
	    instant(o, "NgayBatDau", 0, &p->started, e) < 0 ||
	    instant(o, "NgayKetThucTheoQuyDinh", 0, &p->planned_end, e) < 0)
		return -1;
	return 0;
}

/* ---- the file ---------------------------------------------------------- */

enum kind { K_ANY, K_DOSSIER, K_PROGRESS };

static int
grow(void **v, size_t n, size_t size)
{
	void *w;

	if (n && (n < 16 || (n & (n - 1)))) /* room left: capacity doubles from 16 */
		return 0;
	if (!(w = realloc(*v, (n ? n * 2 : 16) * size)))
		return -1;
	*v = w;
	return 0;
}

/* One record O (labelled LABEL) of kind K (K_ANY: told by its fields). */
static int
record(struct sync_batch *b, json_t *o, enum kind k, const char *madonvi, const char *label,
       struct err *e)
{
	int r;

	if (!json_is_object(o))
		return err_set(e, "%s: not a JSON object", label);
	if (k == K_ANY)
		k = json_object_get(o, "TrangThaiHoSo") || json_object_get(o, "NgayTiepNhan")
		        ? K_DOSSIER
		    : json_object_get(o, "ThoiDiemXuLy") ? K_PROGRESS
		                                         : K_ANY;
	if (k == K_ANY)
		return err_set(e,
		               "%s: neither a dossier (DongBoHoSoMC: TrangThaiHoSo) nor a progress "
		               "record (CapNhatTienDoHoSoMC: ThoiDiemXuLy)",
		               label);
	if (k == K_DOSSIER) {
		struct sync_dossier *d;
		if (grow((void **)&b->d, b->nd, sizeof *b->d) < 0)
			return err_set(e, "out of memory");
		d = memset(&b->d[b->nd++], 0, sizeof *b->d);
		snprintf(d->label, sizeof d->label, "%s", label);
		r = dossier(o, madonvi, d, e);
	} else {
		struct sync_prog *p;
		if (grow((void **)&b->pr, b->npr, sizeof *b->pr) < 0)
			return err_set(e, "out of memory");
		p = memset(&b->pr[b->npr++], 0, sizeof *b->pr);
		snprintf(p->label, sizeof p->label, "%s", label);
		r = progress(o, p, e);
	}
	return r < 0 ? err_prefix(e, "%s", label) : 0;
}

/* One JSON value read from the file (LINE: its line, 0 for a whole-file
 * value): a record, a list of records or a request body. */
static int
value(struct sync_batch *b, json_t *v, long line, struct err *e)
{
	const char *service = NULL, *madonvi = NULL;
	char label[SYNC_LABEL_MAX];
	enum kind k = K_ANY;
	json_t *list = v, *x;
	size_t i;
	int bad = 0;

	if (json_is_object(v) && json_object_get(v, "data")) {
		service = str(v, "service", e, &bad);
		madonvi = str(v, "madonvi", e, &bad);
		if (bad)
			return err_prefix(e, "%ld", line ? line : 1);
		if (service && !strcmp(service, "DongBoHoSoMC"))
			k = K_DOSSIER;
		else if (service && !strcmp(service, "CapNhatTienDoHoSoMC"))
			k = K_PROGRESS;
		else if (service)
			return err_set(e,
			               "%ld: service '%.40s' is neither DongBoHoSoMC nor "
			               "CapNhatTienDoHoSoMC",
			               line ? line : 1, service);
		list = json_object_get(v, "data");
		if (!json_is_array(list))
			return err_set(e, "%ld: data is not a list", line ? line : 1);
	}
	if (!json_is_array(list)) {
		snprintf(label, sizeof label, "%ld", line ? line : 1);
		return record(b, v, k, madonvi, label, e);
	}
	json_array_foreach(list, i, x)
	{
		if (line)
			snprintf(label, sizeof label, "%ld.%zu", line, i + 1);
		else
			snprintf(label, sizeof label, "%zu", i + 1);
		if (record(b, x, k, madonvi, label, e) < 0)
			return -1;
	}
	return 0;
}

static int
keep_root(struct sync_batch *b, json_t *v)
{
	if (grow((void **)&b->roots, b->nroots, sizeof(void *)) < 0) { /* an array of json_t * */
		json_decref(v);
		return -1;
	}
	b->roots[b->nroots++] = v;
	return 0;
}

/* JSON lines: one value per non-blank line. */
static int
lines(const char *s, size_t len, struct sync_batch *b, struct err *e)
{
	long line = 0;

	for (size_t at = 0; at < len;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (s + at)) : len - at;
		json_error_t je;
		json_t *v;
		size_t k = 0;

		line++;
		while (k < n && (s[at + k] == ' ' || s[at + k] == '\t' || s[at + k] == '\r'))
			k++;
		if (k < n) {
			if (!(v = json_loadb(s + at, n, JSON_REJECT_DUPLICATES, &je)))
				return err_set(e, "%ld: not JSON: %s", line, je.text);
			if (keep_root(b, v) < 0)
				return err_set(e, "out of memory");
			if (value(b, v, line, e) < 0)
				return -1;
		}
		at += n + 1;
	}
	return 0;
}

int
sync_parse(const char *s, size_t len, struct sync_batch *b, struct err *e)
{
	json_error_t je;
	json_t *v = json_loadb(s, len, JSON_REJECT_DUPLICATES, &je);

	if (v) {
		if (keep_root(b, v) < 0)
			return err_set(e, "out of memory");
		return value(b, v, 0, e);
	}
	/* Not one value: JSON lines, or a broken file (the line says where). */
	if (len == 0 || strstr(je.text, "end of file expected"))
		return lines(s, len, b, e);
	return err_set(e, "%d: not JSON: %s", je.line, je.text);
}

void
sync_batch_free(struct sync_batch *b)
{
	for (size_t i = 0; i < b->nd; i++) {
		free(b->d[i].supp);
		free(b->d[i].documents);
	}
	free(b->d);
	free(b->pr);
	for (size_t i = 0; i < b->nroots; i++)
		json_decref(b->roots[i]);
	free(b->roots);
	memset(b, 0, sizeof *b);
}
