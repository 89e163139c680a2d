# bench/real/lib.sh: what every real-target build script shares (sourced).
# A target script sets PKG (Debian source package; or REAL_LOCAL_SRC, an
# unpacked source used instead of the download: a folder of this repository
# for bench/real/selftest.sh, or a source the mirror lacks; the cache then
# names it for later runs), FUZZERS (fuzzer names),
# and defines build_library (configure + make in $B from the sources in $SRC,
# with $CC/$CXX/$CFLAGS/$CXXFLAGS of the variant), link_fuzzer NAME OUT
# (compile the harness and link it with $FUZZ_LINK_C / $FUZZ_LINK_CXX) and
# make_seeds NAME DIR (and optionally dict_for NAME, printing a dictionary path).
# It then calls real_main "$@".
#
# Variants (one build tree each, under $REAL_CACHE/build/<target>/<variant>):
#   formfuzz      CC="formfuzz cc" CXX="formfuzz c++" (the built-in engine)
#   libfuzzer     clang -fsanitize=fuzzer-no-link + ASan/UBSan, linked -fsanitize=fuzzer
#   afl           afl-clang-fast + ASan/UBSan, linked with libAFLDriver.a
#   afl-cmplog    the same with AFL_LLVM_CMPLOG=1 (AFL++'s CMPLOG twin)
#   honggfuzz     hfuzz-clang(++) (HFUZZ_DIR or PATH, scripts/hfuzz-find.sh)
#                 + ASan/UBSan; its link adds libhfuzz, whose main() runs
#                 LLVMFuzzerTestOneInput in persistent mode
#   cov           clang -fprofile-instr-generate -fcoverage-mapping, no sanitizer,
#                 linked with the replay driver (core/driver/replay_main.c):
#                 the one neutral build every engine's corpus is measured with
# Binaries: $REAL_CACHE/bin/<target>/<variant>/<fuzzer>; seeds:
# $REAL_CACHE/seeds/<target>/<fuzzer>/; sources: $REAL_CACHE/src/<pkg>/.
set -euo pipefail
real_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REAL_CACHE=${REAL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/formfuzz/real}
REAL_JOBS=${REAL_JOBS:-2}
AFL_DRIVER=${AFL_DRIVER:-/usr/lib/afl/libAFLDriver.a}
SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
ALL_VARIANTS="formfuzz libfuzzer afl afl-cmplog cov"
. "$real_root/scripts/hfuzz-find.sh"

real_say() { echo "real/$TARGET: $*" >&2; }

# The Debian source package, downloaded once (apt-get source: the .dsc, the
# upstream tarball and the Debian changes, unpacked with dpkg-source) into
# $REAL_CACHE/src/$PKG. Needs deb-src entries: scripts/setup.sh --deb-src.
# When the newest version's files are not on the mirror, the older versions
# the source lists name are tried in turn.
fetch_source() {
  local dir=$REAL_CACHE/src/$PKG
  if [ -n "${REAL_LOCAL_SRC:-}" ]; then # selftest.sh's folder, or a source given by hand
    SRC=$REAL_LOCAL_SRC
    mkdir -p "$dir" && echo "$SRC" >"$dir/.done"
    return 0
  fi
  if [ -f "$dir/.done" ]; then
    SRC=$(cat "$dir/.done")
    return 0
  fi
  if [ "${REAL_OFFLINE:-0}" = 1 ]; then
    real_say "source of $PKG not cached and REAL_OFFLINE=1"
    return 1
  fi
  # the whole listing read (grep -c, not -q): under pipefail an early exit of
  # grep kills apt-cache with SIGPIPE and a known package looks unknown
  if ! apt-cache showsrc "$PKG" 2>/dev/null | grep -c '^Version:' >/dev/null; then
    real_say "no source package $PKG known to apt: run scripts/setup.sh --deb-src"
    return 1
  fi
  mkdir -p "$dir"
  local v ok=0
  for v in $(apt-cache showsrc "$PKG" | awk '/^Version:/{print $2}' | sort -Vr | uniq); do
    real_say "downloading the Debian source package $PKG=$v (apt-get source) into $dir"
    if (cd "$dir" && apt-get source -q "$PKG=$v" >"$dir/apt-get.log" 2>&1); then ok=1; break; fi
    real_say "$PKG=$v: not downloadable (see $dir/apt-get.log); trying an older version"
  done
  [ "$ok" = 1 ] || return 1
  SRC=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -1)
  echo "$SRC" >"$dir/.done"
  real_say "source: $SRC ($(du -sh "$dir" | cut -f1) in the cache)"
}

# The build tree of one variant: a copy of the sources (autotools builds in
# place), so the variants never share objects.
fresh_tree() {
  B=$REAL_CACHE/build/$TARGET/$1
  rm -rf "$B"
  mkdir -p "$(dirname "$B")"
  cp -a "$SRC" "$B"
}

# Sets CC, CXX, CFLAGS, CXXFLAGS and the harness link commands for a variant.
variant_env() {
  unset AFL_LLVM_CMPLOG
  local opt="-O1 -g -gdwarf-4 -fno-omit-frame-pointer"
  case $1 in
    formfuzz)
      local ff=${FORMFUZZ_BIN:-$real_root/build/release/bin/formfuzz}
      export FORMFUZZ_ROOT=$real_root
      CC="$ff cc" CXX="$ff c++" CFLAGS="$opt"
      FUZZ_LINK_C="$CC" FUZZ_LINK_CXX="$CXX" FUZZ_LIBS="" ;;
    libfuzzer)
      CC=clang CXX=clang++ CFLAGS="$opt $SAN -fsanitize=fuzzer-no-link"
      FUZZ_LINK_C="clang $SAN -fsanitize=fuzzer" FUZZ_LINK_CXX="clang++ $SAN -fsanitize=fuzzer" FUZZ_LIBS="" ;;
    afl|afl-cmplog)
      CC=afl-clang-fast CXX=afl-clang-fast++ CFLAGS="$opt $SAN"
      [ "$1" = afl-cmplog ] && export AFL_LLVM_CMPLOG=1
      FUZZ_LINK_C="afl-clang-fast $SAN" FUZZ_LINK_CXX="afl-clang-fast++ $SAN" FUZZ_LIBS="$AFL_DRIVER" ;;
    honggfuzz)
      local hc
      hc=$(hfuzz_find hfuzz-clang) || { real_say "honggfuzz variant: no hfuzz-clang (HFUZZ_DIR or PATH)"; return 2; }
      CC=$hc CXX=$hc++ CFLAGS="$opt $SAN"
      FUZZ_LINK_C="$CC $SAN" FUZZ_LINK_CXX="$CXX $SAN" FUZZ_LIBS="" ;;
    cov)
      CC=clang CXX=clang++ CFLAGS="$opt -fprofile-instr-generate -fcoverage-mapping"
      build_replay_driver
      FUZZ_LINK_C="clang -fprofile-instr-generate" FUZZ_LINK_CXX="clang++ -fprofile-instr-generate"
      FUZZ_LIBS="$REAL_CACHE/build/replay_driver.o $REAL_CACHE/build/replay_fileio.o -lnettle" ;;
    *) real_say "unknown variant $1"; return 2 ;;
  esac
  CXXFLAGS=$CFLAGS
  export CC CXX CFLAGS CXXFLAGS AFL_QUIET=1
}

# The replay driver of the coverage build, compiled once without coverage.
build_replay_driver() {
  local o=$REAL_CACHE/build/replay_driver.o
  [ -f "$o" ] && [ "$o" -nt "$real_root/core/driver/replay_main.c" ] && return 0
  mkdir -p "$REAL_CACHE/build"
  clang -O1 -c -I"$real_root/util" "$real_root/core/driver/replay_main.c" -o "$o"
  clang -O1 -c -I"$real_root/util" "$real_root/util/fileio.c" -o "$REAL_CACHE/build/replay_fileio.o"
}

build_variant() {
  local v=$1 bin=$REAL_CACHE/bin/$TARGET/$1 log
  mkdir -p "$bin" "$REAL_CACHE/logs"
  log=$REAL_CACHE/logs/$TARGET-$v.log
  local f missing=0
  for f in $FUZZERS; do [ -x "$bin/$f" ] || missing=1; done
  if [ "$missing" = 0 ] && [ "${REAL_REBUILD:-0}" != 1 ]; then
    real_say "$v: built already ($bin)"
    return 0
  fi
  real_say "$v: building (log: $log)"
  local t0=$SECONDS
  # in the background and waited for, so that set -e holds inside (it is
  # ignored in a subshell that is an if condition)
  (
    set -e
    variant_env "$v"
    fresh_tree "$v"
    cd "$B"
    build_library
    for f in $FUZZERS; do link_fuzzer "$f" "$bin/$f"; done
  ) >"$log" 2>&1 &
  if ! wait $!; then
    real_say "$v: BUILD FAILED; the end of $log:"
    tail -15 "$log" >&2
    return 1
  fi
  real_say "$v: built in $((SECONDS - t0)) s"
}

seeds() {
  local f
  for f in $FUZZERS; do
    local d=$REAL_CACHE/seeds/$TARGET/$f
    [ -f "$d/.done" ] && continue
    rm -rf "$d"; mkdir -p "$d"
    (set +o pipefail; make_seeds "$f" "$d") # head ends pipelines early
    touch "$d/.done"
    real_say "seeds of $f: $(find "$d" -type f ! -name .done | wc -l) file(s) in $d"
  done
}

# usage: <target>.sh [--fetch-only] [variant...]   (default: every variant)
real_main() {
  local fetch_only=0 variants=()
  for a in "$@"; do
    case $a in
      --fetch-only) fetch_only=1 ;;
      -h|--help) echo "usage: bench/real/$TARGET.sh [--fetch-only] [variant...]   variants: $ALL_VARIANTS (default), honggfuzz"; return 0 ;;
      *) variants+=("$a") ;;
    esac
  done
  [ ${#variants[@]} -eq 0 ] && read -r -a variants <<<"$ALL_VARIANTS"
  fetch_source || return 1
  [ "$fetch_only" = 1 ] && return 0
  seeds
  local v rc=0
  # errexit off here and on again inside the build: a function called in an
  # || list or an if condition would run with set -e ignored throughout
  set +e
  for v in "${variants[@]}"; do
    build_variant "$v"
    [ $? -eq 0 ] || rc=1
  done
  set -e
  return $rc
}

# Seeds from files: each file of the list (at most $2 of them, smallest
# first) copied as one seed named after its content hash.
seeds_from_files() {
  local out=$1 max=$2; shift 2
  ls -S -r "$@" 2>/dev/null | head -"$max" | while read -r f; do
    [ -f "$f" ] && cp "$f" "$out/$(sha1sum <"$f" | cut -c1-40)"
  done
}
