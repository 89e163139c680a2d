/* Known-answer tests for core/crypto.c: SHA-256, Keccak-256 (padding and block
 * boundaries), and the Formation spec's §9 vectors V1-V3 (address of a known
 * key, scheme A double-hash signature, its high-S twin, the single-hash
 * mistake, scheme B). */
#include "crypto_hex.h"
#include "ff_check.h"
#include "formfuzz/crypto.h"

static void test_sha256(void) {
  uint8_t h[32];
  ff_sha256("abc", 3, h);
  CHECK(equals_hex(h, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  const char *msg = "Create account request";
  ff_sha256(msg, strlen(msg), h);
  CHECK(equals_hex(h, 32, "189165c0dce440f576b1776d75eee5b1d072daeb7fa0c46761719466b130c2e8"));
  ff_sha256d(msg, strlen(msg), h);
  CHECK(equals_hex(h, 32, "4705a0a99db252cb2ad240e12cca35190ce4d617ae81a1318a9f22661f5de44b"));
}

static void test_keccak256(void) {
  uint8_t h[32];
  ff_keccak256("", 0, h);
  CHECK(equals_hex(h, 32, "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
  const char *fox = "The quick brown fox jumps over the lazy dog";
  ff_keccak256(fox, strlen(fox), h);
  CHECK(equals_hex(h, 32, "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"));
  /* Around the 136-byte rate: bytes i % 251. */
  static const struct {
    size_t len;
    const char *hex;
  } blocks[] = {
      {135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"},
      {136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"},
      {137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"},
      {300, "4699841dafd5e26cca72b05a41d38c96b4b468e5a6cbf694cbebe77dacdf6528"},
  };
  uint8_t buf[300];
  for (size_t i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)(i % 251);
  for (size_t k = 0; k < sizeof blocks / sizeof blocks[0]; k++) {
    ff_keccak256(buf, blocks[k].len, h);
    CHECK(equals_hex(h, 32, blocks[k].hex));
  }
}

static const char *V1_SECRET = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
static const char *V1_ADDR = "2c7536e3605d9c16a7a3d7b1898e529396a65c23";

static void test_v1_address(void) {
  uint8_t secret[32];
  ff_keypair kp;
  char hex[41];
  CHECK(unhex(V1_SECRET, secret, 32) == 0);
  CHECK(ff_keypair_from_secret(&kp, secret) == 0);
  ff_address_hex(kp.addr, hex);
  CHECK(strcmp(hex, V1_ADDR) == 0);
  uint8_t again[20];
  ff_address_from_pubkey(kp.pub64, again);
  CHECK(memcmp(again, kp.addr, 20) == 0);
}

static void recovered_address_hex(const uint8_t digest[32], const uint8_t sig[64], int recid,
                                  char out[41]) {
  uint8_t pub[64], addr[20];
  if (ff_recover_pubkey(digest, sig, recid, pub) != 0) {
    strcpy(out, "recovery-failed");
    return;
  }
  ff_address_from_pubkey(pub, addr);
  ff_address_hex(addr, out);
}

static void test_v2_scheme_a(void) {
  const char *msg = "Create account request";
  uint8_t secret[32], digest[32], sig[64], want[64];
  ff_keypair kp;
  int recid = -1;
  char addr[41];
  CHECK(unhex(V1_SECRET, secret, 32) == 0);
  CHECK(ff_keypair_from_secret(&kp, secret) == 0);
  ff_sha256d(msg, strlen(msg), digest);
  /* RFC 6979 is deterministic: signing here gives exactly the spec's header. */
  CHECK(ff_sign_recoverable(&kp, digest, sig, &recid) == 0);
  CHECK(unhex("149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
              "2ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069",
              want, 64) == 0);
  CHECK(memcmp(sig, want, 64) == 0);
  CHECK(recid == 1);
  CHECK(ff_sig_is_low_s(sig));
  recovered_address_hex(digest, want, 1, addr);
  CHECK(strcmp(addr, V1_ADDR) == 0);

  /* High-S twin: s' = n - s with recid 0 recovers the same key (callers reject it). */
  uint8_t twin[64];
  memcpy(twin, want, 64);
  ff_sig_negate_s(twin);
  CHECK(equals_hex(twin + 32, 32,
                   "d13a52ef17262c0baea5847b9e801941899f40933b4c052caf01f75773b120d8"));
  CHECK(!ff_sig_is_low_s(twin));
  recovered_address_hex(digest, twin, 0, addr);
  CHECK(strcmp(addr, V1_ADDR) == 0);
  ff_sig_negate_s(twin);
  CHECK(memcmp(twin, want, 64) == 0);

  /* Same signature, flipped recid, s not negated: a different key. */
  recovered_address_hex(digest, want, 0, addr);
  CHECK(strcmp(addr, V1_ADDR) != 0);

  /* The single-hash mistake: the spec's signature recovered under the double hash. */
  uint8_t single[64];
  CHECK(unhex("8f3dd0ac36ebdad2a25b10f71a9513cfaced8e449e1f9ce6b4c237998cb64e61"
              "61d6493ba2a46683e83c5f4cf14f4f05f05bf6856502ec1c5c7accec20696bb9",
              single, 64) == 0);
  recovered_address_hex(digest, single, 1, addr);
  CHECK(strcmp(addr, "4bd21edca020464f4e1b5803cebfd0c3ac571ebe") == 0);
  uint8_t once[32], sig_once[64];
  ff_sha256(msg, strlen(msg), once);
  CHECK(ff_sign_recoverable(&kp, once, sig_once, &recid) == 0);
  CHECK(memcmp(sig_once, single, 64) == 0);
}

static void test_v3_scheme_b(void) {
  uint8_t xmsg[32], digest[32], sig[64];
  char addr[41];
  CHECK(unhex("f9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd", xmsg, 32) == 0);
  ff_sha256(xmsg, 32, digest);
  CHECK(equals_hex(digest, 32, "276b8a4a22d41c8e2b687582effc6f10d30ae09c66445afe0548d3ab42ac7e9f"));
  CHECK(unhex("9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c40"
              "6203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb",
              sig, 64) == 0);
  recovered_address_hex(digest, sig, 1, addr);
  CHECK(strcmp(addr, V1_ADDR) == 0);
}

static void test_rejections(void) {
  uint8_t digest[32] = {1}, sig[64], pub[64], secret[32];
  memset(sig, 0, sizeof sig);
  CHECK(ff_recover_pubkey(digest, sig, 0, pub) != 0); /* r = s = 0 */
  memset(sig, 0xff, sizeof sig);
  CHECK(ff_recover_pubkey(digest, sig, 0, pub) != 0); /* r, s >= n */
  sig[0] = 1;
  CHECK(ff_recover_pubkey(digest, sig, 4, pub) != 0); /* recid out of range */
  CHECK(ff_recover_pubkey(digest, sig, -1, pub) != 0);
  ff_keypair kp;
  memset(secret, 0, sizeof secret);
  CHECK(ff_keypair_from_secret(&kp, secret) != 0);
  memset(secret, 0xff, sizeof secret);
  CHECK(ff_keypair_from_secret(&kp, secret) != 0);
}

int main(void) {
  test_sha256();
  test_keccak256();
  test_v1_address();
  test_v2_scheme_a();
  test_v3_scheme_b();
  test_rejections();
  return check_summary("crypto_vectors");
}
