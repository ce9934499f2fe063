#!/bin/sh
# Run every fuzz target for SECONDS (default 30) each, after building them.
#   tests/fuzz/run.sh [SECONDS]
# New corpus entries go to build/fuzz/corpus/<target>/ (the seeds in
# tests/fuzz/corpus/<target>/ and the inputs that once found bugs, in
# tests/fuzz/crashes/<target>/, are only read), crashes to
# build/fuzz/crashes/<target>/.  Exits 1 when any target crashed or
# broke an invariant.  TARGETS overrides the list; FUZZ_FLAGS adds
# libFuzzer options (e.g. FUZZ_FLAGS=-jobs=2).
set -eu
LC_ALL=C
export LC_ALL

cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-30}
OUT=${BUILD:-build}/fuzz
TARGETS=${TARGETS:-fuzz_code fuzz_csv fuzz_clock fuzz_out fuzz_timeline}

case $SECONDS_EACH in
'' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;;
esac

# shellcheck disable=SC2086 # the target list is split on purpose
tests/fuzz/build.sh $TARGETS

failed=
for t in $TARGETS; do
	mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t"
	# Old crashes are regression seeds: they run first, every time.
	old=
	if [ -d "tests/fuzz/crashes/$t" ]; then
		old="tests/fuzz/crashes/$t"
	fi
	echo "== $t: ${SECONDS_EACH}s"
	# shellcheck disable=SC2086 # FUZZ_FLAGS holds several options, $old one or none
	if ! "$OUT/$t" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
		-artifact_prefix="$OUT/crashes/$t/" ${FUZZ_FLAGS:-} \
		"$OUT/corpus/$t" "tests/fuzz/corpus/$t" $old >"$OUT/$t.log" 2>&1; then
		failed="$failed $t"
		echo "$t: FAILED, see $OUT/$t.log and $OUT/crashes/$t/" >&2
		grep -E 'ERROR|invariant failed|SUMMARY' "$OUT/$t.log" | head -5 >&2 || true
	fi
	grep -E '^#[0-9]+.*(DONE|cov:)' "$OUT/$t.log" | tail -1 || true
	grep -E 'stat::(number_of_executed_units|average_exec_per_sec)' "$OUT/$t.log" || true
done
if [ -n "$failed" ]; then
	echo "fuzz: failed:$failed" >&2
	exit 1
fi
echo "fuzz: all targets ran ${SECONDS_EACH}s without a crash"
