#!/usr/bin/env bash
# Merges must not hang: the merge (and -minimize_crash) parent forks its
# children while single-threaded, so no thread of it can hold the sanitizer
# allocator's lock across fork(). merge_target.c, with
# MERGE_TARGET_CHECK_PARENT=1, aborts when its parent has a second thread (the
# RSS watcher thread used to run there). 12 merges of a 300-file corpus with
# the RSS watcher on (-rss_limit_mb) must each finish, within a timeout,
# without a failed input; -minimize_crash must see that a harmless input
# does not crash. ctest's TIMEOUT stops a hang.
# Usage: merge_repeat.sh BUILTIN_BINARY
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1
cd "$work" || exit 1
export MERGE_TARGET_CHECK_PARENT=1

# 300 inputs of every byte class mix and length
mkdir -p corpus
for i in $(seq 1 300); do
  printf '%s' "$(printf 'x%.0s' $(seq 1 $((i % 17 + 1))))$i$( ((i % 3)) && printf ' AB')" >corpus/in$i
done
check "300 inputs written" test "$(ls corpus | wc -l)" -eq 300

ok=0
for round in $(seq 1 12); do
  rm -rf merged && mkdir merged
  timeout 60 "$fuzzer" -merge=1 -rss_limit_mb=2048 merged corpus >"merge$round.log" 2>&1
  rc=$?
  if [ "$rc" -eq 0 ] && ! grep -q "failed the target" "merge$round.log" &&
     grep -q "^MERGE-OUTER: successful in 1 attempt" "merge$round.log"; then
    ok=$((ok + 1))
  else
    echo "round $round: exit $rc"; tail -5 "merge$round.log"
  fi
done
check "12 of 12 merges finish in one attempt, no input failed" test "$ok" -eq 12
check "the merge copied inputs" test "$(ls merged | wc -l)" -ge 2

printf 'harmless' >harmless
timeout 60 "$fuzzer" -minimize_crash=1 -runs=10 harmless >minimize.log 2>&1
check "-minimize_crash: a harmless input does not crash (its child saw one thread in the parent)" \
  grep -q "did not crash" minimize.log
exit "$fail"
