# Sourced by the scripts that use honggfuzz (tests/peers/honggfuzz_run_test.sh,
# bench/engine.sh). honggfuzz is not a Debian package: users build it from
# https://github.com/google/honggfuzz and set HFUZZ_DIR to that directory (or
# to its install prefix), or put its programs on PATH (docs/peers.md).
#   hfuzz_find NAME   prints the path of honggfuzz's program NAME (honggfuzz,
#                     hfuzz-clang), looked up like cmake/honggfuzz-toolchain.cmake
#                     does: $HFUZZ_DIR, $HFUZZ_DIR/hfuzz_cc, $HFUZZ_DIR/bin, PATH;
#                     status 1 when it is nowhere
hfuzz_find() {
  local d
  if [ -n "${HFUZZ_DIR:-}" ]; then
    for d in "$HFUZZ_DIR" "$HFUZZ_DIR/hfuzz_cc" "$HFUZZ_DIR/bin"; do
      [ -x "$d/$1" ] && [ -f "$d/$1" ] && { echo "$d/$1"; return 0; }
    done
  fi
  command -v "$1" 2>/dev/null
}
