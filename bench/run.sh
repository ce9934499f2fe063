#!/bin/sh
# make bench: run every bench/b*.sh; each prints its figures and appends
# them to bench/results/<name>.txt.  Figures are compared side by side in
# one run (ratios), never asserted.
set -u
cd "$(dirname "$0")/.."
export BUILD="${BUILD:-build}"
mkdir -p bench/results
for b in bench/b[0-9]*.sh; do
	[ -e "$b" ] || continue
	name=$(basename "$b" .sh)
	echo "== $name"
	sh "$b" 2>&1 | tee "bench/results/$name.txt"
done
