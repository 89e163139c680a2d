/* A request end to end, in the order the server must apply it: authenticate
 * (scheme A, else scheme B), check freshness and binding, find the operation
 * in the path, decide authority with vm_permitted, apply. Routes, form-state's
 * real ones (§2.5, §1.4) with their JSON bodies (§0.3):
 *   POST /v1/account/create                {"Create":Account}: the signer's account
 *   POST /v1/account/update                {"Update":Account}: its name
 *   POST /v1/account/delete                {"Delete":"addr"}: the signer's own account,
 *                                          refused while it owns an instance
 *   GET  /v1/account/<address>/get         the signer's own account
 *   GET  /v1/account/<address>/is_global_admin  any signer
 *   POST /v1/account/transfer-ownership    {"TransferOwnership":{from_address,
 *                                          to_address, instance_id}}: from must
 *                                          be the signer, who must own the instance
 *   POST /v1/instance/create               Instance: the signer's new instance
 *   POST /v1/instance/update               Instance: its description, by the
 *                                          owner or a network admin
 *   GET  /v1/instance/list                 the instances the signer may read
 *   GET  /v1/instance/<build_id>/get_by_build_id  those of them with this build
 *                                          id (the real one shows any signer all)
 *   GET  /v1/instance/<id>/get             (body empty)
 *   POST /v1/instance/<id>/delete          (body empty)
 *   POST /v1/bootstrap/ensure_admin_account {"admin_public_key": s}: creates the
 *                                          account if needed and makes it a
 *                                          global admin; only by a global
 *                                          admin's signature
 * and routes with no form-state counterpart, text bodies:
 *   POST /v1/instance/<id>/<op>            start stop reboot (vmm-service's
 *                                          /v1/start etc., §3.2, keyed by id)
 *                                          grant ("<address> <Level>"), revoke
 *                                          ("<address>"): authorized_instances,
 *                                          which the real code sets only through
 *                                          a whole-Account update
 *   POST /v1/user/global_admin             node route (§1.4): "<address> true|false",
 *                                          only by a global admin's signature
 * An authorized start, stop, reboot or delete drives the instance's machine
 * (lifecycle.c); a command its state forbids is refused with
 * IllegalTransition and changes nothing. Where the request comes from (peer
 * address, X-Forwarded-For, Host) gives no authority: no localhost or header
 * trust (§1.5). Known-bug replica vm.local_trust lets a request that claims
 * to be local use the node route without a global admin's signature, as
 * node_auth_middleware does (§1.4 a-c). Known-bug replica
 * vm.admin_bootstrap_unauth serves ensure_admin_account with no
 * authentication at all, as the real public_api route does: any caller makes
 * any key a global admin (§1.4, §7 #1). */
#include <stdio.h>
#include <string.h>

#include "formfuzz/bug.h"
#include "vm.h"

void vm_server_init(vm_server *srv, uint64_t now) {
  vm_store_init(&srv->store);
  vm_nonce_cache_init(&srv->nonces);
  srv->now = now;
}

/* Scheme A when an Authorization header is present, else scheme B. Missing
 * is 401, malformed 400 (never folded into one another), unverified 401. */
static vm_err authenticate(const vm_request *req, vm_signed *s) {
  if (req->authorization) {
    if (req->malformed_headers & VM_HDR_AUTHORIZATION) return VM_E_INVALID_FORMAT;
    return vm_scheme_a_verify(req->authorization, s);
  }
  const vm_scheme_b_headers *b = &req->scheme_b;
  if (!b->x_signature || !b->x_recovery_id || !b->x_message) return VM_E_MISSING_SIGNATURE;
  if (req->malformed_headers & (VM_HDR_X_SIGNATURE | VM_HDR_X_RECOVERY_ID)) return VM_E_INVALID_FORMAT;
  if (req->malformed_headers & VM_HDR_X_MESSAGE) return VM_E_INVALID_MESSAGE;
  return vm_scheme_b_verify(b, s);
}

static bool starts_with(const char *s, const char *prefix) {
  return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

bool vm_request_claims_local(const vm_request *req) {
  if (starts_with(req->peer, "127.0.0.1") || starts_with(req->peer, "::1")) return true;
  if (req->x_forwarded_for) {
    char first[64];
    size_t n = strcspn(req->x_forwarded_for, ",");
    if (n < sizeof first) {
      memcpy(first, req->x_forwarded_for, n);
      while (n > 0 && first[n - 1] == ' ') n--;
      first[n] = '\0';
      if (!strcmp(first, "127.0.0.1") || !strcmp(first, "::1") || starts_with(first, "localhost"))
        return true;
    }
  }
  const char *h = req->host;
  return h && (!strcmp(h, "localhost") || starts_with(h, "localhost:") || starts_with(h, "127.0.0.1") ||
               starts_with(h, "::1"));
}

/* "/v1/instance/<id>/<op>" -> id, op ("get" is a read; a transfer has its
 * own route). */
static vm_err split_instance_path(const char *path, char id[VM_ID_MAX + 1], vm_op *op) {
  static const char PREFIX[] = "/v1/instance/";
  if (strncmp(path, PREFIX, sizeof PREFIX - 1) != 0) return VM_E_BAD_REQUEST;
  const char *p = path + sizeof PREFIX - 1;
  const char *slash = strchr(p, '/');
  if (!slash || slash == p || (size_t)(slash - p) > VM_ID_MAX) return VM_E_BAD_REQUEST;
  memcpy(id, p, (size_t)(slash - p));
  id[slash - p] = '\0';
  if (strcmp(slash + 1, "get") == 0) {
    *op = VM_OP_READ;
    return VM_OK;
  }
  vm_err e = vm_op_parse(slash + 1, op);
  if (e != VM_OK) return e;
  /* these have routes of their own (create and update without an id) */
  bool own_route = *op == VM_OP_READ || *op == VM_OP_TRANSFER || *op == VM_OP_CREATE || *op == VM_OP_UPDATE;
  return own_route ? VM_E_BAD_REQUEST : VM_OK;
}

/* Body as text (bounded, no NUL inside). */
static vm_err body_text(const vm_request *req, char *out, size_t cap) {
  if (req->body_len >= cap || memchr(req->body, '\0', req->body_len)) return VM_E_BAD_REQUEST;
  memcpy(out, req->body, req->body_len);
  out[req->body_len] = '\0';
  return VM_OK;
}

static vm_err grant(vm_store *st, const vm_addr *signer, const char *id, const char *body) {
  char addr_text[64], level_text[16];
  if (sscanf(body, "%63s %15s", addr_text, level_text) != 2) return VM_E_BAD_REQUEST;
  vm_addr who;
  vm_level level;
  vm_err e = vm_address_normalize(addr_text, &who);
  if (e == VM_OK) e = vm_level_parse(level_text, &level);
  if (e != VM_OK) return e;
  vm_level mine = vm_level_of(st, signer, id);
  vm_level current = vm_level_of(st, &who, id);
  /* least privilege both ways: grant only below your level, and never touch
   * someone at or above it */
  if (!vm_permitted(VM_OP_GRANT, mine, false, level) ||
      (current != VM_LEVEL_NONE && !vm_permitted(VM_OP_REVOKE, mine, false, current)))
    return VM_E_FORBIDDEN;
  return vm_grant_set(st, id, &who, level);
}

static vm_err revoke(vm_store *st, const vm_addr *signer, const char *id, const char *body) {
  vm_addr who;
  vm_err e = vm_address_normalize(body, &who);
  if (e != VM_OK) return e;
  vm_level current = vm_level_of(st, &who, id);
  if (current == VM_LEVEL_NONE) return VM_E_NOT_FOUND;
  if (!vm_permitted(VM_OP_REVOKE, vm_level_of(st, signer, id), false, current))
    return VM_E_FORBIDDEN;
  return vm_grant_set(st, id, &who, VM_LEVEL_NONE);
}

static vm_err instance_op(vm_server *srv, const vm_addr *signer, const vm_request *req) {
  char id[VM_ID_MAX + 1], body[128];
  vm_op op;
  vm_err e = split_instance_path(req->path, id, &op);
  if (e == VM_OK) e = body_text(req, body, sizeof body);
  if (e != VM_OK) return e;
  bool is_read = op == VM_OP_READ;
  if (strcmp(req->method, is_read ? "GET" : "POST") != 0) return VM_E_BAD_REQUEST;
  bool body_expected = op == VM_OP_GRANT || op == VM_OP_REVOKE;
  if (body_expected != (req->body_len > 0)) return VM_E_BAD_REQUEST;
  vm_store *st = &srv->store;
  if (!vm_instance_get(st, id)) return VM_E_NOT_FOUND;
  vm_level level = vm_level_of(st, signer, id);
  bool net_admin = vm_is_network_admin(st, signer);
  switch (op) {
  case VM_OP_GRANT: return grant(st, signer, id, body);
  case VM_OP_REVOKE: return revoke(st, signer, id, body);
  default: break;
  }
  if (!vm_permitted(op, level, net_admin, VM_LEVEL_NONE)) return VM_E_FORBIDDEN;
  if (op == VM_OP_READ) return VM_OK;
  static const vm_cmd COMMAND[VM_OP_COUNT] = {
      [VM_OP_START] = VM_CMD_START, [VM_OP_STOP] = VM_CMD_STOP, [VM_OP_REBOOT] = VM_CMD_REBOOT,
      [VM_OP_DELETE] = VM_CMD_DELETE};
  long slot = vm_instance_slot(st, id);
  vm_instance next = st->instances[slot];
  e = vm_machine_apply(&next.machine, COMMAND[op]);
  if (e != VM_OK) return e;
  if (op == VM_OP_DELETE) return vm_instance_delete(st, id);
  vm_tx tx;
  vm_tx_begin(&tx, st);
  return vm_tx_finish(&tx, vm_tx_put_instance(&tx, (size_t)slot, &next));
}

/* POST /v1/user/global_admin: the one node-route writer modelled (§1.4). */
static vm_err node_route(vm_server *srv, const vm_addr *signer, const vm_request *req, bool trusted) {
  char body[128], addr_text[64], flag[8];
  if (strcmp(req->method, "POST") != 0) return VM_E_BAD_REQUEST;
  vm_err e = body_text(req, body, sizeof body);
  if (e != VM_OK) return e;
  if (sscanf(body, "%63s %7s", addr_text, flag) != 2 || (strcmp(flag, "true") && strcmp(flag, "false")))
    return VM_E_BAD_REQUEST;
  vm_addr target;
  e = vm_address_normalize(addr_text, &target);
  if (e != VM_OK) return e;
  if (trusted) return vm_global_admin_write(&srv->store, &target, flag[0] == 't'); /* vm.local_trust */
  return vm_set_global_admin(&srv->store, signer, &target, flag[0] == 't');
}

static const char NODE_ROUTE[] = "/v1/user/global_admin";
static const char BOOTSTRAP_ROUTE[] = "/v1/bootstrap/ensure_admin_account";

/* POST /v1/bootstrap/ensure_admin_account: signer NULL when unauthenticated
 * (only under vm.admin_bootstrap_unauth). */
static vm_err ensure_admin_account(vm_server *srv, const vm_addr *signer, const vm_request *req) {
  char key[VM_BODY_TEXT_MAX + 1];
  if (strcmp(req->method, "POST") != 0) return VM_E_BAD_REQUEST;
  vm_err e = vm_bootstrap_request_parse(req->body, req->body_len, key);
  if (e != VM_OK) return e;
  vm_addr target;
  e = vm_address_normalize(key, &target);
  if (e != VM_OK) return e;
  if (signer && !vm_is_global_admin(&srv->store, signer)) return VM_E_FORBIDDEN;
  vm_store *st = &srv->store;
  long k = vm_account_slot(st, &target);
  vm_account acc;
  memset(&acc, 0, sizeof acc);
  if (k >= 0) {
    acc = st->accounts[k];
  } else { /* the account is made an admin in the same write that creates it */
    for (size_t i = 0; k < 0 && i < VM_MAX_ACCOUNTS; i++)
      if (!st->accounts[i].used) k = (long)i;
    if (k < 0) return VM_E_FULL;
    acc.used = true;
    acc.address = target;
  }
  if (acc.is_global_admin) return VM_OK;
  acc.is_global_admin = true;
  vm_tx tx;
  vm_tx_begin(&tx, st);
  return vm_tx_finish(&tx, vm_tx_put_account(&tx, (size_t)k, &acc));
}

/* POST /v1/instance/create | update (an Instance body), GET /v1/instance/list. */
static vm_err instance_route(vm_server *srv, const vm_addr *signer, const vm_request *req) {
  bool list = strcmp(req->path, "/v1/instance/list") == 0;
  if (strcmp(req->method, list ? "GET" : "POST") != 0) return VM_E_BAD_REQUEST;
  if (list) return req->body_len == 0 ? VM_OK : VM_E_BAD_REQUEST;
  vm_instance_body b;
  vm_err e = vm_instance_request_parse(req->body, req->body_len, &b);
  if (e != VM_OK) return e;
  if (strcmp(req->path, "/v1/instance/create") == 0) return vm_instance_api_create(&srv->store, signer, &b, (int64_t)srv->now);
  return vm_instance_api_update(&srv->store, signer, &b, (int64_t)srv->now);
}

bool vm_instance_route(const char *path) {
  return strcmp(path, "/v1/instance/create") == 0 || strcmp(path, "/v1/instance/update") == 0 ||
         strcmp(path, "/v1/instance/list") == 0;
}

bool vm_instance_build_path(const char *path, char build_id[VM_ID_MAX + 1]) {
  static const char PREFIX[] = "/v1/instance/", SUFFIX[] = "/get_by_build_id";
  size_t n = strlen(path), fixed = sizeof PREFIX - 1 + sizeof SUFFIX - 1;
  if (n <= fixed || n - fixed > VM_ID_MAX || strncmp(path, PREFIX, sizeof PREFIX - 1) != 0 ||
      strcmp(path + n - (sizeof SUFFIX - 1), SUFFIX) != 0)
    return false;
  memcpy(build_id, path + sizeof PREFIX - 1, n - fixed);
  build_id[n - fixed] = '\0';
  return strchr(build_id, '/') == NULL;
}

bool vm_account_path(const char *path, char addr[VM_BODY_TEXT_MAX + 1], bool *is_admin_query) {
  static const char PREFIX[] = "/v1/account/";
  if (strncmp(path, PREFIX, sizeof PREFIX - 1) != 0) return false;
  const char *p = path + sizeof PREFIX - 1, *slash = strchr(p, '/');
  if (!slash || slash == p || (size_t)(slash - p) > VM_BODY_TEXT_MAX) return false;
  if (strcmp(slash, "/get") != 0 && strcmp(slash, "/is_global_admin") != 0) return false;
  memcpy(addr, p, (size_t)(slash - p));
  addr[slash - p] = '\0';
  *is_admin_query = slash[1] == 'i';
  return true;
}

/* GET /v1/account/<address>/get | is_global_admin: reads, no change. */
static vm_err account_read(vm_server *srv, const vm_addr *signer, const vm_request *req, const char *addr_text,
                           bool admin_query) {
  if (strcmp(req->method, "GET") != 0 || req->body_len != 0) return VM_E_BAD_REQUEST;
  vm_addr a;
  vm_err e = vm_address_normalize(addr_text, &a);
  if (e != VM_OK) return e;
  if (!admin_query && !vm_addr_equal(&a, signer)) return VM_E_FORBIDDEN;
  return vm_account_get(&srv->store, &a) ? VM_OK : VM_E_NOT_FOUND;
}

/* POST /v1/account/delete: the signer's own account. */
static vm_err account_delete(vm_server *srv, const vm_addr *signer, const vm_request *req) {
  if (strcmp(req->method, "POST") != 0) return VM_E_BAD_REQUEST;
  char text[VM_BODY_TEXT_MAX + 1];
  vm_err e = vm_delete_request_parse(req->body, req->body_len, text);
  vm_addr a;
  if (e == VM_OK) e = vm_address_normalize(text, &a);
  if (e != VM_OK) return e;
  if (!vm_addr_equal(&a, signer)) return VM_E_FORBIDDEN;
  return vm_account_delete(&srv->store, &a);
}

/* POST /v1/account/transfer-ownership: the signer is from_address and owns
 * the instance; begin and commit at once. */
static vm_err transfer_ownership(vm_server *srv, const vm_addr *signer, const vm_request *req) {
  if (strcmp(req->method, "POST") != 0) return VM_E_BAD_REQUEST;
  vm_transfer_body b;
  vm_err e = vm_transfer_request_parse(req->body, req->body_len, &b);
  if (e != VM_OK) return e;
  vm_addr from;
  e = vm_address_normalize(b.from, &from);
  if (e != VM_OK) return e;
  if (!vm_addr_equal(&from, signer)) return VM_E_FORBIDDEN;
  vm_transfer t;
  e = vm_transfer_begin(&srv->store, signer, b.instance_id, b.to, &t);
  return e == VM_OK ? vm_transfer_commit(&srv->store, &t) : e;
}

vm_err vm_server_handle(vm_server *srv, const vm_request *req, vm_addr *signer_out) {
  vm_signed s;
  if (strcmp(req->path, BOOTSTRAP_ROUTE) == 0 && FF_BUG("vm.admin_bootstrap_unauth"))
    return ensure_admin_account(srv, NULL, req);
  vm_err e = authenticate(req, &s);
  if (e != VM_OK && strcmp(req->path, NODE_ROUTE) == 0 && vm_request_claims_local(req) &&
      FF_BUG("vm.local_trust"))
    return node_route(srv, NULL, req, true);
  if (e != VM_OK) return e;
  if (signer_out) *signer_out = s.signer;
  e = vm_fresh_check(&srv->nonces, &s, req->method, req->path, req->body, req->body_len, srv->now);
  if (e != VM_OK) return e;
  bool create = strcmp(req->path, "/v1/account/create") == 0;
  if (create || strcmp(req->path, "/v1/account/update") == 0) {
    if (strcmp(req->method, "POST") != 0) return VM_E_BAD_REQUEST;
    vm_account_body b;
    e = vm_account_request_parse(req->body, req->body_len, create ? "Create" : "Update", &b);
    if (e != VM_OK) return e;
    return create ? vm_account_api_create(&srv->store, &s.signer, &b)
                  : vm_account_api_update(&srv->store, &s.signer, &b);
  }
  if (strcmp(req->path, NODE_ROUTE) == 0) return node_route(srv, &s.signer, req, false);
  if (strcmp(req->path, BOOTSTRAP_ROUTE) == 0) return ensure_admin_account(srv, &s.signer, req);
  if (strcmp(req->path, "/v1/account/transfer-ownership") == 0) return transfer_ownership(srv, &s.signer, req);
  if (strcmp(req->path, "/v1/account/delete") == 0) return account_delete(srv, &s.signer, req);
  if (vm_instance_route(req->path)) return instance_route(srv, &s.signer, req);
  char build_id[VM_ID_MAX + 1];
  if (vm_instance_build_path(req->path, build_id)) /* a read: what it shows is http.c's */
    return strcmp(req->method, "GET") == 0 && req->body_len == 0 ? VM_OK : VM_E_BAD_REQUEST;
  char addr_text[VM_BODY_TEXT_MAX + 1];
  bool admin_query;
  if (vm_account_path(req->path, addr_text, &admin_query))
    return account_read(srv, &s.signer, req, addr_text, admin_query);
  return instance_op(srv, &s.signer, req);
}
