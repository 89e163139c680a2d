#!/usr/bin/env bash
# Engine benchmark (not part of `make test`): the same harnesses
# (tests/engine/targets/) under the built-in engine, libFuzzer, AFL++ and,
# when it is installed (HFUZZ_DIR or PATH, docs/peers.md), honggfuzz:
#   - exec/s on an empty harness and on a real one (minijson), EXEC_T seconds each
#   - edges after T seconds on the real harness (T default 60)
#   - executions and seconds until each planted bug (-seed=1, cap BUG_RUNS / BUG_T)
# and prints a table with the ratio builtin/libFuzzer. AFL++ counts edges its
# own way (edges_found of its map), so its edges are not comparable 1:1.
# usage: bench/engine.sh [T]      (or: bench/engine.sh hard [T] [SEEDS], below)   environment: EXEC_T (default 10), BUG_T (default 60),
#        BUG_RUNS (default 5000000), ENGINES (default "builtin libfuzzer afl honggfuzz"), BENCH_DIR,
#        PARTS (default "speed edges bugs"), BUGS (default all six), BUILD_ROOT (preset
#        build trees, default build/), ENGINE_FLAGS (added to every builtin and libFuzzer
#        run, e.g. -use_value_profile=1; BUGS=vprof is the value-profile target)
# AFL++ fuzzes the CMPLOG twin with -c 0 (see afl_run) and gets a dictionary for
# token only (CMPLOG cannot log that memcmp under ASan; its cell says "dict").
# honggfuzz (hf_run) has no seed option: its numbers change from run to run.
#
# Hard mode: bench/engine.sh hard [T] [SEEDS] (T default 60 s, SEEDS default 3):
# for each target named in bench/hard-targets.txt (one base name of
# tests/engine/targets/ per line; missing ones are skipped with a message),
# SEEDS runs per engine of at most T seconds each, stopping at the first
# failure found: builtin (with HARD_BUILTIN_FLAGS, default -slow_paths=1),
# libFuzzer, libFuzzer -use_value_profile=1, AFL++ (CMPLOG twin, -l 2AT).
# All runs start from an empty corpus (AFL++: one "0" seed) with -timeout=1
# (AFL++ -t 1000), so an endless loop is found as a timeout. Prints a markdown
# table: per target and engine, found/runs, median seconds and executions to
# the bug over the runs that found it.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MODE=normal
if [ "${1:-}" = hard ]; then MODE=hard; shift; fi
T=${1:-60}
EXEC_T=${EXEC_T:-10}
BUG_T=${BUG_T:-60}
BUG_RUNS=${BUG_RUNS:-5000000}
ENGINES=${ENGINES:-builtin libfuzzer afl honggfuzz}
PARTS=${PARTS:-speed edges bugs}
BUILD_ROOT=${BUILD_ROOT:-$root/build}
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-bench.XXXXXX)}
bugs=(${BUGS:-magic4 token lenfield hang leak uaf})
part() { [[ " $PARTS " == *" $1 "* ]]; }
# the harnesses the PARTS run: empty and minijson for speed and edges only
targets=("${bugs[@]}")
if part speed || part edges; then targets=(empty minijson "${bugs[@]}"); fi
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1
# AFL_SKIP_BIN_CHECK must stay unset: it hides the persistent-mode signature of
# libAFLDriver.a from afl-fuzz, which then forks once per input (30x slower).
export AFL_BENCH_UNTIL_CRASH=1
. "$root/scripts/hfuzz-find.sh"

now() { date +%s.%N; }
say() { echo "bench: $*" >&2; }

build() { # preset -> prints the fuzzers directory
  local p=$1
  (cd "$root" && { [ -f "$BUILD_ROOT/$p/build.ninja" ] || cmake --preset "$p" -B "$BUILD_ROOT/$p" >/dev/null; } &&
    cmake --build "$BUILD_ROOT/$p" --parallel 2 --target "${targets[@]/#/engine_target_}" >/dev/null) || return 1
  echo "$BUILD_ROOT/$p/fuzzers"
}

# libFuzzer-style run: engine dir target seconds runs [flags] -> "execs seconds edges found"
lf_run() {
  local engine=$1 bin=$2 secs=$3 runs=$4; shift 4
  local d=$work/$engine/$(basename "$bin")-$secs-$runs${RUN_TAG:-}
  rm -rf "$d"; mkdir -p "$d/corpus" "$d/artifacts"
  local t0 t1; t0=$(now)
  local limit=(); [ "$runs" -gt 0 ] && limit=(-runs="$runs")
  "$bin" -seed="${LF_SEED:-1}" -max_total_time="$secs" "${limit[@]}" -print_final_stats=1 \
    -artifact_prefix="$d/artifacts/" "$@" ${ENGINE_FLAGS:-} "$d/corpus" >"$d/log" 2>&1
  t1=$(now)
  local execs edges found
  execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$d/log" | grep -oE '[0-9]+$' | tail -1)
  [ -z "$execs" ] && execs=$(grep -oE '^#[0-9]+' "$d/log" | tr -d '#' | tail -1)
  edges=$(grep -oE 'cov: [0-9]+' "$d/log" | grep -oE '[0-9]+' | tail -1)
  found=$(ls "$d/artifacts" | head -1)
  echo "${execs:-?} $(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b - a}") ${edges:-?} ${found:-none}"
}

# AFL++ run: bin seconds mode [afl-fuzz flags] -> "execs seconds edges found"
#   plain   the plain binary (the exec/s of the target alone)
#   cmplog  the CMPLOG twin when the afl preset built it, as the target with
#           -c 0: afl-fuzz 4.04c's cmplog forkserver execs the main target, so
#           `-c bin.cmplog -- bin` never ran the twin (no comparison was logged)
#   bug     cmplog, -s 1, at most BUG_RUNS executions, until the first crash or
#           hang; execs and seconds are the ones afl-fuzz wrote into the
#           finding's name (execs:N, time:ms), found is "found" or empty
afl_run() {
  local bin=$1 secs=$2 mode=$3 d=$work/afl/$(basename "$1")-$2-$3${RUN_TAG:-}; shift 3
  rm -rf "$d"; mkdir -p "$d/in"; printf '0' >"$d/in/seed"
  local target=$bin flags=("$@")
  if [ "$mode" != plain ] && [ -f "$bin.cmplog" ]; then target=$bin.cmplog; flags+=(-c 0 ${AFL_CMPLOG_LEVEL:+-l "$AFL_CMPLOG_LEVEL"}); fi
  [ "$mode" = bug ] && flags+=(-s "${AFL_SEED:-1}" -E "$BUG_RUNS")
  local t0 t1 pid; t0=$(now)
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
    timeout $((secs + 30)) afl-fuzz -i "$d/in" -o "$d/out" -V "$secs" -t 1000 "${flags[@]}" -- "$target" >"$d/log" 2>&1 &
  pid=$!
  # AFL_BENCH_UNTIL_CRASH ends a run at its first crash; a hang we stop here
  while [ "$mode" = bug ] && kill -0 "$pid" 2>/dev/null; do
    ls "$d/out/default/hangs" 2>/dev/null | grep -q '^id:' && { kill -TERM "$pid"; break; }
    sleep 0.2
  done
  wait "$pid"
  t1=$(now)
  local s=$d/out/default/fuzzer_stats execs edges finding
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$s" 2>/dev/null)
  edges=$(awk -F' *: *' '$1=="edges_found"{print $2}' "$s" 2>/dev/null)
  # AFL++'s finding names hold ':' (id:000000,sig:06,...,execs:590,...)
  finding=$(ls "$d/out/default/crashes" "$d/out/default/hangs" 2>/dev/null | grep '^id:' |
    sed -nE 's/.*time:([0-9]+),execs:([0-9]+).*/\2 \1/p' | sort -n | head -1)
  if [ -n "$finding" ]; then
    echo "${finding% *} $(awk -v ms="${finding#* }" 'BEGIN{printf "%.2f", ms / 1000}') ${edges:-?} found"
  else
    echo "${execs:-?} $(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b - a}") ${edges:-?}"
  fi
}

# honggfuzz run: bin seconds mode [honggfuzz flags] -> "execs seconds edges found"
#   plain   fuzz for the seconds given (exec/s, edges)
#   bug     at most BUG_RUNS executions (-N), stopping at the first crash or
#           timeout (-T: an input past -t is saved as a SIGVTALRM crash);
#           execs are those of its Summary line, seconds the wall time, found
#           is "found" when the crash directory holds a finding
# execs: its Summary line; edges: the edge_cov of the last --statsfile row.
hf_run() {
  local bin=$1 secs=$2 mode=$3 d=$work/honggfuzz/$(basename "$1")-$2-$3; shift 3
  rm -rf "$d"; mkdir -p "$d/in" "$d/corpus" "$d/ws/crashes"
  local flags=("$@")
  [ "$mode" = bug ] && flags+=(-N "$BUG_RUNS" --exit_upon_crash)
  local t0 t1; t0=$(now)
  timeout $((secs + 30)) "$HFUZZ" -v -i "$d/in" -o "$d/corpus" -W "$d/ws" --crashdir "$d/ws/crashes" \
    --statsfile "$d/ws/stats" -n 1 -T --run_time "$secs" "${flags[@]}" -- "$bin" >"$d/log" 2>&1
  t1=$(now)
  local execs edges found=""
  execs=$(grep -oE 'Summary iterations:[0-9]+' "$d/log" | grep -oE '[0-9]+$' | tail -1)
  edges=$(awk -F', *' '$1 !~ /^#/ && NF == 10 {e = $8} END {if (e != "") print e}' "$d/ws/stats" 2>/dev/null)
  [ -n "$(ls "$d/ws/crashes" 2>/dev/null)" ] && found=found
  echo "${execs:-?} $(awk -v a="$t0" -v b="$t1" "BEGIN{printf \"%.2f\", b - a}") ${edges:-?} $found"
}
# Hard mode (see the top): one markdown table of found/runs, median seconds
# and executions to the bug.
median() { sort -n | awk '{v[NR] = $1} END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hard_mode() {
  local seeds=${1:-3} list=$root/bench/hard-targets.txt names=() t
  while read -r t; do
    t=${t%%#*}; t=${t// /}
    [ -z "$t" ] && continue
    if [ -f "$root/tests/engine/targets/$t.c" ]; then names+=("$t"); else say "skipping $t: no tests/engine/targets/$t.c"; fi
  done <"$list"
  [ ${#names[@]} -eq 0 ] && { say "no targets in $list"; return 1; }
  targets=("${names[@]}")
  local configs=(builtin libfuzzer libfuzzer-vp afl) dir engine label cfg s r e sec f
  declare -A DIRS CELL
  for engine in builtin libfuzzer afl; do
    [[ " $ENGINES " == *" $engine "* ]] || continue
    if [ "$engine" = afl ] && ! command -v afl-fuzz >/dev/null; then say "afl-fuzz not installed: skipping AFL++"; continue; fi
    say "building the hard targets for $engine"
    DIRS[$engine]=$(build "$engine") || { say "$engine: build failed, skipped"; unset "DIRS[$engine]"; }
  done
  for t in "${names[@]}"; do
    for cfg in "${configs[@]}"; do
      engine=${cfg%-vp}
      [ -n "${DIRS[$engine]:-}" ] || continue
      local found=0 times=() execs=()
      for ((s = 1; s <= seeds; s++)); do
        say "$cfg: $t seed $s (${T}s)"
        if [ "$engine" = afl ]; then
          r=$(RUN_TAG=-s$s AFL_SEED=$s AFL_CMPLOG_LEVEL=2AT afl_run "${DIRS[afl]}/engine_target_$t" "$T" bug)
        else
          local extra=(-timeout=1)
          [ "$cfg" = builtin ] && extra+=(${HARD_BUILTIN_FLAGS--slow_paths=1})
          [ "$cfg" = libfuzzer-vp ] && extra+=(-use_value_profile=1)
          r=$(RUN_TAG=-s$s$cfg LF_SEED=$s lf_run "$engine" "${DIRS[$engine]}/engine_target_$t" "$T" 0 "${extra[@]}")
        fi
        read -r e sec _ f <<<"$r"
        if [ -n "${f:-}" ] && [ "$f" != none ]; then found=$((found + 1)); times+=("$sec"); execs+=("$e"); fi
      done
      if [ "$found" -gt 0 ]; then
        CELL[$t,$cfg]="$found/$seeds, $(printf '%s\n' "${times[@]}" | median) s, $(printf '%s\n' "${execs[@]}" | median) execs"
      else
        CELL[$t,$cfg]="0/$seeds"
      fi
    done
  done
  echo
  echo "| target (T=${T}s, $seeds seeds) | builtin ${HARD_BUILTIN_FLAGS--slow_paths=1} | libFuzzer | libFuzzer -use_value_profile=1 | AFL++ CMPLOG -l 2AT |"
  echo "|---|---|---|---|---|"
  for t in "${names[@]}"; do
    echo "| $t | ${CELL[$t,builtin]:--} | ${CELL[$t,libfuzzer]:--} | ${CELL[$t,libfuzzer-vp]:--} | ${CELL[$t,afl]:--} |"
  done
  echo "(cells: runs that found the bug / runs, then over those the median seconds and executions"
  echo " to it; every run from an empty corpus, -timeout=1 / -t 1000. Work dir: $work)"
}
if [ "$MODE" = hard ]; then hard_mode "${2:-3}"; exit $?; fi

declare -A R # R[engine,measure] = value
declare -A EDGE_CORPUS # engine -> the corpus its minijson edge run left
rate() { awk -v e="$1" -v s="$2" 'BEGIN{ if (e ~ /^[0-9]+$/ && s > 0) printf "%.0f", e / s; else print "?" }'; }

for engine in $ENGINES; do
  case $engine in
    builtin|libfuzzer|afl|honggfuzz) ;;
    *) say "unknown engine $engine"; continue ;;
  esac
  if [ "$engine" = afl ] && ! command -v afl-fuzz >/dev/null; then say "afl-fuzz not installed: skipping AFL++"; continue; fi
  if [ "$engine" = honggfuzz ]; then
    HFUZZ=$(hfuzz_find honggfuzz)
    if [ -z "$HFUZZ" ] || [ -z "$(hfuzz_find hfuzz-clang)" ]; then
      say "honggfuzz not installed (HFUZZ_DIR or PATH, docs/peers.md): skipping honggfuzz"; continue
    fi
  fi
  say "building the targets for $engine"
  dir=$(build "$engine") || { say "$engine: build failed, skipped"; continue; }
  for h in empty minijson; do
    part speed || break
    say "$engine: exec/s on $h (${EXEC_T}s)"
    if [ "$engine" = afl ]; then read -r e s _ _ < <(afl_run "$dir/engine_target_$h" "$EXEC_T" plain)
    elif [ "$engine" = honggfuzz ]; then read -r e s _ _ < <(hf_run "$dir/engine_target_$h" "$EXEC_T" plain)
    else read -r e s _ _ < <(lf_run "$engine" "$dir/engine_target_$h" "$EXEC_T" 0); fi
    R[$engine,eps_$h]=$(rate "$e" "$s")
  done
  if part edges; then
    say "$engine: edges on minijson after ${T}s"
    if [ "$engine" = afl ]; then
      read -r _ _ ed _ < <(afl_run "$dir/engine_target_minijson" "$T" cmplog)
      EDGE_CORPUS[$engine]=$work/afl/engine_target_minijson-$T-cmplog/out/default/queue
    elif [ "$engine" = honggfuzz ]; then
      read -r _ _ ed _ < <(hf_run "$dir/engine_target_minijson" "$T" plain)
      EDGE_CORPUS[$engine]=$work/honggfuzz/engine_target_minijson-$T-plain/corpus
    else
      read -r _ _ ed _ < <(lf_run "$engine" "$dir/engine_target_minijson" "$T" 0)
      EDGE_CORPUS[$engine]=$work/$engine/engine_target_minijson-$T-0/corpus
    fi
    R[$engine,edges_own]=$ed
  fi
  [ "$engine" = libfuzzer ] && LF_DIR=$dir
  for b in "${bugs[@]}"; do
    part bugs || break
    say "$engine: time to $b"
    note=""
    if [ "$engine" = afl ]; then
      [ "$b" = leak ] && { R[$engine,bug_$b]="n/a"; continue; } # AFL++ runs with detect_leaks=0
      flags=()
      if [ "$b" = token ]; then
        mkdir -p "$work/afl"; echo '"FORMFUZZ"' >"$work/afl/token.dict"
        flags=(-x "$work/afl/token.dict"); note=" dict"
      fi
      read -r e s _ f < <(afl_run "$dir/engine_target_$b" "$BUG_T" bug "${flags[@]}")
    elif [ "$engine" = honggfuzz ]; then
      [ "$b" = leak ] && { R[$engine,bug_$b]="n/a"; continue; } # honggfuzz runs with detect_leaks=0
      flags=(-t 10); [ "$b" = hang ] && flags=(-t 1)
      read -r e s _ f < <(hf_run "$dir/engine_target_$b" "$BUG_T" bug "${flags[@]}")
    else
      flags=(); [ "$b" = hang ] && flags=(-timeout=1)
      read -r e s _ f < <(lf_run "$engine" "$dir/engine_target_$b" "$BUG_T" "$BUG_RUNS" "${flags[@]}")
    fi
    if [ "${f:-none}" != none ] && [ -n "${f:-}" ]; then R[$engine,bug_$b]="$e/$(printf '%.1f' "$s")s$note"
    else R[$engine,bug_$b]="not found"; fi
  done
done

# Each engine counts edges over its own instrumentation (the builtin and
# libfuzzer presets emit different counter sets, AFL++ has its own map), so the
# comparable number is each engine's corpus replayed by one binary: the
# libFuzzer build, -runs=0, its "INITED cov:" line.
if part edges && [ -n "${LF_DIR:-}" ]; then
  for engine in "${!EDGE_CORPUS[@]}"; do
    c=${EDGE_CORPUS[$engine]}
    [ -d "$c" ] || continue
    ed=$("$LF_DIR/engine_target_minijson" -runs=0 "$c" 2>&1 | grep -oE 'INITED cov: [0-9]+' | grep -oE '[0-9]+$')
    R[$engine,edges]=${ed:-?}
  done
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else print "-" }'; }
first() { echo "${1%%/*}"; }
printf '\n%-26s %16s %16s %16s %16s %10s\n' "measure (T=${T}s)" builtin libfuzzer afl honggfuzz "b/lF"
row() { # label key numeric?
  local b=${R[builtin,$2]:--} l=${R[libfuzzer,$2]:--} a=${R[afl,$2]:--} h=${R[honggfuzz,$2]:--}
  local r; r=$(ratio "$(first "$b")" "$(first "$l")")
  printf '%-26s %16s %16s %16s %16s %10s\n' "$1" "$b" "$l" "$a" "$h" "$r"
}
row "exec/s empty harness" eps_empty
row "exec/s minijson" eps_minijson
row "edges minijson after T" edges
row "  (each engine's own count)" edges_own
for b in "${bugs[@]}"; do row "execs/time to $b" "bug_$b"; done
echo "(b/lF: builtin divided by libFuzzer; for bugs it is the ratio of executions, lower is better;"
echo " edges: every engine's corpus replayed by the libFuzzer build (own counts are not comparable); AFL++ runs without leak detection, fuzzes the CMPLOG"
echo " twin with -c 0, and its bug cells are the execs:/time: of the first finding's name. honggfuzz: no seed (one"
echo " unseeded trial), no leak detection, bug cells are its Summary iterations and the wall time to its first finding. Work dir: $work)"
