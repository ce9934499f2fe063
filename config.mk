# Build configuration (suckless style): edit here or override on the command line.

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
BUILD     ?= build
PKG_CONFIG ?= pkg-config
CC        ?= cc

PKGS      := libmicrohttpd sqlite3 libqrencode libpng libsodium
# What each program links: only the libraries it calls.
PUB_PKGS     := sqlite3 libqrencode libpng libsodium
# The officials' early-warning lists and the statistics tables as xlsx
# (libxlsxwriter).
PUB_PKGS     += xlsxwriter
# kioskd alone tells systemd it is ready and alive (sd_notify: libsystemd).
KIOSK_PKGS   := libmicrohttpd sqlite3 libsodium libsystemd
# kioskd allocates with jemalloc: its page cache churns pages of a few KB
# among short-lived buffers, which fragmented glibc's heap to 2.5 times
# the cache's bound (jemalloc's size classes keep it within a few MB).
# Not under the sanitizers, which bring their own allocator.
ifeq ($(SANITIZE),)
KIOSK_PKGS   += jemalloc
endif
# trackdb sync reads the national portal's JSON payloads (jansson).
TRACKDB_PKGS := sqlite3 jansson
TEST_PKGS := cmocka

# core/'s three layers; a header is included by its name alone.
CORE_INC  := -Icore/domain -Icore/storage -Icore/presentation -Icore

# The user's CFLAGS/LDFLAGS come last so they can override optimisation,
# but the warnings and the standard are the project's.
CFLAGS    ?= -O2 -g
PROJ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -Wall -Wextra -Wstrict-prototypes -Wshadow -Wformat=2 -Wno-format-nonliteral \
  $(CORE_INC) -I$(BUILD)/gen \
  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

ifneq ($(SANITIZE),)
PROJ_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
PROJ_LDFLAGS += -fsanitize=$(SANITIZE)
endif

ALL_CFLAGS  = $(PROJ_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(PROJ_LDFLAGS) $(LDFLAGS)
LIBS      = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lpthread -lm
PUB_LIBS     = $(shell $(PKG_CONFIG) --libs $(PUB_PKGS) 2>/dev/null) -lpthread -lm
KIOSK_LIBS   = $(shell $(PKG_CONFIG) --libs $(KIOSK_PKGS) 2>/dev/null) -lpthread -lm
TRACKDB_LIBS = $(shell $(PKG_CONFIG) --libs $(TRACKDB_PKGS) 2>/dev/null) -lm
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)
