"""Writes the pcap captures of corpus_import.sh's TCP reassembly checks, and
the requests each import must give, one file each, into want_<name>/.

usage: tcp_streams_pcap.py DIR

http.pcap (port 8080), requests cut over segments that arrive out of order,
retransmitted and overlapping; a chunked request; a hole inside a request of
known length (that request is lost, the next one found); a hole with no known
boundary (HTTP finds the next request line); a reset from the server; a
request over --max-len 4096 dropped as it comes; a chunked one over it given
up; junk before a request; a
duplicate; a reply from the server port; a retransmission after the FIN and
data after the reset (neither starts a new stream).
dns.pcap (port 53): framed queries with the length prefix cut, out of order
and retransmitted, over a sequence number wrap; a hole inside a message (the
next is found) and a hole at an unknown point (nothing more from that flow).
bounds.pcap (port 8080): two interleaved flows (for --max-flows 1) and a flow
whose first request is never captured while nine 600-byte requests after it
are (for --flow-memory / --total-memory 4096: six are held, then the hole
becomes a gap).
"""
import os
import struct
import sys

FIN, SYN, RST, PSH, ACK = 1, 2, 4, 8, 16


CLIENT, SERVER = bytes([127, 0, 0, 2]), bytes([127, 0, 0, 1])


def tcp_packet(sport, dport, seq, flags, data=b"", from_server=False):
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, 0, 5 << 4, flags, 65535, 0, 0) + data
    src, dst = (SERVER, CLIENT) if from_server else (CLIENT, SERVER)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
    return b"\0" * 12 + b"\x08\x00" + ip + tcp


class Flow:
    """A client connection: packets for byte ranges of its stream."""

    def __init__(self, sport, dport, isn):
        self.sport, self.dport, self.isn = sport, dport, isn

    def syn(self):
        return tcp_packet(self.sport, self.dport, self.isn, SYN)

    def seg(self, stream, a, b, flags=PSH | ACK):
        return tcp_packet(self.sport, self.dport, self.isn + 1 + a, flags, stream[a:b])

    def fin(self, at):
        return tcp_packet(self.sport, self.dport, self.isn + 1 + at, FIN | ACK)

    def reset_from_server(self):
        return tcp_packet(self.dport, self.sport, 7, RST | ACK, from_server=True)


def write_pcap(path, pkts):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(p), len(p)) + p)


def want(d, name, msgs):
    os.makedirs(os.path.join(d, "want_" + name), exist_ok=True)
    for i, m in enumerate(msgs):
        open(os.path.join(d, "want_" + name, "%02d" % i), "wb").write(m)


def post(path, body, extra=b""):
    return (b"POST " + path + b" HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n" + extra +
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def get(path):
    return b"GET " + path + b" HTTP/1.1\r\nHost: shop\r\n\r\n"


def http(d):
    pkts, ok = [], []
    # A: a POST cut in three, the pieces out of order, one retransmitted, and a
    # pipelined GET whose segment overlaps the POST's end
    a1, a2 = post(b"/api/v1/items", b'{"name":"lamp","price":129}'), get(b"/api/v1/items?limit=5")
    s = a1 + a2
    fa = Flow(41001, 8080, 1000)
    c1, c2, c3 = 20, a1.index(b"\r\n\r\n") + 9, len(a1) + 10
    pkts += [fa.syn(), fa.seg(s, 0, c1), fa.seg(s, c2, c3), fa.seg(s, c1, c2), fa.seg(s, c1, c2),
             fa.seg(s, c2 - 5, len(s)), fa.fin(len(s)), fa.seg(s, c2 - 5, len(s))]  # the last: again after the FIN
    pkts.append(tcp_packet(8080, 41001, 1, PSH | ACK, b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", True))
    ok += [a1, a2]
    # B: chunked, four pieces sent 0 2 1 3
    b = (b"POST /upload HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n"
         b"5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n")
    fb = Flow(41002, 8080, 50000)
    q = len(b) // 4
    pkts += [fb.syn(), fb.seg(b, 0, q), fb.seg(b, 2 * q, 3 * q), fb.seg(b, q, 2 * q), fb.seg(b, 3 * q, len(b)),
             fb.fin(len(b))]
    ok.append(b)
    # C: the middle of C2's body never captured: C2 lost, C3 found after it
    c1_, c2_, c3_ = get(b"/a"), post(b"/b", b'{"pad":"' + b"x" * 30 + b'"}'), get(b"/c")
    s = c1_ + c2_ + c3_
    fc = Flow(41003, 8080, 7)
    h = len(c1_) + c2_.index(b"\r\n\r\n") + 4
    pkts += [fc.syn(), fc.seg(s, 0, len(c1_)), fc.seg(s, len(c1_), h + 10), fc.seg(s, h + 30, len(s)), fc.fin(len(s))]
    ok += [c1_, c3_]
    # D: D2 never captured: no known boundary, the next request line is found
    d1, d2, d3 = get(b"/d1"), post(b"/d2", b"{}"), get(b"/d3")
    s = d1 + d2 + d3
    fd = Flow(41004, 8080, 99)
    pkts += [fd.syn(), fd.seg(s, 0, len(d1)), fd.seg(s, len(d1) + len(d2), len(s)), fd.fin(len(s))]
    ok += [d1, d3]
    # E: the server resets the connection in the middle of E1 (the rest of E1 comes after it);
    # a new connection on the same ports sends E2
    e1, e2 = post(b"/e1", b'{"a":1}'), get(b"/e2")
    fe = Flow(41005, 8080, 300)
    pkts += [fe.syn(), fe.seg(e1, 0, 30), fe.reset_from_server(), fe.seg(e1, 30, len(e1))]  # the rest, too late
    fe2 = Flow(41005, 8080, 90000)
    pkts += [fe2.syn(), fe2.seg(e2, 0, len(e2)), fe2.fin(len(e2))]
    ok.append(e2)
    # F: a 10000-byte body over --max-len 4096, then F2
    f1, f2 = post(b"/f1", b"[" + b"1," * 4999 + b"1]"), get(b"/f2")
    s = f1 + f2
    ff = Flow(41006, 8080, 5)
    cuts = [0, 3400, 6800, len(f1), len(s)]
    pkts += [ff.syn()] + [ff.seg(s, cuts[i], cuts[i + 1]) for i in range(4)] + [ff.fin(len(s))]
    ok.append(f2)
    # H: a chunked body over --max-len 4096 (size unknown until its end): given up, H2 found after it
    h1 = (b"POST /h1 HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n" +
          b"".join(b"3e8\r\n" + b"y" * 1000 + b"\r\n" for _ in range(5)) + b"0\r\n\r\n")
    h2 = get(b"/h2")
    s = h1 + h2
    fh = Flow(41008, 8080, 77)
    pkts += [fh.syn()] + [fh.seg(s, i, min(i + 1400, len(s))) for i in range(0, len(s), 1400)] + [fh.fin(len(s))]
    ok.append(h2)
    # G: a line that is no request, G1, and A2 again (a duplicate)
    g1 = get(b"/g1")
    s = b"HELLO there\r\n" + g1 + a2
    fg = Flow(41007, 8080, 12)
    pkts += [fg.syn(), fg.seg(s, 0, len(s)), fg.fin(len(s))]
    ok.append(g1)
    write_pcap(os.path.join(d, "http.pcap"), pkts)
    want(d, "http", ok)


def dns_query(qid, name, qtype=1):
    n = b"".join(bytes([len(l)]) + l for l in name.encode().split(b".")) + b"\0"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + n + struct.pack(">HH", qtype, 1)


def framed(*msgs):
    return b"".join(struct.pack(">H", len(m)) + m for m in msgs)


def dns(d):
    pkts, ok = [], []
    m = [dns_query(10 + i, n, t) for i, (n, t) in enumerate(
        [("app.formation.cloud", 1), ("www.formation.cloud", 28), ("formation.cloud", 6), ("a.formation.cloud", 1),
         ("b.formation.cloud", 16), ("c.formation.cloud", 1), ("d.formation.cloud", 1), ("e.formation.cloud", 1),
         ("f.formation.cloud", 1)])]
    # H: three queries over a sequence number wrap, prefixes cut, out of order, one retransmitted
    s = framed(m[0], m[1], m[2])
    fh = Flow(42001, 53, 0xFFFFFFF0)
    l0 = len(m[0]) + 2
    cuts = [0, 1, l0 + 1, l0 + len(m[1]) + 2 + 9, len(s)]
    segs = [fh.seg(s, cuts[i], cuts[i + 1]) for i in range(4)]
    pkts += [fh.syn(), segs[2], segs[0], segs[3], segs[1], segs[1], fh.fin(len(s))]
    ok += m[:3]
    # I: a hole inside m[4]: m[4] lost, m[5] found
    s = framed(m[3], m[4], m[5])
    fi = Flow(42002, 53, 4000)
    a = len(m[3]) + 2
    pkts += [fi.syn(), fi.seg(s, 0, a), fi.seg(s, a, a + 6), fi.seg(s, a + 12, len(s)), fi.fin(len(s))]
    ok += [m[3], m[5]]
    # J: m[7] never captured: DNS has no marker to find m[8] by
    s = framed(m[6], m[7], m[8])
    fj = Flow(42003, 53, 8000)
    a, b = len(m[6]) + 2, len(m[6]) + len(m[7]) + 4
    pkts += [fj.syn(), fj.seg(s, 0, a), fj.seg(s, b, len(s)), fj.fin(len(s))]
    ok.append(m[6])
    write_pcap(os.path.join(d, "dns.pcap"), pkts)
    want(d, "dns", ok)
    open(os.path.join(d, "dns_after_lost_hole"), "wb").write(m[8])


def bounds(d):
    pkts = []
    x, y = post(b"/x", b'{"k":"v"}'), get(b"/y")
    fx, fy = Flow(43001, 8080, 1), Flow(43002, 8080, 1)
    hx = x.index(b"\r\n\r\n") + 4
    pkts += [fx.syn(), fx.seg(x, 0, hx), fy.syn(), fy.seg(y, 0, len(y)), fy.fin(len(y)), fx.seg(x, hx, len(x)),
             fx.fin(len(x))]
    rs = []
    for i in range(1, 11):
        head = b"GET /r%d?pad=" % i
        tail = b" HTTP/1.1\r\nHost: shop\r\n\r\n"
        rs.append(head + b"p" * (600 - len(head) - len(tail)) + tail)
    s = b"".join(rs)
    fz = Flow(43003, 8080, 1)
    pkts += [fz.syn()] + [fz.seg(s, 600 * i, 600 * (i + 1)) for i in range(1, 10)] + [fz.fin(len(s))]
    write_pcap(os.path.join(d, "bounds.pcap"), pkts)
    want(d, "bounds", [x, y] + rs[1:])


if __name__ == "__main__":
    http(sys.argv[1])
    dns(sys.argv[1])
    bounds(sys.argv[1])
