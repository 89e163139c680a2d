#!/usr/bin/env bash
# Tests of the `formfuzz` command, one case per ctest test (tests/tools/CMakeLists.txt):
#   cli_test.sh help|errors|list|utf8_manifest|bad_manifest|run|replay|campaign_resume
#               |campaign_bandit|campaign_jobs
# Environment: FORMFUZZ (the binary), FORMFUZZ_ROOT (fixture tree),
# FORMFUZZ_BUILD_DIR (where the fixture fuzzers are built), FF_BAD_ROOT,
# FF_UTF8_ROOT, FF_SOURCE_DIR and CMAKE (utf8_manifest),
# FF_TEST_ENGINE (builtin or libfuzzer). Runs use fixed -runs and seeds.
set -u
case_name=$1
work=$(mktemp -d /tmp/ff-cli-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../common/expect.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/expect.sh"

engine=${FF_TEST_ENGINE:-builtin}

case $case_name in
help)
  expect_rc 0 "formfuzz --help" -- "$FORMFUZZ" --help
  for cmd in list run replay campaign cc; do
    expect_rc 0 "$cmd --help" -- "$FORMFUZZ" "$cmd" --help
    expect_in "$work/out" "usage: formfuzz $cmd" "$cmd --help shows its usage"
  done
  expect_rc 0 "--help lists the commands" -- "$FORMFUZZ" --help
  for cmd in list run replay campaign cc; do expect_in "$work/out" "^  $cmd " "--help lists $cmd"; done
  ;;
errors)
  expect_rc 2 "unknown command" -- "$FORMFUZZ" frobnicate
  expect_in "$work/err" "unknown command 'frobnicate'" "unknown command is named"
  expect_rc 2 "no command" -- "$FORMFUZZ"
  expect_rc 2 "unknown option" -- "$FORMFUZZ" list --frob
  expect_in "$work/err" "formfuzz list: unknown option '--frob'" "unknown option is named"
  expect_rc 2 "run without a fuzzer" -- "$FORMFUZZ" run
  expect_in "$work/err" "missing argument" "missing argument is said"
  expect_rc 2 "run with a bad --time" -- "$FORMFUZZ" run tooltest_bytes --time soon
  expect_in "$work/err" "--time expects a number from 0 to [0-9]+, got .soon." "bad number is named with the range"
  expect_rc 2 "run with an unknown engine" -- "$FORMFUZZ" run tooltest_bytes --engine nosuchengine
  expect_in "$work/err" "unknown engine 'nosuchengine'" "unknown engine is named"
  # honggfuzz is a known engine that may not be installed (docs/peers.md);
  # checked where the preset built the fixture's fuzzers
  if [[ $engine =~ ^(builtin|libfuzzer|afl|honggfuzz)$ ]]; then
    expect_rc 3 "run with honggfuzz where it is not installed" -- env HFUZZ_DIR="$work/no-honggfuzz" \
      PATH=/nonexistent "$FORMFUZZ" run tooltest_bytes --engine honggfuzz --runs 1 --no-build
    expect_in "$work/err" "honggfuzz not found \(HFUZZ_DIR=.*no-honggfuzz, and not on PATH\); build it from https://github.com/google/honggfuzz" \
      "missing honggfuzz: where it was looked for and where to get it"
  fi
  expect_rc 2 "run an unknown fuzzer" -- "$FORMFUZZ" run no_such_fuzzer --runs 1
  expect_in "$work/err" "unknown fuzzer 'no_such_fuzzer'; known: tooltest_bytes tooltest_magic" "unknown fuzzer lists the known ones"
  expect_rc 2 "campaign with an unknown fuzzer" -- "$FORMFUZZ" campaign --fuzzers tooltest_bytes,nope --runs 1
  expect_rc 2 "replay a missing file" -- "$FORMFUZZ" replay tooltest_magic /nonexistent/input
  expect_in "$work/err" "no such file or directory: /nonexistent/input" "missing input is named"
  expect_rc 2 "cc without inputs" -- "$FORMFUZZ" cc
  ;;
list)
  expect_rc 0 "list" -- "$FORMFUZZ" list
  expect_in "$work/out" "^FUZZER +COMPONENT +STRATEGY +RISK +MAX_LEN +SEEDS +DICT +DESCRIPTION" "table header"
  expect_in "$work/out" "^tooltest_bytes +tooltest +bytes +3 +64 +1 +no +branches on the first bytes, no bug$" "bytes row"
  expect_in "$work/out" "^tooltest_magic +tooltest +magic +2 +64 +0 +yes +aborts on inputs" "magic row"
  expect_in "$work/out" "^2 fuzzer\(s\)$" "count"
  expect_rc 0 "list --json" -- "$FORMFUZZ" list --json
  tr -d ' \n' <"$work/out" >"$work/flat"
  expect_in "$work/flat" '^\[\{"name":"tooltest_bytes","component":"tooltest","strategy":"bytes","risk":3,"max_len":64,"seeds":1,' "json bytes entry"
  expect_in "$work/flat" '"name":"tooltest_magic".*"dict":"[^"]*/seeds/tooltest_magic.dict"' "json magic dict path"
  expect_in "$work/flat" '\}\]$' "json array closes"
  ;;
utf8_manifest)
  # descriptions with non-ASCII UTF-8 text and a semicolon, read whole by both readers
  expect_rc 0 "ff_read_manifest (CMake) reads UTF-8 descriptions whole" -- "$CMAKE" -DFF_SOURCE_DIR="$FF_SOURCE_DIR" \
    -DMANIFEST="$FF_UTF8_ROOT/components/utf8/fuzzers.tsv" -P "$FF_SOURCE_DIR/tests/tools/manifest_utf8.cmake"
  FORMFUZZ_ROOT=$FF_UTF8_ROOT expect_rc 0 "list with UTF-8 descriptions" -- "$FORMFUZZ" list
  expect_in "$work/out" "^utf8_text +utf8 +text +2 +128 +0 +no +spec §2\.3 résumé — naïve UTF-8 text, ünïcödé ✓$" "list prints the UTF-8 description whole"
  expect_in "$work/out" "^utf8_semi +utf8 +semi +1 +64 +0 +no +before; after$" "list prints the description with a semicolon whole"
  FORMFUZZ_ROOT=$FF_UTF8_ROOT expect_rc 0 "list --json with UTF-8 descriptions" -- "$FORMFUZZ" list --json
  expect_in "$work/out" "\"description\": \"spec §2\.3 résumé — naïve UTF-8 text, ünïcödé ✓\"" "json keeps the UTF-8 description"
  ;;
bad_manifest)
  FORMFUZZ_ROOT=$FF_BAD_ROOT expect_rc 3 "list with a malformed manifest" -- "$FORMFUZZ" list
  expect_in "$work/err" "components/broken/fuzzers.tsv:3: malformed manifest line: risk must be 1..5, got 'high'" "error names file:line and the reason"
  ;;
run)
  out=$work/out-dir
  expect_rc 0 "run tooltest_bytes --runs 3000" -- "$FORMFUZZ" run tooltest_bytes --engine "$engine" --runs 3000 --seed 1 --out "$out"
  expect_in "$work/out" "^  execs +[0-9]+" "result shows execs"
  expect_in "$work/out" "crashes +0 new" "no crash in a bug-free fuzzer"
  d=$out/tooltest_bytes
  [ "$(ls "$d/corpus" | wc -l)" -ge 2 ] && ok "corpus grew" || fail "corpus did not grow: $(ls "$d/corpus")"
  for f in stats.json stats.csv fuzzer.log; do [ -s "$d/$f" ] && ok "$f written" || fail "$f missing"; done
  expect_in "$d/stats.json" '"execs":[1-9]' "stats.json counts executions"
  expect_in "$d/stats.csv" "^unix_time,elapsed_s,execs,exec_per_sec,edges,features,corpus_size,corpus_bytes,crashes,timeouts,rss_mb$" "stats.csv header"
  expect_in "$d/fuzzer.log" "starting $engine: .*-max_len=64 .*-runs=3000 .*-seed=1 .*$d/corpus" "engine command line logged"
  expect_rc 1 "run tooltest_magic finds the crash" -- "$FORMFUZZ" run tooltest_magic --engine "$engine" --runs 100000 --seed 1 --out "$out"
  expect_in "$work/out" "crashes +1 new" "one crash reported"
  expect_in "$work/out" "^    $out/tooltest_magic/artifacts/crash-[0-9a-f]{40}$" "artifact path printed"
  expect_in "$out/tooltest_magic/fuzzer.log" "-dict=.*tooltest_magic.dict" "dictionary passed"
  ;;
replay)
  out=$work/out-dir
  expect_rc 0 "replay regressions only (nothing crashes)" -- "$FORMFUZZ" replay tooltest_magic --out "$out"
  expect_in "$work/out" "^OK +.*regressions/tooltest_magic/near-miss$" "regression OK"
  expect_in "$work/out" "replayed 1 input\(s\) .*: 1 OK, 0 failed" "summary"
  mkdir -p "$out/tooltest_magic/artifacts"
  printf 'BOOM!' >"$out/tooltest_magic/artifacts/crash-manual"
  expect_rc 1 "replay with a crashing artifact" -- "$FORMFUZZ" replay tooltest_magic --out "$out"
  expect_in "$work/out" "^CRASH +$out/tooltest_magic/artifacts/crash-manual" "artifact reported as CRASH"
  expect_in "$work/out" "replayed 2 input\(s\) .*: 1 OK, 1 failed" "summary counts the crash"
  printf 'safe' >"$work/one"; mkdir "$work/dir"; printf 'BOOMx' >"$work/dir/a"; printf 'xx' >"$work/dir/b"
  expect_rc 1 "replay explicit file and directory" -- "$FORMFUZZ" replay tooltest_magic "$work/one" "$work/dir"
  expect_in "$work/out" "replayed 3 input\(s\) .*: 2 OK, 1 failed" "files and directories expanded"
  ;;
campaign_resume)
  out=$work/out-dir
  expect_rc 0 "first campaign" -- "$FORMFUZZ" campaign --engine "$engine" --runs 20000 --slice 10000 --seed 1 --jobs 2 --fuzzers tooltest_bytes,tooltest_magic --out "$out"
  expect_in "$work/out" "^FUZZER +EXECS +EXEC/S +CPU_S +EDGES +CORPUS +CRASHES +ARTIFACTS$" "summary table header"
  expect_in "$work/out" "^tooltest_magic +[0-9]+ .* [1-9][0-9]* +crash-[0-9a-f]{40}" "the magic crash is in the table"
  expect_in "$work/out" "^2 fuzzer\(s\), [0-9]+ executions, [1-9][0-9]* crash" "totals line"
  tr -d ' \n' <"$out/campaign.json" >"$work/c1"
  expect_in "$work/c1" '"engine":"'"$engine"'"' "campaign.json engine"
  expect_in "$work/c1" '"fuzzers":\[\{"name":"tooltest_bytes","execs":[1-9][0-9]*,' "campaign.json bytes entry"
  expect_in "$work/c1" '"name":"tooltest_magic".*"crashes":[1-9].*"artifacts":\["[^"]*/artifacts/crash-' "campaign.json magic artifacts"
  expect_in "$work/c1" '"restarts":[0-9]+,"time_s":[0-9.]+,"cpu_s":' "campaign.json restarts, time and CPU"
  first=$(ls "$out/tooltest_bytes/corpus" | sort)
  [ -n "$first" ] && ok "first campaign left a corpus" || fail "no corpus after the first campaign"
  rows1=$(grep -c '^[0-9]' "$out/tooltest_bytes/stats.csv")
  expect_rc 0 "second campaign" -- "$FORMFUZZ" campaign --engine "$engine" --runs 20000 --slice 10000 --seed 2 --fuzzers tooltest_bytes --out "$out"
  missing=$(comm -23 <(echo "$first") <(ls "$out/tooltest_bytes/corpus" | sort))
  [ -z "$missing" ] && ok "second campaign kept the first corpus" || fail "corpus entries lost: $missing"
  starts=$(grep -c "starting $engine: .*$out/tooltest_bytes/corpus" "$out/tooltest_bytes/fuzzer.log")
  all_starts=$(grep -c "starting $engine: " "$out/tooltest_bytes/fuzzer.log")
  [ "$starts" -ge 2 ] && [ "$starts" -eq "$all_starts" ] && ok "both campaigns fuzzed from the same corpus directory ($starts slices)" || fail "$starts of $all_starts starts on the corpus"
  rows2=$(grep -c '^[0-9]' "$out/tooltest_bytes/stats.csv")
  [ "$rows2" -gt "$rows1" ] && ok "stats.csv continued ($rows1 -> $rows2 rows)" || fail "stats.csv rows $rows1 -> $rows2"
  tr -d ' \n' <"$out/campaign.json" >"$work/c2"
  e1=$(grep -oE '"execs":[0-9]+' "$work/c2" | head -1 | cut -d: -f2)
  t2=$(grep -oE '"execs_total":[0-9]+' "$work/c2" | head -1 | cut -d: -f2)
  [ "$t2" -gt "$e1" ] && ok "cumulative executions continue ($e1 this campaign, $t2 in all)" || fail "execs_total $t2 not above this campaign's $e1"
  last=$(grep -E '^[0-9]' "$out/tooltest_bytes/stats.csv" | tail -1 | cut -d, -f3)
  [ "$last" -ge "$t2" ] && ok "stats.csv execs are cumulative ($last)" || fail "last csv execs $last < $t2"
  ;;
campaign_bandit)
  # the same --seed and --runs give the same decisions: the same slices per
  # fuzzer, in the same rounds (each slice's engine seed names its round; a
  # restart after a crash keeps its slice's seed and is not compared, as the
  # engine's own crash point may vary)
  fuzzers=tooltest_bytes,tooltest_magic
  for k in a b; do
    expect_rc 0 "bandit campaign $k" -- "$FORMFUZZ" campaign --engine "$engine" --runs 8000 --slice 2000 --seed 3 --jobs 1 --fuzzers $fuzzers --out "$work/$k"
    for f in tooltest_bytes tooltest_magic; do
      grep -o "starting $engine: .*" "$work/$k/$f/fuzzer.log" | grep -oE -- ' -seed=[0-9]+' | uniq | tr -d '\n' >"$work/$k.$f"
    done
    tr -d ' \n' <"$work/$k/campaign.json" >"$work/$k.json"
  done
  expect_in "$work/a.json" '"jobs":1,"schedule":"bandit","slice":2000' "campaign.json: schedule and slice (--slice 2000)"
  slices_of() { grep -oE "\"name\":\"$2\"[^}]*\"slices\":[0-9]+" "$1" | grep -oE '[0-9]+$'; }
  sb=$(slices_of "$work/a.json" tooltest_bytes); sm=$(slices_of "$work/a.json" tooltest_magic)
  [ $((sb + sm)) -eq 8 ] && ok "8 slices of 2000 executions shared ($sb bytes, $sm magic)" || fail "slices $sb + $sm, wanted 8"
  [ "$sb" -ge 1 ] && [ "$sm" -ge 1 ] && ok "each fuzzer got slices" || fail "a fuzzer starved: $sb, $sm"
  eb=$(grep -oE '"name":"tooltest_bytes","execs":[0-9]+' "$work/a.json" | grep -oE '[0-9]+$')
  [ "$eb" -eq $((sb * 2000)) ] && ok "tooltest_bytes ran exactly its slices' executions ($eb)" || fail "tooltest_bytes: $eb executions for $sb slices"
  expect_in "$work/a.json" '"name":"tooltest_magic"[^}]*"first_crash_s":[0-9.]+,"first_crash_execs":[0-9]+' "the first crash's time and executions"
  [ "$(slices_of "$work/b.json" tooltest_bytes)" = "$sb" ] && ok "same slices for the same seed" || fail "slices differ between equal seeds"
  for f in tooltest_bytes tooltest_magic; do
    if [ -s "$work/a.$f" ] && cmp -s "$work/a.$f" "$work/b.$f"; then ok "$f: the same rounds for the same seed"
    else fail "$f: processes differ: $(cat "$work/a.$f") / $(cat "$work/b.$f")"; fi
  done
  grep -oE -- '-seed=[0-9]+' "$work/a.tooltest_bytes" | sort -u | wc -l >"$work/seeds"
  [ "$(cat "$work/seeds")" -eq "$sb" ] && ok "every slice has its own engine seed" || fail "$(cat "$work/seeds") seeds for $sb slices"
  expect_rc 0 "equal schedule" -- "$FORMFUZZ" campaign --engine "$engine" --schedule equal --runs 2000 --seed 3 --fuzzers tooltest_bytes --out "$work/eq"
  tr -d ' \n' <"$work/eq/campaign.json" >"$work/eq.json"
  expect_in "$work/eq.json" '"schedule":"equal","interrupted"' "campaign.json says equal (no slice)"
  [ "$(grep -c "starting $engine: " "$work/eq/tooltest_bytes/fuzzer.log")" -eq 1 ] && ok "equal: one process for the share" || fail "equal: several processes"
  # one fuzzer, two workers (the default --jobs): both fuzz it, no worker idles
  grep -q "starting $engine: .* -jobs=2 -workers=2 " "$work/eq/tooltest_bytes/fuzzer.log" \
    && ok "equal: the only fuzzer gets both workers" || fail "equal: one fuzzer left a worker idle"
  expect_in "$work/eq.json" '"name":"tooltest_bytes","execs":2000,' "equal: the two workers ran the 2000 executions of the share"
  expect_rc 2 "unknown schedule" -- "$FORMFUZZ" campaign --schedule fair --runs 10
  expect_in "$work/err" "unknown schedule 'fair' \(bandit or equal\)" "unknown schedule message"
  ;;
campaign_jobs)
  # two workers on one fuzzer: one session with two engine jobs on its one
  # corpus directory; the corpus holds what both found
  out=$work/jobs
  expect_rc 0 "two workers" -- "$FORMFUZZ" campaign --engine "$engine" --runs 6000 --seed 5 --jobs 2 --fuzzers tooltest_bytes --out "$out"
  log=$out/tooltest_bytes/fuzzer.log
  starts=$(grep -c "starting $engine: " "$log")
  shared=$(grep -c "starting $engine: .* -jobs=2 -workers=2 .*$out/tooltest_bytes/corpus" "$log")
  [ "$starts" -eq 2 ] && [ "$shared" -eq 2 ] && ok "2 rounds, each two jobs on the corpus directory" || fail "$shared of $starts starts with -jobs=2 on the corpus"
  for n in 0 1; do
    expect_in "$out/tooltest_bytes/fuzz-$n.log" "^#1500	DONE" "job $n ran its 1500 executions of the last slice"
  done
  s0=$(grep -oE 'INFO: Seed: [0-9]+' "$out/tooltest_bytes/fuzz-0.log" | grep -oE '[0-9]+')
  s1=$(grep -oE 'INFO: Seed: [0-9]+' "$out/tooltest_bytes/fuzz-1.log" | grep -oE '[0-9]+')
  [ "$s1" = "$((s0 + 1))" ] && ok "the jobs have seeds $s0 and $s1" || fail "job seeds $s0, $s1"
  tr -d ' \n' <"$out/campaign.json" >"$work/j.json"
  expect_in "$work/j.json" '"name":"tooltest_bytes","execs":6000,' "both jobs' executions counted (6000)"
  expect_in "$work/j.json" '"slices":4' "4 worker-slices (slices of 6000 / 4)"
  "$FORMFUZZ_BUILD_DIR/fuzzers/tooltest_bytes" -runs=0 "$out/tooltest_bytes/corpus" >"$work/replay.log" 2>&1
  cov=$(grep -oE 'cov: [0-9]+' "$work/replay.log" | tail -1 | grep -oE '[0-9]+')
  for n in 0 1; do
    own=$(grep -oE 'cov: [0-9]+' "$out/tooltest_bytes/fuzz-$n.log" | tail -1 | grep -oE '[0-9]+')
    [ "${cov:-0}" -ge "${own:-1}" ] && ok "the corpus covers job $n's edges ($cov >= $own)" || fail "corpus cov $cov < job $n's $own"
  done
  # a later, smaller slice: the previous slice's job statistics must not be
  # added to the new session's numbers (stats.csv stays cumulative, never drops)
  expect_rc 0 "a second campaign, smaller slices" -- "$FORMFUZZ" campaign --engine "$engine" --runs 1000 --seed 6 --jobs 2 --fuzzers tooltest_bytes --out "$out"
  drops=$(grep -E '^[0-9]' "$out/tooltest_bytes/stats.csv" | cut -d, -f3 | awk 'NR > 1 && $1 < last { d++ } { last = $1 } END { print d + 0 }')
  [ "$drops" -eq 0 ] && ok "stats.csv executions never drop" || fail "stats.csv executions drop $drops time(s)"
  last=$(grep -E '^[0-9]' "$out/tooltest_bytes/stats.csv" | tail -1 | cut -d, -f3)
  [ "$last" -eq 7000 ] && ok "cumulative executions 6000 + 1000" || fail "cumulative executions $last, wanted 7000"
  ;;
*)
  echo "unknown case $case_name"; exit 2 ;;
esac

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all ok"
