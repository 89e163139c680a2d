/* The account routes' effect (§2.5): what a caller may set on an account.
 * Create takes the address (which must be the signer's) and the name from
 * the body; update changes only the name of the signer's own account. The
 * global-admin flag, credits and the ownership set stay the server's: a user
 * never sets is_global_admin or credits on their own account, and ownership
 * moves only through instance create, delete and transfer (§2.8, §8).
 * Known-bug replica vm.account_wholesale stores the body's is_global_admin,
 * credits and owned_instances as given, as the real handlers store the whole
 * Account (§2.5, §7 #3). */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

static void take_body(vm_account *acc, const vm_account_body *b) {
  acc->has_name = b->has_name;
  memset(acc->name, 0, sizeof acc->name);
  if (b->has_name) strcpy(acc->name, b->name);
  if (!FF_BUG("vm.account_wholesale")) return;
  acc->is_global_admin = b->is_global_admin;
  acc->credits = b->credits;
  memset(acc->owned, 0, sizeof acc->owned);
  acc->owned_count = 0;
  for (size_t i = 0; i < b->owned_count; i++) vm_owned_add(acc, b->owned[i]);
}

/* The body's address names the signer. */
static vm_err body_is_signer(const vm_account_body *b, const vm_addr *signer) {
  vm_addr a;
  vm_err e = vm_address_normalize(b->address, &a);
  if (e != VM_OK) return e;
  return vm_addr_equal(&a, signer) ? VM_OK : VM_E_FORBIDDEN;
}

vm_err vm_account_api_create(vm_store *s, const vm_addr *signer, const vm_account_body *b) {
  vm_err e = body_is_signer(b, signer);
  if (e != VM_OK) return e;
  if (vm_account_slot(s, signer) >= 0) return VM_E_EXISTS;
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++) {
    if (s->accounts[i].used) continue;
    vm_account acc;
    memset(&acc, 0, sizeof acc);
    acc.used = true;
    acc.address = *signer;
    take_body(&acc, b);
    vm_tx tx;
    vm_tx_begin(&tx, s);
    return vm_tx_finish(&tx, vm_tx_put_account(&tx, i, &acc));
  }
  return VM_E_FULL;
}

vm_err vm_account_api_update(vm_store *s, const vm_addr *signer, const vm_account_body *b) {
  vm_err e = body_is_signer(b, signer);
  if (e != VM_OK) return e;
  long k = vm_account_slot(s, signer);
  if (k < 0) return VM_E_NOT_FOUND;
  vm_account acc = s->accounts[k];
  take_body(&acc, b);
  if (memcmp(&acc, &s->accounts[k], sizeof acc) == 0) return VM_OK;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  return vm_tx_finish(&tx, vm_tx_put_account(&tx, (size_t)k, &acc));
}
