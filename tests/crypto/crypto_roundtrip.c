/* Sign/recover round-trips with deterministic test keys: every signature made
 * here is low-S and recovers its signer; the malleated twin (s -> n-s,
 * recid ^ 1) recovers the same key but is high-S; a changed digest or recid
 * recovers someone else; seeds give distinct, stable keys. */
#include "crypto_hex.h"
#include "ff_check.h"
#include "formfuzz/crypto.h"

#define ROUNDS 64

int main(void) {
  ff_keypair first, again;
  ff_keypair_from_seed(&first, 0);
  ff_keypair_from_seed(&again, 0);
  CHECK(memcmp(&first, &again, sizeof first) == 0);

  for (uint64_t seed = 0; seed < ROUNDS; seed++) {
    ff_keypair kp, other;
    ff_keypair_from_seed(&kp, seed);
    ff_keypair_from_seed(&other, seed + 1);
    CHECK(memcmp(kp.addr, other.addr, 20) != 0);

    uint8_t msg[16], digest[32], sig[64], pub[64];
    for (size_t i = 0; i < sizeof msg; i++) msg[i] = (uint8_t)(seed * 31 + i);
    ff_sha256d(msg, sizeof msg, digest);
    int recid = -1;
    CHECK(ff_sign_recoverable(&kp, digest, sig, &recid) == 0);
    CHECK(recid >= 0 && recid <= 3);
    CHECK(ff_sig_is_low_s(sig));
    CHECK(ff_recover_pubkey(digest, sig, recid, pub) == 0);
    CHECK(memcmp(pub, kp.pub64, 64) == 0);

    uint8_t twin[64];
    memcpy(twin, sig, 64);
    ff_sig_negate_s(twin);
    CHECK(!ff_sig_is_low_s(twin));
    CHECK(ff_recover_pubkey(digest, twin, recid ^ 1, pub) == 0);
    CHECK(memcmp(pub, kp.pub64, 64) == 0);

    if (ff_recover_pubkey(digest, sig, recid ^ 1, pub) == 0) CHECK(memcmp(pub, kp.pub64, 64) != 0);

    digest[seed % 32] ^= 0x01;
    if (ff_recover_pubkey(digest, sig, recid, pub) == 0) CHECK(memcmp(pub, kp.pub64, 64) != 0);
  }
  return check_summary("crypto_roundtrip");
}
