#!/bin/sh
# One number and date style per language in what a reader sees: every HTML
# page of a published demo (site, both languages, every page type; the
# receipts) and the kiosk's screens (home, procedures, a procedure with its
# due-date estimate, the board, dossier results), each in Vietnamese and
# English.  No ISO date in visible text, no decimal point in Vietnamese or
# decimal comma in English, no "1 working hours", no Vietnamese units on
# English text (t0212-number-style-lib.py; attributes such as
# <time datetime> keep the machine form).
. "$(dirname "$0")/publisher-lib.sh"
need python3 curl sqlite3
K=$ROOT/$BUILD/kioskd
[ -x "$K" ] || skip "$K not built"

demo_db 300 "$T/db.sqlite"
"$P" --db "$T/db.sqlite" --out "$T/site" --receipts "$T/receipts" --base-url https://dichvucong.example.gov.vn --snapshot "$T/kiosk.db" \
	--key-file "$T/pub.key" --now "$NOW" --jobs 2 >"$T/out" 2>"$T/err" ||
	{ cat "$T/err" >&2; fail "publisher exit status"; }

# The kiosk's screens, from the snapshot just written.
mkdir "$T/k"
: >"$T/kerr"
"$K" --snapshot "$T/kiosk.db" --listen 127.0.0.1 --port 0 --web "$ROOT/web" --assets "$ROOT/assets" \
	--access-log none 2>"$T/kerr" &
KPID=$!
i=0
until grep -q 'listening on' "$T/kerr"; do
	i=$((i + 1))
	[ $i -lt 100 ] && kill -0 $KPID 2>/dev/null || { kill $KPID 2>/dev/null; cat "$T/kerr" >&2; fail "kioskd did not start"; }
	sleep 0.1
done
B=http://127.0.0.1:$(sed -n 's/.*listening on .* port \([0-9]*\) .*/\1/p' "$T/kerr")
procs=$(sqlite3 "$T/kiosk.db" "SELECT code FROM procedures ORDER BY code LIMIT 8")
dossiers=$(find "$T/site/d" -name '*.html' | sort | head -40 | sed "s|^$T/site||")
n=0
for l in vi en; do
	for u in / /procedures /board $(printf '/procedures/%s\n' $procs) $dossiers; do
		n=$((n + 1))
		curl -sf "$B$u?lang=$l" >"$T/k/$l-$n.html" || { kill $KPID; fail "kiosk $u?lang=$l"; }
	done
done
kill $KPID && wait $KPID 2>/dev/null || true

find "$T/site" "$T/receipts" "$T/k" -name '*.html' | sort >"$T/pages"
grep -q '/en/thu-tuc/' "$T/pages" && grep -q '/site/d/' "$T/pages" && grep -q '/receipts/' "$T/pages" ||
	fail "page types missing from the publish"
# shellcheck disable=SC2046
python3 "$ROOT/tests/integration/t0212-number-style-lib.py" $(cat "$T/pages") >"$T/found" || {
	head -40 "$T/found" >&2
	echo "..." >&2
	sed 's/^[^:]*: \([a-z]*: [^:]*\):.*/\1/' "$T/found" | sort | uniq -c >&2
	fail "number or date style"
}
echo "ok: t0212: $(tail -1 "$T/found")"
