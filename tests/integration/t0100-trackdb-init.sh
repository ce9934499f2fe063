#!/bin/sh
# trackdb init creates every table of data/schema.sql, refuses to overwrite
# a database, and the command line reports usage errors with exit 2.
set -eu
export LC_ALL=C
T="${BUILD:-build}/trackdb"
[ -x "$T" ] || { echo "missing $T (make first)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# Exit status of a command, without set -e stopping the script.
status() { set +e; "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; set -e; echo "$rc"; }

"$T" init "$tmp/a.db"
tables=$(sqlite3 "$tmp/a.db" "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)")
[ "$tables" = "agencies calendar dossiers events fields journal meta office_hours procedure_documents procedures processes rating_choices rating_questions rating_reasons ratings sqlite_sequence steps sync_progress sync_step_map sync_supplements" ] ||
	fail "tables: $tables"
[ "$(sqlite3 "$tmp/a.db" "SELECT value FROM meta WHERE key = 'schema_version'")" = 1 ] ||
	fail "schema_version"
# The default civil-service day comes with the schema.
[ "$(sqlite3 "$tmp/a.db" "SELECT count(*) FROM office_hours")" = 2 ] || fail "office hours"
# So does the default satisfaction template: one question, three choices
# (one of them not satisfied) and the reasons offered after it.
[ "$(sqlite3 "$tmp/a.db" "SELECT count(*) || ' ' || sum(satisfied) FROM rating_choices WHERE template = 'default'")" = "3 2" ] ||
	fail "default rating choices"
[ "$(sqlite3 "$tmp/a.db" "SELECT count(*) FROM rating_reasons WHERE template = 'default'")" -ge 3 ] || fail "rating reasons"

# Never overwrite: a second init fails and leaves the file as it was.
cp "$tmp/a.db" "$tmp/a.copy"
[ "$(status "$T" init "$tmp/a.db")" = 1 ] || fail "init over an existing database should exit 1"
grep -q "refusing to overwrite" "$tmp/err" || fail "no reason given: $(cat "$tmp/err")"
cmp -s "$tmp/a.db" "$tmp/a.copy" || fail "init changed an existing database"

# An empty file (from mktemp, say) may be initialised.
: >"$tmp/empty.db"
"$T" init "$tmp/empty.db"
[ "$(sqlite3 "$tmp/empty.db" "SELECT value FROM meta WHERE key = 'schema_version'")" = 1 ] || fail "init of an empty file"

# A directory that does not exist: a data problem, not a usage error.
[ "$(status "$T" init "$tmp/no/such/dir/x.db")" = 1 ] || fail "init in a missing directory"

# Usage errors exit 2 and say what is wrong; --help exits 0.
[ "$(status "$T")" = 2 ] || fail "no command"
[ "$(status "$T" frobnicate)" = 2 ] || fail "unknown command"
grep -q "unknown command 'frobnicate'" "$tmp/err" || fail "unknown command message"
[ "$(status "$T" init)" = 2 ] || fail "init without DB"
[ "$(status "$T" import "$tmp/a.db" nonsense x.csv)" = 2 ] || fail "unknown kind"
[ "$(status "$T" demo "$tmp/d.db" --dossiers many)" = 2 ] || fail "bad --dossiers"
[ "$(status "$T" due "$tmp/a.db" --received "2025-01-24 16:00")" = 2 ] || fail "due without --hours"
[ "$(status "$T" due "$tmp/a.db" --received "24/01/2025" --hours 8)" = 2 ] || fail "bad --received"
[ -e "$tmp/d.db" ] && fail "a usage error created a file"
for cmd in "" init import demo check due; do
	[ "$(status "$T" $cmd --help)" = 0 ] || fail "$cmd --help"
	grep -q "usage: trackdb" "$tmp/out" || fail "$cmd --help prints no usage"
done
echo "ok: trackdb init"
