#!/bin/sh
# Kiosks across a province, on hosts of their own: network namespaces made
# here (ip netns, veth pairs, private addresses that exist only inside
# them).  A publisher host publishes every few seconds into the directory
# that a distribution host serves with the nginx file we ship
# (deploy/nginx-snapshots.conf); three kiosk hosts each run kioskd and the
# command of the shipped fetch timer (kiosk-fetch URL FILE) every 2 s for
# their office: the province centre (two agencies, from office_agencies)
# and two one-stop offices.
#   1. A record changed on the publisher host shows on the right kiosk, and
#      only there (the other offices' files are not even rewritten), within
#      60 s, brought by a patch (OFFICE.gen and OFFICE.d/N.patch).
#   2. A kiosk whose link is cut keeps answering from its last snapshot,
#      says how old its data is (/healthz, /api/config for the screen), and
#      catches up when the link returns.
#   3. Overwriting a kiosk's file in place under load fails no request.
set -eu
LC_ALL=C
export LC_ALL
BUILD=${BUILD:-build}
top=$(pwd)
P=$top/$BUILD/publisher
TDB=$top/$BUILD/trackdb
KIOSKD=$top/$BUILD/kioskd
FETCH=$top/kiosk/kiosk-fetch
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
[ -x "$P" ] && [ -x "$KIOSKD" ] && [ -x "$TDB" ] || skip "not built"
[ "$(id -u)" = 0 ] || skip "network namespaces need root"
for c in ip nginx curl sqlite3; do command -v $c >/dev/null 2>&1 || skip "no $c"; done

tag=$$
NS_PUB=t06pub$tag NS_DIST=t06dist$tag
tmp=$(mktemp -d)
chmod 755 "$tmp"
pids=
made=
# Daemons in a namespace are started through sh, which writes its PID to a
# file and execs the daemon: `ip netns exec` may fork, and its own PID
# would not be the daemon's.
daemons() { cat "$tmp"/*.pid "$tmp"/*/*.pid "$tmp"/ngx/nginx.pid 2>/dev/null || true; }
cleanup() {
	for p in $pids $(daemons); do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	i=0
	while [ $i -lt 50 ]; do
		alive=
		for p in $(daemons); do kill -0 "$p" 2>/dev/null && alive=1; done
		[ -z "$alive" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	for n in $made; do ip netns del "$n" 2>/dev/null || true; done
	if [ -n "${KEEP_T:-}" ]; then echo "kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM
ip netns add "$NS_PUB" 2>/dev/null || skip "cannot make network namespaces here"
made=$NS_PUB
ip netns add "$NS_DIST"
made="$made $NS_DIST"
in_ns() { _ns=$1; shift; ip netns exec "$_ns" "$@"; }
in_ns "$NS_PUB" ip link set lo up
in_ns "$NS_DIST" ip link set lo up

# The publisher host: a demo database, three offices.
NOW="2025-11-20 10:00"
"$TDB" demo "$tmp/db.sqlite" --dossiers 300 --seed 5 --now "$NOW" >/dev/null 2>&1 || skip "trackdb demo"
set -- $(sqlite3 "$tmp/db.sqlite" "SELECT agency_code FROM dossiers WHERE status = 'processing' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 4")
[ $# -eq 4 ] || fail "the demo has fewer than 4 agencies with pending dossiers"
CENTRE=TTPVHCC.H34
OFF1=$CENTRE OFF2=$3 OFF3=$4
sqlite3 "$tmp/db.sqlite" "CREATE TABLE IF NOT EXISTS office_agencies (office_code TEXT NOT NULL,
	agency_code TEXT NOT NULL, PRIMARY KEY (office_code, agency_code));
	INSERT INTO office_agencies VALUES ('$CENTRE', '$1'), ('$CENTRE', '$2');"
mkdir -p "$tmp/pub" "$tmp/dist"
chmod 755 "$tmp/dist"
publish() {
	in_ns "$NS_PUB" "$P" --db "$tmp/db.sqlite" --out "$tmp/pub/site" --snapshot "$tmp/pub/kiosk.db" \
		--kiosk-dir "$tmp/dist" --quiet >>"$tmp/pub/log" 2>&1
}
publish || { cat "$tmp/pub/log"; fail "first publish"; }
"$P" --db "$tmp/db.sqlite" --key-file "$tmp/publisher.key" --list-checks 100000 >"$tmp/checks.tsv" ||
	fail "list-checks"
for o in $OFF1 $OFF2 $OFF3; do [ -f "$tmp/dist/$o.db" ] || fail "no snapshot for office $o"; done
# Stopped by cleanup's TERM only between runs (the trap waits for the
# publisher in hand), so that no run still writes while the files go.
( trap 'exit 0' TERM; while :; do publish || echo "publish failed" >>"$tmp/pub/log"; sleep 3; done ) &
pids="$pids $!"

# The distribution host: the shipped nginx file.
tests/fixtures/kiosk/dist-nginx.sh "$tmp/ngx" "$tmp/dist" 8090 >"$tmp/nginx.conf"
# (nginx writes its own pid file, $tmp/ngx/nginx.pid.)
in_ns "$NS_DIST" nginx -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.err" &
pids="$pids $!"

# Three kiosk hosts, each linked to the distribution host by a veth pair:
# 10.231.N.1 on the distribution side, 10.231.N.2 on the kiosk's.
n=0
for o in $OFF1 $OFF2 $OFF3; do
	n=$((n + 1))
	ns=t06k$n$tag
	ip netns add "$ns"
	made="$made $ns"
	ip link add "v${tag}d$n" type veth peer name "v${tag}k$n"
	ip link set "v${tag}d$n" netns "$NS_DIST"
	ip link set "v${tag}k$n" netns "$ns"
	in_ns "$NS_DIST" ip addr add "10.231.$n.1/30" dev "v${tag}d$n"
	in_ns "$NS_DIST" ip link set "v${tag}d$n" up
	in_ns "$ns" ip addr add "10.231.$n.2/30" dev "v${tag}k$n"
	in_ns "$ns" ip link set "v${tag}k$n" up
	in_ns "$ns" ip link set lo up
	mkdir -p "$tmp/k$n"
	# The timer's command, every 2 s instead of every minute.
	( while :; do
		in_ns "$ns" env KIOSKD="$KIOSKD" "$FETCH" "http://10.231.$n.1:8090/$o.db" "$tmp/k$n/kiosk.db" \
			>>"$tmp/k$n/fetch.log" 2>&1 || true
		sleep 2
	done ) &
	pids="$pids $!"
done
# kioskd on each, once its first file is there.
n=0
for o in $OFF1 $OFF2 $OFF3; do
	n=$((n + 1))
	i=0
	until [ -f "$tmp/k$n/kiosk.db" ]; do
		i=$((i + 1)); [ $i -lt 150 ] || { cat "$tmp/k$n/fetch.log" "$tmp/nginx.err"; fail "kiosk $n never fetched"; }
		sleep 0.2
	done
	in_ns "t06k$n$tag" sh -c 'echo $$ >"$1"; shift; exec "$@"' sh "$tmp/k$n/kioskd.pid" \
		"$KIOSKD" --snapshot "$tmp/k$n/kiosk.db" --listen 127.0.0.1 --port 8080 \
		--web "$top/web" --assets "$top/assets" --access-log none --stale-after 6 \
		--page-cache-mb 0 --lookup-burst 1000 2>"$tmp/k$n/kioskd.err" &
	pids="$pids $!"
done
kcurl() { _k=$1; shift; in_ns "t06k$_k$tag" curl -s --max-time 5 "$@"; }
kstatus() { kcurl "$1" -o /dev/null -w '%{http_code}' "http://127.0.0.1:8080$2"; }
for k in 1 2 3; do
	i=0
	until [ "$(kstatus $k /healthz)" = 200 ]; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/k$k/kioskd.err"; fail "kioskd $k not up"; }; sleep 0.1
	done
done
# A kiosk reaches only its distribution host, nothing else.
kcurl 1 -o /dev/null "http://10.231.2.2:8080/" && fail "kiosk 1 reaches kiosk 2"

# A pending dossier of each office, with its token and check code.
pick() {
	sqlite3 "$tmp/db.sqlite" "SELECT d.code FROM dossiers d WHERE
		d.agency_code IN (SELECT agency_code FROM office_agencies WHERE office_code = '$1'
		UNION SELECT '$1') AND d.status = 'processing' ORDER BY d.code LIMIT 1"
}
col() { awk -v c="$1" -v n="$2" '$1 == c {print $n}' "$tmp/checks.tsv"; }
C1=$(pick "$OFF1") C2=$(pick "$OFF2") C3=$(pick "$OFF3")
[ -n "$C1" ] && [ -n "$C2" ] && [ -n "$C3" ] || fail "no pending dossier in some office"
T1=$(col "$C1" 3) T2=$(col "$C2" 3) T3=$(col "$C3" 3)
[ "$(kstatus 1 "/lookup?code=$C1&check=$(col "$C1" 2)")" = 200 ] || fail "kiosk 1: code + check"
[ "$(kstatus 2 "/d/$T2")" = 200 ] || fail "kiosk 2: its dossier"
[ "$(kstatus 3 "/d/$T3")" = 200 ] || fail "kiosk 3: its dossier"
[ "$(kstatus 2 "/d/$T1")" = 404 ] || fail "kiosk 2 serves the centre's dossier"
[ "$(kstatus 1 "/d/$T3")" = 404 ] || fail "kiosk 1 serves office 3's dossier"

# 1. A record changes on the publisher host: an apology and a new
# appointment for C1.
ino2=$(stat -c %i "$tmp/dist/$OFF2.db") ino3=$(stat -c %i "$tmp/dist/$OFF3.db")
sqlite3 "$tmp/db.sqlite" "BEGIN;
	INSERT INTO events (dossier_code, at, kind, new_due_at) VALUES ('$C1', '2025-11-20 10:05', 'apology', '2026-01-30 16:00');
	UPDATE dossiers SET new_due_at = '2026-01-30 16:00', updated_at = '2025-11-20 10:05' WHERE code = '$C1';
	COMMIT;" || fail "cannot change the record"
t0=$(date +%s)
until kcurl 1 "http://127.0.0.1:8080/api/dossier/$T1" | grep -q '2026-01-30'; do
	[ $(($(date +%s) - t0)) -lt 60 ] || { tail -n 5 "$tmp/pub/log" "$tmp/k1/fetch.log"; fail "the change did not reach kiosk 1 within 60 s"; }
	sleep 0.5
done
took=$(($(date +%s) - t0))
# By a patch (kiosk-fetch: OFFICE.gen, OFFICE.d/N.patch), not the whole file.
grep -q 'by [0-9]* patches' "$tmp/k1/fetch.log" || { cat "$tmp/k1/fetch.log"; fail "kiosk 1 took no patch"; }
[ "$(kstatus 2 "/d/$T1")" = 404 ] || fail "the changed dossier shows on kiosk 2"
[ "$(kstatus 3 "/d/$T1")" = 404 ] || fail "the changed dossier shows on kiosk 3"
[ "$(stat -c %i "$tmp/dist/$OFF2.db")" = "$ino2" ] || fail "office 2's file was rewritten for office 1's change"
[ "$(stat -c %i "$tmp/dist/$OFF3.db")" = "$ino3" ] || fail "office 3's file was rewritten for office 1's change"

# 2. Cut kiosk 2's link: it keeps answering, then says how old its data is.
in_ns "t06k2$tag" ip link set "v${tag}k2" down
sqlite3 "$tmp/db.sqlite" "BEGIN;
	INSERT INTO events (dossier_code, at, kind, new_due_at) VALUES ('$C2', '2025-11-20 10:06', 'apology', '2026-02-27 16:00');
	UPDATE dossiers SET new_due_at = '2026-02-27 16:00', updated_at = '2025-11-20 10:06' WHERE code = '$C2';
	COMMIT;"
t0=$(date +%s)
until kcurl 2 "http://127.0.0.1:8080/healthz" | grep -q '"status":"degraded","stale":true'; do
	[ $(($(date +%s) - t0)) -lt 30 ] || fail "kiosk 2 cut off: healthz never says stale"
	sleep 0.5
done
kcurl 2 "http://127.0.0.1:8080/api/config" | grep -q '"stale":true,"verified_at":[1-9]' ||
	fail "kiosk 2 cut off: the screen is not told the data's age"
[ "$(kstatus 2 "/d/$T2")" = 200 ] || fail "kiosk 2 cut off: no answer from its last snapshot"
kcurl 2 "http://127.0.0.1:8080/api/dossier/$T2" | grep -q '2026-02-27' && fail "kiosk 2 got data through a cut link"
in_ns "t06k2$tag" ip link set "v${tag}k2" up
t0=$(date +%s)
until kcurl 2 "http://127.0.0.1:8080/api/dossier/$T2" | grep -q '2026-02-27'; do
	[ $(($(date +%s) - t0)) -lt 60 ] || fail "kiosk 2 did not catch up within 60 s of the link's return"
	sleep 0.5
done
caught=$(($(date +%s) - t0))
until kcurl 2 "http://127.0.0.1:8080/healthz" | grep -q '"status":"ok","stale":false'; do
	[ $(($(date +%s) - t0)) -lt 60 ] || fail "kiosk 2 still stale after catching up"
	sleep 0.5
done

# 3. Kiosk 3's file overwritten in place, again and again, under load.
cp "$tmp/k3/kiosk.db" "$tmp/k3/copy.db"
for c in 1 2 3; do
	(
		i=0
		while [ $i -lt 2000 ] && [ ! -e "$tmp/stop" ]; do
			kstatus 3 "/d/$T3"; echo
			i=$((i + 1))
		done >"$tmp/load.$c"
	) &
	eval "load$c=\$!"
done
# At least 15 rounds, and on until 150 requests were answered (a loaded
# machine answers fewer a second), 60 s at most.
i=0
t0=$(date +%s)
while [ $i -lt 15 ] || { [ "$(cat "$tmp"/load.* | grep -c .)" -lt 150 ] && [ $(($(date +%s) - t0)) -lt 60 ]; }; do
	cp "$tmp/k3/copy.db" "$tmp/k3/kiosk.db"
	head -c 10000 "$tmp/k3/copy.db" >"$tmp/k3/kiosk.db"
	sleep 0.2
	i=$((i + 1))
done
cp "$tmp/k3/copy.db" "$tmp/k3/kiosk.db"
touch "$tmp/stop"
# shellcheck disable=SC2154
wait "$load1" "$load2" "$load3"
total=$(cat "$tmp"/load.* | grep -c . || true)
failed=$(cat "$tmp"/load.* | grep -vc '^200$' || true)
[ "$total" -ge 50 ] || fail "only $total requests under load"
[ "$failed" -eq 0 ] || fail "$failed of $total requests failed while kiosk 3's file was written in place"
echo "ok: multi-host: change on kiosk 1 only in ${took} s; kiosk 2 cut off: answered, stale, caught up in ${caught} s; kiosk 3: $total requests, 0 failed under in-place writes"
