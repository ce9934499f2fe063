#!/bin/sh
# The wallboard (/board, /api/board): results ready for pickup by code
# only (no initials, no tokens), newest first, today's counts; its figures
# are computed once per snapshot generation and shared by the requests
# (kioskd_board_computations_total); they follow a snapshot swap; a ready
# list longer than the board's cap (200) shows the newest 200 and says how
# many wait in all; where to collect (once, or on each code when places
# differ); no meta refresh and no language button (board.js pages and
# refreshes it: tests/e2e/t0530-board.sh).
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
# b.db: the same, plus 248 more results ready (250 in all), resolved
# before the fixture's own so that those stay first.
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
sqlite3 -bail "$tmp/b.db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 248)
INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, agency_code,
                      channel, received_at, due_at, status, resolved_at)
SELECT '000.00.01.H34-250101-' || printf('%04d', i), printf('Tz%020d', i), '', 'X.Y.Z.',
       '1.001612', 1, '000.00.01.H34', 'counter', '2025-01-01 08:00', '2025-01-06 08:00',
       'ready', printf('2025-01-02 %02d:%02d', 8 + i / 60, i % 60)
FROM n;
UPDATE meta SET value = (SELECT count(*) FROM dossiers) WHERE key = 'dossiers';
SQL
cp "$tmp/a.db" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"

CODE2=000.00.01.H34-250310-0002
CODE4=000.00.01.H34-$(sqlite3 "$tmp/a.db" "SELECT substr(code, 15, 6) FROM dossiers WHERE token LIKE 'Tk4%'")-0004

# The page: both ready codes, nothing else of theirs, nothing of others.
curl -s -D "$tmp/h" -o "$tmp/board.html" "$B/board"
grep -q '^HTTP/1.1 200' "$tmp/h" || fail "board: $(head -1 "$tmp/h")"
grep -q "<li>$CODE4</li>" "$tmp/board.html" || fail "board lacks today's ready dossier"
grep -q "<li>$CODE2</li>" "$tmp/board.html" || fail "board lacks the older ready dossier"
[ "$(grep -c '<li>' "$tmp/board.html")" -eq 2 ] || fail "board lists other than the 2 ready dossiers"
grep -q "$CODE1" "$tmp/board.html" && fail "board lists a dossier still in processing"
grep -q 'T\.T\.B\.' "$tmp/board.html" && fail "board shows initials"
grep -q 'Tk[0-9]' "$tmp/board.html" && fail "board shows a token"
# It refreshes and pages itself with board.js (no meta refresh, which axe
# rates critical), says how often, keeps a reload link without script, and
# has no language button (nobody touches a hall screen).
grep -q 'http-equiv' "$tmp/board.html" && fail "board has a meta refresh"
grep -q '<script src="/board.js" defer></script>' "$tmp/board.html" || fail "board does not load board.js"
grep -q 'id="board" data-refresh="20" data-turn="10" data-page-word="Trang"' "$tmp/board.html" ||
	fail "board does not give board.js its timings"
grep -q '<noscript><p class="board-reload"><a class="btn" href="/board">Tải lại</a></p></noscript>' "$tmp/board.html" ||
	fail "board has no reload link without script"
grep -q 'btn-lang' "$tmp/board.html" && fail "board has a language button"
expect 200 "$(status "$B/board.js")" "board.js"
# One place for every code: said once, escaped.
grep -q '<p class="board-place">Nhận kết quả tại: <strong>Quầy số 2 &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</strong></p>' \
	"$tmp/board.html" || fail "board does not say where to collect"
grep -q 'class="pickup"' "$tmp/board.html" && fail "one place is repeated on every code"
grep -q 'board-capped' "$tmp/board.html" && fail "board says it is cut with 2 codes"
curl -s "$B/board?lang=en" | grep -q 'Results ready for pickup' || fail "board in English"

# The API: newest first, counts of today (dossier 4 received and ready today).
curl -s "$B/api/board" >"$tmp/a.json"
python3 - "$tmp/a.json" "$CODE4" "$CODE2" <<'PY' || fail "api/board: $(cat "$tmp/a.json")"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["ready"] == [sys.argv[2], sys.argv[3]], j["ready"]
assert j["waiting"] == 2 and j["ready_shown"] == 2 and j["ready_max"] == 200, j
assert j["pickup"] == ['Quầy số 2 <b>"A&B"</b>'] * 2, j["pickup"]
assert j["received"] >= 1 and j["resolved"] >= 1, j
assert "T.T.B." not in json.dumps(j)
PY

# Shared: more requests of the same generation compute nothing more (one
# more at most, should the day change in between).
metric() { curl -s "$B/metrics" | sed -n "s/^kioskd_$1 //p"; }
c0=$(metric board_computations_total)
[ "$c0" -ge 1 ] || fail "no board computation counted"
i=0
while [ $i -lt 20 ]; do
	expect 200 "$(status "$B/board")" "board request $i"
	i=$((i + 1))
done
c1=$(metric board_computations_total)
[ $((c1 - c0)) -le 1 ] || fail "board computed $((c1 - c0)) times for one generation"

# A swap: the board follows the new file (250 waiting, the newest 200
# shown, the page says so).
cp "$tmp/b.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/api/board" | grep -q '"waiting":250'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "board did not follow the snapshot swap"; sleep 0.1
done
curl -s "$B/api/board" >"$tmp/b.json"
python3 - "$tmp/b.json" "$CODE4" "$CODE2" <<'PY' || fail "api/board after the swap: $(head -c 300 "$tmp/b.json")"
import json, sys
j = json.load(open(sys.argv[1]))
r = j["ready"]
assert j["waiting"] == 250 and j["ready_shown"] == 200 and len(r) == 200, (j["waiting"], len(r))
assert r[:3] == [sys.argv[2], sys.argv[3], "000.00.01.H34-250101-0248"], r[:3]
assert r[-1] == "000.00.01.H34-250101-0051", r[-1]
PY
curl -s "$B/board" >"$tmp/board2.html"
[ "$(grep -c '<li>' "$tmp/board2.html")" -eq 200 ] || fail "board page does not show 200 codes"
grep -q 'board-capped">Hiển thị 200 kết quả mới nhất trong số 250 kết quả chờ nhận' \
	"$tmp/board2.html" || fail "board page does not say it shows the newest 200 of 250"
curl -s "$B/board?lang=en" | grep -q 'Showing the 200 most recent of 250 results waiting' ||
	fail "English board does not say it is cut"
grep -q 'X\.Y\.Z\.' "$tmp/board2.html" && fail "board shows initials after the swap"
grep -q 'Dữ liệu cập nhật lúc 12/03/2025 09:00' "$tmp/board2.html" || fail "board's as-of not the new snapshot's"

# Back to the first file: the board follows again.
cp "$tmp/a.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/api/board" | grep -q '"waiting":2,'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "board did not follow the swap back"; sleep 0.1
done

# Codes collected at different places: each code says its own; a code
# whose agency gives no place says nothing.
cp "$tmp/a.db" "$tmp/c.db"
sqlite3 -bail "$tmp/c.db" "UPDATE agencies SET pickup_place = 'Quầy 5 & \"7\"' WHERE code = '000.00.02.H34';
	UPDATE dossiers SET status = 'ready', resolved_at = '2025-03-12 07:00', returned_at = NULL
	WHERE code = '000.00.02.H34-250311-0003';
	INSERT INTO agencies (code, name, level) VALUES ('000.00.03.H34', 'C', 'commune');
	INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, agency_code,
	  channel, received_at, due_at, status, resolved_at) VALUES ('000.00.03.H34-250311-0001',
	  'Tc3ccccccccccccccccccc', '', NULL, '1.001612', 1, '000.00.03.H34', 'counter',
	  '2025-03-11 08:00', '2025-03-12 08:00', 'ready', '2025-03-01 07:00');
	UPDATE meta SET value = '2025-03-12 10:00' WHERE key = 'generated_at';"
cp "$tmp/c.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/api/board" | grep -q '"waiting":4,'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "board did not follow the swap to c.db"; sleep 0.1
done
curl -s "$B/board" >"$tmp/board3.html"
grep -q "<li>$CODE4<span class=\"pickup\">Quầy số 2 &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</span></li>" "$tmp/board3.html" ||
	fail "mixed board: agency 1's place on its code"
grep -q '<li>000.00.02.H34-250311-0003<span class="pickup">Quầy 5 &amp; &quot;7&quot;</span></li>' "$tmp/board3.html" ||
	fail "mixed board: agency 2's place on its code"
grep -q '<li>000.00.03.H34-250311-0001</li>' "$tmp/board3.html" || fail "mixed board: a code without a place"
grep -q 'board-place' "$tmp/board3.html" && fail "mixed board says one place for all"
curl -s "$B/api/board" | python3 -c '
import json, sys
j = json.load(sys.stdin)
p = dict(zip(j["ready"], j["pickup"]))
assert p["000.00.02.H34-250311-0003"] == "Quầy 5 & \"7\"" and p["000.00.03.H34-250311-0001"] is None, p
' || fail "api/board pickup places"
cp "$tmp/a.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"

# --office: only that agency's dossiers (000.00.02.H34 has none ready).
kiosk_stop || fail "kioskd exit status $?"
kiosk_start --snapshot "$tmp/snap.db" --office 000.00.02.H34
curl -s "$B/api/board" | grep -q '"waiting":0,.*"ready":\[\]' || fail "--office board lists others' dossiers"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: wallboard (codes only, shared figures, follows swaps, capped at 200)"
