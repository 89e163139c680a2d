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
command -v curl >/dev/null || { echo "curl missing"; exit 1; }
"$server" --help | grep -q -- '--port' || { echo "--help does not describe --port"; exit 1; }
pid=
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
for attempt in 1 2 3 4 5; do
  port=$(( 40000 + (($$ * 11 + attempt * 7919) % 20000) ))
  "$server" --port "$port" --max-time 30 & pid=$!
  up=no
  for i in $(seq 50); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST "http://127.0.0.1:$port/v1/account/create" 2>/dev/null)" = 401 ]; then up=yes; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ "$up" = yes ] && break
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
done
[ "$up" = yes ] || { echo "formfuzz-vm did not start"; exit 1; }
base="http://127.0.0.1:$port"
fails=0
expect() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); else echo "ok   $1"; fi
}
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
[ $fails -eq 0 ] && echo "vm_server_live: all checks passed"
exit $fails
