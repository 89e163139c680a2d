/* The /metrics HTTP endpoint (see monitor_http.h). */
#include "monitor_http.h"

#include <errno.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor_prom.h"

struct ff_metrics_server {
  struct MHD_Daemon *daemon;
  ff_metrics_render_fn render;
  void *ctx;
  unsigned port;
};

static enum MHD_Result answer(struct MHD_Connection *c, unsigned status, const char *type,
                              char *body, size_t len, enum MHD_ResponseMemoryMode mode) {
  struct MHD_Response *r = MHD_create_response_from_buffer(len, body, mode);
  if (!r) {
    if (mode == MHD_RESPMEM_MUST_FREE) free(body);
    return MHD_NO;
  }
  MHD_add_response_header(r, "Content-Type", type);
  enum MHD_Result ok = MHD_queue_response(c, status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *data,
                               size_t *data_size, void **con_cls) {
  (void)version;
  (void)data;
  ff_metrics_server *s = cls;
  if (*con_cls == NULL) { /* first call: headers only */
    *con_cls = s;
    return MHD_YES;
  }
  if (*data_size) { /* a body is not expected: drop it */
    *data_size = 0;
    return MHD_YES;
  }
  static char not_found[] = "not found: the metrics are at /metrics\n";
  static char not_allowed[] = "only GET and HEAD\n";
  static char failed[] = "the metrics could not be rendered\n";
  if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
    return answer(c, 405, "text/plain", not_allowed, strlen(not_allowed), MHD_RESPMEM_PERSISTENT);
  if (strcmp(url, "/metrics") != 0)
    return answer(c, 404, "text/plain", not_found, strlen(not_found), MHD_RESPMEM_PERSISTENT);
  size_t len = 0;
  char *body = s->render(s->ctx, &len);
  if (!body) return answer(c, 500, "text/plain", failed, strlen(failed), MHD_RESPMEM_PERSISTENT);
  return answer(c, 200, FF_PROM_CONTENT_TYPE, body, len, MHD_RESPMEM_MUST_FREE);
}

ff_metrics_server *ff_metrics_server_start(const ff_monitor_addr *a, ff_metrics_render_fn render,
                                           void *ctx, char *err, size_t err_cap) {
  ff_metrics_server *s = calloc(1, sizeof *s);
  if (!s) {
    snprintf(err, err_cap, "out of memory");
    return NULL;
  }
  s->render = render;
  s->ctx = ctx;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | (a->ipv6 ? MHD_USE_IPv6 : 0);
  errno = 0;
  s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handler, s, MHD_OPTION_SOCK_ADDR,
                               (const struct sockaddr *)&a->sa, MHD_OPTION_CONNECTION_LIMIT,
                               (unsigned)16, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                               MHD_OPTION_END);
  if (!s->daemon) {
    snprintf(err, err_cap, "cannot listen on %s%s%s:%u: %s", a->ipv6 ? "[" : "", a->host,
             a->ipv6 ? "]" : "", a->port,
             errno ? strerror(errno) : "address in use or not available");
    free(s);
    return NULL;
  }
  const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
  s->port = info ? info->port : 0;
  return s;
}

unsigned ff_metrics_server_port(const ff_metrics_server *s) { return s->port; }

void ff_metrics_server_stop(ff_metrics_server *s) {
  if (!s) return;
  MHD_stop_daemon(s->daemon);
  free(s);
}
