#!/bin/sh
# Delivery by patches: the publisher (--kiosk-dir, --kiosk-patches 3) writes
# OFFICE.gen and OFFICE.d/N.patch beside each OFFICE.db, the shipped nginx
# file serves them, kiosk-fetch takes them:
#   - a first fetch takes the whole file; after a change the kiosk fetches
#     OFFICE.gen and one patch (a few KB, not the file), and holds the same
#     rows as the publisher's file; kioskd switches and answers the change
#     by token and by code + check code;
#   - a kiosk three generations behind catches up by a chain of three;
#   - one older than the patches kept takes the whole file;
#   - a damaged patch, a foreign one (the right name, another generation's
#     content) and a wrong announced digest are refused: with the whole
#     file unavailable the kiosk keeps its file and kioskd keeps serving;
#     with it available the kiosk takes it;
#   - no patch carries a dossier code, check code, token or initials.
. tests/fixtures/kiosk/lib.sh
command -v nginx >/dev/null 2>&1 || skip "no nginx"
P=$top/$BUILD/publisher
TDB=$top/$BUILD/trackdb
[ -x "$P" ] && [ -x "$TDB" ] || skip "publisher or trackdb not built"
FETCH=$top/kiosk/kiosk-fetch
export KIOSKD
chmod 755 "$tmp"
mkdir -p "$tmp/dist" "$tmp/ka" "$tmp/kb" "$tmp/kc"
chmod 755 "$tmp/dist"
"$TDB" demo "$tmp/db.sqlite" --dossiers 400 --seed 11 --now "2025-11-20 10:00" >/dev/null 2>&1 || skip "trackdb demo"
# Four offices, the agencies dealt round-robin (as a province's centres
# serve many), so that an office has a hundred dossiers.
sqlite3 "$tmp/db.sqlite" "CREATE TABLE IF NOT EXISTS office_agencies (office_code TEXT NOT NULL,
	agency_code TEXT NOT NULL, PRIMARY KEY (office_code, agency_code));
	INSERT INTO office_agencies SELECT 'office-' || ((row_number() OVER (ORDER BY code) - 1) % 4), code FROM agencies;"
minute=0
publish() {
	minute=$((minute + 1))
	"$P" --db "$tmp/db.sqlite" --out "$tmp/site" --snapshot "$tmp/kiosk.db" --kiosk-dir "$tmp/dist" \
		--kiosk-patches 3 --key-file "$tmp/pub.key" --now "2025-11-20 10:$(printf %02d $minute)" \
		>"$tmp/pub.out" 2>&1 || { cat "$tmp/pub.out"; fail "publish"; }
}
publish
"$P" --db "$tmp/db.sqlite" --key-file "$tmp/pub.key" --list-checks 100000 >"$tmp/checks.tsv" || fail "list-checks"
office=office-1
in_office="agency_code IN (SELECT agency_code FROM office_agencies WHERE office_code = '$office')"
D=$tmp/dist/$office
[ -f "$D.db" ] && [ -f "$D.gen" ] || fail "no $office.db and $office.gen"
read -r v series gen digest from <"$D.gen"
expect "v1 1 1" "$v $gen $from" "OFFICE.gen of a first generation"
# A dossier of the office, pending, to change; its token and check code.
C=$(sqlite3 "$tmp/db.sqlite" "SELECT code FROM dossiers WHERE $in_office AND status = 'processing' ORDER BY code LIMIT 1")
[ -n "$C" ] || fail "no pending dossier in $office"
TOK=$(awk -v c="$C" '$1 == c {print $3}' "$tmp/checks.tsv")
CHK=$(awk -v c="$C" '$1 == c {print $2}' "$tmp/checks.tsv")
n=0
cnt=$(sqlite3 "$tmp/db.sqlite" "SELECT count(*) FROM dossiers WHERE $in_office")
# change: flip the channel of one of the office's dossiers (one box changes).
change() {
	n=$((n + 1))
	sqlite3 "$tmp/db.sqlite" "UPDATE dossiers SET channel = CASE channel WHEN 'online' THEN 'counter' ELSE 'online' END,
		updated_at = '2025-11-20 11:$(printf %02d $n)' WHERE code = (SELECT code FROM dossiers
		WHERE $in_office ORDER BY code LIMIT 1 OFFSET $((n % cnt)))"
}

nport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$FIX/dist-nginx.sh" "$tmp/ngx" "$tmp/dist" "127.0.0.1:$nport" >"$tmp/nginx.conf"
nginx -c "$tmp/nginx.conf" -g 'daemon off;' 2>"$tmp/nginx.err" &
npid=$!
trap 'kill "$npid" 2>/dev/null || true; cleanup' EXIT
i=0
until curl -s -o /dev/null "http://127.0.0.1:$nport/"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$tmp/nginx.err"; fail "nginx did not start"; }; sleep 0.1
done
URL=http://127.0.0.1:$nport/$office.db
A=$tmp/ka/kiosk.db
# fetch FILE: kiosk-fetch, its messages shown and kept in $tmp/f.err.
fetch() {
	: >"$tmp/ngx/access.log"
	frc=0
	"$FETCH" "$URL" "$1" 2>"$tmp/f.err" || frc=$?
	sed 's/^/  /' "$tmp/f.err"
	return $frc
}
# served: what nginx sent for the last fetch, "STATUS NAME" per request.
served() { awk '{n = $7; sub(".*/", "", n); print $9, n}' "$tmp/ngx/access.log" | tr '\n' ' '; }
# rows FILE: every row of every table, in an order of their own (not the
# digest kioskd checks: sqlite3's own dump), to compare two files.
rows() { sqlite3 "$1" .dump | grep '^INSERT' | sort; }
same_rows() {
	rows "$1" >"$tmp/r1"; rows "$2" >"$tmp/r2"
	cmp -s "$tmp/r1" "$tmp/r2" || { diff "$tmp/r1" "$tmp/r2" | head -5; fail "$3: not the publisher's rows"; }
}

# 1. First fetch: the whole file.  Then a change: OFFICE.gen and one patch.
fetch "$A" || fail "first fetch"
grep -q 'whole file' "$tmp/f.err" || fail "first fetch: not the whole file"
cmp -s "$A" "$D.db" || fail "first fetch: not the server's file"
cp "$A" "$tmp/kb/kiosk.db"
cp "$A" "$tmp/kc/kiosk.db"
kiosk_start --snapshot "$A" --lookup-burst 1000
expect 200 "$(status "$B/d/$TOK")" "kioskd on the first file"
fetch "$A" || fail "fetch with nothing new"
expect "200 $office.gen " "$(served)" "nothing new: OFFICE.gen only"
fetch "$A" || fail "fetch with nothing new, again"
expect "304 $office.gen " "$(served)" "nothing new, OFFICE.gen asked conditionally"
sqlite3 "$tmp/db.sqlite" "BEGIN;
	INSERT INTO events (dossier_code, at, kind, new_due_at) VALUES ('$C', '2025-11-20 10:05', 'apology', '2026-01-30 16:00');
	UPDATE dossiers SET new_due_at = '2026-01-30 16:00', updated_at = '2025-11-20 10:05' WHERE code = '$C';
	COMMIT;"
publish
read -r v series2 gen digest from <"$D.gen"
expect "$series 2" "$series2 $gen" "OFFICE.gen after a change"
[ -f "$D.d/2.patch" ] || fail "no patch 2"
ino=$(stat -c %i "$A")
fetch "$A" || fail "fetch after a change"
expect "200 $office.gen 200 2.patch " "$(served)" "after a change: OFFICE.gen and one patch"
grep -q "generation 1 -> 2 by 1 patches" "$tmp/f.err" || fail "no word of the patch"
pbytes=$(stat -c %s "$D.d/2.patch") fbytes=$(stat -c %s "$D.db")
[ $((pbytes * 20)) -lt "$fbytes" ] || fail "a patch of $pbytes bytes for a file of $fbytes"
[ "$(stat -c %i "$A")" != "$ino" ] || fail "the patched copy was not renamed into place"
same_rows "$A" "$D.db" "patched kiosk"
expect "$series 2" "$("$KIOSKD" --print-generation "$A")" "the kiosk's generation"
i=0
until curl -s "$B/api/dossier/$TOK" | grep -q '2026-01-30'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not switch to the patched file"; sleep 0.1
done
expect 200 "$(status "$B/lookup?code=$C&check=$CHK")" "code + check on the patched file"
expect 404 "$(status "$B/lookup?code=$C&check=00000000")" "a wrong check code on the patched file"
# The same answer as from a fresh whole file.
curl -s "$B/api/dossier/$TOK" >"$tmp/patched.json"
kiosk_stop || fail "kioskd exit status $?"
kiosk_start --snapshot "$D.db"
curl -s "$B/api/dossier/$TOK" >"$tmp/fresh.json"
cmp -s "$tmp/patched.json" "$tmp/fresh.json" || fail "the patched file answers otherwise than a fresh one"
kiosk_stop

# 2. Three generations behind: a chain of three.
change; publish
change; publish
expect 4 "$(cut -d' ' -f3 "$D.gen")" "generation after two more changes"
fetch "$tmp/kb/kiosk.db" || fail "fetch three behind"
expect "200 $office.gen 200 2.patch 200 3.patch 200 4.patch " "$(served)" "a chain of three"
grep -q "generation 1 -> 4 by 3 patches" "$tmp/f.err" || fail "no word of the chain"
same_rows "$tmp/kb/kiosk.db" "$D.db" "kiosk three behind"

# 3. Too old: --kiosk-patches 3 keeps patches 3 to 5 once at 5.
change; publish
read -r v s gen digest from <"$D.gen"
expect "5 2" "$gen $from" "generation and oldest base with 3 patches kept"
[ ! -e "$D.d/2.patch" ] && [ -e "$D.d/3.patch" ] || fail "patch 2 not pruned, or 3 gone: $(ls "$D.d")"
fetch "$tmp/kc/kiosk.db" || fail "fetch too old"
expect "200 $office.gen 200 $office.db " "$(served)" "too old: the whole file"
grep -q 'older than the patches kept' "$tmp/f.err" || fail "no word of why the whole file"
cmp -s "$tmp/kc/kiosk.db" "$D.db" || fail "too old: not the server's file"

# 4. Refusals.  The whole file hidden first (403), so the kiosk must keep
# its own; kioskd serves from it all along.
fetch "$A" || fail "fetch to 5"
grep -q "generation 2 -> 5 by 3 patches" "$tmp/f.err" || fail "kiosk A did not catch up to 5"
cp "$A" "$tmp/a5.db"
kiosk_start --snapshot "$A"
change; publish
cp "$D.d/6.patch" "$tmp/good.patch"
refused() { # WHAT: the fetch fails, says so, leaves the file; kioskd answers
	if fetch "$A"; then fail "$1: taken"; fi
	grep -q 'patch refused' "$tmp/f.err" || fail "$1: no word of the refusal"
	cmp -s "$A" "$tmp/a5.db" || fail "$1: the kiosk's file changed"
	expect 200 "$(status "$B/d/$TOK")" "$1: kioskd still serving"
	ls -a "$tmp/ka" | grep -q '^\.kiosk' && fail "$1: temporaries left behind"
	return 0
}
mv "$D.db" "$tmp/hidden.db"
# Damaged: one byte in the middle.
python3 - "$D.d/6.patch" <<'PY'
import sys
p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[len(b) // 2] ^= 1; open(p, "wb").write(b)
PY
refused "a damaged patch"
grep -q 'damaged' "$tmp/f.err" || fail "a damaged patch: the reason is not given"
# Foreign: a whole, well-formed patch under the name of another.
cp "$D.d/4.patch" "$D.d/6.patch"
refused "a foreign patch"
# Truncated.
head -c 100 "$tmp/good.patch" >"$D.d/6.patch"
refused "a truncated patch"
# A good patch, but OFFICE.gen announces another digest.
cp "$tmp/good.patch" "$D.d/6.patch"
cp "$D.gen" "$tmp/good.gen"
awk '{$4 = sprintf("%064d", 0); print}' "$tmp/good.gen" >"$D.gen"
refused "a wrong announced digest"
grep -q 'announced' "$tmp/f.err" || fail "a wrong digest: the reason is not given"
# The whole file back, the patch still damaged: the kiosk takes the file.
cp "$tmp/good.gen" "$D.gen"
head -c 100 "$tmp/good.patch" >"$D.d/6.patch"
mv "$tmp/hidden.db" "$D.db"
fetch "$A" || fail "fallback to the whole file"
grep -q 'patch refused' "$tmp/f.err" && grep -q 'whole file,' "$tmp/f.err" || fail "no fallback to the whole file"
cmp -s "$A" "$D.db" || fail "fallback: not the server's file"
i=0
until [ "$(curl -s "$B/healthz" | grep -o '"generated_at":"[^"]*"')" = "\"generated_at\":\"$(sqlite3 "$D.db" "SELECT value FROM meta WHERE key = 'generated_at'")\"" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "kioskd did not switch to the fallback file"; sleep 0.1
done
kiosk_stop || fail "kioskd exit status $?"
cp "$tmp/good.patch" "$D.d/6.patch"

# 5. Nothing private in any patch.
sqlite3 -separator ' ' "$tmp/db.sqlite" "SELECT code FROM dossiers WHERE $in_office" >"$tmp/codes"
sqlite3 -separator ' ' "$tmp/kiosk.db" "SELECT code, coalesce(initials, '') FROM dossiers" |
	awk 'NR == FNR {want[$1] = 1; next} ($1 in want)' "$tmp/codes" - >"$tmp/private"
checked=0
while read -r code initials; do
	check=$(awk -v c="$code" '$1 == c {print $2}' "$tmp/checks.tsv")
	token=$(awk -v c="$code" '$1 == c {print $3}' "$tmp/checks.tsv")
	for p in "$D.d"/*.patch; do
		for s in "$code" "$check" "$token"; do
			[ -n "$s" ] && grep -qaF -- "$s" "$p" && fail "$s readable in $p"
		done
		if [ ${#initials} -ge 4 ]; then grep -qaF -- "$initials" "$p" && fail "initials $initials in $p"; fi
	done
	checked=$((checked + 1))
done <"$tmp/private"
[ "$checked" -ge 50 ] || fail "only $checked dossiers checked"
# Temporaries and publisher state are not served, patches are.
expect 200 "$(status "http://127.0.0.1:$nport/$office.d/6.patch")" "a patch"
: >"$D.d/.6.patch.AbCdEf"; chmod 644 "$D.d/.6.patch.AbCdEf"
expect 404 "$(status "http://127.0.0.1:$nport/$office.d/.6.patch.AbCdEf")" "a patch's temporary"
echo "ok: kiosk delta: first whole, then 1 patch ($pbytes bytes for a $fbytes-byte file), a chain of 3, too old -> whole, 4 refusals kept the file, no private data in patches"
