#!/usr/bin/env python3
"""A DNS server for the canary test (127.0.0.1 only): answers every query with
NOERROR and no records, until it receives a query of class CH (the input class
that hurts it); from then on it answers nothing (a hung server: whatever the
machine's load, every later probe and fuzz request times out, so the canary's
verdict does not depend on timing). Every datagram
is logged ("probe" for ID 0x4242, else "fuzz", plus the question class) to the
log file. Stops after max_time seconds.
With "tcp" it serves DNS over TCP only (2-byte length framing, many messages
per connection, connections served side by side), logging "conn" for each
connection accepted.
usage: degrading_dns.py PORTFILE LOGFILE MAX_TIME [tcp]"""
import selectors, socket, struct, sys, time

port_file, log_file, max_time = sys.argv[1], sys.argv[2], float(sys.argv[3])
tcp = len(sys.argv) > 4 and sys.argv[4] == "tcp"
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if tcp else socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
if tcp:
    s.listen(64)
with open(port_file + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
import os
os.rename(port_file + ".tmp", port_file)
log = open(log_file, "a", buffering=1)
degraded = False
end = time.time() + max_time
s.settimeout(0.2)

def question_class(q):
    pos = 12
    while pos < len(q) and q[pos] != 0:
        if q[pos] >= 0xC0:
            return None
        pos += q[pos] + 1
    if pos + 5 > len(q):
        return None
    return struct.unpack(">H", q[pos + 3:pos + 5])[0]


def answer(q):
    """The reply to q (None: no reply), after logging it."""
    global degraded
    if len(q) < 12:
        return None
    qid = struct.unpack(">H", q[:2])[0]
    cls = question_class(q)
    log.write("%s %s\n" % ("probe" if qid == 0x4242 else "fuzz", cls))
    if cls == 3:
        degraded = True
    if degraded:
        return None
    flags = 0x8400 | (struct.unpack(">H", q[2:4])[0] & 0x0100)
    qd = struct.unpack(">H", q[4:6])[0]
    reply = q[:2] + struct.pack(">HHHHH", flags, 0, 0, 0, 0) if qd != 1 else \
        q[:2] + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + q[12:12 + (len(q) - 12)]
    return reply[:512]


def serve_udp():
    while time.time() < end:
        try:
            q, addr = s.recvfrom(65535)
        except socket.timeout:
            continue
        reply = answer(q)
        if reply is not None:
            s.sendto(reply, addr)


def serve_tcp():
    sel = selectors.DefaultSelector()
    s.setblocking(False)
    sel.register(s, selectors.EVENT_READ, None)
    while time.time() < end:
        for key, _ in sel.select(0.2):
            if key.data is None:
                try:
                    c, _ = s.accept()
                except BlockingIOError:
                    continue
                log.write("conn\n")
                c.setblocking(False)
                sel.register(c, selectors.EVENT_READ, bytearray())
                continue
            c, buf = key.fileobj, key.data
            try:
                data = c.recv(65536)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            if not data:
                sel.unregister(c)
                c.close()
                continue
            buf += data
            while len(buf) >= 2 and len(buf) >= 2 + struct.unpack(">H", buf[:2])[0]:
                n = struct.unpack(">H", buf[:2])[0]
                reply = answer(bytes(buf[2:2 + n]))
                del buf[:2 + n]
                if reply is not None:
                    try:
                        c.setblocking(True)
                        c.sendall(struct.pack(">H", len(reply)) + reply)
                        c.setblocking(False)
                    except OSError:
                        pass


serve_tcp() if tcp else serve_udp()
