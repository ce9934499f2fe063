#!/bin/sh
# The procedure page: one table per distinct process in force (the same
# steps published by many agencies are one table with the list of those
# agencies; an agency whose steps differ gets its own), the step column
# headed as the step, the documents to hand in (trackdb import
# procedure_documents) and the fee, everything from the database escaped,
# the page valid.  The import's rules: a file replaces the lists of the
# procedures it names, rows of a procedure together and numbered 1, 2, ...
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 tidy

demo_db 120 "$T/db.sqlite"
q() { sqlite3 "$T/db.sqlite" "$1"; }
PROC=1.001193
# The commune processes of the procedure in force on $NOW (one template).
n=$(q "SELECT count(*) FROM processes WHERE procedure_code = '$PROC' AND effective_from <= '2025-11-20'
	AND (effective_to IS NULL OR effective_to >= '2025-11-20')")
[ "$n" -ge 10 ] || fail "fixture: only $n processes of $PROC in force"
# One agency's process gets a step of its own, with hostile text.
odd=$(q "SELECT id FROM processes WHERE procedure_code = '$PROC' AND effective_from <= '2025-11-20'
	AND (effective_to IS NULL OR effective_to >= '2025-11-20') ORDER BY agency_code DESC LIMIT 1")
odd_agency=$(q "SELECT agency_code FROM processes WHERE id = $odd")
q "UPDATE steps SET unit = 'Tổ <b>một cửa</b> \"A&B\"' WHERE process_id = $odd AND step_no = 1"
q "UPDATE procedures SET fee_vnd = 12000, fee_note = 'phí <i>x</i> & \"y\"' WHERE code = '$PROC'"

# Documents: hostile text in a name and a note, English beside.
cat >"$T/docs.csv" <<'CSV'
procedure_code,seq,name,name_en,originals,copies,note,note_en
1.001193,1,Tờ khai <script>alert(1)</script>,Form <script>,1,0,"ghi chú ""&"" <img src=x>",note & more
1.001193,2,Giấy chứng sinh,Birth certificate,1,2,,
CSV
"$TDB" import "$T/db.sqlite" procedure_documents "$T/docs.csv" >/dev/null || fail "import documents"
[ "$(q "SELECT count(*) FROM procedure_documents WHERE procedure_code = '$PROC'")" = 2 ] ||
	fail "the file did not replace the seed's list of $PROC"
[ "$(q "SELECT copies FROM procedure_documents WHERE procedure_code = '$PROC' AND seq = 2")" = 2 ] ||
	fail "copies not stored"
# Refused, and nothing changed: a gap, rows apart, an unknown procedure, a bad count.
bad() {
	printf 'procedure_code,seq,name,name_en,originals,copies,note,note_en\n%b' "$2" >"$T/bad.csv"
	if "$TDB" import "$T/db.sqlite" procedure_documents "$T/bad.csv" 2>"$T/bad.err"; then
		fail "import accepted: $1"
	fi
	grep -q "$3" "$T/bad.err" || fail "$1: $(cat "$T/bad.err")"
}
bad gap '1.001193,1,a,,1,0,,\n1.001193,3,b,,1,0,,\n' 'numbered 1, 2'
bad apart '1.001193,1,a,,1,0,,\n1.000894,1,b,,1,0,,\n1.001193,2,c,,1,0,,\n' 'must come together'
bad unknown '9.999999,1,a,,1,0,,\n' 'no such procedure'
bad count '1.000894,1,a,,100,0,,\n' '0 to 99'
[ "$(q "SELECT count(*) FROM procedure_documents WHERE procedure_code = '$PROC'")" = 2 ] ||
	fail "a refused file changed the documents"
# An agencies file without the newer pickup_place column still loads.
printf 'code,name,name_en,level,parent_code,valid_from,valid_to,successor_code,iso_standard,iso_mode,iso_plan,iso_target,iso_announced,eiso_target,eiso_date,last_audit,last_review\n999.99.99.H48,UBND xã Thử,,commune,,,,,,,,,,,,,\n' >"$T/ag.csv"
"$TDB" import "$T/db.sqlite" agencies "$T/ag.csv" >/dev/null || fail "agencies file without pickup_place refused"
[ "$(q "SELECT pickup_place IS NULL FROM agencies WHERE code = '999.99.99.H48'")" = 1 ] ||
	fail "a missing optional column is not NULL"

"$P" --db "$T/db.sqlite" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
	--now "$NOW" >"$T/out" 2>&1 || fail "publish: $(cat "$T/out")"
page=$T/site/thu-tuc/$PROC.html
en=$T/site/en/thu-tuc/$PROC.html
tidy_ok "$page"
tidy_ok "$en"
[ "$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM procedure_documents WHERE procedure_code = '$PROC'")" = 2 ] ||
	fail "documents not in the kiosk snapshot"

# Two processes in force: the shared one and the odd agency's.
[ "$(grep -c '<section class="process">' "$page")" = 2 ] ||
	fail "expected 2 process tables, found $(grep -c '<section class="process">' "$page")"
[ "$(grep -c '<table class="process-steps">' "$page")" = 2 ] || fail "expected 2 step tables"
grep -q "Áp dụng tại $((n - 1)) cơ quan:" "$page" || fail "the shared process does not list its $((n - 1)) agencies"
grep -q "Used at $((n - 1)) agencies:" "$en" || fail "English: agencies of the shared process"
python3 - "$page" "$odd_agency" "$((n - 1))" <<'PY' || fail "agencies listed under the wrong process"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
secs = re.findall(r'<section class="process">.*?</section>', html, re.S)
shared = [s for s in secs if 'process-agencies' in s]
assert len(shared) == 1, len(shared)
links = re.findall(r'co-quan/([0-9A-Z.]+)\.html', shared[0])
assert len(links) == int(sys.argv[3]) and sys.argv[2] not in links, links
other = [s for s in secs if s is not shared[0]][0]
assert sys.argv[2] in other and 'Tổ &lt;b&gt;một cửa&lt;/b&gt; &quot;A&amp;B&quot;' in other, other[:400]
PY
grep -q '<th scope="col">Nội dung công việc</th>' "$page" || fail "step column heading"
grep -q '<th scope="col">Thủ tục</th>' "$page" && fail "step column still headed Thủ tục"
grep -q '<th scope="col">Task</th>' "$en" || fail "English step column heading"

# Documents and fee, escaped.
grep -q '<h2>Thành phần hồ sơ</h2>' "$page" || fail "no documents section"
grep -q 'Tờ khai &lt;script&gt;alert(1)&lt;/script&gt;</span> <span class="doc-count">(Bản chính: 1)</span>' "$page" ||
	fail "document 1 missing or not escaped"
grep -q 'ghi chú &quot;&amp;&quot; &lt;img src=x&gt;' "$page" || fail "document note not escaped"
grep -q 'Giấy chứng sinh</span> <span class="doc-count">(Bản chính: 1 · Bản sao: 2)</span>' "$page" ||
	fail "document 2's counts"
grep -q 'Birth certificate</span> <span class="doc-count">(Originals: 1 · Copies: 2)</span>' "$en" ||
	fail "English document counts"
grep -q 'note &amp; more' "$en" || fail "English note"
grep -q '12.000 đồng (phí &lt;i&gt;x&lt;/i&gt; &amp; &quot;y&quot;)' "$page" || fail "fee"
if grep -l '<script>alert\|<img src=x\|<b>một\|<i>x' "$page" "$en"; then fail "unescaped markup"; fi
# A procedure without documents says so.
q "DELETE FROM procedure_documents WHERE procedure_code = '1.000894'"
"$P" --db "$T/db.sqlite" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
	--now "$NOW" >"$T/out" 2>&1 || fail "publish 2: $(cat "$T/out")"
grep -q 'Danh mục giấy tờ chưa được công bố' "$T/site/thu-tuc/1.000894.html" ||
	fail "a procedure without documents does not say so"
echo "ok: procedure page (one table per process, agencies listed, documents and fee, escaped)"
