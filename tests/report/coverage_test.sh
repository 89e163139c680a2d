#!/usr/bin/env bash
# `formfuzz report --coverage` on a small real campaign: the vm component's
# seeds as the corpora of vm_ownership and vm_transfer, built in a private
# coverage-preset tree (FORMFUZZ_BUILD_DIR). Checks: the llvm-cov HTML exists,
# the page is well-formed and holds the vm coverage table with covered lines
# and branches > 0, both fuzzers' profiles are merged (the component's total
# is at least each fuzzer's alone), and a corpus of a fuzzer that is in no
# manifest is named, not measured.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
root=$2

build=$work/build
(cd "$root" && cmake --preset coverage -B "$build" > "$work/configure.log" 2>&1) \
  || { cat "$work/configure.log"; fail "cannot configure the coverage preset"; }
export FORMFUZZ_BUILD_DIR=$build FORMFUZZ_ROOT=$root
export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} # shared machines: at most 2 compilers
# Coverage mapping records the compile directory, which ccache does not hash
# with CCACHE_NOHASHDIR: a cache shared by several checkouts hands out another
# checkout's objects, and llvm-cov then counts files under two paths.
export CCACHE_DISABLE=1

campaign() { # campaign DIR FUZZER...: each fuzzer's corpus is its seeds
  local out=$1
  shift
  for f in "$@"; do
    mkdir -p "$out/$f/corpus"
    cp "$root/components/vm/seeds/$f/"* "$out/$f/corpus/"
  done
}
# "covered / total" of column n (1: lines, 3: branches) of the vm total row
total() { xmllint --xpath "string(//*[local-name()='table'][@class='coverage']//*[local-name()='tr'][@class='total']/*[local-name()='td'][$2])" "$1"; }
covered() { total "$1" "$2" | sed 's| /.*||'; }

campaign "$work/one" vm_ownership
"$formfuzz" report --out "$work/one" --no-plots --coverage > "$work/one.log" 2>&1 \
  || { cat "$work/one.log"; fail "report --coverage exited $?"; }
one_lines=$(covered "$work/one/report/index.html" 1)

out=$work/two
campaign "$out" vm_ownership vm_transfer
mkdir -p "$out/not_a_manifest_fuzzer/corpus"
printf 'x' > "$out/not_a_manifest_fuzzer/corpus/x"
"$formfuzz" report --out "$out" --no-plots --coverage > "$work/two.log" 2>&1 \
  || { cat "$work/two.log"; fail "report --coverage exited $?"; }
page=$out/report/index.html
xmllint --noout "$page" || fail "page not well-formed"
test -s "$out/report/coverage/vm/index.html" || fail "no llvm-cov HTML for vm"
grep -q 'href="coverage/vm/index.html"' "$page" || fail "page does not link the llvm-cov HTML"
grep -q 'vm_ownership, vm_transfer' "$page" || fail "page does not name both fuzzers of vm"
grep -q 'not_a_manifest_fuzzer is in no components' "$page" || fail "unknown fuzzer not named"
lines=$(total "$page" 1)
branches=$(total "$page" 3)
echo "vm coverage: lines $lines, branches $branches (vm_ownership alone: $one_lines lines)"
[[ $lines =~ ^[0-9]+\ /\ [0-9]+$ && $branches =~ ^[0-9]+\ /\ [0-9]+$ ]] || fail "no coverage table"
[ "${lines%% *}" -gt 0 ] && [ "${branches%% *}" -gt 0 ] || fail "nothing covered: $lines, $branches"
[ "${lines%% *}" -gt "$one_lines" ] || fail "vm_transfer's profile not merged: $lines vs $one_lines"
grep -q '<td>transfer.c</td>' "$page" || fail "no per-file row for transfer.c"
grep -q 'class="bad"' <(sed -n '/id="coverage"/,$p' "$page" | grep -v not_a_manifest_fuzzer) \
  && fail "coverage section reports a problem: $(sed -n '/id="coverage"/,$p' "$page" | grep 'class="bad"')"
echo "coverage_test: ok"
