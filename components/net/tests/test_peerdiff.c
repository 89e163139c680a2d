/* Unit tests of PeerDiff and DeviceExt::diff (§1.7, §1.11.6): key mismatch,
 * removal of disabled and absent peers, allowed IPs, keepalive, the endpoint
 * rules (new, IP change, port-only change of a connected peer), the NAT
 * re-attempt, our own key, and no diff once applied. */
#include <string.h>

#include "ff_check.h"
#include "net.h"

static net_peer server_peer(uint8_t id, const char *ip, const char *endpoint) {
  net_peer p;
  memset(&p, 0, sizeof p);
  p.used = true;
  memset(p.key.b, id, 32);
  net_ip_parse(&p.ip, ip);
  if (endpoint) p.has_endpoint = net_endpoint_parse(&p.endpoint, endpoint, strlen(endpoint)) == NET_OK;
  return p;
}

static void test_one_peer(void) {
  net_peer p = server_peer(1, "10.42.0.2", "203.0.113.9:51820");
  net_peer_diff d;
  bool changed;
  CHECK(net_peer_diff_make(NULL, &p, 25, &d, &changed) == NET_OK && changed && d.is_new && d.set_allowed &&
        d.set_keepalive && d.keepalive == 25 && d.set_endpoint && !d.nat_reattempt);
  net_wg_peer dev;
  net_peer_diff_apply(&dev, &d);
  CHECK(net_key_equal(&dev.key, &p.key) && dev.has_allowed && net_ip_equal(&dev.allowed_ip, &p.ip));
  CHECK(net_peer_diff_make(&dev, &p, 25, &d, &changed) == NET_OK && !changed); /* no change: None */

  /* another key for the same entry is an error, not a change */
  net_peer other = server_peer(2, "10.42.0.2", NULL);
  CHECK(net_peer_diff_make(&dev, &other, 25, &d, &changed) == NET_E_INVALID && !changed);

  /* port-only change: ignored while connected, applied when not */
  net_peer moved = p;
  net_endpoint_parse(&moved.endpoint, "203.0.113.9:4000", 16);
  dev.recently_connected = true;
  CHECK(net_peer_diff_make(&dev, &moved, 25, &d, &changed) == NET_OK && !changed && !d.set_endpoint);
  dev.recently_connected = false;
  CHECK(net_peer_diff_make(&dev, &moved, 25, &d, &changed) == NET_OK && changed && d.set_endpoint &&
        d.endpoint.port == 4000);
  /* another IP: always */
  dev.recently_connected = true;
  net_endpoint_parse(&moved.endpoint, "198.51.100.1:51820", 18);
  CHECK(net_peer_diff_make(&dev, &moved, 25, &d, &changed) == NET_OK && changed && d.set_endpoint);
  /* a domain endpoint does not resolve here: no endpoint change; candidates: re-attempt */
  net_endpoint_parse(&moved.endpoint, "relay.example:51820", 19);
  moved.ncandidates = 1;
  CHECK(net_peer_diff_make(&dev, &moved, 25, &d, &changed) == NET_OK && !changed && d.nat_reattempt);
  /* keepalive unset, then a new allowed IP */
  CHECK(net_peer_diff_make(&dev, &p, 0, &d, &changed) == NET_OK && changed && d.set_keepalive && !d.keepalive &&
        !d.set_allowed);
  net_ip_parse(&p.ip, "10.42.0.3");
  CHECK(net_peer_diff_make(&dev, &p, 25, &d, &changed) == NET_OK && changed && d.set_allowed);

  /* disabled or gone: removal; nothing to remove when not on the device */
  p.is_disabled = true;
  CHECK(net_peer_diff_make(&dev, &p, 25, &d, &changed) == NET_OK && changed && d.remove);
  CHECK(net_peer_diff_make(&dev, NULL, 25, &d, &changed) == NET_OK && changed && d.remove &&
        net_key_equal(&d.key, &dev.key));
  CHECK(net_peer_diff_make(NULL, &p, 25, &d, &changed) == NET_OK && !changed && !d.remove);
}

static void test_device(void) {
  net_peer srv[4] = {server_peer(1, "10.42.0.1", "203.0.113.1:51820"), server_peer(2, "10.42.0.2", NULL),
                     server_peer(3, "10.42.0.3", NULL), server_peer(9, "10.42.0.9", NULL)};
  srv[2].is_disabled = true;
  net_key own = srv[3].key; /* we are peer 9 */
  net_wg_peer dev[4];
  memset(dev, 0, sizeof dev);
  memset(dev[0].key.b, 3, 32); /* disabled on the server: removed */
  memset(dev[1].key.b, 7, 32); /* absent from the server: removed */
  net_peer_diff out[8];
  long n = net_device_diff(dev, 2, srv, 4, &own, 25, out, 8);
  CHECK(n == 4);
  CHECK(n == 4 && out[0].is_new && out[0].key.b[0] == 1 && out[1].is_new && out[1].key.b[0] == 2 &&
        out[2].remove && out[2].key.b[0] == 3 && out[3].remove && out[3].key.b[0] == 7);
  CHECK(net_device_diff(dev, 2, srv, 4, &own, 25, out, 3) == -1);
  /* applied, the device needs nothing more */
  net_wg_peer after[4];
  size_t m = 0;
  for (long i = 0; i < n; i++)
    if (!out[i].remove) net_peer_diff_apply(&after[m++], &out[i]);
  CHECK(m == 2 && net_device_diff(after, m, srv, 4, &own, 25, out, 8) == 0);
}

int main(void) {
  test_one_peer();
  test_device();
  return check_summary("net peerdiff");
}
