#!/usr/bin/env bash
# -merge=1 -merge_control_file=F of the built-in engine against clang's
# libFuzzer, on merge_target.c: F has libFuzzer's format (input count, count
# of the first corpus, the paths, then STARTED/FT/COV per input; the input
# that crashed has STARTED only), both engines copy the same inputs, an
# interrupted merge resumes after the last STARTED input, and
# `formfuzz corpus stats --binary` reads the features of both engines' binaries
# from the control file (the engine's own -runs=0 "ft:" count for builtin).
# Usage: merge_control.sh BUILTIN_BINARY FORMFUZZ C_COMPILER merge_target.c
source "$(dirname "${BASH_SOURCE[0]}")/../common/checks.sh"
fuzzer=$1 formfuzz=$2 cc=$3 source=$4
cd "$work" || exit 1

# a first corpus of one input, a second of seven (one crashes), all of distinct sizes
mkdir -p A B
printf 'a' >A/first
printf '12' >B/digits
printf 'abc' >B/lower
printf 'ABCD' >B/upper
printf 'CRASH' >B/crash
printf 'a1 B2x' >B/mixed
printf '\001\002\003\004\005\006\007' >B/bytes
printf 'zzzzzzzz' >B/morelower
expected_paths=$'A/first\nB/digits\nB/lower\nB/upper\nB/crash\nB/mixed\nB/bytes\nB/morelower'
crash_index=4

# checks the control file $1 written for the inputs above
check_control() {
  local cf=$1 engine=$2
  check "$engine: header: 8 inputs, 1 in the first corpus" \
    test "$(sed -n 1,2p "$cf" | tr '\n' ' ')" = "8 1 "
  check "$engine: paths, first corpus then the others, smallest first" \
    test "$(sed -n 3,10p "$cf")" = "$expected_paths"
  local i path size ok=1
  for i in 0 1 2 3 4 5 6 7; do
    path=$(sed -n "$((i + 3))p" "$cf")
    size=$(stat -c %s "$path")
    [ "$(grep -c "^STARTED $i $size\$" "$cf")" -eq 1 ] || ok=0
    if [ "$i" -eq "$crash_index" ]; then
      grep -q "^FT $i\b" "$cf" && ok=0
    else
      [ "$(grep -cE "^FT $i( [0-9]+)*\$" "$cf")" -eq 1 ] || ok=0
      [ "$(grep -cE "^COV $i( [0-9]+)*\$" "$cf")" -eq 1 ] || ok=0
    fi
  done
  check "$engine: one STARTED <i> <size> per input, FT and COV for all but the crash" test "$ok" -eq 1
  check "$engine: the first input has features" grep -qE "^FT 0 [0-9]+" "$cf"
}

"$fuzzer" -merge=1 -merge_control_file="$work/cf.builtin" A B >builtin.log 2>&1
check "builtin: merge exits 0 despite the crashing input" test $? -eq 0
check "builtin: reports the crashing input as skipped" grep -q "'B/crash' failed the target" builtin.log
check_control cf.builtin builtin
builtin_kept=$(ls A | sort | tr '\n' ' ')
check "builtin: copied inputs that add features, named by SHA-1" test "$(ls A | wc -l)" -gt 1

# resume: cut the file after input 2 finished; the rest runs, inputs 0..2 do not again
rm -rf A && mkdir A && printf 'a' >A/first
head -n $((2 + 8 + 9)) cf.builtin >cf.resume
"$fuzzer" -merge=1 -merge_control_file="$work/cf.resume" A B >resume.log 2>&1
check "resume: exits 0" test $? -eq 0
check "resume: starts at input 3" grep -q "first not processed file 3" resume.log
check_control cf.resume resume
check "resume: copies the same inputs" test "$(ls A | sort | tr '\n' ' ')" = "$builtin_kept"

# a completed control file: nothing runs again, the same inputs are copied
rm -rf A && mkdir A && printf 'a' >A/first
"$fuzzer" -merge=1 -merge_control_file="$work/cf.resume" A B >again.log 2>&1
check "completed control file: exits 0" test $? -eq 0
check "completed control file: no child runs" bash -c "! grep -q 'MERGE-INNER' again.log"
check "completed control file: the same inputs" test "$(ls A | sort | tr '\n' ' ')" = "$builtin_kept"

# libFuzzer on the same inputs
if "$cc" -fsanitize=fuzzer -o libfuzzer_target "$source" 2>cc.log; then
  rm -rf A && mkdir A && printf 'a' >A/first
  ./libfuzzer_target -merge=1 -merge_control_file="$work/cf.libfuzzer" -artifact_prefix="$work/" \
    A B >libfuzzer.log 2>&1
  check "libFuzzer: merge exits 0" test $? -eq 0
  check_control cf.libfuzzer libFuzzer
  check "libFuzzer copies the same inputs as builtin" \
    test "$(ls A | sort | tr '\n' ' ')" = "$builtin_kept"
else
  echo "FAIL: $cc cannot build a libFuzzer binary:"; cat cc.log; fail=1
fi

# formfuzz corpus stats reads the features of both from the control file
rm -rf C && mkdir C && cp A/* C/
"$fuzzer" -runs=0 C >runs0.log 2>&1
ft=$(grep -oE "DONE .* ft: [0-9]+" runs0.log | grep -oE "[0-9]+$" | tail -1)
"$formfuzz" corpus stats C --binary "$fuzzer" >stats.builtin 2>&1
check "corpus stats (builtin) exits 0" test $? -eq 0
check "corpus stats (builtin) counts the engine's $ft features" \
  grep -qE "^features:? +$ft\b" stats.builtin
if [ -x libfuzzer_target ]; then
  "$formfuzz" corpus stats C --binary ./libfuzzer_target >stats.libfuzzer 2>&1
  check "corpus stats (libFuzzer) exits 0" test $? -eq 0
  check "corpus stats (libFuzzer) counts features" grep -qE "^features:? +[1-9][0-9]*\b" stats.libfuzzer
fi
[ "$fail" -eq 0 ] || { echo "--- builtin.log"; cat builtin.log; echo "--- stats"; cat stats.* ; }
exit "$fail"
