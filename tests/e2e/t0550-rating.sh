#!/bin/sh
# The satisfaction rating in headless Chromium, at the hall kiosk and on a
# counter tablet (kioskd --mode rating): rating.test.js drives the pages;
# here the stores are checked against what was clicked, and both stores,
# imported into a back-office database, count the dossier rated twice by
# its latest rating (the second replaces the first).
. tests/fixtures/kiosk/lib.sh
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node"
e2e=$top/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
mkdir -p "$e2e/screenshots"
"$FIX/make-snapshot.sh" "$tmp/snap.db"
CODE2=000.00.01.H34-250310-0002
CODE3=000.00.02.H34-250311-0003
q() { sqlite3 "$1" "$2" | tr '\n' ' ' | sed 's/ $//'; }

kiosk_start --snapshot "$tmp/snap.db" --idle 60 --ratings "$tmp/hall.db" --device hall-1
timeout 120 node "$e2e/rating.test.js" kiosk "$B" "$e2e/screenshots" "$tmp/profile" || fail "browser test (kiosk)"
kiosk_stop || fail "kioskd exit status $?"
expect "$CODE3|no|wait|kiosk|hall-1 $CODE3|yes||kiosk|hall-1" \
	"$(q "$tmp/hall.db" "SELECT dossier_code, choice, reason, source, device FROM ratings ORDER BY seq")" \
	"the hall kiosk's store"

sleep 1 # the counter's ratings come later by the clock
kiosk_start --snapshot "$tmp/snap.db" --idle 60 --mode rating --office 000.00.02.H34 \
	--ratings "$tmp/counter.db" --device counter-1
timeout 120 node "$e2e/rating.test.js" counter "$B" "$e2e/screenshots" "$tmp/profile2" || fail "browser test (counter)"
kiosk_stop || fail "kioskd exit status $?"
expect "$CODE3|no||counter $CODE2|very_satisfied||counter" \
	"$(q "$tmp/counter.db" "SELECT dossier_code, choice, coalesce(reason, ''), source FROM ratings ORDER BY seq")" \
	"the counter's store"

# Both stores into a back-office database holding the two dossiers.
db=$tmp/back.db
"$top/$BUILD/trackdb" init "$db"
sqlite3 "$db" "INSERT INTO dossiers (code, procedure_code, process_id, agency_code, channel,
	received_at, due_at, status, applicant_name, updated_at) VALUES
	('$CODE2', '1.001612', 1, '000.00.01.H34', 'online', '2025-03-10 09:00', '2025-03-13 09:00', 'ready', 'A', '2025-03-12 15:00'),
	('$CODE3', '2.000815', 2, '000.00.02.H34', 'counter', '2025-03-11 10:00', '2025-03-11 15:00', 'returned', 'B', '2025-03-11 16:00');
	INSERT INTO rating_questions VALUES ('000.00.02.H34', 'overall', 1, 'Q', NULL);
	INSERT INTO rating_choices VALUES ('000.00.02.H34', 'overall', 'yes', 1, 'Có', NULL, 1),
	  ('000.00.02.H34', 'overall', 'no', 2, 'Không', NULL, 0);
	INSERT INTO rating_reasons VALUES ('000.00.02.H34', 'overall', 'wait', 1, 'Chờ lâu', NULL);"
for s in hall counter; do
	"$KIOSKD" --ratings "$tmp/$s.db" --export-ratings "$tmp/$s.csv" >/dev/null || fail "export $s"
done
"$top/$BUILD/trackdb" import "$db" ratings "$tmp/hall.csv" "$tmp/counter.csv" >/dev/null || fail "import"
expect 3 "$(q "$db" "SELECT count(*) FROM ratings WHERE dossier_code = '$CODE3'")" "rows of dossier 3"
expect "$CODE2|very_satisfied $CODE3|no" "$(q "$db" "SELECT dossier_code, choice FROM ratings_current ORDER BY dossier_code")" \
	"current ratings: the latest of each dossier"
echo "ok: rating at the kiosk and at the counter"
