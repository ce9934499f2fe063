#!/bin/sh
# kioskd soaked: 1,000 connections (wrk) and 500 slow clients (slowhttptest
# from 5 more loopback addresses, a header line every 5 s) for DURATION
# seconds (default 60), the snapshot replaced every 5 s, while a probe
# client from its own address asks for a dossier page twice a second.
# Prints the probe's failures (the aim: none), wrk's figures, and kioskd's
# resident memory over the first and the last 10 s (the aim: flat).  In a
# network namespace of its own (root); every process stopped by PID.
set -eu
LC_ALL=C
export LC_ALL
B=${BUILD:-build}
top=$(pwd)
D=${DURATION:-60}
KIOSKD=${KIOSKD:-$top/$B/kioskd}
for tool in wrk slowhttptest ip python3 sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "b0310: no $tool, skipped"; exit 0; }
done
[ "$(id -u)" = 0 ] || { echo "b0310: needs root (network namespace), skipped"; exit 0; }
tmp=$(mktemp -d)
ns=kiosk-b0310-$$
pids= kpid=
cleanup() {
	for p in $pids $kpid; do kill "$p" 2>/dev/null || true; done
	for p in $pids $kpid; do wait "$p" 2>/dev/null || true; done
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
for i in 2 3 4 5 6 9; do in_ns ip addr add "127.0.0.$i/32" dev lo; done
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

fix=tests/fixtures/kiosk
"$fix/make-snapshot.sh" "$tmp/kiosk.db"
ulimit -n 20000 2>/dev/null || true
# Backgrounded with "ip netns exec" itself (not through in_ns, a
# function, whose subshell would get the PID): ip execs the program.
ip netns exec "$ns" "$KIOSKD" --snapshot "$tmp/kiosk.db" --listen 0.0.0.0 --port 0 --web "$top/web" \
	--assets "$top/assets" --access-log none --per-ip 1000 --max-connections 4096 \
	--timeout 10 2>"$tmp/kioskd.err" &
kpid=$!
i=0
until grep -q 'listening on' "$tmp/kioskd.err"; do
	i=$((i + 1)); [ $i -lt 300 ] || { cat "$tmp/kioskd.err"; exit 1; }; sleep 0.1
done
port=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
url=http://127.0.0.1:$port/d/Tk/Tk1aaaaaaaaaaaaaaaaaaa.html

# Resident memory once a second.
( while kill -0 "$kpid" 2>/dev/null; do
	sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$kpid/status"
	sleep 1
done ) >"$tmp/rss" 2>/dev/null &
pids="$pids $!"
# A new snapshot every 5 s, renamed into place as the fetcher does.
( n=0; while [ $n -lt $((D / 5)) ]; do
	sleep 5
	n=$((n + 1))
	"$fix/make-snapshot.sh" "$tmp/next.db" "2025-03-12 08:$(printf %02d $n)" && mv "$tmp/next.db" "$tmp/kiosk.db"
done ) >/dev/null 2>&1 &
pids="$pids $!"
for i in 2 3 4 5 6; do
	ip netns exec "$ns" slowhttptest -H -c 100 -r 100 -i 5 -l "$D" -u "http://127.0.0.$i:$port/" \
		>"$tmp/slow.$i" 2>&1 </dev/null &
	pids="$pids $!"
done
ip netns exec "$ns" wrk -t2 -c1000 -d"${D}s" --latency "$url" >"$tmp/wrk.out" 2>&1 &
wpid=$!
pids="$pids $wpid"
in_ns python3 - "$port" "$D" >"$tmp/probe" <<'PY'
import socket, sys, time
port, d = int(sys.argv[1]), float(sys.argv[2])
fails, slow, worst, n = 0, 0, 0.0, 0
end = time.monotonic() + d - 1
while time.monotonic() < end:
    t = time.monotonic()
    ok = False
    try:
        s = socket.socket()
        s.settimeout(10)
        s.bind(("127.0.0.9", 0))
        s.connect(("127.0.0.9", port))
        s.sendall(b"GET /d/Tk1aaaaaaaaaaaaaaaaaaa HTTP/1.1\r\nHost: k\r\nConnection: close\r\n\r\n")
        data = b""
        while True:
            c = s.recv(65536)
            if not c:
                break
            data += c
        ok = data.startswith(b"HTTP/1.1 200")
        s.close()
    except OSError:
        pass
    took = time.monotonic() - t
    n += 1
    worst = max(worst, took)
    fails += not ok
    slow += ok and took > 1
    time.sleep(max(0, 0.5 - took))
print(n, fails, slow, "%.3f" % worst)
PY
wait "$wpid" || true
set -- $(cat "$tmp/probe")
echo "probe: $1 requests, $2 failed, $3 over 1 s, slowest $4 s"
sed -n 's/^Requests\/sec: *\([0-9.]*\).*/wrk (1,000 connections): \1 req\/s/p' "$tmp/wrk.out"
grep -E '^ +(50|99)%|Socket errors|Non-2xx' "$tmp/wrk.out" | sed 's/^ */wrk /'
curl_metrics() { in_ns python3 -c '
import sys, urllib.request
print(urllib.request.urlopen("http://127.0.0.9:%s/metrics" % sys.argv[1], timeout=5).read().decode())' "$port"; }
curl_metrics >"$tmp/metrics" 2>/dev/null || true
grep -E '^kioskd_(connections_reaped_total|connections_refused_total|snapshot_generation|page_cache_bytes) ' "$tmp/metrics" | tr '\n' ' '
echo
python3 - "$tmp/rss" <<'PY'
import sys
v = [int(l) for l in open(sys.argv[1]) if l.strip().isdigit()]
if len(v) < 25:
    print("resident memory: only %d samples" % len(v)); sys.exit()
a, b = v[:10], v[-10:]
ma, mb = sum(a) / 10 / 1024, sum(b) / 10 / 1024
print("resident memory: first 10 s %.1f MB, last 10 s %.1f MB (%+.1f MB), peak %.1f MB" % (ma, mb, mb - ma, max(v) / 1024))
PY
kill "$kpid"; wait "$kpid" || true; kpid=
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
