#!/bin/sh
# Install the Debian packages the project needs, only when something is missing.
#   deps.sh --check-build   exit 0 when everything to build is there
#   deps.sh --check-test    exit 0 when everything to test is there
#   deps.sh --build|--test|--all   install what is missing (apt-get; sudo when not root)
set -eu

# One package a line, so that additions do not collide.  jansson reads the
# national portal's JSON payloads (trackdb sync), libxlsxwriter writes the
# officials' spreadsheets, libsystemd gives kioskd sd_notify, jemalloc
# keeps kioskd's page cache from fragmenting the heap.
BUILD_PKGS="
build-essential
pkg-config
libmicrohttpd-dev
libsqlite3-dev
libqrencode-dev
libpng-dev
libsodium-dev
libcmocka-dev
libjansson-dev
libxlsxwriter-dev
libsystemd-dev
libjemalloc-dev
sqlite3
"
# nginx serves the published site in tests, zbarimg decodes QR codes, tidy
# validates HTML, curl/wrk speak HTTP, chromium+node drive the kiosk page,
# libreoffice+pdftotext check that the CSV opens with Vietnamese intact;
# python3 sends raw malformed HTTP requests; time measures peak memory in bench;
# iproute2 makes the multi-host tests' network namespaces; slowhttptest
# plays the slow-client attacker; strace lists kioskd's system calls and
# systemd-analyze (systemd) checks its unit against them.
TEST_PKGS="
nginx-light
zbar-tools
tidy
curl
wrk
chromium
libreoffice-calc-nogui
poppler-utils
fonts-dejavu-core
procps
psmisc
python3
time
iproute2
slowhttptest
strace
systemd
"
# Node.js may come from another repository (NodeSource ships npm inside its
# nodejs package, and Debian's npm would conflict with it): ask for Debian's
# nodejs and npm only when no npm command exists at all.
if ! command -v npm >/dev/null 2>&1; then TEST_PKGS="$TEST_PKGS nodejs npm"; fi

missing() {
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || printf '%s ' "$p"
	done
}

install() {
	need=$(missing "$@")
	[ -n "$need" ] || return 0
	echo "deps: installing: $need" >&2
	if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $need
}

case "${1:---all}" in
--check-build) [ -z "$(missing $BUILD_PKGS)" ] ;;
--check-test)  [ -z "$(missing $BUILD_PKGS $TEST_PKGS)" ] ;;
--build)       install $BUILD_PKGS ;;
--test|--all)  install $BUILD_PKGS $TEST_PKGS ;;
*) echo "usage: deps.sh [--check-build|--check-test|--build|--test|--all]" >&2; exit 2 ;;
esac
