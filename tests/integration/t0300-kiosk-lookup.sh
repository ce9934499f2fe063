#!/bin/sh
# kioskd lookups over real HTTP: by code + check code (page and API), by
# token in both path forms, wrong check and unknown code giving one answer,
# malformed codes, headers, escaping, and an access log without secrets.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --lookup-burst 1000

# By code + check code: the dossier page in the kiosk frame, with its steps.
curl -s -D "$tmp/h" -o "$tmp/page.html" "$B/lookup?code=$CODE1&check=$CHECK1"
grep -q '^HTTP/1.1 200' "$tmp/h" || fail "lookup: $(head -1 "$tmp/h")"
grep -q "$CODE1" "$tmp/page.html" || fail "lookup page lacks the code"
grep -q 'class="dossier' "$tmp/page.html" || fail "lookup page lacks the dossier view"
grep -q 'Thẩm định, trình ký' "$tmp/page.html" || fail "lookup page lacks the timeline's steps"
grep -qi '^Cache-Control: no-store' "$tmp/h" || fail "dossier answer is cacheable"
grep -qi "^Content-Security-Policy: default-src 'self'" "$tmp/h" || fail "no CSP"
grep -qi '^X-Content-Type-Options: nosniff' "$tmp/h" || fail "no nosniff"
grep -qi '^Referrer-Policy: no-referrer' "$tmp/h" || fail "no Referrer-Policy"
grep -qi '^X-Frame-Options: DENY' "$tmp/h" || fail "no X-Frame-Options"
grep -qi '^Content-Type: text/html; charset=utf-8' "$tmp/h" || fail "wrong Content-Type"
grep -q 'noindex' "$tmp/page.html" || fail "dossier page is indexable"
grep -q '<script>' "$tmp/page.html" && fail "inline <script> in the page"

# Typed the way people type: lower case, spaces around.
expect 200 "$(status "$B/lookup?code=%20000.00.01.h34-250312-0001%20&check=%20$CHECK1")" "lookup, loose typing"

# The API form used by the kiosk page.
curl -s "$B/api/lookup?code=$CODE1&check=$CHECK1" >"$tmp/l.json"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["token"]==sys.argv[2], j; assert j["path"]=="/d/Tk/"+sys.argv[2]+".html"; assert j["dossier"]["code"]==sys.argv[3]' \
	"$tmp/l.json" "$TOKEN1" "$CODE1" || fail "api/lookup JSON"

# By token: /d/<token>, the QR code's /d/XX/<token>.html, and the API.
expect 200 "$(status "$B/d/$TOKEN1")" "/d/token"
expect 200 "$(status "$B/d/Tk/$TOKEN1.html")" "/d/shard/token.html"
expect 200 "$(status "$B/d/Tk/$TOKEN3.html")" "token with - and _"
expect 200 "$(status "$B/d/$TOKEN1?lang=en")" "/d/token in English"
curl -s "$B/d/$TOKEN1?lang=en" | grep -q '<html lang="en"' || fail "lang=en page not English"
curl -s "$B/api/dossier/$TOKEN1" | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j["code"]=="'"$CODE1"'"' || fail "api/dossier JSON"
expect 404 "$(status "$B/d/XX/$TOKEN1.html")" "shard not matching the token"
expect 404 "$(status "$B/d/Tk1aaaaaaaaaaaaaaaaaab")" "unknown token"
expect 404 "$(status "$B/d/short")" "malformed token"

# Wrong check code and unknown code: the same status and the same bytes.
curl -s -D "$tmp/h1" -o "$tmp/wrong.html" "$B/lookup?code=$CODE1&check=87654321"
curl -s -D "$tmp/h2" -o "$tmp/unknown.html" "$B/lookup?code=000.00.01.H34-250312-0999&check=87654321"
grep -q '^HTTP/1.1 404' "$tmp/h1" || fail "wrong check: $(head -1 "$tmp/h1")"
grep -q '^HTTP/1.1 404' "$tmp/h2" || fail "unknown code: $(head -1 "$tmp/h2")"
cmp -s "$tmp/wrong.html" "$tmp/unknown.html" || fail "wrong check and unknown code answer differently"
grep -qi '^Cache-Control: no-store' "$tmp/h1" || fail "refusal is cacheable"
curl -s "$B/api/lookup?code=$CODE1&check=87654321" >"$tmp/w.json"
curl -s "$B/api/lookup?code=000.00.01.H34-250312-0999&check=87654321" >"$tmp/u.json"
cmp -s "$tmp/w.json" "$tmp/u.json" || fail "API: wrong check and unknown code differ"

# Malformed: not a code, a date that does not exist, check not 8 digits.
expect 400 "$(status "$B/lookup?code=hello&check=123456")" "not a code"
expect 400 "$(status "$B/lookup?code=000.00.01.H34-250230-0001&check=123456")" "30 February"
expect 400 "$(status "$B/lookup?code=$CODE1&check=1234567")" "7-digit check"
expect 400 "$(status "$B/lookup?code=$CODE1&check=1234567a")" "check with a letter"
expect 400 "$(status "$B/lookup?code=$CODE1")" "no check"
expect 400 "$(status "$B/api/lookup?check=123456")" "no code"

# Nothing secret in the access log: no token, no check code, no query.
[ -s "$tmp/access.log" ] || fail "no access log"
grep -q "$TOKEN1" "$tmp/access.log" && fail "token in the access log"
grep -q "$CHECK1" "$tmp/access.log" && fail "check code in the access log"
grep -q '?' "$tmp/access.log" && fail "query string in the access log"
grep -q ' /d/<redacted> 200 ' "$tmp/access.log" || fail "access log line format"
grep -q ' /lookup 404 ' "$tmp/access.log" || fail "access log lacks the refused lookup"

kiosk_stop || fail "kioskd exit status $?"
echo "ok: lookups"
