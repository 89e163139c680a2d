#!/usr/bin/env bash
# formfuzz corpus import: a pcap capture written here (Ethernet, IPv4 and IPv6
# with and without a hop-by-hop header, UDP and TCP; and one in Linux cooked v2)
# with DNS queries to port 53 (one twice), a reply from port 53,
# two framed queries in one TCP segment, a whole HTTP request and one whose
# end is never captured, to port 8080: the right requests land in the corpus,
# byte for byte, duplicates once, the unfinished request counted as skipped; a
# file that is not a capture is refused (exit 3). Then TCP reassembly on the
# captures of tcp_streams_pcap.py (requests cut over segments, out of order,
# retransmitted, overlapping, chunked, holes, resets, memory bounds): each
# import gives exactly the requests it lists.
# usage: corpus_import.sh FORMFUZZ
set -u
ff=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
tmp=$(mktemp -d); trap 'cleanup; rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import os, struct, sys
d = sys.argv[1]
def q(qid, name, qtype=1):
    n = b"".join(bytes([len(l)]) + l for l in name.encode().split(b".")) + b"\0"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + n + struct.pack(">HH", qtype, 1)
def ipv4(proto, payload):
    h = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000, 64, proto, 0, bytes([127,0,0,1]), bytes([127,0,0,1]))
    return h + payload
def ipv6(proto, payload):
    return struct.pack(">IHBB16s16s", 0x60000000, len(payload), proto, 64, b"\0"*15 + b"\1", b"\0"*15 + b"\1") + payload
def udp(sport, dport, data): return struct.pack(">HHHH", sport, dport, 8 + len(data), 0) + data
def tcp(sport, dport, data): return struct.pack(">HHIIBBHHH", sport, dport, 1, 0, 5 << 4, 0x18, 65535, 0, 0) + data
def eth(ip, v6=False): return b"\0"*12 + (b"\x86\xdd" if v6 else b"\x08\x00") + ip
pkts = [eth(ipv4(17, udp(40000, 53, q(1, "app.formation.cloud")))),
        eth(ipv4(17, udp(40000, 53, q(1, "app.formation.cloud")))),           # the same query again
        eth(ipv4(17, udp(53, 40000, q(1, "app.formation.cloud")[:2] + b"\x84\x00" + q(1, "x")[4:]))),  # a reply: not sent to 53
        eth(ipv6(17, udp(40001, 53, q(2, "v6.formation.cloud", 28))), True),
        eth(ipv6(0, bytes([17, 0]) + b"\1\4\0\0\0\0" + udp(40001, 53, q(5, "hbh.formation.cloud"))), True),  # hop-by-hop options first
        eth(ipv4(6, tcp(40002, 53, b"".join(struct.pack(">H", len(m)) + m for m in (q(3, "www.formation.cloud"), q(4, "formation.cloud", 6)))))),
        eth(ipv4(6, tcp(40003, 8080, b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"))),
        eth(ipv4(6, tcp(40004, 8080, b"POST /api HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\""))),  # cut: rest in another segment
        eth(ipv4(6, tcp(40005, 8080, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")))]
with open(os.path.join(d, "cap.pcap"), "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, p in enumerate(pkts):
        f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)) + p)
with open(os.path.join(d, "sll2.pcap"), "wb") as f:  # Linux cooked v2 (tcpdump -i any)
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 276))
    p = struct.pack(">HHIHBB8s", 0x0800, 0, 1, 772, 0, 6, b"\0" * 8) + ipv4(17, udp(40009, 53, q(6, "sll2.formation.cloud")))
    f.write(struct.pack("<IIII", 1700000100, 0, len(p), len(p)) + p)
for name, m in (("q5", q(5, "hbh.formation.cloud")), ("q6", q(6, "sll2.formation.cloud")), ("q1", q(1, "app.formation.cloud")), ("q2", q(2, "v6.formation.cloud", 28)), ("q3", q(3, "www.formation.cloud")), ("q4", q(4, "formation.cloud", 6))):
    open(os.path.join(d, name), "wb").write(m)
PY
out=$("$ff" corpus import "$tmp/cap.pcap" "$tmp/dns" 2>&1 | head -1)
expect "dns import: exit 0" 0 "${PIPESTATUS[0]}"
expect "dns import summary" "import: 9 packet(s), 6 DNS request(s): 5 written, 1 already there, 0 skipped, into $tmp/dns" "$out"
for n in q1 q2 q3 q4 q5; do
  expect "dns query $n imported byte for byte" yes "$([ -f "$tmp/dns/$(sha1sum < "$tmp/$n" | cut -c1-40)" ] && echo yes || echo no)"
done
out=$("$ff" corpus import "$tmp/cap.pcap" "$tmp/http" --proto http --port 8080 2>&1 | head -1)
expect "http import summary" "import: 9 packet(s), 3 HTTP request(s): 2 written, 0 already there, 1 skipped, into $tmp/http" "$out"
expect "the whole POST and the GET are there" "1 1" "$(cat "$tmp"/http/* | grep -ac '^POST /api') $(cat "$tmp"/http/* | grep -ac '^GET /health')"
out=$("$ff" corpus import "$tmp/sll2.pcap" "$tmp/sll2" 2>&1 | head -1)
expect "Linux cooked v2 capture" "import: 1 packet(s), 1 DNS request(s): 1 written, 0 already there, 0 skipped, into $tmp/sll2" "$out"
expect "...the query byte for byte" yes "$([ -f "$tmp/sll2/$(sha1sum < "$tmp/q6" | cut -c1-40)" ] && echo yes || echo no)"
out=$("$ff" corpus import "$tmp/q1" "$tmp/bad" 2>&1)
expect "not a capture: exit 3" 3 "$?"
"$ff" corpus import "$tmp/cap.pcap" "$tmp/dns" --proto smtp >/dev/null 2>&1
expect "unknown --proto: exit 2" 2 "$?"

# TCP reassembly: exactly the requests of want_<name>/ (compared by SHA-1 name)
python3 "$here/tcp_streams_pcap.py" "$tmp"
same_set() { # corpus dir, want dir
  [ -n "$(ls "$2" 2>/dev/null)" ] || { echo "no want dir"; return; }
  diff <(ls "$1" | sort) <(for f in "$2"/*; do sha1sum < "$f" | cut -c1-40; done | sort) >/dev/null && echo same || echo different
}
import() { # name out [options]: the two summary lines joined by " | "
  local cap=$1 dir=$2; shift 2
  "$ff" corpus import "$tmp/$cap.pcap" "$tmp/$dir" "$@" 2>&1 | sed "s|, into $tmp/$dir||" | paste -sd'|' | sed 's/|/ | /'
}
out=$(import http r_http --proto http --port 8080 --max-len 4096)
expect "http streams: summary" "import: 46 packet(s), 16 HTTP request(s): 11 written, 1 already there, 4 skipped | tcp: 9 flow(s), 4 segment(s) out of order, 194 byte(s) retransmitted, 2 gap(s) (106 byte(s) missing), 61 byte(s) after a FIN or RST, 0 flow(s) ended early and 0 byte(s) dropped for the memory bounds" "$out"
expect "http streams: cut, reordered, retransmitted, chunked, after holes, reset, oversized and junk handled" same "$(same_set "$tmp/r_http" "$tmp/want_http")"
out=$(import dns r_dns)
expect "dns streams: summary" "import: 16 packet(s), 7 DNS request(s): 6 written, 0 already there, 1 skipped | tcp: 3 flow(s), 4 segment(s) out of order, 39 byte(s) retransmitted, 2 gap(s) (43 byte(s) missing), 0 byte(s) after a FIN or RST, 0 flow(s) ended early and 0 byte(s) dropped for the memory bounds" "$out"
expect "dns streams: cut prefixes over a sequence wrap, the message after a hole inside one" same "$(same_set "$tmp/r_dns" "$tmp/want_dns")"
expect "dns streams: nothing taken after a hole with no known boundary" no \
  "$([ -f "$tmp/r_dns/$(sha1sum < "$tmp/dns_after_lost_hole" | cut -c1-40)" ] && echo yes || echo no)"
out=$(import bounds r_b1 --proto http --port 8080)
expect "bounds, default: nine requests held behind the hole, then found" "import: 18 packet(s), 11 HTTP request(s): 11 written, 0 already there, 0 skipped | tcp: 3 flow(s), 9 segment(s) out of order, 0 byte(s) retransmitted, 1 gap(s) (600 byte(s) missing), 0 byte(s) after a FIN or RST, 0 flow(s) ended early and 0 byte(s) dropped for the memory bounds" "$out"
expect "bounds, default: every request" same "$(same_set "$tmp/r_b1" "$tmp/want_bounds")"
out=$(import bounds r_b2 --proto http --port 8080 --max-flows 1 --flow-memory 4096)
expect "--max-flows 1 --flow-memory 4096: the interleaved flow ended early, six held, then the gap" "import: 18 packet(s), 11 HTTP request(s): 10 written, 0 already there, 1 skipped | tcp: 4 flow(s), 6 segment(s) out of order, 0 byte(s) retransmitted, 1 gap(s) (600 byte(s) missing), 0 byte(s) after a FIN or RST, 1 flow(s) ended early and 0 byte(s) dropped for the memory bounds" "$out"
expect "--max-flows 1: the request of the flow ended early is the one missing" "0 10" \
  "$(cat "$tmp"/r_b2/* | grep -ac '^POST /x') $(ls "$tmp/r_b2" | wc -l)"
out=$(import bounds r_b3 --proto http --port 8080 --total-memory 4096)
expect "--total-memory 4096: six held, then the gap" "6 segment(s) out of order" "$(echo "$out" | grep -o '[0-9]* segment(s) out of order')"
expect "--total-memory 4096: every request" same "$(same_set "$tmp/r_b3" "$tmp/want_bounds")"
"$ff" corpus import "$tmp/bounds.pcap" "$tmp/r_b4" --flow-memory 10 >/dev/null 2>&1
expect "--flow-memory under 4096: exit 2" 2 "$?"

[ "$fails" -eq 0 ] && echo "all corpus import checks passed" || { echo "$fails check(s) failed"; exit 1; }
