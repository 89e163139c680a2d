/* Property of DeviceExt::diff and PeerDiff (§1.7, §1.11.6) on any device and
 * server peer list: no diff changes a peer's key; a peer disabled on the
 * server or absent from it is removed; once applied, the device holds
 * exactly the enabled server peers other than us, each with its single
 * allowed IP and the configured keepalive, and a second diff changes nothing. */
#include <string.h>

#include "formfuzz/prop.h"
#include "net.h"

#define KEYS 5
static const char *const endpoints[] = {"203.0.113.1:51820", "203.0.113.1:4000", "198.51.100.7:51820",
                                        "[2001:db8::1]:51820", "relay.example:51820"};

static net_key key_of(unsigned id) {
  net_key k;
  memset(k.b, (int)(id + 1), 32);
  return k;
}

static void draw_endpoint(ff_input *in, bool *has, net_endpoint *ep) {
  const char *text = FF_PICK(in, endpoints);
  *has = ff_bool(in) && net_endpoint_parse(ep, text, strlen(text)) == NET_OK;
}

/* The first server entry with this key (the one diffs follow), or NULL. */
static const net_peer *first_entry(const net_peer *srv, size_t n, const net_key *k) {
  for (size_t i = 0; i < n; i++)
    if (net_key_equal(&srv[i].key, k)) return &srv[i];
  return NULL;
}

FF_PROPERTY(net_peerdiff_converges) {
  net_peer srv[6];
  net_wg_peer dev[KEYS + 6];
  memset(srv, 0, sizeof srv), memset(dev, 0, sizeof dev);
  unsigned own_id = (unsigned)ff_choose(in, KEYS);
  net_key own = key_of(own_id);
  uint16_t keepalive = ff_bool(in) ? 25 : 0;
  size_t nsrv = ff_range(in, 0, 6), ndev = 0;
  for (size_t i = 0; i < nsrv; i++) {
    net_peer *p = &srv[i];
    p->used = true;
    p->key = key_of((unsigned)ff_choose(in, KEYS));
    net_ip_parse(&p->ip, ff_bool(in) ? "10.42.0.2" : "10.42.0.3");
    draw_endpoint(in, &p->has_endpoint, &p->endpoint);
    p->is_disabled = ff_range(in, 0, 3) == 0;
    p->ncandidates = ff_range(in, 0, 1);
  }
  for (unsigned id = 0; id < KEYS; id++) {
    if (id == own_id || !ff_bool(in)) continue;
    net_wg_peer *d = &dev[ndev++];
    d->key = key_of(id);
    if ((d->has_allowed = ff_bool(in))) net_ip_parse(&d->allowed_ip, ff_bool(in) ? "10.42.0.2" : "10.42.0.9");
    d->keepalive = ff_bool(in) ? 25 : 0;
    draw_endpoint(in, &d->has_endpoint, &d->endpoint);
    d->recently_connected = ff_bool(in);
  }
  net_peer_diff diffs[KEYS + 6];
  long n = net_device_diff(dev, ndev, srv, nsrv, &own, keepalive, diffs, KEYS + 6);
  FF_INVARIANT(n >= 0, "net.peerdiff", "no room for the diffs of %zu device and %zu server peers", ndev, nsrv);
  for (long i = 0; i < n; i++) {
    const net_peer_diff *d = &diffs[i];
    net_wg_peer *entry = NULL;
    for (size_t j = 0; j < ndev && !entry; j++)
      if (net_key_equal(&dev[j].key, &d->key)) entry = &dev[j];
    FF_INVARIANT(!net_key_equal(&d->key, &own), "net.peerdiff", "a diff for our own key");
    FF_INVARIANT(d->is_new == !entry, "net.peerdiff", "diff %ld: new=%d, device entry %s", i, d->is_new,
                 entry ? "exists" : "missing");
    const net_peer *p = first_entry(srv, nsrv, &d->key);
    FF_INVARIANT(d->remove == (!p || p->is_disabled), "net.peerdiff", "diff %ld: remove=%d, server peer %s", i,
                 d->remove, !p ? "absent" : p->is_disabled ? "disabled" : "enabled");
    if (d->remove) {
      *entry = dev[--ndev];
    } else if (entry) {
      net_peer_diff_apply(entry, d);
    } else {
      net_peer_diff_apply(&dev[ndev++], d);
    }
  }
  for (unsigned id = 0; id < KEYS; id++) {
    net_key k = key_of(id);
    const net_peer *p = first_entry(srv, nsrv, &k);
    const net_wg_peer *entry = NULL;
    for (size_t j = 0; j < ndev; j++)
      if (net_key_equal(&dev[j].key, &k)) entry = &dev[j];
    bool wanted = p && !p->is_disabled && id != own_id;
    FF_INVARIANT(!!entry == wanted, "net.peerdiff", "peer %u: %s on the device, %s", id, entry ? "present" : "absent",
                 wanted ? "wanted" : "not wanted");
    if (entry)
      FF_INVARIANT(entry->has_allowed && net_ip_equal(&entry->allowed_ip, &p->ip) && entry->keepalive == keepalive,
                   "net.peerdiff", "peer %u: allowed IP or keepalive differs from the server's", id);
  }
  n = net_device_diff(dev, ndev, srv, nsrv, &own, keepalive, diffs, KEYS + 6);
  for (long i = 0; i < n; i++)
    FF_INVARIANT(!diffs[i].remove && !diffs[i].is_new && !diffs[i].set_allowed && !diffs[i].set_keepalive &&
                     !diffs[i].set_endpoint,
                 "net.peerdiff", "a second diff still changes peer %u", diffs[i].key.b[0] - 1u);
}
