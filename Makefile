# upskill: a terminal course runner for social-media training.
#
#   make            build ./upskill (objects under build/)
#   make run        build and open the prompt on the shipped courses
#   make test       build and run every test (unit and end-to-end)
#   make check      the same tests in a sanitizer build (build/asan/)
#   make test-pg    the tests again with the record on a private PostgreSQL
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
# every tool the tests call that a minimal Debian (debootstrap minbase) lacks:
# procps for pgrep and ps, locales for the decimal-comma locale a unit test
# builds with localedef, libpq-dev for db-postgres.c, postgresql for the
# private server make test-pg starts, less for the pager. tests/fresh/run
# proves the list on such a machine.
PKGS := libxml-2.0 readline sqlite3 libsodium nettle libcurl libpq
# Of those, the ones not linked but opened when first needed (dynlib.h):
# their headers are compiled against, their libraries loaded at run time,
# by the program and by the unit tests and fuzz targets alike.
OPENED_PKGS := libxml-2.0 libcurl libpq
TEST_PKGS := cmocka
DEBS := gcc libc6-dev make pkg-config libxml2-dev libreadline-dev libsqlite3-dev \
	libsodium-dev nettle-dev libcurl4-openssl-dev libcmocka-dev libxml2-utils sqlite3 tmux python3 procps \
	locales less libpq-dev postgresql
# The C library's maths (fsrs.c), which glibc keeps in libm, dlopen
# (dynlib.c), in libdl before glibc 2.34, and threads (catalog-scan.c).
SYS_LIBS := -lm -ldl -pthread
TOOLS := cc pkg-config xmllint sqlite3 tmux python3 pgrep ps localedef less
FILES := /usr/share/i18n/locales/de_DE /usr/share/i18n/charmaps/UTF-8.gz
# The browser test of report html (tests/e2e/html.sh): Debian's chromium and
# npm, installed the first time a test target runs (not for a plain build),
# and axe-core from the npm registry at the version tests/a11y/package-lock.json
# pins. See build/browser.ok below.
# Each is installed only if its command is missing, under the command's own
# name: a machine whose Node.js is not Debian's (NodeSource's, say, which
# brings its own npm and conflicts with Debian's) then gets only chromium.
BROWSER_TOOLS := chromium npm
AXE := tests/a11y/node_modules/axe-core/axe.min.js
# The xAPI test (tests/e2e/xapi.sh) runs a real learning record store on
# Node.js: Learning Locker's statement service (xapi-statements) in memory
# mode, and its statement validator, from the npm registry at the versions
# tests/lrs/package-lock.json pins; installed like axe-core.
LRS := tests/lrs/node_modules/xapi-statements/dist/server.js

SRCS := $(sort $(wildcard engine/*.c))
OBJS := $(SRCS:engine/%.c=$(B)/%.o)
LIB_OBJS := $(filter-out $(B)/main.o,$(OBJS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

ALL_CPPFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
	-DUPSKILL_VERSION='"$(VERSION)"' -DUPSKILL_DATADIR='"$(DATADIR)"' \
	$(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS = $(WARNINGS) $(WERROR) $(CFLAGS) -pthread -MMD -MP

.PHONY: all run test unit e2e check tsan valgrind bench install uninstall clean deps crash-loop fresh \
	test-pg
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
	for f in $(FILES); do [ -e $$f ] || missing=1; done; \
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
	   echo "PKG_LIBS := $$(pkg-config --libs $(filter-out $(OPENED_PKGS),$(PKGS)))"; \
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
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(SYS_LIBS)

$(B)/%.o: engine/%.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# paths.c has the installed courses folder built in: rebuild it when PREFIX
# or DATADIR change (the stamp is rewritten only when its text would change).
$(B)/datadir.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(DATADIR)' | cmp -s - $@ || echo '$(DATADIR)' > $@
$(B)/paths.o: $(B)/datadir.stamp
.PHONY: FORCE
FORCE:

# The course schema is compiled into the program (engine/schema.c includes it
# with .incbin), so validate works on files anywhere.
$(B)/schema.o: courses/upskill-course.xsd courses/duties/upskill-duties.xsd

$(B)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(TEST_CFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB_OBJS) \
		$(PKG_LIBS) $(SYS_LIBS) $(TEST_LIBS)

run: upskill
	./upskill --courses courses

test: upskill $(UNIT_BINS)
	@$(MAKE) --no-print-directory unit e2e

# The catalogue cache of any session a test opens goes under build/, not ~/.cache.
unit: $(UNIT_BINS)
	@failed=0; for t in $(UNIT_BINS); do XDG_CACHE_HOME=$(CURDIR)/$(B)/tests/cache $$t || failed=1; done; \
	exit $$failed

e2e: $(B)/upskill $(AXE) $(LRS)
	@UPSKILL=$(B)/upskill tests/e2e/run

# The same tests with the record on PostgreSQL: tests/pg/run starts a
# private server of its own and stops it afterwards. The unit tests that
# open a store through tests/unit/testdb.h run there too; test_store and
# test_access read the SQLite file from outside and test_db is the SQLite
# driver's own, so they stay SQLite's. The e2e scripts about the file
# itself are named, with their reasons, in tests/e2e/run.
PG_UNITS := test_cmd test_progress test_reports test_store_duties test_store_refresh test_receipt \
	test_pgsql test_db_engines
test-pg: upskill $(UNIT_BINS) $(AXE) $(LRS)
	@UPSKILL=$(B)/upskill PG_UNITS="$(PG_UNITS:%=$(B)/tests/%)" tests/pg/run

# Installs chromium and npm like build/config.mk when missing; axe-core and
# the LRS are installed again whenever their lock files change.

build/browser.ok:
	@mkdir -p $(@D)
	@missing=; \
	for t in $(BROWSER_TOOLS); do command -v $$t >/dev/null 2>&1 || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
		echo "upskill: installing missing packages:$$missing"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get update -qq && \
		$$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
		{ echo "upskill: could not install$$missing" >&2; exit 1; }; \
	fi
	@touch $@

$(AXE): tests/a11y/package.json tests/a11y/package-lock.json | build/browser.ok
	@echo "  NPM     axe-core (tests/a11y)"
	$(Q)cd tests/a11y && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

$(LRS): tests/lrs/package.json tests/lrs/package-lock.json | build/browser.ok
	@echo "  NPM     xapi-statements (tests/lrs)"
	$(Q)cd tests/lrs && npm ci --no-audit --no-fund --loglevel=error >/dev/null
	@touch $@

# crash.sh CRASH_RUNS times in a row beside two CPU-bound jobs, at every
# kill point (make test takes a sample of them): the proof that it waits
# for what it means to wait for, not for a time.
CRASH_RUNS ?= 20
crash-loop: $(B)/upskill
	@CRASH_POINTS=all UPSKILL=$(B)/upskill tests/e2e/loop crash $(CRASH_RUNS)

# The README's two commands on a fresh minimal Debian 12 root (needs root
# and the package mirror; 15 to 25 minutes). Not part of test or CI.
fresh:
	@tests/fresh/run

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

# The code that runs on two threads, built with ThreadSanitizer, which
# reports a data race whenever the two threads' accesses meet, not only when
# a result comes out wrong: the unit tests of a report's scan in chunks, of
# the snapshot two connections read and of the course folder read beside a
# sign-in; and the end-to-end tests of report learners' rows made on two
# threads (rows) and of commands that read the folder beside their sign-in
# (oneshot). Any report, from any process, fails the run.
TSAN_TESTS := test_store test_db test_catalog_cache
TSAN_E2E := rows oneshot
TSANLOG := $(CURDIR)/build/tsan/logs
tsan:
	@$(MAKE) --no-print-directory B=build/tsan CFLAGS="-O1 -g -fsanitize=thread" \
		LDFLAGS="-fsanitize=thread" $(addprefix build/tsan/tests/,$(TSAN_TESTS)) build/tsan/upskill
	@rm -rf $(TSANLOG) && mkdir -p $(TSANLOG)
	@export TSAN_OPTIONS=log_path=$(TSANLOG)/tsan; status=0; \
	for t in $(TSAN_TESTS); do build/tsan/tests/$$t || status=1; done; \
	E2E_ONLY="$(TSAN_E2E)" UPSKILL=build/tsan/upskill tests/e2e/run || status=1; \
	if [ -n "$$(ls -A $(TSANLOG))" ]; then \
		echo "ThreadSanitizer reports:"; cat $(TSANLOG)/*; exit 1; \
	fi; \
	[ $$status = 0 ] && echo "tsan: no data races"; exit $$status

# The end-to-end tests again with every upskill process under valgrind;
# any report in a log fails the run (the logs of clean runs are empty).
# Under valgrind each process is 20 to 50 times slower, so it runs the
# scripts chosen by line coverage (tests/e2e/coverage --valgrind-times, a
# greedy cover weighted by each script's time under valgrind; measured
# 2026-12-05, docs/reliability.md): VALGRIND_ONLY reaches 97.50% of the lines
# of engine/ that all the scripts it may run reach, in 3,140 of their 4,625
# valgrind seconds. make test runs every script and make check runs every
# one again under ASan and UBSan. Never run here, since they add processes,
# not code paths: concurrency (16 writers at once), credentials (argon2id
# sign-ins timed and guessed), crash (kills in a loop), html (Chromium's
# time) and limits (the same commands at growing sizes).
VGLOG := $(CURDIR)/build/valgrind
VALGRIND_SKIP := concurrency credentials crash html limits
VALGRIND_ONLY := assign attempts cases colour compliance edges edges2 files interop lint \
	moodle-real oneshot pager prompt receipt refresh safe-output template week words xapi
valgrind: upskill $(AXE) $(LRS)
	@rm -rf $(VGLOG) && mkdir -p $(VGLOG)
	@VALGRIND_LOGS=$(VGLOG) UPSKILL_REAL=$(CURDIR)/upskill UPSKILL_VALGRIND=1 \
		E2E_ONLY="$(VALGRIND_ONLY)" \
		UPSKILL=$(CURDIR)/tests/e2e/valgrind-wrapper tests/e2e/run; \
		status=$$?; \
	find $(VGLOG) -type f -empty -delete; \
	if [ -n "$$(ls -A $(VGLOG))" ]; then \
		echo "valgrind reports:"; cat $(VGLOG)/*; exit 1; \
	fi; \
	echo "valgrind: no reports"; exit $$status

# The benchmark: not part of test; prints a table for docs/performance.md.
bench: upskill $(B)/bench/measure $(B)/bench/bench_answer $(B)/bench/gen_events $(B)/bench/gen_org
	@tests/bench/run

$(B)/bench/measure: tests/bench/measure.c
	@mkdir -p $(@D)
	$(Q)$(CC) -O2 -o $@ $<

$(B)/bench/%: tests/bench/%.c $(LIB_OBJS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(LIB_OBJS) $(PKG_LIBS) $(SYS_LIBS)

install: upskill
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/courses $(DESTDIR)$(MANDIR)
	install -m 755 upskill $(DESTDIR)$(BINDIR)/upskill
	install -m 644 courses/*.xml courses/*.xsd $(DESTDIR)$(DATADIR)/courses/
	install -d $(DESTDIR)$(DATADIR)/courses/duties
	install -m 644 courses/duties/*.xml courses/duties/*.xsd $(DESTDIR)$(DATADIR)/courses/duties/
	install -d $(DESTDIR)$(DATADIR)/courses/templates
	for f in courses/templates/*.md; do [ ! -f "$$f" ] || \
		install -m 644 "$$f" $(DESTDIR)$(DATADIR)/courses/templates/ || exit 1; done
	install -m 644 docs/upskill.1 $(DESTDIR)$(MANDIR)/upskill.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/upskill $(DESTDIR)$(MANDIR)/upskill.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build upskill

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

# ----- fuzzing: make fuzz (see docs/fuzzing.md) -----
# A libFuzzer target for the course loader, tests/fuzz/fuzz_course.c, built
# with clang under ASan and UBSan against its own build of the engine objects
# in build/fuzz/. `make fuzz` first replays every input saved in
# tests/fuzz/regressions/, then fuzzes for FUZZ_SECONDS on FUZZ_CORPUS, which
# is kept between runs and topped up each time with the shipped and test
# courses (regular files of at most 1 MB only: some bad ones are huge or
# special). It fails if an input crashes, leaks or hangs, and leaves that
# input in build/fuzz/. FUZZ_FLAGS adds libFuzzer flags (-jobs=4 -workers=4).
# The block only reads variables set above (SRCS, ALL_CPPFLAGS, WARNINGS,
# WERROR, PKG_LIBS, Q) and nothing above depends on it.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS ?=
FUZZ_CC ?= clang
# Debian 12: clang only recommends the runtime -fsanitize=fuzzer links with.
FUZZ_DEBS := clang libclang-rt-14-dev
FUZZ_B := build/fuzz
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = $(WARNINGS) $(WERROR) -O1 -g $(FUZZ_SAN) -MMD -MP
FUZZ_OBJS := $(patsubst engine/%.c,$(FUZZ_B)/%.o,$(filter-out engine/main.c,$(SRCS)))
FUZZ_BIN := $(FUZZ_B)/fuzz_course
# Kept between runs (until make clean, unless set elsewhere).
FUZZ_CORPUS ?= $(FUZZ_B)/corpus
FUZZ_SEED_DIRS := courses tests/courses/good tests/courses/bad
FUZZ_REGRESSIONS := $(sort $(wildcard tests/fuzz/regressions/*))
# Run from build/fuzz, where libFuzzer also writes its crash files and the
# fuzz-N.log files of -jobs; hence the absolute paths.
FUZZ_RUN := cd $(FUZZ_B) && UBSAN_OPTIONS=print_stacktrace=1 ./fuzz_course \
	-rss_limit_mb=2048 -timeout=10 -artifact_prefix=./

.PHONY: fuzz
fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_CORPUS)
	@find $(FUZZ_SEED_DIRS) -maxdepth 1 -type f -name '*.xml' -size -1048577c \
		-exec sh -c 'for f; do cp "$$f" "$$0/seed-$$(printf %s "$$f" | tr / -)"; done' \
		$(FUZZ_CORPUS) {} +
	@if [ -n "$(FUZZ_REGRESSIONS)" ]; then \
		echo "  FUZZ    replaying $(words $(FUZZ_REGRESSIONS)) regression input(s)"; \
		$(FUZZ_RUN) $(addprefix $(CURDIR)/,$(FUZZ_REGRESSIONS)) || exit 1; \
	fi
	@echo "  FUZZ    $(FUZZ_BIN) for $(FUZZ_SECONDS)s"
	$(Q)$(FUZZ_RUN) -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		-dict=$(CURDIR)/tests/fuzz/course.dict $(FUZZ_FLAGS) $(abspath $(FUZZ_CORPUS))

# The same for the compiled catalogue's reader (tests/fuzz/fuzz_cache.c),
# seeded with the caches the unit tests leave in build/tests/cache.
FUZZ_CACHE_BIN := $(FUZZ_B)/fuzz_cache
FUZZ_CACHE_CORPUS ?= $(FUZZ_B)/corpus-cache

.PHONY: fuzz-cache
fuzz-cache: $(FUZZ_CACHE_BIN)
	@mkdir -p $(FUZZ_CACHE_CORPUS)
	@for f in build/tests/cache/upskill/catalogue-*; do \
		[ -f "$$f" ] && cp "$$f" $(FUZZ_CACHE_CORPUS)/seed-$$(basename "$$f"); done; true
	@echo "  FUZZ    $(FUZZ_CACHE_BIN) for $(FUZZ_SECONDS)s"
	$(Q)cd $(FUZZ_B) && UBSAN_OPTIONS=print_stacktrace=1 ./fuzz_cache -rss_limit_mb=2048 \
		-timeout=10 -artifact_prefix=./ -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
		$(FUZZ_FLAGS) $(abspath $(FUZZ_CACHE_CORPUS))

$(FUZZ_CACHE_BIN): tests/fuzz/fuzz_cache.c $(FUZZ_OBJS)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS) $(SYS_LIBS)

$(FUZZ_BIN): tests/fuzz/fuzz_course.c $(FUZZ_OBJS)
	@echo "  LINK    $@"
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -o $@ $< $(FUZZ_OBJS) $(PKG_LIBS) $(SYS_LIBS)

$(FUZZ_B)/%.o: engine/%.c | $(FUZZ_B)/toolchain.ok
	@echo "  CC      $@"
	$(Q)$(FUZZ_CC) $(ALL_CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_B)/schema.o: courses/upskill-course.xsd

# Like build/config.mk: install what is missing the first time, here clang
# and its libFuzzer runtime, proved by linking an empty fuzz target.
$(FUZZ_B)/toolchain.ok:
	@mkdir -p $(@D)
	@probe() { printf '%s\n' '#include <stddef.h>' '#include <stdint.h>' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);' \
		'int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }' | \
		$(FUZZ_CC) $(FUZZ_SAN) -x c -o $(@D)/probe - >/dev/null 2>&1; }; \
	if ! probe; then \
		echo "upskill: installing missing packages: $(FUZZ_DEBS)"; \
		sudo=; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		export DEBIAN_FRONTEND=noninteractive; \
		$$sudo apt-get update -qq && \
		$$sudo apt-get install -y -qq --no-install-recommends $(FUZZ_DEBS) >/dev/null || \
		{ echo "upskill: could not install $(FUZZ_DEBS)" >&2; exit 1; }; \
		probe || { echo "upskill: $(FUZZ_CC) cannot build a libFuzzer target" >&2; exit 1; }; \
	fi
	@rm -f $(@D)/probe
	@touch $@

-include $(FUZZ_OBJS:.o=.d) $(FUZZ_BIN).d $(FUZZ_CACHE_BIN).d
