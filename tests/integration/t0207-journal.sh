#!/bin/sh
# The change journal: a run after changes fingerprints only the dossiers
# the triggers named and its site equals a full rebuild's; a run with no
# entry and nothing due does nothing; a change made with the triggers
# dropped is missed by the journal and caught by --verify, which names it;
# without the triggers every dossier is fingerprinted; the first run of a
# day verifies; trackdb prune keeps what a publisher has not read, and a
# publisher whose entries were pruned verifies.  The publisher never
# changes the database file.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 sha256sum

DB=$T/db.sqlite
demo_db 400 "$DB"
pub() { # pub SITE SNAPSHOT [ARGS...]
	site=$1 snap=$2
	shift 2
	sha256sum "$DB" > "$T/db.sum"
	"$P" --db "$DB" --out "$site" --snapshot "$snap" --key-file "$T/pub.key" \
		--base-url http://example.invalid --jobs 2 "$@" > "$T/out" 2>&1 || {
		cat "$T/out" >&2
		fail "publisher $*"
	}
	sha256sum -c --quiet "$T/db.sum" || fail "publisher $* changed the database"
}
page_of() {
	"$P" --db "$DB" --key-file "$T/pub.key" --list-checks 100000 |
		awk -F '\t' -v c="$1" '$1 == c { print $4 }'
}
same_as_full() { # same_as_full NOW LABEL
	rm -rf "$T/full" "$T/full.db"*
	pub "$T/full" "$T/full.db" --now "$1" --full
	for f in $(cd "$T/full" && find d co-quan thu-tuc -type f -name '*.html') index.html; do
		cmp -s "$T/full/$f" "$T/site/$f" || fail "$2: $f differs from a full rebuild's"
	done
}
NEXTDAY="2025-11-21 10:00"

pub "$T/site" "$T/kiosk.db" --now "$NOW"
grep -q 'journal: every dossier written (a new snapshot)' "$T/out" || fail "first run: $(cat "$T/out")"
[ -f "$T/kiosk.db.state.journal" ] || fail "no journal mark written"

# 1. Nothing new, nothing due at the same instant: the run stops at once.
touch "$T/stamp"
pub "$T/site" "$T/kiosk.db" --now "$NOW"
grep -q 'journal: no entry since 0 and nothing due; nothing to do' "$T/out" ||
	fail "idle run: $(cat "$T/out")"
[ -z "$(find "$T/site" "$T/kiosk.db" -newer "$T/stamp" -type f)" ] || fail "an idle run wrote files"

# 2. A change through the triggers: one dossier named, read, re-rendered.
a=$(sqlite3 "$DB" "SELECT code FROM dossiers WHERE status = 'processing' ORDER BY code LIMIT 1")
sqlite3 "$DB" "UPDATE dossiers SET new_due_at = strftime('%Y-%m-%d %H:%M', due_at, '+2 days'),
	updated_at = '2025-11-20 09:59' WHERE code = '$a';
	INSERT INTO events (dossier_code, at, kind, new_due_at) SELECT code, received_at, 'apology',
	strftime('%Y-%m-%d %H:%M', due_at, '+2 days') FROM dossiers WHERE code = '$a';"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM journal WHERE dossier_code = '$a'")" = 2 ] ||
	fail "the triggers did not journal the change"
pub "$T/site" "$T/kiosk.db" --now "$NOW"
grep -q 'journal: 2 entries (1 to 2) named 1 dossiers' "$T/out" || fail "journal run: $(cat "$T/out")"
grep -q 'snapshot patched, 1 dossiers written, 0 removed' "$T/out" || fail "journal run: $(cat "$T/out")"
pa=$(page_of "$a")
grep -q 'apology\|xin lỗi' "$T/site$pa" || fail "$a: the apology is not on its page"
same_as_full "$NOW" "after a journalled change"

# 3. A change with the triggers dropped (and put back): the journal misses
# it, --verify catches it and says which.
b=$(sqlite3 "$DB" "SELECT code FROM dossiers WHERE status = 'returned' ORDER BY code LIMIT 1")
pb=$(page_of "$b")
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE type = 'trigger' AND name GLOB 'journal_*'" \
	> "$T/triggers.sql"
[ "$(grep -c 'CREATE TRIGGER' "$T/triggers.sql")" = 9 ] || fail "expected nine journal triggers"
{
	for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'trigger'"); do
		echo "DROP TRIGGER $t;"
	done
	echo "UPDATE dossiers SET channel = CASE channel WHEN 'post' THEN 'online' ELSE 'post' END,"
	echo "  documents = coalesce(documents, '') || '; Giấy ủy quyền' WHERE code = '$b';"
	cat "$T/triggers.sql"
} | sqlite3 "$DB" || fail "cannot change the database behind the triggers"
cp "$T/site$pb" "$T/before.html"
pub "$T/site" "$T/kiosk.db" --now "$NOW"
grep -q 'journal: no entry since 2' "$T/out" || fail "missed-change run: $(cat "$T/out")"
cmp -s "$T/before.html" "$T/site$pb" || fail "the journal run saw a change it was not told of (test broken)"
pub "$T/site" "$T/kiosk.db" --now "$NOW" --verify
grep -q "journal: verification (--verify): every dossier fingerprinted; 1 change the journal had not named: $b" \
	"$T/out" || fail "--verify: $(cat "$T/out")"
cmp -s "$T/before.html" "$T/site$pb" && fail "--verify did not rewrite $b's page"
same_as_full "$NOW" "after --verify"
pub "$T/site" "$T/kiosk.db" --now "$NOW" --verify
grep -q 'verification (--verify): every dossier fingerprinted; 0 changes' "$T/out" ||
	fail "second --verify: $(cat "$T/out")"

# 4. Triggers still missing: the journal is not trusted at all.
sqlite3 "$DB" "SELECT sql || ';' FROM sqlite_master WHERE name = 'journal_event_insert'" > "$T/tei.sql"
sqlite3 "$DB" "DROP TRIGGER journal_event_insert;
	UPDATE dossiers SET documents = coalesce(documents, '') || '; Bản sao' WHERE code = '$b'"
cp "$T/site$pb" "$T/before.html"
pub "$T/site" "$T/kiosk.db" --now "$NOW"
grep -q 'every dossier fingerprinted: the database has no change journal (or its triggers are missing)' \
	"$T/out" || fail "run without triggers: $(cat "$T/out")"
grep -q 'snapshot patched, 1 dossiers written' "$T/out" || fail "run without triggers: $(cat "$T/out")"
sqlite3 "$DB" < "$T/tei.sql"

# 5. The first run of a day verifies by itself.
pub "$T/site" "$T/kiosk.db" --now "$NOW"
pub "$T/site" "$T/kiosk.db" --now "$NEXTDAY"
grep -q 'journal: verification (the daily verification): every dossier fingerprinted; 0 changes' \
	"$T/out" || fail "daily verification: $(cat "$T/out")"
pub "$T/site" "$T/kiosk.db" --now "2025-11-21 10:01"
grep -q 'journal: no entry since' "$T/out" || fail "after the daily verification: $(cat "$T/out")"

# 6. Pruning: only what every named publisher has read.  A second
# publisher that reads less is protected while named, and verifies once
# its entries were pruned without it.
pub "$T/site2" "$T/kiosk2.db" --now "2025-11-21 10:01"
sqlite3 "$DB" "UPDATE dossiers SET documents = coalesce(documents, '') || '.' WHERE code = '$a'"
pub "$T/site" "$T/kiosk.db" --now "2025-11-21 10:01"
last=$(sqlite3 "$DB" "SELECT max(seq) FROM journal")
"$TDB" prune "$DB" "$T/kiosk.db.state.journal" "$T/kiosk2.db.state.journal" > "$T/prune" ||
	fail "prune: $(cat "$T/prune")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM journal WHERE seq = $last")" = 1 ] ||
	fail "prune deleted an entry the second publisher had not read"
"$TDB" prune "$DB" "$T/kiosk.db.state.journal" > "$T/prune" || fail "prune: $(cat "$T/prune")"
grep -q "journal entries pruned (through $last)" "$T/prune" || fail "prune: $(cat "$T/prune")"
[ "$(sqlite3 "$DB" "SELECT count(*) FROM journal")" = 0 ] || fail "prune left entries every publisher read"
pub "$T/site" "$T/kiosk.db" --now "2025-11-21 10:01"
grep -q "journal: no entry since $last" "$T/out" || fail "after prune: $(cat "$T/out")"
pub "$T/site2" "$T/kiosk2.db" --now "2025-11-21 10:01"
grep -q 'every dossier fingerprinted; 1 change the journal had not named\|entries this publisher had not read were pruned' \
	"$T/out" || fail "second publisher after prune: $(cat "$T/out")"
echo "x" > "$T/bad.mark"
"$TDB" prune "$DB" "$T/bad.mark" 2> "$T/err" && fail "prune accepted a file that is not a mark"
grep -q 'not a publisher' "$T/err" || fail "prune error: $(cat "$T/err")"
echo "ok: journal runs read what changed, --verify and the daily pass catch what it missed, prune is safe"
