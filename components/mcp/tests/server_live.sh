#!/usr/bin/env bash
# Live test of formfuzz-mcp: starts it on a 127.0.0.1 high port (it stops by
# itself after 60 s at most) and drives it with curl: /health and /version
# bodies, the 401 text, a login with a real scheme-A signature of a
# server-issued challenge (made here by mcp-sign-challenge), a forged login,
# the tool listing, a long-running vm.create polled to completion, vm.status
# for the owner and for another user, a tool error's status, the 404 body.
# usage: server_live.sh SERVER_BIN SIGNER_BIN
set -u
server=$1
signer=$2
command -v jq >/dev/null || { echo "jq missing"; exit 1; }
source "$(cd "$(dirname "$0")/../../.." && pwd)/tests/common/http_live.sh"
start() { "$server" --port "$1" --max-time 60 --token-lifetime 600 & pid=$!; }
ready() { curl -s --max-time 2 "http://127.0.0.1:$1/health" 2>/dev/null | grep -q '"ok"'; }
live_start formfuzz-mcp 11 start ready

expect "health" '{"status":"ok","version":"0.1.0"}' "$(body "$base/health")"
expect "version" '{"server":"form-mcp","version":"0.1.0","protocol_version":"MCP/0.1"}' "$(body "$base/version")"
expect "tools without a token" "Authentication failed: Missing authorization header" "$(body "$base/api/tools")"
expect "tools without a token: 401" 401 "$(code "$base/api/tools")"

# login of test key $1: prints the bearer token
login() {
  local addr challenge signed login
  addr=$(echo | "$signer" "$1" | cut -d' ' -f1)
  challenge=$(body -X POST -d "{\"address\":\"$addr\"}" "$base/api/auth/challenge" | jq -r .data.challenge)
  signed=$(printf '%s' "$challenge" | "$signer" "$1" | cut -d' ' -f2)
  login=$(jq -cn --arg a "$addr" --arg m "$challenge" --arg s "$signed" '{address:$a,signed_message:$m,signature:$s}')
  body -X POST -d "$login" "$base/api/auth/login" | jq -r .data.token
}
alice=$(login 7)
bob=$(login 8)
expect "alice has a token" 3 "$(printf '%s' "$alice" | tr '.' '\n' | grep -c .)"
addr=$(echo | "$signer" 7 | cut -d' ' -f1)
forged=$(jq -cn --arg a "$addr" '{address:$a,signed_message:"hello",signature:"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}')
expect "forged login" 401 "$(code -X POST -d "$forged" "$base/api/auth/login")"
A=(-H "Authorization: Bearer $alice")
B=(-H "Authorization: Bearer $bob")
expect "validate" "0x$addr" "$(body "${A[@]}" -X POST -d "{\"token\":\"$alice\"}" "$base/api/auth/validate" | jq -r .data.user_id)"
expect "tool count" 7 "$(body "${A[@]}" "$base/api/tools" | jq '.data.tools | length')"
expect "pack category" "form_pack_build form_pack_ship" "$(body "${A[@]}" "$base/api/tools?category=pack" | jq -r '[.data.tools[].name] | join(" ")')"
queued=$(body "${A[@]}" -X POST -d '{"parameters":{"name":"live-1","vcpus":2}}' "$base/api/tools/vm.create")
expect "create queued" queued "$(printf '%s' "$queued" | jq -r .data.status)"
op=$(printf '%s' "$queued" | jq -r .data.operation_id)
state=
for i in $(seq 30); do
  state=$(body "${A[@]}" "$base/api/operations/$op" | jq -r .data.status)
  [ "$state" = completed ] || [ "$state" = failed ] && break
  sleep 0.2
done
expect "create completed" completed "$state"
id=$(body "${A[@]}" "$base/api/operations/$op" | jq -r .data.result.instance_id)
expect "another user's operation" 404 "$(code "${B[@]}" "$base/api/operations/$op")"
status_req="{\"parameters\":{\"id\":\"$id\"}}"
expect "vm.status (owner)" 2 "$(body "${A[@]}" -X POST -d "$status_req" "$base/api/tools/vm.status" | jq .data.result.vcpus)"
expect "vm.status (other user)" 403 "$(code "${B[@]}" -X POST -d "$status_req" "$base/api/tools/vm.status")"
expect "unknown parameter" 400 "$(code "${A[@]}" -X POST -d '{"parameters":{"bogus":1}}' "$base/api/tools/vm.list")"
expect "unknown tool" 404 "$(code "${A[@]}" -X POST -d '{"parameters":{}}' "$base/api/tools/vm.nope")"
expect "404 body" '{"status":"error","message":"Resource not found"}' "$(body "${A[@]}" "$base/nope")"
live_finish server_live
