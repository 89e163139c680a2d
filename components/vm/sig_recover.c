/* The verification step both schemes share: recover the public key from
 * (digest, r||s, recid) with libsecp256k1, enforce k256's rules (r, s in
 * [1, n-1], recid 0..3, low-S only: k256 refuses a high-S signature with
 * RecoveryFailed even though it would recover, §0.1, §1.1) and derive the
 * signer's address. */
#include <string.h>

#include "formfuzz/crypto.h"
#include "vm.h"

static const uint8_t CURVE_ORDER[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};

static bool scalar_in_range(const uint8_t v[32]) {
  static const uint8_t zero[32];
  return memcmp(v, zero, 32) != 0 && memcmp(v, CURVE_ORDER, 32) < 0;
}

vm_err vm_recover_signer(const uint8_t digest[32], const uint8_t sig64[64], int recid,
                         vm_addr *signer) {
  if (!scalar_in_range(sig64) || !scalar_in_range(sig64 + 32)) return VM_E_INVALID_SIGNATURE;
  if (recid < 0 || recid > 3) return VM_E_INVALID_FORMAT;
  if (!ff_sig_is_low_s(sig64)) return VM_E_RECOVERY_FAILED;
  uint8_t pub[64], addr[20];
  if (ff_recover_pubkey(digest, sig64, recid, pub) != 0) return VM_E_RECOVERY_FAILED;
  ff_address_from_pubkey(pub, addr);
  vm_addr_from_bytes(addr, signer);
  return VM_OK;
}
