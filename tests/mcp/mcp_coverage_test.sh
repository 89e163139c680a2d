#!/usr/bin/env bash
# formfuzz mcp --coverage against C code of the project: mcp_core_stdio (the
# mcp component's REST API behind an MCP stdio front, built with inline 8-bit
# counters and the live coverage runtime). Under one seed and one call budget:
# --count-edges counts the server's edges without changing the feedback (its
# corpus holds only inputs that reached a new response class: no more entries
# than classes), and
# --coverage keeps inputs for new edges alone too (its corpus is larger than
# its response classes); both count a few hundred edges. A server without a
# coverage runtime (the planted node server) is refused with a clear message.
# Over Streamable HTTP (mcp_core_stdio --http, started by --server) the edges
# reach the tool too.
# Usage: mcp_coverage_test.sh MCP_CORE_STDIO CALLS
set -euo pipefail
: "${FORMFUZZ:?}" "${FF_SOURCE_DIR:?}"
server=$1 calls=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/ff-mcp-cov.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$FORMFUZZ" mcp --stdio "$server" --list > "$work/list" || fail "--list exited $?"
grep -q "tools: 7" "$work/list" || fail "expected the 7 tools of the mcp component: $(cat "$work/list")"
echo "ok   mcp_core_stdio lists the component's 7 tools"

run() { # OUT FLAG: one run under the fixed seed and budget; exit 0 or 1 (findings) only
  local rc=0
  "$FORMFUZZ" mcp --stdio "$server" --calls "$calls" --seed 1 --timeout 5 --quiet --out "$work/$1" "$2" \
    > "$work/$1.log" 2>&1 || rc=$?
  [ "$rc" -le 1 ] || fail "formfuzz mcp $2 exited $rc: $(cat "$work/$1.log")"
}
run counted --count-edges
run guided --coverage
c=$work/counted/stats.json g=$work/guided/stats.json
echo "edges: response classes only $(jq .edges "$c"), with edge feedback $(jq .edges "$g") (seed 1, $calls messages)"
[ "$(jq .calls "$g")" = "$calls" ] && [ "$(jq .calls "$c")" = "$calls" ] || fail "a run did not spend its budget"
[ "$(jq .edges "$c")" -ge 300 ] && [ "$(jq .edges "$g")" -ge 300 ] || fail "the server reported under 300 edges"
[ "$(jq .coverage_features "$g")" -gt "$(jq .edges "$g")" ] || fail "no hit-count bucket beyond the edges"
[ "$(jq .edge_feedback "$c")" = false ] && [ "$(jq .corpus "$c")" -le "$(jq .response_classes "$c")" ] ||
  fail "--count-edges changed the feedback: corpus $(jq .corpus "$c"), classes $(jq .response_classes "$c")"
echo "ok   --count-edges counts edges and keeps the feedback as it was"
[ "$(jq .edge_feedback "$g")" = true ] && [ "$(jq .corpus "$g")" -gt "$(jq .response_classes "$g")" ] ||
  fail "--coverage kept no input for its edges alone: corpus $(jq .corpus "$g"), classes $(jq .response_classes "$g")"
echo "ok   --coverage keeps inputs that reach new server edges"

# Streamable HTTP: the same server with --http, started by formfuzz (--server)
# with the map named in its environment; another port when one is taken.
for attempt in 1 2 3; do
  port=$((20000 + ($$ * 7 + attempt * 7919) % 12000))
  rc=0
  "$FORMFUZZ" mcp --url "http://127.0.0.1:$port/mcp" --server "$server --http $port --max-time 120" --calls 100 \
    --seed 1 --timeout 5 --quiet --coverage --out "$work/http" > "$work/http.log" 2>&1 || rc=$?
  [ "$rc" = 3 ] || break
done
[ "$rc" -le 1 ] || fail "formfuzz mcp --url ... --coverage exited $rc: $(cat "$work/http.log")"
[ "$(jq .edges "$work/http/stats.json")" -ge 300 ] ||
  fail "over HTTP the server reported $(jq .edges "$work/http/stats.json") edges, under 300"
echo "ok   over Streamable HTTP: $(jq .edges "$work/http/stats.json") edges from the server formfuzz started"

if command -v node > /dev/null; then
  rc=0
  "$FORMFUZZ" mcp --stdio "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root}" --calls 50 --coverage \
    --out "$work/plain" > "$work/plain.log" 2>&1 || rc=$?
  [ "$rc" = 3 ] || fail "a server without a coverage runtime: exit $rc, expected 3"
  grep -q "the server has no coverage runtime (build a C server with \`formfuzz cc --server\`" "$work/plain.log" ||
    fail "the refusal does not say how to build the server: $(cat "$work/plain.log")"
  echo "ok   a server without a coverage runtime is refused"
fi
echo "all mcp coverage checks passed"
