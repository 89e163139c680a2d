#!/usr/bin/env bash
# formfuzz live canary over HTTP on 127.0.0.1: a healthy formfuzz-econ
# (probe GET /health) passes both stages with variants of recorded requests
# (webhook create, list, queue read), errors counted only for 5xx or silence;
# with --pid, the server killed mid-run is rolled back.
# usage: canary_http.sh FORMFUZZ FORMFUZZ_ECON
set -u
ff=$1 econ=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
tok=live-token
start_econ() { # VAR
  local attempt pid i
  for attempt in 1 2 3 4 5; do
    next_port
    "$econ" --port "$port" --token "$tok" --allow-host hooks.example.com --max-time 60 --instance-id live >/dev/null 2>&1 & pid=$!
    for i in $(seq 50); do
      if curl -s --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null | grep -qx healthy; then
        pids+=("$pid"); printf -v "$1" '%s' "$port"; return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  echo "cannot start $econ"; exit 1
}
start_econ e
E=127.0.0.1:$e
mkdir -p "$tmp/seeds"
printf 'POST /api/v1/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Length: 77\r\nConnection: close\r\n\r\n{"url":"https://hooks.example.com/in","event_types":["metrics"],"secret":"s"}' "$tok" | head -c 10000 > "$tmp/seeds/create"
printf 'GET /api/v1/webhooks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nConnection: close\r\n\r\n' "$tok" > "$tmp/seeds/list"
printf 'GET /queue/usage_events/0/get_after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n' > "$tmp/seeds/queue"
"$ff" live canary --proto http --target "$E" --allow "$E" --probe /health --corpus "$tmp/seeds" \
  --stages 10,30 --dwell 1 --interval 0.25 --latency-floor-ms 150 --out "$tmp/o1" > "$tmp/o1.log" 2>&1
expect "healthy econ: exit 0" 0 "$?"
expect "both stages passed, no errors" "passed 2 0" "$(jq -r '"\(.result) \(.stages_passed) \(.fuzz_errors)"' "$tmp/o1/canary.json")"
sent=$(jq .fuzz_sent "$tmp/o1/canary.json")
expect "fuzz traffic follows the stages (about 40 requests, never more)" yes "$([ "$sent" -ge 20 ] && [ "$sent" -le 42 ] && echo yes || echo "no: $sent")"
"$ff" live canary --proto http --target "$E" --allow "$E" --probe 'no-slash' --out "$tmp/o0" >/dev/null 2>&1
expect "a probe that is not a path: exit 3" 3 "$?"

epid=${pids[-1]}
( sleep 1; kill -KILL "$epid" ) & # at once: no exit-time sanitizer work while the probe already fails
"$ff" live canary --proto http --target "$E" --allow "$E" --probe /health --corpus "$tmp/seeds" --pid "$epid" \
  --stages 10 --dwell 6 --interval 0.25 --breach-checks 2 --timeout 0.2 --out "$tmp/o2" > "$tmp/o2.log" 2>&1
expect "server killed: rolled back (exit 1)" 1 "$?"
expect "the reason names the probe and the process" yes "$(jq -r .rollback.reason "$tmp/o2/canary.json" | grep -q "probe failed.*process $epid gone" && echo yes || echo no)"
[ "$fails" -eq 0 ] && echo "all live canary http checks passed" || { echo "$fails check(s) failed"; exit 1; }
