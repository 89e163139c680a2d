#!/usr/bin/env bash
# Live test of formfuzz-econ: starts it on a 127.0.0.1 high port (it stops by
# itself after 60 s at most) and drives the routes with curl: health, webhook
# auth, create/list/delete, SSRF refusal, the queue write (golden wire format),
# reads with the cursor and de-duplication, get_n and get_n_after, write_op's
# refusal of Rm, and GET /get: this machine's SystemMetrics from procfs.
# usage: server_live.sh SERVER_BIN
set -u
server=$1
tok=live-token-1
source "$(cd "$(dirname "$0")/../../.." && pwd)/tests/common/http_live.sh"
start() { "$server" --port "$1" --token "$tok" --allow-host hooks.example.com --max-time 60 --instance-id inst-live & pid=$!; }
ready() { curl -s --max-time 2 "http://127.0.0.1:$1/health" 2>/dev/null | grep -qx healthy; }
live_start formfuzz-econ 7 start ready

expect "health" "healthy" "$(body "$base/health")"
expect "queue health" "OK" "$(body "$base/queue/health")"
hook='{"url":"https://hooks.example.com/in","event_types":["metrics"],"secret":"s3cr3t"}'
expect "create without token" 401 "$(code -X POST -d "$hook" "$base/api/v1/webhooks")"
expect "create with a wrong token" 401 "$(code -X POST -H "Authorization: Bearer nope" -d "$hook" "$base/api/v1/webhooks")"
created=$(body -X POST -H "Authorization: Bearer $tok" -d "$hook" "$base/api/v1/webhooks")
id=$(printf '%s' "$created" | grep -o '"id":"webhook_[0-9a-f]\{8\}"' | cut -d'"' -f4)
expect "create gives a webhook_ id" yes "$([ -n "$id" ] && echo yes || echo no)"
expect "SSRF to the metadata address" 400 "$(code -X POST -H "Authorization: Bearer $tok" \
  -d '{"url":"http://169.254.169.254/latest","event_types":[]}' "$base/api/v1/webhooks")"
expect "SSRF to loopback in decimal" 400 "$(code -X POST -H "Authorization: Bearer $tok" \
  -d '{"url":"http://2130706433:53333/","event_types":[]}' "$base/api/v1/webhooks")"
list=$(body -H "Authorization: Bearer $tok" "$base/api/v1/webhooks")
expect "list holds the hook" yes "$(printf '%s' "$list" | grep -q "$id" && echo yes || echo no)"
expect "list blanks the secret" no "$(printf '%s' "$list" | grep -q s3cr3t && echo yes || echo no)"
expect "list without token" 401 "$(code "$base/api/v1/webhooks")"
expect "delete" 204 "$(code -X DELETE -H "Authorization: Bearer $tok" "$base/api/v1/webhooks/$id")"
expect "delete again" 404 "$(code -X DELETE -H "Authorization: Bearer $tok" "$base/api/v1/webhooks/$id")"
# the queue: content [0] ++ "{}" on topic SHA3("usage_events") (fact sheet V4)
topic=ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72
w1="{\"Write\":{\"content\":[0,123,125],\"topic\":\"$topic\"}}"
w2="{\"Write\":{\"content\":[0,91,93],\"topic\":\"$topic\"}}"
expect "empty topic get_after 0" '{"List":[]}' "$(body "$base/queue/usage_events/0/get_after")"
expect "write" '"OpSuccess"' "$(body -X POST -d "$w1" "$base/queue/write_local")"
expect "write duplicate" '"OpSuccess"' "$(body -X POST -d "$w1" "$base/queue/write_local")"
expect "write second" '"OpSuccess"' "$(body -X POST -d "$w2" "$base/queue/write_local")"
expect "get (deduplicated)" '{"List":[[0,123,125],[0,91,93]]}' "$(body "$base/queue/usage_events/get")"
expect "get_after 1" '{"List":[[0,91,93]]}' "$(body "$base/queue/usage_events/1/get_after")"
expect "get_after past the end" '{"Failure":{"reason":"Queue is shorter"}}' "$(body "$base/queue/usage_events/3/get_after")"
expect "bad write" yes "$(body -X POST -d '{"Write":{"content":[300],"topic":"x"}}' "$base/queue/write_local" | grep -q Failure && echo yes || echo no)"
expect "get_n 1" '{"List":[[0,123,125]]}' "$(body "$base/queue/usage_events/1/get_n")"
expect "get_n_after 1 5" '{"List":[[0,91,93]]}' "$(body "$base/queue/usage_events/1/5/get_n_after")"
rm_op='{"Op":{"Rm":{"clock":{},"keyset":["ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72"]}}}'
expect "write_op Rm refused" yes "$(body -X POST -d "$rm_op" "$base/queue/write_op" | grep -q Failure && echo yes || echo no)"
expect "topic intact after Rm" '{"List":[[0,123,125],[0,91,93]]}' "$(body "$base/queue/usage_events/get")"
# SystemMetrics of this machine (the first collection runs at start)
metrics=$(body "$base/get")
expect "GET /get is SystemMetrics" yes "$(printf '%s' "$metrics" | jq -e '
  (keys_unsorted == ["timestamp","instance_id","account_id","cpu","memory","disks","network","gpus","load"]) and
  .instance_id == "inst-live" and .account_id == null and
  (.cpu.usage_pct >= 0 and .cpu.usage_pct <= 10000) and .cpu.process_count > 0 and
  (.memory.used <= .memory.total) and (.memory.available <= .memory.total) and
  (.disks | length) > 0 and (.network.interfaces | map(.name) | index("lo")) != null and
  .load.load1 >= 0' >/dev/null 2>&1 && echo yes || echo "no: $metrics")"
expect "GET /get counters are this machine's" yes "$(lo_rx=$(printf '%s' "$metrics" | jq '.network.interfaces[] | select(.name=="lo") | .bytes_received');
  [ -n "$lo_rx" ] && [ "$lo_rx" -gt 0 ] && echo yes || echo no)"
expect "POST /get" 405 "$(code -X POST "$base/get")"
expect "--help" 0 "$("$server" --help >/dev/null; echo $?)"
expect "unknown route" 404 "$(code "$base/nope")"
live_finish "econ server live"
