#!/bin/sh
# make test's last step: every layer runs even when an earlier one failed,
# so one run shows everything that is broken; then one total line.
# Usage: run-all.sh UNIT_BINARY...
set -u
cd "$(dirname "$0")/.." || exit 1
export BUILD="${BUILD:-build}"
log=$(mktemp)
status=$(mktemp)
trap 'rm -f "$log" "$status"' EXIT INT TERM
# tee hides a runner's exit status in a pipe, so each records its own.
run() {
	{ "$@"; echo "$?" >> "$status"; } 2>&1 | tee -a "$log"
}
run tests/run-unit.sh "$@"
run tests/run-integration.sh
run tests/run-e2e.sh
rc=0
grep -qv '^0$' "$status" && rc=1
# Each runner ends with "LAYER: N passed, N failed[, N skipped]".
awk '/^(unit|integration|e2e): [0-9]+ passed, [0-9]+ failed/ {
	p += $2; f += $4; if (NF >= 6) s += $6 }
	END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit $rc
