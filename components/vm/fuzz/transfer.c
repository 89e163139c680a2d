/* vm_transfer: ownership transfers as begin/commit steps (begun from the real
 * {"TransferOwnership":{from_address,to_address,instance_id}} body), interleaved (the
 * input decides the order) with other transfers, deletes, grants, creates
 * (from the real Instance body of POST /v1/instance/create) and account
 * deletions: transfer vs transfer, transfer vs delete, grant
 * during transfer. Storage writes fail where the input's fault plan says
 * (fault site storage.write, 2 bits a decision from 8 input bytes). A model
 * tracks who owns what. A property (prop.h): the fuzzer and the
 * vm_properties test run it. Oracles, after every step:
 *   vm.one_owner        every instance has exactly one owner, an existing
 *                       account, and exactly that account's owned set names it
 *                       (ownership is kept in two places, §2.8);
 *   vm.owner_level      the owner holds Owner, no grant says Owner or names the owner;
 *   vm.views_agree      each account's owned list is exactly the instances naming it;
 *   vm.model_owner      the core's owners equal the model's;
 *   vm.transfer_atomic  a failed commit changes nothing; a successful one
 *                       changes only that instance's owner (and the new
 *                       owner's superseded grant);
 *   vm.transfer_stale_authority  a commit succeeds only if the one who began
 *                       it still owns the instance;
 *   vm.create_overwrite a create never replaces an existing instance;
 *   vm.fault_atomic     a step refused (a failed storage write among them)
 *                       leaves the store byte-identical. */
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define STEPS 32
#define PENDING 3
#define NOBODY (-1)

typedef struct world {
  vm_store st;
  vm_addr addr[VM_GEN_KEYS];
  char ids[VM_GEN_IDS][41];
  int owner[VM_GEN_IDS];       /* model: key index or NOBODY (no instance) */
  bool account[VM_GEN_KEYS];   /* model: account exists */
  vm_transfer pending[PENDING];
} world;

static void check_invariants(const world *w) {
  const vm_store *st = &w->st;
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    const vm_instance *in = &st->instances[i];
    if (!in->used) continue;
    const vm_account *owner = vm_account_get(st, &in->owner);
    size_t listing = 0;
    for (size_t a = 0; a < VM_MAX_ACCOUNTS; a++)
      listing += st->accounts[a].used && vm_owned_has(&st->accounts[a], in->id);
    FF_INVARIANT(owner != NULL && vm_owned_has(owner, in->id) && listing == 1, "vm.one_owner",
                 "instance %.12s: instance_owner %s (%s), %zu accounts list it as owned", in->id,
                 in->owner.hex, owner ? (vm_owned_has(owner, in->id) ? "lists it" : "does not list it") : "no account",
                 listing);
    FF_INVARIANT(vm_level_of(st, &in->owner, in->id) == VM_LEVEL_OWNER, "vm.owner_level",
                 "owner of %.12s does not hold Owner", in->id);
    for (size_t g = 0; g < in->grant_count; g++) {
      FF_INVARIANT(in->grants[g].level < VM_LEVEL_OWNER, "vm.owner_level", "a grant of Owner");
      FF_INVARIANT(!vm_addr_equal(&in->grants[g].who, &in->owner), "vm.owner_level",
                   "the owner also holds a grant");
    }
  }
  for (size_t a = 0; a < VM_MAX_ACCOUNTS; a++) {
    const vm_account *acc = &st->accounts[a];
    if (!acc->used) continue;
    const char *ids[VM_MAX_INSTANCES];
    size_t n = vm_account_owned(st, &acc->address, ids, VM_MAX_INSTANCES);
    for (size_t j = 0; j < n; j++) {
      const vm_instance *in = vm_instance_get(st, ids[j]);
      FF_INVARIANT(in && vm_addr_equal(&in->owner, &acc->address), "vm.views_agree",
                   "account %s lists %.12s as owned; instance_owner is %s", acc->address.hex, ids[j],
                   in ? in->owner.hex : "(no such instance)");
    }
  }
  for (size_t i = 0; i < VM_GEN_IDS; i++) {
    const vm_instance *in = vm_instance_get(st, w->ids[i]);
    if (w->owner[i] == NOBODY) {
      FF_INVARIANT(!in, "vm.model_owner", "instance %zu exists, model says deleted", i);
    } else {
      FF_INVARIANT(in && vm_addr_equal(&in->owner, &w->addr[w->owner[i]]), "vm.model_owner",
                   "instance %zu: core owner %s, model key %d", i, in ? in->owner.hex : "none",
                   w->owner[i]);
    }
  }
}

static int key_of(const world *w, const vm_addr *a) {
  for (int k = 0; k < VM_GEN_KEYS; k++)
    if (vm_addr_equal(&w->addr[k], a)) return k;
  return NOBODY;
}

static int inst_of(const world *w, const char *id) {
  for (int i = 0; i < VM_GEN_IDS; i++)
    if (strcmp(w->ids[i], id) == 0) return i;
  return NOBODY;
}

static void step_commit(world *w, vm_transfer *t) {
  if (!t->active) return;
  int i = inst_of(w, t->id), from = key_of(w, &t->from), to = key_of(w, &t->to);
  vm_store before = w->st;
  vm_err e = vm_transfer_commit(&w->st, t);
  if (e != VM_OK) {
    FF_INVARIANT(memcmp(&before, &w->st, sizeof before) == 0, "vm.transfer_atomic",
                 "failed commit (%s) changed state", vm_err_name(e));
    return;
  }
  FF_INVARIANT(i != NOBODY && w->owner[i] == from, "vm.transfer_stale_authority",
               "transfer begun by key %d committed while key %d owns instance %d", from,
               i == NOBODY ? NOBODY : w->owner[i], i);
  FF_INVARIANT(w->account[to], "vm.transfer_atomic", "transfer to a deleted account");
  /* only this instance's owner (and to's grant on it) may differ */
  vm_instance *after = vm_instance_find(&w->st, t->id);
  for (size_t s = 0; s < VM_MAX_INSTANCES; s++) {
    if (&w->st.instances[s] == after) continue;
    FF_INVARIANT(memcmp(&before.instances[s], &w->st.instances[s], sizeof before.instances[s]) == 0,
                 "vm.transfer_atomic", "commit touched another instance");
  }
  w->owner[i] = to;
}

static void step(ff_input *in, world *w) {
  vm_store before = w->st;
  vm_err e = VM_OK;
  size_t actor = ff_choose(in, VM_GEN_KEYS), other = ff_choose(in, VM_GEN_KEYS);
  size_t i = ff_choose(in, VM_GEN_IDS), slot = ff_choose(in, PENDING);
  vm_addr *who = &w->addr[actor];
  switch (ff_choose(in, 7)) {
  case 0: { /* begin a transfer (slot reused: the old one is abandoned), from
             * the route's real body {"TransferOwnership":{...}} */
    char to_spelled[43], from_spelled[43], body[256];
    vm_gen_address_spelling(in, &w->addr[other], to_spelled);
    vm_gen_address_spelling(in, who, from_spelled);
    int n = snprintf(body, sizeof body,
                     "{\"TransferOwnership\":{\"from_address\":\"%s\",\"to_address\":\"%s\",\"instance_id\":\"%s\"}}",
                     from_spelled, to_spelled, w->ids[i]);
    vm_transfer_body b;
    FF_INVARIANT(vm_transfer_request_parse((const uint8_t *)body, (size_t)n, &b) == VM_OK &&
                     strcmp(b.instance_id, w->ids[i]) == 0 && strcmp(b.to, to_spelled) == 0 &&
                     strcmp(b.from, from_spelled) == 0,
                 "vm.model_owner", "transfer body not read back: %s", body);
    e = vm_transfer_begin(&w->st, who, b.instance_id, b.to, &w->pending[slot]);
    bool model_ok = w->owner[i] == (int)actor && w->account[other];
    FF_INVARIANT((e == VM_OK) == model_ok, "vm.model_owner", "begin by key %zu on %zu: %s", actor,
                 i, vm_err_name(e));
    break;
  }
  case 1:
  case 2: step_commit(w, &w->pending[slot]); break;
  case 3: { /* delete by the owner */
    if (w->owner[i] != (int)actor) break;
    e = vm_instance_delete(&w->st, w->ids[i]);
    FF_INVARIANT(e == VM_OK || e == VM_E_STORAGE, "vm.model_owner", "delete refused: %s", vm_err_name(e));
    if (e == VM_OK) w->owner[i] = NOBODY;
    break;
  }
  case 4: { /* grant or revoke by the owner */
    if (w->owner[i] != (int)actor || other == actor || !w->account[other]) break;
    vm_level l = (vm_level)ff_range(in, VM_LEVEL_NONE, VM_LEVEL_MANAGER);
    e = vm_grant_set(&w->st, w->ids[i], &w->addr[other], l);
    FF_INVARIANT(e == VM_OK || e == VM_E_NOT_FOUND || e == VM_E_STORAGE, "vm.model_owner", "grant refused: %s",
                 vm_err_name(e));
    break;
  }
  case 5: { /* create (maybe of an id that exists) from the route's real
             * body, an Instance (maybe bent: then refused) */
    if (!w->account[actor]) break;
    char body[2048], owner_spelled[43];
    vm_gen_address_spelling(in, &w->addr[other], owner_spelled);
    vm_instance_bend bend = vm_gen_instance_json(in, w->ids[i], owner_spelled, body, sizeof body);
    vm_instance_body b;
    e = vm_instance_request_parse((const uint8_t *)body, strlen(body), &b);
    bool readable = bend == VM_INSTANCE_VALID || bend == VM_INSTANCE_OPTION_MISSING || bend == VM_INSTANCE_UNKNOWN_FIELD;
    FF_INVARIANT((e == VM_OK) == readable, "vm.model_owner", "Instance body (bend %d) read as %s: %s", (int)bend,
                 vm_err_name(e), body);
    if (e == VM_OK) e = vm_instance_api_create(&w->st, who, &b, 0);
    FF_INVARIANT(e != VM_OK || w->owner[i] == NOBODY, "vm.create_overwrite",
                 "key %zu re-created instance %zu owned by key %d", actor, i, w->owner[i]);
    if (e == VM_OK) w->owner[i] = (int)actor;
    break;
  }
  default: { /* delete an account: refused while it owns something */
    e = vm_account_delete(&w->st, who);
    bool owns = false;
    for (size_t j = 0; j < VM_GEN_IDS; j++) owns = owns || w->owner[j] == (int)actor;
    FF_INVARIANT(e == VM_E_STORAGE || (e == VM_OK) == (w->account[actor] && !owns), "vm.one_owner",
                 "account delete of key %zu: %s", actor, vm_err_name(e));
    if (e == VM_OK) w->account[actor] = false;
    break;
  }
  }
  if (e != VM_OK)
    FF_INVARIANT(memcmp(&before, &w->st, sizeof before) == 0, "vm.fault_atomic", "refused step (%s) changed the store",
                 vm_err_name(e));
}

FF_PROPERTY(vm_transfer) {
  /* installed first (nothing fails until the input's bits are handed over):
   * a run cut short by a failed invariant leaves no stale plan behind */
  ff_fault_plan plan;
  ff_fault_plan_init(&plan);
  ff_fault_plan_install(&plan);
  world w;
  memset(&w, 0, sizeof w);
  vm_store_init(&w.st);
  for (size_t k = 0; k < VM_GEN_KEYS; k++) {
    vm_gen_key_addr(k, &w.addr[k]);
    w.account[k] = vm_account_create(&w.st, w.addr[k].hex) == VM_OK;
  }
  for (size_t i = 0; i < VM_GEN_IDS; i++) {
    vm_gen_instance_id(i, w.ids[i]);
    w.owner[i] = NOBODY;
    if (ff_bool(in)) continue;
    int owner = (int)ff_choose(in, VM_GEN_KEYS);
    if (vm_instance_create(&w.st, &w.addr[owner], w.ids[i]) == VM_OK) w.owner[i] = owner;
  }
  check_invariants(&w);
  size_t flen;
  const uint8_t *fbits = ff_bytes_view(in, 8, &flen);
  ff_fault_plan_use_input(&plan, fbits, flen, 2, "storage");
  for (int s = 0; s < STEPS && ff_remaining(in) > 0; s++) {
    step(in, &w);
    check_invariants(&w);
  }
  ff_fault_plan_install(NULL);
}
