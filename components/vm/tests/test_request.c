/* Requests end to end as the server receives them (header block, peer):
 * start/stop/reboot/delete drive the instance's machine only when the signer
 * has the authority; a claim of being local (peer, X-Forwarded-For, Host)
 * earns nothing, on instance routes and on the node route; missing and
 * unverified signatures are 401, malformed ones 400; the header reader's
 * rules (case-insensitive names, whitespace, the first of repeats). */
#include <stdio.h>
#include <string.h>

#include "ff_check.h"
#include "formfuzz/gen_sig.h"
#include "gen.h"

typedef struct sent {
  vm_request req;
  vm_headers headers;
  char block[VM_GEN_BLOCK];
} sent;

static unsigned nonce_counter;

/* A canonical scheme-A (or B) request signed by key over the freshness
 * message, with extra header lines appended and the given peer. */
static void make(sent *s, size_t key, bool scheme_b, const char *method, const char *path, const char *body,
                 const char *extra, const char *peer) {
  char nonce[VM_NONCE_HEX + 1], msg[VM_MSG_MAX];
  snprintf(nonce, sizeof nonce, "%032x", ++nonce_counter);
  long n = vm_fresh_format(method, path, body, strlen(body), VM_GEN_NOW, nonce, msg, sizeof msg);
  ff_buf b;
  ff_buf_init(&b, s->block, sizeof s->block);
  ff_input none;
  ff_input_init(&none, NULL, 0); /* no bytes: the canonical variant */
  if (key < VM_GEN_KEYS)
    ff_gen_sig_headers(&none, FF_GEN_VALID, scheme_b ? FF_SIG_SCHEME_B : FF_SIG_SCHEME_A, vm_gen_key(key),
                       (const uint8_t *)msg, (size_t)n, &b, NULL);
  ff_buf_puts(&b, extra);
  vm_headers_read(s->block, b.len, &s->headers);
  memset(&s->req, 0, sizeof s->req);
  s->req.method = method;
  s->req.path = path;
  s->req.body = (const uint8_t *)body;
  s->req.body_len = strlen(body);
  s->req.peer = peer;
  vm_request_set_headers(&s->req, &s->headers);
}

static vm_err send(vm_server *srv, size_t key, const char *method, const char *path, const char *body,
                   const char *extra, const char *peer) {
  static sent s;
  make(&s, key, false, method, path, body, extra, peer);
  return vm_server_handle(srv, &s.req, NULL);
}

#define REMOTE "203.0.113.7:41000"
#define NO_KEY VM_GEN_KEYS

static char inst_path[4][160];
static const char *path_of(const char *id, const char *op) {
  static unsigned k;
  char *p = inst_path[k++ % 4];
  snprintf(p, 160, "/v1/instance/%s/%s", id, op);
  return p;
}

static vm_status status_of(const vm_server *srv, const char *id) {
  const vm_instance *in = vm_instance_get(&srv->store, id);
  return in ? in->machine.status : VM_ST_COUNT;
}

/* {"<variant>":{"address":"<key's address>"<extra>}} */
static const char *account_body(size_t key, const char *variant, const char *extra) {
  static char body[4][512];
  static unsigned k;
  char *b = body[k++ % 4];
  vm_addr a;
  vm_gen_key_addr(key, &a);
  snprintf(b, 512, "{\"%s\":{\"address\":\"0x%s\"%s}}", variant, a.hex, extra);
  return b;
}

/* The canonical Instance body of instance id (gen.h). */
static const char *instance_body(const char *id) {
  static char body[2048];
  ff_input none;
  ff_input_init(&none, NULL, 0);
  vm_gen_instance_json(&none, id, "", body, sizeof body);
  return body;
}

/* Owner (key 0) creates; key 1 gets Operator, key 2 ReadOnly. */
static void setup(vm_server *srv, char id[41]) {
  vm_server_init(srv, VM_GEN_NOW);
  for (size_t k = 0; k < 3; k++) CHECK(send(srv, k, "POST", "/v1/account/create", account_body(k, "Create", ""), "", REMOTE) == VM_OK);
  vm_gen_instance_id(0, id);
  CHECK(send(srv, 0, "POST", "/v1/instance/create", instance_body(id), "", REMOTE) == VM_OK);
  vm_addr a1, a2;
  char body[96];
  vm_gen_key_addr(1, &a1);
  vm_gen_key_addr(2, &a2);
  snprintf(body, sizeof body, "%s Operator", a1.hex);
  CHECK(send(srv, 0, "POST", path_of(id, "grant"), body, "", REMOTE) == VM_OK);
  snprintf(body, sizeof body, "%s ReadOnly", a2.hex);
  CHECK(send(srv, 0, "POST", path_of(id, "grant"), body, "", REMOTE) == VM_OK);
}

static void lifecycle_through_requests(void) {
  static vm_server srv;
  char id[41];
  setup(&srv, id);
  CHECK(status_of(&srv, id) == VM_ST_CREATED);
  CHECK(vm_instance_get(&srv.store, id)->machine.hv == VM_HV_CREATED);
  /* a ReadOnly holder may not start it: nothing moves */
  vm_store before = srv.store;
  CHECK(send(&srv, 2, "POST", path_of(id, "start"), "", "", REMOTE) == VM_E_FORBIDDEN);
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  /* out of order: stop and reboot of a VM that never started */
  CHECK(send(&srv, 1, "POST", path_of(id, "stop"), "", "", REMOTE) == VM_E_ILLEGAL_TRANSITION);
  CHECK(send(&srv, 1, "POST", path_of(id, "reboot"), "", "", REMOTE) == VM_E_ILLEGAL_TRANSITION);
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  /* the Operator drives it */
  CHECK(send(&srv, 1, "POST", path_of(id, "start"), "", "", REMOTE) == VM_OK);
  CHECK(status_of(&srv, id) == VM_ST_STARTED && vm_instance_get(&srv.store, id)->machine.hv == VM_HV_RUNNING);
  CHECK(send(&srv, 1, "POST", path_of(id, "start"), "", "", REMOTE) == VM_E_ILLEGAL_TRANSITION);
  CHECK(send(&srv, 1, "POST", path_of(id, "reboot"), "", "", REMOTE) == VM_OK);
  CHECK(send(&srv, 1, "POST", path_of(id, "stop"), "", "", REMOTE) == VM_OK);
  CHECK(status_of(&srv, id) == VM_ST_STOPPED && vm_instance_get(&srv.store, id)->machine.hv == VM_HV_PAUSED);
  CHECK(send(&srv, 1, "POST", path_of(id, "reboot"), "", "", REMOTE) == VM_E_ILLEGAL_TRANSITION);
  /* delete needs Owner */
  CHECK(send(&srv, 1, "POST", path_of(id, "delete"), "", "", REMOTE) == VM_E_FORBIDDEN);
  CHECK(send(&srv, 0, "POST", path_of(id, "delete"), "", "", REMOTE) == VM_OK);
  CHECK(status_of(&srv, id) == VM_ST_COUNT);
}

static void no_local_trust(void) {
  static vm_server srv;
  char id[41];
  setup(&srv, id);
  static const char *const PEERS[] = {"127.0.0.1:4100", "127.0.0.15:80", "[::1]:7000", "::1"};
  static const char *const SPOOFS[] = {"X-Forwarded-For: 127.0.0.1\r\n", "X-Forwarded-For: localhost\r\n",
                                       "Host: localhost:3004\r\n", "host: 127.0.0.1\r\n"};
  vm_store before = srv.store;
  for (size_t i = 0; i < 4; i++) {
    /* unsigned: 401 whatever the claim */
    CHECK(send(&srv, NO_KEY, "POST", path_of(id, "start"), "", "", PEERS[i]) == VM_E_MISSING_SIGNATURE);
    CHECK(send(&srv, NO_KEY, "POST", path_of(id, "delete"), "", SPOOFS[i], REMOTE) == VM_E_MISSING_SIGNATURE);
    /* signed by a ReadOnly holder: still only ReadOnly */
    CHECK(send(&srv, 2, "POST", path_of(id, "start"), "", SPOOFS[i], PEERS[i]) == VM_E_FORBIDDEN);
  }
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  /* the node route (§1.4): spoofed X-Forwarded-For/Host or a loopback peer
   * never stand in for a global admin's signature */
  vm_addr a1;
  char body[96];
  vm_gen_key_addr(1, &a1);
  snprintf(body, sizeof body, "%s true", a1.hex);
  for (size_t i = 0; i < 4; i++) {
    CHECK(send(&srv, NO_KEY, "POST", "/v1/user/global_admin", body, SPOOFS[i], PEERS[i]) ==
          VM_E_MISSING_SIGNATURE);
    CHECK(send(&srv, 1, "POST", "/v1/user/global_admin", body, SPOOFS[i], PEERS[i]) == VM_E_FORBIDDEN);
  }
  CHECK(!vm_is_global_admin(&srv.store, &a1));
  /* a global admin may */
  vm_addr a0;
  vm_gen_key_addr(0, &a0);
  CHECK(vm_global_admin_write(&srv.store, &a0, true) == VM_OK);
  CHECK(send(&srv, 0, "POST", "/v1/user/global_admin", body, "", REMOTE) == VM_OK);
  CHECK(vm_is_global_admin(&srv.store, &a1));
  /* what counts as a local claim (used by the replica and the oracle) */
  static sent s;
  make(&s, 0, false, "GET", "/x", "", "X-Forwarded-For: 198.51.100.4, 127.0.0.1\r\nHost: example.org\r\n", REMOTE);
  CHECK(!vm_request_claims_local(&s.req));
  make(&s, 0, false, "GET", "/x", "", "X-Forwarded-For:  127.0.0.1 , 10.0.0.1\r\n", REMOTE);
  CHECK(vm_request_claims_local(&s.req));
  make(&s, 0, false, "GET", "/x", "", "", "127.0.0.2:80");
  CHECK(!vm_request_claims_local(&s.req));
}

static vm_err send_block(vm_server *srv, const char *block, const char *path) {
  static sent s;
  snprintf(s.block, sizeof s.block, "%s", block);
  vm_headers_read(s.block, strlen(s.block), &s.headers);
  memset(&s.req, 0, sizeof s.req);
  s.req.method = "POST";
  s.req.path = path;
  s.req.body = (const uint8_t *)"";
  s.req.peer = REMOTE;
  vm_request_set_headers(&s.req, &s.headers);
  return vm_server_handle(srv, &s.req, NULL);
}

/* The HTTP answer (§1.1): the middleware's 401 for a malformed header, the
 * extractor's 400 behind the loopback prefix rule; JSON bodies. */
static void http_answers(void) {
  static vm_server srv;
  vm_server_init(&srv, VM_GEN_NOW);
  static sent s;
  static const struct {
    const char *block, *peer;
    int status;
  } CASES[] = {
      {"Authorization: Signature zz.0.00\r\n", REMOTE, 401},           /* malformed: the middleware */
      {"Authorization: Signature zz.0.00\r\n", "127.0.0.1:4100", 400}, /* the extractor */
      {"Authorization: Signature zz.0.00\r\n", "127.0.0.150:1", 400},  /* a string prefix */
      {"Authorization: Signature zz.0.00\r\n", "127.0.0.2:80", 401},
      {"Authorization: Signature zz.0.00\r\n", "[::1]:7000", 401},     /* never matches */
      {"Authorization: Signature zz.0.00\r\n", "::1", 400},
      {"", "127.0.0.1:4100", 401},
      {"Authorization: Signature abcd.1.00\r\n", REMOTE, 401},
  };
  for (size_t i = 0; i < FF_COUNT_OF(CASES); i++) {
    snprintf(s.block, sizeof s.block, "%s", CASES[i].block);
    vm_headers_read(s.block, strlen(s.block), &s.headers);
    memset(&s.req, 0, sizeof s.req);
    s.req.method = "POST";
    s.req.path = "/v1/account/create";
    s.req.body = (const uint8_t *)"";
    s.req.peer = CASES[i].peer;
    vm_request_set_headers(&s.req, &s.headers);
    vm_http_response r;
    CHECK(vm_http_respond(&srv, &s.req, NULL, &r) != VM_OK);
    CHECK(r.status == CASES[i].status);
    CHECK(strncmp(r.body, "{\"error\":\"", 10) == 0);
  }
  CHECK(vm_http_loopback_prefix("127.0.0.19:1") && !vm_http_loopback_prefix("[::1]:1"));
  /* a created account comes back as serde writes it */
  make(&s, 0, false, "POST", "/v1/account/create", account_body(0, "Create", ",\"credits\":7"), "", REMOTE);
  vm_http_response r;
  CHECK(vm_http_respond(&srv, &s.req, NULL, &r) == VM_OK && r.status == 201);
  vm_addr a0;
  vm_gen_key_addr(0, &a0);
  char want[512];
  snprintf(want, sizeof want,
           "{\"account\":{\"address\":\"%s\",\"authorized_instances\":{},\"created_at\":0,\"credits\":0,"
           "\"hired_agents\":[],\"is_global_admin\":false,\"name\":null,\"owned_agents\":[],\"owned_instances\":[],"
           "\"owned_models\":[],\"subscription\":null,\"updated_at\":0,\"usage\":null},\"success\":true}",
           a0.hex);
  CHECK(strcmp(r.body, want) == 0);
}

static void error_kinds(void) {
  static vm_server srv;
  vm_server_init(&srv, VM_GEN_NOW);
  const char *acc = "/v1/account/create";
  /* missing: 401 */
  CHECK(send_block(&srv, "", acc) == VM_E_MISSING_SIGNATURE);
  CHECK(send_block(&srv, "X-Signature: 00\r\nX-Message: 00\r\n", acc) == VM_E_MISSING_SIGNATURE);
  CHECK(vm_err_kind_of(VM_E_MISSING_SIGNATURE) == VM_KIND_UNAUTHENTICATED);
  /* malformed: 400, never folded into "missing" */
  static const char *const MALFORMED[] = {
      "Authorization: Bearer abc\r\n",
      "Authorization: Signature zz.0.00\r\n",
      "Authorization: Signature 00.-1.00\r\n",
      "Authorization: Signature 00.256.00\r\n",
      "Authorization: Signature 00.0.00\x01\r\n",
      "X-Signature: 00\r\nX-Recovery-Id: 9\r\nX-Message: 00\r\n",
      "X-Signature: 00\r\nX-Recovery-Id: 0\r\nX-Message: 0g\r\n",
      "X-Signature: 0\x7f\r\nX-Recovery-Id: 0\r\nX-Message: 00\r\n",
  };
  for (size_t i = 0; i < FF_COUNT_OF(MALFORMED); i++) {
    vm_err e = send_block(&srv, MALFORMED[i], acc);
    CHECK(vm_err_kind_of(e) == VM_KIND_MALFORMED);
    CHECK(vm_err_http_status(e) == 400);
  }
  /* well-formed but not verifying: 401 */
  char block[512];
  snprintf(block, sizeof block, "Authorization: Signature %0128d.0.00\r\n", 0); /* r = s = 0 */
  CHECK(send_block(&srv, block, acc) == VM_E_INVALID_SIGNATURE);
  CHECK(send_block(&srv, "Authorization: Signature abcd.1.00\r\n", acc) == VM_E_INVALID_SIGNATURE);
  CHECK(vm_err_kind_of(VM_E_RECOVERY_FAILED) == VM_KIND_UNAUTHENTICATED);
  CHECK(vm_err_kind_of(VM_E_FORBIDDEN) == VM_KIND_FORBIDDEN);
}

static void header_reader(void) {
  static vm_headers h;
  const char block[] = "authorization:\t Signature a.0.b \r\nAUTHORIZATION: second\r\nX-Message: 0x00\n"
                       "Host: localhost\r\nnot a header\r\n";
  vm_headers_read(block, sizeof block - 1, &h);
  CHECK(strcmp(h.authorization, "Signature a.0.b") == 0);
  CHECK(strcmp(h.x_message, "0x00") == 0);
  CHECK(strcmp(h.host, "localhost") == 0);
  CHECK(h.present == (VM_HDR_AUTHORIZATION | VM_HDR_X_MESSAGE | VM_HDR_HOST));
  CHECK(h.malformed == 0);
  const char nul[] = "X-Signature: ab\0cd\r\n";
  vm_headers_read(nul, sizeof nul - 1, &h);
  CHECK(h.present == VM_HDR_X_SIGNATURE && h.malformed == VM_HDR_X_SIGNATURE);
  char huge[600];
  memset(huge, 'a', sizeof huge);
  memcpy(huge, "X-Recovery-Id: ", 15);
  vm_headers_read(huge, sizeof huge, &h);
  CHECK(h.malformed == VM_HDR_X_RECOVERY_ID);
}

/* POST /v1/bootstrap/ensure_admin_account (§1.4, §7 #1): never without a
 * signature, never by a signer who is not already a global admin; a global
 * admin's request creates the account when needed and sets the flag. */
/* {"admin_public_key":"<key>"} */
static const char *boot_body(const char *key) {
  static char body[4][128];
  static unsigned k;
  char *b = body[k++ % 4];
  snprintf(b, 128, "{\"admin_public_key\":\"%s\"}", key);
  return b;
}

static void admin_bootstrap(void) {
  static vm_server srv;
  char id[41];
  setup(&srv, id);
  static const char ROUTE[] = "/v1/bootstrap/ensure_admin_account";
  vm_addr a1, a0, a3;
  vm_gen_key_addr(1, &a1);
  vm_gen_key_addr(0, &a0);
  vm_gen_key_addr(3, &a3); /* no account yet */
  vm_store before = srv.store;
  CHECK(send(&srv, NO_KEY, "POST", ROUTE, boot_body(a1.hex), "", REMOTE) == VM_E_MISSING_SIGNATURE);
  CHECK(send(&srv, NO_KEY, "POST", ROUTE, boot_body(a1.hex), "Host: localhost\r\n", "127.0.0.1:4100") ==
        VM_E_MISSING_SIGNATURE);
  CHECK(send(&srv, 1, "POST", ROUTE, boot_body(a1.hex), "", REMOTE) == VM_E_FORBIDDEN); /* itself */
  CHECK(send(&srv, 0, "POST", ROUTE, boot_body(a3.hex), "", REMOTE) == VM_E_FORBIDDEN); /* an owner is no global admin */
  CHECK(memcmp(&before, &srv.store, sizeof before) == 0);
  CHECK(vm_global_admin_write(&srv.store, &a0, true) == VM_OK);
  CHECK(send(&srv, 0, "GET", ROUTE, boot_body(a3.hex), "", REMOTE) == VM_E_BAD_REQUEST);
  CHECK(send(&srv, 0, "POST", ROUTE, boot_body("not-an-address"), "", REMOTE) == VM_E_BAD_ADDRESS);
  CHECK(!vm_account_get(&srv.store, &a3));
  CHECK(send(&srv, 0, "POST", ROUTE, boot_body(a3.hex), "", REMOTE) == VM_OK);
  CHECK(vm_is_global_admin(&srv.store, &a3));
  CHECK(send(&srv, 0, "POST", ROUTE, boot_body(a1.hex), "", REMOTE) == VM_OK); /* an existing account */
  CHECK(vm_is_global_admin(&srv.store, &a1));
}

/* §2.5 account routes with Account JSON bodies; §2.8: no caller sets its
 * global-admin flag, credits or ownership set. */
static void account_routes(void) {
  static vm_server srv;
  char id[41];
  setup(&srv, id);
  static const char C[] = "/v1/account/create", U[] = "/v1/account/update";
  char extra[256];
  snprintf(extra, sizeof extra, ",\"name\":\"m\",\"is_global_admin\":true,\"credits\":5000,\"owned_instances\":[\"%s\"],\"extra\":1", id);
  CHECK(send(&srv, 3, "POST", C, account_body(0, "Create", ""), "", REMOTE) == VM_E_FORBIDDEN); /* not its address */
  CHECK(send(&srv, 3, "POST", C, "{\"Create\":", "", REMOTE) == VM_E_BAD_REQUEST);
  CHECK(send(&srv, 3, "POST", C, "{\"Create\":{\"credits\":1}}", "", REMOTE) == VM_E_JSON_DATA); /* no address */
  CHECK(send(&srv, 3, "POST", C, account_body(3, "Update", ""), "", REMOTE) == VM_E_JSON_DATA);
  CHECK(send(&srv, 3, "POST", C, account_body(3, "Create", ",\"credits\":-1"), "", REMOTE) == VM_E_JSON_DATA);
  CHECK(send(&srv, 3, "POST", C, account_body(3, "Create", ",\"is_global_admin\":1"), "", REMOTE) == VM_E_JSON_DATA);
  CHECK(send(&srv, 3, "POST", U, account_body(3, "Update", ""), "", REMOTE) == VM_E_NOT_FOUND);
  CHECK(send(&srv, 3, "POST", C, account_body(3, "Create", extra), "", REMOTE) == VM_OK);
  CHECK(send(&srv, 3, "POST", C, account_body(3, "Create", ""), "", REMOTE) == VM_E_EXISTS);
  vm_addr a3;
  vm_gen_key_addr(3, &a3);
  const vm_account *acc = vm_account_get(&srv.store, &a3);
  CHECK(acc && acc->has_name && strcmp(acc->name, "m") == 0);
  CHECK(acc && !acc->is_global_admin && acc->credits == 0 && acc->owned_count == 0);
  CHECK(send(&srv, 3, "POST", U, account_body(0, "Update", ""), "", REMOTE) == VM_E_FORBIDDEN);
  CHECK(send(&srv, 3, "POST", U, account_body(3, "Update", extra + 11), "", REMOTE) == VM_OK); /* no name */
  acc = vm_account_get(&srv.store, &a3);
  CHECK(acc && !acc->has_name && !acc->is_global_admin && acc->credits == 0 && acc->owned_count == 0);
  vm_addr a0;
  vm_gen_key_addr(0, &a0);
  CHECK(vm_instance_get(&srv.store, id) && vm_addr_equal(&vm_instance_get(&srv.store, id)->owner, &a0));
  /* POST /v1/account/transfer-ownership {"TransferOwnership":{...}} (§2.5, §2.6) */
  static const char T[] = "/v1/account/transfer-ownership";
  char body[256];
  snprintf(body, sizeof body, "{\"TransferOwnership\":{\"from_address\":\"0x%s\",\"to_address\":\"%s\",\"instance_id\":\"%s\"}}",
           a0.hex, a3.hex, id);
  CHECK(send(&srv, 1, "POST", T, body, "", REMOTE) == VM_E_FORBIDDEN); /* from is not the signer */
  CHECK(send(&srv, 0, "POST", T, "{\"TransferOwnership\":{\"from_address\":\"x\"}}", "", REMOTE) == VM_E_JSON_DATA);
  CHECK(send(&srv, 0, "POST", path_of(id, "transfer"), a3.hex, "", REMOTE) == VM_E_BAD_REQUEST); /* not a route */
  CHECK(send(&srv, 0, "POST", T, body, "", REMOTE) == VM_OK);
  const char *owned[2];
  CHECK(vm_level_of(&srv.store, &a3, id) == VM_LEVEL_OWNER && vm_account_owned(&srv.store, &a3, owned, 2) == 1 &&
        vm_account_owned(&srv.store, &a0, owned, 2) == 0);
  CHECK(send(&srv, 0, "POST", T, body, "", REMOTE) == VM_E_FORBIDDEN); /* no longer the owner */
  /* GET /v1/account/<address>/get | is_global_admin, POST /v1/account/delete {"Delete":"addr"} */
  char p0[128], p3[128], del0[96], del3[96];
  snprintf(p0, sizeof p0, "/v1/account/0x%s/get", a0.hex);
  snprintf(p3, sizeof p3, "/v1/account/%s/is_global_admin", a3.hex);
  snprintf(del0, sizeof del0, "{\"Delete\":\"%s\"}", a0.hex);
  snprintf(del3, sizeof del3, "{\"Delete\":\"%s\"}", a3.hex);
  CHECK(send(&srv, 0, "GET", p0, "", "", REMOTE) == VM_OK);
  CHECK(send(&srv, 3, "GET", p0, "", "", REMOTE) == VM_E_FORBIDDEN);
  CHECK(send(&srv, 0, "GET", p3, "", "", REMOTE) == VM_OK); /* any signer */
  CHECK(send(&srv, 0, "POST", "/v1/account/delete", del3, "", REMOTE) == VM_E_FORBIDDEN);
  CHECK(send(&srv, 3, "POST", "/v1/account/delete", del3, "", REMOTE) == VM_E_CONFLICT); /* owns the instance */
  CHECK(send(&srv, 0, "POST", "/v1/account/delete", del0, "", REMOTE) == VM_OK);
  CHECK(!vm_account_get(&srv.store, &a0) && send(&srv, 3, "GET", p0, "", "", REMOTE) == VM_E_FORBIDDEN);
}

int main(void) {
  lifecycle_through_requests();
  account_routes();
  http_answers();
  no_local_trust();
  admin_bootstrap();
  error_kinds();
  header_reader();
  return check_summary("vm_test_request");
}
