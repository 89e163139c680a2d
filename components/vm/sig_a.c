/* Scheme A (§1.1): Authorization: Signature <hex r||s>.<recid>.<hex message>,
 * digest SHA-256(SHA-256(message)), identity = 40 lowercase hex. */
#include <string.h>

#include "formfuzz/crypto.h"
#include "vm.h"

static const char PREFIX[] = "Signature ";

vm_err vm_scheme_a_verify(const char *header, vm_signed *out) {
  if (!header) return VM_E_MISSING_SIGNATURE;
  for (const char *c = header; *c; c++)
    if (*c < 0x20 || *c > 0x7e) return VM_E_INVALID_FORMAT; /* visible ASCII and space */
  if (strncmp(header, PREFIX, sizeof PREFIX - 1) != 0) return VM_E_INVALID_FORMAT;
  const char *rest = header + sizeof PREFIX - 1;
  const char *dot1 = strchr(rest, '.');
  if (!dot1) return VM_E_INVALID_FORMAT;
  const char *dot2 = strchr(dot1 + 1, '.');
  if (!dot2 || strchr(dot2 + 1, '.')) return VM_E_INVALID_FORMAT; /* exactly three parts */

  uint8_t sig[VM_MSG_MAX];
  long sig_len = ff_hex_decode(rest, (size_t)(dot1 - rest), sig, sizeof sig);
  if (sig_len < 0) return VM_E_INVALID_FORMAT;
  int recid;
  vm_err e = vm_recid_parse(dot1 + 1, (size_t)(dot2 - dot1 - 1), &recid);
  if (e != VM_OK) return e;
  long msg_len = ff_hex_decode(dot2 + 1, strlen(dot2 + 1), out->message, sizeof out->message);
  if (msg_len < 0) return VM_E_INVALID_FORMAT;
  out->message_len = (size_t)msg_len;
  if (sig_len != 64) return VM_E_INVALID_SIGNATURE;

  uint8_t digest[32];
  ff_sha256d(out->message, out->message_len, digest);
  return vm_recover_signer(digest, sig, recid, &out->signer);
}
