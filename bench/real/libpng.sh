#!/usr/bin/env bash
# libpng (Debian source package libpng1.6): upstream's C++ harness
# contrib/oss-fuzz/libpng_read_fuzzer.cc, linked by `formfuzz c++`, over the
# library built with ./configure && make libpng16.la (zlib from Debian).
# Dictionary: contrib/oss-fuzz/png.dict; seeds: every PNG in the source (as
# upstream's contrib/oss-fuzz/build.sh collects them).
TARGET=libpng PKG=libpng1.6 FUZZERS=libpng_read_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_library() {
  ./configure --disable-shared --enable-static >configure.out
  make -j"$REAL_JOBS" libpng16.la
}

link_fuzzer() {
  $CXX $CXXFLAGS -I. -c contrib/oss-fuzz/libpng_read_fuzzer.cc -o fuzzer.o
  $FUZZ_LINK_CXX fuzzer.o .libs/libpng16.a $FUZZ_LIBS -lz -o "$2"
}

dict_for() { echo "$SRC/contrib/oss-fuzz/png.dict"; }

make_seeds() {
  seeds_from_files "$2" 400 $(find "$SRC" -name '*.png' -size -64k)
}

real_main "$@"
