/* Recovery-id text as both schemes carry it: exactly one digit 0..3.
 * Known-bug replica vm.recid_lenient parses like Rust's u8::from_str
 * (a leading '+', leading zeros: "+1", "001"), so one signature has many
 * accepted spellings. */
#include "formfuzz/bug.h"
#include "vm.h"

static vm_err parse_like_rust_u8(const char *p, size_t len, int *recid) {
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

vm_err vm_recid_parse(const char *p, size_t len, int *recid) {
  if (FF_BUG("vm.recid_lenient")) return parse_like_rust_u8(p, len, recid);
  if (len != 1 || p[0] < '0' || p[0] > '3') return VM_E_INVALID_FORMAT;
  *recid = p[0] - '0';
  return VM_OK;
}
