#!/usr/bin/env bash
# Render the README's pictures of the month's Word documents: collect the bundled sample
# month, let LibreOffice print the 通报 and one 督办单 to PDF, and turn their first pages into
# PNG (needs libreoffice-writer-nogui, fonts-noto-cjk and poppler-utils from Debian).
# LibreOffice has no 仿宋/小标宋 and prints Noto CJK instead; Word and WPS use the declared fonts.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python -m huyu_xlsx collect samples/2020-08 --period 2020-08 --out "$tmp/out" --ledger "$tmp/huyu.db" \
  --date 2020-08-25 --number 15 --contact "李文，0878-3121234" >/dev/null
soffice -env:UserInstallation="file://$tmp/profile" --headless --convert-to pdf --outdir "$tmp" \
  "$tmp/out/通报_2020-08.docx" "$tmp/out/督办单/督办单_2020-08_南华县.docx" >/dev/null
pdftoppm -r 60 -f 1 -l 1 -png "$tmp/通报_2020-08.pdf" "$tmp/bulletin"
pdftoppm -r 60 -f 1 -l 1 -png "$tmp/督办单_2020-08_南华县.pdf" "$tmp/order"
cp "$tmp"/bulletin-*1.png docs/document-bulletin.png
cp "$tmp"/order-*1.png docs/document-order.png
echo "docs/document-bulletin.png docs/document-order.png"
