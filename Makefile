# theorylab: a thin front door over CMake. `make run` and `make test` are all the set-up
# a fresh machine needs: both install missing Debian packages first.
BUILD   ?= build
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
PRESET  ?= default
PYTHON  ?= /usr/bin/python3
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test bench bench-peers tables plots docs clean help

all: build

help:
	@echo "make run          build, then run every experiment at its default preset into results/"
	@echo "make test         build and run every test (ctest; installs a single-node Slurm for tests/slurm)"
	@echo "make bench        build and run the Google Benchmark binaries"
	@echo "make bench-peers  run the NumPy/PyTorch peer scripts of tests/bench/peers"
	@echo "make tables       regenerate every source's table with verdicts into results/tables"
	@echo "make plots        regenerate the plots into results/plots"
	@echo "make docs         regenerate the small PNGs under docs/ shown in the README"
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

clean:
	rm -rf $(BUILD)
