// The harness's own cost per point: a sweep of trivial points through the runner
// (enumeration, seeding, thread pool, row collection, reduce); with the HDF5 file
// written from memory; and the durable path a real run takes (every row appended to
// the journal as it finishes, then the result file built from the journal and the
// reduction run over it). Target (issues 2 and 10): under 50 µs per point.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <unistd.h>

#include "theorylab/core/experiment.hpp"
#include "theorylab/core/runner.hpp"
#include "theorylab/io/durable_run.hpp"
#include "theorylab/io/result_file.hpp"

namespace {

class TrivialPoints final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "bench_trivial";
    i.title = "trivial points";
    i.params = {tl::integer("i", 0).at_least(0)};
    i.axes = {"i"};  // its (empty) reduction pools every row
    i.hidden = true;
    return i;
  }
  tl::Row run_point(const tl::Point& p, tl::Rng& rng) const override {
    tl::Row row;
    row.set("u", rng.uniform()).set("i2", p.integer("i") * 2);
    return row;
  }
  void reduce(const tl::RunResults&, tl::Summary&) const override {}
};

void run_sweep(benchmark::State& state, bool write_file) {
  TrivialPoints experiment;
  tl::Sweep sweep(experiment.info().params);
  sweep.assign("i=lin(0," + std::to_string(state.range(0) - 1) + "," + std::to_string(state.range(0)) + ")");
  tl::RunOptions options;
  options.threads = static_cast<int>(state.range(1));
  options.progress = false;
  char path[] = "/tmp/theorylab-bench-XXXXXX";
  const int fd = mkstemp(path);
  close(fd);
  for (auto _ : state) {
    auto outcome = tl::run_experiment(experiment, sweep, options);
    if (write_file) tl::write_result_file(path, tl::Provenance{}, sweep, outcome);
    benchmark::DoNotOptimize(outcome.rows.data());
  }
  std::remove(path);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  // Seconds per point (shown with an SI prefix: "12u" is 12 µs).
  state.counters["time_per_point"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// The path of `theorylab run`: rows to the journal, then journal -> result file.
void BM_DurableRun(benchmark::State& state) {
  TrivialPoints experiment;
  tl::Sweep sweep(experiment.info().params);
  sweep.assign("i=lin(0," + std::to_string(state.range(0) - 1) + "," + std::to_string(state.range(0)) + ")");
  tl::RunOptions options;
  options.threads = static_cast<int>(state.range(1));
  options.progress = false;
  char dir[] = "/tmp/theorylab-bench-XXXXXX";
  if (!mkdtemp(dir)) state.SkipWithError("mkdtemp failed");
  const std::string out = std::string(dir) + "/run.h5";
  const tl::SweepPoints points(sweep, 1, options.seed);
  tl::RunIdentity identity;
  identity.experiment = "bench_trivial";
  identity.sweep = tl::canonical_sweep(sweep, 1);
  identity.rows = points.size();
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    const tl::RunFiles files(out);
    tl::DurableRun durable(files, identity, false, true);
    tl::run_points(experiment, points, options, durable.sink());
    durable.sync();
    const tl::JournalReader journal(files.journal);
    const tl::JournalRowStore rows({&journal}, points, nullptr);
    tl::Provenance provenance;
    auto built = tl::build_result_file(files.partial, experiment, sweep, rows, options, provenance, start);
    benchmark::DoNotOptimize(built.failed_points);
    std::rename(files.partial.c_str(), out.c_str());
    durable.remove_journal();
  }
  std::remove(out.c_str());
  rmdir(dir);
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["time_per_point"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_RunnerOverhead(benchmark::State& state) { run_sweep(state, false); }
void BM_RunnerOverheadWithFile(benchmark::State& state) { run_sweep(state, true); }

}  // namespace

// Args: points, threads.
BENCHMARK(BM_RunnerOverhead)->Args({1000, 1})->Args({1000, 2})->Args({10000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DurableRun)->Args({1000, 2})->Args({10000, 2})->Args({100000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RunnerOverheadWithFile)->Args({1000, 2})->Args({10000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();


// ---- the grouped reduction (core/grouping.hpp) -----------------------------------------
// A key that is not an axis, swept over G values: G groups, each a reduction with a
// table, two scalars and a claim (a family of G). Time per group should stay flat as G
// grows (the reduction is linear in the rows), and memory holds one group's summary plus
// the joined output.
class GroupedPoints final : public tl::Experiment {
 public:
  tl::ExperimentInfo info() const override {
    tl::ExperimentInfo i;
    i.name = "bench_grouped";
    i.title = "one reduction per value of an undeclared key";
    i.params = {tl::real("tau", 1).greater_than(0)};
    i.claims = {tl::ClaimSpec{"u_mean", "u is uniform on [0, 1): mean 1/2", "bench"}.needs_ci_half_width(1)};
    i.hidden = true;
    return i;
  }
  tl::Row run_point(const tl::Point& p, tl::Rng& rng) const override {
    tl::Row row;
    row.set("u", rng.uniform()).set("tau2", p.real("tau") * 2);
    return row;
  }
  void reduce(const tl::RunResults& results, tl::Summary& summary) const override {
    const double u = results.row(0).real("u");
    summary.table("values", "u per group").column("u", std::vector<double>{u});
    summary.scalar("u", u);
    summary.scalar("tau2", results.row(0).real("tau2"));
    summary.claim("u_mean").with_samples(1).expect_inside(u - 0.98, u + 0.98, 0.5, u);
  }
};

void BM_GroupedReduction(benchmark::State& state) {
  GroupedPoints experiment;
  tl::Sweep sweep(experiment.info().params);
  sweep.assign("tau=lin(1,2," + std::to_string(state.range(0)) + ")");
  tl::RunOptions options;
  options.progress = false;
  const auto outcome = tl::run_experiment(experiment, sweep, options);  // the rows, once
  const tl::MemoryRowStore store(outcome.rows, sweep);
  const tl::RunResults results(store, sweep, options.seed, 1, "");
  for (auto _ : state) {
    tl::Summary summary;
    const std::string error = tl::reduce_results(experiment, results, summary);
    if (!error.empty()) state.SkipWithError(error.c_str());
    benchmark::DoNotOptimize(summary.claims().data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["time_per_group"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_GroupedReduction)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
