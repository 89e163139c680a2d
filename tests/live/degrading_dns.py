#!/usr/bin/env python3
"""A DNS server for the canary test (127.0.0.1 only): answers every query with
NOERROR and no records, until it receives a query of class CH (the input class
that hurts it); from then on it answers nothing (a hung server: whatever the
machine's load, every later probe and fuzz request times out, so the canary's
verdict does not depend on timing). Every datagram
is logged ("probe" for ID 0x4242, else "fuzz", plus the question class) to the
log file. Stops after max_time seconds.
usage: degrading_dns.py PORTFILE LOGFILE MAX_TIME"""
import socket, struct, sys, time

port_file, log_file, max_time = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
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

while time.time() < end:
    try:
        q, addr = s.recvfrom(65535)
    except socket.timeout:
        continue
    if len(q) < 12:
        continue
    qid = struct.unpack(">H", q[:2])[0]
    cls = question_class(q)
    log.write("%s %s\n" % ("probe" if qid == 0x4242 else "fuzz", cls))
    if cls == 3:
        degraded = True
    if degraded:
        continue
    flags = 0x8400 | (struct.unpack(">H", q[2:4])[0] & 0x0100)
    end_q = len(q)
    qd = struct.unpack(">H", q[4:6])[0]
    reply = q[:2] + struct.pack(">HHHHH", flags, 0, 0, 0, 0) if qd != 1 else \
        q[:2] + struct.pack(">HHHHH", flags, 1, 0, 0, 0) + q[12:12 + (len(q) - 12)]
    s.sendto(reply[:512], addr)
