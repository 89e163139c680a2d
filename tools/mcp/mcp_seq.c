/* Decoding call-sequence records into JSON-RPC messages (see mcp_seq.h). */
#include "mcp_seq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp_schema_gen.h"

/* kind % 16: valid calls most often, then attacks and the rest */
static const mcp_step_kind KIND_TABLE[16] = {
    MCP_STEP_CALL_VALID,    MCP_STEP_CALL_VALID,  MCP_STEP_CALL_VALID,    MCP_STEP_CALL_VALID,
    MCP_STEP_CALL_ATTACK,   MCP_STEP_CALL_ATTACK, MCP_STEP_CALL_ATTACK,   MCP_STEP_CALL_PAST,
    MCP_STEP_CALL_PAST,     MCP_STEP_CALL_PAST,   MCP_STEP_CALL_UNKNOWN,  MCP_STEP_RESOURCE_READ,
    MCP_STEP_PROMPT_GET,    MCP_STEP_PROTOCOL,    MCP_STEP_PING,          MCP_STEP_LIST,
};

mcp_step_kind mcp_seq_kind(uint8_t kind_byte) { return KIND_TABLE[kind_byte % 16]; }

size_t mcp_seq_records(const uint8_t *data, size_t size, mcp_record *out, size_t cap) {
  size_t n = 0, off = 0;
  while (n < cap && off + MCP_RECORD_HEADER <= size) {
    size_t len = data[off + 2];
    if (off + MCP_RECORD_HEADER + len > size) break;
    out[n++] = (mcp_record){.offset = off, .kind = data[off], .target = data[off + 1],
                            .payload = data + off + MCP_RECORD_HEADER, .len = len};
    off += MCP_RECORD_HEADER + len;
  }
  return n;
}

int mcp_seq_append(uint8_t **buf, size_t *size, uint8_t kind, uint8_t target,
                   const uint8_t *payload, size_t len) {
  if (len > 255) len = 255;
  uint8_t *nb = realloc(*buf, *size + MCP_RECORD_HEADER + len);
  if (!nb) return -1;
  nb[*size] = kind;
  nb[*size + 1] = target;
  nb[*size + 2] = (uint8_t)len;
  if (len) memcpy(nb + *size + MCP_RECORD_HEADER, payload, len);
  *buf = nb;
  *size += MCP_RECORD_HEADER + len;
  return 0;
}

void mcp_step_free(mcp_step *st) {
  json_decref(st->args);
  json_decref(st->id);
  json_decref(st->echo_id);
  free(st->text);
  memset(st, 0, sizeof *st);
}

/* {"jsonrpc":"2.0","id":id,"method":m,"params":p}: p stolen; id borrowed. */
static char *request_text(json_t *id, const char *method, json_t *params) {
  json_t *req = json_pack("{s:s, s:s}", "jsonrpc", "2.0", "method", method);
  if (id) json_object_set(req, "id", id);
  if (params) json_object_set_new(req, "params", params);
  char *text = json_dumps(req, JSON_COMPACT | JSON_ENCODE_ANY);
  json_decref(req);
  return text;
}

static const json_t *pick(const json_t *list, uint8_t target) {
  size_t n = json_array_size(list);
  return n ? json_array_get(list, target % n) : NULL;
}

static void tool_call(mcp_step *st, ff_input *in, mcp_session *s, const mcp_gen_ctx *c,
                      uint8_t target, mcp_gen_mode mode) {
  st->tool = pick(s->tools, target);
  const char *name = st->tool ? json_string_value(json_object_get(st->tool, "name")) : NULL;
  snprintf(st->name, sizeof st->name, "%s", name ? name : "formfuzz_no_tool");
  json_t *schema = st->tool ? json_object_get(st->tool, "inputSchema") : NULL;
  st->args = mcp_gen_args(schema, in, c, mode);
  mcp_schema_check(schema, st->args, &st->check);
  st->id = mcp_session_new_id(s);
  st->text = request_text(st->id, "tools/call",
                          json_pack("{s:s, s:O}", "name", st->name, "arguments", st->args));
}

static void resource_read(mcp_step *st, ff_input *in, mcp_session *s, const mcp_gen_ctx *c,
                          uint8_t target) {
  const json_t *res = pick(s->resources, target);
  const char *uri = res ? json_string_value(json_object_get(res, "uri")) : NULL;
  json_t *uri_value;
  if (uri && ff_range(in, 0, 2) != 0) {
    uri_value = json_string(uri);
  } else { /* a made-up or attack URI */
    size_t len;
    char *a = mcp_attack_string(in, c, &len);
    uri_value = a ? json_stringn_nocheck(a, len) : json_string("file:///etc/passwd");
    free(a);
  }
  snprintf(st->name, sizeof st->name, "%s", uri ? uri : "");
  st->id = mcp_session_new_id(s);
  st->text = request_text(st->id, "resources/read", json_pack("{s:o}", "uri", uri_value));
}

static void prompt_get(mcp_step *st, ff_input *in, mcp_session *s, const mcp_gen_ctx *c,
                       uint8_t target) {
  const json_t *p = pick(s->prompts, target);
  const char *name = p ? json_string_value(json_object_get(p, "name")) : NULL;
  snprintf(st->name, sizeof st->name, "%s", name ? name : "formfuzz_no_prompt");
  st->args = json_object();
  json_t *arglist = p ? json_object_get(p, "arguments") : NULL;
  size_t i;
  json_t *a;
  json_array_foreach(arglist, i, a) {
    const char *an = json_string_value(json_object_get(a, "name"));
    if (!an || (!json_is_true(json_object_get(a, "required")) && !ff_bool(in))) continue;
    size_t len = 1;
    char *v = ff_bool(in) ? mcp_attack_string(in, c, &len) : strdup("1");
    if (v) json_object_set_new(st->args, an, json_stringn_nocheck(v, len));
    free(v);
  }
  st->id = mcp_session_new_id(s);
  st->text = request_text(st->id, "prompts/get",
                          json_pack("{s:s, s:O}", "name", st->name, "arguments", st->args));
}

/* Protocol-level mutations: what a careless or hostile client sends. */
static void protocol(mcp_step *st, ff_input *in, mcp_session *s) {
  static const char *const VARIANTS[] = {
      "unknown-method", "params-array", "string-id",  "reinitialize", "wrong-version",
      "object-id",      "missing-method", "batch",    "garbage",      "empty-line",
      "notify-call",    "cancel-unknown", "before-initialize", "session-end",
  };
  _Static_assert(FF_COUNT_OF(VARIANTS) == MCP_PROTOCOL_VARIANTS, "variant count");
  size_t v = ff_choose(in, FF_COUNT_OF(VARIANTS));
  snprintf(st->variant, sizeof st->variant, "%s", VARIANTS[v]);
  json_t *id = mcp_session_new_id(s);
  switch (v) {
  case 0:
    st->id = json_incref(id);
    st->text = request_text(id, "formfuzz/unknown", NULL);
    break;
  case 1:
    st->id = json_incref(id);
    st->text = request_text(id, "tools/call", json_pack("[s]", "x"));
    break;
  case 2: {
    json_t *sid = json_sprintf("ff-%lld", (long long)json_integer_value(id));
    st->id = sid;
    st->text = request_text(sid, "ping", NULL);
    break;
  }
  case 3:
    st->id = json_incref(id);
    st->text = request_text(id, "initialize",
                            json_pack("{s:s, s:{}, s:{s:s, s:s}}", "protocolVersion",
                                      ff_bool(in) ? "1999-01-01" : "2024-11-05", "capabilities",
                                      "clientInfo", "name", "formfuzz", "version", "1"));
    break;
  case 4:
    st->text = strdup("{\"jsonrpc\":\"1.0\",\"id\":-7,\"method\":\"ping\"}");
    st->echo_id = json_integer(-7);
    break;
  case 5:
    st->text = strdup("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"ping\"}");
    break;
  case 6:
    st->text = strdup("{\"jsonrpc\":\"2.0\",\"id\":-8}");
    st->echo_id = json_integer(-8);
    break;
  case 7:
    st->text = strdup("[{\"jsonrpc\":\"2.0\",\"id\":-9,\"method\":\"ping\"},"
                      "{\"jsonrpc\":\"2.0\",\"id\":-10,\"method\":\"ping\"}]");
    break;
  case 8:
    st->text = strdup("{\"jsonrpc\":\"2.0\",\"id\":");
    break;
  case 9:
    st->text = strdup("");
    break;
  case 10:
    st->notification = true;
    st->text = request_text(NULL, "tools/call",
                            json_pack("{s:s, s:{}}", "name", st->name[0] ? st->name : "x", "arguments"));
    break;
  case 12: /* the runner starts a fresh server for it and skips the handshake */
    st->before_initialize = true;
    st->id = json_incref(id);
    st->text = request_text(id, "tools/list", NULL);
    break;
  case 13: /* the runner ends the session (HTTP: DELETE), then sends this ping with the ended id */
    st->end_session = true;
    st->id = json_incref(id);
    st->text = request_text(id, "ping", NULL);
    break;
  default:
    st->notification = true;
    st->text = request_text(NULL, "notifications/cancelled",
                            json_pack("{s:i, s:s}", "requestId", 999999, "reason", "formfuzz"));
    break;
  }
  json_decref(id);
}

void mcp_seq_step(const mcp_record *r, mcp_session *s, const mcp_gen_ctx *c, mcp_step *st) {
  memset(st, 0, sizeof *st);
  ff_input in;
  ff_input_init(&in, r->payload, r->len);
  st->kind = mcp_seq_kind(r->kind);
  switch (st->kind) {
  case MCP_STEP_CALL_VALID: tool_call(st, &in, s, c, r->target, MCP_GEN_VALID); break;
  case MCP_STEP_CALL_ATTACK: tool_call(st, &in, s, c, r->target, MCP_GEN_ATTACK); break;
  case MCP_STEP_CALL_PAST: tool_call(st, &in, s, c, r->target, MCP_GEN_PAST); break;
  case MCP_STEP_CALL_UNKNOWN:
    snprintf(st->name, sizeof st->name, "formfuzz_unlisted_%u", r->target);
    st->args = json_object();
    st->id = mcp_session_new_id(s);
    st->text = request_text(st->id, "tools/call",
                            json_pack("{s:s, s:{}}", "name", st->name, "arguments"));
    break;
  case MCP_STEP_RESOURCE_READ: resource_read(st, &in, s, c, r->target); break;
  case MCP_STEP_PROMPT_GET: prompt_get(st, &in, s, c, r->target); break;
  case MCP_STEP_PROTOCOL: protocol(st, &in, s); break;
  case MCP_STEP_PING:
    st->id = mcp_session_new_id(s);
    st->text = request_text(st->id, "ping", NULL);
    break;
  case MCP_STEP_LIST: {
    static const char *const LISTS[] = {"tools/list", "resources/list", "prompts/list",
                                        "resources/templates/list"};
    const char *m = LISTS[r->target % 4];
    st->id = mcp_session_new_id(s);
    st->text = request_text(st->id, m, ff_bool(&in) ? json_pack("{s:s}", "cursor", "formfuzz-bogus") : NULL);
    snprintf(st->method, sizeof st->method, "%s", m);
    break;
  }
  }
  if (!st->method[0]) {
    const char *m = st->kind <= MCP_STEP_CALL_UNKNOWN ? "tools/call"
                    : st->kind == MCP_STEP_RESOURCE_READ ? "resources/read"
                    : st->kind == MCP_STEP_PROMPT_GET    ? "prompts/get"
                    : st->kind == MCP_STEP_PING          ? "ping"
                                                          : "protocol";
    snprintf(st->method, sizeof st->method, "%s", m);
  }
  if (!st->text) st->text = strdup("");
}
