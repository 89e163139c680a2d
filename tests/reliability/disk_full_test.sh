#!/usr/bin/env bash
# A full disk (reliability items 3 and 7), on a small tmpfs mounted in a
# private mount namespace of this test (it disappears with the test):
#   3  a REDUCE whose smaller replacement cannot be written keeps the parent
#   7  the engine says so on the console and exits non-zero; `formfuzz run`
#      and `campaign` report the failure, exit 3 and show the real numbers
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR, TARGET. Needs root
# (mount); fails, not skips, without it.
if [ -z "${FF_IN_MOUNT_NS:-}" ]; then
  exec unshare --mount --propagation private env FF_IN_MOUNT_NS=1 bash "$0" "$@"
fi
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
disk=$work/disk
mkdir -p "$disk"
mount -t tmpfs -o size=2m tmpfs "$disk" || { echo "FAIL: cannot mount a tmpfs (root needed)"; exit 1; }
fill() { dd if=/dev/zero of="$disk/fill-$1" bs=4k 2>/dev/null; sync; }

# 3: the corpus lives on a disk with one free page: the engine writes one
# input, then every write fails while REDUCEs of what it wrote go on
mkdir -p "$disk/corpus"
head -c 200 /dev/zero | tr '\0' a | sed 's/^/Hx/' >"$disk/corpus/seed"
fill 1
truncate -s -4096 "$disk/fill-1"
timeout 120 "$TARGET" -seed=1 -runs=20000 "$disk/corpus" >"$work/engine.out" 2>"$work/engine.err"
rc=$?
kept=$(grep -oE 'corp: [0-9]+/[0-9]+b' "$work/engine.err" | tail -1 | sed 's/.*\///; s/b$//')
ondisk=$(cat "$disk"/corpus/* | wc -c)
# seeds the engine did not write stay on disk even when a smaller input
# replaces them in memory, so the disk may hold more, never less
check "3: every input the engine kept is on disk ($kept bytes kept, $ondisk on disk)" test "$ondisk" -ge "${kept:-999999999}"
check "7 engine: exits non-zero on a write failure (got $rc)" test "$rc" -ne 0
check "7 engine: says the disk is full on stderr" grep -q "No space left on device" "$work/engine.err"
rm -f "$disk"/fill-*

# 7: formfuzz run on a disk that fills up after the first run
out=$disk/out
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 500 --seed 1 --out "$out" >"$work/run1.out" 2>"$work/run1.err"
rc=$?
check "7: a first run on free space: exit 0 (got $rc)" test "$rc" -eq 0
fill 2
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 200000 --seed 2 --out "$out" >"$work/run2.out" 2>"$work/run2.err"
rc=$?
check "7 run: exit 3 on a full disk (got $rc)" test "$rc" -eq 3
check "7 run: the console says the disk is full" grep -q "No space left on device" "$work/run2.err"
check "7 run: the executions shown are real (not 0)" grep -qE "^  execs +[1-9]" "$work/run2.out"
# one worker: a session of several builtin jobs keeps its numbers in
# stats.json.job<n>, which a full disk cannot hold (docs/failure-behaviour.md)
timeout 120 "$FORMFUZZ" campaign --jobs 1 --runs 200000 --seed 3 --out "$out" >"$work/camp.out" 2>"$work/camp.err"
rc=$?
check "7 campaign: exit 3 on a full disk (got $rc)" test "$rc" -eq 3
check "7 campaign: the console says the disk is full" grep -q "No space left on device" "$work/camp.err"
check "7 campaign: the table shows real executions" grep -qE "^reliability_hostile +[1-9]" "$work/camp.out"
umount "$disk"
exit $fail
