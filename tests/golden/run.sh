#!/bin/sh
# Golden comparison of everything the publisher writes (see README): a demo
# database is published in full, then changed and published again in a fixed
# series of runs; after each run the files written and removed (site/,
# receipts/, the officials' folder) with their sha256, the snapshot's rows table by table and the
# run's summary are compared with tests/golden/expected.txt.
#
#   tests/golden/run.sh           compare (exit 1 and a diff on a difference)
#   tests/golden/run.sh --update  write expected.txt anew (name why in the commit)
#
# BUILD names the build directory (default build); KEEP_T=1 keeps the files.
set -eu
LC_ALL=C.UTF-8
export LC_ALL
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
P=$ROOT/$BUILD/publisher
TDB=$ROOT/$BUILD/trackdb
G=$ROOT/tests/golden
mode=check
case ${1:-} in
--update) mode=update ;;
"") ;;
*) echo "usage: $0 [--update]" >&2; exit 2 ;;
esac
for c in sqlite3 sha256sum; do
	command -v "$c" >/dev/null 2>&1 || { echo "SKIP: $c not installed" >&2; exit 77; }
done
[ -x "$P" ] && [ -x "$TDB" ] || { echo "SKIP: $P or $TDB not built" >&2; exit 77; }

T=$(mktemp -d)
cleanup() { if [ -n "${KEEP_T:-}" ]; then echo "kept $T" >&2; else rm -rf "$T"; fi; }
trap cleanup EXIT INT TERM
DB=$T/db.sqlite
OUT=$T/actual.txt
: > "$OUT"

# The key is fixed (tokens, check codes and QR codes depend on it); git does
# not keep its 0600 mode, which the publisher insists on.
cp "$G/pub.key" "$T/pub.key"
chmod 600 "$T/pub.key"

"$TDB" demo "$DB" --dossiers 300 --seed 7 --now "2025-11-20 10:00" >/dev/null
# The input's own fingerprint: when it differs, trackdb demo changed, not
# (necessarily) the publisher.
{
	echo "== input"
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		# meta.journal_id is random by design (it names the change journal).
		q="SELECT * FROM \"$t\""
		[ "$t" = meta ] && q="SELECT key, CASE key WHEN 'journal_id' THEN 'ID' ELSE value END FROM meta"
		printf '%s %s\n' "$t" "$(sqlite3 -quote "$DB" "$q" | LC_ALL=C sort | sha256sum | cut -c1-16)"
	done
} >> "$OUT"

# Every file under $1 as "path sha256" (16 hex digits), sorted by path.
manifest() {
	(cd "$1" && find . -type f -print0 | xargs -0r sha256sum) |
		awk '{ print substr($0, 67), substr($1, 1, 16) }' | LC_ALL=C sort
}

# The snapshot's rows, table by table, in a stable order; the run id is
# random by design (it names the run a state file belongs to).
snapshot_rows() {
	for t in $(sqlite3 "$T/kiosk.db" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		if [ "$t" = meta ]; then
			q="SELECT key, CASE key WHEN 'run_id' THEN 'RUN' ELSE value END FROM meta"
		else
			q="SELECT * FROM \"$t\""
		fi
		printf 'table %s %s rows %s\n' "$t" \
			"$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM \"$t\"")" \
			"$(sqlite3 -quote "$T/kiosk.db" "$q" | LC_ALL=C sort | sha256sum | cut -c1-16)"
	done
	sqlite3 -quote "$T/kiosk.db" "SELECT key, value FROM meta WHERE key <> 'run_id' ORDER BY key"
}

# One publisher run at instant $2 with extra flags $3, recorded under title $1:
# its summary without timings, then what changed in site/, receipts/ and
# officials/.
step() {
	title=$1 now=$2
	shift 2
	for d in site receipts officials; do
		if [ -d "$T/$d" ]; then manifest "$T/$d"; fi > "$T/$d.before"
	done
	"$P" --db "$DB" --out "$T/site" --receipts "$T/receipts" --snapshot "$T/kiosk.db" \
		--officials "$T/officials" --key-file "$T/pub.key" \
		--base-url https://tracuu.example.invalid --now "$now" --jobs 2 "$@" > "$T/summary" 2> "$T/stderr" ||
		{ cat "$T/stderr" >&2; echo "FAIL: golden: publisher run '$title'" >&2; exit 1; }
	{
		echo "== $title (--now '$now' $*)"
		sed -e 's/; [0-9.]* s$//' -e 's/; seconds: .*//' "$T/summary"
		cat "$T/stderr"
		for d in site receipts officials; do
			manifest "$T/$d" > "$T/$d.after"
			# comm: lines only after = written (new bytes), only before = removed or replaced.
			LC_ALL=C comm -13 "$T/$d.before" "$T/$d.after" | sed "s|^|$d + |"
			cut -d' ' -f1 "$T/$d.before" > "$T/names.before"
			cut -d' ' -f1 "$T/$d.after" > "$T/names.after"
			LC_ALL=C comm -23 "$T/names.before" "$T/names.after" | sed "s|^|$d - |"
		done
		snapshot_rows
	} >> "$OUT"
}

step "full publish" "2025-11-20 10:00"
step "no change" "2025-11-20 10:00"

# Changes the back office makes between runs: apologies with new appointments,
# results handed over, two dossiers deleted, one new dossier received.
sqlite3 "$DB" <<'SQL'
CREATE TEMP TABLE pick AS SELECT code FROM dossiers WHERE status = 'returned' ORDER BY code LIMIT 10;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    updated_at = '2025-11-20 10:05'
  WHERE code IN (SELECT code FROM pick);
CREATE TEMP TABLE hand AS SELECT code FROM dossiers WHERE status = 'ready' ORDER BY code LIMIT 2;
INSERT INTO events (dossier_code, at, kind) SELECT code, '2025-11-20 10:10', 'returned' FROM hand;
UPDATE dossiers SET status = 'returned', returned_at = '2025-11-20 10:10', updated_at = '2025-11-20 10:10'
  WHERE code IN (SELECT code FROM hand);
CREATE TEMP TABLE gone AS SELECT code FROM dossiers WHERE status = 'withdrawn' ORDER BY code LIMIT 2;
DELETE FROM events WHERE dossier_code IN (SELECT code FROM gone);
DELETE FROM dossiers WHERE code IN (SELECT code FROM gone);
INSERT INTO dossiers (code, procedure_code, process_id, agency_code, channel, received_at, due_at,
                      status, documents, applicant_name, updated_at)
  SELECT agency_code || '-251120-0900', procedure_code, process_id, agency_code, 'counter',
         '2025-11-20 10:12', strftime('%Y-%m-%d %H:%M', '2025-11-20 10:12', '+7 days'),
         'processing', documents, 'Nguyễn Văn Golden', '2025-11-20 10:12'
  FROM dossiers WHERE status = 'processing' ORDER BY code LIMIT 1;
INSERT INTO events (dossier_code, at, kind, step_no)
  SELECT code, '2025-11-20 10:12', 'step_start', 1 FROM dossiers WHERE code LIKE '%-251120-0900';
SQL
step "after changes" "2025-11-20 10:15"
step "afternoon" "2025-11-20 15:30"
step "next day" "2025-11-21 08:00"
step "full verification" "2025-11-21 08:00" --full

if [ "$mode" = update ]; then
	cp "$OUT" "$G/expected.txt"
	echo "golden: wrote tests/golden/expected.txt ($(wc -l < "$OUT") lines)"
	exit 0
fi
if ! cmp -s "$G/expected.txt" "$OUT"; then
	diff -u "$G/expected.txt" "$OUT" | head -60 >&2
	echo "FAIL: golden: the published output differs from tests/golden/expected.txt;" \
		"if intended, run tests/golden/run.sh --update and name the difference in the commit" >&2
	exit 1
fi
echo "ok: golden: $(grep -c '^== ' "$OUT") runs identical to tests/golden/expected.txt"
