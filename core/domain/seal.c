#include "seal.h"

#include <string.h>

#include <sodium.h>

/* Domain labels: the same token or derived key never keys two purposes. */
static const char label_id[] = "kiosk-seal:id:v1";
static const char label_key[] = "kiosk-seal:key:v1";
static const char label_salt[] = "kiosk-seal:salt:v1";
static const char label_cid[] = "kiosk-seal:check-id:v1";
static const char label_wrap[] = "kiosk-seal:check-wrap:v1";
static const char label_nonce[] = "kiosk-seal:nonce:v1";

/* BLAKE2b of LABEL and MSG under KEY (KLEN bytes) into OUT (N bytes). */
static void
labelled(const unsigned char *key, size_t klen, const char *label, const void *msg, size_t mlen,
         unsigned char *out, size_t n)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, klen, n);
	crypto_generichash_update(&st, (const unsigned char *)label, strlen(label) + 1);
	crypto_generichash_update(&st, msg, mlen);
	crypto_generichash_final(&st, out, n);
}

void
seal_token_keys(const char *token, unsigned char id[SEAL_ID_BYTES],
                unsigned char key[SEAL_KEY_BYTES])
{
	size_t n = strlen(token);

	labelled((const unsigned char *)token, n, label_id, "", 0, id, SEAL_ID_BYTES);
	labelled((const unsigned char *)token, n, label_key, "", 0, key, SEAL_KEY_BYTES);
}

int
seal_check_derive(const char *code, const char *check, const unsigned char salt[SEAL_SALT_BYTES],
                  const struct seal_cost *c, unsigned char k[SEAL_KEY_BYTES], struct err *e)
{
	unsigned char s[crypto_pwhash_SALTBYTES];

	/* A salt per code: guesses made against one dossier are worth nothing
	 * against another, and nothing can be computed before the file is in
	 * hand (SALT is the province's). */
	labelled(salt, SEAL_SALT_BYTES, label_salt, code, strlen(code), s, sizeof s);
	if (crypto_pwhash(k, SEAL_KEY_BYTES, check, strlen(check), s, c->ops, c->mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(e, "check code derivation: out of memory");
	return 0;
}

void
seal_check_keys(const unsigned char k[SEAL_KEY_BYTES], unsigned char id[SEAL_ID_BYTES],
                unsigned char wrap[SEAL_KEY_BYTES])
{
	labelled(k, SEAL_KEY_BYTES, label_cid, "", 0, id, SEAL_ID_BYTES);
	labelled(k, SEAL_KEY_BYTES, label_wrap, "", 0, wrap, SEAL_KEY_BYTES);
}

void
seal_box(const unsigned char key[SEAL_KEY_BYTES], const void *msg, size_t n, unsigned char *out)
{
	/* The nonce is a keyed hash of the message: never reused for two
	 * messages under one key (the key is per dossier; a record changes
	 * over time), and the same record seals to the same bytes. */
	labelled(key, SEAL_KEY_BYTES, label_nonce, msg, n, out, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, msg, n, out, key);
}

long
seal_open(const unsigned char key[SEAL_KEY_BYTES], const unsigned char *box, size_t len,
          unsigned char *out)
{
	if (len < SEAL_OVERHEAD ||
	    crypto_secretbox_open_easy(out, box + crypto_secretbox_NONCEBYTES,
	                               len - crypto_secretbox_NONCEBYTES, box, key) != 0)
		return -1;
	return (long)(len - SEAL_OVERHEAD);
}

int
seal_fields(const char *buf, size_t n, const char **f, int max)
{
	int k = 0;
	size_t i = 0;

	if (n == 0 || buf[n - 1] != '\0')
		return -1;
	while (i < n) {
		if (k == max)
			return -1;
		f[k++] = buf + i;
		i += strlen(buf + i) + 1;
	}
	return k;
}
