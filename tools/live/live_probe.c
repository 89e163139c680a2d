/* Probe requests and reply classes (live_probe.h). */
#define _GNU_SOURCE /* asprintf */
#include "live_probe.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "dns_wire.h"
#include "live_http.h"
#include "live_net.h"
#include "live_pace.h"

static int type_of(const char *text) {
  static const struct {
    const char *n;
    uint16_t t;
  } types[] = {{"A", DNS_T_A}, {"AAAA", DNS_T_AAAA}, {"SOA", DNS_T_SOA}, {"NS", DNS_T_NS},
               {"MX", DNS_T_MX}, {"TXT", DNS_T_TXT}, {"CNAME", DNS_T_CNAME}, {"SRV", DNS_T_SRV}};
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (strcasecmp(text, types[i].n) == 0) return types[i].t;
  return -1;
}

uint8_t *live_probe_request(live_proto proto, const char *probe, const live_addr *target, size_t *len,
                            char *err, size_t err_cap) {
  if (proto == LIVE_HTTP) {
    if (probe[0] != '/' || strpbrk(probe, " \r\n")) {
      snprintf(err, err_cap, "--probe '%s': an HTTP path starting with /", probe);
      return NULL;
    }
    char *out = NULL;
    int n = asprintf(&out, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", probe, target->text);
    if (n < 0) return NULL;
    *len = (size_t)n;
    return (uint8_t *)out;
  }
  char name[512], type[16];
  dns_name qname;
  int t;
  if (sscanf(probe, "%511s %15s", name, type) != 2 || dns_name_from_text(name, &qname) ||
      (t = type_of(type)) < 0) {
    snprintf(err, err_cap, "--probe '%s': 'NAME TYPE' with TYPE one of A AAAA SOA NS MX TXT CNAME SRV", probe);
    return NULL;
  }
  dns_msg m;
  uint8_t *out = malloc(DNS_MSG_MAX);
  if (!out || dns_msg_init(&m)) {
    free(out);
    return NULL;
  }
  m.id = 0x4242, m.flags = 0;
  long n = dns_msg_add(&m, DNS_QD, &qname, (uint16_t)t, DNS_C_IN, 0, NULL, 0) == DNS_OK
               ? dns_msg_write(&m, out, DNS_MSG_MAX) : -1;
  dns_msg_free(&m);
  if (n <= 0) {
    free(out);
    snprintf(err, err_cap, "--probe '%s': cannot build the query", probe);
    return NULL;
  }
  *len = (size_t)n;
  return out;
}

void live_dns_transport_init(live_dns_transport *t, bool tcp, long max_messages) {
  *t = (live_dns_transport){.tcp = tcp, .max_messages = max_messages > 0 ? max_messages : 1, .fd = -1};
}

void live_dns_transport_close(live_dns_transport *t) {
  if (t->fd >= 0) close(t->fd);
  t->fd = -1, t->used = 0;
}

/* True when the kept connection has something to read before a request is
 * sent: the server closed or reset it, or sent bytes nobody asked for (which
 * would be taken for the next reply). Either way it is not used again. */
static bool unusable(int fd) {
  struct pollfd p = {fd, POLLIN, 0};
  return poll(&p, 1, 0) != 0;
}

/* One framed DNS exchange on t's connection: the reply length, 0 when none. */
static long dns_tcp_exchange(live_dns_transport *t, const live_addr *to, const uint8_t *req, size_t len,
                             double timeout_s, uint8_t *reply, size_t cap) {
  if (t->fd >= 0 && (t->used >= t->max_messages || unusable(t->fd))) live_dns_transport_close(t);
  double deadline = live_now() + timeout_s;
  if (t->fd < 0) {
    t->fd = live_tcp_connect(to, timeout_s);
    if (t->fd < 0) return 0;
    t->connections++;
  }
  t->used++;
  uint8_t framed[DNS_MSG_MAX + 2];
  long flen = dns_tcp_frame(req, len, framed, sizeof framed), got = 0;
  if (flen > 0 && live_write_all(t->fd, framed, (size_t)flen, deadline) == 0)
    got = live_dns_tcp_read(t->fd, reply, cap, deadline);
  if (got <= 0 || t->used >= t->max_messages) live_dns_transport_close(t);
  return got > 0 ? got : 0;
}

live_reply_class live_exchange_class(live_proto proto, const live_addr *to, const uint8_t *req, size_t len,
                                     double timeout_s, live_dns_transport *dns) {
  if (proto == LIVE_DNS) {
    static uint8_t reply[DNS_MSG_MAX + 2];
    long n = dns && dns->tcp ? dns_tcp_exchange(dns, to, req, len, timeout_s, reply, sizeof reply)
                             : live_udp_exchange(to, req, len, timeout_s, reply, sizeof reply);
    if (n < DNS_HEADER_LEN) return n > 0 ? LIVE_REPLY_REFUSED : LIVE_REPLY_ERROR;
    unsigned rcode = reply[3] & 0xfu;
    if (rcode == DNS_R_SERVFAIL) return LIVE_REPLY_ERROR;
    return rcode == DNS_R_NOERROR ? LIVE_REPLY_OK : LIVE_REPLY_REFUSED;
  }
  live_http_msg resp;
  char err[128];
  if (live_http_exchange(to, req, len, timeout_s, &resp, NULL, NULL, err, sizeof err)) return LIVE_REPLY_ERROR;
  int status = resp.status;
  live_http_free(&resp);
  if (status >= 500) return LIVE_REPLY_ERROR;
  return status >= 200 && status < 300 ? LIVE_REPLY_OK : LIVE_REPLY_REFUSED;
}
