#!/bin/sh
# Run every cmocka unit test binary given as arguments; print a total line
# "N passed, N failed" that CI reads.  VALGRIND=1 runs each under valgrind.
set -u
pass=0 fail=0
for t in "$@"; do
	if [ "${VALGRIND:-0}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full "$t"
	else
		"$t"
	fi
	if [ $? -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
