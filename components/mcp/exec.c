/* Running a tool for an identity (§4.3) with the intended behaviour: the
 * token's identity is the one the tool runs as, tool errors go out with the
 * ToolError table's HTTP status (never 200 "success"), and a long-running
 * tool's failure fails its operation (never "completed"). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "mcp.h"

static void set_error(mcp_exec *out, int status, const char *msg) {
  out->status = status;
  out->data = NULL;
  snprintf(out->message, sizeof out->message, "%s", msg);
}

/* ToolResponse{status, result, error} */
static json_t *tool_response(mcp_tool_err e, json_t *result, const char *msg) {
  return json_pack("{s:s, s:o, s:s?}", "status", e == MCP_TOOL_OK ? "success" : "error",
                   "result", result ? result : json_null(), "error", e == MCP_TOOL_OK ? NULL : msg);
}

/* The real server's context (§4.2): every caller is "test_user", an admin. */
static mcp_identity replica_identity(const mcp_identity *who) {
  mcp_identity id = *who;
  vm_address_normalize(MCP_TEST_USER_ADDR, &id.addr);
  id.is_admin = id.is_user = true;
  return id;
}

void mcp_execute(const mcp_registry *r, mcp_ops *ops, mcp_rng *rng, const mcp_identity *caller, const char *name,
                 json_t *params, uint64_t now, mcp_exec *out) {
  memset(out, 0, sizeof *out);
  mcp_identity who = FF_BUG("mcp.identity_ignored") ? replica_identity(caller) : *caller;
  const mcp_tool_def *d = mcp_registry_find(r, name);
  if (!d) {
    char msg[MCP_MSG_MAX];
    snprintf(msg, sizeof msg, "Tool '%.*s' not found", MCP_TOOL_NAME_MAX, name);
    set_error(out, 404, msg);
    return;
  }
  if (!who.is_user) {
    set_error(out, 403, "Permission denied: the token has no \"user\" role");
    return;
  }
  json_t *resolved = NULL;
  char msg[MCP_MSG_MAX] = "";
  mcp_tool_err e = mcp_params_resolve(d, params, &resolved, msg, sizeof msg);
  if (e != MCP_TOOL_OK) {
    set_error(out, mcp_tool_err_http(e), msg);
    return;
  }
  if (d->long_running) {
    mcp_operation *op = mcp_ops_create(ops, rng, &who, d, resolved, now);
    json_decref(resolved);
    if (!op) {
      set_error(out, 500, "Operation table full");
      return;
    }
    char m[MCP_MSG_MAX];
    snprintf(m, sizeof m, "Tool '%s' execution has been queued", d->name);
    out->status = 202;
    out->data = json_pack("{s:s, s:s, s:s}", "operation_id", op->id, "status", "queued", "message", m);
    return;
  }
  mcp_tool_ctx ctx = {.who = who, .data = d->data, .now = now};
  mcp_uuid4(rng, ctx.request_id);
  json_t *result = NULL;
  e = d->run(&ctx, resolved, &result, msg, sizeof msg);
  json_decref(resolved);
  if (e != MCP_TOOL_OK && !FF_BUG("mcp.tool_error_200")) {
    json_decref(result);
    set_error(out, mcp_tool_err_http(e), msg);
    return;
  }
  if (e != MCP_TOOL_OK) { /* the replica: an error answered as a 200 ToolResponse */
    json_decref(result);
    result = NULL;
  }
  out->status = 200;
  out->data = tool_response(e, result, msg);
}

size_t mcp_ops_run_pending(mcp_ops *ops, uint64_t now) {
  size_t n = 0;
  for (size_t i = 0; i < MCP_OPS_MAX; i++) {
    mcp_operation *op = &ops->ops[i];
    if (!op->used || op->status != MCP_OP_QUEUED || !mcp_op_start(op, now)) continue;
    mcp_tool_ctx ctx = {.who = op->who, .data = op->tool->data, .now = now};
    snprintf(ctx.request_id, sizeof ctx.request_id, "%s", op->id);
    json_t *result = NULL;
    char msg[MCP_MSG_MAX] = "";
    mcp_op_progress(op, 0.5, now);
    mcp_tool_err e = op->tool->run(&ctx, op->params, &result, msg, sizeof msg);
    if (e == MCP_TOOL_OK) mcp_op_complete(op, result, now);
    else {
      json_decref(result);
      if (FF_BUG("mcp.tool_error_200")) mcp_op_complete(op, tool_response(e, NULL, msg), now);
      else mcp_op_fail(op, mcp_tool_err_http(e), msg, now);
    }
    n++;
  }
  return n;
}
