#!/usr/bin/env bash
# A chatty harness cannot fill the disk through fuzzer.log (reliability item
# 14): the log is rotated at --log-max MB (fuzzer.log and fuzzer.log.1 at
# most), the console says so once and points at -close_fd_mask, and the
# engine's last lines (final stats) are kept.
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
export FF_TEST_CHATTY=1 # 64 KiB on stderr per execution: 300 runs write about 19 MiB
timeout 200 "$FORMFUZZ" run reliability_hostile --runs 300 --seed 1 --log-max 1 --out "$work/o" >"$work/out" 2>"$work/err"
rc=$?
check "chatty run: exit 0 (got $rc)" test "$rc" -eq 0
d=$work/o/reliability_hostile
total=$(cat "$d"/fuzzer.log* | wc -c)
check "fuzzer.log and its one rotation stay under 2 MiB + a line (got $total bytes)" test "$total" -le $((2 * 1048576 + 65536))
check "no third log file" test -z "$(ls "$d" | grep -E '^fuzzer\.log\.[2-9]')"
check "the console says the log was capped" grep -q "fuzzer.log" "$work/err"
check "the console mentions -close_fd_mask" grep -q -- "-close_fd_mask" "$work/err"
check "the engine's final stats are in the log" grep -q "stat::number_of_executed_units" "$d/fuzzer.log"
shown=$(sed -n 's/^  execs *\([0-9]*\).*/\1/p' "$work/out")
check "the result shows the executions (got $shown)" test "${shown:-0}" -ge 300
timeout 60 "$FORMFUZZ" run reliability_hostile --log-max 0 --out "$work/o" >"$work/out" 2>"$work/err"
rc=$?
check "--log-max 0 is refused (exit 2, got $rc)" test "$rc" -eq 2
exit $fail
