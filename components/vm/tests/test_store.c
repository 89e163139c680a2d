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

/* Installs a plan that fails the nth storage write from now on; returns the
 * plan installed before (give it back with ff_fault_plan_install). */
static ff_fault_plan *fail_nth_write(int nth) {
  static ff_fault_plan plan;
  char spec[32];
  snprintf(spec, sizeof spec, "storage.write#%d", nth);
  ff_fault_plan_init(&plan);
  CHECK(ff_fault_plan_parse(&plan, spec, 0, NULL, 0) == 0);
  return ff_fault_plan_install(&plan);
}

/* A failed storage write leaves the store byte-identical: the transfer's
 * three writes (from's set, to's set, the instance), a create's two. */
static void storage_faults(vm_store *st, const vm_addr *owner, const vm_addr *other) {
  char id[41];
  vm_gen_instance_id(0, id);
  CHECK(vm_account_create(st, other->hex) == VM_OK);
  for (int nth = 1; nth <= 4; nth++) {
    vm_transfer t;
    CHECK(vm_transfer_begin(st, owner, id, other->hex, &t) == VM_OK);
    vm_store before = *st;
    ff_fault_plan *old = fail_nth_write(nth);
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
  vm_store before = *st;
  ff_fault_plan *old = fail_nth_write(2);
  CHECK(vm_instance_create(st, owner, id2) == VM_E_STORAGE);
  ff_fault_plan_install(old);
  CHECK(memcmp(&before, st, sizeof before) == 0);
}

/* Runs change with its nth storage write failing: true when it answered
 * 500 Storage and left the store byte-identical. */
#define FAILS_WHOLE(st, nth, change)                                        \
  ({                                                                        \
    static vm_store before_;                                                \
    before_ = *(st);                                                        \
    ff_fault_plan *old_ = fail_nth_write(nth);                              \
    vm_err e_ = (change);                                                   \
    ff_fault_plan_install(old_);                                            \
    e_ == VM_E_STORAGE && vm_err_http_status(e_) == 500 && memcmp(&before_, (st), sizeof before_) == 0; \
  })

/* The writes vm_permissions and vm_lifecycle drive, each failing in turn: a
 * grant (one write), an account deletion (its grants on two instances, then
 * the account), a start (the instance record) and a delete (the record, then
 * the owner's owned set). One write past the last, the change is whole. */
static void grant_and_lifecycle_faults(void) {
  static vm_store st;
  vm_store_init(&st);
  vm_addr a, b;
  vm_gen_key_addr(0, &a);
  vm_gen_key_addr(1, &b);
  char id0[41], id1[41];
  vm_gen_instance_id(0, id0);
  vm_gen_instance_id(1, id1);
  CHECK(vm_account_create(&st, a.hex) == VM_OK && vm_account_create(&st, b.hex) == VM_OK);
  CHECK(vm_instance_create(&st, &a, id0) == VM_OK && vm_instance_create(&st, &a, id1) == VM_OK);
  CHECK(vm_grant_set(&st, id0, &b, VM_LEVEL_READONLY) == VM_OK);
  CHECK(FAILS_WHOLE(&st, 1, vm_grant_set(&st, id1, &b, VM_LEVEL_OPERATOR)));
  CHECK(FAILS_WHOLE(&st, 1, vm_grant_set(&st, id0, &b, VM_LEVEL_NONE)));
  CHECK(vm_grant_set(&st, id1, &b, VM_LEVEL_OPERATOR) == VM_OK);
  for (int nth = 1; nth <= 3; nth++) CHECK_MSG(FAILS_WHOLE(&st, nth, vm_account_delete(&st, &b)), "account delete, write %d", nth);
  ff_fault_plan *old = fail_nth_write(4);
  CHECK(vm_account_delete(&st, &b) == VM_OK);
  ff_fault_plan_install(old);
  CHECK(!vm_account_get(&st, &b) && vm_instance_get(&st, id0)->grant_count == 0 && vm_instance_get(&st, id1)->grant_count == 0);

  CHECK(FAILS_WHOLE(&st, 1, vm_instance_command(&st, id0, VM_CMD_START)));
  CHECK(vm_instance_get(&st, id0)->machine.status == VM_ST_CREATED);
  CHECK(vm_instance_command(&st, id0, VM_CMD_START) == VM_OK);
  CHECK(vm_instance_get(&st, id0)->machine.status == VM_ST_STARTED && vm_instance_get(&st, id0)->machine.hv == VM_HV_RUNNING);
  CHECK(vm_instance_command(&st, id0, VM_CMD_BUILD_OK) == VM_E_ILLEGAL_TRANSITION);
  for (int nth = 1; nth <= 2; nth++) CHECK_MSG(FAILS_WHOLE(&st, nth, vm_instance_command(&st, id0, VM_CMD_DELETE)), "delete, write %d", nth);
  old = fail_nth_write(3);
  CHECK(vm_instance_command(&st, id0, VM_CMD_DELETE) == VM_OK);
  ff_fault_plan_install(old);
  CHECK(!vm_instance_get(&st, id0) && !vm_owned_has(vm_account_get(&st, &a), id0));
  CHECK(vm_instance_command(&st, id0, VM_CMD_START) == VM_E_NOT_FOUND);
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
  grant_and_lifecycle_faults();
  matrix();
  return check_summary("vm_test_store");
}
