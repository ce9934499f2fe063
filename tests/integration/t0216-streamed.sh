#!/bin/sh
# A rebuilt snapshot hands its dossiers to the page pass as it writes them
# (streamed); a new site whose d/ is already there reads them back after
# (the pass it always had).  Both must publish the same bytes: every file
# of the site and every row of the snapshot.  The fixture's earliest
# dossier cannot be published, so the statistics' first period, guessed
# from the database while streaming, is wrong and must be counted again.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

demo_db 1500 "$T/a.sqlite"
sqlite3 "$T/a.sqlite" "INSERT INTO dossiers (code, procedure_code, process_id, agency_code,
  channel, received_at, due_at, status, applicant_name, updated_at)
  SELECT agency_code || '-200101-0001', 'NO-SUCH-PROCEDURE', process_id, agency_code, channel,
  '2020-01-01 08:00', '2020-01-03 17:00', 'processing', 'Nguyễn Văn A', '2020-01-01 08:00'
  FROM dossiers LIMIT 1;
  -- Published, first in code order and without events: the writer has
  -- buffered none yet when it hands this one over.
  INSERT INTO dossiers (code, procedure_code, process_id, agency_code, channel, received_at,
  due_at, status, applicant_name, updated_at)
  SELECT '000.00.00.A00-251119-0001', procedure_code, process_id, agency_code, channel,
  received_at, due_at, 'processing', 'Trần Thị B', updated_at
  FROM dossiers WHERE status = 'processing' LIMIT 1" || fail "fixture"
# Exit 1: published, one dossier named as not publishable.
pub() {
	rc=0
	"$P" --db "$T/a.sqlite" --out "$T/$1" --snapshot "$T/$1.kiosk.db" --key-file "$T/pub.key" \
		--receipts "$T/$1.rcpt" --base-url http://example.invalid --now "$NOW" --jobs 2 \
		>"$T/$1.out" 2>"$T/$1.err" || rc=$?
	[ "$rc" -eq 1 ] || fail "publisher ($1) exit $rc: $(cat "$T/$1.err")"
}
pub streamed
mkdir -p "$T/readback/d"
pub readback
grep -q 'pages rendered as it was written' "$T/streamed.out" || fail "the first run did not stream"
grep -q 'pages rendered as it was written' "$T/readback.out" && fail "the second run streamed"
for r in streamed readback; do
	grep -q -- '-200101-0001: procedure .NO-SUCH-PROCEDURE. missing' "$T/$r.err" ||
		fail "$r: the bad dossier was not named"
	[ ! -e "$T/$r/.d-new" ] || fail "$r: the staging folder is left"
done
diff -r "$T/streamed" "$T/readback" >"$T/diff" || { head -20 "$T/diff" >&2; fail "sites differ"; }
diff -r "$T/streamed.rcpt" "$T/readback.rcpt" >/dev/null || fail "receipts differ"
dump() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
		echo "== $t"
		if [ "$t" = meta ]; then
			sqlite3 "$1" "SELECT * FROM meta WHERE key NOT IN ('run_id', 'generated_at') ORDER BY 1"
		else
			sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1, 2"
		fi
	done
}
dump "$T/streamed.kiosk.db" >"$T/s.dump"
dump "$T/readback.kiosk.db" >"$T/r.dump"
cmp -s "$T/s.dump" "$T/r.dump" || fail "snapshots differ"
n=$(find "$T/streamed/d" -name '*.html' | wc -l)
[ "$n" -eq 1501 ] || fail "$n dossier pages, not 1501"
# The statistics start from the first published reception, not 2020.
grep -rlq "2020" "$T/streamed/thong-ke" && fail "statistics start from the unpublished dossier"
echo "ok: streamed and read-back passes publish the same site and snapshot ($n pages)"
