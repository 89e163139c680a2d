/* Example fuzzer of simnet itself: every input is a random scenario (sites,
 * NATs of every type, faulty links, traffic, timers, partitions; see
 * simnet_scenario.c) run twice; its invariants are checked while it runs and
 * both runs must give the same trace hash (simnet.determinism). */
#include <stddef.h>
#include <stdint.h>

#include "formfuzz/oracle.h"
#include "simnet_scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  scenario_result first, second;
  simnet_scenario_run(data, size, &first);
  simnet_scenario_run(data, size, &second);
  FF_INVARIANT(first.trace_hash == second.trace_hash, "simnet.determinism",
               "same input, trace hashes %016llx and %016llx",
               (unsigned long long)first.trace_hash, (unsigned long long)second.trace_hash);
  return 0;
}
