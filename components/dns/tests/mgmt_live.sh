#!/usr/bin/env bash
# Live test of the §2.3 management API: starts formfuzz-dns with
# tests/data/live.store and --api-port on 127.0.0.1 high ports (it stops by
# itself after 60 s at most) and drives the routes with curl: create (the
# name normalized, 10/8 addresses formnet-only), get, update (replace and a
# refused one that leaves the record as it was), the record answered over DNS
# at once (drill: the same store), delete, bootstrap add/list/remove, and the
# status codes 400, 422, 404, 405. The JSON of every route in detail, the
# other routes and faults: tests/test_mgmt.c.
# usage: mgmt_live.sh SERVER_BIN
set -u
server=$1
command -v drill >/dev/null || { echo "drill missing"; exit 1; }
here=$(cd "$(dirname "$0")" && pwd)
source "$(cd "$(dirname "$0")/../../.." && pwd)/tests/common/http_live.sh"
# DNS on the port, the management API on the next one
start() { "$server" --store "$here/data/live.store" --port "$1" --api-port "$(( $1 + 1 ))" --max-time 60 & pid=$!; }
ready() { curl -s --max-time 2 "http://127.0.0.1:$(( $1 + 1 ))/record/list" 2>/dev/null | grep -q '"List"'; }
live_start formfuzz-dns 7 start ready
api=$(( port + 1 ))
base="http://127.0.0.1:$api"
a_answers() { drill -p "$port" @127.0.0.1 "$1" A | awk '/ANSWER SECTION/ {on=1; next} on && NF == 0 {on=0} on && $4 == "A" {print $5}' | sort | tr '\n' ' '; }

create='{"Create":{"domain":"Live.Formation.Cloud.","record_type":"A","ip_addr":["203.0.113.9:80","10.0.0.9:80"],"cname_target":null,"ssl_cert":true}}'
expect "create" '{"Success":"None"}' "$(body -X POST -d "$create" "$base/record/create")"
rec='{"domain":"live.formation.cloud","record_type":"A","public_ip":["203.0.113.9:80"],"formnet_ip":["10.0.0.9:80"],"cname_target":null,"ssl_cert":true,"ttl":3600,"verification_status":"NotVerified","verification_timestamp":null}'
expect "get (normalized key, formnet split off)" "{\"Success\":{\"Some\":$rec}}" "$(body "$base/record/LIVE.formation.cloud/get")"
expect "DNS answers it (public source: no 10/8)" "203.0.113.9 " "$(a_answers live.formation.cloud)"
upd='{"Update":{"replace":true,"record_type":"A","ip_addr":["198.51.100.20:80"],"cname_target":null,"ssl_cert":false}}'
expect "update replace" '{"Success":"None"}' "$(body -X POST -d "$upd" "$base/record/live.formation.cloud/update")"
expect "DNS answers the new address" "198.51.100.20 " "$(a_answers live.formation.cloud)"
bad='{"Update":{"replace":true,"record_type":"AAAA","ip_addr":["198.51.100.21:80"],"cname_target":null,"ssl_cert":false}}'
before=$(body "$base/record/live.formation.cloud/get")
expect "update with the wrong family refused" yes "$(body -X POST -d "$bad" "$base/record/live.formation.cloud/update" | grep -q '^{"Failure"' && echo yes || echo no)"
expect "refused update changed nothing" "$before" "$(body "$base/record/live.formation.cloud/get")"
expect "delete with POST" 405 "$(code -X POST "$base/record/live.formation.cloud/delete")"
expect "delete" '{"Success":"None"}' "$(body -X DELETE "$base/record/live.formation.cloud/delete")"
expect "DNS: gone (NXDOMAIN)" yes "$(drill -p "$port" @127.0.0.1 live.formation.cloud A | grep -q 'rcode: NXDOMAIN' && echo yes || echo no)"
boot='{"node_id":"n1","ip_address":"198.51.100.1","region":null,"ttl":null}'
expect "bootstrap add" '{"Success":"None"}' "$(body -X POST -d "$boot" "$base/bootstrap/add")"
expect "bootstrap list: once, :51820" yes "$(body "$base/bootstrap/list" | grep -q '"public_ip":\["198.51.100.1:51820"\]' && echo yes || echo no)"
expect "bootstrap remove" '{"Success":"None"}' "$(body -X POST -d "$boot" "$base/bootstrap/remove")"
expect "bootstrap list empty" yes "$(body "$base/bootstrap/list" | grep -q '"public_ip":\[\]' && echo yes || echo no)"
expect "not JSON" 400 "$(code -X POST -d '{"Create":' "$base/record/create")"
expect "wrong shape" 422 "$(code -X POST -d '{"Create":{"domain":"x.formation.cloud"}}' "$base/record/create")"
expect "unknown route" 404 "$(code "$base/nope")"
expect "--help" 0 "$("$server" --help >/dev/null; echo $?)"
live_finish "dns management API live"
