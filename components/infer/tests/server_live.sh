#!/usr/bin/env bash
# Live test of formfuzz-infer: writes its weights as a safetensors file
# (--save-weights), starts it from that file on a 127.0.0.1 high port (it stops
# by itself after 60 s at most) and drives it with the official openai npm
# client (openai_live.mjs; node_modules/ from scripts/setup.sh). Exits 77 (skipped)
# when node or the openai package is missing.
# usage: server_live.sh SERVER_BIN
set -u
server=$1
here=$(cd "$(dirname "$0")" && pwd)
root=${FORMFUZZ_ROOT:-$(cd "$here/../../.." && pwd)}
command -v node >/dev/null || { echo "node missing: skipped"; exit 77; }
[ -f "$root/node_modules/openai/package.json" ] || { echo "node_modules/openai missing (scripts/setup.sh): skipped"; exit 77; }
command -v curl >/dev/null || { echo "curl missing"; exit 1; }
key=live-user-key
owner=live-owner-key
pid=
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$server" --save-weights "$work/tiny.safetensors" --seed 1 --layers 4 || { echo "--save-weights failed"; exit 1; }
for attempt in 1 2 3 4 5; do
  port=$(( 40000 + (($$ * 13 + attempt * 7919) % 20000) ))
  "$server" --port "$port" --api-key "$key" --owner-key "$owner" --world 3 --weights "$work/tiny.safetensors" \
    --max-time 60 & pid=$!
  up=no
  for i in $(seq 50); do
    if curl -s --max-time 2 -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/models" 2>/dev/null |
       grep -q formfuzz-tiny; then up=yes; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
  done
  [ "$up" = yes ] && break
  kill $pid 2>/dev/null; wait $pid 2>/dev/null
done
[ "$up" = yes ] || { echo "formfuzz-infer did not start"; exit 1; }
# The mjs resolves 'openai' from the source tree's node_modules.
timeout 60 node "$here/openai_live.mjs" "http://127.0.0.1:$port" "$key" "$owner"
