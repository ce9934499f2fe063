#!/bin/sh
# The statistics are not recomputed, and no statistics file is rewritten,
# by a run that finds the snapshot unchanged while the stamp (STATE.stats)
# says the figures still hold; a run after a data change recomputes them,
# and a run with the stamp removed (as a killed run leaves it) recomputes.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

demo_db 600 "$T/db.sqlite"
pub() { # pub NOW: publish at NOW, output in $T/out
	"$P" --db "$T/db.sqlite" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
		--base-url http://example.invalid --jobs 2 --now "$1" > "$T/out" || {
		cat "$T/out" >&2
		fail "publisher --now $1"
	}
}

# An evening: nothing is received, due or midnight-bound between the runs.
pub "2026-11-25 20:00"
grep -q 'statistics [0-9.]* (unchanged)' "$T/out" && fail "first run skipped the statistics"
stamp=$(ls "$T"/*.stats 2>/dev/null | head -n 1)
[ -n "$stamp" ] || fail "no statistics stamp after a complete run"
sleep 1
touch "$T/mark"
pub "2026-11-25 20:30"
grep -q 'statistics [0-9.]* (unchanged)' "$T/out" || fail "no-change run recomputed: $(cat "$T/out")"
changed=$(find "$T/site/thong-ke" "$T/site/lo-trinh-iso" -type f -newer "$T/mark" | wc -l)
[ "$changed" -eq 0 ] || fail "$changed statistics files rewritten by a no-change run"

# A killed run removes the stamp before writing pages: without it, recompute.
rm -f "$stamp"
pub "2026-11-25 20:31"
grep -q 'statistics [0-9.]* (unchanged)' "$T/out" && fail "recomputation skipped without a stamp"
[ -e "$stamp" ] || fail "the stamp was not written again"

# A data change: an event on one pending dossier (updated_at bumped).
code=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers WHERE status='processing' LIMIT 1")
[ -n "$code" ] || fail "no pending dossier in the demo"
sqlite3 "$T/db.sqlite" "INSERT INTO events (dossier_code, at, kind, step_no) VALUES ('$code', '2026-11-25 20:40', 'pause', NULL);
	UPDATE dossiers SET status='paused', updated_at='2026-11-25 20:40' WHERE code='$code';"
pub "2026-11-25 20:45"
grep -q 'statistics [0-9.]* (unchanged)' "$T/out" && fail "a data change did not recompute the statistics"
echo "ok: statistics skipped when nothing changed, recomputed after a change or without a stamp"
