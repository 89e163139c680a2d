/* Formation's request-signature cryptography (see include/formfuzz/crypto.h):
 * SHA-256 from nettle, Keccak-256 as Ethereum uses it (nettle's Keccak-f[1600]
 * permutation with the original 0x01 padding, rate 136 bytes), secp256k1
 * recoverable ECDSA from libsecp256k1 (RFC 6979 nonces, low-S), and addresses
 * as the last 20 bytes of keccak256(X || Y). */
#include "formfuzz/crypto.h"

#include <nettle/sha2.h>
#include <nettle/sha3.h>
#include <pthread.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KECCAK256_RATE 136 /* 1600-bit state minus 2 * 256-bit capacity, in bytes */

/* The curve order n and n/2, big-endian. */
static const uint8_t CURVE_ORDER[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
static const uint8_t HALF_CURVE_ORDER[32] = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

void ff_sha256(const void *data, size_t len, uint8_t out[32]) {
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, len, data);
  sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void ff_sha256d(const void *data, size_t len, uint8_t out[32]) {
  uint8_t first[32];
  ff_sha256(data, len, first);
  ff_sha256(first, sizeof first, out);
}

/* XOR one rate-sized block (or the padded tail) into the state, lanes little-endian. */
static void keccak_absorb_block(struct sha3_state *st, const uint8_t block[KECCAK256_RATE]) {
  for (size_t lane = 0; lane < KECCAK256_RATE / 8; lane++) {
    uint64_t v = 0;
    for (int b = 7; b >= 0; b--) v = (v << 8) | block[lane * 8 + (size_t)b];
    st->a[lane] ^= v;
  }
  sha3_permute(st);
}

void ff_keccak256(const void *data, size_t len, uint8_t out[32]) {
  struct sha3_state st;
  memset(&st, 0, sizeof st);
  const uint8_t *p = data;
  while (len >= KECCAK256_RATE) {
    keccak_absorb_block(&st, p);
    p += KECCAK256_RATE;
    len -= KECCAK256_RATE;
  }
  uint8_t last[KECCAK256_RATE] = {0};
  if (len) memcpy(last, p, len);
  last[len] ^= 0x01; /* Keccak's original domain padding (SHA3-256 uses 0x06) */
  last[KECCAK256_RATE - 1] ^= 0x80;
  keccak_absorb_block(&st, last);
  for (size_t i = 0; i < 32; i++) out[i] = (uint8_t)(st.a[i / 8] >> (8 * (i % 8)));
}

/* Signing and key generation need a context of their own (not the static one);
 * it is created once and never changed afterwards. */
static secp256k1_context *signing_ctx;
static pthread_once_t signing_ctx_once = PTHREAD_ONCE_INIT;

static void create_signing_ctx(void) {
  signing_ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  if (!signing_ctx) {
    fprintf(stderr, "formfuzz: secp256k1_context_create failed (out of memory)\n");
    abort();
  }
}

static const secp256k1_context *get_signing_ctx(void) {
  pthread_once(&signing_ctx_once, create_signing_ctx);
  return signing_ctx;
}

static void pubkey_to_xy(const secp256k1_pubkey *pk, uint8_t pub64[64]) {
  uint8_t ser[65];
  size_t len = sizeof ser;
  secp256k1_ec_pubkey_serialize(secp256k1_context_static, ser, &len, pk,
                                SECP256K1_EC_UNCOMPRESSED);
  memcpy(pub64, ser + 1, 64); /* drop the 0x04 prefix */
}

void ff_address_from_pubkey(const uint8_t pub64[64], uint8_t addr[20]) {
  uint8_t h[32];
  ff_keccak256(pub64, 64, h);
  memcpy(addr, h + 12, 20);
}

void ff_address_hex(const uint8_t addr[20], char out[41]) {
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < 20; i++) {
    out[2 * i] = digits[addr[i] >> 4];
    out[2 * i + 1] = digits[addr[i] & 15];
  }
  out[40] = '\0';
}

int ff_keypair_from_secret(ff_keypair *kp, const uint8_t secret[32]) {
  secp256k1_pubkey pk;
  if (!secp256k1_ec_seckey_verify(secp256k1_context_static, secret)) return -1;
  if (!secp256k1_ec_pubkey_create(get_signing_ctx(), &pk, secret)) return -1;
  memcpy(kp->seckey, secret, 32);
  pubkey_to_xy(&pk, kp->pub64);
  ff_address_from_pubkey(kp->pub64, kp->addr);
  return 0;
}

void ff_keypair_from_seed(ff_keypair *kp, uint64_t seed) {
  /* secret = SHA-256("formfuzz test key" || seed (8 bytes BE) || counter); the
   * counter only moves in the astronomically unlikely case of an invalid secret. */
  static const char label[] = "formfuzz test key";
  uint8_t buf[sizeof label - 1 + 8 + 1];
  memcpy(buf, label, sizeof label - 1);
  for (int i = 0; i < 8; i++) buf[sizeof label - 1 + (size_t)i] = (uint8_t)(seed >> (56 - 8 * i));
  for (uint8_t counter = 0;; counter++) {
    uint8_t secret[32];
    buf[sizeof buf - 1] = counter;
    ff_sha256(buf, sizeof buf, secret);
    if (ff_keypair_from_secret(kp, secret) == 0) return;
  }
}

int ff_sign_recoverable(const ff_keypair *kp, const uint8_t digest[32], uint8_t sig64[64],
                        int *recid) {
  secp256k1_ecdsa_recoverable_signature sig;
  if (!secp256k1_ecdsa_sign_recoverable(get_signing_ctx(), &sig, digest, kp->seckey, NULL, NULL))
    return -1;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(secp256k1_context_static, sig64, recid,
                                                          &sig);
  return 0;
}

int ff_recover_pubkey(const uint8_t digest[32], const uint8_t sig64[64], int recid,
                      uint8_t pub64[64]) {
  secp256k1_ecdsa_recoverable_signature sig;
  secp256k1_pubkey pk;
  if (recid < 0 || recid > 3) return -1;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &sig, sig64,
                                                           recid))
    return -1;
  if (!secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &sig, digest)) return -1;
  pubkey_to_xy(&pk, pub64);
  return 0;
}

bool ff_sig_is_low_s(const uint8_t sig64[64]) {
  return memcmp(sig64 + 32, HALF_CURVE_ORDER, 32) <= 0;
}

void ff_sig_negate_s(uint8_t sig64[64]) {
  uint8_t *s = sig64 + 32;
  bool zero = true;
  for (size_t i = 0; i < 32; i++) zero = zero && s[i] == 0;
  if (zero) return; /* -0 = 0 */
  int borrow = 0;
  for (int i = 31; i >= 0; i--) {
    int d = (int)CURVE_ORDER[i] - (int)s[i] - borrow;
    borrow = d < 0;
    s[i] = (uint8_t)(d + (borrow ? 256 : 0));
  }
}
