#!/bin/sh
# Run every tests/integration/t*.sh script (black-box tests over the real
# programs, cgit style).  Each script exits 0 on success; 77 means skipped.
# BUILD names the build directory (default build).
#
# Each script runs in a session of its own.  Whatever it leaves running
# when it exits (a daemon it failed to stop) is a defect: it is named, the
# script counts as failed, and the leftovers are killed, so that they can
# neither disturb the next script nor hold `make test | tee` open forever.
set -u
cd "$(dirname "$0")/.." || exit 1
export BUILD="${BUILD:-build}"
pass=0 fail=0 skip=0
cur=
trap '[ -n "$cur" ] && kill -TERM "-$cur" 2>/dev/null; exit 130' INT TERM
for t in tests/integration/t[0-9]*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	# In the background a non-interactive shell's child is no group
	# leader, so setsid needs no fork: its PID is the session's.
	setsid sh "$t" </dev/null &
	cur=$!
	wait "$cur"
	rc=$?
	# A daemon sent its signal in the script's last line may take a moment.
	i=0
	while [ $i -lt 30 ] && kill -0 "-$cur" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "-$cur" 2>/dev/null; then
		echo "LEFT RUNNING by $t:"
		ps -o pid=,args= -s "$cur" 2>/dev/null | sed 's/^/  /'
		kill -TERM "-$cur" 2>/dev/null
		sleep 1
		kill -KILL "-$cur" 2>/dev/null
		[ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] && rc=1
	fi
	cur=
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); echo "SKIPPED: $t" ;;
	*) fail=$((fail + 1)); echo "FAILED: $t (exit $rc)" ;;
	esac
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
