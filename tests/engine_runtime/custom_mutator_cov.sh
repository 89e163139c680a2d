#!/usr/bin/env bash
# A custom mutator's coverage does not count as the target's: with a mutator
# that branches on its seed and returns its input unchanged, no mutant is new
# (stat::new_units_added is 0), so the corpus on disk is the seed alone.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1

mkdir -p "$work/corpus"
printf 'A' >"$work/corpus/seed"
"$fuzzer" -seed=1 -runs=3000 -print_final_stats=1 "$work/corpus" >"$work/run.log" 2>&1
check "runs to the end, exit 0" test $? -eq 0
added=$(sed -n 's/^stat::new_units_added: *//p' "$work/run.log")
echo "new units added: ${added:-?}"
check "no unit added for the mutator's own edges" test "${added:-x}" = 0
check "the corpus on disk is the seed alone" test "$(ls "$work/corpus" | wc -l)" -eq 1

exit $fail
