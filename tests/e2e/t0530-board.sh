#!/bin/sh
# The wallboard in headless Chromium at 1080x1920 with 200 ready codes:
# pages that fit the screen, turned by themselves, refreshed in place
# without a meta refresh; a screenshot of every page in
# tests/e2e/screenshots/board-200-page-N.png.
. tests/fixtures/kiosk/lib.sh
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node"
e2e=$top/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
mkdir -p "$e2e/screenshots"
"$FIX/make-snapshot.sh" "$tmp/snap.db" "2025-03-12 08:00"
# 198 more results ready (200 in all, agency 1's pickup place).
sqlite3 -bail "$tmp/snap.db" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 198)
INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, agency_code,
                      channel, received_at, due_at, status, resolved_at)
SELECT '000.00.01.H34-250101-' || printf('%04d', i), printf('Tz%020d', i), '', 'X.Y.Z.',
       '1.001612', 1, '000.00.01.H34', 'counter', '2025-01-01 08:00', '2025-01-06 08:00',
       'ready', printf('2025-01-02 %02d:%02d', 8 + i / 60, i % 60)
FROM n;
SQL
# The next snapshot: one more result ready, the newest.
cp "$tmp/snap.db" "$tmp/next.db"
sqlite3 -bail "$tmp/next.db" "INSERT INTO dossiers (code, token, check_hash, initials, procedure_code,
	process_id, agency_code, channel, received_at, due_at, status, resolved_at) VALUES
	('000.00.01.H34-250313-0999', 'Tn0000000000000000999x', '', NULL, '1.001612', 1, '000.00.01.H34',
	 'counter', '2025-03-13 08:00', '2025-03-14 08:00', 'ready', '2099-01-01 00:00');
	UPDATE meta SET value = '2025-03-13 09:00' WHERE key = 'generated_at';"
kiosk_start --snapshot "$tmp/snap.db" --board-refresh 5
timeout 150 node "$e2e/board.test.js" "$B" "$e2e/screenshots" "$tmp/profile" \
	"cp '$tmp/next.db' '$tmp/snap.db.new' && mv '$tmp/snap.db.new' '$tmp/snap.db'" || fail "browser test"
kiosk_stop || fail "kioskd exit status $?"
