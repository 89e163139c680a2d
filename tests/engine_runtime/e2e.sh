#!/usr/bin/env bash
# End-to-end test of the built-in engine on a small harness (nested_target.c):
# with -seed=1 it must reach the crash behind four nested compares and a
# 4-byte magic within a fixed number of runs, write a crash-<sha1> artifact
# that replays to the same exit code, keep SHA-1-named corpus files, replay
# a corpus with -runs=0, minimize the crash, merge corpora, and reject bad flags.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1

mkdir -p "$work/corpus" "$work/art"
"$fuzzer" -seed=1 -runs=100000 -artifact_prefix="$work/art/" -stats_json="$work/s.json" \
  -stats_csv="$work/s.csv" "$work/corpus" >"$work/fuzz.log" 2>&1
rc=$?
check "crash found with exit code 77 (libFuzzer's -error_exitcode)" test "$rc" -eq 77
artifact=$(ls "$work"/art/crash-* 2>/dev/null | head -1)
check "crash artifact written" test -n "$artifact"
check "artifact line printed" grep -q "Test unit written to $work/art/crash-" "$work/fuzz.log"
check "INITED and NEW status lines" grep -qE "^#[0-9]+	(INITED|NEW) +cov: " "$work/fuzz.log"
if [ -n "$artifact" ]; then
  check "artifact is named by its SHA-1" test "$(basename "$artifact")" = "crash-$(sha1sum <"$artifact" | cut -c1-40)"
  check "artifact starts with FUZZ" test "$(head -c4 "$artifact")" = "FUZZ"
  "$fuzzer" "$artifact" >"$work/replay.log" 2>&1
  check "artifact replays to exit code 77" test $? -eq 77
  check "replay prints Running:" grep -q "Running: $artifact" "$work/replay.log"
  "$fuzzer" -minimize_crash=1 -runs=200 -exact_artifact_path="$work/min" "$artifact" >"$work/min.log" 2>&1
  check "minimize_crash exits 0" test $? -eq 0
  check "minimized input still crashes" bash -c "! '$fuzzer' '$work/min' >/dev/null 2>&1"
  check "minimized input is not larger" test "$(stat -c %s "$work/min")" -le "$(stat -c %s "$artifact")"
fi
check "stats.json written" grep -q '"engine":"builtin"' "$work/s.json"
check "stats.csv has a header" grep -q '^unix_time,elapsed_s,execs,' "$work/s.csv"

ncorpus=$(ls "$work/corpus" | wc -l)
check "corpus files written" test "$ncorpus" -gt 2
bad=0
for f in "$work"/corpus/*; do
  [ "$(basename "$f")" = "$(sha1sum <"$f" | cut -c1-40)" ] || bad=1
done
check "corpus files are named by their SHA-1" test "$bad" -eq 0

# -runs=0: every corpus input once, no new files, exit 0; oversized seeds skipped
head -c 100 /dev/zero >"$work/corpus/zzbig"
"$fuzzer" -runs=0 -max_len=64 "$work/corpus" >"$work/runs0.log" 2>&1
check "-runs=0 exits 0" test $? -eq 0
check "-runs=0 reports the oversized file" grep -q "skipping $work/corpus/zzbig: " "$work/runs0.log"
check "-runs=0 writes nothing" test "$(ls "$work/corpus" | wc -l)" -eq $((ncorpus + 1))
rm -f "$work/corpus/zzbig"

# merge: only inputs that add features are copied into the first directory
mkdir -p "$work/merged"
"$fuzzer" -merge=1 "$work/merged" "$work/corpus" >"$work/merge.log" 2>&1
check "merge exits 0" test $? -eq 0
nmerged=$(ls "$work/merged" | wc -l)
check "merge copied a non-empty subset" test "$nmerged" -ge 1 -a "$nmerged" -le "$ncorpus"
"$fuzzer" -merge=1 "$work/merged" "$work/corpus" >/dev/null 2>&1
check "second merge adds nothing" test "$(ls "$work/merged" | wc -l)" -eq "$nmerged"

# command line errors
"$fuzzer" -no_such_flag=1 "$work/corpus" >"$work/err.log" 2>&1
check "unknown flag exits 1" test $? -eq 1
check "unknown flag is named" grep -q "no_such_flag" "$work/err.log"
"$fuzzer" -runs=ten "$work/corpus" >/dev/null 2>&1
check "malformed value exits 1" test $? -eq 1
"$fuzzer" -help=1 >"$work/help.log" 2>&1
check "-help=1 lists flags" grep -q -- "-max_total_time" "$work/help.log"
exit $fail
