/* A WireGuard public key from its secret: X25519 of the clamped secret with
 * the base point (nettle's curve25519_mul_g clamps as RFC 7748 says). */
#include <nettle/curve25519.h>

#include "net_control.h"

void net_wg_public_from_secret(const uint8_t secret[32], net_key *pub) {
  curve25519_mul_g(pub->b, secret);
}
