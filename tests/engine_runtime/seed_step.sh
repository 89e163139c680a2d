#!/usr/bin/env bash
# The empty corpus's seed, a single newline, runs through the same step as
# every other input: a leak on it is caught right there, in the initial
# corpus, as its own single allocation (a hand-made seed step skipped the
# leak check, and the next run reported two allocations); a newline the
# harness rejects is still kept as the only entry, so fuzzing goes on. The
# empty input runs before it, as in libFuzzer (execution 1).
# Usage: seed_step.sh BUILTIN_BINARY (built from seed_step_target.c)
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1
cd "$work" || exit 1
newline_sha1=adc83b19e793491b1c6ea0fd8b46cd9f32e592fc

mkdir leak_corpus artifacts
SEED_STEP_LEAK=1 "$fuzzer" -seed=1 -runs=100 -print_final_stats=1 -artifact_prefix=artifacts/ \
  leak_corpus >leak.log 2>&1
check "a leaking newline seed exits 77" test $? -eq 77
check "the leak is found in the initial corpus" \
  grep -q "INFO: a leak has been found in the initial corpus" leak.log
check "one block leaked, the seed run's own" grep -q "16 byte(s) leaked in 1 allocation(s)" leak.log
check "the artifact is the newline" test -f "artifacts/leak-$newline_sha1"
check "found at the second execution (the empty input is the first)" grep -q "stat::number_of_executed_units: 2$" leak.log

mkdir reject_corpus
"$fuzzer" -seed=1 -runs=500 reject_corpus >reject.log 2>&1
check "a rejected newline seed: fuzzing exits 0" test $? -eq 0
check "the newline is the only entry at INITED" grep -qE $'^#2\tINITED .* corp: 1/1b ' reject.log
check "the newline is written into the corpus directory" test -f "reject_corpus/$newline_sha1"
check "all 500 runs are done" grep -q "^Done 500 runs" reject.log
exit "$fail"
