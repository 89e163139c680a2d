/* ID derivations of §3.5: build_id = hex(SHA3-256(address20 || name)) and
 * instance_id = hex(first20(build_id) XOR first20(node_id)). Inputs that the
 * real code panics on (short hex) are errors here. SHA3-256 is nettle's
 * (FIPS SHA-3, not Keccak). Known-bug replica vm.instance_id_short: valid hex
 * shorter than 20 bytes panics (slice out of range), as the real
 * build_instance_id does (§3.5, §7 #9). */
#include <nettle/sha3.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

vm_err vm_build_id(const vm_addr *owner, const char *name, char out[65]) {
  uint8_t addr[20], h[32];
  if (ff_hex_decode(owner->hex, VM_ADDR_LEN, addr, sizeof addr) != 20) return VM_E_BAD_ADDRESS;
  vm_err e = vm_name_validate(name);
  if (e != VM_OK) return e;
  struct sha3_256_ctx ctx;
  sha3_256_init(&ctx);
  sha3_256_update(&ctx, sizeof addr, addr);
  sha3_256_update(&ctx, strlen(name), (const uint8_t *)name);
  sha3_256_digest(&ctx, sizeof h, h);
  vm_hex_encode(h, sizeof h, out);
  return VM_OK;
}

vm_err vm_instance_id(const char *build_id_hex, const char *node_id_hex, char out[41]) {
  uint8_t b[64], n[64], x[20];
  long bl = ff_hex_decode(build_id_hex, strlen(build_id_hex), b, sizeof b);
  long nl = ff_hex_decode(node_id_hex, strlen(node_id_hex), n, sizeof n);
  if (bl >= 0 && nl >= 0 && (bl < 20 || nl < 20) && FF_BUG("vm.instance_id_short"))
    vm_panic("range end index 20 out of range for slice of length %ld", bl < 20 ? bl : nl);
  if (bl < 20 || nl < 20) return VM_E_BAD_ID;
  for (size_t i = 0; i < 20; i++) x[i] = b[i] ^ n[i];
  vm_hex_encode(x, sizeof x, out);
  return VM_OK;
}
