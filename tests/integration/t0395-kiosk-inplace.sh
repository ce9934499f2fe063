#!/bin/sh
# The unsafe ways of delivering a snapshot are harmless: while four curl
# loops fetch a dossier over keep-alive connections, the file in service is
# overwritten in place (cp, as curl -o and rsync --inplace do), truncated,
# and half-written; no request fails.  /healthz says degraded while a bad
# file sits at the path and ok again once a good one is there.  Then the
# data age: with no news of the data for --stale-after, /healthz, /metrics
# and /api/config (which the kiosk page shows) say how old it is.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
cp "$tmp/a.db" "$tmp/snap.db"
# No page cache: every request reads the snapshot.
kiosk_start --snapshot "$tmp/snap.db" --stale-after 3600 --page-cache-mb 0

urls=
i=0
while [ $i -lt 50 ]; do urls="$urls -o /dev/null $B/d/Tk/$TOKEN1.html"; i=$((i + 1)); done
for c in 1 2 3 4; do
	(
		while [ ! -e "$tmp/stop" ]; do
			# shellcheck disable=SC2086
			curl -s -w "%{http_code}\\n" $urls
		done >"$tmp/load.$c"
	) &
	eval "load$c=\$!"
done
sleep 0.3

# wait_health PATTERN WHAT: until /healthz matches (10 s at most).
wait_health() {
	i=0
	until curl -s "$B/healthz" | grep -q "$1"; do
		i=$((i + 1)); [ $i -lt 100 ] || { curl -s "$B/healthz"; fail "$2"; }; sleep 0.1
	done
}

# In place, whole: the same inode gets new bytes (cp opens with O_TRUNC).
i=0
while [ $i -lt 20 ]; do
	if [ $((i % 2)) -eq 0 ]; then cp "$tmp/b.db" "$tmp/snap.db"; else cp "$tmp/a.db" "$tmp/snap.db"; fi
	sleep 0.1
	i=$((i + 1))
done
wait_health '"generated_at":"2025-03-12 08:00"' "the last file copied in place not taken"
# Truncated in place: refused, degraded, the copy in service answers.
: >"$tmp/snap.db"
wait_health '"status":"degraded"' "an empty file at the path is not reported"
expect 200 "$(status "$B/d/$TOKEN1")" "a dossier while the file is empty"
# Half a file in place (a transfer cut short), then a stray write into it.
head -c 20000 "$tmp/b.db" >"$tmp/snap.db"
wait_health '"status":"degraded"' "half a file is not reported"
printf 'garbage' | dd of="$tmp/snap.db" bs=1 seek=4096 conv=notrunc 2>/dev/null
sleep 0.5
expect 200 "$(status "$B/d/$TOKEN1")" "a dossier while half a file is at the path"
# Whole again: taken, ok.
cp "$tmp/b.db" "$tmp/snap.db"
wait_health '"status":"ok".*"generated_at":"2025-03-12 09:00"' "a good file after bad ones not taken"
touch "$tmp/stop"
# shellcheck disable=SC2154
wait "$load1" "$load2" "$load3" "$load4"
total=$(cat "$tmp"/load.* | wc -l)
failed=$(cat "$tmp"/load.* | grep -vc '^200$' || true)
[ "$total" -ge 200 ] || fail "only $total requests under load"
[ "$failed" -eq 0 ] || fail "$failed of $total requests failed while the file was written in place"
curl -s "$B/healthz" | grep -q '"last_error":null' || fail "error not cleared"
kiosk_stop || fail "kioskd exit status $?"

# Data age.  FILE.checked (kiosk-fetch touches it on every answer of the
# distribution point) says when the data was last known current.
touch -d '2 hours ago' "$tmp/snap.db" "$tmp/snap.db.checked"
kiosk_start --snapshot "$tmp/snap.db" --stale-after 600
curl -s "$B/healthz" >"$tmp/hz"
grep -q '"status":"degraded"' "$tmp/hz" || fail "stale data: healthz not degraded: $(cat "$tmp/hz")"
grep -q '"stale":true' "$tmp/hz" || fail "stale data: healthz does not say stale"
age=$(sed -n 's/.*"verified_age_seconds":\([0-9]*\).*/\1/p' "$tmp/hz")
[ "$age" -ge 7100 ] && [ "$age" -le 7300 ] || fail "verified age $age, expected about 7200"
curl -s "$B/metrics" >"$tmp/m"
grep -q '^kioskd_snapshot_stale 1$' "$tmp/m" || fail "metrics: not stale"
grep -q '^kioskd_degraded 1$' "$tmp/m" || fail "metrics: not degraded"
grep -q '^kioskd_snapshot_verified_age_seconds 7[0-9][0-9][0-9]$' "$tmp/m" || fail "metrics: age"
curl -s "$B/api/config" | grep -q '"stale":true,"verified_at":[1-9]' || fail "api/config: not stale"
# A fetch answered (touch): current again within a second or two.
touch "$tmp/snap.db.checked"
wait_health '"status":"ok","stale":false' "a fresh stamp does not clear the data age"
curl -s "$B/api/config" | grep -q '"stale":false' || fail "api/config still stale"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: $total requests, 0 failed, over 20 copies in place, truncation and half files; data age"
