#!/usr/bin/env bash
# pcre2 (Debian source package pcre2): upstream's fuzz harness
# src/pcre2_fuzzsupport.c (the one OSS-Fuzz runs) over the 8-bit library,
# built with ./configure && make libpcre2-8.la. Seeds: the first patterns of
# upstream's testdata/testinput2 (ours: upstream ships no corpus). No dictionary.
TARGET=pcre2 PKG=pcre2 FUZZERS=pcre2_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_library() {
  ./configure --disable-shared --enable-static >configure.out
  make -j"$REAL_JOBS" libpcre2-8.la
}

link_fuzzer() {
  $CC $CFLAGS -DHAVE_CONFIG_H -I. -Isrc -c src/pcre2_fuzzsupport.c -o fuzzsupport.o
  $FUZZ_LINK_C fuzzsupport.o .libs/libpcre2-8.a $FUZZ_LIBS -o "$2"
}

make_seeds() {
  # the harness compiles its whole input as a pattern (and matches it against itself)
  local n=0 line
  grep -E '^/.{1,200}/[a-z]*$' "$SRC/testdata/testinput2" | sed -E 's|^/(.*)/[a-z]*$|\1|' | head -150 |
    while IFS= read -r line; do
      n=$((n + 1))
      printf '%s' "$line" >"$2/pattern-$n"
    done
}

real_main "$@"
