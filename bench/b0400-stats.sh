#!/bin/sh
# b0400: time to compute and write all statistics from scratch (report
# table for every entity and period, processing times, bottlenecks, ISO
# roadmap, every page/CSV/JSON) for N dossiers (default 1,000,000).
# The snapshot is built from `trackdb demo` with plain SQL
# (tests/fixtures/stats/snapshot-from-db.sql), the hook run by
# tests/fixtures/stats/stats_driver.c.  Figures are printed, not asserted.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
N=${N:-1000000}
NOW="2025-11-20 10:00"
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

make -s BUILD="$BUILD" "$BUILD/trackdb" "$BUILD/publisher" "$BUILD/libcore.a" >/dev/null
tmp=$(mktemp -d "${TMPDIR:-/tmp}/b0400.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Icore/domain -Icore/storage -Icore/presentation -Ipublisher -o "$tmp/stats_driver" \
	tests/fixtures/stats/stats_driver.c "$BUILD"/obj/publisher/stats/stats_site*.o "$BUILD"/obj/publisher/site/emit.o "$BUILD/libcore.a" \
	$($PKG_CONFIG --libs sqlite3 libsodium libqrencode libpng libmicrohttpd) -lm -lpthread

t0=$(date +%s.%N)
"$BUILD/trackdb" demo "$tmp/demo.db" --dossiers "$N" --seed 1 --now "$NOW" >"$tmp/demo.log"
t1=$(date +%s.%N)
sqlite3 "$tmp/snap.db" <data/snapshot.sql
sqlite3 "$tmp/snap.db" "ATTACH '$tmp/demo.db' AS src" ".read tests/fixtures/stats/snapshot-from-db.sql"
t2=$(date +%s.%N)
events=$(sqlite3 "$tmp/snap.db" "SELECT count(*) FROM events")
echo "b0400: demo database $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s, snapshot copy $(awk "BEGIN{printf \"%.1f\", $t2 - $t1}") s; $N dossiers, $events events"

for run in 1 2; do
	rm -rf "$tmp/site"
	if [ -x /usr/bin/time ]; then
		secs=$(/usr/bin/time -f "%M" -o "$tmp/rss" "$tmp/stats_driver" "$tmp/snap.db" "$tmp/site" "$NOW")
		rss=$(( $(cat "$tmp/rss") / 1024 ))
	else
		secs=$("$tmp/stats_driver" "$tmp/snap.db" "$tmp/site" "$NOW")
		rss="?"
	fi
	files=$(find "$tmp/site" -type f | wc -l)
	rate=$(awk "BEGIN{printf \"%.0f\", $N / $secs}")
	echo "b0400: run $run: all statistics from scratch in $secs s ($rate dossiers/s), peak RSS ${rss} MB, $files files"
done
