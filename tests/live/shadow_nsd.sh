#!/usr/bin/env bash
# formfuzz live shadow with NSD as primary and formfuzz-dns as shadow, both
# serving components/dns/tests/data/example.zone on 127.0.0.1: the client
# traffic is dns_nsd_diff's generated queries (valid and malformed) sent
# through the proxy; with nsd.rules (their documented differences) there is no
# finding, and the same recorded traffic replayed without the rules shows
# differences (so the rules, not silence, make the zero). Skips (77) without nsd.
# usage: shadow_nsd.sh FORMFUZZ FORMFUZZ_DNS NSD_DIFF ZONE
set -u
ff=$1 dns=$2 client=$3 zone=$4
here=$(cd "$(dirname "$0")" && pwd)
nsd=$(command -v nsd || echo /usr/sbin/nsd)
[ -x "$nsd" ] || { echo "SKIP: nsd is not installed (scripts/setup.sh installs it)"; exit 77; }
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
cp "$zone" "$tmp/example.zone"
up=no
for attempt in 1 2 3 4 5; do
  next_port; pn=$port; next_port; pd=$port
  cat > "$tmp/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$pn
  username: ""
  zonesdir: "$tmp"
  pidfile: "$tmp/nsd.pid"
  database: ""
  zonelistfile: "$tmp/zone.list"
  xfrdfile: "$tmp/xfrd.state"
  xfrdir: "$tmp"
  logfile: "$tmp/nsd.log"
  server-count: 1
  verbosity: 0
remote-control:
  control-enable: no
zone:
  name: example.test
  zonefile: example.zone
CONF
  "$nsd" -d -c "$tmp/nsd.conf" & n=$!
  "$dns" --zone "$tmp/example.zone" --origin example.test --port "$pd" --max-time 90 & d=$!
  pids+=("$n" "$d")
  for i in $(seq 50); do # both answer and both still run (a taken port ends a server at once)
    kill -0 "$n" 2>/dev/null && kill -0 "$d" 2>/dev/null || break
    if drill -p "$pn" @127.0.0.1 example.test SOA >/dev/null 2>&1 && drill -p "$pd" @127.0.0.1 example.test SOA >/dev/null 2>&1; then
      kill -0 "$n" 2>/dev/null && kill -0 "$d" 2>/dev/null && up=yes
      break
    fi
    sleep 0.1
  done
  [ "$up" = yes ] && break
  kill "$n" "$d" 2>/dev/null; wait "$n" "$d" 2>/dev/null
done
[ "$up" = yes ] || { echo "NSD and formfuzz-dns did not both start"; exit 1; }
N=127.0.0.1:$pn D=127.0.0.1:$pd
for attempt in 1 2 3; do
  next_port; P=$port
  "$ff" live shadow --listen "127.0.0.1:$P" --primary "$N" --shadow "$D" --allow "$N,$D" --rules "$here/nsd.rules" \
    --timeout 1 --record "$tmp/rec" --max-requests 200 --max-time 60 --out "$tmp/o1" > "$tmp/o1.log" 2>&1 & ppid=$!
  pids+=("$ppid"); sleep 0.3
  kill -0 "$ppid" 2>/dev/null && break
done
# each generated query goes to the proxy twice (nsd_diff's two "servers" are both the proxy)
"$client" "$P" "$P" 100 20261206 udp > "$tmp/client.log" 2>&1
wait "$ppid"; rc=$?
expect "NSD vs formfuzz-dns under nsd.rules: exit 0" 0 "$rc"
expect "200 requests, 0 differences" "200 0" "$(jq -r '"\(.proxied + .primary_failed) \(.differences)"' "$tmp/o1/stats.json")"
expect "NOTIFY requests skipped by the rules" yes "$([ "$(jq .skipped "$tmp/o1/stats.json")" -gt 0 ] && echo yes || echo no)"
"$ff" live shadow --replay "$tmp/rec" --primary "$N" --shadow "$D" --allow "$N,$D" --timeout 1 --out "$tmp/o2" > /dev/null 2>&1
expect "the same traffic without the rules: differences (exit 1)" 1 "$?"
"$ff" live shadow --replay "$tmp/rec" --primary "$N" --shadow "$D" --allow "$N,$D" --rules "$here/nsd.rules" --timeout 1 --out "$tmp/o3" > /dev/null 2>&1
expect "replayed with the rules: none" 0 "$?"
[ "$fails" -eq 0 ] && echo "all live shadow nsd checks passed" || { echo "$fails check(s) failed"; exit 1; }
