#!/bin/sh
# t0403: every statistics table is also an Excel workbook that opens in
# LibreOffice (Debian's headless Calc) as the CSV's table: each sheet
# converted back to CSV (raw values, text cells quoted, numbers not) has
# Vietnamese headers (none is an open-data snake_case name), the CSV's
# rows in the CSV's order, text equal to the CSV's text, and numbers as
# numbers equal to the CSV's (percentages as fractions shown with %).  In
# the files themselves: the header row frozen, percentages formatted as
# percentages, sheet names of at most 31 characters, one sheet per table of
# the page; the pages link their workbook; a second publish into another
# folder gives the same bytes.
. "$(dirname "$0")/publisher-lib.sh"
need libreoffice python3
demo_db 300 "$T/db"
"$P" --db "$T/db" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/k" --now "$NOW" \
	--quiet || fail "publisher"
"$P" --db "$T/db" --out "$T/site2" --snapshot "$T/kiosk2.db" --key-file "$T/k" --now "$NOW" \
	--quiet || fail "publisher, second folder"
S=$T/site
(cd "$S" && find . -name '*.xlsx' | sort) >"$T/books"
(cd "$S" && find thong-ke/ky -name '*.csv' | wc -l) >"$T/nky"
[ "$(grep -c '/ky/' "$T/books")" = "$(cat "$T/nky")" ] || fail "not every period has its workbook"
while IFS= read -r f; do
	cmp -s "$S/$f" "$T/site2/$f" || fail "$f: not the same bytes from the same data"
done <"$T/books"

# The workbooks of the topic pages and three periods (a month, a quarter,
# a cut-off year): LibreOffice converts them all in one start.
month=$(ls "$S/thong-ke/ky" | grep -E '^[0-9]{4}-[0-9]{2}\.xlsx$' | tail -1)
quarter=$(ls "$S/thong-ke/ky" | grep -E '^[0-9]{4}-q[1-4]\.xlsx$' | tail -1)
cut=$(ls "$S/thong-ke/ky" | grep -E '^chot-[0-9]{4}\.xlsx$' | tail -1)
mkdir -p "$T/x" "$T/out"
for f in thong-ke/bao-cao.xlsx thong-ke/thoi-gian-xu-ly.xlsx thong-ke/diem-nghen.xlsx \
	lo-trinh-iso/lo-trinh.xlsx "thong-ke/ky/$month" "thong-ke/ky/$quarter" "thong-ke/ky/$cut"; do
	[ -s "$S/$f" ] || fail "no $f"
	cp "$S/$f" "$T/x/$(echo "$f" | tr / _)"
done
# Filter options: ',' '"' UTF-8, from line 1, default cell formats, text
# cells quoted and numbers bare, raw values (not as shown), every sheet
# into a file of its own (BOOK-SHEET.csv).
HOME=$T timeout 600 libreoffice --headless --norestore \
	--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1' \
	--outdir "$T/out" "$T"/x/*.xlsx >"$T/lo.log" 2>&1 || { cat "$T/lo.log" >&2; fail "libreoffice"; }

python3 - "$S" "$T/x" "$T/out" "$month" "$quarter" "$cut" <<'PY' || fail "the workbooks do not hold the CSV's tables"
import csv, io, os, re, sys, zipfile
site, xdir, out, month, quarter, cut = sys.argv[1:7]
by_kind = [("Toàn tỉnh", "province"), ("Theo cấp", "level"), ("Theo cơ quan", "agency"),
           ("Kế thừa, gộp tiền nhiệm", "rollup"), ("Theo lĩnh vực", "field"),
           ("Theo thủ tục", "procedure")]
books = {
    "thong-ke/bao-cao.xlsx": [("Báo cáo", "thong-ke/bao-cao.csv", None, None),
                              ("Báo cáo theo mẫu", "thong-ke/bao-cao-mau.csv", None, None)],
    "thong-ke/thoi-gian-xu-ly.xlsx": [
        ("Theo thủ tục", "thong-ke/thoi-gian-xu-ly.csv", "group", "procedure"),
        ("Theo cơ quan", "thong-ke/thoi-gian-xu-ly.csv", "group", "agency"),
        ("Theo cơ quan và thủ tục", "thong-ke/thoi-gian-xu-ly.csv", "group", "agency_procedure")],
    "thong-ke/diem-nghen.xlsx": [("Theo bước quy trình", "thong-ke/diem-nghen.csv", None, None),
                                 ("Theo đơn vị thực hiện", "thong-ke/diem-nghen-don-vi.csv", None, None)],
    "lo-trinh-iso/lo-trinh.xlsx": [("Lộ trình từng cơ quan", "lo-trinh-iso/lo-trinh.csv", None, None),
                                   ("Tỷ lệ đạt theo cấp", "lo-trinh-iso/ty-le.csv", None, None),
                                   ("Quy trình phải ban hành lại", "lo-trinh-iso/tai-ban.csv", None, None)],
}
for p in (month, quarter, cut):
    base = "thong-ke/ky/" + p[:-5]
    books[base + ".xlsx"] = [(n, base + ".csv", "entity_kind", v) for n, v in by_kind]
# Columns that must come out as numbers, and codes that must stay text
# (1.000656 is a procedure code, not a number).
numeric = {"received_total", "resolved_total", "late", "ontime_rate_pct", "samples",
           "median_days", "p90_days", "ran", "over_share_pct", "allowance_hours",
           "counted", "done_pct", "form_received", "step_no"}
textual = {"entity_code", "procedure_code", "agency_code", "period", "period_start"}
fails = []
numbers = 0
for book, sheets in books.items():
    flat = book.replace("/", "_")
    z = zipfile.ZipFile(os.path.join(xdir, flat))
    wb = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', wb)
    want = [s[0] for s in sheets]
    if names != want:
        fails.append(f"{book}: sheets {names}, want {want}")
        continue
    styles = z.read("xl/styles.xml").decode()
    if "0.0%" not in styles:
        fails.append(f"{book}: no percentage format")
    for i, (name, src, split, value) in enumerate(sheets):
        if len(name) > 31:
            fails.append(f"{book}: sheet name '{name}' longer than 31 characters")
        xml = z.read(f"xl/worksheets/sheet{i + 1}.xml").decode()
        if not re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>', xml):
            fails.append(f"{book} / {name}: header row not frozen")
        with open(os.path.join(site, src), encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        head, body = rows[0], rows[1:]
        if split:
            k = head.index(split)
            body = [r for r in body if r[k] == value]
        conv = os.path.join(out, flat[:-5] + "-" + name + ".csv")
        with open(conv, encoding="utf-8", newline="") as f:
            raw = f.read()
        # Which cells LibreOffice quoted (text) and which it left bare (numbers).
        got = []
        for line in raw.splitlines():
            cells, quoted = [], []
            for m in re.finditer(r'("(?:[^"]|"")*"|[^,]*)(,|$)', line):
                c = m.group(1)
                quoted.append(c.startswith('"'))
                cells.append(c[1:-1].replace('""', '"') if c.startswith('"') else c)
                if m.group(2) == "":
                    break
            got.append((cells, quoted))
        if not got:
            fails.append(f"{conv}: empty")
            continue
        hdr = got[0][0]
        for h, col in zip(hdr, head):
            if re.fullmatch(r"[a-z0-9_]+", h) or h == col:
                fails.append(f"{book} / {name}: header '{h}' of {col} is not Vietnamese")
        if len(hdr) != len(head):
            fails.append(f"{book} / {name}: {len(hdr)} headers for {len(head)} columns")
        if len(got) - 1 != len(body):
            fails.append(f"{book} / {name}: {len(got) - 1} rows, the CSV has {len(body)}")
            continue
        for r, ((cells, quoted), want_row) in enumerate(zip(got[1:], body), 2):
            cells += [""] * (len(head) - len(cells))
            quoted += [False] * (len(head) - len(quoted))
            for col, c, q, w in zip(head, cells, quoted, want_row):
                where = f"{book} / {name} row {r} {col}"
                if w == "":
                    if c != "":
                        fails.append(f"{where}: '{c}' for an empty cell")
                elif q:
                    if col in numeric:
                        fails.append(f"{where}: '{c}' is text, not a number")
                    elif c != w:
                        fails.append(f"{where}: '{c}', the CSV has '{w}'")
                else:
                    if col in textual:
                        fails.append(f"{where}: the code '{w}' became the number {c}")
                        continue
                    numbers += 1
                    # "92.3%" is the fraction 0.923 in the standard percent format.
                    v = float(c[:-1]) if c.endswith("%") else float(c)
                    if col.endswith("_pct") != c.endswith("%"):
                        fails.append(f"{where}: '{c}' (a percentage is shown with %, only it)")
                    if abs(v - float(w)) > 1e-9 * max(1, abs(v)):
                        fails.append(f"{where}: {c}, the CSV has {w}")
for f in fails[:20]:
    print("t0403:", f, file=sys.stderr)
if fails:
    sys.exit(1)
if numbers < 1000:
    print(f"t0403: only {numbers} numbers compared", file=sys.stderr)
    sys.exit(1)
print(f"t0403: {len(books)} workbooks, {numbers} numbers equal to the CSV's")
PY

# Each page links its workbook, beside the CSV and JSON, in both languages.
for spec in "thong-ke/index.html bao-cao.xlsx" "en/thong-ke/index.html ../../thong-ke/bao-cao.xlsx" \
	"thong-ke/thoi-gian-xu-ly.html thoi-gian-xu-ly.xlsx" "thong-ke/diem-nghen.html diem-nghen.xlsx" \
	"lo-trinh-iso/index.html lo-trinh.xlsx" "en/lo-trinh-iso/index.html ../../lo-trinh-iso/lo-trinh.xlsx" \
	"thong-ke/ky/${month%.xlsx}.html $month"; do
	page=${spec% *} href=${spec#* }
	grep -qF "href=\"$href\"" "$S/$page" || fail "$page does not link $href"
done
echo "ok: t0403 statistics workbooks: Vietnamese headers, numbers equal to the CSV's, frozen headers"
