#!/usr/bin/env bash
# Engines die with their parent, and a killed engine is named as such
# (reliability items 9 and 10):
#   9  SIGKILL of the campaign's process group: every engine it started ends
#      within seconds; SIGHUP to formfuzz (a dropped ssh session) is handled
#      like SIGTERM: engines stopped, campaign.json written
#  10  an engine killed during a campaign is reported with its signal, not
#      "exit -1"; stale <sha1>.tmp.<pid> files of a killed writer are
#      removed at the next start and never counted by `corpus stats`
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR, TARGET.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
engines() { pgrep -f -- "$TARGET .*$1" || true; }
wait_for_engine() { # out dir -> 0 when an engine of that dir runs (10 s at most)
  for _ in $(seq 1 100); do [ -n "$(engines "$1")" ] && return 0; sleep 0.1; done
  return 1
}
wait_gone() { # out dir -> 0 when no engine of that dir is left (10 s at most)
  for _ in $(seq 1 100); do [ -z "$(engines "$1")" ] && return 0; sleep 0.1; done
  return 1
}

# 9: SIGKILL of the whole process group of a campaign
setsid "$FORMFUZZ" campaign --time 60 --out "$work/k" >"$work/k.out" 2>&1 &
leader=$!
check "9 SIGKILL: the campaign started its engine" wait_for_engine "$work/k"
kill -KILL -- "-$leader"
check "9 SIGKILL: the engines died with the campaign" wait_gone "$work/k"
pkill -KILL -f -- "$TARGET .*$work/k" 2>/dev/null

# 9: SIGHUP is SIGTERM
setsid "$FORMFUZZ" campaign --time 60 --out "$work/h" >"$work/h.out" 2>&1 &
pid=$!
check "9 SIGHUP: the campaign started its engine" wait_for_engine "$work/h"
sleep 1
kill -HUP "$pid"
wait "$pid"
rc=$?
check "9 SIGHUP: formfuzz ends (exit $rc)" test "$rc" -ne 129
check "9 SIGHUP: the engines are stopped" wait_gone "$work/h"
check "9 SIGHUP: campaign.json is written" jq -e '.fuzzers | length == 1' "$work/h/campaign.json"
pkill -KILL -f -- "$TARGET .*$work/h" 2>/dev/null

# 10: an engine killed under a running campaign
setsid "$FORMFUZZ" campaign --time 60 --out "$work/s" >"$work/s.out" 2>"$work/s.err" &
pid=$!
check "10: the campaign started its engine" wait_for_engine "$work/s"
sleep 1
pkill -KILL -f -- "$TARGET .*$work/s"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -TERM "$pid" 2>/dev/null
wait "$pid"
check "10: the killed engine is reported with its signal" grep -q "killed by signal 9 (SIGKILL)" "$work/s.out" "$work/s.err"
check "10: not as exit -1" bash -c "! grep -q 'exit -1' '$work/s.out' '$work/s.err'"

# 10: stale temp files
d=$work/t/reliability_hostile/corpus
mkdir -p "$d"
printf 'stale' >"$d/0123456789abcdef0123456789abcdef01234567.tmp.999999999"
printf 'fuzz' >"$d/$(printf fuzz | sha1sum | cut -c1-40)"
timeout 60 "$FORMFUZZ" corpus stats "$d" >"$work/stats.out" 2>&1
check "10: corpus stats does not count a temp file" grep -q "^files 1$" "$work/stats.out"
timeout 120 "$FORMFUZZ" run reliability_hostile --runs 100 --out "$work/t" >"$work/t.out" 2>&1
check "10: the stale temp file is gone after the next run" test ! -e "$d/0123456789abcdef0123456789abcdef01234567.tmp.999999999"
exit $fail
