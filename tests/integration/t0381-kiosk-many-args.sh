#!/bin/sh
# A query of hundreds of arguments is refused at once (414 past the longest
# query a route takes, 400 past the number of arguments any route reads),
# and logged, instead of holding the connection without an answer until
# the timeout; ordinary requests on the same kioskd are unaffected.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --timeout 30

many=$(python3 -c 'print("&".join("a%d=%d" % (i, i) for i in range(300)))')
[ ${#many} -gt 2000 ] || fail "the query is only ${#many} bytes"
got=$(curl -s -m 5 -o "$tmp/body" -w '%{http_code} %{time_total}' "$B/lookup?$many") || true
expect 414 "${got% *}" "300 arguments (${#many} bytes)"
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) < 2 else 1)' "${got#* }" ||
	fail "the 414 took ${got#* } s"
grep -q '"\?414\|414' "$tmp/body" || fail "the 414 page does not say so"
# Over the number of arguments but short: 400, also at once.
got=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$B/lookup?a=1&b=2&c=3&d=4&e=5") || true
expect 400 "$got" "5 arguments"
# A request line longer than the connection's memory: libmicrohttpd
# answers 414 itself (and kioskd never sees it, so it is not in the log).
huge=$(python3 -c 'print("&".join("code=%d" % i for i in range(3000)))')
got=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$B/api/lookup?$huge") || true
expect 414 "$got" "3,000 arguments (${#huge} bytes)"
# The same on a kept-alive connection: the next request on it is answered.
curl -s -m 5 -o /dev/null -o /dev/null -w '%{http_code}\n' "$B/lookup?$many" "$B/d/$TOKEN1" \
	>"$tmp/two" || true
expect "414 200" "$(tr '\n' ' ' <"$tmp/two" | sed 's/ $//')" "a request after the refusal"
expect 200 "$(status "$B/lookup?code=$CODE1&check=$CHECK1")" "an ordinary lookup"
kiosk_stop || fail "kioskd exit status $?"
n=$(grep -c ' refused 414 ' "$tmp/access.log" || true)
[ "$n" -eq 2 ] || { cat "$tmp/access.log"; fail "$n refusals 414 logged, expected 2"; }
grep -q ' refused 400 ' "$tmp/access.log" || fail "the 400 is not logged"
echo "ok: many-argument queries refused at once (${#many} bytes: 414) and logged"
