#!/bin/sh
# `make install DESTDIR=... PREFIX=/usr`, then the installed kioskd started
# from / without --web finds the installed web/ and assets/ (not the source
# tree's: the installed page is marked) and serves its start page, the
# stylesheet, the emblem and /favicon.ico; --web still overrides; a kioskd
# with no folder to find says so and exits 1.  The installed publisher,
# also started from /, finds its stylesheet the same way.
. tests/fixtures/kiosk/lib.sh
command -v make >/dev/null 2>&1 || skip "no make"
root=$tmp/root
# A make started by `make test` must not inherit its jobserver.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$top" BUILD="$BUILD" \
	DESTDIR="$root" PREFIX=/usr install >"$tmp/install.out" 2>&1 ||
	{ cat "$tmp/install.out"; fail "make install"; }
for f in usr/bin/kioskd usr/bin/publisher usr/bin/trackdb usr/bin/kiosk-fetch \
	usr/share/tracking/web/kiosk.html usr/share/tracking/web/site.css \
	usr/share/tracking/assets/favicon.ico usr/share/tracking/assets/favicon.svg \
	usr/share/man/man1/kioskd.1; do
	[ -e "$root/$f" ] || fail "not installed: $f"
done
# The installed page is told apart from the source tree's.
echo '<!-- installed copy -->' >>"$root/usr/share/tracking/web/kiosk.html"

"$FIX/make-snapshot.sh" "$tmp/snap.db"
start() { # start [kioskd options]: the installed kioskd, cwd /, no --web
	: >"$tmp/kioskd.err"
	(cd / && exec "$root/usr/bin/kioskd" --snapshot "$tmp/snap.db" --port 0 \
		--access-log none "$@") 2>"$tmp/kioskd.err" &
	kpid=$!
	i=0
	while ! grep -q 'listening on' "$tmp/kioskd.err"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$tmp/kioskd.err"; fail "kioskd did not start"; }
		kill -0 "$kpid" 2>/dev/null || { cat "$tmp/kioskd.err"; fail "kioskd exited"; }
		sleep 0.1
	done
	port=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
	B=http://127.0.0.1:$port
}
stop() {
	kill -TERM "$kpid"
	rc=0
	wait "$kpid" || rc=$?
	kpid=
	[ "$rc" = 0 ] || fail "kioskd exit status $rc"
}

start
curl -s -o "$tmp/start.html" -w '%{http_code} %{content_type}\n' "$B/" >"$tmp/st"
read -r st ct <"$tmp/st"
expect 200 "$st" "GET /"
grep -q '<!-- installed copy -->' "$tmp/start.html" || fail "GET / is not the installed page"
grep -q 'rel="icon"' "$tmp/start.html" || fail "the start page links no icon"
expect 200 "$(status "$B/kiosk.css")" "GET /kiosk.css"
expect 200 "$(status "$B/kiosk.js")" "GET /kiosk.js"
expect 200 "$(status "$B/assets/emblem.svg")" "GET /assets/emblem.svg"
expect 200 "$(status "$B/assets/favicon.svg")" "GET /assets/favicon.svg"
curl -s -o "$tmp/fav" -w '%{http_code} %{content_type}\n' "$B/favicon.ico" >"$tmp/st"
read -r st ct <"$tmp/st"
expect 200 "$st" "GET /favicon.ico"
expect image/x-icon "$ct" "/favicon.ico's type"
cmp -s "$tmp/fav" "$top/assets/favicon.ico" || fail "/favicon.ico is not assets/favicon.ico"
stop

# --web and --assets override what is found.
mkdir -p "$tmp/web2" "$tmp/assets2"
cp "$top/web/"* "$tmp/web2/"
echo '<!-- the --web copy -->' >>"$tmp/web2/kiosk.html"
start --web "$tmp/web2" --assets "$tmp/assets2"
curl -s -o "$tmp/start.html" "$B/"
grep -q '<!-- the --web copy -->' "$tmp/start.html" || fail "--web did not override"
expect 404 "$(status "$B/assets/emblem.svg")" "an emblem outside --assets"
stop

# Nowhere to find the folders: one clear line and status 1 (when this
# machine has no real installation that would be found instead).
if [ ! -e /usr/share/tracking/web/kiosk.html ] && [ ! -e /usr/local/share/tracking/web/kiosk.html ]; then
	mkdir -p "$tmp/lone/bin"
	cp "$root/usr/bin/kioskd" "$tmp/lone/bin/"
	rc=0
	(cd / && TRACKING_SHARE= "$tmp/lone/bin/kioskd" --snapshot "$tmp/snap.db" --port 0) \
		>"$tmp/lone.out" 2>&1 || rc=$?
	expect 1 "$rc" "kioskd with no web folder: exit status"
	grep -q 'cannot find web/kiosk.html (use --web DIR)' "$tmp/lone.out" ||
		fail "kioskd with no web folder said: $(cat "$tmp/lone.out")"
fi

# The installed publisher, from /, copies the installed stylesheet.
"$top/$BUILD/trackdb" demo "$tmp/db" --dossiers 30 --seed 3 --now "2025-11-20 10:00" \
	>/dev/null 2>&1 || fail "trackdb demo"
echo '/* installed copy */' >>"$root/usr/share/tracking/web/site.css"
(cd / && "$root/usr/bin/publisher" --db "$tmp/db" --out "$tmp/site" --key-file "$tmp/k" \
	--now "2025-11-20 10:00" --quiet) >"$tmp/pub.out" 2>&1 ||
	{ cat "$tmp/pub.out"; fail "the installed publisher, started from /"; }
grep -q 'installed copy' "$tmp/site/site.css" || fail "the publisher did not take the installed site.css"
[ -e "$tmp/site/assets/favicon.ico" ] || fail "no assets/favicon.ico in the site"
echo "ok: t0398 installed with DESTDIR, kioskd and the publisher run from / with their files"
