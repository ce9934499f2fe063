#!/bin/sh
# The publisher patches its snapshot in place (one SQLite transaction with
# a rollback journal) while kioskd serves that very file: under a steady
# load of lookups, 12 incremental runs each change one dossier; no request
# fails and kioskd ends up showing the last change.  Then a writer killed
# in the middle of a transaction (its hot journal beside the file, half of
# its pages already in it) is refused by kioskd, which keeps serving the
# last good generation with /healthz degraded, until the next publisher
# run rolls the journal back and patches the file: kioskd takes that one.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 curl python3
KIOSKD=$ROOT/$BUILD/kioskd
[ -x "$KIOSKD" ] || skip "$KIOSKD not built"

DB=$T/db.sqlite
demo_db 2000 "$DB"
pub() { # pub NOW
	"$P" --db "$DB" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
		--base-url http://example.invalid --jobs 2 --now "$1" > "$T/out" 2>&1 ||
		fail "publisher --now $1: $(cat "$T/out")"
}
pub "2025-11-20 10:00"
port=$(free_port)
"$KIOSKD" --snapshot "$T/kiosk.db" --listen 127.0.0.1 --port "$port" --web "$ROOT/web" \
	--assets "$ROOT/assets" --access-log none --lookup-burst 100000 --lookup-rate 100000 \
	2> "$T/kioskd.err" &
KPID=$!
trap 'touch "$T/stop"; kill $KPID 2>/dev/null || true; cleanup' EXIT INT TERM
i=0
until grep -q 'listening on' "$T/kioskd.err" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not start: $(cat "$T/kioskd.err")"; sleep 0.1
done
K=http://127.0.0.1:$port
codes=$(sqlite3 "$DB" "SELECT code FROM dossiers WHERE status = 'processing' ORDER BY code LIMIT 13")
set -- $codes
[ $# -eq 13 ] || fail "the demo has fewer than 13 dossiers in progress"
"$P" --db "$DB" --key-file "$T/pub.key" --list-checks 100000 > "$T/checks"
token_of() { awk -F '\t' -v c="$1" '$1 == c { print $3 }' "$T/checks"; }
probe=$(token_of "$1")

# Load: three clients on keep-alive connections until the runs are done.
for c in 1 2 3; do
	(
		while [ ! -e "$T/stop" ]; do
			curl -s -w '%{http_code}\n' -o /dev/null "$K/api/dossier/$probe" -o /dev/null \
				"$K/api/dossier/$probe" -o /dev/null "$K/api/dossier/$probe" -o /dev/null \
				"$K/api/dossier/$probe" -o /dev/null "$K/api/dossier/$probe"
		done > "$T/load.$c"
	) &
	loads="${loads:-} $!"
done
n=0
for code in $codes; do
	n=$((n + 1))
	[ $n -le 12 ] || break
	sqlite3 "$DB" "UPDATE dossiers SET new_due_at = '2026-01-$(printf %02d $((n + 10))) 16:00',
		updated_at = '2025-11-20 10:0$((n % 10))' WHERE code = '$code'"
	pub "2025-11-20 10:00"
	grep -q 'snapshot patched, 1 dossiers written' "$T/out" || fail "run $n did not patch: $(cat "$T/out")"
	[ ! -e "$T/kiosk.db-journal" ] || fail "a journal left after run $n"
	sleep 0.3
done
last=$(echo "$codes" | sed -n 12p)
ltok=$(token_of "$last")
i=0
until curl -s "$K/api/dossier/$ltok" | grep -q '2026-01-22 16:00'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd never showed the last patch"; sleep 0.1
done
touch "$T/stop"
# shellcheck disable=SC2086
wait $loads
total=$(cat "$T"/load.* | wc -l)
bad=$(cat "$T"/load.* | grep -vc '^200$' || true)
[ "$total" -ge 100 ] || fail "only $total requests under load"
[ "$bad" -eq 0 ] || fail "$bad of $total requests failed while the snapshot was patched"
gen=$(curl -s "$K/healthz" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p')
[ "$gen" -ge 2 ] || fail "kioskd took no patched generation (generation $gen)"

# A writer killed half way: pages of its transaction in the file, the hot
# journal beside it.
rc=0
python3 - "$T/kiosk.db" <<'PY' || rc=$?
import os, sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("PRAGMA cache_size = 1")  # spill to the file before commit
con.execute("BEGIN")
con.execute("UPDATE dossiers SET initials = 'X.X.X.', status = 'rejected'")
os._exit(9)
PY
[ "$rc" -eq 9 ] || fail "the writer to be killed failed (status $rc)"
[ -s "$T/kiosk.db-journal" ] || fail "the killed writer left no journal"
i=0
until curl -s "$K/healthz" | grep -q '"status":"degraded"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "healthz not degraded beside a hot journal"; sleep 0.1
done
# Refused for the lock (a transaction under way), not for what it read.
curl -s "$K/healthz" | grep -q 'being written' || fail "not refused as being written: $(curl -s "$K/healthz")"
curl -s "$K/api/dossier/$ltok" | grep -q '2026-01-22 16:00' || fail "the last good generation is not served"
curl -s "$K/api/dossier/$ltok" | grep -q 'X.X.X.' && fail "kioskd served the killed writer's pages"
# The next run rolls the journal back, then patches.
code=$(echo "$codes" | sed -n 13p)
sqlite3 "$DB" "UPDATE dossiers SET new_due_at = '2026-02-02 16:00', updated_at = '2025-11-20 10:09'
	WHERE code = '$code'"
pub "2025-11-20 10:00"
[ ! -e "$T/kiosk.db-journal" ] || fail "the hot journal is still there after a run"
grep -q 'snapshot patched, 1 dossiers written' "$T/out" || fail "the run after the kill did not patch: $(cat "$T/out")"
[ "$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM dossiers WHERE initials = 'X.X.X.'")" = 0 ] ||
	fail "the killed writer's changes were not rolled back"
tok=$(token_of "$code")
i=0
until curl -s "$K/api/dossier/$tok" | grep -q '2026-02-02 16:00'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not take the snapshot after the roll-back"; sleep 0.1
done
curl -s "$K/healthz" | grep -q '"status":"ok"' || fail "healthz not ok again: $(curl -s "$K/healthz")"
kill $KPID
wait $KPID 2>/dev/null || true
echo "ok: $total requests, 0 failed, over 12 in-place patches; a hot journal refused, rolled back by the next run"
