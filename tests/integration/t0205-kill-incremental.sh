#!/bin/sh
# Kill -9 the publisher at random moments of incremental runs (new events,
# time moving on) and find, once a last run completes, exactly what a full
# rebuild writes: the same snapshot rows, dossier pages, home, agency and
# procedure pages, and receipts.  The per-dossier state must never let a
# killed run's half-done work pass for done.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

demo_db 1500 "$T/db.sqlite"
pub() { # pub SITE SNAPSHOT RECEIPTS NOW [ARGS...]
	site=$1 snap=$2 rcpt=$3 now=$4
	shift 4
	# exec: in a background subshell, $! is then the publisher itself.
	exec "$P" --db "$T/db.sqlite" --out "$site" --snapshot "$snap" --key-file "$T/pub.key" \
		--receipts "$rcpt" --base-url http://example.invalid --now "$now" --quiet --jobs 2 "$@"
}
rows() {
	sqlite3 "$1" "SELECT * FROM dossiers ORDER BY code; SELECT * FROM events ORDER BY dossier_code, seq"
}
# Events for 20 more dossiers: an apology slip with the first event.
change() {
	sqlite3 "$T/db.sqlite" <<SQL || fail "cannot change the database"
CREATE TEMP TABLE pick AS SELECT code FROM dossiers
  WHERE code NOT IN (SELECT dossier_code FROM events WHERE kind = 'apology')
  ORDER BY random() LIMIT 20;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    documents = coalesce(documents, '') || ' ($1)'
  WHERE code IN (SELECT code FROM pick);
SQL
}

(pub "$T/site" "$T/kiosk.db" "$T/rcpt" "$NOW") || fail "first run"
t0=$(date +%s%N)
change 0
(pub "$T/site" "$T/kiosk.db" "$T/rcpt" "$NOW") || fail "timing run"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
i=1
day=20
while [ $i -le 12 ]; do
	change "$i"
	# Every other run a day later: pending pages turn overdue meanwhile.
	[ $((i % 2)) = 0 ] && day=$((day + 1))
	delay=$(awk -v s="$$$i" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms / 1000 }')
	(pub "$T/site" "$T/kiosk.db" "$T/rcpt" "2025-11-$day 10:00" > /dev/null 2>&1) &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	for f in $(find "$T/site/d" -type f -name '*.html' -newer "$T/db.sqlite" | head -50); do
		[ "$(tail -c 8 "$f")" = "</html>" ] || fail "kill $i: incomplete page $f"
	done
	i=$((i + 1))
done
now="2025-11-$day 10:00"
(pub "$T/site" "$T/kiosk.db" "$T/rcpt" "$now") || fail "the run after the kills"
(pub "$T/full" "$T/full.db" "$T/rcpt-full" "$now" --full) || fail "full rebuild"
rows "$T/kiosk.db" > "$T/rows.inc"
rows "$T/full.db" > "$T/rows.full"
cmp -s "$T/rows.inc" "$T/rows.full" || fail "the snapshot differs from a full rebuild's"
for f in $(cd "$T/full" && find d co-quan thu-tuc en/co-quan en/thu-tuc -type f -name "*.html") \
	index.html en/index.html; do
	cmp -s "$T/full/$f" "$T/site/$f" || fail "page $f differs from a full rebuild's"
done
for f in $(cd "$T/rcpt-full" && find . -type f -name '*.html'); do
	cmp -s "$T/rcpt-full/$f" "$T/rcpt/$f" || fail "receipt $f differs from a full rebuild's"
done
echo "ok: 12 kills in incremental runs; the next run equals a full rebuild"
