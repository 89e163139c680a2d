/* WireGuard message framing (types 1-4: handshake initiation 148 bytes,
 * response 92, cookie reply 64, transport data 32 + 16k) with the three
 * reserved bytes zero, and mac1 as the WireGuard paper defines it:
 *   mac1 = MAC(HASH("mac1----" || responder static public key), msg_alpha)
 * with HASH = BLAKE2s-256 and MAC = keyed BLAKE2s-128 (libb2). A real
 * endpoint drops a handshake message whose mac1 is wrong before any other
 * work; net_wg_accept gates the same way. */
#ifndef NET_WG_H
#define NET_WG_H

#include "net_types.h"

enum {
  NET_WG_INITIATION = 1,
  NET_WG_RESPONSE = 2,
  NET_WG_COOKIE = 3,
  NET_WG_DATA = 4,
};
#define NET_WG_INIT_LEN 148
#define NET_WG_RESP_LEN 92
#define NET_WG_COOKIE_LEN 64
#define NET_WG_DATA_MIN 32
#define NET_WG_MAC_LEN 16

typedef enum net_wg_verdict {
  NET_WG_OK,
  NET_WG_BAD_TYPE,
  NET_WG_BAD_LENGTH,
  NET_WG_BAD_RESERVED,
  NET_WG_BAD_MAC1,
} net_wg_verdict;
const char *net_wg_verdict_name(net_wg_verdict v);

/* Offset of mac1 in a handshake message (the end of msg_alpha), 0 for types
 * without one. */
size_t net_wg_mac1_offset(uint8_t type);
/* Framing only: type, exact size (or data size rule) and reserved bytes. */
net_wg_verdict net_wg_check_frame(const uint8_t *msg, size_t len);
/* Framing plus mac1 for initiation/response, keyed by our static public key. */
net_wg_verdict net_wg_accept(const uint8_t *msg, size_t len, const net_key *our_public);
/* Writes mac1 into a handshake message of the right size for responder. */
void net_wg_set_mac1(uint8_t *msg, size_t len, const net_key *responder_public);
void net_wg_mac1(const uint8_t *msg_alpha, size_t len, const net_key *responder_public,
                 uint8_t out[NET_WG_MAC_LEN]);
/* A well-formed frame of type with body bytes from src (length chosen by the
 * type; data frames get 16 * (1 + extra_blocks) bytes of ciphertext). Returns
 * the frame length (out must hold NET_WG_INIT_LEN or the data length). */
size_t net_wg_build(uint8_t type, const uint8_t *fill, size_t fill_len, unsigned extra_blocks,
                    const net_key *responder_public, uint8_t *out, size_t cap);

#endif
