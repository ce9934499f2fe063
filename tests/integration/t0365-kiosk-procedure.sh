#!/bin/sh
# The kiosk's procedure page (/procedures/CODE and its /api/ twin): the fee,
# the documents to hand in (names, originals and copies, notes) in
# Vietnamese and English, escaped, the page valid; a procedure without a
# list says so; the JSON gives the documents back intact.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db" --office 000.00.01.H34

curl -s -o "$tmp/p.html" "$B/procedures/2.000815"
grep -q '<h2>Thành phần hồ sơ</h2>' "$tmp/p.html" || fail "no documents section"
grep -q '<li><span class="doc-name">Bản chính &lt;script&gt;giấy tờ&lt;/script&gt;</span><span class="doc-note">Xuất trình, không nộp &quot;&amp;&quot;</span></li>' \
	"$tmp/p.html" || fail "document 1 (shown only, with its note) missing or not escaped"
grep -q 'Bản sao cần chứng thực</span> <span class="doc-count">(Bản sao: 2)</span></li>' "$tmp/p.html" ||
	fail "document 2's copies"
grep -q '<dd>2.000 đồng (mỗi trang &quot;&amp;&quot;)</dd>' "$tmp/p.html" || fail "fee"
grep -q '<script>giấy\|<b>"A' "$tmp/p.html" && fail "unescaped markup on the procedure page"

curl -s -o "$tmp/en.html" "$B/procedures/2.000815?lang=en"
grep -q '<h2>Documents to hand in</h2>' "$tmp/en.html" || fail "English documents heading"
grep -q 'The original &lt;i&gt;document&lt;/i&gt;</span><span class="doc-note">Xuất trình' "$tmp/en.html" ||
	fail "English name, Vietnamese note when there is no English one"
grep -q 'The copy to certify</span> <span class="doc-count">(Copies: 2)</span><span class="doc-note">One per page &amp; &quot;more&quot;</span>' \
	"$tmp/en.html" || fail "English counts and note"

curl -s -o "$tmp/none.html" "$B/procedures/1.001612"
grep -q 'Danh mục giấy tờ chưa được công bố' "$tmp/none.html" || fail "a procedure without documents does not say so"
grep -q 'class="documents"' "$tmp/none.html" && fail "an empty list is drawn"

if command -v tidy >/dev/null 2>&1; then
	for p in p en none; do
		rc=0
		tidy -q -e "$tmp/$p.html" >"$tmp/tidy.out" 2>&1 || rc=$?
		[ "$rc" -lt 2 ] || { cat "$tmp/tidy.out"; fail "tidy: errors in $p.html"; }
	done
fi

curl -s -o "$tmp/p.json" "$B/api/procedures/2.000815"
python3 - "$tmp/p.json" <<'PY' || fail "api: $(cat "$tmp/p.json")"
import json, sys
j = json.load(open(sys.argv[1], encoding="utf-8"))
d = j["documents"]
assert [x["seq"] for x in d] == [1, 2], d
assert d[0]["name"] == 'Bản chính <script>giấy tờ</script>' and d[0]["originals"] == 0, d[0]
assert d[1]["copies"] == 2 and d[1]["note_en"] == 'One per page & "more"', d[1]
assert j["fee_vnd"] == 2000 and j["fee_note"] == 'mỗi trang "&"', j
PY
curl -s "$B/api/procedures/1.001612" | python3 -c 'import json,sys; assert json.load(sys.stdin)["documents"] == []' ||
	fail "api: documents of a procedure without a list"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: kiosk procedure page (fee, documents in both languages, escaped, JSON)"
