#!/usr/bin/env bash
# AFL++ finds the planted bugs of tests/engine/targets/ (magic4, token,
# lenfield, hang, uaf; leak is not detected under AFL++). Runs the AFL++ column
# of bench/engine.sh (PARTS=bugs): the afl preset's CMPLOG twin as the target
# with -c 0, -s 1, at most BUG_RUNS executions per bug, token with a dictionary.
# Checks that every bug has a finding within the budget and that the finding
# fails the plain afl binary again (crash: non-zero exit; hang: still running
# after 5 s). Prints the bench table (executions and seconds to each bug).
# usage: afl_planted_test.sh BUILD_ROOT WORK_DIR   (the afl tree is BUILD_ROOT/afl)
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_root=$1
work=$2
bugs="magic4 token lenfield hang uaf"
budget=${BUG_RUNS:-1000000}
rm -rf "$work"
mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

if ! command -v afl-fuzz >/dev/null; then
  echo "FAIL: afl-fuzz is not installed (make setup)"
  exit 1
fi
ENGINES=afl PARTS=bugs BUGS="$bugs" BUG_RUNS=$budget BUG_T=${BUG_T:-600} BUILD_ROOT=$build_root \
  BENCH_DIR=$work bash "$root/bench/engine.sh" >"$work/table" 2>"$work/bench.log"
cat "$work/table"
for b in $bugs; do
  cell=$(awk -v row="execs/time to $b" 'index($0, row) == 1 { sub(row, ""); print $3 ($4 == "-" ? "" : " " $4) }' "$work/table")
  if [[ $cell =~ ^([0-9]+)/([0-9.]+)s ]]; then
    execs=${BASH_REMATCH[1]}
    if [ "$execs" -le "$budget" ]; then ok "$b found after $execs executions, ${BASH_REMATCH[2]} s ($cell)"
    else fail "$b: $execs executions exceed the budget of $budget"; fi
  else
    fail "$b not found within $budget executions (cell: '${cell:-missing}'; $work/bench.log)"
    continue
  fi
  out=$work/afl/engine_target_$b-${BUG_T:-600}-bug/out/default
  bin=$build_root/afl/fuzzers/engine_target_$b
  if [ "$b" = hang ]; then
    finding=$(ls "$out/hangs" 2>/dev/null | grep '^id:' | head -1)
    timeout 5 "$bin" "$out/hangs/$finding" >/dev/null 2>&1
    rc=$?
    if [ -n "$finding" ] && [ $rc -eq 124 ]; then ok "$b: the hang still hangs the afl binary"
    else fail "$b: hang '$finding' does not hang the afl binary (exit $rc)"; fi
  else
    finding=$(ls "$out/crashes" 2>/dev/null | grep '^id:' | head -1)
    { ASAN_OPTIONS=detect_leaks=0 "$bin" "$out/crashes/$finding" >"$work/replay-$b.log" 2>&1; } 2>/dev/null
    rc=$?
    if [ -n "$finding" ] && [ $rc -ne 0 ] && [ $rc -ne 124 ]; then ok "$b: the crash fails the afl binary again (exit $rc)"
    else fail "$b: crash '$finding' does not fail the afl binary (exit $rc)"; fi
  fi
done
[ $failures -eq 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
exit $((failures > 0))
