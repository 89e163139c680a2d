#!/usr/bin/env bash
# Campaign scheduling benchmark (not part of `make test`), on the bugs preset:
#   catch    FORMFUZZ_BUGS=<several replicas> formfuzz campaign over FUZZERS, the
#            same execution budget for both schedules (--runs R per fuzzer, so
#            R x fuzzers in all, --jobs 1): executions and seconds until every
#            replica's fuzzer has recorded a crash (campaign.json's
#            first_crash_execs / first_crash_s), --schedule bandit vs equal, one
#            campaign per seed; medians and their ratio (equal / bandit).
#   workers  no replica switched on: formfuzz campaign --time W over FUZZERS with
#            --jobs 1 and --jobs 2: executions of the whole campaign and their ratio.
# usage: bench/campaign.sh [--runs R] [--workers-time W] [--seeds "1 2 3"] [--parts "catch workers"]
#   --runs R          executions per fuzzer of the catch campaigns (default 30000)
#   --workers-time W  seconds of each workers campaign (default 30)
#   --seeds LIST      seeds of the catch campaigns (default "1 2 3")
#   --parts LIST      which parts (default "catch workers")
# Environment: FUZZERS (comma-separated), BUGS (comma-separated replica ids, each
# of one of FUZZERS), FORMFUZZ (the command, default ./formfuzz), BUILD_DIR (the
# bugs preset's build, default build/bugs; built when missing), BENCH_DIR.
# A replica not caught within the budget makes its campaign "not caught"; the
# median then counts it as the whole budget (a lower bound for that schedule).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=30000
workers_time=30
seeds="1 2 3"
parts="catch workers"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --workers-time) workers_time=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --parts) parts=$2; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "campaign.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
FUZZERS=${FUZZERS:-dns_geodns,dns_provisioning,infer_routing,scale_operations,scale_rollback,vm_lifecycle,vm_transfer}
BUGS=${BUGS:-dns.update_partial,infer.sni_list_bound,scale.finalize_without_results,vm.transfer_nonatomic}
FORMFUZZ=${FORMFUZZ:-$root/formfuzz}
BUILD_DIR=${BUILD_DIR:-$root/build/bugs}
work=${BENCH_DIR:-$(mktemp -d /tmp/ff-campaign-bench.XXXXXX)}
mkdir -p "$work" || exit 2
say() { echo "bench: $*" >&2; }
command -v jq >/dev/null || { echo "campaign.sh: needs jq" >&2; exit 2; }

# the fuzzer of each replica, from the components' bugs.tsv
bug_fuzzers=()
for id in ${BUGS//,/ }; do
  f=$(cat "$root"/components/*/bugs.tsv | awk -v id="$id" '$1 == id { print $2 }')
  [ -n "$f" ] || { echo "campaign.sh: $id is not in any bugs.tsv" >&2; exit 2; }
  case ",$FUZZERS," in *",$f,"*) ;; *) echo "campaign.sh: $id's fuzzer $f is not in FUZZERS" >&2; exit 2 ;; esac
  bug_fuzzers+=("$f")
done
fuzzer_count=$(echo "$FUZZERS" | tr ',' '\n' | grep -c .)

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  (cd "$root" && cmake --preset bugs -B "$BUILD_DIR" >/dev/null) || exit 2
fi
# shellcheck disable=SC2046
cmake --build "$BUILD_DIR" -j2 --target $(echo "$FUZZERS" | tr ',' ' ') >/dev/null || exit 2
export FORMFUZZ_BUILD_DIR=$BUILD_DIR

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# caught OUT -> "execs seconds" when every replica's fuzzer crashed, else "-"
caught() {
  local json=$1/campaign.json worst_e=0 worst_s=0 f e s
  for f in "${bug_fuzzers[@]}"; do
    e=$(jq -r --arg f "$f" '.fuzzers[] | select(.name == $f) | .first_crash_execs // empty' "$json")
    s=$(jq -r --arg f "$f" '.fuzzers[] | select(.name == $f) | .first_crash_s // empty' "$json")
    [ -n "$e" ] || { echo "-"; return; }
    [ "$e" -gt "$worst_e" ] && worst_e=$e
    worst_s=$(awk -v a="$worst_s" -v b="$s" 'BEGIN { print (b > a) ? b : a }')
  done
  echo "$worst_e $worst_s"
}

if [[ " $parts " == *" catch "* ]]; then
  budget=$((runs * fuzzer_count))
  say "catch: $fuzzer_count fuzzers, replicas $BUGS, --runs $runs (budget $budget executions), seeds $seeds"
  printf '%-8s %5s %14s %10s %14s\n' schedule seed execs_to_all seconds campaign_execs
  for schedule in bandit equal; do
    : >"$work/$schedule.execs"
    : >"$work/$schedule.seconds"
    for seed in $seeds; do
      out=$work/catch-$schedule-$seed
      rm -rf "$out"
      FORMFUZZ_BUGS=$BUGS "$FORMFUZZ" campaign --schedule "$schedule" --runs "$runs" --jobs 1 --seed "$seed" \
        --fuzzers "$FUZZERS" --out "$out" --no-build >"$out.log" 2>&1 ||
        { say "campaign failed: $out.log"; tail -5 "$out.log" >&2; }
      total=$(jq '[.fuzzers[].execs] | add' "$out/campaign.json" 2>/dev/null)
      read -r e s < <(caught "$out")
      if [ "$e" = "-" ]; then
        printf '%-8s %5s %14s %10s %14s\n' "$schedule" "$seed" "not caught" - "$total"
        echo "$budget" >>"$work/$schedule.execs"
      else
        printf '%-8s %5s %14s %10.1f %14s\n' "$schedule" "$seed" "$e" "$s" "$total"
        echo "$e" >>"$work/$schedule.execs"
        echo "$s" >>"$work/$schedule.seconds"
      fi
    done
  done
  be=$(median <"$work/bandit.execs"); ee=$(median <"$work/equal.execs")
  bs=$(median <"$work/bandit.seconds"); es=$(median <"$work/equal.seconds")
  echo "median executions until every replica is caught: bandit $be, equal $ee, equal/bandit $(awk -v a="$ee" -v b="$be" 'BEGIN { printf "%.2f", a / b }')x"
  echo "median seconds until every replica is caught: bandit ${bs:--}, equal ${es:--}, equal/bandit $(awk -v a="${es:-0}" -v b="${bs:-0}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')x"
fi

if [[ " $parts " == *" workers "* ]]; then
  say "workers: $fuzzer_count fuzzers, no replica, --time $workers_time, --jobs 1 vs 2 ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
  for jobs in 1 2; do
    out=$work/workers-$jobs
    rm -rf "$out"
    "$FORMFUZZ" campaign --time "$workers_time" --jobs "$jobs" --seed 1 --fuzzers "$FUZZERS" --out "$out" \
      --no-build >"$out.log" 2>&1 || { say "campaign failed: $out.log"; tail -5 "$out.log" >&2; }
    total=$(jq '[.fuzzers[].execs] | add' "$out/campaign.json")
    echo "$total" >"$work/workers-$jobs.execs"
    echo "--jobs $jobs: $total executions in ${workers_time} s"
  done
  w1=$(cat "$work/workers-1.execs"); w2=$(cat "$work/workers-2.execs")
  echo "executions with 2 workers / 1 worker: $(awk -v a="$w2" -v b="$w1" 'BEGIN { printf "%.2f", a / b }')x (load after: $(cut -d' ' -f1-3 /proc/loadavg))"
fi
say "outputs in $work"
