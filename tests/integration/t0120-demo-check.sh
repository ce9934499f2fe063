#!/bin/sh
# trackdb demo is deterministic for a seed and "now", realistic enough to
# pass trackdb check (which judges every dossier with timeline_compute),
# and check names the row of every corruption we make.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }
NOW="2026-11-26 10:00"

"$T" demo "$tmp/a.db" --dossiers 2000 --seed 7 --now "$NOW" >"$tmp/a.out"
"$T" demo "$tmp/b.db" --dossiers 2000 --seed 7 --now "$NOW" >/dev/null
"$T" demo "$tmp/c.db" --dossiers 2000 --seed 8 --now "$NOW" >/dev/null
# journal_id is random: each database names its own change journal.
sqlite3 "$tmp/a.db" .dump | grep -v "'journal_id'" >"$tmp/a.sql"
sqlite3 "$tmp/b.db" .dump | grep -v "'journal_id'" >"$tmp/b.sql"
sqlite3 "$tmp/c.db" .dump | grep -v "'journal_id'" >"$tmp/c.sql"
cmp -s "$tmp/a.sql" "$tmp/b.sql" || fail "same seed and now, different databases"
cmp -s "$tmp/a.sql" "$tmp/c.sql" && fail "a different seed gave the same database"
grep -q "2000 dossiers" "$tmp/a.out" || fail "summary: $(cat "$tmp/a.out")"

q() { sqlite3 "$tmp/a.db" "$1"; }
[ "$(q "SELECT count(*) FROM dossiers")" = 2000 ] || fail "dossier count"
# Every channel and every status that a real office sees.
[ "$(q "SELECT group_concat(channel) FROM (SELECT DISTINCT channel FROM dossiers ORDER BY 1)")" = \
  "counter,online,post" ] || fail "channels"
for s in processing ready returned rejected withdrawn; do
	[ "$(q "SELECT count(*) > 0 FROM dossiers WHERE status = '$s'")" = 1 ] || fail "no '$s' dossier"
done
for k in supplement_request supplement_received apology; do
	[ "$(q "SELECT count(*) > 0 FROM events WHERE kind = '$k'")" = 1 ] || fail "no '$k' event"
done
[ "$(q "SELECT count(*) FROM dossiers WHERE new_due_at IS NOT NULL")" -gt 0 ] || fail "no new appointment"
# Counters open in office hours; on-line dossiers also arrive at night.
[ "$(q "SELECT count(*) FROM dossiers WHERE channel = 'counter' AND (substr(received_at, 12) < '07:30' OR substr(received_at, 12) >= '17:00')")" = 0 ] ||
	fail "counter dossiers outside office hours"
[ "$(q "SELECT count(*) > 0 FROM dossiers WHERE channel = 'online' AND substr(received_at, 12) >= '17:00'")" = 1 ] ||
	fail "no evening on-line dossier"
# Within the 24 months before now, at an agency that existed that day.
[ "$(q "SELECT min(received_at) >= '2024-11-26' AND max(received_at) < '$NOW' FROM dossiers")" = 1 ] ||
	fail "received outside the 24 months before now"
[ "$(q "SELECT count(*) FROM dossiers d JOIN agencies a ON a.code = d.agency_code WHERE substr(d.received_at, 1, 10) > a.valid_to OR substr(d.received_at, 1, 10) < a.valid_from")" = 0 ] ||
	fail "dossier at an agency that did not exist"
[ "$(q "SELECT count(*) FROM dossiers WHERE code NOT GLOB agency_code || '-[0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9]'")" = 0 ] ||
	fail "malformed codes"
# Sequences run 1..n per agency and day, in the order dossiers came in.
[ "$(q "SELECT count(*) FROM (SELECT count(*) c, max(CAST(substr(code, 22) AS INT)) m FROM dossiers GROUP BY substr(code, 1, 20)) WHERE c <> m")" = 0 ] ||
	fail "sequence numbers with gaps"
[ "$(q "SELECT count(*) FROM dossiers x JOIN dossiers y ON substr(x.code, 1, 20) = substr(y.code, 1, 20) AND x.code < y.code AND x.received_at > y.received_at")" = 0 ] ||
	fail "sequence numbers not in the order received"
[ "$(q "SELECT count(*) FROM dossiers d WHERE updated_at <> coalesce((SELECT max(at) FROM events e WHERE e.dossier_code = d.code), received_at)")" = 0 ] ||
	fail "updated_at is not the last event"
[ "$(q "PRAGMA foreign_key_check")" = "" ] || fail "foreign keys"
[ "$(q "PRAGMA journal_mode")" = delete ] || fail "journal mode left off"
# Roughly the aimed shares (70% on time, 15% early, 10% late).
on_time=$(sed -n 's/.*on time \([0-9]*\).*/\1/p' "$tmp/a.out")
[ "$on_time" -gt 1200 ] && [ "$on_time" -lt 1600 ] || fail "on time $on_time of 2000"

# check passes on the demo; the seed's duplicate name is a warning.
"$T" check "$tmp/a.db" --now "$NOW" >"$tmp/check" || fail "check on the demo: $(grep error "$tmp/check" | head)"
grep -q "^warning: agencies .* share the name 'UBND xã Diên Bình" "$tmp/check" ||
	fail "the duplicate agency name is not reported"
grep -q "0 errors" "$tmp/check" || fail "errors: $(tail -1 "$tmp/check")"

# The demo's rows pass import's own checks: export them as CSV, import them
# into the bare seed, and get the same rows back.
sqlite3 -csv -header "$tmp/a.db" "SELECT code, procedure_code, agency_code, channel, received_at, due_at, new_due_at, status, resolved_at, returned_at, documents, applicant_name, applicant_id, applicant_phone, applicant_address, updated_at FROM dossiers ORDER BY rowid" >"$tmp/d.csv"
sqlite3 -csv -header "$tmp/a.db" "SELECT dossier_code, at, kind, step_no, new_due_at, actor, note, request, request_due FROM events ORDER BY id" >"$tmp/e.csv"
"$T" demo "$tmp/r.db" --dossiers 0 --now "$NOW" >/dev/null
"$T" import "$tmp/r.db" dossiers "$tmp/d.csv" >/dev/null
"$T" import "$tmp/r.db" events "$tmp/e.csv" >/dev/null
for t in dossiers events; do
	sqlite3 "$tmp/a.db" "SELECT * FROM $t ORDER BY 1" >"$tmp/a.$t"
	sqlite3 "$tmp/r.db" "SELECT * FROM $t ORDER BY 1" >"$tmp/r.$t"
	cmp -s "$tmp/a.$t" "$tmp/r.$t" || fail "$t differ after a CSV round trip"
done

# corrupt 'SQL' 'expected line': check exits 1 and names the row.
corrupt() {
	cp "$tmp/a.db" "$tmp/x.db"
	sqlite3 "$tmp/x.db" "$1"
	set +e
	"$T" check "$tmp/x.db" --now "$NOW" >"$tmp/x.out"
	rc=$?
	set -e
	[ "$rc" -eq 1 ] || fail "exit $rc after: $1"
	grep -q "^error: $2" "$tmp/x.out" || fail "after '$1', no 'error: $2' in: $(grep error "$tmp/x.out" | head -3)"
	echo "ok: $(grep "^error: $2" "$tmp/x.out" | head -1)"
}
code=$(q "SELECT code FROM dossiers WHERE status = 'returned' ORDER BY code LIMIT 1")
corrupt "UPDATE dossiers SET due_at = '2026-01-05 08:00' WHERE code = '$code'" \
	"dossier $code: due_at 2026-01-05 08:00, the working-time clock gives"
corrupt "UPDATE dossiers SET status = 'processing' WHERE code = '$code'" \
	"dossier $code: status 'processing', the events say 'returned'"
corrupt "UPDATE dossiers SET returned_at = NULL WHERE code = '$code'" \
	"dossier $code: returned_at is empty, the events say"
corrupt "DELETE FROM events WHERE dossier_code = '$code' AND kind = 'step_start' AND step_no = 2" \
	"dossier $code: event [0-9]* (step_done, step 2) is done without having started"
corrupt "UPDATE events SET at = '2020-01-01 08:00' WHERE id = (SELECT max(id) FROM events WHERE dossier_code = '$code')" \
	"dossier $code: events out of order"
corrupt "INSERT INTO events (dossier_code, at, kind) VALUES ('000.00.00.H00-250101-0001', '2025-01-02 08:00', 'returned')" \
	"event [0-9]*: dossier_code 000.00.00.H00-250101-0001: no such dossier"
pid=$(q "SELECT process_id FROM dossiers WHERE code = '$code'")
corrupt "DELETE FROM steps WHERE process_id = $pid AND step_no = 2" \
	"process $pid: step 3 follows step 1"
corrupt "UPDATE steps SET allowance_hours = allowance_hours + 1 WHERE process_id = $pid AND step_no = 1" \
	"process $pid: step allowances add up to"
old=$(q "SELECT code FROM agencies WHERE successor_code IS NOT NULL ORDER BY code LIMIT 1")
corrupt "UPDATE agencies SET successor_code = NULL WHERE code = '$old'" \
	"agency $old: ended on 2025-06-30 but names no successor"
corrupt "UPDATE agencies SET successor_code = '999.99.99.Z99' WHERE code = '$old'" \
	"agency $old: successor_code 999.99.99.Z99: no such agency"
echo "ok: trackdb demo and check"
