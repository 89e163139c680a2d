#!/usr/bin/env bash
# formfuzz live fuzz --proto dns on 127.0.0.1 against formfuzz-dns (started
# through --cmd), over UDP and over TCP with RFC 1035 framing: from a
# two-query seed, DNS-aware mutation (the shadow's variants, ID, flags,
# section counts, records, EDNS, havoc) reaches states that only a DNS-aware
# operator makes (NOTIMP from an opcode, an EDNS reply, FORMERR from bad
# counts), no crash or hang in the correct server, each TCP sequence on its
# connection, more states than havoc alone under the same seed and budget,
# and no server left afterwards.
# usage: fuzz_dns.sh FORMFUZZ FORMFUZZ_DNS STORE
set -u
ff=$1 dns=$2 store=$3
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/seeds"
write_dns_seed "$tmp/seeds/two"
for transport in udp tcp; do
  next_port; T=127.0.0.1:$port
  runs=$([ "$transport" = udp ] && echo 60 || echo 40)
  "$ff" live fuzz --proto dns --transport "$transport" --target "$T" --allow "$T" \
    --cmd "$dns --store $store --port $port --max-time 60" --seeds "$tmp/seeds" --runs "$runs" --seed 1 \
    --rate 2000 --timeout 0.3 --max-time 60 --out "$tmp/$transport" > "$tmp/$transport.log" 2>&1
  expect "$transport: no crash or hang in formfuzz-dns: exit 0" 0 "$?"
  s=$tmp/$transport/stats.json
  expect "$transport: proto dns, aware, $runs + 1 sequences" "dns aware $((runs + 1)) 0 0" \
    "$(jq -r '"\(.proto) \(.mutation) \(.sequences) \(.crashes) \(.hangs)"' "$s")"
  expect "$transport: the seed's states (NOERROR with 3 answers, NXDOMAIN)" yes \
    "$(jq -e '(.state_list | index("op0 NOERROR qr,aa,rd 1/3/0/0")) and (.state_list | index("op0 NXDOMAIN qr,aa,rd 1/0/0/0"))' "$s" >/dev/null && echo yes || echo "no: $(jq -c .state_list "$s")")"
  expect "$transport: DNS-aware states (NOTIMP, EDNS, FORMERR), at least 10 in all" yes \
    "$(jq -e '(.state_list | map(select(test("NOTIMP"))) | length > 0) and (.state_list | map(select(test(" edns$"))) | length > 0) and (.state_list | map(select(test("FORMERR"))) | length > 0) and .states >= 10' "$s" >/dev/null && echo yes || echo "no: $(jq -c .state_list "$s")")"
  sleep 0.2
  expect "$transport: no server left running" 0 "$(pgrep -f -- "--port $port --max-time" | wc -l)"
done
# Aware against havoc over UDP: the same seed, seed file and budget.
next_port; T=127.0.0.1:$port
"$ff" live fuzz --proto dns --mutate havoc --transport udp --target "$T" --allow "$T" \
  --cmd "$dns --store $store --port $port --max-time 60" --seeds "$tmp/seeds" --runs 60 --seed 1 \
  --rate 2000 --timeout 0.3 --max-time 60 --out "$tmp/havoc" > "$tmp/havoc.log" 2>&1
aware=$(jq .states "$tmp/udp/stats.json") havoc=$(jq .states "$tmp/havoc/stats.json")
echo "states in 60 sequences over UDP: aware $aware, havoc $havoc"
expect "aware mutation reaches at least 5 more reply states than havoc" yes \
  "$([ "$aware" -ge $((havoc + 5)) ] && echo yes || echo "no: aware $aware havoc $havoc")"
expect "tcp: one connection per sequence (and health checks)" yes \
  "$(jq -e '.connections >= .sequences' "$tmp/tcp/stats.json" >/dev/null && echo yes || echo no)"
[ "$fails" -eq 0 ] && echo "all live fuzz dns checks passed" || { echo "$fails check(s) failed"; exit 1; }
