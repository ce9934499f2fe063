#!/bin/sh
# /healthz says what the data is and what kioskd knows for itself: the
# publisher keeps an unchanged snapshot file as it is, so meta.generated_at
# is the time of the last data change (data_as_of, data_age_seconds), not
# of the last publisher run; kioskd adds the generation it serves, when it
# loaded it and when it last looked at the file.  The older keys
# (generated_at, age_seconds) stay.  /metrics has the matching gauges.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/a.db" "2025-03-12 08:00"
"$FIX/make-snapshot.sh" "$tmp/b.db" "2025-03-12 09:00"
cp "$tmp/a.db" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"

curl -s -D "$tmp/h" -o "$tmp/hz.json" "$B/healthz"
grep -q '^HTTP/1.1 200' "$tmp/h" || fail "healthz: $(head -1 "$tmp/h")"
grep -qi '^Content-Type: application/json' "$tmp/h" || fail "healthz is not JSON"
grep -qi '^Cache-Control: no-store' "$tmp/h" || fail "healthz is cacheable"
check() { # FILE GENERATION DATA_AS_OF
	python3 - "$@" <<'PY'
import json, sys, time
j = json.load(open(sys.argv[1]))
s = j["snapshot"]
for k in ("generation", "data_as_of", "data_age_seconds", "generated_at", "age_seconds",
          "dossiers", "loaded_at", "loaded_age_seconds"):
    assert k in s, "snapshot." + k
for k in ("status", "checked_at", "reloads", "reload_failures", "last_error"):
    assert k in j, k
assert j["status"] == "ok", j
assert s["generation"] == int(sys.argv[2]), s
assert s["data_as_of"] == s["generated_at"] == sys.argv[3], s
assert s["data_age_seconds"] == s["age_seconds"] and s["data_age_seconds"] > 0, s
assert s["dossiers"] == 5, s
now = time.time()
assert 0 < s["loaded_at"] <= now + 1 and s["loaded_age_seconds"] >= 0, s
assert s["loaded_at"] <= j["checked_at"] <= now + 1, j
assert j["last_error"] is None, j
PY
}
check "$tmp/hz.json" 1 "2025-03-12 08:00" || fail "healthz: $(cat "$tmp/hz.json")"
checked=$(sed -n 's/.*"checked_at":\([0-9]*\).*/\1/p' "$tmp/hz.json")

# A new file: a new generation with its own data_as_of; kioskd keeps looking.
cp "$tmp/b.db" "$tmp/snap.db.new" && mv "$tmp/snap.db.new" "$tmp/snap.db"
i=0
until curl -s "$B/healthz" | grep -q '"data_as_of":"2025-03-12 09:00"'; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "healthz does not show the new snapshot"; sleep 0.1
done
i=0
until [ "$(curl -s "$B/healthz" | sed -n 's/.*"checked_at":\([0-9]*\).*/\1/p')" -gt "$checked" ]; do
	i=$((i + 1)); [ $i -lt 100 ] || fail "checked_at does not advance"; sleep 0.1
done
curl -s "$B/healthz" >"$tmp/hz2.json"
check "$tmp/hz2.json" 2 "2025-03-12 09:00" || fail "healthz after a swap: $(cat "$tmp/hz2.json")"

curl -s "$B/metrics" >"$tmp/m"
grep -q '^kioskd_snapshot_generation 2$' "$tmp/m" || fail "metrics: no snapshot generation"
grep -q '^kioskd_snapshot_loaded_timestamp_seconds [1-9]' "$tmp/m" || fail "metrics: no loaded time"
grep -q '^kioskd_board_computations_total 0$' "$tmp/m" || fail "metrics: board computed unasked"
kiosk_stop || fail "kioskd exit status $?"
echo "ok: healthz (data_as_of, generation, loaded_at, checked_at)"
