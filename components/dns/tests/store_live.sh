#!/usr/bin/env bash
# Live store test: starts formfuzz-dns with tests/data/live.store on a
# 127.0.0.1 high port (stopping by itself after 60 s at most) and runs
# store_live against it over UDP and TCP.
# usage: store_live.sh SERVER_BIN CHECK_BIN
set -u
server=$1 check=$2
here=$(cd "$(dirname "$0")" && pwd)
# a port some other process holds makes the server exit at once: try another
# (up to five), so the test does not depend on what else runs on the machine
pid=
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
for attempt in 1 2 3 4 5; do
  port=$(( 40000 + (($$ * 7 + attempt * 7919) % 20000) ))
  "$server" --store "$here/data/live.store" --port "$port" --max-time 60 & pid=$!
  up=no
  for i in $(seq 50); do
    if drill -p "$port" @127.0.0.1 formation.cloud SOA >/dev/null 2>&1; then up=yes; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ "$up" = yes ] && break
  echo "formfuzz-dns did not start on port $port (attempt $attempt)"
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
done
[ "$up" = yes ] || { echo "formfuzz-dns did not start"; exit 1; }
timeout 60 "$check" "$port"
