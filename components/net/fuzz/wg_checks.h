/* The WireGuard oracle net.wg_mac1, shared by net_packet and net_wire:
 * the endpoint's verdict on raw bytes matches an independent reference
 * (framing, then mac1 computed with incremental BLAKE2s), and a handshake it
 * accepts is refused once a msg_alpha byte changes or under another key. */
#ifndef NET_FUZZ_WG_CHECKS_H
#define NET_FUZZ_WG_CHECKS_H

#include "net.h"

/* The reference mac1 of a handshake message whose msg_alpha ends at off. */
void net_wg_reference_mac1(const uint8_t *msg, size_t off, const net_key *pub, uint8_t out[16]);
/* The verdict of net_wg_accept on msg against the reference; returns it. */
net_wg_verdict net_check_wg_raw(const uint8_t *msg, size_t len, const net_key *pub);
/* For an accepted handshake: byte `at` of msg_alpha changed by `delta` must
 * be refused (delta 0: not tried), and so must the frame under `other` (NULL
 * or pub: not tried). msg is left as it was. */
void net_check_wg_bent(uint8_t *msg, size_t len, const net_key *pub, size_t at, uint8_t delta, const net_key *other);

#endif
