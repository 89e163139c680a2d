/* vm_ownership: signed requests against the form-state ownership core.
 * The input picks keys, operations and how to bend each signature (high-S,
 * recovery id, payload, digest, length, replay, another request's signature,
 * none). Oracles:
 *   vm.sig_differential  the core's signature verdict and signer equal a
 *                        direct libsecp256k1 recover + verify (which itself
 *                        demands low-S) of what was sent, with a strict
 *                        reading of the text;
 *   vm.replay_accepted   no signed message passes freshness twice;
 *   vm.not_bound         a message that passes names this method/path/body;
 *   vm.unsigned_change   no request changes state unless validly signed by a
 *                        key with enough authority (judged on the state before);
 *   vm.error_changed_state  a refused request leaves the state untouched. */
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/oracle.h"
#include "gen.h"

#define MAX_REQUESTS 12
#define MAX_SEEN 16

/* The independent peer: libsecp256k1 directly, on the strictly-read text. */
static bool reference_verify(const vm_gen_request *g, vm_addr *signer) {
  if (g->bend == VM_BEND_NO_HEADER || !g->sig_canonical) return false;
  if (strlen(g->recid_text) != 1 || g->recid_text[0] < '0' || g->recid_text[0] > '3') return false;
  int recid = g->recid_text[0] - '0';
  uint8_t digest[32];
  if (g->scheme == 'A')
    ff_sha256d(g->message, g->message_len, digest);
  else
    ff_sha256(g->message, g->message_len, digest);
  const secp256k1_context *ctx = secp256k1_context_static;
  secp256k1_ecdsa_recoverable_signature rsig;
  secp256k1_ecdsa_signature sig;
  secp256k1_pubkey pk;
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &rsig, g->sig, recid)) return false;
  if (!secp256k1_ecdsa_recover(ctx, &pk, &rsig, digest)) return false;
  if (!secp256k1_ecdsa_signature_parse_compact(ctx, &sig, g->sig)) return false;
  if (!secp256k1_ecdsa_verify(ctx, &sig, digest, &pk)) return false; /* rejects high-S */
  uint8_t ser[65], h[32];
  size_t len = sizeof ser;
  secp256k1_ec_pubkey_serialize(ctx, ser, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
  ff_keccak256(ser + 1, 64, h);
  vm_addr_from_bytes(h + 12, signer);
  return true;
}

static bool auth_error(vm_err e) {
  return e == VM_E_MISSING_SIGNATURE || e == VM_E_INVALID_FORMAT || e == VM_E_INVALID_SIGNATURE ||
         e == VM_E_INVALID_MESSAGE || e == VM_E_RECOVERY_FAILED;
}

static bool freshness_error(vm_err e) {
  return e == VM_E_STALE || e == VM_E_REPLAY || e == VM_E_NOT_BOUND;
}

typedef struct seen_message {
  vm_addr signer;
  uint8_t hash[32];
} seen_message;

typedef struct world {
  vm_server srv;
  seen_message seen[MAX_SEEN];
  size_t seen_count;
  vm_gen_request last;
  bool have_last;
} world;

static void record_fresh(world *w, const vm_addr *signer, const vm_gen_request *g) {
  uint8_t h[32];
  ff_sha256(g->message, g->message_len, h);
  for (size_t i = 0; i < w->seen_count; i++)
    FF_INVARIANT(!(vm_addr_equal(&w->seen[i].signer, signer) && memcmp(w->seen[i].hash, h, 32) == 0),
                 "vm.replay_accepted", "message by %s passed freshness twice (bend %s)", signer->hex,
                 vm_bend_name(g->bend));
  if (w->seen_count < MAX_SEEN) {
    w->seen[w->seen_count].signer = *signer;
    memcpy(w->seen[w->seen_count].hash, h, 32);
    w->seen_count++;
  }
}

/* What the signer was allowed to change, judged on the state before. */
static void check_authority(const vm_store *before, const vm_store *after, const vm_addr *signer,
                            const char *path, const char *body) {
  if (strcmp(path, "/v1/account/create") == 0) {
    FF_INVARIANT(!vm_account_get(before, signer) && vm_account_get(after, signer),
                 "vm.unsigned_change", "account create by %s changed other state", signer->hex);
    return;
  }
  char id[41] = {0};
  char op[16] = {0};
  if (sscanf(path, "/v1/instance/%40[0-9a-f]/%15s", id, op) != 2) {
    FF_INVARIANT(0, "vm.unsigned_change", "unparseable path %s changed state", path);
  }
  vm_level level = vm_level_of(before, signer, id);
  bool net_admin = vm_is_network_admin(before, signer);
  const vm_instance *was = vm_instance_get(before, id), *now = vm_instance_get(after, id);
  if (strcmp(op, "create") == 0) {
    FF_INVARIANT(!was, "vm.unsigned_change", "create by %s replaced instance %s owned by %s",
                 signer->hex, id, was ? was->owner.hex : "");
    FF_INVARIANT(now && vm_addr_equal(&now->owner, signer), "vm.unsigned_change",
                 "create did not make the signer the owner");
  } else if (strcmp(op, "delete") == 0) {
    FF_INVARIANT(level == VM_LEVEL_OWNER || net_admin, "vm.unsigned_change",
                 "delete of %s by %s holding %s", id, signer->hex, vm_level_name(level));
  } else if (strcmp(op, "grant") == 0 || strcmp(op, "revoke") == 0) {
    FF_INVARIANT(level >= VM_LEVEL_MANAGER, "vm.unsigned_change", "%s on %s by %s holding %s", op,
                 id, signer->hex, vm_level_name(level));
  } else if (strcmp(op, "transfer") == 0) {
    vm_addr to;
    FF_INVARIANT(level == VM_LEVEL_OWNER, "vm.unsigned_change", "transfer of %s by %s holding %s",
                 id, signer->hex, vm_level_name(level));
    FF_INVARIANT(vm_address_normalize(body, &to) == VM_OK && now && vm_addr_equal(&now->owner, &to),
                 "vm.unsigned_change", "transfer left the owner at %s", now ? now->owner.hex : "-");
  } else {
    FF_INVARIANT(0, "vm.unsigned_change", "%s on %s changed state", op, id);
  }
}

static void build_request(ff_input *in, world *w, vm_gen_request *g) {
  if (w->have_last && ff_choose(in, 6) == 0) { /* replay the previous request verbatim */
    *g = w->last;
    vm_gen_request_fix(g);
    return;
  }
  static const char *const OPS[] = {"create", "read",   "start",  "stop",    "reboot",
                                    "delete", "grant",  "revoke", "transfer", "account"};
  const char *op = FF_PICK(in, OPS);
  char id[41], path[160], body[128] = "";
  vm_gen_instance_id(ff_choose(in, VM_GEN_IDS), id);
  if (strcmp(op, "account") == 0) {
    snprintf(path, sizeof path, "/v1/account/create");
  } else {
    snprintf(path, sizeof path, "/v1/instance/%s/%s", id, op);
  }
  vm_addr who;
  char spelled[43];
  vm_gen_key_addr(ff_choose(in, VM_GEN_KEYS), &who);
  vm_gen_address_spelling(in, &who, spelled);
  static const char *const LEVELS[] = {"ReadOnly", "Operator", "Manager", "Owner", "admin"};
  if (strcmp(op, "grant") == 0)
    snprintf(body, sizeof body, "%s %s", spelled, FF_PICK(in, LEVELS));
  else if (strcmp(op, "revoke") == 0 || strcmp(op, "transfer") == 0)
    snprintf(body, sizeof body, "%s", spelled);
  vm_gen_signed_request(in, g, strcmp(op, "read") == 0 ? "GET" : "POST", path, body,
                        w->srv.now);
}

static void run_request(world *w, const vm_gen_request *g) {
  vm_signed core;
  vm_addr ref_signer, signer;
  vm_err auth = g->scheme == 'A' ? vm_scheme_a_verify(g->req.authorization, &core)
                                 : vm_scheme_b_verify(&g->req.scheme_b, &core);
  bool ref_ok = reference_verify(g, &ref_signer);
  FF_INVARIANT((auth == VM_OK) == ref_ok, "vm.sig_differential",
               "scheme %c bend %s: core says %s, libsecp256k1 says %s", g->scheme,
               vm_bend_name(g->bend), vm_err_name(auth), ref_ok ? "valid" : "invalid");
  if (ref_ok)
    FF_INVARIANT(vm_addr_equal(&core.signer, &ref_signer), "vm.sig_differential",
                 "signer %s vs %s", core.signer.hex, ref_signer.hex);

  vm_store before = w->srv.store;
  vm_err e = vm_server_handle(&w->srv, &g->req, &signer);
  bool changed = memcmp(&before, &w->srv.store, sizeof before) != 0;
  if (e != VM_OK)
    FF_INVARIANT(!changed, "vm.error_changed_state", "%s refused (%s) but changed state", g->path,
                 vm_err_name(e));
  if (!auth_error(e) && !freshness_error(e)) {
    FF_INVARIANT(ref_ok, "vm.unsigned_change", "request passed authentication without a valid signature");
    record_fresh(w, &signer, g);
    vm_fresh_fields f;
    char expect[VM_MSG_MAX];
    FF_INVARIANT(vm_fresh_parse(g->message, g->message_len, &f) == VM_OK, "vm.not_bound",
                 "unparseable message accepted");
    long n = vm_fresh_format(g->method, g->path, g->body, strlen(g->body), f.timestamp, f.nonce,
                             expect, sizeof expect);
    FF_INVARIANT(n == (long)g->message_len && memcmp(expect, g->message, g->message_len) == 0,
                 "vm.not_bound", "message signed for another request accepted for %s", g->path);
  }
  if (changed) {
    FF_INVARIANT(e == VM_OK && ref_ok, "vm.unsigned_change", "state changed by %s", g->path);
    check_authority(&before, &w->srv.store, &signer, g->path, g->body);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  world w;
  ff_input in;
  ff_input_init(&in, data, size);
  memset(&w, 0, sizeof w);
  vm_server_init(&w.srv, VM_GEN_NOW);
  /* key 3 is a network admin (§2.4 notion 2) */
  vm_addr a;
  vm_gen_key_addr(3, &a);
  vm_admin_peer_add(&w.srv.store, a.hex);
  for (size_t k = 0; k < VM_GEN_KEYS; k++) {
    if (ff_bool(&in)) continue; /* leave some keys without an account */
    vm_gen_key_addr(k, &a);
    vm_account_create(&w.srv.store, a.hex);
  }

  for (int i = 0; i < MAX_REQUESTS && ff_remaining(&in) > 0; i++) {
    vm_gen_request g;
    build_request(&in, &w, &g);
    w.srv.now += ff_range(&in, 0, 3);
    run_request(&w, &g);
    w.last = g;
    w.have_last = true;
  }
  return 0;
}
