#!/usr/bin/env bash
# Shows the protocol-aware JSON mutator at work under a libFuzzer-ABI engine
# (libFuzzer or the built-in one): runs the fuzzer a fixed number of
# executions from one JSON seed and checks, from FORMFUZZ_MUTATOR_STATS, that
# the custom mutator was called and that most of its outputs are valid JSON.
# usage: check_mutator.sh FUZZER SEED_FILE [RUNS]
set -euo pipefail
fuzzer=$1 seed=$2 runs=${3:-3000}
work=$(mktemp -d "${TMPDIR:-/tmp}/formfuzz-json.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
cp "$seed" "$work/corpus/"
FORMFUZZ_MUTATOR_STATS="$work/stats" "$fuzzer" -runs="$runs" -seed=1 -max_len=4096 -artifact_prefix="$work/" "$work/corpus" >"$work/log" 2>&1 ||
  { tail -20 "$work/log"; echo "check_mutator: the fuzzer failed" >&2; exit 1; }
cat "$work/stats"
calls=$(awk '$1 == "calls" {print $2}' "$work/stats")
valid=$(awk '$1 == "valid" {print $2}' "$work/stats")
structured=$(awk '$1 == "structured" {print $2}' "$work/stats")
[ "${calls:-0}" -gt 0 ] || { echo "check_mutator: the custom mutator was never called" >&2; exit 1; }
crossovers=$(awk '$1 == "crossovers" {print $2}' "$work/stats")
total=$((calls + crossovers))
[ $((valid * 2)) -gt "$total" ] || { echo "check_mutator: only $valid of $total outputs are valid JSON" >&2; exit 1; }
echo "custom mutator: $calls mutations ($structured structured), $crossovers crossovers, $valid of $total outputs valid JSON"
