#!/usr/bin/env bash
# selftest: the benchmark's own smoke target (bench/real.sh --smoke, ctest
# bench_real_smoke): the small TLV reader of tests/engine/external (a planted
# stack overflow in its 'N' record) as a "library" that needs no download,
# built like the real targets (a static library, the harness linked last).
TARGET=selftest PKG=selftest FUZZERS=tlv_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REAL_LOCAL_SRC=$real_root/tests/engine/external

build_library() {
  $CC $CFLAGS -c tlv.c -o tlv.o
  ar rcs libtlv.a tlv.o
}

link_fuzzer() {
  $CC $CFLAGS -I. -c fuzz_tlv.c -o fuzz_tlv.o
  $FUZZ_LINK_C fuzz_tlv.o libtlv.a $FUZZ_LIBS -o "$2"
}

make_seeds() {
  printf 'N\010abcdefghI\004\001\002\003\004' >"$2/name-and-int"
  printf 'I\004\000\000\000\001' >"$2/int"
}

real_main "$@"
