#!/bin/sh
# The kiosk's own browser (127.0.0.1) is shared by everyone in the hall:
# past its burst of lookups it is locked out until the window that began
# with the first of them ends (BURST / RATE minutes, at most one minute);
# trying on during the lockout does not push its end back, and once it
# ends the next person is served.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"
# The defaults (10 lookups, 10 a minute): locked out for at most a minute.
i=0
while [ $i -lt 10 ]; do
	expect 404 "$(status "$B/lookup?code=$CODE1&check=0000000$((i % 10))")" "wrong code $i"
	i=$((i + 1))
done
curl -s -D "$tmp/h" -o /dev/null "$B/lookup?code=$CODE1&check=$CHECK1"
grep -q '^HTTP/1.1 429' "$tmp/h" || fail "after 10 wrong codes: $(head -1 "$tmp/h")"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$tmp/h")
[ "$retry" -ge 1 ] && [ "$retry" -le 60 ] || fail "locked out for $retry s"
dretry=$retry
kiosk_stop || fail "kioskd exit status $?"

# A short window (3 lookups, 90 a minute: 2 s) to see it end.
kiosk_start --snapshot "$tmp/snap.db" --lookup-burst 3 --lookup-rate 90
t0=$(date +%s%N)
for n in 1 2 3; do
	expect 404 "$(status "$B/lookup?code=$CODE1&check=0000000$n")" "wrong code $n"
done
# Someone keeps typing: every answer is 429 and the end never moves later.
last_end=0
n=0
while [ $n -lt 6 ]; do
	curl -s -D "$tmp/h" -o /dev/null "$B/lookup?code=$CODE1&check=0000000$n"
	now=$(date +%s%N)
	[ $(((now - t0) / 1000000)) -lt 1900 ] || break
	grep -q '^HTTP/1.1 429' "$tmp/h" || fail "attempt $n during the lockout: $(head -1 "$tmp/h")"
	retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$tmp/h")
	[ "$retry" -le 2 ] || fail "Retry-After $retry in a 2 s window"
	end=$(((now - t0) / 1000000000 + retry))
	[ $last_end -eq 0 ] || [ "$end" -le $((last_end + 1)) ] || fail "the lockout's end moved from $last_end to $end s"
	last_end=$end
	n=$((n + 1))
	sleep 0.2
done
[ $n -ge 3 ] || fail "only $n attempts fell in the lockout (machine too slow?)"
# The window ends 2 s after the first attempt: the next person is served.
while [ $((($(date +%s%N) - t0) / 1000000)) -lt 2100 ]; do sleep 0.1; done
expect 200 "$(status "$B/lookup?code=$CODE1&check=$CHECK1")" "the next person after the window"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: the kiosk's own lockout ends with its window ($n attempts during it; default: $dretry s)"
