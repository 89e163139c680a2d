/* The net component: formnet's security-relevant logic (spec
 * formation-net-dns-p2p-scaling.md §1) re-implemented with the intended
 * behaviour, by concern:
 *   net_types.h        Endpoint, hostnames, WireGuard keys, Timestring, IPs
 *                      (endpoint.c names.c key.c timestring.c ip.c errors.c)
 *   net_alloc.h        CIDR tree, IP allocation, pinning (cidr.c alloc.c pinning.c)
 *   net_control.h      control-plane JSON, signed requests, control server
 *                      (control_json.c fetch_json.c json_util.c wgpub.c request.c control.c)
 *   net_discovery.h    candidate filtering, connection cache, prioritization (discovery.c)
 *   net_nat.h          NAT traversal rounds on simnet (nat.c)
 *   net_relay.h        relay framing and server (relay_frame.c relay_msg.c relay.c)
 *   net_relay_registry.h  known relays, bootstrap relay config, adaptive timeout
 *                      (relay_registry.c relay_bootstrap.c relay_timeout.c)
 *   net_peerdiff.h     PeerDiff and DeviceExt::diff (peerdiff.c)
 *   net_reliability.h  fetch loop, backoff, keepalive, flaps (reliability.c)
 *   net_wg.h           WireGuard framing and mac1 (wg.c)
 * Known-bug replicas (FF_BUG("net.<id>")) are listed in bugs.tsv. */
#ifndef FORMFUZZ_NET_H
#define FORMFUZZ_NET_H

#include "net_alloc.h"
#include "net_control.h"
#include "net_discovery.h"
#include "net_nat.h"
#include "net_peerdiff.h"
#include "net_relay.h"
#include "net_relay_registry.h"
#include "net_reliability.h"
#include "net_types.h"
#include "net_wg.h"

#endif
