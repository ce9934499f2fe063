#!/bin/sh
# Incremental publication: after events are added to exactly 100 dossiers
# (in a copy of the database), exactly those 100 dossier pages are written
# again, and nothing else of the site that did not change.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 sha256sum

demo_db 1500 "$T/db.sqlite"
pub() {
	"$P" --db "$1" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
		--base-url http://example.invalid --now "$NOW" --quiet --jobs 3
}
pub "$T/db.sqlite" || fail "first run"
cp "$T/db.sqlite" "$T/db2.sqlite"
sha256sum "$T/db2.sqlite" > /dev/null
# An apology slip with a new appointment one day later, logged with the
# dossier's first event (an apology after the dossier closed is refused).
sqlite3 "$T/db2.sqlite" <<'SQL' || fail "cannot change the copy"
CREATE TABLE pick AS SELECT code FROM dossiers ORDER BY random() LIMIT 100;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    updated_at = '2025-11-20 09:59'
  WHERE code IN (SELECT code FROM pick);
SQL
sqlite3 "$T/db2.sqlite" "SELECT code FROM pick ORDER BY code" > "$T/picked"
sha256sum "$T/db2.sqlite" > "$T/db2.sum"
sleep 1
touch "$T/stamp"
"$P" --db "$T/db2.sqlite" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
	--base-url http://example.invalid --now "$NOW" --jobs 3 > "$T/out" || fail "second run"
grep -q ' 100 pages rendered, 1400 unchanged, 0 skipped, 0 errors' "$T/out" ||
	fail "summary: $(cat "$T/out")"

# The files written are exactly the pages of the 100 dossiers.
"$P" --db "$T/db2.sqlite" --key-file "$T/pub.key" --list-checks 100000 |
	awk -F '\t' 'NR == FNR { want[$1] = 1; next } ($1 in want) { print $3 ".html" }' \
	"$T/picked" - | sort > "$T/want"
find "$T/site/d" -newer "$T/stamp" -type f -name '*.html' | sed 's|.*/||' | sort > "$T/got"
[ "$(wc -l < "$T/want")" -eq 100 ] || fail "expected 100 tokens"
cmp -s "$T/want" "$T/got" || { diff "$T/want" "$T/got" | head >&2; fail "other pages were written"; }
# The pages show the apology's new appointment.
f=$(find "$T/site/d" -newer "$T/stamp" -type f -name '*.html' | head -1)
grep -q 'Hẹn trả mới' "$f" || fail "$f does not show the new appointment"
sha256sum -c --quiet "$T/db2.sum" || fail "the database changed"
echo "ok: exactly the 100 changed dossiers were re-rendered"
