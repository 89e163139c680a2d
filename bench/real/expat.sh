#!/usr/bin/env bash
# expat (Debian source package expat): upstream's fuzz harness
# expat/fuzz/xml_parse_fuzzer.c (shipped in the Debian source, built by
# upstream's CMake with EXPAT_BUILD_FUZZERS) for UTF-8, over the library built
# with upstream CMake (CC="formfuzz cc" cmake ...). Upstream ships no corpus and no
# dictionary: the seeds are five small documents of ours (below: a DOCTYPE with
# entities and attribute defaults, namespaces, CDATA/comment/PI, Latin-1) and
# expat's doc/xmlwf.xml.
TARGET=expat PKG=expat FUZZERS=expat_xml_parse_fuzzer
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# upstream's CMake build (the Debian source has no generated configure)
build_library() {
  cmake -S expat -B cmake-build -DCMAKE_BUILD_TYPE=None -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF \
    -DEXPAT_BUILD_EXAMPLES=OFF -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF >configure.out
  # Debian's backported fixes test `#if XML_DTD == 1` (as its autotools
  # config.h defines it); upstream 2.5.0's CMake header defines XML_DTD empty
  sed -i -E 's/^#define (XML_DTD|XML_NS|XML_GE)$/#define \1 1/' cmake-build/expat_config.h
  cmake --build cmake-build -j "$REAL_JOBS"
}

link_fuzzer() {
  $CC $CFLAGS -DENCODING_FOR_FUZZING=UTF-8 -I expat/lib -I cmake-build -c expat/fuzz/xml_parse_fuzzer.c -o fuzzer.o
  $FUZZ_LINK_C fuzzer.o cmake-build/libexpat.a $FUZZ_LIBS -o "$2"
}

make_seeds() {
  local d=$2
  printf '<?xml version="1.0" encoding="UTF-8"?>\n<a b="c">text<d/></a>\n' >"$d/simple.xml"
  printf '<!DOCTYPE r [\n<!ENTITY e "value">\n<!ELEMENT r (#PCDATA)>\n<!ATTLIST r x CDATA "d">\n]>\n<r x="1">&e;&amp;&#x41;</r>\n' >"$d/doctype.xml"
  printf '<n:r xmlns:n="urn:x" xmlns="urn:y"><n:a n:b="1"/><c/></n:r>\n' >"$d/ns.xml"
  printf '<r><![CDATA[<raw>]]><!-- comment --><?pi data?></r>\n' >"$d/cdata.xml"
  printf '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>\n<r>\xe9</r>\n' >"$d/latin1.xml"
  local f
  for f in "$SRC"/expat/tests/*.xml "$SRC"/expat/doc/*.xml; do [ -f "$f" ] && cp "$f" "$d/"; done
  return 0
}

real_main "$@"
