/* formfuzz-dns: the dns core as a small authoritative server on 127.0.0.1
 * (UDP and TCP on one port), for live and differential tests. It serves
 * either one zone file (RFC 1034 answers, dns_zone_respond) or a store file
 * of managed records with health marks and a GeoDNS table (the §2.4 answer
 * rules, dns_store_respond: the path the fuzzers check), answering each
 * client by its source address. With a store, --api-port adds form-dns's
 * management API (§2.3, JSON over HTTP, http.h) on the same store: a record
 * created there is answered over DNS at once. Stops on SIGTERM/SIGINT, or
 * after --max-time seconds. */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns_mgmt.h"
#include "dns_served.h"
#include "dns_zone.h"
#include "http.h"

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig, stop = 1; }

static void usage(FILE *f) {
  fprintf(f,
          "usage: formfuzz-dns (--zone FILE --origin NAME | --store FILE [--api-port M]) --port N [--max-time S]\n"
          "Serves on 127.0.0.1:N over UDP and TCP either the zone in FILE (RFC 1035\n"
          "master file) for NAME, or the managed records of a store file (see\n"
          "components/dns/dns_served.h) with the answer rules of spec 2.4: formnet\n"
          "addresses only to 10/8 sources, health filtering, GeoDNS order.\n"
          "--api-port M (store only): the management API of spec 2.3 (JSON over HTTP,\n"
          "POST /record/create, GET /record/list, ...; components/dns/dns_mgmt.h) on\n"
          "127.0.0.1:M, changing the records the DNS side answers from.\n"
          "Stops on SIGTERM or SIGINT, or after S seconds.\n");
}

/* What answers: a zone or a served store. */
typedef struct responder {
  const dns_zone *zone;
  const dns_served *served;
  dns_answer_ctx ctx;
} responder;

/* Held while a query reads the store and while the API changes it. */
static pthread_mutex_t store_lock = PTHREAD_MUTEX_INITIALIZER;

/* The response to one query from client, 0 when none is due. */
static size_t respond(const responder *r, const uint8_t *q, size_t len, bool udp, const dns_ip *client,
                      uint8_t *out, size_t cap) {
  if (r->zone) return dns_zone_respond(r->zone, q, len, udp, out, cap);
  pthread_mutex_lock(&store_lock);
  long n = dns_store_respond(&r->served->store, &r->ctx, q, len, client, udp ? DNS_UDP_MIN : 65535, out, cap);
  pthread_mutex_unlock(&store_lock);
  return n < 0 ? 0 : (size_t)n;
}

static void client_of(const struct sockaddr_storage *from, dns_ip *ip) {
  memset(ip, 0, sizeof *ip);
  if (from->ss_family == AF_INET) {
    ip->family = 4;
    memcpy(ip->addr, &((const struct sockaddr_in *)from)->sin_addr, 4);
  } else if (from->ss_family == AF_INET6) {
    ip->family = 6;
    memcpy(ip->addr, &((const struct sockaddr_in6 *)from)->sin6_addr, 16);
  }
}

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t got;
  while (buf && (got = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += got;
    if (len + 1 == cap) {
      char *bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  fclose(f);
  if (buf) buf[len] = 0;
  return buf;
}

static int bound_socket(int type, int port) {
  int fd = socket(AF_INET, type, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  if (fd < 0) return -1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) || (type == SOCK_STREAM && listen(fd, 16))) {
    close(fd);
    return -1;
  }
  return fd;
}

/* Reads exactly n bytes with a 2 s limit per wait. */
static int read_full(int fd, uint8_t *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 2000) <= 0) return -1;
    ssize_t r = read(fd, buf + got, n - got);
    if (r <= 0) return -1;
    got += (size_t)r;
  }
  return 0;
}

static void serve_tcp(const responder *r, int fd, const dns_ip *client) {
  static uint8_t q[65536], out[65538];
  for (int i = 0; i < 100 && !stop; i++) {
    uint8_t hdr[2];
    if (read_full(fd, hdr, 2)) break;
    size_t len = (size_t)hdr[0] << 8 | hdr[1];
    /* as NSD: a message too short to hold a question (17 octets) drops the connection */
    if (len < DNS_HEADER_LEN + 5 || read_full(fd, q, len)) break;
    size_t n = respond(r, q, len, false, client, out + 2, sizeof out - 2);
    if (n == 0) continue;
    out[0] = (uint8_t)(n >> 8), out[1] = (uint8_t)n;
    if (write(fd, out, n + 2) != (ssize_t)(n + 2)) break;
  }
  close(fd);
}

static int serve(const responder *r, int port, long max_time) {
  int udp = bound_socket(SOCK_DGRAM, port), tcp = bound_socket(SOCK_STREAM, port);
  if (udp < 0 || tcp < 0) {
    fprintf(stderr, "formfuzz-dns: cannot bind 127.0.0.1:%d: %s\n", port, strerror(errno));
    return 1;
  }
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  time_t end = max_time > 0 ? time(NULL) + max_time : 0;
  static uint8_t q[65536], out[65536];
  while (!stop && (!end || time(NULL) < end)) {
    struct pollfd p[2] = {{udp, POLLIN, 0}, {tcp, POLLIN, 0}};
    if (poll(p, 2, 500) <= 0) continue;
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    dns_ip client;
    if (p[0].revents & POLLIN) {
      ssize_t len = recvfrom(udp, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
      client_of(&from, &client);
      size_t n = len > 0 ? respond(r, q, (size_t)len, true, &client, out, sizeof out) : 0;
      if (n) sendto(udp, out, n, 0, (struct sockaddr *)&from, fl);
    }
    fl = sizeof from;
    if (p[1].revents & POLLIN) {
      int c = accept(tcp, (struct sockaddr *)&from, &fl);
      client_of(&from, &client);
      if (c >= 0) serve_tcp(r, c, &client);
    }
  }
  close(udp);
  close(tcp);
  return 0;
}

int main(int argc, char **argv) {
  const char *zone_path = NULL, *origin = NULL, *store_path = NULL;
  int port = 0, api_port = 0;
  long max_time = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return usage(stdout), 0;
    if (i + 1 >= argc) return usage(stderr), 1;
    if (strcmp(argv[i], "--zone") == 0) zone_path = argv[++i];
    else if (strcmp(argv[i], "--origin") == 0) origin = argv[++i];
    else if (strcmp(argv[i], "--store") == 0) store_path = argv[++i];
    else if (strcmp(argv[i], "--port") == 0) port = atoi(argv[++i]);
    else if (strcmp(argv[i], "--api-port") == 0) api_port = atoi(argv[++i]);
    else if (strcmp(argv[i], "--max-time") == 0) max_time = atol(argv[++i]);
    else return fprintf(stderr, "formfuzz-dns: unknown option %s\n", argv[i]), usage(stderr), 1;
  }
  if (!!zone_path == !!store_path || (zone_path && !origin) || port <= 0 || port > 65535 || api_port < 0 ||
      api_port > 65535 || (api_port && !store_path))
    return usage(stderr), 1;
  const char *path = zone_path ? zone_path : store_path;
  char *text = read_file(path);
  if (!text) return fprintf(stderr, "formfuzz-dns: cannot read %s: %s\n", path, strerror(errno)), 1;
  responder r = {0};
  char err[200];
  int rc = 1;
  static dns_zone z;
  dns_served *served = NULL;
  if (zone_path) {
    if (dns_zone_load(&z, text, origin, err, sizeof err) == 0) r.zone = &z, rc = 0;
  } else if (!(served = malloc(sizeof *served))) {
    snprintf(err, sizeof err, "out of memory");
  } else if (dns_served_load(served, text, err, sizeof err) == 0) {
    r.served = served, rc = 0;
    dns_served_ctx(served, &r.ctx);
  }
  free(text);
  static dns_mgmt mgmt;
  struct MHD_Daemon *api = NULL;
  if (rc) {
    fprintf(stderr, "formfuzz-dns: %s: %s\n", path, err);
  } else if (api_port) {
    dns_mgmt_init(&mgmt, &served->store);
    if (!(api = dns_http_start(api_port, &mgmt, &store_lock))) {
      fprintf(stderr, "formfuzz-dns: cannot listen on 127.0.0.1:%d: %s\n", api_port, strerror(errno));
      rc = 1;
    }
  }
  if (!rc) rc = serve(&r, port, max_time);
  dns_http_stop(api);
  if (zone_path) dns_zone_free(&z);
  free(served);
  return rc;
}
