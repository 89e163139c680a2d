/* PeerDiff (spec §1.7, invariant §1.11.6): what to push to the WireGuard
 * device for one peer, from its device entry and the server's view, and
 * DeviceExt::diff over the whole peer list. Intended behaviour: a peer's
 * public key never changes (a mismatch is an error, not a panic); a disabled
 * or removed peer is removed; allowed IPs become the single ip/32 or /128; the
 * keepalive follows the configuration; the endpoint is set for a new entry,
 * a missing one, another IP, or a peer not recently connected (a port-only
 * change of a connected peer is ignored, and only IP endpoints resolve here);
 * an unchanged endpoint with candidates asks for a NAT traversal re-attempt. */
#ifndef NET_PEERDIFF_H
#define NET_PEERDIFF_H

#include "net_alloc.h"

/* One peer as the WireGuard device holds it. */
typedef struct net_wg_peer {
  net_key key;
  net_ip allowed_ip;       /* the one allowed IP (/32 or /128) */
  bool has_allowed;
  uint16_t keepalive;      /* 0: none */
  bool has_endpoint;
  net_endpoint endpoint;
  bool recently_connected; /* last handshake within 180 s */
} net_wg_peer;

typedef struct net_peer_diff {
  net_key key;             /* the peer this diff is for */
  bool is_new;             /* no device entry yet */
  bool remove;
  bool set_allowed;
  net_ip allowed_ip;
  bool set_keepalive;
  uint16_t keepalive;
  bool set_endpoint;
  net_endpoint endpoint;
  bool nat_reattempt;      /* endpoint unchanged, candidates to try */
} net_peer_diff;

/* old: the device entry (NULL: none); peer: the server's entry (NULL: gone);
 * keepalive: the configured interval (0: none). *changed is false when the
 * device needs nothing (the diff may still ask for a re-attempt).
 * NET_E_INVALID when both exist with different keys (nothing is produced). */
net_err net_peer_diff_make(const net_wg_peer *old, const net_peer *peer, uint16_t keepalive, net_peer_diff *d,
                           bool *changed);
/* Applies a diff to a device entry (removal is the caller's: it drops it). */
void net_peer_diff_apply(net_wg_peer *dev, const net_peer_diff *d);

/* DeviceExt::diff: one diff per server peer that needs one (disabled peers
 * and our own key skipped, except that a disabled peer on the device is
 * removed), then a removal for each device peer absent from the server list.
 * Matching is by key. Returns the number of diffs written, or -1 when more
 * than cap are needed. */
long net_device_diff(const net_wg_peer *dev, size_t ndev, const net_peer *srv, size_t nsrv, const net_key *own,
                     uint16_t keepalive, net_peer_diff *out, size_t cap);

/* try_server_nat_traversal (§1.7): the NAT traversal targets for the device's
 * peers, each its key and the address of its allowed IP (a peer without an
 * allowed IP is skipped). Returns the count written (at most cap) in *n. */
typedef struct net_nat_target {
  net_key key;
  net_ip ip;
} net_nat_target;
net_err net_server_nat_targets(const net_wg_peer *dev, size_t ndev, net_nat_target *out, size_t cap, size_t *n);

#endif
