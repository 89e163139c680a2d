#!/usr/bin/env bash
# The built-in engine's failure paths on failures_target.c, each from a one-file
# seed corpus (the engine runs seeds first, so the failing input is known):
# -timeout on a hang, -malloc_limit_mb and -rss_limit_mb, a leak, -close_fd_mask,
# and -minimize_crash keeping the crash signature (kind and top frame), not
# just the exit status. Each failure must write <kind>-<sha1 of the input> and
# exit with libFuzzer's code.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1

# failing_seed name content flags... : runs the engine on a corpus holding one
# seed, for that one run only (a mutant could start with 'H' and hang);
# sets rc, log and the expected artifact name's sha1
failing_seed() {
  local name=$1 content=$2; shift 2
  mkdir -p "$work/$name/corpus" "$work/$name/art"
  printf '%s' "$content" >"$work/$name/corpus/seed"
  sha=$(printf '%s' "$content" | sha1sum | cut -c1-40)
  log=$work/$name/log
  "$fuzzer" -seed=1 -runs=1 -timeout=10 -artifact_prefix="$work/$name/art/" "$@" "$work/$name/corpus" >"$log" 2>&1
  rc=$?
}

failing_seed timeout "Hang" -timeout=1
check "timeout: exit code 70" test "$rc" -eq 70
check "timeout: timeout-<sha1> written" test -f "$work/timeout/art/timeout-$sha"
check "timeout: libFuzzer's report line" grep -q "ERROR: libFuzzer: timeout" "$log"

failing_seed malloc "Malloc" -malloc_limit_mb=64
check "malloc_limit_mb: exit code 71" test "$rc" -eq 71
check "malloc_limit_mb: oom-<sha1> written" test -f "$work/malloc/art/oom-$sha"
check "malloc_limit_mb: names the malloc" grep -q "out-of-memory (malloc(268435456))" "$log"

failing_seed rss "Rss" -rss_limit_mb=200
check "rss_limit_mb: exit code 71" test "$rc" -eq 71
check "rss_limit_mb: oom-<sha1> written" test -f "$work/rss/art/oom-$sha"
check "rss_limit_mb: reports the limit" grep -q "out-of-memory (used: [0-9]*Mb; limit: 200Mb)" "$log"

failing_seed leak "Leak"
check "leak: exit code 77" test "$rc" -eq 77
check "leak: leak-<sha1> written" test -f "$work/leak/art/leak-$sha"
check "leak: LeakSanitizer's report" grep -q "ERROR: LeakSanitizer: detected memory leaks" "$log"
# -detect_leaks=0 turns off the per-input check only; LeakSanitizer's own
# check at exit still reports (exactly as libFuzzer: measured with clang 14)
failing_seed noleak "Leak" -detect_leaks=0
check "-detect_leaks=0: no leak-<sha1> artifact" test ! -e "$work/noleak/art/leak-$sha"

# -close_fd_mask (replay of one file): 1 closes the target's stdout, 2 its
# stderr; the engine's own lines still arrive
printf 'Print' >"$work/print"
for mask in 0 1 2 3; do
  "$fuzzer" -close_fd_mask=$mask "$work/print" >"$work/out$mask" 2>"$work/err$mask"
  check "close_fd_mask=$mask: exit 0" test $? -eq 0
  check "close_fd_mask=$mask: engine lines on stderr" grep -q "Executed $work/print" "$work/err$mask"
done
check "close_fd_mask=0: target's stdout kept" grep -q stdout-of-the-target "$work/out0"
check "close_fd_mask=0: target's stderr kept" grep -q stderr-of-the-target "$work/err0"
check "close_fd_mask=1: target's stdout closed" bash -c "! grep -q stdout-of-the-target '$work/out1'"
check "close_fd_mask=1: target's stderr kept" grep -q stderr-of-the-target "$work/err1"
check "close_fd_mask=2: target's stdout kept" grep -q stdout-of-the-target "$work/out2"
check "close_fd_mask=2: target's stderr closed" bash -c "! grep -q stderr-of-the-target '$work/err2'"
check "close_fd_mask=3: both closed" bash -c "! grep -q of-the-target '$work/out3' '$work/err3'"

# -minimize_crash: 'A' + 39 bytes aborts in crash_long; below 16 bytes the
# input aborts in crash_short, with the same exit status. The minimized input
# must still be the crash_long crash: exactly 16 bytes.
# (Comparing exit statuses only, it ends at 1 byte, in crash_short.) A candidate
# can turn into the 'H' hang: -timeout bounds it (a timeout is another failure).
# -runs=72 (each symbolized child costs about 80 ms): with -seed=1 it is at 16
# bytes after 11 runs, has tried and refused all 36 shorter crash_short inputs
# of the chunk passes by run 64, then 8 random shrinking mutants.
printf 'A%039d' 7 >"$work/crash"
"$fuzzer" -minimize_crash=1 -runs=72 -seed=1 -timeout=5 -exact_artifact_path="$work/min" "$work/crash" >"$work/min.log" 2>&1
check "minimize_crash: exit 0" test $? -eq 0
check "minimize_crash: prints the signature it keeps" grep -q "CRASH_MIN: keeping inputs that fail as: libFuzzer: deadly signal @ " "$work/min.log"
size=$(stat -c %s "$work/min" 2>/dev/null || echo missing)
check "minimize_crash: shrank to the 16 bytes crash_long needs (got $size)" test "$size" = 16
"$fuzzer" "$work/min" >"$work/min-replay.log" 2>&1
check "minimized input replays to exit code 77" test $? -eq 77
check "minimized input crashes in crash_long" grep -q "long input" "$work/min-replay.log"
# unsymbolized reports: the top frame is found by address (PC tables) instead
ASAN_OPTIONS=symbolize=0 "$fuzzer" -minimize_crash=1 -runs=100 -seed=1 -timeout=5 -exact_artifact_path="$work/min0" \
  "$work/crash" >"$work/min0.log" 2>&1
check "minimize_crash unsymbolized: exit 0" test $? -eq 0
check "minimize_crash unsymbolized: frame as module+offset" grep -q "deadly signal @ (.*+0x[0-9a-f]*)" "$work/min0.log"
size=$(stat -c %s "$work/min0" 2>/dev/null || echo missing)
check "minimize_crash unsymbolized: 16 bytes (got $size)" test "$size" = 16

exit $fail
