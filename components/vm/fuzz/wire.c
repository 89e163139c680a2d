/* vm_wire (FF_PROPERTY; also in the vm_properties test): the input is signed
 * HTTP/1.1 requests as a Formation client sends them, after one framing
 * line (accounts at the start, the storage fault plan, the peer, which key
 * re-signs each request; wire_format.h), so everything after that line
 * replays unchanged against a real form-state. Each request is answered by
 * the core through vm_http_respond and judged by vm_ownership's oracles
 * (request_checks.c); the server clock stays at VM_GEN_NOW. The
 * protocol-aware mutator (wire_mutator.c) edits methods, paths, headers,
 * recovery id spellings, JSON bodies and the signed message, then
 * re-computes the signature with the request's key and fixes Content-Length. */
#include <string.h>

#include "formfuzz/fault.h"
#include "formfuzz/prop.h"
#include "request_checks.h"
#include "wire_format.h"
#include "wire_mutator.h"

FF_PROPERTY(vm_wire) {
  size_t len;
  const uint8_t *data = ff_rest(in, &len);
  static vm_wire w; /* about 70 KB: off the stack */
  vm_wire_parse(data, len, &w);
  if (w.n == 0) return; /* no request: nothing is answered */
  ff_fault_plan plan; /* installed first: see vm_transfer */
  ff_fault_plan_init(&plan);
  ff_fault_plan_install(&plan);
  vm_world world;
  vm_world_init(&world);
  for (size_t k = 0; k < VM_WIRE_KEYS; k++) {
    if (!(w.accounts & (1u << k))) continue;
    vm_addr a;
    vm_addr_from_bytes(vm_wire_key(k)->addr, &a);
    vm_world_open_account(&world, &a, k == VM_WORLD_GLOBAL_ADMIN_KEY);
  }
  ff_fault_plan_use_input(&plan, w.faults, sizeof w.faults, 3, "storage");
  for (size_t i = 0; i < w.n; i++) {
    vm_gen_request g;
    if (!vm_wire_to_gen(&w, i, &g)) break;
    ff_note(in, "request %s %s, sign %d", g.method, g.path, w.req[i].key);
    vm_world_run(&world, &g);
  }
  ff_fault_plan_install(NULL);
}

FF_LIBFUZZER_MUTATOR(vm_wire_mutator)
