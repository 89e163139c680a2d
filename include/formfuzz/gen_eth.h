/* Ethereum-style addresses as text: EIP-55 checksummed (Keccak-256 from
 * crypto.h), all-lowercase, all-uppercase, with or without "0x"; and the ways
 * they go wrong. "expected_valid" means an EIP-55-aware parser accepts the text
 * as exactly the given 20 bytes: optional "0x", 40 hex digits, and when the
 * letters mix cases the checksum must hold. */
#ifndef FORMFUZZ_GEN_ETH_H
#define FORMFUZZ_GEN_ETH_H

#include "formfuzz/gen.h"

enum {
  FF_ETH_Q_NO_PREFIX = 1u << 0,       /* no "0x" */
  FF_ETH_Q_NOT_CHECKSUMMED = 1u << 1, /* single case: carries no checksum */
};

/* EIP-55 form of an address: 40 characters plus NUL, no "0x". */
void ff_eth_checksum_hex(const uint8_t addr[20], char out[41]);

/* Valid: checksummed, lowercase or uppercase, "0x" or not. Near-valid: one
 * letter's case flipped against the checksum, 39/41/42 digits, a non-hex
 * character, "0X". Hostile: 64 digits, doubled prefix, whitespace, NUL,
 * fullwidth characters, empty. quirks (may be NULL) gets FF_ETH_Q_*. */
bool ff_gen_eth_address(ff_input *in, ff_gen_mode mode, const uint8_t addr[20], ff_buf *out, unsigned *quirks);

#endif
