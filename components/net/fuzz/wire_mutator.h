/* net_wire's protocol-aware mutator (wire_mutator.c). An input is parsed
 * into its records; each datagram into a relay message (bincode or JSON, by
 * the strict codecs), a WireGuard frame, or opaque bytes. One edit:
 *   records   duplicated (a replay), removed, swapped, moved to another
 *             channel, their clock advance, burst count, source address or
 *             port changed; a new relay message or WireGuard frame inserted;
 *             the target's mirror of a ConnectionRequest inserted (a paired
 *             session), or a ForwardPacket or Heartbeat on the session the
 *             relay will hand out for an earlier request;
 *   relay     the variant (a new message of another variant drawn), session
 *             ids (the relay's predictable ids, ids of other records),
 *             timestamps around the freshness windows of the record's clock,
 *             keys (those of other records, swapped, zero), counters, nonces,
 *             capabilities, strings and endpoints (addresses, ports),
 *             lengths of tokens, signatures and payloads, options, flags,
 *             status; the payload set to a WireGuard frame; bincode <-> JSON;
 *   WireGuard the type, sender and receiver indices (a response's receiver
 *             taken from an initiation's sender), ephemeral key, encrypted
 *             parts, counter, data length, mac2;
 *   bends     on purpose: the bincode variant tag rewritten over the same
 *             body, the tag dropped (the bare struct service.rs reads), the
 *             JSON variant renamed, bytes cut or appended, mac1 broken.
 * The serializer writes every datagram again (bincode lengths, JSON, mac1
 * over msg_alpha for the endpoint's key) unless the edit bent it; a frame
 * whose mac1 was wrong when parsed stays wrong. A fifth of the calls stay
 * byte mutations. */
#ifndef NET_FUZZ_WIRE_MUTATOR_H
#define NET_FUZZ_WIRE_MUTATOR_H

#include "formfuzz/struct_mutator.h"

extern const ff_struct_mutator net_wire_mutator;

#endif
