#!/usr/bin/env bash
# The custom mutator ABI and -dict, each with a fixed seed and run budget:
#  - custom_mutator_target: LLVMFuzzerCustomMutator (calling LLVMFuzzerMutate)
#    is called and the engine finds the crash only it can reach;
#  - dict_target: with the token in a .dict file the crash is found within the
#    budget; without it, not within the same budget. Both runs without the
#    program's own tokens (-binary_tokens=0): the token is a string literal, and
#    with ASan its address is in the instrumented globals' table, so that
#    dictionary holds it too.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
custom=$1 dict_fuzzer=$2 dict=$3
runs_of() { grep -oE '^#[0-9]+' "$1" | tail -1 | tr -d '#'; }

mkdir -p "$work/c1" "$work/a1"
"$custom" -seed=1 -runs=200000 -artifact_prefix="$work/a1/" "$work/c1" >"$work/custom.log" 2>&1
check "custom mutator: crash found, exit 77" test $? -eq 77
check "custom mutator: called" grep -q "custom mutator called" "$work/custom.log"
check "custom mutator: NEW inputs credited to it" grep -q "MS: custom" "$work/custom.log"
art=$(ls "$work"/a1/crash-* 2>/dev/null | head -1)
check "custom mutator: crash artifact starts with BUG" test "$(head -c3 "${art:-/dev/null}")" = BUG

mkdir -p "$work/c2" "$work/a2" "$work/c3" "$work/a3"
"$dict_fuzzer" -seed=1 -runs=50000 -binary_tokens=0 -dict="$dict" -artifact_prefix="$work/a2/" "$work/c2" >"$work/dict.log" 2>&1
check "with -dict: crash found, exit 77" test $? -eq 77
with=$(runs_of "$work/dict.log")
echo "with -dict: crash after ${with:-?} runs"
"$dict_fuzzer" -seed=1 -runs=50000 -binary_tokens=0 -artifact_prefix="$work/a3/" "$work/c3" >"$work/nodict.log" 2>&1
check "without -dict: not found within the same 50000 runs" test $? -eq 0
check "without -dict: no artifact" test -z "$(ls "$work/a3")"

exit $fail
