#!/bin/sh
# Kill -9 the publisher at random moments of full runs and find SITE whole
# every time: every HTML file complete, every link of the home, agency and
# procedure pages resolving; then a last run completes.
. "$(dirname "$0")/publisher-lib.sh"
need sqlite3 python3

demo_db 3000 "$T/a.sqlite"
cp "$T/a.sqlite" "$T/b.sqlite"
# B differs in every procedure name, so a run switching between A and B
# rewrites every page.
sqlite3 "$T/b.sqlite" "UPDATE procedures SET name = name || ' (sửa đổi)'" || fail "fixture"
# exec: started with &, $! is then the publisher itself, so kill -9 ends
# it and not only the subshell around it (which left it running).
run_pub() {
	exec "$P" --db "$1" --out "$T/site" --snapshot "$T/kiosk.db" --key-file "$T/pub.key" \
		--receipts "$T/rcpt" --base-url http://example.invalid --now "$NOW" --quiet --full
}
pub() {
	(run_pub "$@")
}
check_site() {
	python3 - "$T/site" <<'PY' || fail "SITE inconsistent after kill $1"
import os, re, sys
root = sys.argv[1]
bad = []
for d, _, files in os.walk(root):
    for n in files:
        p = os.path.join(d, n)
        if n.startswith('.'):
            continue  # a temporary file: nginx denies dotfiles
        if n.endswith('.html'):
            with open(p, 'rb') as f:
                b = f.read()
            if not b.endswith(b'</html>\n'):
                bad.append('incomplete ' + p)
            rel = os.path.relpath(p, root)
            if rel.startswith('d/'):
                continue
            for href in re.findall(rb'href="([^"#]+)"', b):
                h = href.decode()
                if '://' in h:
                    continue
                if not os.path.exists(os.path.normpath(os.path.join(d, h))):
                    bad.append('%s -> %s' % (rel, h))
if not os.path.exists(os.path.join(root, 'index.html')):
    bad.append('no index.html')
if bad:
    print('\n'.join(bad[:10]), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
# A first run (no SITE/d yet) writes its dossier pages into a folder that
# nginx does not serve and renames it to d/ at the end of the pass: killed
# midway, d/ is absent or whole, and the next run starts that folder over.
run_first() {
	exec "$P" --db "$T/a.sqlite" --out "$T/first" --snapshot "$T/first.db" \
		--key-file "$T/pub.key" --base-url http://example.invalid --now "$NOW" --quiet
}
(run_first) > /dev/null 2>&1 &
pid=$!
i=0
while [ ! -d "$T/first/.d-new/AA" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
sleep 0.1
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ -d "$T/first/d" ]; then
	find "$T/first/d" -name '*.html' | while read -r f; do
		tail -c 8 "$f" | grep -q '</html>' || echo "$f"
	done > "$T/half"
	[ -s "$T/half" ] && fail "a killed first run left half pages in d/: $(head -3 "$T/half")"
fi
(run_first) > /dev/null 2>&1 || fail "first run after a killed one"
[ -d "$T/first/d" ] || fail "no d/ after a complete first run"
[ -z "$(find "$T/first" -name '.*')" ] || fail "a complete first run left $(find "$T/first" -name '.*' | head -3)"
[ "$(find "$T/first/d" -name '*.html' | wc -l)" = "$(sqlite3 "$T/first.db" 'SELECT count(*) FROM dossiers')" ] ||
	fail "first run: not one page per dossier"

pub "$T/a.sqlite" > /dev/null || fail "first run"
check_site 0
t0=$(date +%s%N)
pub "$T/b.sqlite" > /dev/null || fail "timing run"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
i=1
while [ $i -le 12 ]; do
	db=$T/a.sqlite
	[ $((i % 2)) = 1 ] && db=$T/b.sqlite
	delay=$(awk -v s="$$$i" -v ms="$ms" 'BEGIN { srand(s); printf "%.3f", (20 + rand() * ms) / 1000 }')
	run_pub "$db" > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	check_site "$i (after ${delay}s of a ${ms} ms run)"
	i=$((i + 1))
done
pub "$T/a.sqlite" > "$T/out" || fail "final run"
check_site final
[ -z "$(find "$T/site" "$T/rcpt" -name '.*')" ] || fail "temporary files left after a complete run"
grep -q 'Đăng ký khai sinh (sửa đổi)\|(sửa đổi)' -r "$T/site/thu-tuc" && fail "final run left B's names"
echo "ok: 12 kills, SITE whole each time; final run complete"
