/* Scheme B (§1.2, vmm-service): X-Signature (hex, no 0x), X-Recovery-Id
 * (0..3), X-Message (hex, optional 0x); digest SHA-256(message bytes). */
#include <string.h>

#include "formfuzz/crypto.h"
#include "vm.h"

vm_err vm_scheme_b_verify(const vm_scheme_b_headers *h, vm_signed *out) {
  if (!h->x_signature || !h->x_recovery_id || !h->x_message) return VM_E_MISSING_SIGNATURE;
  uint8_t sig[VM_MSG_MAX];
  long sig_len = ff_hex_decode(h->x_signature, strlen(h->x_signature), sig, sizeof sig);
  if (sig_len < 0) return VM_E_INVALID_FORMAT;
  int recid;
  vm_err e = vm_recid_parse(h->x_recovery_id, strlen(h->x_recovery_id), &recid);
  if (e != VM_OK) return e;
  const char *m = h->x_message;
  if (m[0] == '0' && m[1] == 'x') m += 2;
  long msg_len = ff_hex_decode(m, strlen(m), out->message, sizeof out->message);
  if (msg_len < 0) return VM_E_INVALID_MESSAGE;
  out->message_len = (size_t)msg_len;
  if (sig_len != 64) return VM_E_INVALID_SIGNATURE;

  uint8_t digest[32];
  ff_sha256(out->message, out->message_len, digest);
  return vm_recover_signer(digest, sig, recid, &out->signer);
}
