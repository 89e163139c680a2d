/* The cryptography Formation's request signatures rest on, from real libraries:
 * SHA-256 (nettle), Keccak-256 (nettle's sha3_permute with Keccak's original
 * 0x01 padding, as Ethereum uses), secp256k1 ECDSA with public-key recovery
 * (libsecp256k1, RFC 6979 nonces, low-S), Ethereum-style addresses.
 * Shared by the vm core (verification) and the generators (signing test requests). */
#ifndef FORMFUZZ_CRYPTO_H
#define FORMFUZZ_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void ff_sha256(const void *data, size_t len, uint8_t out[32]);
/* SHA-256(SHA-256(data)) */
void ff_sha256d(const void *data, size_t len, uint8_t out[32]);
void ff_keccak256(const void *data, size_t len, uint8_t out[32]);

typedef struct ff_keypair {
  uint8_t seckey[32];
  uint8_t pub64[64]; /* uncompressed X || Y, without the 0x04 prefix */
  uint8_t addr[20];  /* last 20 bytes of keccak256(X || Y) */
} ff_keypair;

/* A valid key pair from 32 secret bytes. Returns 0, or -1 if the bytes are
 * not a valid secret key (zero or >= the curve order). */
int ff_keypair_from_secret(ff_keypair *kp, const uint8_t secret[32]);
/* A valid key pair derived deterministically from a small number (test keys). */
void ff_keypair_from_seed(ff_keypair *kp, uint64_t seed);

/* Ethereum-style address of an uncompressed public key. */
void ff_address_from_pubkey(const uint8_t pub64[64], uint8_t addr[20]);
/* Lowercase hex, no 0x: exactly 40 characters plus NUL. */
void ff_address_hex(const uint8_t addr[20], char out[41]);

/* Recoverable signature of a 32-byte digest: r || s (low-S) and recovery id 0..3.
 * Returns 0 or -1. */
int ff_sign_recoverable(const ff_keypair *kp, const uint8_t digest[32], uint8_t sig64[64],
                        int *recid);
/* Recover the public key. Returns 0, or -1 when the signature does not parse,
 * recid is outside 0..3, or recovery fails. Accepts high-S (callers decide). */
int ff_recover_pubkey(const uint8_t digest[32], const uint8_t sig64[64], int recid,
                      uint8_t pub64[64]);
/* True when s <= n/2. */
bool ff_sig_is_low_s(const uint8_t sig64[64]);
/* s -> n - s (and recid ^ 1 keeps the same public key): the malleated twin. */
void ff_sig_negate_s(uint8_t sig64[64]);

#endif
