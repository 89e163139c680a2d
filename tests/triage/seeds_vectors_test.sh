#!/usr/bin/env bash
# `formfuzz corpus seeds` writes the unit-test vectors of
# components/vm/tests/vectors/vm_ownership/ (the spec's signatures as fuzzer
# inputs) and the fuzzer's regression inputs into a directory, recorded as
# seed and promoted origins; a second run adds nothing. Every vector runs
# clean on the vm_ownership binary; in a build with the known-bug replicas
# (argument "bugs"), FORMFUZZ_BUGS=vm.high_s makes the spec's high-S vectors
# fail the libsecp256k1 differential and no other vector.
set -euo pipefail
formfuzz=$1
fuzzer=$2
root=$3
bugs=${4:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export FORMFUZZ_ROOT=$root
vectors=$root/components/vm/tests/vectors/vm_ownership
regressions=$root/components/vm/regressions/vm_ownership

nvec=$(ls "$vectors" | wc -l)
nreg=$(for f in "$regressions"/*; do [ -s "$f" ] && sha1sum < "$f"; done | sort -u | wc -l)
[ "$nvec" -ge 5 ] || fail "expected the spec vectors in $vectors"
"$formfuzz" corpus seeds "$work/seeds" --fuzzer vm_ownership > "$work/s1" || fail "corpus seeds exited $?"
grep -q "^seeds: $nvec new input(s) from $vectors, $nreg from " "$work/s1" || fail "$(cat "$work/s1")"
"$formfuzz" corpus stats "$work/seeds" > "$work/stats" || fail "corpus stats exited $?"
grep -qx "origin seed $nvec" "$work/stats" || fail "vectors not recorded as seeds: $(cat "$work/stats")"
grep -qx "origin promoted $nreg" "$work/stats" || fail "regressions not promoted: $(cat "$work/stats")"
"$formfuzz" corpus seeds "$work/seeds" --fuzzer vm_ownership | grep -q '^seeds: 0 new input(s) from .*, 0 from ' \
  || fail "second run added inputs"

for v in "$vectors"/*; do
  FORMFUZZ_BUGS= "$fuzzer" "$v" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "$(basename "$v") fails the fuzzer"; }
  [ "$bugs" = bugs ] || continue
  if FORMFUZZ_BUGS=vm.high_s "$fuzzer" "$v" > "$work/bug.log" 2>&1; then
    case $(basename "$v") in *high_s*) fail "$(basename "$v") does not catch vm.high_s" ;; esac
  else
    case $(basename "$v") in *high_s*) ;; *) cat "$work/bug.log"; fail "$(basename "$v") fails with vm.high_s" ;; esac
    grep -q 'INVARIANT vm.sig_differential' "$work/bug.log" || { cat "$work/bug.log"; fail "not the differential"; }
  fi
done
echo "seeds_vectors_test: ok ($nvec vectors, $nreg regressions${bugs:+, vm.high_s caught})"
