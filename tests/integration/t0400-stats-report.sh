#!/bin/sh
# t0400: the published report table (thong-ke/bao-cao.csv) equals the same
# table recomputed from the kiosk snapshot with plain SQL written here,
# independently of core/domain/stats.c; and every row reconciles.
#
# SQL derives exactly: carried over, new by channel, resolved, pending,
# rejected and withdrawn (from the events' instants).  The verdicts need the
# working-time due with clock stops added, which SQL cannot compute, so they
# are exact for dossiers without clock stops (due = the receipt's due_at) and
# bounded by the number of stopped dossiers otherwise.
set -eu
BUILD=${BUILD:-build}
LC_ALL=C
export LC_ALL
for prog in trackdb publisher; do
	if [ ! -x "$BUILD/$prog" ]; then
		echo "skip: $BUILD/$prog is not built"
		exit 77
	fi
done
command -v sqlite3 >/dev/null 2>&1 || { echo "skip: no sqlite3"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
NOW="2025-11-20 10:00"
fail() { echo "t0400: $*" >&2; exit 1; }

"$BUILD/trackdb" demo "$tmp/demo.db" --dossiers 3000 --seed 4242 --now "$NOW" >/dev/null
"$BUILD/publisher" --db "$tmp/demo.db" --out "$tmp/site" --snapshot "$tmp/kiosk.db" \
	--now "$NOW" --quiet >/dev/null
csv="$tmp/site/thong-ke/bao-cao.csv"
[ -s "$csv" ] || fail "no $csv"

# RFC 4180 with CRLF, UTF-8 with BOM.
[ "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' \n')" = efbbbf ] || fail "no BOM"
lines=$(wc -l <"$csv")
crs=$(tr -cd '\r' <"$csv" | wc -c)
[ "$lines" -eq "$crs" ] || fail "$lines lines but $crs CR"

cp "$tmp/kiosk.db" "$tmp/check.db"
tail -c +4 "$csv" | tr -d '\r' >"$tmp/report.csv"
sqlite3 -bail "$tmp/check.db" ".import --csv $tmp/report.csv pub"

sqlite3 -bail "$tmp/check.db" <<EOF
-- Each dossier: its end (first result, rejection or withdrawal before
-- now), whether its clock ever stopped.
CREATE TABLE d AS
SELECT x.code, x.agency_code AS agency, x.channel, x.received_at AS rec, x.due_at AS due,
       (SELECT e.at FROM events e WHERE e.dossier_code = x.code
          AND e.kind IN ('result_ready', 'rejected', 'withdrawn') ORDER BY e.seq LIMIT 1) AS end_at,
       (SELECT e.kind FROM events e WHERE e.dossier_code = x.code
          AND e.kind IN ('result_ready', 'rejected', 'withdrawn') ORDER BY e.seq LIMIT 1) AS end_kind,
       EXISTS (SELECT 1 FROM events e WHERE e.dossier_code = x.code
          AND e.kind IN ('supplement_request', 'pause')) AS stopped
FROM dossiers x WHERE x.received_at < '$NOW';
UPDATE d SET end_at = NULL, end_kind = NULL WHERE end_at >= '$NOW';

-- Months from the first dossier's to now's; each judged at min(end, now).
CREATE TABLE m AS
WITH RECURSIVE mm(s) AS (
  SELECT substr(min(rec), 1, 7) || '-01 00:00' FROM d
  UNION ALL
  SELECT strftime('%Y-%m-%d %H:%M', s, '+1 month') FROM mm
  WHERE strftime('%Y-%m-%d %H:%M', s, '+1 month') <= '$NOW')
SELECT substr(s, 1, 7) AS id, s AS start,
       min(strftime('%Y-%m-%d %H:%M', s, '+1 month'), '$NOW') AS until FROM mm;

CREATE TABLE want AS
SELECT d.agency AS code, m.id AS period,
  sum(d.rec < m.start) AS carried,
  sum(d.rec >= m.start AND d.channel = 'online') AS new_online,
  sum(d.rec >= m.start AND d.channel = 'counter') AS new_counter,
  sum(d.rec >= m.start AND d.channel = 'post') AS new_post,
  count(*) AS received_total,
  sum(d.end_kind = 'result_ready' AND d.end_at < m.until) AS resolved_total,
  sum(d.end_at IS NULL OR d.end_at >= m.until) AS pending_total,
  sum(d.end_kind = 'rejected' AND d.end_at < m.until) AS rejected,
  sum(d.end_kind = 'withdrawn' AND d.end_at < m.until) AS withdrawn,
  sum(NOT d.stopped AND d.end_kind = 'result_ready' AND d.end_at < m.until
      AND date(d.end_at) < date(d.due)) AS early0,
  sum(NOT d.stopped AND d.end_kind = 'result_ready' AND d.end_at < m.until
      AND date(d.end_at) = date(d.due) AND d.end_at <= d.due) AS on_time0,
  sum(NOT d.stopped AND d.end_kind = 'result_ready' AND d.end_at < m.until
      AND d.end_at > d.due) AS late0,
  sum(d.stopped AND d.end_kind = 'result_ready' AND d.end_at < m.until) AS resolved_stopped,
  sum(NOT d.stopped AND (d.end_at IS NULL OR d.end_at >= m.until) AND d.due >= m.until) AS within0,
  sum(NOT d.stopped AND (d.end_at IS NULL OR d.end_at >= m.until) AND d.due < m.until) AS overdue0,
  sum(d.stopped AND (d.end_at IS NULL OR d.end_at >= m.until)) AS pending_stopped
FROM d JOIN m ON d.rec < m.until AND (d.end_at IS NULL OR d.end_at >= m.start)
GROUP BY d.agency, m.id;

CREATE TABLE got AS
SELECT entity_code AS code, period, CAST(carried AS INT) AS carried,
  CAST(new_online AS INT) AS new_online, CAST(new_counter AS INT) AS new_counter,
  CAST(new_post AS INT) AS new_post, CAST(received_total AS INT) AS received_total,
  CAST(early AS INT) AS early, CAST(on_time AS INT) AS on_time, CAST(late AS INT) AS late,
  CAST(resolved_total AS INT) AS resolved_total, CAST(pending_within AS INT) AS pending_within,
  CAST(pending_overdue AS INT) AS pending_overdue, CAST(pending_total AS INT) AS pending_total,
  CAST(rejected AS INT) AS rejected, CAST(withdrawn AS INT) AS withdrawn
FROM pub WHERE entity_kind = 'agency' AND period_kind = 'month';
EOF

q() { sqlite3 -bail "$tmp/check.db" "$1"; }

n=$(q "SELECT count(*) FROM want")
[ "$n" -gt 100 ] || fail "only $n agency-month rows recomputed"
[ "$(q "SELECT count(*) FROM got")" -eq "$n" ] || fail "published $(q "SELECT count(*) FROM got") agency-month rows, SQL finds $n"

# The categories SQL derives exactly.
bad=$(q "SELECT w.code || ' ' || w.period FROM want w LEFT JOIN got g USING (code, period)
  WHERE g.code IS NULL OR g.carried != w.carried OR g.new_online != w.new_online
     OR g.new_counter != w.new_counter OR g.new_post != w.new_post
     OR g.received_total != w.received_total OR g.resolved_total != w.resolved_total
     OR g.pending_total != w.pending_total OR g.rejected != w.rejected
     OR g.withdrawn != w.withdrawn LIMIT 5")
[ -z "$bad" ] || fail "rows differ from SQL: $bad"

# Verdicts: exact without clock stops, within the stopped dossiers' count.
bad=$(q "SELECT w.code || ' ' || w.period FROM want w JOIN got g USING (code, period)
  WHERE g.early < w.early0 OR g.early > w.early0 + w.resolved_stopped
     OR g.on_time < w.on_time0 OR g.on_time > w.on_time0 + w.resolved_stopped
     OR g.late < w.late0 OR g.late > w.late0 + w.resolved_stopped
     OR g.pending_within < w.within0 OR g.pending_within > w.within0 + w.pending_stopped
     OR g.pending_overdue < w.overdue0 OR g.pending_overdue > w.overdue0 + w.pending_stopped
  LIMIT 5")
[ -z "$bad" ] || fail "verdicts outside SQL's bounds: $bad"
exact=$(q "SELECT count(*) FROM want w JOIN got g USING (code, period)
  WHERE w.resolved_stopped = 0 AND w.pending_stopped = 0")
bad=$(q "SELECT w.code || ' ' || w.period FROM want w JOIN got g USING (code, period)
  WHERE w.resolved_stopped = 0 AND w.pending_stopped = 0
    AND (g.early != w.early0 OR g.on_time != w.on_time0 OR g.late != w.late0
      OR g.pending_within != w.within0 OR g.pending_overdue != w.overdue0) LIMIT 5")
[ -z "$bad" ] || fail "verdicts differ on rows without clock stops: $bad"
[ "$exact" -gt 50 ] || fail "only $exact rows without clock stops to compare exactly"

# The identities, for every published row of every kind and period.
bad=$(q "SELECT entity_kind || ' ' || entity_code || ' ' || period FROM pub
  WHERE carried + new_online + new_counter + new_post != received_total
     OR received_total != resolved_total + pending_total + rejected + withdrawn
     OR early + on_time + late != resolved_total
     OR pending_within + pending_overdue != pending_total
     OR supp_at_end + 0 > pending_total + 0
     OR (resolved_total > 0 AND abs(ontime_rate_pct - round(100.0 * (early + on_time) / resolved_total, 1)) > 0.051)
     OR (resolved_total = 0 AND ontime_rate_pct != '') LIMIT 5")
[ -z "$bad" ] || fail "rows that do not reconcile: $bad"

# This period's pending is the next period's carried over (months,
# quarters, years, and the same reporting periods "chot-..." that run from
# the 15th to the 14th), for every entity; a missing next row means none.
bad=$(sqlite3 -bail "$tmp/check.db" <<'EOF'
WITH q AS (
  SELECT *, replace(period_kind, 'cutoff_', '') AS bk, replace(period, 'chot-', '') AS bp,
    CASE WHEN period LIKE 'chot-%' THEN 'chot-' ELSE '' END AS pre FROM pub),
p AS (
  SELECT entity_kind AS k, entity_code AS c, period_kind AS pk, period,
    CAST(pending_total AS INT) AS pend, CAST(carried AS INT) AS carr,
    pre || CASE bk
      WHEN 'month' THEN strftime('%Y-%m', bp || '-01', '+1 month')
      WHEN 'year' THEN CAST(bp + 1 AS TEXT)
      ELSE CASE substr(bp, 7, 1) WHEN '4' THEN (CAST(substr(bp, 1, 4) AS INT) + 1) || '-q1'
           ELSE substr(bp, 1, 6) || (CAST(substr(bp, 7, 1) AS INT) + 1) END
    END AS next
  FROM q),
last AS (SELECT pk, max(period) AS period FROM p GROUP BY pk)
SELECT a.k || ' ' || a.c || ' ' || a.period FROM p a
LEFT JOIN p b ON b.k = a.k AND b.c = a.c AND b.pk = a.pk AND b.period = a.next
WHERE a.period NOT IN (SELECT period FROM last WHERE last.pk = a.pk)
  AND coalesce(b.carr, 0) != a.pend
LIMIT 5;
EOF
)
[ -z "$bad" ] || fail "pending not carried into the next period: $bad"

# Roll-ups add up: the province is the sum of the agencies, of the levels,
# of the procedures and of the fields; a successor's roll-up is its own
# row plus its predecessors'.
bad=$(q "WITH s AS (SELECT entity_kind AS k, period_kind AS pk, period,
    sum(received_total) AS r, sum(resolved_total) AS v, sum(pending_total) AS p,
    sum(early) AS e, sum(late) AS l FROM pub GROUP BY 1, 2, 3)
  SELECT a.k || ' ' || a.period FROM s a JOIN s b ON b.k = 'province' AND b.pk = a.pk AND b.period = a.period
  WHERE a.k IN ('agency', 'level', 'procedure', 'field')
    AND (a.r != b.r OR a.v != b.v OR a.p != b.p OR a.e != b.e OR a.l != b.l) LIMIT 5")
[ -z "$bad" ] || fail "roll-ups do not add up to the province: $bad"
rollups=$(q "SELECT count(*) FROM pub WHERE entity_kind = 'rollup'")
[ "$rollups" -gt 0 ] || fail "no successor roll-up rows (the seed has merged agencies)"
deep=$(q "SELECT count(*) FROM agencies a JOIN agencies b ON b.code = a.successor_code
  WHERE b.successor_code IS NOT NULL")
[ "$deep" -eq 0 ] || fail "successor chains longer than one merger: extend this check"
bad=$(q "WITH own AS (
    SELECT coalesce(a.successor_code, a.code) AS s, p.period_kind AS pk, p.period,
      sum(p.received_total) AS r, sum(p.late) AS l, sum(p.pending_total) AS pe
    FROM pub p JOIN agencies a ON a.code = p.entity_code
    WHERE p.entity_kind = 'agency' AND (a.successor_code IS NOT NULL
      OR a.code IN (SELECT successor_code FROM agencies))
    GROUP BY 1, 2, 3)
  SELECT o.s || ' ' || o.period FROM own o
  LEFT JOIN pub r ON r.entity_kind = 'rollup' AND r.entity_code = o.s
    AND r.period_kind = o.pk AND r.period = o.period
  WHERE r.entity_code IS NULL OR r.received_total != o.r OR r.late != o.l
    OR r.pending_total != o.pe LIMIT 5")
[ -z "$bad" ] || fail "successor roll-ups differ from their agencies' sum: $bad"

# The official reporting periods run from the 15th 00:00 to the 15th 00:00
# (Decree 09/2019/NĐ-CP art. 12): reporting month 03 from 15/02.
bad=$(q "SELECT period || ' ' || period_start FROM pub WHERE period_kind LIKE 'cutoff_%'
  AND (substr(period_start, 9) != '15 00:00' OR (period_kind = 'cutoff_month'
    AND substr(period_end, 9) != '15 00:00' AND period_end != (SELECT max(period_end) FROM pub))
    OR (period_kind = 'cutoff_month' AND strftime('%Y-%m', period_start, '+1 month')
      != substr(period, 6, 7))) LIMIT 5")
[ -z "$bad" ] || fail "reporting periods not from the 15th to the 14th: $bad"
[ "$(q "SELECT count(*) FROM pub WHERE period_kind = 'cutoff_month'")" -gt 0 ] ||
	fail "no reporting-month rows"

# The form layout (bao-cao-mau.csv): received = resolved + open, resolved =
# early + on time + late, received = carried + new - withdrawn; the same
# rows as bao-cao.csv, with refusals among the resolved.
tail -c +4 "$tmp/site/thong-ke/bao-cao-mau.csv" | tr -d '\r' >"$tmp/form.csv"
sqlite3 -bail "$tmp/check.db" ".import --csv $tmp/form.csv form"
bad=$(q "SELECT period || ' ' || entity_kind || ' ' || entity_code FROM form
  WHERE form_received + 0 != form_resolved + pending_total
     OR form_resolved + 0 != form_early + form_on_time + form_late
     OR form_received + 0 != carried + new_online + new_counter + new_post - withdrawn LIMIT 5")
[ -z "$bad" ] || fail "form rows that do not balance: $bad"
bad=$(q "SELECT f.period || ' ' || f.entity_code FROM form f JOIN pub p USING (entity_kind,
    entity_code, period_kind, period)
  WHERE f.form_resolved + 0 != p.resolved_total + p.rejected
     OR f.form_received + 0 != p.received_total - p.withdrawn LIMIT 5")
[ -z "$bad" ] || fail "form rows differ from the report's: $bad"
[ "$(q "SELECT count(*) FROM form")" = "$(q "SELECT count(*) FROM pub")" ] ||
	fail "the form file has not the report's rows"

# Every period page and its downloads exist and link each other.
for per in $(q "SELECT DISTINCT period FROM pub"); do
	for ext in html csv json; do
		[ -s "$tmp/site/thong-ke/ky/$per.$ext" ] || fail "missing thong-ke/ky/$per.$ext"
	done
	grep -q "href=\"$per.csv\"" "$tmp/site/thong-ke/ky/$per.html" || fail "$per.html does not link its CSV"
done
echo "t0400: $n agency-month rows equal SQL ($exact with exact verdicts), $rollups roll-up rows, identities hold"
