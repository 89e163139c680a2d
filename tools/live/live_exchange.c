/* Sending one message of a sequence and reading its reply (live_exchange.h). */
#define _GNU_SOURCE /* strcasestr, memmem */
#include "live_exchange.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dns_wire.h"
#include "live_net.h"
#include "live_pace.h"

void live_link_init(live_link *l, const live_addr *target, bool tcp, live_proto proto, double timeout_s,
                    size_t shape_skip, size_t shape_bytes) {
  memset(l, 0, sizeof *l);
  l->target = *target, l->tcp = tcp, l->proto = proto, l->timeout_s = timeout_s;
  l->shape_skip = shape_skip, l->shape_bytes = shape_bytes;
  l->fd = -1;
}

void live_link_close(live_link *l) {
  if (l->fd >= 0) close(l->fd);
  l->fd = -1;
}

int live_link_open(live_link *l) {
  if (l->fd >= 0) return 0;
  if (l->tcp) l->fd = live_tcp_connect(&l->target, l->timeout_s);
  else {
    l->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (l->fd >= 0 && connect(l->fd, (const struct sockaddr *)&l->target.sa, sizeof l->target.sa)) live_link_close(l);
  }
  if (l->fd >= 0) l->connects++;
  return l->fd >= 0 ? 0 : -1;
}

/* Waits for the first byte of a reply without taking it: 1 there is one,
 * 0 the peer closed or reset, -1 nothing before the deadline. */
static int first_byte(int fd, double deadline) {
  for (;;) {
    double left = deadline - live_now();
    if (left <= 0) return -1;
    struct pollfd p = {fd, POLLIN, 0};
    int r = poll(&p, 1, (int)(left * 1000) + 1);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return 0;
    if (r == 0) continue;
    char c;
    ssize_t n = recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return 1;
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    return 0;
  }
}

static live_reply_kind no_reply(int waited, uint32_t *state, char *text, size_t cap) {
  *state = waited < 0 ? LIVE_STATE_NONE : LIVE_STATE_CLOSED;
  snprintf(text, cap, "%s", waited < 0 ? "none" : "closed");
  return waited < 0 ? LIVE_REPLY_NONE : LIVE_REPLY_CLOSED;
}

/* A HEAD reply: its head only (a Content-Length there describes the GET). */
static int read_head(int fd, double deadline, live_http_msg *resp) {
  char buf[16384];
  size_t len = 0;
  while (len < sizeof buf - 1) {
    long n = live_read_some(fd, buf + len, sizeof buf - 1 - len, deadline);
    if (n <= 0) return -1;
    len += (size_t)n;
    buf[len] = 0;
    char *end = strstr(buf, "\r\n\r\n");
    if (!end) continue;
    char head[16384];
    size_t o = 0;
    for (char *line = buf; line < end + 2;) { /* every line but the framing ones */
      char *eol = strstr(line, "\r\n");
      if (strncasecmp(line, "Content-Length:", 15) && strncasecmp(line, "Transfer-Encoding:", 18)) {
        memcpy(head + o, line, (size_t)(eol + 2 - line));
        o += (size_t)(eol + 2 - line);
      }
      line = eol + 2;
    }
    memcpy(head + o, "\r\n", 2);
    char err[128];
    return live_http_parse((const uint8_t *)head, o + 2, true, resp, err, sizeof err);
  }
  return -1;
}

static bool says_close(const char *value) { return value && strcasestr(value, "close"); }

/* Is the kept connection still usable? Closed by the peer, or bytes nobody asked for: no. */
static bool still_open(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0) == 0;
}

static live_reply_kind http_exchange(live_link *l, const uint8_t *msg, size_t len, uint32_t *state, char *text,
                                     size_t cap) {
  if (l->fd >= 0 && !still_open(l->fd)) live_link_close(l);
  if (live_link_open(l)) return LIVE_REPLY_NOCONN;
  double deadline = live_now() + l->timeout_s;
  if (live_write_all(l->fd, msg, len, deadline)) {
    live_link_close(l);
    return no_reply(0, state, text, cap);
  }
  int waited = first_byte(l->fd, deadline);
  if (waited <= 0) {
    live_link_close(l);
    return no_reply(waited, state, text, cap);
  }
  live_http_msg req, resp;
  char err[128];
  bool parsed_req = live_http_parse(msg, len, false, &req, err, sizeof err) == 0;
  bool head = parsed_req ? strcmp(req.method, "HEAD") == 0 : len >= 5 && memcmp(msg, "HEAD ", 5) == 0;
  bool close_after = parsed_req && says_close(live_http_header_get(&req, "Connection"));
  if (parsed_req) live_http_free(&req);
  int got = head ? read_head(l->fd, deadline, &resp)
                 : live_http_read(l->fd, deadline, true, &resp, NULL, NULL, err, sizeof err);
  *state = live_state_http(got == 0 ? &resp : NULL, text, cap);
  if (got == 0) {
    const char *conn = live_http_header_get(&resp, "Connection");
    close_after = close_after || says_close(conn) ||
                  (strncmp(resp.start, "HTTP/1.0", 8) == 0 && !(conn && strcasestr(conn, "keep-alive")));
    live_http_free(&resp);
  }
  if (got != 0 || close_after) live_link_close(l);
  return LIVE_REPLY;
}

live_reply_kind live_link_exchange(live_link *l, const uint8_t *msg, size_t len, uint32_t *state, char *text,
                                   size_t cap) {
  static uint8_t reply[DNS_MSG_MAX + 2];
  if (l->proto == LIVE_PROTO_HTTP && l->tcp) return http_exchange(l, msg, len, state, text, cap);
  if (live_link_open(l)) return LIVE_REPLY_NOCONN;
  double deadline = live_now() + l->timeout_s;
  bool dns_tcp = l->tcp && l->proto == LIVE_PROTO_DNS;
  long n;
  if (dns_tcp) {
    uint8_t framed[DNS_MSG_MAX + 2];
    long flen = dns_tcp_frame(msg, len, framed, sizeof framed);
    if (flen <= 0 || live_write_all(l->fd, framed, (size_t)flen, deadline)) return no_reply(0, state, text, cap);
    int waited = first_byte(l->fd, deadline);
    if (waited <= 0) return no_reply(waited, state, text, cap);
    n = live_dns_tcp_read(l->fd, reply, sizeof reply, deadline);
    if (n == 0) return no_reply(0, state, text, cap); /* cut off in the middle */
  } else {
    if (l->tcp ? live_write_all(l->fd, msg, len, deadline) != 0 : send(l->fd, msg, len, 0) < 0)
      return no_reply(0, state, text, cap);
    n = live_read_some(l->fd, reply, sizeof reply, deadline);
    if (n <= 0) return no_reply(n < 0 ? -1 : 0, state, text, cap);
  }
  if (l->proto == LIVE_PROTO_DNS) *state = live_state_dns(reply, (size_t)n, text, cap);
  else *state = live_state_raw(reply, (size_t)n, l->shape_skip, l->shape_bytes, text, cap);
  return LIVE_REPLY;
}
