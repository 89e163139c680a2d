#!/usr/bin/env bash
# Live test of formfuzz-vm: starts it on a 127.0.0.1 high port (it stops by
# itself after 30 s at most) and sends form-state requests with curl. curl
# connects from 127.0.0.1, so the loopback prefix rule lets the handler's
# extractor answer: a malformed header is 400 here, a missing one 401. The
# fact sheet's V2 header (a valid signature of the constant message "Create
# account request") is refused as not bound to the request; its high-S twin
# as not recoverable. Requests signed by a vm test key (formfuzz-vm-sign, the
# wall clock, a fresh nonce each) then create key 0's account and an instance
# from an Instance body with the fact sheet's V5 ids (§9), get it, list it
# and find it by its build id; key 1 sees nothing.
# usage: server_live.sh SERVER_BIN SIGN_BIN
set -u
server=$1
signer=$2
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
signed() { # NONCE KEY METHOD PATH [BODY]: curl's answer (body, then the status) to the signed request
  local nonce=$1 key=$2 method=$3 path=$4 data=${5:-} header
  header=$("$signer" --key "$key" --nonce "$nonce" "$method" "$path" "$data" | tr -d '\r')
  if [ -n "$data" ]; then answer -X "$method" -H "$header" -d "$data" "$base$path"
  else answer -X "$method" -H "$header" "$base$path"; fi
}
key0=$("$signer" --key 0 --address)
id=f53f324cf91d3604ade04e87b4ee5001e3ef468d # V5: build_id f41c…b5a8 XOR node_id 0123…4567
instance='{"instance_id":"'$id'","node_id":"0123456789abcdef0123456789abcdef01234567",
"build_id":"f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8","instance_owner":"someone else",
"formnet_ip":null,"dns_record":null,"created_at":0,"updated_at":0,"last_snapshot":0,"status":"Started",
"host_region":"eu-west","resources":{"vcpus":2,"memory_mb":2048,"bandwidth_mbps":100,"gpu":null},
"cluster":{"members":{},"scaling_policy":null,"template_instance_id":null,"session_affinity_enabled":false},
"formfile":"{}","snapshots":null,"metadata":{"tags":[],"description":"","annotations":{"deployed_by":"cli",
"network_id":1,"build_commit":null},"security":{"encryption":{"is_encrypted":false,"scheme":null},"tee":false,
"hsm":false},"monitoring":{"logging_enabled":false,"metrics_endpoint":""}}}'
expect "signed account create" 201 "$(signed 1 0 POST /v1/account/create '{"Create":{"address":"'$key0'"}}' | awk '{print $NF}')"
created=$(signed 2 0 POST /v1/instance/create "$instance")
expect "instance create" 201 "${created##* }"
expect "the owner is the signer, the status Created" yes \
  "$(echo "$created" | grep -q "\"instance_owner\":\"$key0\".*\"status\":\"Created\"" && echo yes || echo no)"
expect "instance create again" 409 "$(signed 3 0 POST /v1/instance/create "$instance" | awk '{print $NF}')"
got=$(signed 4 0 GET "/v1/instance/$id/get")
expect "instance get" 200 "${got##* }"
expect "instance get body" yes "$(echo "$got" | grep -q "\"host_region\":\"eu-west\",\"instance_id\":\"$id\"" && echo yes || echo no)"
expect "instance list" '"count":1' "$(signed 5 0 GET /v1/instance/list | grep -o '"count":[0-9]*')"
expect "another key's list" '"count":0' "$(signed 6 1 GET /v1/instance/list | grep -o '"count":[0-9]*')"
build=f41c772b70b6fbebacc30be03d459deee2cc03ea7c7cbb37b9bacd597f1eb5a8 # V5 build_id
expect "get_by_build_id" yes \
  "$(signed 7 0 GET "/v1/instance/$build/get_by_build_id" | grep -q "^{\"Success\":{\"List\":\[{.*\"instance_id\":\"$id\"" && echo yes || echo no)"
expect "get_by_build_id, another key" '{"Success":{"List":[]}} 200' "$(signed 8 1 GET "/v1/instance/$build/get_by_build_id")"
live_finish vm_server_live
