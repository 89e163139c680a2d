#!/usr/bin/env bash
# Proxy-overhead benchmark of `formfuzz live shadow` (not part of `make test`):
# a DNS client on 127.0.0.1 sends N queries one after another to formfuzz-dns
# directly, then through the shadow proxy (a second formfuzz-dns as shadow,
# with 0 and with --variants V), and prints the client's median and 99th
# percentile latency, measured by the client, for each in the same run. The
# proxy waits 0.2 s for a reply (--timeout): a variant a server does not
# answer delays the next client by that much (one request at a time).
# usage: bench/live.sh [N]      environment: VARIANTS (default 4), BUILD (a build
#        tree holding bin/formfuzz-dns and bin/formfuzz, default build/builtin),
#        FORMFUZZ (default: build/release/bin/formfuzz when built, else BUILD's)
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${1:-2000}
VARIANTS=${VARIANTS:-4}
BUILD=${BUILD:-$root/build/builtin}
ff=${FORMFUZZ:-$root/build/release/bin/formfuzz}
[ -x "$ff" ] || ff=$BUILD/bin/formfuzz
dns=$BUILD/bin/formfuzz-dns
store=$root/components/dns/tests/data/live.store
for b in "$ff" "$dns"; do [ -x "$b" ] || { echo "live.sh: $b is not built (make build)"; exit 3; }; done
. "$root/tests/live/live_lib.sh"
start_dns primary "$dns" "$store"
start_dns shadow "$dns" "$store"
A=127.0.0.1:$primary S=127.0.0.1:$shadow

client() { # PORT: N sequential A queries, prints "p50 p99" in ms
  python3 - "$1" "$N" <<'PY'
import socket, struct, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(10); s.connect(("127.0.0.1", port))
name = b"".join(bytes([len(l)]) + l for l in b"app.formation.cloud".split(b".")) + b"\0"
ms = []
for i in range(n):
    q = struct.pack(">HHHHHH", i & 0xffff, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1)
    t = time.perf_counter(); s.send(q)
    while True:
        r = s.recv(4096)
        if r[:2] == q[:2]: break
    ms.append((time.perf_counter() - t) * 1000)
ms.sort()
print("%.3f %.3f" % (ms[len(ms) // 2], ms[int(len(ms) * 0.99) - 1]))
PY
}
via_proxy() { # VARIANTS: the proxy's client latency
  next_port
  "$ff" live shadow --listen "127.0.0.1:$port" --primary "$A" --shadow "$S" --allow "$A,$S" \
    --variants "$1" --timeout 0.2 --rate 2000 --max-requests "$N" --max-time 300 --out "$(mktemp -d)" >/dev/null 2>&1 & local p=$!
  pids+=("$p"); sleep 0.3
  client "$port"
  wait "$p"
}
direct=$(client "$primary")
proxied=$(via_proxy 0)
mutated=$(via_proxy "$VARIANTS")
printf "%-34s %10s %10s\n" "DNS over UDP, $N queries" "p50 ms" "p99 ms"
printf "%-34s %10s %10s\n" "direct to formfuzz-dns" $direct
printf "%-34s %10s %10s\n" "through live shadow" $proxied
printf "%-34s %10s %10s\n" "through live shadow, $VARIANTS variants" $mutated
