#!/usr/bin/env bash
# formfuzz corpus import on a real capture: tcpdump or dumpcap records the
# loopback while loopback_clients.py writes HTTP requests (Content-Length and
# chunked) and framed DNS queries to 127.0.0.1 in several pieces each; the
# import gives exactly those requests. Skipped (77) when no capture tool is
# installed or capturing on lo is not permitted here.
# usage: corpus_capture.sh FORMFUZZ
set -u
ff=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
python3 "$here/loopback_clients.py" "$tmp" & clients=$!; pids+=("$clients")
for i in $(seq 100); do [ -s "$tmp/ports" ] && break; sleep 0.1; done
read -r hp dp < "$tmp/ports" || { echo "the servers did not start"; exit 1; }
filter="tcp and (port $hp or port $dp)"
if command -v tcpdump >/dev/null; then
  tcpdump --immediate-mode -i lo -U -w "$tmp/lo.pcap" "$filter" 2> "$tmp/cap.log" & cpid=$!
elif command -v dumpcap >/dev/null; then
  dumpcap -q -P -a duration:30 -i lo -f "$filter" -w "$tmp/lo.pcap" 2> "$tmp/cap.log" & cpid=$!
else
  echo "no tcpdump or dumpcap: skipped"; exit 77
fi
pids+=("$cpid")
for i in $(seq 100); do # until it captures (or fails)
  grep -qiE 'listening on|capturing on' "$tmp/cap.log" 2>/dev/null && break
  kill -0 "$cpid" 2>/dev/null || break
  sleep 0.1
done
if ! kill -0 "$cpid" 2>/dev/null || ! grep -qiE 'listening on|capturing on' "$tmp/cap.log"; then
  echo "cannot capture on lo here: skipped"; cat "$tmp/cap.log"; exit 77
fi
sleep 0.5
touch "$tmp/go"
wait "$clients"
expect "clients ran" 0 "$?"
sleep 1 # the capture writes what the kernel handed it (libpcap buffers up to its timeout)
kill -INT "$cpid"; wait "$cpid" 2>/dev/null
same_set() { # corpus dir, want dir
  [ -n "$(ls "$2" 2>/dev/null)" ] || { echo "no want dir"; return; }
  diff <(ls "$1" | sort) <(for f in "$2"/*; do sha1sum < "$f" | cut -c1-40; done | sort) >/dev/null && echo same || echo different
}
out=$("$ff" corpus import "$tmp/lo.pcap" "$tmp/http" --proto http --port "$hp" 2>&1 | head -1)
expect "http from the capture: summary" "import: 2 HTTP request(s): 2 written, 0 already there, 0 skipped" \
  "$(echo "$out" | sed 's/^import: [0-9]* packet(s), /import: /; s/, into .*//')"
expect "http from the capture: the two requests, byte for byte" same "$(same_set "$tmp/http" "$tmp/want_http")"
out=$("$ff" corpus import "$tmp/lo.pcap" "$tmp/dns" --port "$dp" 2>&1 | head -1)
expect "dns from the capture: summary" "import: 2 DNS request(s): 2 written, 0 already there, 0 skipped" \
  "$(echo "$out" | sed 's/^import: [0-9]* packet(s), /import: /; s/, into .*//')"
expect "dns from the capture: the two queries, byte for byte" same "$(same_set "$tmp/dns" "$tmp/want_dns")"
[ "$fails" -eq 0 ] && echo "all corpus capture checks passed" || { echo "$fails check(s) failed"; exit 1; }
