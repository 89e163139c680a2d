# bench/real/engines.sh: one engine run of bench/real.sh and what is measured
# of it (sourced by bench/real.sh; needs T, trial and, for honggfuzz, HFUZZ).
#   run_lf BIN SEEDS DICT DIR [FLAG...]  built-in engine or libFuzzer (the same flags, plus FLAGs)
#   run_afl BIN SEEDS DICT DIR   afl-fuzz on the CMPLOG twin (-c 0)
#   run_hf BIN SEEDS DICT DIR    honggfuzz (persistent mode through libhfuzz)
# Each prints the directory of the final corpus and leaves crash inputs in
# DIR/artifacts.
#   coverage COVBIN DIR INPUTS...  "branches_covered branches_total lines_covered"
#   crash_buckets LFBIN ARTIFACTS  the number of unique crash buckets

# libFuzzer-style engine (formfuzz, libfuzzer) for T seconds in fork mode
# with one job (-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1):
# libFuzzer's way of fuzzing on past a crash, as afl-fuzz and honggfuzz do, so
# a shallow bug does not end the run. (libFuzzer's jobs are short, from
# corpus subsets; the built-in engine's one job fuzzes from the whole corpus
# until T is up or it fails: docs/engine.md, fork mode.) Leaks are not reported (AFL++ cannot see them either). The
# target's stdout and stderr go to /dev/null (-close_fd_mask=3; the engine's
# own lines stay), as afl-fuzz and honggfuzz send them: libpng's harness
# prints warnings at every execution, which went into the run's log file.
run_lf() { # bin seeds dict dir [flag...]
  local bin=$1 seeds=$2 dict=$3 d=$4
  shift 4
  mkdir -p "$d/corpus" "$d/artifacts"
  local flags=(-seed="$trial" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 -close_fd_mask=3 -timeout=10
    -rss_limit_mb=2048 -detect_leaks=0 -print_final_stats=1 -max_total_time="$T" -artifact_prefix="$d/artifacts/" "$@")
  [ -n "$dict" ] && flags+=(-dict="$dict")
  ASAN_OPTIONS=detect_leaks=0 "$(subreap_bin)" -n "${REAL_NICE:-0}" timeout $((T + 120)) \
    "$bin" "${flags[@]}" "$d/corpus" "$seeds" >"$d/log" 2>&1
  echo "$d/corpus"
}

run_afl() { # cmplog-bin seeds dict dir
  local target=$1 seeds=$2 dict=$3 d=$4 flags=(-s "$trial" -t 2000 -c 0)
  [ -n "$dict" ] && flags+=(-x "$dict")
  mkdir -p "$d"
  # afl-fuzz 4.04c leaves its fork servers running when it ends: subreap stops them
  ASAN_OPTIONS=abort_on_error=1:symbolize=0:detect_leaks=0 UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1 \
    AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    AFL_SKIP_CRASHES=1 AFL_CMPLOG_ONLY_NEW=1 \
    "$(subreap_bin)" -n "${REAL_NICE:-0}" timeout $((T + 120)) afl-fuzz -i "$seeds" -o "$d/out" -V "$T" "${flags[@]}" -- "$target" >"$d/log" 2>&1 &
  wait $!
  mkdir -p "$d/artifacts"
  local f
  for f in "$d"/out/default/crashes/id:*; do [ -f "$f" ] && cp "$f" "$d/artifacts/crash-$(sha1sum <"$f" | cut -c1-40)"; done
  echo "$d/out/default/queue"
}

# bench/real/subreap.c, built once: runs an engine in a session of its own
# at niceness REAL_NICE, kills what it leaves running and waits for all of
# it, so the engine's targets' CPU time reaches the shell's `times`
# (bench/real.sh's cpu_s).
subreap_bin() {
  local b=$REAL_CACHE/build/subreap src=${BASH_SOURCE[0]%/*}/subreap.c
  if [ ! -x "$b" ] || [ "$src" -nt "$b" ]; then
    mkdir -p "$REAL_CACHE/build"
    cc -O1 -o "$b.tmp.$$" "$src" && mv "$b.tmp.$$" "$b"
  fi
  echo "$b"
}


# honggfuzz, one thread, T seconds, new inputs into DIR/corpus (the seeds
# directory is only read); it has no seed option, so its trials differ by
# chance alone. Timeouts are not crashes (no -T), as for the other engines.
run_hf() { # hfuzz-bin seeds dict dir
  local target=$1 seeds=$2 dict=$3 d=$4 flags=(-n 1 -t 10 --rlimit_rss 2048)
  [ -n "$dict" ] && flags+=(-w "$dict")
  mkdir -p "$d/corpus" "$d/ws" "$d/crashes"
  "$(subreap_bin)" -n "${REAL_NICE:-0}" timeout $((T + 120)) "$HFUZZ" -i "$seeds" -o "$d/corpus" -W "$d/ws" --crashdir "$d/crashes" \
    --run_time "$T" "${flags[@]}" -- "$target" >"$d/log" 2>&1 &
  wait $!
  mkdir -p "$d/artifacts"
  local f
  for f in "$d"/crashes/*.fuzz; do [ -f "$f" ] && cp "$f" "$d/artifacts/crash-$(sha1sum <"$f" | cut -c1-40)"; done
  echo "$d/corpus"
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
