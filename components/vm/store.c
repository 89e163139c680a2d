/* Accounts and instances (§2.1, §2.3) in fixed-size tables. Ownership is
 * recorded once, as the instance's owner; the account view is computed from
 * it (vm_account_owned), so the two views of §2.8 cannot drift. Every change
 * takes a new store-wide version number, which pending operations compare.
 * Known-bug replica vm.create_overwrite: create replaces an existing instance
 * (§2.5 /instance/create has no existence check). */
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

void vm_store_init(vm_store *s) { memset(s, 0, sizeof *s); }

static vm_account *find_account(vm_store *s, const vm_addr *a) {
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++)
    if (s->accounts[i].used && vm_addr_equal(&s->accounts[i].address, a)) return &s->accounts[i];
  return NULL;
}

const vm_account *vm_account_get(const vm_store *s, const vm_addr *a) {
  return find_account((vm_store *)s, a);
}

vm_err vm_account_create(vm_store *s, const char *address) {
  vm_addr a;
  vm_err e = vm_address_normalize(address, &a);
  if (e != VM_OK) return e;
  if (find_account(s, &a)) return VM_E_EXISTS;
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++) {
    if (s->accounts[i].used) continue;
    memset(&s->accounts[i], 0, sizeof s->accounts[i]);
    s->accounts[i].used = true;
    s->accounts[i].address = a;
    s->changes++;
    return VM_OK;
  }
  return VM_E_FULL;
}

vm_instance *vm_instance_find(vm_store *s, const char *id) {
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (s->instances[i].used && strcmp(s->instances[i].id, id) == 0) return &s->instances[i];
  return NULL;
}

const vm_instance *vm_instance_get(const vm_store *s, const char *id) {
  return vm_instance_find((vm_store *)s, id);
}

static void drop_grant(vm_instance *in, const vm_addr *who) {
  for (size_t i = 0; i < in->grant_count; i++) {
    if (!vm_addr_equal(&in->grants[i].who, who)) continue;
    in->grants[i] = in->grants[--in->grant_count];
    return;
  }
}

vm_err vm_account_delete(vm_store *s, const vm_addr *a) {
  vm_account *acc = find_account(s, a);
  if (!acc) return VM_E_NOT_FOUND;
  const char *owned[1];
  if (vm_account_owned(s, a, owned, 1) > 0) return VM_E_CONFLICT; /* transfer or delete them first */
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (s->instances[i].used) drop_grant(&s->instances[i], a);
  acc->used = false;
  s->changes++;
  return VM_OK;
}

vm_err vm_instance_create(vm_store *s, const vm_addr *owner, const char *id) {
  vm_err e = vm_instance_id_validate(id);
  if (e != VM_OK) return e;
  if (!find_account(s, owner)) return VM_E_NOT_FOUND;
  vm_instance *slot = vm_instance_find(s, id);
  if (slot && !FF_BUG("vm.create_overwrite")) return VM_E_EXISTS;
  for (size_t i = 0; !slot && i < VM_MAX_INSTANCES; i++)
    if (!s->instances[i].used) slot = &s->instances[i];
  if (!slot) return VM_E_FULL;
  memset(slot, 0, sizeof *slot);
  slot->used = true;
  strcpy(slot->id, id);
  slot->owner = *owner;
  /* the id is a valid machine name (40 hex digits), so these cannot fail */
  if (vm_machine_init(&slot->machine, id) != VM_OK || vm_machine_apply(&slot->machine, VM_CMD_BUILD_OK) != VM_OK ||
      vm_machine_apply(&slot->machine, VM_CMD_CREATE) != VM_OK) {
    memset(slot, 0, sizeof *slot);
    return VM_E_BAD_ID;
  }
  slot->version = ++s->changes;
  return VM_OK;
}

vm_err vm_instance_delete(vm_store *s, const char *id) {
  vm_instance *in = vm_instance_find(s, id);
  if (!in) return VM_E_NOT_FOUND;
  in->used = false;
  s->changes++;
  return VM_OK;
}

size_t vm_account_owned(const vm_store *s, const vm_addr *a, const char **ids, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    const vm_instance *in = &s->instances[i];
    if (!in->used || !vm_addr_equal(&in->owner, a)) continue;
    if (n < cap) ids[n] = in->id;
    n++;
  }
  return n;
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
  vm_instance *in = vm_instance_find(s, id);
  if (!in) return VM_E_NOT_FOUND;
  if (level == VM_LEVEL_OWNER || level > VM_LEVEL_OWNER) return VM_E_BAD_LEVEL;
  if (!find_account(s, who)) return VM_E_NOT_FOUND;
  if (vm_addr_equal(&in->owner, who)) return VM_E_CONFLICT; /* the owner's level is Owner */
  for (size_t i = 0; i < in->grant_count; i++) {
    if (!vm_addr_equal(&in->grants[i].who, who)) continue;
    if (level == VM_LEVEL_NONE)
      in->grants[i] = in->grants[--in->grant_count];
    else
      in->grants[i].level = level;
    in->version = ++s->changes;
    return VM_OK;
  }
  if (level == VM_LEVEL_NONE) return VM_E_NOT_FOUND;
  if (in->grant_count == VM_MAX_GRANTS) return VM_E_FULL;
  in->grants[in->grant_count].who = *who;
  in->grants[in->grant_count].level = level;
  in->grant_count++;
  in->version = ++s->changes;
  return VM_OK;
}
