/* The health probe of live canary and the requests it and the fuzz traffic
 * send: a DNS query built from "NAME TYPE" (succeeds on a NOERROR reply), an
 * HTTP GET of a path (succeeds on 2xx); one exchange of any request, judged
 * as an error when no reply comes, or for DNS SERVFAIL, for HTTP a 5xx. */
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
/* Sends req (UDP for DNS) and classifies the reply: OK (NOERROR / 2xx),
 * REFUSED (any other answer: the server coped), ERROR (none, SERVFAIL, 5xx). */
live_reply_class live_exchange_class(live_proto proto, const live_addr *to, const uint8_t *req, size_t len,
                                     double timeout_s);

#endif
