/* vm_wire's format and protocol-aware mutator.
 * 1. The fact sheet's vectors as committed seeds (§9 V2, its high-S twin, V3;
 *    seeds/vm_wire/, read from FORMFUZZ_ROOT): parse and write give the same
 *    bytes; the headers are the fact sheet's; the core verifies them as the
 *    V1 key (high-S: RecoveryFailed) and answers over HTTP 401, and the same
 *    request re-signed over its own message is 201.
 * 2. 1500 chained mutations of a session (fixed seeds): every structured
 *    output reads back whole; every request whose framing names a key is
 *    signed by that key (the reference's verdict) and, when its message was
 *    its own, over the message of the request as it now is; the edits reach
 *    methods, targets, bodies (an Instance on /v1/instance/update among
 *    them), timestamps, keys and recovery id spellings; a fifth of the
 *    calls stay byte mutations.
 * With the argument "off" (ctest runs it so, under
 * FORMFUZZ_STRUCT_MUTATOR=off) no call may be structured. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ff_check.h"
#include "reference.h"
#include "wire_format.h"
#include "wire_mutator.h"

static const char V1_ADDR[] = "2c7536e3605d9c16a7a3d7b1898e529396a65c23";
static const char V2_SIG[] = "149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61"
                             "2ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069";
static const char V3_SIG[] = "9fa2350809aa1900792ce0ce654e09cf476b5dc99226deb48807ca38a6b19c40"
                             "6203970d0a4e0e09434f487f4b96a34492a2291b89e99541115f915c6efffcdb";

static uint8_t seed_buf[1 << 16];

static size_t read_seed(const char *name) {
  const char *root = getenv("FORMFUZZ_ROOT");
  char path[1024];
  snprintf(path, sizeof path, "%s/components/vm/seeds/vm_wire/%s", root ? root : ".", name);
  FILE *f = fopen(path, "rb");
  REQUIRE(f != NULL, "cannot open %s", path);
  size_t n = fread(seed_buf, 1, sizeof seed_buf, f);
  fclose(f);
  return n;
}

static vm_wire w;
static uint8_t out[1 << 16];

/* The seed reads whole and is written back byte for byte. */
static void round_trip(const char *name) {
  size_t n = read_seed(name);
  CHECK(vm_wire_parse(seed_buf, n, &w) == n);
  long m = vm_wire_write(&w, out, sizeof out);
  CHECK_MSG(m == (long)n && memcmp(out, seed_buf, n) == 0, "%s does not round-trip", name);
}

static vm_err core_verdict(size_t i, vm_signed *s, int *status) {
  vm_gen_request g;
  REQUIRE(vm_wire_to_gen(&w, i, &g), "request %zu does not fit", i);
  vm_err e = g.req.authorization ? vm_scheme_a_verify(g.req.authorization, s) : vm_scheme_b_verify(&g.req.scheme_b, s);
  vm_server srv;
  vm_server_init(&srv, VM_GEN_NOW);
  for (size_t k = 0; k < VM_WIRE_KEYS; k++) {
    char hex[41];
    ff_address_hex(vm_wire_key(k)->addr, hex);
    if (w.accounts & (1u << k)) vm_account_create(&srv.store, hex);
  }
  vm_http_response r;
  vm_http_respond(&srv, &g.req, NULL, &r);
  *status = r.status;
  return e;
}

static void fact_sheet_vectors(void) {
  vm_signed s;
  int status;
  const char *v;
  size_t n;
  round_trip("v2-scheme-a-create-account");
  REQUIRE(w.n == 2, "two requests");
  CHECK(vm_wire_header(&w.req[0], "Authorization", &v, &n) && n > 10 + 128 && memcmp(v + 10, V2_SIG, 128) == 0);
  CHECK(w.req[0].key == VM_WIRE_KEEP && w.req[1].key == VM_WIRE_FACT_SHEET_KEY);
  CHECK(core_verdict(0, &s, &status) == VM_OK && strcmp(s.signer.hex, V1_ADDR) == 0);
  CHECK(s.message_len == 22 && memcmp(s.message, "Create account request", 22) == 0);
  CHECK(status == 401); /* NotBound: the constant names no request */
  CHECK(core_verdict(1, &s, &status) == VM_OK && strcmp(s.signer.hex, V1_ADDR) == 0);
  CHECK(status == 201);
  CHECK(w.req[1].bound && !w.req[0].bound);

  round_trip("v2-high-s-twin");
  CHECK(core_verdict(0, &s, &status) == VM_E_RECOVERY_FAILED && status == 401);

  round_trip("v2-single-hash");
  CHECK(core_verdict(0, &s, &status) == VM_OK && strcmp(s.signer.hex, "4bd21edca020464f4e1b5803cebfd0c3ac571ebe") == 0);

  round_trip("v3-scheme-b-start");
  REQUIRE(w.n == 3, "three requests");
  CHECK(vm_wire_header(&w.req[1], "X-Signature", &v, &n) && n == 128 && memcmp(v, V3_SIG, 128) == 0);
  CHECK(core_verdict(1, &s, &status) == VM_OK && strcmp(s.signer.hex, V1_ADDR) == 0 && s.message_len == 32);
  CHECK(core_verdict(2, &s, &status) == VM_OK && strcmp(s.signer.hex, V1_ADDR) == 0);
}

static int fell_back;
static size_t mark_fallback(uint8_t *data, size_t size, size_t max_size) {
  (void)data, (void)max_size;
  fell_back = 1;
  return size;
}

/* What the chain of mutations reached. */
typedef struct reached {
  bool method, target, body, instance, timestamp, key, recid_spelling;
} reached;

/* Every request with a key is validly signed by it, over its own message
 * when that is what it was signed over; false (and a message) otherwise. */
static bool signatures_hold(const vm_wire *x, unsigned seed, reached *seen) {
  bool ok = true;
  for (size_t i = 0; i < x->n; i++) {
    const vm_wire_request *r = &x->req[i];
    const char *v;
    size_t n;
    seen->method |= strcmp(r->method, "POST") && strcmp(r->method, "GET");
    seen->target |= strstr(r->target, "/v1/instance/") == NULL && strstr(r->target, "/v1/account/") == NULL;
    seen->body |= r->body_len && strstr((const char *)r->body, "is_global_admin") != NULL;
    seen->instance |= strcmp(r->target, "/v1/instance/update") == 0 && r->body_len &&
                      strstr((const char *)r->body, "\"instance_owner\"") != NULL;
    seen->key |= r->key >= 0 && r->key != VM_WIRE_FACT_SHEET_KEY;
    seen->recid_spelling |= vm_wire_header(r, "X-Recovery-Id", &v, &n) && n > 1 && v[0] == '+';
    vm_fresh_fields f;
    seen->timestamp |= vm_fresh_parse(r->msg, r->msg_len, &f) == VM_OK && f.timestamp != VM_GEN_NOW;
    if (r->key < 0) continue;
    vm_gen_request g;
    vm_ref_cache cache;
    memset(&cache, 0, sizeof cache);
    vm_addr signer, want;
    uint8_t msg[VM_MSG_MAX];
    size_t msg_len = 0;
    if (!vm_wire_to_gen(x, i, &g)) continue;
    vm_ref_verdict verdict = vm_reference_authenticate(&g.headers, &cache, &signer, msg, &msg_len);
    vm_addr_from_bytes(vm_wire_key((size_t)r->key)->addr, &want);
    bool bound_ok = !r->bound || (vm_fresh_parse(msg, msg_len, &f) == VM_OK && strcmp(f.method, r->method) == 0 &&
                                  strcmp(f.path, r->target) == 0);
    if (verdict != VM_REF_VALID || !vm_addr_equal(&signer, &want) || !bound_ok) {
      fprintf(stderr, "seed %u, request %zu (%s %s, key %d): %s, bound %d\n", seed, i, r->method, r->target,
              r->key, vm_ref_verdict_name(verdict), bound_ok);
      ok = false;
    }
  }
  return ok;
}

int main(int argc, char **argv) {
  bool off = argc > 1 && strcmp(argv[1], "off") == 0;
  if (!off) fact_sheet_vectors();
  static uint8_t buf[1 << 15], start[1 << 15];
  size_t start_len = read_seed("v2-scheme-a-create-account");
  memcpy(start, seed_buf, start_len);
  memcpy(buf, start, start_len);
  size_t len = start_len;
  unsigned structured = 0, whole = 0, broken = 0, fallbacks = 0, calls = 1500;
  reached seen = {0};
  static vm_wire x;
  for (unsigned seed = 1; seed <= calls; seed++) {
    fell_back = 0;
    len = ff_struct_mutate(&vm_wire_mutator, buf, len, sizeof buf, seed, mark_fallback);
    if (fell_back) {
      fallbacks++;
      continue;
    }
    structured++;
    if (vm_wire_parse(buf, len, &x) == len) {
      whole++;
      broken += !signatures_hold(&x, seed, &seen);
    }
    if (x.n > 6 || seed % 50 == 0) memcpy(buf, start, len = start_len); /* start again */
  }
  printf("structured %u whole %u broken %u fallbacks %u\n", structured, whole, broken, fallbacks);
  if (off) {
    CHECK(structured == 0 && fallbacks == calls);
    return check_summary("test_wire off");
  }
  CHECK(broken == 0);
  CHECK(whole * 100 >= structured * 95);
  CHECK(fallbacks >= calls / 10 && fallbacks <= calls * 3 / 10);
  CHECK(seen.method && seen.target && seen.body && seen.instance && seen.timestamp && seen.key &&
        seen.recid_spelling);
  return check_summary("test_wire");
}
