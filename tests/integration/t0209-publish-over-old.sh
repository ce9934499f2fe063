#!/bin/sh
# A full publish into a folder that holds an older site gives the same
# files as a full publish into an empty folder: every page, statistics and
# roadmap page (their language links included), open-data file and receipt
# of the empty-folder publish is there byte for byte, and nothing of the old
# site is left beside it: no old period page, and no page of a dossier the
# new database lacks (a full run sweeps those).
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3

# The older site: other dossiers (seed 8), published six weeks earlier.
"$TDB" demo "$T/old.db" --dossiers 300 --seed 8 --now "2025-10-01 10:00" >/dev/null 2>&1 ||
	skip "trackdb demo unavailable"
demo_db 400 "$T/new.db"
pub() { # pub DB SITE RECEIPTS SNAPSHOT NOW [ARGS...]
	db=$1 site=$2 rc=$3 snap=$4 now=$5
	shift 5
	"$P" --db "$db" --out "$site" --receipts "$rc" --snapshot "$snap" --key-file "$T/pub.key" \
		--base-url https://tracuu.example.invalid --now "$now" --jobs 2 --quiet "$@" \
		> "$T/out" 2>&1 || { cat "$T/out" >&2; fail "publisher $*"; }
}
pub "$T/old.db" "$T/over" "$T/rc-over" "$T/k-over.db" "2025-10-01 10:00"
old_pages=$(find "$T/over/d" -name '*.html' | wc -l)
[ "$old_pages" -gt 250 ] || fail "the old site has only $old_pages dossier pages"
# The old site links its pages both ways already; the bug was that a
# publish into an empty folder did not.
pub "$T/new.db" "$T/empty" "$T/rc-empty" "$T/k-empty.db" "$NOW" --full
pub "$T/new.db" "$T/over" "$T/rc-over" "$T/k-over.db" "$NOW" --full

# Every file of the empty-folder publish, byte for byte.
n=0
(cd "$T/empty" && find . -type f ! -name '.*' | sort) > "$T/files"
while IFS= read -r f; do
	[ -f "$T/over/$f" ] || fail "missing from the publish over the old site: $f"
	cmp -s "$T/empty/$f" "$T/over/$f" || {
		diff "$T/empty/$f" "$T/over/$f" | head -5 >&2
		fail "differs after a publish over the old site: $f"
	}
	n=$((n + 1))
done < "$T/files"
[ "$n" -gt 400 ] || fail "only $n files published"
(cd "$T/rc-empty" && find . -type f | sort) > "$T/rfiles"
while IFS= read -r f; do
	cmp -s "$T/rc-empty/$f" "$T/rc-over/$f" || fail "receipt differs or is missing: $f"
done < "$T/rfiles"

# Nothing else is left of the old site on the public side.
(cd "$T/over" && find . -type f ! -name '.*' | sort) > "$T/files-over"
comm -13 "$T/files" "$T/files-over" > "$T/extra"
if [ -s "$T/extra" ]; then
	head -5 "$T/extra" >&2
	fail "$(wc -l < "$T/extra") files of the old site left beside the new one"
fi

# The statistics and roadmap pages link to their other language in both
# publishes (42 of them did not in an empty folder).
for f in thong-ke/index.html lo-trinh-iso/index.html thong-ke/du-lieu.html \
	thong-ke/thoi-gian-xu-ly.html thong-ke/diem-nghen.html; do
	grep -q '<li class="lang"><a lang="en"' "$T/empty/$f" || fail "$f: no link to the English page"
done
k=$(cd "$T/empty" && find thong-ke/ky -name '*.html' | wc -l)
[ "$k" -gt 0 ] || fail "no period pages"
m=$(cd "$T/empty" && grep -l '<li class="lang"><a lang="en"' thong-ke/ky/*.html | wc -l)
[ "$k" -eq "$m" ] || fail "$m of $k period pages link to English"
echo "ok: $n site files and $(wc -l < "$T/rfiles") receipts identical over an old site"
