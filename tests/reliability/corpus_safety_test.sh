#!/usr/bin/env bash
# `formfuzz corpus minimize|merge` never destroys what it was not asked to
# (reliability items 1, 2, 12 and the merge part of 15):
#   1  a regular file instead of a directory is refused (exit 2), untouched
#   2  a corpus with a subdirectory is refused (exit 2) with a message naming
#      it; the subdirectory and its inputs stay
#  12  a hanging input: the per-input timeout is passed (--timeout), progress
#      is shown, the hang is skipped; SIGTERM mid-way leaves no work directory,
#      no merge process and the corpus as it was
#  15  merge from a directory that does not exist: exit 2, named
# Environment: FORMFUZZ, TARGET (the hostile harness).
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
export FF_TEST_HOSTILE=1
ff() { timeout 120 "$FORMFUZZ" corpus "$@" --binary "$TARGET"; }

# 1: a file given where a directory is expected
printf 'Hx' >"$work/file"
ff minimize "$work/file" >"$work/o1" 2>"$work/e1"
rc=$?
check "1 minimize FILE: exit 2 (got $rc)" test "$rc" -eq 2
check "1 minimize FILE: the file is still there with its content" test "$(cat "$work/file" 2>/dev/null)" = Hx
check "1 minimize FILE: says it is not a directory" grep -q "not a directory" "$work/e1"
check "1 minimize FILE: no work directory left" test -z "$(ls -d "$work"/file.* 2>/dev/null)"
mkdir -p "$work/new"
printf 'Sx' >"$work/new/a"
ff merge "$work/file" "$work/new" >"$work/o1m" 2>"$work/e1m"
rc=$?
check "1 merge FILE DIR: exit 2 (got $rc)" test "$rc" -eq 2
check "1 merge FILE DIR: the file is untouched" test "$(cat "$work/file" 2>/dev/null)" = Hx

# 2: a subdirectory
mkdir -p "$work/c2/sub"
printf 'Hx' >"$work/c2/top"
printf 'Sx' >"$work/c2/sub/inner"
ff minimize "$work/c2" >"$work/o2" 2>"$work/e2"
rc=$?
check "2 minimize DIR with a subdirectory: exit 2 (got $rc)" test "$rc" -eq 2
check "2: the message names the subdirectory" grep -q "sub" "$work/e2"
check "2: the subdirectory's input is still there" test "$(cat "$work/c2/sub/inner" 2>/dev/null)" = Sx
check "2: the top-level input is still there" test -f "$work/c2/top"

# 15: merge from a directory that does not exist
mkdir -p "$work/c15"
printf 'Hx' >"$work/c15/a"
ff merge "$work/c15" "$work/does-not-exist" >"$work/o15" 2>"$work/e15"
rc=$?
check "15 merge DIR /nonexistent: exit 2 (got $rc)" test "$rc" -eq 2
check "15: names the missing directory" grep -q "does-not-exist" "$work/e15"

# 12: a hanging input, with --timeout
mkdir -p "$work/c12"
printf 'Hh' >"$work/c12/hang"
for i in 1 2 3 4 5; do printf 'S%d' "$i" >"$work/c12/s$i"; done
timeout 120 "$FORMFUZZ" corpus minimize "$work/c12" --binary "$TARGET" --timeout 1 >"$work/o12" 2>"$work/e12"
rc=$?
check "12 minimize with a hang: exit 0 (got $rc)" test "$rc" -eq 0
check "12: progress is shown" grep -q "corpus minimize: [0-9]*/6 inputs" "$work/e12"
check "12: the hang is reported as skipped" grep -q "skipped the input with SHA-1 $(printf Hh | sha1sum | cut -c1-40): it crashed, timed out" "$work/e12"
check "12: no work directory left" test -z "$(ls -d "$work"/c12.minimize.* 2>/dev/null)"
ff minimize "$work/c12" --timeout 0 >"$work/o12b" 2>"$work/e12b"
rc=$?
check "12: --timeout 0 is refused (exit 2, got $rc)" test "$rc" -eq 2

# 12: SIGTERM in the middle (inputs that sleep 50 ms each: 60 of them take 3 s)
mkdir -p "$work/c12s"
for i in $(seq 1 60); do printf 'S%03d' "$i" >"$work/c12s/s$i"; done
before=$(cd "$work/c12s" && ls | sort | md5sum)
setsid "$FORMFUZZ" corpus minimize "$work/c12s" --binary "$TARGET" >"$work/o12s" 2>"$work/e12s" &
pid=$!
for _ in $(seq 1 100); do
  [ -n "$(ls -d "$work"/c12s.minimize.* 2>/dev/null)" ] && break
  sleep 0.1
done
sleep 0.5
kill -TERM "$pid"
wait "$pid"
rc=$?
check "12 SIGTERM: exits non-zero (got $rc)" test "$rc" -ne 0
sleep 0.5
check "12 SIGTERM: no work directory left" test -z "$(ls -d "$work"/c12s.minimize.* 2>/dev/null)"
check "12 SIGTERM: no merge process left" test -z "$(pgrep -f -- "-merge=1 .*$work/c12s")"
after=$(cd "$work/c12s" && ls | sort | md5sum)
check "12 SIGTERM: the corpus is as it was" test "$before" = "$after"
pkill -KILL -f -- "$work/c12s" 2>/dev/null
exit $fail
