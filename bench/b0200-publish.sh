#!/bin/sh
# Publisher at scale: a full publish of N dossiers (pages only), the
# receipts (QR PNG + printable page) of the same, a no-change run, and an
# incremental run after 1,000 dossiers changed.  Prints wall time, rates
# and peak RSS (GNU time).  N: DOSSIERS (default 100000; try 1000000).
# JOBS: worker threads (default: all CPUs).  Figures only, never asserted.
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
N=${DOSSIERS:-100000}
JOBS=${JOBS:-$(nproc)}
NOW="2025-11-20 10:00"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
command -v /usr/bin/time >/dev/null || { echo "b0200: GNU time missing, skipped"; exit 0; }

"$B/trackdb" demo "$T/db" --dossiers "$N" --seed 3 --now "$NOW" >/dev/null
# run LABEL COUNT ARGS...: one publisher run, figures on one line.
run() {
	label=$1 count=$2
	shift 2
	/usr/bin/time -f '%e %M' -o "$T/time" "$B/publisher" --db "$T/db" --out "$T/site" \
		--snapshot "$T/kiosk.db" --key-file "$T/key" --base-url http://bench.invalid \
		--now "$NOW" --jobs "$JOBS" --quiet "$@" > "$T/out"
	read -r secs rss < "$T/time"
	awk -v l="$label" -v n="$N" -v c="$count" -v s="$secs" -v r="$rss" 'BEGIN {
		printf "%-28s %8d dossiers %8.2f s %10.0f /s %8.1f MB peak RSS\n", l, n, s, (s > 0 ? c / s : 0), r / 1024 }'
	sed 's/^/    /' "$T/out"
}
echo "b0200: $N dossiers, $JOBS jobs, $(nproc) CPUs"
run "full publish (pages)" "$N"
run "no change (pages)" "$N"
run "receipts (QR/s)" "$N" --receipts "$T/rcpt"
sqlite3 "$T/db" <<'SQL'
CREATE TABLE pick AS SELECT code FROM dossiers ORDER BY random() LIMIT 1000;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    updated_at = '2025-11-20 09:59' WHERE code IN (SELECT code FROM pick);
SQL
run "incremental (1,000 changed)" 1000 --receipts "$T/rcpt"
echo "site: $(du -sh "$T/site" | cut -f1), receipts: $(du -sh "$T/rcpt" | cut -f1), snapshot: $(du -sh "$T/kiosk.db" | cut -f1)"
