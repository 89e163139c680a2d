# The prologue of shell tests that run many checks and report every failure
# (tests/common/lib.sh is the fail-fast one):
#   source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
#   check "what is checked" command args...   prints ok:/FAIL: and goes on
#   exit "$fail"                               1 when any check failed
# $work is a scratch directory removed when the script exits.
set -u
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
check() { # description, command...
  local what=$1
  shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fail=1; fi
}
