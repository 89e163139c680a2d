#!/usr/bin/env bash
# SQLite (Debian source package sqlite3): upstream's harness test/ossfuzz.c
# over the amalgamation, made by ./configure && make sqlite3.c (needs tclsh),
# with the limits OSS-Fuzz builds it with (SQLITE_MAX_LENGTH, _SQL_LENGTH,
# _MEMORY, _PAGE_COUNT, printf precision) and SQLITE_DEBUG. No corpus in the
# source: the seeds are single-line SQL statements taken from upstream's
# test/*.test scripts. No dictionary.
TARGET=sqlite3 PKG=sqlite3 FUZZERS=sqlite3_ossfuzz
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SQLITE_DEFS="-DSQLITE_MAX_LENGTH=128000000 -DSQLITE_MAX_SQL_LENGTH=128000000 -DSQLITE_MAX_MEMORY=25000000
  -DSQLITE_PRINTF_PRECISION_LIMIT=1048576 -DSQLITE_DEBUG=1 -DSQLITE_MAX_PAGE_COUNT=16384"

build_library() {
  ./configure --disable-shared --enable-static --disable-tcl >configure.out
  # the amalgamation is source text made by build-machine tools (lemon,
  # mksourceid, mkkeywordhash, ...): they are compiled plainly, not with the
  # variant's sanitizers (LeakSanitizer fails lemon's run otherwise); the
  # variant's compiler then builds sqlite3.c itself
  make -j"$REAL_JOBS" BCC="cc -O1" CC=cc CFLAGS=-O1 sqlite3.c
  $CC $CFLAGS $SQLITE_DEFS -I. -c sqlite3.c -o sqlite3.o
}

link_fuzzer() {
  $CC $CFLAGS $SQLITE_DEFS -I. -c test/ossfuzz.c -o ossfuzz.o
  $FUZZ_LINK_C ossfuzz.o sqlite3.o $FUZZ_LIBS -lm -lpthread -ldl -o "$2"
}

make_seeds() {
  local n=0 line
  cat "$SRC"/test/*.test |
    grep -E '^ *(CREATE|SELECT|INSERT|WITH|UPDATE|DELETE|PRAGMA|VALUES) .{10,300};$' |
    sed -E 's/^ +//' | sort -u | awk 'NR % 7 == 0' | head -300 |
    while IFS= read -r line; do
      n=$((n + 1))
      printf '%s\n' "$line" >"$2/sql-$n"
    done
}

real_main "$@"
