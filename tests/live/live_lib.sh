# Helpers of the live test scripts (sourced): servers on 127.0.0.1 high ports
# that stop by themselves (--max-time), every started process killed on exit,
# and checks that count failures.
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
fails=0
expect() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); else echo "ok   $1"; fi
}
# next_port: sets $port to one derived from the pid and a counter
# (20000..31999, below Linux's ephemeral range 32768..60999, so that the many
# client sockets of concurrent live tests never hold a server's port), different
# on every call (not in a subshell: the counter).
port_counter=0
next_port() { port_counter=$((port_counter + 1)); port=$(( 20000 + (($$ * 7 + port_counter * 7919) % 12000) )); }
# start_dns VAR BIN STORE [ENV...]: formfuzz-dns serving STORE (for LIVE_SERVER_MAX_TIME
# seconds, default 90); sets VAR to its port.
start_dns() {
  local var=$1 bin=$2 store=$3; shift 3
  local attempt pid i
  for attempt in 1 2 3 4 5; do
    next_port
    env "$@" "$bin" --store "$store" --port "$port" --max-time "${LIVE_SERVER_MAX_TIME:-90}" & pid=$!
    for i in $(seq 50); do
      if drill -p "$port" @127.0.0.1 formation.cloud SOA >/dev/null 2>&1; then
        pids+=("$pid"); printf -v "$var" '%s' "$port"; return 0
      fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  echo "cannot start $bin"; exit 1
}
# write_dns_seed FILE: a live fuzz sequence of two framed DNS queries (A of
# app.formation.cloud, AAAA of nope.formation.cloud), the seed of the DNS tests.
write_dns_seed() {
  python3 - "$1" <<'PY'
import struct, sys
def q(qid, name, t=1):
    n = b"".join(bytes([len(l)]) + l for l in name.encode().split(b".")) + b"\0"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + n + struct.pack(">HH", t, 1)
msgs = [q(1, "app.formation.cloud"), q(2, "nope.formation.cloud", 28)]
open(sys.argv[1], "wb").write(b"".join(struct.pack(">H", len(m)) + m for m in msgs))
PY
}
