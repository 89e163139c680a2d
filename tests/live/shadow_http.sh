#!/usr/bin/env bash
# formfuzz live shadow for HTTP on 127.0.0.1 with formfuzz-econ: two clean
# servers differ only in generated webhook ids (a finding without rules, none
# with `http ignore-json-key id`; Date is ignored by default); the client gets
# the primary's answer; the econ.webhook_ssrf replica as shadow is found
# (201 where the primary refuses with 400); recorded traffic replayed with
# variants; the refused gate.
# usage: shadow_http.sh FORMFUZZ FORMFUZZ_ECON FORMFUZZ_ECON_BUGS
set -u
ff=$1 econ=$2 econbugs=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
tok=live-token
start_econ() { # VAR BIN [ENV...]
  local var=$1 bin=$2; shift 2
  local attempt pid i
  for attempt in 1 2 3 4 5; do
    next_port
    env "$@" "$bin" --port "$port" --token "$tok" --allow-host hooks.example.com --max-time 90 --instance-id live >/dev/null 2>&1 & pid=$!
    for i in $(seq 50); do
      if curl -s --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null | grep -qx healthy; then
        pids+=("$pid"); printf -v "$var" '%s' "$port"; return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  echo "cannot start $bin"; exit 1
}
proxy() { # PORTVAR OUT ARGS...
  local var=$1 out=$2; shift 2
  for attempt in 1 2 3; do
    next_port
    "$ff" live shadow --proto http --listen "127.0.0.1:$port" --out "$out" --max-time 60 "$@" > "$out.log" 2>&1 & ppid=$!
    pids+=("$ppid")
    for i in $(seq 20); do curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null && break; sleep 0.1; done
    if kill -0 "$ppid" 2>/dev/null; then printf -v "$var" '%s' "$port"; return 0; fi
  done
  echo "proxy did not start: $(cat "$out.log")"; exit 1
}
start_econ a "$econ"; start_econ b "$econ"; start_econ x "$econbugs" FORMFUZZ_BUGS=econ.webhook_ssrf
A=127.0.0.1:$a B=127.0.0.1:$b X=127.0.0.1:$x
hook='{"url":"https://hooks.example.com/in","event_types":["metrics"],"secret":"s3cr3t"}'
ssrf='{"url":"http://169.254.169.254/latest","event_types":[]}'
auth="Authorization: Bearer $tok"

out=$("$ff" live shadow --proto http --primary "$A" --shadow "$B" --allow "$A" --out "$tmp/o0" 2>&1)
expect "shadow not allowed: exit 2" 2 "$?"

# without rules the generated ids differ (the proxy's one GET / readiness probe counts as a request)
proxy P "$tmp/o1" --primary "$A" --shadow "$B" --allow "$A,$B" --max-requests 2
code=$(curl -s -o "$tmp/created" -w '%{http_code}' --max-time 5 -X POST -H "$auth" -d "$hook" "http://127.0.0.1:$P/api/v1/webhooks")
expect "client gets the primary's 201" 201 "$code"
expect "the id in the client's answer is the primary's" yes "$(curl -s -H "$auth" "http://$A/api/v1/webhooks" | grep -q "$(jq -r .id "$tmp/created")" && echo yes || echo no)"
wait "$ppid"
expect "without rules: the webhook id differs" "+body.id -body.id" "$(jq -r '.buckets[0].signature' "$tmp/o1/triage/index.json")"

# with the rules: clean vs clean has no finding; traffic is recorded
printf '# generated identifiers\nhttp ignore-json-key id\n' > "$tmp/rules"
proxy P "$tmp/o2" --primary "$A" --shadow "$B" --allow "$A,$B" --rules "$tmp/rules" --record "$tmp/rec" --max-requests 7
curl -s -o /dev/null -X POST -H "$auth" -d "$hook" "http://127.0.0.1:$P/api/v1/webhooks"
curl -s -o /dev/null -H "$auth" "http://127.0.0.1:$P/api/v1/webhooks"
curl -s -o /dev/null "http://127.0.0.1:$P/health"
curl -s -o /dev/null -X POST -H "$auth" -d "$ssrf" "http://127.0.0.1:$P/api/v1/webhooks"
curl -s -o /dev/null "http://127.0.0.1:$P/queue/usage_events/0/get_after"
expect "client gets 401 without token" 401 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -d "$hook" "http://127.0.0.1:$P/api/v1/webhooks")"
wait "$ppid"; rc=$?
expect "clean vs clean with rules: exit 0, 7 requests, 0 differences" "0 7 0" "$rc $(jq -r '"\(.proxied) \(.differences)"' "$tmp/o2/stats.json")"
expect "7 requests recorded" 7 "$(ls "$tmp/rec" | wc -l)"

# the replica as shadow: the SSRF webhook is accepted there, refused by the primary
proxy P "$tmp/o3" --primary "$A" --shadow "$X" --allow "$A,$X" --rules "$tmp/rules" --max-requests 2
expect "client gets the primary's refusal" 400 "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$auth" -d "$ssrf" "http://127.0.0.1:$P/api/v1/webhooks")"
wait "$ppid"; rc=$?
expect "replica found: exit 1" 1 "$rc"
bucket=$(jq -r '.buckets[0].id' "$tmp/o3/triage/index.json")
expect "the diff shows 400 against 201" yes "$(grep -q '^- status 400' "$tmp/o3/triage/$bucket/diff.txt" && grep -q '^+ status 201' "$tmp/o3/triage/$bucket/diff.txt" && echo yes || echo no)"
expect "the SSRF request is the bucket's input" yes "$(grep -q '169.254.169.254' "$tmp/o3/triage/$bucket/request" && echo yes || echo no)"

# replay of the recorded traffic with variants: the replica again, clean shadow nothing
"$ff" live shadow --proto http --replay "$tmp/rec" --primary "$A" --shadow "$X" --allow "$A,$X" --rules "$tmp/rules" --out "$tmp/o4" >/dev/null 2>&1
expect "replay finds the replica" 1 "$?"
# (a shadow must see the traffic its primary sees: A took the replays above
# alone, so two fresh servers)
start_econ c "$econ"; start_econ d "$econ"
C=127.0.0.1:$c D=127.0.0.1:$d
"$ff" live shadow --proto http --replay "$tmp/rec" --primary "$C" --shadow "$D" --allow "$C,$D" --rules "$tmp/rules" --variants 4 --out "$tmp/o5" >/dev/null 2>&1
expect "replay with 4 variants each, clean shadow: exit 0" 0 "$?"
expect "variants sent (7 x 4)" 28 "$(jq .mutated "$tmp/o5/stats.json")"

[ "$fails" -eq 0 ] && echo "all live shadow http checks passed" || { echo "$fails check(s) failed"; exit 1; }
