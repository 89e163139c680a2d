/* mcp_api: request sequences against mcp_handle (the code formfuzz-mcp
 * serves): three users (user 0 the admin) with login tokens, no token, a
 * bent token; tool calls built from a model of who owns which VM (own ids,
 * other users' ids, unknown ids, bad bodies), operation reads and listings,
 * the queued operations run between requests, odd methods and routes.
 * Oracles:
 *   mcp.api_envelope   every JSON answer but /health, /version and the
 *                      unknown-route 404 is {"status","data","message"} with
 *                      status "success" exactly below 400;
 *   mcp.api_status     statuses are from the table (200 202 400 401 403 404
 *                      405), never 5xx;
 *   mcp.api_auth       without a valid token every route but the skip list
 *                      answers 401 text and nothing changes;
 *   mcp.api_unchanged  a refused request changes neither VMs nor operations;
 *   mcp.api_isolation  an operation is readable and listed only for its
 *                      owner (and admins); others get 404;
 *   mcp.api_owner      a VM a create makes belongs to its caller; a delete
 *                      completes only for the VM's owner or an admin;
 *   mcp.api_vcpus      a created VM has the vcpus asked for (1..128), or the
 *                      create failed: never a truncated count. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "formfuzz/prop.h"
#include "gen.h"

#define NOW 1700000000
#define STEPS 24
#define MAX_VMS 10
#define MAX_OPS 24

typedef struct model {
  char vm_id[MAX_VMS][41];
  size_t vm_owner[MAX_VMS];
  size_t nvms;
  char op_id[MAX_OPS][40];
  size_t op_owner[MAX_OPS];
  char op_tool[MAX_OPS][16];
  char op_target[MAX_OPS][41]; /* the VM a delete names */
  long op_vcpus[MAX_OPS];       /* the vcpus a create asked for (-1: the default) */
  bool op_checked[MAX_OPS];
  size_t nops;
} model;

static mcp_server srv;
static char tokens[MCP_GEN_USERS][MCP_TOKEN_MAX + 8];

static size_t live_ops(void) {
  size_t n = 0;
  for (size_t i = 0; i < MCP_OPS_MAX; i++) n += srv.ops.ops[i].used;
  return n;
}

static void check_response(const char *method, const char *path, const mcp_response *r) {
  FF_INVARIANT(r->status < 500 && (r->status == 200 || r->status == 202 || r->status == 400 || r->status == 401 ||
                                   r->status == 403 || r->status == 404 || r->status == 405),
               "mcp.api_status", "%s %s answered %d: %.*s", method, path, r->status, (int)r->len, r->body);
  if (r->status == 401 && strcmp(r->content_type, "text/plain") == 0) { /* the middleware's; login's is an envelope */
    FF_INVARIANT(strncmp(r->body, "Authentication failed: ", 23) == 0,
                 "mcp.api_envelope", "401 body %s", r->body);
    return;
  }
  json_t *doc = json_loadb(r->body, r->len, 0, NULL);
  FF_INVARIANT(doc && json_is_object(doc), "mcp.api_envelope", "%s %s: not a JSON object: %.*s", method, path, (int)r->len,
               r->body);
  bool plain = strcmp(path, "/health") == 0 || strcmp(path, "/api/v1/health") == 0 || strcmp(path, "/version") == 0;
  bool unknown = r->status == 404 && !json_object_get(doc, "data");
  if (!plain && !unknown) {
    const char *st = json_string_value(json_object_get(doc, "status"));
    json_t *msg = json_object_get(doc, "message");
    FF_INVARIANT(json_object_size(doc) == 3 && st && json_object_get(doc, "data") && msg &&
                     (json_is_null(msg) || json_is_string(msg)) && strcmp(st, r->status < 400 ? "success" : "error") == 0,
                 "mcp.api_envelope", "%s %s answered %d with %s", method, path, r->status, r->body);
  }
  if (unknown)
    FF_INVARIANT(strcmp(r->body, "{\"status\":\"error\",\"message\":\"Resource not found\"}") == 0, "mcp.api_envelope",
                 "404 body %s", r->body);
  json_decref(doc);
}

/* Sends one request; returns the parsed body (NULL for text) and the status. */
static json_t *send(const char *method, const char *path, const char *auth, const char *body, int *status) {
  uint64_t changes = srv.env.store.changes;
  size_t ops = live_ops();
  mcp_response r;
  mcp_handle(&srv, method, path, auth, body, body ? strlen(body) : 0, NOW, &r);
  check_response(method, path, &r);
  if (r.status >= 400)
    FF_INVARIANT(srv.env.store.changes == changes && live_ops() == ops, "mcp.api_unchanged",
                 "%s %s refused with %d changed the state", method, path, r.status);
  json_t *doc = json_loadb(r.body, r.len, 0, NULL);
  *status = r.status;
  mcp_response_free(&r);
  return doc;
}

static const char *pick_vm(ff_input *in, const model *m, size_t *owner) {
  size_t k = m->nvms && ff_choose(in, 8) ? ff_choose(in, m->nvms) : m->nvms; /* mostly a VM that exists */
  if (k == m->nvms) {
    *owner = SIZE_MAX;
    return ff_bool(in) ? "0123456789abcdef0123456789abcdef01234567" : "../etc";
  }
  *owner = m->vm_owner[k];
  return m->vm_id[k];
}

static void settle(model *m);

static void call_tool(ff_input *in, model *m) {
  static const unsigned WHO[MCP_GEN_USERS + 2] = {2, 3, 3, 1, 1}; /* the users (0 the admin), no token, a bent token */
  size_t u = ff_weighted(in, WHO, MCP_GEN_USERS + 2);
  const char *auth = u < MCP_GEN_USERS ? tokens[u] : u == MCP_GEN_USERS ? NULL : "Bearer e30.e30.AAAA";
  static const char *const TOOLS[] = {"vm.create", "vm.delete", "vm.status", "vm.control", "vm.list", "vm.nope"};
  static const unsigned WEIGHTS[] = {3, 3, 1, 1, 1, 1}; /* creates and deletes change ownership */
  size_t t = ff_weighted(in, WEIGHTS, 6);
  json_t *params = json_object();
  char target[41] = "";
  size_t owner;
  long vcpus = -1;
  if (t == 0) {
    char name[16];
    snprintf(name, sizeof name, "%s%u", ff_choose(in, 4) ? "vm-" : "bad/", (unsigned)ff_choose(in, 6));
    json_object_set_new(params, "name", json_string(name));
    if (ff_bool(in)) {
      static const long EDGES[] = {0, 1, 2, 8, 127, 128, 129, 255, 256, 257, 300};
      vcpus = ff_bool(in) ? (long)ff_range(in, 1, 8) : EDGES[ff_choose(in, sizeof EDGES / sizeof *EDGES)];
      json_object_set_new(params, "vcpus", json_integer(vcpus));
    }
  } else if (t <= 3) {
    const char *id = pick_vm(in, m, &owner);
    snprintf(target, sizeof target, "%s", id);
    json_object_set_new(params, "id", json_string(id));
    if (t == 3) json_object_set_new(params, "operation", json_string((const char *[]){"start", "stop", "restart", "kill"}[ff_choose(in, 4)]));
    if (t == 1 && ff_choose(in, 4) == 0) json_object_set_new(params, "force", json_true());
  } else if (ff_bool(in)) json_object_set_new(params, "all_users", json_boolean(ff_bool(in)));
  if (ff_choose(in, 8) == 0) json_object_set_new(params, "extra", json_integer(1));
  json_t *req = json_pack("{s:o}", "parameters", params);
  char *body = json_dumps(req, JSON_COMPACT);
  size_t bent = ff_choose(in, 16);
  const char *sent = bent == 0 ? "[1]" : bent == 1 ? "{\"parameters\"" : bent == 2 ? "{\"context\":{}}" : body;
  char path[64];
  snprintf(path, sizeof path, "/api/tools/%s", TOOLS[t]);
  int st;
  json_t *doc = send("POST", path, auth, sent, &st);
  if (u >= MCP_GEN_USERS) FF_INVARIANT(st == 401 && !doc, "mcp.api_auth", "%s without a valid token answered %d", path, st);
  if (st == 202 && m->nops < MAX_OPS) {
    snprintf(m->op_id[m->nops], sizeof m->op_id[0], "%s",
             json_string_value(json_object_get(json_object_get(doc, "data"), "operation_id")));
    m->op_owner[m->nops] = u;
    snprintf(m->op_tool[m->nops], sizeof m->op_tool[0], "%s", TOOLS[t]);
    snprintf(m->op_target[m->nops], sizeof m->op_target[0], "%s", target);
    m->op_checked[m->nops] = false;
    m->op_vcpus[m->nops] = vcpus;
    m->nops++;
    if (ff_bool(in)) settle(m); /* often run at once, so later calls see its effect */
  }
  json_decref(doc);
  free(body);
  json_decref(req);
}

static int vm_index(const model *m, const char *id) {
  for (size_t i = 0; i < m->nvms; i++)
    if (strcmp(m->vm_id[i], id) == 0) return (int)i;
  return -1;
}

/* After the queue ran: each finished operation's effect, seen by its owner. */
static void settle(model *m) {
  mcp_ops_run_pending(&srv.ops, NOW);
  for (size_t i = 0; i < m->nops; i++) {
    if (m->op_checked[i]) continue;
    m->op_checked[i] = true;
    mcp_identity who = {.is_user = true, .is_admin = m->op_owner[i] == 0};
    vm_address_normalize(mcp_gen_address(m->op_owner[i]), &who.addr);
    const mcp_operation *op = mcp_ops_get(&srv.ops, m->op_id[i], &who);
    FF_INVARIANT(op && mcp_op_terminal(op->status), "mcp.api_isolation", "operation %s of user %zu unreadable or unfinished",
                 m->op_id[i], m->op_owner[i]);
    if (op->status != MCP_OP_COMPLETED) continue;
    if (strcmp(m->op_tool[i], "vm.create") == 0) {
      const char *owner = json_string_value(json_object_get(op->result, "owner"));
      const char *id = json_string_value(json_object_get(op->result, "instance_id"));
      FF_INVARIANT(owner && strcmp(owner, mcp_gen_address(m->op_owner[i])) == 0, "mcp.api_owner",
                   "user %zu created a VM owned by %s", m->op_owner[i], owner ? owner : "(none)");
      json_int_t got = json_integer_value(json_object_get(op->result, "vcpus"));
      FF_INVARIANT(got == (m->op_vcpus[i] < 0 ? 1 : m->op_vcpus[i]) && got >= 1 && got <= MCP_VCPUS_MAX, "mcp.api_vcpus",
                   "vm.create with vcpus %ld made a VM with %lld", m->op_vcpus[i], (long long)got);
      if (m->nvms < MAX_VMS && id) {
        snprintf(m->vm_id[m->nvms], sizeof m->vm_id[0], "%s", id);
        m->vm_owner[m->nvms++] = m->op_owner[i];
      }
    } else if (strcmp(m->op_tool[i], "vm.delete") == 0) {
      int k = vm_index(m, m->op_target[i]);
      FF_INVARIANT(k >= 0 && (m->vm_owner[k] == m->op_owner[i] || m->op_owner[i] == 0), "mcp.api_owner",
                   "user %zu deleted VM %s of user %d", m->op_owner[i], m->op_target[i], k >= 0 ? (int)m->vm_owner[k] : -1);
      m->vm_owner[k] = m->vm_owner[--m->nvms];
      memmove(m->vm_id[k], m->vm_id[m->nvms], sizeof m->vm_id[0]);
    }
  }
}

static void read_op(ff_input *in, const model *m) {
  if (!m->nops) return;
  size_t k = ff_choose(in, m->nops), u = ff_choose(in, MCP_GEN_USERS);
  char path[80];
  snprintf(path, sizeof path, "/api/operations/%s", m->op_id[k]);
  int st;
  json_t *doc = send("GET", path, tokens[u], NULL, &st);
  bool may = u == m->op_owner[k] || u == 0;
  FF_INVARIANT(st == (may ? 200 : 404), "mcp.api_isolation", "user %zu reading operation %s of user %zu got %d", u,
               m->op_id[k], m->op_owner[k], st);
  json_decref(doc);
  doc = send("GET", "/api/operations", tokens[u], NULL, &st);
  json_t *list = json_object_get(doc, "data");
  for (size_t i = 0; i < json_array_size(list); i++) {
    const char *id = json_string_value(json_object_get(json_array_get(list, i), "id"));
    for (size_t j = 0; j < m->nops; j++)
      if (strcmp(m->op_id[j], id) == 0)
        FF_INVARIANT(m->op_owner[j] == u, "mcp.api_isolation", "user %zu's listing holds operation %s of user %zu", u, id,
                     m->op_owner[j]);
  }
  json_decref(doc);
}

static void odd_request(ff_input *in) {
  static const char *const M[] = {"GET", "POST", "PUT", "DELETE"};
  static const char *const P[] = {"/health", "/version", "/api/tools", "/api/tools?category=vm", "/api/tools?category=%zz",
                                  "/nope", "/api/operations/", "/api/auth/validate", "/api/v1/health", "/public/x",
                                  "/api/tools/\xff\xfe", "/api/operations/\xc3", "/api/tools/vm.status?x=%ff"};
  size_t u = ff_choose(in, MCP_GEN_USERS + 1);
  int st;
  json_t *doc = send(M[ff_choose(in, 4)], P[ff_choose(in, 13)], u < MCP_GEN_USERS ? tokens[u] : NULL,
                     ff_bool(in) ? "{\"token\":\"a.b.c\",\"parameters\":{}}" : NULL, &st);
  json_decref(doc);
}

FF_PROPERTY(mcp_api) {
  /* one deployment secret and one token per user for the whole process
   * (logins themselves are mcp_auth's subject): executions stay cheap */
  static const uint8_t secret[MCP_SECRET_LEN] = "mcp_api fuzzer deployment key..";
  static bool have_tokens;
  mcp_server_init(&srv, secret, 600, ff_u64(in));
  mcp_auth_add_admin(&srv.auth, mcp_gen_address(0));
  for (size_t u = 0; u < MCP_GEN_USERS && !have_tokens; u++) {
    char token[MCP_TOKEN_MAX];
    FF_INVARIANT(mcp_gen_login(&srv.auth, &srv.rng, u, NOW, token, sizeof token) == MCP_AUTH_OK, "mcp.api_auth",
                 "login of user %zu failed", u);
    snprintf(tokens[u], sizeof tokens[u], "Bearer %s", token);
  }
  have_tokens = true;
  static model m;
  memset(&m, 0, sizeof m);
  for (int step = 0; step < STEPS && ff_more(in); step++) {
    size_t act = ff_choose(in, 5);
    if (act <= 1) call_tool(in, &m);
    else if (act == 2) settle(&m);
    else if (act == 3) read_op(in, &m);
    else odd_request(in);
  }
  settle(&m);
  mcp_server_free(&srv);
}
