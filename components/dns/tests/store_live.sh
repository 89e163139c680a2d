#!/usr/bin/env bash
# Live store test: starts formfuzz-dns with tests/data/live.store on a
# 127.0.0.1 high port (stopping by itself after 60 s at most) and runs
# store_live against it over UDP and TCP.
# usage: store_live.sh SERVER_BIN CHECK_BIN
set -u
server=$1 check=$2
here=$(cd "$(dirname "$0")" && pwd)
port=$(( 40000 + ($$ % 20000) ))
"$server" --store "$here/data/live.store" --port "$port" --max-time 60 & pid=$!
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
for i in $(seq 50); do
  if drill -p "$port" @127.0.0.1 formation.cloud SOA >/dev/null 2>&1; then break; fi
  if ! kill -0 $pid 2>/dev/null; then echo "formfuzz-dns did not start"; exit 1; fi
  sleep 0.1
done
timeout 60 "$check" "$port"
