#!/bin/sh
# kioskd switches snapshots without failing a request: the file is replaced
# by rename 50 times while curl loops fetch a dossier over keep-alive
# connections; every answer must be 200.  Then: a corrupt new file and a
# file of the wrong schema are refused (the old snapshot keeps serving and
# /healthz says why); a missing snapshot at start gives 503 and recovers
# without a restart when a good file appears.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
cp "$tmp/a.db" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"

# Load: 4 clients, each a curl reusing one connection for 100 requests per
# round, until the renames are done.
urls=
i=0
while [ $i -lt 100 ]; do urls="$urls -o /dev/null $B/d/Tk/$TOKEN1.html"; i=$((i + 1)); done
for c in 1 2 3 4; do
	(
		while [ ! -e "$tmp/stop" ]; do
			# shellcheck disable=SC2086
			curl -s -w "%{http_code}\\n" $urls
		done >"$tmp/load.$c"
	) &
	eval "load$c=\$!"
done
sleep 0.3
i=0
while [ $i -lt 50 ]; do
	if [ $((i % 2)) -eq 0 ]; then src=$tmp/b.db; else src=$tmp/a.db; fi
	cp "$src" "$tmp/snap.db.new"
	mv "$tmp/snap.db.new" "$tmp/snap.db"
	sleep 0.1
	i=$((i + 1))
done
touch "$tmp/stop"
# shellcheck disable=SC2154
wait "$load1" "$load2" "$load3" "$load4"
total=$(cat "$tmp"/load.* | wc -l)
failed=$(cat "$tmp"/load.* | grep -vc '^200$' || true)
[ "$total" -ge 400 ] || fail "only $total requests under load"
[ "$failed" -eq 0 ] || fail "$failed of $total requests failed during the switches"

# The last file renamed in (a.db) is the one in service.
i=0
until curl -s "$B/healthz" | grep -q '"generated_at":"2025-03-12 08:00"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "last snapshot not in service"; sleep 0.1
done
gen=$(curl -s "$B/healthz" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p')
[ "$gen" -ge 2 ] || fail "no switch happened (generation $gen)"

# A corrupt file: refused, the old one serves, /healthz reports it.
head -c 8192 "$tmp/b.db" >"$tmp/bad.db"
head -c 8192 /dev/urandom >>"$tmp/bad.db"
mv "$tmp/bad.db" "$tmp/snap.db"
i=0
until curl -s "$B/healthz" | grep -q '"last_error":"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "corrupt snapshot not reported"; sleep 0.1
done
curl -s "$B/healthz" >"$tmp/hz"
grep -q '"status":"degraded"' "$tmp/hz" || fail "healthz not degraded while a refused file sits at the path"
grep -q '"generated_at":"2025-03-12 08:00"' "$tmp/hz" || fail "old snapshot not kept"
grep -q '"reload_failures":[1-9]' "$tmp/hz" || fail "failure not counted"
expect 200 "$(status "$B/d/$TOKEN1")" "old snapshot after a corrupt one"

# A sound SQLite file that is not a kiosk snapshot: refused too.
sqlite3 "$tmp/other.db" "CREATE TABLE meta (key TEXT, value TEXT);"
mv "$tmp/other.db" "$tmp/snap.db"
i=0
until curl -s "$B/healthz" | grep -q 'not a kiosk snapshot'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "wrong-schema snapshot not reported"; sleep 0.1
done
expect 200 "$(status "$B/d/$TOKEN1")" "old snapshot after a wrong-schema one"

# A good one again: taken, the error clears.
cp "$tmp/b.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/healthz" | grep -q '"generated_at":"2025-03-12 09:00".*"last_error":null'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "good snapshot not taken after bad ones"; sleep 0.1
done
kiosk_stop || fail "kioskd exit status $?"

# Missing at start: 503 (and /healthz says so), then recovery in place.
rm -f "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"
expect 503 "$(status "$B/")" "/ without a snapshot"
expect 503 "$(status "$B/d/$TOKEN1")" "token without a snapshot"
expect 503 "$(status "$B/api/procedures")" "API without a snapshot"
expect 503 "$(status "$B/healthz")" "healthz without a snapshot"
curl -s "$B/healthz" | grep -q '"status":"unavailable"' || fail "healthz does not say unavailable"
curl -s "$B/" >"$tmp/503.html"
grep -q 'chưa sẵn sàng' "$tmp/503.html" || fail "503 page does not say so"
# It retries by itself through kiosk.js, not a meta refresh (which moves
# a screen-reader user away unannounced).
grep -q 'data-retry="10"' "$tmp/503.html" || fail "503 page does not retry"
! grep -qi 'http-equiv' "$tmp/503.html" || fail "503 page has a meta refresh"
expect 200 "$(status "$B/kiosk.js")" "kiosk.js without a snapshot"
expect 200 "$(status "$B/kiosk.css")" "static files without a snapshot"
cp "$tmp/a.db" "$tmp/snap.db"
i=0
until [ "$(status "$B/d/$TOKEN1")" = 200 ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "no recovery when the snapshot appeared"; sleep 0.1
done
expect 200 "$(status "$B/healthz")" "healthz after recovery"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: $total requests, 0 failed, over 50 renames (generation $gen); bad files refused; recovery"
