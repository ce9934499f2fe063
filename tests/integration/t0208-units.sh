#!/bin/sh
# The shipped systemd units of the publisher and the spool
# (deploy/tracking-*): systemd-analyze verifies them (with the programs and
# man pages where the units expect them, here the build's), their exposure
# is at most 1.0, and their command lines, run as written against a
# scratch tree, sync a dropped file, publish it and prune the journal.
. "$(dirname "$0")/publisher-lib.sh"
need systemd-analyze sqlite3
U=$ROOT/deploy

# The units with /usr/local/bin, /var/lib/tracking, /srv/tracking and
# /var/spool/tracking moved into $T.
mkdir -p "$T/units" "$T/bin" "$T/man/man1" "$T/var/lib/tracking" "$T/srv/tracking" "$T/var/spool/tracking"
ln -s "$P" "$T/bin/publisher"
ln -s "$TDB" "$T/bin/trackdb"
for m in "$ROOT"/man/*.1; do ln -s "$m" "$T/man/man1/"; done
for f in tracking-publisher.service tracking-publisher.timer tracking-sync.path tracking-sync.service; do
	[ -f "$U/$f" ] || fail "deploy/$f missing"
	sed -e "s|/usr/local/bin|$T/bin|g" -e "s|/var/lib/tracking|$T/var/lib/tracking|g" \
		-e "s|/srv/tracking|$T/srv/tracking|g" -e "s|/var/spool/tracking|$T/var/spool/tracking|g" \
		"$U/$f" > "$T/units/$f"
done
MANPATH=$T/man SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$T"/units/* > "$T/verify" 2>&1 ||
	{ cat "$T/verify" >&2; fail "systemd-analyze verify"; }
[ -s "$T/verify" ] && { cat "$T/verify" >&2; fail "systemd-analyze verify warned"; }
for s in tracking-publisher tracking-sync; do
	systemd-analyze security --offline=true --no-pager "$U/$s.service" > "$T/sec" 2>&1 ||
		{ cat "$T/sec" >&2; fail "security $s"; }
	x=$(sed -n "s/.*Overall exposure level for $s.service: \([0-9.]*\).*/\1/p" "$T/sec")
	python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 1.0 else 1)' "$x" || fail "$s exposure $x"
done
grep -q '^OnSuccess=tracking-publisher.service' "$U/tracking-sync.service" || fail "sync does not start the publisher"
grep -q '^OnUnitActiveSec=60s' "$U/tracking-publisher.timer" || fail "the timer is not every minute"
grep -q '^ReadOnlyPaths=/var/lib/tracking/tracking.db' "$U/tracking-publisher.service" ||
	fail "the publisher's unit does not mount the database read-only"

# The command lines as the units run them (continuation lines joined,
# ${TRACKING_BASE_URL} and ${TRACKING_STATS_EVERY} from the unit's defaults).
cmdline() { # cmdline UNIT KEY: the value of KEY=, continuation lines joined
	awk '{ if (sub(/\\$/, "")) { line = line $0 } else { print line $0; line = "" } }' "$T/units/$1" |
		sed -n "s/^$2=//p"
}
demo_db 50 "$T/var/lib/tracking/tracking.db"
A=000.00.07.H48
printf '[{"MaHoSo": "%s-251103-0001", "MaTTHC": "1.009994", "ChuHoSo": "Một", "NgayTiepNhan": "20251103080000", "NgayHenTra": "20251201080000", "TrangThaiHoSo": "2"}]\n' \
	"$A" > "$T/var/spool/tracking/.001.json"
mv "$T/var/spool/tracking/.001.json" "$T/var/spool/tracking/001.json"
TRACKING_BASE_URL=https://tracuu.example.invalid TRACKING_STATS_EVERY=10
export TRACKING_BASE_URL TRACKING_STATS_EVERY
eval "$(cmdline tracking-sync.service ExecStart)" > "$T/out" || fail "sync ExecStart: $(cat "$T/out")"
[ -e "$T/var/spool/tracking/done/001.json" ] || fail "the spool file is not in done/"
eval "$(cmdline tracking-publisher.service ExecStart) --now '$NOW'" > "$T/out" ||
	fail "publisher ExecStart: $(cat "$T/out")"
[ -f "$T/srv/tracking/site/index.html" ] || fail "no site"
[ "$(sqlite3 "$T/var/lib/tracking/kiosk.db" "SELECT count(*) FROM dossiers WHERE code = '$A-251103-0001'")" = 1 ] ||
	fail "the synced dossier is not in the snapshot"
eval "$(cmdline tracking-sync.service ExecStartPost)" > "$T/out" || fail "prune ExecStartPost: $(cat "$T/out")"
grep -q "journal entries pruned" "$T/out" || fail "prune: $(cat "$T/out")"
echo "ok: the units verify, are locked down and their commands sync, publish and prune"
