/* Operations (§4.4) with the intended behaviour: v4 UUIDs from the core's
 * seeded random source, guarded transitions (Queued -> Running ->
 * Completed | Failed, Cancelled from Queued or Running), progress clamped to
 * 0..1, expiry of terminal operations after their TTL on the caller's clock,
 * and an operation readable only by its owner or an admin. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "mcp.h"

static const char *const STATUS_NAMES[] = {"queued", "running", "completed", "failed", "cancelled"};

const char *mcp_op_status_name(mcp_op_status s) { return (unsigned)s <= MCP_OP_CANCELLED ? STATUS_NAMES[s] : "?"; }

bool mcp_op_terminal(mcp_op_status s) { return s == MCP_OP_COMPLETED || s == MCP_OP_FAILED || s == MCP_OP_CANCELLED; }

void mcp_ops_init(mcp_ops *o) { memset(o, 0, sizeof *o); }

static void op_release(mcp_operation *op) {
  json_decref(op->params);
  json_decref(op->result);
  memset(op, 0, sizeof *op);
}

void mcp_ops_free(mcp_ops *o) {
  for (size_t i = 0; i < MCP_OPS_MAX; i++)
    if (o->ops[i].used) op_release(&o->ops[i]);
}

void mcp_uuid4(mcp_rng *rng, char out[MCP_UUID_LEN + 1]) {
  uint8_t b[16];
  mcp_rng_fill(rng, b, sizeof b);
  b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
  b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
  char hex[33];
  vm_hex_encode(b, 16, hex);
  snprintf(out, MCP_UUID_LEN + 1, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

size_t mcp_ops_cleanup(mcp_ops *o, uint64_t now) {
  size_t n = 0;
  for (size_t i = 0; i < MCP_OPS_MAX; i++) {
    mcp_operation *op = &o->ops[i];
    if (op->used && mcp_op_terminal(op->status) && now > op->completed && now - op->completed > op->ttl) {
      op_release(op);
      n++;
    }
  }
  return n;
}

mcp_operation *mcp_ops_create(mcp_ops *o, mcp_rng *rng, const mcp_identity *who, const mcp_tool_def *tool,
                              json_t *params, uint64_t now) {
  mcp_ops_cleanup(o, now);
  for (size_t i = 0; i < MCP_OPS_MAX; i++) {
    mcp_operation *op = &o->ops[i];
    if (op->used) continue;
    op->used = true;
    mcp_uuid4(rng, op->id);
    op->who = *who;
    op->tool = tool;
    op->status = MCP_OP_QUEUED;
    op->params = json_incref(params);
    op->created = op->updated = now;
    op->ttl = MCP_OP_TTL;
    return op;
  }
  return NULL;
}

bool mcp_op_start(mcp_operation *op, uint64_t now) {
  if (op->status != MCP_OP_QUEUED) return false;
  op->status = MCP_OP_RUNNING;
  op->updated = now;
  return true;
}

bool mcp_op_progress(mcp_operation *op, double p, uint64_t now) {
  if (op->status != MCP_OP_RUNNING) return false;
  op->progress = isnan(p) ? op->progress : p < 0 ? 0 : p > 1 ? 1 : p;
  op->updated = now;
  return true;
}

static void finish(mcp_operation *op, mcp_op_status s, uint64_t now) {
  op->status = s;
  op->updated = op->completed = now;
}

bool mcp_op_complete(mcp_operation *op, json_t *result, uint64_t now) {
  if (op->status != MCP_OP_RUNNING) {
    json_decref(result);
    return false;
  }
  op->result = result;
  op->progress = 1.0;
  finish(op, MCP_OP_COMPLETED, now);
  return true;
}

bool mcp_op_fail(mcp_operation *op, int status, const char *error, uint64_t now) {
  if (op->status != MCP_OP_RUNNING) return false;
  mcp_ascii_copy(op->error, sizeof op->error, error);
  op->error_status = status;
  finish(op, MCP_OP_FAILED, now);
  return true;
}

bool mcp_op_cancel(mcp_operation *op, uint64_t now) {
  if (op->status != MCP_OP_QUEUED && op->status != MCP_OP_RUNNING) return false;
  finish(op, MCP_OP_CANCELLED, now);
  return true;
}

mcp_operation *mcp_ops_get(mcp_ops *o, const char *id, const mcp_identity *who) {
  for (size_t i = 0; i < MCP_OPS_MAX; i++) {
    mcp_operation *op = &o->ops[i];
    if (!op->used || strcmp(op->id, id) != 0) continue;
    bool may = who->is_admin || vm_addr_equal(&op->who.addr, &who->addr);
    return may || FF_BUG("mcp.operation_any_reader") ? op : NULL;
  }
  return NULL;
}

json_t *mcp_op_json(const mcp_operation *op) {
  return json_pack("{s:s, s:s, s:f, s:O?, s:s?}", "id", op->id, "status", mcp_op_status_name(op->status), "progress",
                   op->progress, "result", op->result, "error", op->status == MCP_OP_FAILED ? op->error : NULL);
}
