#!/usr/bin/env bash
# Fork mode (-fork=N) of the built-in engine, on planted targets, with fixed
# seeds and execution budgets:
#   ignore  BINARY  fork_crashy with -ignore_crashes=1: several crash
#                   artifacts (the shallow crash and the deep bug, each kept
#                   once however often jobs hit it), the corpus grows after the
#                   first crash, a crashing seed and a FIFO in the corpus are
#                   reported and skipped, exit 0, the temporary directory gone
#   stop    BINARY  fork_crashy without it: stops at the first crash with the
#                   job's exit code (77, as libFuzzer), one artifact, the job's log
#   sigterm BINARY  the empty target fuzzed without limits: SIGTERM to the
#                   parent ends it with 72 and leaves no job process behind
#   whole   BINARY  fork_crashy with -fork=1 -ignore_crashes=1: each job
#                   starts from the whole corpus (not a subset, read in
#                   place, not linked input by input) and fuzzes
#                   until a crash or the -runs left; every job's status
#                   lines reach the parent's output
#   interrupt BINARY  minijson with -fork=1 and no limit: the job's status
#                   lines reach the parent's output and its stats file
#                   (-stats_json) while it runs; SIGINT ends
#                   the run with 72 and what the job found is in the corpus
# usage: fork_test.sh MODE BINARY
set -u
mode=$1 binary=$2
work=$(mktemp -d /tmp/ff-fork-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/corpus" "$work/artifacts" "$work/tmp"
export TMPDIR="$work/tmp"
export ASAN_OPTIONS="symbolize=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" # frames by address: faster, same signatures
fail() {
  echo "FAIL: $*"
  [ -f "$work/out" ] && { echo "--- output (last 60 lines) ---"; tail -60 "$work/out"; }
  exit 1
}
ok() { echo "ok: $*"; }

# The temporary directory of the engine is gone.
check_no_temp() {
  local left
  left=$(ls -A "$work/tmp")
  [ -z "$left" ] || fail "left in TMPDIR: $left"
  ok "temporary directory removed"
}

# Replays an artifact; prints its exit code and report kind.
replay_kind() {
  local out code
  out=$("$binary" "$1" 2>&1)
  code=$?
  if grep -q "AddressSanitizer: SEGV" <<<"$out"; then echo "$code SEGV"
  elif grep -q "libFuzzer: deadly signal" <<<"$out"; then echo "$code deadly-signal"
  else echo "$code none"; fi
}

case "$mode" in
ignore)
  printf 'e' >"$work/corpus/crashing-seed" # 'e' * 13 = 0x21 (mod 256): the shallow crash
  # one byte short of the deep bug: the jobs reach it at once, so the run
  # holds both crashes whatever order the jobs finish in (from scratch the
  # deep bug took 2152 to 15508 runs over seeds 1-8, and the job schedule
  # depends on timing)
  printf 'DDEEPBUG!FORX' >"$work/corpus/near-deep"
  mkfifo "$work/corpus/fifo"
  "$binary" -fork=2 -ignore_crashes=1 -seed=1 -runs=10000 -fork_job_runs=2000 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/out" 2>&1
  code=$?
  [ "$code" -eq 0 ] || fail "exit $code, expected 0"
  ok "exit 0 after -runs"
  grep -q "crashing-seed' failed the target; skipping it" "$work/out" || fail "the crashing seed was not reported"
  grep -q "skipping $work/corpus/fifo: not a regular file" "$work/out" || fail "the FIFO was not reported"
  ok "bad corpus files reported and skipped"
  crashes=$(ls "$work/artifacts" | grep -c '^crash-[0-9a-f]\{40\}$')
  [ "$crashes" -eq 2 ] || fail "$crashes crash artifacts, expected 2 (shallow and deep, once each)"
  grep -q "a duplicate of a kept artifact" "$work/out" || fail "no job's crash was recognized as a duplicate"
  kinds=""
  for a in "$work"/artifacts/crash-*; do kinds="$kinds$(replay_kind "$a");"; done
  case "$kinds" in *"77 deadly-signal;"*) ;; *) fail "no artifact replays as the shallow abort: $kinds" ;; esac
  case "$kinds" in *"1 SEGV;"*) ;; *) fail "no artifact replays as the deep SEGV: $kinds" ;; esac
  ok "2 crash artifacts, the shallow and the deep bug, each replays ($kinds)"
  # after the first crash the jobs went on and got further: the corpus grew or
  # the deep bug was found (a job can reach the deep bug's last compare before
  # any job crashes, then only the deep crash itself is new)
  # "#<runs>: cov: E ft: F corp: N exec/s: X oom/timeout/crash: O/T/C time: Ss job: J"
  awk '/^#[0-9]+: cov: / { split($11, f, "/"); if (f[3] >= 1 && first == "") first = $7;
                            if (first != "" && $7 > first) grew = "the corpus grew from " first " to " $7 }
       /new crash \(AddressSanitizer: SEGV/ { if (first != "" && grew == "") grew = "the deep bug was found" }
       END { if (grew == "") exit 1; print "after the first crash " grew }' \
    "$work/out" >"$work/grew" || fail "no progress after the first crash"
  ok "$(cat "$work/grew")"
  check_no_temp
  ;;
stop)
  "$binary" -fork=2 -seed=1 -runs=1000000 -fork_job_runs=2000 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/out" 2>&1
  code=$?
  [ "$code" -eq 77 ] || fail "exit $code, expected 77 (the job's deadly signal)"
  crashes=$(ls "$work/artifacts" | grep -c '^crash-[0-9a-f]\{40\}$')
  [ "$crashes" -eq 1 ] || fail "$crashes crash artifacts, expected 1"
  grep -q "INFO: log from the inner process:" "$work/out" || fail "the job's log was not printed"
  runs=$(grep -o '^#[0-9]*: cov:' "$work/out" | tail -1 | tr -dc 0-9)
  [ -n "$runs" ] && [ "$runs" -lt 1000000 ] || fail "did not stop early (runs: '$runs')"
  ok "stopped at the first crash: exit 77, 1 artifact, after $runs runs"
  check_no_temp
  ;;
sigterm)
  "$binary" -fork=2 -seed=1 -fork_job_runs=100000000 "$work/corpus" >"$work/out" 2>&1 &
  parent=$!
  jobs_seen=0
  for _ in $(seq 100); do # up to 10 s for both jobs to start
    jobs_seen=$(pgrep -c -P "$parent")
    [ "$jobs_seen" -ge 2 ] && break
    sleep 0.1
  done
  [ "$jobs_seen" -ge 2 ] || { kill -KILL "$parent"; fail "the jobs did not start"; }
  job_pids=$(pgrep -P "$parent" | tr '\n' ' ')
  kill -TERM "$parent"
  wait "$parent"
  code=$?
  [ "$code" -eq 72 ] || fail "exit $code after SIGTERM, expected 72"
  for pid in $job_pids; do
    if kill -0 "$pid" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
      fail "job process $pid outlived the parent"
    fi
  done
  ok "SIGTERM: exit 72, the job processes ($job_pids) are gone"
  check_no_temp
  # SIGKILL leaves the parent no way to act: the jobs die by PR_SET_PDEATHSIG
  "$binary" -fork=2 -seed=2 -fork_job_runs=100000000 "$work/corpus" >"$work/out" 2>&1 &
  parent=$!
  for _ in $(seq 100); do
    [ "$(pgrep -c -P "$parent")" -ge 2 ] && break
    sleep 0.1
  done
  job_pids=$(pgrep -P "$parent" | tr '\n' ' ')
  [ -n "$job_pids" ] || { kill -KILL "$parent"; fail "the jobs did not start"; }
  kill -KILL "$parent"
  wait "$parent" 2>/dev/null
  for pid in $job_pids; do
    for _ in $(seq 50); do
      { ! kill -0 "$pid" 2>/dev/null || grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; } && break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null; then
      kill -KILL "$pid"
      fail "job process $pid outlived the SIGKILLed parent"
    fi
  done
  ok "SIGKILL: the job processes ($job_pids) died with the parent"
  ;;
whole)
  printf 'DDEEPBUG!FORX' >"$work/corpus/near-deep"
  printf 'D' >"$work/corpus/d"
  "$binary" -fork=1 -ignore_crashes=1 -seed=1 -runs=4000 -verbosity=2 \
    -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/out" 2>&1
  code=$?
  [ "$code" -eq 0 ] || fail "exit $code, expected 0"
  # "INFO: job J started: pid P, S seed(s), ..." after "#R: cov: E ft: F corp: N ...":
  # job J > 1 starts from all N inputs (libFuzzer's policy would give it sqrt(N + 2))
  awk '/^#[0-9]+: cov: / { corp = $7 }
       /^INFO: job [0-9]+ started:/ { jobs++; if ($3 > 1) { later++; if ($7 != corp) { print "job " $3 ": " $7 " seeds of " corp; bad = 1 } } }
       END { if (bad || later < 1) exit 1; print jobs " jobs, each after the first from the whole corpus (" corp " inputs at the end)" }' \
    "$work/out" >"$work/whole" || fail "$(cat "$work/whole") (or fewer than 2 jobs)"
  ok "$(cat "$work/whole")"
  # the whole corpus is read where it is, not linked into the job's directory
  # input by input (that cost a crash-prone target more system time than fuzzing)
  linked=$(grep '^INFO: job [0-9]* started:' "$work/out" | grep -vc ', seeds read in place$')
  [ "$linked" -eq 0 ] || fail "$linked job(s) got their seeds as links"
  ok "every job read its seeds in place"
  # every job's status lines are passed on (at the latest when it ends): one INITED line a job
  started=$(grep -c '^INFO: job [0-9]* started:' "$work/out")
  inited=$(grep -c $'^#[0-9]*\tINITED ' "$work/out")
  [ "$inited" -eq "$started" ] || fail "$inited INITED status lines passed on for $started jobs"
  ok "the status lines of all $started jobs passed on"
  check_no_temp
  ;;
interrupt)
  "$binary" -fork=1 -seed=1 -stats_json="$work/stats.json" "$work/corpus" >"$work/out" 2>&1 &
  parent=$!
  for _ in $(seq 300); do # up to 30 s for a status line of the job with 10 inputs or more
    awk '/^#[0-9]+\t(NEW|REDUCE|pulse) .* corp: / { split($0, a, "corp: "); split(a[2], n, "/"); if (n[1] >= 10) f = 1 } END { exit !f }' \
      "$work/out" && break
    sleep 0.1
  done
  for _ in $(seq 50); do # up to 5 s for the stats file (-stats_interval=1) to show the job's corpus
    grep -q '"corpus_size":[1-9][0-9]' "$work/stats.json" 2>/dev/null && break
    sleep 0.1
  done
  stats=$(cat "$work/stats.json" 2>/dev/null)
  kill -INT "$parent"
  wait "$parent"
  code=$?
  grep -q '"corpus_size":[1-9][0-9]' <<<"$stats" || fail "the stats file did not follow the running job: '$stats'"
  ok "the stats file followed the running job"
  [ "$code" -eq 72 ] || fail "exit $code after SIGINT, expected 72"
  grep -q $'^#[0-9]*\tNEW ' "$work/out" || fail "no status line of the running job reached the output"
  ok "the running job's status lines reached the output"
  kept=$(ls "$work/corpus" | wc -l)
  [ "$kept" -ge 10 ] || fail "$kept inputs in the corpus after SIGINT: the job's finds were lost"
  ok "SIGINT: exit 72, the job's finds merged ($kept inputs)"
  check_no_temp
  ;;
*)
  echo "usage: $0 ignore|stop|sigterm|whole|interrupt BINARY" >&2
  exit 2
  ;;
esac
