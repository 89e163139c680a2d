/* formfuzz-mcp: serves the MCP REST API (mcp_handle: §4.1 routes, §4.2
 * authentication, the built-in tools) over HTTP on 127.0.0.1 only, with
 * libmicrohttpd in one thread; a fresh random secret per run (the deployment's
 * JWT secret); queued operations run between requests; stops by itself after
 * --max-time seconds. One mutex serializes requests and operation runs. */
#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "mcp.h"
#include "loopback_http.h"
#include "request_body.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct upload {
  char target[1024]; /* the request target as sent: path and query */
  bool started;
  ff_request_body body;
} upload;

/* libmicrohttpd's URI log hook sees the raw target (the handler's url has
 * lost the query); what it returns becomes the connection's state. */
static void *keep_target(void *cls, const char *uri, struct MHD_Connection *c) {
  (void)cls, (void)c;
  upload *u = calloc(1, sizeof *u);
  if (u) snprintf(u->target, sizeof u->target, "%s", uri);
  return u;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)version;
  mcp_server *srv = cls;
  upload *u = *con_cls;
  if (!u) return MHD_NO;
  if (!u->started) { /* first call: headers only */
    u->started = true;
    return MHD_YES;
  }
  if (*data_size) { /* body chunks */
    if (!ff_request_body_append(&u->body, data, *data_size, MCP_BODY_MAX)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  (void)url;
  const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
  mcp_response r;
  pthread_mutex_lock(&lock);
  mcp_handle(srv, method, u->target, auth, u->body.data, u->body.too_large ? MCP_BODY_MAX + 1 : u->body.len, (uint64_t)time(NULL), &r);
  pthread_mutex_unlock(&lock);
  struct MHD_Response *resp = MHD_create_response_from_buffer(r.len, r.body ? r.body : (void *)"", MHD_RESPMEM_MUST_COPY);
  enum MHD_Result ok = MHD_NO;
  if (resp) {
    MHD_add_response_header(resp, "Content-Type", r.content_type ? r.content_type : "text/plain");
    ok = MHD_queue_response(c, (unsigned)r.status, resp);
    MHD_destroy_response(resp);
  }
  mcp_response_free(&r);
  return ok;
}

/* Queued operations run and old ones are dropped between requests. */
static void run_operations(void *cls) {
  mcp_server *srv = cls;
  pthread_mutex_lock(&lock);
  mcp_ops_run_pending(&srv->ops, (uint64_t)time(NULL));
  mcp_ops_cleanup(&srv->ops, (uint64_t)time(NULL));
  pthread_mutex_unlock(&lock);
}

static const char usage_text[] =
    "usage: formfuzz-mcp --port N [--admin ADDRESS]... [--token-lifetime S] [--max-time S]\n"
    "Serves Formation's MCP REST API (/health, /version, /api/auth/challenge,\n"
    "/api/auth/login, /api/auth/validate, /api/tools, /api/operations) on 127.0.0.1:N\n"
    "with a fresh random JWT secret, and stops by itself.\n"
    "  --port N            TCP port on 127.0.0.1 (1..65535)\n"
    "  --admin ADDRESS     an address whose tokens carry the admin role (repeatable, at most 4)\n"
    "  --token-lifetime S  token lifetime in seconds (default 3600)\n"
    "  --max-time S        stop after S seconds (default 300)\n"
    "  --help              show this help\n";

static int usage(void) {
  fputs(usage_text, stderr);
  return 2;
}

int main(int argc, char **argv) {
  long port = 0, max_time = 300, lifetime = 3600;
  const char *admins[MCP_ADMINS_MAX];
  size_t nadmins = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage();
    if (strcmp(argv[i], "--port") == 0) port = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--max-time") == 0) max_time = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--token-lifetime") == 0) lifetime = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--admin") == 0 && nadmins < MCP_ADMINS_MAX) admins[nadmins++] = argv[++i];
    else return usage();
  }
  if (port <= 0 || port > 65535 || max_time <= 0 || lifetime <= 0 || lifetime > 30 * 86400) return usage();
  uint8_t secret[MCP_SECRET_LEN];
  uint64_t seed;
  if (getrandom(secret, sizeof secret, 0) != (ssize_t)sizeof secret || getrandom(&seed, sizeof seed, 0) != (ssize_t)sizeof seed) {
    fprintf(stderr, "formfuzz-mcp: no randomness for the secret\n");
    return 1;
  }
  static mcp_server srv;
  mcp_server_init(&srv, secret, (uint64_t)lifetime, seed);
  for (size_t i = 0; i < nadmins; i++)
    if (mcp_auth_add_admin(&srv.auth, admins[i]) != VM_OK) {
      fprintf(stderr, "formfuzz-mcp: --admin %s is not an address (40 hex digits, 0x optional)\n", admins[i]);
      return 2;
    }
  ff_loopback_http http = {.name = "formfuzz-mcp", .port = port, .max_time = max_time, .handler = handler,
                           .handler_cls = &srv, .uri_log = keep_target, .tick = run_operations, .tick_cls = &srv,
                           .body_offset = offsetof(upload, body)};
  int rc = ff_loopback_http_run(&http);
  mcp_server_free(&srv);
  return rc;
}
