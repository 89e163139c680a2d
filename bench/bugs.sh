#!/usr/bin/env bash
# Known-bug efficacy benchmark: for each registered replica (components/*/bugs.tsv,
# or the ids named on the command line) run the fuzzer expected to catch it with
# FORMFUZZ_BUGS=<id> for a budget, and report whether, how fast and with which
# invariant it was caught; then check that the default build does not fail on
# the same seeds (and the catching input), so the oracle blames the replica.
#
# usage: bench/bugs.sh [--time S | --runs N] [--registry FILE]... [--bugs-bin-dir DIR]
#                      [--default-bin-dir DIR] [--engine builtin|libfuzzer] [COMPONENT|ID...]
#   COMPONENT           a component's name (vm, dns, net, econ, ...): its bugs.tsv
#   --time S            budget per bug in seconds (default 60, -max_total_time)
#   --runs N            budget per bug in executions instead (-runs)
#   --registry FILE     bugs.tsv to read (default: every components/*/bugs.tsv)
#   --bugs-bin-dir DIR  fuzzers built with the replicas (default: build the `bugs`
#                       preset, or `libfuzzer-bugs` with --engine libfuzzer)
#   --default-bin-dir DIR  fuzzers of the default build (default: build `builtin` / `libfuzzer`)
# Exit status: 0 when every bug was caught and the default build never failed.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
budget_flag="-max_total_time=60"
registries=()
bugs_bin_dir=""
default_bin_dir=""
engine=builtin
wanted=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) budget_flag="-max_total_time=$2"; shift 2 ;;
    --runs) budget_flag="-runs=$2"; shift 2 ;;
    --registry) registries+=("$2"); shift 2 ;;
    --bugs-bin-dir) bugs_bin_dir=$2; shift 2 ;;
    --default-bin-dir) default_bin_dir=$2; shift 2 ;;
    --engine) engine=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "bugs.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) if [ -f "$root/components/$1/bugs.tsv" ]; then registries+=("$root/components/$1/bugs.tsv")
       else wanted+=("$1"); fi
       shift ;;
  esac
done
case "$engine" in
  builtin) bugs_preset=bugs; default_preset=builtin ;;
  libfuzzer) bugs_preset=libfuzzer-bugs; default_preset=libfuzzer ;;
  *) echo "bugs.sh: --engine must be builtin or libfuzzer" >&2; exit 2 ;;
esac
if [ ${#registries[@]} -eq 0 ]; then
  for f in "$root"/components/*/bugs.tsv; do [ -f "$f" ] && registries+=("$f"); done
fi
if [ ${#registries[@]} -eq 0 ]; then
  echo "bugs.sh: no bugs.tsv registry found" >&2
  exit 2
fi

# One "id fuzzer registry_dir" line per selected bug.
selected=$(for reg in "${registries[@]}"; do
  dir=$(cd "$(dirname "$reg")" && pwd)
  grep -v '^[[:space:]]*#' "$reg" | awk -v d="$dir" 'NF >= 2 { print $1, $2, d }'
done)
if [ ${#wanted[@]} -gt 0 ]; then
  selected=$(printf '%s\n' "$selected" | awk -v w=" ${wanted[*]} " 'index(w, " " $1 " ")')
  for id in "${wanted[@]}"; do
    printf '%s\n' "$selected" | awk -v id="$id" '$1 == id {found=1} END {exit !found}' ||
      { echo "bugs.sh: bug id $id is not registered" >&2; exit 2; }
  done
fi
[ -n "$selected" ] || { echo "bugs.sh: no bugs selected" >&2; exit 2; }
fuzzers=$(printf '%s\n' "$selected" | awk '{print $2}' | sort -u)

build_preset() { # preset -> prints the fuzzers directory
  local preset=$1 dir="$root/build/$1"
  if [ ! -f "$dir/build.ninja" ]; then
    (cd "$root" && cmake --preset "$preset" >/dev/null) || { echo "bugs.sh: cmake --preset $preset failed" >&2; return 1; }
  fi
  # shellcheck disable=SC2086
  cmake --build "$dir" --target $fuzzers -j2 >&2 || { echo "bugs.sh: building $fuzzers ($preset) failed" >&2; return 1; }
  echo "$dir/fuzzers"
}
[ -n "$bugs_bin_dir" ] || bugs_bin_dir=$(build_preset "$bugs_preset") || exit 2
[ -n "$default_bin_dir" ] || default_bin_dir=$(build_preset "$default_preset") || exit 2

work=$(mktemp -d "${TMPDIR:-/tmp}/formfuzz-bugs.XXXXXX")
trap 'rm -rf "$work"' EXIT

printf '%-28s %-22s %-6s %9s %12s  %s\n' bug fuzzer caught seconds execs invariant
status=0
while read -r id fuzzer dir; do
  bin="$bugs_bin_dir/$fuzzer"
  plain="$default_bin_dir/$fuzzer"
  if [ ! -x "$bin" ] || [ ! -x "$plain" ]; then
    printf '%-28s %-22s %-6s %9s %12s  %s\n' "$id" "$fuzzer" error - - "fuzzer binary missing"
    status=1
    continue
  fi
  run="$work/$id"
  mkdir -p "$run/corpus" "$run/artifacts"
  seeds="$dir/seeds/$fuzzer"
  [ -d "$seeds" ] && cp "$seeds"/* "$run/corpus/" 2>/dev/null
  dict=()
  [ -f "$dir/seeds/$fuzzer.dict" ] && dict=("-dict=$dir/seeds/$fuzzer.dict")
  start=$(date +%s.%N)
  FORMFUZZ_BUGS="$id" "$bin" "$budget_flag" -seed=1 -print_final_stats=1 "${dict[@]}" \
    -artifact_prefix="$run/artifacts/" "$run/corpus" >"$run/log" 2>&1
  end=$(date +%s.%N)
  artifact=$(ls "$run/artifacts"/crash-* "$run/artifacts"/leak-* "$run/artifacts"/timeout-* 2>/dev/null | head -1)
  invariant=$(grep -m1 -o '==formfuzz== INVARIANT [^:]*' "$run/log" | awk '{print $3}')
  [ -n "$invariant" ] || invariant=$(grep -m1 -o 'SUMMARY: [A-Za-z]*Sanitizer: [a-z-]*' "$run/log" | awk '{print $3}')
  execs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$run/log" | grep -o '[0-9]*$')
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
  if [ -n "$artifact" ]; then
    caught=yes
  else
    caught=no; seconds=-; invariant=-; status=1
  fi
  # The default build must hold on the seeds and on the input that caught the bug.
  inputs=()
  [ -d "$seeds" ] && for f in "$seeds"/*; do [ -f "$f" ] && inputs+=("$f"); done
  [ -n "$artifact" ] && inputs+=("$artifact")
  if [ ${#inputs[@]} -gt 0 ] && ! "$plain" -runs=1 "${inputs[@]}" >"$run/default.log" 2>&1; then
    caught="$caught!"
    invariant="$invariant (DEFAULT BUILD FAILS TOO: see below)"
    status=1
    tail -5 "$run/default.log" >&2
  fi
  printf '%-28s %-22s %-6s %9s %12s  %s\n' "$id" "$fuzzer" "$caught" "$seconds" "${execs:--}" "$invariant"
done <<<"$selected"
exit $status
