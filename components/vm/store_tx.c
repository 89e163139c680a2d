/* A store change as a short transaction of record writes. Every write of an
 * account or instance record is a storage write that can fail (fault site
 * "storage.write"); the transaction remembers each record's value before its
 * first write, so a failed change is undone and leaves the store byte for
 * byte as it was. The store-wide change counter moves only when a
 * transaction commits. */
#include <string.h>

#include "formfuzz/fault.h"
#include "vm.h"

void vm_tx_begin(vm_tx *tx, vm_store *s) {
  tx->s = s;
  tx->n = 0;
}

static vm_err remember(vm_tx *tx, bool is_account, size_t slot) {
  for (size_t i = 0; i < tx->n; i++)
    if (tx->undo[i].is_account == is_account && tx->undo[i].slot == slot) return VM_OK;
  if (tx->n == VM_TX_MAX) return VM_E_FULL;
  tx->undo[tx->n].is_account = is_account;
  tx->undo[tx->n].slot = slot;
  if (is_account)
    tx->undo[tx->n].old.account = tx->s->accounts[slot];
  else
    tx->undo[tx->n].old.instance = tx->s->instances[slot];
  tx->n++;
  return VM_OK;
}

vm_err vm_tx_put_account(vm_tx *tx, size_t slot, const vm_account *value) {
  if (ff_fault("storage.write")) return VM_E_STORAGE;
  vm_err e = remember(tx, true, slot);
  if (e == VM_OK) tx->s->accounts[slot] = *value;
  return e;
}

vm_err vm_tx_put_instance(vm_tx *tx, size_t slot, const vm_instance *value) {
  if (ff_fault("storage.write")) return VM_E_STORAGE;
  vm_err e = remember(tx, false, slot);
  if (e == VM_OK) tx->s->instances[slot] = *value;
  return e;
}

void vm_tx_abort(vm_tx *tx) {
  while (tx->n > 0) {
    const struct vm_tx_undo *u = &tx->undo[--tx->n];
    if (u->is_account)
      tx->s->accounts[u->slot] = u->old.account;
    else
      tx->s->instances[u->slot] = u->old.instance;
  }
}

vm_err vm_tx_finish(vm_tx *tx, vm_err e) {
  if (e != VM_OK) {
    vm_tx_abort(tx);
    return e;
  }
  if (tx->n > 0) tx->s->changes++;
  tx->n = 0;
  return VM_OK;
}
