#!/bin/sh
# What a citizen sees of a dossier waiting for them, and the receipt they
# carry home: a demo database where one dossier is asked for a supplement
# (the request's text and the office's contact seeded with <b>&"' to be
# escaped, an internal note that must stay private) is published; then
#   - the site page and the snapshot hold the request, escaped, and neither
#     the internal note nor the applicant's name; no decimal hours;
#   - a changed request alone reaches the page on an incremental run;
#   - the office's sealed snapshot answers code + check code with the
#     request and the contact (HTML and JSON) and shows neither unsealed;
#   - citizen.test.js looks at it at the kiosk (1080x1920) and on a phone
#     (360x780): status first, what to do, where, by when, whom to call;
#   - the receipt printed to PDF by headless Chromium is one A5 page, its
#     QR code decodes (150 dpi) to the page's address, and pdftotext finds
#     the form's labels intact with the code, the check code and the
#     applicant's name.
# Screenshots and the rasterised receipt go to tests/e2e/screenshots/.
. tests/fixtures/kiosk/lib.sh
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node"
for tool in pdftoppm pdftotext pdfinfo zbarimg; do
	command -v "$tool" >/dev/null 2>&1 || skip "no $tool (apt-get install poppler-utils zbar-tools)"
done
e2e=$top/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
shots=$e2e/screenshots
mkdir -p "$shots"
TDB=$top/$BUILD/trackdb
P=$top/$BUILD/publisher
NOW="2025-11-20 10:00"
BASE=https://tracuu.example.invalid
db=$tmp/d.db
q() { sqlite3 "$db" "$1"; }

"$TDB" demo "$db" --dossiers 300 --seed 7 --now "$NOW" >/dev/null || fail "trackdb demo"
# A dossier in its steps whose log ends before the request (the longest
# procedure name: the phone's hardest case) is asked for a supplement.
C=$(q "SELECT d.code FROM dossiers d JOIN procedures p ON p.code = d.procedure_code
	WHERE d.status = 'processing' AND d.received_at < '2025-11-17'
	AND coalesce((SELECT max(at) FROM events e WHERE e.dossier_code = d.code), '') < '2025-11-18 09:00'
	ORDER BY length(p.name) DESC, d.code LIMIT 1")
[ -n "$C" ] || fail "no dossier to ask for a supplement in the demo"
A=$(q "SELECT agency_code FROM dossiers WHERE code = '$C'")
NAME=$(q "SELECT applicant_name FROM dossiers WHERE code = '$C'")
REQ='Bản sao Giấy khai sinh <b>&"'"'"' (có chứng thực)'
NOTE='GHI-CHU-NOI-BO: cán bộ Trần Văn Riêngtư đã gọi'
sqlite3 "$db" <<SQL || fail "seeding the request"
INSERT INTO events (dossier_code, at, kind, actor, note, request, request_due)
VALUES ('$C', '2025-11-18 09:00', 'supplement_request', 'Trần Văn Riêngtư', '$NOTE',
        '$(printf '%s' "$REQ" | sed "s/'/''/g")', '2025-11-28 17:00');
UPDATE dossiers SET status = 'supplement', updated_at = '2025-11-18 09:00' WHERE code = '$C';
UPDATE agencies SET phone = '0260 3 862 888', address = 'Số 77 Lê Hồng Phong <i>&</i>',
       hours = 'Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00' WHERE code = '$A';
SQL

pub() {
	"$P" --db "$db" --out "$tmp/site" --receipts "$tmp/rc" --snapshot "$tmp/k.db" \
		--kiosk-dir "$tmp/offices" --key-file "$tmp/pub.key" --base-url "$BASE" --now "$NOW" \
		>"$tmp/pub.out" 2>&1 ||
		{ cat "$tmp/pub.out"; fail "publisher"; }
}
pub
line=$("$P" --db "$db" --key-file "$tmp/pub.key" --list-checks 100000 | awk -F '\t' -v c="$C" '$1 == c')
CHECK=$(echo "$line" | cut -f2)
TOKEN=$(echo "$line" | cut -f3)
PAGE=$tmp/site$(echo "$line" | cut -f4)
[ -f "$PAGE" ] || fail "no page for $C ($line)"

# The page: the request escaped, the contact, the deadline; nothing private.
grep -qF 'Bản sao Giấy khai sinh &lt;b&gt;&amp;&quot;&#39; (có chứng thực)' "$PAGE" ||
	fail "the request is not on the page, escaped: $(grep -o '<section class="todo">.*' "$PAGE" | head -1)"
grep -qF 'Số 77 Lê Hồng Phong &lt;i&gt;&amp;&lt;/i&gt;' "$PAGE" || fail "the office's address, escaped"
grep -qF '<a href="tel:02603862888">0260 3 862 888</a>' "$PAGE" || fail "the office's phone"
grep -qF 'Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00' "$PAGE" || fail "the office's hours"
grep -qF '<dt>Hạn nộp bổ sung</dt><dd><time datetime="2025-11-28T17:00">' "$PAGE" || fail "the deadline"
grep -qF '<dt>Bring it by</dt>' "$PAGE" || fail "the English page's deadline"
grep -q '<b>&' "$PAGE" && fail "the request went out unescaped"
for secret in "GHI-CHU-NOI-BO" "Riêngtư" "$NAME"; do
	grep -rqF "$secret" "$tmp/site" && fail "'$secret' reached site/"
	sqlite3 "$tmp/k.db" .dump | grep -qF "$secret" && fail "'$secret' reached the snapshot"
done
# Durations in days, hours and minutes on every dossier page, never "214,76 giờ".
if grep -rhoE '[0-9]+[,.][0-9]+ (giờ|working hours)' "$tmp/site/d" | head -3 | grep .; then
	fail "decimal hours on dossier pages"
fi
grep -qE 'Thời gian tạm dừng tính: ([0-9]+ ngày )?([0-9]+ giờ )?([0-9]+ phút )?làm việc' "$PAGE" ||
	fail "the stopped time in days and hours: $(grep -o 'Thời gian tạm dừng tính[^<]*' "$PAGE")"

# The request alone changes: an incremental run brings it to the page.
q "UPDATE events SET request = 'Ảnh 4x6 (02 ảnh)' WHERE dossier_code = '$C' AND kind = 'supplement_request' AND at = '2025-11-18 09:00'"
pub
grep -qF 'Ảnh 4x6 (02 ảnh)' "$PAGE" || fail "a changed request did not reach the page"
q "UPDATE events SET request = '$(printf '%s' "$REQ" | sed "s/'/''/g")' WHERE dossier_code = '$C' AND kind = 'supplement_request' AND at = '2025-11-18 09:00'"
pub
grep -qF '&lt;b&gt;&amp;&quot;' "$PAGE" || fail "the request back"

# The kiosk and the phone in the browser.
echo "$NOW" >"$tmp/now"
kiosk_start --snapshot "$tmp/k.db" --idle 60 --test-now-file "$tmp/now"
timeout 120 node "$e2e/citizen.test.js" "$B" "$TOKEN" "file://$PAGE" "file://$tmp/rc/$C.html" \
	"$shots" "$tmp/profile" || fail "browser test"
kiosk_stop || fail "kioskd exit status $?"

# The office's sealed snapshot (a kiosk in the hall) opens the same answer
# by code and check code, and holds the request only sealed.
OFFICE=$tmp/offices/$A.db
[ -f "$OFFICE" ] || fail "no sealed snapshot for $A"
sqlite3 "$OFFICE" .dump | grep -qF 'khai sinh <b>&' && fail "the request is readable in the sealed snapshot"
kiosk_start --snapshot "$OFFICE" --idle 60 --test-now-file "$tmp/now"
curl -s "$B/lookup?code=$C&check=$CHECK" >"$tmp/sealed.html"
grep -qF 'Bản sao Giấy khai sinh &lt;b&gt;&amp;&quot;&#39; (có chứng thực)' "$tmp/sealed.html" ||
	fail "the sealed snapshot's answer lacks the request"
grep -qF '0260 3 862 888' "$tmp/sealed.html" || fail "the sealed snapshot's answer lacks the office's phone"
curl -s "$B/api/lookup?code=$C&check=$CHECK" >"$tmp/sealed.json"
python3 - "$tmp/sealed.json" "$REQ" <<'PY' || fail "the JSON's request and contact: $(cat "$tmp/sealed.json")"
import json, sys
d = json.load(open(sys.argv[1]))["dossier"]
assert d["request"] == sys.argv[2], d["request"]
assert d["request_due"] == "2025-11-28 17:00", d["request_due"]
assert d["contact"] == {"phone": "0260 3 862 888", "address": "Số 77 Lê Hồng Phong <i>&</i>",
                        "hours": "Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00"}, d["contact"]
PY
kiosk_stop || fail "kioskd exit status $?"

# The receipt printed to PDF, rasterised at 150 dpi.
RC=$tmp/rc/$C.html
grep -qF "$NAME" "$RC" || fail "the receipt lacks the applicant's name"
timeout 90 /usr/bin/chromium --headless --no-sandbox --disable-gpu --no-first-run \
	--user-data-dir="$tmp/pdf-profile" --no-pdf-header-footer --print-to-pdf="$tmp/r.pdf" \
	"file://$RC" >"$tmp/chromium.log" 2>&1 || { cat "$tmp/chromium.log"; fail "print to PDF"; }
pages=$(pdfinfo "$tmp/r.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
expect 1 "$pages" "receipt pages"
pdfinfo "$tmp/r.pdf" 2>/dev/null | grep -q 'Page size:.*(A5)' || fail "not A5: $(pdfinfo "$tmp/r.pdf" | grep 'Page size')"
pdftoppm -r 150 -png -singlefile "$tmp/r.pdf" "$tmp/receipt" || fail "pdftoppm"
got=$(zbarimg -q --raw "$tmp/receipt.png" 2>/dev/null)
expect "$BASE/d/$(printf %.2s "$TOKEN")/$TOKEN.html" "$got" "the receipt's QR code at 150 dpi"
cp "$tmp/receipt.png" "$shots/receipt.png"
pdftotext "$tmp/r.pdf" "$tmp/r.txt" 2>/dev/null || fail "pdftotext"
# One line of text each (pdftotext keeps a line's words; the header may wrap).
tr '\n' ' ' <"$tmp/r.txt" | tr -s ' ' >"$tmp/r1.txt"
for want in "Mã hồ sơ: $C" "Mã kiểm tra (tra cứu tại ki-ốt): $CHECK" "Tiếp nhận hồ sơ của: $NAME" \
	"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Độc lập - Tự do - Hạnh phúc" \
	"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" "Thành phần hồ sơ nộp gồm:" "Số lượng hồ sơ: 01 bộ" \
	"Thời gian giải quyết hồ sơ theo quy định là:" "Thời gian nhận hồ sơ:" \
	"Thời gian trả kết quả giải quyết hồ sơ:" "Đăng ký nhận kết quả tại:" \
	"NGƯỜI NỘP HỒ SƠ" "NGƯỜI TIẾP NHẬN HỒ SƠ" "(Ký và ghi rõ họ tên)" \
	"Điện thoại liên hệ: 0260 3 862 888"; do
	grep -qF "$want" "$tmp/r1.txt" || fail "receipt text lacks '$want': $(cat "$tmp/r1.txt")"
done
grep -qE ', ngày [0-3][0-9] tháng [01][0-9] năm 20[0-9][0-9]' "$tmp/r1.txt" || fail "the place and date line"
echo "ok: a dossier waiting for the citizen, at the kiosk, on a phone, and its receipt on paper"
