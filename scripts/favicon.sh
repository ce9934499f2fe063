#!/bin/sh
# Regenerate assets/favicon.ico from assets/favicon.svg (run after changing
# the SVG; the .ico is committed so that building needs no SVG renderer).
# Browsers and feed readers that ask for /favicon.ico without reading the
# page's <link rel="icon"> get the same emblem: 16, 32 and 48 pixel PNG
# images in one ICO file (the ICO format holds PNG images since Windows
# Vista).  Needs rsvg-convert (Debian: librsvg2-bin) and python3.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in 16 32 48; do
	rsvg-convert -w "$s" -h "$s" -o "$tmp/$s.png" assets/favicon.svg
done
python3 - "$tmp" assets/favicon.ico <<'PY'
import struct, sys
d, out = sys.argv[1], sys.argv[2]
imgs = [(s, open(f"{d}/{s}.png", "rb").read()) for s in (16, 32, 48)]
head = struct.pack("<HHH", 0, 1, len(imgs))
off = 6 + 16 * len(imgs)
dirs, data = b"", b""
for s, png in imgs:
    dirs += struct.pack("<BBBBHHII", s, s, 0, 0, 1, 32, len(png), off + len(data))
    data += png
open(out, "wb").write(head + dirs + data)
PY
echo "assets/favicon.ico: $(wc -c <assets/favicon.ico) bytes"
