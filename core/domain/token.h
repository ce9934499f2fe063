/*
 * token: unguessable dossier page names and the short check codes.
 *
 * Dossier codes are sequential, so a code alone must not open a dossier.
 * Each dossier page lives at a token: a keyed BLAKE2b (libsodium
 * crypto_generichash) of the code under the publisher's secret key, 128 bits,
 * written in unpadded base64url (22 characters).  The receipt also carries a
 * 8-digit check code derived under the same key with another domain label,
 * so that a citizen can type code + check at a kiosk.  The kiosk holds only a
 * hash of the check code (token_check_hash), never the key.
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>

#include "err.h"

#define TOKEN_KEY_BYTES 32
#define TOKEN_LEN 22 /* base64url of 16 bytes, no padding */
/* 8 decimal digits: a stolen kiosk snapshot can be opened only by trying
 * check codes through a memory-hard derivation (seal.h), and the cost of
 * that is 10^TOKEN_CHECK_LEN derivations per dossier.  With 6 digits a
 * core-day per dossier would need 86 ms of Argon2id per derivation, paid
 * by the publisher for every dossier (a day of two cores for a million);
 * with 8, 0.86 ms suffices.  Two more keys to press at the kiosk. */
#define TOKEN_CHECK_LEN 8
#define TOKEN_CHECK_HASH_LEN 32 /* hex of 16 bytes */
/* 'd/' + 2-char shard + '/' + token + '.html' */
#define TOKEN_PATH_LEN (2 + 2 + 1 + TOKEN_LEN + 5)

struct token_key {
	unsigned char k[TOKEN_KEY_BYTES];
};

/* Initialise libsodium once; safe to call repeatedly.  Returns 0 or -1. */
int token_init(struct err *e);

/* Load the key from PATH (32 raw bytes).  When PATH does not exist and
 * CREATE is nonzero, make a new random key and write it with mode 0600
 * (written to a temporary file, then linked into place, so two publishers
 * never see half a key).  Returns 0, or -1 with E set (wrong size, wrong
 * permissions: group/other readable keys are refused). */
int token_key_load(const char *path, int create, struct token_key *key, struct err *e);

/* The token of dossier CODE (LEN bytes) into BUF (TOKEN_LEN+1 bytes,
 * NUL-terminated).  Deterministic per key and code. */
void token_of(const struct token_key *key, const char *code, size_t len, char *buf);

/* The check code of dossier CODE into BUF (TOKEN_CHECK_LEN+1 bytes). */
void token_check_of(const struct token_key *key, const char *code, size_t len, char *buf);

/* Hash of a check code for the kiosk snapshot: hex BLAKE2b of CHECK with
 * TOKEN (the dossier's token) as the key, into BUF (TOKEN_CHECK_HASH_LEN+1).
 * Keyed by the token so equal check codes of two dossiers differ. */
void token_check_hash(const char *token, const char *check, char *buf);

/* Whether S (length LEN) looks like a token: TOKEN_LEN base64url chars. */
int token_valid(const char *s, size_t len);

/* The site path of a token's page, relative to the site root:
 * 'd/<first two chars>/<token>.html' into BUF (TOKEN_PATH_LEN+1 bytes).  The
 * two-character shard keeps every folder to a few thousand entries. */
void token_path(const char *token, char *buf);

/* The shard folders: every two-character token prefix, 64 x 64 of them.
 * The Nth (0 <= N < TOKEN_SHARDS) into DIR, NUL-terminated. */
#define TOKEN_SHARDS (64 * 64)
void token_shard(int n, char dir[3]);

#endif
