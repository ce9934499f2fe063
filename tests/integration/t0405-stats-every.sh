#!/bin/sh
# --stats-every M: a run after a data change within M minutes of the last
# computation leaves every statistics file as it is (and says "deferred")
# while the dossier's page shows the change; the first run M minutes after
# recomputes them, also with no new journal entry (the run is not taken
# for idle), and they then equal those of a run without the option.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

demo_db 600 "$T/db.sqlite"
pub() { # pub NOW SITE [OPTION...]: publish at NOW into SITE, output in $T/out
	now=$1 site=$2
	shift 2
	"$P" --db "$T/db.sqlite" --out "$T/$site" --snapshot "$T/$site.kiosk.db" --key-file "$T/pub.key" \
		--base-url http://example.invalid --jobs 2 --now "$now" "$@" > "$T/out" || {
		cat "$T/out" >&2
		fail "publisher --now $now"
	}
}

pub "2026-11-25 09:00" site --stats-every 10
grep -q 'statistics [0-9.]* (deferred)' "$T/out" && fail "a new site deferred its statistics"
code=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers WHERE status='processing' LIMIT 1")
[ -n "$code" ] || fail "no pending dossier in the demo"
sqlite3 "$T/db.sqlite" "INSERT INTO events (dossier_code, at, kind, step_no) VALUES ('$code', '2026-11-25 09:01', 'pause', NULL);
	UPDATE dossiers SET status='paused', updated_at='2026-11-25 09:01' WHERE code='$code';"
sleep 1
touch "$T/mark"
pub "2026-11-25 09:02" site --stats-every 10
grep -q 'statistics [0-9.]* (deferred)' "$T/out" || fail "not deferred: $(cat "$T/out")"
grep -q 'snapshot patched, 1 dossiers written' "$T/out" || fail "the change was not published: $(cat "$T/out")"
changed=$(find "$T/site/thong-ke" "$T/site/lo-trinh-iso" -type f -newer "$T/mark" | wc -l)
[ "$changed" -eq 0 ] || fail "$changed statistics files rewritten by a deferring run"

# Ten minutes after the computation, with nothing new in the journal.
pub "2026-11-25 09:10" site --stats-every 10
grep -q 'nothing to do' "$T/out" && fail "the owed statistics were taken for idle: $(cat "$T/out")"
grep -q 'statistics [0-9.]* (deferred)' "$T/out" && fail "still deferred after 10 minutes"
pub "2026-11-25 09:10" ref
for d in thong-ke lo-trinh-iso; do
	diff -r "$T/ref/$d" "$T/site/$d" > "$T/diff" || fail "$d differs from a run without --stats-every: $(head -5 "$T/diff")"
done
echo "ok: statistics deferred within --stats-every, recomputed after it, equal to a run without it"
