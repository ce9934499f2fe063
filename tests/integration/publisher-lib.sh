# Shared helpers of the publisher's integration tests (t02NN-*.sh); sourced.
# Sets T (a temp dir removed on exit), P (the publisher), TDB (trackdb).
set -eu
LC_ALL=C.UTF-8
export LC_ALL
BUILD=${BUILD:-build}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
P=$ROOT/$BUILD/publisher
TDB=$ROOT/$BUILD/trackdb
NOW="2025-11-20 10:00"
T=$(mktemp -d)
chmod 755 "$T" # nginx workers may run as another user
NGX_PID=
cleanup() {
	[ -n "$NGX_PID" ] && kill "$NGX_PID" 2>/dev/null && wait "$NGX_PID" 2>/dev/null
	# KEEP_T=1 keeps the files of a failed run for a look.
	if [ -n "${KEEP_T:-}" ]; then echo "kept $T" >&2; else rm -rf "$T"; fi
}
trap cleanup EXIT INT TERM

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
need() { for c in "$@"; do command -v "$c" >/dev/null 2>&1 || skip "$c not installed"; done; }

[ -x "$P" ] || skip "$P not built"

# A demo database of $1 dossiers (trackdb demo), or skip while it is missing.
demo_db() {
	"$TDB" demo "$2" --dossiers "$1" --seed 7 --now "$NOW" >/dev/null 2>&1 ||
		skip "trackdb demo unavailable"
}

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Serve directory $1 on 127.0.0.1:$2 with a private nginx running the
# shipped site configuration (deploy/nginx-site.conf) unchanged but for its
# listen address, root and log; pid and temporary files under $T/ngx.
nginx_conf() {
	cat <<CONF
worker_processes 1;
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
events { worker_connections 64; }
http {
	client_body_temp_path $T/ngx/body;
	proxy_temp_path $T/ngx/proxy;
	fastcgi_temp_path $T/ngx/fastcgi;
	uwsgi_temp_path $T/ngx/uwsgi;
	scgi_temp_path $T/ngx/scgi;
CONF
	sed -e "s|^\(\s*\)listen .*;|\1listen 127.0.0.1:$2;|" -e "s|^\(\s*\)root .*;|\1root $1;|" \
		-e "s|^\(\s*\)access_log .*;|\1access_log off;|" "$ROOT/deploy/nginx-site.conf"
	echo "}"
}
nginx_start() {
	mkdir -p "$T/ngx"
	nginx_conf "$@" >"$T/ngx/nginx.conf"
	grep -q 'location ~ /\\\. { return 404; }' "$T/ngx/nginx.conf" ||
		fail "the shipped site configuration lost its dotfile rule"
	nginx -c "$T/ngx/nginx.conf" -g 'daemon off;' 2>"$T/ngx/stderr" &
	NGX_PID=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$2/"; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$T/ngx/stderr" >&2; fail "nginx did not start"; }
		sleep 0.1
	done
}

# tidy over one file: errors fail the test (warnings are allowed).
tidy_ok() {
	rc=0
	tidy -q -e "$1" >"$T/tidy.out" 2>&1 || rc=$?
	[ "$rc" -lt 2 ] || { cat "$T/tidy.out" >&2; fail "tidy: errors in $1"; }
}
