#!/bin/sh
# The site's procedure page on a 360 px phone in headless Chromium: one
# shared process table, nothing wider than the screen, a few screens tall,
# documents and fee on it; screenshot tests/e2e/screenshots/procedure-phone.png.
set -eu
top=$(pwd)
BUILD=${BUILD:-build}
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$top/$BUILD/publisher" ] || skip "no $BUILD/publisher (build first)"
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
command -v node >/dev/null 2>&1 || skip "no node"
e2e=$top/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$e2e/screenshots"
"$top/$BUILD/trackdb" demo "$tmp/db" --dossiers 300 --seed 7 --now "2025-11-20 10:00" >/dev/null 2>&1 ||
	fail "trackdb demo"
"$top/$BUILD/publisher" --db "$tmp/db" --out "$tmp/site" --snapshot "$tmp/k.db" --key-file "$tmp/key" \
	--now "2025-11-20 10:00" >"$tmp/out" 2>&1 || fail "publish: $(cat "$tmp/out")"
timeout 90 node "$e2e/procedure.test.js" "$tmp/site/thu-tuc/1.001193.html" "$e2e/screenshots" "$tmp/profile" ||
	fail "browser test"
