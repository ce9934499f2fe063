#!/bin/sh
# make demo: build the demo database, publish it, start the kiosk on :8080.
# Environment: DOSSIERS (default 20000), PORT (default 8080), BUILD (build).
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
N=${DOSSIERS:-20000}
PORT=${PORT:-8080}

echo "demo: creating data/demo.db with $N synthetic dossiers"
rm -f data/demo.db.new
"$B/trackdb" demo data/demo.db.new --dossiers "$N" --seed 1
mv data/demo.db.new data/demo.db

echo "demo: publishing into site/, receipts/ and kiosk.db"
"$B/publisher" --db data/demo.db --out site --receipts receipts --snapshot kiosk.db \
	--key-file data/demo.key --base-url "http://localhost:$PORT"

echo "demo: try these dossiers (code and check code):"
"$B/publisher" --db data/demo.db --key-file data/demo.key --list-checks 5 2>/dev/null || true
echo "demo: site/index.html is the static site; receipts/ holds printable receipts"
echo "demo: kiosk on http://localhost:$PORT/ (Ctrl-C stops it)"
exec "$B/kioskd" --snapshot kiosk.db --listen 127.0.0.1 --port "$PORT" --web web \
	--ratings data/kiosk-ratings.db
