#!/usr/bin/env bash
# Numeric options are checked in one place, with bounds (reliability item 13):
# nan, inf, overflowing and negative values are refused with exit 2 naming the
# value; --jobs has an upper bound; `run --time 0` means no time limit (as
# libFuzzer's -max_total_time=0); `campaign` needs a time budget or --runs.
# A one-letter option is a short one: `tmin --help` shows `-o FILE` as its usage
# line does, `-o` is parsed, other single-dash words are refused.
# Environment: FORMFUZZ, FORMFUZZ_ROOT, FORMFUZZ_BUILD_DIR.
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
refused() { # what, value, command... : exit 2 and the value named on stderr
  local what=$1 value=$2
  shift 2
  timeout 10 "$@" >"$work/out" 2>"$work/err"
  local rc=$?
  check "$what $value: exit 2 (got $rc)" test "$rc" -eq 2
  check "$what $value: the value is named" grep -qF -- "'$value'" "$work/err"
}
for v in nan NaN inf -inf 1e300 99999999999999999999 -1 soon 40000000; do
  refused "run --time" "$v" "$FORMFUZZ" run reliability_hostile --time "$v" --out "$work/o"
  refused "campaign --time" "$v" "$FORMFUZZ" campaign --time "$v" --out "$work/o"
done
for v in 0 -3 60000 99999999999999999999 1.5; do
  refused "run --jobs" "$v" "$FORMFUZZ" run reliability_hostile --jobs "$v" --out "$work/o"
done
for v in -1 99999999999999999999 1e3; do
  refused "run --runs" "$v" "$FORMFUZZ" run reliability_hostile --runs "$v" --out "$work/o"
done
refused "run --seed" 99999999999 "$FORMFUZZ" run reliability_hostile --seed 99999999999 --out "$work/o"
refused "corpus --max-len" 0 "$FORMFUZZ" corpus stats "$work" --max-len 0
refused "corpus --max-len" 1e999 "$FORMFUZZ" corpus stats "$work" --max-len 1e999
refused "triage --attempts" 0 "$FORMFUZZ" triage --attempts 0 --out "$work/o"
refused "triage --timeout" nan "$FORMFUZZ" triage --timeout nan --out "$work/o"
timeout 60 "$FORMFUZZ" campaign --time 0 --out "$work/o" >"$work/out" 2>"$work/err"
rc=$?
check "campaign --time 0 without --runs: exit 2 (got $rc)" test "$rc" -eq 2
check "campaign --time 0: says a budget is needed" grep -q "time budget" "$work/err"
timeout 120 "$FORMFUZZ" run reliability_hostile --time 0 --runs 300 --out "$work/z" >"$work/out" 2>"$work/err"
rc=$?
check "run --time 0 --runs 300: exit 0 (got $rc)" test "$rc" -eq 0
log=$work/z/reliability_hostile/fuzzer.log
check "run --time 0: the engine gets no time limit" bash -c "grep -q 'starting builtin:' '$log' && ! grep -q 'max_total_time' '$log'"
"$FORMFUZZ" tmin --help >"$work/help"
check "tmin --help shows -o FILE" grep -qE '^  -o FILE ' "$work/help"
check "tmin --help has no --o" bash -c "! grep -q -- '--o ' '$work/help'"
timeout 10 "$FORMFUZZ" tmin reliability_hostile "$work/none" -x >"$work/out" 2>"$work/err"
rc=$?
check "tmin -x: exit 2 (got $rc)" test "$rc" -eq 2
check "tmin -x: named as unknown" grep -q "unknown option '-x'" "$work/err"
timeout 10 "$FORMFUZZ" tmin reliability_hostile "$work/none" -o "$work/min" >"$work/out" 2>"$work/err"
rc=$?
check "tmin -o FILE is parsed (a missing crash file is the error, exit 1; got $rc)" test "$rc" -eq 1
check "tmin -o: the missing file is what is reported" grep -q "none" "$work/err"
exit $fail
