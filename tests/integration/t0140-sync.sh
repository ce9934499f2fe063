#!/bin/sh
# trackdb sync: the national portal's DongBoHoSoMC and CapNhatTienDoHoSoMC
# payloads (a request body, a plain array, JSON lines) with every status
# code and every date form, supplements and progress, create dossiers and
# then update them; the published page and a running kioskd show the
# update; the same batch sent again leaves the database byte for byte as
# it was; a bad record rejects its whole batch, named FILE:RECORD, and
# leaves the database byte for byte as it was; the step mapping is the
# operator's (trackdb import step_map); import --update upserts CSV rows;
# and no private field of the records (names, ID numbers, phone, e-mail,
# fax, address, the official's name) reaches the site, the snapshot or
# any log.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 curl python3
KIOSKD=$ROOT/$BUILD/kioskd
[ -x "$KIOSKD" ] || skip "$KIOSKD not built"

DB=$T/db.sqlite
demo_db 30 "$DB"
A=000.00.07.H48 # Sở Xây dựng (Quảng Ngãi); procedure 1.009994 has 5 steps
code() { echo "$A-2511$1-00$2"; }
sync() { "$TDB" sync "$DB" "$@" > "$T/sync.out" 2> "$T/sync.err"; }
logs() { cat "$T/sync.out" "$T/sync.err" >> "$T/all.log"; }

# Batch 1, a request body as the one-stop system posts it: statuses 1-10,
# the four date forms, private fields everywhere.
cat > "$T/b1.json" <<JSON
{"service": "DongBoHoSoMC", "madonvi": "$A", "isUpdating": "False", "data": [
 {"MaHoSo": "$(code 03 01)", "MaTTHC": "1.009994", "TrangThaiHoSo": "1", "ChuHoSo": "Lê Chưa Nhận"},
 {"MaHoSo": "$(code 03 02)", "MaTTHC": "1.009994", "ChuHoSo": "Nguyễn Văn Bímật",
  "SoGiayToChuHoSo": "001099012345", "DinhDanhCHS": "079099000111", "SoDienThoai": "0905123456",
  "Email": "bimat@example.vn", "Fax": "0905999888", "DiaChiChuHoSo": "12 Đường Kínđáo, Kon Tum",
  "NgayTiepNhan": "20251103083000", "NgayHenTra": "20251201083000", "TrangThaiHoSo": "2",
  "KenhThucHien": "1", "TaiLieuNop": [{"TenTepDinhKem": "Đơn đề nghị"}, {"TenTepDinhKem": "Bản vẽ"}]},
 {"MaHoSo": "$(code 03 03)", "MaTTHC": "1.009994", "ChuHoSo": "Phạm Không Nhận",
  "NgayTiepNhan": "2025-11-03T09:00:00", "NgayKetThucXuLy": "2025-11-03T09:30:00", "TrangThaiHoSo": 3},
 {"MaHoSo": "$(code 03 04)", "MaTTHC": "1.009994", "ChuHoSo": "Võ Đang Xử",
  "NgayTiepNhan": "2025-11-03T10:00:00.000", "NgayHenTra": "2025-12-01T10:00:00.250+07:00",
  "TrangThaiHoSo": 4, "KenhThucHien": 2},
 {"MaHoSo": "$(code 04 05)", "MaTTHC": "1.009994", "ChuHoSo": "Trần Thị Bổsung",
  "NgayTiepNhan": "04/11/2025 09:15:00", "NgayHenTra": "28/11/2025 16:00:00", "TrangThaiHoSo": "5",
  "KenhThucHien": "3", "DanhSachHoSoBoSung": [{"NoiDungBoSung": "Thiếu bản vẽ mặt bằng",
  "NgayBoSung": "06/11/2025 10:00:00", "NgayHenTraTruoc": "02/12/2025 09:15:00",
  "NgayHenTraMoi": "05/12/2025 09:15:00"}]},
 {"MaHoSo": "$(code 04 06)", "MaTTHC": "1.009994", "ChuHoSo": "Đỗ Nghĩa Vụ",
  "NgayTiepNhan": "20251104100000", "NgayHenTra": "20251202100000", "TrangThaiHoSo": "6"},
 {"MaHoSo": "$(code 04 07)", "MaTTHC": "1.009994", "ChuHoSo": "Hồ Rút Lại",
  "NgayTiepNhan": "20251104110000", "NgayHenTra": "20251202110000", "TrangThaiHoSo": "7"},
 {"MaHoSo": "$(code 05 08)", "MaTTHC": "1.009994", "ChuHoSo": "Mai Dừng Lại",
  "NgayTiepNhan": "20251105080000", "NgayHenTra": "20251203080000", "NgayKetThucXuLy": "20251110080000",
  "TrangThaiHoSo": "8"},
 {"MaHoSo": "$(code 05 09)", "MaTTHC": "1.009994", "ChuHoSo": "Lý Có Kếtquả",
  "NgayTiepNhan": "20251105090000", "NgayHenTra": "20251203090000", "NgayKetThucXuLy": "20251118150000",
  "TrangThaiHoSo": "9"},
 {"MaHoSo": "$(code 05 10)", "MaTTHC": "1.009994", "ChuHoSo": "Tô Đã Trả",
  "NgayTiepNhan": "20251105100000", "NgayHenTra": "20251203100000", "NgayKetThucXuLy": "20251117100000",
  "NgayTra": "20251118080000", "TrangThaiHoSo": "10"}
]}
JSON
# Progress, as JSON lines, one action each.
cat > "$T/p1.jsonl" <<JSON
{"MaHoSo": "$(code 03 02)", "NguoiXuLy": "Cán Bộ Giấutên", "ChucDanh": "Chuyên viên", "ThoiDiemXuLy": "20251103083500", "PhongBanXuLy": "Trung tâm Phục vụ hành chính công tỉnh", "NoiDungXuLy": "Tiếp nhận hồ sơ", "TrangThai": "2"}
{"MaHoSo": "$(code 03 02)", "NguoiXuLy": "Cán Bộ Giấutên", "ThoiDiemXuLy": "2025-11-04T14:00:00", "PhongBanXuLy": "Phòng Quản lý hoạt động xây dựng", "NoiDungXuLy": "Thẩm định hồ sơ", "TrangThai": 4, "NgayBatDau": "20251104140000", "NgayKetThucTheoQuyDinh": "20251114170000"}
{"MaHoSo": "$(code 03 04)", "NguoiXuLy": "Cán Bộ Giấutên", "ThoiDiemXuLy": "03/11/2025 10:05:00", "PhongBanXuLy": "Bộ phận một cửa", "NoiDungXuLy": "Tiếp nhận", "TrangThai": "4"}
{"MaHoSo": "$(code 04 06)", "NguoiXuLy": "Cán Bộ Giấutên", "ThoiDiemXuLy": "20251105080000", "PhongBanXuLy": "Phòng Quản lý hoạt động xây dựng", "NoiDungXuLy": "Chờ nộp lệ phí", "TrangThai": "6"}
JSON
sync "$T/b1.json" "$T/p1.jsonl" || fail "sync batch 1: $(cat "$T/sync.err")"
logs
grep -q "b1.json: 10 dossier records (9 new, 0 updated, 0 unchanged, 1 not yet received)" "$T/sync.out" ||
	fail "batch 1 summary: $(cat "$T/sync.out")"
grep -q "p1.jsonl: 0 dossier records.*4 progress records (4 new, 0 already stored, 1 mapped to no step)" \
	"$T/sync.out" || fail "progress summary: $(cat "$T/sync.out")"
grep -q "no step for PhongBanXuLy 'Bộ phận một cửa' (1 records)" "$T/sync.out" ||
	fail "the unmapped unit is not reported: $(cat "$T/sync.out")"
q() { sqlite3 "$DB" "$1"; }
[ "$(q "SELECT count(*) FROM dossiers WHERE code = '$(code 03 01)'")" = 0 ] || fail "status 1 was stored"
[ "$(q "SELECT group_concat(status, ' ') FROM (SELECT status FROM dossiers WHERE agency_code = '$A' AND code LIKE '$A-2511%' ORDER BY code)")" = \
	"processing rejected processing supplement paused withdrawn rejected ready returned" ] ||
	fail "statuses: $(q "SELECT code, status FROM dossiers WHERE code LIKE '$A-2511%' ORDER BY code")"
[ "$(q "SELECT channel FROM dossiers WHERE code = '$(code 04 05)'")" = post ] || fail "KenhThucHien 3"
[ "$(q "SELECT received_at || '|' || due_at FROM dossiers WHERE code = '$(code 03 04)'")" = \
	"2025-11-03 10:00|2025-12-01 10:00" ] || fail "ISO 8601 dates"
# The due is the appointment before the supplement: the clock stops meanwhile.
[ "$(q "SELECT received_at || '|' || due_at FROM dossiers WHERE code = '$(code 04 05)'")" = \
	"2025-11-04 09:15|2025-12-02 09:15" ] || fail "dd/MM/yyyy dates or the supplement's due"
[ "$(q "SELECT group_concat(kind || ':' || coalesce(step_no, '') || '@' || at, ' ') FROM (SELECT * FROM events WHERE dossier_code = '$(code 03 02)' ORDER BY at, id)")" = \
	"step_start:1@2025-11-03 08:35 step_done:1@2025-11-04 14:00 step_start:2@2025-11-04 14:00" ] ||
	fail "progress events: $(q "SELECT * FROM events WHERE dossier_code = '$(code 03 02)'")"
[ "$(q "SELECT kind || '@' || at FROM events WHERE dossier_code = '$(code 04 05)'")" = \
	"supplement_request@2025-11-06 10:00" ] || fail "supplement request"
# NoiDungBoSung is what the citizen is asked for: the public request, not the internal note.
[ "$(q "SELECT coalesce(request, '-') || '|' || coalesce(note, '-') FROM events WHERE dossier_code = '$(code 04 05)'")" = \
	"Thiếu bản vẽ mặt bằng|-" ] || fail "NoiDungBoSung: $(q "SELECT * FROM events WHERE dossier_code = '$(code 04 05)'")"
[ "$(q "SELECT group_concat(kind, ' ') FROM events WHERE dossier_code = '$(code 05 10)'")" = \
	"result_ready returned" ] || fail "status 10 events"
[ "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE dossier_code = '$(code 04 06)' ORDER BY at, id)")" = \
	"pause step_start" ] || fail "status 6 pause: $(q "SELECT * FROM events WHERE dossier_code = '$(code 04 06)'")"
[ "$(q "SELECT count(*) FROM events WHERE actor IS NOT NULL AND dossier_code LIKE '$A-2511%'")" = 0 ] ||
	fail "the official's name went into the event log"

# The same batch again: nothing changes, byte for byte.
cp "$DB" "$T/before.db"
sync "$T/b1.json" "$T/p1.jsonl" || fail "resend 1: $(cat "$T/sync.err")"
logs
cmp -s "$DB" "$T/before.db" || fail "sending batch 1 again changed the database"
grep -q "b1.json: 10 dossier records (0 new, 0 updated, 9 unchanged, 1 not yet received).*0 events added" \
	"$T/sync.out" || fail "resend summary: $(cat "$T/sync.out")"

pub() {
	"$P" --db "$DB" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
		--receipts "$T/rcpt" --base-url http://example.invalid --now "2025-11-20 10:00" \
		> "$T/pub.out" 2> "$T/pub.err" || { cat "$T/pub.out" "$T/pub.err" >&2; fail "publisher"; }
	cat "$T/pub.out" "$T/pub.err" >> "$T/all.log"
}
pub
D=$(code 03 02)
line=$("$P" --db "$DB" --key-file "$T/pub.key" --list-checks 100000 | awk -F '\t' -v c="$D" '$1 == c')
check=$(echo "$line" | cut -f2)
page=$(echo "$line" | cut -f4)
grep -q 'Phòng Quản lý hoạt động xây dựng' "$T/site$page" || fail "$D's page lacks the step at work"

# kioskd over the snapshot: the dossier as batch 1 left it.
port=$(free_port)
"$KIOSKD" --snapshot "$T/kiosk.db" --listen 127.0.0.1 --port "$port" --web "$ROOT/web" \
	--assets "$ROOT/assets" --access-log "$T/access.log" 2> "$T/kioskd.err" &
KPID=$!
trap 'kill $KPID 2>/dev/null || true; cleanup' EXIT INT TERM
i=0
until grep -q 'listening on' "$T/kioskd.err" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not start: $(cat "$T/kioskd.err")"; sleep 0.1
done
look() { curl -s "http://127.0.0.1:$port/lookup?code=$D&check=$check"; }
look > "$T/k1.html"
grep -q 'Đang xử lý\|Thẩm định hồ sơ' "$T/k1.html" || fail "kiosk: $D not shown in progress"

# Batch 2, a plain array: the first dossier is done, the supplement came
# in, the financial obligation was met; a progress record sent twice.
cat > "$T/b2.json" <<JSON
[{"MaHoSo": "$D", "MaTTHC": "1.009994", "ChuHoSo": "Nguyễn Văn Bímật", "SoGiayToChuHoSo": "001099012345",
  "DinhDanhCHS": "079099000111", "SoDienThoai": "0905123456", "Email": "bimat@example.vn",
  "Fax": "0905999888", "DiaChiChuHoSo": "12 Đường Kínđáo, Kon Tum", "NgayTiepNhan": "20251103083000",
  "NgayHenTra": "20251201083000", "NgayKetThucXuLy": "20251119160000", "TrangThaiHoSo": "9", "KenhThucHien": "1",
  "TaiLieuNop": [{"TenTepDinhKem": "Đơn đề nghị"}, {"TenTepDinhKem": "Bản vẽ"}]},
 {"MaHoSo": "$(code 04 05)", "MaTTHC": "1.009994", "ChuHoSo": "Trần Thị Bổsung",
  "NgayTiepNhan": "04/11/2025 09:15:00", "NgayHenTra": "05/12/2025 09:15:00", "TrangThaiHoSo": "4",
  "KenhThucHien": "3", "DanhSachHoSoBoSung": [{"NoiDungBoSung": "Thiếu bản vẽ mặt bằng tỷ lệ 1/100",
  "NgayBoSung": "06/11/2025 10:00:00", "NgayTiepNhanBoSung": "10/11/2025 14:00:00",
  "NgayHenTraTruoc": "02/12/2025 09:15:00", "NgayHenTraMoi": "05/12/2025 09:15:00"}]},
 {"MaHoSo": "$(code 04 06)", "MaTTHC": "1.009994", "ChuHoSo": "Đỗ Nghĩa Vụ",
  "NgayTiepNhan": "20251104100000", "NgayHenTra": "20251202100000", "TrangThaiHoSo": "4"},
 {"MaHoSo": "$(code 04 06)", "NguoiXuLy": "Cán Bộ Giấutên", "ThoiDiemXuLy": "20251106090000",
  "PhongBanXuLy": "Phòng Quản lý hoạt động xây dựng", "NoiDungXuLy": "Đã nộp lệ phí", "TrangThai": "4"},
 {"MaHoSo": "$D", "NguoiXuLy": "Cán Bộ Giấutên", "ThoiDiemXuLy": "2025-11-04T14:00:00",
  "PhongBanXuLy": "Phòng Quản lý hoạt động xây dựng", "NoiDungXuLy": "Thẩm định hồ sơ", "TrangThai": 4}]
JSON
sync "$T/b2.json" || fail "sync batch 2: $(cat "$T/sync.err")"
logs
grep -q "b2.json: 3 dossier records (0 new, 3 updated, 0 unchanged, 0 not yet received), 2 progress records (1 new, 1 already stored" \
	"$T/sync.out" || fail "batch 2 summary: $(cat "$T/sync.out")"
[ "$(q "SELECT status || '|' || resolved_at FROM dossiers WHERE code = '$D'")" = "ready|2025-11-19 16:00" ] ||
	fail "status 9 update"
[ "$(q "SELECT request FROM events WHERE dossier_code = '$(code 04 05)' AND kind = 'supplement_request'")" = \
	"Thiếu bản vẽ mặt bằng tỷ lệ 1/100" ] || fail "a changed NoiDungBoSung did not replace the request"
[ "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE dossier_code = '$D' ORDER BY at, id)")" = \
	"step_start step_done step_start step_done result_ready" ] || fail "result events"
[ "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE dossier_code = '$(code 04 05)' ORDER BY at, id)")" = \
	"supplement_request supplement_received" ] || fail "supplement received"
[ "$(q "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE dossier_code = '$(code 04 06)' ORDER BY at, id)")" = \
	"pause step_start resume" ] || fail "pause resumed: $(q "SELECT * FROM events WHERE dossier_code = '$(code 04 06)'")"
pub
grep -q 'Có kết quả' "$T/site$page" || fail "the published page does not show the result"
i=0
until look | grep -q 'Có kết quả'; do
	i=$((i + 1)); [ $i -lt 150 ] || fail "kioskd never showed the update"; sleep 0.1
done

# Batch 2 again: nothing changes, byte for byte.
cp "$DB" "$T/before.db"
sync "$T/b2.json" || fail "resend: $(cat "$T/sync.err")"
logs
cmp -s "$DB" "$T/before.db" || fail "sending batch 2 again changed the database"
grep -q "b2.json: 3 dossier records (0 new, 0 updated, 3 unchanged.*0 events added" "$T/sync.out" ||
	fail "resend summary: $(cat "$T/sync.out")"

# A bad record rejects its batch: named FILE:RECORD, database unchanged.
bad() { # bad LABEL RECORD-JSON... : a batch whose second record is bad
	printf '[{"MaHoSo": "%s", "MaTTHC": "1.009994", "NgayTiepNhan": "20251106080000", "NgayHenTra": "20251204080000", "TrangThaiHoSo": "2"},\n%s]\n' \
		"$(code 06 11)" "$2" > "$T/bad.json"
	if sync "$T/bad.json"; then fail "$1: accepted"; fi
	logs
	grep -q "bad.json:2: .*$3" "$T/sync.err" || fail "$1: $(cat "$T/sync.err")"
	cmp -s "$DB" "$T/before.db" || fail "$1: the rejected batch changed the database"
}
bad "date" '{"MaHoSo": "'"$(code 06 12)"'", "MaTTHC": "1.009994", "NgayTiepNhan": "31/11/2025 08:00:00", "TrangThaiHoSo": "2", "NgayHenTra": "20251204080000"}' \
	"NgayTiepNhan '31/11/2025 08:00:00' is not a date"
bad "status" '{"MaHoSo": "'"$(code 06 12)"'", "MaTTHC": "1.009994", "NgayTiepNhan": "20251106080000", "NgayHenTra": "20251204080000", "TrangThaiHoSo": "11"}' \
	"TrangThaiHoSo is not a number from 1 to 10"
bad "procedure" '{"MaHoSo": "'"$(code 06 12)"'", "MaTTHC": "9.999999", "NgayTiepNhan": "20251106080000", "NgayHenTra": "20251204080000", "TrangThaiHoSo": "2"}' \
	"MaTTHC 9.999999: no such procedure"
bad "done without a date" '{"MaHoSo": "'"$(code 06 12)"'", "MaTTHC": "1.009994", "NgayTiepNhan": "20251106080000", "NgayHenTra": "20251204080000", "TrangThaiHoSo": "9"}' \
	"TrangThaiHoSo 9: NgayKetThucXuLy is missing"
bad "unknown dossier" '{"MaHoSo": "'"$A"'-251106-0999", "ThoiDiemXuLy": "20251106090000", "TrangThai": "4"}' \
	"MaHoSo $A-251106-0999: no such dossier"
bad "not a record" '{"foo": 1}' "neither a dossier"
printf '{"MaHoSo": "x"\n' > "$T/broken.json"
if sync "$T/broken.json"; then fail "broken JSON accepted"; fi
grep -q "broken.json:[0-9]*: not JSON" "$T/sync.err" || fail "broken JSON: $(cat "$T/sync.err")"
cmp -s "$DB" "$T/before.db" || fail "a broken file changed the database"

# The operator's mapping: the one-stop desk is step 1 of this procedure.
printf 'procedure_code,match,step_no\n1.009994,Bộ phận một cửa,1\n*,Văn thư,4\n' > "$T/map.csv"
"$TDB" import "$DB" step_map "$T/map.csv" > /dev/null || fail "import step_map"
printf '{"MaHoSo": "%s", "ThoiDiemXuLy": "20251103110000", "PhongBanXuLy": "BỘ PHẬN MỘT CỬA ", "NoiDungXuLy": "Chuyển hồ sơ", "TrangThai": "4"}\n' \
	"$(code 03 04)" > "$T/p2.jsonl"
sync "$T/p2.jsonl" || fail "sync p2: $(cat "$T/sync.err")"
logs
[ "$(q "SELECT step_no FROM sync_progress WHERE dossier_code = '$(code 03 04)' AND at = '2025-11-03 11:00'")" = 1 ] ||
	fail "the mapping was not used"

# CSV with --update: an existing dossier's row is updated, a known event
# is not stored twice.
q "SELECT 'code,procedure_code,agency_code,channel,received_at,due_at,new_due_at,status,resolved_at,returned_at,documents,applicant_name,applicant_id,applicant_phone,applicant_address,updated_at';
   SELECT code || ',' || procedure_code || ',' || agency_code || ',post,' || received_at || ',' || due_at || ',,processing,,,,Hoàng Cập Nhật,,,,2025-11-20 09:00'
   FROM dossiers WHERE code = '$(code 03 04)'" > "$T/up.csv"
if "$TDB" import "$DB" dossiers "$T/up.csv" > /dev/null 2>&1; then fail "import without --update accepted a known dossier"; fi
"$TDB" import "$DB" dossiers "$T/up.csv" --update > "$T/imp.out" || fail "import --update"
[ "$(q "SELECT channel || '|' || applicant_name FROM dossiers WHERE code = '$(code 03 04)'")" = "post|Hoàng Cập Nhật" ] ||
	fail "import --update did not update the row"
printf 'dossier_code,at,kind,step_no,new_due_at,actor,note\n%s,2025-11-03 15:00,step_done,1,,,\n' "$(code 03 04)" > "$T/ev.csv"
n=$(q "SELECT count(*) FROM events")
"$TDB" import "$DB" events "$T/ev.csv" --update > /dev/null || fail "events --update"
"$TDB" import "$DB" events "$T/ev.csv" --update > /dev/null || fail "events --update, again"
[ "$(q "SELECT count(*) FROM events")" = "$((n + 1))" ] || fail "an event imported twice with --update was stored twice"

# Nothing private anywhere public, nor in any log.
pub
kill $KPID 2>/dev/null; wait $KPID 2>/dev/null || true
cat "$T/kioskd.err" "$T/access.log" >> "$T/all.log"
sqlite3 "$T/kiosk.db" .dump > "$T/snapshot.sql"
for s in "Bímật" "001099012345" "079099000111" "0905123456" "bimat@example.vn" "0905999888" \
	"Kínđáo" "Giấutên" "Chuyên viên" "Thiếu bản vẽ" "Chờ nộp lệ phí" "Hoàng Cập Nhật"; do
	grep -rqF "$s" "$T/site" && fail "'$s' reached the site"
	grep -qF "$s" "$T/snapshot.sql" && fail "'$s' reached the snapshot"
	grep -qF "$s" "$T/all.log" && fail "'$s' reached a log"
done
grep -rqF "Nguyễn Văn Bímật" "$T/rcpt" || fail "the private receipt lacks the applicant's name (test broken?)"
echo "ok: sync creates and updates, resends change nothing, bad batches change nothing, nothing private leaks"
