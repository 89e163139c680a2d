#!/usr/bin/env bash
# Tests of `formfuzz mcp` (tools/mcp/) against child processes only: the
# planted server of this directory (each defect found under a fixed seed and
# call budget, replayed from its minimized input, minimized to one record; the
# correct server yields nothing) and two MCP servers from npm with bounded
# budgets (server-everything with GZIP_ALLOWED_DOMAINS=127.0.0.1, so its
# gzip tool fetches nothing from outside). Usage: mcp_test.sh CASE. Exit 77:
# node or node_modules missing.
set -euo pipefail
: "${FORMFUZZ:?}" "${FF_SOURCE_DIR:?}"
case_name=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/ff-mcp-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
need_node() {
  command -v node >/dev/null || { echo "SKIP: node not installed"; exit 77; }
}
need_npm_server() {
  need_node
  [ -f "$FF_SOURCE_DIR/node_modules/@modelcontextprotocol/$1/dist/index.js" ] ||
    { echo "SKIP: node_modules/@modelcontextprotocol/$1 missing (scripts/setup.sh installs it)"; exit 77; }
}
planted="node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root}"

# fuzz SERVER CALLS EXPECTED_STATUS [extra options]: runs into $work/out
fuzz() {
  local server=$1 calls=$2 want=$3
  shift 3
  local rc=0
  "$FORMFUZZ" mcp --stdio "$server" --calls "$calls" --seed 1 --out "$work/out" --quiet "$@" \
    >"$work/log" 2>&1 || rc=$?
  cat "$work/log"
  [ "$want" = any ] || [ "$rc" = "$want" ] || fail "formfuzz mcp exited $rc, expected $want"
}

# fuzz_http SERVER [options]: formfuzz mcp --url on 127.0.0.1 with --server
# SERVER (%PORT% in it becomes the port: one from the pid, another one when
# it is taken); the status in $rc, the output in $work/log
fuzz_http() {
  local server=$1
  shift
  for attempt in 0 1 2; do
    port=$((20000 + ($$ * 7 + attempt * 7919) % 40000))
    rc=0
    "$FORMFUZZ" mcp --url "http://127.0.0.1:$port/mcp" --server "${server//%PORT%/$port}" "$@" >"$work/log" 2>&1 || rc=$?
    cat "$work/log"
    [ "$rc" = 3 ] || break
  done
}

# the finding of KIND at WHERE: found, reproduced by --replay of its minimized
# input (same signature), minimized to one record
check_planted() {
  local kind=$1 where=$2
  local f="$work/out/stats.json"
  local row
  row=$(jq -c --arg k "$kind" --arg w "$where" '.findings[] | select(.kind == $k and .where == $w)' "$f" | head -1)
  [ -n "$row" ] || fail "no $kind finding in $where: $(jq -c '.findings' "$f")"
  [ "$(jq -r .reproduces <<<"$row")" = true ] || fail "$kind in $where did not reproduce on a fresh server"
  [ "$(jq -r .minimized_records <<<"$row")" = 1 ] || fail "$kind in $where not minimized to one record: $row"
  local min bucket sig
  min=$(jq -r .minimized <<<"$row")
  bucket=$(jq -r .bucket <<<"$row")
  sig=$(jq -r --arg b "$bucket" '.buckets[] | select(.id == $b) | .signature' "$work/out/findings/index.json")
  [ -n "$sig" ] || fail "bucket $bucket not in findings/index.json"
  [ -f "$work/out/findings/$bucket/report.md" ] || fail "no report.md for $bucket"
  [ -s "$work/out/findings/$bucket/transcript.jsonl" ] || fail "no transcript for $bucket"
  jq -e --arg b "$bucket" '.runs[0].results[] | select(.partialFingerprints."formfuzzBucket/v1" == $b)' \
    "$work/out/findings/results.sarif" >/dev/null || fail "bucket $bucket not in results.sarif"
  local rc=0
  "$FORMFUZZ" mcp --stdio "$planted --defect $defect" --timeout 0.5 --replay "$min" \
    --transcript "$work/replay.jsonl" >"$work/replay.log" 2>&1 || rc=$?
  cat "$work/replay.log"
  [ "$rc" = 1 ] || fail "replay of $min exited $rc, expected 1 (a finding)"
  grep -qF "replay: signature $sig" "$work/replay.log" || fail "replay gave another signature than $sig"
  [ -s "$work/replay.jsonl" ] || fail "replay wrote no transcript"
  echo "ok: $kind in $where after $(jq -r .calls_to_find <<<"$row") messages, replayed, 1 record"
}

case "$case_name" in
help)
  "$FORMFUZZ" mcp --help | grep -q -- "--stdio CMD" || fail "--help does not describe --stdio"
  rc=0; "$FORMFUZZ" mcp --calls 5 2>"$work/err" || rc=$?
  [ "$rc" = 2 ] && grep -q "stdio" "$work/err" || fail "a missing --stdio is not a usage error (exit $rc)"
  rc=0; "$FORMFUZZ" mcp --stdio true --calls 0 2>"$work/err" || rc=$?
  [ "$rc" = 2 ] || fail "--calls 0 accepted (exit $rc)"
  rc=0; "$FORMFUZZ" mcp --stdio "exit 3" --calls 5 --out "$work/out" 2>"$work/err" || rc=$?
  [ "$rc" = 3 ] && grep -q "initialize" "$work/err" || fail "a server that does not start: exit $rc, $(cat "$work/err")"
  ;;
clean)
  need_node
  # the correct server echoing invalid requests' ids (allowed by JSON-RPC 2.0)
  fuzz "$planted --echo-invalid-ids" 1000 0 --timeout 0.5
  jq -e '.findings == [] and .calls == 1000 and .response_classes >= 40' "$work/out/stats.json" >/dev/null ||
    fail "the correct server: $(jq -c . "$work/out/stats.json")"
  ;;
planted_traversal) defect=traversal; need_node; fuzz "$planted --defect $defect" 500 1 --timeout 0.5 --minimize-budget 60
  check_planted canary-leak "tools/call read_note" ;;
planted_crash) defect=crash; need_node; fuzz "$planted --defect $defect" 100 1 --timeout 0.5 --minimize-budget 60
  check_planted server-died "tools/call stats" ;;
planted_hang) defect=hang; need_node; fuzz "$planted --defect $defect" 40 1 --timeout 0.5 --minimize-budget 8
  check_planted hang "tools/call walk" ;;
planted_protocol) defect=protocol; need_node; fuzz "$planted --defect $defect" 500 1 --timeout 0.5 --minimize-budget 60
  check_planted protocol "protocol notify-call" ;;
planted_lax) defect=lax; need_node; fuzz "$planted --defect $defect" 40 1 --timeout 0.5 --minimize-budget 30
  check_planted schema-not-enforced "tools/call set_level" ;;
planted_leak)
  # memory that grows with every echo call: the trend oracle (default
  # threshold) sees it, saves the window of records before it, and a fresh
  # server replaying that window over and over grows again; the correct
  # server's 1000-message run (case clean) is never flagged
  defect=leak; need_node
  fuzz "$planted --defect $defect" 130 1 --timeout 0.5 --minimize-budget 0
  row=$(jq -c '.findings[] | select(.kind == "memory" and .where == "server")' "$work/out/stats.json")
  [ -n "$row" ] || fail "no memory growth found: $(jq -c .findings "$work/out/stats.json")"
  [ "$(jq -r .reproduces <<<"$row")" = true ] || fail "the growth did not come back on a fresh server"
  # the window needs 68 messages on one server; a before-initialize probe runs
  # beside the fuzzed server instead of restarting it (was 109 with restarts)
  [ "$(jq -r .calls_to_find <<<"$row")" -le 90 ] || fail "growth found only after $(jq -r .calls_to_find <<<"$row") messages"
  grep -q "grew steadily from" "$work/out/findings/$(jq -r .bucket <<<"$row")/report.md" || fail "report.md does not say how it grew"
  [ "$(jq -r .minimized_records <<<"$row")" -gt 1 ] || fail "the window before the growth was not saved"
  rc=0
  grep -q -- "--repeat-until 136 --replay" "$work/out/findings/$(jq -r .bucket <<<"$row")/report.md" ||
    fail "report.md does not replay the growth again and again"
  "$FORMFUZZ" mcp --stdio "$planted --defect $defect" --timeout 0.5 --repeat-until 136 \
    --replay "$(jq -r .minimized <<<"$row")" >"$work/replay.log" 2>&1 || rc=$?
  cat "$work/replay.log"
  [ "$rc" = 1 ] && grep -qF "replay: signature memory|server|growth" "$work/replay.log" || fail "replay of the window: exit $rc"
  ;;
write_outside_root)
  # the server runs in the scratch directory next to its root: a file it
  # creates there (here at start, as a relative write) is a finding
  need_node
  fuzz "sh -c 'touch escaped.txt && exec $planted'" 5 1 --timeout 0.5 --minimize-budget 0
  jq -e '[.findings[] | select(.kind == "write-outside-root")] | length == 1' "$work/out/stats.json" >/dev/null ||
    fail "a file written outside the root was not reported: $(jq -c .findings "$work/out/stats.json")"
  grep -q "escaped.txt appeared outside the root" "$work/out/findings"/*/report.md || fail "report.md does not name the file"
  ;;
everything)
  need_npm_server server-everything
  fuzz "env GZIP_ALLOWED_DOMAINS=127.0.0.1 node $FF_SOURCE_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio" 60 1 \
    --timeout 1 --minimize-budget 0
  # get-env prints the environment by design: the environment canary must show up there
  jq -e '[.findings[] | select(.kind == "canary-leak" and .where == "tools/call get-env")] | length == 1' \
    "$work/out/stats.json" >/dev/null || fail "the environment canary was not seen in get-env"
  jq -e '.response_classes >= 20' "$work/out/stats.json" >/dev/null || fail "too few response classes"
  ;;
everything_http)
  need_npm_server server-everything
  fuzz_http "env PORT=%PORT% GZIP_ALLOWED_DOMAINS=127.0.0.1 node $FF_SOURCE_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp" \
    --calls 60 --seed 1 --timeout 1 --minimize-budget 0 --out "$work/out" --quiet
  [ "$rc" = 1 ] || fail "formfuzz mcp --url exited $rc, expected 1"
  jq -e '[.findings[] | select(.kind == "canary-leak" and .where == "tools/call get-env")] | length == 1' \
    "$work/out/stats.json" >/dev/null || fail "the environment canary was not seen in get-env over HTTP"
  jq -e '.response_classes >= 20' "$work/out/stats.json" >/dev/null || fail "too few response classes over HTTP"
  rc=0; "$FORMFUZZ" mcp --url http://192.0.2.1/mcp --calls 1 2>"$work/err" || rc=$?
  [ "$rc" = 2 ] && grep -q "not a loopback address" "$work/err" || fail "a non-loopback URL was not refused (exit $rc)"
  ;;
everything_http_session)
  # the server's GET stream: a notification the server sends on its own
  # (simulated logging, started by a tool) arrives on it and is read; ending
  # the session with DELETE: server-everything's HTTP app then answers the
  # ended id with 400, where the spec says 404 (a real finding)
  need_npm_server server-everything
  everything="env PORT=%PORT% GZIP_ALLOWED_DOMAINS=127.0.0.1 node $FF_SOURCE_DIR/node_modules/@modelcontextprotocol/server-everything/dist/index.js streamableHttp"
  fuzz_http "$everything" --list
  [ "$rc" = 0 ] || fail "--list over HTTP exited $rc"
  idx=$(grep '^  tool ' "$work/log" | grep -n 'tool toggle-simulated-logging$' | cut -d: -f1)
  [ -n "$idx" ] || fail "server-everything has no toggle-simulated-logging tool"
  # records: a valid call of that tool, then a ping (kind 14)
  printf "\\x00\\x$(printf %02x $((idx - 1)))\\x00\\x0e\\x00\\x00" >"$work/stream.bin"
  fuzz_http "$everything" --timeout 2 --replay "$work/stream.bin" --transcript "$work/stream.jsonl"
  [ "$rc" = 0 ] || fail "replay of the logging call exited $rc"
  jq -s -e 'any(.[]; .recv_stream.method == "notifications/message")' "$work/stream.jsonl" >/dev/null ||
    fail "no notification read from the GET stream: $(cat "$work/stream.jsonl")"
  # one record: protocol mutation (kind 13) number 13, session-end
  printf '\x0d\x00\x01\x0d' >"$work/end.bin"
  fuzz_http "$everything" --timeout 2 --replay "$work/end.bin"
  [ "$rc" = 1 ] && grep -qF "replay: signature protocol|protocol session-end|ended-session-not-404" "$work/log" ||
    fail "the ended session's id was not found answered without 404 (exit $rc)"
  grep -q "got HTTP 400, not 404" "$work/log" || fail "the replay does not say which status came"
  ;;
planted_http)
  # the planted server over Streamable HTTP: correct, it refuses the GET
  # stream with 405 (allowed) and forgets an ended session (404): nothing is
  # found; with the session defect the ended id still works: found, replayed
  need_node
  fuzz_http "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root} --http %PORT%" \
    --calls 80 --seed 1 --timeout 0.5 --minimize-budget 0 --out "$work/out" --quiet
  [ "$rc" = 0 ] || fail "the correct planted server over HTTP: exit $rc, $(jq -c .findings "$work/out/stats.json")"
  rm -rf "$work/out"
  fuzz_http "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root} --http %PORT% --defect session" \
    --calls 80 --seed 1 --timeout 0.5 --minimize-budget 5 --out "$work/out" --quiet
  [ "$rc" = 1 ] || fail "the session defect over HTTP: exit $rc"
  jq -e '[.findings[] | select(.kind == "protocol" and .where == "protocol session-end" and .reproduces)] | length == 1' \
    "$work/out/stats.json" >/dev/null || fail "the ended session that still answers was not found: $(jq -c .findings "$work/out/stats.json")"
  ;;
planted_http_stream)
  # the planted server's own GET stream: on each echo call a notification and
  # a roots/list request arrive on it; formfuzz reads both and refuses the
  # request with a POSTed error (the next echo counts it); with the stream
  # defect a stray response on the stream is a finding
  need_node
  # records: echo (tool 4) valid, ping, echo again
  printf '\x00\x04\x00\x0e\x00\x00\x00\x04\x00' >"$work/stream.bin"
  fuzz_http "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root} --http %PORT% --stream" \
    --timeout 1 --replay "$work/stream.bin" --transcript "$work/stream.jsonl"
  [ "$rc" = 0 ] || fail "the correct streaming server: exit $rc"
  jq -s -e 'any(.[]; .recv_stream.method == "notifications/message") and any(.[]; .recv_stream.method == "roots/list")' \
    "$work/stream.jsonl" >/dev/null || fail "the GET stream's messages were not read: $(cat "$work/stream.jsonl")"
  jq -s -e 'any(.[]; .send.id == "srv-1" and .send.error.code == -32601)' "$work/stream.jsonl" >/dev/null ||
    fail "the server's request was not refused"
  grep -q "refused server requests: 1" "$work/stream.jsonl" || fail "the server did not get the refusal"
  fuzz_http "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root} --http %PORT% --stream --defect stream" \
    --timeout 1 --replay "$work/stream.bin"
  [ "$rc" = 1 ] && grep -qF "replay: signature protocol|http get-stream|response" "$work/log" ||
    fail "a response on the GET stream was not found (exit $rc)"
  fuzz_http "node $FF_SOURCE_DIR/tests/mcp/planted_server.js {root} --http %PORT% --stream --defect badid" \
    --timeout 1 --replay "$work/stream.bin"
  [ "$rc" = 1 ] && grep -q "replay: signature protocol|.*|server-request-id" "$work/log" ||
    fail "a server request with a null id was not found (exit $rc)"
  ;;
filesystem)
  need_npm_server server-filesystem
  fuzz "node $FF_SOURCE_DIR/node_modules/@modelcontextprotocol/server-filesystem/dist/index.js {root}" 200 any \
    --timeout 1 --minimize-budget 0
  # a secure filesystem server: the canaries outside its root stay unread and unchanged
  jq -e '[.findings[] | select(.kind | startswith("canary"))] | length == 0' "$work/out/stats.json" >/dev/null ||
    fail "a canary finding on server-filesystem: $(jq -c .findings "$work/out/stats.json")"
  jq -e '.calls == 200 and .response_classes >= 40' "$work/out/stats.json" >/dev/null ||
    fail "the run fell short: $(jq -c . "$work/out/stats.json")"
  ;;
*) fail "unknown case $case_name" ;;
esac
echo "PASS: mcp_$case_name"
