# The metrics of `formfuzz run` and `formfuzz campaign` on the tools fixture
# (tests/tools/fixture), checked by the real Prometheus server (Debian package
# prometheus, scripts/setup.sh) on 127.0.0.1: a run serves /metrics on a port
# the system picks, Prometheus scrapes it every second with a temporary config
# and storage directory, and the series are read back through its HTTP API
# (/api/v1/query) with curl and jq; the served text and --metrics-file pass
# `promtool check metrics`. Also: a non-loopback --metrics is refused, a port
# in use is an error, and a short campaign's --metrics-file has every fuzzer
# and `formfuzz status` shows its real numbers. Every process started here is
# stopped by its pid; waits are bounded (about 60 s in all). Without the
# prometheus package the parts that need it are skipped and the test ends
# with exit 77 (skipped) after the others passed.
# Usage: prometheus_test.sh FORMFUZZ  (env: FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR,
# FF_TEST_ENGINE: builtin or libfuzzer, the preset's engine)
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
ff=$1
engine=${FF_TEST_ENGINE:-builtin}
have_prometheus=1
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "SKIP (the Prometheus parts): prometheus/promtool not installed (Debian package prometheus; scripts/setup.sh installs it)"
  have_prometheus=0
fi
promcheck() { # FILE WHAT
  [ $have_prometheus = 1 ] || return 0
  promtool check metrics < "$1" || fail "promtool: $2"
}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
# wait_for SECONDS COMMAND...: retries every 0.5 s until COMMAND succeeds
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}

# 1. a run with its endpoint on a free loopback port and a metrics file
"$ff" run tooltest_bytes --engine "$engine" --runs 1000000000 --seed 1 --out "$work/out" \
  --metrics 127.0.0.1:0 --metrics-file "$work/run.prom" > "$work/run.out" 2> "$work/run.err" &
run_pid=$!
pids+=("$run_pid")
url_line() { grep -o 'metrics at http://127\.0\.0\.1:[0-9]*/metrics' "$work/run.err"; }
wait_for 20 url_line > /dev/null || fail "no metrics URL announced: $(cat "$work/run.err")"
port=$(url_line | sed 's/.*:\([0-9]*\)\/metrics/\1/')
has_execs() { curl -sf "http://127.0.0.1:$port/metrics" | grep -q '^formfuzz_execs_total{fuzzer="tooltest_bytes"} [1-9]'; }
wait_for 20 has_execs || fail "the endpoint shows no executions"
curl -sf "http://127.0.0.1:$port/metrics" > "$work/served.prom"
promcheck "$work/served.prom" "served metrics"
promcheck "$work/run.prom" "metrics file"
grep -q '^formfuzz_running{fuzzer="tooltest_bytes"} 1$' "$work/served.prom" || fail "not running"
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/other")" = 404 ] || fail "404"
[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/metrics")" = 405 ] || fail "405"

# the same port again: an error before fuzzing (exit 3)
set +e
"$ff" run tooltest_bytes --engine "$engine" --runs 10 --out "$work/out2" --metrics "127.0.0.1:$port" > /dev/null 2> "$work/busy.err"
rc=$?
set -e
[ $rc = 3 ] && grep -q "metrics: cannot listen on 127.0.0.1:$port" "$work/busy.err" ||
  fail "port in use: rc $rc $(cat "$work/busy.err")"

# 2. Prometheus scrapes it
if [ $have_prometheus = 1 ]; then
cat > "$work/prometheus.yml" <<EOF2
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: formfuzz
    static_configs:
      - targets: ['127.0.0.1:$port']
EOF2
promtool check config "$work/prometheus.yml" > /dev/null || fail "promtool: config"
prom_port=
for attempt in 1 2 3 4 5; do
  candidate=$((20000 + (RANDOM % 30000)))
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$candidate" --log.level=warn > "$work/prom.log" 2>&1 &
  prom_pid=$!
  pids+=("$prom_pid")
  ready() { curl -sf "http://127.0.0.1:$candidate/-/ready" > /dev/null; }
  if wait_for 20 ready; then prom_port=$candidate; break; fi
  kill "$prom_pid" 2>/dev/null || true
  wait "$prom_pid" 2>/dev/null || true
done
[ -n "$prom_port" ] || fail "prometheus did not start: $(tail -5 "$work/prom.log")"
query() { curl -sf "http://127.0.0.1:$prom_port/api/v1/query" --data-urlencode "query=$1"; }
# value QUERY: the first sample's value ("" when none yet)
value() { query "$1" | jq -r '.data.result[0].value[1] // empty'; }
scraped() { [ "$(value 'up{job="formfuzz"}')" = 1 ] && [ -n "$(value 'formfuzz_execs_total{fuzzer="tooltest_bytes"}')" ]; }
wait_for 30 scraped || fail "prometheus has no formfuzz series: $(query 'up' ) $(tail -5 "$work/prom.log")"
first=$(value 'formfuzz_execs_total{fuzzer="tooltest_bytes"}')
grows() { [ "$(value 'formfuzz_execs_total{fuzzer="tooltest_bytes"}')" -gt "$first" ]; }
wait_for 15 grows || fail "formfuzz_execs_total did not grow between scrapes (first $first)"
for series in formfuzz_exec_per_second formfuzz_edges formfuzz_corpus_inputs formfuzz_rss_bytes; do
  v=$(value "$series{fuzzer=\"tooltest_bytes\"}")
  awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "$series is '$v' in prometheus"
done
for series in formfuzz_crashes_total formfuzz_stall_seconds formfuzz_stalled formfuzz_running; do
  [ -n "$(value "$series{fuzzer=\"tooltest_bytes\"}")" ] || fail "$series missing in prometheus"
done
[ "$(query 'formfuzz_execs_total' | jq -r '.data.result[0].metric.fuzzer')" = tooltest_bytes ] ||
  fail "fuzzer label"
echo "prometheus saw formfuzz_execs_total $first -> $(value 'formfuzz_execs_total{fuzzer="tooltest_bytes"}')"
kill "$prom_pid"
wait "$prom_pid" 2>/dev/null || true
fi
kill -INT "$run_pid"
wait "$run_pid" || fail "the run did not end cleanly"
grep -q '^formfuzz_running{fuzzer="tooltest_bytes"} 0$' "$work/run.prom" || fail "final metrics file"

# 3. only loopback unless allowed
set +e
"$ff" run tooltest_bytes --engine "$engine" --runs 10 --out "$work/out3" --metrics 0.0.0.0:9100 2> "$work/remote.err"
rc=$?
set -e
[ $rc = 2 ] && grep -q "0.0.0.0 is not a loopback address" "$work/remote.err" || fail "non-loopback: $rc"
# a metrics file in a directory that does not exist: exit 3 before fuzzing
set +e
"$ff" run tooltest_bytes --engine "$engine" --runs 10 --out "$work/out4" --metrics-file "$work/nowhere/m.prom" 2> "$work/file.err"
rc=$?
set -e
[ $rc = 3 ] && grep -q "cannot write the metrics file $work/nowhere/m.prom" "$work/file.err" ||
  fail "metrics file in a missing directory: $rc $(cat "$work/file.err")"
[ -e "$work/out4/tooltest_bytes/stats.json" ] && fail "fuzzed despite the metrics file error"

# 4. a short campaign: the metrics file has both fuzzers, status their numbers
"$ff" campaign --engine "$engine" --runs 20000 --seed 1 --jobs 2 --out "$work/cout" \
  --metrics-file "$work/campaign.prom" > "$work/campaign.out" 2>&1 || fail "campaign: $(tail "$work/campaign.out")"
promcheck "$work/campaign.prom" "campaign metrics file"
for f in tooltest_bytes tooltest_magic; do
  grep -q "^formfuzz_execs_total{fuzzer=\"$f\"} [1-9]" "$work/campaign.prom" || fail "$f not in campaign.prom"
done
"$ff" status "$work/cout" > "$work/status.txt" || fail "status of the campaign"
cat "$work/status.txt"
grep -q '^campaign.json: engine ' "$work/status.txt" || fail "status: no campaign line"
grep -Eq '^tooltest_bytes +ended +[1-9][0-9]* ' "$work/status.txt" || fail "status: tooltest_bytes row"
grep -Eq '^tooltest_magic +ended +[1-9][0-9]* ' "$work/status.txt" || fail "status: tooltest_magic row"
grep -q '^2 fuzzer(s): 0 running' "$work/status.txt" || fail "status: totals"
if [ $have_prometheus = 0 ]; then
  echo "monitor_prometheus: the parts without Prometheus passed; skipped: the scrape by Prometheus, promtool"
  exit 77
fi
echo "monitor_prometheus: ok"
