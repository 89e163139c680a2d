/* The HTTP answer form-state gives (§1.1, §2.5): status and JSON body for a
 * request the core has handled. The account and instance routes sit behind
 * ecdsa_auth_middleware, which answers 401 "Missing signature" to a missing
 * *or malformed* Authorization header and passes a peer whose address text
 * starts with "127.0.0.1" or "::1" (a string prefix: 127.0.0.10-19 and
 * 127.0.0.100-199 match, "[::1]:port" never does) straight to the handler,
 * whose extractor re-parses the header: 401 when missing, 400 when malformed.
 * The core gives a loopback peer no authority (every route needs a valid
 * signature), so the prefix rule decides only which of the two answers a
 * refused header gets. Errors carry {"error": message}; account create and
 * update answer {"success":true,"account":Account} (201 for a create), a
 * transfer {success, message, instance_id, from_address, to_address,
 * updated_account} (here the recipient's account), account get
 * {"success":true,"account":Account}, is_global_admin {address,
 * is_global_admin}, instance create and update {"status":"success",
 * "instance":Instance} (201 for a create), instance get {"success":true,
 * "instance":Instance}, instance list {"success":true,"count":n,
 * "instances":[Instance…]}, get_by_build_id {"Success":{"List":[Instance…]}}
 * (form-types' Response, §3.1), other successes {"success":true}. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm.h"

bool vm_http_loopback_prefix(const char *peer) {
  return peer && (strncmp(peer, "127.0.0.1", 9) == 0 || strncmp(peer, "::1", 3) == 0);
}

static bool auth_refusal(vm_err e) {
  return e == VM_E_MISSING_SIGNATURE || e == VM_E_INVALID_FORMAT || e == VM_E_INVALID_SIGNATURE ||
         e == VM_E_INVALID_MESSAGE || e == VM_E_RECOVERY_FAILED;
}

static bool behind_auth_middleware(const char *path) {
  return strncmp(path, "/v1/account/", 12) == 0 || strncmp(path, "/v1/instance/", 13) == 0;
}

static void put(vm_http_response *out, int status, json_t *body) {
  out->status = status;
  char *text = body ? json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
  snprintf(out->body, sizeof out->body, "%s", text ? text : "{}");
  free(text);
  json_decref(body);
}

static json_t *account_of(const vm_server *srv, const vm_addr *a) {
  const vm_account *acc = vm_account_get(&srv->store, a);
  return acc ? (json_t *)vm_account_json(&srv->store, acc) : json_null();
}

static json_t *instance_of(const vm_server *srv, const char *id) {
  const vm_instance *in = vm_instance_get(&srv->store, id);
  return in ? (json_t *)vm_instance_json(in) : json_null();
}

/* The instances the signer may see, those of build_id only unless NULL. */
static json_t *visible_instances(const vm_server *srv, const vm_addr *signer, const char *build_id) {
  json_t *list = json_array();
  for (size_t i = 0; i < VM_MAX_INSTANCES; i++) {
    const vm_instance *in = &srv->store.instances[i];
    if (vm_instance_listed(&srv->store, signer, in) && (!build_id || vm_instance_has_build_id(in, build_id)))
      json_array_append_new(list, vm_instance_json(in));
  }
  return list;
}

/* The instance routes' answers; false for another route. */
static bool instance_success(const vm_server *srv, const vm_request *req, const vm_addr *signer,
                             vm_http_response *out) {
  if (strcmp(req->path, "/v1/instance/list") == 0) {
    json_t *list = visible_instances(srv, signer, NULL);
    put(out, 200, json_pack("{s:b,s:I,s:o}", "success", 1, "count", (json_int_t)json_array_size(list),
                            "instances", list));
    return true;
  }
  char build_id[VM_ID_MAX + 1];
  if (vm_instance_build_path(req->path, build_id)) { /* Response<Instance>: {"Success":{"List":[…]}} */
    put(out, 200, json_pack("{s:{s:o}}", "Success", "List", visible_instances(srv, signer, build_id)));
    return true;
  }
  vm_instance_body b;
  if (vm_instance_route(req->path) && vm_instance_request_parse(req->body, req->body_len, &b) == VM_OK) {
    bool create = strcmp(req->path, "/v1/instance/create") == 0;
    put(out, create ? 201 : 200, json_pack("{s:s,s:o}", "status", "success", "instance", instance_of(srv, b.instance_id)));
    return true;
  }
  char id[VM_ID_MAX + 1];
  size_t n = strlen(req->path);
  if (strncmp(req->path, "/v1/instance/", 13) == 0 && n > 17 && strcmp(req->path + n - 4, "/get") == 0 &&
      n - 17 <= VM_ID_MAX) {
    memcpy(id, req->path + 13, n - 17);
    id[n - 17] = '\0';
    put(out, 200, json_pack("{s:b,s:o}", "success", 1, "instance", instance_of(srv, id)));
    return true;
  }
  return false;
}

static void success(const vm_server *srv, const vm_request *req, const vm_addr *signer, vm_http_response *out) {
  if (instance_success(srv, req, signer, out)) return;
  if (strcmp(req->path, "/v1/account/create") == 0 || strcmp(req->path, "/v1/account/update") == 0) {
    bool create = req->path[12] == 'c';
    put(out, create ? 201 : 200, json_pack("{s:b,s:o}", "success", 1, "account", account_of(srv, signer)));
    return;
  }
  vm_transfer_body b;
  vm_addr to;
  if (strcmp(req->path, "/v1/account/transfer-ownership") == 0 &&
      vm_transfer_request_parse(req->body, req->body_len, &b) == VM_OK && vm_address_normalize(b.to, &to) == VM_OK) {
    put(out, 200,
        json_pack("{s:b,s:s,s:s,s:s,s:s,s:o}", "success", 1, "message", "Ownership transferred", "instance_id",
                  b.instance_id, "from_address", b.from, "to_address", b.to, "updated_account", account_of(srv, &to)));
    return;
  }
  char addr_text[VM_BODY_TEXT_MAX + 1];
  bool admin_query;
  vm_addr a;
  if (vm_account_path(req->path, addr_text, &admin_query) && vm_address_normalize(addr_text, &a) == VM_OK) {
    const vm_account *acc = vm_account_get(&srv->store, &a);
    if (admin_query && acc)
      put(out, 200, json_pack("{s:s,s:b}", "address", addr_text, "is_global_admin", acc->is_global_admin));
    else
      put(out, 200, json_pack("{s:b,s:o}", "success", 1, "account", account_of(srv, &a)));
    return;
  }
  put(out, 200, json_pack("{s:b}", "success", 1));
}

vm_err vm_http_respond(vm_server *srv, const vm_request *req, vm_addr *signer_out, vm_http_response *out) {
  vm_addr signer;
  memset(&signer, 0, sizeof signer);
  vm_err e = vm_server_handle(srv, req, &signer);
  if (signer_out) *signer_out = signer;
  if (e == VM_OK) {
    success(srv, req, &signer, out);
    return e;
  }
  int status = vm_err_http_status(e);
  const char *message = vm_err_message(e);
  if (auth_refusal(e) && behind_auth_middleware(req->path) && !vm_http_loopback_prefix(req->peer) &&
      (e == VM_E_MISSING_SIGNATURE || vm_err_kind_of(e) == VM_KIND_MALFORMED)) {
    status = 401; /* the middleware: a malformed header is answered as a missing one */
    message = vm_err_message(VM_E_MISSING_SIGNATURE);
  }
  put(out, status, json_pack("{s:s}", "error", message));
  return e;
}
