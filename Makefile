# Procedure-tracking kiosk and transparency service.
# One Makefile: `make`, `make demo`, `make test`, `make sanitize`, `make bench`.
# Project flags are layered over the user's CFLAGS; objects live under build/.

include config.mk

# core/ in three layers, each its own library, so that a program links only
# the layers (and the system libraries) it uses: domain (calendar, timelines,
# statistics, codes, tokens; pure), storage (SQLite, files, CSV, the embedded
# data), presentation (escapers, messages, page frame, charts, the dossier
# renderer); the QR encoder is a library of its own (the publisher's only).
ifneq ($(wildcard core/*.c),)
$(error $(wildcard core/*.c): a core file belongs in core/domain, core/storage or core/presentation)
endif
DOMAIN_SRC  := $(sort $(wildcard core/domain/*.c))
STORAGE_SRC := $(sort $(wildcard core/storage/*.c))
PRESENT_SRC := $(sort $(filter-out core/presentation/qr.c,$(wildcard core/presentation/*.c)))
QR_SRC      := core/presentation/qr.c
CORE_SRC    := $(DOMAIN_SRC) $(STORAGE_SRC) $(PRESENT_SRC) $(QR_SRC)
PUB_SRC     := $(sort $(wildcard publisher/*.c publisher/*/*.c))
KIOSK_SRC   := $(sort $(wildcard kiosk/*.c))
TRACKDB_SRC := $(sort $(wildcard data/trackdb/*.c))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))

B := $(BUILD)
DOMAIN_OBJ  := $(DOMAIN_SRC:%.c=$(B)/obj/%.o)
STORAGE_OBJ := $(STORAGE_SRC:%.c=$(B)/obj/%.o) $(B)/obj/gen/embedded.o
PRESENT_OBJ := $(PRESENT_SRC:%.c=$(B)/obj/%.o)
QR_OBJ      := $(QR_SRC:%.c=$(B)/obj/%.o)
CORE_OBJ    := $(DOMAIN_OBJ) $(STORAGE_OBJ) $(PRESENT_OBJ) $(QR_OBJ)
PUB_OBJ     := $(PUB_SRC:%.c=$(B)/obj/%.o)
KIOSK_OBJ   := $(KIOSK_SRC:%.c=$(B)/obj/%.o)
# Everything of the publisher but its main(), for its unit tests.
PUB_LIB_OBJ := $(filter-out $(B)/obj/publisher/main.o,$(PUB_OBJ))
# Everything of kioskd but its main(), for the kiosk's unit tests.
KIOSK_LIB_OBJ := $(filter-out $(B)/obj/kiosk/main.o,$(KIOSK_OBJ))
TRACKDB_OBJ := $(TRACKDB_SRC:%.c=$(B)/obj/%.o)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

# Files compiled into the binaries, so that `trackdb init/demo` work from
# any directory and an installed tool needs no data directory.
EMBED := data/schema.sql data/snapshot.sql \
  $(sort $(filter-out data/seed/process-%.csv,$(wildcard data/seed/*.csv)))

PROGS := $(B)/publisher $(B)/kioskd $(B)/trackdb

.PHONY: all deps demo test unit integration e2e golden-update sanitize bench lint format \
        install uninstall clean distclean
all: deps-check $(PROGS)

# `make` installs what is missing before it compiles (a newcomer
# runs one command on a fresh machine).  deps-check is cheap when all is there.
.PHONY: deps-check
deps-check:
	@scripts/deps.sh --check-build || scripts/deps.sh --build

deps:
	scripts/deps.sh --all

# The publisher's files include each other's headers by name, across its
# subfolders.
PUB_INC := -Ipublisher $(patsubst %/,-I%,$(sort $(wildcard publisher/*/)))
$(B)/obj/publisher/%.o: EXTRA_INC := $(PUB_INC)

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(EXTRA_INC) -MMD -MP -c -o $@ $<

$(B)/gen/embedded.c: $(EMBED) scripts/embed.sh
	@mkdir -p $(@D)
	scripts/embed.sh $(EMBED) > $@.tmp && mv $@.tmp $@

$(B)/obj/gen/embedded.o: $(B)/gen/embedded.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(B)/libdomain.a: $(DOMAIN_OBJ)
$(B)/libstorage.a: $(STORAGE_OBJ)
$(B)/libpresent.a: $(PRESENT_OBJ)
$(B)/libqr.a: $(QR_OBJ)
# Every layer in one archive, for the unit tests and the bench drivers.
$(B)/libcore.a: $(CORE_OBJ)
$(B)/libkiosk.a: $(KIOSK_LIB_OBJ)
$(B)/libpublisher.a: $(PUB_LIB_OBJ)
$(B)/libdomain.a $(B)/libstorage.a $(B)/libpresent.a $(B)/libqr.a $(B)/libcore.a $(B)/libkiosk.a \
$(B)/libpublisher.a:
	@rm -f $@
	$(AR) rcs $@ $^

# Libraries in dependency order: a layer after those that use it.
PUB_LAYERS     := $(B)/libqr.a $(B)/libpresent.a $(B)/libstorage.a $(B)/libdomain.a
KIOSK_LAYERS   := $(B)/libpresent.a $(B)/libstorage.a $(B)/libdomain.a
TRACKDB_LAYERS := $(B)/libstorage.a $(B)/libdomain.a

$(B)/publisher: $(PUB_OBJ) $(PUB_LAYERS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(PUB_OBJ) $(PUB_LAYERS) $(PUB_LIBS)

$(B)/kioskd: $(B)/obj/kiosk/main.o $(B)/libkiosk.a $(KIOSK_LAYERS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(B)/obj/kiosk/main.o $(B)/libkiosk.a $(KIOSK_LAYERS) $(KIOSK_LIBS)

$(B)/trackdb: $(TRACKDB_OBJ) $(TRACKDB_LAYERS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TRACKDB_OBJ) $(TRACKDB_LAYERS) $(TRACKDB_LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -MMD -MP -o $@ $< $(B)/libcore.a $(ALL_LDFLAGS) $(LIBS) $(TEST_LIBS)

$(B)/tests/test_pub_%: tests/unit/test_pub_%.c $(B)/libpublisher.a $(B)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(PUB_INC) -Itests/unit -MMD -MP -o $@ $< $(B)/libpublisher.a $(B)/libcore.a \
	  $(ALL_LDFLAGS) $(LIBS) $(PUB_LIBS) $(TEST_LIBS)

$(B)/tests/test_kiosk_%: tests/unit/test_kiosk_%.c $(B)/libkiosk.a $(B)/libcore.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Ikiosk -Itests/unit -MMD -MP -o $@ $< $(B)/libkiosk.a $(B)/libcore.a \
	  $(ALL_LDFLAGS) $(LIBS) $(TEST_LIBS)

-include $(shell find $(B)/obj $(B)/tests -name '*.d' 2>/dev/null)

# ---- the two commands ------------------------------------------------------

demo: all
	scripts/demo.sh

test:
	@scripts/deps.sh --check-test || scripts/deps.sh --test
	$(MAKE) all $(UNIT_BIN)
	@BUILD=$(B) tests/run-all.sh $(UNIT_BIN)

unit: $(UNIT_BIN)
	@BUILD=$(B) tests/run-unit.sh $(UNIT_BIN)

integration: $(PROGS)
	@BUILD=$(B) tests/run-integration.sh

e2e: $(PROGS)
	@BUILD=$(B) tests/run-e2e.sh

# Regenerate the publisher's golden output (tests/golden/README): only for an
# intended change of the published bytes, which the commit then names.
golden-update: $(PROGS)
	BUILD=$(B) tests/golden/run.sh --update

# The unit tests and the integration scripts under ASan+UBSan, in their own
# build directory so that ordinary objects are not mixed in.
sanitize:
	@scripts/deps.sh --check-test || scripts/deps.sh --test
	$(MAKE) BUILD=build/sanitize SANITIZE=address,undefined all unit
	$(MAKE) BUILD=build/sanitize SANITIZE=address,undefined integration

bench: all
	BUILD=$(B) bench/run.sh

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 $(CORE_INC) $(PUB_INC) core publisher kiosk data/trackdb
	clang-tidy --quiet --warnings-as-errors='*' $(CORE_SRC) $(PUB_SRC) $(KIOSK_SRC) $(TRACKDB_SRC) -- $(ALL_CFLAGS) $(PUB_INC)
	clang-format --dry-run --Werror $(FORMATTED)

# Every C file of the tree is kept in .clang-format's shape (`make format`
# rewrites them; `make lint` fails on a difference).
FORMATTED := $(sort $(wildcard core/*/*.[ch] publisher/*.[ch] publisher/*/*.[ch] kiosk/*.[ch] \
  data/trackdb/*.[ch] tests/unit/*.[ch] tests/fuzz/*.[ch] tests/fixtures/*/*.[ch]))
FILES ?= $(FORMATTED)

format:
	clang-format -i $(FILES)

install: $(PROGS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tracking/web \
	  $(DESTDIR)$(PREFIX)/share/tracking/assets $(DESTDIR)$(MANPREFIX)/man1
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	install -m 755 kiosk/kiosk-fetch $(DESTDIR)$(PREFIX)/bin/
	cp -R web/. $(DESTDIR)$(PREFIX)/share/tracking/web/
	cp -R assets/. $(DESTDIR)$(PREFIX)/share/tracking/assets/
	install -m 644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/publisher $(DESTDIR)$(PREFIX)/bin/kioskd \
	  $(DESTDIR)$(PREFIX)/bin/trackdb $(DESTDIR)$(PREFIX)/bin/kiosk-fetch
	rm -rf $(DESTDIR)$(PREFIX)/share/tracking
	rm -f $(DESTDIR)$(MANPREFIX)/man1/publisher.1 $(DESTDIR)$(MANPREFIX)/man1/kioskd.1 \
	  $(DESTDIR)$(MANPREFIX)/man1/trackdb.1 $(DESTDIR)$(MANPREFIX)/man1/kiosk-fetch.1

clean:
	rm -rf build

distclean: clean
	rm -rf data/demo.db site receipts kiosk.db data/kiosk-ratings.db*
