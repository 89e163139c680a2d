/* The health probe of live canary and the requests it and the fuzz traffic
 * send: a DNS query built from "NAME TYPE" (succeeds on a NOERROR reply), an
 * HTTP GET of a path (succeeds on 2xx); one exchange of any request, judged
 * as an error when no reply comes, or for DNS SERVFAIL, for HTTP a 5xx. DNS
 * travels over UDP or TCP (framed, on kept or fresh connections). */
#ifndef FF_TOOLS_LIVE_PROBE_H
#define FF_TOOLS_LIVE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live_addr.h"
#include "live_shadow.h"

/* The probe request as bytes (malloc'd), or NULL with the reason in err. */
uint8_t *live_probe_request(live_proto proto, const char *probe, const live_addr *target, size_t *len,
                            char *err, size_t err_cap);
typedef enum { LIVE_REPLY_OK, LIVE_REPLY_REFUSED, LIVE_REPLY_ERROR } live_reply_class;

/* How DNS requests travel: UDP datagrams, or TCP with RFC 1035 framing on a
 * connection kept for up to max_messages requests (1: a new connection for
 * each). A kept connection is closed after a request left without a reply
 * (so a late reply cannot answer the next request), and reopened when the
 * server has closed it or sent bytes that no request asked for. fd -1: none
 * open. */
typedef struct live_dns_transport {
  bool tcp;
  long max_messages;
  int fd;
  long used;           /* requests sent on fd */
  uint64_t connections; /* opened so far */
} live_dns_transport;

void live_dns_transport_init(live_dns_transport *t, bool tcp, long max_messages);
void live_dns_transport_close(live_dns_transport *t);

/* Sends req and classifies the reply: OK (NOERROR / 2xx), REFUSED (any other
 * answer: the server coped), ERROR (none, SERVFAIL, 5xx). DNS goes by dns
 * (UDP when NULL); HTTP uses one connection per request. */
live_reply_class live_exchange_class(live_proto proto, const live_addr *to, const uint8_t *req, size_t len,
                                     double timeout_s, live_dns_transport *dns);

#endif
