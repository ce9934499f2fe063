/*
 * fuzz_code: dossier, agency and procedure codes from arbitrary bytes.
 *
 * code_parse() gets the bytes with their length and no NUL, in a block of
 * exactly that size, so ASan sees any read past the end.  A parsed code
 * must format back to exactly the input; each validator is compared with a
 * reference written here from the header's description of the forms.
 */
#include <ctype.h>

#include "code.h"
#include "fuzz.h"

/* Reference: 'XXX.YY.ZZ.Hnn', X/Y/Z digits or capitals, H a capital. */
static bool
ref_agency(const char *s, size_t len)
{
	static const size_t dots[] = {3, 6, 9};

	if (len != CODE_AGENCY_LEN)
		return false;
	for (size_t i = 0; i < 3; i++)
		if (s[dots[i]] != '.')
			return false;
	for (size_t i = 0; i < 9; i++) {
		if (i == 3 || i == 6)
			continue;
		if (!isdigit((unsigned char)s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
			return false;
	}
	return s[10] >= 'A' && s[10] <= 'Z' && isdigit((unsigned char)s[11]) &&
	       isdigit((unsigned char)s[12]);
}

static bool
ref_real_date(int y, int m, int d)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);

	if (m < 1 || m > 12 || d < 1)
		return false;
	return d <= dm[m - 1] + (m == 2 && leap);
}

/* Reference for code_parse's verdict; fills *OUT when true. */
static bool
ref_dossier(const char *s, size_t len, struct dossier_code *out)
{
	int v[3] = {0, 0, 0}, seq = 0;

	if (len != CODE_DOSSIER_LEN || !ref_agency(s, CODE_AGENCY_LEN) || s[13] != '-' ||
	    s[20] != '-')
		return false;
	for (int i = 0; i < 6; i++) {
		if (!isdigit((unsigned char)s[14 + i]))
			return false;
		v[i / 2] = v[i / 2] * 10 + (s[14 + i] - '0');
	}
	for (int i = 0; i < 4; i++) {
		if (!isdigit((unsigned char)s[21 + i]))
			return false;
		seq = seq * 10 + (s[21 + i] - '0');
	}
	if (!ref_real_date(2000 + v[0], v[1], v[2]) || seq == 0)
		return false;
	memcpy(out->agency, s, CODE_AGENCY_LEN);
	out->agency[CODE_AGENCY_LEN] = '\0';
	out->year = 2000 + v[0];
	out->month = v[1];
	out->mday = v[2];
	out->seq = seq;
	return true;
}

/* Reference: 1-2 digits, '.', 6 digits, nothing else. */
static bool
ref_procedure(const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n && isdigit((unsigned char)s[i]))
		i++;
	if (i < 1 || i > 2 || i >= n || s[i] != '.')
		return false;
	if (n - i - 1 != 6)
		return false;
	for (size_t k = i + 1; k < n; k++)
		if (!isdigit((unsigned char)s[k]))
			return false;
	return true;
}

static void
check_parse(const char *exact, size_t size)
{
	struct dossier_code c, want;
	struct err e = {""};
	char buf[CODE_DOSSIER_LEN + 1];
	bool ok = code_parse(exact, size, &c, &e) == 0;

	CHECK(ok == ref_dossier(exact, size, &want));
	if (!ok) {
		CHECK(e.msg[0] != '\0' && memchr(e.msg, '\0', sizeof e.msg));
		return;
	}
	CHECK(strcmp(c.agency, want.agency) == 0 && c.year == want.year && c.month == want.month &&
	      c.mday == want.mday && c.seq == want.seq);
	memset(buf, 'x', sizeof buf);
	CHECK(code_format(&c, buf) == 0);
	CHECK(buf[CODE_DOSSIER_LEN] == '\0' && memcmp(buf, exact, CODE_DOSSIER_LEN) == 0);
}

/* code_normalise into a block of exactly SIZE bytes (SIZE from the input). */
static void
check_normalise(const char *s, size_t size)
{
	char *buf = malloc(size ? size : 1), *again;
	size_t a = 0, b = strlen(s);
	int n;

	CHECK(buf);
	n = code_normalise(s, buf, size);
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	if (b - a + 1 > size) {
		CHECK(n == -1);
		free(buf);
		return;
	}
	CHECK(n >= 0 && (size_t)n == b - a && buf[n] == '\0');
	for (size_t i = 0; i < (size_t)n; i++)
		CHECK(buf[i] == (char)toupper((unsigned char)s[a + i]) ||
		      ((unsigned char)s[a + i] >= 0x80 && buf[i] == s[a + i]));
	/* Normalising twice changes nothing. */
	again = malloc((size_t)n + 1);
	CHECK(again);
	CHECK(code_normalise(buf, again, (size_t)n + 1) == n && strcmp(again, buf) == 0);
	/* What a kiosk does with the normalised text must not crash either. */
	check_parse(buf, (size_t)n);
	free(again);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *exact = fuzz_exact_copy(data, size), *str;

	if (size && !exact)
		return 0;
	check_parse(exact ? exact : "", size);
	CHECK(code_agency_valid(exact ? exact : "", size) == ref_agency(exact, size));
	if (size >= CODE_AGENCY_LEN)
		CHECK(code_agency_valid(exact, CODE_AGENCY_LEN) ==
		      ref_agency(exact, CODE_AGENCY_LEN));
	free(exact);

	str = fuzz_cstr(data, size);
	if (!str)
		return 0;
	CHECK(code_procedure_valid(str) == ref_procedure(str));
	/* The output size comes from the first byte so that short buffers
	 * (truncation must fail, not overflow) are tried as often as long. */
	check_normalise(str, size ? data[0] % 40 : 0);
	free(str);
	return 0;
}
