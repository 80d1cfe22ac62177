# theorylab: a thin front door over CMake. `make run` and `make test` are all the set-up
# a fresh machine needs: both install missing Debian packages first.
BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
PRESET  ?= default
PYTHON  ?= /usr/bin/python3
CMAKE_FLAGS ?=
PREFIX  ?= /usr/local

SANITIZE_BUILD ?= build-sanitize
FUZZ_SECONDS   ?= 60
# Whole suite under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails.
SANITIZE_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g1

.PHONY: all deps configure build run test install package test-package sanitize-configure test-sanitize fuzz bench bench-peers tables plots docs verify-reference clean help

all: build

help:
	@echo "make run          build, then run every experiment at its default preset into results/"
	@echo "make test         build and run every test (ctest; installs a single-node Slurm for tests/slurm)"
	@echo "make install      install theorylab, tl-*, libtheorylab, headers, CMake package into PREFIX (default /usr/local)"
	@echo "make package      the Debian package $(BUILD)/theorylab_VERSION_ARCH.deb (CPack; man pages by help2man)"
	@echo "make test-package the .deb installed into this machine's /usr (root), used, an example built against it, removed"
	@echo "make test-sanitize  the tests built with ASan + UBSan in $(SANITIZE_BUILD)/, failing on any report"
	@echo "make fuzz         libFuzzer harnesses (clang) in $(SANITIZE_BUILD)/, FUZZ_SECONDS each (default 60)"
	@echo "make bench        build and run the Google Benchmark binaries"
	@echo "make bench-peers  run the NumPy/PyTorch peer scripts of tests/bench/peers"
	@echo "make tables       regenerate every source's table with verdicts into results/tables"
	@echo "make plots        regenerate the plots into results/plots"
	@echo "make docs         regenerate what the README shows: its figures (docs/figures.tsv), claim tables, captions, report screenshot"
	@echo "make verify-reference  re-run a random sample of the rows under reference/ (~5 CPU-minutes, >= 1 row a run) and compare"
	@echo "make clean        remove the build folder"

deps:
	@scripts/install-deps.sh

$(BUILD)/CMakeCache.txt: CMakeLists.txt | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@scripts/run-all.sh $(BUILD)/theorylab $(PRESET)

# Only what is installed is built (not the tests): the programs, the two libraries, the
# man pages when help2man is there.
install: configure
	cmake --build $(BUILD) --target theorylab_installables -j $(JOBS)
	cmake --install $(BUILD) --prefix $(PREFIX)

# The .deb is written into $(BUILD); help2man (for the man pages) is installed first.
package:
	@THEORYLAB_PACKAGE=1 scripts/install-deps.sh
	$(MAKE) configure
	cmake --build $(BUILD) --target theorylab_installables -j $(JOBS)
	cd $(BUILD) && cpack -G DEB
	@ls -l $(BUILD)/theorylab_*.deb

# The .deb of `make package` installed as a user installs it (apt-get install ./...deb, as
# root; dpkg -i if apt cannot), then theorylab --version, man theorylab, and
# examples/score_matching built against /usr with its test and check; then dpkg -r, and
# the machine checked to have the packages it had (tests/install/deb_test.sh). CI runs
# it after `make test`. Refuses where a theorylab is already installed in /usr.
test-package: package
	tests/install/deb_test.sh $(BUILD) $(CCACHE)

# The tests also need the single-node Slurm of tests/slurm (Debian's munge and Slurm).
test: build
	@THEORYLAB_SLURM=1 scripts/install-deps.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# One clang build folder serves both: `make test-sanitize` builds and runs every test in
# it, `make fuzz` links the libFuzzer harnesses against the same objects (they carry
# -fsanitize=fuzzer-no-link), so CI compiles theorylab once under the sanitizers, not
# twice. The tests compile at -O1 (a sanitizer build is for finding faults, and -O1
# compiles fastest); the numeric code of lib/ and experiments/ at -O2
# (SANITIZE_COMPUTE_FLAGS), because the tests run every experiment's quick preset and at
# -O1 under ASan one preset alone took over 15 minutes (jl_attention_scale; 15 CPU-s at
# -O3). Every file gets the same -march=native: Eigen's allocation alignment follows the
# instruction set, and objects of two -march settings free each other's matrices with
# the wrong alignment (ASan reported it as a heap-buffer-overflow in aligned_free). No benchmarks (they never run here) and no tests/slurm (they only drive an
# external single-node Slurm through the unchanged binaries that tests/e2e already
# cover). ccache, if installed, keeps a second run cheap.
# Left out of the run, with the reason: the two tests through mpirun (Open MPI's
# dlopen'ed plugins leak at exit, unloaded by then, so no suppression can name them) and
# the peak-memory test (ASan's quarantine keeps freed memory, which is what it measures)
# the cost-model test (it checks estimates made for the -O3 build against measured CPU
# time; under ASan every preset runs 10-25 times slower) and the float32/float64
# precision test (60 training runs: 15 s at -O3, over 10 minutes under ASan; the same
# training code runs under the sanitizers in the quick presets and the qs e2e tests).
# Also left out: the install tests (install:), which install into a temporary prefix
# and build a project against it; they test packaging, not memory safety, and would
# compile a second project under the sanitizers. No man pages in this build (they would
# run the instrumented binaries at build time).
# And the fault-injection suite (e2e/fault_injection_test.cpp: about 400 runs of a tiny
# sweep, 60 s at -O3; it checks how failed system calls are handled, which the
# issue-24 environment tests also exercise under the sanitizers), and the mpirun test of
# a full disk (Open MPI's leaks, as for the other mpirun tests), and the test of MPI
# variables without mpirun (MPI_Init as a singleton loads the same leaking plugins).
CCACHE := $(shell command -v ccache 2>/dev/null)
LAUNCHER := $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE))
export CCACHE_BASEDIR := $(CURDIR)
SANITIZE_COMPUTE_FLAGS ?= -O2
SANITIZE_SKIP_GROUPS ?= slurm
SANITIZE_CTEST_EXCLUDE ?= ^slurm:|^e2e:mpirun|every MPI rank stays busy|^e2e:peak memory grows|cost model is within 3x|float32 and float64 training agree|^install:|fault injection: every|a full disk on rank 0|MPI variables without mpirun
sanitize-configure: deps
	@THEORYLAB_FUZZ=1 scripts/install-deps.sh
	CXX=clang++ CC=clang cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Sanitize $(LAUNCHER) $(CMAKE_FLAGS) \
	  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 -march=native $(SANITIZE_FLAGS)" -DCMAKE_C_FLAGS_SANITIZE="-O1 -g" \
	  -DCMAKE_EXE_LINKER_FLAGS_SANITIZE="-fsanitize=address,undefined" \
	  -DTHEORYLAB_COMPUTE_FLAGS="$(SANITIZE_COMPUTE_FLAGS)" -DTHEORYLAB_FUZZ=ON \
	  -DTHEORYLAB_BENCHMARKS=OFF -DTHEORYLAB_MANPAGES=OFF -DTHEORYLAB_SKIP_TEST_GROUPS="$(SANITIZE_SKIP_GROUPS)"

test-sanitize: sanitize-configure
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -E '$(SANITIZE_CTEST_EXCLUDE)'

# Each harness runs FUZZ_SECONDS from its committed seed corpus (copied, so that new
# inputs stay in $(SANITIZE_BUILD)), with its dictionary tests/fuzz/NAME.dict if there is
# one, through tests/fuzz/run-fuzzer.sh: any input slower than 10 s, any crash or
# sanitizer report in theorylab's code fails; faults inside libhdf5 are listed.
fuzz: sanitize-configure
	cmake --build $(SANITIZE_BUILD) --target fuzzers -j $(JOBS)
	@for src in tests/fuzz/*.cpp; do h=$$(basename $$src .cpp); \
	  mkdir -p $(SANITIZE_BUILD)/corpus/$$h && cp tests/fuzz/corpus/$$h/* $(SANITIZE_BUILD)/corpus/$$h/ 2>/dev/null; \
	  dict=""; [ -f tests/fuzz/$$h.dict ] && dict="-dict=tests/fuzz/$$h.dict"; \
	  echo "== $$h ($(FUZZ_SECONDS) s)"; \
	  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	    tests/fuzz/run-fuzzer.sh $(SANITIZE_BUILD)/$$h $(SANITIZE_BUILD)/corpus/$$h $(FUZZ_SECONDS) $(SANITIZE_BUILD)/findings/$$h $$dict \
	    || exit 1; done

bench: build
	@for b in $(BUILD)/bench_*; do echo "== $$b"; $$b --benchmark_counters_tabular=true || exit 1; done

bench-peers: deps
	@THEORYLAB_PEERS=1 scripts/install-deps.sh
	@for p in tests/bench/peers/*.py; do echo "== $$p"; $(PYTHON) $$p || exit 1; done

tables: build
	@scripts/make-tables.sh $(BUILD) $(PRESET)

plots: build
	@scripts/make-plots.sh $(BUILD) $(PRESET)

docs: build
	@scripts/make-docs.sh $(BUILD) $(PRESET)

# A random sample of the committed reference rows (reference/*/, shard files), re-run
# with this build: bit-identical on the CPU model they were recorded on, within
# VERIFY_RTOL elsewhere (scripts/verify-reference.sh; reference/README.md).
verify-reference: configure
	cmake --build $(BUILD) --target theorylab -j $(JOBS)
	@scripts/verify-reference.sh $(BUILD)

clean:
	rm -rf $(BUILD)
