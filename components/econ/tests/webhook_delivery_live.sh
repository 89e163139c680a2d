#!/usr/bin/env bash
# Live test of formfuzz-econ's webhook deliveries (§5.5): a receiver on
# 127.0.0.1 stands as the server's --webhook-proxy, so the allow-listed hook
# URLs (hooks.example.com) are never resolved or reached. Three hooks: a
# signed "metrics" hook, an unsigned one and a "threshold_violation" one.
# Checked: each metrics hook gets POSTs of {"data","event_type","timestamp"}
# with X-Webhook-Event, the signed one X-Webhook-Signature = HMAC-SHA256 of
# the exact body (computed again with node's crypto), and the other hook
# nothing. Both processes stop by themselves.
# usage: webhook_delivery_live.sh SERVER_BIN
set -u
server=$1
here=$(cd "$(dirname "$0")" && pwd)
command -v curl >/dev/null || { echo "curl missing"; exit 1; }
command -v node >/dev/null || { echo "node missing"; exit 1; }
command -v jq >/dev/null || { echo "jq missing"; exit 1; }
work=$(mktemp -d)
tok=delivery-token
spid= rpid=
trap 'kill $spid $rpid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
started() { # pid url-or-file
  for i in $(seq 50); do
    kill -0 "$1" 2>/dev/null || return 1
    if [ -f "$2" ]; then grep -q listening "$2" && return 0
    elif curl -s --max-time 2 "$2" 2>/dev/null | grep -qx healthy; then return 0; fi
    sleep 0.1
  done
  return 1
}
up=no
for attempt in 1 2 3 4 5; do
  rport=$(( 40000 + (($$ * 11 + attempt * 6007) % 20000) ))
  sport=$(( 40000 + (($$ * 13 + attempt * 4001 + 7) % 20000) ))
  [ "$rport" = "$sport" ] && continue
  : > "$work/requests"
  node "$here/hook_receiver.mjs" "$rport" "$work/requests" 40 > "$work/receiver.out" 2>&1 & rpid=$!
  started $rpid "$work/receiver.out" || { kill $rpid 2>/dev/null; wait $rpid 2>/dev/null; continue; }
  "$server" --port "$sport" --token "$tok" --allow-host hooks.example.com --collect 1 --max-time 30 \
    --webhook-proxy "http://127.0.0.1:$rport" 2> "$work/server.err" & spid=$!
  if started $spid "http://127.0.0.1:$sport/health"; then up=yes; break; fi
  kill $spid $rpid 2>/dev/null; wait 2>/dev/null
done
[ "$up" = yes ] || { echo "the receiver or formfuzz-econ did not start"; exit 1; }
base="http://127.0.0.1:$sport"
fails=0
expect() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); else echo "ok   $1"; fi
}
create() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H "Authorization: Bearer $tok" -d "$1" "$base/api/v1/webhooks"; }
expect "signed metrics hook" 201 "$(create '{"url":"http://hooks.example.com/signed","event_types":["metrics"],"secret":"s3cr3t"}')"
expect "unsigned metrics hook" 201 "$(create '{"url":"http://hooks.example.com/plain","event_types":["metrics"]}')"
expect "threshold hook" 201 "$(create '{"url":"http://hooks.example.com/thresholds","event_types":["threshold_violation"]}')"
for i in $(seq 60); do # collections every second: wait for both metrics hooks
  [ "$(grep -c '/signed"' "$work/requests")" -ge 1 ] && [ "$(grep -c '/plain"' "$work/requests")" -ge 1 ] && break
  sleep 0.1
done
signed=$(grep -m1 '"url":"http://hooks.example.com/signed"' "$work/requests")
plain=$(grep -m1 '"url":"http://hooks.example.com/plain"' "$work/requests")
expect "signed hook reached" yes "$([ -n "$signed" ] && echo yes || echo no)"
expect "unsigned hook reached" yes "$([ -n "$plain" ] && echo yes || echo no)"
expect "method" POST "$(printf '%s' "$signed" | jq -r .method)"
expect "event header" metrics "$(printf '%s' "$signed" | jq -r '.headers["x-webhook-event"]')"
expect "content type" application/json "$(printf '%s' "$signed" | jq -r '.headers["content-type"]')"
expect "body keys, alphabetical" '["data","event_type","timestamp"]' \
  "$(printf '%s' "$signed" | jq -c '.body | fromjson | keys_unsorted')"
expect "event_type" metrics "$(printf '%s' "$signed" | jq -r '.body | fromjson | .event_type')"
expect "data is SystemMetrics" yes "$(printf '%s' "$signed" | jq -r '.body | fromjson | .data | has("cpu") and has("memory")' |
  sed 's/true/yes/;s/false/no/')"
want=$(printf '%s' "$signed" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
  console.log(require("crypto").createHmac("sha256","s3cr3t").update(r.body,"utf8").digest("hex"))})')
expect "signature = HMAC-SHA256(secret, exact body)" "$want" "$(printf '%s' "$signed" | jq -r '.headers["x-webhook-signature"]')"
expect "unsigned hook has no signature" null "$(printf '%s' "$plain" | jq -r '.headers["x-webhook-signature"]')"
expect "threshold hook gets no metrics" 0 "$(grep -c '/thresholds"' "$work/requests")"
expect "deliveries logged" yes "$(grep -q 'delivered (204)' "$work/server.err" && echo yes || echo no)"
if [ $fails -ne 0 ]; then echo "--- server stderr"; tail -20 "$work/server.err"; fi
[ $fails -eq 0 ] && echo "webhook delivery live test: all checks passed"
exit $fails
