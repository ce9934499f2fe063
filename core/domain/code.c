#include "code.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_upper_or_digit(char c)
{
	return is_digit(c) || (c >= 'A' && c <= 'Z');
}

/* 'XXX.YY.ZZ.Hnn': groups of 3, 2, 2 digits/capitals, then a capital and two
 * digits (the province's letter code in Decision 20/2020/QĐ-TTg). */
bool
code_agency_valid(const char *s, size_t len)
{
	static const char shape[] = "aaa.aa.aa.Ldd";
	size_t i;

	if (len != CODE_AGENCY_LEN)
		return false;
	for (i = 0; i < len; i++) {
		switch (shape[i]) {
		case 'a':
			if (!is_upper_or_digit(s[i]))
				return false;
			break;
		case 'L':
			if (s[i] < 'A' || s[i] > 'Z')
				return false;
			break;
		case 'd':
			if (!is_digit(s[i]))
				return false;
			break;
		default:
			if (s[i] != shape[i])
				return false;
			break;
		}
	}
	return true;
}

static int
digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int
days_in_month(int year, int month)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : dm[month - 1];
}

int
code_parse(const char *s, size_t len, struct dossier_code *out, struct err *e)
{
	const char *d;
	int i;

	if (len != CODE_DOSSIER_LEN)
		return err_set(e, "a dossier code has %d characters, not %zu", CODE_DOSSIER_LEN,
		               len);
	if (!code_agency_valid(s, CODE_AGENCY_LEN))
		return err_set(e, "agency part is not of the form 000.00.00.H00");
	if (s[13] != '-' || s[20] != '-')
		return err_set(e, "expected AGENCY-YYMMDD-NNNN");
	d = s + 14;
	for (i = 0; i < 6; i++)
		if (!is_digit(d[i]))
			return err_set(e, "date part is not six digits");
	for (i = 21; i < 25; i++)
		if (!is_digit(s[i]))
			return err_set(e, "sequence is not four digits");
	out->year = 2000 + digits(d, 2);
	out->month = digits(d + 2, 2);
	out->mday = digits(d + 4, 2);
	if (out->month < 1 || out->month > 12 || out->mday < 1 ||
	    out->mday > days_in_month(out->year, out->month))
		return err_set(e, "date part is not a real date");
	out->seq = digits(s + 21, 4);
	if (out->seq == 0)
		return err_set(e, "sequence 0000 is not issued");
	memcpy(out->agency, s, CODE_AGENCY_LEN);
	out->agency[CODE_AGENCY_LEN] = '\0';
	return 0;
}

int
code_format(const struct dossier_code *c, char *buf)
{
	if (!code_agency_valid(c->agency, strlen(c->agency)) || c->year < 2000 || c->year > 2099 ||
	    c->month < 1 || c->month > 12 || c->mday < 1 ||
	    c->mday > days_in_month(c->year, c->month) || c->seq < 1 || c->seq > 9999)
		return -1;
	/* Fields were range-checked above, so the text is exactly 25 bytes. */
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%.13s-%02d%02d%02d-%04d", c->agency, c->year % 100, c->month,
	         c->mday, c->seq);
	memcpy(buf, tmp, CODE_DOSSIER_LEN + 1);
	return 0;
}

int
code_normalise(const char *s, char *buf, size_t size)
{
	size_t a = 0, b = strlen(s), n;

	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	n = b - a;
	if (n + 1 > size)
		return -1;
	for (size_t i = 0; i < n; i++) {
		char c = s[a + i];
		buf[i] = (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c;
	}
	buf[n] = '\0';
	return (int)n;
}

bool
code_procedure_valid(const char *s)
{
	size_t n = strlen(s), i, dot;

	for (dot = 0; dot < n && s[dot] != '.'; dot++)
		if (!is_digit(s[dot]))
			return false;
	if (dot < 1 || dot > 2 || n - dot - 1 != 6)
		return false;
	for (i = dot + 1; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}
