#!/usr/bin/env bash
# formfuzz live fuzz --proto http on 127.0.0.1 against http_cart_server (a
# libmicrohttpd shop whose planted crash needs a login, a cart item with a
# negative qty and a checkout): usage refusals; the crash found with
# HTTP-aware sequences under a fixed seed, confirmed on a fresh server, saved
# with its note and replayed; a seed replayed clean; the same server closing
# every connection ("Connection: close") fuzzed too, with one connection per
# request; and, under one seed and one sequence budget, aware mutation
# reaching more reply states (status + JSON shape) than havoc alone.
# With FORMFUZZ_ECON, the econ component server (libmicrohttpd, keep-alive) is
# fuzzed briefly too: webhook and queue requests, no crash or hang.
# usage: fuzz_http.sh FORMFUZZ HTTP_CART_SERVER [FORMFUZZ_ECON]
set -u
ff=$1 server=$2 econ=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/seeds"
# seq FILE REQUEST...: the requests, each after its 2-byte big-endian length
seq_file() {
  local out=$1; shift; : > "$out"
  for r in "$@"; do
    printf "$(printf '\\x%02x\\x%02x' $(( ${#r} >> 8 )) $(( ${#r} & 255 )))" >> "$out"
    printf '%s' "$r" >> "$out"
  done
}
req() { # VAR METHOD PATH [BODY] [noauth]: VAR gets the request (no command substitution: it would eat the final CRLF)
  local h="$2 $3 HTTP/1.1"$'\r\n'"Host: 127.0.0.1"$'\r\n'
  [ "${5:-}" = noauth ] || h+="Authorization: Bearer tk1"$'\r\n'
  [ $# -ge 4 ] && h+="Content-Type: application/json"$'\r\n'"Content-Length: ${#4}"$'\r\n'
  printf -v "$1" '%s\r\n%s' "$h" "${4:-}"
}
req login POST /login '{"user":"ann"}' noauth; req cart POST /cart '{"item":"pen","qty":2}'; req pay POST /checkout ''
seq_file "$tmp/seeds/checkout" "$login" "$cart" "$pay"
req login POST /login '{"user":"bob"}' noauth; req list GET /cart
seq_file "$tmp/seeds/browse" "$login" "$list"
next_port; T=127.0.0.1:$port
live() { "$ff" live fuzz --proto http --target "$T" --allow "$T" --rate 2000 --max-time 60 "$@"; }

live --cmd "$server $port 60" --seeds "$tmp/seeds" --transport udp --out "$tmp/o0" >/dev/null 2>&1
expect "--proto http over udp: exit 2" 2 "$?"
live --cmd "$server $port 60" --seeds "$tmp/seeds" --mutate bytes --out "$tmp/o0" >/dev/null 2>&1
expect "a bad --mutate: exit 2" 2 "$?"

live --cmd "$server $port 60" --seeds "$tmp/seeds" --timeout 0.3 --runs 120 --seed 3 --out "$tmp/o1" > "$tmp/o1.log" 2>&1
expect "aware fuzzing finds the crash: exit 1" 1 "$?"
crash=$(ls "$tmp/o1/crashes" 2>/dev/null | grep -v '\.txt$' | head -1)
expect "the crash is saved as a sequence" yes "$([ -n "$crash" ] && [ -s "$tmp/o1/crashes/$crash" ] && echo yes || echo no)"
note=$(cat "$tmp/o1/crashes/$crash.txt" 2>/dev/null)
expect "its note names SIGABRT and a reproduction on a fresh server" yes \
  "$(echo "$note" | grep -q 'signal 6 (SIGABRT)' && echo "$note" | grep -q 'reproduced on a fresh server' && echo yes || echo "no: $note")"
expect "its note shows HTTP states (status and JSON shape)" yes "$(echo "$note" | grep -q '201 {cart:{items:i,total:i}}' && echo yes || echo "no: $note")"
expect "the crashing sequence logs in, adds a negative qty, checks out" yes \
  "$(grep -qa 'POST /login' "$tmp/o1/crashes/$crash" && grep -qa '"qty":-' "$tmp/o1/crashes/$crash" && grep -qa 'POST /checkout' "$tmp/o1/crashes/$crash" && echo yes || echo no)"
expect "stats: proto http, aware, 122 sequences" "http aware 122" "$(jq -r '"\(.proto) \(.mutation) \(.sequences)"' "$tmp/o1/stats.json")"
expect "the server was restarted" yes "$([ "$(jq .restarts "$tmp/o1/stats.json")" -ge 1 ] && echo yes || echo no)"
expect "requests shared kept-alive connections" yes "$(jq -e '.connections < .messages' "$tmp/o1/stats.json" >/dev/null && echo yes || echo no)"

out=$(live --cmd "$server $port 60" --replay "$tmp/o1/crashes/$crash" --timeout 0.5 --out "$tmp/o2" 2>&1)
expect "replay of the saved crash: exit 1, CRASH" "1 yes" "$? $(echo "$out" | grep -q '^CRASH (killed by signal 6' && echo yes || echo "no: $out; note: $note")"
out=$(live --cmd "$server $port 60" --replay "$tmp/seeds/checkout" --timeout 0.5 --out "$tmp/o3" 2>&1)
expect "replay of a seed: exit 0, its HTTP states" "0 yes" "$? $(echo "$out" | grep -q 'ok after 3 message(s); reply states: 200 {token:s,user:s}; 201 {cart:{items:i,total:i}}; 200 {order:{id:i,total:i},status:s}' && echo yes || echo "no: $out")"

# A server that closes after every reply: one connection per request, same states.
live --cmd "$server $port 60 --close" --seeds "$tmp/seeds" --timeout 0.3 --runs 60 --seed 2 --out "$tmp/o4" > "$tmp/o4.log" 2>&1
rc=$?
expect "a closing server: every request on its own connection, states learned" yes \
  "$([ "$rc" -le 1 ] && jq -e '.connections >= .messages and .states >= 6 and .hangs == 0' "$tmp/o4/stats.json" >/dev/null && echo yes || echo "no: rc $rc $(cat "$tmp/o4/stats.json" 2>/dev/null)")"

# Aware against havoc: the same seed, seeds and budget (100 sequences).
for mode in aware havoc; do
  live --cmd "$server $port 60" --seeds "$tmp/seeds" --mutate "$mode" --timeout 0.1 --runs 100 --seed 3 --out "$tmp/c-$mode" > /dev/null 2>&1
done
aware=$(jq .states "$tmp/c-aware/stats.json") havoc=$(jq .states "$tmp/c-havoc/stats.json")
echo "states in 100 sequences: aware $aware, havoc $havoc"; jq -c .state_list "$tmp/c-aware/stats.json" "$tmp/c-havoc/stats.json"
expect "aware mutation reaches more reply states than havoc" yes "$([ "$aware" -gt "$havoc" ] && echo yes || echo "no: aware $aware havoc $havoc")"

if [ -n "$econ" ]; then
  mkdir -p "$tmp/econ"
  req hook POST /api/v1/webhooks '{"url":"https://hooks.example/x","event_types":["metrics"]}'
  hook=${hook/tk1/tk}; req hooks GET /api/v1/webhooks; hooks=${hooks/tk1/tk}
  seq_file "$tmp/econ/hooks" "$hook" "$hooks"
  topic=ed54877daae9a0ac5d8dd627316b43916b5b010503be90c37d5f12c048405a72 # the hash of usage_events
  req write POST /queue/write_local "{\"Write\":{\"content\":[0,123,125],\"topic\":\"$topic\"}}" noauth
  req read GET /queue/usage_events/get '' noauth; req after GET /queue/usage_events/0/get_after '' noauth
  seq_file "$tmp/econ/queue" "$write" "$read" "$after"
  next_port; E=127.0.0.1:$port
  "$ff" live fuzz --proto http --target "$E" --allow "$E" --cmd "$econ --port $port --token tk --max-time 60 --collect 3600" \
    --seeds "$tmp/econ" --timeout 0.5 --runs 60 --seed 1 --rate 2000 --max-time 60 --out "$tmp/o5" > "$tmp/o5.log" 2>&1
  rc=$?
  expect "formfuzz-econ: no crash or hang, states learned, kept-alive connections" yes \
    "$([ "$rc" = 0 ] && jq -e '.crashes == 0 and .hangs == 0 and .states >= 6 and .connections < .messages' "$tmp/o5/stats.json" >/dev/null && echo yes || echo "no: rc $rc $(cat "$tmp/o5/stats.json" "$tmp/o5.log" 2>/dev/null | head -30)")"
  expect "formfuzz-econ: its replies' states (a queue read, a 401)" yes \
    "$(jq -e '(.state_list | index("200 {List:[[i]]}")) and (.state_list | index("401 {error:s}"))' "$tmp/o5/stats.json" >/dev/null && echo yes || echo "no: $(jq -c .state_list "$tmp/o5/stats.json")")"
fi

sleep 0.2
expect "no server left running" 0 "$(pgrep -f "$server $port" | wc -l)"
[ "$fails" -eq 0 ] && echo "all live fuzz http checks passed" || { echo "$fails check(s) failed"; exit 1; }
