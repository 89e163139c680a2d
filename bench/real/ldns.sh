#!/usr/bin/env bash
# ldns (Debian source package ldns): a harness of ours,
# bench/real/harness/ldns_fuzzer.c (ldns_wire2pkt and the zone-file reader,
# chosen by the first byte), over the library built with ./configure && make
# lib (OpenSSL from Debian). Seeds: DNS messages and zone files of ours (below).
TARGET=ldns PKG=ldns FUZZERS=ldns_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_library() {
  ./configure --disable-shared --enable-static --without-drill --without-examples \
    --without-pyldns --without-pyldnsx --without-p5-dns-ldns --disable-dane-verify >configure.out
  make -j"$REAL_JOBS" lib
}

link_fuzzer() {
  $CC $CFLAGS -I. -Ildns -c "$real_root/bench/real/harness/ldns_fuzzer.c" -o fuzzer.o
  $FUZZ_LINK_C fuzzer.o .libs/libldns.a $FUZZ_LIBS -lssl -lcrypto -o "$2"
}

make_seeds() {
  python3 - "$2" <<'PY'
import struct, sys
out = sys.argv[1]
def name(n):
    return b''.join(bytes([len(p)]) + p for p in n.encode().split(b'.') if p) + b'\0'
def msg(flags, qs, ans=()):
    h = struct.pack('>HHHHHH', 0x1234, flags, len(qs), len(ans), 0, 0)
    body = b''.join(name(q) + struct.pack('>HH', t, 1) for q, t in qs)
    for rtype, rdata in ans:
        body += b'\xc0\x0c' + struct.pack('>HHIH', rtype, 1, 300, len(rdata)) + rdata
    return h + body
seeds = {
  'query-a': msg(0x0100, [('example.com', 1)]),
  'query-mx': msg(0x0100, [('mail.example.org', 15)]),
  'answer-a': msg(0x8180, [('example.com', 1)], [(1, bytes([192, 0, 2, 1]))]),
  'answer-mx-txt': msg(0x8180, [('example.com', 15)],
                       [(15, struct.pack('>H', 10) + b'\x04mail\xc0\x0c'), (16, b'\x05hello\x05world')]),
  'answer-soa': msg(0x8580, [('example.com', 6)],
                    [(6, b'\x02ns\xc0\x0c\x05admin\xc0\x0c' + struct.pack('>IIIII', 1, 7200, 3600, 1209600, 300))]),
  'answer-aaaa': msg(0x8180, [('example.com', 28)], [(28, bytes(15) + b'\x01')]),
}
for k, v in seeds.items():
    open(f'{out}/wire-{k}', 'wb').write(b'\x01' + v)
zones = {
  'basic': '$ORIGIN example.\n$TTL 3600\n@ IN SOA ns admin 1 7200 3600 1209600 300\n@ IN NS ns\nns IN A 192.0.2.1\nwww 300 IN CNAME @\n',
  'records': 'a IN A 192.0.2.2\nb IN AAAA 2001:db8::1\nc IN MX 10 mail\nd IN TXT "hello" "world"\ne IN SRV 0 5 5060 sip\nf IN CAA 0 issue "ca.example"\n',
  'dnssec': 'k IN DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==\nk IN DS 12345 13 2 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
  'include-paren': '@ IN SOA ns admin (\n  2024010101 ; serial\n  7200 3600 1209600 300 )\nx IN HINFO "cpu" "os"\ny IN LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m\n',
}
for k, v in zones.items():
    open(f'{out}/zone-{k}', 'wb').write(b'\x00' + v.encode())
PY
}

real_main "$@"
