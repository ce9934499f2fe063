#!/bin/sh
# Browser tests (headless Chromium driven by playwright-core) in tests/e2e.
set -u
cd "$(dirname "$0")/.." || exit 1
export BUILD="${BUILD:-build}"
pass=0 fail=0
for t in tests/e2e/t[0-9]*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	if sh "$t"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
