# upskill: a terminal course runner for social-media training.
#
#   make            build ./upskill (objects under build/)
#   make run        build and open the prompt on the shipped courses
#   make test       build and run every test (unit and end-to-end)
#   make check      the same tests in a sanitizer build (build/asan/)
#   make install    install binary, courses and man page (PREFIX, DESTDIR)
#
# Missing system packages are installed with apt-get the first time any
# target needs them (see build/config.mk below), so a fresh Debian machine
# needs nothing but make.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/upskill
MANDIR ?= $(PREFIX)/share/man/man1

VERSION := 0.1.0
CC ?= cc
CFLAGS ?= -O2 -g
B ?= build

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wpointer-arith -Wvla \
	-Wundef -Wcast-align -Wwrite-strings
ifneq ($(CI),)
WERROR ?= -Werror
endif

# Libraries the program links, and the Debian packages that provide them and
# the test tools.
PKGS := libxml-2.0 readline sqlite3 libsodium
TEST_PKGS := cmocka
DEBS := gcc make pkg-config libxml2-dev libreadline-dev libsqlite3-dev \
	libsodium-dev libcmocka-dev libxml2-utils sqlite3 tmux
TOOLS := cc pkg-config xmllint sqlite3 tmux

SRCS := $(sort $(wildcard engine/*.c))
OBJS := $(SRCS:engine/%.c=$(B)/%.o)
LIB_OBJS := $(filter-out $(B)/main.o,$(OBJS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

ALL_CPPFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
	-DUPSKILL_VERSION='"$(VERSION)"' -DUPSKILL_DATADIR='"$(DATADIR)"' \
	$(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(WARNINGS) $(WERROR) $(CFLAGS) -MMD -MP

.PHONY: all run test unit e2e check install uninstall clean deps
all: upskill

# Everything but clean needs the libraries: build/config.mk checks for them,
# installs what is missing, and records the pkg-config flags. Make rebuilds an
# included makefile before anything else, so this runs first.
ifeq ($(filter clean,$(MAKECMDGOALS)),)
-include build/config.mk
endif

build/config.mk: Makefile
	@mkdir -p build
	@missing=0; \
	for t in $(TOOLS); do command -v $$t >/dev/null 2>&1 || missing=1; done; \
	command -v pkg-config >/dev/null 2>&1 && \
		pkg-config --exists $(PKGS) $(TEST_PKGS) || missing=1; \
	if [ $$missing = 1 ]; then \
		echo "upskill: installing missing packages: $(DEBS)"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get update -qq && \
		$$sudo apt-get install -y -qq --no-install-recommends $(DEBS) >/dev/null || \
		{ echo "upskill: could not install $(DEBS)" >&2; exit 1; }; \
	fi
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; \
	   echo "TEST_CFLAGS := $$(pkg-config --cflags $(TEST_PKGS))"; \
	   echo "TEST_LIBS := $$(pkg-config --libs $(TEST_PKGS))"; } > $@.tmp
	@mv $@.tmp $@

deps: build/config.mk

# The build folder for the sanitizer build is chosen with B=, so `make check`
# reuses every rule below.
upskill: $(B)/upskill
	@if [ "$(B)" = build ]; then cp $(B)/upskill $@; fi

# V=1 shows the whole compiler lines.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(B)/upskill: $(OBJS)
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(B)/%.o: engine/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The course schema is compiled into the program (engine/schema.c includes it
# with .incbin), so validate works on files anywhere.
$(B)/schema.o: courses/upskill-course.xsd

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(TEST_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) \
		$(PKG_LIBS) $(TEST_LIBS)

run: upskill
	./upskill --courses courses

test: upskill $(UNIT_BINS)
	@$(MAKE) --no-print-directory unit e2e

unit: $(UNIT_BINS)
	@failed=0; for t in $(UNIT_BINS); do $$t || failed=1; done; exit $$failed

e2e: $(B)/upskill
	@UPSKILL=$(B)/upskill tests/e2e/run

SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
SANLOG := $(CURDIR)/build/asan/logs
# Reports also go to files, so one from a process whose output a test threw
# away still fails the run.
check:
	@$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" \
		LDFLAGS="$(SAN)" $(addprefix build/asan/tests/,$(notdir $(UNIT_BINS))) \
		build/asan/upskill
	@rm -rf $(SANLOG) && mkdir -p $(SANLOG)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(SANLOG)/asan \
		UBSAN_OPTIONS=print_stacktrace=1:log_path=$(SANLOG)/ubsan \
		$(MAKE) --no-print-directory B=build/asan CFLAGS="-O1 -g $(SAN)" LDFLAGS="$(SAN)" \
		unit e2e; status=$$?; \
	if [ -n "$$(ls -A $(SANLOG))" ]; then \
		echo "sanitizer reports:"; cat $(SANLOG)/*; exit 1; \
	fi; \
	echo "check: no sanitizer reports"; exit $$status

install: upskill
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/courses $(DESTDIR)$(MANDIR)
	install -m 755 upskill $(DESTDIR)$(BINDIR)/upskill
	install -m 644 courses/*.xml courses/*.xsd $(DESTDIR)$(DATADIR)/courses/
	install -m 644 docs/upskill.1 $(DESTDIR)$(MANDIR)/upskill.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/upskill $(DESTDIR)$(MANDIR)/upskill.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build upskill

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)
