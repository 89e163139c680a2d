# formfuzz front door. The real build is CMake (CMakePresets.json); this file
# only strings the steps together. `make help` lists the targets.
#   make run    short campaign over every fuzzer (built-in engine), summary + HTML report
#   make test   every test (ctest) in the builtin and replay presets, including
#               the peer tests (every fuzzer under libFuzzer, AFL++, replay, and
#               the ClusterFuzzLite build contract): FORMFUZZ_PEERS=0 skips those
# TIME: seconds for the whole `make run` campaign; OUT: where corpora,
# artifacts, stats and reports go; JOBS: parallel fuzzer processes.
TIME ?= 120
OUT ?= out
JOBS ?= 2
CTEST_JOBS ?= 2
FORMFUZZ = build/release/bin/formfuzz

# (configure-P and build-P are pattern rules: GNU make skips pattern rules for
# .PHONY targets, so they are not listed there.)
.PHONY: help setup build tools test run clean peers

help:
	@echo "make run      short campaign over every fuzzer with the built-in engine (TIME=$(TIME) s, OUT=$(OUT))"
	@echo "make test     build and run every test (builtin and replay presets; FORMFUZZ_PEERS=0 skips the peer-engine tests)"
	@echo "make build    build the fuzzers (builtin preset) and the formfuzz tool"
	@echo "make build-P  build one preset: builtin bugs libfuzzer libfuzzer-bugs afl honggfuzz replay coverage release"
	@echo "              (honggfuzz: needs honggfuzz's hfuzz-clang in HFUZZ_DIR or on PATH; docs/peers.md)"
	@echo "make peers    every fuzzer built and run briefly under libFuzzer, AFL++ and replay (scripts/peers-smoke.sh)"
	@echo "make setup    install the Debian packages formfuzz needs (scripts/setup.sh)"
	@echo "make install-hooks  git pre-commit hook running formfuzz precommit (refuses to replace another hook)"
	@echo "make install  install the tool, engine archives, headers, pkg-config file, man page (PREFIX=$(PREFIX))"
	@echo "make deb      Debian package of the same files: build/builtin/package/formfuzz_<version>_amd64.deb"
	@echo "make deb-check  build the package and check its dependencies and file list (tests/install/deb_check.sh)"
	@echo "make clean    remove build/ (out/ is kept: it holds your corpora)"

setup:
	@bash scripts/setup.sh

configure-%: setup
	@test -f build/$*/build.ninja || cmake --preset $* >/dev/null

build-%: configure-%
	@cmake --build --preset $* 

tools: build-release
build: build-builtin build-release

FORMFUZZ_PEERS ?= 1
test: build-builtin build-replay
	FORMFUZZ_PEERS=$(FORMFUZZ_PEERS) ctest --test-dir build/builtin --output-on-failure --timeout 600 -j $(CTEST_JOBS)
	@# ctest shows no output of a skipped test: say why each was skipped
	@grep -h '^skipped: ' build/builtin/Testing/Temporary/LastTest.log 2>/dev/null || true
	ctest --test-dir build/replay --output-on-failure --timeout 600 -j $(CTEST_JOBS)

run: build
	$(FORMFUZZ) campaign --time $(TIME) --jobs $(JOBS) --out $(OUT)
	$(FORMFUZZ) report --out $(OUT)

peers: setup
	bash scripts/peers-smoke.sh

.PHONY: install-hooks
install-hooks:
	@bash scripts/install-hooks.sh

# Installed like a tool (cmake/install.cmake): from the builtin preset's build.
.PHONY: install deb deb-check
PREFIX ?= /usr/local
install: build-builtin
	cmake --install build/builtin --prefix $(PREFIX)

deb: build-builtin
	cd build/builtin && cpack -G DEB -B package

deb-check: deb
	bash tests/install/deb_check.sh build/builtin/package

clean:
	rm -rf build
