/* mcp API: golden /health, /version and 404 bodies, the 401 text, login
 * through the routes, listing, a long-running vm.create polled to
 * completion, tool errors with their HTTP statuses, operations readable only
 * by their owner or an admin, vm.delete only by the owner. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "gen.h"
#include "mcp.h"

#define NOW 1700000000

static mcp_server srv;

static int call(const char *method, const char *target, const char *auth, const char *body, json_t **doc) {
  mcp_response r;
  mcp_handle(&srv, method, target, auth, body, body ? strlen(body) : 0, NOW, &r);
  if (doc) *doc = json_loadb(r.body, r.len, 0, NULL);
  int st = r.status;
  mcp_response_free(&r);
  return st;
}

static char *body_of(const char *method, const char *target, const char *auth, const char *body, int *status) {
  mcp_response r;
  mcp_handle(&srv, method, target, auth, body, body ? strlen(body) : 0, NOW, &r);
  *status = r.status;
  return r.body;
}

/* Login of test user u through the routes; the "Bearer <token>" header in out. */
static void login(size_t u, char *out, size_t cap) {
  char body[512], sig[140];
  json_t *doc;
  snprintf(body, sizeof body, "{\"address\":\"0x%s\"}", mcp_gen_address(u));
  REQUIRE(call("POST", "/api/auth/challenge", NULL, body, &doc) == 200, "challenge");
  const char *ch = json_string_value(json_object_get(json_object_get(doc, "data"), "challenge"));
  mcp_login_signature(mcp_gen_key(u), ch, sig);
  json_t *req = json_pack("{s:s, s:s, s:s}", "address", mcp_gen_address(u), "signed_message", ch, "signature", sig);
  char *text = json_dumps(req, JSON_COMPACT);
  json_t *ans;
  REQUIRE(call("POST", "/api/auth/login", NULL, text, &ans) == 200, "login of user %zu", u);
  json_t *data = json_object_get(ans, "data");
  snprintf(out, cap, "Bearer %s", json_string_value(json_object_get(data, "token")));
  CHECK(json_integer_value(json_object_get(data, "expires_at")) == NOW + 600);
  free(text);
  json_decref(req);
  json_decref(doc);
  json_decref(ans);
}

static const char *data_str(json_t *doc, const char *key) {
  return json_string_value(json_object_get(json_object_get(doc, "data"), key));
}

int main(void) {
  uint8_t secret[MCP_SECRET_LEN] = {3, 1, 4};
  mcp_server_init(&srv, secret, 600, 1);
  REQUIRE(mcp_auth_add_admin(&srv.auth, mcp_gen_address(0)) == VM_OK, "admin");
  int st;
  char *b = body_of("GET", "/health", NULL, NULL, &st);
  CHECK(st == 200 && strcmp(b, "{\"status\":\"ok\",\"version\":\"0.1.0\"}") == 0);
  free(b);
  b = body_of("GET", "/version", NULL, NULL, &st);
  CHECK(st == 200 && strcmp(b, "{\"server\":\"form-mcp\",\"version\":\"0.1.0\",\"protocol_version\":\"MCP/0.1\"}") == 0);
  free(b);
  b = body_of("GET", "/api/tools", NULL, NULL, &st);
  CHECK_MSG(st == 401 && strcmp(b, "Authentication failed: Missing authorization header") == 0, "%d %s", st, b);
  free(b);
  b = body_of("POST", "/api/auth/login", NULL, "{\"address\":\"x\"}", &st);
  CHECK_MSG(st == 400 && strcmp(b, "{\"status\":\"error\",\"data\":null,\"message\":\"address, signed_message and signature are required\"}") == 0, "%s", b);
  free(b);
  /* the real login's 64-character check is not enough */
  char body[1024];
  snprintf(body, sizeof body, "{\"address\":\"%s\",\"signed_message\":\"hi\",\"signature\":\"%0128d.1\"}", mcp_gen_address(1), 0);
  CHECK(call("POST", "/api/auth/login", NULL, body, NULL) == 401);

  char alice[MCP_TOKEN_MAX + 8], bob[MCP_TOKEN_MAX + 8], admin[MCP_TOKEN_MAX + 8];
  login(1, alice, sizeof alice);
  login(2, bob, sizeof bob);
  login(0, admin, sizeof admin);
  b = body_of("GET", "/nope", alice, NULL, &st);
  CHECK(st == 404 && strcmp(b, "{\"status\":\"error\",\"message\":\"Resource not found\"}") == 0);
  free(b);
  json_t *doc;
  CHECK(call("GET", "/api/tools?category=vm", alice, NULL, &doc) == 200);
  json_t *tools = json_object_get(json_object_get(doc, "data"), "tools");
  CHECK(json_array_size(tools) == 6 && strcmp(json_string_value(json_object_get(json_array_get(tools, 0), "name")), "form_pack_ship") == 0);
  json_decref(doc);
  CHECK(call("POST", "/api/auth/validate", alice, "{\"token\":\"x.y.z\"}", NULL) == 401);

  /* a long-running create, polled */
  CHECK(call("POST", "/api/tools/vm.create", alice, "{\"parameters\":{\"name\":\"web-1\",\"vcpus\":2}}", &doc) == 202);
  char op[64];
  snprintf(op, sizeof op, "/api/operations/%s", data_str(doc, "operation_id"));
  CHECK(strcmp(data_str(doc, "status"), "queued") == 0 && op[16 + 14] == '4');
  json_decref(doc);
  CHECK(call("GET", op, bob, NULL, NULL) == 404); /* another user's operation */
  CHECK(call("GET", op, alice, NULL, &doc) == 200 && strcmp(data_str(doc, "status"), "queued") == 0);
  json_decref(doc);
  CHECK(mcp_ops_run_pending(&srv.ops, NOW) == 1);
  CHECK(call("GET", op, admin, NULL, &doc) == 200 && strcmp(data_str(doc, "status"), "completed") == 0);
  json_t *res = json_object_get(json_object_get(doc, "data"), "result");
  char id[41];
  snprintf(id, sizeof id, "%s", json_string_value(json_object_get(res, "instance_id")));
  CHECK(json_integer_value(json_object_get(res, "vcpus")) == 2 && strcmp(json_string_value(json_object_get(res, "owner")), mcp_gen_address(1)) == 0);
  json_decref(doc);
  /* vcpus 256 is refused, never truncated to 0: the operation fails */
  CHECK(call("POST", "/api/tools/vm.create", alice, "{\"parameters\":{\"name\":\"web-2\",\"vcpus\":256}}", &doc) == 202);
  snprintf(op, sizeof op, "/api/operations/%s", data_str(doc, "operation_id"));
  json_decref(doc);
  mcp_ops_run_pending(&srv.ops, NOW);
  CHECK(call("GET", op, alice, NULL, &doc) == 200 && strcmp(data_str(doc, "status"), "failed") == 0);
  json_decref(doc);
  /* sync errors carry their status */
  snprintf(body, sizeof body, "{\"parameters\":{\"id\":\"%s\"}}", id);
  CHECK(call("POST", "/api/tools/vm.status", bob, body, NULL) == 403);
  CHECK(call("POST", "/api/tools/vm.status", alice, body, NULL) == 200);
  CHECK(call("POST", "/api/tools/vm.status", alice, "{\"parameters\":{\"id\":\"0000000000000000000000000000000000000000\"}}", NULL) == 404);
  CHECK(call("POST", "/api/tools/vm.status", alice, "{\"parameters\":{\"id\":\"x\",\"extra\":1}}", NULL) == 400);
  CHECK(call("POST", "/api/tools/vm.list", alice, "{\"parameters\":{\"all_users\":true}}", NULL) == 403);
  CHECK(call("POST", "/api/tools/vm.list", admin, "{\"parameters\":{\"all_users\":true}}", NULL) == 200);
  CHECK(call("POST", "/api/tools/nope", alice, "{\"parameters\":{}}", NULL) == 404);
  b = body_of("POST", "/api/tools/\xff\xc3", alice, "{\"parameters\":{}}", &st); /* not UTF-8: still a JSON body */
  CHECK_MSG(st == 404 && b && strcmp(b, "{\"status\":\"error\",\"data\":null,\"message\":\"Tool '?\?' not found\"}") == 0, "%s", b);
  free(b);
  CHECK(call("POST", "/api/tools/vm.list", alice, "{}", NULL) == 400);
  /* delete by another user fails its operation with 403; by the owner it completes */
  snprintf(body, sizeof body, "{\"parameters\":{\"id\":\"%s\"}}", id);
  CHECK(call("POST", "/api/tools/vm.delete", bob, body, &doc) == 202);
  snprintf(op, sizeof op, "/api/operations/%s", data_str(doc, "operation_id"));
  json_decref(doc);
  mcp_ops_run_pending(&srv.ops, NOW);
  CHECK(srv.ops.ops[0].used && vm_instance_get(&srv.env.store, id) != NULL);
  CHECK(call("POST", "/api/tools/vm.delete", alice, body, NULL) == 202);
  mcp_ops_run_pending(&srv.ops, NOW);
  CHECK(vm_instance_get(&srv.env.store, id) == NULL);
  /* operation listing: own only, others' for admins */
  CHECK(call("GET", "/api/operations", bob, NULL, &doc) == 200 && json_array_size(json_object_get(doc, "data")) == 1);
  json_decref(doc);
  snprintf(body, sizeof body, "/api/operations?user_id=%s", mcp_gen_address(1));
  CHECK(call("GET", body, bob, NULL, NULL) == 403);
  CHECK(call("GET", body, admin, NULL, &doc) == 200 && json_array_size(json_object_get(doc, "data")) == 3);
  json_decref(doc);
  /* TTL: terminal operations go after an hour on the clock */
  CHECK(mcp_ops_cleanup(&srv.ops, NOW + MCP_OP_TTL) == 0 && mcp_ops_cleanup(&srv.ops, NOW + MCP_OP_TTL + 1) == 4);
  mcp_server_free(&srv);
  return check_summary("mcp_test_api");
}
