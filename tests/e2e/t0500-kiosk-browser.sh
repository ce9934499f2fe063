#!/bin/sh
# The kiosk page in headless Chromium: keypad, timeline, scanner, idle
# reset, English, procedures, wallboard; screenshots at 1080x1920 portrait
# in tests/e2e/screenshots/.
. tests/fixtures/kiosk/lib.sh
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node"
e2e=$top/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
mkdir -p "$e2e/screenshots"
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --idle 3 --office 000.00.01.H34 --lookup-burst 100
timeout 120 node "$e2e/kiosk.test.js" "$B" "$e2e/screenshots" "$tmp/profile" || fail "browser test"
kiosk_stop || fail "kioskd exit status $?"
