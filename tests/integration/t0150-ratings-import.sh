#!/bin/sh
# trackdb import of satisfaction templates and of the kiosks' ratings: a
# file goes in whole or not at all (a rating of a dossier that does not
# exist rejects it with FILE:LINE); the same file, or an overlapping one,
# imported again adds nothing (ratings are unique by their id); a dossier
# rated twice counts once, by its latest rating (ratings_current); an
# agency's own template needs that agency.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
db=$tmp/a.db
q() { sqlite3 "$db" "$1"; }
"$T" demo "$db" --dossiers 200 --seed 3 --now "2025-11-20 10:00" >/dev/null
q "DELETE FROM ratings"
set -- $(q "SELECT code FROM dossiers WHERE status = 'returned' ORDER BY code LIMIT 3")
[ $# -eq 3 ] || fail "the demo has fewer than 3 returned dossiers"
d1=$1 d2=$2 d3=$3
H=id,dossier_code,question,choice,reason,rated_at,source,device
id() { printf '%032x' "$1"; }
{
	echo "$H"
	echo "$(id 1),$d1,overall,unsatisfied,wait,2025-11-20 09:00:00,kiosk,k1"
	echo "$(id 2),$d2,overall,very_satisfied,,2025-11-20 09:01:00,counter,k1"
	echo "$(id 3),$d1,overall,satisfied,,2025-11-20 09:05:00,kiosk,k1"
} >"$tmp/a.csv"
"$T" import "$db" ratings "$tmp/a.csv" >"$tmp/out" || fail "import: $(cat "$tmp/out")"
grep -q "a.csv: 3 ratings rows imported" "$tmp/out" || fail "import counts: $(cat "$tmp/out")"
[ "$(q "SELECT count(*) FROM ratings")" = 3 ] || fail "3 ratings expected"
[ "$(q "SELECT count(*) FROM ratings_current")" = 2 ] || fail "2 dossiers rated"
[ "$(q "SELECT choice FROM ratings_current WHERE dossier_code = '$d1'")" = satisfied ] ||
	fail "the later rating does not replace the earlier one"
[ "$(q "SELECT reason FROM ratings WHERE id = '$(id 1)'")" = wait ] || fail "reason"

# Again, and overlapping with a new row: only the new one is added.
sum=$(sha256sum "$db" | cut -c1-64)
"$T" import "$db" ratings "$tmp/a.csv" >"$tmp/out" || fail "a second import failed"
grep -q "a.csv: 0 ratings rows imported" "$tmp/out" || fail "a second import counts: $(cat "$tmp/out")"
[ "$(q "SELECT count(*) FROM ratings")" = 3 ] || fail "a second import added rows"
{ cat "$tmp/a.csv"; echo "$(id 4),$d3,overall,satisfied,,2025-11-20 09:07:00,kiosk,k2"; } >"$tmp/b.csv"
"$T" import "$db" ratings "$tmp/a.csv" "$tmp/b.csv" >/dev/null || fail "overlapping import"
[ "$(q "SELECT count(*) FROM ratings")" = 4 ] || fail "overlap: $(q "SELECT count(*) FROM ratings") rows"

# Same second, two ratings of one dossier: the id breaks the tie (kioskd
# makes ids that grow with time).
{ echo "$H"; echo "$(id 6),$d3,overall,unsatisfied,,2025-11-20 09:08:00,kiosk,k2"
  echo "$(id 5),$d3,overall,very_satisfied,,2025-11-20 09:08:00,kiosk,k2"; } >"$tmp/c.csv"
"$T" import "$db" ratings "$tmp/c.csv" >/dev/null || fail "tie import"
[ "$(q "SELECT choice FROM ratings_current WHERE dossier_code = '$d3'")" = unsatisfied ] ||
	fail "tie not broken by the id"

# expect_fail LINE WORDS FILE: exit 1, "FILE:LINE: ...WORDS...", nothing changed.
expect_fail() {
	sum=$(sha256sum "$db" | cut -c1-64)
	set +e
	"$T" import "$db" ratings "$3" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
	[ "$rc" = 1 ] || fail "$3: exit $rc, expected 1"
	grep -q "$3:$1: .*$2" "$tmp/err" || fail "$3: expected line $1 '$2', got: $(cat "$tmp/err")"
	[ "$(sha256sum "$db" | cut -c1-64)" = "$sum" ] || fail "$3: a refused file changed the database"
}
bad() { f=$tmp/bad$1.csv; shift; { echo "$H"; echo "$(id 100),$d2,overall,satisfied,,2025-11-21 08:00:00,kiosk,k1"; for l in "$@"; do echo "$l"; done; } >"$f"; echo "$f"; }
expect_fail 3 "no such dossier" "$(bad 1 "$(id 101),000.00.01.H34-991231-9999,overall,satisfied,,2025-11-21 08:00:00,kiosk,k1")"
expect_fail 3 "not 32 lower-case hex" "$(bad 2 "ABC,$d2,overall,satisfied,,2025-11-21 08:00:00,kiosk,k1")"
expect_fail 3 "no choice 'great'" "$(bad 3 "$(id 102),$d2,overall,great,,2025-11-21 08:00:00,kiosk,k1")"
expect_fail 3 "no reason 'rude'" "$(bad 4 "$(id 103),$d2,overall,unsatisfied,rude,2025-11-21 08:00:00,kiosk,k1")"
expect_fail 3 "rated_at" "$(bad 5 "$(id 104),$d2,overall,satisfied,,2025-11-21 08:00,kiosk,k1")"
expect_fail 3 "rated_at" "$(bad 6 "$(id 105),$d2,overall,satisfied,,2025-02-30 08:00:00,kiosk,k1")"
expect_fail 3 "source" "$(bad 7 "$(id 106),$d2,overall,satisfied,,2025-11-21 08:00:00,phone,k1")"
expect_fail 3 "already a different rating" "$(bad 8 "$(id 1),$d2,overall,satisfied,,2025-11-21 08:00:00,kiosk,k1")"
expect_fail 1 "header" "$(printf 'id,dossier_code\n' >"$tmp/bad9.csv"; echo "$tmp/bad9.csv")"
[ "$(q "SELECT count(*) FROM ratings WHERE id = '$(id 100)'")" = 0 ] || fail "a good row of a refused file stayed"

# Templates: an agency's own question, with its choices and reasons.
ag=$(q "SELECT agency_code FROM dossiers WHERE code = '$d1'")
printf 'template,question,seq,text,text_en\n%s,wait_time,1,"Thời gian chờ, ""hợp lý""?",Waiting time\n' "$ag" >"$tmp/q.csv"
printf 'template,question,choice,seq,text,text_en,satisfied\n%s,wait_time,short,1,Ngắn,Short,1\n%s,wait_time,long,2,Dài,Long,0\n' "$ag" "$ag" >"$tmp/c.csv"
printf 'template,question,reason,seq,text,text_en\n%s,wait_time,queue,1,Xếp hàng,Queue,\n' "$ag" | sed 's/,$//' >"$tmp/r.csv"
"$T" import "$db" rating_questions "$tmp/q.csv" >/dev/null || fail "questions"
"$T" import "$db" rating_choices "$tmp/c.csv" >/dev/null || fail "choices"
"$T" import "$db" rating_reasons "$tmp/r.csv" >/dev/null || fail "reasons"
[ "$(q "SELECT text FROM rating_questions WHERE template = '$ag'")" = 'Thời gian chờ, "hợp lý"?' ] ||
	fail "question text"
[ "$(q "SELECT sum(satisfied) FROM rating_choices WHERE template = '$ag'")" = 1 ] || fail "choices"
printf 'template,question,seq,text,text_en\n000.00.99.H99,x,1,X,\n' >"$tmp/q2.csv"
set +e; "$T" import "$db" rating_questions "$tmp/q2.csv" 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "q2.csv:2: template 000.00.99.H99: no such agency" "$tmp/err" ||
	fail "unknown agency template: $rc $(cat "$tmp/err")"
printf 'template,question,choice,seq,text,text_en,satisfied\ndefault,nope,x,1,X,,1\n' >"$tmp/c2.csv"
set +e; "$T" import "$db" rating_choices "$tmp/c2.csv" 2>"$tmp/err"; rc=$?; set -e
[ "$rc" = 1 ] && grep -q "c2.csv:2: template default has no question 'nope'" "$tmp/err" ||
	fail "choice of an unknown question: $rc $(cat "$tmp/err")"
[ "$(q "PRAGMA foreign_key_check")" = "" ] || fail "foreign keys"
echo "ok: ratings import"
