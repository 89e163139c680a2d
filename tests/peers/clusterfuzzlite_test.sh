#!/usr/bin/env bash
# .clusterfuzzlite/build.sh run outside Docker, as OSS-Fuzz would call it with
# libFuzzer + ASan: CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link"
# LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=<dir> SRC=<parent of the checkout>.
# Checks that every fuzzer of the manifests is in OUT with its
# <name>_seed_corpus.zip (when it has seeds, holding all of them) and <name>.dict
# (when it has one), and that each fuzzer runs -runs=100 over its zip's seeds.
# usage: clusterfuzzlite_test.sh WORK_DIR   (kept for a look after a failure)
set -u
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=${1:?usage: clusterfuzzlite_test.sh WORK_DIR}
rm -rf "$work/out" "$work/runs"
mkdir -p "$work/out" "$work/runs" "$work/work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

t0=$SECONDS
if CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" LIB_FUZZING_ENGINE=-fsanitize=fuzzer \
  OUT=$work/out SRC=$(dirname "$root") WORK=$work/work FF_BUILD_JOBS=2 \
  bash "$root/.clusterfuzzlite/build.sh" >"$work/build.log" 2>&1; then
  ok "build.sh succeeded in $((SECONDS - t0)) s"
else
  fail "build.sh failed; last lines of $work/build.log:"; tail -20 "$work/build.log"
fi

for manifest in "$root"/components/*/fuzzers.tsv "$root"/examples/fuzzers.tsv; do
  [ -f "$manifest" ] || continue
  while read -r name _rest; do
    case $name in ''|'#'*) continue ;; esac
    seeds=$(dirname "$manifest")/seeds/$name
    bin=$work/out/$name zip=$work/out/${name}_seed_corpus.zip
    if [ -x "$bin" ]; then ok "$name in OUT"; else fail "$name missing from OUT"; continue; fi
    if [ -f "$seeds.dict" ]; then
      cmp -s "$seeds.dict" "$work/out/$name.dict" && ok "$name.dict" || fail "$name.dict missing or different"
    fi
    run=$work/runs/$name
    mkdir -p "$run/seeds" "$run/corpus"
    if [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then
      if [ -f "$zip" ] && unzip -q "$zip" -d "$run/seeds"; then
        want=$(find "$seeds" -type f | wc -l) got=$(find "$run/seeds" -type f | wc -l)
        [ "$want" -eq "$got" ] && ok "$name zip holds its $want seeds" || fail "$name zip holds $got of $want seeds"
      else
        fail "${name}_seed_corpus.zip missing or unreadable"
      fi
    fi
    "$bin" -runs=100 -seed=1 "$run/corpus" "$run/seeds" >"$run/log" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ok "$name -runs=100 from its seeds" || { fail "$name exit $rc"; tail -5 "$run/log"; }
  done <"$manifest"
done
[ $failures -eq 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
exit $((failures > 0))
