#!/bin/sh
# kioskd under load and attack, beside nginx and beside the previous build,
# in one run on this machine (its load is printed before each part):
#   1. the same 3 KB dossier page (/d/XX/<token>.html, the QR path), wrk at
#      64 and 256 connections: kioskd (page cache), kioskd --page-cache-mb 0,
#      the previous build, nginx serving the page as a file; req/s, p99 and
#      each p99 over nginx's;
#   2. a 1,000,000-dossier snapshot, random tokens, page cache 64, 16 and
#      0 MiB: req/s, p99, and resident memory (the snapshot's own copy in
#      memory is there from the start: the growth is the cache's and the
#      allocator's), for this build and the previous one;
#   3. /procedures and /api/procedures alone, then /procedures under wrk
#      from one client while another asks for dossier pages (its median);
#   4. the attack rows, played by the integration tests against each
#      binary (slowloris t0380, many arguments t0381, IPv6 /48 t0382, the
#      local lockout t0383; root for their network namespaces; the previous
#      build fails the lookups of t0382/t0383 before their point, as the
#      fixture's check codes have changed since);
#   5. the systemd unit's exposure, this one and the previous one.
# The previous build is the commit KIOSKD_BASE_REV (default: the one
# before the load and attack work), built into a temporary folder; or
# KIOSKD_BASE names a binary.  Figures are printed, never asserted.
# DURATION (s) per wrk run, default 10; DOSSIERS (default 1,000,000);
# LOADED=1 repeats part 1 with 6 busy loops beside it (stopped by PID);
# ONLY=1,3 runs those parts only.  The 1M snapshot is deleted at the end.
set -eu
LC_ALL=C
export LC_ALL
B=${BUILD:-build}
top=$(pwd)
D=${DURATION:-10}
ONLY=${ONLY:-1,2,3,4,5}
for tool in wrk nginx curl sqlite3 python3; do
	command -v "$tool" >/dev/null 2>&1 || { echo "b0300: no $tool, skipped"; exit 0; }
done
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids= npid= hogs=
cleanup() {
	for p in $pids $hogs; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	[ -n "$npid" ] && kill "$npid" 2>/dev/null && wait "$npid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
part() { case ",$ONLY," in *,$1,*) return 0 ;; esac; return 1; }
load() { echo "load: $(cut -d' ' -f1-3 /proc/loadavg) ($(uptime | sed 's/^ *//'))"; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)"
load

# The previous build.
BASE_REV=${KIOSKD_BASE_REV:-9666bbc}
if [ -z "${KIOSKD_BASE:-}" ] && git rev-parse -q --verify "$BASE_REV^{commit}" >/dev/null 2>&1; then
	mkdir "$tmp/base"
	git archive "$BASE_REV" | tar -x -C "$tmp/base"
	if (cd "$tmp/base" && nice make -s BUILD=build build/kioskd) >"$tmp/base.log" 2>&1; then
		KIOSKD_BASE=$tmp/base/build/kioskd
	else
		echo "previous build ($BASE_REV) did not build: $(tail -1 "$tmp/base.log")"
	fi
fi
KIOSKD_BASE=${KIOSKD_BASE:-}
[ -n "$KIOSKD_BASE" ] && echo "previous build: $BASE_REV ($KIOSKD_BASE)"

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
		i=$((i + 1)); [ $i -lt 1200 ] || { cat "$tmp/kioskd.err"; exit 1; }; sleep 0.1
	done
	kport=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
}
stop_kioskd() { kill "$kpid"; wait "$kpid" || true; kpid=; }
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; } # kB

# run NAME URL CONNS [wrk options]: one wrk run; prints it, keeps
# "rps p50_ms p99_ms" in $tmp/r.NAME.CONNS.
run() {
	name=$1 url=$2 conns=$3
	shift 3
	wrk -t2 -c"$conns" -d"${D}s" --latency "$@" "$url" >"$tmp/wrk.out" 2>&1 || true
	python3 - "$tmp/wrk.out" "$name" "$conns" "$tmp/r.$name.$conns" <<'PY'
import re, sys
out = open(sys.argv[1]).read()
def ms(v):
    m = re.match(r"([0-9.]+)(us|ms|s)", v)
    return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else float("nan")
rps = re.search(r"Requests/sec:\s*([0-9.]+)", out)
p50 = re.search(r"^\s*50%\s*(\S+)", out, re.M)
p99 = re.search(r"^\s*99%\s*(\S+)", out, re.M)
bad = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
sock = re.search(r"Socket errors:(.*)", out)
rps = float(rps.group(1)) if rps else 0.0
p50 = ms(p50.group(1)) if p50 else float("nan")
p99 = ms(p99.group(1)) if p99 else float("nan")
print("%-14s c=%-4s %9.0f req/s  p50 %7.2f ms  p99 %7.2f ms%s%s" % (sys.argv[2], sys.argv[3], rps,
      p50, p99, "  non-2xx %s" % bad.group(1) if bad else "", "  socket errors:" + sock.group(1) if sock else ""))
open(sys.argv[4], "w").write("%f %f %f\n" % (rps, p50, p99))
PY
}
# p99ratio A B CONNS: A's p99 over B's.
p99ratio() {
	[ -f "$tmp/r.$1.$3" ] && [ -f "$tmp/r.$2.$3" ] || return 0
	python3 -c 'import sys; a = float(sys.argv[1].split()[2]); b = float(sys.argv[2].split()[2]); print("p99 ratio      c=%-4s %s / %s = %.2f" % (sys.argv[3], sys.argv[4], sys.argv[5], a / b))' \
		"$(cat "$tmp/r.$1.$3")" "$(cat "$tmp/r.$2.$3")" "$3" "$1" "$2"
}

tests/fixtures/kiosk/make-snapshot.sh "$tmp/small.db"
token=Tk1aaaaaaaaaaaaaaaaaaa
path=/d/Tk/$token.html

# ---- 1. the same page, beside nginx -------------------------------------
page_runs() { # SUFFIX: one pass at 64 and 256 connections
	for c in 64 256; do
		for f in $forms; do
			eval "p=\$port_$f"
			run "$f$1" "http://127.0.0.1:$p$path" "$c"
		done
		run "nginx$1" "http://127.0.0.1:$nport$path" "$c"
		for f in $forms; do p99ratio "$f$1" "nginx$1" "$c"; done
	done
}
if part 1; then
	echo "== 1. the same 3 KB page, kioskd beside nginx"
	forms="kioskd nocache"
	start_kioskd "$tmp/small.db"
	port_kioskd=$kport
	start_kioskd "$tmp/small.db" "$top/$B/kioskd" --page-cache-mb 0
	port_nocache=$kport
	if [ -n "$KIOSKD_BASE" ]; then
		start_kioskd "$tmp/small.db" "$KIOSKD_BASE"
		port_base=$kport
		forms="$forms base"
	fi
	mkdir -p "$tmp/site/d/Tk"
	curl -s "http://127.0.0.1:$port_kioskd$path" >"$tmp/site$path"
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
	echo "page: $(wc -c <"$tmp/site$path") bytes; all forms write an access log; ${D} s a run"
	page_runs ""
	if [ "${LOADED:-0}" = 1 ]; then
		echo "-- again with 6 busy loops beside (a loaded machine)"
		for i in 1 2 3 4 5 6; do
			sh -c 'while :; do :; done' &
			hogs="$hogs $!"
		done
		sleep 2
		load
		page_runs "-loaded"
		for p in $hogs; do kill "$p"; wait "$p" 2>/dev/null || true; done
		hogs=
	fi
	load
	kill "$npid"; wait "$npid" || true; npid=
	for p in $pids; do kill "$p"; wait "$p" || true; done
	pids= kpid=
fi

# ---- 3. the procedures list ---------------------------------------------
procs_runs() { # NAME BINARY
	start_kioskd "$tmp/procs.db" "$2"
	u=http://127.0.0.1:$kport
	run "$1-procs" "$u/procedures" 16
	run "$1-api" "$u/api/procedures" 16
	# One client in a loop on /procedures, another asking for pages.
	wrk -t1 -c16 -d"$((D + 2))s" "$u/procedures" >/dev/null 2>&1 &
	hog=$!
	sleep 1
	run "$1-others" "$u$path" 8
	wait "$hog" || true
	stop_kioskd
}
if part 3; then
	echo "== 3. /procedures: alone, and others' dossier pages while one client loops on it"
	# A province's catalogue: 400 more procedures, each with 3 processes
	# (7 agencies' worth of rows to join), beside the fixture's dossiers.
	cp "$tmp/small.db" "$tmp/procs.db"
	sqlite3 "$tmp/procs.db" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO procedures (code, name, name_en, field_code, level, limit_days, fee_vnd)
SELECT printf('2.%06d', i), 'Thủ tục thử tải số ' || i, 'Load test procedure ' || i,
       (SELECT code FROM fields ORDER BY code LIMIT 1), 'commune', 1 + i % 20, 1000 * (i % 7) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)
INSERT INTO processes (id, doc_code, version, agency_code, procedure_code, effective_from, effective_to)
SELECT 100000 + i, 'QT-LT-' || i, 1 + i % 3, (SELECT code FROM agencies ORDER BY code LIMIT 1),
       printf('2.%06d', 1 + i % 400), '2020-01-01', CASE WHEN i % 3 = 0 THEN '2021-01-01' END FROM n;
COMMIT;
SQL
	echo "procedures in the list: $(sqlite3 "$tmp/procs.db" 'SELECT count(*) FROM procedures')"
	load
	procs_runs kioskd "$top/$B/kioskd"
	[ -n "$KIOSKD_BASE" ] && procs_runs base "$KIOSKD_BASE"
	start_kioskd "$tmp/procs.db"
	run quiet-others "http://127.0.0.1:$kport$path" 8
	stop_kioskd
fi

# ---- 4. attacks -----------------------------------------------------------
attack() { # TEST: its last line for this build and the previous one
	for bin in "$top/$B/kioskd" $KIOSKD_BASE; do
		name=kioskd script=tests/integration/$1
		if [ "$bin" = "$KIOSKD_BASE" ]; then
			# The previous build has no connection metrics: without those
			# checks, the test still says whether the probe was served.
			name=base script=$tmp/base-$1
			sed '/connections: not an attack/d; /refused for --per-ip/d' "tests/integration/$1" >"$script"
		fi
		line=$(KIOSKD=$bin KIOSK_TEST_LIMIT=200 BUILD=$B DURATION=$D timeout 300 sh "$script" 2>&1 | tail -1)
		printf '%-8s %s: %s\n' "$name" "$1" "$line"
	done
}
if part 4; then
	echo "== 4. attacks (the integration tests, against each build)"
	load
	for t in t0380-kiosk-slowloris.sh t0381-kiosk-many-args.sh t0382-kiosk-ipv6-buckets.sh \
		t0383-kiosk-local-lockout.sh; do
		attack "$t"
	done
fi

# ---- 5. the unit ------------------------------------------------------------
if part 5 && command -v systemd-analyze >/dev/null 2>&1; then
	echo "== 5. systemd-analyze security --offline=true"
	mkdir -p "$tmp/unit-base"
	exposure() { systemd-analyze security --offline=true --no-pager "$1" 2>&1 | sed -n 's/.*Overall exposure level for [^:]*: //p'; }
	echo "kioskd.service (this build): $(exposure kiosk/kioskd.service)"
	if git show "$BASE_REV:kiosk/kioskd.service" >"$tmp/unit-base/kioskd.service" 2>/dev/null; then
		echo "kioskd.service ($BASE_REV): $(exposure "$tmp/unit-base/kioskd.service")"
	fi
fi

part 2 || exit 0
# ---- 2. a million dossiers -----------------------------------------------
echo "== 2. the 1,000,000-dossier snapshot, random tokens"
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

cat >"$tmp/random.lua" <<LUA
math.randomseed(os.time())
request = function()
	return wrk.format(nil, string.format("/d/B%021d", math.random(1, $N)))
end
LUA
big_runs() { # NAME BINARY: cache 64, 16, 0 MiB
	for mb in 64 16 0; do
		start_kioskd "$tmp/big.db" "$2" --page-cache-mb $mb
		r0=$(rss "$kpid")
		run "$1-$mb" "http://127.0.0.1:$kport/" 64 -s "$tmp/random.lua"
		r1=$(rss "$kpid")
		cached=$(curl -s "http://127.0.0.1:$kport/metrics" | sed -n 's/^kioskd_page_cache_bytes \([0-9]*\)$/\1/p')
		echo "$1 --page-cache-mb $mb: resident $((r0 / 1024)) MB after start, $((r1 / 1024)) MB after the run: +$(((r1 - r0) / 1024)) MB (cache holds $(( ${cached:-0} / 1048576 )) MiB; bound + 16 MiB = $((mb + 16)) MiB)"
		stop_kioskd
	done
}
load
big_runs kioskd "$top/$B/kioskd"
[ -n "$KIOSKD_BASE" ] && big_runs base "$KIOSKD_BASE"
for mb in 64 16; do
	p99ratio "kioskd-$mb" "kioskd-0" 64
done
load
grep -m1 " 500 " "$tmp/access.log" || true
rm -f "$tmp/big.db"
