/* net component generators: control-plane signing keys, endpoint texts
 * (valid, near-valid, hostile; built on core/gen's IP generator), WireGuard
 * keys and their base64 spellings, simnet addresses (gen.c); relay messages
 * (relay_gen.c). Used by the net fuzzers and the net tests. */
#ifndef NET_FUZZ_GEN_H
#define NET_FUZZ_GEN_H

#include "formfuzz/crypto.h"
#include "formfuzz/gen.h"
#include "formfuzz/input.h"
#include "net.h"

#define NET_GEN_KEYS 4

/* Control-plane key i (0 <= i < NET_GEN_KEYS): ff_keypair_from_seed(i + 100). */
const ff_keypair *net_gen_key(size_t i);
/* Endpoint text into out; returns true when a strict parser must accept it. */
bool net_gen_endpoint_text(ff_input *in, ff_buf *out);
/* A WireGuard key: bytes from the input. */
void net_gen_wg_key(ff_input *in, net_key *k);
/* A base64 spelling of k: canonical, or (mode != VALID) bent by core/gen. */
bool net_gen_key_text(ff_input *in, ff_gen_mode mode, const net_key *k, ff_buf *out);
/* An IPv4 or IPv6 endpoint for simnet from the input. */
ff_simaddr net_gen_simaddr(ff_input *in);
/* Converts between simnet and net endpoints (IP hosts only). */
void net_endpoint_from_simaddr(const ff_simaddr *a, net_endpoint *ep);

/* u64 fields below 2^63: the JSON form carries json_int_t. */
uint64_t net_gen_u63(ff_input *in);
/* A RelayNodeInfo; its pubkey is key when given, else drawn. */
void net_gen_relay_info(ff_input *in, net_relay_node_info *n, const uint8_t *key);
/* A relay message of the given variant (or of a drawn one), every field
 * drawn and within the bounds of both encodings. */
void net_gen_relay_msg_of(ff_input *in, net_relay_type type, net_relay_msg *m);
void net_gen_relay_msg(ff_input *in, net_relay_msg *m);

#endif
