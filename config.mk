# Build configuration (suckless style): edit here or override on the command line.

PREFIX    ?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
BUILD     ?= build
PKG_CONFIG ?= pkg-config
CC        ?= cc

PKGS      := libmicrohttpd sqlite3 libqrencode libpng libsodium
TEST_PKGS := cmocka
# kioskd alone tells systemd it is ready and alive (sd_notify).
KIOSK_PKGS := libsystemd

# The user's CFLAGS/LDFLAGS come last so they can override optimisation,
# but the warnings and the standard are the project's.
CFLAGS    ?= -O2 -g
PROJ_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
  -Wall -Wextra -Wstrict-prototypes -Wshadow -Wformat=2 -Wno-format-nonliteral \
  -Icore -I$(BUILD)/gen \
  $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)

ifneq ($(SANITIZE),)
PROJ_CFLAGS += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
PROJ_LDFLAGS += -fsanitize=$(SANITIZE)
endif

ALL_CFLAGS  = $(PROJ_CFLAGS) $(CPPFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(PROJ_LDFLAGS) $(LDFLAGS)
LIBS      = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lpthread -lm
KIOSK_LIBS = $(shell $(PKG_CONFIG) --libs $(KIOSK_PKGS) 2>/dev/null)
TEST_LIBS = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)
