/*
 * conns: the connections kioskd holds, so that slow or greedy clients
 * cannot take every slot.
 *
 * Two rules beside libmicrohttpd's own limits (connections overall, its
 * idle timeout):
 *   - connections per client network: an IPv4 address, or the /64 of an
 *     IPv6 address (one subscriber's whole /64 is one client; a per-address
 *     limit would let it open a connection from each of its 2^64
 *     addresses);
 *   - a deadline for each request: its headers must be complete within
 *     the timeout of the connection opening or of the previous answer on
 *     it.  libmicrohttpd's timeout restarts with every byte, so a client
 *     sending a header line every few seconds (slowloris) would hold its
 *     slot for ever; past the deadline conns_reap shuts the socket down
 *     and libmicrohttpd closes the connection as the client's.
 *
 * Thread-safe: one mutex for opening, closing and reaping; the deadline
 * of a connection is an atomic, set by its own thread on every request.
 */
#ifndef KIOSK_CONNS_H
#define KIOSK_CONNS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#define CONNS_KEY_LEN 9 /* family byte + an IPv6 /64 or an IPv4 address */

struct conns;

/* One connection's state (the MHD socket context). */
struct conn {
	struct conn *prev, *next; /* every open connection */
	struct conn_net *net;     /* its client network's count */
	int fd;
	atomic_llong deadline_us; /* monotonic; 0 = a request is being answered */
};

/* The key of the client network of SA into KEY (CONNS_KEY_LEN bytes):
 * AF_INET's address, AF_INET6's first 8 bytes (IPv4-mapped: the IPv4
 * address).  Returns the key's length, 0 for another family. */
size_t conns_key(const struct sockaddr *sa, unsigned char *key);

/* A table allowing PER_NET connections per client network (0 = no limit)
 * and TIMEOUT_US for a request's headers.  NULL on out of memory; free
 * with conns_free (NULL-safe) after the HTTP daemon has stopped. */
struct conns *conns_new(unsigned per_net, int64_t timeout_us);
void conns_free(struct conns *t);

/* Whether a connection from SA may be accepted now. */
int conns_admit(struct conns *t, const struct sockaddr *sa);

/* A connection accepted from SA on FD at NOW_US: its state, counted until
 * conns_close, or NULL on out of memory (it is then not tracked). */
struct conn *conns_open(struct conns *t, const struct sockaddr *sa, int fd, int64_t now_us);
void conns_close(struct conns *t, struct conn *c); /* NULL-safe */

/* C's request has arrived whole (no deadline while it is answered), or
 * its answer is done at NOW_US (the next request's deadline runs).  Both
 * NULL-safe. */
void conns_request(struct conn *c);
void conns_answered(struct conns *t, struct conn *c, int64_t now_us);

/* Shut down the sockets of connections past their deadline at NOW_US.
 * Returns how many. */
unsigned conns_reap(struct conns *t, int64_t now_us);

/* Connections open now, and client networks holding them. */
void conns_count(struct conns *t, unsigned long *open, unsigned long *nets);

#endif
