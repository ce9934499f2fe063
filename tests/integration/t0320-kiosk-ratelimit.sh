#!/bin/sh
# kioskd's per-client rate limit on code lookups: after the burst, 429 with
# Retry-After, for well-formed and malformed attempts alike; token pages
# (unguessable) are not limited; /metrics counts the refusals.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --lookup-burst 5 --lookup-rate 1

i=0
while [ $i -lt 5 ]; do
	got=$(status "$B/lookup?code=$CODE1&check=0000000$i")
	expect 404 "$got" "lookup $i within the burst"
	i=$((i + 1))
done
curl -s -D "$tmp/h" -o "$tmp/body" "$B/lookup?code=$CODE1&check=$CHECK1"
grep -q '^HTTP/1.1 429' "$tmp/h" || fail "after the burst: $(head -1 "$tmp/h")"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$tmp/h")
[ -n "$retry" ] && [ "$retry" -ge 1 ] || fail "429 without a Retry-After"
grep -q 'Quá nhiều lần tra cứu' "$tmp/body" || fail "429 page does not say why"
expect 429 "$(status "$B/api/lookup?code=$CODE1&check=$CHECK1")" "API shares the bucket"
expect 429 "$(status "$B/lookup?code=garbage&check=1")" "malformed attempts count too"
expect 200 "$(status "$B/d/$TOKEN1")" "token page is not rate limited"
curl -s "$B/metrics" >"$tmp/metrics"
n=$(sed -n 's/^kioskd_rate_limited_total \([0-9]*\)$/\1/p' "$tmp/metrics")
[ "${n:-0}" -ge 3 ] || fail "metrics count $n rate-limited lookups"
grep -q '^kioskd_requests_total{route="/lookup",status="429"} ' "$tmp/metrics" || fail "no 429 in requests_total"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: rate limit (Retry-After: $retry)"
