/* A request end to end, in the order the server must apply it: authenticate
 * (scheme A, else scheme B), check freshness and binding, find the operation
 * in the path, decide authority with vm_permitted, apply. Paths:
 *   POST /v1/account/create                      (body empty; the signer's account)
 *   GET  /v1/instance/<id>/read                  (body empty)
 *   POST /v1/instance/<id>/<op>                  op: create start stop reboot delete
 *                                                grant ("<address> <Level>")
 *                                                revoke ("<address>")
 *                                                transfer ("<address>")
 * start/stop/reboot change nothing in the store here (the lifecycle is the
 * vmm's business, lifecycle.c); they are authorized and acknowledged. */
#include <stdio.h>
#include <string.h>

#include "vm.h"

void vm_server_init(vm_server *srv, uint64_t now) {
  vm_store_init(&srv->store);
  vm_nonce_cache_init(&srv->nonces);
  srv->now = now;
}

static vm_err authenticate(const vm_request *req, vm_signed *s) {
  if (req->authorization) return vm_scheme_a_verify(req->authorization, s);
  return vm_scheme_b_verify(&req->scheme_b, s);
}

/* "/v1/instance/<id>/<op>" -> id, op. */
static vm_err split_instance_path(const char *path, char id[VM_ID_MAX + 1], vm_op *op) {
  static const char PREFIX[] = "/v1/instance/";
  if (strncmp(path, PREFIX, sizeof PREFIX - 1) != 0) return VM_E_BAD_REQUEST;
  const char *p = path + sizeof PREFIX - 1;
  const char *slash = strchr(p, '/');
  if (!slash || slash == p || (size_t)(slash - p) > VM_ID_MAX) return VM_E_BAD_REQUEST;
  memcpy(id, p, (size_t)(slash - p));
  id[slash - p] = '\0';
  return vm_op_parse(slash + 1, op);
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
  bool body_expected = op == VM_OP_GRANT || op == VM_OP_REVOKE || op == VM_OP_TRANSFER;
  if (body_expected != (req->body_len > 0)) return VM_E_BAD_REQUEST;
  vm_store *st = &srv->store;
  if (op == VM_OP_CREATE) return vm_instance_create(st, signer, id);
  if (!vm_instance_get(st, id)) return VM_E_NOT_FOUND;
  vm_level level = vm_level_of(st, signer, id);
  bool net_admin = vm_is_network_admin(st, signer);
  switch (op) {
  case VM_OP_GRANT: return grant(st, signer, id, body);
  case VM_OP_REVOKE: return revoke(st, signer, id, body);
  case VM_OP_TRANSFER: {
    vm_transfer t;
    e = vm_transfer_begin(st, signer, id, body, &t);
    return e == VM_OK ? vm_transfer_commit(st, &t) : e;
  }
  default: break;
  }
  if (!vm_permitted(op, level, net_admin, VM_LEVEL_NONE)) return VM_E_FORBIDDEN;
  if (op == VM_OP_DELETE) return vm_instance_delete(st, id);
  return VM_OK; /* read, start, stop, reboot: authorized, no store change */
}

vm_err vm_server_handle(vm_server *srv, const vm_request *req, vm_addr *signer_out) {
  vm_signed s;
  vm_err e = authenticate(req, &s);
  if (e != VM_OK) return e;
  if (signer_out) *signer_out = s.signer;
  e = vm_fresh_check(&srv->nonces, &s, req->method, req->path, req->body, req->body_len, srv->now);
  if (e != VM_OK) return e;
  if (strcmp(req->path, "/v1/account/create") == 0) {
    if (strcmp(req->method, "POST") != 0 || req->body_len != 0) return VM_E_BAD_REQUEST;
    return vm_account_create(&srv->store, s.signer.hex);
  }
  return instance_op(srv, &s.signer, req);
}
