/* The targets of a server NAT traversal (§1.7 try_server_nat_traversal): each
 * device peer's key and the address its allowed IP names. */
#include <stdio.h>

#include "formfuzz/bug.h"
#include "net_peerdiff.h"

/* Replica net.server_nat_unwrap: fetch.rs builds a Peer with
 * name = the base64 key parsed as a Hostname and ip = "a.b.c.d/32" parsed as
 * an IpAddr, unwrapping both; neither ever parses, so every fetch with a
 * device peer panics (§1.7, §6.4). */
static net_err unwrapped_peer(const net_wg_peer *p) {
  char b64[NET_KEY_B64_LEN + 1], ip[NET_IP_STRLEN], cidr[NET_IP_STRLEN + 5];
  net_key_to_base64(&p->key, b64);
  if (!net_hostname_valid(b64, NET_KEY_B64_LEN)) return NET_E_PANIC;
  snprintf(cidr, sizeof cidr, "%s/%u", net_ip_format(&p->allowed_ip, ip, sizeof ip),
           p->allowed_ip.family == 4 ? 32u : 128u);
  net_ip parsed;
  return net_ip_parse(&parsed, cidr) == 0 ? NET_OK : NET_E_PANIC;
}

net_err net_server_nat_targets(const net_wg_peer *dev, size_t ndev, net_nat_target *out, size_t cap, size_t *n) {
  *n = 0;
  for (size_t i = 0; i < ndev; i++) {
    if (!dev[i].has_allowed) continue;
    if (FF_BUG("net.server_nat_unwrap")) {
      net_err e = unwrapped_peer(&dev[i]);
      if (e != NET_OK) return e;
    }
    if (*n == cap) return NET_E_LIMIT;
    out[*n].key = dev[i].key;
    out[(*n)++].ip = dev[i].allowed_ip;
  }
  return NET_OK;
}
