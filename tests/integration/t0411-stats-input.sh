#!/bin/sh
# The statistics of incremental runs, which take the unchanged dossiers
# from the statistics' input file (STATE.stats-input) and read only the
# changed ones from the snapshot, equal a full run's after new events,
# new dossiers, deleted dossiers, runs killed at random moments, and a
# file that is damaged or gone.  And they do come from the file: a closed
# dossier whose events are taken out of the snapshot behind the
# publisher's back is still counted as the file holds it.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

DB=$T/db.sqlite
demo_db 800 "$DB"
INPUT=$T/kiosk.db.state.stats-input
pub() { # pub SITE SNAPSHOT NOW [ARGS...]
	site=$1 snap=$2 now=$3
	shift 3
	# exec: in a background subshell, $! is then the publisher itself.
	exec "$P" --db "$DB" --out "$site" --snapshot "$snap" --key-file "$T/pub.key" \
		--base-url http://example.invalid --now "$now" --quiet --jobs 2 "$@"
}
stats_same() { # stats_same NOW LABEL: the statistics equal a full run's
	rm -rf "$T/full" "$T/full.db"*
	(pub "$T/full" "$T/full.db" "$1" --full) || fail "$2: full run"
	for d in thong-ke lo-trinh-iso en/thong-ke en/lo-trinh-iso; do
		diff -r "$T/full/$d" "$T/site/$d" > "$T/diff" || {
			head -20 "$T/diff" >&2
			fail "$2: $d differs from a full run's"
		}
	done
}
# Events for 15 dossiers (an apology), 5 new dossiers (copies under new
# codes), 5 dossiers deleted: label $1.
change() {
	sqlite3 "$DB" <<SQL || fail "cannot change the database"
CREATE TEMP TABLE pick AS SELECT code FROM dossiers
  WHERE code NOT IN (SELECT dossier_code FROM events WHERE kind = 'apology')
  ORDER BY random() LIMIT 15;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    updated_at = '2025-11-20 09:00'
  WHERE code IN (SELECT code FROM pick);
CREATE TEMP TABLE copy AS SELECT * FROM dossiers
  WHERE code NOT LIKE '%-N%' ORDER BY random() LIMIT 5;
CREATE TEMP TABLE copy_ev AS SELECT e.* FROM events e JOIN copy c ON c.code = e.dossier_code;
UPDATE copy_ev SET id = NULL, dossier_code = dossier_code || '-N$1';
UPDATE copy SET code = code || '-N$1';
INSERT INTO dossiers SELECT * FROM copy;
INSERT INTO events SELECT * FROM copy_ev;
CREATE TEMP TABLE gone AS SELECT code FROM dossiers
  WHERE code NOT IN (SELECT dossier_code FROM ratings)
    AND code NOT IN (SELECT dossier_code FROM sync_progress)
    AND code NOT IN (SELECT dossier_code FROM sync_supplements)
  ORDER BY random() LIMIT 5;
DELETE FROM events WHERE dossier_code IN (SELECT code FROM gone);
DELETE FROM dossiers WHERE code IN (SELECT code FROM gone);
SQL
}

(pub "$T/site" "$T/kiosk.db" "$NOW") || fail "first run"
[ -s "$INPUT" ] || fail "no statistics input file after a full run"
stats_same "$NOW" "first run"

change 1
(pub "$T/site" "$T/kiosk.db" "$NOW") || fail "run after changes"
stats_same "$NOW" "after changes"

t0=$(date +%s%N)
change 2
(pub "$T/site" "$T/kiosk.db" "2025-11-20 11:00") || fail "timing run"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
i=3
hour=11
while [ $i -le 10 ]; do
	change "$i"
	hour=$((hour + 1))
	delay=$(awk -v s="$$$i" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", rand() * ms / 1000 }')
	(pub "$T/site" "$T/kiosk.db" "2025-11-20 $hour:00" > /dev/null 2>&1) &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	i=$((i + 1))
done
now="2025-11-20 $hour:30"
(pub "$T/site" "$T/kiosk.db" "$now") || fail "the run after the kills"
stats_same "$now" "after 8 killed runs"

# A damaged file is built again, and so is a missing one.
head -c 5000 "$INPUT" > "$T/cut" && cat "$T/cut" > "$INPUT"
change 11
(pub "$T/site" "$T/kiosk.db" "$now") || fail "run over a damaged file"
stats_same "$now" "damaged file"
rm -f "$INPUT"
change 12
(pub "$T/site" "$T/kiosk.db" "$now") || fail "run without the file"
[ -s "$INPUT" ] || fail "the file was not built again"
stats_same "$now" "missing file"

# The kept dossiers come from the file: a resolved dossier's events taken
# out of the snapshot alone do not change the next run's figures.
code=$(sqlite3 "$T/kiosk.db" "SELECT code FROM dossiers WHERE resolved_at IS NOT NULL
	AND code IN (SELECT dossier_code FROM events) ORDER BY code LIMIT 1")
[ -n "$code" ] || fail "no resolved dossier in the snapshot"
sqlite3 "$T/kiosk.db" "DELETE FROM events WHERE dossier_code = '$code'" ||
	fail "cannot change the snapshot"
# One other dossier changed, so that the statistics are recomputed.
sqlite3 "$DB" "UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+2 day')
	WHERE code = (SELECT max(code) FROM dossiers WHERE code > '$code')" ||
	fail "cannot change the database"
(pub "$T/site" "$T/kiosk.db" "$now") || fail "run over a tampered snapshot"
[ "$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM events WHERE dossier_code = '$code'")" = 0 ] ||
	fail "the snapshot was rebuilt: the check below would prove nothing"
stats_same "$now" "unchanged dossiers read from the file"
echo "ok: incremental statistics equal a full run's after changes, deletions, kills and a damaged file"
