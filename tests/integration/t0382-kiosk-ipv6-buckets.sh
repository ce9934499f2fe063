#!/bin/sh
# IPv6 clients are limited per /64 and per /48: in a network namespace of
# the test's own, with addresses of two /48s on its loopback, lookups from
# many addresses of one /64 share a bucket, walking through the /64s of a
# /48 gains at most the /48's allowance (RL_SITE_FACTOR bursts), another
# /48 is untouched, and ::1 (the kiosk itself) has its own lockout.
. tests/fixtures/kiosk/lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
command -v ip >/dev/null 2>&1 || skip "no ip (iproute2)"
ns=kiosk-t0382-$$
ip netns add "$ns" 2>/dev/null || skip "cannot make a network namespace here"
trap 'ip netns del "$ns" 2>/dev/null || true; cleanup' EXIT
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
# The server's address, a /64 with three addresses, eight more /64s of the
# same /48, and a /64 of another /48.
addrs="2001:db8:1:1::1 2001:db8:1:1::2 2001:db8:1:1::3"
i=2
while [ $i -le 9 ]; do addrs="$addrs 2001:db8:1:$i::1"; i=$((i + 1)); done
for a in 2001:db8:ff::1 $addrs 2001:db8:2:1::1; do
	in_ns ip -6 addr add "$a/128" dev lo nodad || skip "cannot add $a"
done
"$FIX/make-snapshot.sh" "$tmp/snap.db"
KIOSKD_WRAP="ip netns exec $ns" kiosk_start --snapshot "$tmp/snap.db" --listen :: \
	--lookup-burst 2 --lookup-rate 1
B="http://[2001:db8:ff::1]:$port"
# lookup FROM: the status of a wrong-check lookup from address FROM.
lookup() {
	in_ns curl -s -g -m 5 -o /dev/null -w '%{http_code}' --interface "$1" \
		"$B/lookup?code=$CODE1&check=00000000"
}
expect 404 "$(lookup 2001:db8:1:1::1)" "first lookup of the /64"
expect 404 "$(lookup 2001:db8:1:1::2)" "another address, same /64"
expect 429 "$(lookup 2001:db8:1:1::3)" "a third address of the /64, past its burst of 2"
# The /48 allows 4 bursts of 2: 2 taken above, 6 more over the other /64s.
ok=0
i=2
while [ $i -le 9 ]; do
	[ "$(lookup "2001:db8:1:$i::1")" = 404 ] && ok=$((ok + 1))
	i=$((i + 1))
done
expect 6 "$ok" "lookups allowed over 8 fresh /64s of a /48 that had used 2"
expect 404 "$(lookup 2001:db8:2:1::1)" "another /48"
in_ns curl -s -g -m 5 -D "$tmp/h" -o /dev/null --interface 2001:db8:1:9::1 \
	"$B/lookup?code=$CODE1&check=00000000"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$tmp/h")
[ -n "$retry" ] && [ "$retry" -ge 1 ] || fail "no Retry-After on the /48's refusal"
# ::1, the kiosk's own browser: its burst, then a lockout of at most a minute.
B6="http://[::1]:$port"
for n in 1 2; do
	got=$(in_ns curl -s -g -m 5 -o /dev/null -w '%{http_code}' "$B6/lookup?code=$CODE1&check=0000000$n")
	expect 404 "$got" "::1 lookup $n"
done
in_ns curl -s -g -m 5 -D "$tmp/h" -o /dev/null "$B6/lookup?code=$CODE1&check=00000003"
grep -q '^HTTP/1.1 429' "$tmp/h" || fail "::1 past its burst: $(head -1 "$tmp/h")"
retry=$(sed -n 's/^Retry-After: *\([0-9]*\).*/\1/ip' "$tmp/h")
[ "$retry" -ge 1 ] && [ "$retry" -le 60 ] || fail "::1 locked out for $retry s"
kiosk_stop || fail "kioskd exit status $?"
grep -q '2001:db8:1:1::3 GET /lookup 429' "$tmp/access.log" ||
	fail "the log does not show the /64's refusal: $(cat "$tmp/access.log")"
echo "ok: IPv6 buckets per /64 and /48 (::1 locked out for $retry s at most)"
