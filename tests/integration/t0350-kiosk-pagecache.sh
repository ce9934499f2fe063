#!/bin/sh
# kioskd's page cache never serves a page whose output has changed:
#  - a pending dossier's page, cached while within time, is drawn again
#    the minute after its due instant and says overdue (the hidden
#    --test-now-file moves kioskd's "now" for dossiers);
#  - a new snapshot renamed into place replaces every cached page: a
#    dossier whose status changed shows the new status at once;
#  - cached answers carry the same headers (no-store, CSP, ...) and the
#    same bytes as answers drawn without a cache (--page-cache-mb 0);
#  - /metrics shows the cache at work and within its bound.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
cp "$tmp/a.db" "$tmp/snap.db"
now="$tmp/now"
echo "2025-03-13 08:00" >"$now"
kiosk_start --snapshot "$tmp/snap.db" --test-now-file "$now"

metric() { # NAME: its value in /metrics
	curl -s "$B/metrics" | sed -n "s/^kioskd_$1 //p"
}
verdict() { # URL: the page's verdict class
	curl -s "$1" | sed -n 's/.*<p class="status v-\([a-z_]*\)".*/\1/p'
}

# TOKEN1 is pending (step 2 in hand): within time on 13 March.
due=$(curl -s "$B/api/dossier/$TOKEN1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["due"])')
[ -n "$due" ] || fail "no due instant in the API"
after=$(python3 -c 'import datetime,sys; print((datetime.datetime.strptime(sys.argv[1], "%Y-%m-%d %H:%M") + datetime.timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M"))' "$due")
expect within "$(verdict "$B/d/$TOKEN1")" "before the due instant"
h0=$(metric page_cache_hits_total)
expect within "$(verdict "$B/d/Tk/$TOKEN1.html")" "again, from the cache"
h1=$(metric page_cache_hits_total)
[ "$h1" -gt "$h0" ] || fail "second request was not a cache hit ($h0 -> $h1)"

# At the due instant itself: still within time (step 2's own deadline has
# passed, so the page was drawn again), and that page is kept until the
# minute after.
echo "$due" >"$now"
expect within "$(verdict "$B/d/$TOKEN1")" "at the due instant ($due)"
h2=$(metric page_cache_hits_total)
expect within "$(verdict "$B/d/$TOKEN1")" "at the due instant, again"
[ "$(metric page_cache_hits_total)" -gt "$h2" ] || fail "page drawn at the due instant not kept"

# The minute after: overdue, in both languages and in the API.
echo "$after" >"$now"
expect overdue "$(verdict "$B/d/$TOKEN1")" "the minute after the due instant ($after)"
expect overdue "$(verdict "$B/d/$TOKEN1?lang=en")" "in English after the due instant"
curl -s "$B/api/dossier/$TOKEN1" | grep -q '"verdict":"overdue"' || fail "API still within time"
[ "$(metric page_cache_expired_total)" -ge 1 ] || fail "no page expired"

# A resolved dossier's page does not depend on now: kept across days.
expect 200 "$(status "$B/d/Tk2bbbbbbbbbbbbbbbbbbb")" "resolved dossier"
echo "2025-06-01 08:00" >"$now"
h3=$(metric page_cache_hits_total)
expect 200 "$(status "$B/d/Tk2bbbbbbbbbbbbbbbbbbb")" "resolved dossier later"
[ "$(metric page_cache_hits_total)" -gt "$h3" ] || fail "resolved dossier's page not kept"

# Cached answers: the same headers as any dossier answer.
curl -s -D "$tmp/h" -o "$tmp/cached.html" "$B/d/$TOKEN1"
grep -qi '^Cache-Control: no-store' "$tmp/h" || fail "cached answer is cacheable"
grep -qi "^Content-Security-Policy: default-src 'self'" "$tmp/h" || fail "no CSP on a cached answer"
grep -qi '^X-Content-Type-Options: nosniff' "$tmp/h" || fail "no nosniff on a cached answer"
grep -qi '^Referrer-Policy: no-referrer' "$tmp/h" || fail "no Referrer-Policy on a cached answer"
grep -qi '^X-Frame-Options: DENY' "$tmp/h" || fail "no X-Frame-Options on a cached answer"
grep -qi '^Content-Type: text/html; charset=utf-8' "$tmp/h" || fail "wrong Content-Type"
len=$(sed -n 's/^[Cc]ontent-[Ll]ength: *\([0-9]*\).*/\1/p' "$tmp/h" | tr -d '\r')
expect "$(wc -c <"$tmp/cached.html")" "$len" "Content-Length of a cached answer"
expect 200 "$(status "$B/d/$TOKEN1" -I)" "HEAD of a cached page"
curl -s "$B/api/dossier/$TOKEN1" >"$tmp/cached.json"
curl -s "$B/d/$TOKEN1?lang=en" >"$tmp/cached-en.html"

# A new snapshot where TOKEN1's result is ready: shown as soon as it is in
# service, although its old page was cached and still valid.
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
sqlite3 "$tmp/b.db" "UPDATE dossiers SET status = 'ready' WHERE token = '$TOKEN1'"
curl -s "$B/d/$TOKEN1" | grep -q 'Có kết quả, chờ trả' && fail "fixture: already ready"
cp "$tmp/b.db" "$tmp/snap.db.new"
mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/healthz" | grep -q '"generated_at":"2025-03-12 09:00"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "new snapshot not in service"; sleep 0.1
done
curl -s "$B/d/$TOKEN1" | grep -q 'Có kết quả, chờ trả' || fail "old status served after the switch"
curl -s "$B/d/Tk/$TOKEN1.html" | grep -q '2025-03-12 09:00\|12/03/2025 09:00' ||
	fail "page does not show the new snapshot's time"
curl -s "$B/api/dossier/$TOKEN1" | grep -q '"status":"ready"' || fail "API: old status after the switch"
[ "$(metric page_cache_bytes)" -le "$(metric page_cache_max_bytes)" ] || fail "cache over its bound"
kiosk_stop || fail "kioskd exit status $?"

# Without a cache, the same bytes (the old snapshot, the same now).
cp "$tmp/a.db" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --test-now-file "$now" --page-cache-mb 0
curl -s "$B/d/$TOKEN1" | cmp -s - "$tmp/cached.html" || fail "cached page differs from a drawn one"
curl -s "$B/d/$TOKEN1?lang=en" | cmp -s - "$tmp/cached-en.html" || fail "English page differs"
curl -s "$B/api/dossier/$TOKEN1" | cmp -s - "$tmp/cached.json" || fail "cached JSON differs"
expect 0 "$(metric page_cache_max_bytes)" "--page-cache-mb 0"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: page cache: expiry at the due instant, snapshot switch, headers, same bytes"
