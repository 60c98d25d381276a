# SPDX-License-Identifier: GPL-3.0-or-later
#
# A thin door to meson. Each target installs the Debian packages that are
# missing (build-aux/debian-packages.txt), configures and builds.
#
#   make run     set up, build and start Piecework
#   make check   set up, build and run every test: a normal build with
#                -Werror, then one with AddressSanitizer and UBSan; first
#                installs the tools only tests use (build-aux/install-test-tools)
#   make bench   set up, build optimized and run the benchmarks, labelme
#                installed beside them to compare with

BUILD      ?= build
ASAN_BUILD ?= build-asan
BENCH_BUILD ?= build-bench
MESON      ?= meson

.PHONY: all deps test-tools run check bench clean

all: $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)

deps:
	@build-aux/install-deps

test-tools: deps
	@build-aux/install-test-tools

$(BUILD)/build.ninja: | deps
	$(MESON) setup $(BUILD) -Dwerror=true

$(ASAN_BUILD)/build.ninja: | deps
	$(MESON) setup $(ASAN_BUILD) -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

$(BENCH_BUILD)/build.ninja: | deps
	$(MESON) setup $(BENCH_BUILD) -Dbuildtype=release -Db_ndebug=false

run: deps $(BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)
	$(MESON) devenv -C $(BUILD) ./ui/piecework $(ARGS)

check: deps test-tools $(BUILD)/build.ninja $(ASAN_BUILD)/build.ninja
	$(MESON) compile -C $(BUILD)
	$(MESON) test -C $(BUILD) --print-errorlogs || { build-aux/print-failures $(BUILD); exit 1; }
	$(MESON) compile -C $(ASAN_BUILD)
	$(MESON) test -C $(ASAN_BUILD) --print-errorlogs --timeout-multiplier 3 \
	  || { build-aux/print-failures $(ASAN_BUILD); exit 1; }

bench: deps $(BENCH_BUILD)/build.ninja
	@build-aux/install-deps build-aux/debian-packages-bench.txt
	$(MESON) compile -C $(BENCH_BUILD)
	$(MESON) test -C $(BENCH_BUILD) --benchmark --verbose

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(BENCH_BUILD)
