#!/usr/bin/env bash
# formfuzz live shadow for DNS on 127.0.0.1: the allow gate (a target not
# named is refused before any packet), the proxy answering UDP and TCP clients
# from the primary only, recording, zero findings between two clean
# formfuzz-dns, the dns.geo_untruncated replica found as shadow (live and by
# replaying the recorded traffic over UDP and TCP), findings in the triage
# format, variants, a second primary turning differences into noise, and the
# stop file.
# usage: shadow_dns.sh FORMFUZZ FORMFUZZ_DNS FORMFUZZ_DNS_BUGS STORE
set -u
ff=$1 dns=$2 dnsbugs=$3 store=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT

start_dns clean "$dns" "$store"
start_dns clean2 "$dns" "$store"
start_dns buggy "$dnsbugs" "$store" FORMFUZZ_BUGS=dns.geo_untruncated
A=127.0.0.1:$clean B=127.0.0.1:$clean2 X=127.0.0.1:$buggy
expect "the replica differs (4 answers, not 3)" 4 "$(drill -p "$buggy" @127.0.0.1 app.formation.cloud A | grep -c '^app.formation.cloud.*IN.*A')"

# the gate: a shadow that is not allowed is refused before anything is sent
python3 - "$tmp/sink.port" "$tmp/sink.got" <<'PY' & pids+=($!)
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0))
open(sys.argv[1], "w").write(str(s.getsockname()[1])); s.settimeout(0.1); got = 0; end = time.time() + 1.2
while time.time() < end:
    try: got += len(s.recv(65535))
    except socket.timeout: pass
open(sys.argv[2], "w").write(str(got))
PY
for i in $(seq 50); do [ -s "$tmp/sink.port" ] && break; sleep 0.1; done
sink=127.0.0.1:$(cat "$tmp/sink.port")
mkdir -p "$tmp/one"; printf '\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03app\x09formation\x05cloud\x00\x00\x01\x00\x01' > "$tmp/one/q"
out=$("$ff" live shadow --replay "$tmp/one" --primary "$A" --shadow "$sink" --allow "$A" --out "$tmp/o0" 2>&1); rc=$?
expect "shadow not allowed: exit 2" 2 "$rc"
expect "shadow not allowed: named" yes "$(echo "$out" | grep -q "shadow $sink is not allowed" && echo yes || echo no)"
out=$("$ff" live shadow --primary "$A" --shadow "$B" --allow "$A,$B" --listen 10.1.2.3:5300 --out "$tmp/o0" 2>&1); rc=$?
expect "listen off loopback refused" 2 "$rc"
out=$("$ff" live shadow --primary "$A" --shadow "$B" --allow "$A,$B" --rules /nonexistent --out "$tmp/o0" 2>&1); rc=$?
expect "missing rules file refused" 2 "$rc"
out=$("$ff" live shadow --primary "$A" --shadow "$B" --allow "$A,$B" --replay "$tmp/none" 2>&1); rc=$?
expect "--replay of a missing directory refused" "2 yes" "$rc $(echo "$out" | grep -q 'is not a directory' && echo yes || echo no)"
"$ff" live shadow --primary "$A" --shadow "$B" --allow "$A,$B" --rate 5000 >/dev/null 2>&1
expect "--rate over the hard cap refused" 2 "$?"
"$ff" live bogus >/dev/null 2>&1
expect "unknown live subcommand" 2 "$?"
for sub in shadow canary fuzz; do
  expect "live $sub --help" 0 "$("$ff" live $sub --help >/dev/null 2>&1; echo $?)"
done
wait "${pids[-1]}" 2>/dev/null
expect "nothing reached the refused target" 0 "$(cat "$tmp/sink.got")"

# proxy: clean primary, clean shadow; UDP and TCP clients; recording
proxy() { # PORTVAR OUT ARGS...: starts the proxy, waits until it answers
  local var=$1 out=$2; shift 2
  for attempt in 1 2 3; do
    next_port
    "$ff" live shadow --listen "127.0.0.1:$port" --out "$out" --max-time 60 "$@" > "$out.log" 2>&1 & ppid=$!
    pids+=("$ppid")
    sleep 0.3
    if kill -0 "$ppid" 2>/dev/null; then printf -v "$var" '%s' "$port"; return 0; fi
  done
  echo "proxy did not start: $(cat "$out.log")"; exit 1
}
proxy P "$tmp/o1" --primary "$A" --shadow "$B" --allow "$A,$B" --record "$tmp/rec" --max-requests 6
ans=$(drill -p "$P" @127.0.0.1 app.formation.cloud A)
expect "client answer through the proxy (3 records)" 3 "$(echo "$ans" | grep -c '^app.formation.cloud.*IN.*A')"
drill -p "$P" @127.0.0.1 v6.formation.cloud AAAA >/dev/null
drill -p "$P" @127.0.0.1 www.formation.cloud A >/dev/null
drill -p "$P" @127.0.0.1 nope.formation.cloud A >/dev/null
expect "TCP client answer" 3 "$(drill -t -p "$P" @127.0.0.1 app.formation.cloud A | grep -c '^app.formation.cloud.*IN.*A')"
drill -t -p "$P" @127.0.0.1 half.formation.cloud A >/dev/null
wait "$ppid"; rc=$?
expect "clean vs clean: exit 0" 0 "$rc"
expect "clean vs clean: 6 requests, no differences" "6 0" "$(jq -r '"\(.proxied) \(.differences)"' "$tmp/o1/stats.json")"
expect "6 requests recorded (drill picks a new ID each time)" 6 "$(ls "$tmp/rec" | wc -l)"
expect "no buckets" 0 "$(jq '.buckets | length' "$tmp/o1/triage/index.json")"

# proxy: clean primary, replica as shadow; the client still gets the primary's answer
proxy P "$tmp/o2" --primary "$A" --shadow "$X" --allow "$A,$X" --max-requests 2
expect "client answer unaffected by the shadow" 3 "$(drill -p "$P" @127.0.0.1 app.formation.cloud A | grep -c '^app.formation.cloud.*IN.*A')"
drill -p "$P" @127.0.0.1 v6.formation.cloud AAAA >/dev/null
wait "$ppid"; rc=$?
expect "replica as shadow: exit 1 (findings)" 1 "$rc"
expect "one difference" 1 "$(jq .differences "$tmp/o2/stats.json")"
bucket=$(jq -r '.buckets[0].id' "$tmp/o2/triage/index.json")
expect "bucket in the triage format" "live_dns difference 1" "$(jq -r '.buckets[0] | "\(.fuzzer) \(.kind) \(.count)"' "$tmp/o2/triage/index.json")"
expect "the diff names the answer section" yes "$(grep -q '^+ answer\[3\].A app.formation.cloud.' "$tmp/o2/triage/$bucket/diff.txt" && echo yes || echo no)"
expect "SARIF 2.1.0 result with the bucket as fingerprint" "2.1.0 live-difference $bucket" \
  "$(jq -r '"\(.version) \(.runs[0].results[0].ruleId) \(.runs[0].results[0].partialFingerprints["formfuzzBucket/v1"])"' "$tmp/o2/triage/results.sarif")"
expect "report.md written" yes "$([ -s "$tmp/o2/triage/$bucket/report.md" ] && echo yes || echo no)"
expect "request kept as a corpus entry" 1 "$(ls "$tmp/o2/corpus" | wc -l)"

# replay of the recorded traffic: over UDP and TCP, the replica found; clean shadow: nothing
"$ff" live shadow --replay "$tmp/rec" --primary "$A" --shadow "$X" --allow "$A,$X" --out "$tmp/o3" >/dev/null 2>&1
expect "replay UDP finds the replica" "1 1" "$?$(jq -r '" \(.buckets | length)"' "$tmp/o3/triage/index.json")"
expect "replay found the same bucket" "$bucket" "$(jq -r '.buckets[0].id' "$tmp/o3/triage/index.json")"
"$ff" live shadow --replay "$tmp/rec" --transport tcp --primary "$A" --shadow "$X" --allow "$A,$X" --out "$tmp/o4" >/dev/null 2>&1
expect "replay TCP finds the replica" 1 "$?"
"$ff" live shadow --transport tcp --primary "$A" --shadow "$X" --allow "$A,$X" --out "$tmp/o4b" >/dev/null 2>&1
expect "--transport without --replay (the proxy serves both): exit 2" 2 "$?"
"$ff" live shadow --replay "$tmp/rec" --primary "$A" --shadow "$B" --allow "$A,$B" --variants 8 --out "$tmp/o5" >/dev/null 2>&1
expect "clean vs clean with 8 variants each: exit 0" 0 "$?"
expect "variants sent (6 x 8) and no difference" "48 0" "$(jq -r '"\(.mutated) \(.differences)"' "$tmp/o5/stats.json")"
expect "every packet counted (6 to each server, then 48 variants to both)" 108 "$(jq .packets_sent "$tmp/o5/stats.json")"
"$ff" live shadow --replay "$tmp/rec" --primary "$A" --shadow "$X" --allow "$A,$X" --variants 8 --seed 7 --out "$tmp/o6" >/dev/null 2>&1
expect "variants against the replica: findings" 1 "$?"

# a second primary that differs the same way: noise, not a finding
"$ff" live shadow --replay "$tmp/rec" --primary "$A" --shadow "$X" --primary2 "$X" --allow "$A,$X" --out "$tmp/o7" >/dev/null 2>&1
expect "differences the second primary shows are noise (app over UDP and TCP)" "0 2 0" "$?$(jq -r '" \(.noise) \(.differences)"' "$tmp/o7/stats.json")"

# the stop file ends a proxy with no other limit
proxy P "$tmp/o8" --primary "$A" --shadow "$B" --allow "$A,$B" --stop-file "$tmp/stop"
touch "$tmp/stop"
for i in $(seq 30); do kill -0 "$ppid" 2>/dev/null || break; sleep 0.1; done
expect "stop file ends the proxy within 3 s" gone "$(kill -0 "$ppid" 2>/dev/null && echo running || echo gone)"
wait "$ppid" 2>/dev/null
expect "stopped by the stop file" "stop file" "$(jq -r .stopped_by "$tmp/o8/stats.json")"

[ "$fails" -eq 0 ] && echo "all live shadow dns checks passed" || { echo "$fails check(s) failed"; exit 1; }
