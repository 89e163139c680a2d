#!/usr/bin/env bash
# deb_check.sh PACKAGE_DIR: checks the Debian package `make deb` wrote there
# (formfuzz_<version>_amd64.deb): dpkg-deb reads it, it holds the tool, the
# servers, the archives `formfuzz cc` links, the headers, the pkg-config file
# and the man page under /usr, and its Depends names the package of every
# shared library the installed programs load (found with ldd and dpkg -S) and
# what `formfuzz cc` needs (clang, the sanitizer runtimes, nettle-dev).
set -eu
dir=${1:?usage: deb_check.sh PACKAGE_DIR}
fail() { echo "FAIL: $*"; exit 1; }
deb=$(ls "$dir"/formfuzz_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no formfuzz_<version>_amd64.deb in $dir"
echo "package: $deb"
dpkg-deb --info "$deb" >/dev/null || fail "dpkg-deb cannot read $deb"

contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for f in usr/bin/formfuzz usr/bin/formfuzz-dns usr/bin/formfuzz-econ usr/bin/formfuzz-infer \
         usr/bin/formfuzz-mcp usr/lib/formfuzz/libformfuzz_engine.a usr/lib/formfuzz/libff_util.a \
         usr/lib/formfuzz/libff_core.a usr/include/formfuzz/input.h usr/lib/pkgconfig/formfuzz.pc \
         usr/share/man/man1/formfuzz.1; do
  printf '%s\n' "$contents" | grep -qx "\./$f" || fail "$f is not in the package"
done
echo "ok: dpkg-deb -c lists the tool, servers, archives, headers, formfuzz.pc and formfuzz.1"

depends=$(dpkg-deb -f "$deb" Depends)
has_dep() { printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$1"; }
for p in clang libclang-rt-dev nettle-dev libnettle8 libjansson4 libmicrohttpd12; do
  has_dep "$p" || fail "Depends lacks $p: $depends"
done

work=$(mktemp -d /tmp/ff-deb-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$deb" "$work"
missing=0
for bin in "$work"/usr/bin/*; do
  for lib in $(ldd "$bin" | awk '$3 ~ /^\// {print $3}'); do
    pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] || pkg=$(dpkg -S "$lib" 2>/dev/null | head -1 | cut -d: -f1) || true
    [ -n "$pkg" ] || { echo "FAIL: no package owns $lib (loaded by ${bin##*/})"; missing=1; continue; }
    has_dep "$pkg" || { echo "FAIL: ${bin##*/} loads $lib from $pkg, not in Depends"; missing=1; }
  done
done
[ "$missing" -eq 0 ] || exit 1
echo "ok: Depends names the package of every shared library the programs load"
echo "PASS"
