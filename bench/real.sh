#!/usr/bin/env bash
# Real-world targets (docs/real-targets.md; not part of `make test`): each
# library of bench/real/ (built from its Debian source package) fuzzed by the
# built-in engine (formfuzz cc), libFuzzer, AFL++ (CMPLOG twin, -c 0) and,
# when it is installed, honggfuzz, for T seconds from the same seeds (and
# dictionary), `trials` times; every final corpus (with the seeds) replayed
# through the target's one neutral llvm-cov build; a table of branch coverage
# (median, min, max), the ratio formfuzz / best peer, and unique crashes per
# engine (crash artifacts replayed on the libFuzzer build, deduplicated by
# the sanitizer's kind and top frame).
# usage: bench/real.sh [T] [trials]          (default 600 3)
#        bench/real.sh --table [T]           (the table of the rows file only)
#        bench/real.sh --smoke               (bench/real/selftest.sh, a small
#                                             target of this repository, 3 s a run)
# environment: TARGETS (default: libxml2 pcre2 expat sqlite3 libpng ldns nsd),
#   ENGINES (default: formfuzz libfuzzer afl, and honggfuzz when found),
#   REAL_PAR (runs at the same time, default 1), REAL_NICE (the engines'
#   niceness, default 0: 10 lets other work on the machine go first), REAL_ROWS (the rows file:
#   one line per run, appended as each run ends; runs already in it are not
#   run again, so a stopped benchmark resumes and can be spread over days;
#   default BENCH_DIR/results.tsv), REAL_CACHE (sources and builds, default
#   ~/.cache/formfuzz/real), BENCH_DIR (runs; default a new temporary one),
#   REAL_OFFLINE=1 (never download: a target whose source is not cached is skipped)
# What it downloads: each target's Debian source package (apt-get source, once;
# needs scripts/setup.sh --deb-src), nothing else.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
smoke=0 table_only=0
case ${1:-} in
  --smoke) smoke=1; shift ;;
  --table) table_only=1; shift ;;
  -h|--help) sed -n '2,/^set -uo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
T=${1:-600}
TRIALS=${2:-3}
TARGETS=${TARGETS:-libxml2 pcre2 expat sqlite3 libpng ldns nsd}
REAL_PAR=${REAL_PAR:-1}
export REAL_CACHE=${REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/formfuzz/real}
say() { echo "real: $*" >&2; }
. "$root/scripts/hfuzz-find.sh"
. "$root/bench/real/engines.sh"
HFUZZ=$(hfuzz_find honggfuzz || true)
if [ -z "${ENGINES:-}" ]; then
  ENGINES="formfuzz libfuzzer afl"
  [ -n "$HFUZZ" ] && [ -n "$(hfuzz_find hfuzz-clang)" ] && ENGINES+=" honggfuzz"
fi
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-real.XXXXXX)}
mkdir -p "$work"
rows=${REAL_ROWS:-$work/results.tsv}
if [ "$smoke" = 1 ]; then
  # bench/real/selftest.sh: no download, seconds to build; the engines found here
  T=3 TRIALS=1 TARGETS=selftest ENGINES="formfuzz libfuzzer"
  command -v afl-fuzz >/dev/null && command -v afl-clang-fast >/dev/null && ENGINES+=" afl"
  [ -n "$HFUZZ" ] && [ -n "$(hfuzz_find hfuzz-clang)" ] && ENGINES+=" honggfuzz"
  REAL_PAR=2
fi
for t in $TARGETS; do [ -x "$root/bench/real/$t.sh" ] || { say "no build script bench/real/$t.sh"; exit 2; }; done
[[ $T =~ ^[0-9]+$ ]] && [[ $TRIALS =~ ^[0-9]+$ ]] && [[ $REAL_PAR =~ ^[1-9][0-9]*$ ]] ||
  { say "T, trials and REAL_PAR are whole numbers (see --help)"; exit 2; }
for e in $ENGINES; do
  case $e in
    formfuzz|libfuzzer) ;;
    afl) command -v afl-fuzz >/dev/null || { say "afl-fuzz not installed: AFL++ skipped"; ENGINES=${ENGINES/afl/}; } ;;
    honggfuzz) [ -n "$HFUZZ" ] || { say "honggfuzz not found (HFUZZ_DIR or PATH, docs/peers.md): skipped"; ENGINES=${ENGINES/honggfuzz/}; } ;;
    *) say "unknown engine $e (formfuzz libfuzzer afl honggfuzz)"; exit 2 ;;
  esac
done
header=$'target\tengine\ttrial\tbranches\tbranches_total\tlines\tcorpus\tcrash_buckets\tcpu_s\tT\tdate\tcommit'
[ -s "$rows" ] || echo "$header" >"$rows"
head -1 "$rows" | grep -c $'\tcpu_s\tT\t' >/dev/null || { say "$rows is not a rows file of this script (header: $header)"; exit 2; }

# the row of one run, if the rows file has it (same target/fuzzer, engine, trial and T)
has_row() { awk -F'\t' -v t="$1" -v e="$2" -v n="$3" -v T="$T" '$1 == t && $2 == e && $3 == n && $10 == T { f = 1 } END { exit !f }' "$rows"; }
add_row() { flock "$rows.lock" sh -c 'printf "%s\n" "$1" >>"$2"' _ "$1" "$rows"; }
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo ?)

# engines -> build variants (cov always; libfuzzer too: crash triage replays
# on it). AFL++ fuzzes only the CMPLOG twin (-c 0), so its plain build is not needed.
variants_for() {
  local v="cov"
  for e in $ENGINES; do case $e in formfuzz) v+=" formfuzz" ;; libfuzzer) v+=" libfuzzer" ;; afl) v+=" afl-cmplog" ;; honggfuzz) v+=" honggfuzz" ;; esac; done
  [[ " $ENGINES " == *" libfuzzer "* ]] || v+=" libfuzzer"
  echo "$v"
}

# One run: the engine for T seconds, then its coverage and crash buckets; its
# row goes to the rows file. cpu_s: user + system seconds of every process of
# the run (afl-fuzz's and honggfuzz's targets through subreap).
one_run() { # target/fuzzer engine trial bin-dir seeds dict
  local tf=$1 e=$2 trial=$3 bin=$4 seeds=$5 dict=$6 fz=${1#*/}
  local d=$work/$tf/$e-$trial corpus b btot l cb n cpu
  rm -rf "$d"; mkdir -p "$d"
  say "$tf: $e trial $trial (${T}s)"
  corpus=$(
    case $e in
      formfuzz) run_lf "$bin/formfuzz/$fz" "$seeds" "$dict" "$d" -binary_tokens=1 ;;
      libfuzzer) run_lf "$bin/libfuzzer/$fz" "$seeds" "$dict" "$d" ;;
      afl) run_afl "$bin/afl-cmplog/$fz" "$seeds" "$dict" "$d" ;;
      honggfuzz) run_hf "$bin/honggfuzz/$fz" "$seeds" "$dict" "$d" ;;
    esac
    times >"$d/times" # a builtin, in this shell: its second line is the waited children's user and system time
  )
  cpu=$(awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$d/times" 2>/dev/null)
  read -r b btot l < <(coverage "$bin/cov/$fz" "$d/cov" "$corpus" "$seeds")
  cb=0; [ -x "$bin/libfuzzer/$fz" ] && cb=$(crash_buckets "$bin/libfuzzer/$fz" "$d/artifacts")
  n=$(find "$corpus" -maxdepth 1 -type f | wc -l)
  add_row "$(printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s' "$tf" "$e" "$trial" "$b" "$btot" "$l" "$n" "$cb" "${cpu:-?}" "$T" "$(date -u +%F)" "$commit")"
  say "$tf: $e trial $trial: $b of $btot branches, corpus $n, $cb crash bucket(s), ${cpu:-?} CPU s"
}

stats() { # numbers -> "median min max"
  tr ' ' '\n' | grep -E '^[0-9]+$' | sort -n | awk '{v[NR]=$1} END { if (NR == 0) { print "? ? ?"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2); print m, v[1], v[NR] }'
}

# The table of the rows file for this T (every target/fuzzer in it).
table() {
  echo "bench/real.sh $T   (table made $(date -u '+%Y-%m-%d %H:%M UTC'), commit $commit; rows: $rows)"
  printf '%-28s %-10s %6s %22s %10s %8s %8s\n' "target/fuzzer" engine trials "branches med (min-max)" "of total" crashes "cpu s"
  local tf e rows_e med min max tot cr cpu best ff
  for tf in $(awk -F'\t' -v T="$T" 'NR > 1 && $10 == T {print $1}' "$rows" | awk '!s[$0]++'); do
    best=0 ff=0
    for e in seeds formfuzz libfuzzer afl honggfuzz; do
      rows_e=$(awk -F'\t' -v t="$tf" -v e="$e" -v T="$T" '$1 == t && $2 == e && $10 == T' "$rows")
      [ -n "$rows_e" ] || continue
      read -r med min max < <(echo "$rows_e" | cut -f4 | tr '\n' ' ' | stats)
      tot=$(echo "$rows_e" | cut -f5 | head -1)
      cr=$(echo "$rows_e" | cut -f8 | sort -n | tail -1)
      cpu=$(echo "$rows_e" | cut -f9 | tr '\n' ' ' | stats | cut -d' ' -f1)
      printf '%-28s %-10s %6s %22s %10s %8s %8s\n' "$tf" "$e" "$(echo "$rows_e" | wc -l)" "$med ($min-$max)" "$tot" "$cr" "$cpu"
      case $e in formfuzz) ff=$med ;; seeds) ;; *) [[ $med =~ ^[0-9]+$ ]] && [ "$med" -gt "$best" ] && best=$med ;; esac
    done
    awk -v a="$ff" -v b="$best" -v t="$tf" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%-28s formfuzz / best peer (median branches): %.2f\n", t, a / b }'
  done
  echo "(branches: llvm-cov branch coverage of the target's neutral build over final corpus + seeds;"
  echo " crashes: most unique buckets in one trial, replayed on the libFuzzer build; cpu s: median CPU seconds of a run)"
}

if [ "$table_only" = 1 ]; then table; exit 0; fi
# the tool formfuzz cc runs (FORMFUZZ_BIN, default the release build of ./formfuzz)
"${FORMFUZZ_BIN:-$root/formfuzz}" --help >/dev/null || exit 3
command -v llvm-profdata >/dev/null && command -v llvm-cov >/dev/null || { say "llvm-profdata/llvm-cov missing (scripts/setup.sh)"; exit 3; }
command -v flock >/dev/null || { say "flock missing (util-linux)"; exit 3; }
# afl-fuzz and honggfuzz start their targets in sessions of their own: with
# the kernel's autogroups on, each such session is a scheduling group of its
# own at niceness 0, so a REAL_NICE would hold for the other engines only
if [ "${REAL_NICE:-0}" != 0 ] && [ "$(cat /proc/sys/kernel/sched_autogroup_enabled 2>/dev/null)" = 1 ]; then
  say "REAL_NICE=$REAL_NICE needs kernel.sched_autogroup_enabled=0 (afl-fuzz's and honggfuzz's targets would escape it): sysctl -w kernel.sched_autogroup_enabled=0, or REAL_NICE=0"
  exit 2
fi
subreap_bin >/dev/null || { say "could not build bench/real/subreap.c"; exit 3; }

# Builds first (each target's missing variants), then the runs: trial by
# trial, so a cut-short benchmark has every engine's first trials; REAL_PAR
# runs at a time.
for t in $TARGETS; do
  say "== $t: building $(variants_for) (bench/real/$t.sh)"
  if ! bash "$root/bench/real/$t.sh" $(variants_for) >&2; then say "$t: build failed, skipped"; continue; fi
  bin=$REAL_CACHE/bin/$t
  for fz in $(ls "$bin/cov"); do
    seeds=$REAL_CACHE/seeds/$t/$fz
    dict=$(bash -c ". '$root/bench/real/$t.sh' --help >/dev/null; SRC=\$(cat '$REAL_CACHE/src/'\$PKG/.done); type dict_for >/dev/null 2>&1 && dict_for $fz" 2>/dev/null || true)
    [ -n "$dict" ] && [ ! -f "$dict" ] && dict=""
    if ! has_row "$t/$fz" seeds 0; then
      read -r sb stot sl < <(coverage "$bin/cov/$fz" "$work/$t/$fz/seeds-cov" "$seeds")
      add_row "$(printf '%s\tseeds\t0\t%s\t%s\t%s\t%s\t0\t0\t%s\t%s\t%s' "$t/$fz" "$sb" "$stot" "$sl" "$(ls "$seeds" | wc -l)" "$T" "$(date -u +%F)" "$commit")"
    fi
    for trial in $(seq 1 "$TRIALS"); do
      for e in $ENGINES; do
        if has_row "$t/$fz" "$e" "$trial"; then say "$t/$fz: $e trial $trial: in $rows already"; continue; fi
        while [ "$(jobs -rp | wc -l)" -ge "$REAL_PAR" ]; do wait -n; done
        one_run "$t/$fz" "$e" "$trial" "$bin" "$seeds" "$dict" &
      done
    done
  done
done
wait
table | tee "$work/table.txt"
