/* The oracles of vm_ownership, shared with vm_wire (request_checks.h): one
 * request, as the server receives it (vm_gen_request: method, path, body,
 * header block, peer), is answered through vm_http_respond and judged
 * against the reference authentication (reference.c), the state before, the
 * lifecycle model and the HTTP rule of http.c. The oracle ids are listed in
 * request_checks.h. */
#include "request_checks.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/oracle.h"
#include "lifecycle_model.h"

#define BOOTSTRAP_PATH "/v1/bootstrap/ensure_admin_account"
#define TRANSFER_PATH "/v1/account/transfer-ownership"

static bool auth_error(vm_err e) {
  return e == VM_E_MISSING_SIGNATURE || e == VM_E_INVALID_FORMAT || e == VM_E_INVALID_SIGNATURE ||
         e == VM_E_INVALID_MESSAGE || e == VM_E_RECOVERY_FAILED;
}

static bool freshness_error(vm_err e) {
  return e == VM_E_STALE || e == VM_E_REPLAY || e == VM_E_NOT_BOUND;
}

static void record_fresh(vm_world *w, const vm_addr *signer, const uint8_t *msg, size_t len) {
  uint8_t h[32];
  ff_sha256(msg, len, h);
  for (size_t i = 0; i < w->seen_count; i++)
    FF_INVARIANT(!(vm_addr_equal(&w->seen[i].signer, signer) && memcmp(w->seen[i].hash, h, 32) == 0),
                 "vm.replay_accepted", "message by %s passed freshness twice", signer->hex);
  if (w->seen_count < VM_WORLD_SEEN) {
    w->seen[w->seen_count].signer = *signer;
    memcpy(w->seen[w->seen_count].hash, h, 32);
    w->seen_count++;
  }
}

/* A start/stop/reboot changed only the instance's machine, along the model. */
static void check_machine_move(const vm_store *before, const vm_store *after, const char *id, vm_cmd c) {
  const vm_instance *was = vm_instance_get(before, id), *now = vm_instance_get(after, id);
  FF_INVARIANT(was && now, "vm.unsigned_change", "%s on missing instance %s", vm_cmd_name(c), id);
  const vm_model_edge *edge = vm_model_edge_for(was->machine.status, c);
  FF_INVARIANT(edge && now->machine.status == edge->to && now->machine.hv == vm_model_hv_for(edge->to),
               "vm.unsigned_change", "%s moved %s to %s/%s, not along the lifecycle model", vm_cmd_name(c),
               vm_status_name(was->machine.status), vm_status_name(now->machine.status),
               vm_hv_name(now->machine.hv));
  vm_store rest = *after;
  vm_instance_find(&rest, id)->machine = was->machine;
  rest.changes = before->changes;
  FF_INVARIANT(memcmp(&rest, before, sizeof rest) == 0, "vm.unsigned_change",
               "%s changed more than the machine of %s", vm_cmd_name(c), id);
}

/* The store after an instance create or update, put back to before at the
 * instance's record and the signer's account: nothing else changed. */
static void check_only(const vm_store *before, const vm_store *after, const char *id, const vm_addr *signer,
                       const char *what) {
  vm_store rest = *after;
  long k = vm_instance_slot(after, id), a = vm_account_slot(after, signer);
  rest.instances[k] = before->instances[k];
  if (a >= 0) rest.accounts[a] = before->accounts[a];
  rest.changes = before->changes;
  FF_INVARIANT(memcmp(&rest, before, sizeof rest) == 0, "vm.unsigned_change", "%s of %s changed more", what, id);
}

/* POST /v1/instance/create: a new instance, the signer's, in both places,
 * Created, described by the body. POST /v1/instance/update: by the owner or
 * a network admin, only the description and updated_at change (§2.5; §3.7:
 * the status moves only along the lifecycle; the owner only by transfer). */
static void check_instance_route(const vm_store *before, const vm_store *after, const vm_addr *signer,
                                 const char *path, const char *body, size_t body_len, int64_t now) {
  vm_instance_body b;
  FF_INVARIANT(vm_instance_request_parse((const uint8_t *)body, body_len, &b) == VM_OK, "vm.unsigned_change",
               "%s with an unreadable body changed state", path);
  const vm_instance *was = vm_instance_get(before, b.instance_id), *is = vm_instance_get(after, b.instance_id);
  FF_INVARIANT(is != NULL, "vm.unsigned_change", "%s of %s left no instance", path, b.instance_id);
  if (strcmp(path, "/v1/instance/create") == 0) {
    FF_INVARIANT(!was, "vm.unsigned_change", "create by %s replaced instance %s owned by %s", signer->hex,
                 b.instance_id, was ? was->owner.hex : "");
    const vm_account *acc = vm_account_get(after, signer);
    FF_INVARIANT(vm_addr_equal(&is->owner, signer) && is->machine.status == VM_ST_CREATED && acc &&
                     vm_owned_has(acc, b.instance_id),
                 "vm.unsigned_change", "create did not make the signer the owner (both places) of a Created VM");
    FF_INVARIANT(strcmp(is->spec, b.spec) == 0 && is->created_at == now && is->updated_at == now,
                 "vm.instance_fields", "create of %s did not keep the body's description at time %lld",
                 b.instance_id, (long long)now);
    check_only(before, after, b.instance_id, signer, "create");
    return;
  }
  FF_INVARIANT(was && (vm_level_of(before, signer, b.instance_id) == VM_LEVEL_OWNER ||
                       vm_is_network_admin(before, signer)),
               "vm.unsigned_change", "update of %s by %s holding %s", b.instance_id, signer->hex,
               vm_level_name(vm_level_of(before, signer, b.instance_id)));
  vm_instance expect = *was;
  memcpy(expect.spec, b.spec, sizeof expect.spec);
  expect.updated_at = now;
  expect.version = is->version;
  FF_INVARIANT(memcmp(&expect, is, sizeof expect) == 0, "vm.instance_fields",
               "update of %s by %s set status %s (was %s), owner %s (was %s)", b.instance_id, signer->hex,
               vm_status_name(is->machine.status), vm_status_name(was->machine.status), is->owner.hex,
               was->owner.hex);
  check_only(before, after, b.instance_id, &was->owner, "update");
}

/* What the signer was allowed to change, judged on the state before. */
static void check_authority(const vm_store *before, const vm_store *after, const vm_addr *signer,
                            const char *path, const char *body, size_t body_len, int64_t server_now) {
  bool create = strcmp(path, "/v1/account/create") == 0;
  if (create || strcmp(path, "/v1/account/update") == 0) {
    const vm_account *was = vm_account_get(before, signer), *now = vm_account_get(after, signer);
    FF_INVARIANT(now && (create ? !was : was != NULL), "vm.unsigned_change", "account %s by %s changed other state",
                 path, signer->hex);
    vm_account expect;
    memset(&expect, 0, sizeof expect);
    if (was) expect = *was;
    expect.used = true;
    expect.address = *signer;
    expect.has_name = now->has_name;
    memcpy(expect.name, now->name, sizeof expect.name);
    FF_INVARIANT(memcmp(&expect, now, sizeof expect) == 0, "vm.account_fields",
                 "%s by %s set is_global_admin %d, credits %llu, %zu owned (server's: %d, %llu, %zu)", path,
                 signer->hex, now->is_global_admin, (unsigned long long)now->credits, now->owned_count,
                 expect.is_global_admin, (unsigned long long)expect.credits, expect.owned_count);
    vm_store rest = *after;
    rest.accounts[vm_account_slot(after, signer)] = was ? *was : before->accounts[vm_account_slot(after, signer)];
    rest.changes = before->changes;
    FF_INVARIANT(memcmp(&rest, before, sizeof rest) == 0, "vm.unsigned_change", "%s changed more than %s's account",
                 path, signer->hex);
    return;
  }
  if (strcmp(path, "/v1/account/delete") == 0) {
    const vm_account *was = vm_account_get(before, signer);
    FF_INVARIANT(was && was->owned_count == 0 && !vm_account_get(after, signer), "vm.unsigned_change",
                 "account delete by %s: %s", signer->hex, was ? "an owner's account went" : "no account of its own");
    for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++)
      FF_INVARIANT(&before->accounts[i] == was ||
                       memcmp(&before->accounts[i], &after->accounts[i], sizeof after->accounts[i]) == 0,
                   "vm.unsigned_change", "account delete by %s changed another account", signer->hex);
    for (size_t i = 0; i < VM_MAX_INSTANCES; i++)
      FF_INVARIANT(vm_addr_equal(&before->instances[i].owner, &after->instances[i].owner) &&
                       before->instances[i].used == after->instances[i].used,
                   "vm.unsigned_change", "account delete by %s changed an instance's owner", signer->hex);
    return;
  }
  if (strcmp(path, TRANSFER_PATH) == 0) {
    vm_transfer_body b;
    vm_addr to;
    FF_INVARIANT(vm_transfer_request_parse((const uint8_t *)body, body_len, &b) == VM_OK &&
                     vm_address_normalize(b.to, &to) == VM_OK,
                 "vm.unsigned_change", "transfer with an unreadable body changed state");
    const vm_instance *now = vm_instance_get(after, b.instance_id);
    FF_INVARIANT(vm_level_of(before, signer, b.instance_id) == VM_LEVEL_OWNER, "vm.unsigned_change",
                 "transfer of %s by %s holding %s", b.instance_id, signer->hex,
                 vm_level_name(vm_level_of(before, signer, b.instance_id)));
    FF_INVARIANT(now && vm_addr_equal(&now->owner, &to), "vm.unsigned_change", "transfer left the owner at %s",
                 now ? now->owner.hex : "-");
    return;
  }
  if (strcmp(path, "/v1/user/global_admin") == 0 || strcmp(path, BOOTSTRAP_PATH) == 0) {
    FF_INVARIANT(vm_is_global_admin(before, signer), "vm.unsigned_change",
                 "global-admin flag changed by %s, not a global admin", signer->hex);
    return;
  }
  if (vm_instance_route(path)) {
    check_instance_route(before, after, signer, path, body, body_len, server_now);
    return;
  }
  char id[41] = {0};
  char op[16] = {0};
  if (sscanf(path, "/v1/instance/%40[0-9a-f]/%15s", id, op) != 2)
    FF_INVARIANT(0, "vm.unsigned_change", "unparseable path %s changed state", path);
  vm_level level = vm_level_of(before, signer, id);
  bool net_admin = vm_is_network_admin(before, signer);
  const vm_instance *was = vm_instance_get(before, id);
  static const char *const MACHINE_OPS[] = {"start", "stop", "reboot"};
  static const vm_cmd MACHINE_CMDS[] = {VM_CMD_START, VM_CMD_STOP, VM_CMD_REBOOT};
  for (size_t k = 0; k < FF_COUNT_OF(MACHINE_OPS); k++) {
    if (strcmp(op, MACHINE_OPS[k]) != 0) continue;
    FF_INVARIANT(level >= VM_LEVEL_OPERATOR || net_admin, "vm.unsigned_change", "%s of %s by %s holding %s",
                 op, id, signer->hex, vm_level_name(level));
    check_machine_move(before, after, id, MACHINE_CMDS[k]);
    return;
  }
  if (strcmp(op, "delete") == 0) {
    FF_INVARIANT(level == VM_LEVEL_OWNER || net_admin, "vm.unsigned_change",
                 "delete of %s by %s holding %s", id, signer->hex, vm_level_name(level));
    FF_INVARIANT(was && vm_model_edge_for(was->machine.status, VM_CMD_DELETE), "vm.unsigned_change",
                 "delete of a VM in status %s", was ? vm_status_name(was->machine.status) : "-");
  } else if (strcmp(op, "grant") == 0 || strcmp(op, "revoke") == 0) {
    FF_INVARIANT(level >= VM_LEVEL_MANAGER, "vm.unsigned_change", "%s on %s by %s holding %s", op,
                 id, signer->hex, vm_level_name(level));
  } else {
    FF_INVARIANT(0, "vm.unsigned_change", "%s on %s changed state", op, id);
  }
}

/* The core's authentication outcome against the reference's. */
static void check_authentication(const vm_gen_request *g, vm_err e, const vm_addr *signer,
                                 vm_ref_verdict ref, const vm_addr *ref_signer) {
  if (auth_error(e)) {
    FF_INVARIANT(ref != VM_REF_VALID, "vm.sig_differential",
                 "signature %s: core refuses (%s), libsecp256k1 verifies", g->sig_variant, vm_err_name(e));
    FF_INVARIANT(vm_err_kind_of(e) == vm_ref_verdict_kind(ref), "vm.error_kind",
                 "signature %s: core %s (HTTP %d), reference %s", g->sig_variant, vm_err_name(e),
                 vm_err_http_status(e), vm_ref_verdict_name(ref));
    return;
  }
  FF_INVARIANT(ref == VM_REF_VALID, "vm.sig_differential",
               "signature %s: core authenticates %s (then %s), reference says %s", g->sig_variant,
               signer->hex, vm_err_name(e), vm_ref_verdict_name(ref));
  FF_INVARIANT(vm_addr_equal(signer, ref_signer), "vm.sig_differential", "signer %s vs %s", signer->hex,
               ref_signer->hex);
}

/* Every account that is a global admin after the request was one before, or
 * the request was validly signed by a global admin. */
static void check_no_escalation(const vm_store *before, const vm_store *after, vm_err e, vm_ref_verdict ref,
                                const vm_addr *signer, const char *path) {
  for (size_t i = 0; i < VM_MAX_ACCOUNTS; i++) {
    const vm_account *acc = &after->accounts[i];
    if (!acc->used || !acc->is_global_admin || vm_is_global_admin(before, &acc->address)) continue;
    FF_INVARIANT(e == VM_OK && ref == VM_REF_VALID && vm_is_global_admin(before, signer), "vm.admin_escalation",
                 "%s made %s a global admin (%s, reference %s, signer %s)", path, acc->address.hex,
                 vm_err_name(e), vm_ref_verdict_name(ref), e == VM_OK ? signer->hex : "-");
  }
}

static bool starts(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

static void check_http(const vm_gen_request *g, vm_err e, vm_ref_verdict ref, const vm_http_response *r) {
  json_t *j = json_loads(r->body, 0, NULL);
  bool object = json_is_object(j), has_error = json_is_string(json_object_get(j, "error"));
  json_decref(j);
  FF_INVARIANT(object && (e == VM_OK || has_error), "vm.http_status", "%s answered %d with body %.80s", g->path,
               r->status, r->body);
  bool create = strcmp(g->path, "/v1/account/create") == 0 || strcmp(g->path, "/v1/instance/create") == 0;
  int want = e == VM_OK ? (create ? 201 : 200) : vm_err_http_status(e);
  if (auth_error(e)) {
    bool middleware = starts(g->path, "/v1/account/") || starts(g->path, "/v1/instance/");
    bool loopback = starts(g->peer, "127.0.0.1") || starts(g->peer, "::1");
    want = vm_ref_verdict_kind(ref) == VM_KIND_MALFORMED && (!middleware || loopback) ? 400 : 401;
  }
  FF_INVARIANT(r->status == want, "vm.http_status", "%s from %s: %s answered %d, expected %d", g->path, g->peer,
               vm_err_name(e), r->status, want);
}

/* The instances a list or get_by_build_id answer shows are ones the signer
 * may read (a level on it, or a network admin), with that build id. */
static void check_listing(const vm_store *st, const vm_addr *signer, const vm_gen_request *g,
                          const vm_http_response *r) {
  char build_id[VM_ID_MAX + 1];
  bool by_build = vm_instance_build_path(g->path, build_id);
  if (r->status != 200 || (!by_build && strcmp(g->path, "/v1/instance/list") != 0)) return;
  json_t *j = json_loads(r->body, 0, NULL);
  const json_t *list =
      by_build ? json_object_get(json_object_get(j, "Success"), "List") : json_object_get(j, "instances");
  FF_INVARIANT(json_is_array(list), "vm.http_status", "%s answered %.80s", g->path, r->body);
  size_t i;
  json_t *inst;
  json_array_foreach(list, i, inst) {
    const char *id = json_string_value(json_object_get(inst, "instance_id"));
    FF_INVARIANT(id && (vm_level_of(st, signer, id) != VM_LEVEL_NONE || vm_is_network_admin(st, signer)),
                 "vm.read_leak", "%s showed %s to %s, who may not read it", g->path, id ? id : "-", signer->hex);
    const char *build = json_string_value(json_object_get(inst, "build_id"));
    FF_INVARIANT(!by_build || (build && strcmp(build, build_id) == 0), "vm.read_leak",
                 "%s showed %s of another build", g->path, id);
  }
  json_decref(j);
}

void vm_world_run(vm_world *w, const vm_gen_request *g) {
  vm_addr ref_signer, signer;
  memset(&signer, 0, sizeof signer); /* a request served without authentication names no signer */
  uint8_t message[VM_MSG_MAX];
  size_t message_len = 0;
  vm_ref_verdict ref = vm_reference_authenticate(&g->headers, &w->ref_cache, &ref_signer, message, &message_len);

  /* a local claim must earn nothing: the same request from a remote peer */
  vm_err remote_e = VM_OK;
  vm_server remote_srv, *remote = NULL;
  if (g->local_claim) {
    vm_gen_request stripped;
    vm_gen_request_strip_claims(g, &stripped);
    remote_srv = w->srv;
    remote = &remote_srv;
    ff_fault_plan *plan = ff_fault_plan_install(NULL); /* the twin runs without faults */
    remote_e = vm_server_handle(remote, &stripped.req, NULL);
    ff_fault_plan_install(plan);
  }

  vm_store before = w->srv.store;
  vm_http_response http;
  vm_err e = vm_http_respond(&w->srv, &g->req, &signer, &http);
  check_no_escalation(&before, &w->srv.store, e, ref, &signer, g->path);
  if (remote && e != VM_E_STORAGE) /* a failed write is this run's fault, not the claim's */
    FF_INVARIANT(e == remote_e && memcmp(&remote->store, &w->srv.store, sizeof remote->store) == 0 &&
                     memcmp(&remote->nonces, &w->srv.nonces, sizeof remote->nonces) == 0,
                 "vm.local_trust", "%s claiming to be local (peer %s): %s, from a remote peer: %s", g->path,
                 g->peer, vm_err_name(e), vm_err_name(remote_e));
  check_authentication(g, e, &signer, ref, &ref_signer);
  check_http(g, e, ref, &http);
  check_listing(&w->srv.store, &signer, g, &http);

  bool changed = memcmp(&before, &w->srv.store, sizeof before) != 0;
  if (e != VM_OK)
    FF_INVARIANT(!changed, "vm.error_changed_state", "%s refused (%s) but changed state", g->path,
                 vm_err_name(e));
  if (!auth_error(e) && !freshness_error(e)) {
    record_fresh(w, &signer, message, message_len);
    vm_fresh_fields f;
    char expect[VM_MSG_MAX];
    FF_INVARIANT(vm_fresh_parse(message, message_len, &f) == VM_OK, "vm.not_bound",
                 "unparseable message accepted");
    long n = vm_fresh_format(g->method, g->path, g->body, g->body_len, f.timestamp, f.nonce, expect,
                             sizeof expect);
    FF_INVARIANT(n == (long)message_len && memcmp(expect, message, message_len) == 0, "vm.not_bound",
                 "message signed for another request accepted for %s", g->path);
  }
  if (changed) {
    FF_INVARIANT(e == VM_OK && ref == VM_REF_VALID, "vm.unsigned_change", "state changed by %s", g->path);
    check_authority(&before, &w->srv.store, &signer, g->path, g->body, g->body_len, (int64_t)w->srv.now);
  }
}

void vm_world_init(vm_world *w) {
  memset(w, 0, sizeof *w);
  vm_server_init(&w->srv, VM_GEN_NOW);
  vm_addr a;
  vm_gen_key_addr(VM_WORLD_NETWORK_ADMIN_KEY, &a);
  vm_admin_peer_add(&w->srv.store, a.hex);
}

void vm_world_open_account(vm_world *w, const vm_addr *a, bool global_admin) {
  vm_account_create(&w->srv.store, a->hex);
  if (global_admin) vm_global_admin_write(&w->srv.store, a, true);
}
