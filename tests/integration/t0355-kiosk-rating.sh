#!/bin/sh
# kioskd's satisfaction ratings over HTTP: the questions of a dossier's
# template (its agency's own, else the default), only for a finished
# dossier and only by its token; a rating is a POST without a body and is
# answered "ok" once stored; wrong answers, other methods and bodies are
# refused; a dossier has at most --rating-per-dossier ratings a day and a
# client at most --rating-burst at once (one client cannot flood the
# store); the store is kioskd's own file (the snapshot is not touched),
# survives a restart, refuses to be any other file, and exports as CSV
# for trackdb; --mode rating records the counter as the source.
. tests/fixtures/kiosk/lib.sh
command -v jq >/dev/null 2>&1 || skip "no jq"
"$FIX/make-snapshot.sh" "$tmp/snap.db"
snapsum=$(sha256sum "$tmp/snap.db" | cut -c1-64)
TOKEN2=Tk2bbbbbbbbbbbbbbbbbbb
TOKEN4=Tk4ddddddddddddddddddd
S=$tmp/ratings.db
post() { curl -s -o "$tmp/body" -w '%{http_code}' -X POST "$B/api/rate/$1?$2"; }
rows() { sqlite3 "$S" "SELECT count(*) FROM ratings${1:+ WHERE $1}"; }

kiosk_start --snapshot "$tmp/snap.db" --ratings "$S" --device hall-1 --rating-burst 100 \
	--rating-per-dossier 3
grep -q "ratings recorded in $S as device hall-1" "$tmp/kioskd.err" || fail "no store named at start"
curl -s "$B/api/config" | jq -e '.ratings == true and .mode == "kiosk"' >/dev/null || fail "config"

# The questions: the default template, the agency's own for dossier 3,
# none for a dossier still in progress.
curl -s "$B/api/rating/$TOKEN2" >"$tmp/q2"
jq -e '.can_rate and .finished and (.questions | length) == 1 and .questions[0].question == "overall"
       and ([.questions[0].choices[].choice] == ["very_satisfied", "satisfied", "unsatisfied"])
       and ([.questions[0].choices[].satisfied] == [true, true, false])
       and (.questions[0].reasons | length) == 2 and .questions[0].current == null' "$tmp/q2" >/dev/null ||
	fail "questions of dossier 2: $(cat "$tmp/q2")"
curl -s "$B/api/rating/$TOKEN3" | jq -e '[.questions[0].choices[].choice] == ["yes", "no"]
	and .questions[0].text == "Ông/Bà có hài lòng <b>\"&</b>?"' >/dev/null || fail "agency template"
curl -s "$B/api/rating/$TOKEN3" | grep -q '<b>' && fail "markup not escaped in JSON"
curl -s "$B/api/rating/$TOKEN1" | jq -e '.can_rate == false and .finished == false and .questions == []' \
	>/dev/null || fail "a dossier in progress is offered a rating"
expect 404 "$(status "$B/api/rating/Tk9zzzzzzzzzzzzzzzzzzz")" "unknown token"
expect 404 "$(status "$B/api/rating/short")" "malformed token"

# Refused: not finished, unknown token, bad answers, other methods, bodies.
expect 409 "$(post "$TOKEN1" "question=overall&choice=satisfied")" "rating a dossier in progress"
expect 404 "$(post Tk9zzzzzzzzzzzzzzzzzzz "question=overall&choice=satisfied")" "rating an unknown token"
expect 400 "$(post "$TOKEN2" "question=overall&choice=great")" "unknown choice"
expect 400 "$(post "$TOKEN2" "question=speed&choice=satisfied")" "unknown question"
expect 400 "$(post "$TOKEN2" "question=overall&choice=satisfied&reason=wait")" "a reason for a good rating"
expect 400 "$(post "$TOKEN2" "question=overall&choice=unsatisfied&reason=rude")" "unknown reason"
expect 400 "$(post "$TOKEN2" "question=overall&choice=Satisfied")" "choice not a code"
expect 400 "$(post "$TOKEN2" "question=overall")" "no choice"
expect 400 "$(post "$TOKEN3" "question=overall&choice=satisfied")" "a default choice for an agency template"
expect 405 "$(status "$B/api/rate/$TOKEN2?question=overall&choice=satisfied")" "GET of a rating"
curl -s -D "$tmp/h" -o /dev/null "$B/api/rate/$TOKEN2?question=overall&choice=satisfied"
grep -qi '^Allow: POST' "$tmp/h" || fail "405 without Allow: POST"
expect 405 "$(status "$B/api/rating/$TOKEN2" -X POST)" "POST of the questions"
expect 405 "$(status "$B/" -X POST)" "POST /"
expect 413 "$(status "$B/api/rate/$TOKEN2?question=overall&choice=satisfied" -X POST --data x=1)" \
	"a POST with a body"
expect 0 "$(rows)" "rows after refused attempts"

# Recorded: ok only once stored, with the kiosk's name and source.
expect 200 "$(post "$TOKEN2" "question=overall&choice=unsatisfied&reason=wait")" "a rating"
jq -e '.ok == true and (.id | test("^[0-9a-f]{32}$"))' "$tmp/body" >/dev/null || fail "answer $(cat "$tmp/body")"
id1=$(jq -r .id "$tmp/body")
expect 1 "$(rows "id = '$id1' AND dossier_code = '000.00.01.H34-250310-0002' AND question = 'overall'
	AND choice = 'unsatisfied' AND reason = 'wait' AND source = 'kiosk' AND device = 'hall-1'")" "the stored row"
expect 200 "$(post "$TOKEN2" "question=overall&choice=very_satisfied")" "a second rating"
id2=$(jq -r .id "$tmp/body")
[ "$id2" \> "$id1" ] || fail "ids do not grow: $id1 then $id2"
curl -s "$B/api/rating/$TOKEN2" | jq -e '.questions[0].current.choice == "very_satisfied"' >/dev/null ||
	fail "the later rating is not the current one"
expect 200 "$(post "$TOKEN3" "question=overall&choice=no&reason=wait")" "agency template answer"
# Per dossier: the third is the last of the day.
expect 200 "$(post "$TOKEN2" "question=overall&choice=satisfied")" "third rating"
expect 429 "$(post "$TOKEN2" "question=overall&choice=satisfied")" "fourth rating of one dossier"
jq -e '.error == "dossier_limit"' "$tmp/body" >/dev/null || fail "dossier cap: $(cat "$tmp/body")"
expect 4 "$(rows)" "rows"
# Nothing of the token in the log; the snapshot is untouched.
grep -q "$TOKEN2" "$tmp/access.log" && fail "a token in the access log"
grep -q 'POST /api/rate/<redacted> 200' "$tmp/access.log" || fail "ratings not logged"
expect "$snapsum" "$(sha256sum "$tmp/snap.db" | cut -c1-64)" "the snapshot after ratings"
kiosk_stop || fail "kioskd exit status $?"

# Export for the upload: CSV in trackdb's columns, from a sequence number on.
"$KIOSKD" --ratings "$S" --export-ratings "$tmp/all.csv" >"$tmp/info" || fail "export"
set -- $(cat "$tmp/info")
[ "$1 $2" = "1 4" ] && echo "$3" | grep -Eq '^[0-9a-f]{16}$' || fail "export info: $(cat "$tmp/info")"
head -1 "$tmp/all.csv" | tr -d '\r' | grep -qx 'id,dossier_code,question,choice,reason,rated_at,source,device' ||
	fail "export header"
expect 5 "$(wc -l <"$tmp/all.csv")" "export lines"
"$KIOSKD" --ratings "$S" --export-ratings "$tmp/rest.csv" --after 3 >"$tmp/info"
expect "4 4" "$(cut -d' ' -f1,2 "$tmp/info")" "export after 3"
"$KIOSKD" --ratings "$S" --export-ratings "$tmp/none.csv" --after 4 >"$tmp/info"
expect "0 0 $3" "$(cat "$tmp/info")" "export of nothing"
expect 1 "$(wc -l <"$tmp/none.csv")" "lines of an empty export"

# A restart keeps the store; the rating mode records the counter.
kiosk_start --snapshot "$tmp/snap.db" --ratings "$S" --mode rating --device counter-2
curl -s "$B/api/config" | jq -e '.mode == "rating"' >/dev/null || fail "rating mode config"
curl -s "$B/api/rating/$TOKEN2" | jq -e '.source == "counter" and .questions[0].current.choice == "satisfied"' \
	>/dev/null || fail "the store after a restart"
expect 200 "$(post "$TOKEN4" "question=overall&choice=satisfied")" "counter rating"
expect 1 "$(rows "source = 'counter' AND device = 'counter-2'")" "counter row"
kiosk_stop || fail "kioskd exit status $?"

# The store is no other file, and none at all is allowed.
set +e
"$KIOSKD" --snapshot "$tmp/snap.db" --ratings "$tmp/snap.db" --port 0 --web "$top/web" \
	--assets "$top/assets" 2>"$tmp/err"
rc=$?
set -e
[ "$rc" = 1 ] && grep -q "not a kioskd rating store" "$tmp/err" || fail "the snapshot as a store: $rc $(cat "$tmp/err")"
expect "$snapsum" "$(sha256sum "$tmp/snap.db" | cut -c1-64)" "the snapshot offered as a store"
kiosk_start --snapshot "$tmp/snap.db" --ratings none
curl -s "$B/api/config" | jq -e '.ratings == false' >/dev/null || fail "--ratings none"
curl -s "$B/api/rating/$TOKEN2" | jq -e '.can_rate == false' >/dev/null || fail "offered without a store"
expect 503 "$(post "$TOKEN2" "question=overall&choice=satisfied")" "a rating without a store"
kiosk_stop || fail "kioskd exit status $?"

# One client cannot flood the store: 300 ratings as fast as it can, of
# the three finished dossiers; at most the burst is taken.
rm -f "$S" "$S-wal" "$S-shm"
kiosk_start --snapshot "$tmp/snap.db" --ratings "$S" --rating-burst 5 --rating-rate 1 \
	--rating-per-dossier 1000
i=0
: >"$tmp/codes"
while [ $i -lt 100 ]; do
	for t in "$TOKEN2" "$TOKEN3" "$TOKEN4"; do
		c=unsatisfied; [ "$t" = "$TOKEN3" ] && c=no
		echo "$B/api/rate/$t?question=overall&choice=$c"
	done
	i=$((i + 1))
done | xargs -n 30 curl -s -o /dev/null -w '%{http_code}\n' -X POST >>"$tmp/codes"
ok=$(grep -c '^200$' "$tmp/codes" || true)
limited=$(grep -c '^429$' "$tmp/codes" || true)
expect 300 "$((ok + limited))" "answers to the flood ($(sort "$tmp/codes" | uniq -c | tr '\n' ' '))"
[ "$ok" -ge 5 ] && [ "$ok" -le 7 ] || fail "the flood stored $ok ratings (burst 5, 1 a minute)"
expect "$ok" "$(rows)" "rows after the flood"
curl -s "$B/metrics" >"$tmp/metrics"
grep -qx "kioskd_ratings_total $ok" "$tmp/metrics" || fail "metrics: $(grep ratings "$tmp/metrics")"
grep -qx "kioskd_ratings_limited_total $limited" "$tmp/metrics" || fail "metrics: $(grep ratings "$tmp/metrics")"
curl -s -D "$tmp/h" -o /dev/null -X POST "$B/api/rate/$TOKEN2?question=overall&choice=satisfied"
grep -qi '^Retry-After: [1-9]' "$tmp/h" || fail "429 without Retry-After"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: kiosk ratings (flood: $ok of 300 stored)"
