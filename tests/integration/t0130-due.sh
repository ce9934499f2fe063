#!/bin/sh
# trackdb due: hand-checked due times on the seed's calendar (Tết 2025 is
# 27-31 January; Saturday 26 April 2025 was worked, Friday 2 May given off)
# and on the fixture processes.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
F=tests/fixtures/import
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# The embedded seed alone: a demo with no dossiers.
seed=$tmp/seed.db
"$T" demo "$seed" --dossiers 0 --now "2026-11-26 10:00" >/dev/null

# due RECEIVED HOURS WANT [STARTS]: the due line, and the clock start when
# the dossier came in outside office hours.
due() {
	"$T" due "$seed" --received "$1" --hours "$2" >"$tmp/out" || fail "due $1 $2 failed"
	grep -q "^due  *$3\$" "$tmp/out" || fail "received $1 + $2 h: want due $3, got: $(cat "$tmp/out")"
	if [ -n "${4:-}" ]; then
		grep -q "^clock starts  *$4  *(received outside office hours)\$" "$tmp/out" ||
			fail "received $1: want clock start $4, got: $(cat "$tmp/out")"
	else
		grep -q "outside office hours" "$tmp/out" && fail "received $1 is in office hours"
	fi
	echo "ok: $1 + $2 h -> $3"
}
# Friday before Tết: 1 h that afternoon, 7 h on Monday 3 February.
due "2025-01-24 16:00" 8 "2025-02-03 16:00"
due "2025-01-24 15:30" 8 "2025-02-03 15:30"
# Received in the lunch break: the clock starts at 13:00.
due "2025-01-24 12:00" 8 "2025-02-03 11:30" "2025-01-24 13:00"
# 4 working hours from 07:30 end at 11:30, not 13:00.
due "2025-03-03 07:30" 4 "2025-03-03 11:30"
# A Saturday: the clock starts on Monday morning.
due "2025-03-01 10:00" 0.5 "2025-03-03 08:00" "2025-03-03 07:30"
# The Saturday worked in exchange for 2 May is a working day...
due "2025-04-26 09:00" 1 "2025-04-26 10:00"
# ...and 30 April, 1 and 2 May are off: Tuesday 29 April 16:00 + 2 h.
due "2025-04-29 16:00" 2 "2025-05-05 08:30"

# A procedure: the process in force, each step's planned deadline.
db=$tmp/fx.db
"$T" init "$db"
for kind in office_hours calendar fields agencies procedures processes steps; do
	"$T" import "$db" "$kind" "$F/$kind.csv" >/dev/null
done
"$T" due "$db" --received "2025-01-24 16:00" --procedure 1.001193 >"$tmp/out"
cat >"$tmp/want" <<'WANT'
received      2025-01-24 16:00
clock starts  2025-01-24 16:00
procedure     1.001193 Thủ tục đăng ký khai sinh
agency        000.01.21.H34 UBND phường Thắng Lợi  (the first agency offering it that day; choose with --agency)
process       QT-HT-01 version 1, in force since 2023-01-01
step 1        2025-02-03 08:30  Tiếp nhận, kiểm tra hồ sơ (Bộ phận Một cửa, 2 h)
step 2        2025-02-03 14:00  Thẩm định hồ sơ (Công chức Tư pháp - Hộ tịch, 4 h)
step 3        2025-02-03 16:00  Ký duyệt và trả kết quả (Lãnh đạo UBND, 2 h)
due           2025-02-03 16:00
WANT
diff -u "$tmp/want" "$tmp/out" || fail "procedure due"
echo "ok: procedure 1.001193 before Tết"

# After the 2025 reorganisation the successor's process is the one in force.
"$T" due "$db" --received "2025-07-15 09:00" --procedure 1.001193 >"$tmp/out"
grep -q "^agency  *000.01.21.H55 " "$tmp/out" || fail "successor not chosen: $(cat "$tmp/out")"
grep -q "^due  *2025-07-16 09:00\$" "$tmp/out" || fail "due after the merger: $(cat "$tmp/out")"
"$T" due "$db" --received "2025-07-15 09:00" --procedure 1.001193 --agency 000.01.21.H55 >"$tmp/out2"
grep -v "first agency" "$tmp/out" | grep -v "^agency" >"$tmp/a"
grep -v "^agency" "$tmp/out2" >"$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || fail "--agency gives another answer"
echo "ok: successor after 1 July 2025"

# No process in force, or no such procedure: exit 1 with the reason.
set +e
"$T" due "$db" --received "2025-07-15 09:00" --procedure 1.001193 --agency 000.01.21.H34 2>"$tmp/err"
rc1=$?
"$T" due "$db" --received "2025-07-15 09:00" --procedure 9.999999 2>/dev/null
rc2=$?
set -e
[ "$rc1" = 1 ] && grep -q "no process of agency 000.01.21.H34 in force on 2025-07-15" "$tmp/err" ||
	fail "ended agency: $rc1 $(cat "$tmp/err")"
[ "$rc2" = 1 ] || fail "unknown procedure: $rc2"
echo "ok: trackdb due"
