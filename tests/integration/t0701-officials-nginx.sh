#!/bin/sh
# deploy/nginx-officials.conf, as shipped (but for its listen address, root,
# log and password file): a request from outside the allow list is refused
# (403) even with the right password; one from inside without credentials,
# or with a wrong password, is refused (401); one with both is served; the
# publisher's temporary files are not.  Loopback addresses only: the
# server listens on 127.0.0.1, the outsider speaks from 127.0.0.2.
. "$(dirname "$0")/publisher-lib.sh"
need nginx curl openssl
NOW="2025-11-20 10:00"
demo_db 200 "$T/db"
"$P" --db "$T/db" --out "$T/site" --officials "$T/off" --now "$NOW" --quiet || fail "publisher"
# The web server's group reads the folder (here nginx's workers run as
# nobody:nogroup): what the README asks of an installer.
grp=$(id -gn nobody 2>/dev/null || echo nogroup)
chgrp -R "$grp" "$T/off"
port=$(free_port)
mkdir -p "$T/ngx"
printf 'chef:%s\n' "$(openssl passwd -apr1 'mật-khẩu-1')" >"$T/ngx/htpasswd"
chmod 644 "$T/ngx/htpasswd"
{
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
	sed -e "s|^\(\s*\)listen .*;|\1listen 127.0.0.1:$port;|" \
		-e "s|^\(\s*\)root .*;|\1root $T/off;|" \
		-e "s|^\(\s*\)access_log .*;|\1access_log $T/ngx/access.log;|" \
		-e "s|^\(\s*\)auth_basic_user_file .*;|\1auth_basic_user_file $T/ngx/htpasswd;|" \
		"$ROOT/deploy/nginx-officials.conf"
	echo "}"
} >"$T/ngx/nginx.conf"
grep -q "allow 127.0.0.1;" "$T/ngx/nginx.conf" && grep -q "deny all;" "$T/ngx/nginx.conf" &&
	grep -q "satisfy all;" "$T/ngx/nginx.conf" || fail "the shipped file lost its allow list"
nginx -t -c "$T/ngx/nginx.conf" 2>"$T/ngx/t.err" || { cat "$T/ngx/t.err" >&2; fail "nginx -t"; }
nginx -c "$T/ngx/nginx.conf" -g 'daemon off;' 2>"$T/ngx/stderr" &
NGX_PID=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
	i=$((i + 1))
	[ $i -lt 100 ] || { cat "$T/ngx/stderr" >&2; fail "nginx did not start"; }
	sleep 0.1
done
ag=$(ls "$T/off" | grep -v index.html | head -1)
url=http://127.0.0.1:$port/$ag/canh-bao.html
code() { curl -s -o "$T/body" -w '%{http_code}' --max-time 5 "$@"; }
c=$(code --interface 127.0.0.2 -u 'chef:mật-khẩu-1' "$url")
[ "$c" = 403 ] || fail "from outside the allow list, with the password: $c (want 403)"
c=$(code --interface 127.0.0.2 "$url")
[ "$c" = 403 ] || fail "from outside the allow list: $c (want 403)"
c=$(code --interface 127.0.0.1 "$url")
[ "$c" = 401 ] || fail "without credentials: $c (want 401)"
c=$(code --interface 127.0.0.1 -u 'chef:sai' "$url")
[ "$c" = 401 ] || fail "with a wrong password: $c (want 401)"
c=$(code --interface 127.0.0.1 -u 'chef:mật-khẩu-1' "$url")
[ "$c" = 200 ] || fail "with both: $c (want 200)"
grep -q "Cảnh báo sớm" "$T/body" || fail "not the early-warning page"
h=$(curl -s -D - -o /dev/null -u 'chef:mật-khẩu-1' "$url")
echo "$h" | grep -qi '^cache-control: private, no-store' || fail "no Cache-Control: private"
echo "$h" | grep -qi '^x-robots-tag: noindex' || fail "no X-Robots-Tag"
c=$(code -u 'chef:mật-khẩu-1' "http://127.0.0.1:$port/$ag/canh-bao.xlsx")
[ "$c" = 200 ] || fail "xlsx: $c"
c=$(code -u 'chef:mật-khẩu-1' "http://127.0.0.1:$port/")
[ "$c" = 200 ] && grep -q "$ag" "$T/body" || fail "index: $c"
# A temporary file being written is never served.
echo x >"$T/off/$ag/canh-bao.xlsx.tmp123"
echo x >"$T/off/$ag/.canh-bao.html.AbC123"
chgrp "$grp" "$T/off/$ag/canh-bao.xlsx.tmp123" "$T/off/$ag/.canh-bao.html.AbC123"
chmod 640 "$T/off/$ag/canh-bao.xlsx.tmp123" "$T/off/$ag/.canh-bao.html.AbC123"
for f in canh-bao.xlsx.tmp123 .canh-bao.html.AbC123; do
	c=$(code -u 'chef:mật-khẩu-1' "http://127.0.0.1:$port/$ag/$f")
	[ "$c" = 404 ] || fail "$f: $c (want 404)"
done
echo "ok: t0701 officials nginx (403 outside, 401 without or wrong credentials, 200 with both)"
