#!/usr/bin/env bash
# live fuzz --coverage with servers built with inline 8-bit counters (the
# live coverage runtime, tools/live/cov/live_cov_counters_rt.c): formfuzz-dns
# of the builtin preset over UDP, started by --cmd, reports its edges; the
# handshake server compiled by `formfuzz cc --server` reports its edges over
# TCP; a server without any coverage runtime is refused with a message that
# says how to build one. No server is left running afterwards.
# usage: fuzz_cov.sh FORMFUZZ FORMFUZZ_DNS STORE PLAIN_HANDSHAKE_SERVER HANDSHAKE_SERVER_SOURCE
set -u
ff=$1 dns=$2 store=$3 plain=$4 handshake_src=$5
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/dns" "$tmp/hs"
write_dns_seed "$tmp/dns/two"
printf '\x00\x06HELLO\n\x00\x07AUTH a\n\x00\x07DATA 5\n' > "$tmp/hs/handshake"
printf '\x00\x06HELLO\n\x00\x05PING\n' > "$tmp/hs/ping"

ports=()
# live OUT LOG CMD-WITH-@PORT ARGS...: a live fuzz run on a fresh port; tried
# again (3 times at most) on another port when the server could not bind its
# port (another process on the machine holds it) or did not answer the first
# seed yet (an ASan server starting on a loaded machine).
live() {
  local out=$1 log=$2 cmd=$3 attempt
  shift 3
  for attempt in 1 2 3; do
    next_port; T=127.0.0.1:$port; ports+=("$port")
    "$ff" live fuzz --target "$T" --allow "$T" --cmd "${cmd//@PORT/$port}" --max-time 60 --out "$out" "$@" > "$log" 2>&1
    rc=$?
    grep -qE 'ended before it was ready|already hangs or cannot reach' "$log" ||
      grep -qiE 'cannot bind|address already in use' "$out/server.log" || return 0
    rm -rf "$out"
  done
}
live "$tmp/o1" "$tmp/o1.log" "$dns --store $store --port @PORT --max-time 60" --transport udp \
  --seeds "$tmp/dns" --runs 30 --seed 1 --rate 2000 --timeout 0.5 --shape-skip 2 --shape-bytes 2 --coverage
s=$tmp/o1/stats.json
expect "formfuzz-dns over UDP with --coverage: exit 0" 0 "$rc"
expect "formfuzz-dns: edges counted (at least 150)" yes \
  "$([ "$(jq .edges "$s")" -ge 150 ] && echo yes || echo "no: $(cat "$tmp/o1.log" "$tmp/o1/server.log")")"
expect "formfuzz-dns: hit-count buckets counted beyond the edges" yes \
  "$([ "$(jq .coverage_features "$s")" -gt "$(jq .edges "$s")" ] && echo yes || echo no)"

"$ff" cc --server "$handshake_src" -o "$tmp/hs_server" > "$tmp/cc.log" 2>&1
expect "formfuzz cc --server builds the handshake server" 0 "$?"
live "$tmp/o2" "$tmp/o2.log" "$tmp/hs_server @PORT 60" --timeout 1 --rate 2000 --seeds "$tmp/hs" --runs 200 \
  --seed 1 --coverage
expect "formfuzz cc --server: edges counted over TCP (at least 12)" yes \
  "$([ "$rc" -le 1 ] && [ "$(jq .edges "$tmp/o2/stats.json")" -ge 12 ] && echo yes || echo "no: rc $rc $(cat "$tmp/o2.log")")"

live "$tmp/o3" "$tmp/o3.log" "$plain @PORT 60" --timeout 1 --rate 2000 --seeds "$tmp/hs" --runs 20 --coverage
out=$(cat "$tmp/o3.log")
expect "a server without a coverage runtime: exit 3" 3 "$rc"
expect "...and the message says how to build one" yes \
  "$(echo "$out" | grep -q 'no coverage runtime: build it with `formfuzz cc --server`' && echo yes || echo "no: $out $(cat "$tmp/o3/server.log")")"
sleep 0.2
alive=0
for p in "${ports[@]}"; do alive=$((alive + $(pgrep -f -- "(--port $p --max-time 60|hs_server $p 60|$plain $p 60)" | wc -l))); done
expect "no server left running" 0 "$alive"
[ "$fails" -eq 0 ] && echo "all live fuzz coverage checks passed" || { echo "$fails check(s) failed"; exit 1; }
