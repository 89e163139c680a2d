# Regression detection between campaigns (tools/monitor/regression.c) on
# crafted campaign.json pairs, through `formfuzz report`: stdout lines, the
# HTML section and summary-table notes (xmllint), the JUnit suite (xmllint,
# counts, failure types); --eps-drop, --baseline; no previous campaign; a
# corrupt previous one. With FF_FIXTURE_FUZZ=1 (the fixture's fuzzers are
# built) two real campaigns: the second keeps the first as
# campaign.previous.json and prints the comparison under its table, and
# `formfuzz status` shows the real numbers.
# Usage: regression_test.sh FORMFUZZ
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
ff=$1
engine=${FF_TEST_ENGINE:-builtin}
out=$work/out
mkdir -p "$out/triage"
# fuzzer NAME EXEC_PER_SEC EDGES CRASHES [PROBLEM]: one campaign.json entry
fuzzer() {
  printf '{"name": "%s", "execs": 1000, "execs_total": 5000, "exec_per_sec": %s, "edges": %s, "features": 50, "corpus_size": 9, "crashes": %s, "artifacts": [], "restarts": 0, "time_s": 10%s}' \
    "$1" "$2" "$3" "$4" "${5:+, \"problem\": \"$5\"}"
}
campaign() { # START FUZZER-ENTRIES...
  local start=$1; shift
  local IFS=,
  printf '{"engine": "builtin", "start_time": %s, "end_time": %s, "budget_s": 60, "runs_per_fuzzer": 0, "jobs": 2, "interrupted": false, "commit": null, "fuzzers": [%s]}\n' \
    "$start" $((start + 60)) "$*"
}
campaign 1764000000 \
  "$(fuzzer fz_fast 1000 100 0)" "$(fuzzer fz_edges 1000 100 0)" "$(fuzzer fz_broken 1000 100 0)" \
  "$(fuzzer fz_fixed 1000 100 0)" "$(fuzzer fz_steady 1000 100 0)" "$(fuzzer fz_oldbug 1000 100 0)" \
  "$(fuzzer fz_crashy 1000 100 1)" "$(fuzzer fz_gone 1000 100 0)" > "$out/campaign.previous.json"
campaign 1764086400 \
  "$(fuzzer fz_fast 700 100 0)" "$(fuzzer fz_edges 900 90 0)" "$(fuzzer fz_broken 0 0 0 'not built')" \
  "$(fuzzer fz_fixed 1000 100 1)" "$(fuzzer fz_steady 1010 101 0)" "$(fuzzer fz_oldbug 1000 100 0)" \
  "$(fuzzer fz_crashy 1000 100 1)" "$(fuzzer fz_new 1000 100 0)" > "$out/campaign.json"
bucket() { # ID FUZZER FIRST_SEEN LAST_SEEN
  printf '{"id": "%s", "fuzzer": "%s", "title": "%s: heap-buffer-overflow", "kind": "heap-buffer-overflow", "severity": "high", "new": false, "stable": true, "count": 2, "first_seen": %s, "last_seen": %s}' \
    "$1" "$2" "$2" "$3" "$4"
}
printf '{"version": 1, "buckets": [%s, %s, %s], "unreproducible": [], "artifacts": []}\n' \
  "$(bucket aaaaaaaaaaaa fz_fixed 1763900000 1764086450)" \
  "$(bucket bbbbbbbbbbbb fz_oldbug 1763900000 1763900000)" \
  "$(bucket cccccccccccc fz_crashy 1763900000 1764086450)" > "$out/triage/index.json"

# 1. stdout: exactly the four regressions
"$ff" report --out "$out" --no-plots > "$work/report.out" || fail "report exited $?"
grep '^  REGRESSION ' "$work/report.out" | sed 's/  */ /g' > "$work/found.txt"
cat > "$work/expected.txt" <<'EOF2'
 REGRESSION fz_fast exec-rate-drop exec/s 1000 -> 700 (-30.0 %, threshold -25 %)
 REGRESSION fz_edges edges-lower edges 100 -> 90 (coverage lost on the resumed corpus)
 REGRESSION fz_broken failing not built (the previous campaign ran it without a problem)
 REGRESSION fz_fixed fixed-bucket-again bucket aaaaaaaaaaaa (fz_fixed: heap-buffer-overflow) crashes again; the previous campaign ran clean (fixed)
EOF2
diff -u "$work/expected.txt" "$work/found.txt" || fail "regressions on stdout differ"
grep -qF "regressions since the previous campaign ($out/campaign.previous.json): 4" "$work/report.out" ||
  fail "no regression count line"

# 2. JUnit: a suite of the 7 fuzzers in both campaigns, 4 failing, with their kinds
junit=$out/report/junit.xml
xmllint --noout "$junit" || fail "junit.xml not well-formed"
suite=$(xmllint --xpath 'string(//testsuite[@name="formfuzz regressions"]/@tests)' "$junit")
failures=$(xmllint --xpath 'string(//testsuite[@name="formfuzz regressions"]/@failures)' "$junit")
[ "$suite/$failures" = 7/4 ] || fail "regression suite tests/failures $suite/$failures, expected 7/4"
for f in fz_fast fz_edges fz_broken fz_fixed; do
  xmllint --xpath "//testcase[@classname='formfuzz.regressions' and @name='$f']/failure[@type='regression']" "$junit" > /dev/null 2>&1 ||
    fail "$f has no regression failure in junit.xml"
done
for f in fz_steady fz_oldbug fz_crashy; do
  xmllint --xpath "//testcase[@classname='formfuzz.regressions' and @name='$f']/failure" "$junit" > /dev/null 2>&1 &&
    fail "$f fails in junit.xml"
done
xmllint --xpath "//testcase[@name='fz_new' and @classname='formfuzz.regressions']" "$junit" > /dev/null 2>&1 &&
  fail "fz_new (not in the previous campaign) compared"
grep -q 'exec-rate-drop: exec/s 1000 -&gt; 700' "$junit" || fail "junit failure text"
total=$(xmllint --xpath 'string(/testsuites/@tests)' "$junit")
campaign_tests=$(xmllint --xpath 'string(//testsuite[@name="formfuzz campaign"]/@tests)' "$junit")
[ "$total" = $((campaign_tests + 7)) ] || fail "testsuites total $total != $campaign_tests + 7"

# 3. HTML: the section's table and the notes of the summary table
page=$out/report/index.html
xmllint --noout "$page" || fail "index.html not well-formed XML"
rows=$(xmllint --xpath 'count(//*[local-name()="h2" and @id="regressions"]/following-sibling::*[local-name()="table"][1]/*[local-name()="tr"])' "$page")
[ "$rows" = 5 ] || fail "regression table has $rows rows, expected header + 4"
grep -q '<span class="bad">regression: exec-rate-drop</span>' "$page" || fail "summary-table note"
grep -q 'fz_fixed: heap-buffer-overflow) crashes again' "$page" || fail "bucket regression on the page"

# 4. a looser threshold and an explicit baseline
"$ff" report --out "$out" --no-plots --eps-drop 50 | grep -q 'exec-rate-drop' && fail "--eps-drop 50 still flags -30 %"
cp "$out/campaign.json" "$work/same.json"
"$ff" report --out "$out" --no-plots --baseline "$work/same.json" > "$work/same.out"
grep -qF "regressions since the previous campaign ($work/same.json): 0" "$work/same.out" || fail "--baseline"
"$ff" report --out "$out" --no-plots --baseline "$work/absent.json" > "$work/absent.out"
grep -qF "regressions: the baseline $work/absent.json cannot be read: No such file or directory" "$work/absent.out" ||
  fail "a missing --baseline not named: $(cat "$work/absent.out")"

# 5. no previous campaign: a note, no regression suite; a corrupt one: named
rm "$out/campaign.previous.json"
"$ff" report --out "$out" --no-plots > "$work/none.out" || fail "report without a previous campaign"
grep -q regression "$work/none.out" && fail "regressions without a previous campaign"
grep -q 'No previous campaign to compare with' "$page" || fail "no-baseline note"
xmllint --xpath '//testsuite[@name="formfuzz regressions"]' "$junit" > /dev/null 2>&1 && fail "regression suite without a baseline"
printf '{"fuzzers": [' > "$out/campaign.previous.json"
"$ff" report --out "$out" --no-plots > "$work/corrupt.out" || fail "report with a corrupt previous campaign"
grep -q "regressions: the previous campaign $out/campaign.previous.json is corrupt" "$work/corrupt.out" ||
  fail "corrupt baseline not named: $(cat "$work/corrupt.out")"
grep -q 'campaign.previous.json is corrupt' "$page" || fail "corrupt baseline not on the page"

# 6. two real campaigns on the fixture (when its fuzzers are built)
if [ "${FF_FIXTURE_FUZZ:-0}" = 1 ]; then
  real=$work/real
  "$ff" campaign --engine "$engine" --runs 3000 --seed 1 --jobs 1 --fuzzers tooltest_bytes --out "$real" > "$work/c1.out" 2>&1 ||
    fail "first campaign: $(tail "$work/c1.out")"
  [ -f "$real/campaign.previous.json" ] && fail "a first campaign has no previous summary"
  grep -q 'regressions since' "$work/c1.out" && fail "first campaign compared"
  cp "$real/campaign.json" "$work/first.json"
  "$ff" campaign --engine "$engine" --runs 3000 --seed 1 --jobs 1 --fuzzers tooltest_bytes --out "$real" > "$work/c2.out" 2>&1 ||
    fail "second campaign: $(tail "$work/c2.out")"
  cmp -s "$work/first.json" "$real/campaign.previous.json" || fail "the first summary was not kept"
  grep -qF "regressions since the previous campaign ($real/campaign.previous.json):" "$work/c2.out" ||
    fail "second campaign printed no comparison: $(cat "$work/c2.out")"
  # the status screen of the real campaign: its fuzzer ended (builtin: 6000 executions in all)
  "$ff" status "$real" > "$work/status.txt" || fail "status of the real campaign"
  execs=6000
  [ "$engine" = builtin ] || execs='[1-9][0-9]*'
  grep -Eq "^tooltest_bytes +ended +$execs " "$work/status.txt" || fail "status row: $(cat "$work/status.txt")"
  grep -q '^1 fuzzer(s): 0 running, 0 stalled' "$work/status.txt" || fail "status totals"
fi
echo "monitor_regression: ok"
