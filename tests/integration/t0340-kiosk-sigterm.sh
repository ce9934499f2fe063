#!/bin/sh
# SIGTERM: kioskd stops accepting, finishes what is in flight and exits 0.
# Clients busy at that moment get complete 200 answers or, once the
# listener is closed, a refused connection (curl's 000): never a broken
# answer.
. tests/fixtures/kiosk/lib.sh
"$FIX/make-snapshot.sh" "$tmp/snap.db"
kiosk_start --snapshot "$tmp/snap.db"
urls=
i=0
while [ $i -lt 50 ]; do urls="$urls -o /dev/null $B/d/$TOKEN1"; i=$((i + 1)); done
for c in 1 2 3; do
	(
		n=0
		while [ $n -lt 40 ]; do
			# shellcheck disable=SC2086
			curl -s -w "%{http_code}\\n" $urls || true
			n=$((n + 1))
		done >"$tmp/load.$c"
	) &
	eval "load$c=\$!"
done
# Wait until the load is under way, then stop the daemon.
i=0
until [ "$(cat "$tmp"/load.* 2>/dev/null | wc -l)" -ge 100 ]; do
	i=$((i + 1)); [ $i -lt 200 ] || fail "load did not start"; sleep 0.05
done
kiosk_stop || fail "kioskd exited with status $? on SIGTERM"
# shellcheck disable=SC2154
wait "$load1" "$load2" "$load3"
grep -q 'stopping' "$tmp/kioskd.err" || fail "no stop message"
ok=$(cat "$tmp"/load.* | grep -c '^200$' || true)
broken=$(cat "$tmp"/load.* | grep -v '^200$' | grep -vc '^000$' || true)
[ "$ok" -ge 100 ] || fail "only $ok answers"
[ "$broken" -eq 0 ] || fail "$broken answers were neither 200 nor a refused connection"
echo "ok: SIGTERM drained ($ok answers, exit 0)"
