# rasd - GNU make, pkg-config.  `make help` lists the targets.

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
           -Wno-format-nonliteral
PKGS    := icu-uc icu-i18n gsl jansson
VERSION := 0.1.0

# Evaluated when a recipe runs (after `deps`), not when the Makefile is read.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

BUILD   ?= build
SAN     :=
CFLAGS_ALL = -std=c11 -D_GNU_SOURCE -DRASD_VERSION='"$(VERSION)"' $(OPT) $(WARN) $(SAN) \
             -iquote src $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL = $(PKG_LIBS) -lsvm -lpthread -lm $(LDLIBS)

LIB_SRC := $(filter-out src/main.c src/cmd_%.c,$(wildcard src/*.c))
CMD_SRC := src/main.c $(wildcard src/cmd_*.c)
TESTS   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
CMD_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(CMD_SRC))
TEST_BIN := $(patsubst %,$(BUILD)/%,$(TESTS))
RASD    := $(BUILD)/rasd

MODEL   := models/default
CORPUS  := $(wildcard corpus/train/*.tsv)

.PHONY: all deps deps-all help test check-unit check-cli asan valgrind lint bench demo install \
        uninstall clean model eval-real compare fuzz
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory rasd $(MODEL)/rasd-model.txt

help:
	@echo "make            build ./rasd and the default model (models/default)"
	@echo "make test       unit, golden-table and CLI tests (installs deps if missing)"
	@echo "make demo       classify the sample articles and summarise them"
	@echo "make asan       the same tests built with AddressSanitizer + UBSan"
	@echo "make valgrind   the unit tests under valgrind"
	@echo "make lint       cppcheck, clang-tidy, shellcheck"
	@echo "make bench      benchmarks (scripts/bench)"
	@echo "make eval-real  score the default model on ../shared real text, when present"
	@echo "make compare    rasd against fastText and scikit-learn on the same data"
	@echo "make fuzz       libFuzzer targets (FUZZ_SECONDS=60 each)"
	@echo "make install    install rasd and the default model (PREFIX, DESTDIR)"
	@echo "make clean      remove all build output"

# Installs the Debian packages when one is missing (a fresh machine).
deps:
	@scripts/install-deps.sh --check || scripts/install-deps.sh

# The same, with the tools bench, compare, fuzz and lint use.
deps-all:
	@scripts/install-deps.sh --check-all || scripts/install-deps.sh --all

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD):
	@mkdir -p $@

$(BUILD)/librasd.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(RASD): $(CMD_OBJ) $(BUILD)/librasd.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDLIBS_ALL)

rasd: $(RASD)
	@ln -sf $(RASD) rasd

$(BUILD)/test_%: tests/test_%.c tests/harness.h $(BUILD)/librasd.a
	$(CC) $(CFLAGS_ALL) -iquote tests -o $@ $< $(BUILD)/librasd.a $(LDLIBS_ALL)

# the fuzz targets' replay driver includes them
$(BUILD)/test_fuzz_regress: $(wildcard tests/fuzz/*.c tests/fuzz/*.h)

# The shipped model: trained from corpus/train when missing or older than the
# corpus, the lexicon or the code that defines its features and training.
MODEL_SRC := src/text.c src/features.c src/lexicon.c src/numbers.c src/model.c
$(MODEL)/rasd-model.txt: $(CORPUS) models/lexicon.tsv $(MODEL_SRC) | $(RASD)
	$(RASD) train --force -o $(MODEL) $(CORPUS)

model: deps
	@$(MAKE) --no-print-directory $(MODEL)/rasd-model.txt

test: deps
	@$(MAKE) --no-print-directory check-unit check-cli

# Runs every unit-test program and the CLI tests, then prints the total line.
check-unit check-cli: $(RASD) $(TEST_BIN)
	@BUILD=$(BUILD) scripts/run-tests $(TEST_BIN)

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g" \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	  check-unit

valgrind: deps
	@$(MAKE) --no-print-directory BUILD=build-vg OPT="-O1 -g" $(TEST_BIN:$(BUILD)/%=build-vg/%) build-vg/rasd
	@VALGRIND=1 BUILD=build-vg scripts/run-tests $(TEST_BIN:$(BUILD)/%=build-vg/%)

# Shell scripts are found by their #! line (some scripts are Python).
SHELL_SCRIPTS = $(shell grep -l '^\#!.*\(bash\|/sh\)' scripts/* tests/*.sh .ci/run 2>/dev/null)

lint: deps-all
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --inline-suppr --suppress=missingIncludeSystem -I src src tests
	clang-tidy --quiet $(LIB_SRC) $(CMD_SRC) -- -std=c11 -D_GNU_SOURCE -iquote src $(PKG_CFLAGS)
	shellcheck $(SHELL_SCRIPTS)

demo: all
	@scripts/demo

bench: deps-all all
	@scripts/bench

eval-real: all
	@scripts/eval-real

compare: deps-all all
	@scripts/compare

fuzz: deps-all
	@scripts/fuzz $${FUZZ_SECONDS:-60}

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/rasd/models/default
	install -m 755 $(RASD) $(DESTDIR)$(PREFIX)/bin/rasd
	install -m 644 $(MODEL)/* $(DESTDIR)$(PREFIX)/share/rasd/models/default/
	install -m 644 models/lexicon.tsv $(DESTDIR)$(PREFIX)/share/rasd/models/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/rasd
	rm -rf $(DESTDIR)$(PREFIX)/share/rasd

clean:
	rm -rf build build-* rasd $(MODEL) demo-out bench-out scripts/__pycache__
