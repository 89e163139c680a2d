/* formfuzz-dns: the dns core as a small authoritative server on 127.0.0.1
 * (UDP and TCP on one port) serving one zone file, for live and differential
 * tests. Stops on SIGTERM/SIGINT, or after --max-time seconds. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "dns_zone.h"

static volatile sig_atomic_t stop;
static void on_signal(int sig) { (void)sig, stop = 1; }

static void usage(FILE *f) {
  fprintf(f,
          "usage: formfuzz-dns --zone FILE --origin NAME --port N [--max-time S]\n"
          "Serves the zone in FILE (RFC 1035 master file) for NAME on 127.0.0.1:N over\n"
          "UDP and TCP. Stops on SIGTERM or SIGINT, or after S seconds.\n");
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

static void serve_tcp(const dns_zone *z, int fd) {
  static uint8_t q[65536], out[65538];
  for (int i = 0; i < 100 && !stop; i++) {
    uint8_t hdr[2];
    if (read_full(fd, hdr, 2)) break;
    size_t len = (size_t)hdr[0] << 8 | hdr[1];
    /* as NSD: a message too short to hold a question (17 octets) drops the connection */
    if (len < DNS_HEADER_LEN + 5 || read_full(fd, q, len)) break;
    size_t n = dns_zone_respond(z, q, len, false, out + 2, sizeof out - 2);
    if (n == 0) continue;
    out[0] = (uint8_t)(n >> 8), out[1] = (uint8_t)n;
    if (write(fd, out, n + 2) != (ssize_t)(n + 2)) break;
  }
  close(fd);
}

int main(int argc, char **argv) {
  const char *zone_path = NULL, *origin = NULL;
  int port = 0;
  long max_time = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) return usage(stdout), 0;
    if (i + 1 >= argc) return usage(stderr), 1;
    if (strcmp(argv[i], "--zone") == 0) zone_path = argv[++i];
    else if (strcmp(argv[i], "--origin") == 0) origin = argv[++i];
    else if (strcmp(argv[i], "--port") == 0) port = atoi(argv[++i]);
    else if (strcmp(argv[i], "--max-time") == 0) max_time = atol(argv[++i]);
    else return fprintf(stderr, "formfuzz-dns: unknown option %s\n", argv[i]), usage(stderr), 1;
  }
  if (!zone_path || !origin || port <= 0 || port > 65535) return usage(stderr), 1;
  char *text = read_file(zone_path);
  if (!text) return fprintf(stderr, "formfuzz-dns: cannot read %s: %s\n", zone_path, strerror(errno)), 1;
  dns_zone z;
  char err[200];
  if (dns_zone_load(&z, text, origin, err, sizeof err)) {
    fprintf(stderr, "formfuzz-dns: %s: %s\n", zone_path, err);
    free(text);
    dns_zone_free(&z);
    return 1;
  }
  free(text);
  int udp = bound_socket(SOCK_DGRAM, port), tcp = bound_socket(SOCK_STREAM, port);
  if (udp < 0 || tcp < 0) return fprintf(stderr, "formfuzz-dns: cannot bind 127.0.0.1:%d: %s\n", port, strerror(errno)), 1;
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  time_t end = max_time > 0 ? time(NULL) + max_time : 0;
  static uint8_t q[65536], out[65536];
  while (!stop && (!end || time(NULL) < end)) {
    struct pollfd p[2] = {{udp, POLLIN, 0}, {tcp, POLLIN, 0}};
    if (poll(p, 2, 500) <= 0) continue;
    if (p[0].revents & POLLIN) {
      struct sockaddr_storage from;
      socklen_t fl = sizeof from;
      ssize_t len = recvfrom(udp, q, sizeof q, 0, (struct sockaddr *)&from, &fl);
      size_t n = len > 0 ? dns_zone_respond(&z, q, (size_t)len, true, out, sizeof out) : 0;
      if (n) sendto(udp, out, n, 0, (struct sockaddr *)&from, fl);
    }
    if (p[1].revents & POLLIN) {
      int c = accept(tcp, NULL, NULL);
      if (c >= 0) serve_tcp(&z, c);
    }
  }
  close(udp);
  close(tcp);
  dns_zone_free(&z);
  return 0;
}
