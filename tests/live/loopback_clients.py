"""Real TCP traffic on 127.0.0.1 for corpus_capture.sh: two servers that read
whatever comes, and clients that write each request in several pieces (with
TCP_NODELAY and a pause between writes, so each piece leaves as a segment of
its own). The servers bind free ports first and write "HTTP_PORT DNS_PORT"
to DIR/ports; the clients start once DIR/go exists (the capture is running).
Writes the requests sent into DIR/want_http/ and DIR/want_dns/.

usage: loopback_clients.py DIR"""
import os
import socket
import struct
import sys
import threading
import time

d = sys.argv[1]


def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    s.settimeout(20)
    return s


def serve(s):
    try:
        while True:
            c, _ = s.accept()
            c.settimeout(5)
            with c:
                while c.recv(65536):
                    pass
    except (socket.timeout, OSError):
        pass


def send_in_pieces(port, pieces):
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for p in pieces:
        c.sendall(p)
        time.sleep(0.03)
    c.close()


def cut(data, n):
    step = (len(data) + n - 1) // n
    return [data[i:i + step] for i in range(0, len(data), step)]


def want(name, msgs):
    os.makedirs(os.path.join(d, "want_" + name), exist_ok=True)
    for i, m in enumerate(msgs):
        open(os.path.join(d, "want_" + name, "%02d" % i), "wb").write(m)


servers = [listener(), listener()]
http_port, dns_port = (s.getsockname()[1] for s in servers)
with open(os.path.join(d, "ports.tmp"), "w") as f:
    f.write("%d %d\n" % (http_port, dns_port))
os.rename(os.path.join(d, "ports.tmp"), os.path.join(d, "ports"))
for s in servers:
    threading.Thread(target=serve, args=(s,), daemon=True).start()
for _ in range(200):
    if os.path.exists(os.path.join(d, "go")):
        break
    time.sleep(0.05)
else:
    sys.exit("no go file")

body = b'{"items":[' + b",".join(b'"item-%04d"' % i for i in range(300)) + b"]}"
post = (b"POST /api/v1/batch HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\nContent-Length: " +
        str(len(body)).encode() + b"\r\n\r\n" + body)
chunked = (b"POST /upload HTTP/1.1\r\nHost: shop\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"4\r\nwiki\r\n5\r\npedia\r\n0\r\n\r\n")
send_in_pieces(http_port, cut(post, 5) + cut(chunked, 3))


def query(qid, name, qtype):
    n = b"".join(bytes([len(l)]) + l for l in name.encode().split(b".")) + b"\0"
    return struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0) + n + struct.pack(">HH", qtype, 1)


q1, q2 = query(0x5151, "app.formation.cloud", 1), query(0x5252, "formation.cloud", 6)
send_in_pieces(dns_port, [struct.pack(">H", len(q1))[:1], struct.pack(">H", len(q1))[1:] + q1[:7], q1[7:],
                          struct.pack(">H", len(q2)) + q2])
want("http", [post, chunked])
want("dns", [q1, q2])
