/*
 * alog: the access log, one line per request:
 *   TIME CLIENT METHOD ROUTE STATUS BYTES MICROSECONDS [error="..."]
 * ROUTE is the route's name ('/d/<redacted>', '/lookup'), never the path
 * as sent and never the query string, so tokens and check codes do not
 * reach the log.  Each line goes out in one write(2) on an O_APPEND file,
 * so lines from worker threads do not interleave.
 */
#ifndef KIOSK_ALOG_H
#define KIOSK_ALOG_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "req.h"

/* Open the log: "-" is standard error.  Returns the descriptor or -1. */
int alog_open(const char *path);

void alog_write(int fd, const struct sockaddr *client, enum req_method method, const char *route,
                unsigned status, size_t bytes, int64_t us, const char *error);

/* Copy S into BUF (SIZE) for the log: printable ASCII only, quotes and
 * backslashes dropped, and any run of 16 or more base64url characters
 * (a token) replaced by <redacted>. */
void alog_clean(const char *s, char *buf, size_t size);

#endif
