/* The built-in tools' state (the vm core's store, VM specs, pack builds)
 * and their registration: each definition is copied into the env and points
 * back at it, so several servers can live side by side. */
#include <string.h>

#include "mcp.h"

void mcp_env_init(mcp_env *env) {
  memset(env, 0, sizeof *env);
  vm_store_init(&env->store);
}

mcp_reg_err mcp_env_register(mcp_env *env, mcp_registry *r) {
  const mcp_tool_def *builtin[] = {&mcp_tool_vm_status, &mcp_tool_vm_list, &mcp_tool_vm_create, &mcp_tool_vm_control,
                                   &mcp_tool_vm_delete, &mcp_tool_pack_build, &mcp_tool_pack_ship};
  _Static_assert(sizeof builtin / sizeof *builtin <= MCP_BUILTIN_TOOLS, "room for every built-in tool");
  for (size_t i = 0; i < sizeof builtin / sizeof *builtin; i++) {
    env->defs[i] = *builtin[i];
    env->defs[i].data = env;
    mcp_reg_err e = mcp_registry_add(r, &env->defs[i]);
    if (e != MCP_REG_OK) return e;
  }
  return MCP_REG_OK;
}

const mcp_vm_spec *mcp_env_spec(const mcp_env *env, const char *id) {
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
    if (env->specs[i].used && strcmp(env->specs[i].id, id) == 0) return &env->specs[i];
  return NULL;
}
