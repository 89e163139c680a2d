# Shared by the live tests of the component servers (sourced, not run):
#   live_start NAME SALT START_FN READY_FN
#       picks a 127.0.0.1 high port from the script's pid and SALT (5 attempts,
#       another port each time), calls START_FN PORT (which starts the server
#       in the background and sets pid=$!) and polls READY_FN PORT for 5 s;
#       on success sets $port, $pid and $base (http://127.0.0.1:$port), else
#       prints "NAME did not start" and exits 1. The server is killed when the
#       script exits.
#   expect NAME EXPECTED ACTUAL   one check: "ok   NAME" or "FAIL NAME: ..."
#   code ARGS...                  curl's HTTP status for ARGS
#   body ARGS...                  curl's body for ARGS
#   live_finish WHAT              exits 1 when a check failed, else prints
#                                 "WHAT: all checks passed"
pid=
fails=0
trap 'kill $pid 2>/dev/null; wait 2>/dev/null' EXIT
command -v curl >/dev/null || { echo "curl missing"; exit 1; }

live_start() {
  local name=$1 salt=$2 start_fn=$3 ready_fn=$4 attempt i up=no
  for attempt in 1 2 3 4 5; do
    port=$(( 40000 + (($$ * salt + attempt * 7919) % 20000) ))
    "$start_fn" "$port"
    for i in $(seq 50); do
      if "$ready_fn" "$port"; then up=yes; break; fi
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    [ "$up" = yes ] && break
    kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  done
  [ "$up" = yes ] || { echo "$name did not start"; exit 1; }
  base="http://127.0.0.1:$port"
}

expect() { # name expected actual
  if [ "$2" != "$3" ]; then echo "FAIL $1: expected [$2], got [$3]"; fails=$((fails + 1)); else echo "ok   $1"; fi
}
code() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@"; }
body() { curl -s --max-time 5 "$@"; }

live_finish() {
  [ "$fails" -eq 0 ] || { echo "$fails live check(s) failed"; exit 1; }
  echo "$1: all checks passed"
}
