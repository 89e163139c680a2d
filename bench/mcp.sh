#!/usr/bin/env bash
# `formfuzz mcp` against the baseline of schema-only MCP fuzzers (every input
# one fresh schema-valid random tools/call, no feedback: `formfuzz mcp
# --baseline`), with the same message budget and seeds: on the planted server
# (tests/mcp/planted_server.js, one defect switched on per run) the messages
# each needed to find the defect, and on @modelcontextprotocol/server-everything
# the distinct response classes reached and the findings.
#
# usage: bench/mcp.sh [--calls N] [--seeds K] [--formfuzz BIN]
#   --calls N     message budget per run (default 1000)
#   --seeds K     runs per defect and mode, seeds 1..K (default 3)
#   --formfuzz B  the formfuzz binary (default build/builtin/bin/formfuzz)
# Prints a Markdown table; "-" means not found within the budget.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
calls=1000
seeds=3
formfuzz=$root/build/builtin/bin/formfuzz
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls=$2; shift 2 ;;
    --seeds) seeds=$2; shift 2 ;;
    --formfuzz) formfuzz=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mcp.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$formfuzz" ] || { echo "mcp.sh: no $formfuzz (make build-builtin)" >&2; exit 2; }
command -v jq >/dev/null && command -v node >/dev/null || { echo "mcp.sh: needs jq and node" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ff-mcp-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# run MODE SERVER SEED: stats.json path
run() {
  local mode=$1 server=$2 seed=$3 out="$work/$RANDOM$RANDOM"
  local flag=""
  [ "$mode" = baseline ] && flag=--baseline
  "$formfuzz" mcp --stdio "$server" --calls "$calls" --seed "$seed" --timeout 0.5 --minimize-budget 0 \
    --out "$out" --quiet $flag >/dev/null 2>&1
  echo "$out/stats.json"
}

# messages to the first finding of KIND in WHERE, or "-"
calls_to() {
  jq -r --arg k "$1" --arg w "$2" \
    '[.findings[] | select(.kind == $k and .where == $w) | .calls_to_find] | if length > 0 then min else "-" end' "$3"
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR == 0) print "-"; else print a[int((NR + 1) / 2)]}'; }

planted="node $root/tests/mcp/planted_server.js {root}"
echo "| planted defect | finding | formfuzz: messages to find (seeds 1..$seeds) | baseline: messages to find | formfuzz found | baseline found |"
echo "|---|---|---|---|---|---|"
for row in "traversal canary-leak tools/call read_note" "crash server-died tools/call stats" \
           "hang hang tools/call walk" "protocol protocol protocol notify-call" \
           "lax schema-not-enforced tools/call set_level" "leak memory server"; do
  read -r defect kind where <<<"$row"
  declare -A got=()
  for mode in formfuzz baseline; do
    list=""
    found=0
    for seed in $(seq 1 "$seeds"); do
      c=$(calls_to "$kind" "$where" "$(run "$mode" "$planted --defect $defect" "$seed")")
      list="$list${list:+, }$c"
      [ "$c" != "-" ] && found=$((found + 1))
    done
    got[$mode]="$list"
    got[${mode}_found]="$found/$seeds"
  done
  echo "| $defect | $kind in $where | ${got[formfuzz]} | ${got[baseline]} | ${got[formfuzz_found]} | ${got[baseline_found]} |"
done

everything="env GZIP_ALLOWED_DOMAINS=127.0.0.1 node $root/node_modules/@modelcontextprotocol/server-everything/dist/index.js stdio" # its gzip tool fetches nothing from outside
if [ -f "$root/node_modules/@modelcontextprotocol/server-everything/dist/index.js" ]; then
  echo
  echo "| server-everything, $calls messages, seed 1 | response classes | findings |"
  echo "|---|---|---|"
  for mode in formfuzz baseline; do
    s=$(run "$mode" "$everything" 1)
    echo "| $mode | $(jq .response_classes "$s") | $(jq -r '[.findings[] | "\(.kind) in \(.where)"] | join("; ")' "$s") |"
  done
fi
