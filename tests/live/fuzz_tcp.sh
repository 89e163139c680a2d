#!/usr/bin/env bash
# formfuzz live fuzz on 127.0.0.1 against handshake_server (a crash behind
# HELLO, AUTH, DATA > 1000; a hang behind HELLO, AUTH, WAIT): the gate, a
# --cmd that cannot start, the crash found from two seeds in a bounded number
# of sequences (fixed seed), saved as a sequence with its note, the server
# restarted, the saved sequence replayed (crash again; a seed: no crash), the
# hang found by replay, and no server left running afterwards.
# With --coverage, the server built with trace-pc-guard (handshake_server_cov)
# reports its edges through the shared map; the plain one is refused.
# usage: fuzz_tcp.sh FORMFUZZ HANDSHAKE_SERVER HANDSHAKE_SERVER_COV
set -u
ff=$1 server=$2 server_cov=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/seeds"
printf '\x00\x06HELLO\n\x00\x07AUTH a\n\x00\x07DATA 5\n' > "$tmp/seeds/handshake"
printf '\x00\x06HELLO\n\x00\x05PING\n' > "$tmp/seeds/ping"
printf '\x00\x06HELLO\n\x00\x07AUTH a\n\x00\x05WAIT\n' > "$tmp/wait"
next_port; T=127.0.0.1:$port
cmd="$server $port 60"
live() { "$ff" live fuzz --target "$T" --allow "$T" --cmd "$cmd" --timeout 1 --rate 2000 --max-time 60 "$@"; }

"$ff" live fuzz --target "$T" --allow 127.0.0.1:1 --cmd "$cmd" --seeds "$tmp/seeds" --out "$tmp/o0" >/dev/null 2>&1
expect "target not allowed: exit 2" 2 "$?"
out=$("$ff" live fuzz --target "$T" --allow "$T" --cmd "false" --seeds "$tmp/seeds" --out "$tmp/o0" 2>&1)
expect "a server that cannot start: exit 3" 3 "$?"
expect "...named" yes "$(echo "$out" | grep -q 'ended before it was ready' && echo yes || echo no)"

live --seeds "$tmp/seeds" --runs 1500 --seed 1 --out "$tmp/o1" > "$tmp/o1.log" 2>&1
expect "fuzz finds the crash: exit 1" 1 "$?"
crash=$(ls "$tmp/o1/crashes" | grep -v '\.txt$' | head -1)
expect "the crash is saved as a sequence" yes "$([ -n "$crash" ] && [ -s "$tmp/o1/crashes/$crash" ] && echo yes || echo no)"
expect "its note names SIGABRT" yes "$(grep -q 'signal 6 (SIGABRT)' "$tmp/o1/crashes/$crash.txt" && echo yes || echo no)"
expect "the crashing sequence passed the handshake" yes "$(grep -qa 'HELLO' "$tmp/o1/crashes/$crash" && grep -qa 'AUTH' "$tmp/o1/crashes/$crash" && grep -qa 'DATA' "$tmp/o1/crashes/$crash" && echo yes || echo no)"
expect "server restarted after the crash" yes "$([ "$(jq .restarts "$tmp/o1/stats.json")" -ge 1 ] && echo yes || echo no)"
expect "states learned: the queue grew past the seeds" yes "$([ "$(jq .queue "$tmp/o1/stats.json")" -gt 2 ] && echo yes || echo no)"
expect "1500 mutated sequences and the 2 seeds ran" 1502 "$(jq .sequences "$tmp/o1/stats.json")"

out=$(live --replay "$tmp/o1/crashes/$crash" --out "$tmp/o2" 2>&1)
expect "replay of the saved crash: exit 1" 1 "$?"
expect "...crashes again" yes "$(echo "$out" | grep -q '^CRASH (killed by signal 6' && echo yes || echo no)"
live --replay "$tmp/seeds/handshake" --out "$tmp/o3" >/dev/null 2>&1
expect "replay of a seed: exit 0" 0 "$?"
out=$(live --replay "$tmp/wait" --out "$tmp/o4" 2>&1)
expect "replay of the WAIT sequence: a hang" "1 hang" "$? $(echo "$out" | awk '{print $1}')"

live --seeds "$tmp/seeds" --runs 200 --coverage --out "$tmp/o5" > /dev/null 2>&1
expect "--coverage with a server that has none: exit 3" 3 "$?"
"$ff" live fuzz --target "$T" --allow "$T" --cmd "$server_cov $port 60" --timeout 1 --rate 2000 --max-time 60 \
  --seeds "$tmp/seeds" --runs 200 --coverage --out "$tmp/o6" > "$tmp/o6.log" 2>&1
rc=$?
expect "--coverage: edges of the server counted" yes "$([ "$rc" -le 1 ] && [ "$(jq .edges "$tmp/o6/stats.json")" -ge 8 ] && echo yes || echo "no: rc $rc $(cat "$tmp/o6.log")")"

sleep 0.2
expect "no server left running" 0 "$(pgrep -f "$server(_cov)? $port" | wc -l)"
[ "$fails" -eq 0 ] && echo "all live fuzz checks passed" || { echo "$fails check(s) failed"; exit 1; }
