#!/usr/bin/env bash
# Peer-engine smoke test: every fuzzer of every manifest (components/*/fuzzers.tsv
# and examples/fuzzers.tsv) must build and run under libFuzzer, AFL++ and the
# replay driver from the same source. Builds only the fuzzer targets of the
# libfuzzer, afl and replay presets, then runs each fuzzer briefly:
#   libfuzzer  -runs=N -seed=1 from its seeds (copied to a scratch corpus)
#   afl        afl-fuzz -E N -s 1 from its seeds, in persistent mode (checked),
#              with the CMPLOG twin (as the target, -c 0) when the preset makes
#              twins; then only the twins are built
#   replay     the replay binary over the seeds
# and prints a table fuzzer x engine: OK, or FAIL with the reason.
# Exit status: 0 all OK, 1 some FAIL, 2 bad usage.
#
# usage: scripts/peers-smoke.sh [--build-root DIR] [--engines "libfuzzer afl replay"]
#          [--fuzzers a,b] [--runs N] [--afl-execs N] [--afl-per-manifest K]
#          [--work DIR] [--tree PRESET=DIR] [--jobs N]
#   --build-root  where the preset build trees go: DIR/<preset> (default build/)
#   --tree        use an existing, configured tree for PRESET (e.g. make test's
#                 build/replay) instead of DIR/<preset>; ignored when DIR has no build.ninja
#   --runs        libFuzzer executions per fuzzer (default 2000)
#   --afl-execs   AFL++ executions per fuzzer (default 500)
#   --afl-per-manifest  under AFL++, only the first K fuzzers of each manifest
#                 (0, the default: all); the others show "-" in the AFL++ column
#   --jobs        fuzzers run at the same time per engine (default 2; builds use -j2)
set -uo pipefail
declare -A tree=() # tree[preset] = build directory of that preset
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_root=$root/build
engines="libfuzzer afl replay"
only=""
runs=2000
afl_execs=500
work=""

afl_per_manifest=0
jobs=2
usage() { sed -n '/^# usage:/,/^#   --jobs/p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case $1 in
    --build-root) build_root=$2; shift 2 ;;
    --engines) engines=$2; shift 2 ;;
    --fuzzers) only=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --afl-execs) afl_execs=$2; shift 2 ;;
    --afl-per-manifest) afl_per_manifest=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --tree)
      [[ $2 == *=* ]] || { echo "peers-smoke: --tree takes PRESET=DIR" >&2; exit 2; }
      [ -f "${2#*=}/build.ninja" ] && tree[${2%%=*}]=${2#*=}
      shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "peers-smoke: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for e in $engines; do
  case $e in libfuzzer|afl|replay) ;; *) echo "peers-smoke: unknown engine '$e'" >&2; exit 2 ;; esac
done
[[ $runs =~ ^[0-9]+$ && $afl_execs =~ ^[0-9]+$ && $afl_per_manifest =~ ^[0-9]+$ && $jobs =~ ^[1-9][0-9]*$ ]] ||
  { echo "peers-smoke: --runs, --afl-execs, --afl-per-manifest and --jobs take numbers" >&2; exit 2; }
[ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/ff-peers.XXXXXX")
mkdir -p "$work"
say() { echo "peers-smoke: $*" >&2; }

# The fuzzers: "name dir max_len" per manifest line (dir holds seeds/);
# afl_sampled[name] = 1 for those AFL++ leaves out (--afl-per-manifest).
declare -a names=() dirs=() maxlens=()
declare -A afl_sampled=()
for manifest in "$root"/components/*/fuzzers.tsv "$root"/examples/fuzzers.tsv; do
  [ -f "$manifest" ] || continue
  nth=0
  while read -r name _strategy _risk max_len _rest; do
    case $name in ''|'#'*) continue ;; esac
    if [ -n "$only" ] && [[ ",$only," != *",$name,"* ]]; then continue; fi
    names+=("$name"); dirs+=("$(dirname "$manifest")"); maxlens+=("$max_len")
    nth=$((nth + 1))
    [ "$afl_per_manifest" -gt 0 ] && [ $nth -gt "$afl_per_manifest" ] && afl_sampled[$name]=1
  done <"$manifest"
done
[ ${#names[@]} -gt 0 ] || { say "no fuzzers found"; exit 2; }
say "${#names[@]} fuzzer(s): ${names[*]}; engines: $engines; work dir $work"

declare -A result # result[fuzzer,engine] = OK | FAIL (reason)

# Builds the fuzzer targets of a preset; on failure builds them one by one to
# say which fuzzer does not build. Fills result[] with FAIL (build) for those.
build_preset() {
  local preset=$1 dir=${tree[$1]:-$build_root/$1} t0=$SECONDS n
  local targets=()
  for n in "${names[@]}"; do [ -z "${result[$n,$preset]:-}" ] && targets+=("$n"); done
  [ ${#targets[@]} -gt 0 ] || return 0
  if [ ! -f "$dir/build.ninja" ] &&
    ! (cd "$root" && cmake --preset "$preset" -B "$dir" >"$work/configure-$preset.log" 2>&1); then
    for n in "${targets[@]}"; do result[$n,$preset]="FAIL (configure: see $work/configure-$preset.log)"; done
    return 1
  fi
  # afl-fuzz runs each fuzzer's CMPLOG twin (run_afl), never the plain afl
  # binary: when the preset makes twins, build <name>.cmplog only (the twin
  # tree is the same preset, sources and compiler, plus AFL_LLVM_CMPLOG)
  local suffix=""
  [ "$preset" = afl ] && grep -q "^build ${targets[0]}\.cmplog: phony" "$dir/build.ninja" && suffix=.cmplog
  if ! cmake --build "$dir" --parallel 2 --target "${targets[@]/%/$suffix}" >"$work/build-$preset.log" 2>&1; then
    for n in "${targets[@]}"; do
      cmake --build "$dir" --parallel 2 --target "$n$suffix" >"$work/build-$preset-$n.log" 2>&1 ||
        result[$n,$preset]="FAIL (build: see $work/build-$preset-$n.log)"
    done
  fi
  say "$preset: fuzzers built in $((SECONDS - t0)) s"
}

# The first line of a log that says what went wrong.
reason_of() {
  grep -m1 -oE '==formfuzz== INVARIANT [^ ]+|ERROR: [A-Za-z]+Sanitizer: [a-z-]+|runtime error: .{0,60}|deadly signal|ERROR: libFuzzer: [a-z-]+|PROGRAM ABORT : .{0,80}|no such file.{0,40}' "$1" |
    head -1 | sed 's/\x1b\[[0-9;]*m//g'
}

seeds_of() { # index -> seeds directory (may be empty or missing)
  echo "${dirs[$1]}/seeds/${names[$1]}"
}

run_libfuzzer() {
  local i=$1 n=${names[$1]} bin=${tree[libfuzzer]:-$build_root/libfuzzer}/fuzzers/${names[$1]} d=$work/libfuzzer/${names[$1]}
  rm -rf "$d"; mkdir -p "$d/corpus" "$d/artifacts"
  local seeds dict=(); seeds=$(seeds_of "$i")
  [ -f "${seeds}.dict" ] && dict=(-dict="${seeds}.dict")
  [ -d "$seeds" ] && cp -r "$seeds/." "$d/corpus/"
  timeout 300 "$bin" -runs="$runs" -seed=1 -max_len="${maxlens[$i]}" -timeout=10 "${dict[@]}" \
    -artifact_prefix="$d/artifacts/" "$d/corpus" >"$d/log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then result[$n,libfuzzer]=OK
  else result[$n,libfuzzer]="FAIL (exit $rc: $(reason_of "$d/log"); $d/log)"; fi
}

run_afl() {
  local i=$1 n=${names[$1]} bin=${tree[afl]:-$build_root/afl}/fuzzers/${names[$1]} d=$work/afl/${names[$1]}
  rm -rf "$d"; mkdir -p "$d/in"
  local seeds dict=() cmplog=(); seeds=$(seeds_of "$i")
  if [ -d "$seeds" ] && [ -n "$(ls -A "$seeds")" ]; then cp -r "$seeds/." "$d/in/"; else printf 0 >"$d/in/zero"; fi
  [ -f "${seeds}.dict" ] && dict=(-x "${seeds}.dict")
  # afl-fuzz 4.04c runs the main target in its cmplog forkserver: the twin is
  # the target, with -c 0 (see tools/lib/afl_command.c)
  local target=$bin
  [ -f "$bin.cmplog" ] && { target=$bin.cmplog; cmplog=(-c 0); }
  AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
    ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:symbolize=0 \
    timeout 300 afl-fuzz -i "$d/in" -o "$d/out" -E "$afl_execs" -s 1 -G "${maxlens[$i]}" \
    "${dict[@]}" "${cmplog[@]}" -- "$target" >"$d/log" 2>&1
  local rc=$? stats=$d/out/default/fuzzer_stats
  local execs crashes
  execs=$(awk -F' *: *' '$1=="execs_done"{print $2}' "$stats" 2>/dev/null)
  crashes=$(awk -F' *: *' '$1=="saved_crashes"{print $2}' "$stats" 2>/dev/null)
  if [ $rc -ne 0 ] || [ -z "$execs" ]; then
    result[$n,afl]="FAIL (exit $rc: $(reason_of "$d/log"); $d/log)"
  elif ! grep -q 'Persistent mode binary detected' "$d/log"; then
    result[$n,afl]="FAIL (not in persistent mode; $d/log)"
  elif [ "${crashes:-0}" != 0 ]; then
    result[$n,afl]="FAIL ($crashes crash(es) in $d/out/default/crashes)"
  else
    result[$n,afl]="OK"
  fi
}

run_replay() {
  local i=$1 n=${names[$1]} bin=${tree[replay]:-$build_root/replay}/fuzzers/${names[$1]} d=$work/replay/${names[$1]}
  rm -rf "$d"; mkdir -p "$d"
  local seeds; seeds=$(seeds_of "$i")
  if [ ! -d "$seeds" ] || [ -z "$(ls -A "$seeds")" ]; then
    printf 0 >"$d/zero"; seeds=$d/zero
  fi
  timeout 300 "$bin" "$seeds" >"$d/log" 2>&1
  local rc=$?
  if [ $rc -eq 0 ]; then result[$n,replay]=OK
  else result[$n,replay]="FAIL (exit $rc: $(reason_of "$d/log"); $d/log)"; fi
}

for engine in $engines; do
  if [ "$engine" = afl ] && ! command -v afl-fuzz >/dev/null; then
    for n in "${names[@]}"; do result[$n,afl]="FAIL (afl-fuzz not installed: make setup)"; done
    continue
  fi
  if [ "$engine" = afl ]; then
    for n in "${!afl_sampled[@]}"; do result[$n,afl]=SAMPLED; done
  fi
  build_preset "$engine"
  # --jobs fuzzers at a time: each run in a subshell that writes its result to
  # a file, read back once they have all ended
  t0=$SECONDS
  mkdir -p "$work/$engine"
  ran=()
  for i in "${!names[@]}"; do
    [ -n "${result[${names[$i]},$engine]:-}" ] && continue
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    ("run_$engine" "$i"; printf '%s' "${result[${names[$i]},$engine]:-}" >"$work/$engine/${names[$i]}.result") &
    ran+=("${names[$i]}")
  done
  wait
  for n in "${ran[@]}"; do
    result[$n,$engine]=$(cat "$work/$engine/$n.result" 2>/dev/null)
  done
  say "$engine: ran its fuzzers in $((SECONDS - t0)) s ($jobs at a time)"
done

failed=0
printf '%-24s' FUZZER
for e in $engines; do printf ' %-10s' "$e"; done
printf '\n'
for n in "${names[@]}"; do
  printf '%-24s' "$n"
  for e in $engines; do
    r=${result[$n,$e]:-FAIL (not run)}
    if [ "$r" = SAMPLED ]; then printf ' %-10s' -; continue; fi
    printf ' %-10s' "${r%% *}"
    [ "$r" = OK ] || failed=1
  done
  printf '\n'
done
for n in "${names[@]}"; do
  for e in $engines; do
    r=${result[$n,$e]:-FAIL (not run)}
    [ "$r" = OK ] || [ "$r" = SAMPLED ] || echo "$n/$e: $r"
  done
done
exit $failed
