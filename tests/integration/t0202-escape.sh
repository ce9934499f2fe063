#!/bin/sh
# Hostile names (<script>, quotes, ampersands) come out escaped and the
# pages stay valid; dossiers that cannot be published are named on stderr,
# skipped, and the exit status says "published with errors".
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 tidy

demo_db 300 "$T/db.sqlite"
sqlite3 "$T/db.sqlite" < "$ROOT/tests/fixtures/publisher/hostile.sql" || fail "fixture"
first=$(sqlite3 "$T/db.sqlite" "SELECT code FROM dossiers ORDER BY code LIMIT 1")
agency=${first%%-*}
proc=$(sqlite3 "$T/db.sqlite" "SELECT procedure_code FROM dossiers WHERE code = '$first'")
# Spreadsheet formulas in names that reach the open data (CSV injection).
sqlite3 "$T/db.sqlite" "UPDATE procedures SET name = '=HYPERLINK(\"http://evil.example\",\"x\")'
	WHERE code = (SELECT procedure_code FROM dossiers WHERE procedure_code <> '$proc' ORDER BY code LIMIT 1);
	UPDATE agencies SET name = '@SUM(1+1)*cmd|'' /C calc''!A0'
	WHERE code = (SELECT agency_code FROM dossiers WHERE agency_code <> '$agency' ORDER BY code LIMIT 1);" ||
	fail "formula fixture"
rc=0
"$P" --db "$T/db.sqlite" --out "$T/site" --receipts "$T/rcpt" --snapshot "$T/kiosk.db" \
	--key-file "$T/pub.key" --base-url 'http://127.0.0.1:1/x' --now "$NOW" \
	>"$T/out" 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || fail "exit status $rc, expected 1 (published with errors)"
grep -q "^publisher: $agency-251119-9901: process 999999 missing" "$T/err" || fail "bad row 1: $(cat "$T/err")"
grep -q "^publisher: $agency-251119-9902: event before the dossier was received" "$T/err" ||
	fail "bad row 2: $(cat "$T/err")"
grep -q ' 2 skipped, 0 errors' "$T/out" || fail "summary: $(cat "$T/out")"
[ -s "$T/site/index.html" ] || fail "the rest was not published"

# No markup from the data survives in any page, image or JSON file (HTML,
# SVG and JSON escape it); its escaped form does.  In CSV, markup is plain
# data: there the rules are CSV's (below).
if grep -rl --exclude='*.csv' '<script\|<img src=x\|<b>"Justice\|<i>phí' "$T/site" "$T/rcpt"; then
	fail "unescaped markup in the files above"
fi
# CSV by RFC 4180: BOM, CRLF records of as many fields as the header, quotes
# only around whole fields (doubled inside); the hostile names only inside
# quoted fields and coming back intact; no field that a spreadsheet would
# run as a formula (= + - @ first, unless a plain number); JSON parses and
# gives the names back intact.
python3 - "$T/site" <<'PY' || fail "open data not escaped by its rules"
import json, os, re, sys
root = sys.argv[1]
hostile = ['<script>alert("a&b")</script> Sở \'Tư pháp\'',
           'Đăng ký <script>x</script> & "khai sinh" \'đặc biệt\'',
           '<img src=x onerror=alert(1)> & bước "một"']
number = re.compile(r'^[-+]?[0-9]+(\.[0-9]+)?$')

def records(text):
    """RFC 4180 records as lists of (value, quoted); ValueError when malformed."""
    out, rec, i, n = [], [], 0, len(text)
    while True:
        if i < n and text[i] == '"':
            parts, j = [], i + 1
            while True:
                k = text.find('"', j)
                if k < 0:
                    raise ValueError('unterminated quoted field at %d' % i)
                parts.append(text[j:k])
                if text.startswith('""', k):
                    parts.append('"')
                    j = k + 2
                    continue
                i = k + 1
                break
            rec.append((''.join(parts), True))
        else:
            m = re.compile(r'[^,\r\n"]*').match(text, i)
            if m.end() < n and text[m.end()] == '"':
                raise ValueError('quote inside an unquoted field at %d' % m.end())
            rec.append((m.group(), False))
            i = m.end()
        if i < n and text[i] == ',':
            i += 1
            continue
        if text.startswith('\r\n', i):
            out.append(rec)
            rec, i = [], i + 2
            if i == n:
                return out
            continue
        raise ValueError('expected , or CRLF at %d' % i)

bad, seen, files = [], set(), 0
for d, _, names in os.walk(root):
    for name in names:
        p = os.path.join(d, name)
        rel = os.path.relpath(p, root)
        if name.endswith('.json'):
            with open(p, encoding='utf-8') as f:
                doc = json.load(f)
            text = json.dumps(doc, ensure_ascii=False)
            seen.update('json:' + h for h in hostile if json.dumps(h, ensure_ascii=False) in text)
            continue
        if not name.endswith('.csv'):
            continue
        files += 1
        data = open(p, 'rb').read()
        if not data.startswith(b'\xef\xbb\xbf'):
            bad.append(rel + ': no BOM')
            continue
        try:
            recs = records(data[3:].decode('utf-8'))
        except ValueError as e:
            bad.append('%s: %s' % (rel, e))
            continue
        for r in recs:
            if len(r) != len(recs[0]):
                bad.append('%s: a record of %d fields, header has %d' % (rel, len(r), len(recs[0])))
            for v, quoted in r:
                if ('<' in v or '"' in v) and not quoted:
                    bad.append('%s: unquoted %r' % (rel, v))
                if v[:1] in ('=', '+', '-', '@') and not number.match(v):
                    bad.append('%s: formula %r' % (rel, v))
                seen.update('csv:' + h for h in hostile if v == h)
                if v.startswith("'=HYPERLINK(") or v.startswith("'@SUM("):
                    seen.add('guard')
# (The hostile step has not run in the last six months: no open data names it.)
for want in ['csv:' + hostile[0], 'csv:' + hostile[1], 'json:' + hostile[0],
             'json:' + hostile[1], 'guard']:
    if want not in seen:
        bad.append('no open-data file gives back ' + want)
if files < 5:
    bad.append('only %d CSV files' % files)
if bad:
    print('\n'.join(bad[:10]), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
tok=$("$P" --db "$T/db.sqlite" --key-file "$T/pub.key" --list-checks 1 | cut -f3)
page=$(find "$T/site/d" -name "$tok.html")
[ -n "$page" ] || fail "no page for $first"
for want in '&lt;script&gt;alert(&quot;a&amp;b&quot;)&lt;/script&gt; Sở &#39;Tư pháp&#39;' \
	'Đăng ký &lt;script&gt;x&lt;/script&gt; &amp; &quot;khai sinh&quot; &#39;đặc biệt&#39;' \
	'&lt;img src=x onerror=alert(1)&gt; &amp; bước &quot;một&quot;' \
	'Đơn vị &quot;A&quot; &amp; &lt;B&gt; &#39;C&#39;' '&lt;b&gt;&quot;Justice&quot; &amp; Co&lt;/b&gt;'; do
	grep -qF "$want" "$page" || fail "dossier page lacks: $want"
done
grep -qF '&lt;script&gt;alert(&quot;a&amp;b&quot;)' "$T/site/co-quan/$agency.html" || fail "agency page"
grep -qF '&lt;b&gt;Rất&lt;/b&gt; &quot;hài lòng&quot; &amp; &#39;tốt&#39;' "$T/site/thong-ke/hai-long.html" ||
	fail "satisfaction page: the rating template's words"
grep -qF '&lt;script&gt;q(&quot;1&quot;)&lt;/script&gt;' "$T/site/thong-ke/hai-long.html" ||
	fail "satisfaction page: the question"
grep -qF '&lt;i&gt;phí&lt;/i&gt; &amp; &quot;ghi chú&quot;' "$T/site/thu-tuc/$proc.html" || fail "procedure page"
grep -qF '&lt;script&gt;Ân&lt;/script&gt; &quot;Bình&quot; &amp; &#39;Chi&#39;' "$T/rcpt/$first.html" ||
	fail "receipt"
# The URL is percent-free here but the base URL is data too: it is escaped
# as text in the receipt.
grep -qF 'http://127.0.0.1:1/x/d/' "$T/rcpt/$first.html" || fail "receipt URL"
# The statistics pages of the hostile agency and procedure, and the pages
# that name them, are escaped too.
grep -qF '&lt;script&gt;alert(&quot;a&amp;b&quot;)' "$T/site/thong-ke/co-quan/$agency.html" ||
	fail "agency statistics page"
grep -qF 'Đăng ký &lt;script&gt;x&lt;/script&gt; &amp; &quot;khai sinh&quot;' \
	"$T/site/thong-ke/thu-tuc/$proc.html" || fail "procedure statistics page"
grep -qF 'Đăng ký &lt;script&gt;x&lt;/script&gt;' "$T/site/thong-ke/thoi-gian-xu-ly.html" ||
	fail "processing times page"
for f in "$page" "$T/site/co-quan/$agency.html" "$T/site/thu-tuc/$proc.html" \
	"$T/site/en/co-quan/$agency.html" "$T/site/co-quan/index.html" "$T/rcpt/$first.html" \
	"$T/site/thong-ke/co-quan/$agency.html" "$T/site/thong-ke/thu-tuc/$proc.html" \
	"$T/site/thong-ke/index.html" "$T/site/thong-ke/thoi-gian-xu-ly.html" \
	"$T/site/thong-ke/diem-nghen.html" "$T/site/thong-ke/ky/2025.html" "$T/site/lo-trinh-iso/index.html"; do
	tidy_ok "$f"
done
# The snapshot keeps the names as data (the kiosk escapes them itself), and
# the initials of the hostile name, not the name.
n=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM dossiers WHERE initials LIKE '<.%'")
[ "$n" = 1 ] || fail "initials of the hostile applicant: $n"
[ "$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM dossiers WHERE code LIKE '%-251119-99%'")" = 0 ] ||
	fail "a skipped dossier is in the snapshot"
echo "ok: hostile names escaped, bad rows skipped and named"
