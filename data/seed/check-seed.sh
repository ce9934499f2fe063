#!/bin/sh
# check-seed.sh - load data/seed/*.csv into a scratch database built from
# data/schema.sql and check what the schema alone cannot: column counts,
# references, step sums, the 125 Kon Tum units, calendar coverage.
#
# Usage: sh data/seed/check-seed.sh [SEED_DIR] [SCHEMA]
# Needs: sqlite3 (CLI), awk.  Exit 0 when every check passes.

set -eu

dir=${1:-$(dirname "$0")}
schema=${2:-$dir/../schema.sql}
db=$(mktemp /tmp/check-seed.XXXXXX)
trap 'rm -f "$db"' EXIT INT TERM
fail=0

# 1. Every row of every CSV has as many fields as its header (RFC 4180,
#    no embedded newlines in seed data).
for f in office_hours calendar fields agencies procedures processes steps procedure_documents; do
	LC_ALL=C awk -v file="$dir/$f.csv" '
	function count(line,    i, c, n, inq) {
		n = 1; inq = 0; sub(/\r$/, "", line)
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (c == "\"") inq = !inq
			else if (c == "," && !inq) n++
		}
		return inq ? -1 : n
	}
	NR == 1 { want = count($0); next }
	{ n = count($0); if (n != want) { printf "%s:%d: %d fields, header has %d\n", file, NR, n, want; bad = 1 } }
	END { exit bad }' "$dir/$f.csv" || fail=1
done

# 2. Load through text staging tables (empty field = NULL), with the
#    schema's foreign keys and CHECK constraints on.
{
	cat "$schema"
	for t in calendar:day,kind,name,name_en,provisional,source \
		fields:code,name,name_en \
		agencies:code,name,name_en,level,parent_code,valid_from,valid_to,successor_code,iso_standard,iso_mode,iso_plan,iso_target,iso_announced,eiso_target,eiso_date,last_audit,last_review \
		procedures:code,name,name_en,field_code,level,limit_days,fee_vnd,fee_note,legal_basis,legal_changed \
		processes:agency_code,doc_code,version,procedure_code,effective_from,effective_to \
		steps:agency_code,doc_code,version,step_no,name,name_en,unit,allowance_hours \
		procedure_documents:procedure_code,seq,name,name_en,originals,copies,note,note_en \
		office_hours:session,opens,closes; do
		name=${t%%:*}; cols=${t#*:}
		echo "CREATE TABLE s_$name ($cols);"
		echo ".import --csv --skip 1 $dir/$name.csv s_$name"
	done
	cat <<'EOF'
PRAGMA foreign_keys = ON;
DELETE FROM office_hours;
INSERT INTO office_hours SELECT session, opens, closes FROM s_office_hours;
INSERT INTO calendar SELECT day, kind, name, NULLIF(name_en,''), provisional, NULLIF(source,'') FROM s_calendar;
INSERT INTO fields SELECT code, name, NULLIF(name_en,'') FROM s_fields;
PRAGMA defer_foreign_keys = ON;
BEGIN;
INSERT INTO agencies (code, name, name_en, level, parent_code, valid_from, valid_to, successor_code,
  iso_standard, iso_mode, iso_plan, iso_target, iso_announced, eiso_target, eiso_date, last_audit,
  last_review) SELECT code, name, NULLIF(name_en,''), level, NULLIF(parent_code,''), NULLIF(valid_from,''),
  NULLIF(valid_to,''), NULLIF(successor_code,''), NULLIF(iso_standard,''), NULLIF(iso_mode,''), NULLIF(iso_plan,''),
  NULLIF(iso_target,''), NULLIF(iso_announced,''), NULLIF(eiso_target,''), NULLIF(eiso_date,''),
  NULLIF(last_audit,''), NULLIF(last_review,'') FROM s_agencies;
COMMIT;
INSERT INTO procedures SELECT code, name, NULLIF(name_en,''), field_code, level, CAST(limit_days AS REAL),
  CAST(NULLIF(fee_vnd,'') AS INTEGER), NULLIF(fee_note,''), NULLIF(legal_basis,''), NULLIF(legal_changed,'') FROM s_procedures;
INSERT INTO processes (doc_code, version, agency_code, procedure_code, effective_from, effective_to)
  SELECT doc_code, CAST(version AS INTEGER), agency_code, procedure_code, effective_from, NULLIF(effective_to,'') FROM s_processes;
INSERT INTO steps SELECT p.id, CAST(s.step_no AS INTEGER), s.name, NULLIF(s.name_en,''), s.unit, CAST(s.allowance_hours AS REAL)
  FROM s_steps s JOIN processes p ON p.agency_code = s.agency_code AND p.doc_code = s.doc_code AND p.version = CAST(s.version AS INTEGER);
INSERT INTO procedure_documents SELECT procedure_code, CAST(seq AS INTEGER), name, NULLIF(name_en,''),
  CAST(originals AS INTEGER), CAST(copies AS INTEGER), NULLIF(note,''), NULLIF(note_en,'') FROM s_procedure_documents;
EOF
} > "$db.sql"
if ! sqlite3 -bail "$db" < "$db.sql"; then
	echo "check-seed: loading failed" >&2
	rm -f "$db.sql"
	exit 1
fi
rm -f "$db.sql"

# 3. Checks that print offending rows; any output is a failure.
problems=$(sqlite3 "$db" <<'EOF'
PRAGMA foreign_key_check;
SELECT 'rows lost: steps', (SELECT count(*) FROM s_steps) - (SELECT count(*) FROM steps) WHERE (SELECT count(*) FROM s_steps) != (SELECT count(*) FROM steps);
SELECT 'steps not 1..n', process_id FROM steps GROUP BY process_id HAVING min(step_no) != 1 OR max(step_no) != count(*);
SELECT 'process without steps', id FROM processes WHERE id NOT IN (SELECT process_id FROM steps);
SELECT 'steps sum', p.agency_code, p.doc_code, p.version, sum(s.allowance_hours), r.limit_days * 8
  FROM processes p JOIN steps s ON s.process_id = p.id JOIN procedures r ON r.code = p.procedure_code
  GROUP BY p.id HAVING abs(sum(s.allowance_hours) - r.limit_days * 8) > 1e-9;
SELECT 'allowance not a multiple of 0.25 h', process_id, step_no FROM steps WHERE allowance_hours * 4 != CAST(allowance_hours * 4 AS INTEGER);
SELECT 'process outside agency validity', p.agency_code, p.doc_code, p.version FROM processes p JOIN agencies a ON a.code = p.agency_code
  WHERE (a.valid_from IS NOT NULL AND p.effective_from < a.valid_from) OR (a.valid_to IS NOT NULL AND (p.effective_to IS NULL OR p.effective_to > a.valid_to));
SELECT 'overlapping versions', a.agency_code, a.doc_code, a.version, b.version FROM processes a JOIN processes b
  ON a.agency_code = b.agency_code AND a.doc_code = b.doc_code AND a.version < b.version
  WHERE b.effective_from <= coalesce(a.effective_to, '9999-12-31') AND a.effective_from <= coalesce(b.effective_to, '9999-12-31');
SELECT 'old agency without successor', code FROM agencies WHERE valid_to IS NOT NULL AND successor_code IS NULL;
SELECT 'successor not valid the day after', a.code FROM agencies a JOIN agencies s ON s.code = a.successor_code
  WHERE a.valid_to IS NOT NULL AND s.valid_from IS NOT NULL AND s.valid_from != date(a.valid_to, '+1 day');
SELECT 'calendar: weekday listed as working or weekend as off', day, kind FROM calendar
  WHERE (kind = 'working') != (strftime('%w', day) IN ('0', '6'));
SELECT 'calendar: no rows for year', y FROM (WITH RECURSIVE n(y) AS (SELECT 2019 UNION ALL SELECT y + 1 FROM n WHERE y < 2027) SELECT y FROM n)
  WHERE NOT EXISTS (SELECT 1 FROM calendar WHERE substr(day, 1, 4) = CAST(y AS TEXT));
SELECT 'Kon Tum units', count(*) FROM agencies WHERE code GLOB '*H34' AND level != 'province' HAVING count(*) != 125;
SELECT 'Kon Tum commune units', count(*) FROM agencies WHERE code GLOB '*H34' AND level = 'commune' HAVING count(*) != 80;
SELECT 'procedures < 30', count(*) FROM procedures HAVING count(*) < 30;
SELECT 'fields used < 8', count(DISTINCT field_code) FROM procedures HAVING count(DISTINCT field_code) < 8;
SELECT 'procedure without process', code FROM procedures WHERE code NOT IN (SELECT procedure_code FROM processes);
EOF
)
if [ -n "$problems" ]; then
	printf '%s\n' "$problems"
	fail=1
fi

# 4. Counts, for the record.
sqlite3 "$db" <<'EOF'
SELECT 'calendar rows ' || count(*) || ' (' || min(day) || ' .. ' || max(day) || '), provisional ' || sum(provisional) FROM calendar;
SELECT 'fields ' || count(*) || ', used ' || (SELECT count(DISTINCT field_code) FROM procedures) FROM fields;
SELECT 'procedures ' || sum(n) || ' (' || group_concat(level || ' ' || n, ', ') || ')' FROM (SELECT level, count(*) n FROM procedures GROUP BY level);
SELECT 'agencies ' || count(*) FROM agencies;
SELECT '  ' || CASE WHEN code GLOB '*H34' THEN 'Kon Tum' ELSE 'Quang Ngai' END || ' ' || level || ': ' || count(*)
  FROM agencies GROUP BY code GLOB '*H34', level ORDER BY 1;
SELECT 'processes ' || count(*) || ', re-issued versions ' || sum(version > 1) FROM processes;
SELECT 'steps ' || count(*) FROM steps;
EOF
if [ "$fail" -ne 0 ]; then
	echo "check-seed: FAILED" >&2
	exit 1
fi
echo "check-seed: all checks passed"
