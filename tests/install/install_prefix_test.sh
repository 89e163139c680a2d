#!/usr/bin/env bash
# shellcheck disable=SC2015  # "A && B || fail": fails when any of A, B is false, as meant
# install_prefix_test.sh CMAKE BUILD_DIR: installs BUILD_DIR into a temporary
# prefix, then, from a temporary directory outside the source tree with no
# FORMFUZZ_ROOT / FORMFUZZ_BUILD_DIR, builds a harness written here (it uses
# the installed formfuzz/input.h and runtime through pkg-config) with the
# installed `formfuzz cc`, fuzzes it for a fixed -runs and -seed, and expects
# the planted heap overflow; pkg-config resolves, man renders the page, and a
# command needing the source tree says so.
set -eu
cmake=$1 build=$2
work=$(mktemp -d /tmp/ff-install-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

prefix=$work/prefix
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/formfuzz lib/formfuzz/libformfuzz_engine.a lib/formfuzz/libff_util.a lib/formfuzz/libff_live_cov_counters_rt.a \
         lib/formfuzz/libff_core.a include/formfuzz/input.h lib/pkgconfig/formfuzz.pc \
         share/man/man1/formfuzz.1.gz; do
  [ -s "$prefix/$f" ] || fail "$f not installed"
done
[ ! -e "$prefix/include/formfuzz/prop.h" ] || fail "prop.h installed without its property runner"
echo "ok: installed into a temporary prefix"

# Outside every checkout, with nothing of the tree in the environment.
unset FORMFUZZ_ROOT FORMFUZZ_BUILD_DIR
mkdir "$work/proj"
cd "$work/proj"
export PATH=$prefix/bin:$PATH PKG_CONFIG_PATH=$prefix/lib/pkgconfig
[ "$(command -v formfuzz)" = "$prefix/bin/formfuzz" ] || fail "formfuzz on PATH is not the installed one"

cflags=$(pkg-config --cflags formfuzz) || fail "pkg-config --cflags formfuzz"
libs=$(pkg-config --libs formfuzz) || fail "pkg-config --libs formfuzz"
# shellcheck disable=SC2086
incdir=$(printf '%s\n' $cflags | sed -n 's/^-I//p')
[ -f "$incdir/formfuzz/input.h" ] || fail "pkg-config --cflags ($cflags) does not reach formfuzz/input.h"
# shellcheck disable=SC2086
libdir=$(printf '%s\n' $libs | sed -n 's/^-L//p')
[ -f "$libdir/libff_core.a" ] || fail "pkg-config --libs ($libs) does not reach libff_core.a"
echo "ok: pkg-config --cflags/--libs resolve into the prefix"

cat >harness.c <<'HARNESS'
#include <stdint.h>
#include <stdlib.h>
#include <formfuzz/input.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  ff_input in;
  ff_input_init(&in, data, size);
  if (ff_u8(&in) != 'F' || ff_u8(&in) != 'Z' || ff_u16(&in) != 0x1e57) return 0;
  char *buf = malloc(8);
  buf[8 + ff_range(&in, 0, 3)] = 1; /* the planted heap overflow */
  free(buf);
  return 0;
}
HARNESS
# shellcheck disable=SC2086
formfuzz cc $cflags harness.c -o harness $libs 2>cc.err || { cat cc.err; fail "installed formfuzz cc"; }
[ -x harness ] || fail "formfuzz cc produced no binary"
if grep -q "running:\|building" cc.err; then cat cc.err; fail "the installed formfuzz cc tried to build"; fi
echo "ok: the installed formfuzz cc built an external harness"

rc=0
mkdir art
./harness -seed=1 -runs=300000 -artifact_prefix=art/ >fuzz.log 2>&1 || rc=$?
[ "$rc" -ne 0 ] || { tail -5 fuzz.log; fail "no crash in 300000 runs"; }
grep -q "heap-buffer-overflow" fuzz.log || { tail -20 fuzz.log; fail "the crash is not the planted heap overflow"; }
artifact=$(find art -name "crash-*" | head -1)
[ -n "$artifact" ] || fail "no crash- artifact written"
rc=0
./harness "$artifact" >replay.log 2>&1 || rc=$?
[ "$rc" -ne 0 ] && grep -q "heap-buffer-overflow" replay.log || fail "the artifact does not reproduce the crash"
echo "ok: found the planted heap overflow and its artifact reproduces it"

# A server (its own main) with the installed live coverage runtime.
cat >server.c <<'EOF2'
#include <stdio.h>
int main(int argc, char **argv) { (void)argv; puts(argc > 1 ? "up with arguments" : "up"); return 0; }
EOF2
formfuzz cc --server server.c -o server 2>ccs.err || { cat ccs.err; fail "installed formfuzz cc --server"; }
[ "$(./server)" = "up" ] || fail "the server built by the installed formfuzz cc --server does not run"
echo "ok: the installed formfuzz cc --server built a server"

MANWIDTH=80 man -l "$prefix/share/man/man1/formfuzz.1.gz" >man.txt 2>man.err || fail "man -l"
[ ! -s man.err ] || { cat man.err; fail "man -l warned"; }
grep -q "^ *formfuzz cc" man.txt && grep -q "LLVMFuzzerTestOneInput" man.txt || fail "the man page lacks formfuzz cc"
echo "ok: man -l renders the page with every command"

rc=0
formfuzz list >list.out 2>list.err || rc=$?
[ "$rc" -ne 0 ] && grep -q "installed.*no source tree" list.err || { cat list.err; fail "formfuzz list without a source tree: rc=$rc, no clear error"; }
echo "ok: formfuzz list without a source tree: $(head -c 80 list.err)..."
rm "$prefix/lib/formfuzz/libff_util.a"
rc=0
formfuzz cc harness.c -o harness2 >cc2.out 2>cc2.err || rc=$?
[ "$rc" -eq 3 ] && grep -q "installation is incomplete" cc2.err && [ ! -e harness2 ] ||
  { cat cc2.err; fail "installed formfuzz cc without libff_util.a: rc=$rc, no clear error"; }
echo "ok: an incomplete installation is refused: $(cat cc2.err)"
echo "PASS"
