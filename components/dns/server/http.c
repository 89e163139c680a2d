/* formfuzz-dns's management API over HTTP (see http.h): body chunks
 * collected up to 64 KiB (then 413), dns_mgmt_handle under the shared lock. */
#include "http.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "request_body.h"

typedef struct http_ctx {
  dns_mgmt *mgmt;
  pthread_mutex_t *lock;
} http_ctx;

static http_ctx ctx; /* one listener per process */

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)version, (void)cls;
  ff_request_body *body = *con_cls;
  if (!body) { /* first call: headers only */
    if (!(body = calloc(1, sizeof *body))) return MHD_NO;
    *con_cls = body;
    return MHD_YES;
  }
  if (*data_size) {
    if (!ff_request_body_append(body, data, *data_size, DNS_MGMT_BODY_MAX)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  dns_mgmt_response r;
  pthread_mutex_lock(ctx.lock);
  dns_mgmt_handle(ctx.mgmt, method, url, body->data, body->too_large ? DNS_MGMT_BODY_MAX + 1 : body->len,
                  (uint64_t)time(NULL), &r);
  pthread_mutex_unlock(ctx.lock);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r.len, r.body ? r.body : (void *)"", MHD_RESPMEM_MUST_COPY);
  enum MHD_Result ok = MHD_NO;
  if (resp) {
    MHD_add_response_header(resp, "Content-Type", r.status == 200 ? "application/json" : "text/plain");
    ok = MHD_queue_response(c, (unsigned)r.status, resp);
    MHD_destroy_response(resp);
  }
  dns_mgmt_response_free(&r);
  return ok;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t) {
  (void)cls, (void)c, (void)t;
  ff_request_body *body = *con_cls;
  if (body) ff_request_body_free(body), free(body);
  *con_cls = NULL;
}

struct MHD_Daemon *dns_http_start(int port, dns_mgmt *m, pthread_mutex_t *lock) {
  ctx.mgmt = m, ctx.lock = lock;
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, handler, NULL,
                          MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
                          MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
                          MHD_OPTION_END);
}

void dns_http_stop(struct MHD_Daemon *d) {
  if (d) MHD_stop_daemon(d);
}
