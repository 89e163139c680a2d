/* The one address normalization (§2.7 shows what happens without one):
 * "0x"/"0X" optional, 40 hex digits of any case, stored and compared as 40
 * lowercase hex. Known-bug replica vm.addr_case keeps the text verbatim
 * (case and prefix), as several real sites compare exact bytes. */
#include <ctype.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "formfuzz/crypto.h"
#include "vm.h"

vm_err vm_address_normalize(const char *text, vm_addr *out) {
  if (!text) return VM_E_BAD_ADDRESS;
  const char *p = text;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) p += 2;
  if (strlen(p) != VM_ADDR_LEN) return VM_E_BAD_ADDRESS;
  for (size_t i = 0; i < VM_ADDR_LEN; i++)
    if (!isxdigit((unsigned char)p[i])) return VM_E_BAD_ADDRESS;
  if (FF_BUG("vm.addr_case")) {
    /* exact-bytes keys: "ABC..." and "abc..." become different identities */
    memcpy(out->hex, p, VM_ADDR_LEN);
    out->hex[VM_ADDR_LEN] = '\0';
    return VM_OK;
  }
  for (size_t i = 0; i < VM_ADDR_LEN; i++) out->hex[i] = (char)tolower((unsigned char)p[i]);
  out->hex[VM_ADDR_LEN] = '\0';
  return VM_OK;
}

bool vm_addr_equal(const vm_addr *a, const vm_addr *b) {
  return memcmp(a->hex, b->hex, VM_ADDR_LEN) == 0;
}

void vm_addr_from_bytes(const uint8_t addr20[20], vm_addr *out) { ff_address_hex(addr20, out->hex); }
