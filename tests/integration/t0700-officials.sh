#!/bin/sh
# publisher --officials DIR: the officials' private folder.
#  - refused inside the site (and the site inside it);
#  - the early-warning lists of two agencies equal the test's own
#    computation (t0700-officials-lib.py: SQL and its own working-time
#    arithmetic over the database's calendar), as CSV, HTML and xlsx
#    (header frozen, numbers as numbers), the head's figures first;
#  - nothing of it under site/ or in the kiosk snapshots: the site is the
#    same byte for byte as a run without --officials;
#  - no applicant name, ID number, phone or address in it;
#  - the digest once per working day, none on a holiday;
#  - control sheets rewritten only when their dossier changed; one printed
#    to PDF by Chromium reads back with every hand-over in order;
#  - deploy/nginx-officials.conf: refused from outside the allow list and
#    without credentials, served with both (loopback addresses);
#  - screenshots of an agency's page and a control sheet are kept in
#    $BUILD/screenshots/.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 python3 curl openssl
LIB="$ROOT/tests/integration/t0700-officials-lib.py"
NOW="2025-12-31 10:00" # Wednesday: the next working day is Mon 5/1/2026 (1/1, 2/1 off, weekend)
A1=000.00.61.H48
A2=000.00.04.H48
WAIT=2
demo_db 300 "$T/db"
python3 "$LIB" make "$T/db" "$NOW" $A1 $A2
OFF=$T/off
# A unit's name with markup and quotes: every output escapes it for its place.
sqlite3 "$T/db" "UPDATE steps SET unit = unit || ' <i>\"x''&y</i>' WHERE step_no = 2 AND
	process_id IN (SELECT id FROM processes WHERE agency_code = '$A1')"
pub() { "$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --base-url https://tra.example \
	--receipts "$T/rcpt" --officials "$OFF" --wait-days $WAIT --quiet "$@"; }

# ---- refused where the public can see it
"$P" --db "$T/db" --out "$T/site" --officials "$T/site/off" --now "$NOW" --quiet 2>"$T/err" &&
	fail "--officials inside the site accepted"
grep -q "must not be inside the site" "$T/err" || fail "no reason given: $(cat "$T/err")"
mkdir -p "$T/o2"
"$P" --db "$T/db" --out "$T/o2/site" --officials "$T/o2" --now "$NOW" --quiet 2>"$T/err" &&
	fail "a site inside --officials accepted"
"$P" --db "$T/db" --out "$T/site" --wait-days x --officials "$OFF" 2>/dev/null &&
	fail "--wait-days x accepted"
rm -rf "$T/site" "$T/o2" "$T/site.kiosk.db"*

pub --now "$NOW" || fail "publisher failed"
[ "$(stat -c %a "$OFF")" = 2750 ] || fail "officials folder mode $(stat -c %a "$OFF")"
[ "$(stat -c %a "$OFF/$A1/canh-bao.html")" = 640 ] || fail "page not 0640"

# ---- the lists equal the independent computation
csv_list() { # CSV -> code<TAB>kinds<TAB>due, sorted
	python3 - "$1" <<'PY'
import csv, sys
m = {"Quá hạn": "overdue", "Đến hạn hôm nay": "due_soon",
     "Đến hạn ngày làm việc tiếp theo": "due_soon", "Chờ công dân bổ sung": "waiting"}
r = csv.reader(open(sys.argv[1], encoding="utf-8-sig"))
head = next(r)
assert head[0] == "Mã hồ sơ" and head[6] == "Hạn giải quyết", head
print("\n".join(sorted("%s\t%s\t%s" % (w[0], ",".join(m[k] for k in w[2].split("; ")), w[6])
                       for w in r)))
PY
}
for a in $A1 $A2; do
	python3 "$LIB" expect "$T/db" "$NOW" $WAIT $a >"$T/exp.$a"
	csv_list "$OFF/$a/canh-bao.csv" >"$T/got.$a"
	diff "$T/exp.$a" "$T/got.$a" >"$T/diff" || { cat "$T/diff" >&2; fail "$a: list differs"; }
	n=$(wc -l <"$T/exp.$a")
	for k in overdue due_soon waiting; do
		[ "$(cut -f2 "$T/exp.$a" | grep -c "$k")" -gt 0 ] || fail "$a: no $k case in the fixture"
	done
	# The page lists the same codes, and its figures come first.
	grep -o 'href="phieu/[^"]*\.html">[^<]*' "$OFF/$a/canh-bao.html" | sed 's/.*">//' | sort \
		>"$T/html.$a"
	cut -f1 "$T/exp.$a" | diff - "$T/html.$a" >/dev/null || fail "$a: page lists other codes"
	od=$(cut -f2 "$T/exp.$a" | grep -c overdue || true)
	grep -q "<b>$od</b>Quá hạn hiện nay" "$OFF/$a/canh-bao.html" || fail "$a: overdue figure"
	today=$(cut -f2,3 "$T/exp.$a" | grep -c "^due_soon	2025-12-31" || true)
	grep -q "<b>$today</b>Đến hạn hôm nay" "$OFF/$a/canh-bao.html" || fail "$a: due today figure"
	fig=$(grep -n 'Quá hạn hiện nay' "$OFF/$a/canh-bao.html" | head -1 | cut -d: -f1)
	lst=$(grep -n 'href="phieu/' "$OFF/$a/canh-bao.html" | head -1 | cut -d: -f1)
	[ "$fig" -lt "$lst" ] || fail "$a: the figures do not come first"
	grep -q "17:00 05/01/2026" "$OFF/$a/canh-bao.html" || fail "$a: horizon not Mon 5/1/2026"
	# The xlsx: the same rows, header frozen, hours as numbers.
	python3 - "$OFF/$a/canh-bao.xlsx" "$n" <<'PY' || fail "$a: xlsx"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
sheet = z.read("xl/worksheets/sheet1.xml").decode()
strings = z.read("xl/sharedStrings.xml").decode()
assert 'ySplit="1"' in sheet and 'state="frozen"' in sheet, "header not frozen"
assert "Mã hồ sơ" in strings and "Đơn vị đang giữ" in strings, "headers"
rows = re.findall(r'<row r="(\d+)"', sheet)
assert len(rows) == int(sys.argv[2]) + 1, (len(rows), sys.argv[2])
# Column F (hours held) of every data row is a number cell, not a string.
nums = re.findall(r'<c r="F(\d+)"(?: s="\d+")?><v>([0-9.]+)</v></c>', sheet)
assert len(nums) == int(sys.argv[2]), len(nums)
PY
	# A unit's page lists only that unit's dossiers.
	[ -f "$OFF/$a/don-vi-1.html" ] || fail "$a: no unit page"
	if [ $a = $A1 ]; then
		grep -rqF '<i>"x' "$OFF/$a"/*.html "$OFF/$a/phieu" && fail "$a: a unit's markup unescaped"
		grep -qF '&lt;i&gt;&quot;x&#39;&amp;y&lt;/i&gt;' "$OFF/$a/canh-bao.html" ||
			grep -qF '&lt;i&gt;&quot;x&#39;&amp;y' "$OFF/$a"/don-vi-*.html ||
			fail "$a: the marked-up unit is not on the pages, escaped"
		grep -qF '<i>""x' "$OFF/$a/canh-bao.csv" || fail "$a: the CSV does not quote the unit"
	fi
	tidy_ok "$OFF/$a/canh-bao.html"
	tidy_ok "$OFF/$a/don-vi-1.html"
done
tidy_ok "$OFF/index.html"

# ---- nothing of it under the site or in a kiosk snapshot
"$P" --db "$T/db" --out "$T/site-plain" --kiosk-dir "$T/kiosk-plain" --quiet --now "$NOW" ||
	fail "publisher without --officials failed"
diff -r "$T/site" "$T/site-plain" >"$T/diff" || { head "$T/diff" >&2; fail "--officials changed the site"; }
find "$T/site" \( -name 'canh-bao*' -o -name 'ban-tin*' -o -name phieu \) | grep . &&
	fail "officials' files under the site"
grep -rlE "PHIẾU KIỂM SOÁT|Cảnh báo sớm|Đơn vị đang giữ" "$T/site" && fail "officials' text under the site"
for k in "$T"/kiosk/*.db "$T/site.kiosk.db"; do
	sqlite3 "$k" .dump | grep -E "PHIẾU KIỂM SOÁT|Cảnh báo sớm|canh-bao" && fail "officials' text in $k"
done

# ---- nothing of the applicant
sqlite3 -separator '
' "$T/db" "SELECT applicant_name, applicant_id, applicant_phone, applicant_address FROM dossiers" |
	grep -v '^$' | sort -u >"$T/private"
[ "$(wc -l <"$T/private")" -gt 300 ] || fail "too few private values to look for"
grep -rlF -f "$T/private" "$OFF" && fail "an applicant's name, ID, phone or address in the officials' folder"
sqlite3 "$T/db" "SELECT applicant_name FROM dossiers" | head -1 >"$T/one"
grep -rqF -f "$T/one" "$T/rcpt" || fail "the private values are not where they belong (receipts)"

# ---- the digest: once a working day
d1=$OFF/$A1/ban-tin-2025-12-31.txt
[ -f "$d1" ] && [ -f "$OFF/$A1/ban-tin-2025-12-31.csv" ] || fail "no digest for 31/12"
grep -q "^Quá hạn hiện nay: $(cut -f2 "$T/exp.$A1" | grep -c overdue)$" "$d1" || fail "digest figure"
cp "$d1" "$T/digest.before"
touch -d "1 hour ago" "$d1"
m0=$(stat -c %Y "$d1")
pub --now "2025-12-31 15:00" || fail "second run"
[ "$(stat -c %Y "$d1")" = "$m0" ] || fail "the digest was rewritten the same day"
pub --now "2026-01-01 09:00" || fail "holiday run"
[ ! -e "$OFF/$A1/ban-tin-2026-01-01.txt" ] || fail "a digest on a holiday"
pub --now "2026-01-05 07:00" || fail "Monday run"
[ -f "$OFF/$A1/ban-tin-2026-01-05.txt" ] || fail "no digest on Monday 5/1"

# ---- control sheets: rewritten only when their dossier changed
pub --now "$NOW" || fail "run at NOW"
pub --now "$NOW" >/dev/null || fail "run at NOW"
code=$(sqlite3 "$T/db" "SELECT dossier_code FROM events e JOIN dossiers d ON d.code = e.dossier_code
	WHERE d.agency_code = '$A1' AND kind = 'step_done' AND d.resolved_at IS NULL
	GROUP BY dossier_code HAVING count(*) >= 2 ORDER BY count(*) DESC, dossier_code LIMIT 1")
other=$(sqlite3 "$T/db" "SELECT code FROM dossiers WHERE agency_code = '$A2' ORDER BY code LIMIT 1")
[ -n "$code" ] || fail "no dossier with two hand-overs"
sheet=$OFF/$A1/phieu/$code.html
touch -d "1 hour ago" "$sheet" "$OFF/$A2/phieu/$other.html"
"$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --officials "$OFF" --wait-days $WAIT \
	--now "$NOW" >"$T/out" || fail "run"
grep -q "officials: 0 control sheets written" "$T/out" || fail "sheets rewritten: $(cat "$T/out")"
# An apology slip for one dossier: its sheet alone is made again.
sqlite3 "$T/db" "UPDATE dossiers SET new_due_at = '2026-01-07 10:00' WHERE code = '$code';
	INSERT INTO events (dossier_code, at, kind, new_due_at)
	VALUES ('$code', '2025-12-31 09:59', 'apology', '2026-01-07 10:00')"
"$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --officials "$OFF" --wait-days $WAIT \
	--now "$NOW" >"$T/out" || fail "run after a change"
grep -q "officials: 1 control sheets written" "$T/out" || fail "not one sheet rewritten: $(cat "$T/out")"
[ "$(stat -c %Y "$sheet")" -gt "$(stat -c %Y "$OFF/$A2/phieu/$other.html")" ] ||
	fail "the changed dossier's sheet was not rewritten"
grep -q "Phiếu xin lỗi" "$sheet" || fail "the apology is not on the sheet"
tidy_ok "$sheet"

# ---- a run that would be idle still writes a folder newly asked for
"$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --quiet --now "$NOW" || fail "plain run"
"$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --now "$NOW" >"$T/out" || fail "plain run"
"$P" --db "$T/db" --out "$T/site" --kiosk-dir "$T/kiosk" --officials "$T/off3" --wait-days $WAIT --quiet --now "$NOW" ||
	fail "run with a new officials' folder"
cmp -s "$OFF/$A1/canh-bao.csv" "$T/off3/$A1/canh-bao.csv" || fail "an idle run skipped the new folder"

# ---- the control sheet on paper: every hand-over, in order
SHOTS=$ROOT/$BUILD/screenshots
mkdir -p "$SHOTS"
if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
	chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--user-data-dir="$T/chrome" "$@" 2>>"$T/chrome.log"; }
	chrome --no-pdf-header-footer --print-to-pdf="$T/sheet.pdf" "file://$sheet" || true
	[ -s "$T/sheet.pdf" ] || { cat "$T/chrome.log" >&2; fail "no PDF"; }
	pdftotext -raw "$T/sheet.pdf" - | tr -s ' \n' '  ' >"$T/sheet.txt"
	# What the database says: each step_done, in order, with the unit that
	# gave and the one that received (the next step's, the last one's to
	# the one-stop office).
	sqlite3 -separator '	' "$T/db" "SELECT e.at, s.unit, coalesce(n.unit, 'Bộ phận tiếp nhận và trả kết quả')
		FROM events e JOIN dossiers d ON d.code = e.dossier_code
		JOIN steps s ON s.process_id = d.process_id AND s.step_no = e.step_no
		LEFT JOIN steps n ON n.process_id = d.process_id AND n.step_no = e.step_no + 1
		WHERE e.dossier_code = '$code' AND e.kind = 'step_done' ORDER BY e.at, e.id" >"$T/handovers"
	python3 - "$T/sheet.txt" "$T/handovers" <<'PY' || fail "the printed sheet"
import sys
text = open(sys.argv[1]).read()
pos = 0
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[2]) if l.strip()]
assert len(rows) >= 2, rows
for at, giver, taker in rows:
    when = "%s %s/%s/%s" % (at[11:16], at[8:10], at[5:7], at[0:4])
    for want in ("Giao: " + giver, "Nhận: " + taker, when):
        i = text.find(" ".join(want.split()), pos)
        assert i >= 0, "missing or out of order: %r after %d" % (want, pos)
        pos = i
print("ok: %d hand-overs in order" % len(rows))
PY
	chrome --window-size=1280,1300 --screenshot="$SHOTS/officials-agency.png" \
		"file://$OFF/$A1/canh-bao.html" || true
	chrome --window-size=620,1000 --screenshot="$SHOTS/officials-control-sheet.png" "file://$sheet" || true
	[ -s "$SHOTS/officials-agency.png" ] && [ -s "$SHOTS/officials-control-sheet.png" ] ||
		fail "no screenshots"
	echo "screenshots: $SHOTS/officials-agency.png $SHOTS/officials-control-sheet.png"
else
	echo "SKIP part: chromium or pdftotext missing: no PDF check" >&2
fi
echo "ok: t0700 officials"
