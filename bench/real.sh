#!/usr/bin/env bash
# Real-world targets (docs/real-targets.md; not part of `make test`): each
# library of bench/real/ (built from its Debian source package) fuzzed by the
# built-in engine (formfuzz cc), libFuzzer and AFL++ (CMPLOG twin, -c 0) for T
# seconds from the same seeds (and dictionary), `trials` times; every final
# corpus (with the seeds) replayed through the target's one neutral llvm-cov
# build; a table of branch coverage (median, min, max), the ratio formfuzz /
# best peer, and unique crashes per engine (crash artifacts replayed on the
# libFuzzer build, deduplicated by the sanitizer's kind and top frame).
# usage: bench/real.sh [T] [trials]          (default 600 3)
#        bench/real.sh --smoke               (expat, builtin only, 5 s, only
#                                             when its builds are cached)
# environment: TARGETS (default: libxml2 pcre2 expat sqlite3 libpng ldns),
#   ENGINES (default: formfuzz libfuzzer afl), REAL_CACHE (sources and builds,
#   default ~/.cache/formfuzz/real), BENCH_DIR (runs and results),
#   REAL_OFFLINE=1 (never download: a target whose source is not cached is skipped)
# What it downloads: each target's Debian source package (apt-get source, once;
# needs scripts/setup.sh --deb-src), nothing else.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
smoke=0
if [ "${1:-}" = --smoke ]; then smoke=1; shift; fi
case ${1:-} in -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
T=${1:-600}
TRIALS=${2:-3}
TARGETS=${TARGETS:-libxml2 pcre2 expat sqlite3 libpng ldns}
ENGINES=${ENGINES:-formfuzz libfuzzer afl}
export REAL_CACHE=${REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/formfuzz/real}
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-real.XXXXXX)}
mkdir -p "$work"
if [ "$smoke" = 1 ]; then
  T=5 TRIALS=1 TARGETS=expat ENGINES=formfuzz
  export REAL_OFFLINE=1
  for v in formfuzz cov; do
    [ -x "$REAL_CACHE/bin/expat/$v/expat_xml_parse_fuzzer" ] ||
      { echo "real: smoke skipped: $REAL_CACHE/bin/expat/$v/expat_xml_parse_fuzzer is not built (bench/real/expat.sh formfuzz cov)"; exit 0; }
  done
fi
export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
  AFL_SKIP_CRASHES=1 AFL_CMPLOG_ONLY_NEW=1
say() { echo "real: $*" >&2; }
for t in $TARGETS; do [ -x "$root/bench/real/$t.sh" ] || { say "no build script bench/real/$t.sh"; exit 2; }; done
[[ $T =~ ^[0-9]+$ ]] && [[ $TRIALS =~ ^[0-9]+$ ]] || { say "T and trials are whole numbers (see --help)"; exit 2; }
command -v llvm-profdata >/dev/null && command -v llvm-cov >/dev/null || { say "llvm-profdata/llvm-cov missing (scripts/setup.sh)"; exit 3; }
if [[ " $ENGINES " == *" afl "* ]] && ! command -v afl-fuzz >/dev/null; then
  say "afl-fuzz not installed: AFL++ skipped"; ENGINES=${ENGINES/afl/}
fi
# the tool formfuzz cc runs (the release build of ./formfuzz) and the engine it links
[ "$smoke" = 1 ] || "$root/formfuzz" --help >/dev/null || exit 3

# engines -> build variants (cov always). AFL++ fuzzes only the CMPLOG twin
# (-c 0), so its plain build (variant afl) is not needed here.
variants_for() {
  local v="cov"
  for e in $ENGINES; do case $e in formfuzz) v+=" formfuzz" ;; libfuzzer) v+=" libfuzzer" ;; afl) v+=" afl-cmplog" ;; esac; done
  [[ " $ENGINES " == *" libfuzzer "* ]] || [ "$smoke" = 1 ] || v+=" libfuzzer" # crash triage replays on it
  echo "$v"
}

# libFuzzer-style engine (formfuzz, libfuzzer) for T seconds; restarted from
# its corpus after a crash (at most 30 restarts) so a shallow bug does not end
# the run early. Leaks are not reported (AFL++ cannot see them either).
run_lf() { # bin seeds dict dir
  local bin=$1 seeds=$2 dict=$3 d=$4 end=$((SECONDS + T)) n=0 left
  mkdir -p "$d/corpus" "$d/artifacts"
  local flags=(-seed="$trial" -timeout=10 -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$d/artifacts/")
  [ -n "$dict" ] && flags+=(-dict="$dict")
  while left=$((end - SECONDS)); [ "$left" -gt 0 ] && [ "$n" -lt 30 ]; do
    echo "==real== start $n, ${left}s left" >>"$d/log"
    "$bin" "${flags[@]}" -max_total_time="$left" "$d/corpus" "$seeds" >>"$d/log" 2>&1
    n=$((n + 1))
    flags[0]=-seed=$((trial * 1000 + n))
  done
  echo "$d/corpus"
}

run_afl() { # cmplog-bin seeds dict dir
  local target=$1 seeds=$2 dict=$3 d=$4 flags=(-s "$trial" -t 2000 -c 0)
  [ -n "$dict" ] && flags+=(-x "$dict")
  mkdir -p "$d"
  # in a process group of its own: afl-fuzz 4.04c leaves its fork servers
  # running when it ends, and they are stopped with the group
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1 \
    setsid timeout $((T + 120)) afl-fuzz -i "$seeds" -o "$d/out" -V "$T" "${flags[@]}" -- "$target" >"$d/log" 2>&1 &
  local pid=$!
  wait "$pid"
  kill -- -"$pid" 2>/dev/null
  mkdir -p "$d/artifacts"
  local f
  for f in "$d"/out/default/crashes/id:*; do [ -f "$f" ] && cp "$f" "$d/artifacts/crash-$(sha1sum <"$f" | cut -c1-40)"; done
  echo "$d/out/default/queue"
}

# Branches (and lines) the inputs reach in the llvm-cov build: every input
# runs in the replay driver, 20 per process, profiles merged in a pool of 4
# files; a process that dies takes its inputs' counts along, so such a batch
# is run again one input at a time.
coverage() { # covbin dir inputs... -> "branches_covered branches_total lines_covered"
  local bin=$1 d=$2; shift 2
  rm -rf "$d"; mkdir -p "$d"
  find "$@" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sort >"$d/inputs"
  (cd "$d" && split -l 20 inputs batch.)
  local b
  for b in "$d"/batch.*; do
    [ -f "$b" ] || continue
    if ! LLVM_PROFILE_FILE="$d/p-%4m.profraw" xargs -d '\n' "$bin" <"$b" >/dev/null 2>&1; then
      while IFS= read -r f; do LLVM_PROFILE_FILE="$d/p-%4m.profraw" timeout 20 "$bin" "$f" >/dev/null 2>&1; done <"$b"
    fi
  done
  llvm-profdata merge -sparse "$d"/p-*.profraw -o "$d/merged.profdata" 2>/dev/null || { echo "? ? ?"; return; }
  llvm-cov export -summary-only -instr-profile="$d/merged.profdata" "$bin" 2>/dev/null |
    jq -r '.data[0].totals | "\(.branches.covered) \(.branches.count) \(.lines.covered)"'
}

# Unique crashes: each artifact replayed on the libFuzzer build; bucket =
# the sanitizer's error kind + the first frame in the target's code (UBSan:
# the file and line of the check, without the values in its message).
crash_buckets() { # lfbin artifacts-dir -> number of buckets (names in $dir/buckets)
  local bin=$1 a=$2 f
  : >"$a/../buckets"
  for f in "$a"/*; do
    [ -f "$f" ] || continue
    ASAN_OPTIONS=detect_leaks=0:symbolize=1 timeout 30 "$bin" "$f" 2>&1 |
      awk '/runtime error:/ && !k { k=$0; sub(/: runtime error:.*/, "", k); sub(/:[0-9]+$/, "", k); sub(/.*\//, "", k); k=k " runtime error" }
           /ERROR: AddressSanitizer: |ERROR: libFuzzer: / && !k { k=$0; sub(/.*(AddressSanitizer|libFuzzer): /, "", k); sub(/ on .*| \(.*/, "", k) }
           /^ *#[0-9]+ / && / in / && !/ in (__|fuzzer::|LLVMFuzzerTestOneInput|main|ff_|_start)/ && !fr { fr=$4 }
           END { if (k != "") print k " @ " fr }' >>"$a/../buckets"
  done
  sort -u "$a/../buckets" | grep -c . || true
}

stats() { # numbers -> "median min max"
  tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{v[NR]=$1} END { if (NR == 0) { print "? ? ?"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2); print m, v[1], v[NR] }'
}

results=$work/results.tsv
printf 'target\tengine\ttrial\tbranches\tbranches_total\tlines\tcorpus\tcrash_buckets\n' >"$results"
for t in $TARGETS; do
  say "== $t: building $(variants_for) (bench/real/$t.sh)"
  if ! bash "$root/bench/real/$t.sh" $(variants_for) >&2; then say "$t: build failed, skipped"; continue; fi
  bin=$REAL_CACHE/bin/$t
  # the target's fuzzer names, seeds and dictionary come from its script
  for fz in $(ls "$bin/cov"); do
    seeds=$REAL_CACHE/seeds/$t/$fz
    dict=$(bash -c ". '$root/bench/real/$t.sh' --help >/dev/null; SRC=\$(cat '$REAL_CACHE/src/'\$PKG/.done); type dict_for >/dev/null 2>&1 && dict_for $fz" 2>/dev/null || true)
    [ -n "$dict" ] && [ ! -f "$dict" ] && dict=""
    read -r sb stot sl < <(coverage "$bin/cov/$fz" "$work/$t/$fz/seeds-cov" "$seeds")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t/$fz" seeds 0 "$sb" "$stot" "$sl" "$(ls "$seeds" | wc -l)" 0 >>"$results"
    for trial in $(seq 1 "$TRIALS"); do
      for e in $ENGINES; do
        d=$work/$t/$fz/$e-$trial
        rm -rf "$d"
        say "$t/$fz: $e trial $trial (${T}s)"
        case $e in
          formfuzz) corpus=$(run_lf "$bin/formfuzz/$fz" "$seeds" "$dict" "$d") ;;
          libfuzzer) corpus=$(run_lf "$bin/libfuzzer/$fz" "$seeds" "$dict" "$d") ;;
          afl) corpus=$(run_afl "$bin/afl-cmplog/$fz" "$seeds" "$dict" "$d") ;;
        esac
        read -r b btot l < <(coverage "$bin/cov/$fz" "$d/cov" "$corpus" "$seeds")
        cb=0; [ -x "$bin/libfuzzer/$fz" ] && cb=$(crash_buckets "$bin/libfuzzer/$fz" "$d/artifacts")
        n=$(find "$corpus" -maxdepth 1 -type f | wc -l)
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t/$fz" "$e" "$trial" "$b" "$btot" "$l" "$n" "$cb" >>"$results"
        say "$t/$fz: $e trial $trial: $b of $btot branches, corpus $n, $cb crash bucket(s)"
      done
    done
  done
done

# the table
{
  echo "bench/real.sh $T $TRIALS   ($(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo ?))"
  printf '%-28s %-10s %22s %10s %8s\n' "target/fuzzer" engine "branches med (min-max)" "of total" crashes
  for tf in $(awk -F'\t' 'NR > 1 {print $1}' "$results" | uniq); do
    best=0 ff=0
    for e in seeds $ENGINES; do
      rows=$(awk -F'\t' -v t="$tf" -v e="$e" '$1 == t && $2 == e' "$results")
      [ -n "$rows" ] || continue
      read -r med min max < <(echo "$rows" | cut -f4 | tr '\n' ' ' | stats)
      tot=$(echo "$rows" | cut -f5 | head -1)
      cr=$(echo "$rows" | cut -f8 | sort -n | tail -1)
      printf '%-28s %-10s %22s %10s %8s\n' "$tf" "$e" "$med ($min-$max)" "$tot" "$cr"
      case $e in formfuzz) ff=$med ;; seeds) ;; *) [[ $med =~ ^[0-9]+$ ]] && [ "$med" -gt "$best" ] && best=$med ;; esac
    done
    awk -v a="$ff" -v b="$best" -v t="$tf" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%-28s formfuzz / best peer (median branches): %.2f\n", t, a / b }'
  done
  echo "(branches: llvm-cov branch coverage of the target's neutral build over final corpus + seeds;"
  echo " crashes: most unique buckets in one trial, replayed on the libFuzzer build; results: $results)"
} | tee "$work/table.txt"
