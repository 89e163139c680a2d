/* The tree net_wire's mutator edits (wire_mutator.c, wire_context.c,
 * wire_edits.c): the records of an input, each datagram parsed into a relay
 * message (bincode or JSON), a WireGuard frame or opaque bytes, with the
 * bend its serialization applies. Internal to those three files. */
#ifndef NET_FUZZ_WIRE_TREE_H
#define NET_FUZZ_WIRE_TREE_H

#include "formfuzz/input.h"
#include "wire_format.h"

#define WIRE_MAX_ITEMS 32 /* longer inputs go to byte mutation */

enum { K_RAW, K_BIN, K_JSON, K_WG };
enum { BEND_NONE, BEND_TAG, BEND_UNTAG, BEND_CUT, BEND_TRAIL, BEND_JSON_VARIANT };

typedef struct wire_item {
  net_wire_record h; /* h.data unused */
  uint8_t kind, bend, bend_arg;
  bool mac_ok; /* WireGuard: mac1 is kept right */
  net_relay_msg msg;
  uint16_t len;
  uint8_t raw[NET_RELAY_FRAME_MAX];
} wire_item;

typedef struct wire_tree {
  size_t n;
  wire_item it[WIRE_MAX_ITEMS];
} wire_tree;

/* ---- the input's context (wire_context.c) ---- */
/* The clock when record i is delivered. */
uint64_t wire_clock_at(const wire_tree *t, size_t i);
bool wire_is_msg(const wire_item *x);
/* The session id, timestamp and key fields of m (NULL: m has none). */
uint64_t *wire_session_of(net_relay_msg *m);
uint64_t *wire_time_of(net_relay_msg *m);
uint8_t *wire_key_of(net_relay_msg *m, size_t which);
/* A session id: the relay's next ones, another record's, or an odd value. */
uint64_t wire_pick_session(wire_tree *t, ff_input *in);
/* A key: a client's of the seeds, zero, another record's, or drawn. */
void wire_pick_key(wire_tree *t, ff_input *in, uint8_t out[32]);
/* x's source: another address, port, the port next to it, or another record's. */
void wire_pick_source(wire_tree *t, ff_input *in, wire_item *x);
/* A WireGuard index: one another frame announced as its sender, or odd. */
uint32_t wire_pick_index(wire_tree *t, ff_input *in);

/* ---- field edits (wire_edits.c) ---- */
/* One field of record i's relay message. */
void wire_edit_relay(wire_tree *t, size_t i, ff_input *in);
/* One field of a WireGuard frame (mac1 kept right unless the edit bends it). */
void wire_edit_wg(wire_tree *t, wire_item *x, ff_input *in);

#endif
