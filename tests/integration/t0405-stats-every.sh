#!/bin/sh
# --stats-every M: a run after a data change within M minutes of the last
# computation leaves every statistics file as it is (and says "deferred")
# while the dossier's page shows the change; so does it the home, agency
# and procedure pages, whose figures are the statistics' (they never say
# other than the statistics pages); the first run M minutes after
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
code=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers WHERE status='processing' ORDER BY code LIMIT 1")
done=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers WHERE status='processing' ORDER BY code LIMIT 1 OFFSET 1")
[ -n "$code" ] && [ -n "$done" ] || fail "no pending dossier in the demo"
# A pause, and a result that changes the figures (resolved, pending).
sqlite3 "$T/db.sqlite" "INSERT INTO events (dossier_code, at, kind, step_no) VALUES ('$code', '2026-11-25 09:01', 'pause', NULL);
	UPDATE dossiers SET status='paused', updated_at='2026-11-25 09:01' WHERE code='$code';
	INSERT INTO events (dossier_code, at, kind, step_no) VALUES ('$done', '2026-11-25 09:01', 'result_ready', NULL);
	UPDATE dossiers SET status='ready', resolved_at='2026-11-25 09:01', updated_at='2026-11-25 09:01' WHERE code='$done';"
sleep 1
touch "$T/mark"
pub "2026-11-25 09:02" site --stats-every 10
grep -q 'statistics [0-9.]* (deferred)' "$T/out" || fail "not deferred: $(cat "$T/out")"
grep -q 'snapshot patched, 2 dossiers written' "$T/out" || fail "the change was not published: $(cat "$T/out")"
changed=$(find "$T/site/thong-ke" "$T/site/lo-trinh-iso" -type f -newer "$T/mark" | wc -l)
[ "$changed" -eq 0 ] || fail "$changed statistics files rewritten by a deferring run"
# Only dossier pages: the home, agency and procedure pages wait for the
# statistics, whose figures they show.
changed=$(find "$T/site" -type f -newer "$T/mark" ! -path "$T/site/d/*" | head -3)
[ -z "$changed" ] || fail "a deferring run rewrote pages besides the dossiers: $changed"

# Ten minutes after the computation, with nothing new in the journal.
pub "2026-11-25 09:10" site --stats-every 10
grep -q 'nothing to do' "$T/out" && fail "the owed statistics were taken for idle: $(cat "$T/out")"
grep -q 'statistics [0-9.]* (deferred)' "$T/out" && fail "still deferred after 10 minutes"
[ "$T/site/index.html" -nt "$T/mark" ] || fail "the home page did not take the result"
pub "2026-11-25 09:10" ref
for d in thong-ke lo-trinh-iso co-quan thu-tuc en; do
	diff -r "$T/ref/$d" "$T/site/$d" > "$T/diff" || fail "$d differs from a run without --stats-every: $(head -5 "$T/diff")"
done
cmp -s "$T/ref/index.html" "$T/site/index.html" || fail "the home page differs from a run without --stats-every"
echo "ok: statistics, and the pages with their figures, deferred within --stats-every, recomputed after it, equal to a run without it"
