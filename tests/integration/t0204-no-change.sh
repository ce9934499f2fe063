#!/bin/sh
# The cheap incremental run: with no database change a run copies the
# snapshot without writing a dossier row and renders no dossier page; a
# change reaches the snapshot even when the back office forgot updated_at,
# and the copied-and-patched snapshot and the site equal a full rebuild's;
# a pending dossier whose due passes between two runs with no database
# change is re-rendered as overdue; receipts are made only for new or
# changed dossiers.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 sha256sum

demo_db 800 "$T/db.sqlite"
pub() { # pub SITE SNAPSHOT [ARGS...]
	site=$1 snap=$2
	shift 2
	"$P" --db "$T/db.sqlite" --out "$site" --snapshot "$snap" --key-file "$T/pub.key" \
		--base-url http://example.invalid --jobs 2 "$@" > "$T/out" || {
		cat "$T/out" >&2
		fail "publisher $*"
	}
}
# The public rows of a snapshot, in a stable order.
rows() {
	sqlite3 "$1" "SELECT * FROM dossiers ORDER BY code; SELECT * FROM events ORDER BY dossier_code, seq"
}
sum_of() { sqlite3 "$T/db.sqlite" "SELECT count(*) FROM dossiers"; }

pub "$T/site" "$T/kiosk.db" --now "$NOW" --receipts "$T/rcpt"
grep -q 'snapshot rebuilt' "$T/out" || fail "first run: $(cat "$T/out")"
n=$(sum_of)
rows "$T/kiosk.db" > "$T/rows1"

# 1. No change: nothing rendered, the snapshot left as it is, no receipt made.
sha256sum "$T/db.sqlite" > "$T/db.sum"
: > "$T/.kiosk.db.Xy12Zq" # what a run killed while writing the snapshot leaves
sleep 1
touch "$T/stamp"
pub "$T/site" "$T/kiosk.db" --now "$NOW" --receipts "$T/rcpt"
grep -q " 0 pages rendered, $n unchanged" "$T/out" || fail "no-change run: $(cat "$T/out")"
grep -q "snapshot unchanged, 0 dossiers written, 0 removed; $n pages kept without rendering" "$T/out" ||
	fail "no-change snapshot: $(cat "$T/out")"
grep -q " 0 receipts written, $n unchanged" "$T/out" || fail "no-change receipts: $(cat "$T/out")"
rows "$T/kiosk.db" > "$T/rows2"
cmp -s "$T/rows1" "$T/rows2" || fail "the snapshot's dossier rows changed"
[ "$T/kiosk.db" -nt "$T/stamp" ] && fail "the snapshot was replaced with nothing new"
[ -e "$T/.kiosk.db.Xy12Zq" ] && fail "a killed run's snapshot temporary was left"
[ -z "$(find "$T/site/d" "$T/rcpt" -newer "$T/stamp" -type f)" ] || fail "files were rewritten"
sha256sum -c --quiet "$T/db.sum" || fail "the database changed"

# 2. Changes, one of them behind updated_at's back: a new event, a
# corrected row, a deleted dossier.
sqlite3 "$T/db.sqlite" <<'SQL' || fail "cannot change the database"
CREATE TEMP TABLE pick AS SELECT code FROM dossiers WHERE status = 'returned' ORDER BY code LIMIT 3;
-- an apology slip, logged with the first event, updated_at bumped
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, (SELECT min(at) FROM events WHERE dossier_code = d.code), 'apology',
         strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d WHERE d.code = (SELECT min(code) FROM pick);
UPDATE dossiers SET updated_at = '2025-11-20 09:59' WHERE code = (SELECT min(code) FROM pick);
-- the channel and the documents corrected without touching updated_at
UPDATE dossiers SET channel = CASE channel WHEN 'post' THEN 'online' ELSE 'post' END,
                    documents = documents || '; Giấy ủy quyền'
  WHERE code = (SELECT max(code) FROM pick);
-- a dossier deleted
DELETE FROM events WHERE dossier_code = (SELECT code FROM pick ORDER BY code LIMIT 1 OFFSET 1);
DELETE FROM dossiers WHERE code = (SELECT code FROM pick ORDER BY code LIMIT 1 OFFSET 1);
SQL
sleep 1
touch "$T/stamp"
pub "$T/site" "$T/kiosk.db" --now "$NOW" --receipts "$T/rcpt"
grep -q 'snapshot patched, 2 dossiers written, 1 removed' "$T/out" ||
	fail "incremental snapshot: $(cat "$T/out")"
grep -q ' 2 pages rendered, ' "$T/out" || fail "incremental pages: $(cat "$T/out")"
# Both receipts are made again; only the corrected documents show on one.
grep -q ' 1 receipts written, 798 unchanged' "$T/out" || fail "incremental receipts: $(cat "$T/out")"
[ "$(find "$T/rcpt" -newer "$T/stamp" -type f | wc -l)" -eq 2 ] ||
	fail "receipts other than the corrected dossier's were written"
# The patched copy holds what a full rebuild writes, and so do the pages.
pub "$T/full" "$T/full.db" --now "$NOW" --full
rows "$T/kiosk.db" > "$T/rows3"
rows "$T/full.db" > "$T/rows4"
cmp -s "$T/rows3" "$T/rows4" || { diff "$T/rows3" "$T/rows4" | head >&2; fail "copied snapshot differs"; }
# The home, agency and procedure pages count kept pages from the state.
same_as_full() {
	for f in $(cd "$T/full" && find d co-quan thu-tuc en/co-quan en/thu-tuc -type f \
		-name '*.html' 2>/dev/null) index.html en/index.html; do
		cmp -s "$T/full/$f" "$T/site/$f" || fail "$1: page $f differs from a full rebuild's"
	done
}
same_as_full "after changes"

# 3. Time passes, the database does not: a pending dossier within time at
# NOW is overdue months later, and only pages that changed are written.
code=$(sqlite3 "$T/kiosk.db" "SELECT code FROM dossiers d WHERE status = 'processing'
	AND due_at > '2025-11-20 10:00' ORDER BY code LIMIT 1")
[ -n "$code" ] || skip "no pending dossier within time in the demo data"
page=$("$P" --db "$T/db.sqlite" --key-file "$T/pub.key" --list-checks 100000 |
	awk -F '\t' -v c="$code" '$1 == c { print $4 }')
grep -q 'class="status v-within"' "$T/site$page" || fail "$code is not within time at $NOW"
closed=$(sqlite3 "$T/kiosk.db" "SELECT code FROM dossiers WHERE status = 'returned' LIMIT 1")
cpage=$("$P" --db "$T/db.sqlite" --key-file "$T/pub.key" --list-checks 100000 |
	awk -F '\t' -v c="$closed" '$1 == c { print $4 }')
sleep 1
touch "$T/stamp"
pub "$T/site" "$T/kiosk.db" --now "2026-06-01 10:00"
grep -q 'snapshot unchanged, 0 dossiers written, 0 removed' "$T/out" || fail "time step: $(cat "$T/out")"
grep -q 'class="status v-overdue"' "$T/site$page" || fail "$code not re-rendered as overdue"
[ "$T/site$page" -nt "$T/stamp" ] || fail "$code's page was not rewritten"
[ "$T/site$cpage" -nt "$T/stamp" ] && fail "a closed dossier's page was rewritten"
pub "$T/full" "$T/full.db" --now "2026-06-01 10:00" --full
same_as_full "months later"
# The same instant again: nothing left to render.
pub "$T/site" "$T/kiosk.db" --now "2026-06-01 10:00"
grep -q ' 0 pages rendered, ' "$T/out" || fail "second run at the same instant: $(cat "$T/out")"
echo "ok: no-change run renders nothing, changes and passing time are caught"
