/* Accounts and instances (§2.1, §2.3) in fixed-size tables. Ownership is
 * recorded in both places of the real data model: the instance's owner and
 * the owner account's owned set (owned_instances). Every change that moves
 * ownership writes both, as one transaction (store_tx.c), so the two agree
 * even when a write fails (§2.8). Every change takes a new store-wide version
 * number, which pending operations compare.
 * Known-bug replicas: vm.create_overwrite, create replaces an existing
 * instance (§2.5 /instance/create has no existence check); vm.owner_one_side,
 * instance create and delete write only the instance record and leave the
 * accounts' owned sets alone (§2.5, §2.8, §7 #15): an instance no account
 * owns, or an id an account still owns after a delete (and a second owner
 * once the id is created again); vm.status_diverged, a start, stop or reboot
 * whose record write fails keeps the hypervisor's move (it acted first, §3.4,
 * §7 #15) while the recorded status stays: the two diverge. */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

void vm_store_init(vm_store *s) { memset(s, 0, sizeof *s); }

long vm_account_slot(const vm_store *s, const vm_addr *a) {
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++)
    if (s->accounts[i].used && vm_addr_equal(&s->accounts[i].address, a)) return (long)i;
  return -1;
}

long vm_instance_slot(const vm_store *s, const char *id) {
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (s->instances[i].used && strcmp(s->instances[i].id, id) == 0) return (long)i;
  return -1;
}

const vm_account *vm_account_get(const vm_store *s, const vm_addr *a) {
  long k = vm_account_slot(s, a);
  return k < 0 ? NULL : &s->accounts[k];
}

vm_instance *vm_instance_find(vm_store *s, const char *id) {
  long k = vm_instance_slot(s, id);
  return k < 0 ? NULL : &s->instances[k];
}

const vm_instance *vm_instance_get(const vm_store *s, const char *id) {
  return vm_instance_find((vm_store *)s, id);
}

bool vm_owned_has(const vm_account *acc, const char *id) {
  for (size_t i = 0; i < acc->owned_count; i++)
    if (strcmp(acc->owned[i], id) == 0) return true;
  return false;
}

vm_err vm_owned_add(vm_account *acc, const char *id) {
  if (strlen(id) > VM_ID_MAX) return VM_E_BAD_ID;
  if (vm_owned_has(acc, id)) return VM_OK;
  if (acc->owned_count == VM_MAX_INSTANCES) return VM_E_FULL;
  size_t at = 0;
  while (at < acc->owned_count && strcmp(acc->owned[at], id) < 0) at++;
  memmove(acc->owned[at + 1], acc->owned[at], (acc->owned_count - at) * sizeof acc->owned[0]);
  memset(acc->owned[at], 0, sizeof acc->owned[at]);
  strcpy(acc->owned[at], id);
  acc->owned_count++;
  return VM_OK;
}

void vm_owned_remove(vm_account *acc, const char *id) {
  for (size_t i = 0; i < acc->owned_count; i++) {
    if (strcmp(acc->owned[i], id) != 0) continue;
    memmove(acc->owned[i], acc->owned[i + 1], (acc->owned_count - i - 1) * sizeof acc->owned[0]);
    acc->owned_count--;
    memset(acc->owned[acc->owned_count], 0, sizeof acc->owned[0]);
    return;
  }
}

vm_err vm_account_create(vm_store *s, const char *address) {
  vm_addr a;
  vm_err e = vm_address_normalize(address, &a);
  if (e != VM_OK) return e;
  if (vm_account_slot(s, &a) >= 0) return VM_E_EXISTS;
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++) {
    if (s->accounts[i].used) continue;
    vm_account acc;
    memset(&acc, 0, sizeof acc);
    acc.used = true;
    acc.address = a;
    vm_tx tx;
    vm_tx_begin(&tx, s);
    return vm_tx_finish(&tx, vm_tx_put_account(&tx, i, &acc));
  }
  return VM_E_FULL;
}

vm_err vm_account_delete(vm_store *s, const vm_addr *a) {
  long k = vm_account_slot(s, a);
  if (k < 0) return VM_E_NOT_FOUND;
  const char *owned[1];
  if (vm_account_owned(s, a, owned, 1) > 0) return VM_E_CONFLICT; /* transfer or delete them first */
  vm_tx tx;
  vm_tx_begin(&tx, s);
  vm_err e = VM_OK;
  for (size_t i = 0; e == VM_OK && i < VM_MAX_INSTANCES; i++) { /* the grants it held go with it */
    const vm_instance *was = &s->instances[i];
    if (!was->used || vm_level_of(s, a, was->id) == VM_LEVEL_NONE) continue;
    vm_instance in = *was;
    for (size_t g = 0; g < in.grant_count; g++)
      if (vm_addr_equal(&in.grants[g].who, a)) {
        in.grants[g] = in.grants[--in.grant_count];
        break;
      }
    e = vm_tx_put_instance(&tx, i, &in);
  }
  vm_account gone;
  memset(&gone, 0, sizeof gone);
  if (e == VM_OK) e = vm_tx_put_account(&tx, (size_t)k, &gone);
  return vm_tx_finish(&tx, e);
}

/* Writes the instance record and, unless vm.owner_one_side, the owner's set. */
static vm_err write_owned(vm_tx *tx, const vm_addr *owner, const char *id, bool add) {
  if (FF_BUG("vm.owner_one_side")) return VM_OK; /* the real create/delete: instance record only */
  long k = vm_account_slot(tx->s, owner);
  if (k < 0) return VM_OK; /* no account holds it (only reachable through the replica) */
  vm_account acc = tx->s->accounts[k];
  if (add) {
    vm_err e = vm_owned_add(&acc, id);
    if (e != VM_OK) return e;
  } else {
    vm_owned_remove(&acc, id);
  }
  return vm_tx_put_account(tx, (size_t)k, &acc);
}

vm_err vm_instance_create(vm_store *s, const vm_addr *owner, const char *id) {
  return vm_instance_create_described(s, owner, id, "", 0);
}

vm_err vm_instance_create_described(vm_store *s, const vm_addr *owner, const char *id, const char *spec,
                                    int64_t now) {
  if (strlen(spec) > VM_INSTANCE_SPEC_MAX) return VM_E_TOO_LARGE;
  vm_err e = vm_instance_id_validate(id);
  if (e != VM_OK) return e;
  if (vm_account_slot(s, owner) < 0) return VM_E_NOT_FOUND;
  long k = vm_instance_slot(s, id);
  if (k >= 0 && !FF_BUG("vm.create_overwrite")) return VM_E_EXISTS;
  for (size_t i = 0; k < 0 && i < VM_MAX_INSTANCES; i++)
    if (!s->instances[i].used) k = (long)i;
  if (k < 0) return VM_E_FULL;
  vm_instance in;
  memset(&in, 0, sizeof in);
  in.used = true;
  strcpy(in.id, id);
  in.owner = *owner;
  strcpy(in.spec, spec);
  in.created_at = in.updated_at = now;
  /* the id is a valid machine name (40 hex digits), so these cannot fail */
  if (vm_machine_init(&in.machine, id) != VM_OK || vm_machine_apply(&in.machine, VM_CMD_BUILD_OK) != VM_OK ||
      vm_machine_apply(&in.machine, VM_CMD_CREATE) != VM_OK)
    return VM_E_BAD_ID;
  in.version = s->changes + 1;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  e = vm_tx_put_instance(&tx, (size_t)k, &in);
  if (e == VM_OK) e = write_owned(&tx, owner, id, true);
  return vm_tx_finish(&tx, e);
}

vm_err vm_instance_delete(vm_store *s, const char *id) {
  long k = vm_instance_slot(s, id);
  if (k < 0) return VM_E_NOT_FOUND;
  vm_addr owner = s->instances[k].owner;
  vm_instance gone;
  memset(&gone, 0, sizeof gone);
  vm_tx tx;
  vm_tx_begin(&tx, s);
  vm_err e = vm_tx_put_instance(&tx, (size_t)k, &gone);
  if (e == VM_OK) e = write_owned(&tx, &owner, id, false);
  return vm_tx_finish(&tx, e);
}

vm_err vm_instance_command(vm_store *s, const char *id, vm_cmd c) {
  long k = vm_instance_slot(s, id);
  if (k < 0) return VM_E_NOT_FOUND;
  vm_instance next = s->instances[k];
  vm_err e = vm_machine_apply(&next.machine, c);
  if (e != VM_OK) return e;
  if (c == VM_CMD_DELETE) return vm_instance_delete(s, id);
  vm_tx tx;
  vm_tx_begin(&tx, s);
  e = vm_tx_finish(&tx, vm_tx_put_instance(&tx, (size_t)k, &next));
  if (e == VM_E_STORAGE && FF_BUG("vm.status_diverged"))
    s->instances[k].machine.hv = next.machine.hv; /* the VM has moved; only its status write was lost */
  return e;
}

size_t vm_account_owned(const vm_store *s, const vm_addr *a, const char **ids, size_t cap) {
  const vm_account *acc = vm_account_get(s, a);
  if (!acc) return 0;
  for (size_t i = 0; i < acc->owned_count && i < cap; i++) ids[i] = acc->owned[i];
  return acc->owned_count;
}

vm_level vm_level_of(const vm_store *s, const vm_addr *a, const char *id) {
  const vm_instance *in = vm_instance_get(s, id);
  if (!in || !vm_account_get(s, a)) return VM_LEVEL_NONE;
  if (vm_addr_equal(&in->owner, a)) return VM_LEVEL_OWNER;
  for (size_t i = 0; i < in->grant_count; i++)
    if (vm_addr_equal(&in->grants[i].who, a)) return in->grants[i].level;
  return VM_LEVEL_NONE;
}

vm_err vm_grant_set(vm_store *s, const char *id, const vm_addr *who, vm_level level) {
  long k = vm_instance_slot(s, id);
  if (k < 0) return VM_E_NOT_FOUND;
  if (level == VM_LEVEL_OWNER || level > VM_LEVEL_OWNER) return VM_E_BAD_LEVEL;
  if (vm_account_slot(s, who) < 0) return VM_E_NOT_FOUND;
  vm_instance in = s->instances[k];
  if (vm_addr_equal(&in.owner, who)) return VM_E_CONFLICT; /* the owner's level is Owner */
  size_t g = 0;
  while (g < in.grant_count && !vm_addr_equal(&in.grants[g].who, who)) g++;
  if (g == in.grant_count) {
    if (level == VM_LEVEL_NONE) return VM_E_NOT_FOUND;
    if (in.grant_count == VM_MAX_GRANTS) return VM_E_FULL;
    in.grants[in.grant_count++].who = *who;
  }
  if (level == VM_LEVEL_NONE) {
    in.grants[g] = in.grants[--in.grant_count];
    memset(&in.grants[in.grant_count], 0, sizeof in.grants[0]);
  } else {
    in.grants[g].level = level;
  }
  in.version = s->changes + 1;
  vm_tx tx;
  vm_tx_begin(&tx, s);
  return vm_tx_finish(&tx, vm_tx_put_instance(&tx, (size_t)k, &in));
}
