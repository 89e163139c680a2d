/* formfuzz-econ: serves the econ routes (econ_api.h: /health, /get, the
 * webhook API, the queue's write_local, write_op and read routes) over HTTP on
 * 127.0.0.1 only, with libmicrohttpd in one thread; collects this machine's
 * SystemMetrics from procfs every --collect seconds (the first at once) for
 * GET /get and POSTs it to the webhooks that asked for "metrics" (deliver.h);
 * stops by itself after --max-time seconds. One mutex serializes the requests
 * and the collection; deliveries run outside it, on a copy of the hooks. */
#include <curl/curl.h>
#include <pthread.h>
#include <microhttpd.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>
#include <unistd.h>

#include "collect.h"
#include "deliver.h"
#include "econ_api.h"
#include "loopback_http.h"
#include "request_body.h"

static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct upload {
  ff_request_body body;
} upload;


static enum MHD_Result send_resp(struct MHD_Connection *c, const econ_response *r) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(r->len, r->body ? r->body : (void *)"", MHD_RESPMEM_MUST_COPY);
  if (!resp) return MHD_NO;
  if (r->content_type) MHD_add_response_header(resp, "Content-Type", r->content_type);
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)r->status, resp);
  MHD_destroy_response(resp);
  return ok;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)version;
  econ_api *api = cls;
  upload *u = *con_cls;
  if (!u) { /* first call: headers only */
    u = calloc(1, sizeof *u);
    if (!u) return MHD_NO;
    *con_cls = u;
    return MHD_YES;
  }
  if (*data_size) { /* body chunks */
    if (!ff_request_body_append(&u->body, data, *data_size, ECON_API_BODY_MAX)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  econ_response r;
  pthread_mutex_lock(&api_lock);
  if (u->body.too_large) {
    econ_api_handle(api, method, url, NULL, NULL, ECON_API_BODY_MAX + 1, &r);
  } else {
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    econ_api_handle(api, method, url, auth, u->body.data, u->body.len, &r);
  }
  pthread_mutex_unlock(&api_lock);
  enum MHD_Result ok = send_resp(c, &r);
  econ_response_free(&r);
  return ok;
}

static const char usage_text[] =
    "usage: formfuzz-econ --port N --token T [--allow-host H]... [--max-time S]\n"
    "                     [--collect S] [--instance-id ID] [--account-id ID]\n"
    "                     [--webhook-proxy URL]\n"
    "Serves the econ routes on 127.0.0.1:N and stops by itself.\n"
    "  --port N          TCP port on 127.0.0.1 (1..65535)\n"
    "  --token T         bearer token the webhook routes require\n"
    "  --allow-host H    a webhook destination host to allow (repeatable, at most 8)\n"
    "  --max-time S      stop after S seconds (default 300)\n"
    "  --collect S       collect SystemMetrics from procfs every S seconds (default 30)\n"
    "  --instance-id ID  instance_id of the served SystemMetrics (default null)\n"
    "  --account-id ID   account_id of the served SystemMetrics (default null)\n"
    "  --webhook-proxy URL  send webhook deliveries through this HTTP proxy (default:\n"
    "                    direct, to the checked address of the hook's host)\n"
    "  --help            show this help\n";

static int usage(void) {
  fputs(usage_text, stderr);
  return 2;
}

/* One collection into the served document, then its webhook deliveries; a
 * failed collection is reported, the previous document stays and nothing is
 * delivered. */
static void collect_once(econ_api *api, econ_collector *col, const char *proxy) {
  static econ_hooks hooks; /* the copy deliveries use, outside the lock */
  econ_system_metrics m;
  char reason[ECON_REASON_MAX];
  if (econ_collect(col, &m, reason, sizeof reason) != ECON_OK) {
    fprintf(stderr, "formfuzz-econ: collection failed: %s\n", reason);
    return;
  }
  pthread_mutex_lock(&api_lock);
  api->metrics = m;
  api->has_metrics = true;
  hooks = api->hooks;
  pthread_mutex_unlock(&api_lock);
  char *json = econ_system_metrics_to_json(&m, NULL);
  if (!json) {
    fprintf(stderr, "formfuzz-econ: the collected metrics cannot be written as JSON\n");
    return;
  }
  econ_delivery_stats stats = {0};
  econ_deliver_metrics(&hooks, json, (int64_t)time(NULL), proxy, &stats);
  free(json);
}

/* The queue node's signing key: 32 random bytes, drawn again in the
 * vanishing case that they are not a valid secret key. */
static bool fresh_node_key(ff_keypair *kp) {
  uint8_t secret[32];
  for (int tries = 0; tries < 8; tries++) {
    if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret) return false;
    if (ff_keypair_from_secret(kp, secret) == 0) return true;
  }
  return false;
}

/* The collection schedule, run from the serving loop's tick. */
typedef struct collect_tick {
  econ_api *api;
  econ_collector *col;
  const char *proxy;
  long every;
  time_t next;
} collect_tick;

static void collect_when_due(void *cls) {
  collect_tick *t = cls;
  if (time(NULL) < t->next) return;
  collect_once(t->api, t->col, t->proxy);
  t->next = time(NULL) + t->every;
}

int main(int argc, char **argv) {
  long port = 0, max_time = 300, collect_every = 30;
  const char *token = NULL, *proxy = NULL;
  static econ_api api;
  static econ_collector col;
  const char *allow[ECON_ALLOW_MAX];
  size_t nallow = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage();
    if (strcmp(argv[i], "--port") == 0) port = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--token") == 0) token = argv[++i];
    else if (strcmp(argv[i], "--max-time") == 0) max_time = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--collect") == 0) collect_every = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--instance-id") == 0) snprintf(col.instance_id, sizeof col.instance_id, "%s", argv[++i]);
    else if (strcmp(argv[i], "--account-id") == 0) snprintf(col.account_id, sizeof col.account_id, "%s", argv[++i]);
    else if (strcmp(argv[i], "--webhook-proxy") == 0) proxy = argv[++i];
    else if (strcmp(argv[i], "--allow-host") == 0 && nallow < ECON_ALLOW_MAX) allow[nallow++] = argv[++i];
    else return usage();
  }
  if (port <= 0 || port > 65535 || !token || max_time <= 0 || collect_every <= 0 || collect_every > 86400)
    return usage();
  if (proxy && strncmp(proxy, "http://", 7) != 0) {
    fprintf(stderr, "formfuzz-econ: --webhook-proxy must be an http:// URL\n");
    return 2;
  }
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    fprintf(stderr, "formfuzz-econ: libcurl cannot be initialized\n");
    return 1;
  }
  ff_keypair node_key;
  if (!fresh_node_key(&node_key)) {
    fprintf(stderr, "formfuzz-econ: no randomness for the queue node's key\n");
    return 1;
  }
  if (econ_api_init(&api, token, &node_key, (uint64_t)time(NULL) ^ (uint64_t)getpid()) != ECON_OK) {
    fprintf(stderr, "formfuzz-econ: the token must be 1..%d bytes\n", ECON_API_TOKEN_MAX - 1);
    return 2;
  }
  for (size_t i = 0; i < nallow; i++)
    if (econ_hooks_allow_host(&api.hooks, allow[i]) != ECON_OK) {
      fprintf(stderr, "formfuzz-econ: bad --allow-host %s\n", allow[i]);
      return 2;
    }
  char detail[160];
  snprintf(detail, sizeof detail, "; queue node %s", api.queue.actor);
  collect_tick tick = {&api, &col, proxy, collect_every, 0};
  ff_loopback_http http = {.name = "formfuzz-econ", .port = port, .max_time = max_time, .detail = detail,
                           .handler = handler, .handler_cls = &api, .tick = collect_when_due, .tick_cls = &tick,
                           .body_offset = offsetof(upload, body)};
  int rc = ff_loopback_http_run(&http);
  econ_api_free(&api);
  curl_global_cleanup();
  return rc;
}
