#!/bin/sh
# gen-processes.sh - expand the hand-written ISO process templates into
# processes.csv and steps.csv (formats: data/CSV.md).
#
# Usage: sh data/seed/gen-processes.sh [SEED_DIR]
#
# Inputs, all in SEED_DIR (default: the directory of this script):
#   agencies.csv, procedures.csv      the seed data the processes refer to
#   process-templates.csv             procedure_code,doc_code,step_no,name,name_en,unit,allowance_hours
#                                     one template (version 1) per document code
#   process-performers.csv            doc_code,agencies,effective_from,effective_to
#                                     who publishes version 1 of each document, and when
#   process-reissues.csv              doc_code,version,agencies,effective_from,step_no,name,name_en,unit,allowance_hours
#                                     later versions (a changed law makes agencies re-issue);
#                                     the previous version ends the day before
#
# The agencies column holds space-separated selectors: an agency code, or
# KT-COMMUNE / KT-DISTRICT (Kon Tum's commune / district People's
# Committees, code ending H34), QN-COMMUNE (Quang Ngai's communes, H48).
#
# Every process's steps must add up to the procedure's limit_days x 8
# working hours; the script fails (exit 1, no output written) otherwise.
# POSIX sh and awk only; output is deterministic.

set -eu

dir=${1:-$(dirname "$0")}
for f in agencies.csv procedures.csv process-templates.csv \
	process-performers.csv process-reissues.csv; do
	if [ ! -r "$dir/$f" ]; then
		echo "gen-processes: $dir/$f: cannot read" >&2
		exit 1
	fi
done

tmp_p="$dir/.processes.csv.tmp.$$"
tmp_s="$dir/.steps.csv.tmp.$$"
trap 'rm -f "$tmp_p" "$tmp_s"' EXIT INT TERM

LC_ALL=C awk -v dir="$dir" -v outp="$tmp_p" -v outs="$tmp_s" '
# parse: split one RFC 4180 line (no embedded newlines) into f[1..n].
function parse(line, f,    n, i, c, fld, inq) {
	n = 0; fld = ""; inq = 0
	sub(/\r$/, "", line)
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (inq) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { fld = fld "\""; i++ }
				else inq = 0
			} else fld = fld c
		} else if (c == "\"") inq = 1
		else if (c == ",") { f[++n] = fld; fld = "" }
		else fld = fld c
	}
	if (inq) die("unterminated quote: " line)
	f[++n] = fld
	return n
}
# q: quote a field for output when it holds a comma or a quote.
function q(s) {
	if (s ~ /[",]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
	return s
}
function die(msg) { print "gen-processes: " msg > "/dev/stderr"; failed = 1; exit 1 }
# Days since 1970-01-01 for YYYY-MM-DD, and back (proleptic Gregorian).
function dnum(s,    y, m, d, era, yoe, doy, doe) {
	y = substr(s, 1, 4) + 0; m = substr(s, 6, 2) + 0; d = substr(s, 9, 2) + 0
	if (m <= 2) y--
	era = int(y / 400); yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
	return era * 146097 + doe - 719468
}
function dstr(z,    era, doe, yoe, y, doy, mp, d, m) {
	z += 719468; era = int(z / 146097); doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
	m = mp + (mp < 10 ? 3 : -9)
	return sprintf("%04d-%02d-%02d", y + (m <= 2), m, d)
}
function readfile(name, ncol,    path, line, n, nr) {
	path = dir "/" name; nr = 0; nrows = 0
	while ((getline line < path) > 0) {
		nr++
		if (nr == 1) continue
		if (line == "") continue
		n = parse(line, F)
		if (n != ncol) die(path ":" nr ": " n " fields, expected " ncol)
		nrows++
		for (i = 1; i <= n; i++) R[nrows, i] = F[i]
		RL[nrows] = nr
	}
	close(path)
	return nrows
}
# expand: selectors -> list L[1..k] of agency codes (in agencies.csv order).
function expand(sel,    k, t, nt, T, i, a) {
	k = 0; nt = split(sel, T, " ")
	for (t = 1; t <= nt; t++) {
		if (T[t] == "KT-COMMUNE" || T[t] == "KT-DISTRICT" || T[t] == "QN-COMMUNE") {
			for (i = 1; i <= nag; i++) {
				a = ag[i]
				if ((T[t] == "KT-COMMUNE" && lvl[a] == "commune" && a ~ /H34$/) ||
				    (T[t] == "KT-DISTRICT" && lvl[a] == "district" && a ~ /H34$/) ||
				    (T[t] == "QN-COMMUNE" && lvl[a] == "commune" && a ~ /H48$/))
					L[++k] = a
			}
		} else {
			if (!(T[t] in aidx)) die("unknown agency or selector: " T[t])
			L[++k] = T[t]
		}
	}
	return k
}
BEGIN {
	n = readfile("agencies.csv", 17)
	for (r = 1; r <= n; r++) { ag[++nag] = R[r, 1]; aidx[R[r, 1]] = nag; lvl[R[r, 1]] = R[r, 4] }
	n = readfile("procedures.csv", 10)
	for (r = 1; r <= n; r++) lim[R[r, 1]] = R[r, 6] + 0
	# templates: version 1 of each document
	n = readfile("process-templates.csv", 7)
	for (r = 1; r <= n; r++) {
		d = R[r, 2]
		if (!(R[r, 1] in lim)) die("process-templates.csv:" RL[r] ": unknown procedure " R[r, 1])
		if (!(d in tproc)) { tproc[d] = R[r, 1]; dord[++ndoc] = d }
		else if (tproc[d] != R[r, 1]) die("process-templates.csv:" RL[r] ": " d " names two procedures")
		s = ++ns[d, 1]
		if (R[r, 3] + 0 != s) die("process-templates.csv:" RL[r] ": step " R[r, 3] ", expected " s)
		sn[d, 1, s] = R[r, 4]; se[d, 1, s] = R[r, 5]; su[d, 1, s] = R[r, 6]; sh[d, 1, s] = R[r, 7]
	}
	# performers: version 1 per agency
	n = readfile("process-performers.csv", 4)
	for (r = 1; r <= n; r++) {
		d = R[r, 1]
		if (!(d in tproc)) die("process-performers.csv:" RL[r] ": no template for " d)
		k = expand(R[r, 2])
		for (i = 1; i <= k; i++) {
			if ((L[i], d, 1) in pfrom) die("process-performers.csv:" RL[r] ": " L[i] " " d " twice")
			pfrom[L[i], d, 1] = R[r, 3]; pto[L[i], d, 1] = R[r, 4]; has[L[i], d] = 1
			if (maxv[d] < 1) maxv[d] = 1
		}
	}
	# re-issues: group rows by (doc, version, selectors, effective_from)
	n = readfile("process-reissues.csv", 9)
	for (r = 1; r <= n; r++) {
		g = R[r, 1] SUBSEP R[r, 2] SUBSEP R[r, 3] SUBSEP R[r, 4]
		if (!(g in gsteps)) { gord[++ng] = g; gsteps[g] = 0 }
		s = ++gsteps[g]
		if (R[r, 5] + 0 != s) die("process-reissues.csv:" RL[r] ": step " R[r, 5] ", expected " s)
		gn[g, s] = R[r, 6]; ge[g, s] = R[r, 7]; gu[g, s] = R[r, 8]; gh[g, s] = R[r, 9]
	}
	for (j = 1; j <= ng; j++) {
		split(gord[j], G, SUBSEP); d = G[1]; v = G[2] + 0; from = G[4]
		if (!(d in tproc)) die("process-reissues.csv: no template for " d)
		if (!((d, v) in ns)) {
			ns[d, v] = gsteps[gord[j]]
			for (s = 1; s <= ns[d, v]; s++) {
				sn[d, v, s] = gn[gord[j], s]; se[d, v, s] = ge[gord[j], s]
				su[d, v, s] = gu[gord[j], s]; sh[d, v, s] = gh[gord[j], s]
			}
		}
		k = expand(G[3])
		for (i = 1; i <= k; i++) {
			a = L[i]
			if (!((a, d, v - 1) in pfrom)) die(a " " d ": version " v " without version " v - 1)
			old = pto[a, d, v - 1]
			if (from <= pfrom[a, d, v - 1] || (old != "" && from > old)) die(a " " d " v" v ": " from " outside the previous version")
			pto[a, d, v - 1] = dstr(dnum(from) - 1)
			pfrom[a, d, v] = from; pto[a, d, v] = old
			if (maxv[d] < v) maxv[d] = v
		}
	}
	# check every step list against the statutory limit
	for (x = 1; x <= ndoc; x++) {
		d = dord[x]
		for (v = 1; v <= maxv[d]; v++) {
			if (!((d, v) in ns)) continue
			t = 0
			for (s = 1; s <= ns[d, v]; s++) t += sh[d, v, s]
			if (t - lim[tproc[d]] * 8 > 1e-6 || lim[tproc[d]] * 8 - t > 1e-6)
				die(d " v" v ": steps add up to " t " h, limit is " lim[tproc[d]] * 8 " h")
		}
	}
	print "agency_code,doc_code,version,procedure_code,effective_from,effective_to" > outp
	print "agency_code,doc_code,version,step_no,name,name_en,unit,allowance_hours" > outs
	for (i = 1; i <= nag; i++) {
		a = ag[i]
		for (x = 1; x <= ndoc; x++) {
			d = dord[x]
			if (!((a, d) in has)) continue
			for (v = 1; v <= maxv[d]; v++) {
				if (!((a, d, v) in pfrom)) continue
				print a "," d "," v "," tproc[d] "," pfrom[a, d, v] "," pto[a, d, v] > outp
				np++
				for (s = 1; s <= ns[d, v]; s++) {
					print a "," d "," v "," s "," q(sn[d, v, s]) "," q(se[d, v, s]) "," q(su[d, v, s]) "," sh[d, v, s] > outs
					nst++
				}
			}
		}
	}
	close(outp); close(outs)
	printf "gen-processes: %d processes, %d steps\n", np, nst > "/dev/stderr"
}
END { if (failed) exit 1 }
'
mv "$tmp_p" "$dir/processes.csv"
mv "$tmp_s" "$dir/steps.csv"
