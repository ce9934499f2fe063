#!/bin/sh
# kioskd under systemd, as far as a machine without systemd running can
# show it: the unit's exposure (systemd-analyze security --offline) is at
# most 2.0; every system call kioskd makes while it serves (strace) is
# allowed by the unit's SystemCallFilter; it tells a notify socket READY=1,
# pings the watchdog and says STOPPING=1 on SIGTERM.
. tests/fixtures/kiosk/lib.sh
unit=$top/kiosk/kioskd.service
command -v systemd-analyze >/dev/null 2>&1 || skip "no systemd-analyze"

systemd-analyze security --offline=true --no-pager "$unit" >"$tmp/security" 2>&1 ||
	{ cat "$tmp/security"; fail "systemd-analyze security failed"; }
exposure=$(sed -n 's/.*Overall exposure level for kioskd.service: \([0-9.]*\).*/\1/p' "$tmp/security")
[ -n "$exposure" ] || { cat "$tmp/security"; fail "no exposure figure"; }
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 2.0 else 1)' "$exposure" ||
	{ grep '✗' "$tmp/security"; fail "exposure $exposure > 2.0"; }
grep -q '^Type=notify' "$unit" || fail "the unit is not Type=notify"
grep -q '^WatchdogSec=' "$unit" || fail "the unit has no watchdog"

# The notify socket: a datagram socket that writes what it receives, one
# message a line, until it is killed.
sock=$tmp/notify.sock
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
out = open(sys.argv[2], "a", buffering=1)
s.settimeout(120)
while True:
    out.write(s.recv(4096).decode().replace("\n", " ") + "\n")
' "$sock" "$tmp/notified" &
npid=$!
trap 'kill "$npid" 2>/dev/null || true; cleanup' EXIT
i=0
while [ ! -S "$sock" ]; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "no notify socket"; sleep 0.1
done

# The system calls of a serving kioskd: start, lookups of each kind, a
# snapshot swap, SIGTERM.
"$FIX/make-snapshot.sh" "$tmp/snap.db"
command -v strace >/dev/null 2>&1 || skip "no strace"
: >"$tmp/kioskd.err"
# LeakSanitizer cannot run under ptrace (make sanitize): it would end
# kioskd with status 1.  Leaks are looked for by the other kiosk tests.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
NOTIFY_SOCKET=$sock strace -f -qq -o "$tmp/strace" "$KIOSKD" --snapshot "$tmp/snap.db" \
	--listen 127.0.0.1 --port 0 --web "$top/web" --assets "$top/assets" \
	--access-log none 2>"$tmp/kioskd.err" &
spid=$!
( sleep 120; kill "$spid" 2>/dev/null ) >/dev/null 2>&1 </dev/null &
dogpid=$!
i=0
until grep -q 'listening on' "$tmp/kioskd.err"; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$tmp/kioskd.err"; fail "kioskd did not start"; }
	sleep 0.1
done
# kioskd is strace's child: signals go to it, the shell waits for strace.
kpid=$(cat "/proc/$spid/task/$spid/children")
port=$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$tmp/kioskd.err")
B=http://127.0.0.1:$port
for u in / /kiosk.css "/lookup?code=$CODE1&check=$CHECK1" "/d/$TOKEN1" /procedures \
	/api/procedures /board /api/board /healthz /metrics "/api/estimate?procedure=1.001612"; do
	status "$B$u" >/dev/null
done
# A rating: the store's commit (fsync) and files (WAL, shared memory).
expect 200 "$(status "$B/api/rate/Tk2bbbbbbbbbbbbbbbbbbb?question=overall&choice=satisfied" -X POST)" \
	"a rating under strace"
"$FIX/make-snapshot.sh" "$tmp/snap2.db" "2025-03-13 08:00"
mv "$tmp/snap2.db" "$tmp/snap.db"
i=0
until grep -q 'generation 2' "$tmp/kioskd.err"; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "the new snapshot was not taken"; sleep 0.1
done
expect 200 "$(status "$B/d/$TOKEN1")" "lookup after the swap"
sleep 1.5
kill -TERM "$kpid"
wait "$spid" || fail "kioskd exit status $?"
kpid=
dog_stop
kill "$npid" 2>/dev/null; wait "$npid" 2>/dev/null || true
grep -q 'READY=1' "$tmp/notified" || fail "no READY=1: $(cat "$tmp/notified")"
grep -q 'WATCHDOG=1' "$tmp/notified" || fail "no WATCHDOG=1"
grep -q 'STOPPING=1' "$tmp/notified" || fail "no STOPPING=1"

# Names of the calls made; those the unit's filter denies must be none
# (setrlimit/prlimit64 is tolerated: refused, kioskd keeps LimitNOFILE).
sed -n 's/^[0-9]* *\([a-z_0-9]*\)(.*/\1/p' "$tmp/strace" | sort -u >"$tmp/calls"
[ -s "$tmp/calls" ] || fail "strace saw no system call"
# syscalls GROUP...: the calls of these groups, nested groups expanded.
syscalls() {
	python3 -c '
import subprocess, sys
def calls(group, seen):
    if group in seen:
        return set()
    seen.add(group)
    out = subprocess.run(["systemd-analyze", "syscall-filter", group], capture_output=True,
                         text=True, check=True).stdout.split("\n")[1:]
    got = set()
    for line in (l.strip() for l in out):
        if line.startswith("@"):
            got |= calls(line, seen)
        elif line and not line.startswith("#"):
            got.add(line)
    return got
print("\n".join(sorted(set().union(*(calls(g, set()) for g in sys.argv[1:])))))
' "$@"
}
syscalls @system-service >"$tmp/allowed"
syscalls @privileged @resources @mount @debug @cpu-emulation @obsolete @raw-io @reboot \
	@swap @module @clock >"$tmp/denied"
[ -s "$tmp/allowed" ] && [ -s "$tmp/denied" ] || fail "systemd-analyze syscall-filter gave nothing"
while read -r c; do
	case $c in execve|prlimit64|setrlimit) continue ;; esac
	grep -qx "$c" "$tmp/allowed" || fail "kioskd calls $c, outside @system-service"
	grep -qx "$c" "$tmp/denied" && fail "kioskd calls $c, which the unit denies"
done <"$tmp/calls"
echo "ok: unit exposure $exposure; $(wc -l <"$tmp/calls") system calls, all allowed; READY, WATCHDOG, STOPPING sent"
