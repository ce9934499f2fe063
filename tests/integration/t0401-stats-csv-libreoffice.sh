#!/bin/sh
# t0401: a published CSV opens in LibreOffice (Debian's headless Calc) with
# Vietnamese intact: convert the ISO roadmap table to PDF and read the text
# back with pdftotext.  The import is told UTF-8 (filter option 76), as an
# official picks it in Calc's text import dialog; Excel reads the BOM.
set -eu
BUILD=${BUILD:-build}
for prog in trackdb publisher; do
	if [ ! -x "$BUILD/$prog" ]; then
		echo "skip: $BUILD/$prog is not built"
		exit 77
	fi
done
for tool in libreoffice pdftotext; do
	command -v "$tool" >/dev/null 2>&1 || { echo "skip: no $tool (scripts/deps.sh --test)"; exit 77; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "t0401: $*" >&2; exit 1; }
NOW="2025-11-20 10:00"

"$BUILD/trackdb" demo "$tmp/demo.db" --dossiers 300 --seed 11 --now "$NOW" >/dev/null
"$BUILD/publisher" --db "$tmp/demo.db" --out "$tmp/site" --snapshot "$tmp/kiosk.db" \
	--now "$NOW" --quiet >/dev/null
cp "$tmp/site/lo-trinh-iso/lo-trinh.csv" "$tmp/roadmap.csv"
# A private profile: no user's LibreOffice settings, no lock conflicts.
HOME="$tmp" timeout 300 libreoffice --headless --norestore --infilter="CSV:44,34,76,1" \
	--convert-to pdf --outdir "$tmp" "$tmp/roadmap.csv" >"$tmp/lo.log" 2>&1 ||
	{ cat "$tmp/lo.log" >&2; fail "libreoffice failed"; }
[ -s "$tmp/roadmap.pdf" ] || { cat "$tmp/lo.log" >&2; fail "no PDF"; }
pdftotext -enc UTF-8 "$tmp/roadmap.pdf" "$tmp/roadmap.txt"

for name in "Sở Tư pháp" "Diên Bình" "Đăk Tô" "Sở Văn hóa, Thể thao và Du lịch"; do
	grep -q "$name" "$tmp/roadmap.txt" || fail "'$name' did not come through"
done
# The BOM is read as the encoding mark, not as text.
if grep -q "ï»¿" "$tmp/roadmap.txt"; then fail "BOM shown as text"; fi
echo "t0401: Vietnamese names intact through LibreOffice and pdftotext"
