#!/usr/bin/env bash
# One output directory, one writer (reliability item 8):
#   - `run --jobs 2` (builtin): stats.json counts the executions of both
#     workers and every stats.csv row is whole (11 fields)
#   - a second run or campaign on an --out in use is refused with a message
#     naming the holder; the first one is not disturbed
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR, TARGET.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
out=$work/out
timeout 200 "$FORMFUZZ" run reliability_hostile --jobs 2 --runs 20000 --seed 1 --out "$out" >"$work/jobs.out" 2>"$work/jobs.err"
rc=$?
check "run --jobs 2: exit 0 (got $rc)" test "$rc" -eq 0
d=$out/reliability_hostile
execs=$(jq -r .execs "$d/stats.json" 2>/dev/null || echo 0)
check "stats.json counts both workers' executions (got $execs, want >= 40000)" test "$execs" -ge 40000
shown=$(sed -n 's/^  execs *\([0-9]*\).*/\1/p' "$work/jobs.out")
check "the result shows the same total (got $shown)" test "${shown:-0}" -ge 40000
bad=$(grep -v '^unix_time' "$d/stats.csv" | awk -F, 'NF != 11' | wc -l)
check "every stats.csv row has 11 fields ($bad do not)" test "$bad" -eq 0

# a second writer on the same --out
"$FORMFUZZ" run reliability_hostile --time 20 --seed 1 --out "$work/busy" >"$work/a.out" 2>"$work/a.err" &
first=$!
for _ in $(seq 1 100); do [ -s "$work/busy/reliability_hostile/stats.json" ] && break; sleep 0.1; done
timeout 60 "$FORMFUZZ" run reliability_hostile --runs 100 --out "$work/busy" >"$work/b.out" 2>"$work/b.err"
rc=$?
check "a second run on a busy --out: exit 3 (got $rc)" test "$rc" -eq 3
check "the refusal names the running formfuzz" grep -q "in use by formfuzz (pid $first)" "$work/b.err"
timeout 60 "$FORMFUZZ" campaign --runs 100 --out "$work/busy" >"$work/c.out" 2>"$work/c.err"
rc=$?
check "a campaign on a busy --out: exit 3 (got $rc)" test "$rc" -eq 3
kill -INT "$first"
wait "$first"
rc=$?
check "the first run was not disturbed (exit $rc)" test "$rc" -eq 0
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 100 --out "$work/busy" >"$work/d.out" 2>"$work/d.err"
rc=$?
check "after it ends the --out is free again (exit $rc)" test "$rc" -eq 0
exit $fail
