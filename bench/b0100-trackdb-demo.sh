#!/bin/sh
# trackdb demo at scale: wall time, peak RSS and database size for
# DOSSIERS (default 1,000,000) synthetic dossiers, then the time of
# trackdb check over the result.  Figures only; nothing is asserted.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
N="${DOSSIERS:-1000000}"
NOW="2026-11-26 10:00"
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/b0100.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# run LABEL CMD...: wall time and peak RSS of CMD.
run() {
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f "%e %M %U %S" -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || {
			cat "$tmp/err"; exit 1; }
		read -r wall rss user sys <"$tmp/time"
		cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.1f", u + s }')
	else
		# No GNU time: wall time from date, peak RSS from /proc while it runs.
		start=$(date +%s.%N)
		"$@" >"$tmp/out" 2>"$tmp/err" &
		pid=$!
		rss=0
		while kill -0 "$pid" 2>/dev/null; do
			r=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$r" ] && [ "$r" -gt "$rss" ] && rss=$r
			sleep 0.2
		done
		wait "$pid" || { cat "$tmp/err"; exit 1; }
		wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
		cpu=n/a
	fi
	# CPU time beside wall time: on a shared machine the wall time also
	# counts other people's work.
	printf '%-28s wall %8.1f s   CPU %8s s   peak RSS %7d KiB\n' "$label" "$wall" "$cpu" "$rss"
}

echo "trackdb demo --dossiers $N --seed 1 --now '$NOW' on $(nproc) CPUs"
run "demo $N" "$T" demo "$tmp/demo.db" --dossiers "$N" --seed 1 --now "$NOW"
cat "$tmp/out"
size=$(wc -c <"$tmp/demo.db")
printf '%-28s %d bytes (%d MiB), %s events\n' "database size" "$size" $((size / 1048576)) \
	"$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM events")"
run "check" "$T" check "$tmp/demo.db" --now "$NOW"
tail -1 "$tmp/out"
