#!/usr/bin/env bash
# formfuzz live fuzz over UDP against formfuzz-dns (started by the tool): a
# seed sequence of two queries, 40 mutated sequences, the reply state taken
# from the two flag bytes after the ID (--shape-skip 2 --shape-bytes 2): the
# run ends by itself, finds no crash in the correct server, learns states
# (the queue grows past the seed) and counts every datagram.
# usage: fuzz_udp.sh FORMFUZZ FORMFUZZ_DNS STORE
set -u
ff=$1 dns=$2 store=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/seeds"
write_dns_seed "$tmp/seeds/two"
next_port; T=127.0.0.1:$port
"$ff" live fuzz --transport udp --target "$T" --allow "$T" --cmd "$dns --store $store --port $port --max-time 60" \
  --seeds "$tmp/seeds" --runs 40 --seed 1 --rate 2000 --timeout 0.5 --shape-skip 2 --shape-bytes 2 \
  --max-time 60 --out "$tmp/o" > "$tmp/o.log" 2>&1
expect "no crash in formfuzz-dns: exit 0" 0 "$?"
s=$tmp/o/stats.json
expect "transport and sequences (40 + the seed)" "udp 41 0 0" "$(jq -r '"\(.transport) \(.sequences) \(.crashes) \(.hangs)"' "$s")"
expect "states learned: the queue grew past the seed" yes "$([ "$(jq .queue "$s")" -gt 1 ] && [ "$(jq .states "$s")" -ge 2 ] && echo yes || echo no)"
expect "every datagram counted (messages and health checks)" yes "$([ "$(jq .packets_sent "$s")" -ge "$(jq .messages "$s")" ] && echo yes || echo no)"
sleep 0.2
expect "no server left running" 0 "$(pgrep -f -- "--port $port --max-time" | wc -l)"
[ "$fails" -eq 0 ] && echo "all live fuzz udp checks passed" || { echo "$fails check(s) failed"; exit 1; }
