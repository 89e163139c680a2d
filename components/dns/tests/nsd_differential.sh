#!/usr/bin/env bash
# NSD differential test: serves tests/data/example.zone from NSD and from
# formfuzz-dns on 127.0.0.1 high ports, sends both the same generated queries
# (nsd_diff), over UDP and then over TCP, and fails on any disagreement. Skips (exit 77) when nsd is missing.
# usage: nsd_differential.sh SERVER_BIN DIFF_BIN [COUNT] [SEED]
set -u
server=$1 diff=$2 count=${3:-3000} seed=${4:-20250615}
here=$(cd "$(dirname "$0")" && pwd)
nsd=$(command -v nsd || echo /usr/sbin/nsd)
if [ ! -x "$nsd" ]; then echo "SKIP: nsd is not installed (scripts/setup.sh installs it)"; exit 77; fi
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
cp "$here/data/example.zone" "$tmp/example.zone"
nsd-checkzone example.test "$tmp/example.zone" || exit 1
# Ports: a pair derived from the pid and the attempt; a server that cannot bind
# exits, so both must still be running once both answer (else a foreign server
# on a taken port could be answering): then the next pair is tried.
up=no
for attempt in 1 2 3 4 5; do
  base=$(( 20000 + (($$ * 7 + attempt * 7919) % 20000) ))
  p_nsd=$base p_ours=$((base + 1))
  cat > "$tmp/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$p_nsd
  username: ""
  zonesdir: "$tmp"
  pidfile: "$tmp/nsd.pid"
  database: ""
  zonelistfile: "$tmp/zone.list"
  xfrdfile: "$tmp/xfrd.state"
  xfrdir: "$tmp"
  logfile: "$tmp/nsd.log"
  hide-version: yes
  hide-identity: yes
  server-count: 1
  verbosity: 0
remote-control:
  control-enable: no
zone:
  name: example.test
  zonefile: example.zone
CONF
  pids=()
  "$nsd" -d -c "$tmp/nsd.conf" & pids+=($!)
  "$server" --zone "$tmp/example.zone" --origin example.test --port "$p_ours" --max-time 300 & pids+=($!)
  for i in $(seq 50); do
    if drill -p "$p_nsd" @127.0.0.1 example.test SOA >/dev/null 2>&1 && drill -p "$p_ours" @127.0.0.1 example.test SOA >/dev/null 2>&1; then
      kill -0 "${pids[0]}" 2>/dev/null && kill -0 "${pids[1]}" 2>/dev/null && up=yes
      break
    fi
    sleep 0.1
  done
  [ "$up" = yes ] && break
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
done
[ "$up" = yes ] || { echo "NSD and formfuzz-dns did not both start on free ports"; exit 1; }
# One transport after the other: both servers answer from one loop, so a TCP
# exchange would delay UDP answers past the client's wait.
status=0
for transport in udp tcp; do
  timeout 600 "$diff" "$p_ours" "$p_nsd" "$count" "$seed" "$transport" || status=1
done
exit $status
