/* Ownership transfer (§2.6) as two steps, so that other operations can be
 * interleaved between them: begin checks the signer's authority and records
 * the instance version it saw; commit re-checks that nothing changed and then
 * makes the real handler's three writes (remove the id from the old owner's
 * owned set, add it to the new owner's, set the instance's owner, with the
 * new owner's superseded grant dropped) as one transaction: a failed write
 * undoes the others (else VM_E_CONFLICT or VM_E_STORAGE, nothing applied).
 * Known-bug replicas: vm.transfer_nonatomic commits without the re-check
 * (authority checked at one time, applied at another); vm.transfer_partial
 * keeps the writes made before a failed one, as the real handler applies
 * and queues each op on its own (§2.6 "failures between the steps can leave
 * zero or two owners", §7 #15): reachable only through a storage fault. */
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

/* The set change of one account, as one write. */
static vm_err put_owned(vm_tx *tx, long slot, const char *id, bool add) {
  vm_account acc = tx->s->accounts[slot];
  if (add) {
    vm_err e = vm_owned_add(&acc, id);
    if (e != VM_OK) return e;
  } else {
    vm_owned_remove(&acc, id);
  }
  return vm_tx_put_account(tx, (size_t)slot, &acc);
}

vm_err vm_transfer_commit(vm_store *s, vm_transfer *t) {
  if (!t->active) return VM_E_BAD_REQUEST;
  t->active = false;
  long k = vm_instance_slot(s, t->id);
  if (k < 0) return VM_E_NOT_FOUND;
  if (s->instances[k].version != t->seen_version && !FF_BUG("vm.transfer_nonatomic")) return VM_E_CONFLICT;
  long from = vm_account_slot(s, &t->from), to = vm_account_slot(s, &t->to);
  if (to < 0 || from < 0) return VM_E_NOT_FOUND;
  if (from == to) return VM_OK; /* to yourself: nothing changes */
  vm_instance in = s->instances[k];
  for (size_t i = 0; i < in.grant_count; i++) /* the new owner's old grant is superseded */
    if (vm_addr_equal(&in.grants[i].who, &t->to)) {
      in.grants[i] = in.grants[--in.grant_count];
      break;
    }
  in.owner = t->to;
  in.version = s->changes + 1;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  vm_err e = put_owned(&tx, from, t->id, false);
  if (e == VM_OK) e = put_owned(&tx, to, t->id, true);
  if (e == VM_OK) e = vm_tx_put_instance(&tx, (size_t)k, &in);
  if (e != VM_OK && FF_BUG("vm.transfer_partial")) { /* the earlier writes stay */
    if (tx.n > 0) s->changes++;
    return e;
  }
  return vm_tx_finish(&tx, e);
}
