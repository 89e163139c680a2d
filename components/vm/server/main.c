/* formfuzz-vm: serves the vm core's form-state routes (vm_http_respond: the
 * account and instance routes with their JSON bodies, instance
 * start/stop/reboot/delete, the bootstrap and node routes) over HTTP on 127.0.0.1 only, with libmicrohttpd in one
 * thread, and stops by itself after --max-time seconds. The peer's address
 * text ("127.0.0.1:port") goes to the core, which applies the loopback
 * prefix rule of §1.1 to the status a refused header gets; the server clock
 * is the wall clock. One mutex serializes the requests. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "loopback_http.h"
#include "request_body.h"
#include "vm.h"

#define BODY_MAX 8192

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

typedef struct upload {
  ff_request_body body;
} upload;

/* The request's headers as the core reads them: one "Name: value" line each. */
static void read_headers(struct MHD_Connection *c, vm_headers *h, char *block, size_t cap) {
  static const char *const NAMES[] = {"Authorization", "X-Signature", "X-Recovery-Id", "X-Message",
                                      "X-Forwarded-For", "Host"};
  size_t n = 0;
  block[0] = '\0';
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, NAMES[i]);
    if (!v) continue;
    int w = snprintf(block + n, cap - n, "%s: %s\r\n", NAMES[i], v);
    if (w < 0 || (size_t)w >= cap - n) break;
    n += (size_t)w;
  }
  vm_headers_read(block, n, h);
}

static void peer_text(struct MHD_Connection *c, char *out, size_t cap) {
  const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  snprintf(out, cap, "unknown");
  if (!ci || !ci->client_addr || ci->client_addr->sa_family != AF_INET) return;
  const struct sockaddr_in *sa = (const struct sockaddr_in *)ci->client_addr;
  char ip[INET_ADDRSTRLEN];
  if (inet_ntop(AF_INET, &sa->sin_addr, ip, sizeof ip)) snprintf(out, cap, "%s:%u", ip, ntohs(sa->sin_port));
}

static enum MHD_Result reply(struct MHD_Connection *c, int status, const char *body) {
  struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
  if (!r) return MHD_NO;
  MHD_add_response_header(r, "Content-Type", "application/json");
  enum MHD_Result ok = MHD_queue_response(c, (unsigned)status, r);
  MHD_destroy_response(r);
  return ok;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *data, size_t *data_size, void **con_cls) {
  (void)version;
  vm_server *srv = cls;
  upload *u = *con_cls;
  if (!u) {
    u = calloc(1, sizeof *u);
    if (!u) return MHD_NO;
    *con_cls = u;
    return MHD_YES;
  }
  if (*data_size) {
    if (!ff_request_body_append(&u->body, data, *data_size, BODY_MAX)) return MHD_NO;
    *data_size = 0;
    return MHD_YES;
  }
  if (u->body.too_large) return reply(c, 413, "{\"error\":\"body too large\"}");
  static vm_headers h;
  static char block[VM_MSG_MAX * 4 + 512];
  char peer[64];
  vm_request req;
  memset(&req, 0, sizeof req);
  static vm_http_response resp;
  pthread_mutex_lock(&lock);
  read_headers(c, &h, block, sizeof block);
  peer_text(c, peer, sizeof peer);
  req.method = method;
  req.path = url;
  req.body = (const uint8_t *)(u->body.data ? u->body.data : "");
  req.body_len = u->body.len;
  req.peer = peer;
  vm_request_set_headers(&req, &h);
  srv->now = (uint64_t)time(NULL);
  vm_http_respond(srv, &req, NULL, &resp);
  enum MHD_Result ok = reply(c, resp.status, resp.body);
  pthread_mutex_unlock(&lock);
  return ok;
}

static const char usage_text[] =
    "usage: formfuzz-vm --port N [--max-time S] [--admin ADDRESS]\n"
    "Serves the vm core's form-state routes on 127.0.0.1:N and stops by itself.\n"
    "  --port N         TCP port on 127.0.0.1 (1..65535)\n"
    "  --max-time S     stop after S seconds (default 300)\n"
    "  --admin ADDRESS  an account that is a global admin from the start\n"
    "  --help           show this help\n";

static int usage(void) {
  fputs(usage_text, stderr);
  return 2;
}

int main(int argc, char **argv) {
  long port = 0, max_time = 300;
  const char *admin = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0) {
      fputs(usage_text, stdout);
      return 0;
    }
    if (i + 1 >= argc) return usage();
    if (strcmp(argv[i], "--port") == 0) port = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--max-time") == 0) max_time = strtol(argv[++i], NULL, 10);
    else if (strcmp(argv[i], "--admin") == 0) admin = argv[++i];
    else return usage();
  }
  if (port <= 0 || port > 65535 || max_time <= 0) return usage();
  static vm_server srv;
  vm_server_init(&srv, (uint64_t)time(NULL));
  if (admin) {
    vm_addr a;
    if (vm_address_normalize(admin, &a) != VM_OK || vm_account_create(&srv.store, a.hex) != VM_OK ||
        vm_global_admin_write(&srv.store, &a, true) != VM_OK) {
      fprintf(stderr, "formfuzz-vm: --admin must be an address (40 hex digits, optional 0x)\n");
      return 2;
    }
  }
  ff_loopback_http http = {.name = "formfuzz-vm", .port = port, .max_time = max_time, .handler = handler,
                           .handler_cls = &srv, .body_offset = offsetof(upload, body)};
  return ff_loopback_http_run(&http);
}
