#!/usr/bin/env bash
# Proxy-overhead benchmark of `formfuzz live shadow` (not part of `make test`):
# DNS clients on 127.0.0.1 send N A queries to formfuzz-dns directly, then
# through the shadow proxy (a second formfuzz-dns as shadow, with 0 and with
# --variants V), first one client sending one query after another, then C
# clients at once (N/C queries each, one process each). The clients measure
# every query's latency; the table has the median and 99th percentile per
# case, all in the same run, the queries left unanswered for 1 s, and for the
# proxy how many requests were mirrored and how many mirrors were dropped
# (the mirror queue was full).
# The proxy waits 0.2 s for a reply (--timeout) and mirrors at up to 2000
# sends/s (--rate).
# usage: bench/live.sh [N]      environment: VARIANTS (default 4), CLIENTS (default 4),
#        BUILD (a build tree holding bin/formfuzz-dns and bin/formfuzz, default
#        build/builtin), FORMFUZZ (default: build/release/bin/formfuzz when
#        built, else BUILD's)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-2000}
VARIANTS=${VARIANTS:-4}
CLIENTS=${CLIENTS:-4}
BUILD=${BUILD:-$root/build/builtin}
ff=${FORMFUZZ:-$root/build/release/bin/formfuzz}
[ -x "$ff" ] || ff=$BUILD/bin/formfuzz
dns=$BUILD/bin/formfuzz-dns
store=$root/components/dns/tests/data/live.store
for b in "$ff" "$dns"; do [ -x "$b" ] || { echo "live.sh: $b is not built (make build)"; exit 3; }; done
. "$root/tests/live/live_lib.sh"
LIVE_SERVER_MAX_TIME=1800 # the servers outlive every case (they stop with the script)
start_dns primary "$dns" "$store"
start_dns shadow "$dns" "$store"
A=127.0.0.1:$primary S=127.0.0.1:$shadow
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT

client() { # PORT CLIENTS: N A queries from CLIENTS processes at once; prints "p50 p99 lost" (ms; lost:
  # no answer within 1 s, as when the primary did not answer the proxy within its 0.2 s)
  python3 - "$1" "$N" "$2" <<'PY'
import multiprocessing, socket, struct, sys, time
port, n, clients = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
name = b"".join(bytes([len(l)]) + l for l in b"app.formation.cloud".split(b".")) + b"\0"
def run(c):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(1); s.connect(("127.0.0.1", port))
    ms, lost = [], 0
    for i in range(n // clients):
        q = struct.pack(">HHHHHH", (c * 16384 + i) & 0xffff, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1)
        t = time.perf_counter(); s.send(q)
        try:
            while s.recv(4096)[:2] != q[:2]: pass
            ms.append((time.perf_counter() - t) * 1000)
        except socket.timeout:
            lost += 1
    return ms, lost
with multiprocessing.Pool(clients) as pool:
    runs = pool.map(run, range(clients))
ms, lost = sorted(sum((r[0] for r in runs), [])), sum(r[1] for r in runs)
print("%.3f %.3f %d" % (ms[len(ms) // 2], ms[int(len(ms) * 0.99) - 1], lost))
PY
}
via_proxy() { # PORT VARIANTS CLIENTS: the clients' latency through the proxy, then mirrored and dropped
  local port=$1 out p attempt
  for attempt in 1 2 3 4 5; do # another program may hold the port: the next one
    out=$tmp/out$port
    "$ff" live shadow --listen "127.0.0.1:$port" --primary "$A" --shadow "$S" --allow "$A,$S" \
      --variants "$2" --timeout 0.2 --rate 2000 --max-requests $(( N / $3 * $3 )) --max-time 300 --out "$out" >"$out.log" 2>&1 & p=$!
    for i in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$p" 2>/dev/null && break
    next_port # (in this subshell: a port the next case may use again, once this proxy has ended)
  done
  kill -0 "$p" 2>/dev/null || { echo "live.sh: the proxy did not start: $(cat "$out.log")" >&2; exit 3; }
  local lat; lat=$(client "$port" "$3")
  wait "$p"
  echo "$lat $(jq -r '"\(.mirrored) \(.mirror_dropped // "-")"' "$out/stats.json")"
}
row() { printf "%-42s %8s %8s %5s %9s %8s\n" "$@"; }
row "DNS over UDP, $N queries" "p50 ms" "p99 ms" lost mirrored dropped
row "1 client: direct to formfuzz-dns" $(client "$primary" 1) - -
next_port; row "1 client: through live shadow" $(via_proxy "$port" 0 1)
next_port; row "1 client: through live shadow, $VARIANTS variants" $(via_proxy "$port" "$VARIANTS" 1)
row "$CLIENTS clients at once: direct" $(client "$primary" "$CLIENTS") - -
next_port; row "$CLIENTS clients at once: through live shadow" $(via_proxy "$port" 0 "$CLIENTS")
next_port; row "$CLIENTS clients: through live shadow, $VARIANTS variants" $(via_proxy "$port" "$VARIANTS" "$CLIENTS")
