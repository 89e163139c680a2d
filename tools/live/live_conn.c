/* Buffered reading of a proxy client's connection (live_conn.h). */
#include "live_conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_wire.h"
#include "live_net.h"

#define CONN_MAX ((64u << 10) + LIVE_HTTP_MAX_BODY + 1024) /* headers, body and chunk framing */

void live_conn_init(live_conn *c, int fd) { memset(c, 0, sizeof *c), c->fd = fd; }

void live_conn_free(live_conn *c) {
  free(c->buf);
  memset(c, 0, sizeof *c);
}

static void consume(live_conn *c, size_t n) {
  memmove(c->buf, c->buf + n, c->len - n);
  c->len -= n;
}

/* More bytes into the buffer: 1 when some came, 0 at end of stream, -1 on
 * timeout, error or a full buffer. */
static int fill(live_conn *c, double deadline) {
  if (c->eof) return 0;
  if (c->len == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 4096;
    if (c->cap >= CONN_MAX) return -1;
    uint8_t *grown = realloc(c->buf, cap);
    if (!grown) return -1;
    c->buf = grown, c->cap = cap;
  }
  long n = live_read_some(c->fd, c->buf + c->len, c->cap - c->len, deadline);
  if (n < 0) return -1;
  if (n == 0) c->eof = true;
  c->len += (size_t)n;
  return n > 0;
}

long live_conn_dns(live_conn *c, uint8_t *out, size_t cap, double deadline) {
  for (;;) {
    long n = dns_tcp_unframe(c->buf, c->len);
    if (n < 0) return -1;
    if (n > 0) {
      if ((size_t)n > cap) return -1;
      memcpy(out, c->buf + 2, (size_t)n);
      consume(c, (size_t)n + 2);
      return n;
    }
    int r = fill(c, deadline);
    if (r <= 0) return c->len ? -1 : 0;
  }
}

int live_conn_http(live_conn *c, double deadline, live_http_msg *m, char *err, size_t err_cap) {
  for (;;) {
    if (c->len) {
      long used = live_http_take(c->buf, c->len, false, c->eof, m, err, err_cap);
      if (used < 0) return -1;
      if (used > 0) {
        consume(c, (size_t)used);
        return 1;
      }
    }
    int r = fill(c, deadline);
    if (r < 0 && c->len) snprintf(err, err_cap, "no complete request before the time limit");
    if (r < 0) return c->len ? -1 : 0;
    if (r == 0 && !c->len) return 0;
  }
}
