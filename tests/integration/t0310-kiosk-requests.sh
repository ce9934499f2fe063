#!/bin/sh
# kioskd refuses malformed, oversized and traversal requests: a table of
# requests and the status each must get (jq-style golden cases).  Columns:
#   STATUS  HOW  REQUEST
# HOW is 'get' (curl --path-as-is, the target as written), a method name
# (curl -X), 'body' (GET with a body), 'raw' (bytes, Python escapes, sent by
# raw.py) or 'hdr' (GET / with a 20 KB header).  A raw NUL ends the path
# inside libmicrohttpd (the handler sees '/kiosk.css'): the answer is still
# a file of the table, never what follows the NUL.  Also: the static table
# loads no symlink that points out of web/ and no oddly named file.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"

# A web directory with traps: a symlink out, a symlink in, a bad name.
mkdir "$tmp/web" "$tmp/outside"
cp "$top"/web/kiosk.html "$top"/web/kiosk.css "$top"/web/kiosk.js "$tmp/web/"
echo secret >"$tmp/outside/secret.txt"
ln -s "$tmp/outside/secret.txt" "$tmp/web/evil.txt"
ln -s /etc/passwd "$tmp/web/passwd.txt"
ln -s kiosk.css "$tmp/web/alias.css"
echo x >"$tmp/web/bad name.txt"
echo x >"$tmp/web/.hidden.txt"
echo x >"$tmp/web/noext"

kiosk_start --snapshot "$tmp/snap.db" --web "$tmp/web" --lookup-burst 1000
long=$(python3 -c 'print("a" * 200)')
huge=$(python3 -c 'print("a" * 20000)')
longval=$(python3 -c 'print("1" * 100)')

cat >"$tmp/cases" <<CASES
200 get /
200 HEAD /
200 get /kiosk.css
200 get /alias.css
404 get /evil.txt
404 get /passwd.txt
400 get /bad%20name.txt
400 get /.hidden.txt
404 get /noext
404 get /nonexistent
404 get /etc/passwd
404 get /web/kiosk.css
404 get /kiosk.css/
400 get /../etc/passwd
400 get /%2e%2e/etc/passwd
400 get /%2E%2E/%2E%2E/etc/passwd
400 get /assets/..%2fkiosk.html
400 get /%252e%252e/etc/passwd
400 get /kiosk.css%00.html
400 get /..%5c..%5cetc%5cpasswd
400 get /.git/config
400 get //etc/passwd
400 get /%c0%ae%c0%ae/etc/passwd
400 get /%ZZ
400 get /kiosk.css;.html
400 get /d/%2e%2e/%2e%2e/etc/passwd
404 get /d/Tk1aaaaaaaaaaaaaaaaaaa/extra
414 get /$long
400 get /lookup?code=$longval&check=123456
400 get /lookup?foo=bar
400 get /lookup?code=a&code=b
400 get /lookup?code=%00&check=123456
400 get /?lang=vi&code=1&check=2&at=3&agency=4
400 get /api/estimate?procedure=../../x
400 get /api/estimate?procedure=1.001612&at=2025-13-45+99:99
404 get /procedures/1.00161
404 get /procedures/9.999999
405 POST /
405 PUT /kiosk.css
405 DELETE /d/$TOKEN1
405 OPTIONS /
413 body /
431 hdr /
414 get /$huge
400 raw GET http://evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n
400 raw GET kiosk.css HTTP/1.1\r\nHost: x\r\n\r\n
505 raw GET / HTTP/9.9\r\nHost: x\r\n\r\n
200 raw GET /kiosk.css\x00/../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n
400 raw GET /..\\\\..\\\\etc\\\\passwd HTTP/1.1\r\nHost: x\r\n\r\n
400 raw GET / HTTP/1.1\r\n\r\n
CASES

n=0 bad=0
while read -r want how req; do
	n=$((n + 1))
	case $how in
	get) got=$(status "$B$req" --path-as-is -g) ;;
	body) got=$(status "$B$req" -X GET --data-binary x) ;;
	hdr) got=$(status "$B$req" -H "X-Big: $huge") ;;
	raw) got=$(python3 "$FIX/raw.py" "$port" "$req") ;;
	HEAD) got=$(status "$B$req" -I) ;;
	*) got=$(status "$B$req" --path-as-is -g -X "$how") ;;
	esac
	if [ "$got" != "$want" ]; then
		printf 'FAIL: %s %.60s: expected %s, got %s\n' "$how" "$req" "$want" "$got"
		bad=$((bad + 1))
	fi
done <"$tmp/cases"
[ "$n" -ge 30 ] || fail "only $n cases"
[ "$bad" -eq 0 ] || fail "$bad of $n requests answered wrongly"

# The daemon is still fine after all that.
expect 200 "$(status "$B/d/$TOKEN1")" "after the bad requests"
curl -s "$B/evil.txt" | grep -q secret && fail "a symlink out of web/ was served"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: $n refused or served as expected"
