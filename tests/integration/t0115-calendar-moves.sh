#!/bin/sh
# trackdb import DB calendar FILE lists exactly the pending dossiers whose
# due time the import moves (code, old due, new due), worked out by hand
# below; a resolved dossier, one received after the new day, and one whose
# clock was stopped over it are not listed; a rejected file lists nothing.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
F=tests/fixtures/import
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

db=$tmp/t.db
"$T" init "$db" >/dev/null
for kind in office_hours calendar fields agencies procedures processes steps; do
	"$T" import "$db" "$kind" "$F/$kind.csv" >/dev/null
done
# Process QT-HT-01 of 000.01.21.H55: 2 + 4 + 2 = 8 working hours; office
# hours 07:30-11:30, 13:00-17:00; March 2030 has no calendar row (Mon 4/3,
# Tue 5/3, Wed 6/3, Thu 7/3, Fri 8/3, Sat 9/3, Mon 11/3).
#   A Mon 4/3 08:00: 210 + 240 = 450, Tue 07:30 + 30 -> Tue 5/3 08:00
#   B Tue 5/3 10:00: 90 + 240 = 330, Wed 07:30 + 150 -> Wed 6/3 10:00
#   D Tue 5/3 16:00: 60, Wed 240 + 180 -> Wed 6/3 16:00
#   C Fri 8/3 09:00: 150 + 240 = 390, Mon 07:30 + 90 -> Mon 11/3 09:00
#   F Mon 4/3 13:00, supplement asked 14:00 (60 used), brought Mon 11/3
#     08:00: 420 left, 210 to 11:30 and 210 from 13:00 -> Mon 11/3 16:30
#   E Tue 5/3 10:00 like B, but resolved: not pending
cat > "$tmp/dossiers.csv" <<'CSV'
code,procedure_code,agency_code,channel,received_at,due_at,new_due_at,status,resolved_at,returned_at,documents,applicant_name,applicant_id,applicant_phone,applicant_address,updated_at
000.01.21.H55-300304-0001,1.001193,000.01.21.H55,counter,2030-03-04 08:00,2030-03-05 08:00,,processing,,,Tờ khai,A,,,,2030-03-04 08:00
000.01.21.H55-300305-0001,1.001193,000.01.21.H55,counter,2030-03-05 10:00,2030-03-06 10:00,,processing,,,Tờ khai,B,,,,2030-03-05 10:00
000.01.21.H55-300305-0002,1.001193,000.01.21.H55,online,2030-03-05 16:00,2030-03-06 16:00,,processing,,,Tờ khai,D,,,,2030-03-05 16:00
000.01.21.H55-300308-0001,1.001193,000.01.21.H55,counter,2030-03-08 09:00,2030-03-11 09:00,,processing,,,Tờ khai,C,,,,2030-03-08 09:00
000.01.21.H55-300304-0002,1.001193,000.01.21.H55,counter,2030-03-04 13:00,2030-03-05 13:00,,processing,,,Tờ khai,F,,,,2030-03-11 08:00
000.01.21.H55-300305-0003,1.001193,000.01.21.H55,counter,2030-03-05 10:00,2030-03-06 10:00,,ready,2030-03-05 15:00,,Tờ khai,E,,,,2030-03-05 15:00
CSV
cat > "$tmp/events.csv" <<'CSV'
dossier_code,at,kind,step_no,new_due_at,actor,note
000.01.21.H55-300304-0002,2030-03-04 14:00,supplement_request,,,,
000.01.21.H55-300304-0002,2030-03-11 08:00,supplement_received,,,,
000.01.21.H55-300305-0003,2030-03-05 15:00,result_ready,,,,
CSV
"$T" import "$db" dossiers "$tmp/dossiers.csv" >/dev/null
"$T" import "$db" events "$tmp/events.csv" >/dev/null

cal() { # cal FILE ROW...: a calendar file
	f=$1
	shift
	echo 'day,kind,name,name_en,provisional,source' > "$f"
	for r in "$@"; do echo "$r" >> "$f"; done
}

# 1. Wed 6/3/2030 made a holiday: B and D move a working day, to Thu 7/3;
# A ends before it, C starts after it, F's clock stood still over it, E
# is resolved.
cal "$tmp/c1.csv" '2030-03-06,holiday,Ngày nghỉ,Day off,0,test'
"$T" import "$db" calendar "$tmp/c1.csv" > "$tmp/out1"
cat > "$tmp/want1" <<EOF
trackdb: calendar: the due times of 2 pending dossiers move (code,old due,new due):
000.01.21.H55-300305-0001,2030-03-06 10:00,2030-03-07 10:00
000.01.21.H55-300305-0002,2030-03-06 16:00,2030-03-07 16:00
trackdb: $tmp/c1.csv: 1 calendar rows imported
EOF
diff "$tmp/want1" "$tmp/out1" || fail "moves of the 6/3 holiday"

# 2. Sat 9/3 a make-up working day: only C (Fri 8/3 09:00: 390 on Friday,
# Sat 07:30 + 90 -> Sat 9/3 09:00) moves, earlier.
cal "$tmp/c2.csv" '2030-03-09,working,Làm bù,Make-up Saturday,1,test'
"$T" import "$db" calendar "$tmp/c2.csv" > "$tmp/out2"
cat > "$tmp/want2" <<EOF
trackdb: calendar: the due times of 1 pending dossiers move (code,old due,new due):
000.01.21.H55-300308-0001,2030-03-11 09:00,2030-03-09 09:00
trackdb: $tmp/c2.csv: 1 calendar rows imported
EOF
diff "$tmp/want2" "$tmp/out2" || fail "moves of the make-up Saturday"

# 3. A day no due reaches: nothing moves, and it says so.
cal "$tmp/c3.csv" '2031-01-01,holiday,Tết Dương lịch,New Year,1,test'
"$T" import "$db" calendar "$tmp/c3.csv" > "$tmp/out3"
grep -qx "trackdb: calendar: no pending dossier's due time moves" "$tmp/out3" ||
	fail "no-move import: $(cat "$tmp/out3")"

# 4. A file refused on its second row lists nothing and changes nothing.
cal "$tmp/c4.csv" '2030-03-07,holiday,Nghỉ,Day off,0,test' '2030-03-08,bogus,X,X,0,test'
cp "$db" "$tmp/before"
if "$T" import "$db" calendar "$tmp/c4.csv" > "$tmp/out4" 2>"$tmp/err4"; then
	fail "a bad calendar file was accepted"
fi
[ ! -s "$tmp/out4" ] || fail "a refused import listed moves: $(cat "$tmp/out4")"
cmp -s "$db" "$tmp/before" || fail "a refused import changed the database"
echo "ok: calendar imports list exactly the pending dossiers whose due moves"
