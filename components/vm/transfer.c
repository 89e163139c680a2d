/* Ownership transfer (§2.6) as two steps, so that other operations can be
 * interleaved between them: begin checks the signer's authority and records
 * the instance version it saw; commit applies owner change and grant cleanup
 * at once, only if nothing changed in between (else VM_E_CONFLICT, nothing
 * applied). Known-bug replica vm.transfer_nonatomic commits without the
 * re-check: authority checked at one time, applied at another (the real
 * handler checks, then applies three separate ops). */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

vm_err vm_transfer_begin(const vm_store *s, const vm_addr *signer, const char *id,
                         const char *to_address, vm_transfer *t) {
  memset(t, 0, sizeof *t);
  vm_addr to;
  vm_err e = vm_address_normalize(to_address, &to);
  if (e != VM_OK) return e;
  const vm_instance *in = vm_instance_get(s, id);
  if (!in) return VM_E_NOT_FOUND;
  vm_level level = vm_level_of(s, signer, id);
  if (!vm_permitted(VM_OP_TRANSFER, level, vm_is_network_admin(s, signer), VM_LEVEL_NONE))
    return VM_E_FORBIDDEN;
  if (!vm_account_get(s, &to)) return VM_E_NOT_FOUND;
  strcpy(t->id, id);
  t->from = *signer;
  t->to = to;
  t->seen_version = in->version;
  t->active = true;
  return VM_OK;
}

vm_err vm_transfer_commit(vm_store *s, vm_transfer *t) {
  if (!t->active) return VM_E_BAD_REQUEST;
  t->active = false;
  vm_instance *in = vm_instance_find(s, t->id);
  if (!in) return VM_E_NOT_FOUND;
  if (in->version != t->seen_version && !FF_BUG("vm.transfer_nonatomic")) return VM_E_CONFLICT;
  if (!vm_account_get(s, &t->to)) return VM_E_NOT_FOUND;
  if (vm_addr_equal(&t->from, &t->to)) return VM_OK; /* to yourself: nothing changes */
  for (size_t i = 0; i < in->grant_count; i++) /* the new owner's old grant is superseded */
    if (vm_addr_equal(&in->grants[i].who, &t->to)) {
      in->grants[i] = in->grants[--in->grant_count];
      break;
    }
  in->owner = t->to;
  in->version = ++s->changes;
  return VM_OK;
}
