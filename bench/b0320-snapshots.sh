#!/bin/sh
# Sealed kiosk snapshots per office (publisher --kiosk-dir) at scale:
#   - the first full publish, with every dossier's code + check derivation
#     (Argon2id) computed once and kept in the seal cache;
#   - per-office snapshot sizes over OFFICES offices;
#   - a run after CHANGES dossiers changed (a minute of a busy province):
#     which office files are rewritten, and the bytes each kiosk fetches
#     for it: with patches (OFFICE.gen and the new generation's
#     OFFICE.d/N.patch, what kiosk-fetch downloads), beside the whole file
#     it took before patches (kiosk-fetch gets 304 for an unchanged file);
#   - the cost of one code + check lookup at kioskd (sequential, keep-alive
#     off: the derivation dominates), a miss beside it, a token lookup;
#   - the brute-force cost of one dossier from the measured derivation:
#     10^8 check codes (8 digits) times the time of one derivation.
# Figures only, never asserted.  Big outputs are deleted at the end.
#
#   DOSSIERS  number of dossiers (default 1000000)
#   OFFICES   offices the agencies are grouped into (default 100)
#   CHANGES   dossiers changed between the two runs (default 1000)
#   JOBS      publisher threads (default: all CPUs)
set -eu
cd "$(dirname "$0")/.."
B=${BUILD:-build}
N=${DOSSIERS:-1000000}
OFFICES=${OFFICES:-100}
CHANGES=${CHANGES:-1000}
JOBS=${JOBS:-$(nproc)}
NOW="2025-11-20 10:00"
T=$(mktemp -d)
kpid=
trap '[ -n "$kpid" ] && kill "$kpid" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
for tool in sqlite3 curl python3; do
	command -v $tool >/dev/null || { echo "b0320: $tool missing, skipped"; exit 0; }
done
echo "b0320: $N dossiers, $OFFICES offices, $CHANGES changes; $(nproc) cores, load: $(uptime | sed 's/.*load average: //')"

t0=$(date +%s)
"$B/trackdb" demo "$T/db" --dossiers "$N" --seed 3 --now "$NOW" >/dev/null
echo "b0320: demo database in $(($(date +%s) - t0)) s"
# Offices: the agencies, in code order, dealt round-robin into OFFICES.
sqlite3 "$T/db" "CREATE TABLE IF NOT EXISTS office_agencies (office_code TEXT NOT NULL,
	agency_code TEXT NOT NULL, PRIMARY KEY (office_code, agency_code));
	INSERT INTO office_agencies SELECT printf('office-%03d', (row_number() OVER (ORDER BY code) - 1) % $OFFICES), code FROM agencies;"

pub() {
	/usr/bin/env time -f '%e %U %S %M' -o "$T/time" "$B/publisher" --db "$T/db" --out "$T/site" \
		--snapshot "$T/kiosk.db" --kiosk-dir "$T/offices" --jobs "$JOBS" --now "$1" >"$T/out" 2>"$T/err" ||
		{ cat "$T/err" >&2; exit 1; }
	read -r wall user sys rss <"$T/time"
}
pub "$NOW"
derived=$(sed -n 's/.* \([0-9]*\) check codes derived; \([0-9.]*\) s$/\1/p' "$T/out")
toff=$(sed -n 's/.* check codes derived; \([0-9.]*\) s$/\1/p' "$T/out")
echo "b0320: first full publish: ${wall} s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') s CPU, peak RSS $((rss / 1024)) MiB; of which kiosk snapshots ${toff} s ($derived derivations, $JOBS threads)"
grep 'kiosk snapshots' "$T/out" | sed 's/^/b0320:   /'
echo "b0320: seal cache $(($(stat -c %s "$T/kiosk.db.seals") / 1048576)) MiB; publisher's snapshot $(($(stat -c %s "$T/kiosk.db") / 1048576)) MiB"

# Per-office sizes.
ls -l "$T/offices"/*.db | awk '{print $5}' | sort -n >"$T/sizes"
cnt=$(wc -l <"$T/sizes")
awk -v n="$cnt" '{s += $1; v[NR] = $1} END {
	printf "b0320: %d office snapshots: min %.1f MiB, median %.1f MiB, max %.1f MiB, total %.1f MiB\n",
	n, v[1] / 1048576, v[int((n + 1) / 2)] / 1048576, v[n] / 1048576, s / 1048576 }' "$T/sizes"
for f in "$T/offices"/*.db; do echo "$(basename "$f" .db) $(stat -c '%i %s' "$f")"; done | sort >"$T/before"
for f in "$T/offices"/*.gen; do echo "$(basename "$f" .gen) $(cut -d' ' -f3 "$f")"; done | sort >"$T/gen.before"

# A minute of changes: CHANGES random dossiers get an apology and a new
# appointment (pending ones) or a corrected row (updated_at moves).
sqlite3 "$T/db" "CREATE TEMP TABLE pick AS SELECT code FROM dossiers ORDER BY random() LIMIT $CHANGES;
	UPDATE dossiers SET new_due_at = CASE WHEN status IN ('processing', 'paused', 'supplement')
	  THEN '2026-03-31 16:00' ELSE new_due_at END, channel = CASE channel WHEN 'online' THEN 'counter' ELSE 'online' END,
	  updated_at = '2025-11-20 10:01' WHERE code IN (SELECT code FROM pick);"
pub "2025-11-20 10:01"
echo "b0320: run after $CHANGES changes: ${wall} s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') s CPU"
grep 'kiosk snapshots' "$T/out" | sed 's/^/b0320:   /'
for f in "$T/offices"/*.db; do echo "$(basename "$f" .db) $(stat -c '%i %s' "$f")"; done | sort >"$T/after"
join "$T/before" "$T/after" | awk -v n="$cnt" '$2 != $4 {w++; b += $5} END {
	printf "b0320: %d of %d office files rewritten; bytes per kiosk per minute, whole files: %.1f MiB on average (%.0f bytes), %.1f MiB the whole province\n",
	w, n, b / n / 1048576, b / n, b / 1048576 }'
# With patches: OFFICE.gen (each minute; 304 when it did not move) and the
# patches from the generation before the run to the one after.
for f in "$T/offices"/*.gen; do
	o=$(basename "$f" .gen)
	g0=$(awk -v o="$o" '$1 == o {print $2}' "$T/gen.before")
	g1=$(cut -d' ' -f3 "$f")
	b=0
	if [ "${g0:-0}" != "$g1" ]; then
		b=$(stat -c %s "$f")
		g=$((${g0:-0} + 1))
		while [ "$g" -le "$g1" ]; do
			if [ -f "$T/offices/$o.d/$g.patch" ]; then b=$((b + $(stat -c %s "$T/offices/$o.d/$g.patch")))
			else b=$((b + $(stat -c %s "$T/offices/$o.db"))); break; fi
			g=$((g + 1))
		done
	fi
	echo "$o $b"
done >"$T/patched"
sort -k2 -n "$T/patched" | awk -v n="$cnt" '{s += $2; v[NR] = $2} END {
	printf "b0320: bytes per kiosk per minute with patches (OFFICE.gen + OFFICE.d/N.patch): %.0f bytes on average (median %d, max %d), %.1f KiB the whole province; %.1f MiB a day per kiosk\n",
	s / n, v[int((n + 1) / 2)], v[n], s / 1024, s / n * 1440 / 1048576 }'
pub "2025-11-20 10:02"
echo "b0320: run with no change: ${wall} s wall"
grep 'kiosk snapshots' "$T/out" | sed 's/^/b0320:   /'

# Lookups at kioskd on the biggest office's snapshot.
big=$(ls -S "$T/offices"/*.db | head -1)
office=$(basename "$big" .db)
"$B/publisher" --db "$T/db" --key-file "$T/publisher.key" --list-checks "$N" >"$T/checks"
sqlite3 "$T/db" "SELECT code FROM dossiers WHERE agency_code IN (SELECT agency_code FROM office_agencies WHERE office_code = '$office') ORDER BY random() LIMIT 100" >"$T/codes"
awk 'NR == FNR {want[$1] = 1; next} ($1 in want) {print $1, $2, $3}' "$T/codes" "$T/checks" >"$T/probe"
"$B/kioskd" --snapshot "$big" --port 0 --listen 127.0.0.1 --access-log none --page-cache-mb 0 \
	--lookup-burst 100000 --lookup-rate 100000 2>"$T/kioskd.err" &
kpid=$!
i=0
until grep -q 'listening on' "$T/kioskd.err"; do i=$((i + 1)); [ $i -lt 100 ] || exit 1; sleep 0.1; done
port=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$T/kioskd.err")
python3 - "$port" "$T/probe" "$kpid" <<'PY'
import http.client, os, sys, time
port, probe, pid = int(sys.argv[1]), sys.argv[2], sys.argv[3]
tick = os.sysconf("SC_CLK_TCK")
def cpu():
    f = open("/proc/%s/stat" % pid).read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / tick
rows = [l.split() for l in open(probe)]
c = http.client.HTTPConnection("127.0.0.1", port)
def get(path):
    c.request("GET", path)
    r = c.getresponse(); r.read()
    return r.status
cpu_ms = {}
def timed(paths, name=None):
    t, c = time.perf_counter(), cpu()
    st = [get(p) for p in paths]
    if name:
        cpu_ms[name] = (cpu() - c) / len(paths) * 1000
    return (time.perf_counter() - t) / len(paths) * 1000, st
rows = rows * 3
ok, s1 = timed(["/api/lookup?code=%s&check=%s" % (r[0], r[1]) for r in rows], "ok")
wrong, s2 = timed(["/api/lookup?code=%s&check=%08d" % (r[0], (int(r[1]) + 1) % 10**8) for r in rows], "wrong")
unknown, s3 = timed(["/api/lookup?code=%s9&check=%s" % (r[0][:-1], r[1]) for r in rows], "unknown")
tok, s4 = timed(["/api/dossier/%s" % r[2] for r in rows], "token")
print("b0320: code + check lookup at kioskd, wall per request: %.2f ms (found: %d of %d 200), wrong check %.2f ms, unknown code %.2f ms; by token %.2f ms"
      % (ok, s1.count(200), len(rows), wrong, unknown, tok))
print("b0320: kioskd CPU per request: found %.2f ms, wrong check %.2f ms, unknown code %.2f ms, by token %.2f ms"
      % (cpu_ms["ok"], cpu_ms["wrong"], cpu_ms["unknown"], cpu_ms["token"]))
derive = cpu_ms["wrong"] - cpu_ms["token"] if cpu_ms["wrong"] > cpu_ms["token"] else cpu_ms["wrong"]
day = 86400.0
print("b0320: one derivation ~ %.2f ms of one core (a miss's CPU minus a token lookup's); brute force per dossier: 10^8 x %.2f ms = %.0f core-seconds = %.1f core-days"
      % (derive, derive, 1e8 * derive / 1000, 1e8 * derive / 1000 / day))
print("b0320: the first full publish at 1,000,000 dossiers pays 10^6 derivations = %.0f core-seconds (%.1f min on 2 idle cores), once: later runs derive only new dossiers"
      % (1e6 * derive / 1000, 1e6 * derive / 1000 / 2 / 60))
PY
kill "$kpid"; wait "$kpid" 2>/dev/null || true; kpid=
echo "b0320: load after: $(uptime | sed 's/.*load average: //')"
