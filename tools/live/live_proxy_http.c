/* The shadow proxy's HTTP clients (live_proxy.h): one thread per client
 * connection, several requests on it (keep-alive, pipelined or not), answered
 * in order. Each request goes upstream to the primary on a connection of its
 * own; the client gets the primary's status line, headers and body, framed by
 * the proxy (Content-Length, and Connection: keep-alive or close), or 502 when
 * the primary does not answer; a malformed request gets 400 and the
 * connection ends. The request and the primary's response go to the mirror
 * queue. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "live_conn.h"
#include "live_net.h"
#include "live_proxy.h"

static bool send_text(int fd, const char *status, bool keep, double timeout_s) {
  char msg[160];
  int n = snprintf(msg, sizeof msg, "HTTP/1.1 %s\r\nContent-Length: 0\r\nConnection: %s\r\n\r\n", status,
                   keep ? "keep-alive" : "close");
  return live_write_all(fd, msg, (size_t)n, live_now() + timeout_s) == 0;
}

/* One request: forwarded, answered, queued for mirroring. last: the
 * connection's last request (it is answered with Connection: close).
 * Returns whether the connection goes on. */
static bool serve_one(live_shadow_ctx *c, int fd, live_http_msg *req, bool last) {
  bool keep = !last && live_http_keep_alive(req);
  size_t len;
  uint8_t *up = live_http_request_bytes(req, &len);
  live_http_free(req);
  if (!up) { /* out of memory: counted as failed, so --max-requests still ends the run */
    live_shadow_count(c, &c->st->primary_failed, 1);
    return false;
  }
  double t0 = live_now();
  live_http_msg resp;
  char err[256];
  bool replied = live_http_exchange(&c->cfg->primary, up, len, c->cfg->timeout_s, &resp, NULL, NULL, err,
                                    sizeof err) == 0;
  bool answered;
  if (replied) {
    size_t out_len;
    uint8_t *out = live_http_response_bytes(&resp, keep, &out_len);
    answered = out && live_write_all(fd, out, out_len, live_now() + c->cfg->timeout_s) == 0;
    free(out);
  } else {
    answered = send_text(fd, "502 Bad Gateway", keep, c->cfg->timeout_s);
  }
  live_proxy_done(c, replied, answered && replied, t0);
  live_mirror_job *j = calloc(1, sizeof *j);
  if (j) {
    j->req = up, j->len = len, j->answered = replied;
    if (replied) j->resp = resp; /* the job owns it now */
  } else {
    free(up);
    if (replied) live_http_free(&resp);
  }
  live_proxy_submit(c, j);
  return keep && answered;
}

void live_proxy_http(live_shadow_ctx *c, int fd) {
  live_conn in;
  live_conn_init(&in, fd);
  for (int i = 0; i < LIVE_PROXY_PER_CONN; i++) {
    live_http_msg req;
    char err[256];
    int got = live_conn_http(&in, live_now() + LIVE_PROXY_IDLE_S, &req, err, sizeof err);
    if (got < 0) send_text(fd, "400 Bad Request", false, 1);
    if (got <= 0) break;
    bool last;
    if (!live_proxy_admit(c, &last)) {
      live_http_free(&req);
      break;
    }
    if (!serve_one(c, fd, &req, last || i + 1 == LIVE_PROXY_PER_CONN)) break;
  }
  live_conn_free(&in);
}
