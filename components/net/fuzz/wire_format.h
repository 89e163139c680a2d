/* The input of net_wire: datagrams exactly as they travel, each behind a
 * 12-byte record header that says where it goes (a pcap-like framing):
 *
 *   offset  size  field
 *   0       1     to: 0 the relay server (bincode or JSON, as the relay
 *                 receives them), 1 the relay client (the RelayManager
 *                 reading what a relay sent it), 2 a WireGuard endpoint;
 *                 other values: the record is skipped
 *   1       1     repeat: the datagram is delivered 1 + repeat times
 *   2       2     advance: seconds the clock moves before it, big-endian
 *   4       4     source IPv4 address
 *   8       2     source port, big-endian
 *   10      2     length n of the datagram, big-endian
 *   12      n     the datagram
 *
 * A truncated last record is ignored. The clock starts at NET_WIRE_NOW0.
 * The relay is net_relay_init(NET_WIRE_RELAY_KEY): its session ids are
 * net_wire_session_id(0), (1), ... in order. The WireGuard endpoint's static
 * public key is net_wire_wg_public(): X25519 of RFC 7748 §6.1's Alice
 * private key (a real endpoint given that private key checks the same mac1). */
#ifndef NET_FUZZ_WIRE_FORMAT_H
#define NET_FUZZ_WIRE_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net.h"

enum { NET_WIRE_TO_RELAY = 0, NET_WIRE_TO_CLIENT = 1, NET_WIRE_TO_WG = 2, NET_WIRE_CHANNELS = 3 };
#define NET_WIRE_HEADER 12
#define NET_WIRE_NOW0 1700000000u
#define NET_WIRE_RELAY_KEY 0x5eedu

typedef struct net_wire_record {
  uint8_t to, repeat;
  uint16_t advance;
  uint8_t ip[4];
  uint16_t port;
  uint16_t len;
  const uint8_t *data;
} net_wire_record;

/* The record at *pos (then *pos moves past it); false at the end. */
bool net_wire_next(const uint8_t *in, size_t size, size_t *pos, net_wire_record *r);
/* Writes r (header, then r->len bytes of r->data) at out + at; the new end,
 * or -1 when it does not fit in cap. */
long net_wire_put(uint8_t *out, size_t cap, size_t at, const net_wire_record *r);
/* The record's source as a simnet address. */
ff_simaddr net_wire_source(const net_wire_record *r);
/* Where a WireGuard frame's fields lie (offset 0: the type has no such
 * field): sender and receiver index (u32 LE), ephemeral key (32 bytes),
 * cookie nonce (24), counter (u64 LE), the encrypted part and its length,
 * mac1 and mac2 (16 each). */
typedef struct net_wg_layout {
  size_t sender, receiver, ephemeral, nonce, counter, encrypted, encrypted_len, mac1, mac2;
} net_wg_layout;
net_wg_layout net_wire_wg_layout(uint8_t type, size_t len);
/* A well-formed frame of type (1..4) for the endpoint's key: indices and
 * counter as given, the rest filled from fill_seed, mac1 right, mac2 zero;
 * data frames carry 16 * (1 + blocks) bytes. Returns its length (0: no room). */
size_t net_wire_wg_frame(uint8_t type, uint32_t sender, uint32_t receiver, uint64_t counter, unsigned blocks,
                         uint8_t fill_seed, uint8_t *out, size_t cap);
void net_wire_put_u32le(uint8_t *p, uint32_t v);
uint32_t net_wire_get_u32le(const uint8_t *p);

/* The k-th session id the fuzzer's relay hands out (k < 64). */
uint64_t net_wire_session_id(unsigned k);
/* The WireGuard endpoint's static public key. */
const net_key *net_wire_wg_public(void);
/* Its private key, RFC 7748 §6.1 (Alice). */
extern const uint8_t net_wire_wg_private[32];

#endif
