#!/bin/sh
# The change journal at scale, side by side in one run with the full-scan
# incremental publisher of before the journal (an older build, every
# dossier fingerprinted on every run): after a full publish, a run with no
# change, after 1,000 and after 10,000 changed dossiers, and a minute
# later with no change (the new build also: 1,000 and 10,000 more with the
# statistics deferred, --stats-every 10); then trackdb sync of 100,000 progress records and
# the publish after it; then the end-to-end freshness of a synced record
# as the shipped units run it (tracking-sync.path starts trackdb sync
# --spool, which starts the publisher): from the file landing in the spool
# until the static page and a running kioskd show it.  Prints wall and CPU
# time per run and the publisher's own phase line; figures only, never
# asserted.  Pages only (no receipts), to keep a 1M run within the disk.
#
#   DOSSIERS  number of dossiers (default 100000; the issue's figures: 1000000)
#   JOBS      worker threads (default: all CPUs)
#   OLD       the older build directory (its publisher); default: build
#             BASE (default f1bd54b, the commit before the journal) into a
#             temporary folder with git archive and make
#   DB        an existing demo database of DOSSIERS made with --seed 3
#             --now "2025-11-20 10:00", copied rather than made
#   ONLY      "new" to skip the older build's series
#
# Everything is written under a temporary folder removed at the end (a 1M
# publish is about 12 GB); the machine's load is printed at the start and
# the end.
set -eu
cd "$(dirname "$0")/.."
ROOT=$(pwd)
B=$ROOT/${BUILD:-build}
N=${DOSSIERS:-100000}
JOBS=${JOBS:-$(nproc)}
BASE=${BASE:-f1bd54b}
NOW="2025-11-20 10:00"
LATER="2025-11-20 10:01"
T=$(mktemp -d)
KPID=
trap '[ -n "$KPID" ] && kill $KPID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
command -v /usr/bin/time >/dev/null || { echo "b0210: GNU time missing, skipped"; exit 0; }
echo "b0210: $N dossiers, $JOBS jobs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"

OLD=${OLD:-}
if [ -z "$OLD" ] && [ "${ONLY:-}" != new ]; then
	mkdir -p "$T/old-src"
	if git archive "$BASE" | tar -x -C "$T/old-src" &&
		nice make -C "$T/old-src" -j"$(nproc)" BUILD=build build/publisher > "$T/old-build.log" 2>&1; then
		OLD=$T/old-src/build
	else
		echo "b0210: cannot build $BASE (see below); the older series is skipped"
		tail -5 "$T/old-build.log" 2>/dev/null || true
	fi
fi

if [ -n "${DB:-}" ]; then
	cp "$DB" "$T/db"
else
	/usr/bin/time -f '%e %U %S' -o "$T/time" "$B/trackdb" demo "$T/db" --dossiers "$N" --seed 3 \
		--now "$NOW" > /dev/null
	echo "b0210: trackdb demo $(cut -d' ' -f1 "$T/time") s"
fi

# run TAG LABEL ARGS...: one publisher run of series TAG, one line, and its
# phase line (the second line of its summary) and journal line indented.
run() {
	tag=$1 label=$2
	shift 2
	eval "pub=\$PUB_$tag"
	/usr/bin/time -f '%e %U %S %M' -o "$T/time" "$pub" --db "$T/db.$tag" --out "$T/site.$tag" \
		--snapshot "$T/kiosk.$tag.db" --key-file "$T/key" --base-url http://bench.invalid \
		--jobs "$JOBS" "$@" > "$T/out" 2> "$T/err" || true
	# GNU time writes "Command exited with non-zero status" first when it did.
	read -r secs usr sys rss <<EOF
$(tail -n 1 "$T/time")
EOF
	awk -v t="$tag" -v l="$label" -v s="$secs" -v u="$usr" -v y="$sys" -v r="$rss" \
		-v load="$(cut -d' ' -f1-3 /proc/loadavg)" 'BEGIN {
		printf "%-4s %-36s %8.2f s wall %8.2f s CPU %8.1f MB peak RSS, load %s\n", t, l, s, u + y, r / 1024, load }'
	sed -n '2,3p' "$T/out" | sed 's/^publisher: /       /'
	[ -s "$T/err" ] && echo "       stderr: $(wc -l < "$T/err") lines, first: $(head -n 1 "$T/err")"
	return 0
}

# change TAG K SALT: K dossiers (every N/Kth row, the same in every series)
# get an apology slip with a new appointment.
change() {
	sqlite3 "$T/db.$1" <<SQL
CREATE TEMP TABLE pick AS SELECT code FROM dossiers WHERE rowid % $((N / $2)) = $3 LIMIT $2;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+$(($3 + 1)) day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+$(($3 + 1)) day'),
                    updated_at = '2025-11-20 09:59' WHERE code IN (SELECT code FROM pick);
SQL
}

series() {
	tag=$1
	cp "$T/db" "$T/db.$tag"
	run "$tag" "full publish" --now "$NOW"
	run "$tag" "no change" --now "$NOW"
	change "$tag" 1000 0
	run "$tag" "1,000 changed" --now "$NOW"
	change "$tag" 10000 1
	run "$tag" "10,000 changed" --now "$NOW"
	run "$tag" "a minute later, no change" --now "$LATER"
	run "$tag" "the same minute again" --now "$LATER"
	[ "$tag" = new ] || return 0
	# The same changes with the statistics left for a later run (their
	# last computation was under 10 minutes ago).
	change "$tag" 1000 2
	run "$tag" "1,000 changed, --stats-every 10" --now "$LATER" --stats-every 10
	change "$tag" 10000 3
	run "$tag" "10,000 changed, --stats-every 10" --now "$LATER" --stats-every 10
}

# The older build first, so that the new series' output serves what follows.
PUB_new=$B/publisher
if [ -n "$OLD" ]; then
	PUB_old=$OLD/publisher
	series old
	rm -rf "$T/site.old" "$T/kiosk.old.db"* "$T/db.old"
fi
series new

# trackdb sync of 100,000 progress records: one action on each of 100,000
# dossiers, by the unit of its process's second step (mapped: the step's
# own unit), at its received instant plus a day, as JSON lines.
P=100000
[ "$N" -lt "$P" ] && P=$N
sqlite3 "$T/db.new" "SELECT json_object('MaHoSo', d.code, 'NguoiXuLy', 'Cán bộ ' || d.rowid,
	'ThoiDiemXuLy', strftime('%Y%m%d%H%M%S', d.received_at, '+1 day'),
	'PhongBanXuLy', s.unit, 'NoiDungXuLy', 'Thẩm định', 'TrangThai', '4')
	FROM dossiers d JOIN steps s ON s.process_id = d.process_id AND s.step_no = 2
	ORDER BY d.rowid LIMIT $P" > "$T/progress.jsonl"
/usr/bin/time -f '%e %U %S %M' -o "$T/time" "$B/trackdb" sync "$T/db.new" "$T/progress.jsonl" > "$T/out" 2>&1 || true
read -r secs usr sys rss <<EOF
$(tail -n 1 "$T/time")
EOF
awk -v s="$secs" -v u="$usr" -v y="$sys" -v r="$rss" -v n="$(wc -l < "$T/progress.jsonl")" 'BEGIN {
	printf "new  %-36s %8.2f s wall %8.2f s CPU %8.1f MB peak RSS (%d records)\n",
		"trackdb sync, progress records", s, u + y, r / 1024, n }'
sed 's/^trackdb: [^:]*: /       /' "$T/out" | head -3
run new "publish after the sync" --now "$LATER"

# Freshness: a dossier's result is synced through the spool while kioskd
# serves the snapshot; measured until both the static page and kioskd say
# so.  What the units do, in order: the path unit starts trackdb sync
# --spool, whose success starts the publisher (the timer's minute is the
# bound for a start merged into a run already going).
code=$(sqlite3 "$T/db.new" "SELECT code FROM dossiers WHERE status = 'processing' ORDER BY code LIMIT 1")
row=$("$PUB_new" --db "$T/db.new" --key-file "$T/key" --list-checks "$N" | awk -F '\t' -v c="$code" '$1 == c')
check=$(echo "$row" | cut -f2)
page=$T/site.new$(echo "$row" | cut -f4)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$B/kioskd" --snapshot "$T/kiosk.new.db" --listen 127.0.0.1 --port "$port" --web "$ROOT/web" \
	--assets "$ROOT/assets" --access-log /dev/null 2> "$T/kioskd.err" &
KPID=$!
i=0
until grep -q 'listening on' "$T/kioskd.err" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 600 ] || { echo "b0210: kioskd did not start"; exit 1; }; sleep 0.1
done
sqlite3 "$T/db.new" "SELECT json_object('MaHoSo', code, 'MaTTHC', procedure_code, 'ChuHoSo', applicant_name,
	'NgayTiepNhan', strftime('%Y%m%d%H%M%S', received_at), 'NgayHenTra', strftime('%Y%m%d%H%M%S', due_at),
	'NgayKetThucXuLy', '20251120100000', 'TrangThaiHoSo', '9')
	FROM dossiers WHERE code = '$code'" > "$T/result.json"
mkdir -p "$T/spool"
t0=$(date +%s.%N)
mv "$T/result.json" "$T/spool/result.json"
"$B/trackdb" sync "$T/db.new" --spool "$T/spool" > /dev/null
t1=$(date +%s.%N)
run new "publish after the synced result" --now "$LATER"
t2=$(date +%s.%N)
grep -q 'Có kết quả' "$page" || echo "b0210: the page does not show the result"
i=0
until curl -s "http://127.0.0.1:$port/lookup?code=$code&check=$check" | grep -q 'Có kết quả'; do
	i=$((i + 1)); [ $i -lt 1200 ] || { echo "b0210: kioskd never showed the result"; break; }; sleep 0.05
done
t3=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN {
	printf "new  freshness: sync %.2f s, publish %.2f s (static page), kioskd %.2f s later: %.2f s in all\n",
		b - a, c - b, d - c, d - a }'
echo "b0210: load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
