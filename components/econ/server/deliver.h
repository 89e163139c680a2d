/* Webhook deliveries of formfuzz-econ (fact sheet §5.5): after every
 * collection the metrics document is POSTed, with libcurl, to each hook that
 * asked for "metrics", with X-Webhook-Event and, for a hook with a secret,
 * X-Webhook-Signature. What the real agent lacks is added: no redirects, and
 * a destination name is resolved once and refused when any of its addresses
 * is internal (the connection is pinned to the checked address, so the name
 * cannot re-resolve elsewhere). With a proxy, every delivery goes through it
 * and the proxy's own egress policy applies instead. */
#ifndef ECON_SERVER_DELIVER_H
#define ECON_SERVER_DELIVER_H

#include <stddef.h>
#include <stdint.h>

#include "econ.h"

typedef struct econ_delivery_stats {
  size_t delivered; /* a 2xx reply */
  size_t refused;   /* the destination resolved to an internal address, or not at all */
  size_t failed;    /* connection error, timeout or a non-2xx reply */
} econ_delivery_stats;

/* Delivers metrics_json (a SystemMetrics document) to every hook of hooks
 * that wants "metrics"; proxy is NULL or an http:// proxy URL. Each outcome is
 * reported on stderr as one line. */
void econ_deliver_metrics(const econ_hooks *hooks, const char *metrics_json, int64_t now, const char *proxy,
                          econ_delivery_stats *stats);

#endif
