#!/bin/sh
# A stolen kiosk: the office's sealed snapshot (publisher --kiosk-dir), with
# nothing but the file, gives no dossier code but the wallboard's (results
# ready for pickup, public on the hall screen), no initials, no instant of
# any dossier's timeline, no check code; its dossiers and events tables are
# empty.  Through kioskd the same file answers a lookup by code + check
# code and by token; a wrong check code, an unknown code and another
# office's dossier find nothing.
. tests/fixtures/kiosk/lib.sh
P=$top/$BUILD/publisher
TDB=$top/$BUILD/trackdb
[ -x "$P" ] && [ -x "$TDB" ] || skip "publisher or trackdb not built"
NOW="2025-11-20 10:00"
"$TDB" demo "$tmp/db.sqlite" --dossiers 400 --seed 11 --now "$NOW" >/dev/null 2>&1 || skip "trackdb demo"
"$P" --db "$tmp/db.sqlite" --out "$tmp/site" --snapshot "$tmp/kiosk.db" --kiosk-dir "$tmp/offices" \
	--now "$NOW" --quiet || fail "publish"
"$P" --db "$tmp/db.sqlite" --list-checks 100000 >"$tmp/checks.tsv" || fail "list-checks"
# The office with the most dossiers, and one other.
office=$(sqlite3 "$tmp/kiosk.db" "SELECT agency_code FROM dossiers GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
other=$(sqlite3 "$tmp/kiosk.db" "SELECT agency_code FROM dossiers WHERE agency_code <> '$office' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
F=$tmp/offices/$office.db
[ -f "$F" ] || fail "no snapshot for office $office"
n=$(sqlite3 "$tmp/kiosk.db" "SELECT count(*) FROM dossiers WHERE agency_code = '$office'")
[ "$n" -ge 5 ] || fail "office $office has only $n dossiers"
expect "$n" "$(sqlite3 "$F" "SELECT count(*) FROM sealed")" "sealed records"
expect "$n" "$(sqlite3 "$F" "SELECT count(*) FROM checks")" "code + check index"
expect 0 "$(sqlite3 "$F" "SELECT count(*) FROM dossiers")" "plain dossier rows"
expect 0 "$(sqlite3 "$F" "SELECT count(*) FROM events")" "plain events"
expect 1 "$(sqlite3 "$F" "SELECT value FROM meta WHERE key = 'sealed'")" "meta.sealed"

# What may be public: the codes of ready results.
sqlite3 "$tmp/kiosk.db" "SELECT code FROM dossiers WHERE agency_code = '$office' AND status = 'ready'" | sort >"$tmp/ready"
sqlite3 "$F" "SELECT code FROM board" | sort >"$tmp/board"
cmp -s "$tmp/ready" "$tmp/board" || fail "the board is not exactly the ready codes"
# Nothing else, in the raw bytes of the file (any table, free pages too).
sqlite3 -separator ' ' "$tmp/kiosk.db" "SELECT code, initials, received_at, due_at, coalesce(resolved_at, '') FROM dossiers
	WHERE agency_code = '$office' AND status <> 'ready'" >"$tmp/private"
meta=$(sqlite3 "$F" "SELECT group_concat(value, ' ') FROM meta WHERE key IN ('generated_at', 'data_as_of')")
checked=0
while read -r code initials rd rt dd dt rest; do
	grep -qaF -- "$code" "$F" && fail "dossier code $code readable in the file"
	grep -qaF -- "${code#*-}" "$F" && fail "the date and number of $code readable"
	if [ ${#initials} -ge 4 ]; then grep -qaF -- "$initials" "$F" && fail "initials $initials readable"; fi
	for at in "$rd $rt" "$dd $dt"; do
		case " $meta " in *" $at "*) continue ;; esac
		grep -qaF -- "$at" "$F" && fail "instant $at of $code readable"
	done
	check=$(awk -v c="$code" '$1 == c {print $2}' "$tmp/checks.tsv")
	token=$(awk -v c="$code" '$1 == c {print $3}' "$tmp/checks.tsv")
	grep -qaF -- "$check" "$F" && fail "check code of $code readable"
	grep -qaF -- "$token" "$F" && fail "token of $code readable"
	checked=$((checked + 1))
done <"$tmp/private"
[ "$checked" -ge 3 ] || fail "only $checked private dossiers checked"
# No event kind of any timeline either (words like step_started; those
# that are also column names in the schema are left out).
for kind in $(sqlite3 "$tmp/kiosk.db" "SELECT DISTINCT kind FROM events"); do
	grep -qF -- "$kind" "$top/data/snapshot.sql" && continue
	grep -qaF -- "$kind" "$F" && fail "event kind '$kind' readable"
done
name=$(sqlite3 "$tmp/db.sqlite" "SELECT applicant_name FROM dossiers WHERE agency_code = '$office' LIMIT 1")
grep -qaF -- "$name" "$F" && fail "an applicant's name in the file"

# Through kioskd: code + check, token; misses.
kiosk_start --snapshot "$F" --office "$office" --lookup-burst 100
curl -s "$B/healthz" | grep -q '"sealed":true' || fail "healthz does not say sealed"
code=$(sed -n 1p "$tmp/private" | cut -d' ' -f1)
ini=$(sed -n 1p "$tmp/private" | cut -d' ' -f2)
check=$(awk -v c="$code" '$1 == c {print $2}' "$tmp/checks.tsv")
token=$(awk -v c="$code" '$1 == c {print $3}' "$tmp/checks.tsv")
curl -s -o "$tmp/page" -w '%{http_code}' "$B/lookup?code=$code&check=$check" >"$tmp/st"
expect 200 "$(cat "$tmp/st")" "lookup by code + check"
grep -qF "$code" "$tmp/page" || fail "the page does not show the code"
grep -qF "$ini" "$tmp/page" || fail "the page does not show the initials"
expect 200 "$(status "$B/d/$token")" "lookup by token"
curl -s "$B/api/dossier/$token" | grep -q "\"code\":\"$code\"" || fail "API by token"
curl -s "$B/api/lookup?code=$code&check=$check" | grep -q "\"token\":\"$token\"" || fail "api/lookup"
wrong=$(printf '%s' "$check" | tr '0123456789' '1234567890')
expect 404 "$(status "$B/lookup?code=$code&check=$wrong")" "a wrong check code"
unknown="${code%-*}-9999"
expect 404 "$(status "$B/lookup?code=$unknown&check=$check")" "an unknown code"
ocode=$(awk -v a="$other" 'index($1, a "-") == 1 {print $1; exit}' "$tmp/checks.tsv")
ocheck=$(awk -v c="$ocode" '$1 == c {print $2}' "$tmp/checks.tsv")
otoken=$(awk -v c="$ocode" '$1 == c {print $3}' "$tmp/checks.tsv")
expect 404 "$(status "$B/lookup?code=$ocode&check=$ocheck")" "another office's dossier by code"
expect 404 "$(status "$B/d/$otoken")" "another office's dossier by token"
if [ -s "$tmp/ready" ]; then
	curl -s "$B/api/board" | grep -qF "$(head -1 "$tmp/ready")" || fail "the wallboard lacks a ready code"
fi
expect 200 "$(status "$B/api/procedures")" "procedures"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: stolen snapshot of $office: $checked private dossiers unreadable; code + check, token served"
