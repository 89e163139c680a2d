#!/usr/bin/env bash
# A crash whose report takes longer than -timeout (symbolizing under load) is
# still a crash: the timeout alarm keeps out of a failure report in progress.
# The symbolizer here is a script named llvm-symbolizer that sleeps 2 s before
# it runs the real one; with -timeout=1 the alarm fires during the report.
# Expected: exit 77 and "deadly signal", no timeout.
# usage: crash_report_alarm.sh MAGIC4_BINARY
set -u
bin=$1
dir=$(mktemp -d /tmp/ff-alarm.XXXXXX)
trap 'rm -rf "$dir"' EXIT
real=$(command -v llvm-symbolizer || command -v llvm-symbolizer-14)
[ -n "$real" ] || { echo "FAIL: no llvm-symbolizer (it comes with clang)"; exit 1; }
printf '#!/bin/sh\nsleep 2\nexec %s "$@"\n' "$real" >"$dir/llvm-symbolizer"
chmod +x "$dir/llvm-symbolizer"
printf 'KGAM' >"$dir/crash-input" # magic4's magic: abort()
ASAN_SYMBOLIZER_PATH=$dir/llvm-symbolizer ASAN_OPTIONS=symbolize=1 \
  "$bin" -timeout=1 "$dir/crash-input" >"$dir/out" 2>&1
code=$?
if [ "$code" = 77 ] && grep -q 'ERROR: libFuzzer: deadly signal' "$dir/out" &&
  ! grep -q 'libFuzzer: timeout' "$dir/out"; then
  echo "ok: a crash with a 2 s slower report under -timeout=1 exits 77 as a deadly signal"
  exit 0
fi
echo "FAIL: exit $code, expected 77 and a deadly signal without a timeout"
cat "$dir/out"
exit 1
