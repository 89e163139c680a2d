/* Recovery-id text as both schemes carry it, read the way Rust's
 * u8::from_str reads it (§1.1, §8): an optional leading '+', then one or more
 * decimal digits (leading zeros allowed: "+1", "001", "0000000001" are 1),
 * value at most 255; then the value must be 0..3. Everything else ("", "+",
 * "-1", " 1", "0x1", "256", "4", "27") is InvalidFormat. */
#include "vm.h"

vm_err vm_recid_parse(const char *p, size_t len, int *recid) {
  size_t i = 0;
  if (len > 0 && p[0] == '+') i = 1;
  if (i == len) return VM_E_INVALID_FORMAT;
  unsigned v = 0;
  for (; i < len; i++) {
    if (p[i] < '0' || p[i] > '9') return VM_E_INVALID_FORMAT;
    v = v * 10 + (unsigned)(p[i] - '0');
    if (v > 255) return VM_E_INVALID_FORMAT;
  }
  if (v > 3) return VM_E_INVALID_FORMAT;
  *recid = (int)v;
  return VM_OK;
}
