# `formfuzz status` on a crafted output directory (crafted_out.sh): the exact
# plain screen, the Prometheus text (exact samples, `promtool check metrics`),
# the refreshing screen in a pseudo-terminal (util-linux `script`) with and
# without NO_COLOR, the single-fuzzer directory, and the errors.
# Usage: status_test.sh FORMFUZZ
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/crafted_out.sh"
ff=$1
out=$work/out
make_crafted_out "$out"

# 1. the plain screen, once, when stdout is not a terminal
"$ff" status "$out" --stall 60 > "$work/screen.txt" || fail "status exited $?"
cat > "$work/expected.txt" <<EOF2
formfuzz status: $out
campaign.json: engine builtin, 2025-11-24 16:00:00 UTC to 2025-11-24 16:02:00 UTC, budget 120 s
FUZZER                   STATE          EXECS   EXEC/S   EDGES  FEATURES  CORPUS  CRASHES  LAST NEW STALLED       RSS
alpha_one                ended         123456     1029      80       200      14        0     1m30s yes         61 MB
beta_two                 ended           5500       50      33        97       9        2       10s no          30 MB
delta_wait               no stats.json yet
gamma_bad                stats.json is corrupt (string or '}' expected near end of file); skipped
4 fuzzer(s): 0 running, 1 stalled (no new coverage for 1m00s), 2 unreadable; 128956 execs, 2 crashes
stats updated 2025-11-24 16:02:00 UTC
EOF2
diff -u "$work/expected.txt" "$work/screen.txt" || fail "plain screen differs"
grep -q $'\033' "$work/screen.txt" && fail "escape codes in plain output"
# the default stall threshold (600 s) flags nothing
"$ff" status "$out" | grep -q "0 stalled (no new coverage for 10m00s)" || fail "default stall threshold"

# 2. Prometheus text: exact samples, HELP/TYPE on every family, promtool's lint
"$ff" status "$out" --stall 60 --prometheus > "$work/metrics.prom" || fail "--prometheus exited $?"
for line in \
  'formfuzz_execs_total{fuzzer="alpha_one"} 123456' \
  'formfuzz_exec_per_second{fuzzer="alpha_one"} 1028.8' \
  'formfuzz_edges{fuzzer="beta_two"} 33' \
  'formfuzz_corpus_inputs{fuzzer="alpha_one"} 14' \
  'formfuzz_crashes_total{fuzzer="beta_two"} 2' \
  'formfuzz_rss_bytes{fuzzer="alpha_one"} 63963136' \
  'formfuzz_stall_seconds{fuzzer="alpha_one"} 90' \
  'formfuzz_stall_seconds{fuzzer="beta_two"} 10' \
  'formfuzz_stalled{fuzzer="alpha_one"} 1' \
  'formfuzz_running{fuzzer="beta_two"} 0' \
  'formfuzz_stats_unreadable 2' \
  '# TYPE formfuzz_execs_total counter' \
  '# TYPE formfuzz_crashes_total counter' \
  '# TYPE formfuzz_stall_seconds gauge'; do
  grep -qxF "$line" "$work/metrics.prom" || fail "metrics lack: $line"
done
grep -q 'gamma_bad\|delta_wait' "$work/metrics.prom" && fail "unreadable fuzzers have samples"
families=$(grep -c '^# TYPE ' "$work/metrics.prom")
[ "$(grep -c '^# HELP ' "$work/metrics.prom")" = "$families" ] || fail "HELP/TYPE count differs"
[ "$families" = 14 ] || fail "expected 14 metric families, got $families"
if command -v promtool >/dev/null; then
  promtool check metrics < "$work/metrics.prom" || fail "promtool check metrics"
else
  echo "SKIP promtool check: promtool not installed (Debian package prometheus, scripts/setup.sh)"
fi

# 3. one fuzzer's directory
"$ff" status "$out/beta_two" > "$work/one.txt" || fail "single fuzzer dir"
grep -q '^beta_two  .* 5500 ' "$work/one.txt" || fail "single fuzzer row: $(cat "$work/one.txt")"
[ "$(grep -c ' ended ' "$work/one.txt")" = 1 ] || fail "single fuzzer dir shows other fuzzers"

# 4. a terminal: refreshed screens (clear + home), colours unless NO_COLOR
if command -v script >/dev/null; then
  tty_run() { script -qec "$*" /dev/null < /dev/null; }
  tty_run env -u NO_COLOR "$ff" status "$out" --stall 60 --count 2 --interval 0.1 > "$work/tty.txt"
  [ "$(grep -o $'\033\\[2J' "$work/tty.txt" | wc -l)" = 2 ] || fail "expected 2 refreshed screens"
  grep -q $'\033\\[33myes' "$work/tty.txt" || fail "stalled not yellow on a terminal"
  grep -q $'\033\\[31m       2' "$work/tty.txt" || fail "crashes not red on a terminal"
  grep -q 'Ctrl-C to quit' "$work/tty.txt" || fail "no quit hint"
  grep -q $'\033\\[?25h' "$work/tty.txt" || fail "cursor not shown again"
  tty_run env NO_COLOR=1 "$ff" status "$out" --stall 60 --count 1 > "$work/nocolor.txt"
  grep -q $'\033\\[3[0-9]m\|\033\\[1m' "$work/nocolor.txt" && fail "colour despite NO_COLOR"
  grep -q 'alpha_one .* 1m30s yes' "$work/nocolor.txt" || fail "NO_COLOR screen lacks the row"
  tty_run "$ff" status "$out" --once > "$work/once.txt"
  grep -q $'\033\\[2J' "$work/once.txt" && fail "--once refreshed"
else
  echo "SKIP terminal checks: no util-linux script"
fi

# 5. errors: exit 3 and a message naming the directory; --help
set +e
"$ff" status "$work/missing" 2> "$work/err1.txt"; rc1=$?
mkdir -p "$work/plain/sub"; echo x > "$work/plain/file"
"$ff" status "$work/plain" 2> "$work/err2.txt"; rc2=$?
"$ff" status "$out" --interval 0 2> "$work/err3.txt"; rc3=$?
"$ff" status "$out" extra 2> /dev/null; rc4=$?
set -e
[ $rc1 = 3 ] && grep -q "$work/missing: no such directory" "$work/err1.txt" || fail "missing dir: $rc1 $(cat "$work/err1.txt")"
[ $rc2 = 3 ] && grep -q "$work/plain is not a formfuzz output directory" "$work/err2.txt" ||
  fail "not an output dir: $rc2 $(cat "$work/err2.txt")"
[ $rc3 = 2 ] && grep -q -- "--interval" "$work/err3.txt" || fail "bad --interval: $rc3"
[ $rc4 = 2 ] || fail "two positionals: $rc4"
"$ff" status --help | grep -q "^usage: formfuzz status \[OUT\]" || fail "--help"
echo "monitor_status: ok"
