# theorylab: a thin front door over CMake. `make run` and `make test` are all the set-up
# a fresh machine needs: both install missing Debian packages first.
BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
PRESET  ?= default
PYTHON  ?= /usr/bin/python3
CMAKE_FLAGS ?=

SANITIZE_BUILD ?= build-sanitize
FUZZ_BUILD     ?= build-fuzz
FUZZ_SECONDS   ?= 60
# Whole suite under AddressSanitizer and UndefinedBehaviorSanitizer; any report fails.
SANITIZE_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g1
FUZZ_FLAGS     := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -g1

.PHONY: all deps configure build run test test-sanitize fuzz bench bench-peers tables plots docs verify-reference clean help

all: build

help:
	@echo "make run          build, then run every experiment at its default preset into results/"
	@echo "make test         build and run every test (ctest; installs a single-node Slurm for tests/slurm)"
	@echo "make test-sanitize  the tests built with ASan + UBSan in $(SANITIZE_BUILD)/, failing on any report"
	@echo "make fuzz         libFuzzer harnesses (clang) in $(FUZZ_BUILD)/, FUZZ_SECONDS each (default 60)"
	@echo "make bench        build and run the Google Benchmark binaries"
	@echo "make bench-peers  run the NumPy/PyTorch peer scripts of tests/bench/peers"
	@echo "make tables       regenerate every source's table with verdicts into results/tables"
	@echo "make plots        regenerate the plots into results/plots"
	@echo "make docs         regenerate what the README shows: its figures (docs/figures.tsv), claim tables, captions, report screenshot"
	@echo "make verify-reference  re-run a random sample of the rows under reference/ (<= 5 CPU-minutes) and compare"
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

# The tests also need the single-node Slurm of tests/slurm (Debian's munge and Slurm).
test: build
	@THEORYLAB_SLURM=1 scripts/install-deps.sh
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# -O1 and no -march=native: a sanitizer build is for finding faults, not for speed, and
# -O1 halves its compile time against -O3. No benchmarks (they never run here) and no
# tests/slurm (they only drive an external single-node Slurm through the unchanged
# binaries that tests/e2e already cover). ccache keeps a second run cheap.
# Left out of the run, with the reason: the two tests through mpirun (Open MPI's
# dlopen'ed plugins leak at exit, unloaded by then, so no suppression can name them) and
# the peak-memory test (ASan's quarantine keeps freed memory, which is what it measures).
CCACHE := $(shell command -v ccache 2>/dev/null)
LAUNCHER := $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=$(CCACHE) -DCMAKE_C_COMPILER_LAUNCHER=$(CCACHE))
export CCACHE_BASEDIR := $(CURDIR)
SANITIZE_SKIP_GROUPS ?= slurm
SANITIZE_CTEST_EXCLUDE ?= ^slurm:|^e2e:mpirun|every MPI rank stays busy|^e2e:peak memory grows
test-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -DCMAKE_BUILD_TYPE=Sanitize $(LAUNCHER) $(CMAKE_FLAGS) \
	  -DCMAKE_CXX_FLAGS_SANITIZE="-O1 $(SANITIZE_FLAGS)" -DCMAKE_C_FLAGS_SANITIZE="-O1 -g" \
	  -DCMAKE_EXE_LINKER_FLAGS_SANITIZE="-fsanitize=address,undefined" \
	  -DTHEORYLAB_BENCHMARKS=OFF -DTHEORYLAB_SKIP_TEST_GROUPS="$(SANITIZE_SKIP_GROUPS)"
	cmake --build $(SANITIZE_BUILD) -j $(JOBS)
	cd $(SANITIZE_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS) -E '$(SANITIZE_CTEST_EXCLUDE)'

# Each harness runs FUZZ_SECONDS from its committed seed corpus (copied, so that new
# inputs stay in $(FUZZ_BUILD)), with its dictionary tests/fuzz/NAME.dict if there is
# one, through tests/fuzz/run-fuzzer.sh: any input slower than 10 s, any crash or
# sanitizer report in theorylab's code fails; faults inside libhdf5 are listed. -O1.
fuzz: deps
	@THEORYLAB_FUZZ=1 scripts/install-deps.sh
	CXX=clang++ CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Fuzz $(LAUNCHER) -DTHEORYLAB_FUZZ=ON \
	  -DCMAKE_CXX_FLAGS_FUZZ="-O1 $(FUZZ_FLAGS)" -DCMAKE_C_FLAGS_FUZZ="-O1 -g" \
	  -DCMAKE_EXE_LINKER_FLAGS_FUZZ="-fsanitize=address,undefined" -DTHEORYLAB_BENCHMARKS=OFF
	cmake --build $(FUZZ_BUILD) --target fuzzers -j $(JOBS)
	@for src in tests/fuzz/*.cpp; do h=$$(basename $$src .cpp); \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$h && cp tests/fuzz/corpus/$$h/* $(FUZZ_BUILD)/corpus/$$h/ 2>/dev/null; \
	  dict=""; [ -f tests/fuzz/$$h.dict ] && dict="-dict=tests/fuzz/$$h.dict"; \
	  echo "== $$h ($(FUZZ_SECONDS) s)"; \
	  ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitize/lsan.supp:print_suppressions=0 \
	    tests/fuzz/run-fuzzer.sh $(FUZZ_BUILD)/$$h $(FUZZ_BUILD)/corpus/$$h $(FUZZ_SECONDS) $(FUZZ_BUILD)/findings/$$h $$dict \
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
