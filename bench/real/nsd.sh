#!/usr/bin/env bash
# NSD (Debian source package nsd): a harness of ours,
# bench/real/harness/nsd_fuzzer.c (NSD's query path, query_process and
# query_add_optional, on one UDP or TCP message against a zone loaded at
# startup), linked with the objects nsd-mem is made of (every object of the
# server but its main), built with ./configure && make nsd-mem (mini_event
# instead of libevent, OpenSSL from Debian for TSIG). Seeds: DNS queries of
# ours (below), the first byte picking the transport.
# Every variant gets -fno-sanitize=shift-base: read_uint32 in 4.6.1 shifts a
# byte of 128 or more into an int's sign bit on every such 32-bit field, a
# known line fixed upstream in 4.12.0 (docs/findings/nsd-read-uint32-shift.md)
# that would otherwise stop the fuzzers over and over.
TARGET=nsd PKG=nsd FUZZERS=nsd_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_library() {
  CFLAGS="$CFLAGS -fno-sanitize=shift-base"
  export CFLAGS
  [ -x configure ] || autoreconf -fi >autoreconf.out 2>&1 # a git checkout has no configure
  ./configure --with-libevent=no --disable-flto --with-ssl=/usr >configure.out
  make -j"$REAL_JOBS" nsd-mem
}

# make's own lists: the objects of nsd-mem but nsd-mem.o, the replacement
# functions configure chose (LIBOBJS) and the libraries
nsd_link_list() {
  printf 'nsd_link_list:\n\t@echo $(filter-out nsd-mem.o,$(NSD_MEM_OBJ)) $(LIBOBJS) $(SSL_LIBS) $(LIBS)\n' |
    make -s -f Makefile -f - nsd_link_list
}

link_fuzzer() {
  $CC $CFLAGS -I. -c "$real_root/bench/real/harness/nsd_fuzzer.c" -o fuzzer.o
  # shellcheck disable=SC2046 # the list is words
  $FUZZ_LINK_C fuzzer.o $(nsd_link_list) $FUZZ_LIBS -o "$2"
}

make_seeds() {
  python3 - "$2" <<'PY'
import struct, sys
out = sys.argv[1]
def name(n):
    return b''.join(bytes([len(p)]) + p for p in n.encode().split(b'.') if p) + b'\0'
def opt(size=1232, do=False, options=b''):
    return b'\0' + struct.pack('>HHIH', 41, size, 0x8000 if do else 0, len(options)) + options
def query(qname, qtype, flags=0x0100, opcode=0, additional=b'', arcount=0, qclass=1):
    h = struct.pack('>HHHHHH', 0x2a2a, flags | opcode << 11, 1, 0, 0, arcount)
    return h + name(qname) + struct.pack('>HH', qtype, qclass) + additional
cookie = struct.pack('>HH', 10, 8) + b'clientck'
nsid = struct.pack('>HH', 3, 0)
seeds = {
  'udp-a': (0, query('www.example.com', 1)),
  'udp-mx-edns': (0, query('example.com', 15, additional=opt(), arcount=1)),
  'udp-any-do': (0, query('example.com', 255, additional=opt(4096, True), arcount=1)),
  'udp-nx-do': (0, query('nothere.example.com', 1, additional=opt(1232, True), arcount=1)),
  'udp-wild': (0, query('a.b.wild.example.com', 16)),
  'udp-referral': (0, query('host.sub.example.com', 28)),
  'udp-dname': (0, query('x.old.example.com', 1)),
  'udp-srv': (0, query('_sip._udp.example.com', 33)),
  'udp-big-tc': (0, query('big.example.com', 16)),
  'udp-cookie-nsid': (0, query('alias.example.com', 1, additional=opt(1232, False, cookie + nsid), arcount=1)),
  'udp-chaos': (0, query('version.bind', 16, qclass=3)),
  'udp-refused': (0, query('www.example.org', 1)),
  'udp-notify': (0, query('example.com', 6, flags=0x0400, opcode=4)),
  'tcp-axfr': (1, query('example.com', 252, flags=0)),
  'tcp-ixfr': (1, query('example.com', 251, flags=0)),
  'tcp-dnskey': (1, query('example.com', 48, additional=opt(65535, True), arcount=1)),
}
for k, (tcp, msg) in seeds.items():
    open(f'{out}/{k}', 'wb').write(bytes([tcp]) + msg)
PY
}

real_main "$@"
