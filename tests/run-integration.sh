#!/bin/sh
# Run every tests/integration/t*.sh script (black-box tests over the real
# programs, cgit style).  Each script exits 0 on success; 77 means skipped.
# BUILD names the build directory (default build).
set -u
cd "$(dirname "$0")/.." || exit 1
export BUILD="${BUILD:-build}"
pass=0 fail=0 skip=0
for t in tests/integration/t[0-9]*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	sh "$t"
	rc=$?
	case $rc in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)); echo "SKIPPED: $t" ;;
	*) fail=$((fail + 1)); echo "FAILED: $t (exit $rc)" ;;
	esac
done
echo "integration: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
