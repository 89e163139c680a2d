#!/usr/bin/env bash
# libxml2 (Debian source package libxml2): upstream's fuzz harness fuzz/xml.c
# (with fuzz/fuzz.c: pull parser, push parser and reader over one document
# and its entities), over the library built with autoreconf -fi && ./configure && make
# libxml2.la. Dictionary: upstream's fuzz/xml.dict. Seeds: the source's small
# XML files (Debian's +dfsg tarball has no test/ documents) in the harness's
# input format (4 bytes of parser options, then "url\\\n" and "content\\\n"
# pairs, the first pair being the main document), which upstream's
# fuzz/genSeed.c also writes.
TARGET=libxml2 PKG=libxml2 FUZZERS=libxml2_xml
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build_library() {
  # as Debian's build does (dh_autoreconf): its patches touch Makefile.am, so
  # the shipped Makefile.in would otherwise ask for the exact automake version
  autoreconf -fi >autoreconf.out 2>&1
  ./configure --disable-shared --enable-static --without-python --without-lzma --without-zlib \
    --without-http --without-ftp --without-threads >configure.out
  make -j"$REAL_JOBS" libxml2.la
}

link_fuzzer() {
  $CC $CFLAGS -I include -I. -c fuzz/xml.c -o xml.o
  $CC $CFLAGS -I include -I. -c fuzz/fuzz.c -o fuzz.o
  $FUZZ_LINK_C xml.o fuzz.o .libs/libxml2.a $FUZZ_LIBS -lm -o "$2"
}

dict_for() { echo "$SRC/fuzz/xml.dict"; }

make_seeds() {
  local f n=0
  find "$SRC" -name '*.xml' -size -20k | sort | while read -r f; do
    n=$((n + 1))
    # options: none for most, entity substitution + DTD loading for every third
    python3 - "$f" "$2/doc-$n" $((n % 3 == 0 ? 6 : 0)) <<'PY'
import struct, sys
src, out, opts = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(src, 'rb').read().replace(b'\\', b'\\\\')
open(out, 'wb').write(struct.pack('<i', opts) + b'doc.xml\\\n' + body + b'\\\n')
PY
  done
}

real_main "$@"
