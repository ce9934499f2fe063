#!/bin/sh
# "Thank you" only once the rating is on disk: under strace, between
# kioskd's receipt of a rating's request and its "ok" answer there is an
# fdatasync (or fsync) of the rating store's write-ahead log, so that an
# acknowledged rating survives a power loss, not only a killed process.
. tests/fixtures/kiosk/lib.sh
command -v strace >/dev/null 2>&1 || skip "no strace"
"$FIX/make-snapshot.sh" "$tmp/snap.db"
: >"$tmp/kioskd.err"
# LeakSanitizer cannot run under ptrace (make sanitize).
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
strace -f -qq -s 100 -e trace=openat,recvfrom,read,fdatasync,fsync,sendmsg,sendto,writev,write \
	-o "$tmp/strace" "$KIOSKD" --snapshot "$tmp/snap.db" --listen 127.0.0.1 --port 0 \
	--web "$top/web" --assets "$top/assets" --access-log none --ratings "$tmp/r.db" \
	2>"$tmp/kioskd.err" &
spid=$!
( sleep 120; kill "$spid" 2>/dev/null ) >/dev/null 2>&1 </dev/null &
dogpid=$!
i=0
until grep -q 'listening on' "$tmp/kioskd.err"; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$tmp/kioskd.err"; fail "kioskd did not start"; }
	sleep 0.1
done
kpid=$(cat "/proc/$spid/task/$spid/children")
port=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
B=http://127.0.0.1:$port
for c in unsatisfied satisfied; do
	expect 200 "$(curl -s -o /dev/null -w '%{http_code}' -X POST \
		"$B/api/rate/Tk2bbbbbbbbbbbbbbbbbbb?question=overall&choice=$c")" "rating ($c)"
done
kill -TERM "$kpid"
wait "$spid" || fail "kioskd exit status $?"
kpid=
dog_stop
python3 - "$tmp/strace" "$tmp/r.db-wal" <<'PY' || fail "no sync of the store between a rating's request and its answer"
import re, sys
log, wal = sys.argv[1], sys.argv[2]
walfds, synced, answered = set(), {}, 0
for line in open(log, errors="replace"):
    m = re.match(r"(\d+)\s+(\w+)\((\d+)?(.*)", line)
    if not m:
        continue
    pid, call, fd, rest = m.group(1), m.group(2), m.group(3), m.group(4)
    if call == "openat" and '"' + wal + '"' in rest:
        r = re.search(r"= (\d+)$", line.strip())
        if r:
            walfds.add(r.group(1))
    elif call in ("recvfrom", "read") and "POST /api/rate/" in rest:
        synced[pid] = False  # a rating's request on this thread
    elif call in ("fdatasync", "fsync") and fd in walfds and pid in synced:
        synced[pid] = True
    elif call in ("sendmsg", "sendto", "writev", "write") and '\\"ok\\":true' in rest:
        if not synced.get(pid):
            print("answered before the WAL was synced:", line.strip())
            sys.exit(1)
        answered += 1
        del synced[pid]
if answered != 2 or not walfds:
    print("answers seen:", answered, "WAL descriptors:", walfds)
    sys.exit(1)
PY
expect 2 "$(sqlite3 "$tmp/r.db" "SELECT count(*) FROM ratings")" "ratings stored"
echo "ok: each rating's answer follows the fsync of the store's log"
