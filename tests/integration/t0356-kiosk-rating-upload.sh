#!/bin/sh
# Ratings are not lost on their way from the kiosk to the back office:
#   1. kioskd is killed with SIGKILL right after it acknowledged 100
#      ratings: all 100 are in its store, exactly the ids it answered.
#   2. kiosk-fetch uploads them to the distribution point (nginx with the
#      shipped deploy/nginx-snapshots.conf, WebDAV PUT, on loopback) and
#      `trackdb import DB ratings` brings exactly those 100 into the
#      database; the upload and the import run again add nothing.
#   3. A lost answer (the sent mark gone) sends the same file again under
#      the same name and the import still counts each rating once; with
#      the distribution point down the upload fails, keeps the ratings and
#      sends them once it is back.
#   4. The kiosk deletes what it has sent (--rating-keep-days), for good.
#   5. The uploads are not served back, and only kiosk-fetch's names go in.
. tests/fixtures/kiosk/lib.sh
command -v nginx >/dev/null 2>&1 || skip "no nginx"
command -v jq >/dev/null 2>&1 || skip "no jq"
TDB=$top/$BUILD/trackdb
P=$top/$BUILD/publisher
FETCH=$top/kiosk/kiosk-fetch
export KIOSKD
chmod 755 "$tmp"
mkdir -p "$tmp/dist/ratings" "$tmp/k"
chmod 755 "$tmp/dist"
chmod 777 "$tmp/dist/ratings" # nginx's worker writes there

db=$tmp/back.db
"$TDB" demo "$db" --dossiers 400 --seed 5 --now "2025-11-20 10:00" >/dev/null
printf "%032d" 7 | tr 0 a >"$tmp/pub.key"
chmod 600 "$tmp/pub.key"
"$P" --db "$db" --out "$tmp/site" --snapshot "$tmp/kiosk.db" --key-file "$tmp/pub.key" \
	--now "2025-11-20 10:05" >/dev/null 2>"$tmp/pub.err" || { cat "$tmp/pub.err"; fail "publish"; }
sqlite3 "$tmp/kiosk.db" "SELECT token FROM dossiers WHERE status IN ('ready', 'returned')
	ORDER BY code LIMIT 50" >"$tmp/tokens"
expect 50 "$(wc -l <"$tmp/tokens")" "finished dossiers in the demo"
cp "$tmp/kiosk.db" "$tmp/dist/000.00.01.H34.db"
chmod 644 "$tmp/dist/000.00.01.H34.db"
S=$tmp/k/ratings.db
in_db() { sqlite3 "$db" "SELECT count(*) FROM ratings WHERE device = 'hall-7'${1:+ AND $1}"; }

# 1. 100 ratings acknowledged (50 dossiers rated twice), then SIGKILL.
kiosk_start --snapshot "$tmp/kiosk.db" --ratings "$S" --device hall-7 --rating-burst 1000 \
	--rating-rate 1000
: >"$tmp/acked"
for pass in 1 2; do
	while read -r t; do
		if [ $pass = 1 ]; then a="choice=unsatisfied&reason=wait"; else a="choice=very_satisfied"; fi
		code=$(curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$B/api/rate/$t?question=overall&$a")
		expect 200 "$code" "rating $(wc -l <"$tmp/acked")"
		jq -r 'select(.ok == true) | .id' "$tmp/body" >>"$tmp/acked"
	done <"$tmp/tokens"
done
kill -KILL "$kpid"
wait "$kpid" 2>/dev/null || true
kpid=
dog_stop
expect 100 "$(sort -u "$tmp/acked" | wc -l)" "distinct ids acknowledged"
sqlite3 "$S" "SELECT id FROM ratings ORDER BY id" >"$tmp/stored"
sort "$tmp/acked" | cmp -s - "$tmp/stored" || fail "the store after SIGKILL is not the 100 acknowledged ratings ($(wc -l <"$tmp/stored") rows)"

# 2. Upload (with the snapshot fetch, as the timer runs it) and import.
nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$FIX/dist-nginx.sh" "$tmp/ngx" "$tmp/dist" "127.0.0.1:$nport" >"$tmp/nginx.conf"
nginx_up() {
	nginx -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.err" &
	npid=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$nport/"; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/nginx.err"; fail "nginx did not start"; }; sleep 0.1
	done
}
npid=
trap '[ -n "$npid" ] && kill "$npid" 2>/dev/null; cleanup' EXIT
nginx_up
U=http://127.0.0.1:$nport/ratings
F=$tmp/k/kiosk.db
fetch() { "$FETCH" --ratings "$S" --upload "$U" --device hall-7 "http://127.0.0.1:$nport/000.00.01.H34.db" "$F"; }
# A kiosk whose kioskd has not made its store yet: nothing to send, no error.
"$FETCH" --ratings "$tmp/none.db" --upload "$U" --device hall-7 "http://127.0.0.1:$nport/000.00.01.H34.db" \
	"$tmp/k/other.db" 2>"$tmp/f.err" || fail "kiosk-fetch without a store: $(cat "$tmp/f.err")"
[ ! -e "$tmp/none.db" ] || fail "kiosk-fetch made a store"
fetch 2>"$tmp/f.err" || fail "kiosk-fetch: $(cat "$tmp/f.err")"
cmp -s "$F" "$tmp/kiosk.db" || fail "the snapshot was not fetched"
ls "$tmp/dist/ratings/hall-7" >"$tmp/files"
expect 1 "$(wc -l <"$tmp/files")" "files uploaded ($(cat "$tmp/files"))"
up=$tmp/dist/ratings/hall-7/$(cat "$tmp/files")
grep -Eq '^[0-9a-f]{16}-000000000001\.csv$' "$tmp/files" || fail "file name $(cat "$tmp/files")"
expect 101 "$(wc -l <"$up")" "lines of the uploaded file"
grep -q '" 201 ' "$tmp/ngx/access.log" || grep -q 'PUT /ratings/hall-7/.* 201 ' "$tmp/ngx/access.log" ||
	fail "no 201 for the PUT: $(cat "$tmp/ngx/access.log")"
"$TDB" import "$db" ratings "$tmp"/dist/ratings/*/*.csv >/dev/null || fail "import"
expect 100 "$(in_db)" "ratings imported"
sqlite3 "$db" "SELECT id FROM ratings WHERE device = 'hall-7' ORDER BY id" | cmp -s - "$tmp/stored" ||
	fail "the imported ratings are not the kiosk's"
expect 50 "$(sqlite3 "$db" "SELECT count(*) FROM ratings_current WHERE device = 'hall-7' AND
	choice = 'very_satisfied'")" "the second rating of each dossier is the current one"
expect 0 "$(sqlite3 "$db" "SELECT count(*) FROM ratings_current WHERE device = 'hall-7' AND
	choice <> 'very_satisfied'")" "replaced ratings still current"
expect 644 "$(stat -c %a "$F.ratings-sent")" "mode of the sent mark (kioskd reads it)"
# Again: nothing new to send, nothing new to import.
sum=$(sha256sum "$up" | cut -c1-64)
fetch 2>"$tmp/f.err" || fail "second kiosk-fetch: $(cat "$tmp/f.err")"
expect 1 "$(ls "$tmp/dist/ratings/hall-7" | wc -l)" "files after a second upload"
expect "$sum" "$(sha256sum "$up" | cut -c1-64)" "the uploaded file after a second upload"
expect 1 "$(grep -c 'PUT /ratings/' "$tmp/ngx/access.log")" "PUTs after a second upload"
"$TDB" import "$db" ratings "$tmp"/dist/ratings/*/*.csv >/dev/null || fail "second import"
expect 100 "$(in_db)" "ratings after a second import"

# 3. More ratings; the sent mark lost (as if the 201 never arrived): the
# same name again, a larger file, each rating once in the database.
kiosk_start --snapshot "$tmp/kiosk.db" --ratings "$S" --device hall-7 --rating-burst 1000
for t in $(head -3 "$tmp/tokens"); do
	expect 200 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$B/api/rate/$t?question=overall&choice=satisfied")" "a later rating"
done
kiosk_stop || fail "kioskd exit status $?"
rm "$F.ratings-sent"
fetch 2>"$tmp/f.err" || fail "kiosk-fetch after a lost answer: $(cat "$tmp/f.err")"
expect 1 "$(ls "$tmp/dist/ratings/hall-7" | wc -l)" "files after a resend"
expect 104 "$(wc -l <"$up")" "lines of the resent file"
grep -q 'PUT /ratings/hall-7/.* 204 ' "$tmp/ngx/access.log" || fail "the resend did not replace the file"
"$TDB" import "$db" ratings "$tmp"/dist/ratings/*/*.csv >/dev/null || fail "import after a resend"
expect 103 "$(in_db)" "ratings after a resend"
expect 3 "$(sqlite3 "$db" "SELECT count(*) FROM ratings_current WHERE device = 'hall-7' AND choice = 'satisfied'")" \
	"the latest ratings replace the earlier ones"
# The distribution point down: the upload fails and keeps the rating.
kiosk_start --snapshot "$tmp/kiosk.db" --ratings "$S" --device hall-7 --rating-burst 1000
expect 200 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$B/api/rate/$(head -1 "$tmp/tokens")?question=overall&choice=unsatisfied")" "a rating while cut off"
kiosk_stop || fail "kioskd exit status $?"
mark=$(cat "$F.ratings-sent")
kill "$npid"; wait "$npid" 2>/dev/null || true
npid=
if fetch 2>"$tmp/f.err"; then fail "kiosk-fetch without a distribution point succeeded"; fi
grep -q 'ratings kept' "$tmp/f.err" || fail "no reason given: $(cat "$tmp/f.err")"
expect "$mark" "$(cat "$F.ratings-sent")" "the sent mark after a failed upload"
nginx_up
fetch 2>"$tmp/f.err" || fail "kiosk-fetch once back: $(cat "$tmp/f.err")"
expect 2 "$(ls "$tmp/dist/ratings/hall-7" | wc -l)" "files once back"
"$TDB" import "$db" ratings "$tmp"/dist/ratings/*/*.csv >/dev/null || fail "import once back"
expect 104 "$(in_db)" "ratings once back"
expect "$(sqlite3 "$S" "SELECT count(*) FROM ratings")" "$(in_db)" "store and database"

# 4. What was sent is forgotten by the kiosk (--rating-keep-days 0: at
# once): a stolen kiosk holds no code of a dossier rated and sent, not even
# in the file's free pages; numbering goes on.
code1=$(sqlite3 "$S" "SELECT dossier_code FROM ratings ORDER BY seq LIMIT 1")
kiosk_start --snapshot "$F" --ratings "$S" --device hall-7 --rating-burst 1000 --rating-keep-days 0
i=0
until grep -q 'sent ratings older than 0 days removed' "$tmp/kioskd.err"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/kioskd.err"; fail "sent ratings not removed"; }; sleep 0.1
done
expect 0 "$(sqlite3 "$S" "SELECT count(*) FROM ratings")" "ratings left in the store after they were sent"
cat "$S" "$S-wal" 2>/dev/null | grep -aq "$code1" && fail "a sent dossier code is still in the store's bytes"
expect 200 "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$B/api/rate/$(sed -n 5p "$tmp/tokens")?question=overall&choice=satisfied")" "a rating after the removal"
kiosk_stop || fail "kioskd exit status $?"
expect 105 "$(sqlite3 "$S" "SELECT seq FROM ratings")" "the next number after the removal"
fetch 2>"$tmp/f.err" || fail "kiosk-fetch after the removal: $(cat "$tmp/f.err")"
"$TDB" import "$db" ratings "$tmp"/dist/ratings/*/*.csv >/dev/null || fail "import after the removal"
expect 105 "$(in_db)" "ratings after the removal"

# 5. Nothing is read back, other names and methods are refused.
expect 403 "$(status "http://127.0.0.1:$nport/ratings/hall-7/$(head -1 "$tmp/files")")" "GET of an upload"
echo x >"$tmp/x.csv"
expect 404 "$(status "http://127.0.0.1:$nport/ratings/hall-7/x.csv" -T "$tmp/x.csv")" "PUT of another name"
expect 404 "$(status "http://127.0.0.1:$nport/ratings/.h/0123456789abcdef-000000000001.csv" -T "$tmp/x.csv")" \
	"PUT under a dot folder"
expect 405 "$(status "http://127.0.0.1:$nport/000.00.01.H34.db" -T "$tmp/x.csv")" "PUT over a snapshot"
expect 403 "$(status "http://127.0.0.1:$nport/ratings/hall-7/$(head -1 "$tmp/files")" -X DELETE)" "DELETE of an upload"
cmp -s "$tmp/dist/000.00.01.H34.db" "$tmp/kiosk.db" || fail "the snapshot on the server changed"
echo "ok: 100 ratings acknowledged, kept through SIGKILL, uploaded and imported once; resend and outage"
