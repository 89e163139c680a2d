#!/usr/bin/env bash
# formfuzz live canary for DNS on 127.0.0.1: a healthy formfuzz-dns passes
# every stage; a server that hangs after one input class (degrading_dns.py:
# class CH) is rolled back after exactly K checks in a row out of bounds, the
# rollback command runs, no fuzz packet is sent after it (the server's own
# count equals the report's), and the culprit (a CH query) is among the saved
# requests; a watched process that dies is a breach; the gate refuses a
# target not allowed. DNS over TCP (--transport tcp): the healthy server on
# new and kept connections, and a TCP-only degrading server rolled back with
# its own counts of messages and connections equal to the report's.
# usage: canary_dns.sh FORMFUZZ FORMFUZZ_DNS STORE
set -u
ff=$1 dns=$2 store=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/seeds"
# one A query for app.formation.cloud (ID 0x1234): the seed the canary mutates
printf '\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x03app\x09formation\x05cloud\x00\x00\x01\x00\x01' > "$tmp/seeds/a"

# ch_culprit DIR: yes when a saved request of DIR asks a class-CH question
ch_culprit() {
  python3 - "$1" <<'PY'
import os, struct, sys
d = sys.argv[1]
def qclass(q):
    pos = 12
    while pos < len(q) and q[pos] != 0:
        if q[pos] >= 0xC0: return None
        pos += q[pos] + 1
    return struct.unpack(">H", q[pos + 3:pos + 5])[0] if pos + 5 <= len(q) else None
print("yes" if any(qclass(open(os.path.join(d, f), "rb").read()) == 3 for f in os.listdir(d)) else "no")
PY
}

out=$("$ff" live canary --target 127.0.0.1:9 --probe 'formation.cloud SOA' --allow 127.0.0.1:53 --out "$tmp/o0" 2>&1); rc=$?
expect "target not allowed: exit 2" 2 "$rc"
expect "target not allowed: named" yes "$(echo "$out" | grep -q 'target 127.0.0.1:9 is not allowed' && echo yes || echo no)"
"$ff" live canary --target 127.0.0.1:9 --probe 'formation.cloud SOA' --allow 127.0.0.1:9 --out "$tmp/o0" --baseline-probes 2 --timeout 0.1 >/dev/null 2>&1
expect "no answer to the probe before fuzzing: exit 3" 3 "$?"

# healthy: every stage passes
start_dns healthy "$dns" "$store"
T=127.0.0.1:$healthy
"$ff" live canary --target "$T" --allow "$T" --probe 'formation.cloud SOA' --corpus "$tmp/seeds" \
  --stages 5,20,50 --dwell 1 --interval 0.25 --latency-floor-ms 150 --out "$tmp/o1" > "$tmp/o1.log" 2>&1
expect "healthy server: exit 0" 0 "$?"
expect "healthy server: all 3 stages passed" "passed 3" "$(jq -r '"\(.result) \(.stages_passed)"' "$tmp/o1/canary.json")"
sent=$(jq .fuzz_sent "$tmp/o1/canary.json")
expect "fuzz traffic follows the stages (about 75 requests, never more)" yes "$([ "$sent" -ge 38 ] && [ "$sent" -le 80 ] && echo yes || echo "no: $sent")"
expect "report files" "yes yes yes" "$(for f in canary.md canary.csv canary.svg; do [ -s "$tmp/o1/$f" ] && printf yes || printf no; [ $f != canary.svg ] && printf ' '; done)"
expect "the plot is SVG" yes "$(grep -q '<svg' "$tmp/o1/canary.svg" && echo yes || echo no)"
expect "no culprits without rollback" no "$([ -d "$tmp/o1/culprits" ] && echo yes || echo no)"

# DNS over TCP (--transport tcp): the healthy server, a new connection for
# every request and probe, then up to 10 fuzz requests per connection
"$ff" live canary --transport tcp --target "$T" --allow "$T" --probe 'formation.cloud SOA' --corpus "$tmp/seeds" \
  --stages 5,20 --dwell 0.8 --interval 0.25 --latency-floor-ms 150 --out "$tmp/t1" > "$tmp/t1.log" 2>&1
expect "tcp: healthy server passes both stages" "0 passed 2 tcp" "$?"" $(jq -r '"\(.result) \(.stages_passed) \(.transport)"' "$tmp/t1/canary.json")"
expect "tcp: one connection per request and probe" "$(jq '.fuzz_sent + .probes_sent' "$tmp/t1/canary.json")" "$(jq .tcp_connections "$tmp/t1/canary.json")"
expect "tcp: the report names the transport" yes "$(grep -q '| transport | TCP |' "$tmp/t1/canary.md" && echo yes || echo no)"
"$ff" live canary --transport tcp --tcp-messages 10 --target "$T" --allow "$T" --probe 'formation.cloud SOA' \
  --corpus "$tmp/seeds" --stages 20 --dwell 1 --interval 0.25 --latency-floor-ms 150 --out "$tmp/t2" > "$tmp/t2.log" 2>&1
expect "tcp, 10 requests per connection: passes, no errors" "0 passed 0" "$?"" $(jq -r '"\(.result) \(.fuzz_errors)"' "$tmp/t2/canary.json")"
expect "tcp, 10 requests per connection: fewer fuzz connections than requests" yes \
  "$(jq -r '(.tcp_connections - .probes_sent) as $c | if $c >= 1 and $c < .fuzz_sent then "yes" else "no: \($c) for \(.fuzz_sent)" end' "$tmp/t2/canary.json")"
"$ff" live canary --transport sctp --target "$T" --allow "$T" --probe 'formation.cloud SOA' >/dev/null 2>&1
expect "--transport other than udp or tcp: exit 2" 2 "$?"
"$ff" live canary --tcp-messages 5 --target "$T" --allow "$T" --probe 'formation.cloud SOA' >/dev/null 2>&1
expect "--tcp-messages without --transport tcp: exit 2" 2 "$?"
"$ff" live canary --proto http --transport udp --target "$T" --allow "$T" --probe / >/dev/null 2>&1
expect "--proto http --transport udp: exit 2" 2 "$?"

# a TCP-only server that stops answering after a class-CH query: rolled back
# after K=2 checks; its own counts of fuzz messages and connections equal the
# report's (nothing went over UDP, nothing after the rollback)
python3 "$here/degrading_dns.py" "$tmp/degt.port" "$tmp/degt.log" 60 tcp & pids+=($!)
for i in $(seq 50); do [ -s "$tmp/degt.port" ] && break; sleep 0.1; done
DT=127.0.0.1:$(cat "$tmp/degt.port")
# (--seed 4: the second fuzz request is the CH query)
"$ff" live canary --transport tcp --tcp-messages 20 --target "$DT" --allow "$DT" --probe 'formation.cloud SOA' \
  --corpus "$tmp/seeds" --seed 4 --stages 10,40 --dwell 2 --interval 0.25 --breach-checks 2 --timeout 0.5 \
  --latency-floor-ms 100 --max-latency-factor 1.5 --out "$tmp/t3" > "$tmp/t3.log" 2>&1
expect "tcp degrading server: exit 1 (rollback)" 1 "$?"
sleep 1
expect "tcp: the server's fuzz messages, probes and connections equal the report's" \
  "$(jq -r '"\(.fuzz_sent) \(.probes_sent) \(.tcp_connections)"' "$tmp/t3/canary.json")" \
  "$(grep -c '^fuzz' "$tmp/degt.log") $(grep -c '^probe' "$tmp/degt.log") $(grep -c '^conn' "$tmp/degt.log")"
expect "tcp: the CH query is among the culprits" yes "$(ch_culprit "$tmp/t3/culprits")"

# degrading: rollback after K=2 breaching checks in a row
python3 "$here/degrading_dns.py" "$tmp/deg.port" "$tmp/deg.log" 60 & pids+=($!)
for i in $(seq 50); do [ -s "$tmp/deg.port" ] && break; sleep 0.1; done
D=127.0.0.1:$(cat "$tmp/deg.port")
"$ff" live canary --target "$D" --allow "$D" --probe 'formation.cloud SOA' --corpus "$tmp/seeds" \
  --stages 10,40,80 --dwell 2 --interval 0.25 --breach-checks 2 --timeout 0.5 --latency-floor-ms 100 --max-latency-factor 1.5 \
  --on-rollback "touch $tmp/rolled-back" --out "$tmp/o2" > "$tmp/o2.log" 2>&1
expect "degrading server: exit 1 (rollback)" 1 "$?"
j=$tmp/o2/canary.json
expect "result" "rolled back" "$(jq -r .result "$j")"
expect "rolled back at the K=2nd breaching check in a row" "true false" \
  "$(jq -r '"\(.timeline[-1].breach and .timeline[-2].breach) \(.timeline[-3].breach // false)"' "$j")"
expect "the rollback command ran" yes "$([ -e "$tmp/rolled-back" ] && echo yes || echo no)"
sleep 1
expect "no fuzz packet after the rollback (server count = report count)" "$(jq .fuzz_sent "$j")" "$(grep -c '^fuzz' "$tmp/deg.log")"
formfuzz_report=$("$ff" report --out "$tmp/o2" --no-plots 2>&1)
expect "formfuzz report shows the canary and its plot" "yes yes" \
  "$(grep -q '<h2>Live canary</h2>' "$tmp/o2/report/index.html" && echo yes || echo no) $(grep -q 'src="../canary.svg"' "$tmp/o2/report/index.html" && echo yes || echo no)"
expect "...as well-formed XHTML" 0 "$(xmllint --noout "$tmp/o2/report/index.html" >/dev/null 2>&1; echo $?)"
expect "culprits saved" yes "$([ "$(ls "$tmp/o2/culprits" | wc -l)" -gt 0 ] && echo yes || echo no)"
expect "the CH query is among the culprits" yes "$(ch_culprit "$tmp/o2/culprits")"

# --rollback-to last: a second class-CH server; stage 1 (1 req/s, no CH query
# among its variants) passes, stage 2 (60 req/s) sends the CH query and is
# rolled back, the hold at 1 req/s finds the server still silent and drops to zero
python3 "$here/degrading_dns.py" "$tmp/deg2.port" "$tmp/deg2.log" 60 & pids+=($!)
for i in $(seq 50); do [ -s "$tmp/deg2.port" ] && break; sleep 0.1; done
L=127.0.0.1:$(cat "$tmp/deg2.port")
"$ff" live canary --target "$L" --allow "$L" --probe 'formation.cloud SOA' --corpus "$tmp/seeds" \
  --stages 1,60 --dwell 3 --interval 0.25 --breach-checks 2 --timeout 0.5 --latency-floor-ms 100 --max-latency-factor 1.5 \
  --rollback-to last --out "$tmp/o6" > "$tmp/o6.log" 2>&1
expect "rollback-to last: exit 1" 1 "$?"
expect "rolled back at 60, held 1, breached again" "60 last healthy stage 1 breached: dropped to zero" \
  "$(jq -r '.rollback | "\(.rate) \(.to) \(.hold_rate) \(.hold_result)"' "$tmp/o6/canary.json")"
expect "the checks after the rollback ran at 1 req/s and end with K=2 breaches" yes \
  "$(jq -r '[.timeline[] | select(.t_s > $r)] | (length >= 2 and all(.rate == 1) and .[-1].breach and .[-2].breach)' \
     --argjson r "$(jq .rollback.at_s "$tmp/o6/canary.json")" "$tmp/o6/canary.json" | sed 's/true/yes/; s/false/no/')"
"$ff" live canary --target "$L" --allow "$L" --probe 'formation.cloud SOA' --rollback-to sometimes >/dev/null 2>&1
expect "--rollback-to other than zero or last: exit 2" 2 "$?"

# the stop file ends a run with nothing else ending it
"$ff" live canary --target "$T" --allow "$T" --probe 'formation.cloud SOA' --stages 5 --dwell 600 \
  --stop-file "$tmp/stop" --out "$tmp/o4" > /dev/null 2>&1 & cpid=$!; pids+=($cpid)
sleep 1; touch "$tmp/stop"
for i in $(seq 30); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
expect "stop file ends the canary within 3 s" gone "$(kill -0 "$cpid" 2>/dev/null && echo running || echo gone)"
wait "$cpid" 2>/dev/null
expect "stopped by the stop file" "stopped stop file" "$(jq -r '"\(.result) \(.stopped_by)"' "$tmp/o4/canary.json")"

# SIGTERM does the same, and the report says so
"$ff" live canary --target "$T" --allow "$T" --probe 'formation.cloud SOA' --stages 5 --dwell 600 \
  --out "$tmp/o5" > /dev/null 2>&1 & cpid=$!; pids+=($cpid)
sleep 1; kill -TERM "$cpid"
for i in $(seq 30); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
expect "SIGTERM ends the canary within 3 s" gone "$(kill -0 "$cpid" 2>/dev/null && echo running || echo gone)"
wait "$cpid" 2>/dev/null
expect "stopped by the signal, report written" "stopped signal" "$(jq -r '"\(.result) \(.stopped_by)"' "$tmp/o5/canary.json")"

# a watched process that dies is a breach
# (the healthy server of the first part, last: it is killed here)
V=$T
vpid=${pids[0]}
( sleep 1.5; kill -KILL "$vpid" ) & # at once: no exit-time sanitizer work while the probe already fails
"$ff" live canary --target "$V" --allow "$V" --probe 'formation.cloud SOA' --corpus "$tmp/seeds" --pid "$vpid" \
  --stages 10 --dwell 6 --interval 0.25 --breach-checks 2 --timeout 0.2 --out "$tmp/o3" > "$tmp/o3.log" 2>&1
expect "watched process killed: exit 1" 1 "$?"
expect "the reason names the process" yes "$(jq -r .rollback.reason "$tmp/o3/canary.json" | grep -q "process $vpid gone" && echo yes || echo no)"

[ "$fails" -eq 0 ] && echo "all live canary dns checks passed" || { echo "$fails check(s) failed"; exit 1; }
