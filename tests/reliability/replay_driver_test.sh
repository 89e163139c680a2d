#!/usr/bin/env bash
# The replay driver (gcc preset, no engine) on a target that calls exit():
# the input is a failure, reported as in libFuzzer, never "OK" (reliability
# item 4); a leaking input exits 77 as under the engines (item 6).
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
export FF_TEST_HOSTILE=1
target=$1
printf 'Ex' >"$work/exit-input"
printf 'Hx' >"$work/fine"
timeout 60 "$target" "$work/fine" >"$work/fine.log" 2>&1
rc=$?
check "a normal input replays with exit 0 (got $rc)" test "$rc" -eq 0
timeout 60 "$target" "$work/exit-input" >"$work/exit.log" 2>&1
rc=$?
check "an input on which the target exits: exit 77 (got $rc)" test "$rc" -eq 77
check "says the target exited" grep -q "fuzz target exited" "$work/exit.log"
printf 'Lx' >"$work/leak"
timeout 60 "$target" "$work/leak" >"$work/leak.log" 2>&1
rc=$?
check "a leaking input: exit 77 (got $rc)" test "$rc" -eq 77
check "the leak is reported" grep -q "LeakSanitizer: detected memory leaks" "$work/leak.log"
exit $fail
