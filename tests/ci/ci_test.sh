#!/usr/bin/env bash
# Tests of the CI commands (tests/ci/CMakeLists.txt), one case per ctest test:
#   ci_test.sh affected|precommit|hooks|known|corpus_diff|yamllint
# Environment: FORMFUZZ (the binary), FF_SOURCE_DIR (the source tree: the real
# manifests for the sample diff, scripts/, the workflows), FF_FIXTURE_ROOT and
# FORMFUZZ_BUILD_DIR (the tooltest fixture fuzzers, for precommit).
# Runs use fixed --runs and seeds, never seconds.
set -u
case_name=$1
work=$(mktemp -d /tmp/ff-ci-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=../common/expect.sh
. "$(dirname "${BASH_SOURCE[0]}")/../common/expect.sh"
expect_not_in() { # FILE PATTERN DESCRIPTION
  if grep -qE -- "$2" "$1"; then fail "$3: /$2/ in $1:"; cat "$1"; else ok "$3"; fi
}
expect_out() { # WANT DESCRIPTION: stdout of the last command is exactly WANT
  local got; got=$(cat "$work/out")
  if [ "$got" = "$1" ]; then ok "$2"; else fail "$2: got [$got], wanted [$1]"; fi
}

# A source tree with components alpha (two fuzzers), beta (one) and docsonly (none).
make_tree() {
  local t=$1
  mkdir -p "$t/components/alpha/fuzz" "$t/components/beta" "$t/components/docsonly" "$t/core" "$t/tools"
  echo '{}' >"$t/CMakePresets.json"
  printf '# name strategy risk max_len description\nalpha_two two 2 64 second\nalpha_one one 3 64 first\n' \
    >"$t/components/alpha/fuzzers.tsv"
  printf 'beta_x x 1 64 only\n' >"$t/components/beta/fuzzers.tsv"
  for f in components/alpha/a.c components/beta/b.c components/docsonly/d.c core/input.c tools/t.c; do
    echo "int x;" >"$t/$f"
  done
}

case $case_name in
affected)
  tree=$work/tree; make_tree "$tree"
  export FORMFUZZ_ROOT=$tree
  expect_rc 0 "affected --help" -- "$FORMFUZZ" affected --help
  expect_in "$work/out" "usage: formfuzz affected" "help shows the usage"
  expect_rc 0 "a component's file" -- "$FORMFUZZ" affected components/beta/parse.c docs/x.md
  expect_out "beta_x" "components/beta/... selects beta's fuzzer only"
  expect_rc 0 "docs, tools and Markdown in a component" -- "$FORMFUZZ" affected components/alpha/README.md tools/cmd_run.c docs/ci.md .github/workflows/pr.yml
  expect_out "" "nothing selected"
  expect_rc 0 "shared code" -- "$FORMFUZZ" affected core/input.c
  expect_out $'alpha_one\nalpha_two\nbeta_x' "core/ selects every fuzzer, sorted"
  for shared in engine/mutator.c util/fileio.c include/formfuzz/fuzz.h cmake/formfuzz.cmake CMakeLists.txt CMakePresets.json; do
    expect_rc 0 "shared: $shared" -- "$FORMFUZZ" affected "$shared"
    expect_out $'alpha_one\nalpha_two\nbeta_x' "$shared selects every fuzzer"
  done
  expect_rc 0 "./ prefix, absolute path, component without fuzzers" -- "$FORMFUZZ" affected ./components/alpha/fuzz/one.c "$tree/components/docsonly/d.c"
  expect_out $'alpha_one\nalpha_two' "alpha's two fuzzers"
  expect_rc 0 "--comma" -- "$FORMFUZZ" affected --comma components/alpha/x.c components/beta/y.c
  expect_out "alpha_one,alpha_two,beta_x" "comma-separated"
  expect_rc 2 "--base and FILES" -- "$FORMFUZZ" affected --base main core/x.c
  # the change from git: working tree against HEAD, and since the merge base
  git -C "$tree" init -q -b main && git -C "$tree" -c user.name=t -c user.email=t@t add -A &&
    git -C "$tree" -c user.name=t -c user.email=t@t commit -qm base || fail "git setup"
  expect_rc 0 "clean checkout" -- "$FORMFUZZ" affected
  expect_out "" "no change, no fuzzer"
  git -C "$tree" checkout -q -b topic
  echo "int y;" >>"$tree/components/alpha/a.c"
  git -C "$tree" -c user.name=t -c user.email=t@t commit -qam alpha
  echo "int z;" >>"$tree/components/beta/b.c"
  expect_rc 0 "unstaged change" -- "$FORMFUZZ" affected
  expect_out "beta_x" "working tree against HEAD"
  git -C "$tree" add components/beta/b.c
  expect_rc 0 "staged change" -- "$FORMFUZZ" affected
  expect_out "beta_x" "staged change against HEAD"
  expect_rc 0 "--base main" -- "$FORMFUZZ" affected --base main
  expect_out $'alpha_one\nalpha_two\nbeta_x' "commits since the merge base plus the working tree"
  git -C "$tree" reset -q --hard
  git -C "$tree" mv components/alpha/a.c tools/a.c
  expect_rc 0 "rename out of a component" -- "$FORMFUZZ" affected
  expect_out $'alpha_one\nalpha_two' "the old name counts"
  expect_rc 3 "unknown base" -- "$FORMFUZZ" affected --base no-such-rev
  expect_in "$work/err" "formfuzz affected: git merge-base failed" "git's failure is named"
  # the sample diff on the real manifests: econ's file -> econ's fuzzers, exactly
  export FORMFUZZ_ROOT=$FF_SOURCE_DIR
  want=$(awk '!/^#/ && NF {print $1}' "$FF_SOURCE_DIR/components/econ/fuzzers.tsv" | sort | paste -sd,)
  expect_rc 0 "real tree: econ and docs" -- "$FORMFUZZ" affected --comma components/econ/api.c docs/ci.md
  expect_out "$want" "econ's fuzzers ($want)"
  all=$(cat "$FF_SOURCE_DIR"/components/*/fuzzers.tsv | awk '!/^#/ && NF {print $1}' | sort | paste -sd,)
  expect_rc 0 "real tree: engine" -- "$FORMFUZZ" affected --comma engine/mutator.c
  expect_out "$all" "every fuzzer of the real tree"
  ;;
precommit)
  export FORMFUZZ_ROOT=$FF_FIXTURE_ROOT
  expect_rc 0 "precommit --help" -- "$FORMFUZZ" precommit --help
  expect_in "$work/out" "usage: formfuzz precommit" "help shows the usage"
  expect_rc 2 "--fuzzers and --base" -- "$FORMFUZZ" precommit --fuzzers tooltest_bytes --base main
  expect_rc 2 "unknown fuzzer" -- "$FORMFUZZ" precommit --fuzzers nope --runs 10
  expect_rc 0 "clean smoke run" -- "$FORMFUZZ" precommit --fuzzers tooltest_bytes --runs 2000 --seed 1 --out "$work/o1"
  expect_in "$work/out" "^precommit: regressions of 0 fuzzer\(s\) replayed, 0 failing$" "bytes has no regressions"
  expect_in "$work/out" "^precommit: smoke run of tooltest_bytes: no crash$" "smoke run without a crash"
  expect_in "$work/out" "^precommit: passed$" "passed"
  : >"$work/known-empty.tsv"
  expect_rc 1 "a new crash bucket fails" -- "$FORMFUZZ" precommit --fuzzers tooltest_magic --runs 600 --seed 1 --out "$work/o2" --known "$work/known-empty.tsv"
  expect_in "$work/out" "^OK +.*regressions/tooltest_magic/near-miss$" "the regression is replayed"
  expect_in "$work/out" "^precommit: NEW bucket [0-9a-f]{12} tooltest_magic: " "the new bucket is named"
  expect_in "$work/out" "^precommit: 1 new crash bucket\(s\) not in the known crashes" "counted"
  expect_in "$work/out" "^precommit: FAILED$" "failed"
  id=$(grep -oE 'NEW bucket [0-9a-f]{12}' "$work/out" | awk '{print $3}')
  printf '# bucket  issue\n%s  https://issues.example/formfuzz/7  abort on BOOM\n' "$id" >"$work/known.tsv"
  expect_rc 0 "the same crash, filed, passes" -- "$FORMFUZZ" precommit --fuzzers tooltest_magic --runs 600 --seed 1 --out "$work/o3" --known "$work/known.tsv"
  expect_in "$work/out" "^precommit: known bucket $id tooltest_magic: https://issues.example/formfuzz/7$" "shown as known with its link"
  expect_in "$work/out" "^precommit: 0 new crash bucket" "no new bucket"
  printf 'xyz https://x\n' >"$work/bad.tsv"
  expect_rc 3 "malformed known crashes" -- "$FORMFUZZ" precommit --fuzzers tooltest_magic --runs 600 --seed 1 --out "$work/o4" --known "$work/bad.tsv"
  if [ -e "$work/o4" ]; then fail "it fuzzed before reading the known crashes"; else ok "refused before any run"; fi
  expect_in "$work/err" "bad.tsv:1: the bucket id is not 4 to 40 hex digits" "the bad line is named"
  # a crashing regression fails before any fuzzing
  cp -r "$FF_FIXTURE_ROOT" "$work/fx"
  printf 'BOOM!' >"$work/fx/components/tooltest/regressions/tooltest_magic/boom"
  FORMFUZZ_ROOT=$work/fx expect_rc 1 "a crashing regression fails" -- "$FORMFUZZ" precommit --fuzzers tooltest_magic --time 0
  expect_in "$work/out" "^CRASH +.*regressions/tooltest_magic/boom" "the regression is named"
  expect_in "$work/out" "^precommit: regressions of 1 fuzzer\(s\) replayed, 1 failing$" "counted"
  expect_in "$work/out" "^precommit: no smoke run \(no budget\)$" "no budget, no smoke run"
  # the change from git: a tools/ file touches no fuzzer
  rm "$work/fx/components/tooltest/regressions/tooltest_magic/boom"
  mkdir -p "$work/fx/tools" && echo "int t;" >"$work/fx/tools/t.c" && echo '{}' >"$work/fx/CMakePresets.json"
  git -C "$work/fx" init -q -b main && git -C "$work/fx" add -A &&
    git -C "$work/fx" -c user.name=t -c user.email=t@t commit -qm base || fail "git setup"
  echo "int u;" >>"$work/fx/tools/t.c"
  pushd "$work/fx" >/dev/null
  expect_rc 0 "a change outside the components" -- env -u FORMFUZZ_ROOT "$FORMFUZZ" precommit --runs 100
  popd >/dev/null
  expect_in "$work/out" "^precommit: 1 changed file\(s\), 0 fuzzer\(s\) affected$" "the changed file is seen"
  expect_in "$work/out" "^precommit: regressions of 1 fuzzer\(s\) replayed, 0 failing$" "every regression replayed"
  expect_in "$work/out" "^precommit: no smoke run \(no fuzzer affected\)$" "no fuzzer affected"
  # a change in the component: both of its fuzzers get the smoke run (magic's crash is filed)
  echo "/* touched */" >>"$work/fx/components/tooltest/fuzz/bytes.c"
  pushd "$work/fx" >/dev/null
  expect_rc 0 "a change in a component" -- env -u FORMFUZZ_ROOT "$FORMFUZZ" precommit --runs 200 --seed 1 --no-replay --known "$work/known.tsv" --out "$work/o5"
  popd >/dev/null
  expect_in "$work/out" "^precommit: 2 changed file\(s\), 2 fuzzer\(s\) affected$" "the component's two fuzzers"
  expect_not_in "$work/out" "^precommit: regressions" "--no-replay"
  expect_in "$work/out" "^tooltest_bytes +[0-9]+ " "bytes fuzzed"
  expect_in "$work/out" "^tooltest_magic +[0-9]+ " "magic fuzzed"
  ;;
hooks)
  repo=$work/repo
  git init -q "$repo"
  expect_rc 0 "install into a checkout" -- bash "$FF_SOURCE_DIR/scripts/install-hooks.sh" "$repo"
  hook=$repo/.git/hooks/pre-commit
  if [ -x "$hook" ] && cmp -s "$hook" "$FF_SOURCE_DIR/scripts/pre-commit.hook"; then ok "hook installed, executable"; else fail "hook not installed"; fi
  expect_rc 0 "again" -- bash "$FF_SOURCE_DIR/scripts/install-hooks.sh" "$repo"
  expect_in "$work/out" "already installed" "a no-op the second time"
  printf '#!/bin/sh\necho mine\n' >"$hook"
  expect_rc 1 "another hook is there" -- bash "$FF_SOURCE_DIR/scripts/install-hooks.sh" "$repo"
  expect_in "$work/err" "exists and is not formfuzz's; leaving it as it is" "refuses with a message"
  if grep -q "echo mine" "$hook"; then ok "the other hook is untouched"; else fail "the other hook was overwritten"; fi
  expect_rc 2 "not a checkout" -- bash "$FF_SOURCE_DIR/scripts/install-hooks.sh" "$work/nothing"
  ;;
yamllint)
  command -v yamllint >/dev/null || { fail "yamllint is not installed (scripts/setup.sh installs it)"; exit 1; }
  cd "$FF_SOURCE_DIR" || exit 1
  files=(.github/workflows/*.yml .pre-commit-hooks.yaml .yamllint)
  [ "${#files[@]}" -ge 6 ] || fail "expected 5 workflows and the hook file, found ${files[*]}"
  expect_rc 0 "yamllint --strict on the workflows and hooks" -- yamllint --strict -c .yamllint "${files[@]}"
  printf 'on:\n  push:\njobs:\n  a:\n   runs-on: x\n    steps: []\n' >"$work/bad.yml"
  expect_rc 1 "yamllint refuses a broken workflow" -- yamllint --strict -c .yamllint "$work/bad.yml"
  # the workflows run the project's own commands
  expect_in .github/workflows/pr-fuzz.yml 'formfuzz precommit --base "origin/\$GITHUB_BASE_REF" --time 300' "PR: regressions + 5 minutes on the affected fuzzers"
  expect_in .github/workflows/pr-fuzz.yml 'formfuzz affected --comma --base' "PR: the affected fuzzers by the shared rule"
  expect_in .github/workflows/nightly-fuzz.yml 'formfuzz campaign --time' "nightly: campaign"
  expect_in .github/workflows/nightly-fuzz.yml 'formfuzz report --out out --fail-on-new' "nightly: report failing on new buckets"
  expect_in .github/workflows/nightly-fuzz.yml 'actions/cache/restore@' "nightly: corpus cache restored"
  expect_in .github/workflows/nightly-fuzz.yml 'formfuzz corpus minimize' "nightly: weekly minimization"
  for mode in code-change batch prune coverage; do
    expect_in <(cat .github/workflows/cflite-*.yml) "mode: $mode" "ClusterFuzzLite $mode"
  done
  expect_in .pre-commit-hooks.yaml 'entry: formfuzz precommit' "pre-commit framework hook"
  ;;
known)
  # a crafted campaign (tests/report/synthetic_campaign.sh) with three buckets:
  # alpha's new one, beta's new one and alpha's older one
  source "$FF_SOURCE_DIR/tests/report/synthetic_campaign.sh"
  out=$work/camp
  synthetic_campaign "$out" >/dev/null
  cat >"$out/triage/index.json" <<'J'
{"version":1,"buckets":[
 {"id":"0123456789ab","fuzzer":"alpha_parse","kind":"heap-buffer-overflow","title":"overflow in parse_header",
  "severity":"high","new":true,"stable":true,"count":2},
 {"id":"aaaabbbbcccc","fuzzer":"alpha_parse","kind":"abort","title":"abort in check","severity":"medium",
  "new":false,"stable":true,"count":1},
 {"id":"fedcba987654","fuzzer":"beta_state","kind":"oracle","title":"state mismatch","severity":"medium",
  "new":true,"stable":false,"count":5}],"unreproducible":[]}
J
  : >"$work/none.tsv"
  expect_rc 0 "report without filed buckets" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/none.tsv"
  sed -n '/^crash buckets not filed/,/^crash buckets already filed/p' "$work/out" >"$work/listed"
  printf '%s\n' "crash buckets not filed: 3 (2 new)" \
    "  0123456789ab alpha_parse NEW [high] overflow in parse_header: $out/triage/0123456789ab/report.md" \
    "  aaaabbbbcccc alpha_parse [medium] abort in check: $out/triage/aaaabbbbcccc/report.md" \
    "  fedcba987654 beta_state NEW [medium] state mismatch: $out/triage/fedcba987654/report.md" \
    "crash buckets already filed (known): 0" >"$work/want"
  if cmp -s "$work/want" "$work/listed"; then ok "every bucket listed as not filed"; else fail "listing:"; diff "$work/want" "$work/listed"; fi
  [ "$(grep -c '<failure type="new-crash-bucket"' "$out/report/junit.xml")" = 2 ] && ok "JUnit fails alpha and beta" || fail "JUnit failures: $(grep -c '<failure ' "$out/report/junit.xml")"
  expect_rc 1 "--fail-on-new with new unfiled buckets" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/none.tsv" --fail-on-new
  printf '# filed\n0123456789AB\thttps://issues.example/formfuzz/12\toverflow\n' >"$work/known.tsv"
  expect_rc 0 "report with alpha's new bucket filed" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/known.tsv"
  sed -n '/^crash buckets not filed/,$p' "$work/out" | grep -v '^/' >"$work/listed"
  printf '%s\n' "crash buckets not filed: 2 (1 new)" \
    "  aaaabbbbcccc alpha_parse [medium] abort in check: $out/triage/aaaabbbbcccc/report.md" \
    "  fedcba987654 beta_state NEW [medium] state mismatch: $out/triage/fedcba987654/report.md" \
    "crash buckets already filed (known): 1" \
    "  0123456789ab alpha_parse overflow in parse_header: https://issues.example/formfuzz/12" >"$work/want"
  if cmp -s "$work/want" "$work/listed"; then ok "the filed bucket listed apart with its link"; else fail "listing:"; diff "$work/want" "$work/listed"; fi
  [ "$(grep -c '<failure type="new-crash-bucket"' "$out/report/junit.xml")" = 1 ] && ok "JUnit fails beta only" || fail "JUnit failures: $(grep -c '<failure ' "$out/report/junit.xml")"
  expect_in "$out/report/junit.xml" 'message="1 new crash bucket' "one new bucket in JUnit"
  expect_in "$out/report/index.html" 'Already filed' "the page has the filed table"
  expect_in "$out/report/index.html" '<a href="https://issues.example/formfuzz/12">' "the page links the issue"
  expect_in "$out/report/index.html" '3 crash bucket\(s\), 1 new and not filed, 1 already filed' "the page's summary counts"
  xmllint --noout "$out/report/index.html" && ok "page well-formed" || fail "page not well-formed"
  printf '0123456789ab\thttps://issues.example/formfuzz/12\n' >"$work/known2.tsv"
  printf 'fedcba987654 https://issues.example/formfuzz/13\n' >>"$work/known2.tsv"
  expect_rc 0 "--fail-on-new when every new bucket is filed" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/known2.tsv" --fail-on-new
  printf 'fedcba987654\n' >"$work/bad.tsv"
  expect_rc 3 "a line without a link" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/bad.tsv"
  expect_in "$work/err" "bad.tsv:1: no issue link after the bucket id" "the bad line is named"
  expect_rc 3 "a missing --known file" -- "$FORMFUZZ" report --out "$out" --no-plots --known "$work/nope.tsv"
  ;;
corpus_diff)
  a=$work/A b=$work/B
  mkdir -p "$a" "$b"
  printf one >"$a/x1"; printf two >"$a/x2"; printf two >"$a/x2-copy"; printf gone >"$a/old"
  printf one >"$b/renamed"; printf two >"$b/x2"; printf three >"$b/n3"; printf BOOX >"$b/n4"
  sha() { printf %s "$1" | sha1sum | cut -d' ' -f1; }
  # the set hash: SHA-1 of the sorted entry hashes, one per line
  set_hash() { local x; for x in "$@"; do sha "$x"; done | sort | sha1sum | cut -d' ' -f1; }
  expect_rc 0 "corpus diff" -- "$FORMFUZZ" corpus diff "$a" "$b"
  printf '%s\n' "A $a: 3 entries, set $(set_hash one two gone)" \
    "B $b: 4 entries, set $(set_hash one two three BOOX)" \
    "added 2, removed 1, in both 2" \
    "+ n3  5 bytes  $(sha three)" "+ n4  4 bytes  $(sha BOOX)" "- old  4 bytes  $(sha gone)" >"$work/want"
  if cmp -s "$work/want" "$work/out"; then ok "exact diff output"; else fail "diff output:"; diff "$work/want" "$work/out"; fi
  mkdir -p "$work/C"; printf two >"$work/C/a"; printf one >"$work/C/b"
  expect_rc 0 "same contents, other names" -- "$FORMFUZZ" corpus diff "$b" "$work/C"
  expect_in "$work/out" "^added 0, removed 2, in both 2$" "only contents count"
  expect_rc 0 "a set against itself renamed" -- "$FORMFUZZ" corpus diff "$work/C" "$work/C"
  expect_in "$work/out" "^added 0, removed 0, in both 2 \(same set\)$" "same set"
  mkdir -p "$work/E"
  expect_rc 0 "empty set" -- "$FORMFUZZ" corpus diff "$work/E" "$work/C"
  expect_in "$work/out" "^A $work/E: 0 entries, set da39a3ee5e6b4b0d3255bfef95601890afd80709$" "the empty set's hash"
  expect_rc 2 "not a directory" -- "$FORMFUZZ" corpus diff "$a" "$work/none"
  expect_in "$work/err" "not a directory: $work/none" "named"
  expect_rc 2 "one directory only" -- "$FORMFUZZ" corpus diff "$a"
  ;;
campaign_corpus)
  # campaign.json records the corpus set each campaign started from; corpus diff
  # of the corpus before and after a campaign, with features from the fuzzer
  export FORMFUZZ_ROOT=$FF_FIXTURE_ROOT
  out=$work/camp
  expect_rc 0 "first campaign" -- "$FORMFUZZ" campaign --fuzzers tooltest_bytes --runs 500 --seed 1 --out "$out"
  expect_in "$out/campaign.json" '"corpus_start_sha1": "da39a3ee5e6b4b0d3255bfef95601890afd80709"' "started from the empty corpus"
  expect_in "$out/campaign.json" '"corpus_start_entries": 0' "no entries at the start"
  cp -r "$out/tooltest_bytes/corpus" "$work/before"
  expect_rc 0 "the corpus it ended with" -- "$FORMFUZZ" corpus diff "$work/before" "$work/before"
  start=$(sed -n 's/^A .*, set \([0-9a-f]*\)$/\1/p' "$work/out")
  entries=$(sed -n 's/^A .*: \([0-9]*\) entries, .*/\1/p' "$work/out")
  [ "$entries" -gt 0 ] && ok "the first campaign grew a corpus ($entries)" || fail "no corpus after the first campaign"
  expect_rc 0 "second campaign" -- "$FORMFUZZ" campaign --fuzzers tooltest_bytes --runs 3000 --seed 2 --out "$out"
  expect_in "$out/campaign.json" "\"corpus_start_sha1\": \"$start\"" "the second started from the first's corpus"
  expect_in "$out/campaign.json" "\"corpus_start_entries\": $entries," "with its entry count"
  fuzzers_line=$(printf 'tooltest_bytes %s\n' "$start" | sha1sum | cut -d' ' -f1)
  expect_in "$out/campaign.json" "\"corpus_sha1\": \"$fuzzers_line\"" "the campaign's corpus set hash"
  expect_rc 0 "diff with features" -- "$FORMFUZZ" corpus diff "$work/before" "$out/tooltest_bytes/corpus" --fuzzer tooltest_bytes
  expect_in "$work/out" "^features: A [1-9][0-9]*, B [1-9][0-9]*, together [1-9][0-9]*: B adds [0-9]+, lacks [0-9]+$" "features line"
  read -r fa fb fu < <(sed -n 's/^features: A \([0-9]*\), B \([0-9]*\), together \([0-9]*\):.*/\1 \2 \3/p' "$work/out")
  [ "$fu" -ge "$fa" ] && [ "$fu" -ge "$fb" ] && ok "together covers both ($fa, $fb <= $fu)" || fail "together $fu < A $fa or B $fb"
  ;;
*)
  echo "unknown case $case_name"; exit 2 ;;
esac
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
