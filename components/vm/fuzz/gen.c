/* vm component generators (see gen.h). Keys come from a table made once per
 * process (read-only afterwards); everything else is drawn from the input. */
#include "gen.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "formfuzz/gen_eth.h"
#include "formfuzz/gen_sig.h"

static ff_keypair KEYS[VM_GEN_KEYS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void make_keys(void) {
  for (size_t i = 0; i < VM_GEN_KEYS; i++) ff_keypair_from_seed(&KEYS[i], i + 1);
}

const ff_keypair *vm_gen_key(size_t i) {
  pthread_once(&keys_once, make_keys);
  return &KEYS[i % VM_GEN_KEYS];
}

static _Thread_local struct {
  ff_fault_plan plan;
  const uint8_t *bytes;
  size_t len;
  unsigned bits;
} run_faults;

void vm_gen_faults_draw(ff_input *in, size_t max, unsigned bits) {
  run_faults.bytes = ff_bytes_view(in, max, &run_faults.len);
  run_faults.bits = bits;
  ff_fault_plan_init(&run_faults.plan);
  ff_fault_plan_install(&run_faults.plan);
}

const ff_fault_plan *vm_gen_faults_arm(void) {
  ff_fault_plan_use_input(&run_faults.plan, run_faults.bytes, run_faults.len, run_faults.bits, "storage");
  return &run_faults.plan;
}

void vm_gen_faults_end(void) { ff_fault_plan_install(NULL); }

void vm_gen_key_addr(size_t i, vm_addr *out) { vm_addr_from_bytes(vm_gen_key(i)->addr, out); }

void vm_gen_address_spelling(ff_input *in, const vm_addr *a, char out[43]) {
  uint8_t raw[20];
  ff_buf b;
  if (ff_hex_decode(a->hex, VM_ADDR_LEN, raw, sizeof raw) != 20) memset(raw, 0, sizeof raw); /* a is canonical */
  ff_buf_init(&b, out, 43);
  ff_gen_eth_address(in, FF_GEN_VALID, raw, &b, NULL);
}

void vm_gen_instance_id(size_t k, char out[41]) {
  static const char NODE_ID[] = "0123456789abcdef0123456789abcdef01234567";
  vm_addr owner;
  char name[16], build[65];
  vm_gen_key_addr(k % VM_GEN_KEYS, &owner);
  snprintf(name, sizeof name, "vm-%zu", k);
  if (vm_build_id(&owner, name, build) != VM_OK || vm_instance_id(build, NODE_ID, out) != VM_OK)
    snprintf(out, 41, "%040zx", k); /* unreachable: the inputs above are valid */
}

vm_instance_bend vm_gen_instance_json(ff_input *in, const char *id, const char *owner, char *out, size_t cap) {
  static const char *const STATUSES[] = {"Created", "Building", "Built", "Started", "Stopped", "Killed",
                                         "CriticalError"};
  static const char *const IPS[] = {"null", "\"10.0.0.7\"", "\"fd00::7\""};
  static const char *const REGIONS[] = {"us-east", "eu-west", ""};
  static const unsigned BEND_WEIGHTS[VM_INSTANCE_BEND_COUNT] = {12, 1, 1, 1, 1, 1, 1, 1};
  vm_instance_bend bend = (vm_instance_bend)ff_weighted(in, BEND_WEIGHTS, VM_INSTANCE_BEND_COUNT);
  const char *status = bend == VM_INSTANCE_BAD_STATUS ? "Running" : FF_PICK(in, STATUSES);
  const char *ip = bend == VM_INSTANCE_BAD_IP ? "\"10.0.0.256\"" : FF_PICK(in, IPS);
  unsigned vcpus = bend == VM_INSTANCE_U8_OVERFLOW ? 256 : (unsigned)ff_range(in, 1, 16);
  char formnet[48] = "";
  if (bend != VM_INSTANCE_OPTION_MISSING) snprintf(formnet, sizeof formnet, "\"formnet_ip\":%s,", ip);
  const char *metadata =
      bend == VM_INSTANCE_REQUIRED_MISSING
          ? ""
          : ",\"metadata\":{\"tags\":[\"web\"],\"description\":\"\",\"annotations\":{\"deployed_by\":\"cli\","
            "\"network_id\":1,\"build_commit\":null},\"security\":{\"encryption\":{\"is_encrypted\":false,"
            "\"scheme\":null},\"tee\":false,\"hsm\":false},\"monitoring\":{\"logging_enabled\":true,"
            "\"metrics_endpoint\":\"\"}}";
  int n = snprintf(
      out, cap,
      "{\"instance_id\":\"%s\",\"node_id\":\"0123456789abcdef0123456789abcdef01234567\",\"build_id\":\"%s\","
      "\"instance_owner\":\"%s\",%s\"dns_record\":null,\"created_at\":0,\"updated_at\":0,\"last_snapshot\":0,"
      "\"status\":\"%s\",\"host_region\":\"%s\",\"resources\":{\"vcpus\":%u,\"memory_mb\":%u,"
      "\"bandwidth_mbps\":100,\"gpu\":null},\"cluster\":{\"members\":{},\"scaling_policy\":null,"
      "\"template_instance_id\":null,\"session_affinity_enabled\":false},\"formfile\":\"{}\","
      "\"snapshots\":null%s%s}",
      id, id, owner, formnet, status, FF_PICK(in, REGIONS), vcpus, 512u << ff_range(in, 0, 4), metadata,
      bend == VM_INSTANCE_UNKNOWN_FIELD ? ",\"scaling_manager\":{}" : "");
  if (bend == VM_INSTANCE_CUT && n > 0 && (size_t)n < cap) out[n / 2] = '\0';
  return bend;
}

const char *vm_fresh_bend_name(vm_fresh_bend b) {
  static const char *const NAMES[VM_FRESH_COUNT] = {"fresh", "stale", "other_request", "unsigned"};
  return (unsigned)b < VM_FRESH_COUNT ? NAMES[b] : "?";
}

void vm_gen_request_fix(vm_gen_request *g) {
  g->req.method = g->method;
  g->req.path = g->path;
  g->req.body = (const uint8_t *)g->body;
  g->req.body_len = g->body_len;
  g->req.peer = g->peer;
  vm_request_set_headers(&g->req, &g->headers);
}

/* Where the request says it comes from: mostly a remote peer; sometimes a
 * loopback peer, or the X-Forwarded-For / Host spoofs node_auth trusts (§1.4). */
static void local_claims(ff_input *in, vm_gen_request *g, ff_buf *block) {
  static const char *const PEERS[] = {"127.0.0.1:41000", "127.0.0.15:5000", "[::1]:7000"};
  static const char *const SPOOFS[] = {"X-Forwarded-For: 127.0.0.1\r\n", "X-Forwarded-For: localhost, 198.51.100.4\r\n",
                                       "Host: localhost:3004\r\n", "host: 127.0.0.1\r\n"};
  snprintf(g->peer, sizeof g->peer, "203.0.113.7:41000");
  switch (ff_choose(in, 6)) {
  case 4: snprintf(g->peer, sizeof g->peer, "%s", FF_PICK(in, PEERS)); break;
  case 5: ff_buf_puts(block, FF_PICK(in, SPOOFS)); break;
  default: break;
  }
}

void vm_gen_signed_request(ff_input *in, vm_gen_request *g, const char *method, const char *path,
                           const char *body, uint64_t now) {
  memset(g, 0, sizeof *g);
  snprintf(g->method, sizeof g->method, "%s", method);
  snprintf(g->path, sizeof g->path, "%s", path);
  snprintf(g->body, sizeof g->body, "%s", body);
  g->body_len = strlen(g->body);
  ff_sig_scheme scheme = ff_bool(in) ? FF_SIG_SCHEME_B : FF_SIG_SCHEME_A;
  g->key = ff_choose(in, VM_GEN_KEYS);
  static const unsigned FRESH_WEIGHTS[VM_FRESH_COUNT] = {12, 1, 1, 1};
  g->fresh = (vm_fresh_bend)ff_weighted(in, FRESH_WEIGHTS, VM_FRESH_COUNT);
  static const unsigned MODE_WEIGHTS[3] = {5, 2, 1};
  ff_gen_mode mode = (ff_gen_mode)ff_weighted(in, MODE_WEIGHTS, 3);

  uint8_t nonce_bytes[VM_NONCE_HEX / 2];
  char nonce[VM_NONCE_HEX + 1], message[VM_MSG_MAX];
  ff_fill(in, nonce_bytes, sizeof nonce_bytes);
  vm_hex_encode(nonce_bytes, sizeof nonce_bytes, nonce);
  uint64_t ts = now - ff_range(in, 0, 60);
  if (g->fresh == VM_FRESH_STALE) ts = now - VM_FRESH_WINDOW - 1 - ff_range(in, 0, 1000);
  bool other = g->fresh == VM_FRESH_OTHER_REQUEST;
  const char *signed_body = other ? "" : body;
  long n = vm_fresh_format(other ? "POST" : method, other ? "/v1/account/create" : path, signed_body,
                           strlen(signed_body), ts, nonce, message, sizeof message);

  ff_buf block;
  ff_buf_init(&block, g->block, sizeof g->block);
  g->sig_variant = "none";
  if (g->fresh != VM_FRESH_UNSIGNED) {
    ff_sig_info info;
    ff_gen_sig_headers(in, mode, scheme, vm_gen_key(g->key), (const uint8_t *)message, n > 0 ? (size_t)n : 0,
                       &block, &info);
    g->sig_variant = info.variant;
  }
  local_claims(in, g, &block);
  g->block_len = block.len;
  vm_headers_read(g->block, g->block_len, &g->headers);
  vm_gen_request_fix(g);
  g->local_claim = vm_request_claims_local(&g->req);
  ff_note(in, "request %s %s by key %zu, %s, signature %s%s", method, path, g->key,
          vm_fresh_bend_name(g->fresh), g->sig_variant, g->local_claim ? ", claims local" : "");
}

void vm_gen_request_by_key(vm_gen_request *g, size_t key, const char *method, const char *path, const char *body,
                           uint64_t ts, unsigned nonce) {
  memset(g, 0, sizeof *g);
  snprintf(g->method, sizeof g->method, "%s", method);
  snprintf(g->path, sizeof g->path, "%s", path);
  snprintf(g->body, sizeof g->body, "%s", body);
  g->body_len = strlen(g->body);
  snprintf(g->peer, sizeof g->peer, "203.0.113.7:41000");
  char nonce_hex[VM_NONCE_HEX + 1], message[VM_MSG_MAX];
  snprintf(nonce_hex, sizeof nonce_hex, "%032x", nonce);
  long n = vm_fresh_format(method, path, body, strlen(body), ts, nonce_hex, message, sizeof message);
  ff_input none;
  ff_input_init(&none, NULL, 0); /* no bytes: the canonical spelling */
  ff_buf block;
  ff_buf_init(&block, g->block, sizeof g->block);
  g->key = key;
  ff_gen_sig_headers(&none, FF_GEN_VALID, FF_SIG_SCHEME_A, vm_gen_key(key), (const uint8_t *)message,
                     n > 0 ? (size_t)n : 0, &block, NULL);
  g->block_len = block.len;
  g->sig_variant = "canonical";
  vm_headers_read(g->block, g->block_len, &g->headers);
  vm_gen_request_fix(g);
}

void vm_gen_request_resend(const vm_gen_request *from, vm_gen_request *g, const char *method, const char *path,
                           const char *body) {
  *g = *from;
  snprintf(g->method, sizeof g->method, "%s", method);
  snprintf(g->path, sizeof g->path, "%s", path);
  snprintf(g->body, sizeof g->body, "%s", body);
  g->body_len = strlen(g->body);
  vm_gen_request_fix(g);
}

void vm_gen_request_strip_claims(const vm_gen_request *g, vm_gen_request *out) {
  *out = *g;
  snprintf(out->peer, sizeof out->peer, "203.0.113.7:41000");
  out->headers.present &= ~(unsigned)(VM_HDR_X_FORWARDED_FOR | VM_HDR_HOST);
  out->headers.malformed &= ~(unsigned)(VM_HDR_X_FORWARDED_FOR | VM_HDR_HOST);
  vm_gen_request_fix(out);
  out->local_claim = false;
}
