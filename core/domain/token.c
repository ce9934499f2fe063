#include "token.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

/* Domain labels keep the token and the check code independent although
 * they share one key. */
#define LABEL_TOKEN "dossier-token:v1:"
#define LABEL_CHECK "dossier-check:v1:"

int
token_init(struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, "libsodium failed to initialise");
	return 0;
}

static int
key_read(int fd, const char *path, struct token_key *key, struct err *e)
{
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		return err_set(e, "%s: key is readable by others (chmod 600 it)", path);
	if (st.st_size != TOKEN_KEY_BYTES)
		return err_set(e, "%s: key must be %d bytes, found %lld", path, TOKEN_KEY_BYTES,
		               (long long)st.st_size);
	n = read(fd, key->k, TOKEN_KEY_BYTES);
	if (n != TOKEN_KEY_BYTES)
		return err_set(e, "%s: short read", path);
	return 0;
}

/* Write a fresh key to a temporary file beside PATH, then link() it into
 * place: link fails if another process created the key first, and then
 * we use theirs, so concurrent first runs agree on one key. */
static int
key_create(const char *path, struct err *e)
{
	char tmp[4096];
	unsigned char k[TOKEN_KEY_BYTES];
	int fd, r = -1;

	if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= (int)sizeof tmp)
		return err_set(e, "%s: path too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, "%s: cannot create key: %s", path, strerror(errno));
	randombytes_buf(k, sizeof k);
	if (fchmod(fd, 0600) < 0 || write(fd, k, sizeof k) != (ssize_t)sizeof k || fsync(fd) < 0) {
		err_set(e, "%s: cannot write key: %s", path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) < 0) {
		err_set(e, "%s: cannot write key: %s", path, strerror(errno));
		goto out;
	}
	if (link(tmp, path) < 0 && errno != EEXIST) {
		err_set(e, "%s: cannot create key: %s", path, strerror(errno));
		goto out;
	}
	r = 0;
out:
	unlink(tmp);
	sodium_memzero(k, sizeof k);
	return r;
}

int
token_key_load(const char *path, int create, struct token_key *key, struct err *e)
{
	int fd, r;

	if (token_init(e) < 0)
		return -1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && create) {
		if (key_create(path, e) < 0)
			return -1;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return err_set(e, "%s: %s", path, strerror(errno));
	r = key_read(fd, path, key, e);
	close(fd);
	return r;
}

static void
keyed_hash(const struct token_key *key, const char *label, const char *code, size_t len,
           unsigned char *out, size_t outlen)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key->k, sizeof key->k, outlen);
	crypto_generichash_update(&st, (const unsigned char *)label, strlen(label));
	crypto_generichash_update(&st, (const unsigned char *)code, len);
	crypto_generichash_final(&st, out, outlen);
}

void
token_of(const struct token_key *key, const char *code, size_t len, char *buf)
{
	unsigned char h[16];

	keyed_hash(key, LABEL_TOKEN, code, len, h, sizeof h);
	sodium_bin2base64(buf, TOKEN_LEN + 1, h, sizeof h,
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
token_check_of(const struct token_key *key, const char *code, size_t len, char *buf)
{
	unsigned char h[16];
	uint64_t v = 0;

	keyed_hash(key, LABEL_CHECK, code, len, h, sizeof h);
	/* 64 bits reduced mod 10^8: the bias (about 1e-11) is irrelevant. */
	for (int i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	snprintf(buf, TOKEN_CHECK_LEN + 1, "%08u", (unsigned)(v % 100000000u));
}

void
token_check_hash(const char *token, const char *check, char *buf)
{
	unsigned char h[16];

	crypto_generichash(h, sizeof h, (const unsigned char *)check, strlen(check),
	                   (const unsigned char *)token, strlen(token));
	sodium_bin2hex(buf, TOKEN_CHECK_HASH_LEN + 1, h, sizeof h);
}

int
token_valid(const char *s, size_t len)
{
	if (len != TOKEN_LEN)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

void
token_path(const char *token, char *buf)
{
	snprintf(buf, TOKEN_PATH_LEN + 1, "d/%c%c/%s.html", token[0], token[1], token);
}

void
token_shard(int n, char dir[3])
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	assert(n >= 0 && n < TOKEN_SHARDS);
	dir[0] = b64[n / 64];
	dir[1] = b64[n % 64];
	dir[2] = '\0';
}
