#!/usr/bin/env bash
# `formfuzz corpus seeds` writes the unit-test vectors of
# components/vm/tests/vectors/vm_lifecycle/ (the spec's instance-id vector and
# the VM-name cases of test_lifecycle.c as fuzzer inputs) and the fuzzer's
# regression inputs into a directory, recorded as seed and promoted origins; a
# second run adds nothing. Every vector runs clean on the vm_lifecycle binary;
# in a build with the known-bug replicas (argument "bugs"),
# FORMFUZZ_BUGS=vm.name_traversal makes exactly the two traversal names
# ("a..b", "../a") fail the vm.name_traversal invariant.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
fuzzer=$2
root=$3
bugs=${4:-}
export FORMFUZZ_ROOT=$root
vectors=$root/components/vm/tests/vectors/vm_lifecycle
regressions=$root/components/vm/regressions/vm_lifecycle

nvec=$(ls "$vectors" | wc -l)
nreg=$(for f in "$regressions"/*; do [ -s "$f" ] && sha1sum < "$f"; done | sort -u | wc -l)
[ "$nvec" -ge 7 ] || fail "expected the test_lifecycle vectors in $vectors"
"$formfuzz" corpus seeds "$work/seeds" --fuzzer vm_lifecycle > "$work/s1" || fail "corpus seeds exited $?"
grep -q "^seeds: $nvec new input(s) from $vectors, $nreg from " "$work/s1" || fail "$(cat "$work/s1")"
"$formfuzz" corpus stats "$work/seeds" > "$work/stats" || fail "corpus stats exited $?"
grep -qx "origin seed $nvec" "$work/stats" || fail "vectors not recorded as seeds: $(cat "$work/stats")"
grep -qx "origin promoted $nreg" "$work/stats" || fail "regressions not promoted: $(cat "$work/stats")"
"$formfuzz" corpus seeds "$work/seeds" --fuzzer vm_lifecycle | grep -q '^seeds: 0 new input(s) from .*, 0 from ' \
  || fail "second run added inputs"

for v in "$vectors"/*; do
  FORMFUZZ_BUGS= "$fuzzer" "$v" > "$work/run.log" 2>&1 || { cat "$work/run.log"; fail "$(basename "$v") fails the fuzzer"; }
  [ "$bugs" = bugs ] || continue
  if FORMFUZZ_BUGS=vm.name_traversal "$fuzzer" "$v" > "$work/bug.log" 2>&1; then
    case $(basename "$v") in name_dotdot | name_parent_dir) fail "$(basename "$v") does not catch vm.name_traversal" ;; esac
  else
    case $(basename "$v") in
      name_dotdot | name_parent_dir) ;;
      *) cat "$work/bug.log"; fail "$(basename "$v") fails with vm.name_traversal" ;;
    esac
    grep -q 'INVARIANT vm.name_traversal' "$work/bug.log" || { cat "$work/bug.log"; fail "not the name invariant"; }
  fi
done
echo "seeds_vectors_test: ok ($nvec vectors, $nreg regressions${bugs:+, vm.name_traversal caught})"
