#include "theorylab/core/runner.hpp"

#include <chrono>
#include <exception>
#include <mutex>
#include <thread>

#include "theorylab/core/error.hpp"
#include "theorylab/core/progress.hpp"

namespace tl {

std::vector<Point> enumerate_points(const Sweep& sweep, int seeds, std::uint64_t run_seed) {
  std::vector<Point> points;
  const std::size_t combos = sweep.size();
  points.reserve(combos * static_cast<std::size_t>(seeds));  // a lower bound with block seeds
  for (std::size_t c = 0; c < combos; ++c) {
    const auto values = sweep.combination(c);
    const int block_seeds = sweep.block_seeds(sweep.block_of(c));
    const int replicates = block_seeds > 0 ? block_seeds : seeds;
    for (int r = 0; r < replicates; ++r) {
      const std::size_t index = points.size();
      points.emplace_back(values, index, r, derive_seed(run_seed, index));
    }
  }
  return points;
}

RunOutcome run_experiment(const Experiment& experiment, const Sweep& sweep, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const ExperimentInfo info = experiment.info();
  std::vector<Point> points = enumerate_points(sweep, options.seeds, options.seed);
  for (const Point& p : points) experiment.validate(p);  // reject bad combinations before any work

  RunOutcome outcome;
  outcome.rows.resize(points.size());
  std::atomic<std::size_t> next{0};
  std::exception_ptr usage_error;
  std::mutex error_mutex;
  Progress progress(info.name, points.size(), options.progress);

  // Completion flags as bytes: vector<bool> packs bits, and neighbours written by two
  // threads would race.
  std::vector<unsigned char> completed(points.size(), 0);
  // Workers take points in index order; each row's randomness comes only from its own
  // seed, so the rows do not depend on which thread ran them or when.
  auto run_worker = [&] {
    for (;;) {
      if (options.interrupted && options.interrupted->load()) return;
      {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (usage_error) return;
      }
      const std::size_t i = next.fetch_add(1);
      if (i >= points.size()) return;
      Rng rng(points[i].seed());
      Row row;
      try {
        row = experiment.run_point(points[i], rng);
      } catch (const UsageError&) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!usage_error) usage_error = std::current_exception();
        return;
      } catch (const std::exception& e) {
        row = Row();
        row.set("error", std::string(e.what()));
      }
      row.set_point(points[i]);
      outcome.rows[i] = std::move(row);
      completed[i] = 1;
      progress.advance();
    }
  };

  const int threads = std::max(1, std::min<int>(options.threads, static_cast<int>(points.size())));
  if (threads == 1) {
    run_worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(run_worker);
    for (auto& t : pool) t.join();
  }
  progress.finish();
  if (usage_error) std::rethrow_exception(usage_error);

  for (std::size_t i = 0; i < points.size(); ++i)
    if (!completed[i]) outcome.interrupted = true;
  if (outcome.interrupted) {
    outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return outcome;
  }
  for (const Row& r : outcome.rows)
    if (r.has("error")) ++outcome.failed_points;

  for (const ClaimSpec& spec : info.claims) outcome.summary.declare(spec);
  RunResults results{outcome.rows, sweep, options.seed, options.seeds, options.preset};
  try {
    experiment.reduce(results, outcome.summary);
  } catch (const UsageError&) {
    throw;
  } catch (const std::exception& e) {
    outcome.reduce_error = e.what();
  }
  outcome.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return outcome;
}

}  // namespace tl
