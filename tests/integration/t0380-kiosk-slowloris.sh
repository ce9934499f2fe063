#!/bin/sh
# Slowloris against kioskd, as outsiders would play it: slowhttptest from 8
# loopback addresses (127.0.0.2-9), then from 8 addresses of one IPv6 /64,
# each trying to hold 200 connections open by sending a header line every
# 2 s, while a probe client asks for a dossier page twice a second: every
# probe request is answered, promptly.  kioskd runs in a network namespace
# of the test's own (its loopback holds the attackers' addresses, and the
# kernel picks each one as the source towards itself); every process is
# stopped by PID and the run lasts DURATION seconds a phase (default 15).
. tests/fixtures/kiosk/lib.sh
[ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
for tool in ip slowhttptest; do
	command -v $tool >/dev/null 2>&1 || skip "no $tool"
done
D=${DURATION:-15}
ns=kiosk-t0380-$$
ip netns add "$ns" 2>/dev/null || skip "cannot make a network namespace here"
attackers=
trap 'for p in $attackers; do kill "$p" 2>/dev/null || true; done; ip netns del "$ns" 2>/dev/null || true; cleanup' EXIT
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
i=2
while [ $i -le 9 ]; do
	in_ns ip addr add "127.0.0.$i/32" dev lo
	in_ns ip -6 addr add "2001:db8:1:1::$i/128" dev lo nodad
	i=$((i + 1))
done
in_ns ip -6 addr add 2001:db8:2::1/128 dev lo nodad
"$FIX/make-snapshot.sh" "$tmp/snap.db"

# attack HOSTS...: one slowhttptest per host (a URL authority), in the
# background, for the phase's length; their PIDs in $attackers.
attack() {
	for h in "$@"; do
		ip netns exec "$ns" slowhttptest -H -c 200 -r 200 -i 2 -l "$D" -u "http://$h:$port/" \
			>"$tmp/slow.$h.log" 2>&1 </dev/null &
		attackers="$attackers $!"
	done
}
# probe URL FROM: a request twice a second while the attack lasts; prints
# the number of requests that failed or took over 2 s, and the slowest.
probe() {
	in_ns python3 - "$1" "$2" "$D" <<'PY'
import socket, sys, time
url, src, d = sys.argv[1], sys.argv[2], float(sys.argv[3])
host, port = url.rsplit(":", 1)
host = host.strip("[]")
fam = socket.AF_INET6 if ":" in host else socket.AF_INET
bad, worst, n = 0, 0.0, 0
end = time.monotonic() + d - 2
while time.monotonic() < end:
    t = time.monotonic()
    ok = False
    try:
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.settimeout(5)
        s.bind((src, 0))
        s.connect((host, int(port)))
        s.sendall(b"GET /d/Tk1aaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        ok = data.startswith(b"HTTP/1.1 200")
        s.close()
    except OSError:
        pass
    took = time.monotonic() - t
    worst = max(worst, took)
    n += 1
    if not ok or took > 2:
        bad += 1
    time.sleep(max(0, 0.5 - took))
print(n, bad, "%.3f" % worst)
PY
}
# held: connections kioskd holds now (its /metrics, asked from the probe's side).
metric() {
	in_ns curl -s -g -m 5 "$1/metrics" | sed -n "s/^kioskd_$2 \([0-9]*\)$/\1/p"
}

# Phase 1: IPv4, 8 addresses.
KIOSKD_WRAP="ip netns exec $ns" kiosk_start --snapshot "$tmp/snap.db" --listen 0.0.0.0 \
	--timeout 10
attack 127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5 127.0.0.6 127.0.0.7 127.0.0.8 127.0.0.9
sleep 3
held=$(metric "http://127.0.0.1:$port" connections)
set -- $(probe "127.0.0.1:$port" 127.0.0.1)
n4=$1 bad4=$2 worst4=$3
refused4=$(metric "http://127.0.0.1:$port" connections_refused_total)
for p in $attackers; do wait "$p" 2>/dev/null || true; done
attackers=
reaped4=$(metric "http://127.0.0.1:$port" connections_reaped_total)
kiosk_stop || fail "kioskd exit status $?"
[ "${held:-0}" -ge 128 ] || fail "the attack held only ${held:-0} connections: not an attack"
[ "${refused4:-0}" -gt 0 ] || fail "no connection was refused for --per-ip"
[ "$n4" -ge $((D - 4)) ] || fail "only $n4 probe requests"
[ "$bad4" -eq 0 ] || fail "IPv4 slowloris: $bad4 of $n4 probe requests failed or were slow (slowest $worst4 s)"

# Phase 2: one IPv6 subscriber, 8 addresses of its /64; the probe from
# another network.
KIOSKD_WRAP="ip netns exec $ns" kiosk_start --snapshot "$tmp/snap.db" --listen :: \
	--timeout 10
i=2 hosts=
while [ $i -le 9 ]; do hosts="$hosts [2001:db8:1:1::$i]"; i=$((i + 1)); done
attack $hosts
sleep 3
held6=$(metric "http://[2001:db8:2::1]:$port" connections)
set -- $(probe "[2001:db8:2::1]:$port" 2001:db8:2::1)
n6=$1 bad6=$2 worst6=$3
for p in $attackers; do wait "$p" 2>/dev/null || true; done
attackers=
kiosk_stop || fail "kioskd exit status $?"
[ "${held6:-99}" -le 40 ] || fail "one /64 held $held6 connections"
[ "$bad6" -eq 0 ] || fail "IPv6 slowloris: $bad6 of $n6 probe requests failed or were slow (slowest $worst6 s)"
echo "ok: slowloris from 8 addresses held $held connections ($refused4 refused, $reaped4 reaped), probe $n4/$n4 served (slowest $worst4 s); one /64 held $held6, probe $n6/$n6 (slowest $worst6 s)"
