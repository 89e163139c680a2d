/* The three distinct "admin" notions of §2.4, each with its own question and
 * its own data, never substituted for one another:
 *   global admin  - an account flag; gates node-route writers only;
 *   network admin - an admin peer of the network; may read, operate and delete
 *                   any instance (never transfer or grant);
 *   node admin    - a node's owner or operator key; concerns that node only.
 * All comparisons use the normalized address (the real node check compares
 * operator keys case-sensitively). */
#include "vm.h"

bool vm_is_global_admin(const vm_store *s, const vm_addr *a) {
  const vm_account *acc = vm_account_get(s, a);
  return acc && acc->is_global_admin;
}

bool vm_is_network_admin(const vm_store *s, const vm_addr *a) {
  for (size_t i = 0; i < s->admin_peer_count; i++)
    if (vm_addr_equal(&s->admin_peers[i], a)) return true;
  return false;
}

vm_err vm_admin_peer_add(vm_store *s, const char *address) {
  vm_addr a;
  vm_err e = vm_address_normalize(address, &a);
  if (e != VM_OK) return e;
  if (vm_is_network_admin(s, &a)) return VM_E_EXISTS;
  if (s->admin_peer_count == VM_MAX_ADMIN_PEERS) return VM_E_FULL;
  s->admin_peers[s->admin_peer_count++] = a;
  s->changes++;
  return VM_OK;
}

bool vm_is_node_admin(const vm_node *n, const vm_addr *a) {
  if (vm_addr_equal(&n->owner, a)) return true;
  for (size_t i = 0; i < n->operator_key_count; i++)
    if (vm_addr_equal(&n->operator_keys[i], a)) return true;
  return false;
}

vm_err vm_set_global_admin(vm_store *s, const vm_addr *caller, const vm_addr *target, bool value) {
  if (!vm_is_global_admin(s, caller)) return VM_E_FORBIDDEN;
  return vm_global_admin_write(s, target, value);
}

vm_err vm_global_admin_write(vm_store *s, const vm_addr *target, bool value) {
  long k = vm_account_slot(s, target);
  if (k < 0) return VM_E_NOT_FOUND;
  if (s->accounts[k].is_global_admin == value) return VM_OK;
  vm_account acc = s->accounts[k];
  acc.is_global_admin = value;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  return vm_tx_finish(&tx, vm_tx_put_account(&tx, (size_t)k, &acc));
}
