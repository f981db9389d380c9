#!/usr/bin/env bash
# Opens a Word report in LibreOffice (headless) and fails when it cannot be converted, when the
# pages are not those of the decree's form (A4 portrait body, A4 landscape appendix), or when page 1
# comes out blank: converted to PDF, the page sizes are read with pdfinfo, and page 1 is drawn as a
# PNG whose ink is counted.
set -euo pipefail
docx=$(realpath "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if ! timeout 300 soffice --headless -env:UserInstallation="file://$work/profile" \
        --convert-to pdf --outdir "$work" "$docx" > "$work/log.txt" 2>&1; then
    echo "LibreOffice could not convert $docx:" >&2
    tail -5 "$work/log.txt" >&2
    exit 1
fi
pdf="$work/$(basename "${docx%.*}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice wrote no PDF for $docx" >&2; tail -5 "$work/log.txt" >&2; exit 1; }
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
# Each page's size in points: 595 x 842 is A4 portrait, 842 x 595 landscape.
pdfinfo -f 1 -l "$pages" "$pdf" | awk '/^Page +[0-9]+ size:/ { printf "%d %d\n", $4 + 0.5, $6 + 0.5 }' > "$work/sizes.txt"
portrait=$(grep -c "^595 842$" "$work/sizes.txt" || true)
landscape=$(grep -c "^842 595$" "$work/sizes.txt" || true)
if [ "$pages" -lt 2 ] || [ "$portrait" -lt 1 ] || [ "$landscape" -lt 1 ] \
        || [ $((portrait + landscape)) -ne "$pages" ] || [ "$(head -1 "$work/sizes.txt")" != "595 842" ]; then
    echo "the Word report has $pages pages: $portrait A4 portrait, $landscape A4 landscape (page 1: $(head -1 "$work/sizes.txt"))" >&2
    exit 1
fi
pdftoppm -f 1 -l 1 -r 50 -png "$pdf" "$work/page"
python3 "$(dirname "$0")/png_ink.py" "$work"/page-*1.png "page 1"
echo "Word report: converted by LibreOffice, $pages pages ($portrait A4 portrait, $landscape A4 landscape), page 1 not blank"
