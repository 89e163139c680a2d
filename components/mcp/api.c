/* The REST routes of form-mcp (§4.1) without a transport: the middleware
 * first (§4.2: skip list, else a bearer token; 401 text/plain), then
 *   GET  /health, GET /version                     (exact bodies of §4.1)
 *   POST /api/auth/challenge {address}              (a one-time login challenge)
 *   POST /api/auth/login {address, signed_message, signature}
 *   POST /api/auth/validate {token}
 *   GET  /api/tools[?category=c]
 *   POST /api/tools/<name> {parameters, context?}
 *   GET  /api/operations/<id>, GET /api/operations[?user_id=u]
 * Every answer but /health, /version, the 401 text and the unknown-route 404
 * is the envelope {"status":"success"|"error","data":…,"message":…}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcp.h"

void mcp_server_init(mcp_server *s, const uint8_t secret[MCP_SECRET_LEN], uint64_t token_lifetime, uint64_t seed) {
  memset(s, 0, sizeof *s);
  mcp_auth_init(&s->auth, secret, token_lifetime);
  mcp_registry_init(&s->reg);
  mcp_ops_init(&s->ops);
  mcp_env_init(&s->env);
  mcp_env_register(&s->env, &s->reg);
  mcp_rng_seed(&s->rng, seed);
}

void mcp_server_free(mcp_server *s) { mcp_ops_free(&s->ops); }

void mcp_response_free(mcp_response *r) {
  free(r->body);
  r->body = NULL;
}

static void respond_json(mcp_response *r, int status, json_t *doc) {
  r->status = status;
  r->content_type = "application/json";
  r->body = json_dumps(doc, JSON_COMPACT);
  r->len = r->body ? strlen(r->body) : 0;
  json_decref(doc);
}

static void envelope(mcp_response *r, int status, json_t *data, const char *message) {
  bool ok = status < 400;
  char safe[MCP_MSG_MAX];
  mcp_ascii_copy(safe, sizeof safe, message);
  respond_json(r, status, json_pack("{s:s, s:o, s:s?}", "status", ok ? "success" : "error", "data", data ? data : json_null(),
                                    "message", message ? safe : NULL));
}

static void respond_text(mcp_response *r, int status, const char *text) {
  r->status = status;
  r->content_type = "text/plain";
  r->body = strdup(text);
  r->len = strlen(text);
}

static int hex_digit(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Percent-decoding of a query value (+ is a space); false on a bad escape,
 * an encoded NUL or no room. */
static bool url_decode(const char *in, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n; i++) {
    if (o + 1 >= cap) return false;
    char c = in[i] == '+' ? ' ' : in[i];
    if (c == '%') {
      int hi = i + 2 < n ? hex_digit(in[i + 1]) : -1, lo = i + 2 < n ? hex_digit(in[i + 2]) : -1;
      if (hi < 0 || lo < 0 || (hi | lo) == 0) return false;
      c = (char)(hi * 16 + lo);
      i += 2;
    }
    out[o++] = c;
  }
  out[o] = 0;
  return true;
}

/* The value of key in query (NULL-terminated string after '?'); 0 absent,
 * 1 found, -1 malformed. */
static int query_get(const char *query, const char *key, char *out, size_t cap) {
  if (!query) return 0;
  size_t kl = strlen(key);
  for (const char *p = query; *p;) {
    const char *end = strchr(p, '&');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') return url_decode(p + kl + 1, n - kl - 1, out, cap) ? 1 : -1;
    p += n + (end ? 1 : 0);
  }
  return 0;
}

static json_t *parse_body(const char *body, size_t len) {
  if (!body || len == 0) return NULL;
  json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
  if (v && !json_is_object(v)) {
    json_decref(v);
    return NULL;
  }
  return v;
}

static const char *str_field(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

static json_t *permissions(const mcp_identity *id) {
  json_t *a = json_array();
  if (id->is_admin) json_array_append_new(a, json_string("admin"));
  if (id->is_user) json_array_append_new(a, json_string("user"));
  return a;
}

static void do_challenge(mcp_server *s, json_t *body, uint64_t now, mcp_response *r) {
  char ch[MCP_CHALLENGE_MAX];
  const char *addr = str_field(body, "address");
  if (!addr || mcp_auth_challenge(&s->auth, addr, now, &s->rng, ch) != VM_OK) {
    envelope(r, 400, NULL, "address must be 40 hex digits, with or without 0x");
    return;
  }
  envelope(r, 200, json_pack("{s:s, s:I}", "challenge", ch, "expires_at", (json_int_t)(now + MCP_CHALLENGE_TTL)), NULL);
}

static void do_login(mcp_server *s, json_t *body, uint64_t now, mcp_response *r) {
  char token[MCP_TOKEN_MAX];
  mcp_claims c;
  mcp_auth_err e = mcp_auth_login(&s->auth, str_field(body, "address"), str_field(body, "signed_message"),
                                  str_field(body, "signature"), now, token, sizeof token, &c);
  if (e == MCP_AUTH_BAD_REQUEST) { envelope(r, 400, NULL, "address, signed_message and signature are required"); return; }
  if (e == MCP_AUTH_NO_CHALLENGE) { envelope(r, 401, NULL, "signed_message is not an outstanding challenge"); return; }
  if (e != MCP_AUTH_OK) { envelope(r, 401, NULL, "Invalid signature"); return; }
  mcp_identity id = {.is_user = true, .is_admin = strstr(c.roles, "admin") != NULL};
  envelope(r, 200, json_pack("{s:s, s:s, s:I, s:o}", "token", token, "user_id", c.sub, "expires_at", (json_int_t)c.exp,
                             "permissions", permissions(&id)),
           NULL);
}

static void do_validate(mcp_server *s, json_t *body, uint64_t now, mcp_response *r) {
  const char *token = str_field(body, "token");
  if (!token) { envelope(r, 400, NULL, "token is required"); return; }
  char header[MCP_TOKEN_MAX + 8], why[128];
  snprintf(header, sizeof header, "Bearer %s", token);
  mcp_identity id;
  if (strlen(token) >= MCP_TOKEN_MAX || mcp_auth_bearer(&s->auth, header, now, &id, why, sizeof why) != MCP_AUTH_OK)
    { envelope(r, 401, NULL, "Invalid or expired token"); return; }
  char sub[43];
  snprintf(sub, sizeof sub, "0x%s", id.addr.hex);
  envelope(r, 200, json_pack("{s:s, s:o}", "user_id", sub, "permissions", permissions(&id)), NULL);
}

static void do_execute(mcp_server *s, const mcp_identity *who, const char *name, json_t *body, uint64_t now,
                       mcp_response *r) {
  json_t *params = json_object_get(body, "parameters");
  json_t *ctx = json_object_get(body, "context");
  if (!params) { envelope(r, 400, NULL, "parameters is required"); return; }
  if (ctx && !json_is_null(ctx)) {
    const char *k;
    json_t *v;
    bool ok = json_is_object(ctx);
    json_object_foreach(ctx, k, v) ok = ok && json_is_string(v);
    if (!ok) { envelope(r, 400, NULL, "context must be an object of strings"); return; }
  }
  mcp_exec x;
  mcp_execute(&s->reg, &s->ops, &s->rng, who, name, params, now, &x);
  envelope(r, x.status, x.data, x.status >= 400 ? x.message : NULL);
}

static void do_list_ops(mcp_server *s, const mcp_identity *who, const char *query, mcp_response *r) {
  char user[64];
  vm_addr want = who->addr;
  int q = query_get(query, "user_id", user, sizeof user);
  if (q < 0 || (q == 1 && vm_address_normalize(user, &want) != VM_OK)) { envelope(r, 400, NULL, "Invalid user_id"); return; }
  if (!vm_addr_equal(&want, &who->addr) && !who->is_admin)
    { envelope(r, 403, NULL, "Only admins may list other users' operations"); return; }
  json_t *list = json_array();
  for (size_t i = 0; i < MCP_OPS_MAX; i++) {
    const mcp_operation *op = &s->ops.ops[i];
    if (op->used && vm_addr_equal(&op->who.addr, &want) && mcp_ops_get(&s->ops, op->id, who))
      json_array_append_new(list, mcp_op_json(op));
  }
  envelope(r, 200, list, NULL);
}

static bool is(const char *a, const char *b) { return strcmp(a, b) == 0; }

void mcp_handle(mcp_server *s, const char *method, const char *target, const char *authorization, const char *body,
                size_t body_len, uint64_t now, mcp_response *r) {
  memset(r, 0, sizeof *r);
  char path[512];
  const char *q = strchr(target, '?');
  size_t plen = q ? (size_t)(q - target) : strlen(target);
  const char *query = q ? q + 1 : NULL;
  if (plen >= sizeof path) { respond_json(r, 404, json_pack("{s:s, s:s}", "status", "error", "message", "Resource not found")); return; }
  memcpy(path, target, plen);
  path[plen] = 0;
  mcp_identity who = {0};
  if (!mcp_auth_skipped(path)) {
    char why[160];
    if (mcp_auth_bearer(&s->auth, authorization, now, &who, why, sizeof why) != MCP_AUTH_OK)
      { respond_text(r, 401, why); return; }
  }
  if (body_len > MCP_BODY_MAX) { envelope(r, 413, NULL, "Body too large"); return; }
  bool get = is(method, "GET"), post = is(method, "POST");
  if (is(path, "/health") || is(path, "/api/v1/health")) {
    if (!get) { envelope(r, 405, NULL, "Method not allowed"); return; }
    { respond_json(r, 200, json_pack("{s:s, s:s}", "status", "ok", "version", MCP_VERSION)); return; }
  }
  if (is(path, "/version")) {
    if (!get) { envelope(r, 405, NULL, "Method not allowed"); return; }
    { respond_json(r, 200, json_pack("{s:s, s:s, s:s}", "server", "form-mcp", "version", MCP_VERSION,
                                          "protocol_version", "MCP/0.1")); return; }
  }
  bool auth_route = is(path, "/api/auth/challenge") || is(path, "/api/auth/login") || is(path, "/api/auth/validate");
  bool tool_route = strncmp(path, "/api/tools/", 11) == 0 && path[11];
  if (auth_route || tool_route) {
    if (!post) { envelope(r, 405, NULL, "Method not allowed"); return; }
    json_t *b = parse_body(body, body_len);
    if (!b) { envelope(r, 400, NULL, "The body must be a JSON object"); return; }
    if (is(path, "/api/auth/challenge")) do_challenge(s, b, now, r);
    else if (is(path, "/api/auth/login")) do_login(s, b, now, r);
    else if (is(path, "/api/auth/validate")) do_validate(s, b, now, r);
    else do_execute(s, &who, path + 11, b, now, r);
    json_decref(b);
    return;
  }
  if (is(path, "/api/tools")) {
    if (!get) { envelope(r, 405, NULL, "Method not allowed"); return; }
    char cat[64];
    int c = query_get(query, "category", cat, sizeof cat);
    if (c < 0) { envelope(r, 400, NULL, "Invalid category"); return; }
    { envelope(r, 200, mcp_registry_list_json(&s->reg, c == 1 ? cat : NULL), NULL); return; }
  }
  if (is(path, "/api/operations")) {
    if (!get) { envelope(r, 405, NULL, "Method not allowed"); return; }
    { do_list_ops(s, &who, query, r); return; }
  }
  if (strncmp(path, "/api/operations/", 16) == 0 && path[16]) {
    if (!get) { envelope(r, 405, NULL, "Method not allowed"); return; }
    const mcp_operation *op = mcp_ops_get(&s->ops, path + 16, &who);
    if (!op) { envelope(r, 404, NULL, "Operation not found"); return; }
    { envelope(r, 200, mcp_op_json(op), NULL); return; }
  }
  respond_json(r, 404, json_pack("{s:s, s:s}", "status", "error", "message", "Resource not found"));
}
