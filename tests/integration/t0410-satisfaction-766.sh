#!/bin/sh
# t0410: the published satisfaction figures and the service-index (Decision
# 766) indicators equal counts made here with plain SQL on the back-office
# database (sqlite3), independently of core/domain/satisfaction.c and
# index766.c: the open data (hai-long.csv, chi-so-766.csv), the pages
# (thong-ke/hai-long.html, thong-ke/chi-so-766/CODE.html and the agency
# page co-quan/CODE.html); then a dossier rated again counts by its new
# rating alone after an incremental run.
#
# An agency's own template counts 'satisfied' as not satisfied, so the
# satisfied flag must come from the template of the dossier's agency.
# On-time and overdue need the working-time due with clock stops, which
# SQL cannot compute: they are compared exactly for two agencies and two
# quarters in which no dossier resolved or pending had a clock stop (the
# receipt's due is then the due); every other indicator for every agency
# and period.
set -eu
BUILD=${BUILD:-build}
LC_ALL=C.UTF-8
export LC_ALL
for prog in trackdb publisher; do
	[ -x "$BUILD/$prog" ] || { echo "skip: $BUILD/$prog is not built"; exit 77; }
done
command -v sqlite3 >/dev/null 2>&1 || { echo "skip: no sqlite3"; exit 77; }

tmp=$(mktemp -d)
trap '[ -n "${KEEP_T:-}" ] || rm -rf "$tmp"' EXIT INT TERM
NOW="2025-11-20 10:00"
fail() { echo "t0410: $*${KEEP_T:+ (kept $tmp)}" >&2; exit 1; }
db=$tmp/demo.db
q() { sqlite3 -bail "$db" "$1"; }
publish() {
	"$BUILD/publisher" --db "$db" --out "$tmp/site" --snapshot "$tmp/kiosk.db" \
		--key-file "$tmp/key" --now "$NOW" --quiet >/dev/null || fail "publisher failed"
}

"$BUILD/trackdb" demo "$db" --dossiers 3000 --seed 4242 --now "$NOW" >/dev/null
q "DELETE FROM ratings"
# The agency with the most results gets a template of its own.
A=$(q "SELECT agency_code FROM dossiers WHERE status IN ('ready', 'returned')
  GROUP BY agency_code ORDER BY count(*) DESC, agency_code LIMIT 1")
printf 'template,question,seq,text,text_en\n%s,overall,1,Đánh giá chung,Overall\n' "$A" >"$tmp/q.csv"
{
	echo "template,question,choice,seq,text,text_en,satisfied"
	echo "$A,overall,very_satisfied,1,Rất hài lòng,Very satisfied,1"
	echo "$A,overall,satisfied,2,Tạm được,Fair,0"
	echo "$A,overall,unsatisfied,3,Không hài lòng,Not satisfied,0"
} >"$tmp/c.csv"
"$BUILD/trackdb" import "$db" rating_questions "$tmp/q.csv" >/dev/null || fail "import questions"
"$BUILD/trackdb" import "$db" rating_choices "$tmp/c.csv" >/dev/null || fail "import choices"

# A rating for every result, a few hours after it (some after now, which
# count nowhere yet), choices spread over the three.
{
	echo "id,dossier_code,question,choice,reason,rated_at,source,device"
	sqlite3 -bail -csv "$db" "SELECT printf('%032x', rowid), code, 'overall',
	    CASE rowid * 7 % 5 WHEN 0 THEN 'unsatisfied' WHEN 1 THEN 'satisfied' WHEN 2 THEN 'satisfied'
	      ELSE 'very_satisfied' END,
	    CASE rowid * 7 % 5 WHEN 0 THEN 'wait' ELSE '' END,
	    strftime('%Y-%m-%d %H:%M:%S', resolved_at, '+' || (rowid % 97) || ' hours'),
	    CASE rowid % 2 WHEN 0 THEN 'kiosk' ELSE 'counter' END, 'k1'
	  FROM dossiers WHERE status IN ('ready', 'returned') AND resolved_at IS NOT NULL"
} >"$tmp/r.csv"
"$BUILD/trackdb" import "$db" ratings "$tmp/r.csv" >"$tmp/out" || fail "import ratings: $(cat "$tmp/out")"
n=$(q "SELECT count(*) FROM ratings")
[ "$n" -gt 1000 ] || fail "only $n ratings"
[ "$(q "SELECT count(*) FROM ratings WHERE rated_at >= '$NOW'")" -gt 0 ] || fail "no rating after now"
# Two agencies (without predecessors: a successor's page shows them rolled
# up) whose dossiers' clocks never stop, so that SQL knows their due: the
# receipt's.  Their supplement requests and pauses are taken out.
set -- $(q "SELECT agency_code FROM dossiers WHERE agency_code NOT IN (SELECT successor_code
  FROM agencies WHERE successor_code IS NOT NULL) GROUP BY agency_code
  ORDER BY min(sum(resolved_at >= '2025-01-01' AND resolved_at < '2025-04-01'),
               sum(resolved_at >= '2025-04-01' AND resolved_at < '2025-07-01')) DESC, agency_code
  LIMIT 2")
X1=$1 X2=$2
q "DELETE FROM events WHERE kind IN ('supplement_request', 'supplement_received', 'pause', 'resume')
     AND dossier_code IN (SELECT code FROM dossiers WHERE agency_code IN ('$X1', '$X2'));
   UPDATE dossiers SET status = 'processing' WHERE status IN ('supplement', 'paused')
     AND agency_code IN ('$X1', '$X2')"
publish

csvin() { # csvin FILE TABLE: the published CSV (BOM, CRLF) into TABLE of check.db
	tail -c +4 "$1" | tr -d '\r' >"$tmp/in.csv"
	sqlite3 -bail "$tmp/check.db" ".import --csv $tmp/in.csv $2"
}
c() { sqlite3 -bail "$tmp/check.db" "$1"; }

# ---- satisfaction: every (subject, period, choice) of the open data ----
cp "$tmp/kiosk.db" "$tmp/check.db"
sqlite3 -bail "$tmp/check.db" <<EOF
ATTACH '$db' AS b;
CREATE TABLE r AS
SELECT x.dossier_code, x.choice, d.agency_code AS agency, d.procedure_code AS proc,
  p.field_code AS field,
  (SELECT ch.satisfied FROM b.rating_choices ch WHERE ch.question = x.question
     AND ch.choice = x.choice AND ch.template IN (d.agency_code, 'province', 'default')
   ORDER BY CASE ch.template WHEN 'default' THEN 2 WHEN 'province' THEN 1 ELSE 0 END
   LIMIT 1) AS sat,
  substr(x.rated_at, 1, 7) AS month,
  substr(x.rated_at, 1, 4) || '-q' || ((CAST(substr(x.rated_at, 6, 2) AS INT) + 2) / 3) AS quarter,
  substr(x.rated_at, 1, 4) AS year
FROM b.ratings_current x JOIN b.dossiers d ON d.code = x.dossier_code
  JOIN b.procedures p ON p.code = d.procedure_code
WHERE x.rated_at < '$NOW';
CREATE TABLE subj AS
SELECT 'province' AS kind, '' AS code, r.* FROM r
UNION ALL SELECT 'agency', agency, r.* FROM r
UNION ALL SELECT 'procedure', proc, r.* FROM r
UNION ALL SELECT 'field', field, r.* FROM r;
CREATE TABLE sp AS
SELECT kind, code, 'month' AS pk, month AS period, choice, sat FROM subj
UNION ALL SELECT kind, code, 'quarter', quarter, choice, sat FROM subj
UNION ALL SELECT kind, code, 'year', year, choice, sat FROM subj;
CREATE TABLE tot AS
SELECT kind, code, pk, period, count(*) AS ratings, sum(sat) AS satisfied FROM sp
GROUP BY kind, code, pk, period;
CREATE TABLE cnt AS
SELECT kind, code, pk, period, choice, count(*) AS n FROM sp GROUP BY kind, code, pk, period, choice;
CREATE TABLE want AS
SELECT t.kind, t.code, t.pk, t.period, c.choice, coalesce(x.n, 0) AS n, t.ratings, t.satisfied,
  printf('%d.%d', (t.satisfied * 2000 + t.ratings) / (2 * t.ratings) / 10,
                  (t.satisfied * 2000 + t.ratings) / (2 * t.ratings) % 10) AS pct
FROM tot t JOIN (SELECT DISTINCT choice FROM b.rating_choices) c
  LEFT JOIN cnt x ON x.kind = t.kind AND x.code = t.code AND x.pk = t.pk AND x.period = t.period
    AND x.choice = c.choice;
CREATE TABLE b_order AS SELECT choice, seq FROM b.rating_choices WHERE template = 'default';
EOF
csvin "$tmp/site/thong-ke/hai-long.csv" pub
c "CREATE TABLE got AS SELECT entity_kind AS kind, entity_code AS code, period_kind AS pk,
  period, choice, CAST(count AS INT) AS n, CAST(ratings AS INT) AS ratings,
  CAST(satisfied AS INT) AS satisfied, satisfied_pct AS pct FROM pub
  WHERE entity_kind IN ('province', 'agency', 'procedure', 'field')
    AND period_kind IN ('month', 'quarter', 'year')"
rows=$(c "SELECT count(*) FROM want")
[ "$rows" -gt 1000 ] || fail "only $rows satisfaction rows recomputed"
[ "$(c "SELECT count(*) FROM got")" -eq "$rows" ] ||
	fail "published $(c "SELECT count(*) FROM got") satisfaction rows, SQL finds $rows"
bad=$(c "SELECT w.kind || ' ' || w.code || ' ' || w.pk || ' ' || w.period || ' ' || w.choice
  FROM want w LEFT JOIN got g USING (kind, code, pk, period, choice)
  WHERE g.n IS NULL OR g.n != w.n OR g.ratings != w.ratings OR g.satisfied != w.satisfied
     OR g.pct != w.pct LIMIT 5")
[ -z "$bad" ] || fail "satisfaction rows differ from SQL: $bad"
satrows=$rows
# The agency's own template is what counts there: 'satisfied' is not satisfied.
[ "$(c "SELECT ratings - satisfied = sum(n) FILTER (WHERE choice != 'very_satisfied')
  FROM want WHERE kind = 'agency' AND code = '$A' AND pk = 'year' AND period = '2025'")" = 1 ] ||
	fail "agency $A: its own template was not applied"

# The page: the province's row of each year, as SQL counts it.
html="$tmp/site/thong-ke/hai-long.html"
for y in $(c "SELECT period FROM tot WHERE kind = 'province' AND pk = 'year'"); do
	line=$(c "SELECT 'Năm $y</th><td>' || t.ratings || '</td>' ||
	    (SELECT group_concat('<td>' || n || '</td>', '') FROM (SELECT w.n FROM want w
	       JOIN b_order o ON o.choice = w.choice WHERE w.kind = 'province' AND w.pk = 'year'
	       AND w.period = '$y' ORDER BY o.seq)) ||
	    '<td>' || (SELECT replace(pct, '.', ',') FROM want WHERE kind = 'province' AND pk = 'year'
	               AND period = '$y' LIMIT 1) || '%</td>'
	  FROM tot t WHERE t.kind = 'province' AND t.pk = 'year' AND t.period = '$y'")
	grep -qF "$line" "$html" || fail "hai-long.html: no row '$line'"
done

# The agency page (co-quan/A.html): this year's and all years' share.
all=$(c "SELECT sum(t.ratings) || ' ' || sum(t.satisfied) FROM tot t
  WHERE kind = 'agency' AND code = '$A' AND pk = 'year'")
yr=$(c "SELECT ratings || ' ' || satisfied FROM tot WHERE kind = 'agency' AND code = '$A'
  AND pk = 'year' AND period = '${NOW%%-*}'")
pct() { # pct SATISFIED RATINGS: "66,7%"
	awk -v s="$1" -v n="$2" 'BEGIN { t = int((s * 2000 + n) / (2 * n)); printf "%d,%d%%", t / 10, t % 10 }'
}
set -- $yr $all
want_line="Năm nay: $(pct "$2" "$1") hài lòng ($1 lượt đánh giá); từ trước đến nay: $(pct "$4" "$3") hài lòng ($3 lượt đánh giá)."
grep -qF "$want_line" "$tmp/site/co-quan/$A.html" || fail "co-quan/$A.html: no '$want_line'"

# ---- the service index ---------------------------------------------------
csvin "$tmp/site/thong-ke/chi-so-766.csv" ix
sqlite3 -bail "$tmp/check.db" <<EOF
ATTACH '$db' AS b;
CREATE TABLE d AS
SELECT x.code, x.agency_code AS agency, x.channel, x.received_at AS rec, x.due_at AS due,
  (SELECT e.at FROM b.events e WHERE e.dossier_code = x.code
     AND e.kind IN ('result_ready', 'rejected', 'withdrawn') ORDER BY e.at, e.id LIMIT 1) AS end_at,
  (SELECT e.kind FROM b.events e WHERE e.dossier_code = x.code
     AND e.kind IN ('result_ready', 'rejected', 'withdrawn') ORDER BY e.at, e.id LIMIT 1) AS end_kind,
  EXISTS (SELECT 1 FROM b.events e WHERE e.dossier_code = x.code
     AND e.kind IN ('supplement_request', 'pause')) AS stopped,
  EXISTS (SELECT 1 FROM b.events e WHERE e.dossier_code = x.code
     AND e.kind IN ('step_start', 'step_done')) AS steps
FROM b.dossiers x WHERE x.received_at < '$NOW';
UPDATE d SET end_at = NULL, end_kind = NULL WHERE end_at >= '$NOW';
-- Months, quarters and years from the first dossier's to now's.
CREATE TABLE m AS
WITH RECURSIVE mm(s) AS (
  SELECT substr(min(rec), 1, 7) || '-01 00:00' FROM d
  UNION ALL
  SELECT strftime('%Y-%m-%d %H:%M', s, '+1 month') FROM mm
  WHERE strftime('%Y-%m-%d %H:%M', s, '+1 month') <= '$NOW')
SELECT 'month' AS pk, substr(s, 1, 7) AS id, s AS start,
  min(strftime('%Y-%m-%d %H:%M', s, '+1 month'), '$NOW') AS until FROM mm
UNION ALL
SELECT 'quarter', substr(s, 1, 4) || '-q' || ((CAST(substr(s, 6, 2) AS INT) + 2) / 3), s,
  min(strftime('%Y-%m-%d %H:%M', s, '+3 months'), '$NOW') FROM mm
WHERE CAST(substr(s, 6, 2) AS INT) % 3 = 1
UNION ALL
SELECT 'year', substr(s, 1, 4), s, min(strftime('%Y-%m-%d %H:%M', s, '+1 year'), '$NOW') FROM mm
WHERE substr(s, 6, 2) = '01';
-- A quarter or year that began before the first dossier's month.
INSERT INTO m SELECT 'quarter', substr(s, 1, 4) || '-q' || ((CAST(substr(s, 6, 2) AS INT) + 2) / 3),
  substr(s, 1, 5) || printf('%02d', (CAST(substr(s, 6, 2) AS INT) - 1) / 3 * 3 + 1) || '-01 00:00',
  min(strftime('%Y-%m-%d %H:%M', substr(s, 1, 5) || printf('%02d', (CAST(substr(s, 6, 2) AS INT) - 1) / 3 * 3 + 1) || '-01 00:00', '+3 months'), '$NOW')
FROM (SELECT min(start) AS s FROM m WHERE pk = 'month')
WHERE CAST(substr(s, 6, 2) AS INT) % 3 != 1;
INSERT INTO m SELECT 'year', substr(s, 1, 4), substr(s, 1, 4) || '-01-01 00:00',
  min(strftime('%Y-%m-%d %H:%M', substr(s, 1, 4) || '-01-01 00:00', '+1 year'), '$NOW')
FROM (SELECT min(start) AS s FROM m WHERE pk = 'month') WHERE substr(s, 6, 2) != '01';
CREATE TABLE w AS
SELECT d.agency AS code, m.pk, m.id AS period,
  sum(d.end_kind = 'result_ready' AND d.end_at >= m.start AND d.end_at < m.until) AS resolved,
  sum(d.end_kind = 'result_ready' AND d.end_at >= m.start AND d.end_at < m.until AND d.steps) AS progress,
  sum(d.end_kind = 'result_ready' AND d.end_at >= m.start AND d.end_at < m.until
      AND date(d.end_at) <= date(d.due) AND d.end_at <= d.due) AS ontime0,
  sum(d.end_kind = 'result_ready' AND d.end_at >= m.start AND d.end_at < m.until AND d.stopped) AS res_stopped,
  sum(d.end_at IS NULL OR d.end_at >= m.until) AS pending,
  sum((d.end_at IS NULL OR d.end_at >= m.until) AND d.due < m.until) AS overdue0,
  sum((d.end_at IS NULL OR d.end_at >= m.until) AND d.stopped) AS pend_stopped,
  sum(d.rec >= m.start) AS new,
  sum(d.rec >= m.start AND d.channel = 'online') AS online
FROM d JOIN m ON d.rec < m.until AND (d.end_at IS NULL OR d.end_at >= m.start)
GROUP BY d.agency, m.pk, m.id;
CREATE TABLE apo AS
SELECT x.agency_code AS code, m.pk, m.id AS period, count(*) AS n
FROM b.events e JOIN b.dossiers x ON x.code = e.dossier_code JOIN m
  ON e.at >= m.start AND e.at < m.until
WHERE e.kind = 'apology' AND x.received_at < '$NOW' GROUP BY 1, 2, 3;
CREATE TABLE gix AS
SELECT entity_code AS code, period_kind AS pk, period, indicator, CAST(numerator AS INT) AS num,
  denominator AS den FROM ix WHERE entity_kind = 'agency' AND period_kind IN ('month', 'quarter', 'year');
EOF
g() { c "SELECT num || '/' || den FROM gix WHERE code = '$1' AND pk = '$2' AND period = '$3' AND indicator = '$4'"; }
rows=$(c "SELECT count(*) FROM w")
[ "$rows" -gt 500 ] || fail "only $rows agency-period rows recomputed"
# Every agency and period: the indicators SQL derives exactly.
bad=$(c "SELECT w.code || ' ' || w.pk || ' ' || w.period || ' ' || g.indicator FROM w
  JOIN gix g USING (code, pk, period)
  LEFT JOIN apo a USING (code, pk, period)
  LEFT JOIN tot t ON t.kind = 'agency' AND t.code = w.code AND t.pk = w.pk AND t.period = w.period
  WHERE (g.indicator = 'public_progress' AND g.num || '/' || g.den != w.progress || '/' || w.resolved)
     OR (g.indicator = 'online' AND g.num || '/' || g.den != w.online || '/' || w.new)
     OR (g.indicator = 'apology_slips' AND g.num != coalesce(a.n, 0))
     OR (g.indicator = 'satisfied' AND g.num || '/' || g.den != coalesce(t.satisfied, 0) || '/' || coalesce(t.ratings, 0))
  LIMIT 5")
[ -z "$bad" ] || fail "service-index rows differ from SQL: $bad"
# Published: every agency and period with dossiers to handle or ratings.
keys=$(c "SELECT count(*) FROM (SELECT code, pk, period FROM w UNION
  SELECT code, pk, period FROM tot WHERE kind = 'agency')")
[ "$(c "SELECT count(DISTINCT code || ' ' || pk || ' ' || period) FROM gix")" -eq "$keys" ] ||
	fail "published $(c "SELECT count(DISTINCT code || ' ' || pk || ' ' || period) FROM gix") agency-periods, SQL finds $keys"

# The two agencies without clock stops, two full quarters shown on their
# page: every indicator exactly, in the open data and on the page.
checked=0
for code in "$X1" "$X2"; do
	for per in 2025-q1 2025-q2; do
		[ "$(c "SELECT res_stopped + pend_stopped FROM w WHERE code = '$code' AND pk = 'quarter'
		  AND period = '$per'")" = 0 ] || fail "$code $per: clock stops left"
		exp_on=$(c "SELECT ontime0 || '/' || resolved FROM w WHERE code = '$code' AND pk = 'quarter' AND period = '$per'")
		exp_ov=$(c "SELECT overdue0 || '/' || pending FROM w WHERE code = '$code' AND pk = 'quarter' AND period = '$per'")
		case $exp_on in */0 | */1 | */2) fail "$code $per: too few resolved to compare ($exp_on)" ;; esac
		[ "$(g "$code" quarter "$per" ontime)" = "$exp_on" ] ||
			fail "$code $per: on time $(g "$code" quarter "$per" ontime), SQL $exp_on"
		[ "$(g "$code" quarter "$per" overdue_pending)" = "$exp_ov" ] ||
			fail "$code $per: overdue $(g "$code" quarter "$per" overdue_pending), SQL $exp_ov"
		# The page's row of that quarter: "(num/den)" of each share, the slips.
		page="$tmp/site/thong-ke/chi-so-766/$code.html"
		yq=${per%-q*} nq=${per#*-q}
		roman=$(echo "$nq" | sed 's/1/I/;s/2/II/;s/3/III/;s/4/IV/')
		rowhtml=$(tr -d '\n' <"$page" | sed 's/<tr>/\n<tr>/g' | grep -F "Quý $roman/$yq</th>" | head -1)
		[ -n "$rowhtml" ] || fail "$page: no row for $per"
		for ind in ontime overdue_pending online public_progress satisfied; do
			case $ind in
			ontime) v=$exp_on ;;
			overdue_pending) v=$exp_ov ;;
			online) v=$(c "SELECT online || '/' || new FROM w WHERE code = '$code' AND pk = 'quarter' AND period = '$per'") ;;
			public_progress) v=$(c "SELECT progress || '/' || resolved FROM w WHERE code = '$code' AND pk = 'quarter' AND period = '$per'") ;;
			satisfied) v=$(c "SELECT coalesce((SELECT satisfied || '/' || ratings FROM tot WHERE kind = 'agency'
			  AND code = '$code' AND pk = 'quarter' AND period = '$per'), '0/0')") ;;
			esac
			case $v in */0) continue ;; esac
			echo "$rowhtml" | grep -qF "($v)" || fail "$page, $per: no ($v) for $ind"
		done
		slips=$(c "SELECT coalesce((SELECT n FROM apo WHERE code = '$code' AND pk = 'quarter' AND period = '$per'), 0)")
		echo "$rowhtml" | grep -qF "<td>$slips</td>" || fail "$page, $per: no $slips slips"
		checked=$((checked + 1))
		echo "t0410: $code $per: on time $exp_on, overdue pending $exp_ov, apology slips $slips, on line $(c "SELECT online || '/' || new FROM w WHERE code = '$code' AND pk = 'quarter' AND period = '$per'") (page and CSV = SQL)"
	done
done

# ---- a dossier rated again counts once, by its new rating ---------------
d1=$(c "SELECT dossier_code FROM r WHERE agency != '$A' AND choice = 'unsatisfied' AND month = '2025-10' LIMIT 1")
[ -n "$d1" ] || fail "no unsatisfied rating in 2025-10"
ag=$(q "SELECT agency_code FROM dossiers WHERE code = '$d1'")
sat() { # sat CHOICE: the published count of agency $ag, 2025-10, and the ratings
	rm -f "$tmp/check2.db"
	tail -c +4 "$tmp/site/thong-ke/hai-long.csv" | tr -d '\r' >"$tmp/in2.csv"
	sqlite3 -bail "$tmp/check2.db" ".import --csv $tmp/in2.csv p" \
		"SELECT count || ' ' || ratings FROM p WHERE entity_kind = 'agency' AND entity_code = '$ag'
		   AND period_kind = 'month' AND period = '2025-10' AND choice = '$1'"
}
set -- $(sat unsatisfied) $(sat very_satisfied)
u0=$1 n0=$2 v0=$3
rat=$(q "SELECT rated_at FROM ratings_current WHERE dossier_code = '$d1'")
later=$(q "SELECT strftime('%Y-%m-%d %H:%M:%S', '$rat', '+1 minute')")
case $later in 2025-10-*) ;; *) fail "the new rating would leave October ($later)" ;; esac
printf 'id,dossier_code,question,choice,reason,rated_at,source,device\n%032x,%s,overall,very_satisfied,,%s,kiosk,k1\n' \
	999999 "$d1" "$later" >"$tmp/again.csv"
"$BUILD/trackdb" import "$db" ratings "$tmp/again.csv" >/dev/null || fail "second rating import"
publish
set -- $(sat unsatisfied) $(sat very_satisfied)
[ "$2" = "$n0" ] || fail "a second rating changed the number of ratings ($n0 -> $2)"
[ "$1" -eq $((u0 - 1)) ] || fail "the replaced rating still counts (unsatisfied $u0 -> $1)"
[ "$3" -eq $((v0 + 1)) ] || fail "the new rating does not count (very satisfied $v0 -> $3)"
echo "ok: satisfaction ($satrows rows) and the service index equal SQL; a new rating replaces the old one"
