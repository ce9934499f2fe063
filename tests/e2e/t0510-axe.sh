#!/bin/sh
# axe-core (tests/e2e/axe.test.js) over the kiosk's screens (start, keypad,
# procedures, a procedure, a dossier, the wallboard) served by kioskd, and
# over one page of every page type of the published site, both languages,
# served by nginx with the shipped deploy/nginx-site.conf: 0 violations.
# A page type is a folder's page, or, in a folder of many pages, a page of
# each name shape (thong-ke/ky/2025-03.html, 2025-q1.html, chot-2025.html):
# a page type added later is checked without a change here.
. "$(dirname "$0")/../integration/publisher-lib.sh"
need nginx curl sqlite3 node
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install chromium)"
e2e=$ROOT/tests/e2e
if [ ! -d "$e2e/node_modules/playwright-core" ] || [ ! -d "$e2e/node_modules/axe-core" ]; then
	(cd "$e2e" && npm ci --no-audit --no-fund >/dev/null 2>&1) || fail "npm ci failed"
fi
KIOSKD=$ROOT/$BUILD/kioskd
[ -x "$KIOSKD" ] || skip "$KIOSKD not built"
KPID=
stop_kiosk() { [ -n "$KPID" ] && kill "$KPID" 2>/dev/null && wait "$KPID" 2>/dev/null; KPID=; }
trap 'stop_kiosk; cleanup' EXIT INT TERM

demo_db 400 "$T/db"
"$P" --db "$T/db" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/k" --now "$NOW" \
	--quiet || fail "publisher"

# One page of each type (see above), Vietnamese and English alike.
(cd "$T/site" && find . -name '*.html' | sed 's|^\./||' | sort) | awk -F/ '
	{ dir = $0; sub(/\/[^\/]*$/, "", dir); if (dir == $0) dir = ".";
	  n[dir]++; f[NR] = $0; d[NR] = dir }
	END { for (i = 1; i <= NR; i++) {
		b = f[i]; sub(/.*\//, "", b)
		if (n[d[i]] > 8) { gsub(/[0-9]/, "9", b); gsub(/[A-Z]/, "A", b) }
		key = d[i] "/" b
		if (d[i] ~ /^(en\/)?d\//) key = "dossier"
		if (!(key in seen)) { seen[key] = 1; print "/" f[i] } } }' >"$T/pages"
for must in /index.html /en/index.html /thong-ke/index.html /lo-trinh-iso/index.html; do
	grep -qx "$must" "$T/pages" || fail "no $must among the pages"
done
grep -q '^/d/' "$T/pages" || fail "no dossier page among the pages"

PORT=$(free_port)
nginx_start "$T/site" "$PORT"

: >"$T/kioskd.err"
"$KIOSKD" --snapshot "$T/kiosk.db" --listen 127.0.0.1 --port 0 --web "$ROOT/web" \
	--assets "$ROOT/assets" --access-log none --idle 600 2>"$T/kioskd.err" &
KPID=$!
i=0
while ! grep -q 'listening on' "$T/kioskd.err"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$T/kioskd.err" >&2; fail "kioskd did not start"; }
	kill -0 "$KPID" 2>/dev/null || { cat "$T/kioskd.err" >&2; fail "kioskd exited"; }
	sleep 0.1
done
kport=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$T/kioskd.err")

# A dossier waiting for the citizen when there is one (the page with the
# most to say), else one being handled; a procedure the kiosk lists.
code=$(sqlite3 "$T/db" "SELECT code FROM dossiers ORDER BY status = 'supplement' DESC,
	status = 'processing' DESC, code LIMIT 1")
KIOSK_DOSSIER=$("$P" --db "$T/db" --key-file "$T/k" --list-checks 100000 |
	awk -F '\t' -v c="$code" '$1 == c { print $4 }')
[ -n "$KIOSK_DOSSIER" ] || fail "no token path for $code"
KIOSK_PROC=/procedures/$(sqlite3 "$T/kiosk.db" "SELECT code FROM procedures ORDER BY code LIMIT 1")
export KIOSK_DOSSIER KIOSK_PROC

rc=0
timeout 600 node "$e2e/axe.test.js" "http://127.0.0.1:$kport" "http://127.0.0.1:$PORT" \
	"$T/pages" "$T/profile" >"$T/axe.out" 2>&1 || rc=$?
cat "$T/axe.out"
[ "$rc" = 0 ] || fail "axe-core found violations (or could not run: status $rc)"
echo "ok: t0510 axe-core: 0 violations on the kiosk and $(wc -l <"$T/pages") site page types"
