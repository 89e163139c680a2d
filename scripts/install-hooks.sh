#!/usr/bin/env bash
# Installs scripts/pre-commit.hook as the git pre-commit hook of a checkout
# (`make install-hooks`). Usage: install-hooks.sh [CHECKOUT] (default: this one).
# A different pre-commit hook already there is left alone: the script refuses
# (exit 1) and says how to chain the two. Re-running when it is installed is a no-op.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checkout=${1:-$here/..}
hooks=$(git -C "$checkout" rev-parse --git-path hooks) || { echo "install-hooks: $checkout is not a git checkout" >&2; exit 2; }
case $hooks in /*) ;; *) hooks=$(cd "$checkout" && cd "$hooks" 2>/dev/null && pwd || echo "$checkout/$hooks") ;; esac
hook=$hooks/pre-commit
if [ -e "$hook" ] || [ -L "$hook" ]; then
  if cmp -s "$here/pre-commit.hook" "$hook"; then
    echo "install-hooks: the formfuzz pre-commit hook is already installed in $hook"
    exit 0
  fi
  echo "install-hooks: $hook exists and is not formfuzz's; leaving it as it is." >&2
  echo "  To use both, add this line to it:  \"\$(git rev-parse --show-toplevel)/formfuzz\" precommit || exit 1" >&2
  echo "  or move it away and run make install-hooks again." >&2
  exit 1
fi
mkdir -p "$hooks"
cp "$here/pre-commit.hook" "$hook.tmp.$$"
chmod +x "$hook.tmp.$$"
mv "$hook.tmp.$$" "$hook"
echo "install-hooks: installed $hook (formfuzz precommit before every commit; git commit --no-verify skips it)"
