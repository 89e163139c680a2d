/* The vm tools (§4.5) on the vm core instead of HTTP calls to routes that do
 * not exist: ownership and the permission matrix decide (vm_permitted; the
 * MCP admin role counts as a network admin), vm.delete needs ownership and
 * force needs an admin, vcpus is range-checked and never truncated. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "mcp.h"

static mcp_tool_err fail(char *msg, size_t cap, mcp_tool_err e, const char *text) {
  snprintf(msg, cap, "%s", text);
  return e;
}

/* An integral JSON number within lo..hi. */
static bool whole_in(json_t *v, double lo, double hi, uint64_t *out) {
  double d = json_number_value(v);
  if (!json_is_number(v) || isnan(d) || d != floor(d) || d < lo || d > hi) return false;
  *out = (uint64_t)d;
  return true;
}

/* The real vcpus reading (§4.5): as_u64 as u8, reals and negatives give 1. */
static unsigned replica_vcpus(json_t *v) {
  return json_is_integer(v) && json_integer_value(v) >= 0 ? (uint8_t)json_integer_value(v) : 1;
}

static json_t *vm_json(const mcp_env *env, const vm_instance *inst) {
  const mcp_vm_spec *sp = mcp_env_spec(env, inst->id);
  return json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:s}", "instance_id", inst->id, "name", sp ? sp->name : "", "owner",
                   inst->owner.hex, "vcpus", sp ? (int)sp->vcpus : 0, "memory_mb", (json_int_t)(sp ? sp->memory_mb : 0),
                   "disk_gb", (json_int_t)(sp ? sp->disk_gb : 0), "status", vm_status_name(inst->machine.status));
}

mcp_tool_err mcp_vm_create(mcp_env *env, const mcp_identity *who, const char *name, unsigned vcpus, uint64_t memory_mb,
                           uint64_t disk_gb, json_t **result, char *msg, size_t cap) {
  if (vm_name_validate(name) != VM_OK) return fail(msg, cap, MCP_TOOL_E_INVALID, "Invalid VM name");
  bool truncating = FF_BUG("mcp.vcpus_truncate");
  if ((vcpus < 1 && !truncating) || vcpus > MCP_VCPUS_MAX) return fail(msg, cap, MCP_TOOL_E_INVALID, "vcpus must be 1..128");
  if (memory_mb < MCP_MEMORY_MIN || memory_mb > MCP_MEMORY_MAX || disk_gb < MCP_DISK_MIN || disk_gb > MCP_DISK_MAX)
    return fail(msg, cap, MCP_TOOL_E_INVALID, "memory_mb must be 512..256000 and disk_gb 5..65535");
  if (!vm_account_get(&env->store, &who->addr) && vm_account_create(&env->store, who->addr.hex) != VM_OK)
    return fail(msg, cap, MCP_TOOL_E_INTERNAL, "No room for another account");
  char build_id[65], id[VM_ADDR_LEN + 1];
  if (vm_build_id(&who->addr, name, build_id) != VM_OK || vm_instance_id(build_id, MCP_NODE_ID, id) != VM_OK)
    return fail(msg, cap, MCP_TOOL_E_INTERNAL, "Cannot derive the instance id");
  vm_err e = vm_instance_create(&env->store, &who->addr, id);
  if (e == VM_E_EXISTS) return fail(msg, cap, MCP_TOOL_E_INVALID, "A VM of this name already exists");
  if (e != VM_OK) return fail(msg, cap, MCP_TOOL_E_INTERNAL, vm_err_message(e));
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    mcp_vm_spec *sp = &env->specs[i];
    if (sp->used) continue;
    *sp = (mcp_vm_spec){.used = true, .vcpus = vcpus, .memory_mb = memory_mb, .disk_gb = disk_gb};
    snprintf(sp->id, sizeof sp->id, "%s", id);
    snprintf(sp->name, sizeof sp->name, "%s", name);
    break;
  }
  *result = vm_json(env, vm_instance_get(&env->store, id));
  return MCP_TOOL_OK;
}

static mcp_tool_err run_create(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  mcp_env *env = ctx->data;
  json_t *v = json_object_get(p, "vcpus");
  uint64_t vcpus, mem, disk;
  if (FF_BUG("mcp.vcpus_truncate")) vcpus = replica_vcpus(v);
  else if (!whole_in(v, 1, MCP_VCPUS_MAX, &vcpus)) return fail(msg, cap, MCP_TOOL_E_INVALID, "vcpus must be 1..128");
  if (!whole_in(json_object_get(p, "memory_mb"), MCP_MEMORY_MIN, MCP_MEMORY_MAX, &mem) ||
      !whole_in(json_object_get(p, "disk_gb"), MCP_DISK_MIN, MCP_DISK_MAX, &disk))
    return fail(msg, cap, MCP_TOOL_E_INVALID, "memory_mb must be 512..256000 and disk_gb 5..65535");
  return mcp_vm_create(env, &ctx->who, json_string_value(json_object_get(p, "name")), (unsigned)vcpus, mem, disk, result,
                       msg, cap);
}

/* The instance named by params' id, if who may do op on it. */
static mcp_tool_err find_permitted(const mcp_tool_ctx *ctx, json_t *p, vm_op op, vm_instance **out, char *msg, size_t cap) {
  mcp_env *env = ctx->data;
  const char *id = json_string_value(json_object_get(p, "id"));
  if (vm_instance_id_validate(id) != VM_OK) return fail(msg, cap, MCP_TOOL_E_INVALID, "id must be 40 lowercase hex");
  vm_instance *inst = vm_instance_find(&env->store, id);
  if (!inst) return fail(msg, cap, MCP_TOOL_E_NOT_FOUND, "No such VM");
  vm_level level = vm_level_of(&env->store, &ctx->who.addr, id);
  bool skip = op == VM_OP_DELETE && FF_BUG("mcp.delete_no_owner");
  if (!skip && !vm_permitted(op, level, ctx->who.is_admin, VM_LEVEL_NONE))
    return fail(msg, cap, MCP_TOOL_E_FORBIDDEN, "Permission denied for this VM");
  *out = inst;
  return MCP_TOOL_OK;
}

static mcp_tool_err run_status(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  vm_instance *inst;
  mcp_tool_err e = find_permitted(ctx, p, VM_OP_READ, &inst, msg, cap);
  if (e == MCP_TOOL_OK) *result = vm_json(ctx->data, inst);
  return e;
}

static mcp_tool_err run_list(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  const mcp_env *env = ctx->data;
  bool all = json_is_true(json_object_get(p, "all_users"));
  if (all && !ctx->who.is_admin) return fail(msg, cap, MCP_TOOL_E_FORBIDDEN, "all_users needs the admin role");
  const vm_instance *sorted[VM_MAX_INSTANCES];
  size_t n = 0;
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    const vm_instance *inst = &env->store.instances[i];
    if (!inst->used || (!all && !vm_addr_equal(&inst->owner, &ctx->who.addr))) continue;
    size_t at = n++;
    while (at > 0 && strcmp(sorted[at - 1]->id, inst->id) > 0) sorted[at] = sorted[at - 1], at--;
    sorted[at] = inst;
  }
  json_t *vms = json_array();
  for (size_t i = 0; i < n; i++) json_array_append_new(vms, vm_json(env, sorted[i]));
  *result = json_pack("{s:o}", "vms", vms);
  return MCP_TOOL_OK;
}

static mcp_tool_err run_control(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  const char *what = json_string_value(json_object_get(p, "operation"));
  vm_op op = strcmp(what, "start") == 0 ? VM_OP_START : strcmp(what, "stop") == 0 ? VM_OP_STOP : VM_OP_REBOOT;
  vm_cmd cmd = op == VM_OP_START ? VM_CMD_START : op == VM_OP_STOP ? VM_CMD_STOP : VM_CMD_REBOOT;
  vm_instance *inst;
  mcp_tool_err e = find_permitted(ctx, p, op, &inst, msg, cap);
  if (e != MCP_TOOL_OK) return e;
  vm_err ve = vm_machine_apply(&inst->machine, cmd);
  if (ve != VM_OK) return fail(msg, cap, MCP_TOOL_E_INVALID, vm_err_message(ve));
  inst->version++;
  *result = vm_json(ctx->data, inst);
  return MCP_TOOL_OK;
}

static mcp_tool_err run_delete(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  mcp_env *env = ctx->data;
  if (json_is_true(json_object_get(p, "force")) && !ctx->who.is_admin)
    return fail(msg, cap, MCP_TOOL_E_FORBIDDEN, "force needs the admin role");
  vm_instance *inst;
  mcp_tool_err e = find_permitted(ctx, p, VM_OP_DELETE, &inst, msg, cap);
  if (e != MCP_TOOL_OK) return e;
  char id[VM_ID_MAX + 1];
  snprintf(id, sizeof id, "%s", inst->id);
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (env->specs[i].used && strcmp(env->specs[i].id, id) == 0) env->specs[i].used = false;
  vm_instance_delete(&env->store, id);
  *result = json_pack("{s:s, s:b}", "instance_id", id, "deleted", 1);
  return MCP_TOOL_OK;
}

#define P_ID {.name = "id", .description = "instance id (40 hex)", .required = true, .type = MCP_T_STRING}
const mcp_tool_def mcp_tool_vm_status = {
    .name = "vm.status", .description = "Status of a VM you may read", .version = "1.0.0", .return_type = "object",
    .params = {P_ID}, .nparams = 1, .tags = {"vm"}, .ntags = 1, .run = run_status};
const mcp_tool_def mcp_tool_vm_list = {
    .name = "vm.list", .description = "Your VMs (all VMs for admins with all_users)", .version = "1.0.0",
    .return_type = "object",
    .params = {{.name = "all_users", .description = "every user's VMs (admin)", .type = MCP_T_BOOLEAN, .default_json = "false"}},
    .nparams = 1, .tags = {"vm"}, .ntags = 1, .run = run_list};
const mcp_tool_def mcp_tool_vm_create = {
    .name = "vm.create", .description = "Create a VM owned by you", .version = "1.0.0", .return_type = "object",
    .params = {{.name = "name", .description = "VM name", .required = true, .type = MCP_T_STRING},
               {.name = "vcpus", .description = "1..128", .type = MCP_T_NUMBER, .default_json = "1"},
               {.name = "memory_mb", .description = "512..256000", .type = MCP_T_NUMBER, .default_json = "1024"},
               {.name = "disk_gb", .description = "5..65535", .type = MCP_T_NUMBER, .default_json = "10"}},
    .nparams = 4, .tags = {"vm"}, .ntags = 1, .long_running = true, .run = run_create};
const mcp_tool_def mcp_tool_vm_control = {
    .name = "vm.control", .description = "Start, stop or restart a VM", .version = "1.0.0", .return_type = "object",
    .params = {P_ID, {.name = "operation", .description = "start, stop or restart", .required = true, .type = MCP_T_STRING,
                      .enum_json = {"\"start\"", "\"stop\"", "\"restart\""}}},
    .nparams = 2, .tags = {"vm"}, .ntags = 1, .long_running = true, .run = run_control};
const mcp_tool_def mcp_tool_vm_delete = {
    .name = "vm.delete", .description = "Delete a VM you own", .version = "1.0.0", .return_type = "object",
    .params = {P_ID, {.name = "force", .description = "admin only", .type = MCP_T_BOOLEAN, .default_json = "false"}},
    .nparams = 2, .tags = {"vm"}, .ntags = 1, .long_running = true, .run = run_delete};
