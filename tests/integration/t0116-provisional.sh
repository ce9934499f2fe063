#!/bin/sh
# A due time that crosses a provisional calendar day (a day no decision has
# fixed yet) says so wherever it is shown: the printed receipt, the dossier
# page (both languages) and its JSON, the kiosk's lookup and the kiosk's
# due-date estimate (API); a due that crosses none says nothing.
. tests/fixtures/kiosk/lib.sh
T=$top/$BUILD/trackdb
P=$top/$BUILD/publisher
F=$top/tests/fixtures/import
[ -x "$T" ] && [ -x "$P" ] || skip "trackdb or publisher not built"

db=$tmp/t.db
"$T" init "$db" >/dev/null
for kind in office_hours calendar fields agencies procedures processes steps; do
	"$T" import "$db" "$kind" "$F/$kind.csv" >/dev/null
done
# Wed 6/3/2030 off, derived from the law only (provisional).  Process
# QT-HT-01 of 000.01.21.H55 takes 8 working hours:
#   B Tue 5/3 10:00: 90 + 240 = 330 on Tuesday, Wednesday off, Thu 07:30
#     + 150 -> Thu 7/3 10:00, across the provisional Wednesday;
#   A Mon 4/3 08:00: 210 + 240, Tue 07:30 + 30 -> Tue 5/3 08:00: none.
printf '%s\n' 'day,kind,name,name_en,provisional,source' \
	'2030-03-06,holiday,Ngày nghỉ dự kiến,Expected day off,1,test' > "$tmp/cal.csv"
"$T" import "$db" calendar "$tmp/cal.csv" >/dev/null
cat > "$tmp/dossiers.csv" <<'CSV'
code,procedure_code,agency_code,channel,received_at,due_at,new_due_at,status,resolved_at,returned_at,documents,applicant_name,applicant_id,applicant_phone,applicant_address,updated_at
000.01.21.H55-300304-0001,1.001193,000.01.21.H55,counter,2030-03-04 08:00,2030-03-05 08:00,,processing,,,Tờ khai,Trần A,,,,2030-03-04 08:00
000.01.21.H55-300305-0001,1.001193,000.01.21.H55,counter,2030-03-05 10:00,2030-03-07 10:00,,processing,,,Tờ khai,Lê B,,,,2030-03-05 10:00
CSV
"$T" import "$db" dossiers "$tmp/dossiers.csv" >/dev/null
"$P" --db "$db" --out "$tmp/site" --receipts "$tmp/rc" --snapshot "$tmp/k.db" \
	--key-file "$tmp/pub.key" --base-url https://tracuu.example.invalid --now "2030-03-05 11:00" \
	--quiet > "$tmp/pub.out" 2>&1 || { cat "$tmp/pub.out"; fail "publisher"; }

A=000.01.21.H55-300304-0001
C=000.01.21.H55-300305-0001
tok() { sqlite3 "$tmp/k.db" "SELECT token FROM dossiers WHERE code = '$1'"; }
TA=$(tok "$A")
TC=$(tok "$C")
page() { find "$tmp/site/d" -name "$1.html"; }

# The receipt, under the appointment.
grep -q '<em class="provisional">Lịch nghỉ chưa chính thức: Hạn được tính qua ngày 06/03/2030, ' \
	"$tmp/rc/$C.html" || fail "receipt of $C lacks the provisional note"
grep -q 'Lịch nghỉ chưa chính thức' "$tmp/rc/$A.html" && fail "receipt of $A has a note"

# The dossier page, both languages.
grep -q 'Hạn được tính qua ngày <time datetime="2030-03-06">06/03/2030</time>' "$(page "$TC")" ||
	fail "dossier page of $C lacks the note"
grep -q 'The due date is counted across <time datetime="2030-03-06">6 Mar 2030</time>' \
	"$(page "$TC")" || fail "English dossier page of $C lacks the note"
grep -q 'Lịch nghỉ chưa chính thức' "$(page "$TA")" && fail "dossier page of $A has a note"

# The kiosk: the page, the dossier API and the estimate.
kiosk_start --snapshot "$tmp/k.db"
curl -s "$B/d/$TC" | grep -q 'Lịch nghỉ chưa chính thức' || fail "kiosk page of $C lacks the note"
curl -s "$B/api/dossier/$TC" | grep -q '"provisional_day":"2030-03-06"' ||
	fail "dossier API of $C: no provisional_day"
curl -s "$B/api/dossier/$TA" | grep -q '"provisional_day":null' ||
	fail "dossier API of $A: provisional_day not null"
curl -s "$B/api/estimate?procedure=1.001193&at=2030-03-05%2010:00" > "$tmp/est.json"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))
assert j["due"] == "2030-03-07 10:00", j
assert j["provisional_day"] == "2030-03-06", j' "$tmp/est.json" || fail "estimate: $(cat "$tmp/est.json")"
curl -s "$B/api/estimate?procedure=1.001193&at=2030-03-04%2008:00" > "$tmp/est2.json"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1]))
assert j["due"] == "2030-03-05 08:00" and j["provisional_day"] is None, j' "$tmp/est2.json" ||
	fail "estimate without a provisional day: $(cat "$tmp/est2.json")"
echo "ok: a due across a provisional day says so on the receipt, the page, the API and the estimate"
