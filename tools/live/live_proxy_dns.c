/* The shadow proxy's DNS clients (live_proxy.h): datagrams from the shared
 * UDP socket, and TCP connections with several framed messages each
 * (pipelined or not, answered in order). Each request goes to the primary
 * over the client's transport; the client gets the primary's reply as it
 * came, and the request and reply go to the mirror queue. */
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "dns_wire.h"
#include "live_conn.h"
#include "live_net.h"
#include "live_proxy.h"

/* The mirror job of a request and the primary's reply (NULL: no memory). */
static live_mirror_job *job_of(const uint8_t *q, size_t len, bool tcp, const uint8_t *reply, long rn) {
  live_mirror_job *j = calloc(1, sizeof *j);
  if (!j) return NULL;
  j->req = malloc(len ? len : 1);
  j->reply = malloc(rn > 0 ? (size_t)rn : 1);
  if (!j->req || !j->reply) {
    live_mirror_job_free(j);
    return NULL;
  }
  memcpy(j->req, q, len), j->len = len, j->tcp = tcp;
  j->answered = rn > 0;
  if (rn > 0) memcpy(j->reply, reply, (size_t)rn), j->reply_len = (size_t)rn;
  return j;
}

void live_proxy_dns_udp(live_shadow_ctx *c, int udp) {
  uint8_t q[DNS_MSG_MAX], reply[DNS_MSG_MAX + 2];
  while (!atomic_load(&c->closing)) {
    struct pollfd p = {udp, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    struct sockaddr_storage from;
    socklen_t fl = sizeof from;
    ssize_t len = recvfrom(udp, q, sizeof q, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
    bool last;
    if (len <= 0 || !live_proxy_admit(c, &last)) continue; /* another thread took it, or over the limit */
    double t0 = live_now();
    long rn = live_udp_exchange(&c->cfg->primary, q, (size_t)len, c->cfg->timeout_s, reply, sizeof reply);
    bool answered = rn > 0 && sendto(udp, reply, (size_t)rn, 0, (struct sockaddr *)&from, fl) == rn;
    live_proxy_done(c, rn > 0, answered, t0);
    live_proxy_submit(c, job_of(q, (size_t)len, false, reply, rn));
  }
}

void live_proxy_dns_tcp(live_shadow_ctx *c, int fd) {
  uint8_t *q = malloc(DNS_MSG_MAX + 2), *reply = malloc(DNS_MSG_MAX + 2), *framed = malloc(DNS_MSG_MAX + 2);
  live_conn in;
  live_conn_init(&in, fd);
  for (int i = 0; q && reply && framed && i < LIVE_PROXY_PER_CONN; i++) {
    long len = live_conn_dns(&in, q, DNS_MSG_MAX + 2, live_now() + LIVE_PROXY_IDLE_S);
    bool last;
    if (len <= 0 || !live_proxy_admit(c, &last)) break;
    double t0 = live_now();
    long rn = live_dns_tcp_exchange(&c->cfg->primary, q, (size_t)len, c->cfg->timeout_s, reply, DNS_MSG_MAX + 2);
    long fl = rn > 0 ? dns_tcp_frame(reply, (size_t)rn, framed, DNS_MSG_MAX + 2) : -1;
    bool answered = fl > 0 && live_write_all(fd, framed, (size_t)fl, live_now() + c->cfg->timeout_s) == 0;
    live_proxy_done(c, rn > 0, answered, t0);
    live_proxy_submit(c, job_of(q, (size_t)len, true, reply, rn));
    if (!answered || last) break; /* no reply from the primary, or the last request: the connection ends */
  }
  live_conn_free(&in);
  free(q), free(reply), free(framed);
}
