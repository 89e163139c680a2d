#!/usr/bin/env bash
# bench/real.sh --smoke end to end on bench/real/selftest.sh (no download):
# each engine found builds its variant, runs 3 s, its corpus is measured by
# the llvm-cov build and its crashes bucketed; the rows file has a row per
# run and the table the ratio line. Then a second call with the same rows
# file runs nothing again (the benchmark resumes from its rows).
# usage: real_smoke_test.sh FORMFUZZ_BIN   (env FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/ff-real-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT
export FORMFUZZ_BIN=$1 REAL_CACHE=$work/cache BENCH_DIR=$work/bench
fail() { echo "FAIL: $*"; cat "$work/out" 2>/dev/null | tail -30; exit 1; }
bash "$root/bench/real.sh" --smoke >"$work/out" 2>&1 || fail "bench/real.sh --smoke exited $?"
rows=$BENCH_DIR/results.tsv
cat "$rows"
row() { awk -F'\t' -v e="$1" '$1 == "selftest/tlv_fuzzer" && $2 == e' "$rows"; }
seeds_b=$(row seeds | cut -f4)
[[ $seeds_b =~ ^[0-9]+$ ]] && [ "$seeds_b" -gt 0 ] || fail "no seeds row with branches"
for e in formfuzz libfuzzer; do
  r=$(row "$e")
  [ "$(echo "$r" | grep -c .)" = 1 ] || fail "$e: expected one row"
  b=$(echo "$r" | cut -f4) total=$(echo "$r" | cut -f5) cpu=$(echo "$r" | cut -f9)
  [[ $b =~ ^[0-9]+$ ]] && [ "$b" -ge "$seeds_b" ] && [ "$b" -le "$total" ] || fail "$e: branches $b (seeds $seeds_b, total $total)"
  [[ $cpu =~ ^[0-9]+$ ]] || fail "$e: cpu_s '$cpu'"
  echo "ok: $e row: $b of $total branches"
done
# the planted overflow, found by the built-in engine and bucketed on the libFuzzer build
[ "$(row formfuzz | cut -f8)" -ge 1 ] || fail "formfuzz: no crash bucket"
grep -q 'stack-buffer-overflow @ read_name' "$BENCH_DIR"/selftest/tlv_fuzzer/formfuzz-1/buckets || fail "bucket name"
grep -q 'formfuzz / best peer (median branches)' "$BENCH_DIR/table.txt" || fail "no ratio line in the table"
echo "ok: crash bucketed, table written"
n=$(wc -l <"$rows")
bash "$root/bench/real.sh" --smoke >"$work/out" 2>&1 || fail "second call exited $?"
[ "$(wc -l <"$rows")" = "$n" ] || fail "the second call ran again what the rows file had"
grep -q 'formfuzz trial 1: in .* already' "$work/out" || fail "the second call did not say it resumed"
echo "ok: a second call resumes from the rows file and runs nothing"
