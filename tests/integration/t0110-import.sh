#!/bin/sh
# trackdb import: the fixtures of every kind go in; each kind of bad row is
# refused with FILE:LINE and exit 1, and the database file stays
# byte-for-byte what it was (all or nothing).
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
F=tests/fixtures/import
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

db=$tmp/full.db
"$T" init "$db"
for kind in office_hours calendar fields agencies procedures processes; do
	"$T" import "$db" "$kind" "$F/$kind.csv" >/dev/null
done
cp "$db" "$tmp/nosteps.db"
for kind in steps dossiers events; do
	"$T" import "$db" "$kind" "$F/$kind.csv" >/dev/null
done

q() { sqlite3 "$db" "$1"; }
[ "$(q "SELECT count(*) FROM office_hours")" = 2 ] || fail "office hours replaced, not added"
[ "$(q "SELECT count(*) FROM calendar")" = 8 ] || fail "calendar rows"
[ "$(q "SELECT successor_code FROM agencies WHERE code = '000.01.21.H34'")" = 000.01.21.H55 ] ||
	fail "forward reference to a successor"
[ "$(q "SELECT count(*) FROM steps")" = 8 ] || fail "steps rows"
[ "$(q "SELECT process_id FROM dossiers WHERE code = '000.01.21.H55-250715-0001'")" = \
  "$(q "SELECT id FROM processes WHERE agency_code = '000.01.21.H55'")" ] ||
	fail "dossier not tied to the process in force"
[ "$(q "SELECT applicant_name FROM dossiers WHERE code = '000.01.21.H34-250124-0001'")" = \
  "Nguyễn Thị <script>\"'&" ] || fail "quoted CSV field not kept intact"
[ "$(q "SELECT count(*) FROM events")" = 11 ] || fail "events rows"
[ "$(q "PRAGMA foreign_key_check")" = "" ] || fail "foreign keys"
# The fixtures are consistent: check finds no error in them.
"$T" check "$db" --now "2025-07-15 11:00" >"$tmp/check" || fail "check: $(cat "$tmp/check")"

# expect_fail DB KIND FILE LINE WORDS: exit 1, "bad/FILE:LINE: ...WORDS...",
# and the database unchanged.
expect_fail() {
	cp "$1" "$tmp/before"
	set +e
	"$T" import "$1" "$2" "$F/bad/$3" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "$3: exit $rc, expected 1 ($(cat "$tmp/err"))"
	grep -q "^trackdb: $F/bad/$3:$4: .*$5" "$tmp/err" ||
		fail "$3: expected '$F/bad/$3:$4: ...$5', got: $(cat "$tmp/err")"
	cmp -s "$1" "$tmp/before" || fail "$3: the database changed"
	echo "ok: $3 -> $(cat "$tmp/err")"
}

expect_fail "$db" processes unknown-agency.csv 3 "000.99.99.H34: no such agency"
expect_fail "$tmp/nosteps.db" steps steps-sum.csv 4 "add up to 7.5 h, the procedure's limit is 8 h"
expect_fail "$tmp/nosteps.db" steps steps-gap.csv 3 "not numbered 1..2"
expect_fail "$db" dossiers due-before-received.csv 3 "due_at 2025-03-03 08:59 is before received_at"
expect_fail "$db" dossiers dossier-code.csv 2 "code '000.01.21.H34-250303-001'"
expect_fail "$db" dossiers no-process.csv 2 "no process for procedure 1.001193 in force on 2025-08-01"
expect_fail "$db" calendar date.csv 3 "day: '2025-02-30': 2025-02 has no day 30"
expect_fail "$db" fields columns.csv 3 "expected 3 fields, found 2"
expect_fail "$db" agencies header.csv 1 "header must be exactly: code,name,name_en,level,parent_code,"
expect_fail "$db" events event-step.csv 3 "step_no 4: the dossier's process has 3 steps"
expect_fail "$db" fields unterminated.csv 2 "unterminated quoted field"

# A row already there is a duplicate, named by its line.
expect_fail_dup() {
	cp "$db" "$tmp/before"
	set +e
	"$T" import "$db" fields "$F/fields.csv" 2>"$tmp/err"
	rc=$?
	set -e
	[ "$rc" -eq 1 ] && grep -q "fields.csv:2: field HOTICH is already defined" "$tmp/err" ||
		fail "duplicate field: $(cat "$tmp/err")"
	cmp -s "$db" "$tmp/before" || fail "duplicate: the database changed"
}
expect_fail_dup

# Not a database, or no file at all: exit 1 with a reason.
echo "not sqlite" >"$tmp/junk.db"
set +e
"$T" import "$tmp/junk.db" fields "$F/fields.csv" 2>"$tmp/err"; rc1=$?
"$T" import "$tmp/missing.db" fields "$F/fields.csv" 2>/dev/null; rc2=$?
"$T" import "$db" fields "$F/no-such.csv" 2>/dev/null; rc3=$?
set -e
[ "$rc1" = 1 ] && [ "$rc2" = 1 ] && [ "$rc3" = 1 ] || fail "bad targets: $rc1 $rc2 $rc3"
[ -e "$tmp/missing.db" ] && fail "import created a database"
# The contact of an agency and the public request of a supplement: files
# with the later columns, beside the older ones above that end before them.
printf '%s\n' 'code,name,name_en,level,parent_code,valid_from,valid_to,successor_code,iso_standard,iso_mode,iso_plan,iso_target,iso_announced,eiso_target,eiso_date,last_audit,last_review,phone,address,hours' \
	'000.02.21.H34,UBND xã Thử Nghiệm,,commune,000.00.01.H34,,,,,,,,,,,,,0260 3 111 222,"12 Lê Lợi, xã Thử Nghiệm","Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00"' \
	>"$tmp/ag.csv"
"$T" import "$db" agencies "$tmp/ag.csv" >/dev/null || fail "agencies with contact columns"
[ "$(q "SELECT phone || '|' || address || '|' || hours FROM agencies WHERE code = '000.02.21.H34'")" = \
	"0260 3 111 222|12 Lê Lợi, xã Thử Nghiệm|Thứ 2 - Thứ 6: 7:30-11:30, 13:30-17:00" ] || fail "agency contact"
[ "$(q "SELECT count(*) FROM agencies WHERE phone IS NULL AND code <> '000.02.21.H34'")" = \
	"$(q "SELECT count(*) - 1 FROM agencies")" ] || fail "an older agencies file left contact columns set"
d1=000.01.21.H34-250124-0001
printf '%s\n' 'dossier_code,at,kind,step_no,new_due_at,actor,note,request,request_due' \
	"$d1,2025-02-03 09:00,supplement_request,,,Cán bộ A,nội bộ,Bản sao giấy khai sinh,2025-02-10 17:00" \
	"$d1,2025-02-05 10:00,supplement_received,,,,,," >"$tmp/ev.csv"
"$T" import "$db" events "$tmp/ev.csv" >/dev/null || fail "events with request columns"
[ "$(q "SELECT request || '|' || request_due || '|' || note FROM events WHERE dossier_code = '$d1' AND kind = 'supplement_request'")" = \
	"Bản sao giấy khai sinh|2025-02-10 17:00|nội bộ" ] || fail "event request"
printf '%s\n' 'dossier_code,at,kind,step_no,new_due_at,actor,note,request,request_due' \
	"$d1,2025-02-03 09:00,supplement_request,,,Cán bộ A,nội bộ,Bản chính giấy khai sinh,2025-02-11 17:00" >"$tmp/ev2.csv"
"$T" import "$db" events "$tmp/ev2.csv" --update >/dev/null || fail "events --update with request columns"
[ "$(q "SELECT request || '|' || request_due || '|' || count(*) FROM events WHERE dossier_code = '$d1' AND kind = 'supplement_request'")" = \
	"Bản chính giấy khai sinh|2025-02-11 17:00|1" ] || fail "--update did not replace the request"
mkdir -p "$tmp/bad" && F0=$F && F=$tmp && mkdir -p "$tmp/bad"
printf '%s\n' 'dossier_code,at,kind,step_no,new_due_at,actor,note,request,request_due' \
	"$d1,2025-02-06 09:00,step_start,2,,,,Bản sao giấy khai sinh," >"$tmp/bad/ev-step-request.csv"
printf '%s\n' 'dossier_code,at,kind,step_no,new_due_at,actor,note,request,request_due' \
	"$d1,2025-02-06 09:00,supplement_request,,,,,Ảnh 4x6,2025-02-06 08:00" >"$tmp/bad/ev-due.csv"
printf '%s\n' 'dossier_code,at,kind,step_no,new_due_at,actor,note,request' >"$tmp/bad/ev-header.csv"
expect_fail "$db" events ev-step-request.csv 2 "kind step_start cannot have a request"
expect_fail "$db" events ev-due.csv 2 "request_due 2025-02-06 08:00 is not after the request"
expect_fail "$db" events ev-header.csv 1 "header must be exactly: .*request,request_due (or its first 7 columns)"
F=$F0
echo "ok: trackdb import"
