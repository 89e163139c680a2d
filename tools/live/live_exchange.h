/* One message of a live fuzz sequence sent and its reply read, by protocol
 * and transport, every wait bounded by the timeout:
 *   raw and dns over UDP - one datagram out, the first one back, all from
 *                          one connected socket;
 *   raw over TCP         - what the first read returns (a reply written in
 *                          pieces leaves the rest to the next read);
 *   dns over TCP         - RFC 1035 framing both ways;
 *   http over TCP        - a whole response (Content-Length, chunked coding,
 *                          or until the close; a HEAD reply's head only). The
 *                          connection is kept for the next request (keep-alive)
 *                          unless the request or response says
 *                          "Connection: close", the server closed it, or no
 *                          reply came: then the next message opens a new one,
 *                          so servers that close after each reply work too.
 * The reply's state is live_proto.h's. */
#ifndef FF_TOOLS_LIVE_EXCHANGE_H
#define FF_TOOLS_LIVE_EXCHANGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_addr.h"
#include "live_proto.h"

#define LIVE_STATE_NONE 1u   /* no reply before the timeout */
#define LIVE_STATE_CLOSED 2u /* the server closed the connection (or reset it) */

typedef enum live_reply_kind {
  LIVE_REPLY,        /* a reply came (for http: bytes, parsed or not) */
  LIVE_REPLY_NONE,   /* nothing before the timeout */
  LIVE_REPLY_CLOSED, /* the connection was closed (or reset) with no reply */
  LIVE_REPLY_NOCONN, /* no connection could be opened */
} live_reply_kind;

typedef struct live_link {
  live_addr target;
  bool tcp;
  live_proto proto;
  double timeout_s;
  size_t shape_skip, shape_bytes; /* raw states */
  int fd;                         /* -1: none open */
  uint64_t connects;
} live_link;

void live_link_init(live_link *l, const live_addr *target, bool tcp, live_proto proto, double timeout_s,
                    size_t shape_skip, size_t shape_bytes);
/* Opens the connection (TCP) or the socket (UDP) if none is open: 0 or -1. */
int live_link_open(live_link *l);
void live_link_close(live_link *l);
/* Sends msg and reads its reply; *state and text (cap bytes) get its state. */
live_reply_kind live_link_exchange(live_link *l, const uint8_t *msg, size_t len, uint32_t *state, char *text,
                                   size_t cap);

#endif
