#!/bin/sh
# The site served by nginx with the shipped deploy/nginx-site.conf: `nginx -t`
# accepts it; each kind of file has its type (CSV, JSON, xlsx, SVG, icon)
# and its cache lifetime (long for assets, short for statistics, revalidated
# for dossier pages, which also say noindex); pages and data are gzipped
# for a client that asks; /favicon.ico is the emblem's icon; dotfiles (the
# publisher's temporary files) and unknown paths are not served.
. "$(dirname "$0")/publisher-lib.sh"
need nginx curl
demo_db 120 "$T/db"
"$P" --db "$T/db" --out "$T/site" --key-file "$T/k" --now "$NOW" --quiet || fail "publisher"
PORT=$(free_port)
URL=http://127.0.0.1:$PORT
mkdir -p "$T/ngx"
nginx_conf "$T/site" "$PORT" >"$T/ngx/t.conf"
nginx -t -c "$T/ngx/t.conf" 2>"$T/ngx/t.err" || { cat "$T/ngx/t.err" >&2; fail "nginx -t"; }
nginx_start "$T/site" "$PORT"

# get PATH [curl options]: status, then the response headers, lower case.
get() {
	p=$1
	shift
	curl -s -o "$T/body" -D "$T/hdr" "$@" "$URL$p" >/dev/null
	tr -d '\r' <"$T/hdr" | tr 'A-Z' 'a-z' >"$T/h"
}
has() { grep -qi "^$1" "$T/h" || fail "$2: no '$1' in $(cat "$T/h")"; }
status_is() { head -1 "$T/h" | grep -q " $1" || fail "$2: $(head -1 "$T/h")"; }

token=$(find "$T/site/d" -name '*.html' | head -1 | sed "s|$T/site||")
xlsx=$(cd "$T/site" && find . -name '*.xlsx' | head -1 | cut -c2-)
for spec in \
	"/|text/html; charset=utf-8|public, max-age=300" \
	"/site.css|text/css; charset=utf-8|public, max-age=86400" \
	"/assets/emblem.svg|image/svg+xml; charset=utf-8|public, max-age=2592000" \
	"/favicon.ico|image/x-icon|public, max-age=2592000" \
	"/thong-ke/|text/html; charset=utf-8|public, max-age=60" \
	"/en/thong-ke/|text/html; charset=utf-8|public, max-age=60" \
	"/lo-trinh-iso/lo-trinh.csv|text/csv; charset=utf-8|public, max-age=60" \
	"/thong-ke/bao-cao.json|application/json; charset=utf-8|public, max-age=60" \
	"$token|text/html; charset=utf-8|no-cache"; do
	p=${spec%%|*} rest=${spec#*|}
	ct=${rest%%|*} cc=${rest#*|}
	get "$p"
	status_is 200 "GET $p"
	has "content-type: $ct" "GET $p"
	has "cache-control: $cc" "GET $p"
	has "x-content-type-options: nosniff" "GET $p"
done
get "$token"
has "x-robots-tag: noindex" "a dossier page"
if [ -n "$xlsx" ]; then
	get "$xlsx"
	status_is 200 "GET $xlsx"
	has "content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "$xlsx"
fi
get /favicon.ico
cmp -s "$T/body" "$ROOT/assets/favicon.ico" || fail "/favicon.ico is not assets/favicon.ico"

# gzip for a client that asks, plain for one that does not.
for p in / /thong-ke/bao-cao.csv /site.css; do
	get "$p" -H 'Accept-Encoding: gzip'
	has "content-encoding: gzip" "GET $p with gzip"
	has "vary: accept-encoding" "GET $p with gzip"
	get "$p"
	grep -qi '^content-encoding' "$T/h" && fail "GET $p without gzip came compressed"
done

# The publisher's temporary files and other dotfiles are never served.
echo secret >"$T/site/thong-ke/.bao-cao.csv.AbC123"
echo secret >"$T/site/.hidden"
for p in /thong-ke/.bao-cao.csv.AbC123 /.hidden /nope.html; do
	get "$p"
	status_is 404 "GET $p"
done
echo "ok: t0210 nginx-site.conf: types, cache lifetimes, gzip, favicon, dotfiles"
