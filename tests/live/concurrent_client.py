#!/usr/bin/env python3
"""Clients of `live shadow` for tests/live/shadow_concurrent.sh: several at
once, each checking that every answer is exactly barrier_server.py's.

  dns-udp PORT CLIENTS REQUESTS [TIMEOUT]  one UDP socket per client
  dns-tcp PORT CLIENTS REQUESTS            one TCP connection per client, framed messages
  dns-pipe PORT N                          one TCP connection, N queries in one write
  http PORT CLIENTS REQUESTS               one keep-alive connection per client
  http-pipe PROXY_PORT PRIMARY_PORT        3 requests in one write, then one with
                                           Connection: close; each compared with the
                                           primary's own answer to it

Prints one line of counts ("answered N wrong W ..."); exits 1 when any answer
was missing or wrong.
"""
import http.client
import os
import socket
import struct
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from barrier_server import dns_answer, http_answer  # noqa: E402


def query(client, n):
    name = b"".join(bytes([len(l)]) + l for l in [b"c%dr%d" % (client, n), b"test"]) + b"\0"
    return struct.pack(">HHHHHH", (client * 1000 + n) & 0xFFFF, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 16, 1)


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        data = s.recv(n - len(buf))
        if not data:
            raise ConnectionError("closed")
        buf += data
    return buf


def recv_framed(s):
    return recv_exact(s, struct.unpack(">H", recv_exact(s, 2))[0])


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.answered = self.wrong = 0
        self.extra = {}

    def add(self, ok):
        with self.lock:
            self.answered += ok
            self.wrong += not ok

    def line(self, total):
        extra = "".join(" %s %s" % kv for kv in sorted(self.extra.items()))
        return "answered %d wrong %d missing %d%s" % (self.answered, self.wrong, total - self.answered - self.wrong, extra)


def run_clients(n, body):
    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def dns_udp(port, clients, requests, timeout=8.0):
    t = Tally()

    def client(i):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(timeout)
        s.connect(("127.0.0.1", port))
        for j in range(requests):
            q = query(i, j)
            s.send(q)
            try:
                t.add(s.recv(65535) == dns_answer(q))
            except socket.timeout:
                pass

    run_clients(clients, client)
    return t, clients * requests


def dns_tcp(port, clients, requests):
    t = Tally()

    def client(i):
        s = socket.create_connection(("127.0.0.1", port), timeout=8)
        try:
            for j in range(requests):
                q = query(i, j)
                s.sendall(struct.pack(">H", len(q)) + q)
                t.add(recv_framed(s) == dns_answer(q))
        except (OSError, ConnectionError):
            pass
        s.close()

    run_clients(clients, client)
    return t, clients * requests


def dns_pipe(port, n):
    t = Tally()
    s = socket.create_connection(("127.0.0.1", port), timeout=8)
    qs = [query(9, j) for j in range(n)]
    s.sendall(b"".join(struct.pack(">H", len(q)) + q for q in qs))
    try:
        for q in qs:
            t.add(recv_framed(s) == dns_answer(q))
    except (OSError, ConnectionError):
        pass
    return t, n


def http_clients(port, clients, requests):
    t = Tally()
    ports = set()

    def client(i):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=8)
        try:
            for j in range(requests):
                body = b'{"client":%d,"n":%d}' % (i, j) if j % 2 else b""
                path = "/c%d/r%d" % (i, j)
                method = "POST" if body else "GET"
                c.request(method, path, body=body or None)
                with t.lock:  # (before the answer: one with Connection: close takes the socket away)
                    ports.add(c.sock.getsockname()[1])
                r = c.getresponse()
                got = r.read()
                status, headers, doc = http_answer(method, path, body)
                t.add(r.status == status and got == doc and all(r.getheader(k) == v for k, v in headers))
        except (OSError, http.client.HTTPException):
            pass
        c.close()

    run_clients(clients, client)
    t.extra["connections"] = len(ports)
    return t, clients * requests


def read_response(s, buf):
    """(status line, [(name, value)] without framing headers, body, rest of buf)."""
    while b"\r\n\r\n" not in buf:
        data = s.recv(65535)
        if not data:
            raise ConnectionError("closed")
        buf += data
    head, buf = buf.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    headers = [tuple(x.strip() for x in l.split(":", 1)) for l in lines[1:]]
    length = int(dict((k.lower(), v) for k, v in headers).get("content-length", "0"))
    while len(buf) < length:
        data = s.recv(65535)
        if not data:
            raise ConnectionError("closed")
        buf += data
    framing = ("connection", "content-length", "keep-alive", "transfer-encoding")
    kept = [h for h in headers if h[0].lower() not in framing]
    conn = dict((k.lower(), v) for k, v in headers).get("connection")
    return lines[0], kept, buf[:length], conn, buf[length:]


def http_pipe(proxy_port, primary_port):
    t = Tally()
    reqs = [b"GET /a HTTP/1.1\r\nHost: x\r\n\r\n",
            b"POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
            b"GET /c?q=1 HTTP/1.1\r\nHost: x\r\n\r\n",
            b"GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"]
    direct = []
    for r in reqs:  # the primary's own answers, one connection each
        d = socket.create_connection(("127.0.0.1", primary_port), timeout=8)
        d.sendall(r.replace(b"Host: x\r\n", b"Host: x\r\nConnection: close\r\n", 1))
        direct.append(read_response(d, b"")[:3])
        d.close()
    s = socket.create_connection(("127.0.0.1", proxy_port), timeout=8)
    s.sendall(b"".join(reqs[:3]))
    buf = b""
    conns = []
    try:
        for i in range(3):
            line, headers, body, conn, buf = read_response(s, buf)
            t.add((line, headers, body) == direct[i])
            conns.append(conn)
        s.sendall(reqs[3])
        line, headers, body, conn, buf = read_response(s, buf)
        t.add((line, headers, body) == direct[3])
        conns.append(conn)
        t.extra["closed"] = "yes" if s.recv(1) == b"" else "no"
    except (OSError, ConnectionError):
        pass
    t.extra["connection"] = ",".join(c or "-" for c in conns)
    return t, 4


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    args = sys.argv[3:]
    if mode == "dns-udp":
        t, total = dns_udp(port, int(args[0]), int(args[1]), float(args[2]) if len(args) > 2 else 8.0)
    elif mode == "dns-tcp":
        t, total = dns_tcp(port, int(args[0]), int(args[1]))
    elif mode == "dns-pipe":
        t, total = dns_pipe(port, int(args[0]))
    elif mode == "http":
        t, total = http_clients(port, int(args[0]), int(args[1]))
    elif mode == "http-pipe":
        t, total = http_pipe(port, int(args[0]))
    else:
        sys.exit("unknown mode " + mode)
    print(t.line(total))
    sys.exit(0 if t.answered == total else 1)


if __name__ == "__main__":
    main()
