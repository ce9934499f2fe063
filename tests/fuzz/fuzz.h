/*
 * fuzz.h: what the libFuzzer targets in tests/fuzz/ share.
 *
 * An invariant that fails aborts with the file, line and expression, so
 * that libFuzzer keeps the input as a crash (a plain assert() would vanish
 * under -DNDEBUG).  Everything here is static: each target is one
 * translation unit linked with the core files it needs (build.sh).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The entry point libFuzzer calls; declared for -Wmissing-prototypes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of DATA (SIZE bytes) in a heap block of exactly SIZE bytes, so
 * that ASan reports a read one past the end.  NULL when SIZE is 0 or on
 * out of memory; the caller frees. */
static inline char *
fuzz_exact_copy(const uint8_t *data, size_t size)
{
	char *p = size ? malloc(size) : NULL;

	if (p)
		memcpy(p, data, size);
	return p;
}

/* A NUL-terminated copy of DATA (SIZE + 1 bytes exactly); the string ends
 * at DATA's first NUL.  NULL on out of memory; the caller frees. */
static inline char *
fuzz_cstr(const uint8_t *data, size_t size)
{
	char *p = malloc(size + 1);

	if (p) {
		memcpy(p, data, size);
		p[size] = '\0';
	}
	return p;
}

/* Little-endian unsigned integer of N (<= 8) bytes at *P, consuming them
 * from *P / *LEFT; missing bytes read as 0. */
static inline uint64_t
fuzz_take(const uint8_t **p, size_t *left, size_t n)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (*left == 0)
			break;
		v |= (uint64_t) * *p << (8 * i);
		(*p)++;
		(*left)--;
	}
	return v;
}

/* Whether S (LEN bytes) is valid UTF-8: no overlong forms, no surrogates,
 * nothing past U+10FFFF (RFC 3629).  Written apart from out.c's own check
 * on purpose, so that the two can disagree. */
static inline bool
fuzz_utf8_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xE0) == 0xC0)
			n = 2, cp = c & 0x1F, min = 0x80;
		else if ((c & 0xF0) == 0xE0)
			n = 3, cp = c & 0x0F, min = 0x800;
		else if ((c & 0xF8) == 0xF0)
			n = 4, cp = c & 0x07, min = 0x10000;
		else
			return false;
		if (i + n > len)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n;
	}
	return true;
}

/* Vietnam's 2025 calendar as in data/seed/calendar.csv (Official Letter
 * 8726/VPCP-KGVX): New Year, Tết, Hùng Kings, 30/4-1/5 with 2/5 swapped
 * for Saturday 26/4, National Day.  Aborts on failure: without it no input
 * means anything. */
static inline struct clock_cal *
fuzz_cal_2025(void)
{
	static const struct {
		int m, d;
		enum clock_day_kind kind;
	} days[] = {
	    {1, 1, CLOCK_DAY_HOLIDAY},  {1, 27, CLOCK_DAY_HOLIDAY}, {1, 28, CLOCK_DAY_HOLIDAY},
	    {1, 29, CLOCK_DAY_HOLIDAY}, {1, 30, CLOCK_DAY_HOLIDAY}, {1, 31, CLOCK_DAY_HOLIDAY},
	    {4, 7, CLOCK_DAY_HOLIDAY},  {4, 26, CLOCK_DAY_WORKING}, {4, 30, CLOCK_DAY_HOLIDAY},
	    {5, 1, CLOCK_DAY_HOLIDAY},  {5, 2, CLOCK_DAY_SWAP_OFF}, {9, 1, CLOCK_DAY_HOLIDAY},
	    {9, 2, CLOCK_DAY_HOLIDAY},
	};
	struct clock_cal *cal = clock_cal_new();

	CHECK(cal);
	for (size_t i = 0; i < sizeof days / sizeof days[0]; i++)
		CHECK(clock_cal_set_day(cal, clock_day(2025, days[i].m, days[i].d), days[i].kind,
		                        NULL) == 0);
	return cal;
}

#endif
