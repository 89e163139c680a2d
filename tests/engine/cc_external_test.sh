#!/usr/bin/env bash
# `formfuzz cc` on a harness that formfuzz's build knows nothing about
# (tests/engine/external/): the result must be a built-in-engine fuzzer that
# finds the planted stack overflow within a fixed -runs (-seed=1), writes a
# crash- artifact and reproduces it (checked by engine_planted_bug_test).
# usage: cc_external_test.sh FORMFUZZ PLANTED_BUG_TEST SOURCE_DIR
set -eu
formfuzz=$1 planted=$2 src=$3
work=$(mktemp -d /tmp/ff-cc-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$formfuzz" cc "$src/fuzz_tlv.c" "$src/tlv.c" -I"$src" -O1 -o "$work/fuzz_tlv"
[ -x "$work/fuzz_tlv" ] || { echo "FAIL: formfuzz cc produced no binary"; exit 1; }
echo "ok: formfuzz cc built $work/fuzz_tlv"
# compile-only mode: an object file, no link step
"$formfuzz" cc -c "$src/tlv.c" -o "$work/tlv.o"
[ -s "$work/tlv.o" ] || { echo "FAIL: formfuzz cc -c produced no object"; exit 1; }
echo "ok: formfuzz cc -c"
"$planted" "$work/fuzz_tlv" 200000 1 crash- stack-buffer-overflow
