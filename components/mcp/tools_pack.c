/* form_pack_build and form_pack_ship (§4.5) on the Formfile parsers and the
 * vm core instead of raw writes to a queue route that does not exist: a
 * build takes a Formfile (text grammar, or its JSON when it starts with
 * '{'), is recorded under build_id = hex(SHA3-256(caller || name)) and owned
 * by the caller; a ship deploys one of the caller's own builds as a VM owned
 * by the caller, with the Formfile's resources. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/crypto.h"
#include "mcp.h"

static mcp_tool_err fail(char *msg, size_t cap, mcp_tool_err e, const char *text) {
  snprintf(msg, cap, "%s", text);
  return e;
}

/* Password salts for this request: a source seeded from its request id. */
static void request_rng(const mcp_tool_ctx *ctx, mcp_rng *rng) {
  uint8_t h[32];
  ff_sha256(ctx->request_id, strlen(ctx->request_id), h);
  uint64_t seed = 0;
  for (int i = 0; i < 8; i++) seed = seed << 8 | h[i];
  mcp_rng_seed(rng, seed);
}

static mcp_tool_err record_build(const mcp_tool_ctx *ctx, const mcp_formfile *ff, json_t **result, char *msg, size_t cap);

static mcp_tool_err run_build(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  json_t *text = json_object_get(p, "formfile");
  mcp_formfile *f = malloc(sizeof *f);
  if (!f) return fail(msg, cap, MCP_TOOL_E_INTERNAL, "out of memory");
  mcp_rng rng;
  request_rng(ctx, &rng);
  char err[MCP_ERR_MAX];
  mcp_tool_err e = mcp_formfile_parse_any(json_string_value(text), json_string_length(text), &rng, f, err, sizeof err)
                       ? record_build(ctx, f, result, msg, cap)
                       : fail(msg, cap, MCP_TOOL_E_INVALID, err);
  free(f);
  return e;
}

static mcp_tool_err record_build(const mcp_tool_ctx *ctx, const mcp_formfile *ff, json_t **result, char *msg, size_t cap) {
  mcp_env *env = ctx->data;
  char build_id[65];
  if (vm_build_id(&ctx->who.addr, ff->name, build_id) != VM_OK) return fail(msg, cap, MCP_TOOL_E_INTERNAL, "no build id");
  mcp_build *slot = NULL;
  for (size_t i = 0; i < MCP_BUILDS_MAX && !slot; i++)
    if (env->builds[i].used && strcmp(env->builds[i].build_id, build_id) == 0) slot = &env->builds[i]; /* a rebuild */
  for (size_t i = 0; i < MCP_BUILDS_MAX && !slot; i++)
    if (!env->builds[i].used) slot = &env->builds[i];
  if (!slot) return fail(msg, cap, MCP_TOOL_E_INTERNAL, "No room for another build");
  *slot = (mcp_build){.used = true, .owner = ctx->who.addr, .vcpus = ff->vcpus, .memory_mb = ff->memory_mb,
                      .disk_gb = ff->has_disk ? ff->disk_gb : 10};
  strcpy(slot->build_id, build_id);
  strcpy(slot->name, ff->name);
  char path[sizeof MCP_IMAGE_DIR + 80];
  snprintf(path, sizeof path, "%s/%s.raw", MCP_IMAGE_DIR, build_id);
  *result = json_pack("{s:s, s:s, s:s, s:i, s:I, s:I, s:s}", "build_id", build_id, "name", ff->name, "image_path", path,
                      "vcpus", slot->vcpus, "memory_mb", (json_int_t)slot->memory_mb, "disk_gb", (json_int_t)slot->disk_gb,
                      "status", "Built");
  return MCP_TOOL_OK;
}

static mcp_tool_err run_ship(const mcp_tool_ctx *ctx, json_t *p, json_t **result, char *msg, size_t cap) {
  mcp_env *env = ctx->data;
  const char *id = json_string_value(json_object_get(p, "build_id"));
  const mcp_build *b = NULL;
  for (size_t i = 0; i < MCP_BUILDS_MAX && !b; i++)
    if (env->builds[i].used && strcmp(env->builds[i].build_id, id) == 0 && vm_addr_equal(&env->builds[i].owner, &ctx->who.addr))
      b = &env->builds[i];
  if (!b) return fail(msg, cap, MCP_TOOL_E_NOT_FOUND, "No such build of yours");
  return mcp_vm_create(env, &ctx->who, json_string_value(json_object_get(p, "instance_name")), b->vcpus, b->memory_mb,
                       b->disk_gb, result, msg, cap);
}

const mcp_tool_def mcp_tool_pack_build = {
    .name = "form_pack_build", .description = "Build a workload image from a Formfile", .version = "1.0.0",
    .return_type = "object",
    .params = {{.name = "formfile", .description = "Formfile text, or its JSON", .required = true, .type = MCP_T_STRING}},
    .nparams = 1, .tags = {"pack"}, .ntags = 1, .long_running = true, .run = run_build};
const mcp_tool_def mcp_tool_pack_ship = {
    .name = "form_pack_ship", .description = "Deploy one of your builds as a VM", .version = "1.0.0",
    .return_type = "object",
    .params = {{.name = "build_id", .description = "from form_pack_build", .required = true, .type = MCP_T_STRING},
               {.name = "instance_name", .description = "VM name", .required = true, .type = MCP_T_STRING}},
    .nparams = 2, .tags = {"pack", "vm"}, .ntags = 2, .long_running = true, .run = run_ship};
