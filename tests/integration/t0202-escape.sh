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

# No markup from the data survives anywhere in the site; its escaped form does.
if grep -rl '<script\|<img src=x\|<b>"Justice\|<i>phí' "$T/site" "$T/rcpt"; then
	fail "unescaped markup in the files above"
fi
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
grep -qF '&lt;i&gt;phí&lt;/i&gt; &amp; &quot;ghi chú&quot;' "$T/site/thu-tuc/$proc.html" || fail "procedure page"
grep -qF '&lt;script&gt;Ân&lt;/script&gt; &quot;Bình&quot; &amp; &#39;Chi&#39;' "$T/rcpt/$first.html" ||
	fail "receipt"
# The URL is percent-free here but the base URL is data too: it is escaped
# as text in the receipt.
grep -qF 'http://127.0.0.1:1/x/d/' "$T/rcpt/$first.html" || fail "receipt URL"
for f in "$page" "$T/site/co-quan/$agency.html" "$T/site/thu-tuc/$proc.html" \
	"$T/site/en/co-quan/$agency.html" "$T/site/co-quan/index.html" "$T/rcpt/$first.html"; do
	tidy_ok "$f"
done
# The snapshot keeps the names as data (the kiosk escapes them itself), and
# the initials of the hostile name, not the name.
n=$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM dossiers WHERE initials LIKE '<.%'")
[ "$n" = 1 ] || fail "initials of the hostile applicant: $n"
[ "$(sqlite3 "$T/kiosk.db" "SELECT count(*) FROM dossiers WHERE code LIKE '%-251119-99%'")" = 0 ] ||
	fail "a skipped dossier is in the snapshot"
echo "ok: hostile names escaped, bad rows skipped and named"
