#!/usr/bin/env bash
# Render the README's picture of the summary: run the demo, let LibreOffice print the
# summary to PDF, and turn its first pages into PNG (needs libreoffice-calc-nogui,
# fonts-noto-cjk and poppler-utils from Debian).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m huyu_xlsx demo "$tmp/demo" >/dev/null
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf \
  --outdir "$tmp" "$tmp/demo/汇总/汇总通报_2020-08.xlsx" >/dev/null
pdftoppm -r 80 -f 1 -l 1 -png "$tmp/汇总通报_2020-08.pdf" "$tmp/page"
cp "$tmp"/page-*1.png docs/summary-bulletin.png
# The county × indicator matrix (分析) prints on A3 in column groups: show its first page's top-left corner.
page=$(pdftotext "$tmp/汇总通报_2020-08.pdf" - | awk '/各单位任务完成情况分析/ && !p {p = n + 1} /\f/ {n++} END {print p}')
pdftoppm -r 110 -f "$page" -l "$page" -x 0 -y 30 -W 1500 -H 700 -png "$tmp/汇总通报_2020-08.pdf" "$tmp/matrix"
cp "$tmp"/matrix-*.png docs/summary-matrix.png
echo "docs/summary-bulletin.png docs/summary-matrix.png"
