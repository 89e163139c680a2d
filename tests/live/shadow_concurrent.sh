#!/usr/bin/env bash
# formfuzz live shadow serving clients at once, on 127.0.0.1, against
# barrier_server.py upstreams (a request is answered only when 4 wait at once,
# so a proxy that serves one client at a time gets errors): 4 UDP and 4 TCP
# DNS clients x 20 requests, and 4 HTTP keep-alive clients x 20 requests, all
# answered with the primary's exact bytes; pipelined DNS over TCP and
# pipelined HTTP answered in order, each answer equal to the primary's own;
# a shadow that never answers does not slow clients (mirrors dropped from a
# 1-deep queue and counted, every packet counted); SIGTERM ends the proxy.
# usage: shadow_concurrent.sh FORMFUZZ
set -u
ff=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
client() { python3 "$here/concurrent_client.py" "$@"; }

launch() { # NAME PROTO K [LOG]: starts a barrier_server.py (all start at once; port_of waits)
  python3 "$here/barrier_server.py" "$2" "$tmp/port.$1" "$3" 3 90 ${4:-} & pids+=($!)
}
port_of() { # NAME: its port, once it listens
  for i in $(seq 100); do [ -s "$tmp/port.$1" ] && break; sleep 0.1; done
  [ -s "$tmp/port.$1" ] || { echo "cannot start barrier_server.py $1" >&2; exit 1; }
  cat "$tmp/port.$1"
}
proxy() { # PORTVAR OUT ARGS...: starts the proxy, waits until it accepts (a bare connect is no request)
  local var=$1 out=$2; shift 2
  for attempt in 1 2 3; do
    next_port
    "$ff" live shadow --listen "127.0.0.1:$port" --out "$out" --max-time 60 "$@" > "$out.log" 2>&1 & ppid=$!
    pids+=("$ppid")
    for i in $(seq 30); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
      sleep 0.1
    done
    if kill -0 "$ppid" 2>/dev/null; then printf -v "$var" '%s' "$port"; return 0; fi
  done
  echo "proxy did not start: $(cat "$out.log")"; exit 1
}
stat() { jq -r "$1" "$2/stats.json"; }

launch d4 dns 4; launch d1 dns 1; launch s1 dns 1; launch h4 http 4; launch h1 http 1; launch hs http 1
launch silent silent 1 "$tmp/silent.log"; launch c dns 1 "$tmp/primary.log"
D4=$(port_of d4) D1=$(port_of d1) S1=$(port_of s1) H4=$(port_of h4) H1=$(port_of h1) HS=$(port_of hs)
Q=$(port_of silent) C=$(port_of c)
A=127.0.0.1:$D4 B=127.0.0.1:$D1 S=127.0.0.1:$S1

# the barrier: one client alone gets SERVFAIL, 4 at once are answered
expect "the barrier server refuses a lone request" "answered 0 wrong 1 missing 0" "$(client dns-udp "$D4" 1 1)"

# DNS: 4 UDP clients x 20, then 4 TCP clients x 20 (one connection each), at once
proxy P "$tmp/d1" --primary "$A" --shadow "$S" --allow "$A,$S" --timeout 5 --max-requests 160
expect "4 UDP clients x 20 at once: every answer the primary's" "answered 80 wrong 0 missing 0" "$(client dns-udp "$P" 4 20)"
expect "4 TCP clients x 20 at once, 20 messages per connection" "answered 80 wrong 0 missing 0" "$(client dns-tcp "$P" 4 20)"
wait "$ppid"; rc=$?
expect "concurrent DNS: exit 0, 160 proxied, 160 compared, 0 differences, 0 dropped" "0 160 0 160 0 0" \
  "$rc $(stat '"\(.proxied) \(.primary_failed) \(.compared) \(.differences) \(.mirror_dropped)"' "$tmp/d1")"
expect "4 TCP clients served at once" yes "$([ "$(stat .clients_peak "$tmp/d1")" -ge 4 ] && echo yes || echo no)"
expect "every packet counted (160 to the primary, 160 to the shadow)" 320 "$(stat .packets_sent "$tmp/d1")"

# DNS over TCP, 6 queries pipelined in one write: answered in order
proxy P "$tmp/d2" --primary "$B" --shadow "$S" --allow "$B,$S" --max-requests 6
expect "6 pipelined TCP queries answered in order" "answered 6 wrong 0 missing 0" "$(client dns-pipe "$P" 6)"
wait "$ppid"
expect "pipelined: 6 proxied, 0 differences" "6 0" "$(stat '"\(.proxied) \(.differences)"' "$tmp/d2")"

# HTTP: 4 keep-alive clients x 20 requests at once
HA=127.0.0.1:$H4 HB=127.0.0.1:$H1 HSH=127.0.0.1:$HS
proxy P "$tmp/h1" --proto http --primary "$HA" --shadow "$HSH" --allow "$HA,$HSH" --timeout 5 --max-requests 80
expect "4 HTTP clients x 20 at once, one keep-alive connection each" "answered 80 wrong 0 missing 0 connections 4" \
  "$(client http "$P" 4 20)"
wait "$ppid"; rc=$?
expect "concurrent HTTP: exit 0, 80 proxied, 0 differences" "0 80 0 80 0" \
  "$rc $(stat '"\(.proxied) \(.primary_failed) \(.compared) \(.differences)"' "$tmp/h1")"
expect "4 HTTP connections served at once" yes "$([ "$(stat .clients_peak "$tmp/h1")" -ge 4 ] && echo yes || echo no)"

# HTTP pipelining: 3 requests in one write, then Connection: close; each answer the primary's own
proxy P "$tmp/h2" --proto http --primary "$HB" --shadow "$HSH" --allow "$HB,$HSH" --max-requests 4
expect "pipelined HTTP: the primary's status, headers and body, in order; close honoured" \
  "answered 4 wrong 0 missing 0 closed yes connection keep-alive,keep-alive,keep-alive,close" "$(client http-pipe "$P" "$H1")"
wait "$ppid"
expect "pipelined HTTP: 4 proxied, 4 compared, 0 differences" "4 4 0" "$(stat '"\(.proxied) \(.compared) \(.differences)"' "$tmp/h2")"

# a shadow that never answers: clients are not slowed (their timeout, 0.9 s, is
# below the proxy's 1 s wait for the shadow); a 1-deep queue drops mirrors
Z=127.0.0.1:$Q Y=127.0.0.1:$C
proxy P "$tmp/d3" --primary "$Y" --shadow "$Z" --allow "$Y,$Z" --timeout 1 --mirror-queue 1 --max-requests 20
expect "20 clients answered while the shadow hangs" "answered 20 wrong 0 missing 0" "$(client dns-udp "$P" 1 20 0.9)"
wait "$ppid"; rc=$?
read -r proxied dropped mirrored abandoned sent < <(stat '"\(.proxied) \(.mirror_dropped) \(.mirrored) \(.mirror_abandoned) \(.packets_sent)"' "$tmp/d3")
expect "hanging shadow: differences (no reply), 20 proxied" "1 20" "$rc $proxied"
expect "mirrors dropped from the full queue" yes "$([ "$dropped" -ge 10 ] && echo yes || echo no)"
expect "every request mirrored, dropped or abandoned" 20 "$((mirrored + dropped + abandoned))"
sleep 0.3
expect "every packet counted (the servers' own counts)" "$sent" "$(( $(wc -l < "$tmp/primary.log") + $(wc -l < "$tmp/silent.log") ))"

# SIGTERM while the mirror thread waits on the hanging shadow: the proxy ends at once
proxy P "$tmp/d4" --primary "$Y" --shadow "$Z" --allow "$Y,$Z" --timeout 1 --variants 4
expect "5 clients answered while the mirror thread waits" "answered 5 wrong 0 missing 0" "$(client dns-udp "$P" 1 5 0.9)"
kill -TERM "$ppid"
for i in $(seq 30); do kill -0 "$ppid" 2>/dev/null || break; sleep 0.1; done
expect "SIGTERM ends the proxy within 3 s" gone "$(kill -0 "$ppid" 2>/dev/null && echo running || echo gone)"
wait "$ppid" 2>/dev/null
expect "stopped by the signal, 5 proxied, queued mirrors abandoned" "signal 5 true" \
  "$(stat '"\(.stopped_by) \(.proxied) \(.mirror_abandoned > 0)"' "$tmp/d4")"

[ "$fails" -eq 0 ] && echo "all live shadow concurrency checks passed" || { echo "$fails check(s) failed"; exit 1; }
