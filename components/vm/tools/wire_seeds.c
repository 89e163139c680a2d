/* Writes vm_wire's seeds (components/vm/seeds/vm_wire/) into the folder
 * given: the fact sheet's signed-message vectors (§9 V2, its high-S twin and
 * its single-hash mistake, V3) as the requests they came with, then
 * sessions of requests as a client signs them (both schemes, recovery id
 * spellings, JSON bodies, the instance routes with Instance bodies, local
 * claims, a replay, a stale message, storage faults). Every input is made by vm_wire_write, and signed by
 * vm_wire_resign where its framing names a key, so the seeds are exactly
 * what the format and the mutator produce. ctest vm_wire_seeds_current
 * checks that the committed folder is this program's output.
 * usage: vm_wire_seeds DIR */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire_format.h"

#define V1_ADDRESS "2c7536e3605d9c16a7a3d7b1898e529396a65c23"
#define V2_MESSAGE_HEX "437265617465206163636f756e742072657175657374" /* "Create account request" */
#define V2_R "149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
#define V2_S "2ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069"
#define V2_HIGH_S "d13a52ef17262c0baea5847b9e801941899f40933b4c052caf01f75773b120d8"
#define V2_SINGLE_HASH_SIG                                                                              \
  "8f3dd0ac36ebdad2a25b10f71a9513cfaced8e449e1f9ce6b4c237998cb64e61"                                    \
  "61d6493ba2a46683e83c5f4cf14f4f05f05bf6856502ec1c5c7accec20696bb9"
#define V3_SIG                                                                                          \
  "9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c40"                                    \
  "6203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb"
#define V3_MESSAGE "f9a8f1bbd8232806a7390730d56a2e20a855829ce5f9f859267a5ba72beee0fd"
#define V5_INSTANCE "f53f324cf91d3604ade04e87b4ee5001e3ef468d"
#define V5_BUILD "f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8"
#define CREATE_V1 "{\"Create\":{\"address\":\"" V1_ADDRESS "\"}}"
#define HOST "Host: 198.51.100.20:3004\r\n"

static unsigned nonce_counter;

static const char *address(size_t key) {
  static char out[VM_WIRE_KEYS][41];
  ff_address_hex(vm_wire_key(key)->addr, out[key]);
  return out[key];
}

static const char *instance(size_t k) {
  static char out[VM_GEN_IDS][41];
  vm_gen_instance_id(k, out[k]);
  return out[k];
}

/* A request with the given header lines (signature headers among them, or
 * placeholders to be signed); key >= 0 binds a fresh message at ts and signs. */
static vm_wire_request *add(vm_wire *w, int key, const char *method, const char *target, const char *body,
                            const char *headers, uint64_t ts) {
  vm_wire_request *r = &w->req[w->n++];
  memset(r, 0, sizeof *r);
  snprintf(r->method, sizeof r->method, "%s", method);
  snprintf(r->target, sizeof r->target, "%s", target);
  r->body_len = strlen(body);
  memcpy(r->body, body, r->body_len);
  r->has_length = strcmp(method, "POST") == 0;
  snprintf(r->head, sizeof r->head, HOST "%s%s", body[0] == '{' ? "Content-Type: application/json\r\n" : "",
           headers);
  r->head_len = strlen(r->head);
  r->key = key;
  vm_wire_read_message(r);
  r->signed_key = VM_WIRE_KEEP;
  if (key >= 0) {
    char nonce[VM_NONCE_HEX + 1];
    snprintf(nonce, sizeof nonce, "%032x", ++nonce_counter);
    vm_wire_bind(r, ts, nonce);
    r->signed_key = -2;
    vm_wire_resign(r);
  }
  return r;
}

/* Signature header placeholders: scheme A, or B (recovery id and X-Message
 * spelled as given), filled in by vm_wire_resign. */
static const char SCHEME_A[] = "Authorization: \r\n";
static const char SCHEME_A_PLUS[] = "Authorization: Signature 00.+1.00\r\n";
static const char SCHEME_A_ZEROS[] = "Authorization: Signature 00.001.00\r\n";
static const char SCHEME_B[] = "X-Signature: \r\nX-Recovery-Id: \r\nX-Message: \r\n";
static const char SCHEME_B_0X_PLUS[] = "X-Signature: \r\nX-Recovery-Id: +1\r\nX-Message: 0x\r\n";

/* An Instance body (§2.3): vm_gen_instance_json's canonical one (what an
 * input without bytes draws) for instance id, with instance_owner, status,
 * host_region and, when given, build_id set as the client writes them; its
 * buffer holds it until the next call. */
static const char *instance_body(const char *id, const char *owner, const char *status, const char *region,
                                 const char *build) {
  static char out[VM_WIRE_BODY_MAX + 1];
  char canonical[VM_WIRE_BODY_MAX + 1];
  ff_input none;
  ff_input_init(&none, NULL, 0);
  vm_gen_instance_json(&none, id, owner, canonical, sizeof canonical);
  json_t *j = json_loads(canonical, 0, NULL);
  json_object_set_new(j, "status", json_string(status));
  json_object_set_new(j, "host_region", json_string(region));
  if (build) json_object_set_new(j, "build_id", json_string(build));
  char *text = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
  snprintf(out, sizeof out, "%s", text ? text : "");
  free(text);
  json_decref(j);
  return out;
}

/* The body of key's create of pool instance k, as its owner writes it. */
static const char *own_instance(size_t key, size_t k) {
  return instance_body(instance(k), address(key), "Created", "us-east", NULL);
}

static char path_buf[8][160];
static const char *path(int slot, const char *fmt, const char *arg) {
  snprintf(path_buf[slot], sizeof path_buf[slot], fmt, arg);
  return path_buf[slot];
}

static int save(const char *dir, const char *name, const vm_wire *w) {
  static uint8_t out[1 << 16];
  long n = vm_wire_write(w, out, sizeof out);
  char file[512];
  snprintf(file, sizeof file, "%s/%s", dir, name);
  FILE *f = fopen(file, "wb");
  if (n < 0 || !f || fwrite(out, 1, (size_t)n, f) != (size_t)n) {
    fprintf(stderr, "vm_wire_seeds: cannot write %s\n", file);
    if (f) fclose(f);
    return 1;
  }
  return fclose(f) != 0;
}

static vm_wire *fresh(unsigned accounts) {
  static vm_wire w;
  vm_wire_init(&w);
  w.accounts = accounts;
  return &w;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: vm_wire_seeds DIR\n");
    return 2;
  }
  const char *dir = argv[1];
  const uint64_t now = VM_GEN_NOW;
  const unsigned TEST_KEYS = 0x0f; /* keys 0-3 have accounts, the fact sheet's key none */
  int failed = 0;
  vm_wire *w;

  /* §9 V2: the header as the fact sheet gives it (401 NotBound here: the
   * constant message names no request), then the same request signed by
   * the same key over its own message (201). */
  w = fresh(TEST_KEYS);
  add(w, VM_WIRE_KEEP, "POST", "/v1/account/create", CREATE_V1,
      "Authorization: Signature " V2_R V2_S ".1." V2_MESSAGE_HEX "\r\n", 0);
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", "/v1/account/create", CREATE_V1, SCHEME_A, now);
  failed |= save(dir, "v2-scheme-a-create-account", w);

  w = fresh(TEST_KEYS); /* its high-S twin (recid 0): refused, 401 */
  add(w, VM_WIRE_KEEP, "POST", "/v1/account/create", CREATE_V1,
      "Authorization: Signature " V2_R V2_HIGH_S ".0." V2_MESSAGE_HEX "\r\n", 0);
  failed |= save(dir, "v2-high-s-twin", w);

  w = fresh(TEST_KEYS); /* the single-hash mistake: another signer (4bd21edc...) */
  add(w, VM_WIRE_KEEP, "POST", "/v1/account/create", CREATE_V1,
      "Authorization: Signature " V2_SINGLE_HASH_SIG ".1." V2_MESSAGE_HEX "\r\n", 0);
  failed |= save(dir, "v2-single-hash", w);

  /* §9 V3: vmm-service's scheme B over SHA3-256("StartVmRequest:myvm"), on
   * the start route of the §9 V5 instance id (created first from an
   * Instance with V5's ids); then the same by scheme B over the request's
   * own message. */
  w = fresh(TEST_KEYS | 1u << VM_WIRE_FACT_SHEET_KEY);
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", "/v1/instance/create",
      instance_body(V5_INSTANCE, V1_ADDRESS, "Created", "us-east", V5_BUILD), SCHEME_A, now);
  add(w, VM_WIRE_KEEP, "POST", path(1, "/v1/instance/%s/start", V5_INSTANCE), "",
      "X-Signature: " V3_SIG "\r\nX-Recovery-Id: 1\r\nX-Message: " V3_MESSAGE "\r\n", 0);
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", path(1, "/v1/instance/%s/start", V5_INSTANCE), "", SCHEME_B, now);
  failed |= save(dir, "v3-scheme-b-start", w);

  /* An instance's life by its owner: create, start, stop, reboot, get, delete. */
  w = fresh(TEST_KEYS);
  add(w, 0, "POST", "/v1/instance/create", own_instance(0, 0), SCHEME_A, now);
  add(w, 0, "POST", path(1, "/v1/instance/%s/start", instance(0)), "", SCHEME_A, now);
  add(w, 0, "POST", path(2, "/v1/instance/%s/stop", instance(0)), "", SCHEME_B, now - 5);
  add(w, 0, "POST", path(3, "/v1/instance/%s/start", instance(0)), "", SCHEME_A_PLUS, now - 10);
  add(w, 0, "POST", path(4, "/v1/instance/%s/reboot", instance(0)), "", SCHEME_A, now);
  add(w, 0, "GET", path(5, "/v1/instance/%s/get", instance(0)), "", SCHEME_A, now);
  add(w, 0, "POST", path(6, "/v1/instance/%s/stop", instance(0)), "", SCHEME_A, now);
  add(w, 0, "POST", path(7, "/v1/instance/%s/delete", instance(0)), "", SCHEME_A, now);
  failed |= save(dir, "instance-lifecycle", w);

  /* Grants: the owner (scheme B, "+1", 0x) lets key 0 operate; key 0 starts
   * (recid "001"); the grant is revoked; key 0 may no longer stop. */
  w = fresh(TEST_KEYS);
  char grant[96];
  snprintf(grant, sizeof grant, "0x%s Operator", address(0));
  add(w, 1, "POST", "/v1/instance/create", own_instance(1, 1), SCHEME_B_0X_PLUS, now);
  add(w, 1, "POST", path(1, "/v1/instance/%s/grant", instance(1)), grant, SCHEME_B_0X_PLUS, now);
  add(w, 0, "POST", path(2, "/v1/instance/%s/start", instance(1)), "", SCHEME_A_ZEROS, now);
  add(w, 1, "POST", path(3, "/v1/instance/%s/revoke", instance(1)), address(0), SCHEME_B, now);
  add(w, 0, "POST", path(4, "/v1/instance/%s/stop", instance(1)), "", SCHEME_A, now);
  failed |= save(dir, "grant-operate-revoke", w);

  /* Transfer by the owner, then reads by both. */
  w = fresh(TEST_KEYS);
  char transfer[256];
  snprintf(transfer, sizeof transfer,
           "{\"TransferOwnership\":{\"from_address\":\"%s\",\"to_address\":\"0x%s\",\"instance_id\":\"%s\"}}",
           address(0), address(1), instance(2));
  add(w, 0, "POST", "/v1/instance/create", own_instance(0, 2), SCHEME_A, now);
  add(w, 0, "POST", "/v1/account/transfer-ownership", transfer, SCHEME_A, now);
  add(w, 1, "GET", path(1, "/v1/instance/%s/get", instance(2)), "", SCHEME_B, now);
  add(w, 0, "GET", path(2, "/v1/instance/%s/get", instance(2)), "", SCHEME_A, now);
  failed |= save(dir, "transfer", w);

  /* Accounts: the fact sheet's key creates its account with fields a caller
   * must not set, renames it, reads it, asks about key 2, deletes it. */
  w = fresh(TEST_KEYS);
  char body[256];
  snprintf(body, sizeof body,
           "{\"Create\":{\"address\":\"0x%s\",\"name\":\"ops\",\"is_global_admin\":true,\"credits\":1000000,"
           "\"owned_instances\":[\"%s\"]}}",
           V1_ADDRESS, instance(3));
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", "/v1/account/create", body, SCHEME_A, now);
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", "/v1/account/update",
      "{\"Update\":{\"address\":\"" V1_ADDRESS "\",\"name\":\"renamed\",\"credits\":5}}", SCHEME_B, now);
  add(w, VM_WIRE_FACT_SHEET_KEY, "GET", path(0, "/v1/account/0x%s/get", V1_ADDRESS), "", SCHEME_A, now);
  add(w, VM_WIRE_FACT_SHEET_KEY, "GET", path(1, "/v1/account/%s/is_global_admin", address(2)), "", SCHEME_A, now);
  add(w, VM_WIRE_FACT_SHEET_KEY, "POST", "/v1/account/delete", "{\"Delete\":\"" V1_ADDRESS "\"}", SCHEME_A, now);
  failed |= save(dir, "accounts", w);

  /* Global admins: key 2 (one) bootstraps key 1 and sets key 0's flag; key 0
   * (not one) tries the node route. */
  w = fresh(TEST_KEYS);
  snprintf(body, sizeof body, "{\"admin_public_key\":\"%s\"}", address(1));
  add(w, 2, "POST", "/v1/bootstrap/ensure_admin_account", body, SCHEME_A, now);
  snprintf(body, sizeof body, "%s true", address(0));
  add(w, 2, "POST", "/v1/user/global_admin", body, SCHEME_A, now);
  snprintf(body, sizeof body, "%s true", address(3));
  add(w, 0, "POST", "/v1/user/global_admin", body, SCHEME_B, now);
  failed |= save(dir, "global-admin", w);

  /* Local claims from a loopback peer: an unsigned node-route write with
   * X-Forwarded-For, a malformed header (400 from 127.0.0.1), a signed
   * request with Host: localhost. */
  w = fresh(TEST_KEYS);
  snprintf(w->peer, sizeof w->peer, "127.0.0.1:41000");
  add(w, VM_WIRE_KEEP, "POST", "/v1/user/global_admin", body, "X-Forwarded-For: 127.0.0.1\r\n", 0);
  add(w, VM_WIRE_KEEP, "GET", path(0, "/v1/instance/%s/get", instance(0)), "",
      "Authorization: Signature zz.1.00\r\n", 0);
  add(w, 3, "POST", "/v1/user/global_admin", body, "Host: localhost:3004\r\nAuthorization: \r\n", now);
  failed |= save(dir, "local-claims", w);

  /* A replay (the same request twice), then a stale message. */
  w = fresh(TEST_KEYS);
  add(w, 1, "POST", "/v1/instance/create", own_instance(1, 1), SCHEME_A, now);
  w->req[w->n] = w->req[w->n - 1];
  w->n++;
  add(w, 1, "POST", path(1, "/v1/instance/%s/start", instance(1)), "", SCHEME_A, now - VM_FRESH_WINDOW - 1);
  failed |= save(dir, "replay-and-stale", w);

  /* Storage faults under a create and a transfer. */
  w = fresh(TEST_KEYS);
  memcpy(w->faults, "\x24\x92\x49\x24", 4);
  snprintf(transfer, sizeof transfer,
           "{\"TransferOwnership\":{\"from_address\":\"%s\",\"to_address\":\"%s\",\"instance_id\":\"%s\"}}",
           address(3), address(0), instance(3));
  add(w, 3, "POST", "/v1/instance/create", own_instance(3, 3), SCHEME_A, now);
  add(w, 3, "POST", "/v1/instance/create", own_instance(3, 3), SCHEME_B, now);
  add(w, 3, "POST", "/v1/account/transfer-ownership", transfer, SCHEME_A, now);
  add(w, 3, "POST", "/v1/account/transfer-ownership", transfer, SCHEME_B, now);
  failed |= save(dir, "storage-faults", w);

  /* The instance routes: key 0 creates an instance from a body naming key 1
   * the owner with status Started (the server's: key 0, Created), updates it
   * to another region asking for Stopped and another owner (only the
   * description changes); key 1 may not update it and lists and finds by
   * build id nothing; the admin peer (key 3) finds it and updates it; key 0
   * lists it. */
  w = fresh(TEST_KEYS);
  add(w, 0, "POST", "/v1/instance/create",
      instance_body(instance(0), address(1), "Started", "us-east", NULL), SCHEME_A, now);
  add(w, 0, "POST", "/v1/instance/update",
      instance_body(instance(0), address(1), "Stopped", "eu-west", NULL), SCHEME_B, now);
  add(w, 1, "POST", "/v1/instance/update", own_instance(1, 0), SCHEME_A, now);
  add(w, 1, "GET", "/v1/instance/list", "", SCHEME_A, now);
  add(w, 1, "GET", path(0, "/v1/instance/%s/get_by_build_id", instance(0)), "", SCHEME_A, now);
  add(w, 3, "GET", path(0, "/v1/instance/%s/get_by_build_id", instance(0)), "", SCHEME_B, now);
  add(w, 3, "POST", "/v1/instance/update", instance_body(instance(0), address(3), "Killed", "", NULL), SCHEME_A, now);
  add(w, 0, "GET", "/v1/instance/list", "", SCHEME_A, now);
  failed |= save(dir, "instance-routes", w);
  return failed;
}
