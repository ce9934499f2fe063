#!/bin/sh
# Build every libFuzzer target into build/fuzz/ (or $BUILD/fuzz/), linking
# the core files each needs directly, so that the Makefile is not involved.
#   tests/fuzz/build.sh            all targets
#   tests/fuzz/build.sh fuzz_csv   some of them
# CC defaults to clang (libFuzzer needs it); EXTRA_CFLAGS are appended.
set -eu
LC_ALL=C
export LC_ALL

cd "$(dirname "$0")/../.."
CC=${CC:-clang}
OUT=${BUILD:-build}/fuzz
CFLAGS="-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
 -Wall -Wextra -Wstrict-prototypes -Wshadow -Werror \
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
 -Icore/domain -Icore/storage -Icore/presentation ${EXTRA_CFLAGS:-}"

# The core files each target exercises (err.c for struct err).
sources() {
	case $1 in
	fuzz_code) echo core/domain/code.c core/domain/err.c ;;
	fuzz_csv) echo core/storage/csv.c core/domain/err.c ;;
	fuzz_clock) echo core/domain/clock.c core/domain/err.c ;;
	fuzz_out) echo core/presentation/out.c ;;
	fuzz_timeline) echo core/domain/timeline.c core/domain/clock.c core/domain/err.c ;;
	*) echo "build.sh: unknown target '$1'" >&2; return 1 ;;
	esac
}

TARGETS=${*:-fuzz_code fuzz_csv fuzz_clock fuzz_out fuzz_timeline}
mkdir -p "$OUT"
for t in $TARGETS; do
	src=$(sources "$t")
	# shellcheck disable=SC2086 # word splitting of the flag and file lists is wanted
	$CC $CFLAGS -o "$OUT/$t" "tests/fuzz/$t.c" $src -lm
	echo "built $OUT/$t"
done
