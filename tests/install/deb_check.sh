#!/usr/bin/env bash
# deb_check.sh PACKAGE_DIR | --pack CPACK BUILD_DIR: checks the Debian package
# `make deb` wrote to PACKAGE_DIR, or (--pack, the install_deb test) packs
# BUILD_DIR into a temporary directory first. The package
# (formfuzz_<version>_amd64.deb): dpkg-deb reads it, it holds the tool, the
# servers, the archives `formfuzz cc` links, the headers, the pkg-config file
# and the man page under /usr, and its Depends names the package of every
# shared library the installed programs need directly (their DT_NEEDED
# entries, resolved with ldd, owned per dpkg -S) and what `formfuzz cc` needs
# (clang, the sanitizer runtimes, nettle-dev, zlib1g-dev (the engine links -lz), libsecp256k1-dev).
set -eu
fail() { echo "FAIL: $*"; exit 1; }
work=$(mktemp -d /tmp/ff-deb-check.XXXXXX)
trap 'rm -rf "$work"' EXIT
if [ "${1:-}" = "--pack" ] && [ $# -eq 3 ]; then
  dir=$work/package
  "$2" -G DEB --config "$3/CPackConfig.cmake" -B "$dir" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log"; fail "cpack -G DEB"; }
elif [ $# -eq 1 ]; then
  dir=$1
else
  echo "usage: deb_check.sh PACKAGE_DIR | --pack CPACK BUILD_DIR" >&2
  exit 2
fi
deb=$(find "$dir" -maxdepth 1 -name "formfuzz_*_amd64.deb" | head -1)
[ -n "$deb" ] || fail "no formfuzz_<version>_amd64.deb in $dir"
echo "package: $deb"
dpkg-deb --info "$deb" >/dev/null || fail "dpkg-deb cannot read $deb"

contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for f in usr/bin/formfuzz usr/bin/formfuzz-dns usr/bin/formfuzz-econ usr/bin/formfuzz-infer \
         usr/bin/formfuzz-mcp usr/lib/formfuzz/libformfuzz_engine.a usr/lib/formfuzz/libff_util.a \
         usr/lib/formfuzz/libff_core.a usr/include/formfuzz/input.h usr/lib/pkgconfig/formfuzz.pc \
         usr/share/man/man1/formfuzz.1.gz; do
  printf '%s\n' "$contents" | grep -qx "\./$f" || fail "$f is not in the package"
done
echo "ok: dpkg-deb -c lists the tool, servers, archives, headers, formfuzz.pc and formfuzz.1.gz"

depends=$(dpkg-deb -f "$deb" Depends)
has_dep() { printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$1"; }
for p in clang libclang-rt-dev nettle-dev zlib1g-dev libsecp256k1-dev libnettle8 libjansson4 libmicrohttpd12; do
  has_dep "$p" || fail "Depends lacks $p: $depends"
done

mkdir "$work/root"
dpkg-deb -x "$deb" "$work/root"
missing=0
: >"$work/libs"
for bin in "$work"/root/usr/bin/*; do
  ldd "$bin" >"$work/ldd" || fail "ldd ${bin##*/}"
  for soname in $(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    lib=$(awk -v n="$soname" '$1 == n && $3 ~ /^\// {print $3}' "$work/ldd")
    [ -n "$lib" ] || { echo "FAIL: ${bin##*/} needs $soname, which ldd cannot resolve"; missing=1; continue; }
    echo "$lib $(readlink -f "$lib")" >>"$work/libs" # dpkg may own either (usrmerge)
  done
done
# one dpkg -S for every library (it reads the whole package database each time)
sort -u "$work/libs" -o "$work/libs"
# shellcheck disable=SC2046
dpkg -S $(cat "$work/libs") >"$work/owners" 2>/dev/null || true
while read -r lib real; do
  pkg=$(awk -v a="$lib" -v b="$real" '$NF == a || $NF == b {sub(/:.*/, "", $1); print $1; exit}' "$work/owners")
  [ -n "$pkg" ] || { echo "FAIL: no package owns $lib"; missing=1; continue; }
  has_dep "$pkg" || { echo "FAIL: $lib comes from $pkg, not in Depends"; missing=1; }
done <"$work/libs"
[ "$missing" -eq 0 ] || exit 1
echo "ok: Depends names the package of every shared library the programs need"
echo "PASS"
