# The prologue of the shell tests, sourced first thing:
#   source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
# Strict mode, a scratch directory $work removed when the script exits, and
# fail MESSAGE: prints "FAIL: MESSAGE" to stderr and exits 1.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
