/* A random simnet scenario built from fuzz bytes, with its invariants: shared
 * by the property test (test_simnet_props.c) and the example fuzzer
 * (fuzz_simnet.c). A broken invariant ends the process through FF_INVARIANT. */
#ifndef SIMNET_SCENARIO_H
#define SIMNET_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "formfuzz/simnet.h"

typedef struct scenario_result {
  uint64_t trace_hash;
  ff_simnet_stats stats;
  size_t hosts, nats;
} scenario_result;

/* Builds sites (public hosts, NATs of every type with hosts behind them),
 * links, traffic, timers and partitions from data, runs them to idle and
 * checks the invariants along the way. */
void simnet_scenario_run(const uint8_t *data, size_t size, scenario_result *out);

#endif
