# The checks of the command tests (tests/tools/cli_test.sh, tests/ci/ci_test.sh),
# sourced after $work (a scratch directory) is set:
#   expect_rc WANT DESCRIPTION -- command...   the command's exit status is WANT
#                                              (its stdout and stderr kept in $work/out, $work/err)
#   expect_in FILE PATTERN DESCRIPTION         FILE matches the extended regex
# Each prints ok:/FAIL: and goes on; failures counts the failed ones.
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
expect_rc() {
  local want=$1 what=$2; shift 3
  "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then ok "$what (exit $rc)"; else
    fail "$what: exit $rc, wanted $want"; cat "$work/out" "$work/err"; fi
}
expect_in() {
  if grep -qE -- "$2" "$1"; then ok "$3"; else fail "$3: /$2/ not in $1:"; cat "$1"; fi
}
