#!/usr/bin/env bash
# -jobs/-workers: two jobs (seeds 1 and 2) fuzz into one shared corpus
# directory; each job's log fuzz-<n>.log exists and reports its own runs;
# the shared directory holds what every job found: replaying it reaches at
# least the coverage each job reported.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1
cov_of() { grep -oE 'cov: [0-9]+' "$1" | tail -1 | grep -oE '[0-9]+'; }

mkdir -p "$work/shared"
(cd "$work" && "$fuzzer" -jobs=2 -workers=2 -seed=1 -runs=20000 shared >"$work/main.log" 2>&1)
check "jobs: exit 0" test $? -eq 0
for n in 0 1; do
  check "job $n: fuzz-$n.log exists" test -s "$work/fuzz-$n.log"
  check "job $n: ran its 20000 runs" grep -qE '^#20000	DONE' "$work/fuzz-$n.log"
  check "job $n: seed $((n + 1))" grep -q "INFO: Seed: $((n + 1))" "$work/fuzz-$n.log"
  check "main log announces job $n" grep -q "Job $n: .* > fuzz-$n.log" "$work/main.log"
done
"$fuzzer" -runs=0 "$work/shared" >"$work/replay.log" 2>&1
shared=$(cov_of "$work/replay.log")
for n in 0 1; do
  own=$(cov_of "$work/fuzz-$n.log")
  check "shared corpus covers job $n's edges ($shared >= $own)" test "${shared:-0}" -ge "${own:-1}"
done
check "shared corpus holds SHA-1-named files" test "$(ls "$work/shared" | grep -cE '^[0-9a-f]{40}$')" -gt 5

exit $fail
