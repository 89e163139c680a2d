/* PeerDiff and DeviceExt::diff (§1.7): the device changes that bring one
 * WireGuard peer, or the whole device, in line with the server's peer list. */
#include <string.h>

#include "net_peerdiff.h"

static bool endpoint_resolves(const net_endpoint *ep) { return ep->kind != NET_HOST_DOMAIN; }

net_err net_peer_diff_make(const net_wg_peer *old, const net_peer *peer, uint16_t keepalive, net_peer_diff *d,
                           bool *changed) {
  memset(d, 0, sizeof *d);
  *changed = false;
  if (old && peer && !net_key_equal(&old->key, &peer->key)) return NET_E_INVALID;
  if (!peer || peer->is_disabled) {
    if (!old) return NET_OK;
    d->key = old->key;
    d->remove = true;
    *changed = true;
    return NET_OK;
  }
  d->key = peer->key;
  d->is_new = !old;
  if (!old || !old->has_allowed || !net_ip_equal(&old->allowed_ip, &peer->ip)) {
    d->set_allowed = true;
    d->allowed_ip = peer->ip;
  }
  if (!old || old->keepalive != keepalive) {
    d->set_keepalive = true;
    d->keepalive = keepalive;
  }
  if (peer->has_endpoint && endpoint_resolves(&peer->endpoint)) {
    const net_endpoint *ep = &peer->endpoint;
    bool differs = !old || !old->has_endpoint || !net_ip_equal(&old->endpoint.ip, &ep->ip) ||
                   (!old->recently_connected && !net_endpoint_equal(&old->endpoint, ep));
    if (differs) {
      d->set_endpoint = true;
      d->endpoint = *ep;
    }
  }
  d->nat_reattempt = !d->set_endpoint && peer->ncandidates > 0;
  *changed = d->is_new || d->set_allowed || d->set_keepalive || d->set_endpoint;
  return NET_OK;
}

void net_peer_diff_apply(net_wg_peer *dev, const net_peer_diff *d) {
  if (d->remove) return;
  if (d->is_new) {
    memset(dev, 0, sizeof *dev);
    dev->key = d->key;
  }
  if (d->set_allowed) dev->allowed_ip = d->allowed_ip, dev->has_allowed = true;
  if (d->set_keepalive) dev->keepalive = d->keepalive;
  if (d->set_endpoint) dev->endpoint = d->endpoint, dev->has_endpoint = true;
}

static const net_wg_peer *device_find(const net_wg_peer *dev, size_t ndev, const net_key *key) {
  for (size_t i = 0; i < ndev; i++)
    if (net_key_equal(&dev[i].key, key)) return &dev[i];
  return NULL;
}

static bool server_has(const net_peer *srv, size_t nsrv, const net_key *key) {
  for (size_t i = 0; i < nsrv; i++)
    if (net_key_equal(&srv[i].key, key)) return true;
  return false;
}

long net_device_diff(const net_wg_peer *dev, size_t ndev, const net_peer *srv, size_t nsrv, const net_key *own,
                     uint16_t keepalive, net_peer_diff *out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < nsrv; i++) {
    if (own && net_key_equal(&srv[i].key, own)) continue;
    if (device_find(dev, ndev, &srv[i].key) == NULL && srv[i].is_disabled) continue;
    bool seen = false; /* a key listed twice is diffed once, for its first entry */
    for (size_t j = 0; j < i && !seen; j++) seen = net_key_equal(&srv[j].key, &srv[i].key);
    if (seen) continue;
    net_peer_diff d;
    bool changed;
    if (net_peer_diff_make(device_find(dev, ndev, &srv[i].key), &srv[i], keepalive, &d, &changed) != NET_OK)
      return -1;
    if (!changed && !d.nat_reattempt) continue;
    if (n == cap) return -1;
    out[n++] = d;
  }
  for (size_t i = 0; i < ndev; i++) {
    if (server_has(srv, nsrv, &dev[i].key)) continue;
    if (n == cap) return -1;
    memset(&out[n], 0, sizeof out[n]);
    out[n].key = dev[i].key;
    out[n].remove = true;
    n++;
  }
  return (long)n;
}
