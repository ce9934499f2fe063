/*
 * http: kioskd's only contact with libmicrohttpd.  One access handler that
 * parses and validates the request whole (req.h), routes it (route.c),
 * runs the handler with a snapshot lease and queues the reply with the
 * common security headers; a completed callback that logs and counts.
 *
 * Keep-alive: the handler returns on its first call for a request
 * and queues the answer on the next one; only requests refused outright
 * (a method we do not serve, a body) are answered on the first call, which
 * makes MHD close those connections.
 */
#ifndef KIOSK_HTTP_H
#define KIOSK_HTTP_H

#include "err.h"
#include "kiosk.h"

struct MHD_Daemon;

/* Start the daemon on K->conf's address and port.  Returns it and sets
 * *PORT to the bound port, or NULL with E set. */
struct MHD_Daemon *http_start(struct kiosk *k, unsigned *port, struct err *e);

/* Stop accepting new connections (the listening socket is closed), then
 * wait up to DRAIN_MS for the requests in flight to finish, then stop. */
void http_stop(struct kiosk *k, struct MHD_Daemon *d, int drain_ms);

/* Monotonic microseconds. */
int64_t http_now_us(void);

#endif
