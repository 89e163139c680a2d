/* net_wire (FF_PROPERTY; also in the net_properties test): datagrams exactly
 * as they travel, in the record framing of wire_format.h, so each one can be
 * sent unchanged to a relay or a WireGuard endpoint: relay messages in
 * bincode or JSON to the relay server, the relay's JSON as its client reads
 * it, WireGuard frames to an endpoint with a fixed static key. The oracles
 * are net_packet's for those messages, from the same code:
 *   relay server   relay_checks.h (net.relay_rate, net.relay_roundtrip,
 *                  net.relay_table, net.relay_binding, net.registry_learned);
 *                  what it accepts re-encodes to the same bytes; a payload it
 *                  forwards is a WireGuard datagram and is checked as one; its
 *                  JSON answers go to the client;
 *   relay client   accepted JSON prints and reads back the same; the relays of
 *                  a discovery answer registered keep what was measured;
 *   WireGuard      wg_checks.h (net.wg_mac1): the verdict against the
 *                  reference; an accepted handshake refused once bent or
 *                  under another key.
 * The protocol-aware mutator (wire_mutator.c) edits fields and records and
 * writes the datagrams again with lengths and mac1 right. */
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "relay_checks.h"
#include "wg_checks.h"
#include "wire_format.h"
#include "wire_mutator.h"

#define MAX_DELIVERIES 2048

/* RFC 7748 §6.1's Bob public key: a key the frames were not made for. */
static const net_key OTHER_KEY = {{0xde, 0x9e, 0xdb, 0x7d, 0x7b, 0x7d, 0xc1, 0xb4, 0xd3, 0x5b, 0x61,
                                   0xc2, 0xec, 0xe4, 0x35, 0x37, 0x3f, 0x83, 0x43, 0xc8, 0x5b, 0x78,
                                   0x67, 0x4d, 0xad, 0xfc, 0x7e, 0x14, 0x6f, 0x88, 0x2b, 0x4f}};

static void wg_receive(const uint8_t *d, size_t n) {
  uint8_t frame[NET_RELAY_FRAME_MAX];
  if (n > sizeof frame) n = sizeof frame;
  memcpy(frame, d, n);
  if (net_check_wg_raw(frame, n, net_wire_wg_public()) != NET_WG_OK || !net_wg_mac1_offset(frame[0])) return;
  size_t at = frame[n - 1] % net_wg_mac1_offset(frame[0]);
  net_check_wg_bent(frame, n, net_wire_wg_public(), at, 0x80, &OTHER_KEY);
}

/* The client's RelayManager reads JSON; discovery answers feed its registry. */
static void client_receive(net_relay_registry *g, uint64_t now, const uint8_t *d, size_t n) {
  net_relay_msg m, again;
  char text[NET_RELAY_FRAME_MAX];
  if (n > NET_RELAY_FRAME_MAX || net_relay_from_json((const char *)d, n, &m) != NET_OK) return;
  long k = net_relay_to_json(&m, text, sizeof text);
  FF_INVARIANT(k > 0 && net_relay_from_json(text, (size_t)k, &again) == NET_OK && net_relay_msg_equal(&m, &again),
               "net.relay_roundtrip", "%s JSON the client accepted does not read back", net_relay_type_name(m.type));
  if (m.type != NET_RELAY_DISCOVERY_RESPONSE) return;
  for (unsigned i = 0; i < m.u.dr.nrelays; i++) {
    const net_relay_node_info *info = &m.u.dr.relays[i];
    net_relay_entry before, *e = net_relay_registry_get(g, info->pubkey);
    if (e) before = *e;
    if (net_relay_register(g, info, now) == NET_OK)
      net_check_registry_learned(e ? &before : NULL, net_relay_registry_get(g, info->pubkey), now);
  }
}

static void relay_receive(net_relay_world *w, net_relay_registry *client, const net_wire_record *rec,
                          unsigned *deliveries) {
  ff_simaddr src = net_wire_source(rec);
  net_check_relay_accepted(rec->data, rec->len);
  for (unsigned k = 0; k <= rec->repeat && *deliveries < MAX_DELIVERIES; k++, (*deliveries)++) {
    net_relay_action act;
    net_relay_world_send(w, &src, rec->data, rec->len, &act);
    if (act.kind == NET_RELAY_SEND_TO) wg_receive(act.data, act.len);
    else if (act.kind == NET_RELAY_REPLY && act.json) client_receive(client, w->now, act.data, act.len);
  }
}

FF_PROPERTY(net_wire) {
  size_t size, pos = 0;
  const uint8_t *data = ff_rest(in, &size);
  net_relay_world *w = malloc(sizeof *w);
  net_relay_registry *client = malloc(sizeof *client);
  if (!w || !client || net_relay_world_init(w, NET_WIRE_RELAY_KEY, NET_WIRE_NOW0) != 0) {
    free(w), free(client);
    return;
  }
  net_relay_registry_init(client);
  unsigned deliveries = 0;
  net_wire_record rec;
  while (deliveries < MAX_DELIVERIES && net_wire_next(data, size, &pos, &rec)) {
    w->now += rec.advance;
    if (rec.to == NET_WIRE_TO_RELAY) {
      relay_receive(w, client, &rec, &deliveries);
    } else if (rec.to == NET_WIRE_TO_CLIENT) {
      for (unsigned k = 0; k <= rec.repeat && deliveries < MAX_DELIVERIES; k++, deliveries++)
        client_receive(client, w->now, rec.data, rec.len);
    } else if (rec.to == NET_WIRE_TO_WG) {
      wg_receive(rec.data, rec.len);
      deliveries++;
    }
  }
  net_relay_world_free(w);
  free(w);
  free(client);
}

FF_LIBFUZZER_MUTATOR(net_wire_mutator)
