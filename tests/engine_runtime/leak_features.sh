#!/usr/bin/env bash
# The leak check re-runs an input that allocated more than it freed; that run
# must not count: on a corpus of inputs that keep memory reachable (no leak
# reported) the features and executions with -detect_leaks=1 equal those with
# -detect_leaks=0, replayed (-runs=0) and while fuzzing. The old engine added
# the re-run's hit counts to the first run's and reported 14 features
# instead of 12 here.
# Usage: leak_features.sh BUILTIN_BINARY (built from leak_features_target.c)
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1
cd "$work" || exit 1
mkdir corpus
printf 'K' >corpus/k0
printf 'Kx' >corpus/k1
printf 'Kxxx' >corpus/k3
printf 'Kxxxxxxx' >corpus/k7
printf 'plain' >corpus/plain
done_line() { grep -E "^#[0-9]+	DONE " "$1" | tail -1; }

for leaks in 0 1; do
  "$fuzzer" -runs=0 -detect_leaks=$leaks corpus >runs0.$leaks.log 2>&1
  check "-runs=0 -detect_leaks=$leaks exits 0 (no leak reported)" test $? -eq 0
done
ft0=$(done_line runs0.0.log | grep -oE "ft: [0-9]+")
ft1=$(done_line runs0.1.log | grep -oE "ft: [0-9]+")
check "-runs=0: the same features with and without the leak check ($ft0, $ft1)" \
  test -n "$ft0" -a "$ft0" = "$ft1"
check "-runs=0: 6 executions counted (the empty input, then the 5 files), the leak re-runs not among them" \
  test "$(done_line runs0.1.log | grep -oE '^#[0-9]+')" = "#6"

# the fuzzing loop: a fixed number of runs from the same corpus with the leak
# check on; every NEW input must bring a feature the leak-free count also has
"$fuzzer" -runs=2000 -seed=1 -detect_leaks=1 corpus -max_len=16 >fuzz.log 2>&1
check "fuzzing 2000 runs with the leak check exits 0" test $? -eq 0
mkdir found && cp corpus/* found/
"$fuzzer" -runs=0 -detect_leaks=0 found >found.0.log 2>&1
"$fuzzer" -runs=0 -detect_leaks=1 found >found.1.log 2>&1
check "the fuzzed corpus: the same features with and without the leak check" \
  test "$(done_line found.0.log | grep -oE 'ft: [0-9]+')" = "$(done_line found.1.log | grep -oE 'ft: [0-9]+')"
check "fuzzing found no more features than the leak-free replay of its corpus" \
  test "$(done_line fuzz.log | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+')" -le \
       "$(done_line found.0.log | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+')"
exit "$fail"
