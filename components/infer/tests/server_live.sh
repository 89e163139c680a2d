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
key=live-user-key
owner=live-owner-key
source "$(cd "$(dirname "$0")/../../.." && pwd)/tests/common/http_live.sh"
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$server" --save-weights "$work/tiny.safetensors" --seed 1 --layers 4 || { echo "--save-weights failed"; exit 1; }
start() {
  "$server" --port "$1" --api-key "$key" --owner-key "$owner" --world 3 --weights "$work/tiny.safetensors" \
    --max-time 60 & pid=$!
}
ready() { curl -s --max-time 2 -H "Authorization: Bearer $key" "http://127.0.0.1:$1/v1/models" 2>/dev/null | grep -q formfuzz-tiny; }
live_start formfuzz-infer 13 start ready
# The mjs resolves 'openai' from the source tree's node_modules.
timeout 60 node "$here/openai_live.mjs" "http://127.0.0.1:$port" "$key" "$owner"
