#!/usr/bin/env bash
# `formfuzz run --engine honggfuzz` end to end, when honggfuzz is installed
# (HFUZZ_DIR or PATH; docs/peers.md); otherwise it says why and exits 77,
# which ctest reports as skipped. The tools fixture's tooltest_magic (aborts
# on "BOOM", which its dictionary holds) is compiled with hfuzz-clang and the
# honggfuzz preset's sanitizer flags into a build directory of its own (the
# whole preset takes minutes to build; `make build-honggfuzz` does that), then:
#   - formfuzz run ... --runs 200000 -- --exit_upon_crash exits 1, having
#     started honggfuzz with -F max_len, -N, -w dict, the workspace under
#     out/<fuzzer>/honggfuzz and the user's flag last before --;
#   - the crash is in artifacts/ as crash-<sha1>, starts with BOOM and fails
#     the binary again; the original stays in honggfuzz/crashes/;
#   - stats.json says engine honggfuzz with the executions of honggfuzz's
#     Summary line; the corpus holds SHA-1-named inputs;
#   - formfuzz triage --engine honggfuzz reproduces it: one abort bucket.
# Environment: FORMFUZZ, FORMFUZZ_ROOT (the fixture), FF_SOURCE_DIR, and
# FF_HFUZZ_DIR_AT_CONFIGURE (HFUZZ_DIR when cmake ran; HFUZZ_DIR now wins).
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
source "$FF_SOURCE_DIR/scripts/hfuzz-find.sh"
export HFUZZ_DIR=${HFUZZ_DIR:-${FF_HFUZZ_DIR_AT_CONFIGURE:-}}
honggfuzz=$(hfuzz_find honggfuzz)
hfuzz_clang=$(hfuzz_find hfuzz-clang)
if [ -z "$honggfuzz" ] || [ -z "$hfuzz_clang" ]; then
  echo "skipped: honggfuzz is not installed (no honggfuzz and hfuzz-clang in HFUZZ_DIR='${HFUZZ_DIR:-}'" \
    "nor on PATH); build it from https://github.com/google/honggfuzz and set HFUZZ_DIR (docs/peers.md)"
  exit 77
fi
echo "honggfuzz: $honggfuzz, hfuzz-clang: $hfuzz_clang"

fixture=$FORMFUZZ_ROOT/components/tooltest
mkdir -p "$work/build/fuzzers"
bin=$work/build/fuzzers/tooltest_magic
# the honggfuzz preset's flags (cmake/formfuzz.cmake FF_SANITIZE, RelWithDebInfo)
"$hfuzz_clang" -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
  "$fixture/fuzz/magic.c" -o "$bin" >"$work/cc.log" 2>&1 || { cat "$work/cc.log"; exit 1; }

export FORMFUZZ_BUILD_DIR=$work/build
out=$work/out
d=$out/tooltest_magic
"$FORMFUZZ" run tooltest_magic --engine honggfuzz --no-build --runs 200000 --time 30 --out "$out" \
  -- --exit_upon_crash >"$work/run.out" 2>&1
rc=$?
cat "$work/run.out"
check "exit 1: the run wrote an artifact (got $rc)" test "$rc" -eq 1
start=$(grep -m1 "starting honggfuzz:" "$d/fuzzer.log")
check "honggfuzz started with -F 64, -N 200000, -w dict, its workspace, the user's flag" \
  grep -qE -- "-W $d/honggfuzz .* -F 64 .* -N 200000 -w [^ ]*tooltest_magic.dict --exit_upon_crash -- $bin$" <<<"$start"
check "persistent mode" grep -q "Enabling persistent fuzzing mode" "$d/fuzzer.log"
crash=$(ls "$d/artifacts" | grep -E '^crash-[0-9a-f]{40}$' | head -1)
check "crash-<sha1> in artifacts/" test -n "$crash"
check "nothing else in artifacts/" test "$(ls "$d/artifacts" | wc -l)" -eq 1
check "honggfuzz's own file stays in honggfuzz/crashes/" test -n "$(ls "$d/honggfuzz/crashes" | grep '^SIGABRT\.')"
if [ -n "$crash" ]; then
  check "the artifact starts with BOOM" grep -q '^BOOM' "$d/artifacts/$crash"
  { "$bin" "$d/artifacts/$crash" >"$work/replay.log" 2>&1; } 2>/dev/null
  check "the artifact crashes the binary again (exit $?)" test "$?" -ne 0
fi
summary=$(grep -oE 'Summary iterations:[0-9]+' "$d/fuzzer.log" | tail -1 | grep -oE '[0-9]+$')
check "stats.json: engine honggfuzz" grep -q '"engine":"honggfuzz"' "$d/stats.json"
check "stats.json execs = the Summary line's iterations (${summary:-none})" \
  grep -q "\"execs\":${summary:-x}," "$d/stats.json"
check "stats.json counts the crash" grep -q '"crashes":1,' "$d/stats.json"
check "corpus/ holds SHA-1-named inputs only" \
  test "$(ls "$d/corpus" | grep -cvE '^[0-9a-f]{40}$')" -eq 0 -a "$(ls "$d/corpus" | wc -l)" -gt 0

"$FORMFUZZ" triage --out "$out" --engine honggfuzz --attempts 1 --tmin-budget 0 >"$work/triage.out" 2>&1
check "triage exits 0" test "$?" -eq 0
cat "$work/triage.out"
check "triage: one abort bucket in LLVMFuzzerTestOneInput" \
  grep -q '"signature": "abort | LLVMFuzzerTestOneInput"' "$out/triage/index.json"
exit "$fail"
