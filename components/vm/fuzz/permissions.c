/* vm_permissions: random grants, revocations, permission questions and
 * accounts that leave and come back, against a reference model of the
 * operation x level matrix (a property, prop.h: the fuzzer and the
 * vm_properties test run it). Addresses reach the core in any valid spelling
 * (case, 0x). Storage writes fail where the input's fault plan says (its first
 * bytes: up to 8, 2 bits a decision, site storage.write). Oracles:
 *   vm.level_mismatch   the core's level for (key, instance) equals the model's;
 *   vm.matrix_mismatch  vm_permitted agrees with the reference matrix below;
 *   vm.grant_mismatch   a grant the model allows succeeds, one it refuses
 *                       fails; under a failed write the answer is 500 Storage;
 *   vm.owner_level      nobody but the owner ever holds Owner;
 *   vm.addr_identity    an account made from any spelling is found by the
 *                       canonical address;
 *   vm.account_leave    an account deletion is refused (409) while the account
 *                       owns an instance, else takes its grants with it;
 *   vm.fault_atomic     a refused grant, revocation, deletion or creation (a
 *                       failed storage write among them) leaves the store
 *                       byte-identical. */
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define STEPS 24

/* Reference matrix, written out: R = ReadOnly, O = Operator, M = Manager, W = Owner. */
static bool reference_permitted(vm_op op, vm_level level, bool net_admin, vm_level target) {
  switch (op) {
  case VM_OP_CREATE: return true;
  case VM_OP_READ: return net_admin || level >= VM_LEVEL_READONLY;
  case VM_OP_START:
  case VM_OP_STOP:
  case VM_OP_REBOOT: return net_admin || level >= VM_LEVEL_OPERATOR;
  case VM_OP_DELETE:
  case VM_OP_UPDATE: return net_admin || level == VM_LEVEL_OWNER;
  case VM_OP_TRANSFER: return level == VM_LEVEL_OWNER;
  case VM_OP_GRANT:
  case VM_OP_REVOKE:
    if (level == VM_LEVEL_OWNER) return target >= VM_LEVEL_READONLY && target <= VM_LEVEL_MANAGER;
    if (level == VM_LEVEL_MANAGER) return target >= VM_LEVEL_READONLY && target <= VM_LEVEL_OPERATOR;
    return false;
  default: return false;
  }
}

typedef struct model {
  vm_level level[VM_GEN_KEYS][VM_GEN_IDS];
  bool account[VM_GEN_KEYS];
} model;

/* A refused change must leave the store as it was. */
static void check_unchanged(const vm_store *before, const vm_store *st, const char *what, vm_err e) {
  FF_INVARIANT(memcmp(before, st, sizeof *st) == 0, "vm.fault_atomic", "refused %s (%s) changed the store", what,
               vm_err_name(e));
}

/* Key k's account is deleted (refused while it owns an instance: 409; its
 * grants go with it), then created again from another spelling. */
static void leave_and_return(ff_input *in, vm_store *st, model *m, const ff_fault_plan *plan, size_t k,
                             const vm_addr *addr) {
  static vm_store before;
  before = *st;
  bool owns = false;
  for (size_t i = 0; i < VM_GEN_IDS; i++) owns |= m->level[k][i] == VM_LEVEL_OWNER;
  uint32_t fired = plan->total_fired;
  vm_err e = vm_account_delete(st, addr);
  vm_err want = !m->account[k] ? VM_E_NOT_FOUND : owns ? VM_E_CONFLICT : plan->total_fired != fired ? VM_E_STORAGE : VM_OK;
  FF_INVARIANT(e == want, "vm.account_leave", "delete of key %zu: %s, expected %s", k, vm_err_name(e), vm_err_name(want));
  if (e != VM_OK) {
    check_unchanged(&before, st, "account delete", e);
  } else {
    m->account[k] = false;
    for (size_t i = 0; i < VM_GEN_IDS; i++) m->level[k][i] = VM_LEVEL_NONE;
  }
  if (m->account[k]) return;
  char spelled[43];
  vm_gen_address_spelling(in, addr, spelled);
  before = *st;
  fired = plan->total_fired;
  e = vm_account_create(st, spelled);
  FF_INVARIANT(e == (plan->total_fired != fired ? VM_E_STORAGE : VM_OK), "vm.addr_identity",
               "account %s not created again: %s", spelled, vm_err_name(e));
  if (e != VM_OK) check_unchanged(&before, st, "account create", e);
  m->account[k] = e == VM_OK;
  FF_INVARIANT((vm_account_get(st, addr) != NULL) == m->account[k], "vm.addr_identity",
               "key %zu's account (made from %s) %s by its address", k, spelled, m->account[k] ? "not found" : "found");
}

FF_PROPERTY(vm_permissions) {
  vm_gen_faults_draw(in, 8, 2);
  static vm_store st, before;
  model m;
  memset(&m, 0, sizeof m);
  vm_store_init(&st);
  vm_addr addr[VM_GEN_KEYS];
  char ids[VM_GEN_IDS][41];
  for (size_t k = 0; k < VM_GEN_KEYS; k++) {
    char spelled[43];
    vm_gen_key_addr(k, &addr[k]);
    vm_gen_address_spelling(in, &addr[k], spelled);
    FF_INVARIANT(vm_account_create(&st, spelled) == VM_OK, "vm.grant_mismatch",
                 "account %s refused", spelled);
    m.account[k] = true;
  }
  size_t net_admin = ff_choose(in, VM_GEN_KEYS + 1); /* VM_GEN_KEYS: nobody */
  if (net_admin < VM_GEN_KEYS) vm_admin_peer_add(&st, addr[net_admin].hex);
  for (size_t i = 0; i < VM_GEN_IDS; i++) {
    size_t owner = ff_choose(in, VM_GEN_KEYS);
    vm_gen_instance_id(i, ids[i]);
    FF_INVARIANT(vm_instance_create(&st, &addr[owner], ids[i]) == VM_OK, "vm.addr_identity",
                 "key %zu's account (created from another spelling) not found by its address", owner);
    m.level[owner][i] = VM_LEVEL_OWNER;
  }
  const ff_fault_plan *plan = vm_gen_faults_arm();

  for (int step = 0; step < STEPS && ff_remaining(in) > 0; step++) {
    size_t actor = ff_choose(in, VM_GEN_KEYS), target = ff_choose(in, VM_GEN_KEYS);
    size_t inst = ff_choose(in, VM_GEN_IDS);
    vm_op op = (vm_op)ff_choose(in, VM_OP_COUNT + 1); /* VM_OP_COUNT: the actor's account leaves */
    vm_level wanted = (vm_level)ff_range(in, VM_LEVEL_NONE, VM_LEVEL_OWNER);
    char spelled[43];
    vm_addr actor_addr, target_addr;
    vm_gen_address_spelling(in, &addr[actor], spelled);
    FF_INVARIANT(vm_address_normalize(spelled, &actor_addr) == VM_OK, "vm.level_mismatch",
                 "valid spelling %s refused", spelled);
    vm_gen_address_spelling(in, &addr[target], spelled);
    FF_INVARIANT(vm_address_normalize(spelled, &target_addr) == VM_OK, "vm.level_mismatch",
                 "valid spelling %s refused", spelled);

    if (op == VM_OP_COUNT) {
      leave_and_return(in, &st, &m, plan, actor, &addr[actor]);
      continue;
    }
    vm_level level = vm_level_of(&st, &actor_addr, ids[inst]);
    FF_INVARIANT(level == m.level[actor][inst], "vm.level_mismatch",
                 "key %zu on instance %zu: core %s, model %s (spelled %s)", actor, inst,
                 vm_level_name(level), vm_level_name(m.level[actor][inst]), spelled);
    bool is_admin = vm_is_network_admin(&st, &actor_addr);
    FF_INVARIANT(is_admin == (actor == net_admin), "vm.level_mismatch", "network admin mismatch");

    vm_level target_now = m.level[target][inst];
    vm_level asked = op == VM_OP_REVOKE ? target_now : wanted;
    bool allowed = vm_permitted(op, level, is_admin, asked);
    FF_INVARIANT(allowed == reference_permitted(op, m.level[actor][inst], is_admin, asked),
                 "vm.matrix_mismatch", "%s by %s (admin %d) target %s: core %d", vm_op_name(op),
                 vm_level_name(level), is_admin, vm_level_name(asked), allowed);
    if (!allowed || (op != VM_OP_GRANT && op != VM_OP_REVOKE)) continue;

    /* least privilege: never change someone at or above your own level */
    if (target_now != VM_LEVEL_NONE &&
        !reference_permitted(VM_OP_REVOKE, m.level[actor][inst], false, target_now))
      continue;
    vm_level new_level = op == VM_OP_REVOKE ? VM_LEVEL_NONE : wanted;
    bool model_ok = m.account[target] && target_now != VM_LEVEL_OWNER && !(op == VM_OP_REVOKE && target_now == VM_LEVEL_NONE);
    before = st;
    uint32_t fired = plan->total_fired;
    vm_err e = vm_grant_set(&st, ids[inst], &target_addr, new_level);
    bool faulted = plan->total_fired != fired;
    FF_INVARIANT(faulted ? e == VM_E_STORAGE && vm_err_http_status(e) == 500 : (e == VM_OK) == model_ok,
                 "vm.grant_mismatch", "%s of %s to key %zu on %zu: core %s, model %s%s", vm_op_name(op),
                 vm_level_name(new_level), target, inst, vm_err_name(e), model_ok ? "ok" : "refuse",
                 faulted ? " (a storage write failed)" : "");
    if (e == VM_OK) m.level[target][inst] = new_level;
    else check_unchanged(&before, &st, vm_op_name(op), e);

    for (size_t k = 0; k < VM_GEN_KEYS; k++)
      for (size_t i = 0; i < VM_GEN_IDS; i++) {
        const vm_instance *vi = vm_instance_get(&st, ids[i]);
        bool owner = vi && vm_addr_equal(&vi->owner, &addr[k]);
        FF_INVARIANT((vm_level_of(&st, &addr[k], ids[i]) == VM_LEVEL_OWNER) == owner,
                     "vm.owner_level", "key %zu instance %zu: Owner level without ownership", k, i);
      }
  }
  vm_gen_faults_end();
}
