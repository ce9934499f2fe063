/*
 * Unit tests for core/domain/token.c: dossier page tokens, check codes, their
 * kiosk hash, token paths and the key file (guessable codes must not open pages).
 *
 * The golden vectors were computed independently of this code, with
 * Python's hashlib.blake2b (key=KEY, digest_size=16) over the domain label
 * and the code, then base64url without padding; the check code is the first
 * 8 bytes big-endian mod 10^6.  They pin the construction: a token printed
 * on a receipt must still open its page after any later release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "token.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Key 1: bytes 0..31.  Key 2: 32 bytes of 0xA5. */
static struct token_key key1, key2;

static int
setup(void **state)
{
	(void)state;
	for (int i = 0; i < TOKEN_KEY_BYTES; i++) {
		key1.k[i] = (unsigned char)i;
		key2.k[i] = 0xA5;
	}
	return token_init(NULL);
}

static int
is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* ---- golden vectors ----------------------------------------------------- */

struct golden {
	const struct token_key *key;
	const char *code;
	const char *token;
	const char *check;
	const char *check_hash;
};

/* clang-format off */
static const struct golden goldens[] = {
	{&key1, "000.00.01.H34-250312-0042", "nTCX0lgIRSrbu2S7go5BcQ", "59474995",
	 "a9f69eaca8d56f0ff4abb8d662555bd9"},
	{&key1, "000.00.01.H34-250312-0043", "nQGylhYh7NtF6HnR51wv4A", "55830884",
	 "3cf859499ed5ed40888d2d0b4ec3add3"},
	{&key2, "000.00.01.H34-250312-0042", "3bQzHWZ6BG5eX72JES_uVw", "61609439",
	 "3b67b09ca75c80a3415d8f2afa22ce47"},
	{&key2, "000.00.01.H34-250312-0043", "r_4_1hiwtxQvSYLhQk3Jhw", "16386775",
	 "eaacda9c7a4db922c984800d4ce6cffc"},
};
/* clang-format on */

static void
test_golden_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(goldens); i++) {
		const struct golden *g = &goldens[i];
		char tok[TOKEN_LEN + 1], chk[TOKEN_CHECK_LEN + 1], h[TOKEN_CHECK_HASH_LEN + 1];

		token_of(g->key, g->code, strlen(g->code), tok);
		assert_string_equal(tok, g->token);
		token_check_of(g->key, g->code, strlen(g->code), chk);
		assert_string_equal(chk, g->check);
		token_check_hash(tok, chk, h);
		assert_string_equal(h, g->check_hash);
	}
}

/* ---- token_of / token_check_of ----------------------------------------- */

static void
test_deterministic(void **state)
{
	const char *code = "123.45.67.H55-240229-0007";
	char a[TOKEN_LEN + 1], b[TOKEN_LEN + 1];
	char ca[TOKEN_CHECK_LEN + 1], cb[TOKEN_CHECK_LEN + 1];
	struct token_key copy = key1;

	(void)state;
	token_of(&key1, code, strlen(code), a);
	token_of(&key1, code, strlen(code), b);
	assert_string_equal(a, b);
	/* Same key bytes in another struct: same token. */
	token_of(&copy, code, strlen(code), b);
	assert_string_equal(a, b);
	token_check_of(&key1, code, strlen(code), ca);
	token_check_of(&key1, code, strlen(code), cb);
	assert_string_equal(ca, cb);
}

/* LEN bounds the code: bytes after it do not count, bytes within it do. */
static void
test_len_bounds_code(void **state)
{
	char a[TOKEN_LEN + 1], b[TOKEN_LEN + 1], c[TOKEN_LEN + 1];
	const char *code = "000.00.01.H34-250312-0042";

	(void)state;
	token_of(&key1, "000.00.01.H34-250312-0042XYZ", 25, a);
	assert_string_equal(a, goldens[0].token);
	token_of(&key1, code, 24, b);
	assert_string_not_equal(a, b);
	token_of(&key1, code, 0, c);
	assert_true(token_valid(c, strlen(c)));
	assert_string_not_equal(a, c);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* 1,000 sequential codes under one key: 1,000 distinct tokens, all 22
 * base64url characters, and 8-digit check codes. */
static void
test_sequential_codes_distinct(void **state)
{
	enum { N = 1000 };
	char(*toks)[TOKEN_LEN + 1] = calloc(N, sizeof *toks);

	(void)state;
	assert_non_null(toks);
	for (int i = 0; i < N; i++) {
		char code[40], chk[TOKEN_CHECK_LEN + 2];

		snprintf(code, sizeof code, "000.00.01.H34-250312-%04d", i + 1);
		token_of(&key1, code, strlen(code), toks[i]);
		assert_int_equal(strlen(toks[i]), TOKEN_LEN);
		for (int j = 0; j < TOKEN_LEN; j++)
			assert_true(is_b64url(toks[i][j]));
		assert_true(token_valid(toks[i], TOKEN_LEN));
		memset(chk, 'x', sizeof chk);
		token_check_of(&key1, code, strlen(code), chk);
		assert_int_equal(strlen(chk), TOKEN_CHECK_LEN);
		for (int j = 0; j < TOKEN_CHECK_LEN; j++)
			assert_true(chk[j] >= '0' && chk[j] <= '9');
	}
	qsort(toks, N, sizeof *toks, cmp_str);
	for (int i = 1; i < N; i++)
		if (strcmp(toks[i - 1], toks[i]) == 0)
			fail_msg("two codes share the token %s", toks[i]);
	free(toks);
}

/* Distinct keys give different tokens for one code (50 keys, all
 * distinct), so a second office's key does not open the first's pages. */
static void
test_distinct_keys(void **state)
{
	enum { N = 50 };
	char toks[N][TOKEN_LEN + 1];
	const char *code = "000.00.01.H34-250312-0042";

	(void)state;
	for (int i = 0; i < N; i++) {
		struct token_key k = key1;
		k.k[i % TOKEN_KEY_BYTES] ^= (unsigned char)(1u << (i / TOKEN_KEY_BYTES));
		token_of(&k, code, strlen(code), toks[i]);
		assert_string_not_equal(toks[i], goldens[0].token);
	}
	qsort(toks, N, sizeof toks[0], cmp_str);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(toks[i - 1], toks[i]);
}

/* ---- token_valid -------------------------------------------------------- */

struct valid_case {
	const char *s;
	size_t len; /* 0: strlen */
	int valid;
};

/* clang-format off */
static const struct valid_case valid_cases[] = {
	{"nTCX0lgIRSrbu2S7go5BcQ", 0, 1},
	{"3bQzHWZ6BG5eX72JES_uVw", 0, 1}, /* '_' */
	{"r_4_1hiwtxQvSYLhQk3Jhw", 0, 1},
	{"----------------------", 0, 1}, /* '-' */
	{"AZaz09-_AZaz09-_AZaz09", 0, 1},
	{"nTCX0lgIRSrbu2S7go5Bc", 0, 0},   /* 21 */
	{"nTCX0lgIRSrbu2S7go5BcQQ", 0, 0}, /* 23 */
	{"nTCX0lgIRSrbu2S7go5BcQ==", 0, 0}, /* padded */
	{"", 0, 0},
	{"nTCX0lgIRSrbu2S7go5Bc+", 0, 0}, /* standard base64 */
	{"nTCX0lgIRSrbu2S7go5Bc/", 0, 0},
	{"nTCX0lgIRSrbu2S7go5Bc=", 0, 0},
	{"nTCX0lgIRSrbu2S7go5Bc.", 0, 0},
	{".TCX0lgIRSrbu2S7go5BcQ", 0, 0},
	{"nTCX0lgIRSrb/2S7go5BcQ", 0, 0},
	{"nTCX0lgIRSrbu2S7go5Bc ", 0, 0},
	{"nTCX0lgIRSrbu2S7go5Bc%", 0, 0},
	{"nTCX0lgIRSrbu2S7go5B\xC3\xA9", 0, 0}, /* 'é', 22 bytes */
	{"nTCX0lgIRS\0bu2S7go5BcQ", 22, 0},     /* NUL inside */
	{"nTCX0lgIRSrbu2S7go5BcQ.html", 22, 1}, /* LEN bounds it */
	{"nTCX0lgIRSrbu2S7go5BcQ.html", 27, 0},
};
/* clang-format on */

static void
test_valid_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(valid_cases); i++) {
		const struct valid_case *c = &valid_cases[i];
		size_t len = c->len ? c->len : strlen(c->s);
		int got = token_valid(c->s, len);

		if (!!got != c->valid)
			fail_msg("token_valid(\"%.*s\", %zu) = %d, want %d", (int)len, c->s, len,
			         got, c->valid);
	}
}

/* ---- token_path --------------------------------------------------------- */

static void
test_path(void **state)
{
	struct {
		char buf[TOKEN_PATH_LEN + 1];
		char guard[8];
	} p;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(goldens); i++) {
		const char *t = goldens[i].token;
		char want[64];

		memset(&p, '#', sizeof p);
		token_path(t, p.buf);
		snprintf(want, sizeof want, "d/%c%c/%s.html", t[0], t[1], t);
		assert_string_equal(p.buf, want);
		assert_int_equal(strlen(p.buf), TOKEN_PATH_LEN);
		assert_memory_equal(p.guard, "########", 8);
	}
	token_path("r_4_1hiwtxQvSYLhQk3Jhw", p.buf);
	assert_string_equal(p.buf, "d/r_/r_4_1hiwtxQvSYLhQk3Jhw.html");
}

/* ---- token_check_hash --------------------------------------------------- */

static int
is_lower_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* One check code under many tokens: all hashes differ, so a snapshot row
 * does not reveal that two dossiers share a check code. */
static void
test_check_hash_keyed_by_token(void **state)
{
	enum { N = 500 };
	char(*hs)[TOKEN_CHECK_HASH_LEN + 1] = calloc(N, sizeof *hs);

	(void)state;
	assert_non_null(hs);
	for (int i = 0; i < N; i++) {
		char code[40], tok[TOKEN_LEN + 1];

		snprintf(code, sizeof code, "000.00.01.H34-250312-%04d", i + 1);
		token_of(&key1, code, strlen(code), tok);
		token_check_hash(tok, "123456", hs[i]);
		assert_int_equal(strlen(hs[i]), TOKEN_CHECK_HASH_LEN);
		assert_true(is_lower_hex(hs[i]));
	}
	qsort(hs, N, sizeof *hs, cmp_str);
	for (int i = 1; i < N; i++)
		assert_string_not_equal(hs[i - 1], hs[i]);
	free(hs);
}

static void
test_check_hash_properties(void **state)
{
	const char *tok = goldens[0].token;
	struct {
		char buf[TOKEN_CHECK_HASH_LEN + 1];
		char guard[8];
	} a, b;

	(void)state;
	memset(&a, '#', sizeof a);
	token_check_hash(tok, "59474995", a.buf);
	assert_memory_equal(a.guard, "########", 8);
	token_check_hash(tok, "59474995", b.buf);
	assert_string_equal(a.buf, b.buf); /* deterministic */
	assert_string_equal(a.buf, goldens[0].check_hash);
	/* A wrong check code (one digit off) under the same token differs. */
	token_check_hash(tok, "59474996", b.buf);
	assert_string_not_equal(a.buf, b.buf);
	token_check_hash(tok, "", b.buf);
	assert_string_not_equal(a.buf, b.buf);
	assert_int_equal(strlen(b.buf), TOKEN_CHECK_HASH_LEN);
}

/* ---- token_key_load ----------------------------------------------------- */

struct tmpdir {
	char dir[64];
	char path[128]; /* DIR/key */
};

static int
key_setup(void **state)
{
	struct tmpdir *t = calloc(1, sizeof *t);

	if (!t)
		return -1;
	strcpy(t->dir, "/tmp/test_token.XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof t->path, "%s/key", t->dir);
	*state = t;
	return 0;
}

static int
key_teardown(void **state)
{
	struct tmpdir *t = *state;
	DIR *d = opendir(t->dir);
	struct dirent *de;
	char p[512];

	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", t->dir, de->d_name);
		unlink(p);
	}
	if (d)
		closedir(d);
	rmdir(t->dir);
	free(t);
	return 0;
}

/* Number of entries in DIR other than . and .. */
static int
dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(close(fd), 0);
}

static void
test_key_create_then_load(void **state)
{
	struct tmpdir *t = *state;
	struct token_key k1, k2;
	struct err e = {{0}};
	struct stat st;
	char tok1[TOKEN_LEN + 1], tok2[TOKEN_LEN + 1];
	const char *code = goldens[0].code;
	mode_t old = umask(0); /* the key is 0600 whatever the umask */

	assert_int_equal(token_key_load(t->path, 1, &k1, &e), 0);
	umask(old);
	assert_int_equal(stat(t->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, TOKEN_KEY_BYTES);
	/* Only the key is left in the directory: no temporary file. */
	assert_int_equal(dir_entries(t->dir), 1);
	/* A random key, not a fixed or zero one. */
	{
		static const struct token_key zero;
		assert_memory_not_equal(k1.k, zero.k, TOKEN_KEY_BYTES);
	}
	/* The file holds the key that was returned. */
	{
		unsigned char raw[TOKEN_KEY_BYTES];
		int fd = open(t->path, O_RDONLY);
		assert_true(fd >= 0);
		assert_int_equal(read(fd, raw, sizeof raw), TOKEN_KEY_BYTES);
		close(fd);
		assert_memory_equal(raw, k1.k, TOKEN_KEY_BYTES);
	}
	/* Loading again, with or without create, gives the same key. */
	memset(&k2, 0, sizeof k2);
	assert_int_equal(token_key_load(t->path, 0, &k2, &e), 0);
	assert_memory_equal(k1.k, k2.k, TOKEN_KEY_BYTES);
	memset(&k2, 0, sizeof k2);
	assert_int_equal(token_key_load(t->path, 1, &k2, &e), 0);
	assert_memory_equal(k1.k, k2.k, TOKEN_KEY_BYTES);
	token_of(&k1, code, strlen(code), tok1);
	token_of(&k2, code, strlen(code), tok2);
	assert_string_equal(tok1, tok2);
	assert_int_equal(dir_entries(t->dir), 1);
}

/* Two created keys (two installations) differ. */
static void
test_key_create_random(void **state)
{
	struct tmpdir *t = *state;
	struct token_key k1, k2;
	char p2[160];

	snprintf(p2, sizeof p2, "%s/key2", t->dir);
	assert_int_equal(token_key_load(t->path, 1, &k1, NULL), 0);
	assert_int_equal(token_key_load(p2, 1, &k2, NULL), 0);
	assert_memory_not_equal(k1.k, k2.k, TOKEN_KEY_BYTES);
}

/* A given key file is used as it is (an installation restores its key). */
static void
test_key_load_existing(void **state)
{
	struct tmpdir *t = *state;
	struct token_key k;
	struct err e = {{0}};
	char tok[TOKEN_LEN + 1];

	write_file(t->path, key2.k, TOKEN_KEY_BYTES, 0600);
	assert_int_equal(token_key_load(t->path, 1, &k, &e), 0);
	assert_memory_equal(k.k, key2.k, TOKEN_KEY_BYTES);
	token_of(&k, goldens[2].code, strlen(goldens[2].code), tok);
	assert_string_equal(tok, goldens[2].token);
	/* Owner read-only is fine too. */
	assert_int_equal(chmod(t->path, 0400), 0);
	assert_int_equal(token_key_load(t->path, 0, &k, &e), 0);
	assert_memory_equal(k.k, key2.k, TOKEN_KEY_BYTES);
}

static void
test_key_missing_no_create(void **state)
{
	struct tmpdir *t = *state;
	struct token_key k;
	struct err e = {{0}};

	assert_int_equal(token_key_load(t->path, 0, &k, &e), -1);
	assert_non_null(strstr(e.msg, t->path));
	/* Nothing was created. */
	assert_int_equal(dir_entries(t->dir), 0);
	assert_int_equal(token_key_load(t->path, 0, &k, NULL), -1);
}

static void
test_key_create_in_missing_dir(void **state)
{
	struct tmpdir *t = *state;
	struct token_key k;
	struct err e = {{0}};
	char p[192];

	snprintf(p, sizeof p, "%s/no/such/dir/key", t->dir);
	assert_int_equal(token_key_load(p, 1, &k, &e), -1);
	assert_true(e.msg[0] != '\0');
	assert_int_equal(dir_entries(t->dir), 0);
}

static void
test_key_wrong_size(void **state)
{
	struct tmpdir *t = *state;
	unsigned char raw[2 * TOKEN_KEY_BYTES];
	static const size_t sizes[] = {0, 1, TOKEN_KEY_BYTES - 1, TOKEN_KEY_BYTES + 1,
	                               2 * TOKEN_KEY_BYTES};

	memset(raw, 0x42, sizeof raw);
	for (size_t i = 0; i < ARRAY_LEN(sizes); i++) {
		struct token_key k;
		struct err e = {{0}};

		write_file(t->path, raw, sizes[i], 0600);
		if (token_key_load(t->path, 0, &k, &e) != -1)
			fail_msg("a key of %zu bytes was accepted", sizes[i]);
		assert_non_null(strstr(e.msg, t->path));
		/* With create=1 an existing bad key is refused, not replaced. */
		assert_int_equal(token_key_load(t->path, 1, &k, &e), -1);
		{
			struct stat st;
			assert_int_equal(stat(t->path, &st), 0);
			assert_int_equal(st.st_size, (off_t)sizes[i]);
		}
	}
}

/* A key that group or others may read is refused (chmod 600 it). */
static void
test_key_wrong_mode(void **state)
{
	struct tmpdir *t = *state;
	static const mode_t modes[] = {0644, 0640, 0604, 0660, 0606, 0620, 0602, 0610, 0601, 0777};

	for (size_t i = 0; i < ARRAY_LEN(modes); i++) {
		struct token_key k;
		struct err e = {{0}};

		write_file(t->path, key1.k, TOKEN_KEY_BYTES, modes[i]);
		if (token_key_load(t->path, 0, &k, &e) != -1)
			fail_msg("a key with mode %04o was accepted", (unsigned)modes[i]);
		assert_non_null(strstr(e.msg, t->path));
		assert_int_equal(token_key_load(t->path, 1, &k, NULL), -1);
	}
}

int
main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_vectors),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_len_bounds_code),
		cmocka_unit_test(test_sequential_codes_distinct),
		cmocka_unit_test(test_distinct_keys),
		cmocka_unit_test(test_valid_table),
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_check_hash_keyed_by_token),
		cmocka_unit_test(test_check_hash_properties),
		cmocka_unit_test_setup_teardown(test_key_create_then_load, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_create_random, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_load_existing, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_missing_no_create, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_create_in_missing_dir, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_wrong_size, key_setup, key_teardown),
		cmocka_unit_test_setup_teardown(test_key_wrong_mode, key_setup, key_teardown),
	};
	/* clang-format on */
	return cmocka_run_group_tests_name("token", tests, setup, NULL);
}
