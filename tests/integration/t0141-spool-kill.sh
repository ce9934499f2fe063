#!/bin/sh
# trackdb sync --spool: files dropped in a folder are applied in name
# order, each in one transaction, and moved to done/ or failed/ (with the
# reason beside); a dot file (still being written) is left alone; a run
# killed mid-batch leaves its file in the spool and the database without
# any of its records, and the next run finishes the work; a file applied
# but not yet moved when the run died is applied again without changing
# anything; two runs never work on one spool at once.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 python3

DB=$T/db.sqlite
S=$T/spool
demo_db 20 "$DB"
mkdir -p "$S"
A=000.00.07.H48
q() { sqlite3 "$DB" "$1"; }
cat > "$S/001-a.json" <<JSON
[{"MaHoSo": "$A-251103-0001", "MaTTHC": "1.009994", "ChuHoSo": "Một", "NgayTiepNhan": "20251103080000",
  "NgayHenTra": "20251201080000", "TrangThaiHoSo": "2"}]
JSON
cat > "$S/002-bad.json" <<JSON
[{"MaHoSo": "$A-251103-0002", "MaTTHC": "1.009994", "NgayTiepNhan": "20251103080000",
  "NgayHenTra": "20251201080000", "TrangThaiHoSo": "2"},
 {"MaHoSo": "$A-251103-0003", "MaTTHC": "1.009994", "NgayTiepNhan": "2025-13-03T08:00:00",
  "NgayHenTra": "20251201080000", "TrangThaiHoSo": "2"}]
JSON
# A big batch, so that the kill below lands in the middle of it.
python3 - "$S/003-big.jsonl" "$A" <<'PY'
import sys
out, a = sys.argv[1], sys.argv[2]
with open(out, "w") as f:
    for day in range(1, 29):
        for n in range(1, 1501):
            f.write('{"MaHoSo": "%s-2510%02d-%04d", "MaTTHC": "1.009994", "ChuHoSo": "Người %d", '
                    '"NgayTiepNhan": "202510%02d080000", "NgayHenTra": "202511%02d080000", '
                    '"TrangThaiHoSo": "4", "DanhSachHoSoBoSung": [{"NgayBoSung": "202510%02d090000"}]}\n'
                    % (a, day, n, n, day, day, day))
PY
cat > "$S/004-c.json" <<JSON
[{"MaHoSo": "$A-251104-0001", "MaTTHC": "1.009994", "ChuHoSo": "Bốn", "NgayTiepNhan": "20251104080000",
  "NgayHenTra": "20251202080000", "TrangThaiHoSo": "4"}]
JSON
echo '[{"MaHoSo": "half' > "$S/.005-incoming.json" # still being written under a dot name

# Run, and kill it while it works on the big batch (002 failed first).
"$TDB" sync "$DB" --spool "$S" > "$T/run1.out" 2>&1 &
pid=$!
i=0
until [ -e "$S/failed/002-bad.json" ]; do
	i=$((i + 1))
	[ $i -lt 600 ] || { kill -9 $pid; fail "the spool never reached the bad file"; }
	kill -0 $pid 2>/dev/null || fail "trackdb ended before the kill: $(cat "$T/run1.out")"
	sleep 0.05
done
sleep 0.3
kill -9 $pid 2>/dev/null || fail "trackdb finished the big batch before the kill (make it bigger)"
wait $pid 2>/dev/null || true
[ -e "$S/done/001-a.json" ] || fail "001 not in done/"
[ -e "$S/failed/002-bad.json" ] && grep -q "002-bad.json:2: .*NgayTiepNhan '2025-13-03T08:00:00' is not a date" \
	"$S/failed/002-bad.json.error" || fail "002: $(cat "$S/failed/002-bad.json.error" 2>&1)"
[ -e "$S/003-big.jsonl" ] || fail "the killed batch's file left the spool"
[ ! -e "$S/done/003-big.jsonl" ] || fail "the killed batch is in done/"
[ -e "$S/004-c.json" ] || fail "004 was taken before 003"
[ "$(q "SELECT count(*) FROM dossiers WHERE code LIKE '$A-2510%'")" = 0 ] ||
	fail "the killed batch left $(q "SELECT count(*) FROM dossiers WHERE code LIKE '$A-2510%'") dossiers"
[ "$(q "SELECT count(*) FROM dossiers WHERE code IN ('$A-251103-0001')")" = 1 ] || fail "001 not applied"
[ "$(q "SELECT count(*) FROM dossiers WHERE code IN ('$A-251103-0002', '$A-251103-0003')")" = 0 ] ||
	fail "the bad batch's good record was applied"

# Killed after 004's COMMIT and before its rename: simulated by applying
# it by hand; the next run applies it again, changing nothing.
"$TDB" sync "$DB" "$S/004-c.json" > /dev/null || fail "004 by hand"
"$TDB" sync "$DB" --spool "$S" > "$T/run2.out" 2>&1 || true
grep -q "003-big.jsonl: 42000 dossier records (42000 new" "$T/run2.out" || fail "rerun: $(cat "$T/run2.out")"
grep -q "004-c.json: 1 dossier records (0 new, 0 updated, 1 unchanged" "$T/run2.out" ||
	fail "004 again: $(cat "$T/run2.out")"
grep -q "2 files applied (moved to done/), 0 failed" "$T/run2.out" || fail "rerun totals: $(cat "$T/run2.out")"
[ "$(ls "$S" | grep -v '^done$' | grep -v '^failed$' | wc -l)" = 0 ] || fail "files left in the spool: $(ls "$S")"
[ -e "$S/.005-incoming.json" ] || fail "the dot file was taken"
[ "$(ls "$S/done" | tr '\n' ' ')" = "001-a.json 003-big.jsonl 004-c.json " ] || fail "done/: $(ls "$S/done")"
[ "$(q "SELECT count(*) FROM dossiers WHERE code LIKE '$A-2510%'")" = 42000 ] || fail "003 not applied whole"

# An empty spool is fine; a second run at the same time is refused.
"$TDB" sync "$DB" --spool "$S" > "$T/run3.out" 2>&1 || fail "empty spool: $(cat "$T/run3.out")"
grep -q "0 files applied" "$T/run3.out" || fail "empty spool: $(cat "$T/run3.out")"
if command -v flock >/dev/null 2>&1; then
	flock "$S/.lock" sleep 3 &
	fpid=$!
	sleep 0.5
	if "$TDB" sync "$DB" --spool "$S" > "$T/run4.out" 2>&1; then fail "a second run on a busy spool went ahead"; fi
	grep -q "another trackdb sync is working on this spool" "$T/run4.out" || fail "busy: $(cat "$T/run4.out")"
	wait $fpid
fi
echo "ok: spool files end in done/ or failed/, a killed batch leaves nothing half-applied"
