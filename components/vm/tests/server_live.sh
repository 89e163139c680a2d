#!/usr/bin/env bash
# Live test of formfuzz-vm: starts it on a 127.0.0.1 high port (it stops by
# itself after 30 s at most) and sends form-state requests with curl. curl
# connects from 127.0.0.1, so the loopback prefix rule lets the handler's
# extractor answer: a malformed header is 400 here, a missing one 401. The
# fact sheet's V2 header (a valid signature of the constant message "Create
# account request") is refused as not bound to the request; its high-S twin
# as not recoverable.
# usage: server_live.sh SERVER_BIN
set -u
server=$1
source "$(cd "$(dirname "$0")/../../.." && pwd)/tests/common/http_live.sh"
"$server" --help | grep -q -- '--port' || { echo "--help does not describe --port"; exit 1; }
start() { "$server" --port "$1" --max-time 30 & pid=$!; }
ready() { [ "$(code --max-time 2 -X POST "http://127.0.0.1:$1/v1/account/create")" = 401 ]; }
live_start formfuzz-vm 11 start ready
answer() { curl -s --max-time 5 -w ' %{http_code}' "$@"; }
create='{"Create":{"address":"2c7536e3605d9c16a7a3d7b1898e529396a65c23"}}'
msg=437265617465206163636f756e742072657175657374 # "Create account request"
v2="Signature 149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b612ec5ad10e8d9d3f4515a7b84617fe6bd310f9c5373fc9b0f10d067355c852069.1.$msg"
high="Signature 149de7da3283ea914e393d2ba906bc6ea9bdffd75d05f188000d6a7ffecd7b61d13a52ef17262c0baea5847b9e801941899f40933b4c052caf01f75773b120d8.0.$msg"
expect "missing signature" '{"error":"Missing signature"} 401' "$(answer -X POST -d "$create" "$base/v1/account/create")"
expect "malformed header from 127.0.0.1" '{"error":"Invalid signature format"} 400' \
  "$(answer -X POST -H 'Authorization: Bearer abc' -d "$create" "$base/v1/account/create")"
expect "recid 27 (Ethereum v)" '{"error":"Invalid signature format"} 400' \
  "$(answer -X POST -H "Authorization: ${v2%.1.*}.27.$msg" -d "$create" "$base/v1/account/create")"
expect "V2: valid, not bound to this request" 401 \
  "$(answer -X POST -H "Authorization: $v2" -d "$create" "$base/v1/account/create" | awk '{print $NF}')"
expect "V2 says NotBound" yes \
  "$(answer -X POST -H "Authorization: $v2" -d "$create" "$base/v1/account/create" | grep -q 'formation-request-v1' && echo yes || echo no)"
expect "V2 high-S twin" '{"error":"Failed to recover public key (or high-S signature)"} 401' \
  "$(answer -X POST -H "Authorization: $high" -d "$create" "$base/v1/account/create")"
expect "instance get, malformed" 400 \
  "$(answer -H 'Authorization: Signature zz.0.00' "$base/v1/instance/f53f324cf91d3604ade04e87b4ee5001e3ef468d/get" | awk '{print $NF}')"
live_finish vm_server_live
