#!/usr/bin/env bash
# Protocol-aware mutator benchmark (not part of `make test`): each fuzzer that
# has an ff_struct_mutator, T seconds per run with the built-in engine, once
# with structure mutation on and once with FORMFUZZ_STRUCT_MUTATOR=off (the
# same binary: every mutation is then the engine's own byte mutation, every
# crossover a byte splice), one run per seed, both arms of a seed at the same
# time so a busy machine slows them alike. Prints per run the final cov (edges)
# and ft (features) of the engine's last status line, then the medians and
# their ratio (on / off).
# usage: bench/mutator.sh [--time T] [--seeds "1 2 3"] [FUZZER...]
#   --time T     seconds per run (default 120)
#   --seeds LIST seeds (default "1 2 3")
#   FUZZER       default: dns_wire
# Environment: BUILD_DIR (default build/builtin; built when missing), BENCH_DIR
# (work folder; default a new temporary one, kept, with every run's log).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
time_s=120
seeds="1 2 3"
fuzzers=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) time_s=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutator.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) fuzzers+=("$1"); shift ;;
  esac
done
[ ${#fuzzers[@]} -gt 0 ] || fuzzers=(dns_wire)
case "$time_s" in ''|*[!0-9]*) echo "mutator.sh: --time wants whole seconds" >&2; exit 2 ;; esac
BUILD_DIR=${BUILD_DIR:-$root/build/builtin}
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-mutator-bench.XXXXXX)}
mkdir -p "$work" || exit 2
say() { echo "bench: $*" >&2; }

for f in "${fuzzers[@]}"; do
  if [ ! -x "$BUILD_DIR/fuzzers/$f" ]; then
    say "building $f in $BUILD_DIR"
    cmake --build "$BUILD_DIR" --target "$f" -j2 >/dev/null || { echo "mutator.sh: cannot build $f" >&2; exit 2; }
  fi
done

# seeds folder of a fuzzer: components/<c>/seeds/<fuzzer>
seed_dir() {
  local d
  for d in "$root"/components/*/seeds/"$1"; do [ -d "$d" ] && { echo "$d"; return; }; done
}

# last "cov: N ft: M" of a log
final_counts() { grep -o 'cov: [0-9]* ft: [0-9]*' "$1" | tail -1 | awk '{print $2, $4}'; }

median() { sort -n | awk '{a[NR]=$1} END {if (NR) print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2); else print "-"}'; }

say "work folder $work, $time_s s per run, seeds $seeds"
printf '%-12s %-5s %4s %8s %8s\n' fuzzer arm seed cov ft
for f in "${fuzzers[@]}"; do
  seeds_from=$(seed_dir "$f")
  for s in $seeds; do
    for arm in on off; do
      corpus="$work/$f-$arm-$s"
      mkdir -p "$corpus"
      [ -n "$seeds_from" ] && cp "$seeds_from"/* "$corpus"/ 2>/dev/null
      FORMFUZZ_STRUCT_MUTATOR=$arm "$BUILD_DIR/fuzzers/$f" "$corpus" -seed="$s" -max_total_time="$time_s" \
        -print_final_stats=1 >"$work/$f-$arm-$s.log" 2>&1 &
    done
    wait
    for arm in on off; do
      read -r cov ft < <(final_counts "$work/$f-$arm-$s.log")
      printf '%-12s %-5s %4s %8s %8s\n' "$f" "$arm" "$s" "${cov:--}" "${ft:--}"
      echo "$f $arm $s ${cov:-0} ${ft:-0}" >>"$work/results"
    done
  done
done

echo
printf '%-12s %12s %12s %12s %12s %8s\n' fuzzer "cov on" "cov off" "ft on" "ft off" "ft ratio"
for f in "${fuzzers[@]}"; do
  con=$(awk -v f="$f" '$1 == f && $2 == "on" {print $4}' "$work/results" | median)
  coff=$(awk -v f="$f" '$1 == f && $2 == "off" {print $4}' "$work/results" | median)
  fon=$(awk -v f="$f" '$1 == f && $2 == "on" {print $5}' "$work/results" | median)
  foff=$(awk -v f="$f" '$1 == f && $2 == "off" {print $5}' "$work/results" | median)
  ratio=$(awk -v a="$fon" -v b="$foff" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
  printf '%-12s %12s %12s %12s %12s %8s\n' "$f" "$con" "$coff" "$fon" "$foff" "$ratio"
done
