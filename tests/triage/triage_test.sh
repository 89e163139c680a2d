#!/usr/bin/env bash
# `formfuzz triage` and `formfuzz tmin` on the planted-bug target: two
# different bugs land in two buckets, the same bug reached by different inputs
# lands in one, a non-crashing artifact is reported as unreproducible, re-runs
# are idempotent, newly arrived artifacts clear the "new" marks, tmin output
# still crashes with the same signature, SARIF 2.1.0 has the expected shape,
# --promote writes a SHA-1-named regression, and the report links the buckets.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
target=$2

out=$work/out
art=$out/triage_planted/artifacts
mkdir -p "$art"
printf 'HB\x20abc' > "$art/crash-hb-short"                     # overflow, payload 3 of 32
{ printf 'HB\xff'; head -c 200 /dev/zero | tr '\0' q; } > "$art/crash-hb-long"  # same bug, other input
printf 'IN\x01\x05' > "$art/crash-invariant"                     # invariant planted.balance
printf 'abcd' > "$art/crash-not-a-crash"                         # does not reproduce

"$formfuzz" triage --out "$out" --binary "$target" --attempts 2 > "$work/t1" || fail "triage exited $?"
cat "$work/t1"
idx=$out/triage/index.json
[ "$(jq '.buckets | length' "$idx")" = 2 ] || fail "expected 2 buckets"
hb=$(jq -r '.buckets[] | select(.kind | startswith("heap-buffer-overflow READ")) | .id' "$idx")
inv=$(jq -r '.buckets[] | select(.kind == "INVARIANT planted.balance") | .id' "$idx")
[ -n "$hb" ] && [ -n "$inv" ] || fail "bucket kinds wrong: $(jq -c '[.buckets[].kind]' "$idx")"
[ "$(jq ".buckets[] | select(.id==\"$hb\") | .count" "$idx")" = 2 ] || fail "same bug not in one bucket"
jq -e ".buckets[] | select(.id==\"$hb\") | .signature == \"heap-buffer-overflow READ | planted_sum_payload | planted_parse_header | LLVMFuzzerTestOneInput\"" "$idx" > /dev/null \
  || fail "signature: $(jq -r ".buckets[] | select(.id==\"$hb\") | .signature" "$idx")"
jq -e '[.buckets[] | .new and .stable] | all' "$idx" > /dev/null || fail "first run: buckets should be new and stable"
[ "$(jq '.unreproducible | length' "$idx")" = 1 ] || fail "the non-crash is not listed as unreproducible"
jq -e ".buckets[] | select(.id==\"$hb\") | .smallest_size == 6" "$idx" > /dev/null || fail "smallest input"
for b in "$hb" "$inv"; do
  test -s "$out/triage/$b/report.md" || fail "no report.md for $b"
  grep -q '^## Stack' "$out/triage/$b/report.md" || fail "report.md of $b has no stack"
  grep -q '^00000000  ' "$out/triage/$b/report.md" || fail "report.md of $b has no hex dump"
done
min=$out/triage/$hb/minimized
[ "$(stat -c %s "$min")" -lt 6 ] || fail "minimized input not smaller than 6 bytes"

# SARIF 2.1.0 shape
sarif=$out/triage/results.sarif
jq -e '.version == "2.1.0" and (."$schema" | test("sarif-2.1.0")) and (.runs | length == 1)
       and (.runs[0].tool.driver.name == "formfuzz") and (.runs[0].results | length == 2)
       and ([.runs[0].results[] | (.ruleId | type == "string") and (.message.text | type == "string")
             and (.level == "error" or .level == "warning")
             and (.locations[0].physicalLocation.region.startLine >= 1)
             and (.locations[0].physicalLocation.artifactLocation.uri | endswith("planted.c"))
             and (.partialFingerprints["formfuzzBucket/v1"] | type == "string")] | all)
       and ([.runs[0].results[].ruleId] - [.runs[0].tool.driver.rules[].id] | length == 0)' "$sarif" > /dev/null \
  || fail "SARIF shape"

# Idempotent: a second run over the same artifacts writes the same index.
"$formfuzz" triage --out "$out" --binary "$target" --attempts 2 > "$work/t2" || fail "second triage exited $?"
cp "$idx" "$work/idx1"
"$formfuzz" triage --out "$out" --binary "$target" --attempts 2 > /dev/null
cmp "$work/idx1" "$idx" || fail "re-running triage changed index.json"
jq -e '[.buckets[] | .new] | all' "$idx" > /dev/null || fail "re-run cleared new marks without new artifacts"

# A new artifact of a known bug arrives: nothing is new any more.
printf 'IN\x02\x09zz' > "$art/crash-invariant-2"
"$formfuzz" triage --out "$out" --binary "$target" --attempts 2 > /dev/null
[ "$(jq '.buckets | length' "$idx")" = 2 ] || fail "a known bug made a new bucket"
jq -e '[.buckets[] | .new] | any | not' "$idx" > /dev/null || fail "known buckets still marked new"
[ "$(jq ".buckets[] | select(.id==\"$inv\") | .count" "$idx")" = 2 ] || fail "invariant bucket count"

# tmin: the output crashes with the same signature, and is smaller.
"$formfuzz" tmin "$target" "$art/crash-hb-long" -o "$work/hb.min" > "$work/tmin1" || fail "tmin exited $?"
"$formfuzz" tmin "$target" "$work/hb.min" -o "$work/hb.min2" > "$work/tmin2" || fail "tmin output does not crash"
sig1=$(sed -n 's/^tmin: signature: //p' "$work/tmin1")
sig2=$(sed -n 's/^tmin: signature: //p' "$work/tmin2")
[ -n "$sig1" ] && [ "$sig1" = "$sig2" ] || fail "tmin changed the signature: '$sig1' vs '$sig2'"
[ "$(stat -c %s "$work/hb.min")" -le 3 ] || fail "tmin left $(stat -c %s "$work/hb.min") bytes (expected 3)"
if "$formfuzz" tmin "$target" "$art/crash-not-a-crash" -o "$work/x" 2> /dev/null; then
  fail "tmin accepted an input that does not crash"
fi

# --promote: the minimized input lands SHA-1-named in the regressions dir; twice is a no-op.
reg=$work/regressions/triage_planted
"$formfuzz" triage --out "$out" --promote "$hb" --regressions "$reg" > "$work/p1" || fail "promote exited $?"
name=$(sha1sum < "$min" | cut -d' ' -f1)
cmp "$min" "$reg/$name" || fail "promoted file missing or different"
"$formfuzz" triage --out "$out" --promote "$hb" --regressions "$reg" | grep -q "already there" || fail "second promote"
[ "$(ls "$reg" | wc -l)" = 1 ] || fail "promote wrote extra files"

# The report links the buckets.
"$formfuzz" report --out "$out" --no-plots > /dev/null || fail "report exited $?"
xmllint --noout "$out/report/index.html" || fail "report not well-formed"
grep -q "../triage/$hb/report.md" "$out/report/index.html" || fail "report does not link bucket $hb"
echo "triage_test: ok"
