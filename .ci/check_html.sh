#!/usr/bin/env bash
# Opens an HTML report in headless Chromium and fails on a load error or a blank page: the DOM
# Chromium built must hold the report's title, its tables and its SVG charts, a screenshot of the
# page must show something other than white, and printed to PDF it must come out on A4 pages:
# the body portrait, the appendix landscape (its named @page), at least one of each.
set -euo pipefail
html=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$work/profile")
if ! timeout 120 chromium "${flags[@]}" --dump-dom "file://$html" > "$work/dom.html" 2> "$work/log.txt"; then
    echo "chromium could not load $html:" >&2
    tail -5 "$work/log.txt" >&2
    exit 1
fi
grep -q '<p class="kind">BÁO CÁO</p>' "$work/dom.html" && grep -q "<h1>Kết quả tiếp nhận, giải quyết" "$work/dom.html" \
    || { echo "no “BÁO CÁO” and subject in the page Chromium loaded" >&2; exit 1; }
tables=$(grep -o "<table>" "$work/dom.html" | wc -l)
charts=$(grep -o "<svg" "$work/dom.html" | wc -l)
[ "$tables" -ge 1 ] && [ "$charts" -ge 1 ] || { echo "the page has $tables tables and $charts charts" >&2; exit 1; }
timeout 120 chromium "${flags[@]}" --window-size=1000,1400 --screenshot="$work/page.png" "file://$html" 2>> "$work/log.txt" > /dev/null
python3 "$(dirname "$0")/png_ink.py" "$work/page.png" "screenshot"
timeout 120 chromium "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$work/page.pdf" "file://$html" 2>> "$work/log.txt" > /dev/null
pages=$(grep -a -c "/Type /Page\b" "$work/page.pdf" || true)
portrait=$(grep -a -c "/MediaBox \[0 0 594.9[0-9]* 841.9[0-9]*\]" "$work/page.pdf" || true)
landscape=$(grep -a -c "/MediaBox \[0 0 841.9[0-9]* 594.9[0-9]*\]" "$work/page.pdf" || true)
if [ "$pages" -lt 2 ] || [ $((portrait + landscape)) -ne "$pages" ] || [ "$portrait" -lt 1 ] || [ "$landscape" -lt 1 ]; then
    echo "printed, the report has $pages pages: $portrait A4 portrait, $landscape A4 landscape (the body portrait, the appendix landscape)" >&2
    exit 1
fi
echo "HTML report: loaded in Chromium, $tables tables, $charts charts, not blank, $pages A4 pages printed ($portrait portrait, $landscape landscape)"
