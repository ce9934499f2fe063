#!/bin/sh
# kiosk-fetch against the shipped distribution point (nginx with
# deploy/nginx-snapshots.conf): a first fetch takes the file (200), the next
# ones ask conditionally and get 304 (nothing moves, FILE.checked is
# touched), a new file on the server arrives by rename (a new inode under
# kioskd), a corrupt or wrong file on the server is refused and the one in
# place stays, temporaries and state are not served, and an unreachable
# server leaves everything as it was (FILE.checked not touched).
. tests/fixtures/kiosk/lib.sh
command -v nginx >/dev/null 2>&1 || skip "no nginx"
FETCH=$top/kiosk/kiosk-fetch
export KIOSKD
mkdir -p "$tmp/dist" "$tmp/kiosk"
chmod 755 "$tmp" "$tmp/dist"
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
cp "$tmp/a.db" "$tmp/dist/000.00.01.H34.db"
chmod 644 "$tmp/dist/000.00.01.H34.db"
# nginx's ETag is mtime and size: files one publisher run apart differ in mtime.
touch -d "10 minutes ago" "$tmp/dist/000.00.01.H34.db"
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$FIX/dist-nginx.sh" "$tmp/ngx" "$tmp/dist" "127.0.0.1:$nport" >"$tmp/nginx.conf"
nginx -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.err" &
npid=$!
trap 'kill "$npid" 2>/dev/null || true; cleanup' EXIT
i=0
until curl -s -o /dev/null "http://127.0.0.1:$nport/"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/nginx.err"; fail "nginx did not start"; }; sleep 0.1
done
: >"$tmp/ngx/access.log"
URL=http://127.0.0.1:$nport/000.00.01.H34.db
F=$tmp/kiosk/kiosk.db
codes() { awk '$7 ~ /[.]db$/ {print $9}' "$tmp/ngx/access.log" | tr '\n' ' '; }

"$FETCH" "$URL" "$F" 2>"$tmp/f.err" || fail "first fetch: $(cat "$tmp/f.err")"
cmp -s "$F" "$tmp/a.db" || fail "first fetch: not the server's file"
[ -s "$F.etag" ] && [ -e "$F.checked" ] || fail "no ETag or stamp kept"
ino=$(stat -c %i "$F")
touch -d '1 hour ago' "$F.checked"
"$FETCH" "$URL" "$F" || fail "second fetch"
[ "$(stat -c %i "$F")" = "$ino" ] || fail "an unchanged file was fetched again"
[ "$(find "$F.checked" -mmin -1)" ] || fail "304 did not touch the stamp"
expect "200 304 " "$(codes)" "status codes of a fetch and a conditional fetch"
# Without the ETag kept: If-Modified-Since does it.
rm "$F.etag"
"$FETCH" "$URL" "$F" || fail "fetch by date"
expect "200 304 304 " "$(codes)" "If-Modified-Since"

# kioskd serves it, and follows a new file renamed in on the server.
kiosk_start --snapshot "$F"
curl -s "$B/healthz" | grep -q '"generated_at":"2025-03-12 08:00"' || fail "kioskd: not the fetched file"
cp "$tmp/b.db" "$tmp/dist/.new" && chmod 644 "$tmp/dist/.new" && mv "$tmp/dist/.new" "$tmp/dist/000.00.01.H34.db"
"$FETCH" "$URL" "$F" 2>"$tmp/f.err" || fail "fetch of a new file: $(cat "$tmp/f.err")"
[ "$(stat -c %i "$F")" != "$ino" ] || fail "a new file was not renamed into place"
i=0
until curl -s "$B/healthz" | grep -q '"generated_at":"2025-03-12 09:00"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not switch to the fetched file"; sleep 0.1
done

# A corrupt file on the server: refused, the kiosk's file stays.
cmp -s "$F" "$tmp/b.db" || fail "not b"
head -c 30000 "$tmp/a.db" >"$tmp/dist/.bad" && chmod 644 "$tmp/dist/.bad" && mv "$tmp/dist/.bad" "$tmp/dist/000.00.01.H34.db"
if "$FETCH" "$URL" "$F" 2>"$tmp/f.err"; then fail "a corrupt file was taken"; fi
grep -q refused "$tmp/f.err" || fail "no reason given: $(cat "$tmp/f.err")"
cmp -s "$F" "$tmp/b.db" || fail "a refused fetch changed the kiosk's file"
ls -a "$tmp/kiosk" | grep -q '^\.kiosk' && fail "temporaries left behind"
# Not served: temporaries, state.
: >"$tmp/dist/.x.db.AbCdEf"; : >"$tmp/dist/p.state"
chmod 644 "$tmp/dist/.x.db.AbCdEf" "$tmp/dist/p.state"
expect 404 "$(status "http://127.0.0.1:$nport/.x.db.AbCdEf")" "a temporary file"
expect 404 "$(status "http://127.0.0.1:$nport/p.state")" "publisher state"

# Unreachable: exit 1, nothing touched, kioskd keeps serving.
kill "$npid"; wait "$npid" 2>/dev/null || true
touch -d '1 hour ago' "$F.checked"
if "$FETCH" "$URL" "$F" 2>/dev/null; then fail "a fetch from nowhere succeeded"; fi
[ -z "$(find "$F.checked" -mmin -1)" ] || fail "a failed fetch touched the stamp"
expect 200 "$(status "$B/d/$TOKEN1")" "kioskd while the distribution point is down"
"$FETCH" --help | grep -q 'usage\|conditional' || fail "--help"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: kiosk-fetch: 200, 304 by ETag and by date, rename, refusals, down server"
