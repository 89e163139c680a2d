/* Helpers shared by the simnet tests (see simnet_testlib.h). */
#include "simnet_testlib.h"

#include <string.h>

void recorder_fn(ff_simnet *net, int node, const ff_simdgram *d, void *ctx) {
  (void)net;
  (void)node;
  recorder *r = ctx;
  REQUIRE(r->n < RECORDER_MAX, "recorder full");
  size_t keep = d->len < RECORDER_PAYLOAD ? d->len : RECORDER_PAYLOAD;
  memcpy(r->payload[r->n], d->data, keep);
  r->d[r->n] = *d;
  r->d[r->n].data = r->payload[r->n];
  r->n++;
}

recorder *recorder_attach(ff_simnet *net, int node) {
  recorder *r = calloc(1, sizeof *r);
  REQUIRE(r != NULL, "out of memory");
  ff_simnet_set_receiver(net, node, recorder_fn, r);
  return r;
}

int add_host(ff_simnet *net, int realm, const char *name, const char *ip, uint16_t port) {
  ff_simip a;
  REQUIRE(ff_simip_parse(&a, ip) == 0, "bad address %s", ip);
  int id = ff_simnet_node_add(net, realm, name);
  REQUIRE(id >= 0, "node_add: %s", ff_simnet_error(net));
  REQUIRE(ff_simnet_node_add_addr(net, id, a) == 0, "add_addr: %s", ff_simnet_error(net));
  if (port) REQUIRE(ff_simnet_bind(net, id, port) == port, "bind: %s", ff_simnet_error(net));
  return id;
}

ff_simaddr addr_of(const char *text) {
  ff_simaddr a;
  REQUIRE(ff_simaddr_parse(&a, text) == 0, "bad address %s", text);
  return a;
}

void send_tagged(ff_simnet *net, int node, uint16_t port, const char *dst, uint8_t tag,
                 size_t len) {
  uint8_t buf[FF_SIMNET_MAX_PAYLOAD];
  memset(buf, 0xab, len);
  if (len) buf[0] = tag;
  ff_simaddr to = addr_of(dst);
  REQUIRE(ff_simnet_send(net, node, port, &to, buf, len) == 0, "send: %s", ff_simnet_error(net));
}
