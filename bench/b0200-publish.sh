#!/bin/sh
# Publisher at scale: a full publish of N dossiers (pages only), a no-change
# run, the receipts (QR PNG + printable page) of the same, a no-change run
# with receipts, an incremental run after 1,000 dossiers changed, and a run
# a day later with no change (pending pages whose verdict moved).  Prints
# wall time, CPU time (user+sys), rate and peak RSS (GNU time: apt-get
# install time).  Figures only, never asserted.
#
#   DOSSIERS  number of dossiers (default 100000; try 1000000)
#   JOBS      worker threads (default: all CPUs)
#   OLD       another build directory (e.g. of an older commit) to run the
#             same series with, side by side in the same run, on its own
#             copy of the same database
#   DB        an existing demo database of DOSSIERS dossiers made with
#             --seed 3 --now "2025-11-20 10:00", copied rather than made
#             (1,000,000 take minutes to make)
#   ONLY      "full": only the full publish of each series (the 1,000,000
#             comparison; receipts take minutes more)
#   SYSCALLS  number of dossiers of a separate full publish run under
#             strace -c, whose system calls per dossier are printed for each
#             series (default 20000; 0: none)
#
# On a shared machine wall times move with the load; CPU time moves less.
# Start it at least five minutes after anything deleted many files on the
# same file system (see settle below).
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
N=${DOSSIERS:-100000}
JOBS=${JOBS:-$(nproc)}
OLD=${OLD:-}
NOW="2025-11-20 10:00"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
command -v /usr/bin/time >/dev/null || { echo "b0200: GNU time missing, skipped"; exit 0; }

if [ -n "${DB:-}" ]; then
	cp "$DB" "$T/db"
else
	"$B/trackdb" demo "$T/db" --dossiers "$N" --seed 3 --now "$NOW" >/dev/null
fi

# run TAG LABEL COUNT ARGS...: one run of series TAG's publisher, one line.
run() {
	tag=$1 label=$2 count=$3
	shift 3
	eval "pub=\$PUB_$tag"
	/usr/bin/time -f '%e %U %S %M' -o "$T/time" "$pub" --db "$T/db.$tag" --out "$T/site.$tag" \
		--snapshot "$T/kiosk.$tag.db" --key-file "$T/key" --base-url http://bench.invalid \
		--jobs "$JOBS" --quiet "$@" > "$T/out" || true
	read -r secs usr sys rss < "$T/time"
	awk -v t="$tag" -v l="$label" -v c="$count" -v s="$secs" -v u="$usr" -v y="$sys" -v r="$rss" 'BEGIN {
		printf "%-4s %-30s %8.2f s wall %8.2f s CPU %10.0f /s %8.1f MB peak RSS\n",
			t, l, s, u + y, (s > 0 ? c / s : 0), r / 1024 }'
}

# change TAG: 1,000 dossiers get an apology slip with a new appointment,
# the same ones in every series (every (N/1000)th row).
change() {
	sqlite3 "$T/db.$1" <<SQL
CREATE TABLE pick AS SELECT code FROM dossiers WHERE rowid % $((N / 1000)) = 0 LIMIT 1000;
INSERT INTO events (dossier_code, at, kind, new_due_at)
  SELECT d.code, coalesce((SELECT min(at) FROM events WHERE dossier_code = d.code), d.received_at),
         'apology', strftime('%Y-%m-%d %H:%M', d.due_at, '+1 day')
  FROM dossiers d JOIN pick USING (code);
UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+1 day'),
                    updated_at = '2025-11-20 09:59' WHERE code IN (SELECT code FROM pick);
SQL
}

series() {
	tag=$1
	cp "$T/db" "$T/db.$tag"
	run "$tag" "full publish (pages/s)" "$N" --now "$NOW"
	if [ "${ONLY:-}" = full ]; then
		echo "     site $(du -sh "$T/site.$tag" | cut -f1), snapshot $(du -sh "$T/kiosk.$tag.db" | cut -f1)"
		rm -f "$T/db.$tag"
		return
	fi
	run "$tag" "no change" "$N" --now "$NOW"
	run "$tag" "receipts (QR/s)" "$N" --now "$NOW" --receipts "$T/rcpt.$tag"
	run "$tag" "no change, with receipts" "$N" --now "$NOW" --receipts "$T/rcpt.$tag"
	change "$tag"
	run "$tag" "incremental (1,000 changed)" 1000 --now "$NOW" --receipts "$T/rcpt.$tag"
	run "$tag" "a day later, no change" "$N" --now "2025-11-21 10:00" --receipts "$T/rcpt.$tag"
	# The last run's own account (phases, what was kept).
	"$pub" --db "$T/db.$tag" --out "$T/site.$tag" --snapshot "$T/kiosk.$tag.db" \
		--key-file "$T/key" --base-url http://bench.invalid --jobs "$JOBS" \
		--now "2025-11-21 10:00" --receipts "$T/rcpt.$tag" | sed 's/^/     /'
	echo "     site $(du -sh "$T/site.$tag" | cut -f1), receipts $(du -sh "$T/rcpt.$tag" | cut -f1)," \
		"snapshot $(du -sh "$T/kiosk.$tag.db" | cut -f1)"
	rm -f "$T/db.$tag"
}

# syscalls TAG: system calls per dossier of a full publish of $SYSCALLS
# dossiers by series TAG's publisher (strace -c over every thread), and the
# five calls that take the most time.
syscalls() {
	eval "pub=\$PUB_$1"
	rm -rf "$T/sc.site" "$T/sc.kiosk.db"*
	strace -f -c -o "$T/sc.$1" "$pub" --db "$T/sc.db" --out "$T/sc.site" --snapshot "$T/sc.kiosk.db" \
		--key-file "$T/key" --base-url http://bench.invalid --jobs "$JOBS" --quiet --now "$NOW" ||
		true
	awk -v t="$1" -v n="$SC" '$NF == "total" { total = $(NF - 2) }
		$1 ~ /^[0-9.]+$/ && $NF != "total" && k < 5 { top = top sprintf(" %s %.2f", $NF, $4 / n); k++ }
		END { printf "%-4s system calls per dossier, full publish of %d under strace -c: %.1f (most time:%s)\n",
		      t, n, total / n, top }' "$T/sc.$1"
	rm -rf "$T/sc.site" "$T/sc.kiosk.db"*
}

# A journal-less ext4 (as on these machines) will not reuse an inode freed
# less than 60 s ago, or 300 s while its inode table block is dirty, and
# creating files keeps those blocks dirty: for minutes after a million
# files are deleted, every new file's inode is found by a walk over the
# freed ones (perf: recently_deleted, find_get_block_common), which slowed
# whichever series came second several times over.  So no series' output
# is deleted before every series has run (the trap removes them, at the
# cost of the disk space of one site per series), and the strace runs,
# which delete theirs, come last.  settle: the previous series' writes go
# to disk first, not during the next one.
settle() { sync; sleep 5; }

echo "b0200: $N dossiers, $JOBS jobs, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
PUB_new=$B/publisher
[ -n "$OLD" ] && PUB_old=$OLD/publisher
SC=${SYSCALLS:-20000}
series new
if [ -n "$OLD" ]; then
	settle
	series old
fi
if [ "$SC" -gt 0 ] && command -v strace >/dev/null; then
	"$B/trackdb" demo "$T/sc.db" --dossiers "$SC" --seed 3 --now "$NOW" >/dev/null
	syscalls new
	[ -n "$OLD" ] && syscalls old
	rm -f "$T/sc.db"
fi
echo "b0200: load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
