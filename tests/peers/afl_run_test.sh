#!/usr/bin/env bash
# `formfuzz run --engine afl --jobs 2` end to end (afl preset), on the tools
# fixture's tooltest_magic (aborts on "BOOM", which its dictionary holds):
# one main (-M main, with the CMPLOG twin) and one secondary (-S sec1) share
# out/<fuzzer>/afl, both run in persistent mode, stats.json sums both instances'
# executions, and the crash lands in artifacts/ as crash-<sha1> that replays.
# Environment: FORMFUZZ, FORMFUZZ_ROOT (fixture), FORMFUZZ_BUILD_DIR (afl build).
set -u
work=$(mktemp -d /tmp/ff-peers-afl.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
check() { if eval "$1"; then ok "$2"; else fail "$2"; fi; }

"$FORMFUZZ" run tooltest_magic --engine afl --jobs 2 --runs 6000 --seed 1 --out "$work" >"$work/out" 2>&1
rc=$?
d=$work/tooltest_magic
cat "$work/out"
check '[ $rc -eq 1 ]' "exit 1: the run wrote an artifact (got $rc)"
check '[ "$(grep -c "starting afl:" "$d/fuzzer.log")" -eq 2 ]' "two afl-fuzz instances started"
check 'grep -q "starting afl: afl-fuzz .* -M main .* -c 0 -- [^ ]*/tooltest_magic.cmplog$" "$d/fuzzer.log"' \
  "main instance with the CMPLOG twin"
check 'grep -q "starting afl: afl-fuzz .* -S sec1 .* -E 3000 " "$d/fuzzer.log"' "secondary with half the runs"
check '[ "$(grep -c "Persistent mode binary detected" "$d/fuzzer.log")" -ge 2 ]' "persistent mode detected"
check '[ -f "$d/afl/main/fuzzer_stats" ] && [ -f "$d/afl/sec1/fuzzer_stats" ]' "both instances share afl/"
sum=$(awk -F' *: *' '$1=="execs_done"{s+=$2} END{print s+0}' "$d/afl/main/fuzzer_stats" "$d/afl/sec1/fuzzer_stats")
execs=$(grep -oE '"execs":[0-9]+' "$d/stats.json" | grep -oE '[0-9]+$')
check '[ "${execs:-0}" -eq "$sum" ] && [ "$sum" -ge 6000 ]' "stats.json execs ($execs) = sum of the instances ($sum)"
crash=$(ls "$d/artifacts" | grep -E '^crash-[0-9a-f]{40}$' | head -1)
check '[ -n "$crash" ]' "crash-<sha1> in artifacts/"
if [ -n "$crash" ]; then
  check 'head -c 4 "$d/artifacts/$crash" | grep -q BOOM' "the artifact starts with BOOM"
  "$FORMFUZZ_BUILD_DIR/fuzzers/tooltest_magic" "$d/artifacts/$crash" >"$work/replay" 2>&1
  check '[ $? -ne 0 ]' "the artifact crashes the afl binary again"
fi
[ $failures -eq 0 ] && echo "all checks passed" || echo "$failures check(s) failed"
exit $((failures > 0))
