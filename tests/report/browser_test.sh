#!/usr/bin/env bash
# The report page in a real browser: headless Chromium renders
# out/report/index.html of the synthetic campaign (table, gnuplot SVG plots,
# bucket links) with JavaScript switched off (a profile whose preferences
# block it) to a PNG. Checks: the browser's DOM holds the table, the plot and
# the bucket link (--dump-dom needs JavaScript on: Chromium serializes the DOM
# with it), the screenshot is a PNG of the asked size with text-dark pixels in
# it, a blank page gives none (so the measure tells the two apart), and a page
# whose script would paint it black stays white (JavaScript really was off).
# KEEP_SCREENSHOT=FILE keeps the PNG.
source "$(dirname "${BASH_SOURCE[0]}")/../common/lib.sh"
formfuzz=$1
png_ink=$2
command -v chromium > /dev/null || fail "chromium is not installed (scripts/setup.sh installs it)"

browser() { # browser PROFILE ARGS...: headless, no network services, private profile
  local profile=$1
  shift
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --hide-scrollbars "$@" 2> "$work/chromium.log"
}
mkdir -p "$work/nojs/Default"
echo '{"profile":{"default_content_setting_values":{"javascript":2}}}' > "$work/nojs/Default/Preferences"
screenshot() { # screenshot PNG URL: 1100x1400, JavaScript off
  browser "$work/nojs" --window-size=1100,1400 --screenshot="$1" "$2"
}

out=$work/out
source "$(dirname "$0")/synthetic_campaign.sh"
synthetic_campaign "$out"
"$formfuzz" report --out "$out" > /dev/null || fail "report exited $?"
page=file://$out/report/index.html

browser "$work/js" --dump-dom "$page" > "$work/dom.html" || fail "chromium --dump-dom failed: $(tail -3 "$work/chromium.log")"
grep -q '<th>execs</th>' "$work/dom.html" || fail "the browser's DOM has no fuzzer table"
grep -q 'href="../triage/0123456789ab/report.md"' "$work/dom.html" || fail "the browser's DOM has no bucket link"
grep -q 'plots/alpha_parse-coverage.svg' "$work/dom.html" || fail "the browser's DOM has no plot"

screenshot "$work/page.png" "$page" \
  || fail "chromium --screenshot failed: $(tail -3 "$work/chromium.log")"
printf '<html xmlns="http://www.w3.org/1999/xhtml"><body></body></html>' > "$work/blank.html"
screenshot "$work/blank.png" "file://$work/blank.html" \
  || fail "chromium --screenshot of a blank page failed"

printf '<html><body><p>x</p><script>document.body.style.background="black"</script></body></html>' \
  > "$work/script.html"
screenshot "$work/script.png" "file://$work/script.html" || fail "chromium --screenshot of a script page failed"

ink() { "$png_ink" "$1" || echo "not a PNG"; }
read -r w h ink dark <<< "$(ink "$work/page.png")"
read -r _ _ blank_ink blank_dark <<< "$(ink "$work/blank.png")"
read -r _ _ _ script_dark <<< "$(ink "$work/script.png")"
[[ $w =~ ^[0-9]+$ && $blank_ink =~ ^[0-9]+$ && $script_dark =~ ^[0-9]+$ ]] || fail "a screenshot is not a PNG"
[ "$script_dark" -lt $((w * h / 100)) ] || fail "JavaScript ran: the script page is dark ($script_dark pixels)"
echo "page: ${w}x${h}, $ink pixels drawn, $dark dark; blank page: $blank_ink drawn, $blank_dark dark"
[ "$w" = 1100 ] && [ "$h" = 1400 ] || fail "screenshot is ${w}x$h, not 1100x1400"
[ "$blank_ink" = 0 ] && [ "$blank_dark" = 0 ] || fail "the blank page is not blank: the measure is wrong"
[ "$dark" -gt $((w * h / 200)) ] || fail "too little text on the page: $dark dark pixels"
[ "$ink" -lt $((w * h / 2)) ] || fail "the page is mostly not background: $ink pixels"
[ -z "${KEEP_SCREENSHOT:-}" ] || cp "$work/page.png" "$KEEP_SCREENSHOT"
echo "browser_test: ok"
