#!/usr/bin/env bash
# The built-in engine on a harness that misbehaves (reliability items 4, 5, 6, 11):
#   4  a target that calls exit() is a finding in every mode, as in libFuzzer:
#      "fuzz target exited", a crash- artifact, exit 77 (fuzzing, replay of a
#      file, -merge=1, -minimize_crash=1), and `formfuzz replay` says CRASH
#   5  the empty input runs first (a target failing only on size 0 is found)
#   6  a leak- artifact replays with exit 77, as the fuzzing run that wrote it
#  11  directory symlinks in a corpus are not followed: two `ln -s . x` loops
#      end within -runs, with a small log
# Environment: TARGET (the hostile harness), FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR.
# FF_TEST_HOSTILE=1 turns the harness's misbehaviours on.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
export FF_TEST_HOSTILE=1
sha() { printf '%s' "$1" | sha1sum | cut -c1-40; }

# 4, fuzzing: the seed exits
mkdir -p "$work/exit/corpus" "$work/exit/art"
printf 'Ex' >"$work/exit/corpus/seed"
timeout 120 "$TARGET" -seed=1 -runs=100 -artifact_prefix="$work/exit/art/" "$work/exit/corpus" >"$work/exit.log" 2>&1
rc=$?
check "4 fuzzing: exit() in the target exits 77 (got $rc)" test "$rc" -eq 77
check "4 fuzzing: crash-<sha1> written" test -f "$work/exit/art/crash-$(sha Ex)"
check "4 fuzzing: says the target exited" grep -q "ERROR: libFuzzer: fuzz target exited" "$work/exit.log"

# 4, replay of one file
printf 'Ex' >"$work/exit-input"
timeout 60 "$TARGET" "$work/exit-input" >"$work/replay.log" 2>&1
rc=$?
check "4 replay: exits 77 (got $rc)" test "$rc" -eq 77
check "4 replay: says the target exited" grep -q "fuzz target exited" "$work/replay.log"

# 4, merge: the exiting input is skipped, the inputs after it are still merged
mkdir -p "$work/merge/into" "$work/merge/from"
printf 'Ex' >"$work/merge/from/a"
printf 'Hx' >"$work/merge/from/b"
printf 'Sx' >"$work/merge/from/c"
timeout 120 "$TARGET" -merge=1 "$work/merge/into" "$work/merge/from" >"$work/merge.log" 2>&1
rc=$?
check "4 merge: exit 0 (got $rc)" test "$rc" -eq 0
n=$(ls "$work/merge/into" | wc -l)
check "4 merge: the two inputs after the exiting one are merged (got $n)" test "$n" -eq 2
check "4 merge: the exiting input is not" test ! -e "$work/merge/into/$(sha Ex)"

# 4, minimize_crash: the exit is the crash being kept
printf 'Ex0123456789abcdef' >"$work/exit-long"
timeout 120 "$TARGET" -minimize_crash=1 -runs=200 -seed=1 -timeout=5 -exact_artifact_path="$work/exit-min" \
  "$work/exit-long" >"$work/min.log" 2>&1
rc=$?
check "4 minimize_crash: exit 0 (got $rc)" test "$rc" -eq 0
check "4 minimize_crash: shrank the exiting input to 'Ex'" test "$(cat "$work/exit-min" 2>/dev/null)" = Ex

# 4, the tool's replay
mkdir -p "$work/out/reliability_hostile/artifacts"
printf 'Ex' >"$work/out/reliability_hostile/artifacts/crash-exit"
timeout 120 "$FORMFUZZ" replay reliability_hostile --out "$work/out" >"$work/ffreplay.out" 2>&1
rc=$?
check "4 formfuzz replay: exit 1 (got $rc)" test "$rc" -eq 1
check "4 formfuzz replay: reports the exiting input as CRASH" grep -q "^CRASH .*crash-exit" "$work/ffreplay.out"

# 5: the empty input
mkdir -p "$work/empty/corpus" "$work/empty/art"
FF_TEST_EMPTY_CRASHES=1 timeout 120 "$TARGET" -seed=1 -runs=1000 -artifact_prefix="$work/empty/art/" \
  "$work/empty/corpus" >"$work/empty.log" 2>&1
check "5: the empty input ran and crashed (crash-$(sha ''))" test -f "$work/empty/art/crash-$(sha '')"

# 6: leak artifacts replay with 77
mkdir -p "$work/leak/corpus" "$work/leak/art"
printf 'Lx' >"$work/leak/corpus/seed"
timeout 120 "$TARGET" -seed=1 -runs=10 -artifact_prefix="$work/leak/art/" "$work/leak/corpus" >"$work/leak.log" 2>&1
rc=$?
check "6: fuzzing finds the leak with exit 77 (got $rc)" test "$rc" -eq 77
art="$work/leak/art/leak-$(sha Lx)"
check "6: leak-<sha1> written" test -f "$art"
timeout 60 "$TARGET" "$art" >"$work/leak-replay.log" 2>&1
rc=$?
check "6: the leak artifact replays with exit 77 (got $rc)" test "$rc" -eq 77
check "6: the replay reports the leak" grep -q "LeakSanitizer: detected memory leaks" "$work/leak-replay.log"

# 11: symlink loops in a corpus directory
mkdir -p "$work/loop/corpus"
printf 'Hx' >"$work/loop/corpus/seed"
ln -s . "$work/loop/corpus/x"
ln -s . "$work/loop/corpus/y"
ln -s "$work/loop/corpus" "$work/loop/corpus/z"
env -u FF_TEST_HOSTILE timeout 120 "$TARGET" -seed=1 -runs=50 -max_total_time=20 "$work/loop/corpus" >"$work/loop.log" 2>&1
rc=$?
check "11: the run ends on its own with exit 0 (got $rc)" test "$rc" -eq 0
size=$(stat -c %s "$work/loop.log")
check "11: the log stays small ($size bytes)" test "$size" -lt 100000
check "11: the seed behind the links was loaded once" grep -q "seed corpus: files: 1 " "$work/loop.log"
exit $fail
