#!/bin/sh
# Every page a visitor reaches from the home page in one language links to
# the same page in the other language, and that page exists: a crawl of a
# published demo site from index.html and en/index.html along every link
# (t0211-lang-links-lib.py).  Broken links into the site fail it too.
. "$(dirname "$0")/publisher-lib.sh"
need python3

demo_db 300 "$T/db.sqlite"
"$P" --db "$T/db.sqlite" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
	--now "$NOW" --jobs 2 >"$T/out" 2>"$T/err" || { cat "$T/err" >&2; fail "publisher exit status"; }
python3 "$ROOT/tests/integration/t0211-lang-links-lib.py" "$T/site" >"$T/crawl" ||
	{ cat "$T/crawl" >&2; fail "language links"; }
cat "$T/crawl"
# The crawl must have found the statistics in both languages (the English
# ones were once linked from nowhere).
for f in thong-ke/index.html lo-trinh-iso/index.html thong-ke/du-lieu.html; do
	grep -q 'href="[^"]*'"$f"'"' "$T/site/en/index.html" "$T/site/en/$f" ||
		fail "en/$f: not reached from the English pages"
done
echo "ok: t0211: $(head -1 "$T/crawl")"
