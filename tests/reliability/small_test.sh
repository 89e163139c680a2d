#!/usr/bin/env bash
# The smaller reliability items (15): artifact names that are not UTF-8 keep
# triage's index.json valid and its history; "cannot create" names the path
# that failed and why; a truncated last row of stats.csv is not glued to the
# next row on resume; I/O errors exit 3 as documented.
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR, TARGET.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
export FF_TEST_HOSTILE=1

# a non-UTF-8 artifact name (a leak, found by every preset)
a=$work/o/reliability_hostile/artifacts
mkdir -p "$a"
printf 'Lx' >"$a/leak-$(printf '\xff\xfe')"
utf8_json() { iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 && jq -e . "$1" >/dev/null; }
timeout 200 "$FORMFUZZ" triage --out "$work/o" --binary "$TARGET" --attempts 1 --tmin-budget 20 >"$work/t1" 2>&1
idx=$work/o/triage/index.json
check "triage with a non-UTF-8 artifact name: index.json is valid UTF-8 JSON" utf8_json "$idx"
n1=$(jq '.buckets | length' "$idx" 2>/dev/null || echo 0)
check "the artifact is in a bucket ($n1)" test "$n1" -eq 1
printf 'Hh' >"$a/timeout-hang" # a second, different finding arrives
timeout 200 "$FORMFUZZ" triage --out "$work/o" --binary "$TARGET" --attempts 1 --tmin-budget 0 --timeout 1 >"$work/t2" 2>&1
check "a second triage keeps index.json valid" utf8_json "$idx"
n2=$(jq '.buckets | length' "$idx" 2>/dev/null || echo 0)
check "the second triage has both buckets ($n2)" test "$n2" -eq 2
# history kept: the leak bucket is known from the first triage, only the hang is new
check "the first bucket is remembered (not new)" test "$(jq '[.buckets[] | select(.new == false)] | length' "$idx" 2>/dev/null)" = 1

# "cannot create" names the failing path and the reason
mkdir -p "$work/c/reliability_hostile"
: >"$work/c/reliability_hostile/artifacts"
timeout 60 "$FORMFUZZ" run reliability_hostile --runs 10 --out "$work/c" >"$work/cc.out" 2>"$work/cc.err"
rc=$?
check "run with an artifacts path that is a file: exit 3 (got $rc)" test "$rc" -eq 3
check "names the path that failed" grep -q "reliability_hostile/artifacts" "$work/cc.err"
check "says why" grep -qi "not a directory\|file exists" "$work/cc.err"

# a truncated last row of stats.csv
unset FF_TEST_HOSTILE
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 200 --out "$work/s" >/dev/null 2>&1
csv=$work/s/reliability_hostile/stats.csv
printf '1700000000,12.5,99' >>"$csv" # a row cut short by a crash: no newline
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 200 --out "$work/s" >/dev/null 2>&1
bad=$(grep -v '^unix_time' "$csv" | awk -F, 'NF != 11' | wc -l)
check "stats.csv after a resume over a cut row: every row has 11 fields ($bad do not)" test "$bad" -eq 0

# I/O errors exit 3
mkdir -p "$work/corpus"
printf 'fuzz' >"$work/corpus/a"
timeout 60 "$FORMFUZZ" corpus export "$work/corpus" --fuzzer reliability_hostile --out /proc/formfuzz-cannot-write >"$work/x.out" 2>"$work/x.err"
rc=$?
check "corpus export into a place that cannot be written: exit 3 (got $rc)" test "$rc" -eq 3
timeout 60 "$FORMFUZZ" report --out /proc/formfuzz-cannot-write >"$work/r.out" 2>"$work/r.err"
rc=$?
check "report into a place that cannot be written: exit 3 (got $rc)" test "$rc" -eq 3
exit $fail
