#!/bin/sh
# Each program links only the libraries it calls: the kiosk daemon (a
# public hall machine) carries no QR or PNG code, trackdb no HTTP server,
# the publisher no HTTP server either.
set -eu
BUILD=${BUILD:-build}
command -v readelf >/dev/null 2>&1 || { echo "SKIP: readelf not installed" >&2; exit 77; }
needed() { readelf -d "$BUILD/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
for p in publisher kioskd trackdb; do
	[ -x "$BUILD/$p" ] || { echo "SKIP: $BUILD/$p not built" >&2; exit 77; }
done
fail() { echo "FAIL: $*" >&2; exit 1; }
needed kioskd | grep -q '^libmicrohttpd' || fail "kioskd does not link libmicrohttpd?"
needed publisher | grep -q '^libqrencode' || fail "the publisher does not link libqrencode?"
if needed kioskd | grep -E '^lib(qrencode|png)'; then fail "kioskd links the QR/PNG libraries"; fi
if needed trackdb | grep -E '^lib(qrencode|png|microhttpd)'; then fail "trackdb links libraries it does not call"; fi
if needed publisher | grep -E '^libmicrohttpd'; then fail "the publisher links libmicrohttpd"; fi
# JSON is read by trackdb sync alone.
needed trackdb | grep -q '^libjansson' || fail "trackdb does not link libjansson?"
if needed publisher | grep -E '^libjansson' || needed kioskd | grep -E '^libjansson'; then
	fail "the publisher or kioskd links libjansson"
fi
echo "ok: kioskd: $(needed kioskd | tr '\n' ' '); trackdb: $(needed trackdb | tr '\n' ' ')"
