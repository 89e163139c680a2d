#!/usr/bin/env python3
"""A test upstream for `live shadow` on 127.0.0.1 (tests/live/shadow_concurrent.sh).

dns: UDP and TCP (RFC 1035 framing, several messages per connection) on one
port; http: HTTP/1.1. Every request is held until K requests wait at once (a
barrier), then they are all answered; a request that finds fewer than K peers
within HOLD seconds gets an error (DNS SERVFAIL, HTTP 503). K = 1 answers at
once. The answers are deterministic in the request (dns_answer, http_answer),
so a client can check it got exactly this server's bytes. silent: UDP and TCP,
reads everything and answers nothing. Every request received is one line in
LOG (when given). The server ends by itself after MAXTIME seconds.

usage: barrier_server.py dns|http|silent PORTFILE K [HOLD] [MAXTIME] [LOG]
"""
import json
import os
import socket
import socketserver
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def qname_end(q):
    i = 12
    while i < len(q) and q[i]:
        i += 1 + q[i]
    return i + 1


def dns_answer(q, ok=True):
    """The reply to query q: its question, and one TXT record naming it."""
    end = qname_end(q) + 4
    question = q[12:end]
    if not ok:
        return q[:2] + b"\x81\x82" + struct.pack(">HHHH", 1, 0, 0, 0) + question
    text = b"barrier " + question[:-4].hex().encode()[:200]
    rdata = bytes([len(text)]) + text
    rr = b"\xc0\x0c" + struct.pack(">HHIH", 16, 1, 60, len(rdata)) + rdata
    return q[:2] + b"\x81\x80" + struct.pack(">HHHH", 1, 1, 0, 0) + question + rr


def http_answer(method, path, body, ok=True):
    """(status, headers, body) of the reply to a request."""
    if not ok:
        return 503, [("Content-Type", "text/plain")], b"barrier broken\n"
    doc = json.dumps({"method": method, "path": path, "body_len": len(body)}, sort_keys=True).encode()
    return 200, [("Content-Type", "application/json"), ("X-Served-By", "barrier")], doc


class Upstream:
    def __init__(self, k, hold, log):
        self.barrier = threading.Barrier(k, timeout=hold) if k > 1 else None
        self.lock = threading.Lock()
        self.log = open(log, "a") if log else None

    def arrived(self, what):
        """Logs a request, then waits at the barrier: True when all K came."""
        if self.log:
            with self.lock:
                self.log.write(what + "\n")
                self.log.flush()
        if not self.barrier:
            return True
        try:
            self.barrier.wait()
            return True
        except threading.BrokenBarrierError:
            self.barrier.reset()  # the next K may try again
            return False


def serve_dns(up, port, silent):
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))

    def one(q, peer):
        ok = up.arrived("udp")
        if not silent and len(q) > 12:
            udp.sendto(dns_answer(q, ok), peer)

    def udp_loop():
        while True:
            q, peer = udp.recvfrom(65535)
            threading.Thread(target=one, args=(q, peer), daemon=True).start()

    class Tcp(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            buf = b""
            while True:
                while len(buf) < 2 or len(buf) < 2 + struct.unpack(">H", buf[:2])[0]:
                    data = self.request.recv(65535)
                    if not data:
                        return
                    buf += data
                n = struct.unpack(">H", buf[:2])[0]
                q, buf = buf[2:2 + n], buf[2 + n:]
                ok = up.arrived("tcp")
                if not silent and len(q) > 12:
                    r = dns_answer(q, ok)
                    self.request.sendall(struct.pack(">H", len(r)) + r)

    socketserver.ThreadingTCPServer.allow_reuse_address = True
    tcp = socketserver.ThreadingTCPServer(("127.0.0.1", port), Tcp)
    tcp.daemon_threads = True
    threading.Thread(target=udp_loop, daemon=True).start()
    threading.Thread(target=tcp.serve_forever, daemon=True).start()


def serve_http(up, port):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def answer(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            ok = up.arrived(self.command + " " + self.path)
            status, headers, doc = http_answer(self.command, self.path, body, ok)
            self.send_response_only(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(doc)))
            self.end_headers()
            self.wfile.write(doc)

        do_GET = do_POST = do_PUT = do_DELETE = answer

    ThreadingHTTPServer.allow_reuse_address = True
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def free_port():
    """A port free for both UDP and TCP."""
    for _ in range(50):
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        u.bind(("127.0.0.1", 0))
        port = u.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            t.bind(("127.0.0.1", port))
            return port
        except OSError:
            continue
        finally:
            u.close()
            t.close()
    sys.exit("no free port")


def main():
    proto, portfile, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
    hold = float(sys.argv[4]) if len(sys.argv) > 4 else 3
    maxtime = float(sys.argv[5]) if len(sys.argv) > 5 else 60
    up = Upstream(k, hold, sys.argv[6] if len(sys.argv) > 6 else None)
    port = free_port()
    if proto == "http":
        serve_http(up, port)
    else:
        serve_dns(up, port, proto == "silent")
    with open(portfile + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(portfile + ".tmp", portfile)
    time.sleep(maxtime)


if __name__ == "__main__":
    main()
