#!/bin/sh
# Publish a demo database, serve SITE with a real nginx and fetch every page
# type, decode receipt QR codes and follow them, validate the HTML, look for
# private data everywhere, and check the database was not touched.
. "$(dirname "$0")/publisher-lib.sh"
need nginx curl tidy zbarimg sqlite3 python3 sha256sum

demo_db 1500 "$T/db.sqlite"
sha256sum "$T/db.sqlite" > "$T/db.sum"
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
pub() {
	"$P" --db "$T/db.sqlite" --out "$T/site" --receipts "$T/rcpt" --snapshot "$T/kiosk.db" \
		--key-file "$T/pub.key" --base-url "$URL" --now "$NOW" --jobs 2 "$@"
}
pub >"$T/out1" 2>"$T/err1" || { cat "$T/err1" >&2; fail "publisher exit status"; }
grep -q ' 1500 pages rendered, 0 unchanged, 0 skipped, 0 errors' "$T/out1" ||
	fail "summary of the first run: $(cat "$T/out1")"

# The key and the private outputs: modes, and nothing private in SITE.
[ "$(stat -c %a "$T/pub.key")" = 600 ] || fail "key mode"
[ "$(stat -c %a "$T/rcpt")" = 700 ] || fail "receipts dir mode"
code=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers ORDER BY code LIMIT 1")
[ "$(stat -c %a "$T/rcpt/$code.png")" = 600 ] || fail "receipt mode"
[ -z "$(find "$T/site" -name '*.key' -o -name '*.png' -path '*/d/*')" ] || fail "private file in SITE"

# Every page type is valid HTML.
agency=$(ls "$T/site/co-quan" | grep -v index | head -1)
proc=$(ls "$T/site/thu-tuc" | grep -v index | head -1)
month=$(ls "$T/site/thong-ke/ky" | grep -E '^[0-9]{4}-[0-9]{2}\.html$' | tail -1)
for f in index.html en/index.html co-quan/index.html "co-quan/$agency" thu-tuc/index.html \
	"thu-tuc/$proc" "en/co-quan/$agency" "en/thu-tuc/$proc" thong-ke/index.html \
	"thong-ke/ky/$month" thong-ke/ky/2025-q3.html thong-ke/ky/2025.html \
	thong-ke/thoi-gian-xu-ly.html thong-ke/diem-nghen.html thong-ke/du-lieu.html \
	"thong-ke/thu-tuc/$proc" "thong-ke/co-quan/$agency" lo-trinh-iso/index.html \
	en/thong-ke/index.html en/thong-ke/du-lieu.html en/lo-trinh-iso/index.html \
	"en/thong-ke/ky/$month" en/thong-ke/ky/2025-q3.html en/thong-ke/ky/2025.html \
	en/thong-ke/thoi-gian-xu-ly.html en/thong-ke/diem-nghen.html \
	"en/thong-ke/thu-tuc/$proc" "en/thong-ke/co-quan/$agency"; do
	tidy_ok "$T/site/$f"
done
# The procedure and agency pages summarise their statistics and link to
# the statistics page, which links back.
for d in thu-tuc co-quan; do
	f=$(ls "$T/site/$d" | grep -v index | head -1)
	grep -qF "href=\"../thong-ke/$d/$f\"" "$T/site/$d/$f" || fail "$d/$f: no link to its statistics"
	grep -qF "href=\"../thong-ke/$d/$f\"" "$T/site/en/$d/$f" || fail "en/$d/$f: no link to its statistics"
	grep -qF "href=\"../../$d/$f\"" "$T/site/thong-ke/$d/$f" || fail "thong-ke/$d/$f: no link back"
	grep -qF "href=\"../../$d/$f\"" "$T/site/en/thong-ke/$d/$f" || fail "en/thong-ke/$d/$f: no link back"
	grep -q 'class="summary"' "$T/site/$d/$f" || fail "$d/$f: no summary"
done
for f in $(find "$T/site/d" -name '*.html' | head -25); do tidy_ok "$f"; done
tidy_ok "$T/rcpt/$code.html"
grep -q 'name="robots" content="noindex"' "$(find "$T/site/d" -name '*.html' | head -1)" ||
	fail "dossier page without noindex"

# Privacy: no applicant name, ID number or phone anywhere public.
sqlite3 "$T/db.sqlite" "SELECT applicant_name FROM dossiers UNION SELECT applicant_id FROM dossiers
	WHERE applicant_id <> '' UNION SELECT applicant_phone FROM dossiers WHERE applicant_phone <> ''
	UNION SELECT applicant_address FROM dossiers WHERE applicant_address <> ''" > "$T/private"
[ "$(wc -l < "$T/private")" -gt 1000 ] || fail "too few private strings to look for"
sqlite3 "$T/kiosk.db" .dump > "$T/kiosk.sql"
if grep -rlFf "$T/private" "$T/site" "$T/kiosk.sql" "$T/out1" "$T/err1"; then
	fail "private data published (files above)"
fi
# ...while the receipts do carry the applicant's name.
name=$(sqlite3 "$T/db.sqlite" "SELECT applicant_name FROM dossiers WHERE code = '$code'")
grep -qF "$name" "$T/rcpt/$code.html" || fail "receipt without the applicant's name"

# Serve SITE and fetch each page type over HTTP.
nginx_start "$T/site" "$PORT"
for path in / /index.html /en/index.html /co-quan/index.html "/co-quan/$agency" \
	"/thu-tuc/$proc" /site.css /assets/emblem.svg /thong-ke/ "/thong-ke/thu-tuc/$proc" \
	/lo-trinh-iso/; do
	st=$(curl -s -o "$T/page" -w '%{http_code}' "$URL$path")
	[ "$st" = 200 ] || fail "GET $path: $st"
done
# Receipts: each QR decodes to exactly BASE_URL + the token path, which nginx serves.
for code in $(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers ORDER BY random() LIMIT 8"); do
	qr=$(zbarimg -q --raw "$T/rcpt/$code.png" 2>/dev/null) || fail "$code.png does not decode"
	want=$("$P" --db "$T/db.sqlite" --key-file "$T/pub.key" --list-checks 100000 |
		awk -F '\t' -v c="$code" '$1 == c { print $4 }')
	[ "$qr" = "$URL$want" ] || fail "$code: QR carries '$qr', expected '$URL$want'"
	curl -s -o "$T/page" -w '%{http_code}' "$qr" | grep -q 200 || fail "GET $qr"
	grep -qF "$code" "$T/page" || fail "$qr is not the page of $code"
	check=$("$P" --db "$T/db.sqlite" --key-file "$T/pub.key" --list-checks 100000 |
		awk -F '\t' -v c="$code" '$1 == c { print $2 }')
	grep -qF "$check" "$T/rcpt/$code.html" || fail "$code: receipt without its check code"
done
st=$(curl -s -o /dev/null -w '%{http_code}' "$URL/.hidden")
[ "$st" = 403 ] || [ "$st" = 404 ] || fail "dotfiles are served ($st)"

# A second run changes nothing, and says so.
sleep 1
touch "$T/stamp"
pub >"$T/out2" 2>"$T/err2" || fail "second run: $(cat "$T/err2")"
grep -q ' 0 pages rendered, 1500 unchanged' "$T/out2" || fail "second run: $(cat "$T/out2")"
grep -q '0 receipts written' "$T/out2" || fail "second run rewrote receipts: $(cat "$T/out2")"
grep -q '0 site files written' "$T/out2" || fail "second run rewrote pages: $(cat "$T/out2")"
touched=$(find "$T/site" "$T/rcpt" -newer "$T/stamp" -type f)
[ -z "$touched" ] || fail "files touched by run 2: $(echo "$touched" | head -3)"

# The database was opened read-only throughout.
sha256sum -c --quiet "$T/db.sum" || fail "the database changed"
echo "ok: published, served, decoded, validated, private data absent"
