#!/usr/bin/env bash
# `formfuzz report` on small synthetic campaigns: a healthy fuzzer with stats
# and samples, one with a corrupt stats.json, one with no stats at all, and a
# triage index with one new bucket. Checks the page and the SVG plots are
# well-formed (xmllint, as XML and as HTML), that JUnit fails exactly the
# fuzzer with the new bucket, and that a zero-crash campaign passes.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1

out=$work/out
source "$(dirname "$0")/synthetic_campaign.sh"
synthetic_campaign "$out"

"$formfuzz" report --out "$out" > "$work/stdout" 2> "$work/stderr" || fail "report exited $?"
page=$out/report/index.html
grep -qx "$page" "$work/stdout" || fail "the page's path is not printed: $(cat "$work/stdout")"
xmllint --noout "$page" || fail "index.html is not well-formed XML"
xmllint --html --noout "$page" || fail "index.html does not parse as HTML"
! grep -qi "<script" "$page" || fail "the page uses JavaScript"
grep -q "stats.json is corrupt" "$page" || fail "corrupt stats.json not reported on the page"
grep -q "stats.json is corrupt" "$work/stderr" || fail "corrupt stats.json not reported on stderr"
grep -q "no stats.json yet" "$page" || fail "missing stats.json not reported"
grep -q "delta_never_ran" "$page" || fail "a campaign fuzzer without output is not listed"
# campaign.json times: readable, never raw unix seconds, an ISO twin shown once
grep -q "<li>start: 2025-11-24 16:00:00 UTC</li>" "$page" || fail "start time not readable"
grep -q "<li>finished_time: 2025-11-24 16:02:10 UTC</li>" "$page" || fail "a unix time without ISO twin not readable"
! grep -q "176400" "$page" || fail "raw unix seconds on the page"
[ "$(grep -c "<li>end" "$page")" = 1 ] || fail "end time shown more than once"
grep -q '123456' "$page" || fail "execs missing from the table"
grep -q 'href="../triage/0123456789ab/report.md"' "$page" || fail "no link to the bucket report"
grep -q 'parse_header &lt;x&gt; &amp; y' "$page" || fail "bucket title not escaped"
for svg in alpha_parse-coverage alpha_parse-execs; do
  test -s "$out/report/plots/$svg.svg" || fail "plot $svg.svg missing"
  xmllint --noout "$out/report/plots/$svg.svg" || fail "plot $svg.svg is not well-formed"
  grep -q "plots/$svg.svg" "$page" || fail "plot $svg not on the page"
done
junit=$out/report/junit.xml
xmllint --noout "$junit" || fail "junit.xml is not well-formed"
[ "$(grep -c '<testcase ' "$junit")" = 4 ] || fail "expected one test case per fuzzer (4)"
[ "$(grep -c '<failure ' "$junit")" = 1 ] || fail "expected exactly one failure"
grep -q 'failures="1"' "$junit" || fail "suite failure count wrong"
grep -B1 '<failure' "$junit" | grep -q 'name="alpha_parse"' || fail "the failure is not on alpha_parse"

# Zero crashes, no triage, no campaign.json: passes, says what is missing.
clean=$work/clean
mkdir -p "$clean/solo_fuzzer"
cp "$out/alpha_parse/stats.json" "$clean/solo_fuzzer/stats.json"
"$formfuzz" report --out "$clean" > /dev/null || fail "report on a clean campaign exited $?"
xmllint --noout "$clean/report/index.html" || fail "clean page not well-formed"
grep -q 'failures="0"' "$clean/report/junit.xml" || fail "clean campaign has failures"
grep -q "no stats.csv yet" "$clean/report/index.html" || fail "missing stats.csv not explained"
grep -q "No campaign.json" "$clean/report/index.html" || fail "missing campaign.json not said"

# An empty directory still gives a valid page.
mkdir -p "$work/empty"
"$formfuzz" report --out "$work/empty" > /dev/null || fail "report on an empty dir exited $?"
xmllint --noout "$work/empty/report/index.html" || fail "empty page not well-formed"
# A missing directory is an error with a message.
if "$formfuzz" report --out "$work/nope" 2> "$work/err"; then fail "missing dir accepted"; fi
grep -q "cannot open" "$work/err" || fail "no message for a missing dir"
echo "report_test: ok"
