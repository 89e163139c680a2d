/* vm_lifecycle: VM names and command sequences against the state-machine
 * model (lifecycle_model.c, written independently of lifecycle.c). A
 * property (prop.h): the vm fuzzer and the vm_properties test run the same
 * body. Oracles:
 *   vm.name_traversal     an accepted name cannot leave its directory (no '/',
 *                         no "..", not starting with '.', at most 63 bytes);
 *   vm.lifecycle_model    the core accepts a command iff the model does, and
 *                         lands in the model's state;
 *   vm.illegal_transition every accepted change is a listed edge, and the
 *                         hypervisor moved only along §3.6;
 *   vm.state_diverged     the recorded status matches the hypervisor state;
 *   vm.id_derivation      instance_id derivation errors (never crashes) on short
 *                         or non-hex input and is an involution in the node id;
 *   vm.queue_decode       a vmm queue message (subtopic byte + JSON, §0.4) is
 *                         accepted iff it is not empty, its subtopic is 0..5
 *                         and its JSON has the request's string fields, and
 *                         then names the subtopic's command (never a crash on
 *                         an empty message or another subtopic: §7 #9);
 *   vm.fault_atomic       the same commands on a stored instance
 *                         (vm_instance_command; a create once it is deleted)
 *                         follow the model too; a refused one, or one whose
 *                         storage write failed (500 Storage), leaves the store
 *                         byte-identical, a delete also empties the owner's
 *                         owned set.
 * Some commands arrive as such queue messages addressed to the machine.
 * Storage writes fail where the input's fault plan says (its first bytes: up
 * to 8, 2 bits a decision, site storage.write). */
#include <string.h>
#include <strings.h>

#include "formfuzz/oracle.h"
#include "gen.h"
#include "lifecycle_model.h"
#include "formfuzz/prop.h"

#define STEPS 40

static bool reference_name_safe(const char *name) {
  size_t n = strlen(name);
  return n >= 1 && n <= 63 && name[0] != '.' && !strchr(name, '/') && !strstr(name, "..") &&
         !strchr(name, '\\');
}

static void check_ids(ff_input *in) {
  char build[130], node[130], out[41], back[41];
  ff_cstr_from(in, build, sizeof build, "0123456789abcdefABX");
  ff_cstr_from(in, node, sizeof node, "0123456789abcdef");
  vm_err e = vm_instance_id(build, node, out);
  if (strlen(build) < 40 || strlen(node) < 40) {
    FF_INVARIANT(e != VM_OK, "vm.id_derivation", "short id accepted: %s / %s", build, node);
    return;
  }
  if (e != VM_OK) return;
  FF_INVARIANT(vm_instance_id(out, node, back) == VM_OK && strncasecmp(back, build, 40) == 0 &&
                   strlen(back) == 40,
               "vm.id_derivation", "XOR with the node id is not an involution");
}

/* A vmm queue message addressed to the machine (sometimes empty, another
 * subtopic, or JSON without a field); the command it carries, if accepted. */
static bool queue_command(ff_input *in, const char *name, vm_cmd *c) {
  static const vm_cmd EXPECT[6] = {VM_CMD_CREATE, VM_CMD_START, VM_CMD_DELETE, VM_CMD_STOP, VM_CMD_REBOOT, VM_CMD_START};
  char msg[256];
  size_t len = 0;
  if (strpbrk(name, "\\\"")) return false; /* a hostile name (vm.name_traversal) would need JSON escapes */
  unsigned shape = (unsigned)ff_choose(in, 8); /* 0 empty, 1 any subtopic, 2 a field missing, else well-formed */
  uint8_t sub = shape == 1 ? ff_u8(in) : (uint8_t)ff_choose(in, 6);
  if (shape != 0) {
    msg[0] = (char)sub;
    if (shape == 2)
      len = 1 + (size_t)snprintf(msg + 1, sizeof msg - 1, "{\"name\":\"%s\"}", name);
    else if (sub == 0)
      len = 1 + (size_t)snprintf(msg + 1, sizeof msg - 1, "{\"name\":\"%s\",\"formfile\":\"{}\",\"owner\":\"0x00\"}", name);
    else
      len = 1 + (size_t)snprintf(msg + 1, sizeof msg - 1, "{\"id\":\"%s\",\"name\":\"%s\"}", name, name);
  }
  vm_queue_msg q;
  vm_err e = vm_queue_decode((const uint8_t *)msg, len, &q);
  bool want = shape != 0 && sub < 6 && shape != 2;
  FF_INVARIANT((e == VM_OK) == want, "vm.queue_decode", "message of %zu bytes, subtopic %u: %s", len, sub,
               vm_err_name(e));
  if (e != VM_OK) return false;
  FF_INVARIANT(q.cmd == EXPECT[sub] && strcmp(q.target, name) == 0, "vm.queue_decode",
               "subtopic %u decoded as %s for %s", sub, vm_cmd_name(q.cmd), q.target);
  *c = q.cmd;
  return true;
}

/* A stored instance: the record of id, owned by owner. */
typedef struct stored {
  vm_store st;
  vm_addr owner;
  char id[41];
} stored;

/* Command c on the stored instance (create again once deleted), checked
 * against the model. */
static void stored_step(stored *w, vm_cmd c, const ff_fault_plan *plan) {
  static vm_store before;
  before = w->st;
  const vm_instance *was = vm_instance_get(&w->st, w->id);
  vm_status from = was ? was->machine.status : VM_ST_DELETED;
  const vm_model_edge *edge = was ? vm_model_edge_for(from, c) : NULL;
  bool model_ok = was ? edge != NULL : c == VM_CMD_CREATE;
  uint32_t fired = plan->total_fired;
  vm_err e = !was && c == VM_CMD_CREATE ? vm_instance_create(&w->st, &w->owner, w->id)
                                        : vm_instance_command(&w->st, w->id, c);
  bool faulted = plan->total_fired != fired;
  FF_INVARIANT(faulted ? e == VM_E_STORAGE && vm_err_http_status(e) == 500 : (e == VM_OK) == model_ok,
               "vm.lifecycle_model", "stored instance: %s in %s: core %s, model %s%s", vm_cmd_name(c),
               vm_status_name(from), vm_err_name(e), model_ok ? "allows" : "refuses",
               faulted ? " (a storage write failed)" : "");
  if (e != VM_OK) {
    FF_INVARIANT(memcmp(&before, &w->st, sizeof before) == 0, "vm.fault_atomic", "refused %s (%s) changed the store",
                 vm_cmd_name(c), vm_err_name(e));
    return;
  }
  vm_status to = edge ? edge->to : VM_ST_CREATED;
  const vm_instance *now = vm_instance_get(&w->st, w->id);
  bool owned = vm_owned_has(vm_account_get(&w->st, &w->owner), w->id);
  if (to == VM_ST_DELETED)
    FF_INVARIANT(!now && !owned, "vm.lifecycle_model", "deleted instance still %s", now ? "stored" : "owned");
  else
    FF_INVARIANT(now && owned && now->machine.status == to && now->machine.hv == vm_model_hv_for(to),
                 "vm.state_diverged", "stored instance after %s: %s/%s, expected %s/%s%s", vm_cmd_name(c),
                 now ? vm_status_name(now->machine.status) : "gone", now ? vm_hv_name(now->machine.hv) : "-",
                 vm_status_name(to), vm_hv_name(vm_model_hv_for(to)), owned ? "" : ", not in the owned set");
}

FF_PROPERTY(vm_lifecycle) {
  vm_gen_faults_draw(in, 8, 2);
  check_ids(in);
  char name[80];
  static const char *const NAMES[] = {"my-agent", "vm-0", "web.1", "a"};
  if (ff_bool(in))
    ff_cstr_from(in, name, sizeof name, "abz09-_./\\A");
  else
    strcpy(name, FF_PICK(in, NAMES));
  vm_machine m;
  vm_err e = vm_machine_init(&m, name);
  if (e != VM_OK) {
    vm_gen_faults_end();
    return;
  }
  FF_INVARIANT(reference_name_safe(name), "vm.name_traversal", "unsafe VM name accepted: \"%s\"", name);

  static stored w;
  vm_store_init(&w.st);
  vm_gen_key_addr(0, &w.owner);
  vm_gen_instance_id(0, w.id);
  FF_INVARIANT(vm_account_create(&w.st, w.owner.hex) == VM_OK && vm_instance_create(&w.st, &w.owner, w.id) == VM_OK,
               "vm.lifecycle_model", "the stored instance could not be set up");
  const ff_fault_plan *plan = vm_gen_faults_arm();
  for (int s = 0; s < STEPS && ff_remaining(in) > 0; s++) {
    vm_cmd c = (vm_cmd)ff_choose(in, VM_CMD_COUNT + 2);
    if (c >= VM_CMD_COUNT && !queue_command(in, name, &c)) continue;
    stored_step(&w, c, plan);
    vm_machine before = m;
    const vm_model_edge *want = vm_model_edge_for(m.status, c);
    e = vm_machine_apply(&m, c);
    FF_INVARIANT((e == VM_OK) == (want != NULL), "vm.lifecycle_model", "%s in %s: core %s, model %s",
                 vm_cmd_name(c), vm_status_name(before.status), vm_err_name(e),
                 want ? "allows" : "refuses");
    if (e != VM_OK) {
      FF_INVARIANT(memcmp(&before, &m, sizeof m) == 0, "vm.illegal_transition",
                   "refused %s changed the machine", vm_cmd_name(c));
      continue;
    }
    FF_INVARIANT(m.status == want->to, "vm.illegal_transition", "%s: %s -> %s, expected %s",
                 vm_cmd_name(c), vm_status_name(before.status), vm_status_name(m.status),
                 vm_status_name(want->to));
    FF_INVARIANT(vm_model_hv_path_ok(before.hv, m.hv, c), "vm.illegal_transition",
                 "hypervisor %s -> %s on %s", vm_hv_name(before.hv), vm_hv_name(m.hv), vm_cmd_name(c));
    FF_INVARIANT(m.hv == vm_model_hv_for(m.status), "vm.state_diverged", "status %s with hypervisor %s",
                 vm_status_name(m.status), vm_hv_name(m.hv));
  }
  vm_gen_faults_end();
}
