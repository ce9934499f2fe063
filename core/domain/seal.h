/*
 * seal: dossier records a stolen kiosk cannot read.
 *
 * A kiosk snapshot keeps each dossier's public record (row and events)
 * sealed (libsodium secretbox, XSalsa20-Poly1305) under a key that only its
 * token can produce, and indexed by an id that only the token can produce:
 * a fast hash suffices, a token being 128 random-looking bits.  The code +
 * check index maps a key derived from the dossier code and its check code
 * to the sealed token.  That derivation is memory-hard (Argon2id through
 * crypto_pwhash) and salted per code, so that the file alone lets an
 * attacker open a dossier only by trying check codes one derivation at a
 * time: the cost per dossier is 10^TOKEN_CHECK_LEN derivations.
 *
 * Boxes are deterministic (the nonce is a keyed hash of the message), so
 * that an unchanged record seals to the same bytes and an unchanged
 * snapshot is not sent again; equal messages under one key are the only
 * thing that shows, which is "unchanged".
 */
#ifndef SEAL_H
#define SEAL_H

#include <stddef.h>

#include "err.h"

#define SEAL_ID_BYTES 16
#define SEAL_KEY_BYTES 32
#define SEAL_SALT_BYTES 16
#define SEAL_OVERHEAD 40 /* nonce (24) + MAC (16) */

/* The Argon2id cost of one code + check derivation.  With 8-digit check
 * codes, 2 passes over 4 MiB take about 2 ms of one core here: 10^8
 * guesses make 2 core-days per dossier (bench b0320 measures it). */
#define SEAL_OPS 2ULL
#define SEAL_MEM ((size_t)4 << 20)
/* What a kiosk accepts from a snapshot's meta: enough for a hard
 * derivation, not enough for a bad file to exhaust the kiosk's memory. */
#define SEAL_MEM_MAX ((size_t)256 << 20)
#define SEAL_OPS_MAX 16ULL

struct seal_cost {
	unsigned long long ops;
	size_t mem;
};

/* The index id and the record key of the dossier whose token is TOKEN. */
void seal_token_keys(const char *token, unsigned char id[SEAL_ID_BYTES],
                     unsigned char key[SEAL_KEY_BYTES]);

/* The code + check derivation into K: Argon2id of CHECK, salted with a
 * hash of CODE under the snapshot's SALT.  The expensive step.  Returns 0,
 * or -1 with E set (out of memory). */
int seal_check_derive(const char *code, const char *check,
                      const unsigned char salt[SEAL_SALT_BYTES], const struct seal_cost *c,
                      unsigned char k[SEAL_KEY_BYTES], struct err *e);

/* From K: the index id and the key that seals the token. */
void seal_check_keys(const unsigned char k[SEAL_KEY_BYTES], unsigned char id[SEAL_ID_BYTES],
                     unsigned char wrap[SEAL_KEY_BYTES]);

/* Seal the N bytes at MSG under KEY into OUT (N + SEAL_OVERHEAD bytes). */
void seal_box(const unsigned char key[SEAL_KEY_BYTES], const void *msg, size_t n,
              unsigned char *out);

/* Open the LEN bytes at BOX under KEY into OUT (LEN - SEAL_OVERHEAD
 * bytes).  Returns the length, or -1 when the box is not one of KEY's. */
long seal_open(const unsigned char key[SEAL_KEY_BYTES], const unsigned char *box, size_t len,
               unsigned char *out);

/* Records: fields as NUL-terminated strings, one after the other.
 * Split the N bytes at BUF (which must end with a NUL) into at most MAX
 * fields at F (pointers into BUF).  Returns the count, or -1 when BUF does
 * not end with a NUL or holds more than MAX fields. */
int seal_fields(const char *buf, size_t n, const char **f, int max);

#endif
