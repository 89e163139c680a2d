/* A small HTTP server (libmicrohttpd, one internal thread) answering
 * GET /metrics with a text the caller renders per request; other paths get
 * 404, other methods 405. */
#ifndef FF_TOOLS_MONITOR_HTTP_H
#define FF_TOOLS_MONITOR_HTTP_H

#include <stddef.h>

#include "monitor_addr.h"

/* Renders the body: malloc'd, *len bytes; NULL when it cannot (answered with 500). */
typedef char *(*ff_metrics_render_fn)(void *ctx, size_t *len);

typedef struct ff_metrics_server ff_metrics_server;

/* Listens on a. Returns the server, or NULL with err (address in use...). */
ff_metrics_server *ff_metrics_server_start(const ff_monitor_addr *a, ff_metrics_render_fn render,
                                           void *ctx, char *err, size_t err_cap);
/* The port it listens on (the one the system chose for port 0). */
unsigned ff_metrics_server_port(const ff_metrics_server *s);
void ff_metrics_server_stop(ff_metrics_server *s);

#endif
