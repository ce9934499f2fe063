/*
 * patch: bring a kiosk's snapshot up to a newer generation by the patches
 * the publisher writes beside it (core/storage/snappatch.h), for
 * kiosk-fetch: `kioskd --apply-patch OLD --out NEW [--digest HEX] PATCH...`
 * and `kioskd --print-generation FILE`.
 */
#ifndef KIOSK_PATCH_H
#define KIOSK_PATCH_H

#include <stdio.h>

#include "err.h"

/* Apply the N patch files PATCHES, in order, to a copy of the snapshot OLD
 * and write the result to OUT (a temporary file beside it, renamed; OLD is
 * never touched).  The patches must make a chain (each starts where the one
 * before ends), OLD's digest must be the first one's base, the result's
 * digest the last one's target and, when WANT_HEX is not NULL, the digest
 * announced there (the publisher's OFFICE.gen); the result must pass
 * kioskd's own validation.  Returns 0, or -1 with E set and OUT not
 * written. */
int patch_apply_files(const char *old, char *const *patches, int n, const char *out,
                      const char *want_hex, struct err *e);

/* Print the series and generation of the snapshot at PATH to OUT as
 * "SERIES GENERATION\n" ("- 0" for a file without one: a publisher from
 * before patches, or a plain snapshot).  Returns 0, or -1 with E set. */
int patch_print_generation(const char *path, FILE *out, struct err *e);

#endif
