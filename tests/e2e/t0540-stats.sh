#!/bin/sh
# The statistics pages in headless Chromium (tests/e2e/stats.test.js): on a
# 360x780 phone the chart's text stays at least 11 px and its month labels
# apart, a month not over and a rate from few dossiers are marked, a value
# that does not apply is drawn unlike a zero, the wide tables scroll from
# the keyboard; at 1280 px the monthly table is not cut and the bottleneck
# table's words are not squeezed.  Screenshots in tests/e2e/screenshots/
# (stats-chart-phone.png: a statistics chart on a phone).
. "$(dirname "$0")/../integration/publisher-lib.sh"
need nginx curl node
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
e2e=$ROOT/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
mkdir -p "$e2e/screenshots"

demo_db 400 "$T/db"
"$P" --db "$T/db" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/k" --now "$NOW" \
	--quiet || fail "publisher"
PORT=$(free_port)
nginx_start "$T/site" "$PORT"
timeout 300 node "$e2e/stats.test.js" "http://127.0.0.1:$PORT" "$e2e/screenshots" "$T/profile" \
	>"$T/out" 2>&1 || { cat "$T/out" >&2; fail "browser test"; }
cat "$T/out"
echo "ok: t0540: statistics charts and tables on a phone and a desktop"
