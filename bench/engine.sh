#!/usr/bin/env bash
# Engine benchmark (not part of `make test`): the same harnesses
# (tests/engine/targets/) under the built-in engine, libFuzzer and AFL++:
#   - exec/s on an empty harness and on a real one (minijson), EXEC_T seconds each
#   - edges after T seconds on the real harness (T default 60)
#   - executions and seconds until each planted bug (-seed=1, cap BUG_RUNS / BUG_T)
# and prints a table with the ratio builtin/libFuzzer. AFL++ counts edges its
# own way (edges_found of its map), so its edges are not comparable 1:1.
# usage: bench/engine.sh [T]      environment: EXEC_T (default 10), BUG_T (default 60),
#        BUG_RUNS (default 5000000), ENGINES (default "builtin libfuzzer afl"), BENCH_DIR
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
T=${1:-60}
EXEC_T=${EXEC_T:-10}
BUG_T=${BUG_T:-60}
BUG_RUNS=${BUG_RUNS:-5000000}
ENGINES=${ENGINES:-builtin libfuzzer afl}
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-bench.XXXXXX)}
bugs=(magic4 token lenfield hang leak uaf)
targets=(empty minijson "${bugs[@]}")
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
# AFL_SKIP_BIN_CHECK must stay unset: it hides the persistent-mode signature of
# libAFLDriver.a from afl-fuzz, which then forks once per input (30x slower).
export AFL_BENCH_UNTIL_CRASH=1

now() { date +%s.%N; }
say() { echo "bench: $*" >&2; }

build() { # preset -> prints the fuzzers directory
  local p=$1
  (cd "$root" && { [ -f "build/$p/build.ninja" ] || cmake --preset "$p" >/dev/null; } &&
    cmake --build --preset "$p" --target "${targets[@]/#/engine_target_}" >/dev/null) || return 1
  echo "$root/build/$p/fuzzers"
}

# libFuzzer-style run: engine dir target seconds runs [flags] -> "execs seconds edges found"
lf_run() {
  local engine=$1 bin=$2 secs=$3 runs=$4; shift 4
  local d=$work/$engine/$(basename "$bin")-$secs-$runs
  rm -rf "$d"; mkdir -p "$d/corpus" "$d/artifacts"
  local t0 t1; t0=$(now)
  local limit=(); [ "$runs" -gt 0 ] && limit=(-runs="$runs")
  "$bin" -seed=1 -max_total_time="$secs" "${limit[@]}" -print_final_stats=1 \
    -artifact_prefix="$d/artifacts/" "$@" "$d/corpus" >"$d/log" 2>&1
  t1=$(now)
  local execs edges found
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$d/log" | grep -oE '[0-9]+$' | tail -1)
  [ -z "$execs" ] && execs=$(grep -oE '^#[0-9]+' "$d/log" | tr -d '#' | tail -1)
  edges=$(grep -oE 'cov: [0-9]+' "$d/log" | grep -oE '[0-9]+' | tail -1)
  found=$(ls "$d/artifacts" | head -1)
  echo "${execs:-?} $(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b - a}") ${edges:-?} ${found:-none}"
}

# AFL++ run: bin seconds [plain] -> "execs seconds edges found"; with CMPLOG
# (-c bin.cmplog) unless "plain" (the exec/s measures time the target alone)
afl_run() {
  local bin=$1 secs=$2 mode=${3:-} d=$work/afl/$(basename "$1")-$2
  rm -rf "$d"; mkdir -p "$d/in"; printf '0' >"$d/in/seed"
  local cmplog=(); [ "$mode" != plain ] && [ -f "$bin.cmplog" ] && cmplog=(-c "$bin.cmplog") # the afl preset builds the twin
  local t0 t1; t0=$(now)
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
    timeout $((secs + 30)) afl-fuzz -i "$d/in" -o "$d/out" -V "$secs" -t 1000 "${cmplog[@]}" -- "$bin" >"$d/log" 2>&1
  t1=$(now)
  local s=$d/out/default/fuzzer_stats execs edges found
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$s" 2>/dev/null)
  edges=$(awk -F' *: *' '$1=="edges_found"{print $2}' "$s" 2>/dev/null)
  found=$(ls "$d/out/default/crashes" "$d/out/default/hangs" 2>/dev/null | grep -v -e README -e : -e '^$' | head -1)
  echo "${execs:-?} $(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b - a}") ${edges:-?} ${found:+found}"
}

declare -A R # R[engine,measure] = value
rate() { awk -v e="$1" -v s="$2" 'BEGIN{ if (e ~ /^[0-9]+$/ && s > 0) printf "%.0f", e / s; else print "?" }'; }

for engine in $ENGINES; do
  case $engine in
    builtin|libfuzzer|afl) ;;
    *) say "unknown engine $engine"; continue ;;
  esac
  if [ "$engine" = afl ] && ! command -v afl-fuzz >/dev/null; then say "afl-fuzz not installed: skipping AFL++"; continue; fi
  say "building the targets for $engine"
  dir=$(build "$engine") || { say "$engine: build failed, skipped"; continue; }
  for h in empty minijson; do
    say "$engine: exec/s on $h (${EXEC_T}s)"
    if [ "$engine" = afl ]; then read -r e s _ _ < <(afl_run "$dir/engine_target_$h" "$EXEC_T" plain)
    else read -r e s _ _ < <(lf_run "$engine" "$dir/engine_target_$h" "$EXEC_T" 0); fi
    R[$engine,eps_$h]=$(rate "$e" "$s")
  done
  say "$engine: edges on minijson after ${T}s"
  if [ "$engine" = afl ]; then read -r _ _ ed _ < <(afl_run "$dir/engine_target_minijson" "$T")
  else read -r _ _ ed _ < <(lf_run "$engine" "$dir/engine_target_minijson" "$T" 0); fi
  R[$engine,edges]=$ed
  for b in "${bugs[@]}"; do
    say "$engine: time to $b"
    if [ "$engine" = afl ]; then
      [ "$b" = leak ] && { R[$engine,bug_$b]="n/a"; continue; } # AFL++ runs with detect_leaks=0
      read -r e s _ f < <(afl_run "$dir/engine_target_$b" "$BUG_T")
    else
      flags=(); [ "$b" = hang ] && flags=(-timeout=1)
      read -r e s _ f < <(lf_run "$engine" "$dir/engine_target_$b" "$BUG_T" "$BUG_RUNS" "${flags[@]}")
    fi
    if [ "${f:-none}" != none ] && [ -n "${f:-}" ]; then R[$engine,bug_$b]="$e/$(printf '%.1f' "$s")s"
    else R[$engine,bug_$b]="not found"; fi
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else print "-" }'; }
first() { echo "${1%%/*}"; }
printf '\n%-26s %16s %16s %16s %10s\n' "measure (T=${T}s)" builtin libfuzzer afl "b/lF"
row() { # label key numeric?
  local b=${R[builtin,$2]:--} l=${R[libfuzzer,$2]:--} a=${R[afl,$2]:--}
  local r; r=$(ratio "$(first "$b")" "$(first "$l")")
  printf '%-26s %16s %16s %16s %10s\n' "$1" "$b" "$l" "$a" "$r"
}
row "exec/s empty harness" eps_empty
row "exec/s minijson" eps_minijson
row "edges minijson after T" edges
for b in "${bugs[@]}"; do row "execs/time to $b" "bug_$b"; done
echo "(b/lF: builtin divided by libFuzzer; for bugs it is the ratio of executions, lower is better;"
echo " AFL++ edges are its own map's edges_found; AFL++ runs without leak detection. Work dir: $work)"
