/* Accounts, instances, the three admin notions, the permission matrix and the
 * two-step transfer, through the core's API. */
#include <stdio.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/fault.h"
#include "gen.h"

static void matrix(void) {
  CHECK(vm_permitted(VM_OP_READ, VM_LEVEL_READONLY, false, VM_LEVEL_NONE));
  CHECK(!vm_permitted(VM_OP_READ, VM_LEVEL_NONE, false, VM_LEVEL_NONE));
  CHECK(!vm_permitted(VM_OP_START, VM_LEVEL_READONLY, false, VM_LEVEL_NONE));
  CHECK(vm_permitted(VM_OP_REBOOT, VM_LEVEL_OPERATOR, false, VM_LEVEL_NONE));
  CHECK(!vm_permitted(VM_OP_DELETE, VM_LEVEL_MANAGER, false, VM_LEVEL_NONE));
  CHECK(vm_permitted(VM_OP_DELETE, VM_LEVEL_NONE, true, VM_LEVEL_NONE)); /* network admin */
  CHECK(!vm_permitted(VM_OP_TRANSFER, VM_LEVEL_NONE, true, VM_LEVEL_NONE));
  CHECK(!vm_permitted(VM_OP_GRANT, VM_LEVEL_NONE, true, VM_LEVEL_READONLY));
  CHECK(vm_permitted(VM_OP_GRANT, VM_LEVEL_MANAGER, false, VM_LEVEL_OPERATOR));
  CHECK(!vm_permitted(VM_OP_GRANT, VM_LEVEL_MANAGER, false, VM_LEVEL_MANAGER));
  CHECK(vm_permitted(VM_OP_GRANT, VM_LEVEL_OWNER, false, VM_LEVEL_MANAGER));
  CHECK(!vm_permitted(VM_OP_GRANT, VM_LEVEL_OWNER, false, VM_LEVEL_OWNER));
  CHECK(vm_permitted(VM_OP_TRANSFER, VM_LEVEL_OWNER, false, VM_LEVEL_NONE));
  vm_level l;
  CHECK(vm_level_parse("Owner", &l) == VM_E_BAD_LEVEL);
  CHECK(vm_level_parse("Manager", &l) == VM_OK && l == VM_LEVEL_MANAGER);
}

/* A failed storage write leaves the store byte-identical: the transfer's
 * three writes (from's set, to's set, the instance), a create's two. */
static void storage_faults(vm_store *st, const vm_addr *owner, const vm_addr *other) {
  char id[41];
  vm_gen_instance_id(0, id);
  CHECK(vm_account_create(st, other->hex) == VM_OK);
  for (int nth = 1; nth <= 4; nth++) {
    char spec[32];
    snprintf(spec, sizeof spec, "storage.write#%d", nth);
    ff_fault_plan plan;
    ff_fault_plan_init(&plan);
    CHECK(ff_fault_plan_parse(&plan, spec, 0, NULL, 0) == 0);
    vm_transfer t;
    CHECK(vm_transfer_begin(st, owner, id, other->hex, &t) == VM_OK);
    vm_store before = *st;
    ff_fault_plan *old = ff_fault_plan_install(&plan);
    vm_err e = vm_transfer_commit(st, &t);
    ff_fault_plan_install(old);
    if (nth <= 3) {
      CHECK(e == VM_E_STORAGE && memcmp(&before, st, sizeof before) == 0);
    } else { /* three writes: the 4th never comes, the transfer is whole; give it back */
      CHECK(e == VM_OK && vm_level_of(st, other, id) == VM_LEVEL_OWNER);
      const char *owned[2];
      CHECK(vm_account_owned(st, other, owned, 2) == 1 && vm_account_owned(st, owner, owned, 2) == 0);
      CHECK(vm_transfer_begin(st, other, id, owner->hex, &t) == VM_OK && vm_transfer_commit(st, &t) == VM_OK);
    }
  }
  char id2[41];
  vm_gen_instance_id(1, id2);
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  CHECK(ff_fault_plan_parse(&plan, "storage.write#2", 0, NULL, 0) == 0);
  vm_store before = *st;
  ff_fault_plan *old = ff_fault_plan_install(&plan);
  CHECK(vm_instance_create(st, owner, id2) == VM_E_STORAGE);
  ff_fault_plan_install(old);
  CHECK(memcmp(&before, st, sizeof before) == 0);
}

int main(void) {
  static vm_store st;
  vm_store_init(&st);
  vm_addr a, b, c;
  vm_gen_key_addr(0, &a);
  vm_gen_key_addr(1, &b);
  vm_gen_key_addr(2, &c);
  char upper[43] = "0X";
  for (size_t i = 0; i < 40; i++)
    upper[2 + i] = (char)(a.hex[i] >= 'a' ? a.hex[i] - 32 : a.hex[i]);
  upper[42] = '\0';
  CHECK(vm_account_create(&st, a.hex) == VM_OK);
  CHECK(vm_account_create(&st, upper) == VM_E_EXISTS); /* one key, one account */
  CHECK(vm_account_create(&st, b.hex) == VM_OK);
  CHECK(vm_account_create(&st, "nothex") == VM_E_BAD_ADDRESS);

  char id[41];
  vm_gen_instance_id(0, id);
  CHECK(vm_instance_create(&st, &c, id) == VM_E_NOT_FOUND); /* no account */
  CHECK(vm_instance_create(&st, &a, "../etc") == VM_E_BAD_ID);
  CHECK(vm_instance_create(&st, &a, id) == VM_OK);
  CHECK(vm_instance_create(&st, &b, id) == VM_E_EXISTS); /* never overwrites */
  CHECK(vm_level_of(&st, &a, id) == VM_LEVEL_OWNER);
  const char *owned[4];
  CHECK(vm_account_owned(&st, &a, owned, 4) == 1 && strcmp(owned[0], id) == 0);
  CHECK(vm_account_owned(&st, &b, owned, 4) == 0);
  CHECK(vm_account_delete(&st, &a) == VM_E_CONFLICT); /* still owns something */

  /* the three admin notions stay apart */
  CHECK(vm_set_global_admin(&st, &b, &b, true) == VM_E_FORBIDDEN);
  CHECK(!vm_is_global_admin(&st, &b));
  CHECK(vm_admin_peer_add(&st, c.hex) == VM_OK);
  CHECK(vm_is_network_admin(&st, &c) && !vm_is_global_admin(&st, &c));
  vm_node node = {.owner = b, .operator_key_count = 1};
  CHECK(vm_address_normalize(upper, &node.operator_keys[0]) == VM_OK);
  CHECK(vm_is_node_admin(&node, &a) && vm_is_node_admin(&node, &b) && !vm_is_node_admin(&node, &c));
  CHECK(!vm_is_network_admin(&st, &a));

  /* grants and the two-step transfer */
  CHECK(vm_grant_set(&st, id, &b, VM_LEVEL_OPERATOR) == VM_OK);
  CHECK(vm_grant_set(&st, id, &a, VM_LEVEL_READONLY) == VM_E_CONFLICT);
  CHECK(vm_grant_set(&st, id, &b, VM_LEVEL_OWNER) == VM_E_BAD_LEVEL);
  vm_transfer t, t2;
  CHECK(vm_transfer_begin(&st, &b, id, a.hex, &t) == VM_E_FORBIDDEN);
  CHECK(vm_transfer_begin(&st, &a, id, c.hex, &t) == VM_E_NOT_FOUND); /* no account for c */
  CHECK(vm_transfer_begin(&st, &a, id, b.hex, &t) == VM_OK);
  CHECK(vm_transfer_begin(&st, &a, id, upper, &t2) == VM_OK);
  CHECK(vm_grant_set(&st, id, &b, VM_LEVEL_READONLY) == VM_OK); /* grant during transfer */
  vm_store before = st;
  CHECK(vm_transfer_commit(&st, &t) == VM_E_CONFLICT);
  CHECK(memcmp(&before, &st, sizeof st) == 0); /* nothing applied */
  CHECK(vm_transfer_begin(&st, &a, id, b.hex, &t) == VM_OK);
  CHECK(vm_transfer_commit(&st, &t) == VM_OK);
  CHECK(vm_level_of(&st, &b, id) == VM_LEVEL_OWNER && vm_level_of(&st, &a, id) == VM_LEVEL_NONE);
  CHECK(vm_instance_get(&st, id)->grant_count == 0); /* b's old grant is gone */
  CHECK(vm_transfer_commit(&st, &t2) == VM_E_CONFLICT); /* a no longer owns it */
  CHECK(vm_level_of(&st, &b, id) == VM_LEVEL_OWNER);
  CHECK(vm_account_delete(&st, &a) == VM_OK);
  storage_faults(&st, &b, &c);
  matrix();
  return check_summary("vm_test_store");
}
