#!/bin/sh
# kioskd beside nginx on this machine, in one run: wrk token lookups
# (/d/XX/<token>.html, the QR path) at 64 and 256 connections against
# kioskd and against nginx serving the same page as a static file;
# requests/s, p99 and the ratio.  kioskd runs in up to three forms side by
# side, interleaved so that machine noise hits them alike:
#   kioskd     the page cache on (default --page-cache-mb 64)
#   nocache    --page-cache-mb 0: every request drawn from the snapshot
#              (prepared statements kept per connection)
#   base       an older binary for a before/after, when KIOSKD_BASE names
#              one (e.g. build/kfast-base/kioskd built from an older commit)
# Then a 1,000,000-dossier snapshot (filled with the sqlite3 CLI and a
# recursive CTE, same schema): one hot token, then random tokens over the
# million (mostly misses, the cache at its bound), kioskd's resident memory.
# Then the wallboard on the 1M snapshot: its first request after start
# (the figures computed) and the next ones (the figures shared), with
# KIOSKD_BASE beside when given.
# Figures are printed, never asserted.  DURATION (s) per run, default 10.
# ONLY=board: only the 1M snapshot and the wallboard (a short run).
set -eu
LC_ALL=C
export LC_ALL
B=${BUILD:-build}
top=$(pwd)
D=${DURATION:-10}
for tool in wrk nginx curl sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "b0300: no $tool, skipped"; exit 0; }
done
tmp=$(mktemp -d)
chmod 755 "$tmp"
kpid= npid=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	[ -n "$npid" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

pids=
start_kioskd() { # SNAPSHOT [BINARY [options]]: sets kpid, kport
	snap=$1; bin=${2:-$top/$B/kioskd}
	shift; [ $# -gt 0 ] && shift
	: >"$tmp/kioskd.err"
	"$bin" --snapshot "$snap" --listen 127.0.0.1 --port 0 --web "$top/web" \
		--assets "$top/assets" --access-log "$tmp/access.log" --per-ip 0 \
		--max-connections 2048 "$@" 2>"$tmp/kioskd.err" &
	kpid=$!
	pids="$pids $kpid"
	i=0
	until grep -q 'listening on' "$tmp/kioskd.err"; do
		i=$((i + 1)); [ $i -lt 600 ] || { cat "$tmp/kioskd.err"; exit 1; }; sleep 0.1
	done
	kport=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
}
stop_kioskd() { kill "$kpid"; wait "$kpid" || true; kpid=; }

# run NAME URL CONNS [wrk options]: one wrk run; prints and keeps "rps p99".
run() {
	name=$1 url=$2 conns=$3
	shift 3
	wrk -t2 -c"$conns" -d"${D}s" --latency "$@" "$url" >"$tmp/wrk.out" 2>&1
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$tmp/wrk.out")
	p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' "$tmp/wrk.out")
	errs=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$tmp/wrk.out")
	sock=$(sed -n 's/.*Socket errors: *//p' "$tmp/wrk.out")
	printf '%-10s c=%-4s %10s req/s  p99 %-9s non-2xx %s%s\n' "$name" "$conns" "$rps" "$p99" \
		"${errs:-0}" "${sock:+  socket errors: $sock}"
	echo "$rps" >"$tmp/rps.$name.$conns"
}
ratio() { # A B CONNS
	python3 -c 'import sys; print("ratio      c=%-4s %s/%s = %.2f" % (sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[1]) / float(sys.argv[2])))' \
		"$(cat "$tmp/rps.$1.$3")" "$(cat "$tmp/rps.$2.$3")" "$3" "$1" "$2"
}
cpu() { # PID: user+system seconds so far
	awk '{ printf "%.1f", ($14 + $15) / 100 }' "/proc/$1/stat"
}

# board_times NAME BINARY: kioskd on the 1M snapshot; /board's first
# answer, then 20 more one after another (median and slowest), then wrk.
board_times() {
	start_kioskd "$tmp/big.db" "$2"
	u=http://127.0.0.1:$kport/board
	first=$(curl -s -o /dev/null -w '%{time_total}' "$u")
	i=0
	while [ $i -lt 20 ]; do
		curl -s -o /dev/null -w '%{time_total}\n' "$u"
		i=$((i + 1))
	done >"$tmp/board.times"
	python3 -c 'import sys; t = sorted(float(l) for l in open(sys.argv[2])); print("%-10s /board on 1M: first %.1f ms, next 20: median %.2f ms, slowest %.2f ms" % (sys.argv[1], float(sys.argv[3]) * 1000, t[len(t) // 2] * 1000, t[-1] * 1000))' \
		"$1" "$tmp/board.times" "$first"
	run "board-$1" "$u" 64
	stop_kioskd
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
tests/fixtures/kiosk/make-snapshot.sh "$tmp/small.db"
if [ "${ONLY:-}" != board ]; then
token=Tk1aaaaaaaaaaaaaaaaaaa
path=/d/Tk/$token.html
forms="kioskd nocache"
start_kioskd "$tmp/small.db"
port_kioskd=$kport
start_kioskd "$tmp/small.db" "$top/$B/kioskd" --page-cache-mb 0
port_nocache=$kport
if [ -n "${KIOSKD_BASE:-}" ]; then
	start_kioskd "$tmp/small.db" "$KIOSKD_BASE"
	port_base=$kport
	forms="$forms base"
fi
mkdir -p "$tmp/site/d/Tk"
curl -s "http://127.0.0.1:$port_kioskd$path" >"$tmp/site$path"
for f in $forms; do
	eval "p=\$port_$f"
	curl -s "http://127.0.0.1:$p$path" | cmp -s - "$tmp/site$path" || echo "warning: $f's page differs from the cached one"
done
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$tmp/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 4096; }
http {
	access_log $tmp/nginx-access.log;
	default_type text/html;
	sendfile on;
	server { listen 127.0.0.1:$nport; root $tmp/site; }
}
CONF
nginx -c "$tmp/nginx.conf" -p "$tmp" &
npid=$!
sleep 0.5
echo "page: $(wc -c <"$tmp/site$path") bytes, the same bytes from every kioskd form and from nginx (a file)"
echo "all write an access log; kioskd: $(nproc) worker threads, epoll; runs interleaved, ${D} s each"
for c in 64 256; do
	for f in $forms; do
		eval "p=\$port_$f"
		run "$f" "http://127.0.0.1:$p$path" "$c"
	done
	run nginx "http://127.0.0.1:$nport$path" "$c"
	for f in $forms; do ratio "$f" nginx "$c"; done
	ratio kioskd nocache "$c"
	[ -n "${KIOSKD_BASE:-}" ] && ratio kioskd base "$c"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill "$npid"; wait "$npid" || true; npid=
grep -m1 " 500 " "$tmp/access.log" || true
for p in $pids; do kill "$p"; wait "$p" || true; done
pids= kpid=
fi

# 1,000,000 dossiers: the fixture's reference tables, generated dossiers
# and two events each.
N=${DOSSIERS:-1000000}
cp "$tmp/small.db" "$tmp/big.db"
t0=$(date +%s)
sqlite3 "$tmp/big.db" <<SQL
PRAGMA synchronous = OFF;
INSERT INTO agencies (code, name, name_en, level) VALUES ('000.00.09.H34', 'UBND xã Thử Tải', 'Load Test Commune', 'commune');
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $N)
INSERT INTO dossiers (code, token, check_hash, initials, procedure_code, process_id, agency_code,
                      channel, received_at, due_at, status, resolved_at)
SELECT '000.00.09.H34-' || strftime('%Y%m%d', '2024-01-01', '+' || (i / 9000) || ' days') || '-'
         || printf('%04d', i % 9000 + 1),
       printf('B%021d', i), lower(hex(randomblob(16))), NULL, '1.001612', 1, '000.00.09.H34',
       'counter', strftime('%Y-%m-%d 08:00', '2024-01-01', '+' || (i / 9000) || ' days'),
       strftime('%Y-%m-%d 08:00', '2024-01-01', '+' || (i / 9000 + 3) || ' days'),
       CASE WHEN i % 50 = 0 THEN 'ready' ELSE 'returned' END,
       strftime('%Y-%m-%d 15:00', '2024-01-01', '+' || (i / 9000 + 2) || ' days')
FROM n;
INSERT INTO events (dossier_code, seq, at, kind, step_no)
SELECT code, 1, received_at, 'step_start', 1 FROM dossiers WHERE agency_code = '000.00.09.H34';
INSERT INTO events (dossier_code, seq, at, kind, step_no)
SELECT code, 2, resolved_at, 'result_ready', NULL FROM dossiers WHERE agency_code = '000.00.09.H34';
UPDATE meta SET value = (SELECT count(*) FROM dossiers) WHERE key = 'dossiers';
COMMIT;
SQL
sqlite3 "$tmp/big.db" 'VACUUM'
# The codes above use YYYYMMDD; dossier codes carry YYMMDD: trim the century.
sqlite3 "$tmp/big.db" "UPDATE dossiers SET code = substr(code, 1, 14) || substr(code, 17) WHERE agency_code = '000.00.09.H34'; UPDATE events SET dossier_code = substr(dossier_code, 1, 14) || substr(dossier_code, 17) WHERE length(dossier_code) = 27;" >/dev/null
t1=$(date +%s)
echo "1M snapshot: $(sqlite3 "$tmp/big.db" 'SELECT count(*) FROM dossiers') dossiers, $(($(stat -c %s "$tmp/big.db") / 1048576)) MiB, built in $((t1 - t0)) s"
# The wallboard: 1 in 50 dossiers is ready (20,000 codes waiting).
board_times kioskd "$top/$B/kioskd"
[ -n "${KIOSKD_BASE:-}" ] && board_times base "$KIOSKD_BASE"
[ "${ONLY:-}" = board ] && exit 0
s0=$(date +%s%N)
start_kioskd "$tmp/big.db"
s1=$(date +%s%N)
big=$(printf 'B%021d' $((N / 2)))
ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$kport/d/$big")
echo "kioskd on the 1M snapshot: open + quick_check + calendar before listening: $(((s1 - s0) / 1000000)) ms; a lookup answers $ready"
rss0=$(sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$kpid/status")
run 1M-hot "http://127.0.0.1:$kport/d/${big}" 64
# Random tokens over the million: nearly every request a miss, and the
# cache filled to its bound (--page-cache-mb, default 64).
cat >"$tmp/random.lua" <<LUA
math.randomseed(os.time())
request = function()
	return wrk.format(nil, string.format("/d/B%021d", math.random(1, $N)))
end
LUA
cpu0=$(cpu "$kpid")
run 1M-random "http://127.0.0.1:$kport/" 64 -s "$tmp/random.lua"
cpu1=$(cpu "$kpid")
curl -s -o /dev/null "http://127.0.0.1:$kport/board"
rss1=$(sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$kpid/status")
hwm=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$kpid/status")
echo "kioskd CPU over the random run: $(python3 -c "print('%.1f' % ($cpu1 - $cpu0))") s"
curl -s "http://127.0.0.1:$kport/metrics" | grep '^kioskd_page_cache' | tr '\n' ' '
echo
echo "kioskd resident memory, 1M-dossier snapshot: $rss0 after start, $rss1 after the runs and /board (peak $hwm)"
stop_kioskd
# The same random run without the cache: what the cache costs on misses.
start_kioskd "$tmp/big.db" "$top/$B/kioskd" --page-cache-mb 0
run 1M-nocache "http://127.0.0.1:$kport/" 64 -s "$tmp/random.lua"
rss2=$(sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$kpid/status")
echo "kioskd --page-cache-mb 0 resident memory after the random run: $rss2"
stop_kioskd
# A smaller bound: resident memory follows the bound (plus the allocator's
# own overhead under this churn), not the number of dossiers looked up.
start_kioskd "$tmp/big.db" "$top/$B/kioskd" --page-cache-mb 16
run 1M-16MB "http://127.0.0.1:$kport/" 64 -s "$tmp/random.lua"
rss3=$(sed -n 's/^VmRSS:[[:space:]]*//p' "/proc/$kpid/status")
curl -s "http://127.0.0.1:$kport/metrics" | grep '^kioskd_page_cache_\(pages\|bytes\|max\)' | tr '\n' ' '
echo
echo "kioskd --page-cache-mb 16 resident memory after the random run: $rss3"
grep -m1 " 500 " "$tmp/access.log" || true
stop_kioskd
