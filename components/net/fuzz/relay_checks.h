/* The relay oracles shared by net_packet (messages built from choices) and
 * net_wire (datagrams as they travel): a relay server with its registry of
 * announced relays, a clock, and the harness's own count of what the relay
 * accepted. Every datagram goes through net_relay_world_send, which checks
 *   net.relay_rate        refused for the rate exactly when 100 datagrams
 *                         were accepted in this second, in all or from the
 *                         sender's IP (an oversized datagram is refused too);
 *   net.relay_roundtrip   the relay reads the JSON its client writes; a
 *                         ConnectionRequest is answered in the encoding it
 *                         was asked in, and the answer reads back;
 *   net.relay_table       §1.11.7: <= 5 sessions per initiator, <= 1000 in
 *                         all, the count matches the table, counters move
 *                         once per forwarded packet, a new session's id is
 *                         held by no live session;
 *   net.relay_binding     a payload is forwarded only from the sender's bound
 *                         address to the other side's bound address;
 *   net.registry_learned  a fresh announcement registers its relay; a known
 *                         relay re-announced keeps what was measured.
 * The datagram is read as the relay reads it (net_relay_read) to know what
 * it is. */
#ifndef NET_FUZZ_RELAY_CHECKS_H
#define NET_FUZZ_RELAY_CHECKS_H

#include "net.h"

#define NET_WORLD_IDS 16

typedef struct net_relay_world {
  net_relay r;
  net_relay_registry known; /* fed by announcements */
  uint64_t now;             /* s */
  /* datagrams the relay accepted in second `second`, in all and per source IP
   * (when more IPs than the relay's slots sent in one second, its LRU may
   * forget one: the per-IP expectation is then skipped) */
  uint64_t second;
  unsigned accepted;
  size_t nips;
  ff_simip ips[NET_RELAY_IP_SLOTS];
  unsigned accepted_from[NET_RELAY_IP_SLOTS];
  uint64_t ids[NET_WORLD_IDS]; /* session ids the relay handed out */
  size_t nids;
} net_relay_world;

/* 0, or -1 when out of memory. */
int net_relay_world_init(net_relay_world *w, uint64_t id_key, uint64_t now);
void net_relay_world_free(net_relay_world *w);
/* One datagram to the relay with net.relay_rate only. */
void net_relay_world_deliver(net_relay_world *w, const ff_simaddr *src, const uint8_t *buf, size_t n,
                             net_relay_action *act);
/* One datagram to the relay with every oracle above. */
void net_relay_world_send(net_relay_world *w, const ff_simaddr *src, const uint8_t *buf, size_t n,
                          net_relay_action *act);
/* net.relay_roundtrip on a built message: the relay reads its bincode and
 * its JSON back as itself. */
void net_check_relay_built(const net_relay_msg *m);
/* net.relay_roundtrip on raw bytes: what the relay accepts as bincode
 * re-encodes to exactly those bytes; accepted JSON prints and reads back the
 * same. Returns true when the relay accepted them. */
bool net_check_relay_accepted(const uint8_t *buf, size_t n);
/* net.registry_learned after info was registered at now: the entry is
 * there, updated now, and keeps what `before` had measured (before NULL: the
 * relay was unknown). */
void net_check_registry_learned(const net_relay_entry *before, const net_relay_entry *after, uint64_t now);

#endif
