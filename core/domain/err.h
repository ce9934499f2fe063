/*
 * err: how core reports failure.  Core functions never print; they fill a
 * struct err and return a status.  Only a program's main() prints
 * "program: context: reason" and picks the exit status.
 */
#ifndef ERR_H
#define ERR_H

#include <stddef.h>

#define ERR_MSG_MAX 512

struct err {
	char msg[ERR_MSG_MAX]; /* human-readable reason; "" when none */
};

/* Set E's message (printf-style).  E may be NULL (the message is dropped).
 * Always returns -1 so that callers can write `return err_set(e, ...)`. */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prefix E's message with "context: " (printf-style).  Returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
