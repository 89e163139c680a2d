/* vm_ownership: requests as the server receives them (header block, peer)
 * against the form-state ownership core. The input picks keys, operations
 * (the account and instance routes with their JSON bodies, an Instance body
 * sometimes bent by vm_gen_instance_json; the node routes), the signature
 * scheme and how gen_sig bends the headers (valid spellings,
 * high-S twin, recovery id, payload, digest, length, duplicates, ...), how
 * the freshness message relates to the request (stale, another request's,
 * unsigned), verbatim replays, and claims of being local (loopback peer,
 * X-Forwarded-For, Host). At most MAX_SIGNED requests per input are signed
 * afresh; later ones re-send an earlier request's headers (cross-request
 * signatures), and the reference caches its recoveries within the input, so
 * an input costs a bounded number of secp256k1 operations. Storage writes fail
 * where the input's fault plan says (4 bytes, 3 bits a decision, site
 * storage.write): a refused request, a failed write among them, leaves the
 * store untouched (vm.error_changed_state). A property (prop.h): the fuzzer
 * and the vm_properties test run it. The oracles are request_checks.c's
 * (listed in request_checks.h), shared with vm_wire, whose input is the same
 * kind of requests on the wire. */
#include <stdio.h>
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/prop.h"
#include "gen.h"
#include "request_checks.h"

#define MAX_REQUESTS 12
#define MAX_SIGNED 6 /* fresh signatures per input; later requests re-send earlier headers */
#define BOOTSTRAP_PATH "/v1/bootstrap/ensure_admin_account"
#define TRANSFER_PATH "/v1/account/transfer-ownership"

typedef struct input_state {
  vm_world world;
  vm_gen_request last;
  bool have_last;
  size_t signed_count;
} input_state;

/* {"Create"|"Update": Account}: the address, and maybe a name and the fields
 * a caller must not set (is_global_admin, credits, owned_instances). */
static void account_json(ff_input *in, const char *variant, const char *address, const char *id, char *out,
                         size_t cap) {
  int n = snprintf(out, cap, "{\"%s\":{\"address\":\"%s\"", variant, address);
  if (ff_bool(in)) n += snprintf(out + n, cap - (size_t)n, ",\"name\":%s", ff_bool(in) ? "\"ops\"" : "null");
  if (ff_bool(in)) n += snprintf(out + n, cap - (size_t)n, ",\"is_global_admin\":%s", ff_bool(in) ? "true" : "false");
  if (ff_bool(in)) n += snprintf(out + n, cap - (size_t)n, ",\"credits\":%llu", (unsigned long long)ff_u32(in));
  if (ff_bool(in)) n += snprintf(out + n, cap - (size_t)n, ",\"owned_instances\":[\"%s\"]", id);
  snprintf(out + n, cap - (size_t)n, "}}");
}

static void build_request(ff_input *in, input_state *w, vm_gen_request *g) {
  if (w->have_last && ff_choose(in, 6) == 0) { /* replay the previous request verbatim */
    *g = w->last;
    vm_gen_request_fix(g);
    return;
  }
  static const char *const OPS[] = {"create", "get",      "start",   "stop",        "reboot", "delete",
                                    "grant",  "revoke",   "transfer", "account",    "global_admin",
                                    "ensure_admin", "account_update", "account_get", "account_admin",
                                    "account_delete", "update", "list", "by_build"};
  const char *op = FF_PICK(in, OPS);
  char id[41], path[160], body[2048] = "";
  vm_gen_instance_id(ff_choose(in, VM_GEN_IDS), id);
  if (strcmp(op, "account") == 0)
    snprintf(path, sizeof path, "/v1/account/create");
  else if (strcmp(op, "account_update") == 0)
    snprintf(path, sizeof path, "/v1/account/update");
  else if (strcmp(op, "global_admin") == 0)
    snprintf(path, sizeof path, "/v1/user/global_admin");
  else if (strcmp(op, "ensure_admin") == 0)
    snprintf(path, sizeof path, BOOTSTRAP_PATH);
  else if (strcmp(op, "transfer") == 0)
    snprintf(path, sizeof path, TRANSFER_PATH);
  else if (strcmp(op, "account_delete") == 0)
    snprintf(path, sizeof path, "/v1/account/delete");
  else if (strcmp(op, "create") == 0 || strcmp(op, "update") == 0 || strcmp(op, "list") == 0)
    snprintf(path, sizeof path, "/v1/instance/%s", op);
  else if (strcmp(op, "by_build") == 0) /* instance bodies here carry build_id = instance_id */
    snprintf(path, sizeof path, "/v1/instance/%s/get_by_build_id", id);
  else
    snprintf(path, sizeof path, "/v1/instance/%s/%s", id, op);
  vm_addr who;
  char spelled[43];
  vm_gen_key_addr(ff_choose(in, VM_GEN_KEYS), &who);
  vm_gen_address_spelling(in, &who, spelled);
  if (strcmp(op, "account_get") == 0 || strcmp(op, "account_admin") == 0)
    snprintf(path, sizeof path, "/v1/account/%s/%s", spelled, op[8] == 'g' ? "get" : "is_global_admin");
  static const char *const LEVELS[] = {"ReadOnly", "Operator", "Manager", "Owner", "admin"};
  if (strcmp(op, "grant") == 0)
    snprintf(body, sizeof body, "%s %s", spelled, FF_PICK(in, LEVELS));
  else if (strcmp(op, "revoke") == 0)
    snprintf(body, sizeof body, "%s", spelled);
  else if (strcmp(op, "ensure_admin") == 0)
    snprintf(body, sizeof body, "{\"admin_public_key\":\"%s\"}", spelled);
  else if (strcmp(op, "account_delete") == 0)
    snprintf(body, sizeof body, "{\"Delete\":\"%s\"}", spelled);
  else if (strcmp(op, "transfer") == 0) {
    vm_addr from;
    char from_spelled[43];
    vm_gen_key_addr(ff_choose(in, VM_GEN_KEYS), &from);
    vm_gen_address_spelling(in, &from, from_spelled);
    snprintf(body, sizeof body,
             "{\"TransferOwnership\":{\"from_address\":\"%s\",\"to_address\":\"%s\",\"instance_id\":\"%s\"}}",
             from_spelled, spelled, id);
  }
  else if (strcmp(op, "global_admin") == 0)
    snprintf(body, sizeof body, "%s %s", spelled, ff_bool(in) ? "true" : "false");
  else if (strncmp(op, "account", 7) == 0)
    account_json(in, strcmp(op, "account") == 0 ? "Create" : "Update", spelled, id, body, sizeof body);
  else if (strcmp(op, "create") == 0 || strcmp(op, "update") == 0) /* instance_owner: any key's spelling */
    vm_gen_instance_json(in, id, spelled, body, sizeof body);
  const char *method = strcmp(op, "get") == 0 || strcmp(op, "account_get") == 0 || strcmp(op, "account_admin") == 0 ||
                               strcmp(op, "list") == 0 || strcmp(op, "by_build") == 0
                           ? "GET"
                           : "POST";
  if (w->have_last && w->signed_count >= MAX_SIGNED) {
    vm_gen_request_resend(&w->last, g, method, path, body);
    return;
  }
  w->signed_count++;
  vm_gen_signed_request(in, g, method, path, body, w->world.srv.now);
}

FF_PROPERTY(vm_ownership) {
  ff_fault_plan plan; /* installed first: see vm_transfer */
  ff_fault_plan_init(&plan);
  ff_fault_plan_install(&plan);
  input_state w;
  memset(&w, 0, sizeof w);
  vm_world_init(&w.world);
  for (size_t k = 0; k < VM_GEN_KEYS; k++) {
    if (ff_bool(in)) continue; /* leave some keys without an account */
    vm_addr a;
    vm_gen_key_addr(k, &a);
    vm_world_open_account(&w.world, &a, k == VM_WORLD_GLOBAL_ADMIN_KEY);
  }

  size_t flen;
  const uint8_t *fbits = ff_bytes_view(in, 4, &flen);
  ff_fault_plan_use_input(&plan, fbits, flen, 3, "storage");
  for (int i = 0; i < MAX_REQUESTS && ff_remaining(in) > 0; i++) {
    vm_gen_request g;
    build_request(in, &w, &g);
    w.world.srv.now += ff_range(in, 0, 3);
    vm_world_run(&w.world, &g);
    w.last = g;
    w.have_last = true;
  }
  ff_fault_plan_install(NULL);
}
